//! `tusk dump --all`: the globals, then every connectable database through
//! [`tusk_dump::dump_database`] (the code path of `tusk dump`), sharing the `--jobs` budget,
//! then `tusk-all.json` last.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;
use tusk_archive::Algorithm;
use tusk_dump::{DumpDatabaseOptions, DumpError, DumpSummary, Selection};
use tusk_pg::{ConnectionSettings, Session};

use crate::budget::Scheduler;
use crate::error::ClusterError;
use crate::manifest::{
    AllManifest, DATABASES_DIR, DatabaseEntry, DatabaseStatus, FORMAT, FORMAT_VERSION, GLOBALS_DIR,
    write_manifest,
};

/// Options of [`dump_all`]: pg_dumpall's, for a folder of directory archives.
#[derive(Debug, Clone)]
pub struct DumpAllOptions {
    /// Where and as whom to connect to read the globals and the list of databases (any
    /// database of the cluster; pg_dumpall's default is `postgres`). Each database is
    /// dumped over these settings with its own name.
    pub connection: ConnectionSettings,
    /// The folder to create (an existing one must be empty).
    pub output: PathBuf,
    /// Worker sessions at once across all databases (`-j`); see [`crate::budget`].
    pub jobs: usize,
    /// Data file compression (`-Z`).
    pub algorithm: Algorithm,
    /// The compression level, if not the algorithm's default.
    pub level: Option<i32>,
    /// What to dump of every database: `-s`, `-a`, `-x`, `--no-comments`, … (name patterns
    /// would mean something different in each database: keep them empty).
    pub selection: Selection,
    /// How to read the globals (`--no-role-passwords`, `--no-comments`, …).
    pub globals: tusk_globals::ReadOptions,
    /// Leave out the databases matching these patterns (`--exclude-database`, pg_dump's
    /// pattern rules).
    pub exclude_databases: Vec<String>,
    /// How long each dump waits for each batch of table locks (`--lock-wait-timeout`).
    pub lock_wait_timeout: Option<Duration>,
    /// fsync the files (`--no-sync` turns it off).
    pub sync: bool,
    /// Split tables with more pages than this into ctid ranges (tests).
    pub split_pages: Option<u64>,
}

impl DumpAllOptions {
    /// Options with pg_dumpall's defaults (one job, zstd, everything) for `connection` and
    /// `output`.
    pub fn new(connection: ConnectionSettings, output: impl Into<PathBuf>) -> Self {
        Self {
            connection,
            output: output.into(),
            jobs: 1,
            algorithm: Algorithm::Zstd,
            level: None,
            selection: Selection::default(),
            globals: tusk_globals::ReadOptions::default(),
            exclude_databases: Vec::new(),
            lock_wait_timeout: None,
            sync: true,
            split_pages: None,
        }
    }
}

/// What [`dump_all`] wrote: the listing of `tusk-all.json`.
#[derive(Debug, Clone)]
pub struct DumpAllSummary {
    /// The listing written.
    pub manifest: AllManifest,
    /// Warnings of the globals' reader (e.g. password hashes not readable).
    pub warnings: Vec<String>,
    /// Wall-clock time.
    pub elapsed: Duration,
}

/// A database of the source, as listed before dumping.
#[derive(Debug, Clone)]
struct Listed {
    oid: u32,
    name: String,
    allow_connections: bool,
    invalid: bool,
    size: Option<u64>,
}

/// Creates `dir` (its parent must exist) or checks that an existing one is an empty
/// directory we can write in.
fn prepare_output(dir: &Path) -> Result<(), ClusterError> {
    tusk_archive::prepare_output_dir(dir).map_err(|e| match e {
        tusk_archive::Error::DirectoryNotEmpty { path } => ClusterError::OutputNotEmpty { path },
        tusk_archive::Error::NotADirectory { path } => ClusterError::NotADirectory { path },
        tusk_archive::Error::Read { path, source } => ClusterError::Read { path, source },
        tusk_archive::Error::Write { path, source } => ClusterError::Write { path, source },
        other => ClusterError::Write { path: dir.to_owned(), source: std::io::Error::other(other) },
    })
}

/// The databases of the cluster but template0, in pg_dumpall's order: template1 first, then
/// by name.
async fn list_databases(session: &Session) -> Result<Vec<Listed>, ClusterError> {
    let err = |source| ClusterError::Query { action: "list the databases", source };
    let rows = session
        .query(
            "SELECT d.oid, d.datname::text, d.datallowconn, d.datconnlimit = -2, \
               CASE WHEN pg_catalog.has_database_privilege(d.oid, 'CONNECT') \
                 THEN pg_catalog.pg_database_size(d.oid) END \
             FROM pg_catalog.pg_database d \
             WHERE d.datname OPERATOR(pg_catalog.<>) 'template0' \
             ORDER BY (d.datname OPERATOR(pg_catalog.<>) 'template1'), d.datname",
            &[],
        )
        .await
        .map_err(err)?;
    rows.iter()
        .map(|r| {
            let size: Option<i64> = r.try_get(4)?;
            Ok(Listed {
                oid: r.try_get(0)?,
                name: r.try_get(1)?,
                allow_connections: r.try_get(2)?,
                invalid: r.try_get(3)?,
                size: size.and_then(|s| u64::try_from(s).ok()),
            })
        })
        .collect::<Result<_, tokio_postgres::Error>>()
        .map_err(err)
}

/// The names matching the `--exclude-database` patterns (pg_dumpall matches them on the
/// server).
async fn excluded_names(
    session: &Session,
    patterns: &[String],
) -> Result<std::collections::BTreeSet<String>, ClusterError> {
    let mut names = std::collections::BTreeSet::new();
    for pattern in patterns {
        let regex = tusk_catalog::pattern::role_pattern_regex(pattern)?;
        let rows = session
            .query(
                "SELECT datname::text FROM pg_catalog.pg_database \
                 WHERE datname OPERATOR(pg_catalog.~) $1::text",
                &[&regex],
            )
            .await
            .map_err(|source| ClusterError::Query { action: "match --exclude-database", source })?;
        for r in rows {
            names.insert(r.try_get(0).map_err(|source| ClusterError::Query {
                action: "match --exclude-database",
                source,
            })?);
        }
    }
    Ok(names)
}

/// Dumps a whole cluster into `options.output`: `globals/` (tusk-globals' form:
/// `globals.sql` and `tusk-globals.json`), `databases/<oid>/` (a tusk directory archive of
/// each connectable database but template0, made by [`tusk_dump::dump_database`], with the
/// DATABASE entries `tusk restore -C` uses) and, last, `tusk-all.json`.
///
/// The databases are dumped concurrently within the `jobs` budget ([`crate::budget`]); each
/// dump has its own snapshot, as with pg_dumpall. If a database's dump fails, no other one
/// starts, those running finish, and the error names it: the folder then has no
/// `tusk-all.json`.
pub async fn dump_all(options: &DumpAllOptions) -> Result<DumpAllSummary, ClusterError> {
    let started = Instant::now();
    if options.jobs == 0 {
        return Err(ClusterError::InvalidOptions {
            reason: "invalid number of parallel jobs: must be at least 1".to_owned(),
        });
    }
    if options.selection.schema_only && options.selection.data_only {
        return Err(ClusterError::InvalidOptions {
            reason: "options -s/--schema-only and -a/--data-only cannot be used together"
                .to_owned(),
        });
    }
    for pattern in options.exclude_databases.iter().chain(&options.globals.exclude_roles) {
        tusk_catalog::pattern::role_pattern_regex(pattern)?;
    }
    // Before connecting: a bad output fails first.
    prepare_output(&options.output)?;
    let session = tusk_pg::connect(&options.connection)
        .await
        .map_err(|source| ClusterError::Connect { source: Box::new(source) })?;
    let listed = list_databases(&session).await?;
    let excluded = excluded_names(&session, &options.exclude_databases).await?;
    let read = tusk_globals::read_globals(&session, &options.globals).await?;
    drop(session);
    let globals_dir = options.output.join(GLOBALS_DIR);
    std::fs::create_dir(&globals_dir)
        .map_err(|source| ClusterError::Write { path: globals_dir.clone(), source })?;
    tusk_globals::write_dir(&globals_dir, &read.globals, options.sync)?;
    tracing::info!(
        roles = read.globals.roles.len(),
        tablespaces = read.globals.tablespaces.len(),
        "globals dumped"
    );
    let databases_dir = options.output.join(DATABASES_DIR);
    std::fs::create_dir(&databases_dir)
        .map_err(|source| ClusterError::Write { path: databases_dir.clone(), source })?;

    let mut entries: Vec<DatabaseEntry> = listed
        .iter()
        .map(|d| {
            let status = if excluded.contains(&d.name) {
                DatabaseStatus::Excluded
            } else if d.invalid {
                DatabaseStatus::Invalid
            } else if !d.allow_connections {
                DatabaseStatus::NotConnectable
            } else {
                DatabaseStatus::Dumped
            };
            DatabaseEntry {
                oid: d.oid,
                name: d.name.clone(),
                status,
                archive: (status == DatabaseStatus::Dumped)
                    .then(|| format!("{DATABASES_DIR}/{}", d.oid)),
                size_bytes: d.size,
                tables: 0,
                rows: 0,
                bytes: 0,
                compressed_bytes: 0,
                large_objects: 0,
                jobs: 0,
            }
        })
        .collect();
    for e in &entries {
        if let Some(reason) = e.status.reason() {
            tracing::info!(database = %e.name, "not dumping database \"{}\": {reason}", e.name);
        }
    }
    let todo: Vec<usize> =
        (0..entries.len()).filter(|&i| entries[i].status == DatabaseStatus::Dumped).collect();
    let sizes: Vec<u64> = todo.iter().map(|&i| entries[i].size_bytes.unwrap_or(0)).collect();
    let mut scheduler = Scheduler::new(&sizes, options.jobs);
    let mut running: JoinSet<(usize, usize, Duration, Result<DumpSummary, DumpError>)> =
        JoinSet::new();
    let mut failures: Vec<(String, DumpError)> = Vec::new();
    loop {
        while let Some((k, jobs)) = scheduler.next() {
            let i = todo[k];
            let entry = &mut entries[i];
            entry.jobs = jobs;
            let db_options = database_options(options, entry, jobs);
            tracing::info!(
                database = %entry.name,
                jobs,
                "dumping database \"{}\" with {jobs} job{}",
                entry.name,
                if jobs == 1 { "" } else { "s" }
            );
            running.spawn(async move {
                let t = Instant::now();
                let result = Box::pin(tusk_dump::dump_database(&db_options, None)).await;
                (i, jobs, t.elapsed(), result)
            });
        }
        let Some(joined) = running.join_next().await else { break };
        let (i, jobs, took, result) = joined
            .map_err(|e| ClusterError::Internal { what: format!("a database dump task: {e}") })?;
        scheduler.done(jobs);
        let entry = &mut entries[i];
        match result {
            Ok(s) => {
                entry.tables = u64::try_from(s.tables).unwrap_or(u64::MAX);
                entry.rows = s.rows;
                entry.bytes = s.uncompressed_bytes;
                entry.compressed_bytes = s.compressed_bytes;
                entry.large_objects = u64::try_from(s.large_objects).unwrap_or(u64::MAX);
                tracing::info!(
                    database = %entry.name,
                    tables = s.tables,
                    rows = s.rows,
                    bytes = s.uncompressed_bytes,
                    "dumped database \"{}\" in {:.1}s",
                    entry.name,
                    took.as_secs_f64()
                );
            }
            Err(e) => {
                tracing::error!(
                    database = %entry.name,
                    "could not dump database \"{}\": {}",
                    entry.name,
                    crate::error::chain_text(&e)
                );
                failures.push((entry.name.clone(), e));
                // No other database starts; the running ones finish.
                scheduler.clear();
            }
        }
    }
    let mut failures = failures.into_iter();
    if let Some((database, source)) = failures.next() {
        return Err(ClusterError::DumpDatabase {
            database,
            others: failures.len(),
            source: Box::new(source),
        });
    }
    let manifest = AllManifest {
        format: FORMAT.to_owned(),
        version: FORMAT_VERSION,
        dumped_by: tusk_dump::dump_version(),
        server_version: read.globals.server_version.clone(),
        globals: GLOBALS_DIR.to_owned(),
        databases: entries,
    };
    write_manifest(&options.output, &manifest, options.sync)?;
    Ok(DumpAllSummary { manifest, warnings: read.warnings, elapsed: started.elapsed() })
}

/// The options of one database's dump: the cluster's, with its name, folder and share.
fn database_options(
    options: &DumpAllOptions,
    entry: &DatabaseEntry,
    jobs: usize,
) -> DumpDatabaseOptions {
    let output = options.output.join(DATABASES_DIR).join(entry.oid.to_string());
    let mut o = DumpDatabaseOptions::new(options.connection.with_dbname(&entry.name), output);
    o.jobs = jobs;
    o.algorithm = options.algorithm;
    o.level = options.level;
    o.selection = options.selection.clone();
    o.lock_wait_timeout = options.lock_wait_timeout;
    o.split_pages = options.split_pages;
    o.sync = options.sync;
    o
}
