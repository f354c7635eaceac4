//! The list of dumpable objects and their dependencies, mirroring pg_dump's
//! `DumpableObject` array.
//!
//! Every object gets a dump id (1, 2, … in collection order: schemas, extensions (built-in
//! ones too, as plpgsql, which have no entry), collations, types (each domain followed by
//! its CHECK constraints, each base or range type by its shell type), functions,
//! aggregates, procedural languages, operators, access methods, operator classes and
//! families, text search parsers, templates, dictionaries and configurations, conversions,
//! casts, transforms, foreign-data wrappers, foreign servers, the partial objects (objects
//! of `pg_catalog` and extension members whose privileges changed, the extensions'
//! configuration tables and sequences: objects of their kind whose only entries are their
//! privileges or their data), relations, composite types' rows,
//! attach objects, defaults, indexes and their constraints, extended statistics, CHECK and
//! FOREIGN KEY constraints, data (the configuration tables' last), event triggers,
//! publications, their tables and schemas,
//! subscriptions, then the two section boundaries). Dependencies come from `pg_depend`
//! (pin and extension rows left out; sub-object ids folded into their object; the members of
//! an operator family counted as the family, as pg_dump reads them; a reference
//! to an extension member that is not a partial object becomes a reference to its
//! extension and to what the member references; a reference to an object
//! that is not modelled here, such as a table's row type, is followed through that object's
//! own `pg_depend` rows), plus the edges pg_dump adds itself:
//!
//! - a table depends on its inline defaults and inline CHECK constraints, a domain on its
//!   validated CHECK constraints (the catalog has the reverse edge, so these form the
//!   2-loops that the sort repairs);
//! - a composite type depends on its `pg_class` row (pg_depend has the reverse, internal
//!   edge), which depends on the attributes' types;
//! - a view depends on its ON SELECT rule (which carries the view's own dependencies);
//!   a REFRESH MATERIALIZED VIEW on its view and on the refreshes of the materialized
//!   views it reads;
//! - TABLE ATTACH depends on the partition and its parent; INDEX ATTACH on both indexes
//!   and both tables; TABLE DATA and SEQUENCE SET on their relation (a configuration
//!   table's data also on the data of the configuration tables it references);
//! - an extension member (a partial object) depends on its extension;
//! - the boundary objects: pre-data kinds come before the pre-data boundary, data sits
//!   between the boundaries, post-data kinds (and constraints dumped separately) after the
//!   post-data boundary.
//!
//! Objects that produce no TOC entry of their own (an index backing a constraint, an
//! inline CHECK constraint or default, the `public` schema owned by `pg_database_owner`)
//! stay in the list: they take part in the sort exactly as in pg_dump, and dependencies
//! are followed through them when the TOC entries' dependency lists are built.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::PartialKind;
use crate::model::{
    Catalog, ObjectId, PG_AM, PG_ATTRDEF, PG_CAST, PG_CLASS, PG_COLLATION, PG_CONSTRAINT,
    PG_CONVERSION, PG_DEFAULT_ACL, PG_EXTENSION, PG_LANGUAGE, PG_NAMESPACE, PG_OPCLASS,
    PG_OPERATOR, PG_OPFAMILY, PG_POLICY, PG_PROC, PG_REWRITE, PG_STATISTIC_EXT, PG_TRANSFORM,
    PG_TRIGGER, PG_TS_CONFIG, PG_TS_DICT, PG_TS_PARSER, PG_TS_TEMPLATE, PG_TYPE, RelKind, TypeKind,
};
use crate::model::{
    PG_EVENT_TRIGGER, PG_FOREIGN_DATA_WRAPPER, PG_FOREIGN_SERVER, PG_PUBLICATION,
    PG_PUBLICATION_NAMESPACE, PG_PUBLICATION_REL, PG_SUBSCRIPTION,
};

/// The kind of a dumpable object (pg_dump's `DumpableObjectType`, for the kinds modelled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectKind {
    /// `DO_NAMESPACE`.
    Namespace,
    /// `DO_EXTENSION`.
    Extension,
    /// `DO_TYPE` (enum, composite, domain, range and base types, undefined shell types).
    Type,
    /// `DO_SHELL_TYPE`: the shell of a base or range type, dumped only when one of its
    /// functions needs it (a loop between the type and the function was repaired).
    ShellType,
    /// `DO_FUNC` (functions and procedures).
    Func,
    /// `DO_AGG`.
    Agg,
    /// `DO_OPERATOR`.
    Operator,
    /// `DO_ACCESS_METHOD`.
    AccessMethod,
    /// `DO_OPCLASS`.
    OpClass,
    /// `DO_OPFAMILY`.
    OpFamily,
    /// `DO_COLLATION`.
    Collation,
    /// `DO_CONVERSION`.
    Conversion,
    /// `DO_PROCLANG`.
    ProcLang,
    /// `DO_CAST`.
    Cast,
    /// `DO_TRANSFORM`.
    Transform,
    /// `DO_TSPARSER`.
    TsParser,
    /// `DO_TSDICT`.
    TsDict,
    /// `DO_TSTEMPLATE`.
    TsTemplate,
    /// `DO_TSCONFIG`.
    TsConfig,
    /// `DO_TABLE` (tables, partitioned tables, sequences).
    Table,
    /// `DO_TABLE_ATTACH`.
    TableAttach,
    /// `DO_ATTRDEF`.
    AttrDef,
    /// `DO_INDEX`.
    Index,
    /// `DO_INDEX_ATTACH`.
    IndexAttach,
    /// `DO_STATSEXT`.
    StatsExt,
    /// `DO_RULE`.
    Rule,
    /// `DO_TRIGGER`.
    Trigger,
    /// `DO_CONSTRAINT` (PRIMARY KEY, UNIQUE, EXCLUDE, CHECK).
    Constraint,
    /// `DO_FK_CONSTRAINT`.
    FkConstraint,
    /// `DO_TABLE_DATA`.
    TableData,
    /// `DO_SEQUENCE_SET`.
    SequenceSet,
    /// `DO_REFRESH_MATVIEW`.
    RefreshMatView,
    /// `DO_POLICY` (policies, and row level security being enabled).
    Policy,
    /// `DO_DEFAULT_ACL`.
    DefaultAcl,
    /// `DO_FDW`.
    ForeignDataWrapper,
    /// `DO_FOREIGN_SERVER`.
    ForeignServer,
    /// `DO_EVENT_TRIGGER`.
    EventTrigger,
    /// `DO_PUBLICATION`.
    Publication,
    /// `DO_PUBLICATION_REL`.
    PublicationRel,
    /// `DO_PUBLICATION_TABLE_IN_SCHEMA`.
    PublicationTableInSchema,
    /// `DO_SUBSCRIPTION`.
    Subscription,
    /// `DO_PRE_DATA_BOUNDARY`.
    PreDataBoundary,
    /// `DO_POST_DATA_BOUNDARY`.
    PostDataBoundary,
}

impl ObjectKind {
    /// pg_dump 15's `DumpableObjectType` number (the pre-sort's fourth key).
    pub fn code(self) -> i32 {
        match self {
            Self::Namespace => 0,
            Self::Extension => 1,
            Self::Type => 2,
            Self::ShellType => 3,
            Self::Func => 4,
            Self::Agg => 5,
            Self::Operator => 6,
            Self::AccessMethod => 7,
            Self::OpClass => 8,
            Self::OpFamily => 9,
            Self::Collation => 10,
            Self::Conversion => 11,
            Self::Table => 12,
            Self::TableAttach => 13,
            Self::AttrDef => 14,
            Self::Index => 15,
            Self::IndexAttach => 16,
            Self::StatsExt => 17,
            Self::Rule => 18,
            Self::Trigger => 19,
            Self::Constraint => 20,
            Self::FkConstraint => 21,
            Self::ProcLang => 22,
            Self::Cast => 23,
            Self::TableData => 24,
            Self::SequenceSet => 25,
            Self::TsParser => 27,
            Self::TsDict => 28,
            Self::TsTemplate => 29,
            Self::TsConfig => 30,
            Self::ForeignDataWrapper => 31,
            Self::ForeignServer => 32,
            Self::PreDataBoundary => 37,
            Self::PostDataBoundary => 38,
            Self::RefreshMatView => 40,
            Self::Policy => 41,
            Self::DefaultAcl => 33,
            Self::Transform => 34,
            Self::EventTrigger => 39,
            Self::Publication => 42,
            Self::PublicationRel => 43,
            Self::PublicationTableInSchema => 44,
            Self::Subscription => 45,
        }
    }

    /// pg_dump 15's sort priority (`dbObjectTypePriority`).
    pub fn priority(self) -> i32 {
        match self {
            Self::Namespace => 1,
            Self::ProcLang => 2,
            Self::Collation => 3,
            Self::Transform => 4,
            Self::Extension => 5,
            Self::Type | Self::ShellType => 6,
            Self::Cast => 7,
            Self::Func => 8,
            Self::Agg => 9,
            Self::AccessMethod => 10,
            Self::Operator => 11,
            Self::OpClass | Self::OpFamily => 12,
            Self::Conversion => 13,
            Self::TsParser => 14,
            Self::TsTemplate => 15,
            Self::TsDict => 16,
            Self::TsConfig => 17,
            Self::ForeignDataWrapper => 18,
            Self::ForeignServer => 19,
            Self::Table => 20,
            Self::TableAttach => 21,
            Self::AttrDef => 23,
            Self::PreDataBoundary => 25,
            Self::TableData => 26,
            Self::SequenceSet => 27,
            Self::PostDataBoundary => 29,
            Self::Constraint => 30,
            Self::Index => 31,
            Self::IndexAttach => 32,
            Self::StatsExt => 33,
            Self::Rule => 34,
            Self::Trigger => 35,
            Self::Policy => 37,
            Self::Publication => 38,
            Self::PublicationRel => 39,
            Self::PublicationTableInSchema => 40,
            Self::Subscription => 41,
            Self::DefaultAcl => 42,
            Self::EventTrigger => 43,
            Self::FkConstraint => 36,
            Self::RefreshMatView => 44,
        }
    }
}

/// Which catalog item an object stands for (indexes into the [`Catalog`] vectors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `catalog.schemas[i]`.
    Schema(usize),
    /// `catalog.extensions[i]`.
    Extension(usize),
    /// `catalog.types[i]`.
    Type(usize),
    /// The `pg_class` row of the composite type `catalog.types[i]` (no entry of its own).
    CompositeRel(usize),
    /// The shell of the base or range type `catalog.types[i]`.
    ShellType(usize),
    /// `catalog.partial_objects[i]` (only its privileges have entries).
    Partial(usize),
    /// The data of the configuration table or sequence `catalog.partial_objects[i]`.
    ConfigData(usize),
    /// `catalog.types[i].checks[k]`.
    DomainCheck(usize, usize),
    /// `catalog.functions[i]`.
    Function(usize),
    /// `catalog.aggregates[i]`.
    Aggregate(usize),
    /// `catalog.collations[i]`.
    Collation(usize),
    /// `catalog.ts_parsers[i]`.
    TsParser(usize),
    /// `catalog.ts_templates[i]`.
    TsTemplate(usize),
    /// `catalog.ts_dictionaries[i]`.
    TsDictionary(usize),
    /// `catalog.ts_configs[i]`.
    TsConfig(usize),
    /// `catalog.statistics[i]`.
    Statistics(usize),
    /// `catalog.operators[i]`.
    Operator(usize),
    /// `catalog.opclasses[i]`.
    OpClass(usize),
    /// `catalog.opfamilies[i]`.
    OpFamily(usize),
    /// `catalog.casts[i]`.
    Cast(usize),
    /// `catalog.conversions[i]`.
    Conversion(usize),
    /// `catalog.languages[i]`.
    Language(usize),
    /// `catalog.transforms[i]`.
    Transform(usize),
    /// `catalog.access_methods[i]`.
    AccessMethod(usize),
    /// `catalog.foreign_data_wrappers[i]`.
    ForeignDataWrapper(usize),
    /// `catalog.foreign_servers[i]` (with its user mappings).
    ForeignServer(usize),
    /// `catalog.event_triggers[i]`.
    EventTrigger(usize),
    /// `catalog.publications[i]`.
    Publication(usize),
    /// `catalog.publication_rels[i]`.
    PublicationRel(usize),
    /// `catalog.publication_schemas[i]`.
    PublicationSchema(usize),
    /// `catalog.subscriptions[i]`.
    Subscription(usize),
    /// `catalog.tables[i]`.
    Table(usize),
    /// The ATTACH PARTITION of `catalog.tables[i]`.
    TableAttach(usize),
    /// `catalog.attrdefs[i]`.
    AttrDef(usize),
    /// `catalog.indexes[i]`.
    Index(usize),
    /// The ATTACH PARTITION of `catalog.indexes[i]`.
    IndexAttach(usize),
    /// The constraint backed by `catalog.indexes[i]`.
    IndexConstraint(usize),
    /// `catalog.checks[i]`.
    Check(usize),
    /// `catalog.foreign_keys[i]`.
    ForeignKey(usize),
    /// The data of `catalog.tables[i]`.
    TableData(usize),
    /// The current value of the sequence `catalog.tables[i]`.
    SequenceSet(usize),
    /// `catalog.view_rules[i]` (no entry of its own unless the sort separates it).
    ViewRule(usize),
    /// `catalog.rules[i]`.
    Rule(usize),
    /// `catalog.triggers[i]`.
    Trigger(usize),
    /// `catalog.policies[i]`.
    Policy(usize),
    /// Row level security enabled on `catalog.tables[i]`.
    RowSecurity(usize),
    /// `catalog.default_acls[i]`.
    DefaultAcl(usize),
    /// The REFRESH of the materialized view `catalog.tables[i]`.
    RefreshMatView(usize),
    /// A section boundary.
    Boundary,
    /// A synthetic object (tests).
    None,
}

/// pg_dump's extra pre-sort keys for some kinds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tiebreak {
    /// No extra key.
    None,
    /// Defaults: the column number.
    AttNum(i16),
    /// Table constraints: the table's name.
    TableName(String),
    /// Domain constraints: the domain's name (sorted before table constraints).
    DomainName(String),
    /// Functions: their input argument types as (schema, name), compared by count first.
    Args(Vec<(String, String)>),
    /// Collations: their encoding (`collencoding`).
    Encoding(i32),
    /// Operators: `oprkind` (prefix before infix), then the left and right operand types
    /// as (schema, name).
    Operator(char, Option<(String, String)>, Option<(String, String)>),
    /// Operator classes and families: their access method's name.
    AccessMethod(String),
    /// Publication tables and schemas: their publication's name.
    Publication(String),
}

/// One dumpable object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpableObject {
    /// The dump id (> 0, unique).
    pub dump_id: i32,
    /// The kind.
    pub kind: ObjectKind,
    /// The catalog identity, `(0, 0)` if none.
    pub catalog_id: ObjectId,
    /// The schema's name, if the object is in one.
    pub namespace: Option<String>,
    /// The name pg_dump sorts by (`pg_constraint.conname` for a constraint, …).
    pub name: String,
    /// The owner's role name.
    pub owner: Option<String>,
    /// Dump ids of the objects this one must follow.
    pub dependencies: Vec<i32>,
    /// What it stands for.
    pub source: Source,
    /// Defaults and CHECK constraints: dumped apart from CREATE TABLE (pg_dump's
    /// `separate`). A shell type: dumped (a function needs it).
    pub separate: bool,
    /// The dump id of the owning table (defaults, constraints, indexes) or domain (domain
    /// constraints).
    pub table: Option<i32>,
    /// For indexes: the OID of the partitioned parent index.
    pub parent_index: Option<u32>,
    /// For base and range types: the dump id of their shell type.
    pub shell: Option<i32>,
    /// Extra pre-sort key.
    pub tiebreak: Tiebreak,
    /// For relations: their kind (the sort treats views and materialized views apart).
    pub relkind: Option<RelKind>,
    /// Set by the sort: a view dumped with a dummy definition (its ON SELECT rule then
    /// follows separately, pg_dump's `dummy_view`), or a materialized view postponed to
    /// post-data (`postponed_def`).
    pub postponed: bool,
}

impl DumpableObject {
    /// A new object without dependencies.
    pub fn new(dump_id: i32, kind: ObjectKind, namespace: Option<&str>, name: &str) -> Self {
        Self {
            dump_id,
            kind,
            catalog_id: ObjectId::default(),
            namespace: namespace.map(str::to_owned),
            name: name.to_owned(),
            owner: None,
            dependencies: Vec::new(),
            source: Source::None,
            separate: false,
            table: None,
            parent_index: None,
            shell: None,
            tiebreak: Tiebreak::None,
            relkind: None,
            postponed: false,
        }
    }

    pub(crate) fn remove_dependency(&mut self, id: i32) {
        self.dependencies.retain(|&d| d != id);
    }

    pub(crate) fn add_dependency(&mut self, id: i32) {
        self.dependencies.push(id);
    }
}

/// All dumpable objects of a catalog, and (after [`DumpGraph::sort`]) their dump order.
#[derive(Debug, Clone)]
pub struct DumpGraph {
    /// The objects; `objects[k].dump_id == k + 1`.
    pub(crate) objects: Vec<DumpableObject>,
    /// Dump ids in dump order (collection order until sorted).
    pub(crate) order: Vec<i32>,
    pub(crate) pre_boundary: i32,
    pub(crate) post_boundary: i32,
}

impl DumpGraph {
    /// A graph from ready-made objects (their dump ids must be 1..=n in order) and the dump
    /// ids of the two boundary objects (0 if absent).
    pub fn from_objects(
        objects: Vec<DumpableObject>,
        pre_boundary: i32,
        post_boundary: i32,
    ) -> Self {
        let order = objects.iter().map(|o| o.dump_id).collect();
        Self { objects, order, pre_boundary, post_boundary }
    }

    /// The objects, by dump id.
    pub fn objects(&self) -> &[DumpableObject] {
        &self.objects
    }

    /// The object with this dump id.
    pub fn object(&self, dump_id: i32) -> Option<&DumpableObject> {
        let k = usize::try_from(dump_id).ok()?.checked_sub(1)?;
        self.objects.get(k)
    }

    pub(crate) fn object_mut(&mut self, dump_id: i32) -> Option<&mut DumpableObject> {
        let k = usize::try_from(dump_id).ok()?.checked_sub(1)?;
        self.objects.get_mut(k)
    }

    /// Dump ids in dump order.
    pub fn order(&self) -> &[i32] {
        &self.order
    }

    /// The dump ids of the pre-data and post-data boundary objects.
    pub fn boundaries(&self) -> (i32, i32) {
        (self.pre_boundary, self.post_boundary)
    }

    /// The highest dump id in use.
    pub fn max_dump_id(&self) -> i32 {
        i32::try_from(self.objects.len()).unwrap_or(i32::MAX)
    }

    /// Builds the objects and dependencies of `catalog`.
    pub fn build(catalog: &Catalog) -> Self {
        let mut b = Builder::default();
        b.collect(catalog);
        b.dependencies(catalog);
        let (pre, post) = (b.pre, b.post);
        Self::from_objects(b.objects, pre, post)
    }
}

#[derive(Default)]
struct Builder {
    objects: Vec<DumpableObject>,
    by_catalog: BTreeMap<ObjectId, i32>,
    table_ids: BTreeMap<u32, i32>,
    index_ids: BTreeMap<u32, i32>,
    pre: i32,
    post: i32,
}

impl Builder {
    fn push(&mut self, mut obj: DumpableObject) -> i32 {
        let id = i32::try_from(self.objects.len() + 1).unwrap_or(i32::MAX);
        obj.dump_id = id;
        if obj.catalog_id.classid != 0 {
            self.by_catalog.insert(obj.catalog_id, id);
        }
        self.objects.push(obj);
        id
    }

    fn obj_mut(&mut self, id: i32) -> Option<&mut DumpableObject> {
        let k = usize::try_from(id).ok()?.checked_sub(1)?;
        self.objects.get_mut(k)
    }

    fn collect(&mut self, catalog: &Catalog) {
        // Lookups by OID (a scan per index or constraint would be quadratic in the number of
        // tables: 10,000 tables with 20,000 indexes took a third of a second).
        let tables: BTreeMap<u32, &crate::model::Table> =
            catalog.tables.iter().map(|t| (t.oid, t)).collect();
        let index_tables: BTreeMap<u32, u32> =
            catalog.indexes.iter().map(|ix| (ix.oid, ix.table)).collect();
        for (i, s) in catalog.schemas.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::Namespace, None, &s.name);
            o.catalog_id = ObjectId::new(PG_NAMESPACE, s.oid);
            o.owner = Some(s.owner.clone());
            o.source = Source::Schema(i);
            self.push(o);
        }
        for (i, e) in catalog.extensions.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::Extension, None, &e.name);
            o.catalog_id = ObjectId::new(PG_EXTENSION, e.oid);
            o.source = Source::Extension(i);
            self.push(o);
        }
        for (i, c) in catalog.collations.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::Collation, Some(&c.schema), &c.name);
            o.catalog_id = ObjectId::new(PG_COLLATION, c.oid);
            o.owner = Some(c.owner.clone());
            o.source = Source::Collation(i);
            o.tiebreak = Tiebreak::Encoding(c.encoding);
            self.push(o);
        }
        for (i, ty) in catalog.types.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::Type, Some(&ty.schema), &ty.name);
            o.catalog_id = ObjectId::new(PG_TYPE, ty.oid);
            o.owner = Some(ty.owner.clone());
            o.source = Source::Type(i);
            let type_id = self.push(o);
            // getTypes: a base or range type has a shell type (no catalog identity), dumped
            // only if the sort makes one of its functions depend on it.
            if matches!(ty.kind, TypeKind::Base | TypeKind::Range) {
                let mut o =
                    DumpableObject::new(0, ObjectKind::ShellType, Some(&ty.schema), &ty.name);
                o.owner = Some(ty.owner.clone());
                o.source = Source::ShellType(i);
                let shell_id = self.push(o);
                if let Some(t) = self.obj_mut(type_id) {
                    t.shell = Some(shell_id);
                }
            }
            // getDomainConstraints: the domain depends on its validated constraints.
            for (k, c) in ty.checks.iter().enumerate() {
                let mut o =
                    DumpableObject::new(0, ObjectKind::Constraint, Some(&ty.schema), &c.name);
                o.catalog_id = ObjectId::new(PG_CONSTRAINT, c.oid);
                o.owner = Some(ty.owner.clone());
                o.source = Source::DomainCheck(i, k);
                o.separate = !c.validated;
                o.table = Some(type_id);
                o.tiebreak = Tiebreak::DomainName(ty.name.clone());
                let id = self.push(o);
                if c.validated
                    && let Some(t) = self.obj_mut(type_id)
                {
                    t.add_dependency(id);
                }
            }
        }
        for (i, f) in catalog.functions.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::Func, Some(&f.schema), &f.name);
            o.catalog_id = ObjectId::new(PG_PROC, f.oid);
            o.owner = Some(f.owner.clone());
            o.source = Source::Function(i);
            o.tiebreak = Tiebreak::Args(f.arg_type_names.clone());
            self.push(o);
        }
        for (i, a) in catalog.aggregates.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::Agg, Some(&a.schema), &a.name);
            o.catalog_id = ObjectId::new(PG_PROC, a.oid);
            o.owner = Some(a.owner.clone());
            o.source = Source::Aggregate(i);
            o.tiebreak = Tiebreak::Args(a.arg_type_names.clone());
            self.push(o);
        }
        self.collect_operators(catalog);
        self.collect_text_search(catalog);
        self.collect_extensibility(catalog);
        self.collect_foreign(catalog);
        self.collect_partial(catalog);
        for (i, t) in catalog.tables.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::Table, Some(&t.schema), &t.name);
            o.catalog_id = ObjectId::new(PG_CLASS, t.oid);
            o.owner = Some(t.owner.clone());
            o.source = Source::Table(i);
            o.relkind = Some(t.kind);
            let id = self.push(o);
            self.table_ids.insert(t.oid, id);
        }
        // The pg_class rows of composite types: tables pg_dump never dumps, but which take
        // part in the sort (the type depends on its row, see `dependencies`).
        for (i, ty) in catalog.types.iter().enumerate() {
            if ty.kind != TypeKind::Composite || ty.relid == 0 {
                continue;
            }
            let mut o = DumpableObject::new(0, ObjectKind::Table, Some(&ty.schema), &ty.name);
            o.catalog_id = ObjectId::new(PG_CLASS, ty.relid);
            o.owner = Some(ty.owner.clone());
            o.source = Source::CompositeRel(i);
            self.push(o);
        }
        for (i, t) in catalog.tables.iter().enumerate() {
            if !t.is_partition {
                continue;
            }
            let (Some(&child), Some(&parent)) =
                (self.table_ids.get(&t.oid), t.parents.first().and_then(|p| self.table_ids.get(p)))
            else {
                continue;
            };
            let mut o = DumpableObject::new(0, ObjectKind::TableAttach, Some(&t.schema), &t.name);
            o.source = Source::TableAttach(i);
            o.owner = Some(t.owner.clone());
            o.dependencies = vec![child, parent];
            self.push(o);
        }
        for (i, d) in catalog.attrdefs.iter().enumerate() {
            let Some(&table_id) = self.table_ids.get(&d.table) else { continue };
            let Some(t) = tables.get(&d.table).copied() else { continue };
            let Some(col) = t.columns.iter().find(|c| c.attnum == d.attnum) else { continue };
            let printed =
                !col.dropped && (col.is_local || t.is_partition) && t.kind != RelKind::View;
            let mut o = DumpableObject::new(0, ObjectKind::AttrDef, Some(&t.schema), &t.name);
            o.catalog_id = ObjectId::new(PG_ATTRDEF, d.oid);
            o.owner = Some(t.owner.clone());
            o.source = Source::AttrDef(i);
            o.separate = !printed;
            o.table = Some(table_id);
            o.tiebreak = Tiebreak::AttNum(d.attnum);
            if o.separate {
                o.dependencies.push(table_id);
            }
            let id = self.push(o);
            if printed && let Some(t) = self.obj_mut(table_id) {
                t.add_dependency(id);
            }
        }
        for (i, ix) in catalog.indexes.iter().enumerate() {
            let Some(&table_id) = self.table_ids.get(&ix.table) else { continue };
            let Some(t) = tables.get(&ix.table).copied() else { continue };
            let mut o = DumpableObject::new(0, ObjectKind::Index, Some(&t.schema), &ix.name);
            o.catalog_id = ObjectId::new(PG_CLASS, ix.oid);
            o.owner = Some(t.owner.clone());
            o.source = Source::Index(i);
            o.table = Some(table_id);
            o.parent_index = ix.parent;
            let id = self.push(o);
            self.index_ids.insert(ix.oid, id);
            if let Some(c) = &ix.constraint {
                let mut o =
                    DumpableObject::new(0, ObjectKind::Constraint, Some(&t.schema), &c.name);
                o.catalog_id = ObjectId::new(PG_CONSTRAINT, c.oid);
                o.owner = Some(t.owner.clone());
                o.source = Source::IndexConstraint(i);
                o.separate = true;
                o.table = Some(table_id);
                o.tiebreak = Tiebreak::TableName(t.name.clone());
                self.push(o);
            }
        }
        for (i, ix) in catalog.indexes.iter().enumerate() {
            let Some(t) = tables.get(&ix.table).copied() else { continue };
            if !t.is_partition {
                continue;
            }
            let Some(parent_oid) = ix.parent else { continue };
            let (Some(&child), Some(&parent)) =
                (self.index_ids.get(&ix.oid), self.index_ids.get(&parent_oid))
            else {
                continue;
            };
            let parent_table =
                index_tables.get(&parent_oid).and_then(|table| self.table_ids.get(table).copied());
            let mut o = DumpableObject::new(0, ObjectKind::IndexAttach, Some(&t.schema), &ix.name);
            o.source = Source::IndexAttach(i);
            o.owner = Some(t.owner.clone());
            o.dependencies = vec![child, parent];
            o.dependencies.extend(self.table_ids.get(&t.oid).copied());
            o.dependencies.extend(parent_table);
            self.push(o);
        }
        // getExtendedStatistics: only those on a relation that is dumped.
        for (i, st) in catalog.statistics.iter().enumerate() {
            if !self.table_ids.contains_key(&st.table) {
                continue;
            }
            let mut o = DumpableObject::new(0, ObjectKind::StatsExt, Some(&st.schema), &st.name);
            o.catalog_id = ObjectId::new(PG_STATISTIC_EXT, st.oid);
            o.owner = Some(st.owner.clone());
            o.source = Source::Statistics(i);
            self.push(o);
        }
        for (i, c) in catalog.checks.iter().enumerate() {
            let Some(&table_id) = self.table_ids.get(&c.table) else { continue };
            let Some(t) = tables.get(&c.table).copied() else { continue };
            let mut o = DumpableObject::new(0, ObjectKind::Constraint, Some(&t.schema), &c.name);
            o.catalog_id = ObjectId::new(PG_CONSTRAINT, c.oid);
            o.owner = Some(t.owner.clone());
            o.source = Source::Check(i);
            o.separate = !c.validated;
            o.table = Some(table_id);
            o.tiebreak = Tiebreak::TableName(t.name.clone());
            let id = self.push(o);
            if c.validated
                && let Some(t) = self.obj_mut(table_id)
            {
                t.add_dependency(id);
            }
        }
        for (i, fk) in catalog.foreign_keys.iter().enumerate() {
            let Some(&table_id) = self.table_ids.get(&fk.table) else { continue };
            let Some(t) = tables.get(&fk.table).copied() else { continue };
            let mut o = DumpableObject::new(0, ObjectKind::FkConstraint, Some(&t.schema), &fk.name);
            o.catalog_id = ObjectId::new(PG_CONSTRAINT, fk.oid);
            o.owner = Some(t.owner.clone());
            o.source = Source::ForeignKey(i);
            o.separate = true;
            o.table = Some(table_id);
            o.tiebreak = Tiebreak::TableName(t.name.clone());
            self.push(o);
        }
        // getRules: a view depends on its ON SELECT rule (and the rule, through pg_depend,
        // on the view: the 2-loop the sort repairs).
        for (i, r) in catalog.view_rules.iter().enumerate() {
            let Some(&view_id) = self.table_ids.get(&r.relid) else { continue };
            let Some(t) = tables.get(&r.relid).copied() else { continue };
            let mut o = DumpableObject::new(0, ObjectKind::Rule, Some(&t.schema), &r.name);
            o.catalog_id = ObjectId::new(PG_REWRITE, r.oid);
            o.owner = Some(t.owner.clone());
            o.source = Source::ViewRule(i);
            o.table = Some(view_id);
            o.tiebreak = Tiebreak::TableName(t.name.clone());
            let id = self.push(o);
            if let Some(v) = self.obj_mut(view_id) {
                v.add_dependency(id);
            }
        }
        for (i, r) in catalog.rules.iter().enumerate() {
            let Some(&table_id) = self.table_ids.get(&r.table) else { continue };
            let Some(t) = tables.get(&r.table).copied() else { continue };
            let mut o = DumpableObject::new(0, ObjectKind::Rule, Some(&t.schema), &r.name);
            o.catalog_id = ObjectId::new(PG_REWRITE, r.oid);
            o.owner = Some(t.owner.clone());
            o.source = Source::Rule(i);
            o.separate = true;
            o.table = Some(table_id);
            o.tiebreak = Tiebreak::TableName(t.name.clone());
            o.dependencies.push(table_id);
            self.push(o);
        }
        for (i, tg) in catalog.triggers.iter().enumerate() {
            let Some(&table_id) = self.table_ids.get(&tg.table) else { continue };
            let Some(t) = tables.get(&tg.table).copied() else { continue };
            let mut o = DumpableObject::new(0, ObjectKind::Trigger, Some(&t.schema), &tg.name);
            o.catalog_id = ObjectId::new(PG_TRIGGER, tg.oid);
            o.owner = Some(t.owner.clone());
            o.source = Source::Trigger(i);
            o.table = Some(table_id);
            o.tiebreak = Tiebreak::TableName(t.name.clone());
            self.push(o);
        }
        // getPolicies: row level security first (no dependencies of its own), then policies.
        for (i, t) in catalog.tables.iter().enumerate() {
            if !t.row_security || !matches!(t.kind, RelKind::Table | RelKind::PartitionedTable) {
                continue;
            }
            let Some(&table_id) = self.table_ids.get(&t.oid) else { continue };
            let mut o = DumpableObject::new(0, ObjectKind::Policy, Some(&t.schema), &t.name);
            o.catalog_id = ObjectId::new(0, t.oid);
            o.owner = Some(t.owner.clone());
            o.source = Source::RowSecurity(i);
            o.table = Some(table_id);
            o.tiebreak = Tiebreak::TableName(t.name.clone());
            self.push(o);
        }
        for (i, p) in catalog.policies.iter().enumerate() {
            let Some(&table_id) = self.table_ids.get(&p.table) else { continue };
            let Some(t) = tables.get(&p.table).copied() else { continue };
            let mut o = DumpableObject::new(0, ObjectKind::Policy, Some(&t.schema), &p.name);
            o.catalog_id = ObjectId::new(PG_POLICY, p.oid);
            o.owner = Some(t.owner.clone());
            o.source = Source::Policy(i);
            o.table = Some(table_id);
            o.tiebreak = Tiebreak::TableName(t.name.clone());
            self.push(o);
        }
        for (i, d) in catalog.default_acls.iter().enumerate() {
            let mut o = DumpableObject::new(
                0,
                ObjectKind::DefaultAcl,
                d.schema.as_deref(),
                &d.objtype.to_string(),
            );
            o.catalog_id = ObjectId::new(PG_DEFAULT_ACL, d.oid);
            o.owner = Some(d.role.clone());
            o.source = Source::DefaultAcl(i);
            self.push(o);
        }
        self.collect_replication(catalog);
        let mut refresh_ids: BTreeMap<u32, i32> = BTreeMap::new();
        for (i, t) in catalog.tables.iter().enumerate() {
            let Some(&table_id) = self.table_ids.get(&t.oid) else { continue };
            // A foreign table's data is not dumped (pg_dump's --include-foreign-data is not
            // supported).
            let kind = match t.kind {
                RelKind::Table => ObjectKind::TableData,
                RelKind::Sequence => ObjectKind::SequenceSet,
                RelKind::MatView => ObjectKind::RefreshMatView,
                RelKind::PartitionedTable | RelKind::View | RelKind::ForeignTable => continue,
            };
            let mut o = DumpableObject::new(0, kind, Some(&t.schema), &t.name);
            o.catalog_id = ObjectId::new(0, t.oid);
            o.owner = Some(t.owner.clone());
            o.source = match kind {
                ObjectKind::TableData => Source::TableData(i),
                ObjectKind::SequenceSet => Source::SequenceSet(i),
                _ => Source::RefreshMatView(i),
            };
            o.table = Some(table_id);
            o.dependencies.push(table_id);
            let id = self.push(o);
            if kind == ObjectKind::RefreshMatView {
                refresh_ids.insert(t.oid, id);
            }
        }
        self.collect_config_data(catalog);
        // buildMatViewRefreshDependencies.
        for &(mv, dep) in &catalog.matview_refresh_deps {
            let (Some(&a), Some(&b)) = (refresh_ids.get(&mv), refresh_ids.get(&dep)) else {
                continue;
            };
            if let Some(o) = self.obj_mut(a) {
                o.add_dependency(b);
            }
        }
        let mut pre =
            DumpableObject::new(0, ObjectKind::PreDataBoundary, None, "PRE-DATA BOUNDARY");
        pre.source = Source::Boundary;
        self.pre = self.push(pre);
        let mut post =
            DumpableObject::new(0, ObjectKind::PostDataBoundary, None, "POST-DATA BOUNDARY");
        post.source = Source::Boundary;
        self.post = self.push(post);
    }

    /// Objects of `pg_catalog` and extension members whose privileges changed, and the
    /// extensions' configuration tables and sequences: objects of their kind, with no entry
    /// but their privileges'; an extension member depends on its extension
    /// (`checkExtensionMembership`).
    fn collect_partial(&mut self, catalog: &Catalog) {
        for (i, p) in catalog.partial_objects.iter().enumerate() {
            let (kind, relkind) = match p.kind {
                PartialKind::Schema => (ObjectKind::Namespace, None),
                PartialKind::Relation(k) => (ObjectKind::Table, Some(k)),
                PartialKind::Function | PartialKind::Procedure => (ObjectKind::Func, None),
                PartialKind::Aggregate => (ObjectKind::Agg, None),
                PartialKind::Type => (ObjectKind::Type, None),
                PartialKind::Language => (ObjectKind::ProcLang, None),
                PartialKind::ForeignDataWrapper => (ObjectKind::ForeignDataWrapper, None),
                PartialKind::ForeignServer => (ObjectKind::ForeignServer, None),
            };
            let schema = p.schema.as_ref().map(|(_, s)| s.as_str());
            let mut o = DumpableObject::new(0, kind, schema, &p.name);
            o.catalog_id = p.object;
            o.owner = Some(p.owner.clone());
            o.source = Source::Partial(i);
            o.relkind = relkind;
            if matches!(kind, ObjectKind::Func | ObjectKind::Agg) {
                o.tiebreak = Tiebreak::Args(p.arg_type_names.clone());
            }
            if let Some(ext) = p.extension
                && let Some(&e) = self.by_catalog.get(&ObjectId::new(PG_EXTENSION, ext))
            {
                o.dependencies.push(e);
            }
            self.push(o);
        }
    }

    /// `processExtensionTables`: the data of the extensions' configuration tables and
    /// sequences (a table's data after the data of the members it references).
    fn collect_config_data(&mut self, catalog: &Catalog) {
        let mut data_ids: BTreeMap<u32, i32> = BTreeMap::new();
        for (i, p) in catalog.partial_objects.iter().enumerate() {
            let kind = match p.kind {
                _ if p.config.is_none() => continue,
                PartialKind::Relation(RelKind::Table) => ObjectKind::TableData,
                PartialKind::Relation(RelKind::Sequence) => ObjectKind::SequenceSet,
                _ => continue,
            };
            let Some(&table_id) = self.by_catalog.get(&p.object) else { continue };
            let schema = p.schema.as_ref().map(|(_, s)| s.as_str());
            let mut o = DumpableObject::new(0, kind, schema, &p.name);
            o.catalog_id = ObjectId::new(0, p.object.oid);
            o.owner = Some(p.owner.clone());
            o.source = Source::ConfigData(i);
            o.table = Some(table_id);
            o.dependencies.push(table_id);
            data_ids.insert(p.object.oid, self.push(o));
        }
        for p in &catalog.partial_objects {
            let Some(&id) = data_ids.get(&p.object.oid) else { continue };
            let refs = p.config.iter().flat_map(|c| &c.references);
            let deps: Vec<i32> = refs.filter_map(|r| data_ids.get(r).copied()).collect();
            if let Some(o) = self.obj_mut(id) {
                o.dependencies.extend(deps);
            }
        }
    }

    /// Procedural languages, operators, access methods, operator classes and families.
    fn collect_operators(&mut self, catalog: &Catalog) {
        for (i, l) in catalog.languages.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::ProcLang, None, &l.name);
            o.catalog_id = ObjectId::new(PG_LANGUAGE, l.oid);
            o.owner = Some(l.owner.clone());
            o.source = Source::Language(i);
            self.push(o);
        }
        for (i, op) in catalog.operators.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::Operator, Some(&op.schema), &op.name);
            o.catalog_id = ObjectId::new(PG_OPERATOR, op.oid);
            o.owner = Some(op.owner.clone());
            o.source = Source::Operator(i);
            o.tiebreak = Tiebreak::Operator(op.kind, op.left_sort.clone(), op.right_sort.clone());
            self.push(o);
        }
        for (i, am) in catalog.access_methods.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::AccessMethod, None, &am.name);
            o.catalog_id = ObjectId::new(PG_AM, am.oid);
            o.source = Source::AccessMethod(i);
            self.push(o);
        }
        for (i, c) in catalog.opclasses.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::OpClass, Some(&c.schema), &c.name);
            o.catalog_id = ObjectId::new(PG_OPCLASS, c.oid);
            o.owner = Some(c.owner.clone());
            o.source = Source::OpClass(i);
            o.tiebreak = Tiebreak::AccessMethod(c.method.clone());
            self.push(o);
        }
        for (i, f) in catalog.opfamilies.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::OpFamily, Some(&f.schema), &f.name);
            o.catalog_id = ObjectId::new(PG_OPFAMILY, f.oid);
            o.owner = Some(f.owner.clone());
            o.source = Source::OpFamily(i);
            o.tiebreak = Tiebreak::AccessMethod(f.method.clone());
            self.push(o);
        }
    }

    /// Conversions, casts and transforms. pg_dump names a cast by its types' names and a
    /// transform by its type's name and its (quoted) language's, for the sort only.
    fn collect_extensibility(&mut self, catalog: &Catalog) {
        for (i, c) in catalog.conversions.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::Conversion, Some(&c.schema), &c.name);
            o.catalog_id = ObjectId::new(PG_CONVERSION, c.oid);
            o.owner = Some(c.owner.clone());
            o.source = Source::Conversion(i);
            self.push(o);
        }
        for (i, c) in catalog.casts.iter().enumerate() {
            let name = format!("{} {}", c.source_name, c.target_name);
            let mut o = DumpableObject::new(0, ObjectKind::Cast, None, &name);
            o.catalog_id = ObjectId::new(PG_CAST, c.oid);
            o.source = Source::Cast(i);
            self.push(o);
        }
        for (i, t) in catalog.transforms.iter().enumerate() {
            let lang = tusk_pg::quote::quote_ident(&t.language);
            let name = format!("{} {lang}", t.type_sort_name);
            let mut o = DumpableObject::new(0, ObjectKind::Transform, None, &name);
            o.catalog_id = ObjectId::new(PG_TRANSFORM, t.oid);
            o.source = Source::Transform(i);
            self.push(o);
        }
    }

    /// Foreign-data wrappers and foreign servers (their user mappings have no object of their
    /// own: pg_dump writes them with their server).
    fn collect_foreign(&mut self, catalog: &Catalog) {
        for (i, w) in catalog.foreign_data_wrappers.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::ForeignDataWrapper, None, &w.name);
            o.catalog_id = ObjectId::new(PG_FOREIGN_DATA_WRAPPER, w.oid);
            o.owner = Some(w.owner.clone());
            o.source = Source::ForeignDataWrapper(i);
            self.push(o);
        }
        for (i, srv) in catalog.foreign_servers.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::ForeignServer, None, &srv.name);
            o.catalog_id = ObjectId::new(PG_FOREIGN_SERVER, srv.oid);
            o.owner = Some(srv.owner.clone());
            o.source = Source::ForeignServer(i);
            self.push(o);
        }
    }

    /// Event triggers, publications, their tables (only of the relations read) and schemas
    /// (`getPublicationTables`, `getPublicationNamespaces`), and subscriptions. A publication
    /// table is named and namespaced as its table, a publication schema named as its schema
    /// (with no namespace), as pg_dump sorts them; both then by publication name.
    fn collect_replication(&mut self, catalog: &Catalog) {
        for (i, e) in catalog.event_triggers.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::EventTrigger, None, &e.name);
            o.catalog_id = ObjectId::new(PG_EVENT_TRIGGER, e.oid);
            o.owner = Some(e.owner.clone());
            o.source = Source::EventTrigger(i);
            self.push(o);
        }
        let mut publications: BTreeMap<u32, &str> = BTreeMap::new();
        for (i, p) in catalog.publications.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::Publication, None, &p.name);
            o.catalog_id = ObjectId::new(PG_PUBLICATION, p.oid);
            o.owner = Some(p.owner.clone());
            o.source = Source::Publication(i);
            self.push(o);
            publications.insert(p.oid, &p.name);
        }
        let tables: BTreeMap<u32, &crate::model::Table> =
            catalog.tables.iter().map(|t| (t.oid, t)).collect();
        for (i, r) in catalog.publication_rels.iter().enumerate() {
            let Some(&publication) = publications.get(&r.publication) else { continue };
            let Some(t) = tables.get(&r.table) else { continue };
            let kind = ObjectKind::PublicationRel;
            let mut o = DumpableObject::new(0, kind, Some(&t.schema), &t.name);
            o.catalog_id = ObjectId::new(PG_PUBLICATION_REL, r.oid);
            o.source = Source::PublicationRel(i);
            o.tiebreak = Tiebreak::Publication(publication.to_owned());
            self.push(o);
        }
        let schemas: BTreeSet<u32> = catalog.schemas.iter().map(|s| s.oid).collect();
        for (i, ps) in catalog.publication_schemas.iter().enumerate() {
            let Some(&publication) = publications.get(&ps.publication) else { continue };
            if !schemas.contains(&ps.schema_oid) {
                continue;
            }
            let kind = ObjectKind::PublicationTableInSchema;
            let mut o = DumpableObject::new(0, kind, None, &ps.schema);
            o.catalog_id = ObjectId::new(PG_PUBLICATION_NAMESPACE, ps.oid);
            o.source = Source::PublicationSchema(i);
            o.tiebreak = Tiebreak::Publication(publication.to_owned());
            self.push(o);
        }
        for (i, sub) in catalog.subscriptions.iter().enumerate() {
            let mut o = DumpableObject::new(0, ObjectKind::Subscription, None, &sub.name);
            o.catalog_id = ObjectId::new(PG_SUBSCRIPTION, sub.oid);
            o.owner = Some(sub.owner.clone());
            o.source = Source::Subscription(i);
            self.push(o);
        }
    }

    /// Text search parsers and templates (no owner), dictionaries and configurations.
    fn collect_text_search(&mut self, catalog: &Catalog) {
        let mut add =
            |kind, classid, schema: &str, name: &str, oid, owner: Option<&str>, source| {
                let mut o = DumpableObject::new(0, kind, Some(schema), name);
                o.catalog_id = ObjectId::new(classid, oid);
                o.owner = owner.map(str::to_owned);
                o.source = source;
                self.push(o);
            };
        for (i, p) in catalog.ts_parsers.iter().enumerate() {
            let kind = ObjectKind::TsParser;
            add(kind, PG_TS_PARSER, &p.schema, &p.name, p.oid, None, Source::TsParser(i));
        }
        for (i, t) in catalog.ts_templates.iter().enumerate() {
            let kind = ObjectKind::TsTemplate;
            add(kind, PG_TS_TEMPLATE, &t.schema, &t.name, t.oid, None, Source::TsTemplate(i));
        }
        for (i, d) in catalog.ts_dictionaries.iter().enumerate() {
            let (kind, source) = (ObjectKind::TsDict, Source::TsDictionary(i));
            add(kind, PG_TS_DICT, &d.schema, &d.name, d.oid, Some(&d.owner), source);
        }
        for (i, c) in catalog.ts_configs.iter().enumerate() {
            let (kind, source) = (ObjectKind::TsConfig, Source::TsConfig(i));
            add(kind, PG_TS_CONFIG, &c.schema, &c.name, c.oid, Some(&c.owner), source);
        }
    }

    fn dependencies(&mut self, catalog: &Catalog) {
        let members: BTreeMap<ObjectId, u32> = catalog.extension_members.iter().copied().collect();
        let mut by_object: BTreeMap<ObjectId, Vec<ObjectId>> = BTreeMap::new();
        for d in &catalog.depends {
            by_object.entry(d.object).or_default().push(d.referenced);
        }
        for d in &catalog.depends {
            let Some(&id) = self.by_catalog.get(&d.object) else { continue };
            let mut refs = Vec::new();
            let mut seen = BTreeSet::new();
            self.resolve(d.referenced, &members, &by_object, &mut seen, &mut refs);
            // A composite type's row depends on the type in pg_depend ('i'); pg_dump
            // reverses that edge so that the type follows its attributes' types.
            let object_kind = self.objects.get(usize::try_from(id - 1).unwrap_or(usize::MAX));
            let reverse = d.deptype == 'i'
                && object_kind.is_some_and(|o| o.kind == ObjectKind::Table)
                && self.by_catalog.get(&d.referenced).is_some_and(|&r| {
                    self.objects
                        .get(usize::try_from(r - 1).unwrap_or(usize::MAX))
                        .is_some_and(|o| o.kind == ObjectKind::Type)
                });
            if reverse {
                for r in refs {
                    if let Some(obj) = self.obj_mut(r) {
                        obj.add_dependency(id);
                    }
                }
            } else if let Some(obj) = self.obj_mut(id) {
                obj.dependencies.extend(refs);
            }
        }
        // Boundaries (addBoundaryDependencies).
        let (pre, post) = (self.pre, self.post);
        let mut pre_deps = Vec::new();
        let mut post_deps = Vec::new();
        for obj in &mut self.objects {
            match obj.kind {
                ObjectKind::Namespace
                | ObjectKind::Extension
                | ObjectKind::Type
                | ObjectKind::ShellType
                | ObjectKind::Func
                | ObjectKind::Agg
                | ObjectKind::Collation
                | ObjectKind::Operator
                | ObjectKind::AccessMethod
                | ObjectKind::OpClass
                | ObjectKind::OpFamily
                | ObjectKind::Conversion
                | ObjectKind::ProcLang
                | ObjectKind::Cast
                | ObjectKind::Transform
                | ObjectKind::TsParser
                | ObjectKind::TsTemplate
                | ObjectKind::TsDict
                | ObjectKind::TsConfig
                | ObjectKind::ForeignDataWrapper
                | ObjectKind::ForeignServer
                | ObjectKind::Table
                | ObjectKind::TableAttach
                | ObjectKind::AttrDef => pre_deps.push(obj.dump_id),
                ObjectKind::TableData | ObjectKind::SequenceSet => {
                    obj.add_dependency(pre);
                    post_deps.push(obj.dump_id);
                }
                ObjectKind::Index
                | ObjectKind::IndexAttach
                | ObjectKind::StatsExt
                | ObjectKind::RefreshMatView
                | ObjectKind::Trigger
                | ObjectKind::Policy
                | ObjectKind::DefaultAcl
                | ObjectKind::EventTrigger
                | ObjectKind::Publication
                | ObjectKind::PublicationRel
                | ObjectKind::PublicationTableInSchema
                | ObjectKind::Subscription => {
                    obj.add_dependency(post);
                }
                ObjectKind::Rule => {
                    if obj.separate {
                        obj.add_dependency(post);
                    }
                }
                ObjectKind::Constraint | ObjectKind::FkConstraint => {
                    if obj.separate {
                        obj.add_dependency(post);
                    }
                }
                ObjectKind::PreDataBoundary => {}
                ObjectKind::PostDataBoundary => obj.add_dependency(pre),
            }
        }
        if let Some(o) = self.obj_mut(pre) {
            o.dependencies.extend(pre_deps);
        }
        if let Some(o) = self.obj_mut(post) {
            o.dependencies.extend(post_deps);
        }
    }

    /// The dump ids a reference to `target` stands for.
    fn resolve(
        &self,
        target: ObjectId,
        members: &BTreeMap<ObjectId, u32>,
        by_object: &BTreeMap<ObjectId, Vec<ObjectId>>,
        seen: &mut BTreeSet<ObjectId>,
        out: &mut Vec<i32>,
    ) {
        if !seen.insert(target) {
            return;
        }
        if let Some(&id) = self.by_catalog.get(&target) {
            out.push(id);
            return;
        }
        // An extension member pg_dump knows but does not dump: it depends on its extension
        // and on what it references itself (its schema, which has an entry when the schema
        // is dumped, as `public` is on servers before 15).
        if let Some(&ext) = members.get(&target)
            && let Some(&id) = self.by_catalog.get(&ObjectId::new(PG_EXTENSION, ext))
        {
            out.push(id);
        }
        if let Some(next) = by_object.get(&target) {
            for &n in next {
                self.resolve(n, members, by_object, seen, out);
            }
        }
    }
}
