//! Running a restore: the phases of [`restore_archive`](crate::restore_archive) over real
//! sessions, the scheduler of the data and post-data steps, and the bookkeeping of what
//! failed.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Instant;

use futures_util::StreamExt as _;
use futures_util::stream::FuturesUnordered;
use tusk_archive::listing::is_large_object_tag;
use tusk_archive::{Toc, TocEntry};
use tusk_pg::ConnectionSettings;
use tusk_pg::quote::quote_ident;

use crate::error::RestoreError;
use crate::load::{
    LoadError, SharedRows, copy_in, copy_in_shared, run_inserts, write_large_objects,
};
use crate::options::{Progress, ProgressEvent, RestoreOptions};
use crate::plan::{
    Plan, STATISTICS_DATA, Selected, Sizes, Step, StepKind, is_table_data, relation_key, table_of,
};
use crate::session::Conn;
use crate::source::Source;
use crate::statements::{
    create_database_statement, definition_statements, drop_statements, loads_via_partition_root,
    owner_statements, qualified_name, unique_index_split,
};
use crate::summary::{EntryRef, Failure, Origin, RestoreSummary, avoided_by};

/// Statements of large-object definitions in flight at once on one session.
const PIPELINED: usize = 64;

/// How a run of pre-data entries is run; see [`Run::pre_data_runs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RunKind {
    /// One entry, on the first session.
    Single,
    /// Table and sequence definitions over all sessions.
    Concurrent,
    /// Large-object definitions pipelined on the first session.
    Pipelined,
}

/// A large object's definition (`BLOB`, 1.16's `BLOB METADATA`) or its comment: tiny
/// statements with nothing to place (no tablespace, no access method).
fn is_large_object_definition(entry: &TocEntry) -> bool {
    match entry.desc.as_str() {
        "BLOB" | "BLOB METADATA" => true,
        "COMMENT" => entry.tag.as_deref().is_some_and(is_large_object_tag),
        _ => false,
    }
}

/// Restores what `source` holds; see the crate documentation.
pub(crate) async fn restore(
    source: Arc<dyn Source>,
    options: &RestoreOptions,
    progress: Option<Progress>,
) -> Result<RestoreSummary, RestoreError> {
    check_options(options)?;
    let started = Instant::now();
    let mut selection = options.selection.clone();
    selection.create = options.create;
    let selected = selection.requirements(source.toc());
    let size = |e: &TocEntry| source.data_size(e);
    let pieces = |e: &TocEntry| source.pieces(e);
    let split = if options.single_transaction { 1 } else { options.jobs };
    let split = (split, options.shared_load_min);
    let plan =
        Plan::build(&selected, &Sizes { size: &size, pieces: &pieces }, split, options.analyze);
    let by_id = selected.iter().map(|(e, _, _)| (e.dump_id, *e)).collect();
    let run = Run {
        options,
        source: Arc::clone(&source),
        selected: &selected,
        by_id,
        plan: &plan,
        progress,
        state: Mutex::new(State::default()),
        stop: AtomicBool::new(false),
        settings: OnceLock::new(),
    };
    let database = run.go().await?;
    let mut summary = run.into_summary();
    summary.database = database;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn check_options(options: &RestoreOptions) -> Result<(), RestoreError> {
    let invalid = |reason: &str| Err(RestoreError::InvalidOptions { reason: reason.to_owned() });
    if options.jobs == 0 {
        return invalid("invalid number of parallel jobs: must be at least 1");
    }
    if options.single_transaction && options.jobs > 1 {
        return invalid("cannot specify both --single-transaction and multiple jobs");
    }
    if options.selection.schema_only && options.selection.data_only {
        return invalid("options -s/--schema-only and -a/--data-only cannot be used together");
    }
    if options.selection.data_only && options.clean {
        return invalid("options -c/--clean and -a/--data-only cannot be used together");
    }
    if options.if_exists && !options.clean {
        return invalid("option --if-exists requires option -c/--clean");
    }
    Ok(())
}

/// What the steps learn as they run.
#[derive(Debug, Default)]
struct State {
    summary: RestoreSummary,
    /// TABLE entries created by this restore.
    created: BTreeSet<i32>,
    /// TABLE DATA entries whose load failed.
    data_failed: BTreeSet<i32>,
    /// CONSTRAINT entries whose unique index was built ahead (the constraint adopts it), or
    /// failed to build (the failure is recorded; the constraint is not tried again).
    unique_index: BTreeMap<i32, bool>,
    /// Rows loaded per chunked or shared TABLE DATA entry.
    chunk_rows: BTreeMap<i32, u64>,
    /// The stream of each table loaded by several sessions at once.
    shared: BTreeMap<i32, Arc<SharedRows>>,
    /// The relations (schema, name) whose statistics entry the server took whole: no
    /// ANALYZE for them.
    statistics: BTreeSet<(String, String)>,
}

struct Run<'a, 't> {
    options: &'a RestoreOptions,
    source: Arc<dyn Source>,
    selected: &'a [Selected<'t>],
    by_id: BTreeMap<i32, &'t TocEntry>,
    plan: &'a Plan,
    progress: Option<Progress>,
    state: Mutex<State>,
    /// Set when the restore must stop (exit on error).
    stop: AtomicBool,
    /// Where the sessions connect (the new database with `--create`); set once known.
    settings: OnceLock<ConnectionSettings>,
}

/// What a statement's failure means for the caller.
type Outcome = Result<bool, RestoreError>;

impl Run<'_, '_> {
    fn toc(&self) -> &Toc {
        self.source.toc()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the bookkeeping half-updated in a way
        // that matters more than the panic itself.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn report(&self, event: &ProgressEvent) {
        if let Some(p) = &self.progress {
            p.report(event);
        }
    }

    fn into_summary(self) -> RestoreSummary {
        self.state.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner).summary
    }

    fn entry(&self, i: usize) -> &TocEntry {
        self.selected[i].0
    }

    /// All phases. Returns the name of the database restored into.
    async fn go(&self) -> Result<String, RestoreError> {
        let settings = match self.plan.database {
            Some(i) => self.create_database(i).await?,
            None => self.options.connection.clone(),
        };
        let settings = self.settings.get_or_init(|| settings);
        let mut leader = Conn::open(settings, self.toc(), self.options).await?;
        if self.options.single_transaction {
            leader
                .client()
                .batch_execute("BEGIN")
                .await
                .map_err(|e| RestoreError::session("could not start the transaction", e))?;
        }
        if self.options.clean && self.plan.database.is_none() {
            for &i in &self.plan.clean {
                for sql in drop_statements(self.entry(i), self.options.if_exists) {
                    self.exec(&mut leader, i, &sql, Origin::Drop).await?;
                }
            }
        } else if self.options.require_empty && self.plan.database.is_none() {
            self.check_no_conflicts(&leader, settings.dbname()).await?;
        }
        let runs = self.pre_data_runs();
        let longest_run = runs
            .iter()
            .filter(|(kind, _)| *kind == RunKind::Concurrent)
            .map(|(_, r)| r.len())
            .max()
            .unwrap_or(0);
        let mut conns = vec![leader];
        let extra = if self.options.single_transaction { 0 } else { self.options.jobs - 1 };
        let wanted = self.plan.steps.len().max(longest_run).saturating_sub(1);
        for _ in 0..extra.min(wanted) {
            conns.push(Conn::open(settings, self.toc(), self.options).await?);
        }
        for (kind, run) in &runs {
            match (kind, run.as_slice()) {
                (_, []) => {}
                (RunKind::Pipelined, _) => {
                    let Some(leader) = conns.first_mut() else { break };
                    self.run_pipelined(leader, run).await?;
                }
                (_, [i]) => {
                    let Some(leader) = conns.first_mut() else { break };
                    self.run_entry(leader, *i).await?;
                }
                (_, _) => self.run_concurrently(&mut conns, run).await?,
            }
        }
        self.report(&ProgressEvent::Planned {
            tables: self.plan.tables,
            bytes: self.plan.bytes,
            steps: self.reported_steps(),
        });
        self.run_steps(&mut conns, &self.plan.steps).await?;
        conns.truncate(1);
        let Some(mut leader) = conns.pop() else {
            return Err(RestoreError::InvalidOptions { reason: "no session left".to_owned() });
        };
        for &i in &self.plan.acl {
            self.run_entry(&mut leader, i).await?;
        }
        // A refreshed materialized view is analyzed, unless its statistics come later in
        // this pass (then only if they do not go in).
        let last_statistics: BTreeMap<(String, String), usize> = self
            .plan
            .post_acl
            .iter()
            .enumerate()
            .filter(|&(_, &i)| {
                self.entry(i).desc == STATISTICS_DATA && self.selected[i].2.statistics
            })
            .map(|(position, &i)| (relation_key(self.entry(i)), position))
            .collect();
        let mut deferred: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (position, &i) in self.plan.post_acl.iter().enumerate() {
            let ok = self.run_entry(&mut leader, i).await?;
            let entry = self.entry(i);
            let key = relation_key(entry);
            if ok && self.options.analyze && entry.desc == "MATERIALIZED VIEW DATA" {
                if last_statistics.get(&key).is_some_and(|&p| p > position) {
                    deferred.insert(key, i);
                } else {
                    self.analyze(&mut leader, i, entry).await?;
                }
            } else if entry.desc == STATISTICS_DATA
                && last_statistics.get(&key) == Some(&position)
                && let Some(view) = deferred.remove(&key)
            {
                self.analyze(&mut leader, view, self.entry(view)).await?;
            }
        }
        if self.options.single_transaction {
            leader
                .client()
                .batch_execute("COMMIT")
                .await
                .map_err(|e| RestoreError::session("could not commit the transaction", e))?;
        }
        Ok(settings.dbname().to_owned())
    }

    /// The pre-data entries in archive order, cut into runs: a stretch of consecutive table
    /// and sequence definitions ([`RunKind::Concurrent`]), which
    /// [`run_concurrently`](Self::run_concurrently) spreads over the sessions; a stretch of
    /// large-object definitions and their comments ([`RunKind::Pipelined`]), which
    /// [`run_pipelined`](Self::run_pipelined) sends down the first session without waiting
    /// for each answer; every other entry is a run of its own, run on the first session after
    /// everything before it.
    ///
    /// Creating thousands of tables is the server's catalog work, one statement at a time
    /// (about 0.3 ms each here); pg_restore runs all of pre-data on one session, so a schema
    /// with many tables restores on one core. Tables and sequences are the bulk of such a
    /// schema, and what they depend on (schemas, types, functions, other tables) comes before
    /// them in the archive or is ordered by their dependencies within the run. A database
    /// with 100,000 large objects has 100,000 `lo_create` calls and their owners: tiny
    /// statements whose round trips, not the server, take the time.
    fn pre_data_runs(&self) -> Vec<(RunKind, Vec<usize>)> {
        // A failure must stop the restore at once with these: no statement may be sent ahead.
        let may_pipeline = !self.options.exit_on_error && !self.options.single_transaction;
        let mut runs: Vec<(RunKind, Vec<usize>)> = Vec::new();
        for &i in &self.plan.pre_data {
            let (entry, _, req) = self.selected[i];
            let kind =
                if matches!(entry.desc.as_str(), "TABLE" | "SEQUENCE") && req.schema && !req.data {
                    RunKind::Concurrent
                } else if may_pipeline && is_large_object_definition(entry) {
                    RunKind::Pipelined
                } else {
                    RunKind::Single
                };
            match runs.last_mut() {
                Some((last, run)) if *last == kind && kind != RunKind::Single => run.push(i),
                _ => runs.push((kind, vec![i])),
            }
        }
        runs
    }

    /// Runs the large-object definitions of `run` (indices into the selection, in archive
    /// order) on `conn`, [`PIPELINED`] statements in flight at a time: one session runs them
    /// in order, as it would one by one. As pg_restore, an entry's owner is set even when
    /// its definition failed; only an entry's first failure is recorded (the rest follow
    /// from it).
    async fn run_pipelined(&self, conn: &mut Conn, run: &[usize]) -> Result<(), RestoreError> {
        let mut statements: Vec<(usize, String, Origin)> = Vec::new();
        for &i in run {
            let (entry, _, req) = self.selected[i];
            // As in run_entry: a large object's definition is its data's start too.
            if !(req.schema || (req.data && !entry.had_dumper)) {
                continue;
            }
            for sql in definition_statements(entry, self.toc(), self.options) {
                statements.push((i, sql, Origin::Definition));
            }
            if !self.options.no_owner {
                for sql in owner_statements(entry) {
                    statements.push((i, sql, Origin::Owner));
                }
            }
        }
        let client = conn.client();
        let mut answers =
            futures_util::stream::iter(&statements)
                .map(|(i, sql, origin)| async move {
                    (*i, sql, *origin, client.batch_execute(sql).await)
                })
                .buffered(PIPELINED);
        let mut failed = BTreeSet::new();
        while let Some((i, sql, origin, answer)) = answers.next().await {
            if let Err(e) = answer
                && failed.insert(i)
            {
                self.failed(i, origin, Some(sql), &LoadError::Server(e))?;
            }
        }
        self.state().summary.entries += run.len();
        Ok(())
    }

    /// Runs the entries of `run` (indices into the selection, in archive order) over all
    /// `conns` with the scheduler: an entry waits for the entries of the run it depends on,
    /// and takes the "lock" of each of them, so that two entries depending on one table
    /// (children of one parent lock it; two sessions locking two parents in different orders
    /// could deadlock) never run at once. Archive order breaks ties.
    async fn run_concurrently(
        &self,
        conns: &mut Vec<Conn>,
        run: &[usize],
    ) -> Result<(), RestoreError> {
        let position: BTreeMap<i32, usize> =
            run.iter().enumerate().map(|(p, &i)| (self.entry(i).dump_id, p)).collect();
        let steps: Vec<Step> = run
            .iter()
            .enumerate()
            .map(|(p, &i)| {
                let mut step = Step::new(StepKind::PreData(i), 0);
                // Only earlier entries can be needed in a sorted archive; a hand-edited list
                // runs in its order.
                for d in &self.entry(i).dependencies {
                    if let Some(&q) = position.get(d).filter(|&&q| q < p)
                        && !step.deps.contains(&q)
                    {
                        step.deps.push(q);
                        step.locks.push(*d);
                    } else if !position.contains_key(d)
                        && self.by_id.get(d).is_some_and(|e| is_parent_relation(&e.desc))
                        && !step.locks.contains(d)
                    {
                        // A parent created before this run still takes a lock: two children
                        // of it must not run at once either (pg_dump 18's order can put the
                        // parents of a multiple inheritance in an earlier run).
                        step.locks.push(*d);
                    }
                }
                step
            })
            .collect();
        self.run_steps(conns, &steps).await
    }

    /// `--create`: creates the archive's database (dropping it first with `--clean`) over the
    /// given connection, and returns the settings for the new database.
    async fn create_database(&self, i: usize) -> Result<ConnectionSettings, RestoreError> {
        let entry = self.entry(i);
        let name = entry.tag.clone().unwrap_or_default();
        let conn = Conn::open(&self.options.connection, self.toc(), self.options).await?;
        let fail = |source| RestoreError::CreateDatabase { database: name.clone(), source };
        if self.options.clean {
            // As pg_restore, which drops in reverse archive order on this connection: the
            // DATABASE PROPERTIES entry's drop statement (a template database loses its
            // flag, or DROP DATABASE refuses it) runs first.
            for &j in &self.plan.clean {
                let properties = self.entry(j);
                if properties.desc == "DATABASE PROPERTIES"
                    && let Some(sql) =
                        properties.drop_stmt.as_deref().filter(|d| !d.trim().is_empty())
                {
                    conn.client().batch_execute(sql).await.map_err(fail)?;
                }
            }
            let drop = if self.options.if_exists {
                format!("DROP DATABASE IF EXISTS {};", quote_ident(&name))
            } else {
                entry.drop_stmt.clone().unwrap_or_default()
            };
            conn.client().batch_execute(&drop).await.map_err(fail)?;
        }
        let version: i32 = conn
            .client()
            .query_one("SELECT pg_catalog.current_setting('server_version_num')::int", &[])
            .await
            .and_then(|row| row.try_get(0))
            .map_err(fail)?;
        let defn = create_database_statement(entry.defn.as_deref().unwrap_or(""), version)
            .map_err(|reason| RestoreError::DatabaseNotSupported {
                database: name.clone(),
                major: version / 10_000,
                reason,
            })?;
        conn.client().batch_execute(&defn).await.map_err(fail)?;
        self.state().summary.entries += 1;
        if !self.options.no_owner {
            for sql in owner_statements(entry) {
                self.exec_on(conn.client(), i, &sql, Origin::Owner).await?;
            }
        }
        tracing::info!(database = %name, "created the database");
        Ok(self.options.connection.with_dbname(&name))
    }

    /// Refuses a target that already has objects the archive creates (relations, schemas,
    /// types), before anything is changed.
    async fn check_no_conflicts(&self, conn: &Conn, database: &str) -> Result<(), RestoreError> {
        let mut kinds: Vec<&str> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        let mut labels: Vec<String> = Vec::new();
        for &i in &self.plan.pre_data {
            let (entry, _, req) = self.selected[i];
            if !req.schema {
                continue;
            }
            let tag = entry.tag.as_deref().unwrap_or("");
            let kind = match entry.desc.as_str() {
                "TABLE" | "VIEW" | "MATERIALIZED VIEW" | "SEQUENCE" | "FOREIGN TABLE" => "relation",
                "SCHEMA" if tag != "public" => "schema",
                "TYPE" | "DOMAIN" => "type",
                _ => continue,
            };
            kinds.push(kind);
            names.push(if kind == "schema" {
                quote_ident(tag).into_owned()
            } else {
                qualified_name(entry)
            });
            labels.push(format!("{} {}", entry.desc.to_lowercase(), qualified_name(entry)));
        }
        if names.is_empty() {
            return Ok(());
        }
        let rows = conn
            .client()
            .query(
                "SELECT x.n FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(kind, name, n) \
                 WHERE CASE x.kind \
                   WHEN 'relation' THEN pg_catalog.to_regclass(x.name) IS NOT NULL \
                   WHEN 'schema' THEN pg_catalog.to_regnamespace(x.name) IS NOT NULL \
                   ELSE pg_catalog.to_regtype(x.name) IS NOT NULL END \
                 ORDER BY x.n",
                &[&kinds, &names],
            )
            .await
            .map_err(|e| RestoreError::session("could not look for existing objects", e))?;
        if rows.is_empty() {
            return Ok(());
        }
        let found: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.try_get::<_, i64>(0).ok())
            .filter_map(|n| usize::try_from(n - 1).ok())
            .filter_map(|n| labels.get(n).map(String::as_str))
            .collect();
        let mut text = found.iter().take(3).copied().collect::<Vec<_>>().join(", ");
        if found.len() > 3 {
            text.push_str(&format!(" and {} more", found.len() - 3));
        }
        Err(RestoreError::TargetNotEmpty { database: database.to_owned(), found: text })
    }

    /// Runs selected entry `i` (definition, data, statistics, as selected). Returns whether
    /// everything of it succeeded.
    async fn run_entry(&self, conn: &mut Conn, i: usize) -> Outcome {
        let (entry, _, req) = self.selected[i];
        let mut ok = true;
        if req.schema {
            ok &= self.run_definition(conn, i).await?;
        }
        if req.data {
            if entry.had_dumper {
                ok &= match entry.desc.as_str() {
                    "TABLE DATA" => self.load_table(conn, i).await?,
                    "BLOBS" => self.load_large_objects(conn, i).await?,
                    _ => self.load_sql_data(conn, i).await?,
                };
            } else if !req.schema {
                ok &= self.run_definition(conn, i).await?;
            }
        }
        if req.statistics {
            ok &= self.run_statistics(conn, i).await?;
        }
        self.state().summary.entries += 1;
        Ok(ok)
    }

    /// The entry's definition (in its tablespace and access method) and owner.
    async fn run_definition(&self, conn: &mut Conn, i: usize) -> Outcome {
        let entry = self.entry(i);
        for sql in conn.placement_for(entry, self.options.no_tablespaces) {
            if !self.exec(conn, i, &sql, Origin::Tusk).await? {
                conn.forget_placement();
            }
        }
        let mut ok = true;
        let statements = match self.state().unique_index.get(&entry.dump_id) {
            Some(false) => return Ok(false),
            Some(true) => unique_index_split(entry).map(|s| vec![s.attach]).unwrap_or_default(),
            None => definition_statements(entry, self.toc(), self.options),
        };
        for sql in statements {
            ok &= self.exec(conn, i, &sql, Origin::Definition).await?;
        }
        if ok && !self.options.no_owner {
            for sql in owner_statements(entry) {
                ok &= self.exec(conn, i, &sql, Origin::Owner).await?;
            }
        }
        if ok && entry.desc == "TABLE" {
            self.state().created.insert(entry.dump_id);
        }
        Ok(ok)
    }

    /// A STATISTICS DATA entry: its `pg_restore_relation_stats` and
    /// `pg_restore_attribute_stats` calls. Each returns whether the server took the values
    /// (it refuses some with a warning and `false`, e.g. a column that does not exist); only
    /// when all did does the relation count as restored, which spares it the ANALYZE. An
    /// error (such as a server without these functions, SQLSTATE 42883) is the entry's
    /// failure, as for any definition.
    async fn run_statistics(&self, conn: &mut Conn, i: usize) -> Outcome {
        let entry = self.entry(i);
        let Some(sql) = entry.defn.as_deref().filter(|d| !d.trim().is_empty()) else {
            return Ok(true);
        };
        let messages = match conn.client().simple_query(sql).await {
            Ok(messages) => messages,
            Err(e) => return self.failed(i, Origin::Definition, Some(sql), &LoadError::Server(e)),
        };
        let refused = messages
            .iter()
            .filter(|m| {
                matches!(m, tokio_postgres::SimpleQueryMessage::Row(row) if row.get(0) == Some("f"))
            })
            .count();
        if refused == 0 {
            let mut state = self.state();
            state.statistics.insert(relation_key(entry));
            state.summary.statistics += 1;
        } else {
            tracing::warn!(
                relation = %qualified_name(entry),
                refused,
                "the server did not take all of these statistics (see its warnings); the \
                 relation is analyzed as without them"
            );
        }
        Ok(true)
    }

    /// Runs one statement for entry `i`; a failure is recorded and reported. `Ok(false)`: it
    /// failed and the restore goes on.
    async fn exec(&self, conn: &mut Conn, i: usize, sql: &str, origin: Origin) -> Outcome {
        self.exec_on(conn.client(), i, sql, origin).await
    }

    async fn exec_on(
        &self,
        client: &tokio_postgres::Client,
        i: usize,
        sql: &str,
        origin: Origin,
    ) -> Outcome {
        match client.batch_execute(sql).await {
            Ok(()) => Ok(true),
            Err(e) => self.failed(i, origin, Some(sql), &LoadError::Server(e)),
        }
    }

    /// Records the failure of entry `i`. Returns `Ok(false)` if the restore goes on, or the
    /// error that stops it: a lost connection, `--exit-on-error`, `--single-transaction`.
    fn failed(&self, i: usize, origin: Origin, sql: Option<&str>, err: &LoadError) -> Outcome {
        let entry = self.entry(i);
        let (sqlstate, message) = describe(err);
        let failure = Failure {
            entry: entry_ref(entry),
            avoided_by: avoided_by(&entry.desc, origin, sqlstate.as_deref()),
            sqlstate,
            message,
            statement: sql
                .and_then(|s| s.lines().find(|l| !l.trim().is_empty()))
                .map(str::to_owned),
        };
        self.record(failure)?;
        if let Some(e) = err.server_error()
            && e.is_closed()
        {
            return Err(RestoreError::ConnectionLost { during: entry_ref(entry).to_string() });
        }
        Ok(false)
    }

    /// Files a failure in the summary and reports it; stops the restore if asked to.
    fn record(&self, failure: Failure) -> Result<(), RestoreError> {
        if failure.avoided_by.is_some() {
            tracing::debug!("skipped: {failure}");
        } else {
            tracing::debug!("failed: {failure}");
        }
        self.report(&ProgressEvent::Failed { failure: Box::new(failure.clone()) });
        let stops = failure.avoided_by.is_none()
            && (self.options.exit_on_error || self.options.single_transaction);
        {
            let mut state = self.state();
            if failure.avoided_by.is_some() {
                state.summary.skipped.push(failure.clone());
            } else {
                state.summary.errors.push(failure.clone());
            }
        }
        if stops {
            self.stop.store(true, Ordering::SeqCst);
            return Err(RestoreError::Stopped(Box::new(failure)));
        }
        Ok(())
    }

    /// Loads a TABLE DATA entry from its whole file: into a table this restore created, with
    /// TRUNCATE and COPY FREEZE in one transaction (the rows are written frozen, and not
    /// WAL-logged with `wal_level = minimal`).
    async fn load_table(&self, conn: &mut Conn, i: usize) -> Outcome {
        let entry = self.entry(i);
        let Some(copy) = entry.copy_stmt.as_deref().filter(|c| !c.trim().is_empty()) else {
            return self.load_sql_data(conn, i).await;
        };
        let name = qualified_name(entry);
        let created =
            table_of(entry, &self.by_id).is_some_and(|t| self.state().created.contains(&t));
        let freeze = created
            && !loads_via_partition_root(entry)
            && relkind(conn.client(), &name).await == Some('r');
        let in_transaction = freeze && !self.options.single_transaction;
        let statement = if freeze { with_freeze(copy) } else { copy.to_owned() };
        if in_transaction {
            let begin = format!("BEGIN;\nTRUNCATE TABLE ONLY {name};");
            if !self.exec(conn, i, &begin, Origin::Data).await? {
                let _ = conn.client().batch_execute("ROLLBACK").await;
                self.state().data_failed.insert(entry.dump_id);
                return Ok(false);
            }
        }
        let on_bytes = |n| self.bytes(n);
        let rows = self.source.rows(entry, None, false);
        let loaded = copy_in(conn.client(), rows, &statement, &on_bytes).await;
        let loaded = match loaded {
            Ok(rows) if in_transaction => match conn.client().batch_execute("COMMIT").await {
                Ok(()) => Ok(rows),
                Err(e) => Err(LoadError::Server(e)),
            },
            other => other,
        };
        match loaded {
            Ok(rows) => {
                self.table_loaded(entry.dump_id, rows);
                Ok(true)
            }
            Err(e) => {
                self.after_failed_load(conn, &e, in_transaction).await?;
                self.state().data_failed.insert(entry.dump_id);
                self.report(&ProgressEvent::TableDone { dump_id: entry.dump_id, rows: 0 });
                self.failed(i, Origin::Data, Some(&statement), &e)
            }
        }
    }

    /// Puts the session back in a usable state after a failed load: a new session after a
    /// refused COPY start, else a rollback of the load's transaction.
    async fn after_failed_load(
        &self,
        conn: &mut Conn,
        err: &LoadError,
        in_transaction: bool,
    ) -> Result<(), RestoreError> {
        if matches!(err, LoadError::CopyStart(_)) && !self.options.single_transaction {
            let settings = self.settings.get().unwrap_or(&self.options.connection);
            return conn.reconnect(settings, self.toc(), self.options).await;
        }
        if in_transaction {
            let _ = conn.client().batch_execute("ROLLBACK").await;
        }
        Ok(())
    }

    fn bytes(&self, n: u64) {
        self.state().summary.bytes += n;
        self.report(&ProgressEvent::Bytes { bytes: n });
    }

    fn table_loaded(&self, dump_id: i32, rows: u64) {
        {
            let mut state = self.state();
            state.summary.tables += 1;
            state.summary.rows += rows;
        }
        self.report(&ProgressEvent::TableDone { dump_id, rows });
    }

    /// Loads one chunk of a table whose chunks load over several sessions at once.
    async fn load_chunk(&self, conn: &mut Conn, i: usize, chunk: usize) -> Outcome {
        let entry = self.entry(i);
        let copy = entry.copy_stmt.as_deref().unwrap_or("");
        let on_bytes = |n| self.bytes(n);
        let rows = self.source.rows(entry, Some(chunk), false);
        match copy_in(conn.client(), rows, copy, &on_bytes).await {
            Ok(rows) => {
                *self.state().chunk_rows.entry(entry.dump_id).or_default() += rows;
                Ok(true)
            }
            Err(e) => {
                self.after_failed_load(conn, &e, false).await?;
                self.state().data_failed.insert(entry.dump_id);
                tracing::debug!(chunk, "chunk failed");
                self.failed(i, Origin::Data, Some(copy), &e)
            }
        }
    }

    /// Loads this session's share of a big table that several sessions load from one
    /// reader.
    async fn load_part(&self, conn: &mut Conn, i: usize) -> Outcome {
        let entry = self.entry(i);
        let rows = Arc::clone(
            self.state()
                .shared
                .entry(entry.dump_id)
                .or_insert_with(|| Arc::new(SharedRows::new(self.source.rows(entry, None, true)))),
        );
        let copy = entry.copy_stmt.as_deref().unwrap_or("");
        let on_bytes = |n| self.bytes(n);
        match copy_in_shared(conn.client(), &rows, copy, &on_bytes).await {
            Ok(n) => {
                *self.state().chunk_rows.entry(entry.dump_id).or_default() += n;
                Ok(true)
            }
            Err(e) => {
                self.after_failed_load(conn, &e, false).await?;
                let first = self.state().data_failed.insert(entry.dump_id);
                // The shared stream's failure reaches every session; report it once.
                if first || !rows.failed_with(&e).await {
                    self.failed(i, Origin::Data, Some(copy), &e)
                } else {
                    Ok(false)
                }
            }
        }
    }

    /// After the chunks (or parts) of a table: a table this restore created is emptied if any chunk
    /// failed, so that it never holds part of its data.
    async fn chunks_done(&self, conn: &mut Conn, i: usize) -> Outcome {
        let entry = self.entry(i);
        let (failed, rows) = {
            let state = self.state();
            (
                state.data_failed.contains(&entry.dump_id),
                state.chunk_rows.get(&entry.dump_id).copied().unwrap_or(0),
            )
        };
        if !failed {
            self.table_loaded(entry.dump_id, rows);
            return Ok(true);
        }
        self.report(&ProgressEvent::TableDone { dump_id: entry.dump_id, rows: 0 });
        let created =
            table_of(entry, &self.by_id).is_some_and(|t| self.state().created.contains(&t));
        if created {
            let sql = format!("TRUNCATE TABLE ONLY {};", qualified_name(entry));
            self.exec(conn, i, &sql, Origin::Data).await?;
            tracing::warn!(table = %qualified_name(entry), "emptied the table after a failed chunk");
        } else {
            tracing::warn!(
                table = %qualified_name(entry),
                "a chunk failed; the table holds the rows of the other chunks"
            );
        }
        Ok(false)
    }

    /// Runs `work` on the session in a transaction of its own (within the restore's one with
    /// `--single-transaction`): COMMIT when it succeeds, ROLLBACK when it fails. `Ok(None)`:
    /// BEGIN failed (recorded).
    async fn in_transaction<T>(
        &self,
        conn: &mut Conn,
        i: usize,
        work: impl AsyncFnOnce(&tokio_postgres::Client) -> Result<T, LoadError>,
    ) -> Result<Option<Result<T, LoadError>>, RestoreError> {
        let own = !self.options.single_transaction;
        if own && !self.exec(conn, i, "BEGIN", Origin::Data).await? {
            return Ok(None);
        }
        let mut result = work(conn.client()).await;
        if own {
            result = match result {
                Ok(value) => {
                    conn.client().batch_execute("COMMIT").await.map(|()| value).map_err(Into::into)
                }
                Err(e) => {
                    let _ = conn.client().batch_execute("ROLLBACK").await;
                    Err(e)
                }
            };
        }
        Ok(Some(result))
    }

    /// Data dumped as SQL statements (`--inserts`, old large-object comments), in one
    /// transaction.
    async fn load_sql_data(&self, conn: &mut Conn, i: usize) -> Outcome {
        let entry = self.entry(i);
        let on_bytes = |n| self.bytes(n);
        let work = async |client: &tokio_postgres::Client| {
            run_inserts(client, self.source.statements(entry), &on_bytes).await
        };
        match self.in_transaction(conn, i, work).await? {
            None => Ok(false),
            Some(Ok(rows)) => {
                if is_table_data(entry) {
                    self.table_loaded(entry.dump_id, rows);
                }
                Ok(true)
            }
            Some(Err(e)) => {
                self.state().data_failed.insert(entry.dump_id);
                self.failed(i, Origin::Data, None, &e)
            }
        }
    }

    /// The large objects of a BLOBS entry, in one transaction.
    async fn load_large_objects(&self, conn: &mut Conn, i: usize) -> Outcome {
        let entry = self.entry(i);
        let oids = match self.source.large_objects(entry) {
            Ok(oids) => oids,
            Err(e) => return self.failed(i, Origin::Data, None, &LoadError::Source(e)),
        };
        let on_bytes = |n| self.bytes(n);
        let open = |oid| self.source.large_object(entry, oid);
        let work = async |client: &tokio_postgres::Client| {
            write_large_objects(client, &oids, open, &on_bytes).await
        };
        match self.in_transaction(conn, i, work).await? {
            None => Ok(false),
            Some(Ok(_)) => {
                self.state().summary.large_objects += oids.len();
                Ok(true)
            }
            Some(Err(e)) => self.failed(i, Origin::Data, None, &e),
        }
    }

    /// The unique index of a primary key or unique constraint, built ahead of the constraint
    /// on a plain table (a partitioned one cannot adopt an index: its constraint is then
    /// created as it is written).
    async fn unique_index(&self, conn: &mut Conn, i: usize) -> Outcome {
        let entry = self.entry(i);
        let Some(split) = unique_index_split(entry) else { return Ok(true) };
        if relkind(conn.client(), &split.table).await != Some('r') {
            return Ok(true);
        }
        for sql in conn.placement_for(entry, self.options.no_tablespaces) {
            if !self.exec(conn, i, &sql, Origin::Tusk).await? {
                conn.forget_placement();
            }
        }
        let ok = self.exec(conn, i, &split.create_index, Origin::Definition).await?;
        self.state().unique_index.insert(entry.dump_id, ok);
        Ok(ok)
    }

    /// `ANALYZE` of the table (or materialized view) of entry `i`, unless its data failed or
    /// it is partitioned (ANALYZE would read every partition again).
    async fn analyze(&self, conn: &mut Conn, i: usize, entry: &TocEntry) -> Outcome {
        if self.state().data_failed.contains(&entry.dump_id) {
            return Ok(false);
        }
        // Its statistics were restored from the archive.
        if self.state().statistics.contains(&relation_key(entry)) {
            return Ok(true);
        }
        let name = qualified_name(entry);
        match relkind(conn.client(), &name).await {
            Some('r' | 'm') => {}
            _ => return Ok(true),
        }
        let ok = self.exec(conn, i, &format!("ANALYZE {name};"), Origin::Tusk).await?;
        if ok {
            self.state().summary.analyzed += 1;
        }
        Ok(ok)
    }

    /// How many steps report [`ProgressEvent::StepDone`]: entries other than table data,
    /// and ANALYZE.
    fn reported_steps(&self) -> usize {
        self.plan
            .steps
            .iter()
            .filter(|s| match s.kind {
                StepKind::Entry(i) => !is_table_data(self.entry(i)),
                StepKind::Analyze(_) => true,
                _ => false,
            })
            .count()
    }

    /// Runs one scheduled step.
    async fn run_step(&self, conn: &mut Conn, kind: StepKind) -> Outcome {
        let started = Instant::now();
        let outcome = match kind {
            // Reported with the definitions, before the plan: no step of its own.
            StepKind::PreData(i) => return self.run_entry(conn, i).await,
            StepKind::Entry(i) => self.run_entry(conn, i).await,
            StepKind::Chunk { entry, chunk } => self.load_chunk(conn, entry, chunk).await,
            StepKind::Part { entry } => self.load_part(conn, entry).await,
            StepKind::ChunksDone(i) => {
                let ok = self.chunks_done(conn, i).await?;
                self.state().summary.entries += 1;
                Ok(ok)
            }
            StepKind::Analyze(i) => self.analyze(conn, i, self.entry(i)).await,
            StepKind::UniqueIndex(i) => self.unique_index(conn, i).await,
        };
        let (what, i) = match kind {
            StepKind::Entry(i) | StepKind::PreData(i) => ("", i),
            StepKind::Chunk { entry, .. } => ("chunk of ", entry),
            StepKind::Part { entry } => ("share of ", entry),
            StepKind::ChunksDone(i) => ("end of ", i),
            StepKind::Analyze(i) => ("ANALYZE of ", i),
            StepKind::UniqueIndex(i) => ("unique index of ", i),
        };
        tracing::info!(
            seconds = format_args!("{:.2}", started.elapsed().as_secs_f64()),
            ok = matches!(outcome, Ok(true)),
            "{what}{}",
            entry_ref(self.entry(i))
        );
        let dump_id = match kind {
            StepKind::Entry(i) if !is_table_data(self.entry(i)) => Some(self.entry(i).dump_id),
            StepKind::Analyze(_) => None,
            _ => return outcome,
        };
        self.report(&ProgressEvent::StepDone { dump_id });
        outcome
    }

    /// The scheduler: runs `steps` (the plan's, or a stretch of pre-data definitions) on
    /// `conns`, each as soon as its dependencies are done and no running step holds a table
    /// lock it needs, largest first.
    async fn run_steps(&self, conns: &mut Vec<Conn>, steps: &[Step]) -> Result<(), RestoreError> {
        let mut waiting: Vec<usize> = steps.iter().map(|s| s.deps.len()).collect();
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); steps.len()];
        for (s, step) in steps.iter().enumerate() {
            for &d in &step.deps {
                dependents[d].push(s);
            }
        }
        // Ready steps by (priority, width, earlier first): the pick is the last one whose
        // locks are free, found without scanning every ready step.
        let key = |s: usize| (steps[s].priority, steps[s].width, std::cmp::Reverse(s));
        let mut ready: BTreeSet<(u64, usize, std::cmp::Reverse<usize>)> =
            (0..steps.len()).filter(|&s| waiting[s] == 0).map(key).collect();
        let mut started = vec![false; steps.len()];
        let mut locked: BTreeSet<i32> = BTreeSet::new();
        let mut shared: BTreeMap<i32, usize> = BTreeMap::new();
        let mut idle: Vec<Conn> = std::mem::take(conns);
        let mut running = FuturesUnordered::new();
        let mut done = 0;
        let mut result = Ok(());
        while done < steps.len() {
            while !idle.is_empty() && !self.stop.load(Ordering::SeqCst) {
                let pick = ready.iter().rev().copied().find(|&(_, _, std::cmp::Reverse(s))| {
                    let step = &steps[s];
                    step.locks.iter().all(|l| !locked.contains(l) && !shared.contains_key(l))
                        && step.shared.iter().all(|l| !locked.contains(l))
                });
                let Some(pick) = pick else { break };
                ready.remove(&pick);
                let std::cmp::Reverse(step) = pick.2;
                started[step] = true;
                locked.extend(steps[step].locks.iter().copied());
                for l in &steps[step].shared {
                    *shared.entry(*l).or_default() += 1;
                }
                let Some(mut conn) = idle.pop() else { break };
                running.push(async move {
                    let outcome = self.run_step(&mut conn, steps[step].kind).await;
                    (conn, step, outcome)
                });
            }
            let Some((conn, step, outcome)) = running.next().await else {
                if self.stop.load(Ordering::SeqCst) {
                    break;
                }
                // Nothing runs and nothing is ready: a dependency cycle (a hand-edited list
                // can make one). Run the first waiting step anyway, as pg_restore would.
                match (0..steps.len()).find(|&s| !started[s]) {
                    Some(s) => {
                        tracing::warn!(step = s, "dependency cycle among the entries; going on");
                        waiting[s] = 0;
                        ready.insert(key(s));
                        continue;
                    }
                    None => break,
                }
            };
            idle.push(conn);
            done += 1;
            for l in &steps[step].locks {
                locked.remove(l);
            }
            for l in &steps[step].shared {
                if let Some(n) = shared.get_mut(l) {
                    *n -= 1;
                    if *n == 0 {
                        shared.remove(l);
                    }
                }
            }
            if let Err(e) = outcome {
                self.stop.store(true, Ordering::SeqCst);
                if result.is_ok() {
                    result = Err(e);
                }
                continue;
            }
            for &d in &dependents[step] {
                waiting[d] = waiting[d].saturating_sub(1);
                if waiting[d] == 0 && !started[d] {
                    ready.insert(key(d));
                }
            }
        }
        while let Some((conn, _, _)) = running.next().await {
            idle.push(conn);
        }
        *conns = idle;
        result
    }
}

/// The SQLSTATE and message of a load failure.
fn describe(err: &LoadError) -> (Option<String>, String) {
    match err {
        LoadError::Server(e) | LoadError::CopyStart(e) => match e.as_db_error() {
            Some(db) => {
                let mut message = db.message().to_owned();
                if let Some(detail) = db.detail() {
                    message.push_str(&format!(" ({detail})"));
                }
                if let Some(context) = db.where_() {
                    message.push_str(&format!("; {}", context.replace('\n', "; ")));
                }
                (Some(db.code().code().to_owned()), message)
            }
            None => (None, e.to_string()),
        },
        LoadError::Source(e) => (None, e.to_string()),
    }
}

fn entry_ref(entry: &TocEntry) -> EntryRef {
    EntryRef {
        dump_id: Some(entry.dump_id),
        desc: entry.desc.clone(),
        namespace: entry.namespace.clone().filter(|n| !n.is_empty()),
        tag: entry.tag.clone().unwrap_or_default(),
    }
}

/// `COPY … FROM stdin;` with `WITH (FREEZE)`.
fn with_freeze(copy: &str) -> String {
    let stmt = copy.trim_end().trim_end_matches(';');
    format!("{stmt} WITH (FREEZE);")
}

/// The relkind of relation `name` (quoted, qualified), if it exists.
async fn relkind(client: &tokio_postgres::Client, name: &str) -> Option<char> {
    let row = client
        .query_opt(
            "SELECT c.relkind::text FROM pg_catalog.pg_class c \
             WHERE c.oid = pg_catalog.to_regclass($1)",
            &[&name],
        )
        .await
        .ok()??;
    let kind: String = row.try_get(0).ok()?;
    kind.chars().next()
}

/// Whether entries of type `desc` can be the parent of a table (inheritance, partitions,
/// typed tables' relations): creating a child locks it.
fn is_parent_relation(desc: &str) -> bool {
    matches!(desc, "TABLE" | "FOREIGN TABLE")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freeze_is_appended_to_copy() {
        assert_eq!(
            with_freeze("COPY public.t (a, b) FROM stdin;\n"),
            "COPY public.t (a, b) FROM stdin WITH (FREEZE);"
        );
    }
}
