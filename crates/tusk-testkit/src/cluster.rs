//! Throw-away PostgreSQL clusters.
//!
//! A [`Cluster`] is a private `initdb` data directory under `$TMPDIR/tusk-test/`, served by
//! `postgres` on a private unix socket directory and a free port on 127.0.0.1. Locale, encoding
//! and time zone are pinned (`C`, `UTF8`, `UTC`) so results do not depend on the machine.
//! Durability is switched off (`fsync`, `full_page_writes`, `synchronous_commit`): a test
//! cluster never outlives its tests.
//!
//! When the tests run as root, `initdb` and `postgres` (which refuse root) run as an
//! unprivileged OS user, `tusk-pg` unless `TUSK_TEST_OS_USER` names another, created with
//! `useradd` if missing. The cluster's files belong to that user.
//!
//! Clean-up: dropping a [`Cluster`] stops the server and deletes its directory. The shared
//! per-process clusters ([`Cluster::shared`]) live in statics, which are never dropped, so they
//! are stopped by an `atexit` handler, which also runs when tests failed or panicked (the test
//! harness ends with `exit`). A process killed outright cannot clean up; the next test process
//! that starts a cluster finds such leftovers (the owning pid is dead) and removes them.
//!
//! Superuser access: `postgres` over the unix socket needs no password; over TCP every role
//! authenticates with scram-sha-256 (the superuser's password is [`SUPERUSER_PASSWORD`]).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::install::Installation;
use crate::process::{at_exit, command, euid, pid_alive};

/// The name of the cluster's superuser.
pub const SUPERUSER: &str = "postgres";
/// The superuser's password, for connections over TCP.
pub const SUPERUSER_PASSWORD: &str = "tusk-test-superuser";

const DEFAULT_OS_USER: &str = "tusk-pg";
const START_ATTEMPTS: usize = 5;

/// The default `pg_hba.conf`: trust on the unix socket, passwords over TCP.
pub const DEFAULT_HBA: &str = "\
local all all trust
host all all 127.0.0.1/32 scram-sha-256
host all all ::1/128 scram-sha-256
";

/// Settings for a cluster that is not the shared default one.
#[derive(Debug, Default, Clone)]
pub struct ClusterBuilder {
    installation: Option<Installation>,
    settings: Vec<(String, String)>,
    hba: Option<String>,
    files: Vec<(String, Vec<u8>)>,
}

impl ClusterBuilder {
    /// Uses this installation instead of the default one.
    pub fn installation(mut self, installation: Installation) -> Self {
        self.installation = Some(installation);
        self
    }

    /// Adds a `postgresql.conf` setting; `value` is written as is (quote strings yourself).
    pub fn setting(mut self, name: &str, value: &str) -> Self {
        self.settings.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Replaces `pg_hba.conf` with `text`.
    pub fn hba(mut self, text: &str) -> Self {
        self.hba = Some(text.to_owned());
        self
    }

    /// Writes a file into the data directory (mode 0600, owned by the server's user), e.g. a
    /// TLS certificate and key named by `ssl_cert_file`/`ssl_key_file`.
    pub fn file(mut self, name: &str, contents: impl Into<Vec<u8>>) -> Self {
        self.files.push((name.to_owned(), contents.into()));
        self
    }

    /// Creates and starts the cluster. Panics with the server's log when that fails: a test
    /// without its server cannot go on.
    pub fn start(self) -> Cluster {
        Cluster::start(self).unwrap_or_else(|e| panic!("could not start a test cluster: {e}"))
    }
}

/// A running throw-away PostgreSQL server.
#[derive(Debug)]
pub struct Cluster {
    installation: Installation,
    root: PathBuf,
    data_dir: PathBuf,
    socket_dir: PathBuf,
    port: u16,
    os_user: Option<String>,
    stopped: AtomicBool,
    next_db: AtomicU32,
}

/// A database created for one test.
#[derive(Debug)]
pub struct TestDatabase<'a> {
    cluster: &'a Cluster,
    name: String,
}

impl TestDatabase<'_> {
    /// The database name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The cluster holding it.
    pub fn cluster(&self) -> &Cluster {
        self.cluster
    }

    /// A libpq conninfo string reaching it over the unix socket as the superuser.
    pub fn conninfo(&self) -> String {
        self.cluster.conninfo(&self.name)
    }

    /// Runs SQL in it with psql, returning psql's unaligned, tuples-only output; panics on error.
    pub fn psql(&self, sql: &str) -> String {
        self.cluster.psql(&self.name, sql)
    }
}

static SHARED: OnceLock<Mutex<BTreeMap<u32, &'static Cluster>>> = OnceLock::new();
static DEFAULT: OnceLock<&'static Cluster> = OnceLock::new();

extern "C" fn stop_shared_clusters() {
    if let Some(map) = SHARED.get() {
        let clusters: Vec<&'static Cluster> = match map.lock() {
            Ok(m) => m.values().copied().collect(),
            Err(poisoned) => poisoned.into_inner().values().copied().collect(),
        };
        for c in clusters {
            c.shutdown();
        }
    }
}

impl Cluster {
    /// A builder for a cluster with its own settings.
    pub fn builder() -> ClusterBuilder {
        ClusterBuilder::default()
    }

    /// The cluster of this test process on the default installation, started on first use and
    /// shared by all tests of the process. Panics, saying how to install PostgreSQL, when no
    /// installation is found: tests never skip silently.
    pub fn shared() -> &'static Cluster {
        DEFAULT.get_or_init(|| {
            let inst = Installation::find_default().unwrap_or_else(|e| panic!("{e}"));
            Self::shared_for(inst)
        })
    }

    /// The shared cluster of one major version (see [`Installation::for_major`]).
    pub fn shared_major(major: u32) -> &'static Cluster {
        let inst = Installation::for_major(major).unwrap_or_else(|e| panic!("{e}"));
        Self::shared_for(inst)
    }

    fn shared_for(inst: Installation) -> &'static Cluster {
        let map = SHARED.get_or_init(|| {
            at_exit(stop_shared_clusters);
            Mutex::new(BTreeMap::new())
        });
        let mut guard = map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = guard.get(&inst.major()) {
            return c;
        }
        let major = inst.major();
        let cluster: &'static Cluster =
            Box::leak(Box::new(Self::builder().installation(inst).start()));
        guard.insert(major, cluster);
        cluster
    }

    fn start(b: ClusterBuilder) -> Result<Self, String> {
        let installation = match b.installation {
            Some(i) => i,
            None => Installation::find_default()?,
        };
        let base = std::env::temp_dir().join("tusk-test");
        fs_err::create_dir_all(&base).map_err(|e| e.to_string())?;
        reap_stale(&base, &installation);
        let root = tempfile::Builder::new()
            .prefix(&format!("{}-", std::process::id()))
            .tempdir_in(&base)
            .map_err(|e| format!("could not create a directory in {}: {e}", base.display()))?
            .keep();
        let os_user = if euid() == 0 { Some(ensure_os_user()?) } else { None };
        let mut cluster = Cluster {
            data_dir: root.join("data"),
            socket_dir: root.join("sock"),
            root,
            installation,
            port: 0,
            os_user,
            stopped: AtomicBool::new(false),
            next_db: AtomicU32::new(0),
        };
        // From here on, dropping `cluster` removes the directory again.
        cluster.init(&b.settings, b.hba.as_deref(), &b.files)?;
        let mut last_err = String::new();
        for _ in 0..START_ATTEMPTS {
            cluster.port = free_port()?;
            match cluster.pg_ctl_start() {
                Ok(()) => return Ok(cluster),
                Err(e) => last_err = e,
            }
        }
        Err(last_err)
    }

    fn init(
        &self,
        settings: &[(String, String)],
        hba: Option<&str>,
        files: &[(String, Vec<u8>)],
    ) -> Result<(), String> {
        fs_err::create_dir_all(&self.socket_dir).map_err(|e| e.to_string())?;
        let pwfile = self.root.join("pwfile");
        fs_err::write(&pwfile, SUPERUSER_PASSWORD).map_err(|e| e.to_string())?;
        self.give_to_os_user(&self.root)?;
        let out = self
            .server_command("initdb")
            .arg("-D")
            .arg(&self.data_dir)
            .args(["-U", SUPERUSER, "-E", "UTF8", "--locale=C", "--no-sync"])
            .args(["--auth-local=trust", "--auth-host=scram-sha-256"])
            .arg(format!("--pwfile={}", pwfile.display()))
            .output()
            .map_err(|e| format!("could not run initdb: {e}"))?;
        if !out.status.success() {
            return Err(format!("initdb failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        let mut conf = format!(
            "\n# tusk-testkit\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
             fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n\
             timezone = 'UTC'\nlog_timezone = 'UTC'\nlc_messages = 'C'\nmax_connections = 100\n\
             shared_buffers = '64MB'\n",
            self.socket_dir.display()
        );
        for (k, v) in settings {
            conf.push_str(&format!("{k} = {v}\n"));
        }
        append(&self.data_dir.join("postgresql.conf"), &conf)?;
        fs_err::write(self.data_dir.join("pg_hba.conf"), hba.unwrap_or(DEFAULT_HBA))
            .map_err(|e| e.to_string())?;
        for (name, contents) in files {
            let path = self.data_dir.join(name);
            fs_err::write(&path, contents).map_err(|e| e.to_string())?;
            set_mode(&path, 0o600)?;
        }
        self.give_to_os_user(&self.data_dir)
    }

    fn pg_ctl_start(&self) -> Result<(), String> {
        let log = self.root.join("server.log");
        let out = self
            .server_command("pg_ctl")
            .arg("-D")
            .arg(&self.data_dir)
            .arg("-l")
            .arg(&log)
            .args(["-w", "-t", "60", "-o"])
            .arg(format!("-p {}", self.port))
            .arg("start")
            .stdout(Stdio::null())
            .output()
            .map_err(|e| format!("could not run pg_ctl: {e}"))?;
        if out.status.success() {
            return Ok(());
        }
        let log_text = fs_err::read_to_string(&log).unwrap_or_default();
        Err(format!(
            "pg_ctl start failed ({}): {}\nserver log:\n{log_text}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }

    /// Stops the server (immediate mode) and deletes the cluster's directory. Idempotent.
    pub fn shutdown(&self) {
        if self.stopped.swap(true, Ordering::SeqCst) {
            return;
        }
        if self.data_dir.join("postmaster.pid").exists() {
            let _ = self
                .server_command("pg_ctl")
                .arg("-D")
                .arg(&self.data_dir)
                .args(["-m", "immediate", "-w", "stop"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = fs_err::remove_dir_all(&self.root);
    }

    /// A command for a server program, run as the unprivileged OS user when we are root.
    fn server_command(&self, program: &str) -> Command {
        let path = self.installation.bin(program);
        match &self.os_user {
            Some(user) => {
                let mut c = command("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => command(path),
        }
    }

    fn give_to_os_user(&self, path: &Path) -> Result<(), String> {
        let Some(user) = &self.os_user else { return Ok(()) };
        let st = command("chown")
            .args(["-R", &format!("{user}:")])
            .arg(path)
            .status()
            .map_err(|e| format!("could not run chown: {e}"))?;
        if st.success() { Ok(()) } else { Err(format!("chown of {} failed", path.display())) }
    }

    /// The installation this cluster runs.
    pub fn installation(&self) -> &Installation {
        &self.installation
    }

    /// The server's major version.
    pub fn major(&self) -> u32 {
        self.installation.major()
    }

    /// The TCP port (on 127.0.0.1); also the number in the unix socket's file name.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The unix socket directory.
    pub fn socket_dir(&self) -> &Path {
        &self.socket_dir
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// A conninfo string reaching `dbname` over the unix socket as the superuser.
    pub fn conninfo(&self, dbname: &str) -> String {
        format!(
            "host={} port={} user={SUPERUSER} dbname={}",
            self.socket_dir.display(),
            self.port,
            conninfo_value(dbname)
        )
    }

    /// A conninfo string reaching `dbname` over TCP as the superuser, password included.
    pub fn tcp_conninfo(&self, dbname: &str) -> String {
        format!(
            "host=127.0.0.1 port={} user={SUPERUSER} password={SUPERUSER_PASSWORD} dbname={}",
            self.port,
            conninfo_value(dbname)
        )
    }

    /// Creates a fresh, empty database (from template0) with a name unique in this cluster.
    pub fn create_database(&self) -> TestDatabase<'_> {
        let n = self.next_db.fetch_add(1, Ordering::SeqCst);
        let name = format!("t{}_{n}", std::process::id());
        self.psql("postgres", &format!("CREATE DATABASE {name} TEMPLATE template0"));
        TestDatabase { cluster: self, name }
    }

    /// The path of a client program fit for this server: the installation's own, else (a
    /// server from `scripts/pg-install` has no client tools) that of the oldest installation
    /// of this major or newer ([`Installation::client_program`]). Panics, saying how to install
    /// one, when there is none.
    pub fn client_program(&self, program: &str) -> PathBuf {
        let own = self.installation.bin(program);
        if own.is_file() {
            return own;
        }
        Installation::client_program(self.major(), program).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A command for a client program (psql, pg_dump, pg_restore, …; see
    /// [`Cluster::client_program`]) with `PGHOST`, `PGPORT` and `PGUSER` pointing at this
    /// cluster and other `PG*` variables removed, so the caller's environment cannot redirect
    /// it.
    pub fn tool(&self, program: &str) -> Command {
        self.tool_at(&self.client_program(program))
    }

    /// Like [`Cluster::tool`], for a given client binary (e.g. pg_restore of another major).
    pub fn tool_at(&self, program: &Path) -> Command {
        let mut c = command(program);
        for (k, _) in std::env::vars_os() {
            if k.to_string_lossy().starts_with("PG") {
                c.env_remove(k);
            }
        }
        c.env("PGHOST", &self.socket_dir)
            .env("PGPORT", self.port.to_string())
            .env("PGUSER", SUPERUSER)
            .env("PGTZ", "UTC")
            .env("PGCONNECT_TIMEOUT", "10");
        c
    }

    /// Runs SQL (one or more statements) in `dbname` with psql; returns its unaligned,
    /// tuples-only output and panics with psql's error output if anything fails.
    pub fn psql(&self, dbname: &str, sql: &str) -> String {
        let out = run_with_stdin(
            self.tool("psql").args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", dbname]),
            sql.as_bytes(),
        );
        if !out.status.success() {
            panic!("psql failed in {dbname}: {}\nSQL: {sql}", String::from_utf8_lossy(&out.stderr));
        }
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs a client program and returns its output; panics if it cannot be started.
    ///
    /// One stock tool's defect is worked around here: pg_restore 17 and 18 begin every
    /// session with `SET transaction_timeout = 0`, which a server before 17 refuses, and the
    /// only pg_restore that reads pg_dump 18's archives is 18's. So on a 16 server
    /// `pg_restore -d DB …` runs as pg_restore writing its script (`-f -`, the same selection)
    /// without that one line, fed to psql with `ON_ERROR_STOP` (`-j` dropped: a script has no
    /// sessions to share out). Any failure still fails.
    pub fn run(&self, program: &str, args: &[&str]) -> Output {
        if program == "pg_restore"
            && self.major() < 17
            && let Some(out) = self.pg_restore_via_script(args)
        {
            return out;
        }
        self.tool(program)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("could not run {program}: {e}"))
    }

    /// See [`Cluster::run`]: `None` when the pg_restore for this server is older than 17 or
    /// `args` restore into no database.
    fn pg_restore_via_script(&self, args: &[&str]) -> Option<Output> {
        let pg_restore = self.client_program("pg_restore");
        let version = command(&pg_restore).arg("--version").output().ok()?;
        let version = String::from_utf8_lossy(&version.stdout).into_owned();
        let major: u32 = version.split_whitespace().nth(2)?.split('.').next()?.parse().ok()?;
        if major < 17 {
            return None;
        }
        let (mut dbname, mut single, mut rest) = (None, false, Vec::new());
        let mut it = args.iter();
        while let Some(&arg) = it.next() {
            match arg {
                "-d" | "--dbname" => dbname = it.next().copied(),
                "-j" | "--jobs" => {
                    it.next();
                }
                "-e" | "--exit-on-error" => {}
                "-1" | "--single-transaction" => single = true,
                _ => rest.push(arg),
            }
        }
        let dbname = dbname?;
        let script = self.tool_at(&pg_restore).args(["-f", "-"]).args(&rest).output().ok()?;
        if !script.status.success() {
            return Some(script);
        }
        let text: String = String::from_utf8_lossy(&script.stdout)
            .lines()
            .filter(|l| l.trim() != "SET transaction_timeout = 0;")
            .map(|l| format!("{l}\n"))
            .collect();
        let mut psql = self.tool("psql");
        psql.args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dbname]);
        if single {
            psql.arg("-1");
        }
        Some(run_with_stdin(&mut psql, text.as_bytes()))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Runs `cmd` with `input` on its standard input.
pub fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("could not start {cmd:?}: {e}"));
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("waiting for {cmd:?}: {e}"));
    let _ = writer.join();
    out
}

/// Quotes a conninfo value when it needs it.
fn conninfo_value(v: &str) -> String {
    if !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        v.to_owned()
    } else {
        format!("'{}'", v.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn append(path: &Path, text: &str) -> Result<(), String> {
    let mut f = fs_err::OpenOptions::new().append(true).open(path).map_err(|e| e.to_string())?;
    f.write_all(text.as_bytes()).map_err(|e| e.to_string())
}

fn set_mode(path: &Path, mode: u32) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt as _;
    fs_err::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|e| e.to_string())
}

/// The OS user that runs the server when we are root, created if missing.
fn ensure_os_user() -> Result<String, String> {
    let user = std::env::var("TUSK_TEST_OS_USER").unwrap_or_else(|_| DEFAULT_OS_USER.to_owned());
    static CHECKED: OnceLock<Result<(), String>> = OnceLock::new();
    CHECKED
        .get_or_init(|| {
            let exists =
                command("id").arg("-u").arg(&user).output().is_ok_and(|o| o.status.success());
            if exists {
                return Ok(());
            }
            let out = command("useradd")
                .args(["--system", "--no-create-home", "--shell", "/usr/sbin/nologin"])
                .arg(&user)
                .output()
                .map_err(|e| format!("could not run useradd: {e}"))?;
            // Another test process may have created it in the meantime.
            let exists =
                command("id").arg("-u").arg(&user).output().is_ok_and(|o| o.status.success());
            if out.status.success() || exists {
                Ok(())
            } else {
                Err(format!(
                    "running as root, and could not create the OS user {user:?} to run \
                     PostgreSQL: {}",
                    String::from_utf8_lossy(&out.stderr)
                ))
            }
        })
        .clone()?;
    Ok(user)
}

/// Removes clusters left behind by test processes that died without cleaning up.
fn reap_stale(base: &Path, inst: &Installation) {
    let Ok(rd) = fs_err::read_dir(base) else { return };
    for entry in rd.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid == std::process::id() || pid_alive(pid) {
            continue;
        }
        let data = entry.path().join("data");
        if data.join("postmaster.pid").exists() {
            let pg_ctl = inst.bin("pg_ctl");
            let mut c = if euid() == 0 {
                let user = std::env::var("TUSK_TEST_OS_USER")
                    .unwrap_or_else(|_| DEFAULT_OS_USER.to_owned());
                let mut c = command("runuser");
                c.args(["-u", &user, "--"]).arg(pg_ctl);
                c
            } else {
                command(pg_ctl)
            };
            let _ = c
                .arg("-D")
                .arg(&data)
                .args(["-m", "immediate", "-w", "stop"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
        let _ = fs_err::remove_dir_all(entry.path());
    }
}
