//! pg_dump's object selection: `-n`/`-N`/`-t`/`-T`/`--exclude-table-data` patterns
//! (`processSQLNamePattern`), resolved on the server with its regular expressions, and the
//! selection applied to the plan's TOC entries.

use std::collections::{BTreeMap, BTreeSet};

use tusk_archive::{Section, TocEntry};
use tusk_catalog::PublicSchemaSelected;
use tusk_catalog::pattern::pattern_parts;
use tusk_catalog::versions;
use tusk_catalog::{
    Catalog, PG_AM, PG_ATTRDEF, PG_CAST, PG_CLASS, PG_COLLATION, PG_CONSTRAINT, PG_CONVERSION,
    PG_DEFAULT_ACL, PG_EXTENSION, PG_LANGUAGE, PG_NAMESPACE, PG_OPCLASS, PG_OPERATOR, PG_OPFAMILY,
    PG_POLICY, PG_PROC, PG_REWRITE, PG_STATISTIC_EXT, PG_TRANSFORM, PG_TRIGGER, PG_TS_CONFIG,
    PG_TS_DICT, PG_TS_PARSER, PG_TS_TEMPLATE, PG_TYPE,
};
use tusk_catalog::{
    PG_EVENT_TRIGGER, PG_FOREIGN_DATA_WRAPPER, PG_FOREIGN_SERVER, PG_PUBLICATION,
    PG_PUBLICATION_NAMESPACE, PG_PUBLICATION_REL, PG_SUBSCRIPTION,
};
use tusk_pg::Session;

use crate::error::{DumpError, Role};

/// Which objects to dump, as pg_dump's switches say it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `-n`: schema patterns to include.
    pub include_schemas: Vec<String>,
    /// `-N`: schema patterns to exclude.
    pub exclude_schemas: Vec<String>,
    /// `-t`: table (view, sequence, …) patterns to include.
    pub include_tables: Vec<String>,
    /// `-T`: table patterns to exclude.
    pub exclude_tables: Vec<String>,
    /// `--exclude-table-data`: table patterns whose data is not dumped.
    pub exclude_table_data: Vec<String>,
    /// `--strict-names`: an include pattern (`-n`, `-t`) matching nothing is an error.
    pub strict_names: bool,
    /// `-s`: definitions only.
    pub schema_only: bool,
    /// `-a`: data only.
    pub data_only: bool,
    /// `--no-comments`.
    pub no_comments: bool,
    /// `-x`/`--no-privileges`: no ACL or DEFAULT ACL entries.
    pub no_acl: bool,
    /// `-b`/`--blobs`: dump large objects even when `-n`/`-t` select objects.
    pub blobs: bool,
    /// `-B`/`--no-blobs`: do not dump large objects (unless `-b` is given too, as pg_dump).
    pub no_blobs: bool,
    /// `--no-publications`: no publications, nor their tables and schemas.
    pub no_publications: bool,
    /// `--no-subscriptions`.
    pub no_subscriptions: bool,
    /// `--statistics` (pg_dump 18): also dump the planner statistics of the tables,
    /// materialized views, foreign tables and indexes dumped (STATISTICS DATA entries).
    pub statistics: bool,
    /// `--statistics-only` (pg_dump 18): dump only those statistics (no definitions, no data).
    pub statistics_only: bool,
}

impl Selection {
    /// Whether large objects are dumped, by pg_dump 15's rule: by default unless `-n`/`-t`
    /// select objects or `-B` is given; always with `-b`; never with `-s` (they are data).
    pub fn dumps_large_objects(&self) -> bool {
        let include_everything = self.include_schemas.is_empty() && self.include_tables.is_empty();
        !self.schema_only
            && !self.statistics_only
            && (self.blobs || (include_everything && !self.no_blobs))
    }

    /// Whether planner statistics are dumped (`--statistics` or `--statistics-only`).
    pub fn dumps_statistics(&self) -> bool {
        self.statistics || self.statistics_only
    }
}

/// The regular expressions of a pattern: (database, schema, name) parts, each `None` when
/// absent or matching everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PatternRegex {
    pub(crate) database: Option<String>,
    pub(crate) schema: Option<String>,
    pub(crate) name: Option<String>,
}

/// Splits a pattern into database, schema and name regexes (`max_dots` 1 for schema patterns
/// counted from the right: a schema pattern has at most `db.schema`).
pub(crate) fn parse_pattern(
    pattern: &str,
    schema_pattern: bool,
) -> Result<PatternRegex, DumpError> {
    let mut parts = pattern_parts(pattern);
    let everything = |p: String| if p == "^(.*)$" { None } else { Some(p) };
    let too_many = || DumpError::Pattern {
        pattern: pattern.to_owned(),
        reason: "improper qualified name (too many dotted names)",
    };
    if schema_pattern {
        if parts.len() > 2 {
            return Err(too_many());
        }
        let schema = parts.pop().and_then(everything);
        let database = parts.pop();
        return Ok(PatternRegex { database, schema, name: None });
    }
    if parts.len() > 3 {
        return Err(too_many());
    }
    let name = parts.pop().and_then(everything);
    let schema = parts.pop().and_then(everything);
    let database = parts.pop();
    Ok(PatternRegex { database, schema, name })
}

/// Resolved patterns: OIDs of the matched schemas and relations.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    pub(crate) include_schemas: Option<BTreeSet<u32>>,
    pub(crate) exclude_schemas: BTreeSet<u32>,
    pub(crate) include_tables: Option<BTreeSet<u32>>,
    pub(crate) exclude_tables: BTreeSet<u32>,
    pub(crate) exclude_table_data: BTreeSet<u32>,
    /// Names of the included schemas.
    pub(crate) include_schema_names: Option<Vec<String>>,
}

async fn query_oids(
    session: &Session,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Result<Vec<(u32, String)>, DumpError> {
    let rows = session.query(sql, params).await.map_err(|source| DumpError::Session {
        role: Role::Leader,
        action: "resolve the name patterns",
        source,
    })?;
    rows.iter()
        .map(|r| Ok((r.try_get::<_, u32>(0)?, r.try_get::<_, String>(1)?)))
        .collect::<Result<_, tokio_postgres::Error>>()
        .map_err(|source| DumpError::Session {
            role: Role::Leader,
            action: "resolve the name patterns",
            source,
        })
}

fn check_database(pattern: &str, regex: &PatternRegex, dbname: &str) -> Result<(), DumpError> {
    if let Some(db) = &regex.database {
        // pg_dump compares the literal database part with the current database.
        if *db != format!("^({dbname})$") {
            return Err(DumpError::Pattern {
                pattern: pattern.to_owned(),
                reason: "cross-database references are not implemented",
            });
        }
    }
    Ok(())
}

async fn match_schemas(
    session: &Session,
    patterns: &[String],
    dbname: &str,
    strict: bool,
) -> Result<BTreeMap<u32, String>, DumpError> {
    let mut found = BTreeMap::new();
    for pattern in patterns {
        let regex = parse_pattern(pattern, true)?;
        check_database(pattern, &regex, dbname)?;
        let rows = query_oids(
            session,
            "SELECT n.oid, n.nspname::text FROM pg_catalog.pg_namespace n \
             WHERE $1::text IS NULL OR n.nspname OPERATOR(pg_catalog.~) $1::text \
             COLLATE pg_catalog.default ORDER BY 1",
            &[&regex.schema],
        )
        .await?;
        if strict && rows.is_empty() {
            return Err(DumpError::NoMatch { what: "schema", pattern: pattern.clone() });
        }
        found.extend(rows);
    }
    Ok(found)
}

async fn match_tables(
    session: &Session,
    patterns: &[String],
    dbname: &str,
    strict: bool,
) -> Result<BTreeSet<u32>, DumpError> {
    let mut found = BTreeSet::new();
    if patterns.is_empty() {
        return Ok(found);
    }
    // As pg_dump: unqualified names follow the user's search_path (visibility), so reset it
    // for these queries and empty it again afterwards.
    session.batch_execute("RESET search_path").await.map_err(|source| DumpError::Session {
        role: Role::Leader,
        action: "reset search_path",
        source,
    })?;
    let mut result = Ok(());
    for pattern in patterns {
        let regex = match parse_pattern(pattern, false) {
            Ok(r) => r,
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        if let Err(e) = check_database(pattern, &regex, dbname) {
            result = Err(e);
            break;
        }
        let visible = regex.schema.is_none() && !pattern_has_dot(pattern);
        let rows = query_oids(
            session,
            "SELECT c.oid, c.relname::text FROM pg_catalog.pg_class c \
             JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace \
             WHERE c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r','S','v','m','f','p']) \
             AND ($1::text IS NULL OR c.relname OPERATOR(pg_catalog.~) $1::text \
                  COLLATE pg_catalog.default) \
             AND ($2::text IS NULL OR n.nspname OPERATOR(pg_catalog.~) $2::text \
                  COLLATE pg_catalog.default) \
             AND (NOT $3::bool OR pg_catalog.pg_table_is_visible(c.oid)) ORDER BY 1",
            &[&regex.name, &regex.schema, &visible],
        )
        .await;
        match rows {
            Ok(rows) if strict && rows.is_empty() => {
                result = Err(DumpError::NoMatch { what: "table", pattern: pattern.clone() });
                break;
            }
            Ok(rows) => found.extend(rows.into_iter().map(|(oid, _)| oid)),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    session.batch_execute("SELECT pg_catalog.set_config('search_path', '', false)").await.map_err(
        |source| DumpError::Session { role: Role::Leader, action: "empty search_path", source },
    )?;
    result.map(|()| found)
}

/// Whether the pattern has an unquoted dot (is qualified).
fn pattern_has_dot(pattern: &str) -> bool {
    let mut in_quotes = false;
    for ch in pattern.chars() {
        match ch {
            '"' => in_quotes = !in_quotes,
            '.' if !in_quotes => return true,
            _ => {}
        }
    }
    false
}

/// Resolves every pattern of `selection` on the leader's session.
pub(crate) async fn resolve(
    session: &Session,
    selection: &Selection,
    dbname: &str,
) -> Result<Resolved, DumpError> {
    let strict = selection.strict_names;
    let mut resolved = Resolved::default();
    if !selection.include_schemas.is_empty() {
        let schemas = match_schemas(session, &selection.include_schemas, dbname, strict).await?;
        if schemas.is_empty() {
            return Err(DumpError::NothingMatched { what: "schema" });
        }
        resolved.include_schema_names = Some(schemas.values().cloned().collect());
        resolved.include_schemas = Some(schemas.into_keys().collect());
    }
    resolved.exclude_schemas = match_schemas(session, &selection.exclude_schemas, dbname, false)
        .await?
        .into_keys()
        .collect();
    if !selection.include_tables.is_empty() {
        let tables = match_tables(session, &selection.include_tables, dbname, strict).await?;
        if tables.is_empty() {
            return Err(DumpError::NothingMatched { what: "table" });
        }
        resolved.include_tables = Some(tables);
    }
    resolved.exclude_tables =
        match_tables(session, &selection.exclude_tables, dbname, false).await?;
    resolved.exclude_table_data =
        match_tables(session, &selection.exclude_table_data, dbname, false).await?;
    Ok(resolved)
}

/// The object an entry belongs to, for selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Schema(u32),
    Relation(u32),
    /// An extended statistics object: dumped when both its schema and its table are
    /// (pg_dump's `selectDumpableStatisticsObject`; so not with `-t` alone).
    SchemaAndRelation(u32, u32),
    Extension,
    /// An object outside schemas (procedural language, cast, transform, access method,
    /// foreign-data wrapper, foreign server and its user mappings, event trigger,
    /// publication, subscription): dumped only when no -n or -t limits the dump (pg_dump's
    /// `include_everything`).
    Database,
    /// A table of a publication: dumped when no -n or -t limits the dump and its table is
    /// dumped (`getPublicationTables`, `selectDumpablePublicationObject`).
    DatabaseAndRelation(u32),
    /// A schema of a publication: dumped when no -n or -t limits the dump and the schema is
    /// dumped (`getPublicationNamespaces`).
    DatabaseAndSchema(u32),
    /// The privileges of an object of `pg_catalog` (this schema's OID): dumped when no -n or
    /// -t limits the dump and -N does not exclude `pg_catalog` (`selectDumpableNamespace`).
    SystemSchema(u32),
    /// The privileges of a member of an extension created by initdb (plpgsql): always
    /// dumped (`selectDumpableExtension`).
    Always,
    /// The data of an extension's configuration table or sequence (OID, schema OID): dumped
    /// without -n and -t, or when -t names it or -n its schema; never when -T or -N
    /// exclude it (`processExtensionTables`).
    ConfigData(u32, u32),
    Unknown,
}

/// Applies the selection to the plan's entries: returns the kept entries (dependencies on
/// dropped entries removed).
/// `partial` is [`tusk_catalog::DumpPlan::partial_entries`], `public`
/// [`tusk_catalog::DumpPlan::public_selected`].
pub(crate) fn apply(
    catalog: &Catalog,
    mut entries: Vec<TocEntry>,
    partial: &BTreeMap<i32, usize>,
    public: Option<&PublicSchemaSelected>,
    selection: &Selection,
    resolved: &Resolved,
) -> Vec<TocEntry> {
    // pg_dump's selectDumpableNamespace: a schema that -n selects is dumped as any other,
    // even `public` (not with -t, which selects no schema).
    if let Some(public) = public
        && resolved.include_tables.is_none()
        && resolved.include_schemas.as_ref().is_some_and(|s| s.contains(&public.oid))
    {
        public.apply(&mut entries);
    }
    let schema_oid: BTreeMap<&str, u32> =
        catalog.schemas.iter().map(|s| (s.name.as_str(), s.oid)).collect();
    let mut rel_owner: BTreeMap<u32, u32> = BTreeMap::new(); // relation → table whose fate it shares
    let mut rel_schema: BTreeMap<u32, u32> = BTreeMap::new();
    for t in &catalog.tables {
        if let Some(&ns) = schema_oid.get(t.schema.as_str()) {
            rel_schema.insert(t.oid, ns);
        }
        // Owned sequences (serial, identity) follow their table, as in pg_dump.
        let owner = t.owned_by.map_or(t.oid, |(table, _)| table);
        rel_owner.insert(t.oid, owner);
    }
    let mut object_table: BTreeMap<(u32, u32), u32> = BTreeMap::new();
    for i in &catalog.indexes {
        object_table.insert((PG_CLASS, i.oid), i.table);
        if let Some(c) = &i.constraint {
            object_table.insert((PG_CONSTRAINT, c.oid), i.table);
        }
    }
    for c in &catalog.checks {
        object_table.insert((PG_CONSTRAINT, c.oid), c.table);
    }
    for f in &catalog.foreign_keys {
        object_table.insert((PG_CONSTRAINT, f.oid), f.table);
    }
    for d in &catalog.attrdefs {
        object_table.insert((PG_ATTRDEF, d.oid), d.table);
    }
    // Triggers, rules and policies are dumped with their table, as pg_dump does for -t.
    for t in &catalog.triggers {
        object_table.insert((PG_TRIGGER, t.oid), t.table);
    }
    for r in &catalog.rules {
        object_table.insert((PG_REWRITE, r.oid), r.table);
    }
    for r in &catalog.view_rules {
        object_table.insert((PG_REWRITE, r.oid), r.relid);
    }
    for p in &catalog.policies {
        object_table.insert((PG_POLICY, p.oid), p.table);
    }
    let stats_table: BTreeMap<u32, u32> =
        catalog.statistics.iter().map(|s| (s.oid, s.table)).collect();
    let publication_table: BTreeMap<u32, u32> =
        catalog.publication_rels.iter().map(|r| (r.oid, r.table)).collect();
    let publication_schema: BTreeMap<u32, u32> =
        catalog.publication_schemas.iter().map(|p| (p.oid, p.schema_oid)).collect();

    let any_include = resolved.include_schemas.is_some() || resolved.include_tables.is_some();
    let schema_selected = |ns: u32| -> bool {
        if resolved.exclude_schemas.contains(&ns) {
            return false;
        }
        // With -t, pg_dump dumps no schema nor any object of one for itself, whatever -n
        // says (selectDumpableNamespace tests -t first).
        match (&resolved.include_tables, &resolved.include_schemas) {
            (Some(_), _) => false,
            (None, Some(inc)) => inc.contains(&ns),
            (None, None) => true,
        }
    };
    let table_selected = |oid: u32| -> bool {
        let table = rel_owner.get(&oid).copied().unwrap_or(oid);
        if resolved.exclude_tables.contains(&table) || resolved.exclude_tables.contains(&oid) {
            return false;
        }
        if let Some(inc) = &resolved.include_tables {
            return inc.contains(&table) || inc.contains(&oid);
        }
        rel_schema.get(&table).is_some_and(|&ns| schema_selected(ns))
    };

    let by_id: BTreeMap<i32, usize> =
        entries.iter().enumerate().map(|(i, e)| (e.dump_id, i)).collect();
    let extensions: BTreeMap<u32, bool> =
        catalog.extensions.iter().map(|x| (x.oid, x.builtin)).collect();
    // The entries of objects of which only the privileges or the data are dumped.
    let partial_owner = |e: &TocEntry| -> Option<Owner> {
        let p = catalog.partial_objects.get(*partial.get(&e.dump_id)?)?;
        let schema = p.schema.as_ref().map(|(oid, _)| *oid);
        if e.desc != "ACL" && p.config.is_some() {
            return Some(Owner::ConfigData(p.object.oid, schema.unwrap_or(0)));
        }
        Some(match p.extension {
            Some(x) if extensions.get(&x) == Some(&true) => Owner::Always,
            Some(_) => Owner::Extension,
            None => Owner::SystemSchema(schema.unwrap_or(p.object.oid)),
        })
    };
    let owner_of = |e: &TocEntry| -> Owner {
        if let Some(owner) = partial_owner(e) {
            return owner;
        }
        let key = (e.table_oid, e.oid);
        match e.table_oid {
            PG_NAMESPACE => return Owner::Schema(e.oid),
            PG_EXTENSION => return Owner::Extension,
            PG_LANGUAGE | PG_CAST | PG_TRANSFORM | PG_AM => return Owner::Database,
            PG_FOREIGN_DATA_WRAPPER
            | PG_FOREIGN_SERVER
            | PG_EVENT_TRIGGER
            | PG_PUBLICATION
            | PG_SUBSCRIPTION => return Owner::Database,
            PG_PUBLICATION_REL => {
                if let Some(&t) = publication_table.get(&e.oid) {
                    return Owner::DatabaseAndRelation(t);
                }
            }
            PG_PUBLICATION_NAMESPACE => {
                if let Some(&ns) = publication_schema.get(&e.oid) {
                    return Owner::DatabaseAndSchema(ns);
                }
            }
            PG_CLASS if rel_owner.contains_key(&e.oid) => return Owner::Relation(e.oid),
            // Entries whose catalog id is (0, relation oid).
            0 if matches!(
                e.desc.as_str(),
                "TABLE DATA" | "ROW SECURITY" | "MATERIALIZED VIEW DATA"
            ) =>
            {
                return Owner::Relation(e.oid);
            }
            _ => {}
        }
        if let Some(&t) = object_table.get(&key) {
            return Owner::Relation(t);
        }
        let namespace = e.namespace.as_deref().and_then(|n| schema_oid.get(n)).copied();
        if e.table_oid == PG_STATISTIC_EXT
            && let (Some(ns), Some(&t)) = (namespace, stats_table.get(&e.oid))
        {
            return Owner::SchemaAndRelation(ns, t);
        }
        // A base type's shell follows the type's schema.
        if e.desc == "SHELL TYPE"
            && let Some(ns) = namespace
        {
            return Owner::Schema(ns);
        }
        // Objects that live in a schema on their own (types and domains, functions,
        // procedures and aggregates, collations, text search objects, operators, operator
        // classes and families, conversions, default privileges in a schema) follow their
        // schema, as pg_dump's -n/-N do; with -t only, they are not dumped.
        if matches!(
            e.table_oid,
            PG_TYPE
                | PG_PROC
                | PG_DEFAULT_ACL
                | PG_COLLATION
                | PG_TS_PARSER
                | PG_TS_TEMPLATE
                | PG_TS_DICT
                | PG_TS_CONFIG
                | PG_OPERATOR
                | PG_OPCLASS
                | PG_OPFAMILY
                | PG_CONVERSION
        ) && let Some(ns) = namespace
        {
            return Owner::Schema(ns);
        }
        Owner::Unknown
    };
    // Owners by dump id, resolving entries without their own object through their first
    // dependency (COMMENT, SEQUENCE SET, SEQUENCE OWNED BY, TABLE ATTACH, INDEX ATTACH).
    let mut owners: Vec<Owner> = entries.iter().map(&owner_of).collect();
    for _ in 0..3 {
        for i in 0..entries.len() {
            if owners[i] != Owner::Unknown {
                continue;
            }
            let e = &entries[i];
            if let Some(dep) = e.dependencies.first()
                && let Some(&j) = by_id.get(dep)
            {
                owners[i] = owners[j];
            } else if let Some(tag) = e.tag.as_deref().and_then(|t| t.strip_prefix("SCHEMA "))
                && let Some(s) =
                    catalog.schemas.iter().find(|s| tusk_pg::quote_ident(&s.name) == tag)
            {
                owners[i] = Owner::Schema(s.oid);
            }
        }
    }

    // --no-publications and --no-subscriptions leave out those entries and their comments.
    let left_out_kind = |e: &TocEntry| {
        (selection.no_publications
            && matches!(
                e.desc.as_str(),
                "PUBLICATION" | "PUBLICATION TABLE" | "PUBLICATION TABLES IN SCHEMA"
            ))
            || (selection.no_subscriptions && e.desc == "SUBSCRIPTION")
    };
    let left_out: BTreeSet<i32> =
        entries.iter().filter(|e| left_out_kind(e)).map(|e| e.dump_id).collect();
    let members_follow_publication =
        versions::publication_members_follow_their_publication(catalog.server_version_num);
    let keep = |i: usize| -> bool {
        let e = &entries[i];
        if left_out.contains(&e.dump_id)
            || (e.desc == "COMMENT" && e.dependencies.first().is_some_and(|d| left_out.contains(d)))
        {
            return false;
        }
        // pg_dump writes a materialized view's REFRESH only when it dumps both schema and
        // data: it is neither in a schema-only nor in a data-only dump.
        if e.desc == "MATERIALIZED VIEW DATA" && (selection.schema_only || selection.data_only) {
            return false;
        }
        let is_data = e.section == Section::Data;
        if selection.schema_only && is_data {
            return false;
        }
        if selection.data_only && !is_data {
            return false;
        }
        if selection.no_comments && e.desc == "COMMENT" {
            return false;
        }
        if selection.no_acl && matches!(e.desc.as_str(), "ACL" | "DEFAULT ACL") {
            return false;
        }
        match owners[i] {
            Owner::Schema(ns) => schema_selected(ns),
            Owner::SchemaAndRelation(ns, oid) => schema_selected(ns) && table_selected(oid),
            Owner::Extension | Owner::Database => !any_include,
            // pg_dump 18 (the DDL of a 16+ source) writes a publication's members whenever it
            // writes the publication; pg_dump 15 only those of tables and schemas it dumps.
            Owner::DatabaseAndRelation(_) | Owner::DatabaseAndSchema(_)
                if members_follow_publication =>
            {
                !any_include
            }
            Owner::DatabaseAndRelation(oid) => !any_include && table_selected(oid),
            Owner::DatabaseAndSchema(ns) => !any_include && schema_selected(ns),
            Owner::SystemSchema(ns) => !any_include && !resolved.exclude_schemas.contains(&ns),
            Owner::Always => true,
            Owner::ConfigData(oid, ns) => {
                let excluded = resolved.exclude_tables.contains(&oid)
                    || resolved.exclude_schemas.contains(&ns)
                    || (e.desc == "TABLE DATA" && resolved.exclude_table_data.contains(&oid));
                let included = match (&resolved.include_tables, &resolved.include_schemas) {
                    (None, None) => true,
                    (Some(tables), _) => tables.contains(&oid),
                    (None, Some(schemas)) => schemas.contains(&ns),
                };
                included && !excluded
            }
            Owner::Relation(oid) => {
                if !table_selected(oid) {
                    return false;
                }
                !(e.desc == "TABLE DATA" && resolved.exclude_table_data.contains(&oid))
            }
            // Unknown: keep only in an unfiltered dump.
            Owner::Unknown => !any_include,
        }
    };
    let kept: Vec<bool> = (0..entries.len()).map(keep).collect();
    let dropped: BTreeSet<i32> =
        entries.iter().zip(&kept).filter(|(_, k)| !**k).map(|(e, _)| e.dump_id).collect();
    // A language whose handler, inline handler or validator is in a schema left out is
    // written without them, as pg_dump does when it does not dump those functions.
    let function_dumped = |f: &Option<(String, String)>| {
        f.as_ref().is_none_or(|(schema, _)| {
            schema_oid.get(schema.as_str()).is_none_or(|&ns| schema_selected(ns))
        })
    };
    let parameterless: BTreeSet<u32> = catalog
        .languages
        .iter()
        .filter(|l| {
            !(function_dumped(&l.handler)
                && function_dumped(&l.inline.1)
                && function_dumped(&l.validator.1))
        })
        .map(|l| l.oid)
        .collect();
    entries
        .into_iter()
        .zip(kept)
        .filter(|(_, k)| *k)
        .map(|(mut e, _)| {
            e.dependencies.retain(|d| !dropped.contains(d));
            if e.table_oid == PG_LANGUAGE
                && parameterless.contains(&e.oid)
                && let Some(tag) = &e.tag
            {
                e.defn = Some(format!(
                    "CREATE OR REPLACE PROCEDURAL LANGUAGE {};\n",
                    tusk_pg::quote_ident(tag)
                ));
            }
            e
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_split_into_database_schema_and_name() {
        let p = parse_pattern("s.*", false).unwrap();
        assert_eq!(p.schema.as_deref(), Some("^(s)$"));
        assert_eq!(p.name, None);
        let p = parse_pattern("D.\"S\".t*", false).unwrap();
        assert_eq!(p.database.as_deref(), Some("^(d)$"));
        assert_eq!((p.schema.as_deref(), p.name.as_deref()), (Some("^(S)$"), Some("^(t.*)$")));
        let p = parse_pattern("\"A.b\"", true).unwrap();
        assert_eq!((p.database, p.schema.as_deref()), (None, Some("^(A\\.b)$")));
        assert!(parse_pattern("a.b.c.d", false).is_err());
        assert!(parse_pattern("a.b.c", true).is_err());
    }
}
