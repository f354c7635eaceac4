//! Reading the catalog: one query per object kind, whatever the number of tables.
//!
//! Each query is a `.sql` file under `src/sql/` (loaded with `include_str!`) whose header
//! names the oldest server it runs on and what it returns. Version differences are separate
//! small files (`columns_13.sql`/`columns_14.sql` for `attcompression`,
//! `ranges_13.sql`/`ranges_14.sql` for multirange types,
//! `base_types_13.sql`/`base_types_14.sql` for `typsubscript`,
//! `indexes_13.sql`/`indexes_15.sql` for `indnullsnotdistinct`,
//! `collations_13.sql`/`_15`/`_16`/`_17` for the ICU locale's and rules' columns,
//! `casts_13.sql`/`casts_14.sql` for the range-to-multirange casts left out,
//! `publications_13.sql`/`_18` for `pubgencols`, `publication_rels_13.sql`/`_15` for column
//! lists and row filters, `publication_schemas.sql` only from 15 (TABLES IN SCHEMA),
//! `subscriptions_13.sql`/`_14`/`_15`/`_16`/`_17` for the options each added), each picked
//! by its rule in [`crate::versions`]; everything else runs on 13–18 unchanged (the
//! `pg_constraint` rows of NOT NULL constraints, 17's for domains and 18's for tables, are
//! read by the same SQL everywhere: older servers have none). Subscriptions are read only
//! when the session's user is a superuser (`server.sql` says), as pg_dump does: their
//! connection strings are readable by no one else, so for anyone else
//! `subscription_names.sql` lists them as not covered.
//! Per-relation queries take the OIDs of all relations at once
//! (`= ANY($1::oid[])`), so the count of round trips is fixed (so do the per-type queries).
//! The one exception is the current value of sequences, which is only readable from each
//! sequence itself: it is read with one `UNION ALL` statement per [`SEQUENCE_BATCH`]
//! sequences (and one for the extensions' configuration sequences, which
//! `partial_objects.sql` finds).
//!
//! Where it runs: on the caller's connections, inside the caller's transactions.
//! [`read_catalog`] uses one connection (the dump leader's REPEATABLE READ snapshot);
//! [`read_catalog_on`] spreads the queries over several connections whose transactions all
//! read the same snapshot (the leader's and sessions that imported it with
//! `SET TRANSACTION SNAPSHOT`). Each connection first runs `server.sql`, which sets
//! `search_path` to `''` for the rest of its transaction (`set_config(…, true)`), as pg_dump
//! does for its session, so that deparsed SQL (format_type, pg_get_expr, pg_get_indexdef, …)
//! qualifies every name. Then every connection takes the next query from one shared queue as
//! soon as it is free: `tables.sql` first, then the queries that need nothing else; the
//! per-relation queries join the front of the queue once `tables.sql`'s rows are in (and the
//! per-type ones once `types.sql`'s are). With several connections the costliest query,
//! `indexes` (pg_get_indexdef and pg_get_constraintdef of every index: the server loads each
//! index's cache entries, cold in every session), is cut into parts of contiguous, equally
//! many relation OIDs ([`PARTS_PER_CONNECTION`] per connection). The other per-relation
//! queries are not: most of their cost is the scan of their catalog table, which every part
//! would repeat (a quarter of the OIDs still takes about 60 % of the time of `columns`). The
//! rows are only turned into the [`Catalog`] once every query has answered, in one fixed
//! order, with a split query's parts joined in OID order, which is its `ORDER BY`: the
//! catalog is the same whatever the number of connections.

use std::borrow::Cow;
use std::collections::{BTreeMap, VecDeque};
use std::pin::pin;
use std::sync::{Mutex, PoisonError};

use tokio::sync::Notify;
use tokio_postgres::types::FromSql;
use tokio_postgres::{GenericClient, Row};
use tusk_pg::quote::{quote_literal, quote_qualified};

use crate::error::{Error, Result};
use crate::model::{
    AccessMethod, Cast, Collation, Conversion, FunctionRef, Language, OpClass, OpFamily, OpMember,
    Operator, PG_OPCLASS, PG_OPFAMILY, StatisticsExt, Transform, TsConfig, TsDictionary, TsParser,
    TsTemplate,
};
use crate::model::{
    Acl, Aggregate, AttrDef, Catalog, CheckConstraint, Column, Comment, CompositeAttribute,
    DefaultAcl, Depend, DomainCheck, Extension, ForeignKey, Function, Index, IndexConstraint,
    NotCovered, NotNullConstraint, ObjectId, Policy, RangeInfo, RelKind, Rule, Schema,
    SequenceInfo, Table, Trigger, Type, TypeKind, ViewRule,
};
use crate::model::{BaseTypeInfo, ColumnAcl, ConfigData, PartialKind, PartialObject};
use crate::model::{
    EventTrigger, ForeignDataWrapper, ForeignServer, ForeignTableInfo, Publication, PublicationRel,
    PublicationSchema, Subscription, UserMapping,
};
use crate::versions;

/// How many sequences one `SEQUENCE SET` value query reads.
pub const SEQUENCE_BATCH: usize = 500;

/// Into how many parts per connection [`read_catalog_on`] cuts the `indexes` query's relation
/// OIDs (with one connection it is not cut). More parts than connections let a connection
/// that finished its other queries early take a larger share.
pub const PARTS_PER_CONNECTION: usize = 2;

/// What to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Only these schemas (and the objects in them); `None` for every non-system schema.
    pub schemas: Option<Vec<String>>,
}

struct Query {
    name: &'static str,
    sql: &'static str,
}

macro_rules! query {
    ($file:literal) => {
        Query { name: $file, sql: include_str!(concat!("sql/", $file)) }
    };
}

const SERVER: Query = query!("server.sql");
const SCHEMAS: Query = query!("schemas.sql");
const EXTENSIONS: Query = query!("extensions.sql");
const EXTENSION_MEMBERS: Query = query!("extension_members.sql");
const TYPES: Query = query!("types.sql");
const DOMAIN_CHECKS: Query = query!("domain_checks.sql");
const COMPOSITE_ATTRIBUTES: Query = query!("composite_attributes.sql");
const RANGES_13: Query = query!("ranges_13.sql");
const RANGES_14: Query = query!("ranges_14.sql");
const BASE_TYPES_13: Query = query!("base_types_13.sql");
const BASE_TYPES_14: Query = query!("base_types_14.sql");
const PARTIAL_OBJECTS: Query = query!("partial_objects.sql");
const FUNCTIONS_13: Query = query!("functions_13.sql");
const FUNCTIONS_14: Query = query!("functions_14.sql");
const AGGREGATES: Query = query!("aggregates.sql");
const TABLES: Query = query!("tables.sql");
const VIEW_RULES: Query = query!("view_rules.sql");
const MATVIEW_REFRESH_DEPS: Query = query!("matview_refresh_deps.sql");
const RULES: Query = query!("rules.sql");
const TRIGGERS_13: Query = query!("triggers_13.sql");
const TRIGGERS_15: Query = query!("triggers_15.sql");
const POLICIES: Query = query!("policies.sql");
const INHERITS: Query = query!("inherits.sql");
const COLUMNS_13: Query = query!("columns_13.sql");
const COLUMNS_14: Query = query!("columns_14.sql");
const ATTRDEFS: Query = query!("attrdefs.sql");
const CHECKS: Query = query!("check_constraints.sql");
const FKS: Query = query!("fk_constraints.sql");
const INDEXES_13: Query = query!("indexes_13.sql");
const INDEXES_15: Query = query!("indexes_15.sql");
const SEQUENCES: Query = query!("sequences.sql");
const COMMENTS: Query = query!("comments.sql");
const ACLS: Query = query!("acls.sql");
const DEFAULT_ACLS: Query = query!("default_acls.sql");
const DEPEND: Query = query!("depend.sql");
const NOT_COVERED: Query = query!("not_covered.sql");
const COLLATIONS_13: Query = query!("collations_13.sql");
const COLLATIONS_15: Query = query!("collations_15.sql");
const COLLATIONS_16: Query = query!("collations_16.sql");
const COLLATIONS_17: Query = query!("collations_17.sql");
const STATISTICS: Query = query!("statistics.sql");
const TS_PARSERS: Query = query!("ts_parsers.sql");
const TS_TEMPLATES: Query = query!("ts_templates.sql");
const TS_DICTIONARIES: Query = query!("ts_dictionaries.sql");
const TS_CONFIGS: Query = query!("ts_configs.sql");
const OPERATORS: Query = query!("operators.sql");
const OPCLASSES: Query = query!("opclasses.sql");
const OPFAMILIES: Query = query!("opfamilies.sql");
const OPCLASS_MEMBERS: Query = query!("opclass_members.sql");
const CASTS_13: Query = query!("casts_13.sql");
const CASTS_14: Query = query!("casts_14.sql");
const CONVERSIONS: Query = query!("conversions.sql");
const LANGUAGES: Query = query!("languages.sql");
const TRANSFORMS: Query = query!("transforms.sql");
const ACCESS_METHODS: Query = query!("access_methods.sql");
const FOREIGN_DATA_WRAPPERS: Query = query!("foreign_data_wrappers.sql");
const FOREIGN_SERVERS: Query = query!("foreign_servers.sql");
const USER_MAPPINGS: Query = query!("user_mappings.sql");
const FOREIGN_TABLES: Query = query!("foreign_tables.sql");
const EVENT_TRIGGERS: Query = query!("event_triggers.sql");
const PUBLICATIONS_13: Query = query!("publications_13.sql");
const PUBLICATIONS_18: Query = query!("publications_18.sql");
const PUBLICATION_RELS_13: Query = query!("publication_rels_13.sql");
const PUBLICATION_RELS_15: Query = query!("publication_rels_15.sql");
const PUBLICATION_SCHEMAS: Query = query!("publication_schemas.sql");
const SUBSCRIPTIONS_13: Query = query!("subscriptions_13.sql");
const SUBSCRIPTIONS_14: Query = query!("subscriptions_14.sql");
const SUBSCRIPTIONS_15: Query = query!("subscriptions_15.sql");
const SUBSCRIPTIONS_16: Query = query!("subscriptions_16.sql");
const SUBSCRIPTIONS_17: Query = query!("subscriptions_17.sql");
const SUBSCRIPTION_NAMES: Query = query!("subscription_names.sql");
const SEQUENCE_VALUES: &str = "sequence values";
/// The values of the extensions' configuration sequences (as [`SEQUENCE_VALUES`]).
const CONFIG_SEQUENCE_VALUES: &str = "configuration sequence values";

/// The version variants of the queries that have them, each chosen by its rule in
/// [`versions`].
fn functions_query(version: i32) -> &'static Query {
    if versions::sql_standard_function_bodies(version) { &FUNCTIONS_14 } else { &FUNCTIONS_13 }
}

fn ranges_query(version: i32) -> &'static Query {
    if versions::multiranges(version) { &RANGES_14 } else { &RANGES_13 }
}

fn base_types_query(version: i32) -> &'static Query {
    if versions::typsubscript(version) { &BASE_TYPES_14 } else { &BASE_TYPES_13 }
}

fn columns_query(version: i32) -> &'static Query {
    if versions::attcompression(version) { &COLUMNS_14 } else { &COLUMNS_13 }
}

fn triggers_query(version: i32) -> &'static Query {
    if versions::partition_triggers_not_internal(version) { &TRIGGERS_15 } else { &TRIGGERS_13 }
}

fn indexes_query(version: i32) -> &'static Query {
    if versions::nulls_not_distinct(version) { &INDEXES_15 } else { &INDEXES_13 }
}

fn collations_query(version: i32) -> &'static Query {
    if versions::colllocale(version) {
        &COLLATIONS_17
    } else if versions::icu_rules(version) {
        &COLLATIONS_16
    } else if versions::colliculocale(version) {
        &COLLATIONS_15
    } else {
        &COLLATIONS_13
    }
}

fn casts_query(version: i32) -> &'static Query {
    if versions::multiranges(version) { &CASTS_14 } else { &CASTS_13 }
}

fn publications_query(version: i32) -> &'static Query {
    if versions::publication_generated_columns(version) {
        &PUBLICATIONS_18
    } else {
        &PUBLICATIONS_13
    }
}

fn publication_rels_query(version: i32) -> &'static Query {
    if versions::publication_column_lists_and_row_filters(version) {
        &PUBLICATION_RELS_15
    } else {
        &PUBLICATION_RELS_13
    }
}

/// The subscriptions' query for a superuser; for anyone else only their names, to report.
fn subscriptions_query(version: i32, superuser: bool) -> &'static Query {
    if !superuser {
        &SUBSCRIPTION_NAMES
    } else if versions::subscription_failover(version) {
        &SUBSCRIPTIONS_17
    } else if versions::subscription_origin_and_owner_options(version) {
        &SUBSCRIPTIONS_16
    } else if versions::subscription_two_phase_and_disable_on_error(version) {
        &SUBSCRIPTIONS_15
    } else if versions::subscription_binary_and_streaming(version) {
        &SUBSCRIPTIONS_14
    } else {
        &SUBSCRIPTIONS_13
    }
}

fn get<'a, T: FromSql<'a>>(row: &'a Row, query: &'static str, column: &'static str) -> Result<T> {
    row.try_get(column).map_err(|source| Error::Column { query, column, source })
}

fn char_of(text: &str) -> Option<char> {
    text.chars().next()
}

fn rel_kind(relkind: &str) -> RelKind {
    match relkind {
        "p" => RelKind::PartitionedTable,
        "S" => RelKind::Sequence,
        "v" => RelKind::View,
        "m" => RelKind::MatView,
        "f" => RelKind::ForeignTable,
        _ => RelKind::Table,
    }
}

fn type_kind(typtype: &str) -> TypeKind {
    match typtype {
        "e" => TypeKind::Enum,
        "c" => TypeKind::Composite,
        "d" => TypeKind::Domain,
        "b" => TypeKind::Base,
        "p" => TypeKind::Undefined,
        _ => TypeKind::Range,
    }
}

/// The one parameter of a catalog query.
enum Param {
    None,
    /// `$1`: the schema names to keep (`text[]`, NULL for all).
    Schemas(Option<Vec<String>>),
    /// `$1`: relation or type OIDs (`oid[]`).
    Oids(Vec<u32>),
}

/// What a query's rows add to the queue once they are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FollowUp {
    None,
    /// The per-type queries (`types.sql`).
    Types,
    /// The per-relation queries (`tables.sql`).
    Tables,
    /// The values of the configuration sequences (`partial_objects.sql`).
    Partial,
}

/// One statement to run: a query, or one part of a split query.
struct Job {
    /// The query's name (its `.sql` file), for errors and to file its rows.
    name: &'static str,
    /// The part number of a split query (0 otherwise): parts are joined in this order.
    part: usize,
    sql: Cow<'static, str>,
    param: Param,
    follow_up: FollowUp,
}

impl Job {
    fn new(query: &'static Query, param: Param) -> Self {
        Self {
            name: query.name,
            part: 0,
            sql: Cow::Borrowed(query.sql),
            param,
            follow_up: FollowUp::None,
        }
    }

    fn then(mut self, follow_up: FollowUp) -> Self {
        self.follow_up = follow_up;
        self
    }

    /// `query` over `oids`, cut into at most `parts` parts of contiguous OIDs (in ascending
    /// order, so that the parts' rows, joined in part order, are in the query's
    /// `ORDER BY relid, …` order).
    fn split(query: &'static Query, oids: &[u32], parts: usize) -> Vec<Self> {
        let mut sorted = oids.to_vec();
        sorted.sort_unstable();
        let size = sorted.len().div_ceil(parts.max(1)).max(1);
        let mut jobs: Vec<Self> = sorted
            .chunks(size)
            .enumerate()
            .map(|(part, chunk)| Self { part, ..Self::new(query, Param::Oids(chunk.to_vec())) })
            .collect();
        if jobs.is_empty() {
            // No relations: still one (empty) query, as with one part.
            jobs.push(Self::new(query, Param::Oids(Vec::new())));
        }
        jobs
    }
}

/// The rows fetched so far, by query name and part.
#[derive(Default)]
struct Fetched(BTreeMap<(&'static str, usize), Vec<Row>>);

impl Fetched {
    /// The rows of query `name`, its parts joined in part order (none if it did not run).
    fn take(&mut self, name: &'static str) -> Vec<Row> {
        let keys: Vec<(&'static str, usize)> =
            self.0.range((name, 0)..=(name, usize::MAX)).map(|(k, _)| *k).collect();
        let mut rows = Vec::new();
        for key in keys {
            rows.extend(self.0.remove(&key).unwrap_or_default());
        }
        rows
    }
}

/// The jobs the connections take from, and the rows they bring back.
struct Queue {
    state: Mutex<QueueState>,
    /// Signalled when jobs are added or a job with follow-ups ends.
    changed: Notify,
    version: i32,
    /// Parts of a split query.
    parts: usize,
}

struct QueueState {
    jobs: VecDeque<Job>,
    /// Jobs running whose follow-ups are not queued yet.
    producing: usize,
    fetched: Fetched,
}

enum Next {
    Run(Job),
    Wait,
    Done,
}

impl Queue {
    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn next(&self) -> Next {
        let mut state = self.lock();
        match state.jobs.pop_front() {
            Some(job) => {
                if job.follow_up != FollowUp::None {
                    state.producing += 1;
                }
                Next::Run(job)
            }
            None if state.producing > 0 => Next::Wait,
            None => Next::Done,
        }
    }

    /// Files `job`'s rows and puts `more` at the front of the queue, in that order.
    fn done(&self, job: &Job, rows: Vec<Row>, more: Vec<Job>) {
        let mut state = self.lock();
        state.fetched.0.insert((job.name, job.part), rows);
        let woken = job.follow_up != FollowUp::None || !more.is_empty();
        if job.follow_up != FollowUp::None {
            state.producing = state.producing.saturating_sub(1);
        }
        for next in more.into_iter().rev() {
            state.jobs.push_front(next);
        }
        drop(state);
        if woken {
            self.changed.notify_waiters();
        }
    }

    /// The queries that `job`'s rows call for.
    fn follow_ups(&self, job: &Job, rows: &[Row]) -> Result<Vec<Job>> {
        match job.follow_up {
            FollowUp::None => Ok(Vec::new()),
            FollowUp::Types => type_jobs(rows, self.version),
            FollowUp::Tables => table_jobs(rows, self.version, self.parts),
            FollowUp::Partial => partial_jobs(rows),
        }
    }
}

/// Runs `job` on `client`.
async fn fetch<C: GenericClient + Sync>(client: &C, job: &Job) -> Result<Vec<Row>> {
    tracing::debug!(query = job.name, part = job.part, "reading catalog");
    let sql: &str = &job.sql;
    let rows = match &job.param {
        Param::None => client.query(sql, &[]).await,
        Param::Schemas(schemas) => client.query(sql, &[schemas]).await,
        Param::Oids(oids) => client.query(sql, &[oids]).await,
    };
    rows.map_err(|source| Error::Query { query: job.name, source })
}

/// One connection's share: takes jobs from `queue` until none is left or can come.
async fn work<C: GenericClient + Sync>(client: &C, queue: &Queue) -> Result<()> {
    loop {
        // Registered before looking at the queue, so a change in between is not missed.
        let mut changed = pin!(queue.changed.notified());
        changed.as_mut().enable();
        match queue.next() {
            Next::Run(job) => {
                let rows = fetch(client, &job).await?;
                let more = queue.follow_ups(&job, &rows)?;
                queue.done(&job, rows, more);
            }
            Next::Wait => changed.await,
            Next::Done => return Ok(()),
        }
    }
}

/// The per-type queries, from `types.sql`'s rows.
fn type_jobs(rows: &[Row], version: i32) -> Result<Vec<Job>> {
    let n = TYPES.name;
    let (mut domains, mut composites, mut ranges) = (Vec::new(), Vec::new(), Vec::new());
    let mut bases = Vec::new();
    for row in rows {
        let oid: u32 = get(row, n, "oid")?;
        let typtype: String = get(row, n, "typtype")?;
        match type_kind(&typtype) {
            TypeKind::Domain => domains.push(oid),
            TypeKind::Composite => composites.push(oid),
            TypeKind::Range => ranges.push(oid),
            TypeKind::Base => bases.push(oid),
            TypeKind::Enum | TypeKind::Undefined => {}
        }
    }
    let mut jobs = Vec::new();
    for (query, oids) in [
        (&DOMAIN_CHECKS, domains),
        (&COMPOSITE_ATTRIBUTES, composites),
        (ranges_query(version), ranges),
        (base_types_query(version), bases),
    ] {
        if !oids.is_empty() {
            jobs.push(Job::new(query, Param::Oids(oids)));
        }
    }
    Ok(jobs)
}

/// `SELECT oid AS relid, last_value::text AS last_value, is_called FROM sequence`, joined by
/// `UNION ALL`, for each (OID, quoted qualified name).
fn sequence_values_sql(sequences: &[(u32, String)]) -> String {
    let mut sql = String::new();
    for (k, (oid, qualified)) in sequences.iter().enumerate() {
        if k > 0 {
            sql.push_str("\nUNION ALL\n");
        }
        sql.push_str(&format!(
            "SELECT {oid}::pg_catalog.oid AS relid, last_value::text AS last_value, \
             is_called FROM {qualified}"
        ));
    }
    sql
}

/// The values of the extensions' configuration sequences, from `partial_objects.sql`'s rows
/// (one statement: an extension registers few).
fn partial_jobs(rows: &[Row]) -> Result<Vec<Job>> {
    let n = PARTIAL_OBJECTS.name;
    let mut sequences = Vec::new();
    for row in rows {
        let subid: i32 = get(row, n, "subid")?;
        let relkind: Option<String> = get(row, n, "relkind")?;
        let condition: Option<String> = get(row, n, "config_condition")?;
        if subid != 0 || relkind.as_deref() != Some("S") || condition.is_none() {
            continue;
        }
        let schema: Option<String> = get(row, n, "schema")?;
        let name: String = get(row, n, "name")?;
        let oid: u32 = get(row, n, "objid")?;
        sequences.push((oid, quote_qualified(schema.as_deref().unwrap_or(""), &name)));
    }
    if sequences.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vec![Job {
        name: CONFIG_SEQUENCE_VALUES,
        part: 0,
        sql: Cow::Owned(sequence_values_sql(&sequences)),
        param: Param::None,
        follow_up: FollowUp::None,
    }])
}

/// The per-relation queries, from `tables.sql`'s rows, costliest first; `indexes` cut into
/// `parts` parts.
fn table_jobs(rows: &[Row], version: i32, parts: usize) -> Result<Vec<Job>> {
    let n = TABLES.name;
    let mut oids = Vec::with_capacity(rows.len());
    let mut views = Vec::new();
    let mut sequences = Vec::new();
    let mut foreign = Vec::new();
    for row in rows {
        let oid: u32 = get(row, n, "oid")?;
        let relkind: String = get(row, n, "relkind")?;
        oids.push(oid);
        match rel_kind(&relkind) {
            RelKind::View | RelKind::MatView => views.push(oid),
            RelKind::Sequence => {
                let schema: String = get(row, n, "schema")?;
                let name: String = get(row, n, "name")?;
                sequences.push((oid, quote_qualified(&schema, &name)));
            }
            RelKind::ForeignTable => foreign.push(oid),
            RelKind::Table | RelKind::PartitionedTable => {}
        }
    }
    let mut jobs = Job::split(indexes_query(version), &oids, parts);
    for query in [
        columns_query(version),
        &ATTRDEFS,
        &CHECKS,
        &FKS,
        triggers_query(version),
        &RULES,
        &POLICIES,
        &INHERITS,
    ] {
        jobs.push(Job::new(query, Param::Oids(oids.clone())));
    }
    if !foreign.is_empty() {
        jobs.push(Job::new(&FOREIGN_TABLES, Param::Oids(foreign)));
    }
    if !views.is_empty() {
        jobs.push(Job::new(&VIEW_RULES, Param::Oids(views)));
        jobs.push(Job::new(&MATVIEW_REFRESH_DEPS, Param::None));
    }
    if !sequences.is_empty() {
        let seq_oids: Vec<u32> = sequences.iter().map(|(oid, _)| *oid).collect();
        jobs.push(Job::new(&SEQUENCES, Param::Oids(seq_oids)));
        // Current values: one statement per batch of sequences.
        for (part, batch) in sequences.chunks(SEQUENCE_BATCH).enumerate() {
            jobs.push(Job {
                name: SEQUENCE_VALUES,
                part,
                sql: Cow::Owned(sequence_values_sql(batch)),
                param: Param::None,
                follow_up: FollowUp::None,
            });
        }
    }
    Ok(jobs)
}

/// Reads everything this crate models through `client` (a connection or a transaction), inside
/// the caller's transaction. Servers 13 to 18.
pub async fn read_catalog<C: GenericClient + Sync>(
    client: &C,
    options: &ReadOptions,
) -> Result<Catalog> {
    read_catalog_on(&[client], options).await
}

/// Reads everything this crate models, as [`read_catalog`] does, with the queries spread over
/// `clients` (connections or transactions) that all read the same snapshot: REPEATABLE READ
/// (or SERIALIZABLE) transactions of which all but one imported the other's exported
/// snapshot. Independent queries run on the clients at once and the costliest per-relation
/// queries are cut into parts (see the module documentation); the result is the same as
/// [`read_catalog`]'s on any one of them. Each transaction's `search_path` is `''` afterwards.
/// Fails with [`Error::NoClient`] if `clients` is empty. Servers 13 to 18.
pub async fn read_catalog_on<C: GenericClient + Sync>(
    clients: &[&C],
    options: &ReadOptions,
) -> Result<Catalog> {
    if clients.is_empty() {
        return Err(Error::NoClient);
    }
    // server.sql on every client first: it sets the search_path the deparse functions need.
    let server_job = Job::new(&SERVER, Param::None);
    let server = futures_util::future::try_join_all(
        clients.iter().map(|client| fetch(*client, &server_job)),
    )
    .await?;
    let (version, superuser): (i32, bool) = match server.first().and_then(|rows| rows.first()) {
        Some(row) => {
            (get(row, SERVER.name, "server_version_num")?, get(row, SERVER.name, "is_superuser")?)
        }
        None => (0, false),
    };
    if !versions::supported(version) {
        return Err(Error::UnsupportedServer { version });
    }
    let schemas = || Param::Schemas(options.schemas.clone());
    // tables.sql first: the per-relation queries, the bulk of the work, wait for it.
    let mut jobs = VecDeque::from([
        Job::new(&TABLES, schemas()).then(FollowUp::Tables),
        Job::new(&TYPES, schemas()).then(FollowUp::Types),
        Job::new(&DEPEND, Param::None),
        Job::new(&NOT_COVERED, Param::None),
        Job::new(&ACLS, schemas()),
        Job::new(&COMMENTS, Param::None),
        Job::new(functions_query(version), schemas()),
        Job::new(&EXTENSION_MEMBERS, Param::None),
        Job::new(&PARTIAL_OBJECTS, Param::None).then(FollowUp::Partial),
        Job::new(&AGGREGATES, schemas()),
        Job::new(&SCHEMAS, schemas()),
        Job::new(&EXTENSIONS, schemas()),
        Job::new(&DEFAULT_ACLS, schemas()),
        Job::new(&STATISTICS, schemas()),
        Job::new(collations_query(version), schemas()),
        Job::new(&TS_PARSERS, schemas()),
        Job::new(&TS_TEMPLATES, schemas()),
        Job::new(&TS_DICTIONARIES, schemas()),
        Job::new(&TS_CONFIGS, schemas()),
        Job::new(&OPERATORS, schemas()),
        Job::new(&OPCLASSES, schemas()),
        Job::new(&OPFAMILIES, schemas()),
        Job::new(&OPCLASS_MEMBERS, Param::None),
        Job::new(casts_query(version), Param::None),
        Job::new(&CONVERSIONS, schemas()),
        Job::new(&LANGUAGES, Param::None),
        Job::new(&TRANSFORMS, Param::None),
        Job::new(&ACCESS_METHODS, Param::None),
        Job::new(&FOREIGN_DATA_WRAPPERS, Param::None),
        Job::new(&FOREIGN_SERVERS, Param::None),
        Job::new(&USER_MAPPINGS, Param::None),
        Job::new(&EVENT_TRIGGERS, Param::None),
        Job::new(publications_query(version), Param::None),
        Job::new(publication_rels_query(version), Param::None),
        Job::new(subscriptions_query(version, superuser), Param::None),
    ]);
    if versions::publication_schemas(version) {
        jobs.push_back(Job::new(&PUBLICATION_SCHEMAS, Param::None));
    }
    let parts = if clients.len() > 1 { clients.len() * PARTS_PER_CONNECTION } else { 1 };
    let queue = Queue {
        state: Mutex::new(QueueState { jobs, producing: 0, fetched: Fetched::default() }),
        changed: Notify::new(),
        version,
        parts,
    };
    futures_util::future::try_join_all(clients.iter().map(|client| work(*client, &queue))).await?;
    let mut fetched = std::mem::take(&mut queue.lock().fetched);
    build(&mut fetched, version, superuser)
}

/// The catalog from the rows of every query, in one fixed order.
fn build(fetched: &mut Fetched, version: i32, superuser: bool) -> Result<Catalog> {
    let mut catalog = Catalog { server_version_num: version, ..Catalog::default() };

    for row in fetched.take(SCHEMAS.name) {
        let n = SCHEMAS.name;
        catalog.schemas.push(Schema {
            oid: get(&row, n, "oid")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            owned_by_db_owner: get(&row, n, "owned_by_db_owner")?,
        });
    }
    for row in fetched.take(EXTENSIONS.name) {
        let n = EXTENSIONS.name;
        catalog.extensions.push(Extension {
            oid: get(&row, n, "oid")?,
            name: get(&row, n, "name")?,
            schema: get(&row, n, "schema")?,
            builtin: get(&row, n, "builtin")?,
        });
    }
    for row in fetched.take(EXTENSION_MEMBERS.name) {
        let n = EXTENSION_MEMBERS.name;
        catalog.extension_members.push((
            ObjectId::new(get(&row, n, "classid")?, get(&row, n, "objid")?),
            get(&row, n, "extension")?,
        ));
    }

    read_types(fetched, &mut catalog)?;
    read_functions(fetched, &mut catalog)?;
    read_aggregates(fetched, &mut catalog)?;
    read_tables(fetched, &mut catalog)?;
    read_collations(fetched, &mut catalog)?;
    read_statistics(fetched, &mut catalog)?;
    read_text_search(fetched, &mut catalog)?;
    read_operators(fetched, &mut catalog)?;
    read_operator_classes(fetched, &mut catalog)?;
    read_extensibility(fetched, &mut catalog)?;
    read_foreign(fetched, &mut catalog)?;
    read_replication(fetched, &mut catalog, superuser)?;
    read_partial_objects(fetched, &mut catalog)?;

    for row in fetched.take(COMMENTS.name) {
        let n = COMMENTS.name;
        catalog.comments.push(Comment {
            object: ObjectId::new(get(&row, n, "classoid")?, get(&row, n, "objoid")?),
            subid: get(&row, n, "objsubid")?,
            text: get(&row, n, "description")?,
        });
    }
    for row in fetched.take(ACLS.name) {
        let n = ACLS.name;
        catalog.acls.push(Acl {
            object: ObjectId::new(get(&row, n, "classid")?, get(&row, n, "objid")?),
            subid: get(&row, n, "subid")?,
            acl: get(&row, n, "acl")?,
            default: get(&row, n, "acldefault")?,
        });
    }
    for row in fetched.take(DEFAULT_ACLS.name) {
        let n = DEFAULT_ACLS.name;
        let objtype: String = get(&row, n, "objtype")?;
        catalog.default_acls.push(DefaultAcl {
            oid: get(&row, n, "oid")?,
            role: get(&row, n, "role")?,
            schema: get(&row, n, "schema")?,
            objtype: char_of(&objtype).unwrap_or('r'),
            acl: get(&row, n, "acl")?,
            default: get(&row, n, "acldefault")?,
        });
    }
    for row in fetched.take(DEPEND.name) {
        let n = DEPEND.name;
        let deptype: String = get(&row, n, "deptype")?;
        catalog.depends.push(Depend {
            object: ObjectId::new(get(&row, n, "classid")?, get(&row, n, "objid")?),
            referenced: ObjectId::new(get(&row, n, "refclassid")?, get(&row, n, "refobjid")?),
            deptype: char_of(&deptype).unwrap_or('n'),
        });
    }
    for row in fetched.take(NOT_COVERED.name) {
        let n = NOT_COVERED.name;
        catalog.not_covered.push(NotCovered {
            kind: get(&row, n, "kind")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
        });
    }
    Ok(catalog)
}

fn read_collations(fetched: &mut Fetched, catalog: &mut Catalog) -> Result<()> {
    let n = collations_query(catalog.server_version_num).name;
    for row in fetched.take(n) {
        let provider: String = get(&row, n, "provider")?;
        catalog.collations.push(Collation {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            provider: char_of(&provider).unwrap_or('c'),
            deterministic: get(&row, n, "deterministic")?,
            collate: get(&row, n, "collate")?,
            ctype: get(&row, n, "ctype")?,
            locale: get(&row, n, "locale")?,
            icu_rules: get(&row, n, "icu_rules")?,
            encoding: get(&row, n, "encoding")?,
        });
    }
    Ok(())
}

fn read_statistics(fetched: &mut Fetched, catalog: &mut Catalog) -> Result<()> {
    let n = STATISTICS.name;
    for row in fetched.take(n) {
        catalog.statistics.push(StatisticsExt {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            table: get(&row, n, "relid")?,
            definition: get(&row, n, "definition")?,
            stat_target: get(&row, n, "stat_target")?,
        });
    }
    Ok(())
}

fn read_text_search(fetched: &mut Fetched, catalog: &mut Catalog) -> Result<()> {
    let n = TS_PARSERS.name;
    for row in fetched.take(n) {
        catalog.ts_parsers.push(TsParser {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            start: get(&row, n, "start")?,
            gettoken: get(&row, n, "gettoken")?,
            end: get(&row, n, "end_fn")?,
            headline: get(&row, n, "headline")?,
            lextypes: get(&row, n, "lextypes")?,
        });
    }
    let n = TS_TEMPLATES.name;
    for row in fetched.take(n) {
        catalog.ts_templates.push(TsTemplate {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            init: get(&row, n, "init")?,
            lexize: get(&row, n, "lexize")?,
        });
    }
    let n = TS_DICTIONARIES.name;
    for row in fetched.take(n) {
        catalog.ts_dictionaries.push(TsDictionary {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            template: (get(&row, n, "template_schema")?, get(&row, n, "template_name")?),
            options: get(&row, n, "options")?,
        });
    }
    let n = TS_CONFIGS.name;
    for row in fetched.take(n) {
        let tokens: Vec<String> = get(&row, n, "map_tokens")?;
        let dicts: Vec<String> = get(&row, n, "map_dicts")?;
        catalog.ts_configs.push(TsConfig {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            parser: (get(&row, n, "parser_schema")?, get(&row, n, "parser_name")?),
            mappings: tokens.into_iter().zip(dicts).collect(),
        });
    }
    Ok(())
}

/// `convertRegProcReference`: a `regprocedure` text without its argument list (`None` for
/// `-`, no function).
fn without_args(regprocedure: String) -> Option<String> {
    if regprocedure == "-" {
        return None;
    }
    let mut quoted = false;
    for (i, c) in regprocedure.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => return Some(regprocedure[..i].to_owned()),
            _ => {}
        }
    }
    Some(regprocedure)
}

/// A `regtype` text, `None` for `-` (no type).
fn some_type(regtype: String) -> Option<String> {
    (regtype != "-").then_some(regtype)
}

fn read_operators(fetched: &mut Fetched, catalog: &mut Catalog) -> Result<()> {
    let n = OPERATORS.name;
    for row in fetched.take(n) {
        let kind: String = get(&row, n, "kind")?;
        let pair = |schema: &'static str, name: &'static str| -> Result<Option<(String, String)>> {
            let s: Option<String> = get(&row, n, schema)?;
            let v: Option<String> = get(&row, n, name)?;
            Ok(s.zip(v))
        };
        catalog.operators.push(Operator {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            kind: char_of(&kind).unwrap_or('b'),
            code: without_args(get(&row, n, "code")?).unwrap_or_default(),
            left: some_type(get(&row, n, "left_type")?),
            right: some_type(get(&row, n, "right_type")?),
            left_sort: pair("left_schema", "left_name")?,
            right_sort: pair("right_schema", "right_name")?,
            commutator: pair("commutator_schema", "commutator_name")?,
            negator: pair("negator_schema", "negator_name")?,
            restrict: without_args(get(&row, n, "restrict_fn")?),
            join: without_args(get(&row, n, "join_fn")?),
            merges: get(&row, n, "merges")?,
            hashes: get(&row, n, "hashes")?,
        });
    }
    Ok(())
}

fn read_operator_classes(fetched: &mut Fetched, catalog: &mut Catalog) -> Result<()> {
    let n = OPCLASSES.name;
    for row in fetched.take(n) {
        catalog.opclasses.push(OpClass {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            method: get(&row, n, "method")?,
            is_default: get(&row, n, "is_default")?,
            in_type: get(&row, n, "in_type")?,
            key_type: some_type(get(&row, n, "key_type")?),
            family: (get(&row, n, "family_schema")?, get(&row, n, "family_name")?),
            members: Vec::new(),
        });
    }
    let n = OPFAMILIES.name;
    for row in fetched.take(n) {
        catalog.opfamilies.push(OpFamily {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            method: get(&row, n, "method")?,
            members: Vec::new(),
        });
    }
    let classes: BTreeMap<u32, usize> =
        catalog.opclasses.iter().enumerate().map(|(i, c)| (c.oid, i)).collect();
    let families: BTreeMap<u32, usize> =
        catalog.opfamilies.iter().enumerate().map(|(i, f)| (f.oid, i)).collect();
    let n = OPCLASS_MEMBERS.name;
    for row in fetched.take(n) {
        let classid: u32 = get(&row, n, "owner_classid")?;
        let owner: u32 = get(&row, n, "owner_oid")?;
        let members = match classid {
            PG_OPCLASS => classes.get(&owner).map(|&i| &mut catalog.opclasses[i].members),
            PG_OPFAMILY => families.get(&owner).map(|&i| &mut catalog.opfamilies[i].members),
            _ => None,
        };
        let Some(members) = members else { continue };
        let member: String = get(&row, n, "member")?;
        let number: i16 = get(&row, n, "number")?;
        let object: String = get(&row, n, "object")?;
        members.push(if member == "o" {
            let schema: Option<String> = get(&row, n, "sort_schema")?;
            let family: Option<String> = get(&row, n, "sort_family")?;
            OpMember::Operator {
                strategy: number,
                operator: object,
                sort_family: schema.zip(family),
            }
        } else {
            let left: Option<String> = get(&row, n, "left_type")?;
            let right: Option<String> = get(&row, n, "right_type")?;
            OpMember::Function {
                number,
                function: object,
                left: left.unwrap_or_default(),
                right: right.unwrap_or_default(),
            }
        });
    }
    Ok(())
}

/// A function named by `prefix_schema`, `prefix_name` and `prefix_args` columns (`None` when
/// the name is NULL).
fn function_ref(
    row: &Row,
    n: &'static str,
    [schema, name, args]: [&'static str; 3],
) -> Result<Option<FunctionRef>> {
    let s: Option<String> = get(row, n, schema)?;
    let f: Option<String> = get(row, n, name)?;
    let args: Vec<String> = get(row, n, args)?;
    Ok(s.zip(f).map(|(schema, name)| FunctionRef { schema, name, args }))
}

/// Casts, conversions, procedural languages, transforms and access methods.
fn read_extensibility(fetched: &mut Fetched, catalog: &mut Catalog) -> Result<()> {
    let n = casts_query(catalog.server_version_num).name;
    for row in fetched.take(n) {
        let method: String = get(&row, n, "method")?;
        let context: String = get(&row, n, "context")?;
        catalog.casts.push(Cast {
            oid: get(&row, n, "oid")?,
            source: get(&row, n, "source")?,
            target: get(&row, n, "target")?,
            source_name: get(&row, n, "source_name")?,
            target_name: get(&row, n, "target_name")?,
            method: char_of(&method).unwrap_or('f'),
            context: char_of(&context).unwrap_or('e'),
            function: function_ref(&row, n, ["function_schema", "function_name", "function_args"])?,
        });
    }
    let n = CONVERSIONS.name;
    for row in fetched.take(n) {
        catalog.conversions.push(Conversion {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            for_encoding: get(&row, n, "for_encoding")?,
            to_encoding: get(&row, n, "to_encoding")?,
            function: get(&row, n, "proc")?,
            is_default: get(&row, n, "is_default")?,
        });
    }
    let n = LANGUAGES.name;
    for row in fetched.take(n) {
        let pair = |schema: &'static str, name: &'static str| -> Result<Option<(String, String)>> {
            let s: Option<String> = get(&row, n, schema)?;
            let v: Option<String> = get(&row, n, name)?;
            Ok(s.zip(v))
        };
        catalog.languages.push(Language {
            oid: get(&row, n, "oid")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            trusted: get(&row, n, "trusted")?,
            handler: pair("handler_schema", "handler_name")?,
            inline: (get(&row, n, "inline_oid")?, pair("inline_schema", "inline_name")?),
            validator: (
                get(&row, n, "validator_oid")?,
                pair("validator_schema", "validator_name")?,
            ),
        });
    }
    let n = TRANSFORMS.name;
    for row in fetched.take(n) {
        catalog.transforms.push(Transform {
            oid: get(&row, n, "oid")?,
            type_name: get(&row, n, "type_name")?,
            type_sort_name: get(&row, n, "type_sort_name")?,
            language: get(&row, n, "lang_name")?,
            language_is_pl: get(&row, n, "lang_is_pl")?,
            from_sql: function_ref(&row, n, ["from_sql_schema", "from_sql_name", "from_sql_args"])?,
            to_sql: function_ref(&row, n, ["to_sql_schema", "to_sql_name", "to_sql_args"])?,
        });
    }
    let n = ACCESS_METHODS.name;
    for row in fetched.take(n) {
        let kind: String = get(&row, n, "kind")?;
        catalog.access_methods.push(AccessMethod {
            oid: get(&row, n, "oid")?,
            name: get(&row, n, "name")?,
            kind: char_of(&kind).unwrap_or('i'),
            handler: get(&row, n, "handler")?,
        });
    }
    Ok(())
}

fn read_types(fetched: &mut Fetched, catalog: &mut Catalog) -> Result<()> {
    let n = TYPES.name;
    for row in fetched.take(TYPES.name) {
        let typtype: String = get(&row, n, "typtype")?;
        let kind = type_kind(&typtype);
        let default_expr: Option<String> = get(&row, n, "default_expr")?;
        let default_literal: Option<String> = get(&row, n, "default_literal")?;
        let coll_schema: Option<String> = get(&row, n, "collation_schema")?;
        let coll_name: Option<String> = get(&row, n, "collation_name")?;
        let base_type: Option<String> = get(&row, n, "base_type")?;
        catalog.types.push(Type {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            kind,
            relid: get(&row, n, "relid")?,
            enum_labels: get(&row, n, "enum_labels")?,
            attributes: Vec::new(),
            base_type: base_type.unwrap_or_default(),
            not_null: get(&row, n, "not_null")?,
            not_null_constraint: None,
            default: default_expr.or_else(|| default_literal.map(|l| quote_literal(&l))),
            collation: coll_schema.zip(coll_name),
            checks: Vec::new(),
            range: None,
            base: None,
        });
    }
    let position: BTreeMap<u32, usize> =
        catalog.types.iter().enumerate().map(|(i, t)| (t.oid, i)).collect();

    // The per-type queries ran only for types of their kind.
    {
        let n = DOMAIN_CHECKS.name;
        for row in fetched.take(DOMAIN_CHECKS.name) {
            let typid: u32 = get(&row, n, "typid")?;
            let Some(&i) = position.get(&typid) else { continue };
            let oid: u32 = get(&row, n, "oid")?;
            let name: String = get(&row, n, "name")?;
            if get(&row, n, "not_null")? {
                catalog.types[i].not_null_constraint = Some((oid, name));
                continue;
            }
            catalog.types[i].checks.push(DomainCheck {
                oid,
                name,
                definition: get(&row, n, "definition")?,
                validated: get(&row, n, "validated")?,
            });
        }
    }
    {
        let n = COMPOSITE_ATTRIBUTES.name;
        for row in fetched.take(COMPOSITE_ATTRIBUTES.name) {
            let typid: u32 = get(&row, n, "typid")?;
            let Some(&i) = position.get(&typid) else { continue };
            let coll_schema: Option<String> = get(&row, n, "collation_schema")?;
            let coll_name: Option<String> = get(&row, n, "collation_name")?;
            catalog.types[i].attributes.push(CompositeAttribute {
                attnum: get(&row, n, "attnum")?,
                name: get(&row, n, "name")?,
                type_name: get(&row, n, "type_name")?,
                dropped: get(&row, n, "dropped")?,
                collation: coll_schema.zip(coll_name),
            });
        }
    }
    {
        let n = ranges_query(catalog.server_version_num).name;
        for row in fetched.take(n) {
            let typid: u32 = get(&row, n, "typid")?;
            let Some(&i) = position.get(&typid) else { continue };
            let opclass_default: bool = get(&row, n, "opclass_default")?;
            let opc_schema: String = get(&row, n, "opclass_schema")?;
            let opc_name: String = get(&row, n, "opclass_name")?;
            let coll_schema: Option<String> = get(&row, n, "collation_schema")?;
            let coll_name: Option<String> = get(&row, n, "collation_name")?;
            let func = |name: &'static str| -> Result<Option<String>> {
                let f: String = get(&row, n, name)?;
                Ok((f != "-").then_some(f))
            };
            catalog.types[i].range = Some(RangeInfo {
                subtype: get(&row, n, "subtype")?,
                multirange: get(&row, n, "multirange")?,
                opclass: (!opclass_default).then_some((opc_schema, opc_name)),
                collation: coll_schema.zip(coll_name),
                canonical: func("canonical")?,
                subdiff: func("subdiff")?,
            });
        }
    }
    let n = base_types_query(catalog.server_version_num).name;
    for row in fetched.take(n) {
        let typid: u32 = get(&row, n, "typid")?;
        let Some(&i) = position.get(&typid) else { continue };
        let letter = |name: &'static str, default: char| -> Result<char> {
            let v: String = get(&row, n, name)?;
            Ok(char_of(&v).unwrap_or(default))
        };
        let default_expr: Option<String> = get(&row, n, "default_expr")?;
        let default_literal: Option<String> = get(&row, n, "default_literal")?;
        catalog.types[i].base = Some(BaseTypeInfo {
            length: get(&row, n, "length")?,
            input: get(&row, n, "input")?,
            output: get(&row, n, "output")?,
            receive: get(&row, n, "receive")?,
            send: get(&row, n, "send")?,
            typmod_in: get(&row, n, "typmod_in")?,
            typmod_out: get(&row, n, "typmod_out")?,
            analyze: get(&row, n, "analyze")?,
            subscript: get(&row, n, "subscript")?,
            collatable: get(&row, n, "collatable")?,
            default: default_expr.or_else(|| default_literal.map(|l| quote_literal(&l))),
            element: get(&row, n, "element")?,
            category: get(&row, n, "category")?,
            preferred: get(&row, n, "preferred")?,
            delimiter: get(&row, n, "delimiter")?,
            align: letter("align", 'i')?,
            storage: letter("storage", 'p')?,
            by_value: get(&row, n, "by_value")?,
        });
    }
    Ok(())
}

/// Objects of `pg_catalog` and extension members whose privileges changed, and the
/// extensions' configuration tables and sequences (with the sequences' values).
fn read_partial_objects(fetched: &mut Fetched, catalog: &mut Catalog) -> Result<()> {
    let n = PARTIAL_OBJECTS.name;
    for row in fetched.take(n) {
        let object = ObjectId::new(get(&row, n, "classid")?, get(&row, n, "objid")?);
        let subid: i32 = get(&row, n, "subid")?;
        let name: String = get(&row, n, "name")?;
        let acl: Option<Vec<String>> = get(&row, n, "acl")?;
        let init_privs: Option<Vec<String>> = get(&row, n, "initprivs")?;
        if subid != 0 {
            // Column rows follow their relation's row (ORDER BY classid, objid, subid).
            if let Some(p) = catalog.partial_objects.last_mut().filter(|p| p.object == object) {
                let attnum = i16::try_from(subid).unwrap_or(0);
                p.columns.push(ColumnAcl { attnum, name, acl, init_privs });
            }
            continue;
        }
        let kind: String = get(&row, n, "kind")?;
        let relkind: Option<String> = get(&row, n, "relkind")?;
        let kind = match kind.as_str() {
            "n" => PartialKind::Schema,
            "r" => PartialKind::Relation(rel_kind(relkind.as_deref().unwrap_or("r"))),
            "f" => PartialKind::Function,
            "p" => PartialKind::Procedure,
            "a" => PartialKind::Aggregate,
            "T" => PartialKind::Type,
            "l" => PartialKind::Language,
            "F" => PartialKind::ForeignDataWrapper,
            _ => PartialKind::ForeignServer,
        };
        let schema_oid: Option<u32> = get(&row, n, "schema_oid")?;
        let schema: Option<String> = get(&row, n, "schema")?;
        let identity: Option<String> = get(&row, n, "identity_args")?;
        let schemas: Vec<String> = get(&row, n, "arg_type_schemas")?;
        let names: Vec<String> = get(&row, n, "arg_type_names")?;
        let condition: Option<String> = get(&row, n, "config_condition")?;
        let config = match condition {
            Some(condition) => Some(ConfigData {
                condition,
                columns: get(&row, n, "config_columns")?,
                references: get(&row, n, "config_references")?,
                sequence: None,
            }),
            None => None,
        };
        catalog.partial_objects.push(PartialObject {
            object,
            kind,
            schema: schema_oid.zip(schema),
            name,
            owner: get(&row, n, "owner")?,
            identity_arguments: identity.unwrap_or_default(),
            arg_types: get(&row, n, "arg_types")?,
            arg_type_names: schemas.into_iter().zip(names).collect(),
            extension: get(&row, n, "extension")?,
            acl,
            acl_default: get(&row, n, "acldefault")?,
            init_privs,
            columns: Vec::new(),
            config,
        });
    }
    for row in fetched.take(CONFIG_SEQUENCE_VALUES) {
        let n = CONFIG_SEQUENCE_VALUES;
        let oid: u32 = get(&row, n, "relid")?;
        let value = (get(&row, n, "last_value")?, get(&row, n, "is_called")?);
        for p in &mut catalog.partial_objects {
            if p.object.oid == oid
                && let Some(c) = p.config.as_mut()
            {
                c.sequence = Some(value.clone());
            }
        }
    }
    Ok(())
}

fn read_functions(fetched: &mut Fetched, catalog: &mut Catalog) -> Result<()> {
    let n = functions_query(catalog.server_version_num).name;
    for row in fetched.take(n) {
        let kind: String = get(&row, n, "kind")?;
        let volatility: String = get(&row, n, "volatility")?;
        let parallel: String = get(&row, n, "parallel")?;
        let support: String = get(&row, n, "support")?;
        let schemas: Vec<String> = get(&row, n, "arg_type_schemas")?;
        let names: Vec<String> = get(&row, n, "arg_type_names")?;
        catalog.functions.push(Function {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            kind: char_of(&kind).unwrap_or('f'),
            language: get(&row, n, "lang")?,
            returns_set: get(&row, n, "retset")?,
            src: get(&row, n, "src")?,
            bin: get(&row, n, "bin")?,
            sql_body: get(&row, n, "sqlbody")?,
            arguments: get(&row, n, "args")?,
            identity_arguments: get(&row, n, "identity_args")?,
            result: get(&row, n, "result")?,
            transform_types: get(&row, n, "transform_types")?,
            volatility: char_of(&volatility).unwrap_or('v'),
            strict: get(&row, n, "strict")?,
            security_definer: get(&row, n, "security_definer")?,
            leakproof: get(&row, n, "leakproof")?,
            config: get(&row, n, "config")?,
            cost: get(&row, n, "cost")?,
            rows: get(&row, n, "rows")?,
            support: (support != "-").then_some(support),
            parallel: char_of(&parallel).unwrap_or('u'),
            arg_types: get(&row, n, "arg_types")?,
            arg_type_names: schemas.into_iter().zip(names).collect(),
        });
    }
    Ok(())
}

fn read_aggregates(fetched: &mut Fetched, catalog: &mut Catalog) -> Result<()> {
    let n = AGGREGATES.name;
    for row in fetched.take(AGGREGATES.name) {
        let func = |name: &'static str| -> Result<Option<String>> {
            let f: String = get(&row, n, name)?;
            Ok((f != "-").then_some(f))
        };
        let letter = |name: &'static str, default: char| -> Result<char> {
            let v: String = get(&row, n, name)?;
            Ok(char_of(&v).unwrap_or(default))
        };
        let schemas: Vec<String> = get(&row, n, "arg_type_schemas")?;
        let names: Vec<String> = get(&row, n, "arg_type_names")?;
        let sortop_schema: Option<String> = get(&row, n, "sortop_schema")?;
        let sortop_name: Option<String> = get(&row, n, "sortop_name")?;
        catalog.aggregates.push(Aggregate {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            arguments: get(&row, n, "args")?,
            identity_arguments: get(&row, n, "identity_args")?,
            arg_types: get(&row, n, "arg_types")?,
            arg_type_names: schemas.into_iter().zip(names).collect(),
            kind: letter("kind", 'n')?,
            transfn: get(&row, n, "transfn")?,
            transtype: get(&row, n, "transtype")?,
            transspace: get(&row, n, "transspace")?,
            initval: get(&row, n, "initval")?,
            finalfn: func("finalfn")?,
            finalextra: get(&row, n, "finalextra")?,
            finalmodify: letter("finalmodify", 'r')?,
            combinefn: func("combinefn")?,
            serialfn: func("serialfn")?,
            deserialfn: func("deserialfn")?,
            mtransfn: func("mtransfn")?,
            minvtransfn: get(&row, n, "minvtransfn")?,
            mtranstype: get(&row, n, "mtranstype")?,
            mtransspace: get(&row, n, "mtransspace")?,
            minitval: get(&row, n, "minitval")?,
            mfinalfn: func("mfinalfn")?,
            mfinalextra: get(&row, n, "mfinalextra")?,
            mfinalmodify: letter("mfinalmodify", 'r')?,
            sortop: sortop_schema.zip(sortop_name),
            parallel: letter("parallel", 'u')?,
        });
    }
    Ok(())
}

fn read_tables(fetched: &mut Fetched, catalog: &mut Catalog) -> Result<()> {
    let version = catalog.server_version_num;
    let n = TABLES.name;
    for row in fetched.take(TABLES.name) {
        let relkind: String = get(&row, n, "relkind")?;
        let kind = rel_kind(&relkind);
        let persistence: String = get(&row, n, "persistence")?;
        let replident: String = get(&row, n, "replica_identity")?;
        let owning_table: Option<u32> = get(&row, n, "owning_table")?;
        let owning_column: Option<i32> = get(&row, n, "owning_column")?;
        catalog.tables.push(Table {
            oid: get(&row, n, "oid")?,
            schema: get(&row, n, "schema")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            kind,
            persistence: char_of(&persistence).unwrap_or('p'),
            reloptions: get(&row, n, "reloptions")?,
            toast_reloptions: get(&row, n, "toast_reloptions")?,
            tablespace: get(&row, n, "tablespace")?,
            access_method: get(&row, n, "access_method")?,
            is_partition: get(&row, n, "is_partition")?,
            partition_bound: get(&row, n, "partition_bound")?,
            partition_key: get(&row, n, "partition_key")?,
            replica_identity: char_of(&replident).unwrap_or('d'),
            force_rls: get(&row, n, "force_rls")?,
            of_type: get(&row, n, "of_type")?,
            parents: Vec::new(),
            columns: Vec::new(),
            owned_by: match (owning_table, owning_column) {
                (Some(t), Some(c)) => Some((t, i16::try_from(c).unwrap_or(0))),
                _ => None,
            },
            is_identity_sequence: get(&row, n, "is_identity")?,
            sequence: None,
            view_definition: get(&row, n, "view_definition")?,
            check_option: get(&row, n, "check_option")?,
            populated: get(&row, n, "populated")?,
            row_security: get(&row, n, "row_security")?,
            foreign: None,
        });
    }
    let position: BTreeMap<u32, usize> =
        catalog.tables.iter().enumerate().map(|(i, t)| (t.oid, i)).collect();

    // The queries on views and sequences ran only when there were some.
    let n = VIEW_RULES.name;
    for row in fetched.take(n) {
        catalog.view_rules.push(ViewRule {
            oid: get(&row, n, "oid")?,
            relid: get(&row, n, "relid")?,
            name: get(&row, n, "name")?,
        });
    }
    let n = MATVIEW_REFRESH_DEPS.name;
    for row in fetched.take(n) {
        catalog.matview_refresh_deps.push((get(&row, n, "objid")?, get(&row, n, "refobjid")?));
    }

    let n = RULES.name;
    for row in fetched.take(RULES.name) {
        let enabled: String = get(&row, n, "enabled")?;
        catalog.rules.push(Rule {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            name: get(&row, n, "name")?,
            definition: get(&row, n, "definition")?,
            enabled: char_of(&enabled).unwrap_or('O'),
        });
    }
    let n = triggers_query(version).name;
    for row in fetched.take(n) {
        let enabled: String = get(&row, n, "enabled")?;
        catalog.triggers.push(Trigger {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            name: get(&row, n, "name")?,
            definition: get(&row, n, "definition")?,
            enabled: char_of(&enabled).unwrap_or('O'),
            is_partition: get(&row, n, "is_partition")?,
        });
    }
    let n = POLICIES.name;
    for row in fetched.take(POLICIES.name) {
        let cmd: String = get(&row, n, "cmd")?;
        catalog.policies.push(Policy {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            name: get(&row, n, "name")?,
            command: char_of(&cmd).unwrap_or('*'),
            permissive: get(&row, n, "permissive")?,
            roles: get(&row, n, "roles")?,
            qual: get(&row, n, "qual")?,
            with_check: get(&row, n, "with_check")?,
        });
    }

    let n = INHERITS.name;
    for row in fetched.take(INHERITS.name) {
        let child: u32 = get(&row, n, "child")?;
        let parent: u32 = get(&row, n, "parent")?;
        if let Some(&i) = position.get(&child) {
            catalog.tables[i].parents.push(parent);
        }
    }

    let n = FOREIGN_TABLES.name;
    for row in fetched.take(n) {
        let relid: u32 = get(&row, n, "relid")?;
        let Some(&i) = position.get(&relid) else { continue };
        catalog.tables[i].foreign = Some(ForeignTableInfo {
            server: get(&row, n, "server")?,
            options: options(&row, n, "option_names", "option_values")?,
        });
    }

    let n = columns_query(version).name;
    for row in fetched.take(n) {
        let relid: u32 = get(&row, n, "relid")?;
        let Some(&i) = position.get(&relid) else { continue };
        let identity: String = get(&row, n, "identity")?;
        let generated: String = get(&row, n, "generated")?;
        let storage: String = get(&row, n, "storage")?;
        let type_storage: String = get(&row, n, "type_storage")?;
        let compression: String = get(&row, n, "compression")?;
        let coll_schema: Option<String> = get(&row, n, "collation_schema")?;
        let coll_name: Option<String> = get(&row, n, "collation_name")?;
        let not_null_oid: Option<u32> = get(&row, n, "not_null_oid")?;
        let not_null_constraint = match not_null_oid {
            Some(oid) => Some(NotNullConstraint {
                oid,
                name: get(&row, n, "not_null_name")?,
                no_inherit: get(&row, n, "not_null_no_inherit")?,
                is_local: get(&row, n, "not_null_local")?,
                validated: get(&row, n, "not_null_validated")?,
            }),
            None => None,
        };
        catalog.tables[i].columns.push(Column {
            attnum: get(&row, n, "attnum")?,
            name: get(&row, n, "name")?,
            type_name: get(&row, n, "type_name")?,
            not_null: get(&row, n, "not_null")?,
            not_null_constraint,
            dropped: get(&row, n, "dropped")?,
            is_local: get(&row, n, "is_local")?,
            identity: char_of(&identity),
            generated: char_of(&generated),
            stat_target: get(&row, n, "stat_target")?,
            storage: char_of(&storage).unwrap_or('p'),
            type_storage: char_of(&type_storage).unwrap_or('p'),
            compression: char_of(&compression),
            options: get(&row, n, "options")?,
            collation: coll_schema.zip(coll_name),
            fdw_options: options(&row, n, "fdw_option_names", "fdw_option_values")?,
        });
    }

    let n = ATTRDEFS.name;
    for row in fetched.take(ATTRDEFS.name) {
        catalog.attrdefs.push(AttrDef {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            attnum: get(&row, n, "attnum")?,
            expr: get(&row, n, "expr")?,
        });
    }
    let n = CHECKS.name;
    for row in fetched.take(CHECKS.name) {
        catalog.checks.push(CheckConstraint {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            name: get(&row, n, "name")?,
            definition: get(&row, n, "definition")?,
            is_local: get(&row, n, "is_local")?,
            validated: get(&row, n, "validated")?,
            not_null: get(&row, n, "not_null")?,
        });
    }
    let n = FKS.name;
    for row in fetched.take(FKS.name) {
        catalog.foreign_keys.push(ForeignKey {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            name: get(&row, n, "name")?,
            definition: get(&row, n, "definition")?,
        });
    }
    let n = indexes_query(version).name;
    for row in fetched.take(n) {
        let constraint_oid: Option<u32> = get(&row, n, "constraint_oid")?;
        let constraint = match constraint_oid {
            Some(oid) => {
                let kind: String = get(&row, n, "constraint_kind")?;
                Some(IndexConstraint {
                    oid,
                    kind: char_of(&kind).unwrap_or('u'),
                    name: get(&row, n, "constraint_name")?,
                    deferrable: get(&row, n, "deferrable")?,
                    deferred: get(&row, n, "deferred")?,
                    definition: get(&row, n, "constraint_def")?,
                })
            }
            None => None,
        };
        let parent: u32 = get(&row, n, "parent_index")?;
        let key_count: i32 = get(&row, n, "key_count")?;
        let stat_columns: Vec<i32> = get(&row, n, "stat_columns")?;
        let stat_values: Vec<i32> = get(&row, n, "stat_values")?;
        catalog.indexes.push(Index {
            oid: get(&row, n, "oid")?,
            table: get(&row, n, "relid")?,
            name: get(&row, n, "name")?,
            definition: get(&row, n, "definition")?,
            keys: get(&row, n, "keys")?,
            key_count: usize::try_from(key_count).unwrap_or(0),
            clustered: get(&row, n, "clustered")?,
            replident: get(&row, n, "replident")?,
            nulls_not_distinct: get(&row, n, "nulls_not_distinct")?,
            tablespace: get(&row, n, "tablespace")?,
            reloptions: get(&row, n, "reloptions")?,
            parent: (parent != 0).then_some(parent),
            stat_targets: stat_columns.into_iter().zip(stat_values).collect(),
            constraint,
        });
    }

    let n = SEQUENCES.name;
    for row in fetched.take(SEQUENCES.name) {
        let relid: u32 = get(&row, n, "relid")?;
        let Some(&i) = position.get(&relid) else { continue };
        catalog.tables[i].sequence = Some(SequenceInfo {
            type_name: get(&row, n, "type_name")?,
            start: get(&row, n, "start")?,
            increment: get(&row, n, "increment")?,
            max: get(&row, n, "max")?,
            min: get(&row, n, "min")?,
            cache: get(&row, n, "cache")?,
            cycle: get(&row, n, "cycle")?,
            last_value: String::new(),
            is_called: false,
        });
    }
    for row in fetched.take(SEQUENCE_VALUES) {
        let relid: u32 = get(&row, SEQUENCE_VALUES, "relid")?;
        let Some(&i) = position.get(&relid) else { continue };
        if let Some(seq) = catalog.tables[i].sequence.as_mut() {
            seq.last_value = get(&row, SEQUENCE_VALUES, "last_value")?;
            seq.is_called = get(&row, SEQUENCE_VALUES, "is_called")?;
        }
    }
    Ok(())
}

/// Options (`fdwoptions`, `srvoptions`, …) as (name, value) pairs from two parallel arrays.
fn options(
    row: &Row,
    n: &'static str,
    names: &'static str,
    values: &'static str,
) -> Result<Vec<(String, String)>> {
    let names: Vec<String> = get(row, n, names)?;
    let values: Vec<Option<String>> = get(row, n, values)?;
    Ok(names.into_iter().zip(values).map(|(k, v)| (k, v.unwrap_or_default())).collect())
}

/// Foreign-data wrappers, foreign servers and user mappings.
fn read_foreign(fetched: &mut Fetched, catalog: &mut Catalog) -> Result<()> {
    let n = FOREIGN_DATA_WRAPPERS.name;
    for row in fetched.take(n) {
        let func = |name: &'static str| -> Result<Option<String>> {
            let f: String = get(&row, n, name)?;
            Ok((f != "-").then_some(f))
        };
        catalog.foreign_data_wrappers.push(ForeignDataWrapper {
            oid: get(&row, n, "oid")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            handler: func("handler")?,
            validator: func("validator")?,
            options: options(&row, n, "option_names", "option_values")?,
        });
    }
    let n = FOREIGN_SERVERS.name;
    for row in fetched.take(n) {
        let server_type: Option<String> = get(&row, n, "server_type")?;
        let version: Option<String> = get(&row, n, "server_version")?;
        catalog.foreign_servers.push(ForeignServer {
            oid: get(&row, n, "oid")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            wrapper: get(&row, n, "wrapper")?,
            server_type: server_type.filter(|t| !t.is_empty()),
            version: version.filter(|v| !v.is_empty()),
            options: options(&row, n, "option_names", "option_values")?,
        });
    }
    let n = USER_MAPPINGS.name;
    for row in fetched.take(n) {
        catalog.user_mappings.push(UserMapping {
            server: get(&row, n, "server")?,
            user: get(&row, n, "user_name")?,
            options: options(&row, n, "option_names", "option_values")?,
        });
    }
    Ok(())
}

/// Event triggers, publications (with their tables and schemas) and subscriptions; for a
/// user who is not a superuser, the subscriptions are reported as not covered.
fn read_replication(fetched: &mut Fetched, catalog: &mut Catalog, superuser: bool) -> Result<()> {
    let version = catalog.server_version_num;
    let n = EVENT_TRIGGERS.name;
    for row in fetched.take(n) {
        let enabled: String = get(&row, n, "enabled")?;
        catalog.event_triggers.push(EventTrigger {
            oid: get(&row, n, "oid")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            event: get(&row, n, "event")?,
            tags: get(&row, n, "tags")?,
            function: get(&row, n, "function")?,
            enabled: char_of(&enabled).unwrap_or('O'),
        });
    }
    let n = publications_query(version).name;
    for row in fetched.take(n) {
        let generated: Option<String> = get(&row, n, "generated_columns")?;
        catalog.publications.push(Publication {
            oid: get(&row, n, "oid")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            all_tables: get(&row, n, "all_tables")?,
            insert: get(&row, n, "publish_insert")?,
            update: get(&row, n, "publish_update")?,
            delete: get(&row, n, "publish_delete")?,
            truncate: get(&row, n, "publish_truncate")?,
            via_root: get(&row, n, "via_root")?,
            generated_columns: generated.as_deref().and_then(char_of),
        });
    }
    let n = publication_rels_query(version).name;
    for row in fetched.take(n) {
        catalog.publication_rels.push(PublicationRel {
            oid: get(&row, n, "oid")?,
            publication: get(&row, n, "publication")?,
            table: get(&row, n, "relid")?,
            columns: get(&row, n, "column_names")?,
            row_filter: get(&row, n, "row_filter")?,
        });
    }
    let n = PUBLICATION_SCHEMAS.name;
    for row in fetched.take(n) {
        catalog.publication_schemas.push(PublicationSchema {
            oid: get(&row, n, "oid")?,
            publication: get(&row, n, "publication")?,
            schema_oid: get(&row, n, "schema_oid")?,
            schema: get(&row, n, "schema")?,
        });
    }
    let n = subscriptions_query(version, superuser).name;
    for row in fetched.take(n) {
        if !superuser {
            let name: String = get(&row, n, "name")?;
            catalog.not_covered.push(NotCovered {
                kind: "SUBSCRIPTION".to_owned(),
                schema: None,
                name,
            });
            continue;
        }
        let streaming: String = get(&row, n, "streaming")?;
        let two_phase: String = get(&row, n, "two_phase")?;
        catalog.subscriptions.push(Subscription {
            oid: get(&row, n, "oid")?,
            name: get(&row, n, "name")?,
            owner: get(&row, n, "owner")?,
            conninfo: get(&row, n, "conninfo")?,
            slot_name: get(&row, n, "slot_name")?,
            synchronous_commit: get(&row, n, "synchronous_commit")?,
            publications: get(&row, n, "publications")?,
            binary: get(&row, n, "binary")?,
            streaming: char_of(&streaming).unwrap_or('f'),
            two_phase: char_of(&two_phase).unwrap_or('d'),
            disable_on_error: get(&row, n, "disable_on_error")?,
            password_required: get(&row, n, "password_required")?,
            run_as_owner: get(&row, n, "run_as_owner")?,
            failover: get(&row, n, "failover")?,
            origin: get(&row, n, "origin")?,
        });
    }
    Ok(())
}
