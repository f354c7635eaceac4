//! DDL rendering: the TOC entries pg_dump writes for each object, string for string
//! (`desc`, `tag`, `defn`, `dropStmt`, `copyStmt`, owner, section, tablespace, tableam),
//! in the sorted order, with each object's COMMENT entries right after it: pg_dump 15's for
//! a server up to 15, pg_dump 18's for 16 and newer, each difference a rule of
//! [`crate::versions`] (which also names where tusk departs from pg_dump 18 on purpose).
//!
//! Dependencies: entries pg_dump gives explicit dependencies (COMMENT, ACL, TABLE DATA,
//! SEQUENCE SET, SEQUENCE OWNED BY, TRANSFORM) carry them as they are (even a dump id without
//! an entry, such as the `public` schema's, or a partial object's: an object of `pg_catalog`
//! or an extension member, of which only the privileges or the data have entries; a
//! transform's reference to an object pg_dump
//! knows but does not dump, such as a built-in type, becomes one dump id that no entry has);
//! every other entry gets the dumped objects its
//! object reaches, following through objects that have no entry
//! (`BuildArchiveDependencies`). Sub-entries get dump ids after the objects'.

use std::collections::{BTreeMap, BTreeSet};

use tusk_archive::{Section, TocEntry};
use tusk_pg::quote::{quote_ident, quote_literal, quote_literal_e, quote_qualified};

use crate::acl::{self, AclTarget};
use crate::graph::{DumpGraph, ObjectKind, Source};
use crate::model::{BaseTypeInfo, PartialKind};
use crate::model::{
    Catalog, FunctionRef, ObjectId, OpMember, PG_AM, PG_CAST, PG_CLASS, PG_COLLATION,
    PG_CONSTRAINT, PG_CONVERSION, PG_DEFAULT_ACL, PG_EXTENSION, PG_LANGUAGE, PG_NAMESPACE,
    PG_OPCLASS, PG_OPERATOR, PG_OPFAMILY, PG_POLICY, PG_PROC, PG_REWRITE, PG_STATISTIC_EXT,
    PG_TRANSFORM, PG_TRIGGER, PG_TS_CONFIG, PG_TS_DICT, PG_TS_PARSER, PG_TS_TEMPLATE, PG_TYPE,
    RelKind, Schema, Table, Type, TypeKind,
};
use crate::model::{
    PG_EVENT_TRIGGER, PG_FOREIGN_DATA_WRAPPER, PG_FOREIGN_SERVER, PG_PUBLICATION,
    PG_PUBLICATION_NAMESPACE, PG_PUBLICATION_REL, PG_SUBSCRIPTION,
};
use crate::settings;
use crate::versions;

fn q(name: &str) -> String {
    quote_ident(name).into_owned()
}

fn entry(dump_id: i32, catalog_id: ObjectId, desc: &str, tag: &str, section: Section) -> TocEntry {
    TocEntry {
        table_oid: catalog_id.classid,
        oid: catalog_id.oid,
        tag: Some(tag.to_owned()),
        ..TocEntry::new(dump_id, desc, section)
    }
}

/// `appendReloptionsArray`.
fn reloptions(out: &mut String, options: &[String], prefix: &str) {
    for (i, opt) in options.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let (name, value) = opt.split_once('=').unwrap_or((opt.as_str(), ""));
        out.push_str(prefix);
        out.push_str(&q(name));
        out.push('=');
        if q(value) == value {
            out.push_str(value);
        } else {
            out.push_str(&quote_literal(value));
        }
    }
}

/// `str` between dollar quotes, as pg_dump's `appendStringLiteralDQ`: `$$…$$`, or with
/// `_`, then `X`s, added to the tag until the body does not contain it.
///
/// Dollar quoting is not in `tusk_pg::quote` yet; this is the crate's only hand-made quoting.
/// A cast's or transform's function as pg_dump names it: always schema-qualified, with its
/// argument types (`format_function_signature`).
fn function_ref(f: &FunctionRef) -> String {
    format!("{}.{}({})", q(&f.schema), q(&f.name), f.args.join(", "))
}

/// `buildACLCommands` for a catalog object's ACL. The server writes every item, so an item
/// that does not parse (or a kind without privileges) is a defect of tusk: the privileges
/// are left out with a warning naming the object, not silently.
fn acl_commands_or_warn(
    target: &AclTarget<'_>,
    acl: &[String],
    base: &[String],
    owner: &str,
) -> String {
    acl::acl_commands(target, Some(acl), base, owner).unwrap_or_else(|error| {
        tracing::warn!(kind = target.kind, name = target.name, %error, "could not render the privileges; they are left out");
        String::new()
    })
}

/// A schema's SCHEMA entry; `create` false for `public` when `-n` does not name it.
fn schema_entry(id: i32, s: &Schema, create: bool) -> TocEntry {
    let qn = q(&s.name);
    let mut e = entry(id, ObjectId::new(PG_NAMESPACE, s.oid), "SCHEMA", &s.name, Section::PreData);
    e.owner = Some(s.owner.clone());
    if create {
        e.defn = Some(format!("CREATE SCHEMA {qn};\n"));
        e.drop_stmt = Some(format!("DROP SCHEMA {qn};\n"));
    } else {
        e.defn = Some("-- *not* creating schema, since initdb creates it\n".to_owned());
        e.drop_stmt = Some("-- *not* dropping schema, since initdb creates it\n".to_owned());
    }
    e
}

/// A COMMENT entry (`dumpCommentExtended`).
fn comment_entry(
    id: i32,
    kind: &str,
    name: &str,
    namespace: Option<&str>,
    owner: Option<&str>,
    text: &str,
    dep: i32,
) -> TocEntry {
    let mut defn = format!("COMMENT ON {kind} ");
    if let Some(ns) = namespace.filter(|n| !n.is_empty()) {
        defn.push_str(&q(ns));
        defn.push('.');
    }
    defn.push_str(name);
    defn.push_str(" IS ");
    defn.push_str(&quote_literal(text));
    defn.push_str(";\n");
    let mut e = entry(id, ObjectId::default(), "COMMENT", &format!("{kind} {name}"), Section::None);
    e.namespace = namespace.map(str::to_owned);
    e.owner = owner.map(str::to_owned);
    e.defn = Some(defn);
    e.dependencies = vec![dep];
    e
}

struct Out<'a> {
    catalog: &'a Catalog,
    graph: &'a DumpGraph,
    entries: Vec<TocEntry>,
    /// Entries whose dependencies are computed from their object: (entry index, object id).
    computed: Vec<(usize, i32)>,
    next_id: i32,
    comments: BTreeMap<ObjectId, Vec<(i32, &'a str)>>,
    tables: BTreeMap<u32, &'a Table>,
    acls: BTreeMap<(ObjectId, i32), &'a crate::model::Acl>,
    /// Lookups built once, so that rendering stays linear in the number of objects (a
    /// database of 10,000 tables otherwise spends its time scanning these lists per object).
    index: Lookup<'a>,
    /// The `public` schema's entries for a dump whose `-n` selects it.
    public: Option<PublicSchemaSelected>,
}

/// The `public` schema as pg_dump 15 dumps it when `-n` selects it: like any other schema
/// (`selectDumpableNamespace` decides by `-n` before it looks at the name), with
/// `CREATE SCHEMA public;`, also when `pg_database_owner` owns it, and its comment whatever
/// it says. [`DumpPlan::entries`](crate::DumpPlan::entries) have it as pg_dump dumps it
/// otherwise; [`PublicSchemaSelected::apply`] turns them into this case's.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicSchemaSelected {
    /// The schema's OID.
    pub oid: u32,
    /// The schema's dump id.
    pub dump_id: i32,
    /// Where the schema's entries start in the plan's entries.
    pub index: usize,
    /// How many entries the plan has for the schema there (SCHEMA, COMMENT, ACL; none when
    /// `pg_database_owner` owns it with initdb's comment and privileges).
    pub replaces: usize,
    /// This case's entries for the schema (SCHEMA, then COMMENT and ACL if it has them).
    pub entries: Vec<TocEntry>,
    /// The entries whose dependencies differ when the schema has an entry (it has none in
    /// the plan when `pg_database_owner` owns it): dump id → dependencies.
    pub dependencies: BTreeMap<i32, Vec<i32>>,
}

impl PublicSchemaSelected {
    /// Replaces the schema's entries in `entries` (the plan's, in its order) by this case's
    /// and sets the dependencies that change with them.
    pub fn apply(&self, entries: &mut Vec<TocEntry>) {
        let end = self.index + self.replaces;
        // The plan's entries are the ones this was rendered with.
        let in_place = entries.get(self.index..end).is_some_and(|old| {
            old.iter().all(|e| e.dump_id == self.dump_id || e.dependencies == [self.dump_id])
        });
        if !in_place {
            tracing::warn!(
                "the plan's entries for the public schema are not where they were rendered; \
                 it is dumped as when -n does not name it"
            );
            return;
        }
        entries.splice(self.index..end, self.entries.iter().cloned());
        for e in entries.iter_mut() {
            if let Some(deps) = self.dependencies.get(&e.dump_id) {
                e.dependencies.clone_from(deps);
            }
        }
    }
}

/// What [`render`] returns.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The TOC entries, in dump order.
    pub entries: Vec<TocEntry>,
    /// The first dump id not used by the entries.
    pub next_id: i32,
    /// The `public` schema's entries when `-n` selects it (`None` without that schema).
    pub public_selected: Option<PublicSchemaSelected>,
}

/// How a column's NOT NULL is written with its table (see `Out::not_null_spec`).
struct NotNullSpec {
    /// The constraint's name to write (`CONSTRAINT name NOT NULL`); `None`: plain `NOT NULL`.
    name: Option<String>,
    /// NO INHERIT.
    no_inherit: bool,
    /// The table's own (else inherited, and written only for a partition).
    local: bool,
}

/// Per-object facts of the catalog and graph, by key.
struct Lookup<'a> {
    /// Object → the extensions it is marked as depending on (`deptype 'x'`).
    extension_deps: BTreeMap<ObjectId, Vec<&'a str>>,
    /// (table, attnum) → the column default's expression and whether it is a separate entry.
    attrdefs: BTreeMap<(u32, i16), (&'a str, bool)>,
    /// Table → its CHECK constraints (index into `catalog.checks`), in catalog order.
    checks: BTreeMap<u32, Vec<usize>>,
    /// CHECK constraints (index into `catalog.checks`) dumped as separate entries.
    separate_checks: BTreeSet<usize>,
    /// Index OID → its index in `catalog.indexes`.
    indexes: BTreeMap<u32, usize>,
    /// Catalog identity → dump id, for the objects of the graph that have one.
    by_catalog: BTreeMap<ObjectId, i32>,
    /// Transform OID → the objects it references in `pg_depend`.
    transform_refs: BTreeMap<u32, Vec<ObjectId>>,
}

impl<'a> Lookup<'a> {
    fn new(catalog: &'a Catalog, graph: &DumpGraph) -> Self {
        let extensions: BTreeMap<u32, &str> =
            catalog.extensions.iter().map(|x| (x.oid, x.name.as_str())).collect();
        let mut extension_deps: BTreeMap<ObjectId, Vec<&str>> = BTreeMap::new();
        for d in &catalog.depends {
            if d.deptype == 'x'
                && d.referenced.classid == PG_EXTENSION
                && let Some(name) = extensions.get(&d.referenced.oid)
            {
                extension_deps.entry(d.object).or_default().push(name);
            }
        }
        let mut attrdefs = BTreeMap::new();
        let mut separate_checks = BTreeSet::new();
        for o in graph.objects() {
            match o.source {
                Source::AttrDef(k) => {
                    if let Some(d) = catalog.attrdefs.get(k) {
                        attrdefs
                            .entry((d.table, d.attnum))
                            .or_insert((d.expr.as_str(), o.separate));
                    }
                }
                Source::Check(k) if o.separate => {
                    separate_checks.insert(k);
                }
                _ => {}
            }
        }
        let mut checks: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (k, c) in catalog.checks.iter().enumerate() {
            checks.entry(c.table).or_default().push(k);
        }
        let indexes = catalog.indexes.iter().enumerate().map(|(k, x)| (x.oid, k)).collect();
        let by_catalog = graph
            .objects()
            .iter()
            .filter(|o| o.catalog_id.classid != 0)
            .map(|o| (o.catalog_id, o.dump_id))
            .collect();
        let mut transform_refs: BTreeMap<u32, Vec<ObjectId>> = BTreeMap::new();
        for d in &catalog.depends {
            if d.object.classid == PG_TRANSFORM {
                transform_refs.entry(d.object.oid).or_default().push(d.referenced);
            }
        }
        Self {
            extension_deps,
            attrdefs,
            checks,
            separate_checks,
            indexes,
            by_catalog,
            transform_refs,
        }
    }
}

/// The TOC entries of a sorted graph, the next free dump id, and the `public` schema's
/// entries for a dump whose `-n` selects it.
pub fn render(catalog: &Catalog, graph: &DumpGraph) -> Rendered {
    let mut comments: BTreeMap<ObjectId, Vec<(i32, &str)>> = BTreeMap::new();
    for c in &catalog.comments {
        comments.entry(c.object).or_default().push((c.subid, c.text.as_str()));
    }
    let mut out = Out {
        catalog,
        graph,
        entries: Vec::new(),
        computed: Vec::new(),
        next_id: graph.max_dump_id() + 1,
        comments,
        tables: catalog.tables.iter().map(|t| (t.oid, t)).collect(),
        acls: catalog.acls.iter().map(|a| ((a.object, a.subid), a)).collect(),
        index: Lookup::new(catalog, graph),
        public: None,
    };
    for &id in graph.order() {
        out.object(id);
    }
    // BuildArchiveDependencies.
    let with_entry: BTreeSet<i32> = out.entries.iter().map(|e| e.dump_id).collect();
    let has_entry = |d: i32| with_entry.contains(&d);
    let mut public = out.public.take();
    // The public schema without an entry here has one when -n selects it: the entries
    // whose dependencies went through it then depend on it.
    let public_id = public.as_ref().map(|p| p.dump_id).filter(|&p| !has_entry(p));
    let computed = std::mem::take(&mut out.computed);
    for (k, id) in computed {
        let mut deps = Vec::new();
        let mut seen = BTreeSet::new();
        find_dumpable(graph, id, &has_entry, &mut seen, &mut deps);
        if let (Some(p), Some(public)) = (public_id, public.as_mut())
            && seen.contains(&p)
            && let Some(e) = out.entries.get(k)
        {
            let mut selected = Vec::new();
            let has_entry = |d: i32| d == p || has_entry(d);
            find_dumpable(graph, id, &has_entry, &mut BTreeSet::new(), &mut selected);
            public.dependencies.insert(e.dump_id, selected);
        }
        if let Some(e) = out.entries.get_mut(k) {
            e.dependencies = deps;
        }
    }
    // The schema's own entry in that case.
    if let Some(public) = public.as_mut() {
        let p = public.dump_id;
        let mut deps = Vec::new();
        let has_entry = |d: i32| d == p || has_entry(d);
        find_dumpable(graph, p, &has_entry, &mut BTreeSet::new(), &mut deps);
        if let Some(e) = public.entries.iter_mut().find(|e| e.dump_id == p) {
            e.dependencies = deps;
        }
    }
    Rendered { entries: out.entries, next_id: out.next_id, public_selected: public }
}

fn find_dumpable(
    graph: &DumpGraph,
    id: i32,
    has_entry: &impl Fn(i32) -> bool,
    seen: &mut BTreeSet<i32>,
    out: &mut Vec<i32>,
) {
    let Some(obj) = graph.object(id) else { return };
    if matches!(obj.kind, ObjectKind::PreDataBoundary | ObjectKind::PostDataBoundary) {
        return;
    }
    for &d in &obj.dependencies {
        if has_entry(d) {
            out.push(d);
        } else if seen.insert(d) {
            find_dumpable(graph, d, has_entry, seen, out);
        }
    }
}

impl<'a> Out<'a> {
    fn new_id(&mut self) -> i32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn push_object_entry(&mut self, id: i32, e: TocEntry) {
        self.entries.push(e);
        self.computed.push((self.entries.len() - 1, id));
    }

    fn comment(&self, object: ObjectId, subid: i32) -> Option<&'a str> {
        self.comments.get(&object)?.iter().find(|(s, _)| *s == subid).map(|(_, t)| *t)
    }

    #[allow(clippy::too_many_arguments)]
    fn push_comment(
        &mut self,
        kind: &str,
        name: &str,
        namespace: Option<&str>,
        owner: Option<&str>,
        text: &str,
        dep: i32,
    ) -> i32 {
        let id = self.new_id();
        self.entries.push(comment_entry(id, kind, name, namespace, owner, text, dep));
        id
    }

    /// `dumpACL`: the ACL entry of an object (or column), if its privileges differ from the
    /// default; returns its dump id.
    #[allow(clippy::too_many_arguments)]
    fn push_acl(
        &mut self,
        object: ObjectId,
        subid: i32,
        kind: &str,
        name: &str,
        subname: Option<&str>,
        namespace: Option<&str>,
        owner: &str,
        deps: Vec<i32>,
    ) -> Option<i32> {
        let a = self.acls.get(&(object, subid)).copied()?;
        let public_schema = object.classid == PG_NAMESPACE && kind == "SCHEMA" && name == "public";
        let (acl, base): (Vec<String>, Vec<String>) = if public_schema {
            // getNamespaces: the public schema is compared with {owner=UC/owner,=U/owner}.
            let o = acl::quote_acl_role(owner);
            let base = vec![format!("{o}=UC/{o}"), format!("=U/{o}")];
            (a.acl.clone().unwrap_or_else(|| a.default.clone()), base)
        } else {
            (a.acl.clone()?, a.default.clone())
        };
        let target = AclTarget {
            column: subname,
            schema: namespace,
            server_version: self.catalog.server_version_num,
            ..AclTarget::new(kind, name)
        };
        let sql = acl_commands_or_warn(&target, &acl, &base, owner);
        if sql.is_empty() {
            return None;
        }
        let tag = match subname {
            Some(sub) => format!("COLUMN {name}.{sub}"),
            None => format!("{kind} {name}"),
        };
        let id = self.new_id();
        let mut e = entry(id, ObjectId::default(), "ACL", &tag, Section::None);
        e.namespace = namespace.map(str::to_owned);
        e.owner = Some(owner.to_owned());
        e.defn = Some(sql);
        e.dependencies = deps;
        self.entries.push(e);
        Some(id)
    }

    /// `append_depends_on_extension`: `ALTER … DEPENDS ON EXTENSION` for each extension the
    /// object was marked as depending on (`pg_depend` type `x`), laid out as the pg_dump of
    /// the server's version does ([`versions::depends_on_extension_after_blank_line`]).
    fn depends_on_extension(&self, object: ObjectId, keyword: &str, name: &str) -> String {
        let blank_line =
            versions::depends_on_extension_after_blank_line(self.catalog.server_version_num);
        let mut out = String::new();
        for x in self.index.extension_deps.get(&object).into_iter().flatten() {
            let alter = format!("ALTER {keyword} {name} DEPENDS ON EXTENSION {};", q(x));
            if blank_line {
                out.push('\n');
                out.push_str(&alter);
            } else {
                out.push_str(&alter);
                out.push('\n');
            }
        }
        out
    }

    /// `dumpDefaultACL`.
    fn default_acl(&mut self, id: i32, i: usize) {
        let Some(d) = self.catalog.default_acls.get(i) else { return };
        let kind = match d.objtype {
            'r' => "TABLES",
            'S' => "SEQUENCES",
            'f' => "FUNCTIONS",
            'T' => "TYPES",
            _ => "SCHEMAS",
        };
        let mut prefix = format!("ALTER DEFAULT PRIVILEGES FOR ROLE {} ", q(&d.role));
        if let Some(ns) = &d.schema {
            prefix.push_str(&format!("IN SCHEMA {} ", q(ns)));
        }
        let target = AclTarget {
            prefix: &prefix,
            server_version: self.catalog.server_version_num,
            ..AclTarget::new(kind, "")
        };
        let sql = acl_commands_or_warn(&target, &d.acl, &d.default, &d.role);
        let tag = format!("DEFAULT PRIVILEGES FOR {kind}");
        let mut e =
            entry(id, ObjectId::new(PG_DEFAULT_ACL, d.oid), "DEFAULT ACL", &tag, Section::PostData);
        e.namespace = d.schema.clone();
        e.owner = Some(d.role.clone());
        e.defn = Some(sql);
        self.push_object_entry(id, e);
    }

    /// The ACL entries of a relation and then of its columns (`dumpTable`).
    fn relation_acls(&mut self, id: i32, t: &Table) {
        let kind = if t.kind == RelKind::Sequence { "SEQUENCE" } else { "TABLE" };
        let obj = ObjectId::new(PG_CLASS, t.oid);
        let qn = q(&t.name);
        let table_acl = self.push_acl(obj, 0, kind, &qn, None, Some(&t.schema), &t.owner, vec![id]);
        for c in t.columns.iter().filter(|c| !c.dropped) {
            let mut deps = vec![id];
            deps.extend(table_acl);
            let qc = q(&c.name);
            let sub = i32::from(c.attnum);
            self.push_acl(obj, sub, "TABLE", &qn, Some(&qc), Some(&t.schema), &t.owner, deps);
        }
    }

    fn object(&mut self, id: i32) {
        let Some(obj) = self.graph.object(id) else { return };
        match obj.source {
            Source::Schema(i) => self.schema(id, i),
            Source::Extension(i) => self.extension(id, i),
            Source::Type(i) => self.type_(id, i),
            Source::Function(i) => self.function(id, i),
            Source::Aggregate(i) => self.aggregate(id, i),
            Source::Collation(i) => self.collation(id, i),
            Source::Statistics(i) => self.statistics(id, i),
            Source::TsParser(i) => self.ts_parser(id, i),
            Source::TsTemplate(i) => self.ts_template(id, i),
            Source::TsDictionary(i) => self.ts_dictionary(id, i),
            Source::TsConfig(i) => self.ts_config(id, i),
            Source::Operator(i) => self.operator(id, i),
            Source::OpClass(i) => self.opclass(id, i),
            Source::OpFamily(i) => self.opfamily(id, i),
            Source::Cast(i) => self.cast(id, i),
            Source::Conversion(i) => self.conversion(id, i),
            Source::Language(i) => self.language(id, i),
            Source::Transform(i) => self.transform(id, i),
            Source::AccessMethod(i) => self.access_method(id, i),
            Source::DomainCheck(i, k) => self.domain_check(id, i, k),
            Source::CompositeRel(_) => {}
            Source::ShellType(i) => self.shell_type(id, i),
            Source::Partial(i) => self.partial(id, i),
            Source::ConfigData(i) => self.config_data(id, i),
            Source::Table(i) => self.table(id, i),
            Source::TableAttach(i) => self.table_attach(id, i),
            Source::AttrDef(i) => self.attrdef(id, i),
            Source::Index(i) => self.index(id, i),
            Source::IndexAttach(i) => self.index_attach(id, i),
            Source::IndexConstraint(i) => self.index_constraint(id, i),
            Source::Check(i) => self.check(id, i),
            Source::ForeignKey(i) => self.foreign_key(id, i),
            Source::TableData(i) => self.table_data(id, i),
            Source::SequenceSet(i) => self.sequence_set(id, i),
            Source::RefreshMatView(i) => self.refresh_matview(id, i),
            Source::ViewRule(i) => self.view_rule(id, i),
            Source::Rule(i) => self.rule(id, i),
            Source::Trigger(i) => self.trigger(id, i),
            Source::Policy(i) => self.policy(id, i),
            Source::RowSecurity(i) => self.row_security(id, i),
            Source::DefaultAcl(i) => self.default_acl(id, i),
            Source::ForeignDataWrapper(i) => self.foreign_data_wrapper(id, i),
            Source::ForeignServer(i) => self.foreign_server(id, i),
            Source::EventTrigger(i) => self.event_trigger(id, i),
            Source::Publication(i) => self.publication(id, i),
            Source::PublicationRel(i) => self.publication_rel(id, i),
            Source::PublicationSchema(i) => self.publication_schema(id, i),
            Source::Subscription(i) => self.subscription(id, i),
            Source::Boundary | Source::None => {}
        }
    }

    /// `dumpNamespace`. The `public` schema is rendered as pg_dump dumps it when no `-n`
    /// names it (`selectDumpableNamespace`: not created, its entry left out when
    /// `pg_database_owner` owns it, its comment compared with initdb's); its entries for the
    /// case where `-n` selects it, as any other schema, go to [`PublicSchemaSelected`].
    fn schema(&mut self, id: i32, i: usize) {
        let Some(s) = self.catalog.schemas.get(i) else { return };
        let obj = ObjectId::new(PG_NAMESPACE, s.oid);
        let qn = q(&s.name);
        let comment = self.comment(obj, 0);
        if s.name != "public" {
            self.push_object_entry(id, schema_entry(id, s, true));
            if let Some(text) = comment {
                self.push_comment("SCHEMA", &qn, None, Some(&s.owner), text, id);
            }
            self.push_acl(obj, 0, "SCHEMA", &qn, None, None, &s.owner, vec![id]);
            return;
        }
        let index = self.entries.len();
        if !s.owned_by_db_owner {
            self.push_object_entry(id, schema_entry(id, s, false));
        }
        // The comment is compared with initdb's: none when it is initdb's, an empty one when
        // it was removed.
        let unselected_comment = match comment {
            None => Some(""),
            Some("standard public schema") => None,
            Some(c) => Some(c),
        };
        let comment_id = unselected_comment
            .map(|text| self.push_comment("SCHEMA", &qn, None, Some(&s.owner), text, id));
        let mut selected = vec![schema_entry(id, s, true)];
        if let Some(text) = comment {
            let comment_id = comment_id.unwrap_or_else(|| self.new_id());
            selected.push(comment_entry(comment_id, "SCHEMA", &qn, None, Some(&s.owner), text, id));
        }
        // The ACL is the same in both cases (compared with the same default).
        let acl = self.push_acl(obj, 0, "SCHEMA", &qn, None, None, &s.owner, vec![id]);
        if acl.is_some()
            && let Some(e) = self.entries.last()
        {
            selected.push(e.clone());
        }
        self.public = Some(PublicSchemaSelected {
            oid: s.oid,
            dump_id: id,
            index,
            replaces: self.entries.len() - index,
            entries: selected,
            dependencies: BTreeMap::new(),
        });
    }

    fn extension(&mut self, id: i32, i: usize) {
        let Some(x) = self.catalog.extensions.get(i) else { return };
        // A built-in extension (plpgsql) is never dumped: every database has it.
        if x.builtin {
            return;
        }
        let qn = q(&x.name);
        let mut e =
            entry(id, ObjectId::new(PG_EXTENSION, x.oid), "EXTENSION", &x.name, Section::PreData);
        e.defn =
            Some(format!("CREATE EXTENSION IF NOT EXISTS {qn} WITH SCHEMA {};\n", q(&x.schema)));
        e.drop_stmt = Some(format!("DROP EXTENSION {qn};\n"));
        self.push_object_entry(id, e);
        if let Some(text) = self.comment(ObjectId::new(PG_EXTENSION, x.oid), 0) {
            let text = text.to_owned();
            self.push_comment("EXTENSION", &qn, None, Some(""), &text, id);
        }
    }

    /// The entry of an object that lives in a schema, and its comment (`kind` is both the
    /// entry's desc and the COMMENT's object type; `owner` `None` for kinds without one, whose
    /// comment then has the owner `""`, as pg_dump writes them).
    #[allow(clippy::too_many_arguments)]
    fn schema_object(
        &mut self,
        id: i32,
        object: ObjectId,
        kind: &str,
        schema: &str,
        name: &str,
        owner: Option<&str>,
        section: Section,
        defn: String,
    ) {
        let qual = quote_qualified(schema, name);
        let mut e = entry(id, object, kind, name, section);
        e.namespace = Some(schema.to_owned());
        e.owner = owner.map(str::to_owned);
        e.defn = Some(defn);
        e.drop_stmt = Some(format!("DROP {kind} {qual};\n"));
        self.push_object_entry(id, e);
        if let Some(text) = self.comment(object, 0) {
            let text = text.to_owned();
            let owner = owner.unwrap_or("");
            self.push_comment(kind, &q(name), Some(schema), Some(owner), &text, id);
        }
    }

    /// `dumpCollation`. The version is not dumped (the restoring server records its own), as
    /// pg_dump does outside binary upgrades. The builtin provider (17+) and ICU rules (16+)
    /// are written as pg_dump 17 and 16 write them.
    fn collation(&mut self, id: i32, i: usize) {
        let Some(c) = self.catalog.collations.get(i) else { return };
        let qual = quote_qualified(&c.schema, &c.name);
        let provider = match c.provider {
            'i' => "icu",
            'b' => "builtin",
            'd' => "default",
            _ => "libc",
        };
        let mut s = format!("CREATE COLLATION {qual} (provider = {provider}");
        if !c.deterministic {
            s.push_str(", deterministic = false");
        }
        let lit = |v: &Option<String>| quote_literal(v.as_deref().unwrap_or(""));
        match c.provider {
            'd' => {}
            'i' | 'b' => {
                s.push_str(&format!(", locale = {}", lit(&c.locale)));
                if c.provider == 'i' && c.icu_rules.is_some() {
                    s.push_str(&format!(", rules = {}", lit(&c.icu_rules)));
                }
            }
            _ => {
                if c.collate.is_some() && c.collate == c.ctype {
                    s.push_str(&format!(", locale = {}", lit(&c.collate)));
                } else {
                    s.push_str(&format!(
                        ", lc_collate = {}, lc_ctype = {}",
                        lit(&c.collate),
                        lit(&c.ctype)
                    ));
                }
            }
        }
        s.push_str(");\n");
        let object = ObjectId::new(PG_COLLATION, c.oid);
        let (schema, name, owner) = (&c.schema, &c.name, Some(c.owner.as_str()));
        self.schema_object(id, object, "COLLATION", schema, name, owner, Section::PreData, s);
    }

    /// `dumpStatisticsExt`.
    fn statistics(&mut self, id: i32, i: usize) {
        let Some(st) = self.catalog.statistics.get(i) else { return };
        let mut s = format!("{};\n", st.definition);
        if st.stat_target >= 0 {
            s.push_str(&format!(
                "ALTER STATISTICS {} SET STATISTICS {};\n",
                quote_qualified(&st.schema, &st.name),
                st.stat_target
            ));
        }
        let object = ObjectId::new(PG_STATISTIC_EXT, st.oid);
        let (schema, name, owner) = (&st.schema, &st.name, Some(st.owner.as_str()));
        self.schema_object(id, object, "STATISTICS", schema, name, owner, Section::PostData, s);
    }

    /// `dumpTSParser`.
    fn ts_parser(&mut self, id: i32, i: usize) {
        let Some(p) = self.catalog.ts_parsers.get(i) else { return };
        let mut s = format!(
            "CREATE TEXT SEARCH PARSER {} (\n    START = {},\n    GETTOKEN = {},\n    END = {},\n",
            quote_qualified(&p.schema, &p.name),
            p.start,
            p.gettoken,
            p.end
        );
        if let Some(h) = &p.headline {
            s.push_str(&format!("    HEADLINE = {h},\n"));
        }
        s.push_str(&format!("    LEXTYPES = {} );\n", p.lextypes));
        let object = ObjectId::new(PG_TS_PARSER, p.oid);
        let kind = "TEXT SEARCH PARSER";
        self.schema_object(id, object, kind, &p.schema, &p.name, None, Section::PreData, s);
    }

    /// `dumpTSTemplate`.
    fn ts_template(&mut self, id: i32, i: usize) {
        let Some(t) = self.catalog.ts_templates.get(i) else { return };
        let mut s =
            format!("CREATE TEXT SEARCH TEMPLATE {} (\n", quote_qualified(&t.schema, &t.name));
        if let Some(init) = &t.init {
            s.push_str(&format!("    INIT = {init},\n"));
        }
        s.push_str(&format!("    LEXIZE = {} );\n", t.lexize));
        let object = ObjectId::new(PG_TS_TEMPLATE, t.oid);
        let kind = "TEXT SEARCH TEMPLATE";
        self.schema_object(id, object, kind, &t.schema, &t.name, None, Section::PreData, s);
    }

    /// `dumpTSDictionary`.
    fn ts_dictionary(&mut self, id: i32, i: usize) {
        let Some(d) = self.catalog.ts_dictionaries.get(i) else { return };
        let (tns, tname) = &d.template;
        let mut s = format!(
            "CREATE TEXT SEARCH DICTIONARY {} (\n    TEMPLATE = {}.{}",
            quote_qualified(&d.schema, &d.name),
            q(tns),
            q(tname)
        );
        if let Some(options) = &d.options {
            s.push_str(&format!(",\n    {options}"));
        }
        s.push_str(" );\n");
        let object = ObjectId::new(PG_TS_DICT, d.oid);
        let (kind, owner) = ("TEXT SEARCH DICTIONARY", Some(d.owner.as_str()));
        self.schema_object(id, object, kind, &d.schema, &d.name, owner, Section::PreData, s);
    }

    /// `dumpTSConfig`: the configuration, then one `ADD MAPPING` per token type.
    fn ts_config(&mut self, id: i32, i: usize) {
        let Some(c) = self.catalog.ts_configs.get(i) else { return };
        let qual = quote_qualified(&c.schema, &c.name);
        let (pns, pname) = &c.parser;
        let mut s = format!(
            "CREATE TEXT SEARCH CONFIGURATION {qual} (\n    PARSER = {}.{} );\n",
            q(pns),
            q(pname)
        );
        let mut previous: Option<&str> = None;
        for (token, dict) in &c.mappings {
            if previous == Some(token.as_str()) {
                s.push_str(&format!(", {dict}"));
                continue;
            }
            if previous.is_some() {
                s.push_str(";\n");
            }
            s.push_str(&format!(
                "\nALTER TEXT SEARCH CONFIGURATION {qual}\n    ADD MAPPING FOR {} WITH {dict}",
                q(token)
            ));
            previous = Some(token);
        }
        if previous.is_some() {
            s.push_str(";\n");
        }
        let object = ObjectId::new(PG_TS_CONFIG, c.oid);
        let (kind, owner) = ("TEXT SEARCH CONFIGURATION", Some(c.owner.as_str()));
        self.schema_object(id, object, kind, &c.schema, &c.name, owner, Section::PreData, s);
    }

    /// `dumpOpr`. The comment names the operator with its operand types (`NONE` for a
    /// missing one).
    fn operator(&mut self, id: i32, i: usize) {
        let Some(op) = self.catalog.operators.get(i) else { return };
        let left = op.left.as_deref().unwrap_or("-");
        let right = op.right.as_deref().unwrap_or("-");
        let mut details = format!("    FUNCTION = {}", op.code);
        let mut oprid = format!("{} (", op.name);
        if matches!(op.kind, 'r' | 'b') {
            details.push_str(&format!(",\n    LEFTARG = {left}"));
            oprid.push_str(left);
        } else {
            oprid.push_str("NONE");
        }
        if matches!(op.kind, 'l' | 'b') {
            details.push_str(&format!(",\n    RIGHTARG = {right}"));
            oprid.push_str(&format!(", {right})"));
        } else {
            oprid.push_str(", NONE)");
        }
        for (key, other) in [("COMMUTATOR", &op.commutator), ("NEGATOR", &op.negator)] {
            if let Some((ns, name)) = other {
                details.push_str(&format!(",\n    {key} = OPERATOR({}.{name})", q(ns)));
            }
        }
        if op.merges {
            details.push_str(",\n    MERGES");
        }
        if op.hashes {
            details.push_str(",\n    HASHES");
        }
        for (key, f) in [("RESTRICT", &op.restrict), ("JOIN", &op.join)] {
            if let Some(f) = f {
                details.push_str(&format!(",\n    {key} = {f}"));
            }
        }
        let qs = q(&op.schema);
        let object = ObjectId::new(PG_OPERATOR, op.oid);
        let mut e = entry(id, object, "OPERATOR", &op.name, Section::PreData);
        e.namespace = Some(op.schema.clone());
        e.owner = Some(op.owner.clone());
        e.defn = Some(format!("CREATE OPERATOR {qs}.{} (\n{details}\n);\n", op.name));
        e.drop_stmt = Some(format!("DROP OPERATOR {qs}.{oprid};\n"));
        self.push_object_entry(id, e);
        if let Some(text) = self.comment(object, 0) {
            let text = text.to_owned();
            self.push_comment("OPERATOR", &oprid, Some(&op.schema), Some(&op.owner), &text, id);
        }
    }

    /// Appends the OPERATOR and FUNCTION items of an operator class or family, each but the
    /// first (unless `need_sep`, pg_dump's `needComma`) after `" ,\n    "`; returns whether
    /// anything was written before or now. Functions always carry their operand types (a
    /// class's too: pg_dump writes them when it has them, which it always does).
    fn op_members(out: &mut String, members: &[OpMember], mut need_sep: bool) -> bool {
        for m in members {
            if need_sep {
                out.push_str(" ,\n    ");
            }
            match m {
                OpMember::Operator { strategy, operator, sort_family } => {
                    out.push_str(&format!("OPERATOR {strategy} {operator}"));
                    if let Some((ns, name)) = sort_family {
                        out.push_str(&format!(" FOR ORDER BY {}.{}", q(ns), q(name)));
                    }
                }
                OpMember::Function { number, function, left, right } => {
                    out.push_str(&format!("FUNCTION {number} ({left}, {right}) {function}"));
                }
            }
            need_sep = true;
        }
        need_sep
    }

    /// `dumpOpclass`: the members tied to the class (the family's other members go with the
    /// family).
    fn opclass(&mut self, id: i32, i: usize) {
        let Some(c) = self.catalog.opclasses.get(i) else { return };
        let qual = quote_qualified(&c.schema, &c.name);
        let am = q(&c.method);
        let mut s = format!("CREATE OPERATOR CLASS {qual}\n    ");
        if c.is_default {
            s.push_str("DEFAULT ");
        }
        let (fns, fname) = &c.family;
        s.push_str(&format!(
            "FOR TYPE {} USING {am} FAMILY {}.{} AS\n    ",
            c.in_type,
            q(fns),
            q(fname)
        ));
        let mut need_sep = false;
        if let Some(key) = &c.key_type {
            s.push_str(&format!("STORAGE {key}"));
            need_sep = true;
        }
        if !Self::op_members(&mut s, &c.members, need_sep) {
            // Nothing after AS: pg_dump writes a no-op STORAGE clause.
            s.push_str(&format!("STORAGE {}", c.in_type));
        }
        s.push_str(";\n");
        let object = ObjectId::new(PG_OPCLASS, c.oid);
        let mut e = entry(id, object, "OPERATOR CLASS", &c.name, Section::PreData);
        e.namespace = Some(c.schema.clone());
        e.owner = Some(c.owner.clone());
        e.defn = Some(s);
        e.drop_stmt = Some(format!("DROP OPERATOR CLASS {qual} USING {am};\n"));
        self.push_object_entry(id, e);
        if let Some(text) = self.comment(object, 0) {
            let text = text.to_owned();
            let name = format!("{} USING {am}", q(&c.name));
            self.push_comment("OPERATOR CLASS", &name, Some(&c.schema), Some(&c.owner), &text, id);
        }
    }

    /// `dumpOpfamily`: the family, then its loose members in one ALTER OPERATOR FAMILY.
    fn opfamily(&mut self, id: i32, i: usize) {
        let Some(f) = self.catalog.opfamilies.get(i) else { return };
        let qual = quote_qualified(&f.schema, &f.name);
        let am = q(&f.method);
        let mut s = format!("CREATE OPERATOR FAMILY {qual} USING {am};\n");
        if !f.members.is_empty() {
            s.push_str(&format!("ALTER OPERATOR FAMILY {qual} USING {am} ADD\n    "));
            Self::op_members(&mut s, &f.members, false);
            s.push_str(";\n");
        }
        let object = ObjectId::new(PG_OPFAMILY, f.oid);
        let mut e = entry(id, object, "OPERATOR FAMILY", &f.name, Section::PreData);
        e.namespace = Some(f.schema.clone());
        e.owner = Some(f.owner.clone());
        e.defn = Some(s);
        e.drop_stmt = Some(format!("DROP OPERATOR FAMILY {qual} USING {am};\n"));
        self.push_object_entry(id, e);
        if let Some(text) = self.comment(object, 0) {
            let text = text.to_owned();
            let name = format!("{} USING {am}", q(&f.name));
            self.push_comment("OPERATOR FAMILY", &name, Some(&f.schema), Some(&f.owner), &text, id);
        }
    }

    /// `dumpCast`. Casts have no owner and no schema.
    fn cast(&mut self, id: i32, i: usize) {
        let Some(c) = self.catalog.casts.get(i) else { return };
        let types = format!("({} AS {})", c.source, c.target);
        let mut s = format!("CREATE CAST {types} ");
        match c.method {
            'b' => s.push_str("WITHOUT FUNCTION"),
            'i' => s.push_str("WITH INOUT"),
            _ => {
                if let Some(f) = &c.function {
                    s.push_str(&format!("WITH FUNCTION {}", function_ref(f)));
                }
            }
        }
        match c.context {
            'a' => s.push_str(" AS ASSIGNMENT"),
            'i' => s.push_str(" AS IMPLICIT"),
            _ => {}
        }
        s.push_str(";\n");
        let object = ObjectId::new(PG_CAST, c.oid);
        let mut e = entry(id, object, "CAST", &format!("CAST {types}"), Section::PreData);
        e.defn = Some(s);
        e.drop_stmt = Some(format!("DROP CAST {types};\n"));
        self.push_object_entry(id, e);
        if let Some(text) = self.comment(object, 0) {
            let text = text.to_owned();
            self.push_comment("CAST", &types, None, Some(""), &text, id);
        }
    }

    /// `dumpConversion`.
    fn conversion(&mut self, id: i32, i: usize) {
        let Some(c) = self.catalog.conversions.get(i) else { return };
        let s = format!(
            "CREATE {}CONVERSION {} FOR {} TO {} FROM {};\n",
            if c.is_default { "DEFAULT " } else { "" },
            quote_qualified(&c.schema, &c.name),
            quote_literal(&c.for_encoding),
            quote_literal(&c.to_encoding),
            c.function
        );
        let object = ObjectId::new(PG_CONVERSION, c.oid);
        let (schema, name, owner) = (&c.schema, &c.name, Some(c.owner.as_str()));
        self.schema_object(id, object, "CONVERSION", schema, name, owner, Section::PreData, s);
    }

    /// `dumpProcLang`: with HANDLER (INLINE, VALIDATOR) when pg_dump dumps those functions,
    /// else the parameterless `CREATE OR REPLACE` form; privileges for trusted languages only.
    fn language(&mut self, id: i32, i: usize) {
        let Some(l) = self.catalog.languages.get(i) else { return };
        let qn = q(&l.name);
        let dumped = |f: &(u32, Option<(String, String)>)| f.0 == 0 || f.1.is_some();
        let mut s = match &l.handler {
            Some((hs, hn)) if dumped(&l.inline) && dumped(&l.validator) => {
                let trusted = if l.trusted { "TRUSTED " } else { "" };
                let mut s = format!(
                    "CREATE {trusted}PROCEDURAL LANGUAGE {qn} HANDLER {}",
                    quote_qualified(hs, hn)
                );
                for (key, f) in [("INLINE", &l.inline), ("VALIDATOR", &l.validator)] {
                    if let (_, Some((fs, fname))) = f {
                        s.push_str(&format!(" {key} {}", quote_qualified(fs, fname)));
                    }
                }
                s
            }
            _ => format!("CREATE OR REPLACE PROCEDURAL LANGUAGE {qn}"),
        };
        s.push_str(";\n");
        let object = ObjectId::new(PG_LANGUAGE, l.oid);
        let mut e = entry(id, object, "PROCEDURAL LANGUAGE", &l.name, Section::PreData);
        e.owner = Some(l.owner.clone());
        e.defn = Some(s);
        e.drop_stmt = Some(format!("DROP PROCEDURAL LANGUAGE {qn};\n"));
        self.push_object_entry(id, e);
        if let Some(text) = self.comment(object, 0) {
            let text = text.to_owned();
            self.push_comment("LANGUAGE", &qn, None, Some(&l.owner), &text, id);
        }
        if l.trusted {
            self.push_acl(object, 0, "LANGUAGE", &qn, None, None, &l.owner, vec![id]);
        }
    }

    /// `dumpTransform`. Its entry carries its object's dependencies as they are (pg_dump
    /// passes them explicitly): the dumped objects it references, plus one dump id without
    /// an entry standing for those pg_dump has an object for but does not dump (a built-in
    /// type, a function in `pg_catalog`, an extension's language).
    fn transform(&mut self, id: i32, i: usize) {
        let Some(t) = self.catalog.transforms.get(i) else { return };
        let lang = q(&t.language);
        let what = format!("FOR {} LANGUAGE {lang}", t.type_name);
        let mut s = format!("CREATE TRANSFORM {what} (");
        if let Some(f) = &t.from_sql {
            s.push_str(&format!("FROM SQL WITH FUNCTION {}", function_ref(f)));
        }
        if let Some(f) = &t.to_sql {
            if t.from_sql.is_some() {
                s.push_str(", ");
            }
            s.push_str(&format!("TO SQL WITH FUNCTION {}", function_ref(f)));
        }
        s.push_str(");\n");
        let mut deps = Vec::new();
        let mut absent = false;
        for r in self.index.transform_refs.get(&t.oid).into_iter().flatten() {
            match self.index.by_catalog.get(r) {
                Some(&d) => {
                    if !deps.contains(&d) {
                        deps.push(d);
                    }
                }
                None => {
                    absent |= matches!(r.classid, PG_TYPE | PG_PROC)
                        || (r.classid == PG_LANGUAGE && t.language_is_pl);
                }
            }
        }
        if absent {
            deps.push(self.new_id());
        }
        let object = ObjectId::new(PG_TRANSFORM, t.oid);
        let mut e = entry(id, object, "TRANSFORM", &format!("TRANSFORM {what}"), Section::PreData);
        e.defn = Some(s);
        e.drop_stmt = Some(format!("DROP TRANSFORM {what};\n"));
        e.dependencies = deps;
        self.entries.push(e);
        if let Some(text) = self.comment(object, 0) {
            let text = text.to_owned();
            self.push_comment("TRANSFORM", &what, None, Some(""), &text, id);
        }
    }

    /// `dumpAccessMethod` (index and table access methods; another kind is not dumped, as
    /// pg_dump warns and skips it).
    fn access_method(&mut self, id: i32, i: usize) {
        let Some(am) = self.catalog.access_methods.get(i) else { return };
        let kind = match am.kind {
            'i' => "INDEX",
            't' => "TABLE",
            _ => return,
        };
        let qn = q(&am.name);
        let object = ObjectId::new(PG_AM, am.oid);
        let mut e = entry(id, object, "ACCESS METHOD", &am.name, Section::PreData);
        e.defn = Some(format!("CREATE ACCESS METHOD {qn} TYPE {kind} HANDLER {};\n", am.handler));
        e.drop_stmt = Some(format!("DROP ACCESS METHOD {qn};\n"));
        self.push_object_entry(id, e);
        if let Some(text) = self.comment(object, 0) {
            let text = text.to_owned();
            self.push_comment("ACCESS METHOD", &qn, None, Some(""), &text, id);
        }
    }

    /// `dumpFunc`.
    fn function(&mut self, id: i32, i: usize) {
        let Some(f) = self.catalog.functions.get(i) else { return };
        let as_part = if let Some(body) = &f.sql_body {
            body.clone()
        } else if !f.bin.is_empty() {
            let mut s = format!("AS {}", quote_literal(&f.bin));
            if !f.src.is_empty() {
                s.push_str(", ");
                if f.src.contains('\'') || f.src.contains('\\') {
                    s.push_str(&tusk_pg::quote::quote_dollar(&f.src));
                } else {
                    s.push_str(&quote_literal(&f.src));
                }
            }
            s
        } else {
            format!("AS {}", tusk_pg::quote::quote_dollar(&f.src))
        };
        let keyword = if f.kind == 'p' { "PROCEDURE" } else { "FUNCTION" };
        let qn = q(&f.name);
        let qs = q(&f.schema);
        let sig = format!("{qn}({})", f.identity_arguments);
        let mut s = format!("CREATE {keyword} {qs}.{qn}({})", f.arguments);
        if f.kind != 'p'
            && let Some(result) = &f.result
        {
            s.push_str(&format!(" RETURNS {result}"));
        }
        s.push_str(&format!("\n    LANGUAGE {}", q(&f.language)));
        if !f.transform_types.is_empty() {
            let types: Vec<String> =
                f.transform_types.iter().map(|t| format!("FOR TYPE {t}")).collect();
            s.push_str(&format!(" TRANSFORM {}", types.join(", ")));
        }
        if f.kind == 'w' {
            s.push_str(" WINDOW");
        }
        match f.volatility {
            'i' => s.push_str(" IMMUTABLE"),
            's' => s.push_str(" STABLE"),
            _ => {}
        }
        if f.strict {
            s.push_str(" STRICT");
        }
        if f.security_definer {
            s.push_str(" SECURITY DEFINER");
        }
        if f.leakproof {
            s.push_str(" LEAKPROOF");
        }
        if f.cost != "0" {
            let default = if f.language == "internal" || f.language == "c" { "1" } else { "100" };
            if f.cost != default {
                s.push_str(&format!(" COST {}", f.cost));
            }
        }
        if f.returns_set && f.rows != "0" && f.rows != "1000" {
            s.push_str(&format!(" ROWS {}", f.rows));
        }
        if let Some(support) = &f.support {
            s.push_str(&format!(" SUPPORT {support}"));
        }
        match f.parallel {
            's' => s.push_str(" PARALLEL SAFE"),
            'r' => s.push_str(" PARALLEL RESTRICTED"),
            _ => {}
        }
        for item in &f.config {
            let Some((name, value)) = item.split_once('=') else { continue };
            s.push_str(&format!("\n    SET {} TO ", q(name)));
            s.push_str(&settings::setting_value(name, value, quote_literal));
        }
        s.push_str(&format!("\n    {as_part};\n"));
        let qual_sig = format!("{qs}.{sig}");
        s.push_str(&self.depends_on_extension(ObjectId::new(PG_PROC, f.oid), keyword, &qual_sig));
        let tag = format!("{}({})", f.name, f.arg_types.join(", "));
        let postponed = self.graph.object(id).is_some_and(|o| o.postponed);
        let section = if postponed { Section::PostData } else { Section::PreData };
        let mut e = entry(id, ObjectId::new(PG_PROC, f.oid), keyword, &tag, section);
        e.namespace = Some(f.schema.clone());
        e.owner = Some(f.owner.clone());
        e.defn = Some(s);
        e.drop_stmt = Some(format!("DROP {keyword} {qs}.{sig};\n"));
        self.push_object_entry(id, e);
        if let Some(text) = self.comment(ObjectId::new(PG_PROC, f.oid), 0) {
            let text = text.to_owned();
            self.push_comment(keyword, &sig, Some(&f.schema), Some(&f.owner), &text, id);
        }
        let obj = ObjectId::new(PG_PROC, f.oid);
        self.push_acl(obj, 0, keyword, &sig, None, Some(&f.schema), &f.owner, vec![id]);
    }

    /// `dumpAgg`.
    fn aggregate(&mut self, id: i32, i: usize) {
        let Some(a) = self.catalog.aggregates.get(i) else { return };
        let default_modify = if a.kind == 'n' { 'r' } else { 'w' };
        let modify = |m: char| match m {
            'r' => "READ_ONLY",
            's' => "SHAREABLE",
            _ => "READ_WRITE",
        };
        let mut d = format!("    SFUNC = {},\n    STYPE = {}", a.transfn, a.transtype);
        if a.transspace != "0" {
            d.push_str(&format!(",\n    SSPACE = {}", a.transspace));
        }
        if let Some(v) = &a.initval {
            d.push_str(&format!(",\n    INITCOND = {}", quote_literal(v)));
        }
        if let Some(f) = &a.finalfn {
            d.push_str(&format!(",\n    FINALFUNC = {f}"));
            if a.finalextra {
                d.push_str(",\n    FINALFUNC_EXTRA");
            }
            if a.finalmodify != default_modify {
                d.push_str(&format!(",\n    FINALFUNC_MODIFY = {}", modify(a.finalmodify)));
            }
        }
        for (key, f) in [
            ("COMBINEFUNC", &a.combinefn),
            ("SERIALFUNC", &a.serialfn),
            ("DESERIALFUNC", &a.deserialfn),
        ] {
            if let Some(f) = f {
                d.push_str(&format!(",\n    {key} = {f}"));
            }
        }
        if let Some(f) = &a.mtransfn {
            d.push_str(&format!(
                ",\n    MSFUNC = {f},\n    MINVFUNC = {},\n    MSTYPE = {}",
                a.minvtransfn,
                a.mtranstype.as_deref().unwrap_or("-")
            ));
        }
        if a.mtransspace != "0" {
            d.push_str(&format!(",\n    MSSPACE = {}", a.mtransspace));
        }
        if let Some(v) = &a.minitval {
            d.push_str(&format!(",\n    MINITCOND = {}", quote_literal(v)));
        }
        if let Some(f) = &a.mfinalfn {
            d.push_str(&format!(",\n    MFINALFUNC = {f}"));
            if a.mfinalextra {
                d.push_str(",\n    MFINALFUNC_EXTRA");
            }
            if a.mfinalmodify != default_modify {
                d.push_str(&format!(",\n    MFINALFUNC_MODIFY = {}", modify(a.mfinalmodify)));
            }
        }
        if let Some((ns, op)) = &a.sortop {
            d.push_str(&format!(",\n    SORTOP = OPERATOR({}.{op})", q(ns)));
        }
        if a.kind == 'h' {
            d.push_str(",\n    HYPOTHETICAL");
        }
        match a.parallel {
            's' => d.push_str(",\n    PARALLEL = safe"),
            'r' => d.push_str(",\n    PARALLEL = restricted"),
            _ => {}
        }
        let qn = q(&a.name);
        let qs = q(&a.schema);
        let no_args = a.arg_types.is_empty();
        let (full, sig) = if no_args {
            (format!("{qn}(*)"), format!("{qn}(*)"))
        } else {
            (format!("{qn}({})", a.arguments), format!("{qn}({})", a.identity_arguments))
        };
        let tag = if no_args {
            format!("{}(*)", a.name)
        } else {
            format!("{}({})", a.name, a.arg_types.join(", "))
        };
        let mut e = entry(id, ObjectId::new(PG_PROC, a.oid), "AGGREGATE", &tag, Section::PreData);
        e.namespace = Some(a.schema.clone());
        e.owner = Some(a.owner.clone());
        e.defn = Some(format!("CREATE AGGREGATE {qs}.{full} (\n{d}\n);\n"));
        e.drop_stmt = Some(format!("DROP AGGREGATE {qs}.{sig};\n"));
        self.push_object_entry(id, e);
        if let Some(text) = self.comment(ObjectId::new(PG_PROC, a.oid), 0) {
            let text = text.to_owned();
            self.push_comment("AGGREGATE", &sig, Some(&a.schema), Some(&a.owner), &text, id);
        }
        // No GRANT ON AGGREGATE: a function signature with the argument types.
        let fsig = format!("{qn}({})", a.arg_types.join(", "));
        let obj = ObjectId::new(PG_PROC, a.oid);
        self.push_acl(obj, 0, "FUNCTION", &fsig, None, Some(&a.schema), &a.owner, vec![id]);
    }

    fn domain_check_separate(&self, i: usize, k: usize) -> bool {
        self.graph
            .objects()
            .iter()
            .find(|o| o.source == Source::DomainCheck(i, k))
            .is_some_and(|o| o.separate)
    }

    /// `dumpEnumType`, `dumpCompositeType`, `dumpDomain`, `dumpRangeType`.
    fn type_(&mut self, id: i32, i: usize) {
        let Some(ty) = self.catalog.types.get(i) else { return };
        let qn = q(&ty.name);
        let qual = quote_qualified(&ty.schema, &ty.name);
        let coll = |c: &Option<(String, String)>| -> Option<String> {
            c.as_ref().map(|(s, n)| quote_qualified(s, n))
        };
        let mut s = String::new();
        let mut desc = "TYPE";
        let mut drop = None;
        match ty.kind {
            TypeKind::Base => {
                let Some(b) = &ty.base else { return };
                s = Self::base_type(&qual, b);
                // CASCADE: the type and its I/O functions depend on each other.
                drop = Some(format!("DROP TYPE {qual} CASCADE;\n"));
            }
            TypeKind::Undefined => s.push_str(&format!("CREATE TYPE {qual};\n")),
            TypeKind::Enum => {
                s.push_str(&format!("CREATE TYPE {qual} AS ENUM ("));
                for (k, label) in ty.enum_labels.iter().enumerate() {
                    if k > 0 {
                        s.push(',');
                    }
                    s.push_str("\n    ");
                    s.push_str(&quote_literal(label));
                }
                s.push_str("\n);\n");
            }
            TypeKind::Composite => {
                s.push_str(&format!("CREATE TYPE {qual} AS ("));
                for (k, a) in ty.attributes.iter().filter(|a| !a.dropped).enumerate() {
                    if k > 0 {
                        s.push(',');
                    }
                    s.push_str(&format!("\n\t{} {}", q(&a.name), a.type_name));
                    if let Some(c) = coll(&a.collation) {
                        s.push_str(&format!(" COLLATE {c}"));
                    }
                }
                s.push_str("\n);\n");
            }
            TypeKind::Domain => {
                desc = "DOMAIN";
                s.push_str(&format!("CREATE DOMAIN {qual} AS {}", ty.base_type));
                if let Some(c) = coll(&ty.collation) {
                    s.push_str(&format!(" COLLATE {c}"));
                }
                if ty.not_null {
                    // 17: the constraint has a name, written unless it is the default.
                    if let Some((_, name)) = &ty.not_null_constraint
                        && versions::domain_not_null_constraints_are_rows(
                            self.catalog.server_version_num,
                        )
                        && *name != format!("{}_not_null", ty.name)
                    {
                        s.push_str(&format!(" CONSTRAINT {}", q(name)));
                    }
                    s.push_str(" NOT NULL");
                }
                if let Some(d) = &ty.default {
                    s.push_str(&format!(" DEFAULT {d}"));
                }
                for (k, c) in ty.checks.iter().enumerate() {
                    if !self.domain_check_separate(i, k) {
                        s.push_str(&format!("\n\tCONSTRAINT {} {}", q(&c.name), c.definition));
                    }
                }
                s.push_str(";\n");
            }
            TypeKind::Range => {
                let Some(r) = &ty.range else { return };
                s.push_str(&format!("CREATE TYPE {qual} AS RANGE (\n    subtype = {}", r.subtype));
                if let Some(m) = &r.multirange {
                    s.push_str(&format!(",\n    multirange_type_name = {m}"));
                }
                if let Some((ns, name)) = &r.opclass {
                    s.push_str(&format!(",\n    subtype_opclass = {}", quote_qualified(ns, name)));
                }
                if let Some(c) = coll(&r.collation) {
                    s.push_str(&format!(",\n    collation = {c}"));
                }
                if let Some(f) = &r.canonical {
                    s.push_str(&format!(",\n    canonical = {f}"));
                }
                if let Some(f) = &r.subdiff {
                    s.push_str(&format!(",\n    subtype_diff = {f}"));
                }
                s.push_str("\n);\n");
            }
        }
        let mut e = entry(id, ObjectId::new(PG_TYPE, ty.oid), desc, &ty.name, Section::PreData);
        e.namespace = Some(ty.schema.clone());
        e.owner = Some(ty.owner.clone());
        e.defn = Some(s);
        e.drop_stmt = Some(drop.unwrap_or_else(|| format!("DROP {desc} {qual};\n")));
        self.push_object_entry(id, e);
        if let Some(text) = self.comment(ObjectId::new(PG_TYPE, ty.oid), 0) {
            let text = text.to_owned();
            self.push_comment(desc, &qn, Some(&ty.schema), Some(&ty.owner), &text, id);
        }
        let obj = ObjectId::new(PG_TYPE, ty.oid);
        self.push_acl(obj, 0, "TYPE", &qn, None, Some(&ty.schema), &ty.owner, vec![id]);
        match ty.kind {
            TypeKind::Composite => self.composite_column_comments(id, ty),
            TypeKind::Domain => {
                for (k, c) in ty.checks.iter().enumerate() {
                    if self.domain_check_separate(i, k) {
                        continue;
                    }
                    if let Some(text) = self.comment(ObjectId::new(PG_CONSTRAINT, c.oid), 0) {
                        let text = text.to_owned();
                        let kind = format!("CONSTRAINT {} ON DOMAIN", q(&c.name));
                        self.push_comment(&kind, &qn, Some(&ty.schema), Some(&ty.owner), &text, id);
                    }
                }
                // 17: the comment on its NOT NULL constraint, after the CHECKs'.
                if let Some((oid, name)) = &ty.not_null_constraint
                    && let Some(text) = self.comment(ObjectId::new(PG_CONSTRAINT, *oid), 0)
                {
                    let text = text.to_owned();
                    let kind = format!("CONSTRAINT {} ON DOMAIN", q(name));
                    self.push_comment(&kind, &qn, Some(&ty.schema), Some(&ty.owner), &text, id);
                }
            }
            TypeKind::Enum | TypeKind::Range | TypeKind::Base | TypeKind::Undefined => {}
        }
    }

    /// `dumpBaseType`'s CREATE TYPE statement.
    fn base_type(qual: &str, b: &BaseTypeInfo) -> String {
        let length = if b.length == "-1" { "variable" } else { b.length.as_str() };
        let mut s = format!("CREATE TYPE {qual} (\n    INTERNALLENGTH = {length}");
        s.push_str(&format!(",\n    INPUT = {},\n    OUTPUT = {}", b.input, b.output));
        for (key, f) in [
            ("RECEIVE", &b.receive),
            ("SEND", &b.send),
            ("TYPMOD_IN", &b.typmod_in),
            ("TYPMOD_OUT", &b.typmod_out),
            ("ANALYZE", &b.analyze),
        ] {
            if let Some(f) = f {
                s.push_str(&format!(",\n    {key} = {f}"));
            }
        }
        if b.collatable {
            s.push_str(",\n    COLLATABLE = true");
        }
        if let Some(d) = &b.default {
            s.push_str(&format!(",\n    DEFAULT = {d}"));
        }
        if let Some(f) = &b.subscript {
            s.push_str(&format!(",\n    SUBSCRIPT = {f}"));
        }
        if let Some(e) = &b.element {
            s.push_str(&format!(",\n    ELEMENT = {e}"));
        }
        if b.category != "U" {
            s.push_str(&format!(",\n    CATEGORY = {}", quote_literal(&b.category)));
        }
        if b.preferred {
            s.push_str(",\n    PREFERRED = true");
        }
        if b.delimiter != "," {
            s.push_str(&format!(",\n    DELIMITER = {}", quote_literal(&b.delimiter)));
        }
        let align = match b.align {
            'c' => Some("char"),
            's' => Some("int2"),
            'i' => Some("int4"),
            'd' => Some("double"),
            _ => None,
        };
        if let Some(a) = align {
            s.push_str(&format!(",\n    ALIGNMENT = {a}"));
        }
        let storage = match b.storage {
            'p' => Some("plain"),
            'e' => Some("external"),
            'x' => Some("extended"),
            'm' => Some("main"),
            _ => None,
        };
        if let Some(st) = storage {
            s.push_str(&format!(",\n    STORAGE = {st}"));
        }
        if b.by_value {
            s.push_str(",\n    PASSEDBYVALUE");
        }
        s.push_str("\n);\n");
        s
    }

    /// `dumpShellType`: only when a function of the type needs it (the sort said so). No
    /// drop statement: dropping the type drops it.
    fn shell_type(&mut self, id: i32, i: usize) {
        if !self.graph.object(id).is_some_and(|o| o.separate) {
            return;
        }
        let Some(ty) = self.catalog.types.get(i) else { return };
        let mut e = entry(id, ObjectId::default(), "SHELL TYPE", &ty.name, Section::PreData);
        e.namespace = Some(ty.schema.clone());
        e.owner = Some(ty.owner.clone());
        e.defn = Some(format!("CREATE TYPE {};\n", quote_qualified(&ty.schema, &ty.name)));
        self.push_object_entry(id, e);
    }

    /// `dumpCompositeTypeColComments`.
    fn composite_column_comments(&mut self, id: i32, ty: &Type) {
        let mut comments: Vec<(i32, String)> = self
            .comments
            .get(&ObjectId::new(PG_CLASS, ty.relid))
            .map(|v| v.iter().map(|(s, c)| (*s, (*c).to_owned())).collect())
            .unwrap_or_default();
        comments.sort_by_key(|(s, _)| *s);
        let qn = q(&ty.name);
        for (subid, text) in comments {
            let Some(a) = ty.attributes.iter().find(|a| i32::from(a.attnum) == subid && !a.dropped)
            else {
                continue;
            };
            let name = format!("{qn}.{}", q(&a.name));
            self.push_comment("COLUMN", &name, Some(&ty.schema), Some(&ty.owner), &text, id);
        }
    }

    /// A NOT VALID domain CHECK constraint, dumped apart from its domain.
    fn domain_check(&mut self, id: i32, i: usize, k: usize) {
        let Some(obj) = self.graph.object(id) else { return };
        if !obj.separate {
            return;
        }
        let Some(ty) = self.catalog.types.get(i) else { return };
        let Some(c) = ty.checks.get(k) else { return };
        let qual = quote_qualified(&ty.schema, &ty.name);
        let qc = q(&c.name);
        let mut e = entry(
            id,
            ObjectId::new(PG_CONSTRAINT, c.oid),
            "CHECK CONSTRAINT",
            &format!("{} {}", ty.name, c.name),
            Section::PostData,
        );
        e.namespace = Some(ty.schema.clone());
        e.owner = Some(ty.owner.clone());
        e.defn = Some(format!("ALTER DOMAIN {qual}\n    ADD CONSTRAINT {qc} {};\n", c.definition));
        e.drop_stmt = Some(format!("ALTER DOMAIN {qual} DROP CONSTRAINT {qc};\n"));
        self.push_object_entry(id, e);
        if let Some(text) = self.comment(ObjectId::new(PG_CONSTRAINT, c.oid), 0) {
            let text = text.to_owned();
            let kind = format!("CONSTRAINT {qc} ON DOMAIN");
            self.push_comment(&kind, &q(&ty.name), Some(&ty.schema), Some(&ty.owner), &text, id);
        }
    }

    fn attrdef_of(&self, table_oid: u32, attnum: i16) -> Option<(&str, bool)> {
        self.index.attrdefs.get(&(table_oid, attnum)).copied()
    }

    fn check_separate(&self, k: usize) -> bool {
        self.index.separate_checks.contains(&k)
    }

    /// How the NOT NULL of column `c` of `t` is written (pg_dump's `notnull_constrs`,
    /// `notnull_noinh` and `notnull_islocal`), if it has one written with the table:
    /// before 18, `attnotnull`, unnamed, and its own unless a parent has it too; from 18
    /// ([`versions::not_null_constraints_are_rows`]) its valid constraint (a NOT VALID one is
    /// a separate entry), named unless the name is the default `<table>_<column>_not_null`
    /// and it has no comment, its own when `conislocal` or when no parent has a valid one.
    fn not_null_spec(
        &self,
        t: &Table,
        c: &crate::model::Column,
        parents: &[&'a Table],
    ) -> Option<NotNullSpec> {
        let parent_column = |p: &&'a Table| -> Option<&'a crate::model::Column> {
            p.columns.iter().find(|pc| pc.name == c.name && !pc.dropped)
        };
        if !versions::not_null_constraints_are_rows(self.catalog.server_version_num) {
            if !c.not_null {
                return None;
            }
            let inherited = parents.iter().filter_map(parent_column).any(|pc| pc.not_null);
            return Some(NotNullSpec { name: None, no_inherit: false, local: !inherited });
        }
        let nn = c.not_null_constraint.as_ref().filter(|nn| nn.validated)?;
        let commented = self.comment(ObjectId::new(PG_CONSTRAINT, nn.oid), 0).is_some();
        let default_name = format!("{}_{}_not_null", t.name, c.name);
        let valid_in_parent = parents
            .iter()
            .filter_map(parent_column)
            .any(|pc| pc.not_null_constraint.as_ref().is_some_and(|p| p.validated));
        Some(NotNullSpec {
            name: (commented || nn.name != default_name).then(|| nn.name.clone()),
            no_inherit: nn.no_inherit,
            local: nn.is_local || !valid_in_parent,
        })
    }

    fn table(&mut self, id: i32, i: usize) {
        let Some(t) = self.catalog.tables.get(i) else { return };
        if t.kind == RelKind::Sequence {
            return self.sequence(id, t);
        }
        if t.kind == RelKind::View {
            return self.view(id, t);
        }
        let matview = t.kind == RelKind::MatView;
        let reltype = match t.kind {
            RelKind::MatView => "MATERIALIZED VIEW",
            RelKind::ForeignTable => "FOREIGN TABLE",
            _ => "TABLE",
        };
        // `ALTER FOREIGN TABLE` for a foreign table's column settings, as pg_dump writes them.
        let alter = if t.foreign.is_some() { "ALTER FOREIGN TABLE" } else { "ALTER TABLE" };
        let qual = quote_qualified(&t.schema, &t.name);
        let mut s = String::new();
        s.push_str("CREATE ");
        if t.persistence == 'u' {
            s.push_str("UNLOGGED ");
        }
        s.push_str(reltype);
        s.push(' ');
        s.push_str(&qual);
        if let Some(of) = &t.of_type {
            s.push_str(" OF ");
            s.push_str(of);
        }
        let version = self.catalog.server_version_num;
        let parents: Vec<&Table> =
            t.parents.iter().filter_map(|p| self.tables.get(p).copied()).collect();
        let not_nulls: Vec<Option<NotNullSpec>> =
            t.columns.iter().map(|c| self.not_null_spec(t, c, &parents)).collect();
        let printed = |c: &crate::model::Column| !c.dropped && (c.is_local || t.is_partition);
        let mut n = 0;
        for (c, nn) in t.columns.iter().zip(&not_nulls) {
            if matview {
                continue;
            }
            if !printed(c) {
                // 18: a NOT NULL constraint of its own on a column it does not print (one
                // it inherits) is a table constraint (before, an ALTER after the CREATE).
                if let Some(nn) = nn.as_ref().filter(|nn| nn.local && !t.is_partition)
                    && versions::not_null_constraints_are_rows(version)
                    && !c.dropped
                {
                    s.push_str(if n == 0 { " (" } else { "," });
                    s.push_str("\n    ");
                    n += 1;
                    if let Some(name) = &nn.name {
                        s.push_str(&format!("CONSTRAINT {} ", q(name)));
                    }
                    s.push_str(&format!("NOT NULL {}", q(&c.name)));
                    if nn.no_inherit {
                        s.push_str(" NO INHERIT");
                    }
                }
                continue;
            }
            let default = self.attrdef_of(t.oid, c.attnum).filter(|(_, sep)| !sep).map(|(e, _)| e);
            let print_notnull = nn.as_ref().filter(|nn| nn.local || t.is_partition);
            if t.of_type.is_some() && default.is_none() && print_notnull.is_none() {
                continue;
            }
            s.push_str(if n == 0 { " (" } else { "," });
            s.push_str("\n    ");
            n += 1;
            s.push_str(&q(&c.name));
            if t.of_type.is_none() {
                s.push(' ');
                s.push_str(&c.type_name);
            }
            if let Some(expr) = default {
                if c.generated == Some('s') {
                    s.push_str(&format!(" GENERATED ALWAYS AS ({expr}) STORED"));
                } else {
                    s.push_str(&format!(" DEFAULT {expr}"));
                }
            }
            if let Some(nn) = print_notnull {
                if let Some(name) = &nn.name {
                    s.push_str(&format!(" CONSTRAINT {}", q(name)));
                }
                s.push_str(" NOT NULL");
                if nn.no_inherit {
                    s.push_str(" NO INHERIT");
                }
            }
            if let Some((cs, cn)) = &c.collation {
                s.push_str(" COLLATE ");
                s.push_str(&quote_qualified(cs, cn));
            }
        }
        let checks: Vec<(usize, &crate::model::CheckConstraint)> = self
            .index
            .checks
            .get(&t.oid)
            .into_iter()
            .flatten()
            .filter_map(|&k| self.catalog.checks.get(k).map(|c| (k, c)))
            .collect();
        for &(k, c) in &checks {
            if self.check_separate(k) || (!c.is_local && !t.is_partition) || matview {
                continue;
            }
            s.push_str(if n == 0 { " (\n    " } else { ",\n    " });
            s.push_str(&format!("CONSTRAINT {} {}", q(&c.name), c.definition));
            n += 1;
        }
        // A materialized view has no column list.
        if !matview {
            if n > 0 {
                s.push_str("\n)");
            } else if t.of_type.is_none() {
                s.push_str(" (\n)");
            }
        }
        if !parents.is_empty() && !t.is_partition {
            let names: Vec<String> =
                parents.iter().map(|p| quote_qualified(&p.schema, &p.name)).collect();
            s.push_str(&format!("\nINHERITS ({})", names.join(", ")));
        }
        if let Some(key) = &t.partition_key {
            s.push_str(&format!("\nPARTITION BY {key}"));
        }
        if let Some(f) = &t.foreign {
            s.push_str(&format!("\nSERVER {}", q(&f.server)));
        }
        if !t.reloptions.is_empty() || !t.toast_reloptions.is_empty() {
            s.push_str("\nWITH (");
            reloptions(&mut s, &t.reloptions, "");
            if !t.toast_reloptions.is_empty() {
                if !t.reloptions.is_empty() {
                    s.push_str(", ");
                }
                reloptions(&mut s, &t.toast_reloptions, "toast.");
            }
            s.push(')');
        }
        if let Some(f) = t.foreign.as_ref().filter(|f| !f.options.is_empty()) {
            s.push_str(&format!("\nOPTIONS (\n    {}\n)", generic_options(&f.options)));
        }
        if matview {
            let def = t.view_definition.as_deref().unwrap_or("");
            s.push_str(&format!(
                " AS\n{}\n  WITH NO DATA;\n",
                def.strip_suffix(';').unwrap_or(def)
            ));
            let obj = ObjectId::new(PG_CLASS, t.oid);
            s.push_str(&self.depends_on_extension(obj, "MATERIALIZED VIEW", &qual));
        } else {
            s.push_str(";\n");
        }
        for (c, nn) in t.columns.iter().zip(&not_nulls) {
            if c.dropped {
                continue;
            }
            let qc = q(&c.name);
            if !printed(c)
                && nn.as_ref().is_some_and(|nn| nn.local)
                && !versions::not_null_constraints_are_rows(version)
            {
                s.push_str(&format!("{alter} ONLY {qual} ALTER COLUMN {qc} SET NOT NULL;\n"));
            }
            if c.stat_target >= 0 {
                s.push_str(&format!(
                    "{alter} ONLY {qual} ALTER COLUMN {qc} SET STATISTICS {};\n",
                    c.stat_target
                ));
            }
            if c.storage != c.type_storage {
                let storage = match c.storage {
                    'p' => Some("PLAIN"),
                    'e' => Some("EXTERNAL"),
                    'x' => Some("EXTENDED"),
                    'm' => Some("MAIN"),
                    _ => None,
                };
                if let Some(st) = storage {
                    s.push_str(&format!(
                        "{alter} ONLY {qual} ALTER COLUMN {qc} SET STORAGE {st};\n"
                    ));
                }
            }
            let cm = match c.compression {
                Some('p') => Some("pglz"),
                Some('l') => Some("lz4"),
                _ => None,
            };
            if let Some(cm) = cm {
                s.push_str(&format!(
                    "{alter} ONLY {qual} ALTER COLUMN {qc} SET COMPRESSION {cm};\n"
                ));
            }
            if !c.options.is_empty() {
                s.push_str(&format!(
                    "{alter} ONLY {qual} ALTER COLUMN {qc} SET ({});\n",
                    c.options
                ));
            }
            if t.foreign.is_some() && !c.fdw_options.is_empty() {
                let only =
                    if versions::foreign_column_options_only(version) { "ONLY " } else { "" };
                s.push_str(&format!(
                    "ALTER FOREIGN TABLE {only}{qual} ALTER COLUMN {qc} OPTIONS (\n    {}\n);\n",
                    generic_options(&c.fdw_options)
                ));
            }
        }
        // Foreign tables have no replica identity to restore.
        let replica_identity = if t.foreign.is_some() { 'd' } else { t.replica_identity };
        match replica_identity {
            'n' => s.push_str(&format!("\nALTER TABLE ONLY {qual} REPLICA IDENTITY NOTHING;\n")),
            'f' => s.push_str(&format!("\nALTER TABLE ONLY {qual} REPLICA IDENTITY FULL;\n")),
            _ => {}
        }
        if t.force_rls {
            s.push_str(&format!("\nALTER TABLE ONLY {qual} FORCE ROW LEVEL SECURITY;\n"));
        }
        let postponed = self.graph.object(id).is_some_and(|o| o.postponed);
        let section = if postponed { Section::PostData } else { Section::PreData };
        let mut e = entry(id, ObjectId::new(PG_CLASS, t.oid), reltype, &t.name, section);
        e.namespace = Some(t.schema.clone());
        // A foreign table has no storage, so no tablespace (pg_dump writes none).
        e.tablespace = (t.kind != RelKind::ForeignTable).then(|| t.tablespace.clone());
        e.tableam = if matches!(t.kind, RelKind::Table | RelKind::MatView) {
            t.access_method.clone()
        } else {
            None
        };
        e.owner = Some(t.owner.clone());
        e.defn = Some(s);
        e.drop_stmt = Some(format!("DROP {reltype} {qual};\n"));
        self.push_object_entry(id, e);
        self.table_comments(id, t, reltype);

        // Comments on valid NOT NULL constraints (18), printed or inherited.
        let qt = q(&t.name);
        for c in t.columns.iter().filter(|c| !c.dropped) {
            let Some(nn) = c.not_null_constraint.as_ref().filter(|nn| nn.validated) else {
                continue;
            };
            if let Some(text) = self.comment(ObjectId::new(PG_CONSTRAINT, nn.oid), 0) {
                let text = text.to_owned();
                let kind = format!("CONSTRAINT {} ON", q(&nn.name));
                self.push_comment(&kind, &qt, Some(&t.schema), Some(&t.owner), &text, id);
            }
        }

        // Comments on inline CHECK constraints.
        for &(k, c) in &checks {
            if self.check_separate(k) || !c.is_local {
                continue;
            }
            if let Some(text) = self.comment(ObjectId::new(PG_CONSTRAINT, c.oid), 0) {
                let text = text.to_owned();
                let kind = format!("CONSTRAINT {} ON", q(&c.name));
                self.push_comment(&kind, &qt, Some(&t.schema), Some(&t.owner), &text, id);
            }
        }
        self.relation_acls(id, t);
    }

    /// `dumpTableComment`: the relation's comment, then its columns'.
    fn table_comments(&mut self, id: i32, t: &Table, reltype: &str) {
        let qt = q(&t.name);
        let mut table_comments: Vec<(i32, String)> = self
            .comments
            .get(&ObjectId::new(PG_CLASS, t.oid))
            .map(|v| v.iter().map(|(s, c)| (*s, (*c).to_owned())).collect())
            .unwrap_or_default();
        table_comments.sort_by_key(|(s, _)| *s);
        for (subid, text) in table_comments {
            if subid == 0 {
                self.push_comment(reltype, &qt, Some(&t.schema), Some(&t.owner), &text, id);
            } else if let Some(c) = t.columns.iter().find(|c| i32::from(c.attnum) == subid) {
                let name = format!("{qt}.{}", q(&c.name));
                self.push_comment("COLUMN", &name, Some(&t.schema), Some(&t.owner), &text, id);
            }
        }
    }

    /// `CREATE [OR REPLACE] VIEW name [WITH (…)] AS definition [WITH … CHECK OPTION];`.
    fn view_statement(create: &str, t: &Table) -> String {
        let mut s = format!("{create} {}", quote_qualified(&t.schema, &t.name));
        if !t.reloptions.is_empty() {
            s.push_str(" WITH (");
            reloptions(&mut s, &t.reloptions, "");
            s.push(')');
        }
        let def = t.view_definition.as_deref().unwrap_or("");
        s.push_str(" AS\n");
        s.push_str(def.strip_suffix(';').unwrap_or(def));
        if let Some(opt) = &t.check_option {
            s.push_str(&format!("\n  WITH {opt} CHECK OPTION"));
        }
        s.push_str(";\n");
        s
    }

    /// `createDummyViewAsClause`.
    fn dummy_view_select(t: &Table) -> String {
        let mut s = String::from("SELECT");
        for (k, c) in t.columns.iter().filter(|c| !c.dropped).enumerate() {
            if k > 0 {
                s.push(',');
            }
            s.push_str(&format!("\n    NULL::{}", c.type_name));
            if let Some((cs, cn)) = &c.collation {
                s.push_str(&format!(" COLLATE {}", quote_qualified(cs, cn)));
            }
            s.push_str(&format!(" AS {}", q(&c.name)));
        }
        s
    }

    /// `dumpTableSchema` for a view.
    fn view(&mut self, id: i32, t: &Table) {
        let qual = quote_qualified(&t.schema, &t.name);
        let dummy = self.graph.object(id).is_some_and(|o| o.postponed);
        let s = if dummy {
            format!("CREATE VIEW {qual} AS\n{};\n", Self::dummy_view_select(t))
        } else {
            Self::view_statement("CREATE VIEW", t)
        };
        let mut e = entry(id, ObjectId::new(PG_CLASS, t.oid), "VIEW", &t.name, Section::PreData);
        e.namespace = Some(t.schema.clone());
        e.owner = Some(t.owner.clone());
        e.defn = Some(s);
        e.drop_stmt = Some(format!("DROP VIEW {qual};\n"));
        self.push_object_entry(id, e);
        self.table_comments(id, t, "VIEW");
        self.relation_acls(id, t);
    }

    /// `dumpRule` for the ON SELECT rule of a view with a dummy definition.
    fn view_rule(&mut self, id: i32, i: usize) {
        let Some(obj) = self.graph.object(id) else { return };
        if !obj.separate {
            return;
        }
        let Some(r) = self.catalog.view_rules.get(i) else { return };
        let Some(t) = self.tables.get(&r.relid).copied() else { return };
        let qual = quote_qualified(&t.schema, &t.name);
        let mut e = entry(
            id,
            ObjectId::new(PG_REWRITE, r.oid),
            "RULE",
            &format!("{} {}", t.name, r.name),
            Section::PostData,
        );
        e.namespace = Some(t.schema.clone());
        e.owner = Some(t.owner.clone());
        e.defn = Some(Self::view_statement("CREATE OR REPLACE VIEW", t));
        e.drop_stmt =
            Some(format!("CREATE OR REPLACE VIEW {qual} AS\n{};\n", Self::dummy_view_select(t)));
        self.push_object_entry(id, e);
    }

    /// `dumpRule` for a rule other than a view's ON SELECT rule.
    fn rule(&mut self, id: i32, i: usize) {
        let Some(r) = self.catalog.rules.get(i) else { return };
        let Some(t) = self.tables.get(&r.table).copied() else { return };
        let qual = quote_qualified(&t.schema, &t.name);
        let qn = q(&r.name);
        let mut s = format!("{}\n", r.definition);
        let alter = match r.enabled {
            'A' => Some("ENABLE ALWAYS"),
            'R' => Some("ENABLE REPLICA"),
            'D' => Some("DISABLE"),
            _ => None,
        };
        if let Some(a) = alter {
            s.push_str(&format!("ALTER TABLE {qual} {a} RULE {qn};\n"));
        }
        let drop = format!("DROP RULE {qn} ON {qual};\n");
        let oid = ObjectId::new(PG_REWRITE, r.oid);
        self.push_table_object(id, oid, "RULE", "RULE", t, &r.name, s, drop);
    }

    /// `dumpTrigger`.
    fn trigger(&mut self, id: i32, i: usize) {
        let Some(tg) = self.catalog.triggers.get(i) else { return };
        let Some(t) = self.tables.get(&tg.table).copied() else { return };
        let qual = quote_qualified(&t.schema, &t.name);
        let qn = q(&tg.name);
        let foreign = if t.foreign.is_some() { "FOREIGN " } else { "" };
        let (s, drop) = if tg.is_partition {
            let state = match tg.enabled {
                'f' | 'D' => "DISABLE",
                'R' => "ENABLE REPLICA",
                'A' => "ENABLE ALWAYS",
                _ => "ENABLE",
            };
            (format!("\nALTER {foreign}TABLE {qual} {state} TRIGGER {qn};\n"), String::new())
        } else {
            let mut s = format!("{};\n", tg.definition);
            let identity = format!("{qn} ON {qual}");
            s.push_str(&self.depends_on_extension(
                ObjectId::new(PG_TRIGGER, tg.oid),
                "TRIGGER",
                &identity,
            ));
            let state = match tg.enabled {
                't' | 'O' => None,
                'D' | 'f' => Some("DISABLE"),
                'A' => Some("ENABLE ALWAYS"),
                'R' => Some("ENABLE REPLICA"),
                _ => Some("ENABLE"),
            };
            if let Some(state) = state {
                s.push_str(&format!("\nALTER {foreign}TABLE {qual} {state} TRIGGER {qn};\n"));
            }
            (s, format!("DROP TRIGGER {qn} ON {qual};\n"))
        };
        let oid = ObjectId::new(PG_TRIGGER, tg.oid);
        self.push_table_object(id, oid, "TRIGGER", "TRIGGER", t, &tg.name, s, drop);
    }

    /// `dumpPolicy` for row level security being enabled.
    fn row_security(&mut self, id: i32, i: usize) {
        let Some(t) = self.catalog.tables.get(i) else { return };
        let Some(&table_id) = self.graph.object(id).and_then(|o| o.table.as_ref()) else { return };
        let mut e = entry(id, ObjectId::new(0, t.oid), "ROW SECURITY", &t.name, Section::PostData);
        e.namespace = Some(t.schema.clone());
        e.owner = Some(t.owner.clone());
        e.defn = Some(format!(
            "ALTER TABLE {} ENABLE ROW LEVEL SECURITY;",
            quote_qualified(&t.schema, &t.name)
        ));
        e.dependencies = vec![table_id];
        self.entries.push(e);
    }

    /// `dumpPolicy`.
    fn policy(&mut self, id: i32, i: usize) {
        let Some(p) = self.catalog.policies.get(i) else { return };
        let Some(t) = self.tables.get(&p.table).copied() else { return };
        let qual = quote_qualified(&t.schema, &t.name);
        let qn = q(&p.name);
        let cmd = match p.command {
            'r' => " FOR SELECT",
            'a' => " FOR INSERT",
            'w' => " FOR UPDATE",
            'd' => " FOR DELETE",
            _ => "",
        };
        let restrictive = if p.permissive { "" } else { " AS RESTRICTIVE" };
        let mut s = format!("CREATE POLICY {qn} ON {qual}{restrictive}{cmd}");
        if let Some(roles) = &p.roles {
            let roles: Vec<String> = roles.iter().map(|r| q(r)).collect();
            s.push_str(&format!(" TO {}", roles.join(", ")));
        }
        if let Some(using) = &p.qual {
            s.push_str(&format!(" USING ({using})"));
        }
        if let Some(check) = &p.with_check {
            s.push_str(&format!(" WITH CHECK ({check})"));
        }
        s.push_str(";\n");
        let drop = format!("DROP POLICY {qn} ON {qual};\n");
        let oid = ObjectId::new(PG_POLICY, p.oid);
        self.push_table_object(id, oid, "POLICY", "POLICY", t, &p.name, s, drop);
    }

    /// `refreshMatViewData`: only for populated materialized views (and not when one they
    /// read is not populated).
    fn refresh_matview(&mut self, id: i32, i: usize) {
        let Some(t) = self.catalog.tables.get(i) else { return };
        let reads_unpopulated =
            self.catalog.matview_refresh_deps.iter().any(|&(mv, dep)| {
                mv == t.oid && self.tables.get(&dep).is_some_and(|d| !d.populated)
            });
        if !t.populated || reads_unpopulated {
            return;
        }
        let Some(obj) = self.graph.object(id) else { return };
        let mut e = entry(
            id,
            ObjectId::new(0, t.oid),
            "MATERIALIZED VIEW DATA",
            &t.name,
            Section::PostData,
        );
        e.namespace = Some(t.schema.clone());
        e.owner = Some(t.owner.clone());
        e.defn =
            Some(format!("REFRESH MATERIALIZED VIEW {};\n", quote_qualified(&t.schema, &t.name)));
        e.dependencies = obj.dependencies.clone();
        self.entries.push(e);
    }

    fn sequence(&mut self, id: i32, t: &Table) {
        let Some(seq) = &t.sequence else { return };
        let qual = quote_qualified(&t.schema, &t.name);
        let ascending = !seq.increment.starts_with('-');
        let (dmin, dmax): (i64, i64) = match seq.type_name.as_str() {
            "smallint" => {
                if ascending {
                    (1, i16::MAX.into())
                } else {
                    (i16::MIN.into(), -1)
                }
            }
            "integer" => {
                if ascending {
                    (1, i32::MAX.into())
                } else {
                    (i32::MIN.into(), -1)
                }
            }
            _ => {
                if ascending {
                    (1, i64::MAX)
                } else {
                    (i64::MIN, -1)
                }
            }
        };
        let owning = t.owned_by.and_then(|(oid, attnum)| {
            let tab = self.tables.get(&oid)?;
            let col = tab.columns.iter().find(|c| c.attnum == attnum)?;
            Some((*tab, col))
        });
        let mut s = String::new();
        let mut drop = String::new();
        if t.is_identity_sequence {
            if let Some((tab, col)) = owning {
                s.push_str(&format!(
                    "ALTER TABLE {} ALTER COLUMN {} ADD GENERATED ",
                    quote_qualified(&tab.schema, &tab.name),
                    q(&col.name)
                ));
                s.push_str(match col.identity {
                    Some('a') => "ALWAYS",
                    Some('d') => "BY DEFAULT",
                    _ => "",
                });
                s.push_str(&format!(" AS IDENTITY (\n    SEQUENCE NAME {qual}\n"));
                if t.persistence != tab.persistence {
                    s.push_str(if t.persistence == 'u' {
                        "    UNLOGGED\n"
                    } else {
                        "    LOGGED\n"
                    });
                }
            }
        } else {
            drop = format!("DROP SEQUENCE {qual};\n");
            s.push_str(&format!(
                "CREATE {}SEQUENCE {qual}\n",
                if t.persistence == 'u' { "UNLOGGED " } else { "" }
            ));
            if seq.type_name != "bigint" {
                s.push_str(&format!("    AS {}\n", seq.type_name));
            }
        }
        s.push_str(&format!("    START WITH {}\n", seq.start));
        s.push_str(&format!("    INCREMENT BY {}\n", seq.increment));
        if seq.min == dmin.to_string() {
            s.push_str("    NO MINVALUE\n");
        } else {
            s.push_str(&format!("    MINVALUE {}\n", seq.min));
        }
        if seq.max == dmax.to_string() {
            s.push_str("    NO MAXVALUE\n");
        } else {
            s.push_str(&format!("    MAXVALUE {}\n", seq.max));
        }
        s.push_str(&format!(
            "    CACHE {}{}",
            seq.cache,
            if seq.cycle { "\n    CYCLE" } else { "" }
        ));
        s.push_str(if t.is_identity_sequence { "\n);\n" } else { ";\n" });
        let mut e =
            entry(id, ObjectId::new(PG_CLASS, t.oid), "SEQUENCE", &t.name, Section::PreData);
        e.namespace = Some(t.schema.clone());
        e.owner = Some(t.owner.clone());
        e.defn = Some(s);
        e.drop_stmt = Some(drop);
        self.push_object_entry(id, e);
        if !t.is_identity_sequence
            && let Some((tab, col)) = owning
        {
            let defn = format!(
                "ALTER SEQUENCE {qual} OWNED BY {}.{};\n",
                quote_qualified(&tab.schema, &tab.name),
                q(&col.name)
            );
            let nid = self.new_id();
            let mut e =
                entry(nid, ObjectId::default(), "SEQUENCE OWNED BY", &t.name, Section::PreData);
            e.namespace = Some(t.schema.clone());
            e.owner = Some(t.owner.clone());
            e.defn = Some(defn);
            e.dependencies = vec![id];
            self.entries.push(e);
        }
        if let Some(text) = self.comment(ObjectId::new(PG_CLASS, t.oid), 0) {
            let text = text.to_owned();
            self.push_comment("SEQUENCE", &q(&t.name), Some(&t.schema), Some(&t.owner), &text, id);
        }
        self.relation_acls(id, t);
    }

    fn table_attach(&mut self, id: i32, i: usize) {
        let Some(t) = self.catalog.tables.get(i) else { return };
        let Some(parent) = t.parents.first().and_then(|p| self.tables.get(p)) else { return };
        let defn = format!(
            "ALTER TABLE ONLY {} ATTACH PARTITION {} {};\n",
            quote_qualified(&parent.schema, &parent.name),
            quote_qualified(&t.schema, &t.name),
            t.partition_bound.as_deref().unwrap_or("")
        );
        let mut e = entry(id, ObjectId::default(), "TABLE ATTACH", &t.name, Section::PreData);
        e.namespace = Some(t.schema.clone());
        e.owner = Some(t.owner.clone());
        e.defn = Some(defn);
        self.push_object_entry(id, e);
    }

    fn attrdef(&mut self, id: i32, i: usize) {
        let Some(obj) = self.graph.object(id) else { return };
        if !obj.separate {
            return;
        }
        let Some(d) = self.catalog.attrdefs.get(i) else { return };
        let Some(t) = self.tables.get(&d.table).copied() else { return };
        let Some(c) = t.columns.iter().find(|c| c.attnum == d.attnum) else { return };
        if c.generated.is_some() {
            return;
        }
        let qual = quote_qualified(&t.schema, &t.name);
        let qc = q(&c.name);
        let mut e = entry(
            id,
            ObjectId::new(crate::model::PG_ATTRDEF, d.oid),
            "DEFAULT",
            &format!("{} {}", t.name, c.name),
            Section::PreData,
        );
        e.namespace = Some(t.schema.clone());
        e.owner = Some(t.owner.clone());
        let foreign = if t.foreign.is_some() { "FOREIGN " } else { "" };
        e.defn = Some(format!(
            "ALTER {foreign}TABLE ONLY {qual} ALTER COLUMN {qc} SET DEFAULT {};\n",
            d.expr
        ));
        e.drop_stmt =
            Some(format!("ALTER {foreign}TABLE {qual} ALTER COLUMN {qc} DROP DEFAULT;\n"));
        self.push_object_entry(id, e);
    }

    fn index(&mut self, id: i32, i: usize) {
        let Some(ix) = self.catalog.indexes.get(i) else { return };
        let Some(t) = self.tables.get(&ix.table).copied() else { return };
        let qi = q(&ix.name);
        let qqi = quote_qualified(&t.schema, &ix.name);
        let tqual = quote_qualified(&t.schema, &t.name);
        if ix.constraint.is_none() {
            let mut s = format!("{};\n", ix.definition);
            if ix.clustered {
                s.push_str(&format!("\nALTER TABLE {tqual} CLUSTER ON {qi};\n"));
            }
            for (col, val) in &ix.stat_targets {
                s.push_str(&format!(
                    "ALTER INDEX {qqi} ALTER COLUMN {col} SET STATISTICS {val};\n"
                ));
            }
            s.push_str(&self.depends_on_extension(ObjectId::new(PG_CLASS, ix.oid), "INDEX", &qqi));
            if ix.replident {
                s.push_str(&format!(
                    "\nALTER TABLE ONLY {tqual} REPLICA IDENTITY USING INDEX {qi};\n"
                ));
            }
            let mut e =
                entry(id, ObjectId::new(PG_CLASS, ix.oid), "INDEX", &ix.name, Section::PostData);
            e.namespace = Some(t.schema.clone());
            e.tablespace = Some(ix.tablespace.clone());
            e.owner = Some(t.owner.clone());
            e.defn = Some(s);
            e.drop_stmt = Some(if ix.parent.is_none() {
                format!("DROP INDEX {qqi};\n")
            } else {
                String::new()
            });
            self.push_object_entry(id, e);
        }
        if let Some(text) = self.comment(ObjectId::new(PG_CLASS, ix.oid), 0) {
            let text = text.to_owned();
            let dep = match &ix.constraint {
                Some(c) => self
                    .graph
                    .objects()
                    .iter()
                    .find(|o| o.catalog_id == ObjectId::new(PG_CONSTRAINT, c.oid))
                    .map_or(id, |o| o.dump_id),
                None => id,
            };
            self.push_comment("INDEX", &qi, Some(&t.schema), Some(&t.owner), &text, dep);
        }
    }

    fn index_attach(&mut self, id: i32, i: usize) {
        let Some(ix) = self.catalog.indexes.get(i) else { return };
        let Some(t) = self.tables.get(&ix.table).copied() else { return };
        let parent = ix.parent.and_then(|p| self.index.indexes.get(&p));
        let Some(parent) = parent.and_then(|&k| self.catalog.indexes.get(k)) else {
            return;
        };
        let Some(pt) = self.tables.get(&parent.table).copied() else { return };
        let defn = format!(
            "ALTER INDEX {} ATTACH PARTITION {};\n",
            quote_qualified(&pt.schema, &parent.name),
            quote_qualified(&t.schema, &ix.name)
        );
        let mut e = entry(id, ObjectId::default(), "INDEX ATTACH", &ix.name, Section::PostData);
        e.namespace = Some(t.schema.clone());
        e.owner = Some(pt.owner.clone());
        e.defn = Some(defn);
        self.push_object_entry(id, e);
    }

    fn constraint_comment(&mut self, con_oid: u32, name: &str, t: &Table, dep: i32) {
        self.table_object_comment(
            ObjectId::new(PG_CONSTRAINT, con_oid),
            "CONSTRAINT",
            name,
            t,
            dep,
        );
    }

    /// The comment on an object that belongs to table `t` (`COMMENT ON <word> name ON t`).
    fn table_object_comment(&mut self, oid: ObjectId, word: &str, name: &str, t: &Table, dep: i32) {
        if let Some(text) = self.comment(oid, 0) {
            let text = text.to_owned();
            let kind = format!("{word} {} ON", q(name));
            self.push_comment(&kind, &q(&t.name), Some(&t.schema), Some(&t.owner), &text, dep);
        }
    }

    /// Pushes the post-data entry of an object that belongs to table `t` (tag `table name`,
    /// the table's schema and owner), then its comment (`COMMENT ON <word> name ON t`).
    #[allow(clippy::too_many_arguments)]
    fn push_table_object(
        &mut self,
        id: i32,
        oid: ObjectId,
        desc: &str,
        word: &str,
        t: &Table,
        name: &str,
        defn: String,
        drop: String,
    ) {
        let mut e = entry(id, oid, desc, &format!("{} {}", t.name, name), Section::PostData);
        e.namespace = Some(t.schema.clone());
        e.owner = Some(t.owner.clone());
        e.defn = Some(defn);
        e.drop_stmt = Some(drop);
        self.push_object_entry(id, e);
        self.table_object_comment(oid, word, name, t, id);
    }

    /// A constraint added to a table after its data (`CHECK CONSTRAINT` split off,
    /// `FK CONSTRAINT`), as pg_dump spells it; `only` is `"ONLY "` or `""`.
    #[allow(clippy::too_many_arguments)]
    fn table_constraint(
        &mut self,
        id: i32,
        desc: &str,
        t: &Table,
        only: &str,
        oid: u32,
        name: &str,
        definition: &str,
    ) {
        let tqual = quote_qualified(&t.schema, &t.name);
        let foreign = if t.foreign.is_some() { "FOREIGN " } else { "" };
        let defn = format!(
            "ALTER {foreign}TABLE {only}{tqual}\n    ADD CONSTRAINT {} {definition};\n",
            q(name)
        );
        let drop = format!("ALTER {foreign}TABLE {only}{tqual} DROP CONSTRAINT {};\n", q(name));
        let oid = ObjectId::new(PG_CONSTRAINT, oid);
        self.push_table_object(id, oid, desc, "CONSTRAINT", t, name, defn, drop);
    }

    fn index_constraint(&mut self, id: i32, i: usize) {
        let Some(ix) = self.catalog.indexes.get(i) else { return };
        let Some(c) = &ix.constraint else { return };
        let Some(t) = self.tables.get(&ix.table).copied() else { return };
        let tqual = quote_qualified(&t.schema, &t.name);
        let mut s = format!("ALTER TABLE ONLY {tqual}\n    ADD CONSTRAINT {} ", q(&c.name));
        if c.kind == 'x' {
            s.push_str(&format!("{};\n", c.definition));
        } else {
            s.push_str(if c.kind == 'p' { "PRIMARY KEY" } else { "UNIQUE" });
            if ix.nulls_not_distinct {
                s.push_str(" NULLS NOT DISTINCT");
            }
            s.push_str(" (");
            let col_name = |attnum: i16| -> String {
                t.columns
                    .iter()
                    .find(|c| c.attnum == attnum)
                    .map(|c| q(&c.name))
                    .unwrap_or_default()
            };
            let keys: Vec<String> = ix
                .keys
                .iter()
                .take(ix.key_count)
                .take_while(|&&k| k != 0)
                .map(|&k| col_name(k))
                .collect();
            s.push_str(&keys.join(", "));
            if ix.key_count < ix.keys.len() {
                s.push_str(") INCLUDE (");
                let inc: Vec<String> = ix
                    .keys
                    .iter()
                    .skip(ix.key_count)
                    .take_while(|&&k| k != 0)
                    .map(|&k| col_name(k))
                    .collect();
                s.push_str(&inc.join(", "));
            }
            s.push(')');
            if !ix.reloptions.is_empty() {
                s.push_str(" WITH (");
                reloptions(&mut s, &ix.reloptions, "");
                s.push(')');
            }
            if c.deferrable {
                s.push_str(" DEFERRABLE");
                if c.deferred {
                    s.push_str(" INITIALLY DEFERRED");
                }
            }
            s.push_str(";\n");
        }
        if ix.clustered {
            s.push_str(&format!("\nALTER TABLE {tqual} CLUSTER ON {};\n", q(&ix.name)));
        }
        if ix.replident {
            s.push_str(&format!(
                "\nALTER TABLE ONLY {tqual} REPLICA IDENTITY USING INDEX {};\n",
                q(&ix.name)
            ));
        }
        let qqi = quote_qualified(&t.schema, &ix.name);
        s.push_str(&self.depends_on_extension(ObjectId::new(PG_CLASS, ix.oid), "INDEX", &qqi));
        let mut e = entry(
            id,
            ObjectId::new(PG_CONSTRAINT, c.oid),
            "CONSTRAINT",
            &format!("{} {}", t.name, c.name),
            Section::PostData,
        );
        e.namespace = Some(t.schema.clone());
        e.tablespace = Some(ix.tablespace.clone());
        e.owner = Some(t.owner.clone());
        e.defn = Some(s);
        e.drop_stmt = Some(format!("ALTER TABLE ONLY {tqual} DROP CONSTRAINT {};\n", q(&c.name)));
        self.push_object_entry(id, e);
        self.constraint_comment(c.oid, &c.name, t, id);
    }

    fn check(&mut self, id: i32, i: usize) {
        let Some(obj) = self.graph.object(id) else { return };
        let Some(c) = self.catalog.checks.get(i) else { return };
        if !obj.separate || !c.is_local {
            return;
        }
        let Some(t) = self.tables.get(&c.table).copied() else { return };
        // A NOT VALID NOT NULL constraint (18) is a plain CONSTRAINT entry.
        let desc = if c.not_null { "CONSTRAINT" } else { "CHECK CONSTRAINT" };
        self.table_constraint(id, desc, t, "", c.oid, &c.name, &c.definition);
    }

    fn foreign_key(&mut self, id: i32, i: usize) {
        let Some(fk) = self.catalog.foreign_keys.get(i) else { return };
        let Some(t) = self.tables.get(&fk.table).copied() else { return };
        let only = if t.kind == RelKind::PartitionedTable { "" } else { "ONLY " };
        self.table_constraint(id, "FK CONSTRAINT", t, only, fk.oid, &fk.name, &fk.definition);
    }

    fn table_data(&mut self, id: i32, i: usize) {
        let Some(t) = self.catalog.tables.get(i) else { return };
        let Some(&table_id) = self.graph.object(id).and_then(|o| o.table.as_ref()) else { return };
        let cols: Vec<String> = t
            .columns
            .iter()
            .filter(|c| !c.dropped && c.generated.is_none())
            .map(|c| q(&c.name))
            .collect();
        let list = if cols.is_empty() { String::new() } else { format!("({})", cols.join(", ")) };
        let mut e = entry(id, ObjectId::new(0, t.oid), "TABLE DATA", &t.name, Section::Data);
        e.had_dumper = true;
        e.namespace = Some(t.schema.clone());
        e.owner = Some(t.owner.clone());
        e.copy_stmt =
            Some(format!("COPY {} {list} FROM stdin;\n", quote_qualified(&t.schema, &t.name)));
        e.dependencies = vec![table_id];
        e.filename = format!("{id}.dat");
        self.entries.push(e);
    }

    fn sequence_set(&mut self, id: i32, i: usize) {
        let Some(t) = self.catalog.tables.get(i) else { return };
        let Some(seq) = &t.sequence else { return };
        let Some(&table_id) = self.graph.object(id).and_then(|o| o.table.as_ref()) else { return };
        let mut e = entry(id, ObjectId::default(), "SEQUENCE SET", &t.name, Section::Data);
        e.namespace = Some(t.schema.clone());
        e.owner = Some(t.owner.clone());
        e.defn = Some(format!(
            "SELECT pg_catalog.setval({}, {}, {});\n",
            quote_literal(&quote_qualified(&t.schema, &t.name)),
            seq.last_value,
            if seq.is_called { "true" } else { "false" }
        ));
        e.dependencies = vec![table_id];
        self.entries.push(e);
    }
}

/// The generic options of a foreign-data wrapper, server, user mapping, foreign table or
/// column as pg_dump lists them: `name 'value'` by name, joined by `",\n    "` (a value as
/// the server's `quote_literal` writes it, which pg_dump uses).
fn generic_options(options: &[(String, String)]) -> String {
    let items: Vec<String> = options
        .iter()
        .map(|(name, value)| format!("{} {}", q(name), quote_literal_e(value)))
        .collect();
    items.join(",\n    ")
}

/// Foreign-data wrappers, servers, user mappings, event triggers, publications and
/// subscriptions.
impl Out<'_> {
    /// An object outside schemas: its entry (with a drop statement) and its comment.
    #[allow(clippy::too_many_arguments)]
    fn global_object(
        &mut self,
        id: i32,
        object: ObjectId,
        desc: &str,
        name: &str,
        owner: &str,
        section: Section,
        defn: String,
    ) {
        let qn = q(name);
        let mut e = entry(id, object, desc, name, section);
        e.owner = Some(owner.to_owned());
        e.defn = Some(defn);
        e.drop_stmt = Some(format!("DROP {desc} {qn};\n"));
        self.push_object_entry(id, e);
        if let Some(text) = self.comment(object, 0) {
            let text = text.to_owned();
            self.push_comment(desc, &qn, None, Some(owner), &text, id);
        }
    }

    /// `dumpForeignDataWrapper`.
    fn foreign_data_wrapper(&mut self, id: i32, i: usize) {
        let Some(w) = self.catalog.foreign_data_wrappers.get(i) else { return };
        let qn = q(&w.name);
        let mut s = format!("CREATE FOREIGN DATA WRAPPER {qn}");
        if let Some(h) = &w.handler {
            s.push_str(&format!(" HANDLER {h}"));
        }
        if let Some(v) = &w.validator {
            s.push_str(&format!(" VALIDATOR {v}"));
        }
        if !w.options.is_empty() {
            s.push_str(&format!(" OPTIONS (\n    {}\n)", generic_options(&w.options)));
        }
        s.push_str(";\n");
        let object = ObjectId::new(PG_FOREIGN_DATA_WRAPPER, w.oid);
        let kind = "FOREIGN DATA WRAPPER";
        self.global_object(id, object, kind, &w.name, &w.owner, Section::PreData, s);
        self.push_acl(object, 0, kind, &qn, None, None, &w.owner, vec![id]);
    }

    /// `dumpForeignServer`, then its user mappings (`dumpUserMappings`: entries without
    /// dependencies, owned by the server's owner).
    fn foreign_server(&mut self, id: i32, i: usize) {
        let Some(srv) = self.catalog.foreign_servers.get(i) else { return };
        let qn = q(&srv.name);
        let mut s = format!("CREATE SERVER {qn}");
        if let Some(t) = &srv.server_type {
            s.push_str(&format!(" TYPE {}", quote_literal(t)));
        }
        if let Some(v) = &srv.version {
            s.push_str(&format!(" VERSION {}", quote_literal(v)));
        }
        s.push_str(&format!(" FOREIGN DATA WRAPPER {}", q(&srv.wrapper)));
        if !srv.options.is_empty() {
            s.push_str(&format!(" OPTIONS (\n    {}\n)", generic_options(&srv.options)));
        }
        s.push_str(";\n");
        let object = ObjectId::new(PG_FOREIGN_SERVER, srv.oid);
        self.global_object(id, object, "SERVER", &srv.name, &srv.owner, Section::PreData, s);
        self.push_acl(object, 0, "FOREIGN SERVER", &qn, None, None, &srv.owner, vec![id]);
        let catalog = self.catalog;
        for m in catalog.user_mappings.iter().filter(|m| m.server == srv.oid) {
            let who = format!("FOR {} SERVER {qn}", q(&m.user));
            let mut defn = format!("CREATE USER MAPPING {who}");
            if !m.options.is_empty() {
                defn.push_str(&format!(" OPTIONS (\n    {}\n)", generic_options(&m.options)));
            }
            defn.push_str(";\n");
            let tag = format!("USER MAPPING {} SERVER {}", m.user, srv.name);
            let nid = self.new_id();
            let mut e = entry(nid, ObjectId::default(), "USER MAPPING", &tag, Section::PreData);
            e.owner = Some(srv.owner.clone());
            e.defn = Some(defn);
            e.drop_stmt = Some(format!("DROP USER MAPPING {who};\n"));
            self.entries.push(e);
        }
    }

    /// `dumpEventTrigger`.
    fn event_trigger(&mut self, id: i32, i: usize) {
        let Some(et) = self.catalog.event_triggers.get(i) else { return };
        let qn = q(&et.name);
        let mut s = format!("CREATE EVENT TRIGGER {qn} ON {}", q(&et.event));
        if !et.tags.is_empty() {
            let tags: Vec<String> = et.tags.iter().map(|t| quote_literal_e(t)).collect();
            s.push_str(&format!("\n         WHEN TAG IN ({})", tags.join(", ")));
        }
        s.push_str(&format!("\n   EXECUTE FUNCTION {}();\n", et.function));
        let state = match et.enabled {
            'O' => None,
            'D' => Some("DISABLE"),
            'A' => Some("ENABLE ALWAYS"),
            'R' => Some("ENABLE REPLICA"),
            _ => Some("ENABLE"),
        };
        if let Some(state) = state {
            s.push_str(&format!("\nALTER EVENT TRIGGER {qn} {state};\n"));
        }
        let object = ObjectId::new(PG_EVENT_TRIGGER, et.oid);
        let kind = "EVENT TRIGGER";
        self.global_object(id, object, kind, &et.name, &et.owner, Section::PostData, s);
    }

    /// `dumpPublication`. `publish_generated_columns` (18+) as pg_dump 18 writes it.
    fn publication(&mut self, id: i32, i: usize) {
        let Some(p) = self.catalog.publications.get(i) else { return };
        let mut s = format!("CREATE PUBLICATION {}", q(&p.name));
        if p.all_tables {
            s.push_str(" FOR ALL TABLES");
        }
        let actions: Vec<&str> = [
            (p.insert, "insert"),
            (p.update, "update"),
            (p.delete, "delete"),
            (p.truncate, "truncate"),
        ]
        .into_iter()
        .filter_map(|(on, action)| on.then_some(action))
        .collect();
        s.push_str(&format!(" WITH (publish = '{}'", actions.join(", ")));
        if p.via_root {
            s.push_str(", publish_via_partition_root = true");
        }
        if p.generated_columns == Some('s') {
            s.push_str(", publish_generated_columns = stored");
        }
        s.push_str(");\n");
        let object = ObjectId::new(PG_PUBLICATION, p.oid);
        self.global_object(id, object, "PUBLICATION", &p.name, &p.owner, Section::PostData, s);
    }

    /// `dumpPublicationTable`: no drop statement (dropping the table drops it), owned by the
    /// publication's owner.
    fn publication_rel(&mut self, id: i32, i: usize) {
        let Some(r) = self.catalog.publication_rels.get(i) else { return };
        let Some(t) = self.tables.get(&r.table).copied() else { return };
        let Some(p) = self.catalog.publications.iter().find(|p| p.oid == r.publication) else {
            return;
        };
        let mut s = format!(
            "ALTER PUBLICATION {} ADD TABLE ONLY {}",
            q(&p.name),
            quote_qualified(&t.schema, &t.name)
        );
        if let Some(columns) = &r.columns {
            let columns: Vec<String> = columns.iter().map(|c| q(c)).collect();
            s.push_str(&format!(" ({})", columns.join(", ")));
        }
        if let Some(filter) = &r.row_filter {
            s.push_str(&format!(" WHERE ({filter})"));
        }
        s.push_str(";\n");
        let object = ObjectId::new(PG_PUBLICATION_REL, r.oid);
        let tag = format!("{} {}", p.name, t.name);
        let mut e = entry(id, object, "PUBLICATION TABLE", &tag, Section::PostData);
        e.namespace = Some(t.schema.clone());
        e.owner = Some(p.owner.clone());
        e.defn = Some(s);
        self.push_object_entry(id, e);
    }

    /// `dumpPublicationNamespace`: no drop statement (dropping the schema drops it).
    fn publication_schema(&mut self, id: i32, i: usize) {
        let Some(ps) = self.catalog.publication_schemas.get(i) else { return };
        let Some(p) = self.catalog.publications.iter().find(|p| p.oid == ps.publication) else {
            return;
        };
        let s =
            format!("ALTER PUBLICATION {} ADD TABLES IN SCHEMA {};\n", q(&p.name), q(&ps.schema));
        let object = ObjectId::new(PG_PUBLICATION_NAMESPACE, ps.oid);
        let tag = format!("{} {}", p.name, ps.schema);
        let mut e = entry(id, object, "PUBLICATION TABLES IN SCHEMA", &tag, Section::PostData);
        e.namespace = Some(ps.schema.clone());
        e.owner = Some(p.owner.clone());
        e.defn = Some(s);
        self.push_object_entry(id, e);
    }

    /// `dumpSubscription`: always `connect = false` (the restore never connects to the
    /// publisher), with the slot name and every option that differs from its default; the
    /// options of 16 (`password_required`, `run_as_owner`, `origin`) and 17 (`failover`) as
    /// pg_dump 16 and 17 write them.
    fn subscription(&mut self, id: i32, i: usize) {
        let Some(sub) = self.catalog.subscriptions.get(i) else { return };
        let publications: Vec<String> = sub.publications.iter().map(|p| q(p)).collect();
        let mut s = format!(
            "CREATE SUBSCRIPTION {} CONNECTION {} PUBLICATION {} WITH (connect = false, slot_name = ",
            q(&sub.name),
            quote_literal(&sub.conninfo),
            publications.join(", ")
        );
        match &sub.slot_name {
            Some(slot) => s.push_str(&quote_literal(slot)),
            None => s.push_str("NONE"),
        }
        if sub.binary {
            s.push_str(", binary = true");
        }
        match sub.streaming {
            't' => s.push_str(", streaming = on"),
            'p' => s.push_str(", streaming = parallel"),
            _ if versions::subscription_streaming_always(self.catalog.server_version_num) => {
                s.push_str(", streaming = off");
            }
            _ => {}
        }
        if sub.two_phase != 'd' {
            s.push_str(", two_phase = on");
        }
        if sub.disable_on_error {
            s.push_str(", disable_on_error = true");
        }
        if !sub.password_required {
            s.push_str(", password_required = false");
        }
        if sub.run_as_owner {
            s.push_str(", run_as_owner = true");
        }
        if sub.failover {
            s.push_str(", failover = true");
        }
        if sub.synchronous_commit != "off" {
            s.push_str(&format!(", synchronous_commit = {}", q(&sub.synchronous_commit)));
        }
        if !sub.origin.eq_ignore_ascii_case("any") {
            s.push_str(&format!(", origin = {}", sub.origin));
        }
        s.push_str(");\n");
        let object = ObjectId::new(PG_SUBSCRIPTION, sub.oid);
        let (name, owner) = (&sub.name, &sub.owner);
        self.global_object(id, object, "SUBSCRIPTION", name, owner, Section::PostData, s);
    }
}

/// The objects of which pg_dump dumps only a part: their privileges, or an extension's
/// configuration table's data.
impl Out<'_> {
    /// `dumpACL` for an object pg_dump dumps only the privileges of: from its initial
    /// privileges (`pg_init_privs`) when recorded, else from the built-in default (a NULL
    /// ACL then stands for the default). The entry depends on the object, which has no entry.
    #[allow(clippy::too_many_arguments)]
    fn partial_acl(
        &mut self,
        deps: Vec<i32>,
        kind: &str,
        name: &str,
        column: Option<&str>,
        namespace: Option<&str>,
        owner: &str,
        acl: Option<&[String]>,
        default: &[String],
        init_privs: Option<&[String]>,
    ) -> Option<i32> {
        let (acl, base) = match init_privs {
            Some(init) => (acl.unwrap_or(default), init),
            None => (acl?, default),
        };
        let target = AclTarget {
            column,
            schema: namespace,
            server_version: self.catalog.server_version_num,
            ..AclTarget::new(kind, name)
        };
        let sql = acl_commands_or_warn(&target, acl, base, owner);
        if sql.is_empty() {
            return None;
        }
        let tag = match column {
            Some(c) => format!("COLUMN {name}.{c}"),
            None => format!("{kind} {name}"),
        };
        let id = self.new_id();
        let mut e = entry(id, ObjectId::default(), "ACL", &tag, Section::None);
        e.namespace = namespace.map(str::to_owned);
        e.owner = Some(owner.to_owned());
        e.defn = Some(sql);
        e.dependencies = deps;
        self.entries.push(e);
        Some(id)
    }

    /// The privileges of an object of `pg_catalog` or of an extension member, as `dumpTable`,
    /// `dumpFunc`, `dumpAgg`, `dumpType`, `dumpNamespace`, `dumpProcLang`,
    /// `dumpForeignDataWrapper` and `dumpForeignServer` write them for an object whose
    /// definition they do not dump (a relation's columns after it).
    fn partial(&mut self, id: i32, i: usize) {
        let Some(p) = self.catalog.partial_objects.get(i) else { return };
        let qn = q(&p.name);
        let (kind, name) = match p.kind {
            PartialKind::Schema => ("SCHEMA", qn),
            PartialKind::Relation(RelKind::Sequence) => ("SEQUENCE", qn),
            PartialKind::Relation(_) => ("TABLE", qn),
            PartialKind::Function => ("FUNCTION", format!("{qn}({})", p.identity_arguments)),
            PartialKind::Procedure => ("PROCEDURE", format!("{qn}({})", p.identity_arguments)),
            // No GRANT ON AGGREGATE: a function signature with the argument types.
            PartialKind::Aggregate => ("FUNCTION", format!("{qn}({})", p.arg_types.join(", "))),
            PartialKind::Type => ("TYPE", qn),
            PartialKind::Language => ("LANGUAGE", qn),
            PartialKind::ForeignDataWrapper => ("FOREIGN DATA WRAPPER", qn),
            PartialKind::ForeignServer => ("FOREIGN SERVER", qn),
        };
        let namespace = p.schema.as_ref().map(|(_, s)| s.as_str());
        let relation = matches!(p.kind, PartialKind::Relation(_));
        // pg_dump writes an object's ACL entry only when it has privileges (a relation also
        // when its columns have some).
        let table_acl = if p.acl.is_some() || (relation && !p.columns.is_empty()) {
            self.partial_acl(
                vec![id],
                kind,
                &name,
                None,
                namespace,
                &p.owner,
                p.acl.as_deref(),
                &p.acl_default,
                p.init_privs.as_deref(),
            )
        } else {
            None
        };
        for c in &p.columns {
            let mut deps = vec![id];
            deps.extend(table_acl);
            let qc = q(&c.name);
            self.partial_acl(
                deps,
                "TABLE",
                &name,
                Some(&qc),
                namespace,
                &p.owner,
                c.acl.as_deref(),
                &[],
                c.init_privs.as_deref(),
            );
        }
    }

    /// The data of an extension's configuration table (`dumpTableData`: its rows that match
    /// the extension's condition, which only the dump's COPY applies) or sequence
    /// (`dumpSequenceData`). Each depends on its relation, which has no entry.
    fn config_data(&mut self, id: i32, i: usize) {
        let Some(p) = self.catalog.partial_objects.get(i) else { return };
        let Some(c) = &p.config else { return };
        let Some(&table_id) = self.graph.object(id).and_then(|o| o.table.as_ref()) else { return };
        let Some((_, schema)) = &p.schema else { return };
        let qual = quote_qualified(schema, &p.name);
        if p.kind == PartialKind::Relation(RelKind::Sequence) {
            let Some((last_value, is_called)) = &c.sequence else { return };
            let mut e = entry(id, ObjectId::default(), "SEQUENCE SET", &p.name, Section::Data);
            e.namespace = Some(schema.clone());
            e.owner = Some(p.owner.clone());
            e.defn = Some(format!(
                "SELECT pg_catalog.setval({}, {last_value}, {is_called});\n",
                quote_literal(&qual)
            ));
            e.dependencies = vec![table_id];
            self.entries.push(e);
            return;
        }
        let cols: Vec<String> = c.columns.iter().map(|c| q(c)).collect();
        let list = if cols.is_empty() { String::new() } else { format!("({})", cols.join(", ")) };
        let mut e = entry(id, ObjectId::new(0, p.object.oid), "TABLE DATA", &p.name, Section::Data);
        e.had_dumper = true;
        e.namespace = Some(schema.clone());
        e.owner = Some(p.owner.clone());
        e.copy_stmt = Some(format!("COPY {qual} {list} FROM stdin;\n"));
        e.dependencies = vec![table_id];
        e.filename = format!("{id}.dat");
        self.entries.push(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry_with(id: i32, desc: &str, deps: &[i32]) -> TocEntry {
        TocEntry { dependencies: deps.to_vec(), ..TocEntry::new(id, desc, Section::PreData) }
    }

    fn ids(entries: &[TocEntry]) -> Vec<(i32, &str, Vec<i32>)> {
        entries.iter().map(|e| (e.dump_id, e.desc.as_str(), e.dependencies.clone())).collect()
    }

    #[test]
    fn the_selected_public_schema_replaces_its_entries_in_place() {
        // The plan: schema 1, public (dump id 2) without an entry, its ACL 9, a table 3 in it.
        let plan = vec![
            entry_with(1, "SCHEMA", &[]),
            entry_with(9, "ACL", &[2]),
            entry_with(3, "TABLE", &[]),
        ];
        let public = PublicSchemaSelected {
            oid: 2200,
            dump_id: 2,
            index: 1,
            replaces: 1,
            entries: vec![
                entry_with(2, "SCHEMA", &[]),
                entry_with(8, "COMMENT", &[2]),
                entry_with(9, "ACL", &[2]),
            ],
            dependencies: BTreeMap::from([(3, vec![2])]),
        };
        let mut entries = plan.clone();
        public.apply(&mut entries);
        assert_eq!(
            ids(&entries),
            [
                (1, "SCHEMA", vec![]),
                (2, "SCHEMA", vec![]),
                (8, "COMMENT", vec![2]),
                (9, "ACL", vec![2]),
                (3, "TABLE", vec![2]),
            ]
        );
        // Entries that are not the plan's (here: without the ACL) are left as they are.
        let mut other = vec![plan[0].clone(), plan[2].clone()];
        public.apply(&mut other);
        assert_eq!(ids(&other), [(1, "SCHEMA", vec![]), (3, "TABLE", vec![])]);
    }
}
