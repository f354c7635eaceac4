//! Finding PostgreSQL installations (one `bindir` per major version).
//!
//! Order of precedence for the default installation:
//! 1. `TUSK_PG_BINDIR`, a directory holding `initdb`, `pg_ctl`, `postgres` and the client tools;
//! 2. `pg_config --bindir` (only when `postgres` really is in that directory: Debian's
//!    `/usr/bin/pg_config` belongs to the client package and may point at a directory without
//!    a server);
//! 3. the Debian layout `/usr/lib/postgresql/<major>/bin`, highest major first.
//!
//! Several majors can be used side by side: [`Installation::all`] lists every installation
//! found (also those named in `TUSK_PG_BINDIRS`, a `:`-separated list, and the servers
//! `scripts/pg-install` put in its cache, see [`cache_dir`]), and [`Installation::for_major`]
//! picks one.
//!
//! Client programs: a server installed by `scripts/pg-install` has no client tools, and
//! pg_dump only dumps servers of its own major or older. [`Installation::client_program`]
//! finds the program of the oldest installation (servers and the cache's client-only ones)
//! whose major is at least the server's.

use std::path::{Path, PathBuf};

/// How to install a server, printed whenever none is found.
pub const INSTALL_HINT: &str = "install PostgreSQL (Debian/Ubuntu: `apt-get install postgresql \
     postgresql-contrib`) or point TUSK_PG_BINDIR at a directory holding initdb, pg_ctl and postgres";

/// One PostgreSQL installation: a directory of server and client binaries of one major version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installation {
    bindir: PathBuf,
    major: u32,
    version: String,
}

impl Installation {
    /// Describes the installation whose binaries live in `bindir`, asking `postgres --version`.
    pub fn from_bindir(bindir: impl Into<PathBuf>) -> Result<Self, String> {
        let bindir = bindir.into();
        for tool in ["initdb", "pg_ctl", "postgres"] {
            if !bindir.join(tool).is_file() {
                return Err(format!(
                    "no {tool} in {}: not a PostgreSQL server bindir; {INSTALL_HINT}",
                    bindir.display()
                ));
            }
        }
        let out = crate::process::command(bindir.join("postgres"))
            .arg("--version")
            .output()
            .map_err(|e| format!("could not run {}/postgres: {e}", bindir.display()))?;
        let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        let version = text
            .split_whitespace()
            .nth(2)
            .ok_or_else(|| format!("unexpected output of postgres --version: {text:?}"))?
            .to_owned();
        let major = version
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|m| m.parse().ok())
            .ok_or_else(|| format!("unexpected version in postgres --version: {text:?}"))?;
        Ok(Self { bindir, major, version })
    }

    /// The default installation (see the module docs for the search order).
    pub fn find_default() -> Result<Self, String> {
        if let Some(dir) = std::env::var_os("TUSK_PG_BINDIR") {
            return Self::from_bindir(PathBuf::from(dir));
        }
        if let Some(inst) = pg_config_bindir().and_then(|dir| Self::from_bindir(dir).ok()) {
            return Ok(inst);
        }
        Self::all()
            .into_iter()
            .max_by_key(|i| i.major)
            .ok_or_else(|| format!("no PostgreSQL server installation found; {INSTALL_HINT}"))
    }

    /// Every installation found: `TUSK_PG_BINDIR`, `TUSK_PG_BINDIRS` and the Debian layout,
    /// one per major (the first found wins), sorted by major.
    pub fn all() -> Vec<Self> {
        let mut dirs: Vec<PathBuf> = Vec::new();
        if let Some(dir) = std::env::var_os("TUSK_PG_BINDIR") {
            dirs.push(dir.into());
        }
        if let Some(list) = std::env::var_os("TUSK_PG_BINDIRS") {
            dirs.extend(std::env::split_paths(&list));
        }
        if let Ok(rd) = fs_err::read_dir("/usr/lib/postgresql") {
            let mut debian: Vec<PathBuf> = rd.flatten().map(|e| e.path().join("bin")).collect();
            debian.sort();
            dirs.extend(debian);
        }
        dirs.extend(
            cache_subdirs()
                .into_iter()
                .filter(|(name, _)| name.parse::<u32>().is_ok())
                .map(|(_, dir)| dir.join("bin")),
        );
        let mut found: Vec<Self> = Vec::new();
        for dir in dirs {
            if let Ok(inst) = Self::from_bindir(dir)
                && !found.iter().any(|f| f.major == inst.major)
            {
                found.push(inst);
            }
        }
        found.sort_by_key(|i| i.major);
        found
    }

    /// Every client-only installation in the cache (`scripts/pg-install clients`: pg_dump,
    /// pg_restore and psql 18 from PyPI), sorted by major.
    pub fn client_installations() -> Vec<Self> {
        let mut found: Vec<Self> = cache_subdirs()
            .into_iter()
            .filter(|(name, _)| name.starts_with("clients-"))
            .filter_map(|(_, dir)| Self::from_bindir(dir.join("bin")).ok())
            .collect();
        found.sort_by_key(|i| i.major);
        found
    }

    /// The path of client `program` (pg_dump, pg_restore, psql, …) fit for a server of
    /// `server_major`: the program of the oldest installation whose major is at least
    /// `server_major` and that has it (servers first, then the cache's client-only ones).
    pub fn client_program(server_major: u32, program: &str) -> Result<PathBuf, String> {
        // Every psql of a test on a server without client tools comes here: the installations
        // (each asked `postgres --version`) are found once per process.
        static CANDIDATES: std::sync::OnceLock<Vec<Installation>> = std::sync::OnceLock::new();
        let candidates = CANDIDATES.get_or_init(|| {
            let mut all = Self::all();
            all.extend(Self::client_installations());
            all
        });
        candidates
            .iter()
            .filter(|i| i.major >= server_major && i.bin(program).is_file())
            .min_by_key(|i| i.major)
            .map(|i| i.bin(program))
            .ok_or_else(|| {
                format!(
                    "no {program} of PostgreSQL {server_major} or newer found; run \
                     scripts/pg-install (it installs the 18 client tools) or {INSTALL_HINT}"
                )
            })
    }

    /// The installation of one major version, if there is one.
    pub fn for_major(major: u32) -> Result<Self, String> {
        Self::all().into_iter().find(|i| i.major == major).ok_or_else(|| {
            format!(
                "no PostgreSQL {major} installation found (looked at TUSK_PG_BINDIR, \
                 TUSK_PG_BINDIRS, /usr/lib/postgresql/{major}/bin and {}/{major}/bin); run \
                 `scripts/pg-install {major}`",
                cache_dir().display()
            )
        })
    }

    /// The directory holding the binaries.
    pub fn bindir(&self) -> &Path {
        &self.bindir
    }

    /// The major version, e.g. 15.
    pub fn major(&self) -> u32 {
        self.major
    }

    /// The full version, e.g. `15.18`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The path of one of this installation's programs (`pg_dump`, `psql`, …).
    pub fn bin(&self, program: &str) -> PathBuf {
        self.bindir.join(program)
    }
}

fn pg_config_bindir() -> Option<PathBuf> {
    let out = crate::process::command("pg_config").arg("--bindir").output().ok()?;
    if !out.status.success() {
        return None;
    }
    let dir = String::from_utf8(out.stdout).ok()?;
    Some(PathBuf::from(dir.trim()))
}

/// Where `scripts/pg-install` keeps the servers and client tools it installs: `TUSK_PG_CACHE`,
/// else `/var/cache/tusk-pg` for root, else `$XDG_CACHE_HOME/tusk-pg` or `~/.cache/tusk-pg`
/// (the script chooses the same way).
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TUSK_PG_CACHE") {
        return dir.into();
    }
    if crate::process::euid() == 0 {
        return PathBuf::from("/var/cache/tusk-pg");
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME") {
        return PathBuf::from(dir).join("tusk-pg");
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
    home.join(".cache").join("tusk-pg")
}

/// The cache's entries (name, path), sorted by name.
fn cache_subdirs() -> Vec<(String, PathBuf)> {
    let Ok(rd) = fs_err::read_dir(cache_dir()) else { return Vec::new() };
    let mut out: Vec<(String, PathBuf)> =
        rd.flatten().filter_map(|e| Some((e.file_name().into_string().ok()?, e.path()))).collect();
    out.sort();
    out
}
