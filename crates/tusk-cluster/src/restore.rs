//! `tusk restore --all`: the globals of a `tusk dump --all` folder, then each database with
//! `-C` semantics through [`tusk_restore::restore_archive`], sharing the `--jobs` budget,
//! with a report per database.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;
use futures_util::stream::FuturesUnordered;
use tusk_archive::Archive;
use tusk_pg::quote::quote_ident;
use tusk_pg::{ConnectionSettings, Session};
use tusk_restore::{EntryRef, Failure, Progress, ProgressEvent, RestoreOptions, RestoreSummary};

use crate::budget::Scheduler;
use crate::error::{ClusterError, chain_text};
use crate::manifest::{AllManifest, DatabaseEntry, DatabaseStatus, read_manifest};

/// The databases every cluster has, which a restore fills without creating them (as
/// pg_dumpall's script does).
pub const EXISTING_DATABASES: [&str; 2] = ["postgres", "template1"];

/// Options of [`restore_all`].
#[derive(Debug, Clone)]
pub struct RestoreAllOptions {
    /// The target cluster: the database to connect to for the globals and `CREATE DATABASE`
    /// (`-d`); each database is restored over these settings with its own name.
    pub connection: ConnectionSettings,
    /// The `tusk dump --all` folder.
    pub input: PathBuf,
    /// Sessions at once across all databases (`-j`); see [`crate::budget`].
    pub jobs: usize,
    /// `--clean`: replace the databases the target has (drop and create them again;
    /// `postgres` and `template1` keep existing, their objects of the archive are dropped).
    pub clean: bool,
    /// `--if-exists`: with `clean`, drop objects with `IF EXISTS`.
    pub if_exists: bool,
    /// `-O`: do not set owners (of the objects and of the databases).
    pub no_owner: bool,
    /// `-x`: no privileges (of the objects and of the databases).
    pub no_privileges: bool,
    /// `--no-comments`: no comments (on the objects, the databases and the roles).
    pub no_comments: bool,
    /// Run `ANALYZE` on each restored table (default on).
    pub analyze: bool,
    /// How to apply the globals (`--no-role-passwords`, `--tablespace-mapping`, …); its
    /// `no_comments` is also set by [`no_comments`](Self::no_comments).
    pub globals: tusk_globals::ApplyOptions,
}

impl RestoreAllOptions {
    /// Options with pg_restore's defaults for `connection` and `input`.
    pub fn new(connection: ConnectionSettings, input: impl Into<PathBuf>) -> Self {
        Self {
            connection,
            input: input.into(),
            jobs: 1,
            clean: false,
            if_exists: false,
            no_owner: false,
            no_privileges: false,
            no_comments: false,
            analyze: true,
            globals: tusk_globals::ApplyOptions::default(),
        }
    }
}

/// What became of one database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseOutcome {
    /// Restored; statements that an option avoids may have been skipped (see the summary).
    Restored(Box<RestoreSummary>),
    /// The restore could not run, or statements failed.
    Failed {
        /// What went wrong, on one line.
        error: String,
        /// What the restore did, when it ran.
        summary: Option<Box<RestoreSummary>>,
    },
    /// Not restored: the folder has no archive of it.
    Skipped {
        /// Why.
        reason: String,
    },
}

/// One database of a [`RestoreAllReport`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseReport {
    /// Its name.
    pub name: String,
    /// Its OID in the source cluster.
    pub oid: u32,
    /// Sessions its restore used (0 when skipped).
    pub jobs: usize,
    /// What became of it.
    pub outcome: DatabaseOutcome,
    /// Wall-clock time of its restore.
    pub elapsed: Duration,
}

impl DatabaseReport {
    /// `restored`, `failed` or `skipped`.
    pub fn status(&self) -> &'static str {
        match self.outcome {
            DatabaseOutcome::Restored(_) => "restored",
            DatabaseOutcome::Failed { .. } => "failed",
            DatabaseOutcome::Skipped { .. } => "skipped",
        }
    }

    /// The restore's summary, when it ran.
    pub fn summary(&self) -> Option<&RestoreSummary> {
        match &self.outcome {
            DatabaseOutcome::Restored(s) => Some(s),
            DatabaseOutcome::Failed { summary, .. } => summary.as_deref(),
            DatabaseOutcome::Skipped { .. } => None,
        }
    }
}

/// What [`restore_all`] did.
#[derive(Debug, Clone)]
pub struct RestoreAllReport {
    /// The globals' application (its `left_out` lists what was left out, and why).
    pub globals: tusk_globals::ApplyReport,
    /// Every database of the folder's listing, in its order.
    pub databases: Vec<DatabaseReport>,
    /// Wall-clock time.
    pub elapsed: Duration,
}

impl RestoreAllReport {
    /// Databases that failed.
    pub fn failed(&self) -> usize {
        self.databases
            .iter()
            .filter(|d| matches!(d.outcome, DatabaseOutcome::Failed { .. }))
            .count()
    }

    /// Whether something was left out without failing: globals left out, statements skipped.
    pub fn has_omissions(&self) -> bool {
        !self.globals.left_out.is_empty()
            || self
                .databases
                .iter()
                .filter_map(DatabaseReport::summary)
                .any(|s| !s.skipped.is_empty())
    }
}

/// The names of the target's databases.
async fn target_databases(session: &Session) -> Result<BTreeSet<String>, ClusterError> {
    let err = |source| ClusterError::Query { action: "list the target's databases", source };
    let rows = session
        .query("SELECT datname::text FROM pg_catalog.pg_database", &[])
        .await
        .map_err(err)?;
    rows.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>().map_err(err)
}

/// Restores a `tusk dump --all` folder into a cluster.
///
/// Reads `tusk-all.json` and the globals first (a folder without them, or with a damaged
/// listing, fails before connecting); refuses, before changing anything, a target that
/// already has a database of the folder (other than `postgres` and `template1`) unless
/// `clean`; applies the globals as `tusk restore --globals-only` does (the role settings in a
/// database of the folder are left to that database's archive, which sets them); then
/// restores each database: `postgres` and `template1` into the existing ones (their objects,
/// then the database's own owner, properties, comment and privileges, as `-C` would give
/// them), every other one with `-C` (CREATE DATABASE with its encoding, locale and
/// properties, then its contents). Databases run concurrently within the `jobs` budget
/// ([`crate::budget`]). A database that fails is reported and the others go on; the error
/// is for what stops everything (the folder, the connection, the globals).
pub async fn restore_all(options: &RestoreAllOptions) -> Result<RestoreAllReport, ClusterError> {
    let started = Instant::now();
    if options.jobs == 0 {
        return Err(ClusterError::InvalidOptions {
            reason: "invalid number of parallel jobs: must be at least 1".to_owned(),
        });
    }
    if options.if_exists && !options.clean {
        return Err(ClusterError::InvalidOptions {
            reason: "option --if-exists requires option -c/--clean".to_owned(),
        });
    }
    let manifest = read_manifest(&options.input)?;
    let mut globals = tusk_globals::read_dir(&options.input.join(&manifest.globals))?;
    let session = tusk_pg::connect(&options.connection)
        .await
        .map_err(|source| ClusterError::Connect { source: Box::new(source) })?;
    let existing = target_databases(&session).await?;
    let to_create: Vec<String> = manifest
        .dumped()
        .filter(|d| !EXISTING_DATABASES.contains(&d.name.as_str()))
        .map(|d| d.name.clone())
        .collect();
    let clashes: Vec<String> =
        to_create.iter().filter(|n| existing.contains(*n)).cloned().collect();
    if !clashes.is_empty() && !options.clean {
        return Err(ClusterError::DatabasesExist { databases: clashes });
    }

    // A role's settings in a database of the folder come with that database's archive
    // (its DATABASE PROPERTIES entry), once the database exists.
    let restored: BTreeSet<&str> = manifest.dumped().map(|d| d.name.as_str()).collect();
    globals.database_settings.retain(|s| !restored.contains(s.database.as_str()));
    let mut apply_options = options.globals.clone();
    apply_options.no_comments |= options.no_comments;
    let globals_report = tusk_globals::apply(&session, &globals, &apply_options).await?;
    drop(session);
    tracing::info!(
        roles = globals_report.roles,
        left_out = globals_report.left_out.len(),
        "globals restored"
    );

    let mut reports: Vec<Option<DatabaseReport>> = vec![None; manifest.databases.len()];
    for (i, d) in manifest.databases.iter().enumerate() {
        if let Some(reason) = d.status.reason() {
            tracing::info!(database = %d.name, "skipping database \"{}\": {reason}", d.name);
            reports[i] = Some(DatabaseReport {
                name: d.name.clone(),
                oid: d.oid,
                jobs: 0,
                outcome: DatabaseOutcome::Skipped { reason: reason.to_owned() },
                elapsed: Duration::ZERO,
            });
        }
    }
    let todo: Vec<usize> = (0..manifest.databases.len())
        .filter(|&i| manifest.databases[i].status == DatabaseStatus::Dumped)
        .collect();
    let sizes: Vec<u64> = todo
        .iter()
        .map(|&i| {
            let d = &manifest.databases[i];
            d.size_bytes.unwrap_or(d.bytes)
        })
        .collect();
    let mut scheduler = Scheduler::new(&sizes, options.jobs);
    // The restores run as futures of this task, as one restore's sessions do: the engine's
    // work is waiting on the server, its reading and checksums run on their own threads.
    let mut running = FuturesUnordered::new();
    loop {
        while let Some((k, jobs)) = scheduler.next() {
            let i = todo[k];
            let job = DatabaseJob::new(options, &manifest, i, jobs, &existing);
            tracing::info!(
                database = %job.entry.name,
                jobs,
                "restoring database \"{}\" with {jobs} job{}",
                job.entry.name,
                if jobs == 1 { "" } else { "s" }
            );
            running.push(async move { (i, Box::pin(job.run()).await) });
        }
        let Some((i, report)) = running.next().await else { break };
        scheduler.done(report.jobs);
        match &report.outcome {
            DatabaseOutcome::Failed { error, .. } => tracing::error!(
                database = %report.name,
                "database \"{}\" failed: {error}",
                report.name
            ),
            _ => tracing::info!(
                database = %report.name,
                "restored database \"{}\" in {:.1}s",
                report.name,
                report.elapsed.as_secs_f64()
            ),
        }
        reports[i] = Some(report);
    }
    let databases = reports
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.ok_or_else(|| ClusterError::Internal {
                what: format!("database \"{}\" was never restored", manifest.databases[i].name),
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(RestoreAllReport { globals: globals_report, databases, elapsed: started.elapsed() })
}

/// One database's restore, owned, for its task.
struct DatabaseJob {
    entry: DatabaseEntry,
    /// Restored into the existing database rather than created.
    existing_database: bool,
    options: RestoreOptions,
    jobs: usize,
}

impl DatabaseJob {
    fn new(
        all: &RestoreAllOptions,
        manifest: &AllManifest,
        i: usize,
        jobs: usize,
        existing: &BTreeSet<String>,
    ) -> Self {
        let entry = manifest.databases[i].clone();
        let archive = all.input.join(entry.archive.as_deref().unwrap_or_default());
        let existing_database = EXISTING_DATABASES.contains(&entry.name.as_str());
        let connection = if existing_database {
            all.connection.with_dbname(&entry.name)
        } else {
            all.connection.clone()
        };
        let mut options = RestoreOptions::new(connection, archive);
        options.jobs = jobs;
        options.create = !existing_database;
        // Nothing to drop in a database the target lacks.
        options.clean = all.clean && (existing_database || existing.contains(&entry.name));
        options.if_exists = options.clean && all.if_exists;
        options.no_owner = all.no_owner;
        options.analyze = all.analyze;
        options.selection.no_privileges = all.no_privileges;
        options.selection.no_comments = all.no_comments;
        Self { entry, existing_database, options, jobs }
    }

    async fn run(self) -> DatabaseReport {
        let started = Instant::now();
        let name = self.entry.name.clone();
        let db = name.clone();
        let progress = Progress::new(move |event| {
            if let ProgressEvent::Failed { failure } = event {
                let kind = if failure.avoided_by.is_some() { "skipped" } else { "error" };
                tracing::warn!(database = %db, "database \"{db}\": {kind}: {failure}");
            }
        });
        let result = Box::pin(tusk_restore::restore_archive(&self.options, Some(progress))).await;
        let outcome = match result {
            Err(e) => DatabaseOutcome::Failed { error: chain_text(&e), summary: None },
            Ok(mut summary) => {
                if self.existing_database {
                    self.database_entries(&mut summary).await;
                }
                match summary.errors.first() {
                    None => DatabaseOutcome::Restored(Box::new(summary)),
                    Some(first) => {
                        let n = summary.errors.len();
                        let error = if n == 1 {
                            format!("1 statement failed: {first}")
                        } else {
                            format!("{n} statements failed, the first: {first}")
                        };
                        DatabaseOutcome::Failed {
                            error: error.replace('\n', " "),
                            summary: Some(Box::new(summary)),
                        }
                    }
                }
            }
        };
        DatabaseReport {
            name,
            oid: self.entry.oid,
            jobs: self.jobs,
            outcome,
            elapsed: started.elapsed(),
        }
    }

    /// For `postgres` and `template1`, which are not created: what `-C` would have given
    /// them besides CREATE DATABASE: the owner, the DATABASE PROPERTIES entry (connection
    /// limit, template flag, `ALTER DATABASE … SET`, `ALTER ROLE … IN DATABASE … SET`), and
    /// the database's comment, privileges and security labels. Each failure is recorded in
    /// `summary` as the restore records its own.
    async fn database_entries(&self, summary: &mut RestoreSummary) {
        let statements = match database_statements(&self.options.archive, &self.entry.name, self) {
            Ok(s) => s,
            Err(e) => {
                summary.errors.push(failure(
                    EntryRef {
                        dump_id: None,
                        desc: "DATABASE".to_owned(),
                        namespace: None,
                        tag: self.entry.name.clone(),
                    },
                    None,
                    chain_text(&e),
                    None,
                ));
                return;
            }
        };
        if statements.is_empty() {
            return;
        }
        let session = match tusk_pg::connect(&self.options.connection).await {
            Ok(s) => s,
            Err(e) => {
                summary.errors.push(failure(
                    EntryRef {
                        dump_id: None,
                        desc: "DATABASE".to_owned(),
                        namespace: None,
                        tag: self.entry.name.clone(),
                    },
                    None,
                    format!("could not connect to set its properties: {}", chain_text(&e)),
                    None,
                ));
                return;
            }
        };
        for (entry, sql, avoided_by) in statements {
            match session.batch_execute(&sql).await {
                Ok(()) => summary.entries += 1,
                Err(e) => {
                    let sqlstate = e.code().map(|c| c.code().to_owned());
                    let message =
                        e.as_db_error().map_or_else(|| chain_text(&e), |d| d.message().to_owned());
                    let skippable = sqlstate.as_deref() == Some("42501");
                    let f = failure(
                        entry,
                        sqlstate,
                        message,
                        skippable.then_some(avoided_by).flatten(),
                    );
                    let f = Failure { statement: sql.lines().next().map(str::to_owned), ..f };
                    let kind = if f.avoided_by.is_some() { "skipped" } else { "error" };
                    tracing::warn!(database = %self.entry.name, "database \"{}\": {kind}: {f}", self.entry.name);
                    if f.avoided_by.is_some() {
                        summary.skipped.push(f);
                    } else {
                        summary.errors.push(f);
                    }
                }
            }
        }
    }
}

fn failure(
    entry: EntryRef,
    sqlstate: Option<String>,
    message: String,
    avoided_by: Option<&'static str>,
) -> Failure {
    Failure { entry, sqlstate, message, statement: None, avoided_by }
}

/// A statement of [`DatabaseJob::database_entries`]: its entry, its SQL, and the option that
/// avoids it when the target refuses it for lack of privilege.
type Statement = (EntryRef, String, Option<&'static str>);

/// The statements of [`DatabaseJob::database_entries`], in archive order.
fn database_statements(
    archive: &Path,
    name: &str,
    job: &DatabaseJob,
) -> Result<Vec<Statement>, tusk_archive::Error> {
    let archive = Archive::open(archive)?;
    let selection = &job.options.selection;
    let mut out = Vec::new();
    let entry_ref = |e: &tusk_archive::TocEntry| EntryRef {
        dump_id: Some(e.dump_id),
        desc: e.desc.clone(),
        namespace: None,
        tag: e.tag.clone().unwrap_or_default(),
    };
    for e in archive.entries() {
        let defn = e.defn.as_deref().unwrap_or("").trim();
        match e.desc.as_str() {
            "DATABASE" if !job.options.no_owner => {
                if let Some(owner) = e.owner.as_deref().filter(|o| !o.is_empty()) {
                    let sql = format!(
                        "ALTER DATABASE {} OWNER TO {};",
                        quote_ident(name),
                        quote_ident(owner)
                    );
                    out.push((entry_ref(e), sql, Some("-O/--no-owner")));
                }
            }
            "DATABASE PROPERTIES" if !defn.is_empty() => {
                out.push((entry_ref(e), defn.to_owned(), None));
            }
            "COMMENT" | "ACL" | "SECURITY LABEL"
                // In a database's archive only the database itself has such tags.
                if e.tag.as_deref().is_some_and(|t| t.starts_with("DATABASE "))
                    && !defn.is_empty() =>
            {
                let (skip, avoided_by) = match e.desc.as_str() {
                    "COMMENT" => (selection.no_comments, "--no-comments"),
                    "ACL" => (selection.no_privileges, "-x/--no-privileges"),
                    _ => (selection.no_security_labels, "--no-security-labels"),
                };
                if !skip {
                    out.push((entry_ref(e), defn.to_owned(), Some(avoided_by)));
                }
            }
            _ => {}
        }
    }
    Ok(out)
}
