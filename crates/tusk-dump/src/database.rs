//! `tusk dump` end to end: archive directory, then [`prepare_dump`] (snapshot leader,
//! catalog, plan, selection, locks, the TOC: what a dump contains), then where its data goes
//! (parallel data files, manifest, and `toc.dat` last).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tusk_archive::{
    Algorithm, ArchiveWriter, CreationTime, Header, Section, Toc, TocEntry, WriterOptions,
};
use tusk_catalog::acl::{AclTarget, acl_commands};
use tusk_catalog::security_labels::security_label_command;
use tusk_catalog::settings::alter_config_command;
use tusk_catalog::versions;
use tusk_catalog::{NotCovered, ReadOptions, RelKind};
use tusk_pg::ConnectionSettings;
use tusk_pg::quote::{quote_ident, quote_literal};

use crate::engine::{DumpOptions, Progress, ProgressEvent, dump_data_on};
use crate::error::{DumpError, Role};
use crate::filter::{self, Selection};
use crate::large_objects::{self, EntryOptions};
use crate::plan::TableData;
use crate::prepared::PreparedDump;
use crate::snapshot::{Leader, open_worker};
use crate::statistics;

/// `pg_database`'s catalog OID.
const PG_DATABASE: u32 = 1262;

/// Options of [`dump_database`]: pg_dump's, for the directory format.
#[derive(Debug, Clone)]
pub struct DumpDatabaseOptions {
    /// Where and as whom to connect.
    pub connection: ConnectionSettings,
    /// The archive directory (created; an existing one must be empty).
    pub output: PathBuf,
    /// Worker sessions (`-j`).
    pub jobs: usize,
    /// Data file compression (`-Z`): none, gzip or zstd.
    pub algorithm: Algorithm,
    /// The compression level, if not the algorithm's default.
    pub level: Option<i32>,
    /// Use this exported snapshot (`--snapshot`) instead of exporting one.
    pub snapshot: Option<String>,
    /// How long to wait for each batch of table locks (`--lock-wait-timeout`).
    pub lock_wait_timeout: Option<Duration>,
    /// What to dump (`-n`, `-N`, `-t`, `-T`, `--exclude-table-data`, `-s`, `-a`, …).
    pub selection: Selection,
    /// Split tables with more pages than this into ctid ranges (`None`: the engine's default).
    /// Mostly for tests.
    pub split_pages: Option<u64>,
    /// fsync the files (pg_dump's default; `--no-sync` turns it off).
    pub sync: bool,
}

impl DumpDatabaseOptions {
    /// Options with pg_dump's defaults (one job, zstd, everything) for `connection` and
    /// `output`.
    pub fn new(connection: ConnectionSettings, output: impl Into<PathBuf>) -> Self {
        Self {
            connection,
            output: output.into(),
            jobs: 1,
            algorithm: Algorithm::Zstd,
            level: None,
            snapshot: None,
            lock_wait_timeout: None,
            selection: Selection::default(),
            split_pages: None,
            sync: true,
        }
    }
}

/// What a dump wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpSummary {
    /// TOC entries in `toc.dat`.
    pub entries: usize,
    /// Tables whose data was dumped.
    pub tables: usize,
    /// Rows dumped.
    pub rows: u64,
    /// Large objects dumped.
    pub large_objects: usize,
    /// Uncompressed data bytes (table data and large objects).
    pub uncompressed_bytes: u64,
    /// Data file bytes (table data and large objects).
    pub compressed_bytes: u64,
    /// Objects found in the database that the dump does not contain (also logged).
    pub not_covered: Vec<NotCovered>,
}

/// The dump program's version recorded in the archive header.
pub fn dump_version() -> String {
    format!("tusk {}", env!("CARGO_PKG_VERSION"))
}

/// The zstd level of a dump when none is given. Level 1 compresses COPY text about twice as
/// fast as zstd's default 3 at a similar ratio (`archive-codecs` bench: 273 vs 147 MB/s, ratio
/// 2.93 vs 2.76), and compression is most of a dump's CPU.
pub const DEFAULT_ZSTD_LEVEL: i32 = 1;

/// What [`prepare_dump`] needs: the part of [`DumpDatabaseOptions`] that decides what a dump
/// contains (not where its data goes).
#[derive(Debug, Clone)]
pub struct PrepareOptions {
    /// Where and as whom to connect.
    pub connection: ConnectionSettings,
    /// At most this many worker sessions copy data at once (`-j`).
    pub jobs: usize,
    /// The data compression recorded in the header (the TOC's file names carry no suffix).
    pub algorithm: Algorithm,
    /// Use this exported snapshot (`--snapshot`) instead of exporting one.
    pub snapshot: Option<String>,
    /// How long to wait for each batch of table locks (`--lock-wait-timeout`).
    pub lock_wait_timeout: Option<Duration>,
    /// What to dump (`-n`, `-N`, `-t`, `-T`, `--exclude-table-data`, `-s`, `-a`, …).
    pub selection: Selection,
    /// Split tables with more pages than this into ctid ranges (`None`: the engine's default).
    pub split_pages: Option<u64>,
}

impl PrepareOptions {
    /// Options with pg_dump's defaults (one job, zstd, everything) for `connection`.
    pub fn new(connection: ConnectionSettings) -> Self {
        Self {
            connection,
            jobs: 1,
            algorithm: Algorithm::Zstd,
            snapshot: None,
            lock_wait_timeout: None,
            selection: Selection::default(),
            split_pages: None,
        }
    }
}

impl DumpDatabaseOptions {
    /// The options of the preparation part of this dump ([`prepare_dump`]).
    pub fn prepare_options(&self) -> PrepareOptions {
        PrepareOptions {
            connection: self.connection.clone(),
            jobs: self.jobs,
            algorithm: self.algorithm,
            snapshot: self.snapshot.clone(),
            lock_wait_timeout: self.lock_wait_timeout,
            selection: self.selection.clone(),
            split_pages: self.split_pages,
        }
    }
}

/// Checks the options that [`prepare_dump`] and [`dump_database`] share.
fn check_options(jobs: usize, sel: &Selection) -> Result<(), DumpError> {
    if jobs == 0 {
        return Err(DumpError::InvalidOptions { reason: "jobs must be at least 1" });
    }
    if sel.schema_only && sel.data_only {
        return Err(DumpError::InvalidOptions {
            reason: "options -s/--schema-only and -a/--data-only cannot be used together",
        });
    }
    // pg_dump 18's rules for its statistics options.
    let conflicts = [
        (
            sel.schema_only && sel.statistics_only,
            "options -s/--schema-only and --statistics-only cannot be used together",
        ),
        (
            sel.data_only && sel.statistics_only,
            "options -a/--data-only and --statistics-only cannot be used together",
        ),
        (
            sel.schema_only && sel.statistics,
            "options -s/--schema-only and --statistics cannot be used together",
        ),
        (
            sel.data_only && sel.statistics,
            "options -a/--data-only and --statistics cannot be used together",
        ),
    ];
    if let Some((_, reason)) = conflicts.into_iter().find(|(conflict, _)| *conflict) {
        return Err(DumpError::InvalidOptions { reason });
    }
    Ok(())
}

/// Dumps a database into a directory archive, as `pg_dump -Fd` does.
///
/// Order: create the (empty) archive directory, [`prepare_dump`] (start the snapshot leader,
/// resolve the name patterns, read the catalog in the snapshot, plan and select the entries,
/// lock the tables (`lock_wait_timeout`)), dump the data with `jobs` workers, write the
/// manifest, then `toc.dat` last. On any error no `toc.dat` exists (partial data files may
/// remain).
pub async fn dump_database(
    options: &DumpDatabaseOptions,
    progress: Option<Progress>,
) -> Result<DumpSummary, DumpError> {
    check_options(options.jobs, &options.selection)?;
    if options.algorithm == Algorithm::Lz4 {
        return Err(DumpError::InvalidOptions { reason: "lz4 data files cannot be written" });
    }
    let mut writer_options = WriterOptions { sync: options.sync, ..WriterOptions::default() };
    match (options.algorithm, options.level) {
        (Algorithm::Gzip, Some(level)) => writer_options.gzip_level = level,
        (Algorithm::Zstd, level) => writer_options.zstd_level = level.unwrap_or(DEFAULT_ZSTD_LEVEL),
        _ => {}
    }
    // Before connecting: an existing, non-empty output fails first.
    let archive = ArchiveWriter::create(&options.output, writer_options).map_err(|source| {
        DumpError::Archive { action: "create the archive directory", source: Box::new(source) }
    })?;

    let prepared = Box::pin(prepare_dump(&options.prepare_options())).await?;
    let jobs = prepared.tables().to_vec();
    if let Some(p) = &progress {
        p.report(&ProgressEvent::Planned {
            tables: jobs.len(),
            pages: jobs.iter().map(|j| j.relpages).sum(),
        });
    }
    let table_count = jobs.len();
    let archive = Arc::new(archive);
    // The session that helped read the catalog is the first worker.
    let sessions = prepared.take_idle_sessions();
    let manifest = dump_data_on(
        &prepared.leader,
        Arc::clone(&archive),
        jobs,
        &prepared.dump_options,
        progress,
        sessions,
    )
    .await?;
    let lo_data = large_objects::dump_data(
        &prepared.leader,
        Arc::clone(&archive),
        &prepared.all_large_objects(),
        options.algorithm,
    )
    .await?;
    let (mut toc, not_covered) = prepared.into_parts().await?;
    manifest
        .write(&options.output, options.sync)
        .map_err(|source| DumpError::Manifest { source: Box::new(source) })?;

    // Stamped when the data is done, as before the preparation was split out.
    toc.header.created = creation_time(SystemTime::now());
    let entry_count = toc.entries.len();
    let archive = Arc::try_unwrap(archive).map_err(|_| DumpError::InvalidOptions {
        reason: "internal: the archive writer is still shared after the data dump",
    })?;
    archive.finish(&toc).map_err(|source| DumpError::Archive {
        action: "write toc.dat",
        source: Box::new(source),
    })?;
    tracing::info!(
        entries = entry_count,
        tables = table_count,
        large_objects = lo_data.objects,
        "archive complete"
    );
    Ok(DumpSummary {
        entries: entry_count,
        tables: table_count,
        rows: manifest.files.iter().map(|f| f.rows).sum(),
        large_objects: lo_data.objects,
        uncompressed_bytes: manifest.files.iter().map(|f| f.uncompressed_bytes).sum::<u64>()
            + lo_data.uncompressed_bytes,
        compressed_bytes: manifest.files.iter().map(|f| f.compressed_bytes).sum::<u64>()
            + lo_data.compressed_bytes,
        not_covered,
    })
}

/// Everything a dump does before its data: starts the snapshot leader, reads the database's
/// properties, resolves the name patterns, reads the catalog in the snapshot, plans and
/// selects the entries (warning about objects not covered), lists the large objects, locks
/// the selected tables (`lock_wait_timeout`), reads their sizes, and builds the TABLE DATA
/// jobs and the complete table of contents (what `toc.dat` would hold). Creates no file.
///
/// With `jobs` ≥ 2 the first worker session is opened (importing the leader's snapshot)
/// while the leader reads the database's properties and resolves the patterns, and the
/// catalog is read over both sessions ([`tusk_catalog::read_catalog_on`]); that session then
/// waits in the worker pool, so a dump still uses at most `jobs` + 1 connections. A failure
/// to open it is the same error as any worker's.
///
/// The returned [`PreparedDump`] holds the leader's open transaction (snapshot and locks)
/// until [`PreparedDump::finish`]; its data is read with [`PreparedDump::copy_out`] and
/// [`PreparedDump::large_object`].
pub async fn prepare_dump(options: &PrepareOptions) -> Result<PreparedDump, DumpError> {
    let sel = &options.selection;
    check_options(options.jobs, sel)?;
    let leader = Leader::start(&options.connection, options.snapshot.as_deref()).await?;
    let on_leader = async {
        let db = read_database(&leader).await?;
        let resolved = filter::resolve(leader.session(), sel, &db.name).await?;
        Ok::<_, DumpError>((db, resolved))
    };
    let helper = async {
        if options.jobs < 2 {
            return Ok(None);
        }
        let session = open_worker(leader.settings(), 0, leader.snapshot_id()).await?;
        tracing::debug!(worker = 0, "worker session opened");
        Ok::<_, DumpError>(Some(session))
    };
    let (on_leader, helper) = tokio::join!(on_leader, helper);
    // The leader's error first: it is what a one-job dump would report.
    let (db, resolved) = on_leader?;
    let helper = helper?;

    // Like pg_dump, read and sort every object, selected or not: objects outside the selection
    // still shape the order (a view in another schema pulls the tables it reads forward).
    // The selection is applied to the sorted entries.
    let read_options = ReadOptions { schemas: None };
    let mut clients = vec![leader.session().client()];
    clients.extend(helper.as_ref().map(|session| session.client()));
    let catalog = tusk_catalog::read_catalog_on(&clients, &read_options)
        .await
        .map_err(|source| DumpError::Catalog { source })?;
    let mut plan = tusk_catalog::plan(&catalog);
    // Subscriptions that only a superuser could read are not missed with --no-subscriptions.
    if sel.no_subscriptions {
        plan.not_covered.retain(|n| n.kind != "SUBSCRIPTION");
    }
    // Warn only about objects the selection would have dumped: with -n/-t, pg_dump dumps no
    // database-wide objects and nothing outside the named schemas (with -t, no schema's).
    if resolved.include_tables.is_some() {
        plan.not_covered.clear();
    } else if let Some(names) = &resolved.include_schema_names {
        plan.not_covered.retain(|n| n.schema.as_ref().is_some_and(|s| names.contains(s)));
    }
    let excluded: Vec<&str> = catalog
        .schemas
        .iter()
        .filter(|s| resolved.exclude_schemas.contains(&s.oid))
        .map(|s| s.name.as_str())
        .collect();
    plan.not_covered.retain(|n| n.schema.as_deref().is_none_or(|s| !excluded.contains(&s)));
    for w in &plan.warnings {
        tracing::warn!("{w:?}");
    }
    // A statistics-only dump leaves out every definition: none is missed.
    if sel.statistics_only {
        plan.not_covered.clear();
    }
    warn_not_covered(&plan.not_covered);
    let mut entries = filter::apply(
        &catalog,
        plan.entries,
        &plan.partial_entries,
        plan.public_selected.as_ref(),
        sel,
        &resolved,
    );
    let large_objects = if sel.dumps_large_objects() {
        large_objects::read_large_objects(&leader).await?
    } else {
        Vec::new()
    };

    // Lock the plain and partitioned tables whose definition or data is dumped (not the
    // extensions' configuration tables, as pg_dump: their definition is the extension's).
    let tables_by_oid: BTreeMap<u32, &tusk_catalog::Table> =
        catalog.tables.iter().map(|t| (t.oid, t)).collect();
    let config_tables: BTreeMap<u32, (&str, &str, &tusk_catalog::ConfigData)> = catalog
        .partial_objects
        .iter()
        .filter_map(|p| {
            let (_, schema) = p.schema.as_ref()?;
            Some((p.object.oid, (schema.as_str(), p.name.as_str(), p.config.as_ref()?)))
        })
        .collect();
    let mut to_lock: Vec<(&str, &str)> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for e in &entries {
        if (e.desc == "TABLE" || e.desc == "TABLE DATA")
            && let Some(t) = tables_by_oid.get(&e.oid)
            && matches!(t.kind, RelKind::Table | RelKind::PartitionedTable)
            && seen.insert(t.oid)
        {
            to_lock.push((t.schema.as_str(), t.name.as_str()));
        }
    }
    leader.lock_tables(to_lock, options.lock_wait_timeout).await?;

    // pg_dump 18's planner statistics, of the relations a dump of schema and data would
    // define; with --statistics-only nothing else.
    let statistics = if sel.dumps_statistics() {
        let std_strings = db.std_strings == "on";
        let stats = statistics::read(
            &leader,
            &catalog,
            &plan.relation_ids,
            &entries,
            sel,
            &resolved,
            std_strings,
        )
        .await?;
        tracing::debug!(entries = stats.len(), "statistics read");
        Some(stats)
    } else {
        None
    };
    if sel.statistics_only {
        entries.clear();
    }

    // The data jobs.
    let data_entries: Vec<&TocEntry> = entries.iter().filter(|e| e.desc == "TABLE DATA").collect();
    let oids: Vec<u32> = data_entries.iter().map(|e| e.oid).collect();
    let relpages = read_relpages(&leader, &oids).await?;
    let mut jobs = Vec::with_capacity(data_entries.len());
    for e in &data_entries {
        if let Some(&(schema, name, config)) = config_tables.get(&e.oid) {
            // An extension's configuration table: the rows its extension's condition keeps.
            jobs.push(TableData {
                dump_id: e.dump_id,
                schema: schema.to_owned(),
                name: name.to_owned(),
                columns: config.columns.clone(),
                relpages: relpages.get(&e.oid).copied().unwrap_or(0),
                filename: e.filename.clone(),
                filter: (!config.condition.is_empty()).then(|| config.condition.clone()),
            });
            continue;
        }
        let Some(t) = tables_by_oid.get(&e.oid) else {
            return Err(DumpError::InvalidOptions {
                reason: "internal: a TABLE DATA entry names no table of the catalog",
            });
        };
        jobs.push(TableData {
            dump_id: e.dump_id,
            schema: t.schema.clone(),
            name: t.name.clone(),
            columns: t
                .columns
                .iter()
                .filter(|c| !c.dropped && c.generated.is_none())
                .map(|c| c.name.clone())
                .collect(),
            relpages: relpages.get(&e.oid).copied().unwrap_or(0),
            filename: e.filename.clone(),
            filter: None,
        });
    }
    let mut dump_options =
        DumpOptions { jobs: options.jobs, algorithm: options.algorithm, ..DumpOptions::default() };
    dump_options.split_pages = match options.split_pages {
        Some(pages) => Some(pages),
        None => Some(crate::plan::balanced_split_pages(
            jobs.iter().map(|t| t.relpages).sum(),
            options.jobs,
        )),
    };

    // The TOC: the special entries first, then the plan's.
    let mut id = plan.next_dump_id;
    let mut next_id = || {
        let this = id;
        id += 1;
        this
    };
    let mut toc_entries = Vec::with_capacity(8);
    let mut special = |desc: &str, defn: String| {
        let mut e = TocEntry::new(next_id(), desc, Section::PreData);
        e.tag = Some(desc.to_owned());
        e.defn = Some(defn);
        e
    };
    toc_entries.push(special("ENCODING", "SET client_encoding = 'UTF8';\n".to_owned()));
    toc_entries.push(special(
        "STDSTRINGS",
        format!("SET standard_conforming_strings = '{}';\n", db.std_strings),
    ));
    toc_entries.push(special(
        "SEARCHPATH",
        "SELECT pg_catalog.set_config('search_path', '', false);\n".to_owned(),
    ));
    let qname = quote_ident(&db.name).into_owned();
    let db_id = next_id();
    let mut dbe = TocEntry::new(db_id, "DATABASE", Section::PreData);
    dbe.table_oid = PG_DATABASE;
    dbe.oid = db.oid;
    dbe.tag = Some(db.name.clone());
    dbe.owner = Some(db.owner.clone());
    dbe.defn = Some(db.create_statement());
    dbe.drop_stmt = Some(format!("DROP DATABASE {qname};\n"));
    toc_entries.push(dbe);
    let tag = format!("DATABASE {qname}");
    // A statistics-only dump has the database's entry and properties but not its comment,
    // labels or privileges (as pg_dump 18's).
    let db_extras = !sel.statistics_only;
    if let Some(comment) =
        db.comment.as_deref().filter(|c| !c.is_empty() && !sel.no_comments && db_extras)
    {
        let defn = format!("COMMENT ON DATABASE {qname} IS {};\n", quote_literal(comment));
        toc_entries.push(attached_entry(next_id(), "COMMENT", &tag, &db.owner, defn, db_id));
    }
    // pg_dump's order after the comment: security labels, the ACL, the properties.
    let labels: String = db
        .security_labels
        .iter()
        .map(|(provider, label)| security_label_command("DATABASE", &db.name, provider, label))
        .collect();
    if !labels.is_empty() && db_extras {
        let id = next_id();
        toc_entries.push(attached_entry(id, "SECURITY LABEL", &tag, &db.owner, labels, db_id));
    }
    if !sel.no_acl && !sel.data_only && db_extras {
        let target = AclTarget::new("DATABASE", &qname);
        let acl = acl_commands(&target, db.acl.as_deref(), &db.acl_default, &db.owner)
            .map_err(|source| DumpError::Acl { object: format!("DATABASE {qname}"), source })?;
        if !acl.is_empty() {
            toc_entries.push(attached_entry(next_id(), "ACL", &tag, &db.owner, acl, db_id));
        }
    }
    let (properties, properties_drop) = db.properties();
    if !properties.is_empty() {
        let mut p = TocEntry::new(next_id(), "DATABASE PROPERTIES", Section::PreData);
        p.tag = Some(db.name.clone());
        p.owner = Some(db.owner.clone());
        p.defn = Some(properties);
        p.drop_stmt = Some(properties_drop);
        // pg_dump 15 names the DATABASE entry as its dependency but with a count of 0, so
        // its archives record none.
        toc_entries.push(p);
    }
    let lo_options = EntryOptions { no_comments: sel.no_comments, no_acl: sel.no_acl };
    let (lo_metadata, lo_blobs) = large_objects::entries(&large_objects, lo_options, &mut next_id)?;
    let lo_groups = large_objects::data_groups(&large_objects, lo_blobs.as_ref());
    large_objects::place(&mut entries, lo_metadata, lo_blobs);
    if let Some(statistics) = statistics {
        statistics.place(&mut entries, &mut next_id);
    }
    // The special entries go in front of the plan's; one list, not a second copy of a
    // list that has an entry per large object.
    entries.reserve_exact(toc_entries.len());
    entries.splice(0..0, toc_entries);
    let toc_entries = entries;

    let mut header = Header::for_writing(options.algorithm);
    header.created = creation_time(SystemTime::now());
    header.dbname = Some(db.name.clone());
    header.server_version = Some(db.server_version.clone());
    header.dump_version = Some(dump_version());
    let toc = Toc { header, entries: toc_entries };
    Ok(PreparedDump::new(
        leader,
        toc,
        jobs,
        dump_options,
        lo_groups,
        plan.not_covered,
        helper.into_iter().collect(),
    ))
}

/// Warns about the objects found but not dumped: subscriptions that only a superuser may read
/// (as pg_dump warns), then those of kinds tusk does not dump yet.
fn warn_not_covered(not_covered: &[NotCovered]) {
    let describe = |n: &NotCovered| match &n.schema {
        Some(s) => format!("{} {}.{}", n.kind, quote_ident(s), n.name),
        None => format!("{} {}", n.kind, n.name),
    };
    let (unreadable, unsupported): (Vec<&NotCovered>, Vec<&NotCovered>) =
        not_covered.iter().partition(|n| n.kind == "SUBSCRIPTION");
    if !unreadable.is_empty() {
        let list: Vec<String> =
            unreadable.iter().map(|n| quote_ident(&n.name).into_owned()).collect();
        tracing::warn!(
            count = list.len(),
            "these subscriptions are not dumped (only a superuser may read subscriptions): {}",
            list.join(", ")
        );
    }
    if !unsupported.is_empty() {
        let list: Vec<String> = unsupported.iter().map(|n| describe(n)).collect();
        tracing::warn!(
            count = list.len(),
            "these objects are not dumped (not supported yet): {}",
            list.join(", ")
        );
    }
}

/// The dumped database, as `dumpDatabase` reads it.
#[derive(Debug)]
struct Database {
    oid: u32,
    name: String,
    owner: String,
    encoding: String,
    collate: String,
    ctype: String,
    provider: String,
    locale: Option<String>,
    tablespace: String,
    comment: Option<String>,
    server_version: String,
    std_strings: String,
    /// `datacl` (`None`: NULL, the default privileges).
    acl: Option<Vec<String>>,
    /// `acldefault('d', datdba)`.
    acl_default: Vec<String>,
    connection_limit: i32,
    is_template: bool,
    /// `setconfig` items of `ALTER DATABASE … SET`.
    settings: Vec<String>,
    /// (role, `setconfig` item) of `ALTER ROLE … IN DATABASE … SET`.
    role_settings: Vec<(String, String)>,
    /// (provider, label).
    security_labels: Vec<(String, String)>,
}

impl Database {
    /// The statements of pg_dump 15's DATABASE PROPERTIES entry (connection limit, template
    /// flag, `ALTER DATABASE … SET`, `ALTER ROLE … IN DATABASE … SET`) and its drop statement
    /// (a template database must lose the flag before it can be dropped). Empty when the
    /// database has none of them.
    fn properties(&self) -> (String, String) {
        let qname = quote_ident(&self.name);
        let mut create = String::new();
        let mut drop = String::new();
        if self.connection_limit != -1 {
            create.push_str(&format!(
                "ALTER DATABASE {qname} CONNECTION LIMIT = {};\n",
                self.connection_limit
            ));
        }
        if self.is_template {
            create.push_str(&format!("ALTER DATABASE {qname} IS_TEMPLATE = true;\n"));
            drop.push_str(&format!(
                "UPDATE pg_catalog.pg_database SET datistemplate = false WHERE datname = {};\n",
                quote_literal(&self.name)
            ));
        }
        for item in &self.settings {
            if let Some(sql) = alter_config_command("DATABASE", &self.name, None, item) {
                create.push_str(&sql);
            }
        }
        for (role, item) in &self.role_settings {
            if let Some(sql) =
                alter_config_command("ROLE", role, Some(("DATABASE", &self.name)), item)
            {
                create.push_str(&sql);
            }
        }
        (create, drop)
    }

    /// pg_dump 15's `CREATE DATABASE` statement.
    fn create_statement(&self) -> String {
        let mut s =
            format!("CREATE DATABASE {} WITH TEMPLATE = template0", quote_ident(&self.name));
        if !self.encoding.is_empty() {
            s.push_str(&format!(" ENCODING = {}", quote_literal(&self.encoding)));
        }
        let provider = match self.provider.as_str() {
            "i" => Some("icu"),
            "b" => Some("builtin"),
            "c" => Some("libc"),
            _ => None,
        };
        if let Some(p) = provider {
            s.push_str(&format!(" LOCALE_PROVIDER = {p}"));
        }
        if !self.collate.is_empty() && self.collate == self.ctype {
            s.push_str(&format!(" LOCALE = {}", quote_literal(&self.collate)));
        } else {
            if !self.collate.is_empty() {
                s.push_str(&format!(" LC_COLLATE = {}", quote_literal(&self.collate)));
            }
            if !self.ctype.is_empty() {
                s.push_str(&format!(" LC_CTYPE = {}", quote_literal(&self.ctype)));
            }
        }
        if let Some(locale) = &self.locale {
            let keyword = if self.provider == "b" { "BUILTIN_LOCALE" } else { "ICU_LOCALE" };
            s.push_str(&format!(" {keyword} = {}", quote_literal(locale)));
        }
        if !self.tablespace.is_empty() && self.tablespace != "pg_default" {
            s.push_str(&format!(" TABLESPACE = {}", quote_ident(&self.tablespace)));
        }
        s.push_str(";\n");
        s
    }
}

/// An entry that belongs to the object of entry `of` (its COMMENT, SECURITY LABEL or ACL):
/// section NONE, that one dependency.
pub(crate) fn attached_entry(
    dump_id: i32,
    desc: &str,
    tag: &str,
    owner: &str,
    defn: String,
    of: i32,
) -> TocEntry {
    let mut e = TocEntry::new(dump_id, desc, Section::None);
    e.tag = Some(tag.to_owned());
    e.owner = Some(owner.to_owned());
    e.defn = Some(defn);
    e.dependencies = vec![of];
    e
}

fn leader_error(action: &'static str) -> impl Fn(tokio_postgres::Error) -> DumpError {
    move |source| DumpError::Session { role: Role::Leader, action, source }
}

async fn read_database(leader: &Leader) -> Result<Database, DumpError> {
    let v = i32::try_from(leader.server_version_num()).unwrap_or(i32::MAX);
    let (provider, locale) = if versions::database_datlocale(v) {
        ("d.datlocprovider::text", "d.datlocale")
    } else if versions::database_locale_provider(v) {
        ("d.datlocprovider::text", "d.daticulocale")
    } else {
        ("'c'::text", "NULL::text")
    };
    let sql = format!(
        "SELECT d.oid, d.datname::text, pg_catalog.pg_get_userbyid(d.datdba)::text, \
         pg_catalog.pg_encoding_to_char(d.encoding)::text, d.datcollate::text, \
         d.datctype::text, {provider}, {locale}, t.spcname::text, \
         pg_catalog.shobj_description(d.oid, 'pg_database'), \
         pg_catalog.current_setting('server_version'), \
         pg_catalog.current_setting('standard_conforming_strings'), \
         d.datacl::text[], pg_catalog.acldefault('d', d.datdba)::text[], d.datconnlimit, \
         d.datistemplate \
         FROM pg_catalog.pg_database d \
         JOIN pg_catalog.pg_tablespace t ON t.oid OPERATOR(pg_catalog.=) d.dattablespace \
         WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database()"
    );
    let err = leader_error("read the database's properties");
    let row = leader.session().query_one(&sql, &[]).await.map_err(&err)?;
    let mut db = Database {
        oid: row.try_get(0).map_err(&err)?,
        name: row.try_get(1).map_err(&err)?,
        owner: row.try_get(2).map_err(&err)?,
        encoding: row.try_get(3).map_err(&err)?,
        collate: row.try_get(4).map_err(&err)?,
        ctype: row.try_get(5).map_err(&err)?,
        provider: row.try_get(6).map_err(&err)?,
        locale: row.try_get(7).map_err(&err)?,
        tablespace: row.try_get(8).map_err(&err)?,
        comment: row.try_get(9).map_err(&err)?,
        server_version: row.try_get(10).map_err(&err)?,
        std_strings: row.try_get(11).map_err(&err)?,
        acl: row.try_get(12).map_err(&err)?,
        acl_default: row.try_get(13).map_err(&err)?,
        connection_limit: row.try_get(14).map_err(&err)?,
        is_template: row.try_get(15).map_err(&err)?,
        settings: Vec::new(),
        role_settings: Vec::new(),
        security_labels: Vec::new(),
    };
    let session = leader.session();
    // `ALTER DATABASE … SET` items in their array order.
    let rows = session
        .query(
            "SELECT c.item FROM pg_catalog.pg_db_role_setting s, \
             LATERAL pg_catalog.unnest(s.setconfig) WITH ORDINALITY AS c(item, n) \
             WHERE s.setrole OPERATOR(pg_catalog.=) 0 \
             AND s.setdatabase OPERATOR(pg_catalog.=) $1::pg_catalog.oid ORDER BY c.n",
            &[&db.oid],
        )
        .await
        .map_err(&err)?;
    for row in rows {
        db.settings.push(row.try_get(0).map_err(&err)?);
    }
    // `ALTER ROLE … IN DATABASE … SET` items. pg_dump gives this query no order (the
    // server's join order, each role's items in array order); the same query here, with the
    // OID as a literal as pg_dump sends it, gives the same plan and so the same order.
    let sql = format!(
        "SELECT r.rolname::text, pg_catalog.unnest(s.setconfig) \
         FROM pg_catalog.pg_db_role_setting s, pg_catalog.pg_roles r \
         WHERE s.setrole OPERATOR(pg_catalog.=) r.oid \
         AND s.setdatabase OPERATOR(pg_catalog.=) '{}'::pg_catalog.oid",
        db.oid
    );
    let rows = session.query(&sql, &[]).await.map_err(&err)?;
    for row in rows {
        db.role_settings.push((row.try_get(0).map_err(&err)?, row.try_get(1).map_err(&err)?));
    }
    let rows = session
        .query(
            "SELECT provider, label FROM pg_catalog.pg_shseclabel \
             WHERE classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_database'::pg_catalog.regclass \
             AND objoid OPERATOR(pg_catalog.=) $1::pg_catalog.oid ORDER BY 1",
            &[&db.oid],
        )
        .await
        .map_err(&err)?;
    for row in rows {
        db.security_labels.push((row.try_get(0).map_err(&err)?, row.try_get(1).map_err(&err)?));
    }
    Ok(db)
}

/// `relpages` plus the TOAST table's, per table.
async fn read_relpages(leader: &Leader, oids: &[u32]) -> Result<BTreeMap<u32, u64>, DumpError> {
    if oids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let err = leader_error("read the table sizes");
    let ids: Vec<i64> = oids.iter().map(|&o| i64::from(o)).collect();
    let rows = leader
        .session()
        .query(
            "SELECT c.oid, (c.relpages::int8 + COALESCE(t.relpages, 0)::int8) \
             FROM pg_catalog.pg_class c \
             LEFT JOIN pg_catalog.pg_class t ON t.oid OPERATOR(pg_catalog.=) c.reltoastrelid \
             WHERE c.oid::int8 OPERATOR(pg_catalog.=) ANY ($1::int8[])",
            &[&ids],
        )
        .await
        .map_err(&err)?;
    let mut out = BTreeMap::new();
    for row in rows {
        let oid: u32 = row.try_get(0).map_err(&err)?;
        let pages: i64 = row.try_get(1).map_err(&err)?;
        out.insert(oid, u64::try_from(pages).unwrap_or(0));
    }
    Ok(out)
}

/// The creation time fields (UTC: tusk does not read the local time zone).
fn creation_time(now: SystemTime) -> CreationTime {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let int = |v: i64| i32::try_from(v).unwrap_or(0);
    CreationTime {
        sec: int(i64::try_from(rem % 60).unwrap_or(0)),
        min: int(i64::try_from(rem / 60 % 60).unwrap_or(0)),
        hour: int(i64::try_from(rem / 3600).unwrap_or(0)),
        mday: int(day),
        mon: int(month - 1),
        year: int(year - 1900),
        isdst: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creation_time_is_the_civil_date() {
        // 2026-11-24 02:47:52 UTC.
        let t = creation_time(UNIX_EPOCH + Duration::from_secs(1_795_488_472));
        assert_eq!((t.year, t.mon, t.mday, t.hour, t.min, t.sec), (126, 10, 24, 2, 47, 52));
    }
}
