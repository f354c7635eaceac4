//! The SQL a restore sends for a TOC entry beyond its stored definition: owner changes, drop
//! statements with `IF EXISTS`, per-large-object commands of 1.16 archives, and the session
//! settings. Pure functions of the entries, so that each rule is unit-tested on its own.
//!
//! The rules follow pg_restore 15–18's behaviour (read from its source for the facts; the
//! code here is tusk's).

use tusk_archive::{Toc, TocEntry};
use tusk_pg::quote::{quote_ident, quote_literal, quote_qualified};

use crate::options::RestoreOptions;

/// Entry types whose owner pg_restore sets with `ALTER <object> OWNER TO`.
const OWNED_TYPES: &[&str] = &[
    "AGGREGATE",
    "BLOB",
    "COLLATION",
    "CONVERSION",
    "DATABASE",
    "DOMAIN",
    "FUNCTION",
    "OPERATOR",
    "OPERATOR CLASS",
    "OPERATOR FAMILY",
    "PROCEDURE",
    "PROCEDURAL LANGUAGE",
    "SCHEMA",
    "EVENT TRIGGER",
    "TABLE",
    "TYPE",
    "VIEW",
    "MATERIALIZED VIEW",
    "SEQUENCE",
    "FOREIGN TABLE",
    "TEXT SEARCH DICTIONARY",
    "TEXT SEARCH CONFIGURATION",
    "FOREIGN DATA WRAPPER",
    "SERVER",
    "STATISTICS",
    "PUBLICATION",
    "SUBSCRIPTION",
];

/// How `ALTER … OWNER TO` names the object of `entry`, if its type has an owner.
fn object_description(entry: &TocEntry) -> Option<String> {
    let tag = entry.tag.as_deref().unwrap_or("");
    let kind = match entry.desc.as_str() {
        "VIEW" | "SEQUENCE" | "MATERIALIZED VIEW" => "TABLE",
        other => other,
    };
    match kind {
        "COLLATION"
        | "CONVERSION"
        | "DOMAIN"
        | "TABLE"
        | "TYPE"
        | "FOREIGN TABLE"
        | "TEXT SEARCH DICTIONARY"
        | "TEXT SEARCH CONFIGURATION"
        | "STATISTICS"
        | "DATABASE"
        | "PROCEDURAL LANGUAGE"
        | "SCHEMA"
        | "EVENT TRIGGER"
        | "FOREIGN DATA WRAPPER"
        | "SERVER"
        | "PUBLICATION"
        | "SUBSCRIPTION" => {
            let name = match entry.namespace.as_deref() {
                Some(ns) if !ns.is_empty() => quote_qualified(ns, tag),
                _ => quote_ident(tag).into_owned(),
            };
            Some(format!("{kind} {name}"))
        }
        // A large object's name is its OID, which must not be quoted.
        "BLOB" => Some(format!("LARGE OBJECT {tag}")),
        // The DROP statement names these with their argument types: reuse it.
        "AGGREGATE" | "FUNCTION" | "OPERATOR" | "OPERATOR CLASS" | "OPERATOR FAMILY"
        | "PROCEDURE" => {
            let drop = entry.drop_stmt.as_deref()?.strip_prefix("DROP ")?;
            let drop = drop.trim_end_matches(['\n', ';']);
            let drop = drop
                .strip_prefix(&format!("{kind} IF EXISTS "))
                .map_or_else(|| drop.to_owned(), |rest| format!("{kind} {rest}"));
            Some(drop)
        }
        _ => None,
    }
}

/// The statements that give the object of `entry` its owner (none for entries without an
/// owner, a drop statement or an ownable type; one per large object for 1.16's
/// `BLOB METADATA`).
pub(crate) fn owner_statements(entry: &TocEntry) -> Vec<String> {
    let Some(owner) = entry.owner.as_deref().filter(|o| !o.is_empty()) else {
        return Vec::new();
    };
    if entry.drop_stmt.as_deref().is_none_or(str::is_empty) {
        return Vec::new();
    }
    if entry.desc == "BLOB METADATA" {
        return blob_oids(entry)
            .map(|oid| format!("ALTER LARGE OBJECT {oid} OWNER TO {};", quote_ident(owner)))
            .collect();
    }
    if !OWNED_TYPES.contains(&entry.desc.as_str()) {
        return Vec::new();
    }
    match object_description(entry) {
        Some(object) => vec![format!("ALTER {object} OWNER TO {};", quote_ident(owner))],
        None => Vec::new(),
    }
}

/// The OIDs listed one per line in a 1.16 `BLOB METADATA` entry's definition.
fn blob_oids(entry: &TocEntry) -> impl Iterator<Item = u32> + '_ {
    entry.defn.as_deref().unwrap_or("").lines().filter_map(|l| l.trim().parse::<u32>().ok())
}

/// The statements that create the object of `entry` (its definition, adapted as pg_restore
/// adapts it), without the owner change. Empty when there is nothing to run.
pub(crate) fn definition_statements(
    entry: &TocEntry,
    toc: &Toc,
    options: &RestoreOptions,
) -> Vec<String> {
    let defn = entry.defn.as_deref().unwrap_or("");
    match entry.desc.as_str() {
        // 1.16: the definition lists the OIDs; each large object is created on its own.
        "BLOB METADATA" => {
            blob_oids(entry).map(|oid| format!("SELECT pg_catalog.lo_create('{oid}');")).collect()
        }
        // Without owners, a schema is created without its AUTHORIZATION clause (a definition
        // that is only a comment, as for `public`, stays as it is).
        "SCHEMA" if options.no_owner && !defn.starts_with("--") && !defn.is_empty() => {
            let tag = entry.tag.as_deref().unwrap_or("");
            vec![format!("CREATE SCHEMA {};", quote_ident(tag))]
        }
        // 1.16 groups large objects with equal privileges; the ACL is written for the first
        // one and applies to each of the group.
        "ACL" if entry.tag.as_deref().is_some_and(|t| t.starts_with("LARGE OBJECTS ")) => {
            large_object_group_acl(entry, toc)
        }
        _ if defn.trim().is_empty() => Vec::new(),
        _ => vec![defn.to_owned()],
    }
}

/// The ACL of a 1.16 large-object group, repeated for each large object of the group: the
/// stored commands name the group's first OID; the group's `BLOB METADATA` entry (a
/// dependency) lists all of them.
fn large_object_group_acl(entry: &TocEntry, toc: &Toc) -> Vec<String> {
    let defn = entry.defn.as_deref().unwrap_or("");
    let Some(metadata) = entry
        .dependencies
        .iter()
        .find_map(|id| toc.entries.iter().find(|e| e.dump_id == *id && e.desc == "BLOB METADATA"))
    else {
        return vec![defn.to_owned()];
    };
    let oids: Vec<u32> = blob_oids(metadata).collect();
    let Some(first) = oids.first() else { return vec![defn.to_owned()] };
    let marker = format!("LARGE OBJECT {first} ");
    oids.iter().map(|oid| defn.replace(&marker, &format!("LARGE OBJECT {oid} "))).collect()
}

/// The statements that drop the object of `entry` for `--clean`, with `IF EXISTS` when
/// asked. Empty for entries without a drop statement.
pub(crate) fn drop_statements(entry: &TocEntry, if_exists: bool) -> Vec<String> {
    let drop = entry.drop_stmt.as_deref().unwrap_or("");
    if drop.trim().is_empty() {
        return Vec::new();
    }
    // Large objects are dropped only if they exist, whatever the options.
    let unlink = |oid: &str| {
        format!(
            "SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata \
             WHERE oid = {};",
            quote_literal(oid)
        )
    };
    match entry.desc.as_str() {
        "BLOB" => return vec![unlink(entry.tag.as_deref().unwrap_or("0"))],
        "BLOB METADATA" => return blob_oids(entry).map(|oid| unlink(&oid.to_string())).collect(),
        _ => {}
    }
    if !if_exists || drop.starts_with("--") {
        return vec![drop.to_owned()];
    }
    vec![with_if_exists(entry, drop)]
}

/// `drop` with `IF EXISTS` after the object type (and after `ALTER TABLE`), as pg_restore's
/// `--if-exists` writes it; unchanged where the statement cannot take it or already has it.
fn with_if_exists(entry: &TocEntry, drop: &str) -> String {
    let (prefix, rest) = match drop.strip_prefix("ALTER TABLE") {
        Some(rest) if !rest.starts_with(" IF EXISTS") => ("ALTER TABLE IF EXISTS", rest),
        Some(rest) => ("ALTER TABLE", rest),
        None => ("", drop),
    };
    // ALTER COLUMN … DROP DEFAULT has no IF EXISTS; DATABASE PROPERTIES and a view's
    // CREATE OR REPLACE stand-in for a dropped rule are left as they are.
    if entry.desc == "DEFAULT"
        || entry.desc == "DATABASE PROPERTIES"
        || rest.trim_start().starts_with("CREATE OR REPLACE VIEW")
    {
        return format!("{prefix}{rest}");
    }
    let keyword = match entry.desc.as_str() {
        "CONSTRAINT" | "CHECK CONSTRAINT" | "FK CONSTRAINT" => "DROP CONSTRAINT".to_owned(),
        desc => format!("DROP {desc}"),
    };
    match rest.find(&keyword) {
        Some(at) if !rest[at + keyword.len()..].starts_with(" IF EXISTS") => {
            let (before, after) = rest.split_at(at + keyword.len());
            format!("{prefix}{before} IF EXISTS{after}")
        }
        Some(_) => format!("{prefix}{rest}"),
        None => {
            tracing::warn!(
                statement = drop,
                "could not find where to insert IF EXISTS; dropping without it"
            );
            format!("{prefix}{rest}")
        }
    }
}

/// A primary key or unique constraint restored in two steps: its unique index is built
/// first (a `CREATE INDEX`, which runs alongside the table's other index builds), then the
/// constraint adopts it (`ADD CONSTRAINT … USING INDEX`, a catalog change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UniqueIndexSplit {
    /// The table, as the definition names it (quoted, qualified).
    pub(crate) table: String,
    /// `CREATE UNIQUE INDEX name ON table USING btree (columns);`
    pub(crate) create_index: String,
    /// `ALTER TABLE ONLY table ADD CONSTRAINT name PRIMARY KEY USING INDEX name;`
    pub(crate) attach: String,
}

/// The two-step form of a CONSTRAINT entry, where it is equivalent: pg_dump's plain
/// `ALTER TABLE ONLY t ADD CONSTRAINT c PRIMARY KEY (cols);` or `… UNIQUE (cols);` with no
/// other clause (no INCLUDE, WITH, tablespace, NULLS NOT DISTINCT, DEFERRABLE). The caller
/// must also check that the table is a plain table (partitioned tables cannot adopt an
/// index).
pub(crate) fn unique_index_split(entry: &TocEntry) -> Option<UniqueIndexSplit> {
    if entry.desc != "CONSTRAINT" {
        return None;
    }
    let defn = entry.defn.as_deref()?.trim_end();
    let rest = defn.strip_prefix("ALTER TABLE ONLY ")?;
    let (table, rest) = rest.split_once("\n    ADD CONSTRAINT ")?;
    let (name, kind, rest) = [" PRIMARY KEY (", " UNIQUE ("].iter().find_map(|k| {
        rest.split_once(k).map(|(name, cols)| (name, k.trim_end_matches(" (").trim(), cols))
    })?;
    let columns = rest.strip_suffix(");")?;
    // One plain column list: no nested parentheses, nothing after it.
    if columns.contains(['(', ')', ';']) || name.contains(' ') && !name.starts_with('"') {
        return None;
    }
    Some(UniqueIndexSplit {
        table: table.to_owned(),
        create_index: format!("CREATE UNIQUE INDEX {name} ON {table} USING btree ({columns});"),
        attach: format!(
            "ALTER TABLE ONLY {table}\n    ADD CONSTRAINT {name} {kind} USING INDEX {name};"
        ),
    })
}

/// Whether a TABLE DATA entry loads through the partition root (pg_dump
/// `--load-via-partition-root`): its COPY names another table than the entry's.
pub(crate) fn loads_via_partition_root(entry: &TocEntry) -> bool {
    if entry.defn.as_deref().is_some_and(|d| d.starts_with("-- load via partition root ")) {
        return true;
    }
    match entry.copy_stmt.as_deref() {
        Some(copy) if !copy.is_empty() => {
            let own = format!("COPY {} ", qualified_name(entry));
            !copy.starts_with(&own)
        }
        _ => false,
    }
}

/// The entry's object as a qualified, quoted name (`ns.tag`).
pub(crate) fn qualified_name(entry: &TocEntry) -> String {
    let tag = entry.tag.as_deref().unwrap_or("");
    match entry.namespace.as_deref() {
        Some(ns) if !ns.is_empty() => quote_qualified(ns, tag),
        _ => quote_ident(tag).into_owned(),
    }
}

/// The `CREATE DATABASE` of a DATABASE entry as a server of `target_version`
/// (`server_version_num`) accepts it. PostgreSQL 15 added `LOCALE_PROVIDER`; pg_dump 15 and
/// newer write `LOCALE_PROVIDER = libc` for older servers too, so a dump of a 13 or 14
/// database would not re-create it on its own major. Before 15 the clause is left out when it
/// names libc, the only provider there; another provider is an error naming it.
pub(crate) fn create_database_statement(defn: &str, target_version: i32) -> Result<String, String> {
    const CLAUSE: &str = " LOCALE_PROVIDER = ";
    if target_version >= 150_000 {
        return Ok(defn.to_owned());
    }
    let Some(at) = defn.find(CLAUSE) else { return Ok(defn.to_owned()) };
    let rest = &defn[at + CLAUSE.len()..];
    let provider: String =
        rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if provider != "libc" {
        return Err(format!(
            "the database uses the {provider} locale provider, which PostgreSQL {} lacks \
             (locale providers other than libc came with 15)",
            target_version / 10_000
        ));
    }
    Ok(format!("{}{}", &defn[..at], &rest[provider.len()..]))
}

/// The settings every session of the restore runs first, in pg_restore's order: no
/// timeouts, the archive's encoding, string syntax and search path, the role, no function
/// body checks, any XML, no notices, no row security.
pub(crate) fn session_setup(toc: &Toc, options: &RestoreOptions) -> String {
    let mut sql = String::from(
        "SET statement_timeout = 0;\nSET lock_timeout = 0;\n\
         SET idle_in_transaction_session_timeout = 0;\n",
    );
    let special = |desc: &str| {
        toc.entries
            .iter()
            .find(|e| e.desc == desc)
            .and_then(|e| e.defn.as_deref())
            .filter(|d| !d.trim().is_empty())
    };
    if let Some(encoding) = special("ENCODING") {
        sql.push_str(encoding.trim_end());
        sql.push('\n');
    }
    match special("STDSTRINGS") {
        Some(std_strings) => {
            sql.push_str(std_strings.trim_end());
            sql.push('\n');
        }
        None => sql.push_str("SET standard_conforming_strings = on;\n"),
    }
    if let Some(role) = &options.role {
        sql.push_str(&format!("SET ROLE {};\n", quote_ident(role)));
    }
    if let Some(search_path) = special("SEARCHPATH") {
        sql.push_str(search_path.trim_end());
        sql.push('\n');
    }
    sql.push_str(
        "SET check_function_bodies = false;\nSET xmloption = content;\n\
         SET client_min_messages = warning;\nSET row_security = off;\n",
    );
    sql
}

/// The settings of the sessions that load data and build indexes, after
/// [`session_setup`]: commits need not wait for the WAL flush (a crash mid-restore means
/// restoring again anyway), and index builds get the memory and workers asked for.
pub(crate) fn worker_setup(options: &RestoreOptions) -> String {
    let mut sql = String::from("SET synchronous_commit = off;\n");
    if let Some(mem) = &options.maintenance_work_mem {
        sql.push_str(&format!("SET maintenance_work_mem = {};\n", quote_literal(mem)));
    }
    if let Some(workers) = options.parallel_maintenance_workers {
        sql.push_str(&format!("SET max_parallel_maintenance_workers = {workers};\n"));
    }
    sql
}

/// The statement that sets `default_tablespace` for `entry`, if it names one and differs
/// from `current`.
pub(crate) fn tablespace_statement(entry: &TocEntry, current: Option<&str>) -> Option<String> {
    let want = entry.tablespace.as_deref()?;
    if current == Some(want) {
        return None;
    }
    Some(if want.is_empty() {
        "SET default_tablespace = '';".to_owned()
    } else {
        format!("SET default_tablespace = {};", quote_ident(want))
    })
}

/// The statement that sets `default_table_access_method` for `entry`, if it names one and
/// differs from `current`.
pub(crate) fn table_am_statement(entry: &TocEntry, current: Option<&str>) -> Option<String> {
    let want = entry.tableam.as_deref().filter(|a| !a.is_empty())?;
    if current == Some(want) {
        return None;
    }
    Some(format!("SET default_table_access_method = {};", quote_ident(want)))
}

#[cfg(test)]
mod tests {
    use tusk_archive::Section;

    use super::*;

    #[test]
    fn create_database_leaves_out_the_libc_provider_before_15() {
        let defn = "CREATE DATABASE \"d b\" WITH TEMPLATE = template0 ENCODING = 'UTF8' \
                    LOCALE_PROVIDER = libc LOCALE = 'C';\n";
        assert_eq!(create_database_statement(defn, 150_004).unwrap(), defn);
        assert_eq!(create_database_statement(defn, 180_000).unwrap(), defn);
        assert_eq!(
            create_database_statement(defn, 140_010).unwrap(),
            "CREATE DATABASE \"d b\" WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE = 'C';\n"
        );
        let plain = "CREATE DATABASE d WITH TEMPLATE = template0 ENCODING = 'UTF8';\n";
        assert_eq!(create_database_statement(plain, 130_000).unwrap(), plain);
        let icu = "CREATE DATABASE d WITH TEMPLATE = template0 ENCODING = 'UTF8' \
                   LOCALE_PROVIDER = icu LOCALE = 'C' ICU_LOCALE = 'und';\n";
        let err = create_database_statement(icu, 130_000).unwrap_err();
        assert!(err.contains("icu locale provider") && err.contains("PostgreSQL 13"), "{err}");
    }

    fn entry(desc: &str, ns: Option<&str>, tag: &str, drop: &str) -> TocEntry {
        let mut e = TocEntry::new(1, desc, Section::PreData);
        e.namespace = ns.map(str::to_owned);
        e.tag = Some(tag.to_owned());
        e.drop_stmt = Some(drop.to_owned());
        e.owner = Some("Alice".to_owned());
        e
    }

    #[test]
    fn owners_by_type() {
        let t = entry("TABLE", Some("s 1"), "T", "DROP TABLE \"s 1\".\"T\";\n");
        assert_eq!(owner_statements(&t), ["ALTER TABLE \"s 1\".\"T\" OWNER TO \"Alice\";"]);
        let v = entry("VIEW", Some("public"), "v", "DROP VIEW public.v;\n");
        assert_eq!(owner_statements(&v), ["ALTER TABLE public.v OWNER TO \"Alice\";"]);
        let s = entry("SCHEMA", None, "s", "DROP SCHEMA s;\n");
        assert_eq!(owner_statements(&s), ["ALTER SCHEMA s OWNER TO \"Alice\";"]);
        let f =
            entry("FUNCTION", Some("public"), "f(integer)", "DROP FUNCTION public.f(integer);\n");
        assert_eq!(owner_statements(&f), ["ALTER FUNCTION public.f(integer) OWNER TO \"Alice\";"]);
        let f = entry("FUNCTION", Some("public"), "f()", "DROP FUNCTION IF EXISTS public.f();\n");
        assert_eq!(owner_statements(&f), ["ALTER FUNCTION public.f() OWNER TO \"Alice\";"]);
        let b = entry("BLOB", None, "16608", "SELECT pg_catalog.lo_unlink('16608');\n");
        assert_eq!(owner_statements(&b), ["ALTER LARGE OBJECT 16608 OWNER TO \"Alice\";"]);
        // No owner change without a drop statement, for owner-less types, or without owner.
        assert!(owner_statements(&entry("TABLE", Some("p"), "t", "")).is_empty());
        assert!(owner_statements(&entry("INDEX", Some("p"), "i", "DROP INDEX p.i;")).is_empty());
        let mut no_owner = entry("TABLE", Some("p"), "t", "DROP TABLE p.t;");
        no_owner.owner = None;
        assert!(owner_statements(&no_owner).is_empty());
        let mut lo = entry("BLOB METADATA", None, "16608", "-- dummy");
        lo.defn = Some("16608\n16609\n".to_owned());
        assert_eq!(
            owner_statements(&lo),
            [
                "ALTER LARGE OBJECT 16608 OWNER TO \"Alice\";",
                "ALTER LARGE OBJECT 16609 OWNER TO \"Alice\";"
            ]
        );
    }

    #[test]
    fn if_exists_goes_after_the_type() {
        let t = entry("TABLE", Some("public"), "t", "DROP TABLE public.t;\n");
        assert_eq!(drop_statements(&t, true), ["DROP TABLE IF EXISTS public.t;\n"]);
        assert_eq!(drop_statements(&t, false), ["DROP TABLE public.t;\n"]);
        let c = entry(
            "FK CONSTRAINT",
            Some("public"),
            "c fk",
            "ALTER TABLE ONLY public.c DROP CONSTRAINT fk;\n",
        );
        assert_eq!(
            drop_statements(&c, true),
            ["ALTER TABLE IF EXISTS ONLY public.c DROP CONSTRAINT IF EXISTS fk;\n"]
        );
        let d = entry(
            "DEFAULT",
            Some("public"),
            "t id",
            "ALTER TABLE public.t ALTER COLUMN id DROP DEFAULT;\n",
        );
        assert_eq!(
            drop_statements(&d, true),
            ["ALTER TABLE IF EXISTS public.t ALTER COLUMN id DROP DEFAULT;\n"]
        );
        let done = entry("TABLE", Some("public"), "t", "DROP TABLE IF EXISTS public.t;\n");
        assert_eq!(drop_statements(&done, true), ["DROP TABLE IF EXISTS public.t;\n"]);
        let ext = entry("EXTENSION", None, "hstore", "DROP EXTENSION hstore;\n");
        assert_eq!(drop_statements(&ext, true), ["DROP EXTENSION IF EXISTS hstore;\n"]);
        assert!(drop_statements(&entry("COMMENT", None, "x", ""), true).is_empty());
        let b = entry("BLOB", None, "16608", "SELECT pg_catalog.lo_unlink('16608');\n");
        assert_eq!(
            drop_statements(&b, false),
            ["SELECT pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata \
                 WHERE oid = '16608';"]
        );
    }

    #[test]
    fn schema_without_owner_and_large_object_groups() {
        let mut s = entry("SCHEMA", None, "Sch", "DROP SCHEMA \"Sch\";");
        s.defn = Some("CREATE SCHEMA \"Sch\" AUTHORIZATION bob;\n".to_owned());
        let toc = Toc {
            header: tusk_archive::Header::for_writing(tusk_archive::Algorithm::None),
            entries: vec![],
        };
        let mut options = RestoreOptions::new(
            tusk_pg::ConnectionSettings::parse("dbname=x").expect("settings"),
            "/nonexistent",
        );
        assert_eq!(definition_statements(&s, &toc, &options), [s.defn.clone().unwrap_or_default()]);
        options.no_owner = true;
        assert_eq!(definition_statements(&s, &toc, &options), ["CREATE SCHEMA \"Sch\";"]);
        s.defn = Some("-- *not* creating schema, since initdb creates it\n".to_owned());
        assert_eq!(definition_statements(&s, &toc, &options).len(), 1);

        let mut meta = entry("BLOB METADATA", None, "10", "-- dummy");
        meta.dump_id = 5;
        meta.defn = Some("10\n11\n".to_owned());
        let mut acl = entry("ACL", None, "LARGE OBJECTS 10..11", "");
        acl.dump_id = 6;
        acl.dependencies = vec![5];
        acl.defn = Some("GRANT SELECT ON LARGE OBJECT 10 TO alice;\n".to_owned());
        let toc = Toc { header: toc.header.clone(), entries: vec![meta.clone(), acl.clone()] };
        assert_eq!(
            definition_statements(&acl, &toc, &options),
            [
                "GRANT SELECT ON LARGE OBJECT 10 TO alice;\n",
                "GRANT SELECT ON LARGE OBJECT 11 TO alice;\n"
            ]
        );
        assert_eq!(
            definition_statements(&meta, &toc, &options),
            ["SELECT pg_catalog.lo_create('10');", "SELECT pg_catalog.lo_create('11');"]
        );
    }

    #[test]
    fn partition_root_loads() {
        let mut d = entry("TABLE DATA", Some("public"), "m_1", "");
        d.copy_stmt = Some("COPY public.m_1 (a, b) FROM stdin;\n".to_owned());
        assert!(!loads_via_partition_root(&d));
        d.copy_stmt = Some("COPY public.m (a, b) FROM stdin;\n".to_owned());
        assert!(loads_via_partition_root(&d));
        d.copy_stmt = Some("COPY public.m_1 (a, b) FROM stdin;\n".to_owned());
        d.defn = Some("-- load via partition root public.m".to_owned());
        assert!(loads_via_partition_root(&d));
    }

    #[test]
    fn unique_constraints_split_into_index_and_attach() {
        let mut c = entry("CONSTRAINT", Some("public"), "events events_pkey", "x");
        c.defn = Some(
            "ALTER TABLE ONLY public.events\n    ADD CONSTRAINT events_pkey PRIMARY KEY (id);\n"
                .to_owned(),
        );
        let split = unique_index_split(&c).expect("splittable");
        assert_eq!(split.table, "public.events");
        assert_eq!(
            split.create_index,
            "CREATE UNIQUE INDEX events_pkey ON public.events USING btree (id);"
        );
        assert_eq!(
            split.attach,
            "ALTER TABLE ONLY public.events\n    ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX \
             events_pkey;"
        );
        c.defn = Some(
            "ALTER TABLE ONLY \"S\".\"T\"\n    ADD CONSTRAINT \"u k\" UNIQUE (a, \"B\");\n"
                .to_owned(),
        );
        let split = unique_index_split(&c).expect("splittable");
        assert_eq!(
            split.create_index,
            "CREATE UNIQUE INDEX \"u k\" ON \"S\".\"T\" USING btree (a, \"B\");"
        );
        assert!(split.attach.ends_with("ADD CONSTRAINT \"u k\" UNIQUE USING INDEX \"u k\";"));
        // Anything beyond a plain column list stays one statement.
        for defn in [
            "ALTER TABLE ONLY t\n    ADD CONSTRAINT u UNIQUE NULLS NOT DISTINCT (a);",
            "ALTER TABLE ONLY t\n    ADD CONSTRAINT u UNIQUE (a) INCLUDE (b);",
            "ALTER TABLE ONLY t\n    ADD CONSTRAINT u UNIQUE (a) WITH (fillfactor='50');",
            "ALTER TABLE ONLY t\n    ADD CONSTRAINT u UNIQUE (a) DEFERRABLE;",
            "ALTER TABLE ONLY t\n    ADD CONSTRAINT x EXCLUDE USING gist (r WITH &&);",
            "ALTER TABLE t\n    ADD CONSTRAINT u UNIQUE (a);",
        ] {
            c.defn = Some(defn.to_owned());
            assert_eq!(unique_index_split(&c), None, "{defn}");
        }
    }
}
