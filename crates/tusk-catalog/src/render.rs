//! DDL rendering: the TOC entries pg_dump 15 writes for each object, string for string
//! (`desc`, `tag`, `defn`, `dropStmt`, `copyStmt`, owner, section, tablespace, tableam),
//! in the sorted order, with each object's COMMENT entries right after it.
//!
//! Dependencies: entries pg_dump gives explicit dependencies (COMMENT, TABLE DATA,
//! SEQUENCE SET, SEQUENCE OWNED BY) carry them as they are (even a dump id without an
//! entry, such as the `public` schema's); every other entry gets the dumped objects its
//! object reaches, following through objects that have no entry
//! (`BuildArchiveDependencies`). Sub-entries get dump ids after the objects'.

use std::collections::{BTreeMap, BTreeSet};

use tusk_archive::{Section, TocEntry};
use tusk_pg::quote::{quote_ident, quote_literal, quote_qualified};

use crate::graph::{DumpGraph, ObjectKind, Source};
use crate::model::{
    Catalog, ObjectId, PG_CLASS, PG_CONSTRAINT, PG_EXTENSION, PG_NAMESPACE, RelKind, Table,
};

fn q(name: &str) -> String {
    quote_ident(name).into_owned()
}

fn entry(dump_id: i32, catalog_id: ObjectId, desc: &str, tag: &str, section: Section) -> TocEntry {
    TocEntry {
        dump_id,
        had_dumper: false,
        table_oid: catalog_id.classid,
        oid: catalog_id.oid,
        tag: Some(tag.to_owned()),
        desc: desc.to_owned(),
        section,
        defn: None,
        drop_stmt: None,
        copy_stmt: None,
        namespace: None,
        tablespace: None,
        tableam: None,
        relkind: 0,
        owner: None,
        with_oids: "false".to_owned(),
        dependencies: Vec::new(),
        filename: String::new(),
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

struct Out<'a> {
    catalog: &'a Catalog,
    graph: &'a DumpGraph,
    entries: Vec<TocEntry>,
    /// Entries whose dependencies are computed from their object: (entry index, object id).
    computed: Vec<(usize, i32)>,
    next_id: i32,
    comments: BTreeMap<ObjectId, Vec<(i32, &'a str)>>,
    tables: BTreeMap<u32, &'a Table>,
}

/// The TOC entries of a sorted graph, and the next free dump id.
pub fn render(catalog: &Catalog, graph: &DumpGraph) -> (Vec<TocEntry>, i32) {
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
    };
    for &id in graph.order() {
        out.object(id);
    }
    // BuildArchiveDependencies.
    let with_entry: BTreeSet<i32> = out.entries.iter().map(|e| e.dump_id).collect();
    let computed = std::mem::take(&mut out.computed);
    for (k, id) in computed {
        let mut deps = Vec::new();
        let mut seen = BTreeSet::new();
        find_dumpable(graph, id, &with_entry, &mut seen, &mut deps);
        if let Some(e) = out.entries.get_mut(k) {
            e.dependencies = deps;
        }
    }
    (out.entries, out.next_id)
}

fn find_dumpable(
    graph: &DumpGraph,
    id: i32,
    with_entry: &BTreeSet<i32>,
    seen: &mut BTreeSet<i32>,
    out: &mut Vec<i32>,
) {
    let Some(obj) = graph.object(id) else { return };
    if matches!(obj.kind, ObjectKind::PreDataBoundary | ObjectKind::PostDataBoundary) {
        return;
    }
    for &d in &obj.dependencies {
        if with_entry.contains(&d) {
            out.push(d);
        } else if seen.insert(d) {
            find_dumpable(graph, d, with_entry, seen, out);
        }
    }
}

impl Out<'_> {
    fn new_id(&mut self) -> i32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn push_object_entry(&mut self, id: i32, e: TocEntry) {
        self.entries.push(e);
        self.computed.push((self.entries.len() - 1, id));
    }

    fn comment(&self, object: ObjectId, subid: i32) -> Option<&str> {
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
    ) {
        let mut defn = format!("COMMENT ON {kind} ");
        if let Some(ns) = namespace.filter(|n| !n.is_empty()) {
            defn.push_str(&q(ns));
            defn.push('.');
        }
        defn.push_str(name);
        defn.push_str(" IS ");
        defn.push_str(&quote_literal(text));
        defn.push_str(";\n");
        let id = self.new_id();
        let mut e =
            entry(id, ObjectId::default(), "COMMENT", &format!("{kind} {name}"), Section::None);
        e.namespace = namespace.map(str::to_owned);
        e.owner = owner.map(str::to_owned);
        e.defn = Some(defn);
        e.dependencies = vec![dep];
        self.entries.push(e);
    }

    fn object(&mut self, id: i32) {
        let Some(obj) = self.graph.object(id) else { return };
        match obj.source {
            Source::Schema(i) => self.schema(id, i),
            Source::Extension(i) => self.extension(id, i),
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
            Source::Boundary | Source::None => {}
        }
    }

    fn schema(&mut self, id: i32, i: usize) {
        let Some(s) = self.catalog.schemas.get(i) else { return };
        let create = s.name != "public";
        let qn = q(&s.name);
        if !(s.name == "public" && s.owned_by_db_owner) {
            let mut e =
                entry(id, ObjectId::new(PG_NAMESPACE, s.oid), "SCHEMA", &s.name, Section::PreData);
            e.owner = Some(s.owner.clone());
            if create {
                e.defn = Some(format!("CREATE SCHEMA {qn};\n"));
                e.drop_stmt = Some(format!("DROP SCHEMA {qn};\n"));
            } else {
                e.defn = Some("-- *not* creating schema, since initdb creates it\n".to_owned());
                e.drop_stmt =
                    Some("-- *not* dropping schema, since initdb creates it\n".to_owned());
            }
            self.push_object_entry(id, e);
        }
        let comment = self.comment(ObjectId::new(PG_NAMESPACE, s.oid), 0);
        let text = match (create, comment) {
            (false, None) => Some(""),
            (false, Some("standard public schema")) => None,
            (_, c) => c,
        };
        if let Some(text) = text {
            let text = text.to_owned();
            self.push_comment("SCHEMA", &qn, None, Some(&s.owner), &text, id);
        }
    }

    fn extension(&mut self, id: i32, i: usize) {
        let Some(x) = self.catalog.extensions.get(i) else { return };
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

    fn attrdef_of(&self, table_oid: u32, attnum: i16) -> Option<(&str, bool)> {
        self.graph.objects().iter().find_map(|o| match o.source {
            Source::AttrDef(k) => {
                let d = self.catalog.attrdefs.get(k)?;
                (d.table == table_oid && d.attnum == attnum)
                    .then_some((d.expr.as_str(), o.separate))
            }
            _ => None,
        })
    }

    fn check_separate(&self, k: usize) -> bool {
        self.graph
            .objects()
            .iter()
            .find(|o| o.source == Source::Check(k))
            .is_some_and(|o| o.separate)
    }

    fn table(&mut self, id: i32, i: usize) {
        let Some(t) = self.catalog.tables.get(i) else { return };
        if t.kind == RelKind::Sequence {
            return self.sequence(id, t);
        }
        let qual = quote_qualified(&t.schema, &t.name);
        let mut s = String::new();
        s.push_str("CREATE ");
        if t.persistence == 'u' {
            s.push_str("UNLOGGED ");
        }
        s.push_str("TABLE ");
        s.push_str(&qual);
        if let Some(of) = &t.of_type {
            s.push_str(" OF ");
            s.push_str(of);
        }
        let parents: Vec<&Table> =
            t.parents.iter().filter_map(|p| self.tables.get(p).copied()).collect();
        let inh_not_null = |name: &str| {
            parents
                .iter()
                .any(|p| p.columns.iter().any(|c| c.name == name && !c.dropped && c.not_null))
        };
        let printed = |c: &crate::model::Column| !c.dropped && (c.is_local || t.is_partition);
        let mut n = 0;
        for c in &t.columns {
            if !printed(c) {
                continue;
            }
            let default = self.attrdef_of(t.oid, c.attnum).filter(|(_, sep)| !sep).map(|(e, _)| e);
            let print_notnull = c.not_null && (!inh_not_null(&c.name) || t.is_partition);
            if t.of_type.is_some() && default.is_none() && !print_notnull {
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
            if print_notnull {
                s.push_str(" NOT NULL");
            }
            if let Some((cs, cn)) = &c.collation {
                s.push_str(" COLLATE ");
                s.push_str(&quote_qualified(cs, cn));
            }
        }
        let checks: Vec<(usize, &crate::model::CheckConstraint)> =
            self.catalog.checks.iter().enumerate().filter(|(_, c)| c.table == t.oid).collect();
        for &(k, c) in &checks {
            if self.check_separate(k) || (!c.is_local && !t.is_partition) {
                continue;
            }
            s.push_str(if n == 0 { " (\n    " } else { ",\n    " });
            s.push_str(&format!("CONSTRAINT {} {}", q(&c.name), c.definition));
            n += 1;
        }
        if n > 0 {
            s.push_str("\n)");
        } else if t.of_type.is_none() {
            s.push_str(" (\n)");
        }
        if !parents.is_empty() && !t.is_partition {
            let names: Vec<String> =
                parents.iter().map(|p| quote_qualified(&p.schema, &p.name)).collect();
            s.push_str(&format!("\nINHERITS ({})", names.join(", ")));
        }
        if let Some(key) = &t.partition_key {
            s.push_str(&format!("\nPARTITION BY {key}"));
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
        s.push_str(";\n");
        for c in &t.columns {
            if c.dropped {
                continue;
            }
            let qc = q(&c.name);
            if !printed(c) && c.not_null && !inh_not_null(&c.name) {
                s.push_str(&format!("ALTER TABLE ONLY {qual} ALTER COLUMN {qc} SET NOT NULL;\n"));
            }
            if c.stat_target >= 0 {
                s.push_str(&format!(
                    "ALTER TABLE ONLY {qual} ALTER COLUMN {qc} SET STATISTICS {};\n",
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
                        "ALTER TABLE ONLY {qual} ALTER COLUMN {qc} SET STORAGE {st};\n"
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
                    "ALTER TABLE ONLY {qual} ALTER COLUMN {qc} SET COMPRESSION {cm};\n"
                ));
            }
            if !c.options.is_empty() {
                s.push_str(&format!(
                    "ALTER TABLE ONLY {qual} ALTER COLUMN {qc} SET ({});\n",
                    c.options
                ));
            }
        }
        match t.replica_identity {
            'n' => s.push_str(&format!("\nALTER TABLE ONLY {qual} REPLICA IDENTITY NOTHING;\n")),
            'f' => s.push_str(&format!("\nALTER TABLE ONLY {qual} REPLICA IDENTITY FULL;\n")),
            _ => {}
        }
        if t.force_rls {
            s.push_str(&format!("\nALTER TABLE ONLY {qual} FORCE ROW LEVEL SECURITY;\n"));
        }
        let mut e = entry(id, ObjectId::new(PG_CLASS, t.oid), "TABLE", &t.name, Section::PreData);
        e.namespace = Some(t.schema.clone());
        e.tablespace = Some(t.tablespace.clone());
        e.tableam = if t.kind == RelKind::Table { t.access_method.clone() } else { None };
        e.owner = Some(t.owner.clone());
        e.defn = Some(s);
        e.drop_stmt = Some(format!("DROP TABLE {qual};\n"));
        self.push_object_entry(id, e);

        // dumpTableComment, then comments on inline CHECK constraints.
        let qt = q(&t.name);
        let mut table_comments: Vec<(i32, String)> = self
            .comments
            .get(&ObjectId::new(PG_CLASS, t.oid))
            .map(|v| v.iter().map(|(s, c)| (*s, (*c).to_owned())).collect())
            .unwrap_or_default();
        table_comments.sort_by_key(|(s, _)| *s);
        for (subid, text) in table_comments {
            if subid == 0 {
                self.push_comment("TABLE", &qt, Some(&t.schema), Some(&t.owner), &text, id);
            } else if let Some(c) = t.columns.iter().find(|c| i32::from(c.attnum) == subid) {
                let name = format!("{qt}.{}", q(&c.name));
                self.push_comment("COLUMN", &name, Some(&t.schema), Some(&t.owner), &text, id);
            }
        }
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
        e.defn =
            Some(format!("ALTER TABLE ONLY {qual} ALTER COLUMN {qc} SET DEFAULT {};\n", d.expr));
        e.drop_stmt = Some(format!("ALTER TABLE {qual} ALTER COLUMN {qc} DROP DEFAULT;\n"));
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
        let Some(parent) = ix.parent.and_then(|p| self.catalog.indexes.iter().find(|x| x.oid == p))
        else {
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
        if let Some(text) = self.comment(ObjectId::new(PG_CONSTRAINT, con_oid), 0) {
            let text = text.to_owned();
            let kind = format!("CONSTRAINT {} ON", q(name));
            self.push_comment(&kind, &q(&t.name), Some(&t.schema), Some(&t.owner), &text, dep);
        }
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
        let tqual = quote_qualified(&t.schema, &t.name);
        let mut e = entry(
            id,
            ObjectId::new(PG_CONSTRAINT, c.oid),
            "CHECK CONSTRAINT",
            &format!("{} {}", t.name, c.name),
            Section::PostData,
        );
        e.namespace = Some(t.schema.clone());
        e.owner = Some(t.owner.clone());
        e.defn = Some(format!(
            "ALTER TABLE {tqual}\n    ADD CONSTRAINT {} {};\n",
            q(&c.name),
            c.definition
        ));
        e.drop_stmt = Some(format!("ALTER TABLE {tqual} DROP CONSTRAINT {};\n", q(&c.name)));
        self.push_object_entry(id, e);
        self.constraint_comment(c.oid, &c.name, t, id);
    }

    fn foreign_key(&mut self, id: i32, i: usize) {
        let Some(fk) = self.catalog.foreign_keys.get(i) else { return };
        let Some(t) = self.tables.get(&fk.table).copied() else { return };
        let only = if t.kind == RelKind::PartitionedTable { "" } else { "ONLY " };
        let tqual = quote_qualified(&t.schema, &t.name);
        let mut e = entry(
            id,
            ObjectId::new(PG_CONSTRAINT, fk.oid),
            "FK CONSTRAINT",
            &format!("{} {}", t.name, fk.name),
            Section::PostData,
        );
        e.namespace = Some(t.schema.clone());
        e.owner = Some(t.owner.clone());
        e.defn = Some(format!(
            "ALTER TABLE {only}{tqual}\n    ADD CONSTRAINT {} {};\n",
            q(&fk.name),
            fk.definition
        ));
        e.drop_stmt = Some(format!("ALTER TABLE {only}{tqual} DROP CONSTRAINT {};\n", q(&fk.name)));
        self.push_object_entry(id, e);
        self.constraint_comment(fk.oid, &fk.name, t, id);
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
