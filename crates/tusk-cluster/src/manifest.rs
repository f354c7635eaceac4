//! `tusk-all.json`: the listing of a `tusk dump --all` folder. It names every database of the
//! source cluster but template0, with what became of it (dumped into `databases/<oid>/`, left
//! out by `--exclude-database`, or not connectable) and, for a dumped one, its counts. It is
//! written last, under a temporary name and then renamed: a folder without it is an
//! interrupted or failed dump, never mistaken for a complete one.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::ClusterError;

/// The listing's file name.
pub const ALL_FILE: &str = "tusk-all.json";
/// The globals' folder inside a `--all` folder (tusk-globals' directory form).
pub const GLOBALS_DIR: &str = "globals";
/// The folder of the databases' archives inside a `--all` folder.
pub const DATABASES_DIR: &str = "databases";
/// [`AllManifest::format`].
pub const FORMAT: &str = "tusk-all";
/// [`AllManifest::version`] written by this tusk.
pub const FORMAT_VERSION: u32 = 1;

/// The contents of `tusk-all.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllManifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] when written.
    pub version: u32,
    /// The program that wrote it (`tusk 0.1.0`).
    pub dumped_by: String,
    /// The source server's `server_version`.
    pub server_version: String,
    /// The globals' folder, relative to the `--all` folder.
    pub globals: String,
    /// Every database of the source but template0, in pg_dumpall's order (template1 first,
    /// then by name).
    pub databases: Vec<DatabaseEntry>,
}

/// What became of a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseStatus {
    /// Dumped into its archive.
    Dumped,
    /// Left out by `--exclude-database`.
    Excluded,
    /// Not dumped: it does not allow connections (`datallowconn` false), as pg_dumpall skips
    /// it.
    NotConnectable,
    /// Not dumped: the server marks it invalid (an interrupted `DROP DATABASE`).
    Invalid,
}

impl DatabaseStatus {
    /// Why a database with this status was not dumped (`None` for [`Self::Dumped`]).
    pub fn reason(self) -> Option<&'static str> {
        match self {
            Self::Dumped => None,
            Self::Excluded => Some("left out by --exclude-database"),
            Self::NotConnectable => Some("it did not allow connections when dumped"),
            Self::Invalid => Some("it was invalid (an interrupted DROP DATABASE) when dumped"),
        }
    }
}

/// One database of the listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseEntry {
    /// Its OID in the source cluster.
    pub oid: u32,
    /// Its name.
    pub name: String,
    /// What became of it.
    pub status: DatabaseStatus,
    /// Its archive (a tusk directory archive), relative to the `--all` folder, when dumped.
    pub archive: Option<String>,
    /// `pg_database_size` when dumped (what the `--jobs` budget is shared by), if readable.
    pub size_bytes: Option<u64>,
    /// Tables whose data was dumped.
    pub tables: u64,
    /// Rows dumped.
    pub rows: u64,
    /// Uncompressed data bytes dumped (tables and large objects).
    pub bytes: u64,
    /// Bytes of its data files.
    pub compressed_bytes: u64,
    /// Large objects dumped.
    pub large_objects: u64,
    /// Sessions its dump used (its share of `--jobs`).
    pub jobs: usize,
}

impl AllManifest {
    /// The databases that have an archive.
    pub fn dumped(&self) -> impl Iterator<Item = &DatabaseEntry> {
        self.databases.iter().filter(|d| d.status == DatabaseStatus::Dumped)
    }
}

/// Writes `dir/tusk-all.json` through `dir/tusk-all.json.tmp`; with `sync`, fsyncs the file
/// and the folder.
pub fn write_manifest(dir: &Path, manifest: &AllManifest, sync: bool) -> Result<(), ClusterError> {
    let path = dir.join(ALL_FILE);
    let temp = dir.join(format!("{ALL_FILE}.tmp"));
    let json = serde_json::to_vec_pretty(manifest).map_err(|e| ClusterError::Write {
        path: path.clone(),
        source: std::io::Error::other(e),
    })?;
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(&json)?;
        file.write_all(b"\n")?;
        if sync {
            file.sync_all()?;
        }
        drop(file);
        std::fs::rename(&temp, &path)?;
        if sync {
            std::fs::File::open(dir)?.sync_all()?;
        }
        Ok(())
    })();
    if let Err(source) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(ClusterError::Write { path, source });
    }
    Ok(())
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

/// Reads `dir/tusk-all.json`, checking its form, and that every archive it names is a
/// relative path inside the folder.
pub fn read_manifest(dir: &Path) -> Result<AllManifest, ClusterError> {
    let path: PathBuf = dir.join(ALL_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && dir.is_dir() => {
            return Err(ClusterError::NotAnAllDump { dir: dir.to_owned() });
        }
        Err(source) => return Err(ClusterError::Read { path, source }),
    };
    let header: Header = serde_json::from_slice(&bytes)
        .map_err(|source| ClusterError::Parse { path: path.clone(), source })?;
    let format_error = |reason: String| ClusterError::Format { path: path.clone(), reason };
    if header.format.as_deref() != Some(FORMAT) {
        return Err(format_error(format!("its \"format\" is not \"{FORMAT}\"")));
    }
    match header.version {
        Some(FORMAT_VERSION) => {}
        Some(v) => {
            return Err(format_error(format!(
                "version {v} (this tusk reads version {FORMAT_VERSION})"
            )));
        }
        None => return Err(format_error("it has no \"version\"".to_owned())),
    }
    let manifest: AllManifest = serde_json::from_slice(&bytes)
        .map_err(|source| ClusterError::Parse { path: path.clone(), source })?;
    let inside = |p: &str| {
        let p = Path::new(p);
        p.is_relative() && p.components().all(|c| matches!(c, std::path::Component::Normal(_)))
    };
    if !inside(&manifest.globals) {
        return Err(format_error(format!(
            "the globals folder \"{}\" is not inside the folder",
            manifest.globals
        )));
    }
    for d in &manifest.databases {
        match (&d.archive, d.status) {
            (Some(a), _) if !inside(a) => {
                return Err(format_error(format!(
                    "the archive \"{a}\" of database \"{}\" is not inside the folder",
                    d.name
                )));
            }
            (None, DatabaseStatus::Dumped) => {
                return Err(format_error(format!(
                    "database \"{}\" is dumped but names no archive",
                    d.name
                )));
            }
            _ => {}
        }
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> AllManifest {
        AllManifest {
            format: FORMAT.to_owned(),
            version: FORMAT_VERSION,
            dumped_by: "tusk 0".to_owned(),
            server_version: "15.1".to_owned(),
            globals: GLOBALS_DIR.to_owned(),
            databases: vec![
                DatabaseEntry {
                    oid: 1,
                    name: "template1".to_owned(),
                    status: DatabaseStatus::Dumped,
                    archive: Some("databases/1".to_owned()),
                    size_bytes: Some(7_000_000),
                    tables: 0,
                    rows: 0,
                    bytes: 0,
                    compressed_bytes: 0,
                    large_objects: 0,
                    jobs: 1,
                },
                DatabaseEntry {
                    oid: 16384,
                    name: "no \"conn\"".to_owned(),
                    status: DatabaseStatus::NotConnectable,
                    archive: None,
                    size_bytes: None,
                    tables: 0,
                    rows: 0,
                    bytes: 0,
                    compressed_bytes: 0,
                    large_objects: 0,
                    jobs: 0,
                },
            ],
        }
    }

    #[test]
    fn round_trips_and_is_written_last_through_a_temporary_name() {
        let dir = tempfile::tempdir().unwrap();
        write_manifest(dir.path(), &manifest(), true).unwrap();
        assert!(!dir.path().join("tusk-all.json.tmp").exists());
        assert_eq!(read_manifest(dir.path()).unwrap(), manifest());
        let text = std::fs::read_to_string(dir.path().join(ALL_FILE)).unwrap();
        assert!(text.contains("\"status\": \"not_connectable\""), "{text}");
        assert_eq!(manifest().dumped().count(), 1);
    }

    #[test]
    fn missing_corrupt_and_foreign_listings_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_manifest(dir.path()).unwrap_err().to_string();
        assert!(err.contains("holds no tusk-all.json"), "{err}");
        let file = dir.path().join(ALL_FILE);
        std::fs::write(&file, "{\"format\": \"tusk-all\", \"version\": 1, \"datab").unwrap();
        let err = read_manifest(dir.path()).unwrap_err();
        assert!(matches!(err, ClusterError::Parse { .. }), "{err:?}");
        std::fs::write(&file, "{\"format\": \"tusk-globals\", \"version\": 1}").unwrap();
        let err = read_manifest(dir.path()).unwrap_err().to_string();
        assert!(err.contains("\"format\" is not \"tusk-all\""), "{err}");
        std::fs::write(&file, "{\"format\": \"tusk-all\", \"version\": 9}").unwrap();
        let err = read_manifest(dir.path()).unwrap_err().to_string();
        assert!(err.contains("version 9"), "{err}");
        let mut m = manifest();
        m.databases[0].archive = Some("../elsewhere".to_owned());
        std::fs::write(&file, serde_json::to_vec(&m).unwrap()).unwrap();
        let err = read_manifest(dir.path()).unwrap_err().to_string();
        assert!(err.contains("not inside the folder"), "{err}");
        m.databases[0].archive = None;
        std::fs::write(&file, serde_json::to_vec(&m).unwrap()).unwrap();
        let err = read_manifest(dir.path()).unwrap_err().to_string();
        assert!(err.contains("names no archive"), "{err}");
    }
}
