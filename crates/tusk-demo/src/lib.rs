//! `tusk demo`: the product's main job on a built-in default, end to end on this machine.
//!
//! [`run`] starts a throw-away local PostgreSQL cluster (`tusk-testkit`: initdb and pg_ctl of
//! the local installation, as an unprivileged user when run as root, removed again at the
//! end), creates a sample database with a representative schema and about `size_mb` MB of
//! deterministic data ([`create_sample`]), dumps it with [`tusk::dump::dump_database`],
//! restores the archive with [`tusk::restore::restore_archive`] into a new database of the
//! same cluster, and checks the copy ([`compare_databases`]): the schema as tusk's catalog
//! reader plans it, and the rows of every table by a server-side checksum. It never runs
//! pg_dump, pg_restore or psql.
#![warn(missing_docs)]

mod compare;
mod error;
mod report;
mod sample;
mod session;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tusk::pg::quote::quote_ident;
use tusk::pg::{ConnInfo, ConnectionSettings};
use tusk_testkit::{Cluster, Installation};

pub use compare::{Comparison, TableCheck, compare_databases};
pub use error::DemoError;
pub use report::DemoReport;
pub use sample::{SampleStats, create_sample, scale};

use crate::session::Sql as _;

/// The sample database's name.
pub const SAMPLE_DATABASE: &str = "tusk_demo";
/// The database the archive is restored into.
pub const RESTORED_DATABASE: &str = "tusk_demo_restored";

/// What [`run`] does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// About this many MB of table data in the sample.
    pub size_mb: u64,
    /// Sessions of the dump and of the restore.
    pub jobs: usize,
    /// The archive directory (created; an existing one must be empty). `None`: a new
    /// directory under the system temp directory.
    pub archive: Option<PathBuf>,
}

impl Default for DemoOptions {
    /// 100 MB, [`default_jobs`], a new archive directory.
    fn default() -> Self {
        Self { size_mb: 100, jobs: default_jobs(), archive: None }
    }
}

/// The number of CPUs, at most 4.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(4)
}

/// The phases [`run`] goes through, reported as they start.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Phase {
    /// Starting the cluster.
    StartCluster,
    /// Cluster up: its version and data directory.
    ClusterReady {
        /// `server_version`.
        version: String,
        /// Its data directory.
        data_dir: PathBuf,
    },
    /// Creating the sample schema and loading a table.
    Generate {
        /// The table being filled.
        table: String,
    },
    /// Dumping into this archive.
    Dump {
        /// The archive directory.
        archive: PathBuf,
    },
    /// Restoring into the restored database.
    Restore,
    /// Comparing the two databases.
    Check,
    /// Stopping and removing the cluster.
    StopCluster,
}

impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::StartCluster => f.write_str("starting a throw-away PostgreSQL cluster"),
            Self::ClusterReady { version, data_dir } => {
                write!(f, "PostgreSQL {version} running in {}", data_dir.display())
            }
            Self::Generate { table } => write!(f, "generating sample data: {table}"),
            Self::Dump { archive } => write!(f, "dumping with tusk into {}", archive.display()),
            Self::Restore => write!(f, "restoring with tusk into database {RESTORED_DATABASE}"),
            Self::Check => f.write_str("comparing the schema and the rows of both databases"),
            Self::StopCluster => f.write_str("stopping and removing the cluster"),
        }
    }
}

/// A callback for [`Phase`] changes.
pub type PhaseHook = Box<dyn Fn(&Phase) + Send + Sync>;

/// Observers of a run: phase changes and the engines' progress. All optional.
#[derive(Default)]
pub struct Hooks {
    /// Called as each phase starts.
    pub phase: Option<PhaseHook>,
    /// The dump's progress.
    pub dump_progress: Option<tusk::dump::Progress>,
    /// The restore's progress.
    pub restore_progress: Option<tusk::restore::Progress>,
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks")
            .field("phase", &self.phase.is_some())
            .field("dump_progress", &self.dump_progress)
            .field("restore_progress", &self.restore_progress)
            .finish()
    }
}

impl Hooks {
    fn phase(&self, phase: &Phase) {
        tracing::debug!("{phase}");
        if let Some(f) = &self.phase {
            f(phase);
        }
    }
}

/// Runs the demo (see the crate documentation) and returns its report. Blocks; runs its own
/// async runtime. Returns [`DemoError::Mismatch`] (holding the report) when the restored
/// database differs, and an error when the restore reported failed statements. The cluster is
/// stopped and removed before this returns (also on error and on Ctrl-C); the archive is kept.
pub fn run(options: &DemoOptions, hooks: &Hooks) -> Result<DemoReport, DemoError> {
    if options.jobs == 0 {
        return Err(DemoError::InvalidOptions { reason: "jobs must be at least 1" });
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| DemoError::Cluster { reason: format!("could not start a runtime: {e}") })?;
    hooks.phase(&Phase::StartCluster);
    let cluster = start_cluster()?;
    let result = runtime.block_on(async {
        tokio::select! {
            r = run_on(&cluster, options, hooks) => r,
            _ = tokio::signal::ctrl_c() => Err(DemoError::Interrupted),
        }
    });
    drop(runtime);
    hooks.phase(&Phase::StopCluster);
    cluster.shutdown();
    result
}

/// Starts the demo's cluster on the default installation.
fn start_cluster() -> Result<Cluster, DemoError> {
    let installation =
        Installation::find_default().map_err(|reason| DemoError::Cluster { reason })?;
    // The test kit panics (with the server log) when the cluster does not start; turn that
    // into an error.
    std::panic::catch_unwind(move || {
        Cluster::builder()
            .installation(installation)
            .setting("max_wal_size", "'2GB'")
            .setting("checkpoint_timeout", "'30min'")
            .start()
    })
    .map_err(|panic| {
        let reason = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "the server did not start".to_owned());
        DemoError::Cluster { reason }
    })
}

/// Connection settings for `dbname` on the cluster, independent of the caller's `PG*`
/// variables and password file.
pub fn cluster_settings(cluster: &Cluster, dbname: &str) -> Result<ConnectionSettings, DemoError> {
    let info = ConnInfo::parse(&cluster.conninfo(dbname))?;
    let no_env = |_: &str| -> Option<String> { None };
    Ok(ConnectionSettings::resolve(&info, &no_env)?)
}

async fn run_on(
    cluster: &Cluster,
    options: &DemoOptions,
    hooks: &Hooks,
) -> Result<DemoReport, DemoError> {
    let admin = session::open(&cluster_settings(cluster, "postgres")?).await?;
    let version: String = admin
        .query_one("SHOW server_version", &[])
        .await
        .and_then(|r| r.try_get(0))
        .map_err(|source| DemoError::sql("read the server version", source))?;
    hooks.phase(&Phase::ClusterReady {
        version: version.clone(),
        data_dir: cluster.data_dir().to_owned(),
    });
    for db in [SAMPLE_DATABASE, RESTORED_DATABASE] {
        admin
            .run(
                &format!("create database {db}"),
                &format!("CREATE DATABASE {} TEMPLATE template0", quote_ident(db)),
            )
            .await?;
    }
    let source = cluster_settings(cluster, SAMPLE_DATABASE)?;
    let target = cluster_settings(cluster, RESTORED_DATABASE)?;

    let started = Instant::now();
    let on_table = |table: &str| hooks.phase(&Phase::Generate { table: table.to_owned() });
    let sample = create_sample(&source, options.size_mb, &on_table).await?;
    let generate_time = started.elapsed();

    let archive = archive_dir(options.archive.as_deref())?;
    hooks.phase(&Phase::Dump { archive: archive.clone() });
    let mut dump_options = tusk::dump::DumpDatabaseOptions::new(source.clone(), &archive);
    dump_options.jobs = options.jobs;
    let started = Instant::now();
    let dump = tusk::dump::dump_database(&dump_options, hooks.dump_progress.clone())
        .await
        .map_err(|e| DemoError::Dump(Box::new(e)))?;
    let dump_time = started.elapsed();
    let archive_bytes = dir_size(&archive)?;

    hooks.phase(&Phase::Restore);
    let mut restore_options = tusk::restore::RestoreOptions::new(target.clone(), &archive);
    restore_options.jobs = options.jobs;
    let started = Instant::now();
    let restore = tusk::restore::restore_archive(&restore_options, hooks.restore_progress.clone())
        .await
        .map_err(|e| DemoError::Restore(Box::new(e)))?;
    let restore_time = started.elapsed();
    let failed: Vec<String> =
        restore.errors.iter().chain(&restore.skipped).map(ToString::to_string).collect();
    if let Some(first) = failed.first() {
        return Err(DemoError::RestoreStatements { count: failed.len(), first: first.clone() });
    }

    hooks.phase(&Phase::Check);
    let started = Instant::now();
    let comparison = compare_databases(&source, &target).await?;
    let check_time = started.elapsed();

    let report = DemoReport {
        server_version: version,
        data_dir: cluster.data_dir().to_owned(),
        sample,
        generate_time,
        archive,
        archive_bytes,
        dump,
        dump_time,
        jobs: options.jobs,
        restore,
        restore_time,
        comparison,
        check_time,
    };
    if report.comparison.is_equal() {
        Ok(report)
    } else {
        Err(DemoError::Mismatch { report: Box::new(report) })
    }
}

/// The archive directory: `requested`, or a new one under the system temp directory. The dump
/// creates a missing one; an existing one must be empty.
fn archive_dir(requested: Option<&Path>) -> Result<PathBuf, DemoError> {
    match requested {
        Some(dir) => Ok(dir.to_owned()),
        None => {
            let base = std::env::temp_dir();
            tempfile::Builder::new()
                .prefix("tusk-demo-")
                .tempdir_in(&base)
                .map(tempfile::TempDir::keep)
                .map_err(|source| DemoError::ArchiveDir { path: base, source })
        }
    }
}

/// The bytes of the files in `dir` (an archive directory has no subdirectories).
fn dir_size(dir: &Path) -> Result<u64, DemoError> {
    let err = |source| DemoError::ArchiveDir { path: dir.to_owned(), source };
    let mut total = 0;
    for entry in fs_err::read_dir(dir).map_err(err)? {
        let meta = entry.and_then(|e| e.metadata()).map_err(err)?;
        if meta.is_file() {
            total += meta.len();
        }
    }
    Ok(total)
}

/// A duration as seconds with one decimal.
pub(crate) fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}
