//! The on-disk form: a directory with `globals.sql` (the script, for psql) and
//! `tusk-globals.json` (the model tusk restores from). Each file is written under a temporary
//! name and renamed when complete, the JSON file last: a directory without
//! `tusk-globals.json` is an interrupted dump.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::GlobalsError;
use crate::model::{FORMAT, FORMAT_VERSION, Globals};

/// The script's file name.
pub const SCRIPT_FILE: &str = "globals.sql";
/// The model's file name.
pub const MODEL_FILE: &str = "tusk-globals.json";

/// Creates `dir` (its parent must exist), or checks that an existing one is an empty
/// directory we can write in. Call it before connecting, so a bad output fails first.
pub fn prepare_dir(dir: &Path) -> Result<(), GlobalsError> {
    tusk_archive::prepare_output_dir(dir).map_err(|e| match e {
        tusk_archive::Error::DirectoryNotEmpty { path } => GlobalsError::DirectoryNotEmpty { path },
        tusk_archive::Error::NotADirectory { path } => GlobalsError::NotADirectory { path },
        tusk_archive::Error::Read { path, source } => GlobalsError::Read { path, source },
        tusk_archive::Error::Write { path, source } => GlobalsError::Write { path, source },
        other => GlobalsError::Write { path: dir.to_owned(), source: std::io::Error::other(other) },
    })
}

/// Writes `bytes` to `dir/name` through `dir/name.tmp` (mode 0600: the files may hold
/// password hashes).
fn write_file(dir: &Path, name: &str, bytes: &[u8], sync: bool) -> Result<(), GlobalsError> {
    let path = dir.join(name);
    let temp = dir.join(format!("{name}.tmp"));
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temp)?;
        file.write_all(bytes)?;
        if sync {
            file.sync_all()?;
        }
        drop(file);
        std::fs::rename(&temp, &path)
    })();
    if let Err(source) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(GlobalsError::Write { path, source });
    }
    Ok(())
}

/// Writes `globals.sql` (rendered with a fresh `\restrict` key) and then `tusk-globals.json`
/// into `dir` (made by [`prepare_dir`]); with `sync`, fsyncs the files and the directory.
pub fn write_dir(dir: &Path, globals: &Globals, sync: bool) -> Result<(), GlobalsError> {
    let script = crate::render::render(globals, &crate::render::restrict_key())?;
    write_file(dir, SCRIPT_FILE, script.as_bytes(), sync)?;
    let json = serde_json::to_vec_pretty(globals).map_err(|e| GlobalsError::Write {
        path: dir.join(MODEL_FILE),
        source: std::io::Error::other(e),
    })?;
    write_file(dir, MODEL_FILE, &json, sync)?;
    if sync {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|source| GlobalsError::Write { path: dir.to_owned(), source })?;
    }
    Ok(())
}

/// Whether `dir` holds a globals dump (a `tusk-globals.json`).
pub fn is_globals_dir(dir: &Path) -> bool {
    dir.join(MODEL_FILE).is_file()
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

/// Reads `dir/tusk-globals.json`.
pub fn read_dir(dir: &Path) -> Result<Globals, GlobalsError> {
    let path: PathBuf = dir.join(MODEL_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && dir.is_dir() => {
            return Err(GlobalsError::Missing { dir: dir.to_owned() });
        }
        Err(source) => return Err(GlobalsError::Read { path, source }),
    };
    let header: Header = serde_json::from_slice(&bytes)
        .map_err(|source| GlobalsError::Parse { path: path.clone(), source })?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(GlobalsError::Format {
            path,
            reason: format!("its \"format\" is not \"{FORMAT}\""),
        });
    }
    match header.version {
        Some(FORMAT_VERSION) => {}
        Some(v) => {
            return Err(GlobalsError::Format {
                path,
                reason: format!("version {v} (this tusk reads version {FORMAT_VERSION})"),
            });
        }
        None => {
            return Err(GlobalsError::Format { path, reason: "it has no \"version\"".to_owned() });
        }
    }
    serde_json::from_slice(&bytes).map_err(|source| GlobalsError::Parse { path, source })
}
