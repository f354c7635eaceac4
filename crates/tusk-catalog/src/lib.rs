//! Catalog introspection for tusk dumps: a typed model of a database's schema objects read
//! from `pg_catalog` ([`read_catalog`]; [`read_catalog_on`] spreads the queries over several
//! sessions that share one snapshot), pg_dump's list of dumpable objects with their
//! dependencies ([`DumpGraph`]), pg_dump 15's ordering with loop repair
//! ([`DumpGraph::sort`]), and the TOC entries pg_dump writes for them ([`render`]), all
//! in one call with [`plan`].
//!
//! Objects dumped: schemas (with `public`'s special handling and comment), extensions
//! (members never dumped), enum / composite / domain (with CHECK constraints) / range / base
//! types (with their shell types when their functions need them) and shell types never
//! completed,
//! functions, procedures and aggregates, tables and partitioned tables (every column
//! feature, inline and separate defaults, identity, generated columns, partitions with TABLE
//! ATTACH, inheritance), sequences (OWNED BY, SEQUENCE SET), views and materialized views
//! (WITH NO DATA, then REFRESH in post-data), PRIMARY KEY / UNIQUE / EXCLUDE / CHECK /
//! FOREIGN KEY constraints, indexes (INDEX ATTACH), triggers, rules, row level security and
//! policies, TABLE DATA, privileges (GRANT/REVOKE against the built-in default), default
//! privileges, `DEPENDS ON EXTENSION` marks, collations (libc, ICU, builtin), extended
//! statistics, text search parsers, templates, dictionaries and configurations (with their
//! mappings), operators, operator classes and families (with their loose members), casts,
//! conversions, procedural languages (with their privileges), transforms, access methods,
//! foreign-data wrappers and foreign servers (with their privileges and user mappings),
//! foreign tables, event triggers, publications (with their tables and schemas),
//! subscriptions (read by a superuser only, as pg_dump), comments on all of these and
//! ownership; and of the objects of `pg_catalog` and the extension members
//! ([`Catalog::partial_objects`]) the privileges that differ from their initial ones
//! (`pg_init_privs`), and the data of the extensions' configuration tables and sequences.
//! Every other object found in the database (security labels; subscriptions that the
//! reading role may not read) is listed in [`Catalog::not_covered`] so that the dump can
//! warn; nothing is dropped silently.
//!
//! The SQL pieces pg_dump and pg_dumpall share, which tusk-dump and tusk-globals use too,
//! live here as public modules: [`acl`] (privileges of every object kind: `aclitem`s and
//! GRANT/REVOKE commands), [`settings`] (`SET` values and `ALTER … SET` commands),
//! [`security_labels`] (labels of shared objects) and [`pattern`] (name patterns as
//! regular expressions). What differs between the server majors 13 to 18, in the catalogs
//! read and in the SQL written (pg_dump 15's for servers up to 15, pg_dump 18's for 16 and
//! newer), is named once in [`versions`].
//!
//! Architecture invariant: the crate only reads (one query per object kind, inside the
//! caller's transactions) and computes; it writes no files and never runs programs. Output
//! order depends only on the catalog, never on hashing.
#![warn(missing_docs)]

use std::collections::BTreeMap;

pub mod acl;
mod error;
mod graph;
mod model;
pub mod pattern;
mod read;
mod render;
pub mod security_labels;
pub mod settings;
mod sort;
pub mod versions;

pub use error::{Error, Result};
pub use graph::{DumpGraph, DumpableObject, ObjectKind, Source, Tiebreak};
pub use model::{
    AccessMethod, Acl, Aggregate, AttrDef, Cast, Catalog, CheckConstraint, Collation, Column,
    Comment, CompositeAttribute, Conversion, DefaultAcl, Depend, DomainCheck, Extension,
    ForeignKey, Function, FunctionRef, Index, IndexConstraint, Language, NotCovered,
    NotNullConstraint, ObjectId, OpClass, OpFamily, OpMember, Operator, PG_AM, PG_ATTRDEF, PG_CAST,
    PG_CLASS, PG_COLLATION, PG_CONSTRAINT, PG_CONVERSION, PG_DEFAULT_ACL, PG_EXTENSION,
    PG_LANGUAGE, PG_NAMESPACE, PG_OPCLASS, PG_OPERATOR, PG_OPFAMILY, PG_POLICY, PG_PROC,
    PG_REWRITE, PG_STATISTIC_EXT, PG_TRANSFORM, PG_TRIGGER, PG_TS_CONFIG, PG_TS_DICT, PG_TS_PARSER,
    PG_TS_TEMPLATE, PG_TYPE, Policy, RangeInfo, RelKind, Rule, Schema, SequenceInfo, StatisticsExt,
    Table, Transform, Trigger, TsConfig, TsDictionary, TsParser, TsTemplate, Type, TypeKind,
    ViewRule,
};
pub use model::{BaseTypeInfo, ColumnAcl, ConfigData, PartialKind, PartialObject};
pub use model::{
    EventTrigger, ForeignDataWrapper, ForeignServer, ForeignTableInfo, PG_EVENT_TRIGGER,
    PG_FOREIGN_DATA_WRAPPER, PG_FOREIGN_SERVER, PG_PUBLICATION, PG_PUBLICATION_NAMESPACE,
    PG_PUBLICATION_REL, PG_SUBSCRIPTION, Publication, PublicationRel, PublicationSchema,
    Subscription, UserMapping,
};
pub use read::{PARTS_PER_CONNECTION, ReadOptions, SEQUENCE_BATCH, read_catalog, read_catalog_on};
pub use render::{PublicSchemaSelected, Rendered, render};
pub use sort::{SortWarning, compare_objects};

/// The TOC entries for a catalog, in dump order.
#[derive(Debug, Clone)]
pub struct DumpPlan {
    /// The entries (without ENCODING, STDSTRINGS, SEARCHPATH and DATABASE, which the dump
    /// engine writes).
    pub entries: Vec<tusk_archive::TocEntry>,
    /// The first dump id not used by `entries` (for the engine's own entries).
    pub next_dump_id: i32,
    /// Dependency loops that had to be broken arbitrarily.
    pub warnings: Vec<SortWarning>,
    /// Objects found in the database that are not dumped (the dump must warn about them).
    pub not_covered: Vec<NotCovered>,
    /// The entries of the partial objects (their privileges, a configuration table's or
    /// sequence's data), whose objects have no entry: entry dump id → index in
    /// [`Catalog::partial_objects`]. The selection needs it (pg_dump's rules for these
    /// differ from their schema's).
    pub partial_entries: BTreeMap<i32, usize>,
    /// The `public` schema's entries for a dump whose `-n` selects it, which
    /// [`PublicSchemaSelected::apply`] puts in place of those `entries` have for it
    /// (`None` when the database has no `public` schema).
    pub public_selected: Option<PublicSchemaSelected>,
    /// The dump ids of the relation objects, for entries the dump engine adds that depend
    /// on them (pg_dump 18's statistics).
    pub relation_ids: RelationIds,
}

/// Dump ids of graph objects by the OID of their relation, and of the section boundaries.
#[derive(Debug, Clone, Default)]
pub struct RelationIds {
    /// Tables, views, materialized views, sequences, foreign tables: the definition.
    pub table: BTreeMap<u32, i32>,
    /// A materialized view's REFRESH (its data).
    pub refresh: BTreeMap<u32, i32>,
    /// Indexes defined by CREATE INDEX, by index OID.
    pub index: BTreeMap<u32, i32>,
    /// Constraints that own an index (primary key, unique, exclusion), by index OID.
    pub constraint: BTreeMap<u32, i32>,
    /// The pre-data/data boundary.
    pub pre_boundary: i32,
    /// The data/post-data boundary.
    pub post_boundary: i32,
}

impl RelationIds {
    fn of(catalog: &Catalog, graph: &DumpGraph) -> Self {
        let (pre_boundary, post_boundary) = graph.boundaries();
        let mut ids = RelationIds { pre_boundary, post_boundary, ..RelationIds::default() };
        for o in graph.objects() {
            let (map, oid) = match o.source {
                Source::Table(i) => (&mut ids.table, catalog.tables.get(i).map(|t| t.oid)),
                Source::RefreshMatView(i) => {
                    (&mut ids.refresh, catalog.tables.get(i).map(|t| t.oid))
                }
                Source::Index(i) => (&mut ids.index, catalog.indexes.get(i).map(|x| x.oid)),
                Source::IndexConstraint(i) => {
                    (&mut ids.constraint, catalog.indexes.get(i).map(|x| x.oid))
                }
                _ => continue,
            };
            if let Some(oid) = oid {
                map.insert(oid, o.dump_id);
            }
        }
        ids
    }
}

/// Builds the dumpable objects of `catalog`, sorts them and renders their TOC entries.
pub fn plan(catalog: &Catalog) -> DumpPlan {
    let mut graph = DumpGraph::build(catalog);
    let warnings = graph.sort();
    let Rendered { entries, next_id: next_dump_id, public_selected } = render(catalog, &graph);
    let partial: BTreeMap<i32, usize> = graph
        .objects()
        .iter()
        .filter_map(|o| match o.source {
            Source::Partial(i) => Some((o.dump_id, i)),
            _ => None,
        })
        .collect();
    // Their entries name the object first among their dependencies.
    let partial_entries = entries
        .iter()
        .filter_map(|e| Some((e.dump_id, *partial.get(e.dependencies.first()?)?)))
        .collect();
    DumpPlan {
        entries,
        next_dump_id,
        warnings,
        not_covered: catalog.not_covered.clone(),
        partial_entries,
        public_selected,
        relation_ids: RelationIds::of(catalog, &graph),
    }
}
