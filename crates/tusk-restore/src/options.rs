//! What a restore is asked to do ([`RestoreOptions`]) and how it reports progress.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use tusk_archive::listing::Selection;
use tusk_pg::ConnectionSettings;

/// Options of [`restore_archive`](crate::restore_archive), with pg_restore's meaning where
/// pg_restore has the option.
#[derive(Debug, Clone)]
pub struct RestoreOptions {
    /// The target database (`-d`). With [`create`](Self::create) it is only the database to
    /// connect to for `CREATE DATABASE`; the restore then continues in the archive's database.
    pub connection: ConnectionSettings,
    /// The archive directory.
    pub archive: PathBuf,
    /// Sessions that load data and build indexes at once (`-j`).
    pub jobs: usize,
    /// Which entries to restore (`-s`, `-a`, `--section`, `-n`, `-t`, `-L`, `-x`, …). Its
    /// `create` flag is set from [`create`](Self::create).
    pub selection: Selection,
    /// `-c/--clean`: drop the selected objects (or, with `create`, the database) first.
    pub clean: bool,
    /// `--if-exists`: drop with `IF EXISTS`, so that missing objects are not errors.
    pub if_exists: bool,
    /// `-C/--create`: create the database and restore into it.
    pub create: bool,
    /// `-O/--no-owner`: do not set owners.
    pub no_owner: bool,
    /// `--role`: `SET ROLE` to this role on every session.
    pub role: Option<String>,
    /// `--no-tablespaces`: create every object in the default tablespace.
    pub no_tablespaces: bool,
    /// `-e/--exit-on-error`: stop at the first failed statement.
    pub exit_on_error: bool,
    /// `-1/--single-transaction`: everything in one transaction on one session (implies
    /// `exit_on_error`; `jobs` must be 1).
    pub single_transaction: bool,
    /// Run `ANALYZE` on each table once its indexes are built (default on; `--no-analyze`).
    pub analyze: bool,
    /// `maintenance_work_mem` for the sessions that build indexes, as the server reads it
    /// (`"512MB"`); `None` keeps the server's.
    pub maintenance_work_mem: Option<String>,
    /// `max_parallel_maintenance_workers` for those sessions; `None` keeps the server's.
    pub parallel_maintenance_workers: Option<u32>,
    /// A table with at least this much data (uncompressed; estimated for compressed pg_dump
    /// files) and no chunk offsets is loaded by up to `jobs` sessions at once, sharing one
    /// reader of its file. Mostly for tests; the default is [`SHARED_LOAD_MIN`].
    pub shared_load_min: u64,
    /// Refuse to restore object definitions into a database that already holds user objects
    /// unless `clean` is set (default on).
    pub require_empty: bool,
}

impl RestoreOptions {
    /// Options with pg_restore's defaults (one job, everything, owners and privileges kept)
    /// plus tusk's (ANALYZE on, `maintenance_work_mem` 256MB, empty target required).
    pub fn new(connection: ConnectionSettings, archive: impl Into<PathBuf>) -> Self {
        Self {
            connection,
            archive: archive.into(),
            jobs: 1,
            selection: Selection::default(),
            clean: false,
            if_exists: false,
            create: false,
            no_owner: false,
            role: None,
            no_tablespaces: false,
            exit_on_error: false,
            single_transaction: false,
            analyze: true,
            maintenance_work_mem: Some(DEFAULT_MAINTENANCE_WORK_MEM.to_owned()),
            parallel_maintenance_workers: None,
            require_empty: true,
            shared_load_min: SHARED_LOAD_MIN,
        }
    }
}

/// The default of [`RestoreOptions::shared_load_min`]: 64 MiB. One COPY is bound by one
/// server process; a table this big is worth more than one.
pub const SHARED_LOAD_MIN: u64 = 64 << 20;

/// `maintenance_work_mem` of the index-building sessions unless told otherwise: index builds
/// of big tables sort in memory instead of on disk, and `jobs` sessions at most use that much
/// each.
pub const DEFAULT_MAINTENANCE_WORK_MEM: &str = "256MB";

/// A progress report from [`restore_archive`](crate::restore_archive).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProgressEvent {
    /// The restore knows its work (sent once, after the definitions are in).
    Planned {
        /// Tables whose data will be loaded.
        tables: usize,
        /// Their data's uncompressed size where known (tusk archives), else compressed size.
        bytes: u64,
        /// Steps after the data (indexes, constraints, ANALYZE, …).
        steps: usize,
    },
    /// Uncompressed bytes sent to the server (a delta).
    Bytes {
        /// How many bytes.
        bytes: u64,
    },
    /// A table's data is loaded (or failed).
    TableDone {
        /// The TABLE DATA dump id.
        dump_id: i32,
        /// Rows loaded.
        rows: u64,
    },
    /// A statement failed or was skipped (also listed in the summary); sent when it happens.
    Failed {
        /// What failed; [`Failure::avoided_by`](crate::Failure) is set for a skipped one.
        failure: Box<crate::Failure>,
    },
    /// A step other than a data load finished (index, constraint, ANALYZE, …).
    StepDone {
        /// The entry's dump id (`None` for ANALYZE).
        dump_id: Option<i32>,
    },
}

/// A progress callback; called from the engine's tasks, so it must be quick.
#[derive(Clone)]
pub struct Progress(Arc<dyn Fn(&ProgressEvent) + Send + Sync>);

impl Progress {
    /// Wraps a callback.
    pub fn new(callback: impl Fn(&ProgressEvent) + Send + Sync + 'static) -> Self {
        Self(Arc::new(callback))
    }

    pub(crate) fn report(&self, event: &ProgressEvent) {
        (self.0)(event);
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Progress(..)")
    }
}
