//! pg_dump 18's planner statistics (`--statistics`, `--statistics-only`): one STATISTICS
//! DATA entry per dumped table, partitioned table, materialized view, foreign table and
//! index, whose SQL calls `pg_restore_relation_stats` (`relpages`, `reltuples`,
//! `relallvisible`, and `relallfrozen` from servers 18 on) and `pg_restore_attribute_stats`
//! once per row of `pg_stats` (by `attname` for a table's columns, by `attnum` for an index's
//! expression columns), every argument written as pg_dump 18 writes it: a string literal cast
//! to the function's parameter type, NULL values left out, the source server's
//! `server_version_num` as `version`.
//!
//! Entries as pg_dump 18 makes them (observed from pg_dump 18.6 against servers 15 to 18):
//! tag the relation's name, namespace its schema, no owner, no drop statement. A table's
//! (also a foreign table's, a partitioned table's, and a materialized view's when its data
//! is not dumped) is in the data section and depends on the relation and the pre-data
//! boundary; a materialized view's whose REFRESH is dumped (or would be, but the view is not
//! populated) is in post-data and depends on the view, its REFRESH and the post-data
//! boundary; an index's is in post-data and depends on the index, the constraint it backs
//! (if any) and the post-data boundary. Dependencies keep naming objects left out of the
//! archive (as in pg_dump's `--statistics-only` archives).
//!
//! Placement: the data section's entries, sorted by schema and name, just before the first
//! post-data entry (after the data, as pg_dump 18's order puts them); an index's right after
//! its INDEX or CONSTRAINT entry, a materialized view's right after its REFRESH (its indexes'
//! after it: the REFRESH rebuilds them); the others, sorted, at the end.
//!
//! The two queries (relation statistics from `pg_class`, attribute statistics from `pg_stats`,
//! which leaves out columns the dumping role may not read) run on the leader's session, in the
//! dump's snapshot; every value is read as the server's text output, so the SQL carries
//! exactly what pg_dump's would.

use std::collections::{BTreeMap, BTreeSet};

use tusk_archive::{Section, TocEntry};
use tusk_catalog::{Catalog, RelKind, RelationIds};
use tusk_pg::quote::{quote_literal, quote_literal_e};

use crate::error::{DumpError, Role};
use crate::filter::{Resolved, Selection};
use crate::snapshot::Leader;

/// The entry type.
pub(crate) const STATISTICS_DATA: &str = "STATISTICS DATA";

/// The arguments of `pg_restore_attribute_stats` after the attribute and `inherited`, in
/// pg_dump 18's order, with their types: the columns of `pg_stats` of those names.
const ATTRIBUTE_ARGUMENTS: [(&str, &str); 13] = [
    ("null_frac", "real"),
    ("avg_width", "integer"),
    ("n_distinct", "real"),
    ("most_common_vals", "text"),
    ("most_common_freqs", "real[]"),
    ("histogram_bounds", "text"),
    ("correlation", "real"),
    ("most_common_elems", "text"),
    ("most_common_elem_freqs", "real[]"),
    ("elem_count_histogram", "real[]"),
    ("range_length_histogram", "text"),
    ("range_empty_frac", "real"),
    ("range_bounds_histogram", "text"),
];

/// `pg_stats` has the range columns from PostgreSQL 17 on.
const RANGE_STATS_VERSION: u32 = 170_000;
/// `pg_class.relallfrozen` exists from PostgreSQL 18 on.
const RELALLFROZEN_VERSION: u32 = 180_000;

/// One relation whose statistics are dumped.
#[derive(Debug)]
struct Relation {
    oid: u32,
    schema: String,
    name: String,
    /// An index: its attribute statistics are named by `attnum`.
    index: bool,
    section: Section,
    dependencies: Vec<i32>,
    /// The entry it follows in the archive (a dump id of the plan, or of another statistics
    /// entry), if any.
    anchor: Option<Anchor>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    /// The plan's entry of this dump id.
    Entry(i32),
    /// The statistics entry of this relation.
    Statistics(u32),
}

/// The STATISTICS DATA entries of a dump, before they get their dump ids and their place.
#[derive(Debug, Default)]
pub(crate) struct Statistics {
    /// (relation OID, anchor, entry with dump id 0), sorted by schema and name.
    entries: Vec<(u32, Option<Anchor>, TocEntry)>,
}

impl Statistics {
    /// How many entries.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Gives the entries their dump ids (in archive order of kind: the data section's, then
    /// the others) and puts them into `toc` (the plan's entries in order, large objects
    /// placed): see the module documentation.
    pub(crate) fn place(self, toc: &mut Vec<TocEntry>, next_id: &mut impl FnMut() -> i32) {
        let (data, post): (Vec<_>, Vec<_>) =
            self.entries.into_iter().partition(|(_, _, e)| e.section == Section::Data);
        let mut data: Vec<TocEntry> = data.into_iter().map(|(_, _, e)| e).collect();
        for e in &mut data {
            e.dump_id = next_id();
        }
        let mut post: Vec<(u32, Option<Anchor>, TocEntry)> = post;
        for (_, _, e) in &mut post {
            e.dump_id = next_id();
        }
        // Entries anchored on a plan entry or on another statistics entry, in sorted order.
        let mut on_entry: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        let mut on_stats: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        let mut loose: Vec<usize> = Vec::new();
        let posted: BTreeSet<u32> = post.iter().map(|(oid, _, _)| *oid).collect();
        let present: BTreeSet<i32> = toc.iter().map(|e| e.dump_id).collect();
        for (k, (_, anchor, _)) in post.iter().enumerate() {
            match anchor {
                Some(Anchor::Entry(id)) if present.contains(id) => {
                    on_entry.entry(*id).or_default().push(k);
                }
                Some(Anchor::Statistics(oid)) if posted.contains(oid) => {
                    on_stats.entry(*oid).or_default().push(k);
                }
                _ => loose.push(k),
            }
        }
        let mut post: Vec<Option<(u32, Option<Anchor>, TocEntry)>> =
            post.into_iter().map(Some).collect();
        let first_post =
            toc.iter().position(|e| e.section == Section::PostData).unwrap_or(toc.len());
        let old = std::mem::take(toc);
        toc.reserve_exact(old.len() + data.len() + post.len());
        let mut data = Some(data);
        // Appends entry k and, after it, the entries anchored on it.
        fn push(
            k: usize,
            post: &mut [Option<(u32, Option<Anchor>, TocEntry)>],
            on_stats: &BTreeMap<u32, Vec<usize>>,
            toc: &mut Vec<TocEntry>,
        ) {
            let Some((oid, _, entry)) = post.get_mut(k).and_then(Option::take) else { return };
            toc.push(entry);
            for &j in on_stats.get(&oid).into_iter().flatten() {
                push(j, post, on_stats, toc);
            }
        }
        for (position, entry) in old.into_iter().enumerate() {
            if position == first_post {
                toc.extend(data.take().into_iter().flatten());
            }
            let id = entry.dump_id;
            toc.push(entry);
            for &k in on_entry.get(&id).into_iter().flatten() {
                push(k, &mut post, &on_stats, toc);
            }
        }
        toc.extend(data.take().into_iter().flatten());
        for k in loose {
            push(k, &mut post, &on_stats, toc);
        }
        // An entry anchored on a statistics entry that was itself never placed.
        for k in 0..post.len() {
            push(k, &mut post, &on_stats, toc);
        }
    }
}

/// The relations whose statistics pg_dump 18 dumps with this selection: the tables,
/// partitioned tables, materialized views and foreign tables whose definition `kept` (the
/// selected entries of a dump of schema and data) holds, and the indexes whose INDEX or
/// CONSTRAINT entry it holds.
fn relations(
    catalog: &Catalog,
    ids: &RelationIds,
    kept: &[TocEntry],
    selection: &Selection,
    resolved: &Resolved,
) -> Vec<Relation> {
    let kept: BTreeSet<i32> = kept.iter().map(|e| e.dump_id).collect();
    let mut out = Vec::new();
    // pg_dump makes a materialized view's REFRESH object only when it dumps data, and not for
    // a view whose data --exclude-table-data leaves out.
    let refreshed =
        |oid: u32| !selection.statistics_only && !resolved.exclude_table_data.contains(&oid);
    let mut post_views: BTreeSet<u32> = BTreeSet::new();
    for t in &catalog.tables {
        if !matches!(
            t.kind,
            RelKind::Table | RelKind::PartitionedTable | RelKind::MatView | RelKind::ForeignTable
        ) {
            continue;
        }
        let Some(&id) = ids.table.get(&t.oid) else { continue };
        if !kept.contains(&id) {
            continue;
        }
        let refresh = ids.refresh.get(&t.oid).copied();
        let (section, dependencies, anchor) = match refresh {
            Some(r) if t.kind == RelKind::MatView && refreshed(t.oid) => {
                post_views.insert(t.oid);
                (Section::PostData, vec![id, r, ids.post_boundary], Some(Anchor::Entry(r)))
            }
            _ => (Section::Data, vec![id, ids.pre_boundary], None),
        };
        out.push(Relation {
            oid: t.oid,
            schema: t.schema.clone(),
            name: t.name.clone(),
            index: false,
            section,
            dependencies,
            anchor,
        });
    }
    let tables: BTreeMap<u32, &tusk_catalog::Table> =
        catalog.tables.iter().map(|t| (t.oid, t)).collect();
    for x in &catalog.indexes {
        let Some(table) = tables.get(&x.table) else { continue };
        let index = ids.index.get(&x.oid).copied();
        let constraint = ids.constraint.get(&x.oid).copied();
        let Some(entry) = constraint.or(index) else { continue };
        if !kept.contains(&entry) {
            continue;
        }
        let mut dependencies: Vec<i32> = index.into_iter().chain(constraint).collect();
        dependencies.push(ids.post_boundary);
        // REFRESH MATERIALIZED VIEW rebuilds the view's indexes: their statistics follow the
        // view's, which follow the REFRESH.
        let anchor = if post_views.contains(&x.table) {
            Anchor::Statistics(x.table)
        } else {
            Anchor::Entry(entry)
        };
        out.push(Relation {
            oid: x.oid,
            schema: table.schema.clone(),
            name: x.name.clone(),
            index: true,
            section: Section::PostData,
            dependencies,
            anchor: Some(anchor),
        });
    }
    out.sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
    out
}

/// `pg_class`'s statistics of one relation, as the server prints them.
#[derive(Debug)]
struct RelationStats {
    relpages: String,
    reltuples: String,
    relallvisible: String,
    /// `None` before PostgreSQL 18.
    relallfrozen: Option<String>,
}

/// One row of `pg_stats`, as the server prints it.
#[derive(Debug)]
struct AttributeStats {
    attname: String,
    attnum: i16,
    inherited: bool,
    /// The values of [`ATTRIBUTE_ARGUMENTS`], in that order.
    values: Vec<Option<String>>,
}

fn read_error(action: &'static str) -> impl Fn(tokio_postgres::Error) -> DumpError {
    move |source| DumpError::Session { role: Role::Leader, action, source }
}

/// The relation statistics of `oids`, in the snapshot.
async fn read_relation_stats(
    leader: &Leader,
    oids: &[i64],
) -> Result<BTreeMap<u32, RelationStats>, DumpError> {
    let frozen = if leader.server_version_num() >= RELALLFROZEN_VERSION {
        "c.relallfrozen::pg_catalog.text"
    } else {
        "NULL::pg_catalog.text"
    };
    let sql = format!(
        "SELECT c.oid, c.relpages::pg_catalog.text, c.reltuples::pg_catalog.text, \
         c.relallvisible::pg_catalog.text, {frozen} \
         FROM pg_catalog.pg_class c \
         WHERE c.oid::pg_catalog.int8 OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.int8[])"
    );
    let err = read_error("read the relations' statistics");
    let rows = leader.session().query(&sql, &[&oids]).await.map_err(&err)?;
    let mut out = BTreeMap::new();
    for row in rows {
        out.insert(
            row.try_get(0).map_err(&err)?,
            RelationStats {
                relpages: row.try_get(1).map_err(&err)?,
                reltuples: row.try_get(2).map_err(&err)?,
                relallvisible: row.try_get(3).map_err(&err)?,
                relallfrozen: row.try_get(4).map_err(&err)?,
            },
        );
    }
    Ok(out)
}

/// The attribute statistics of `oids` from `pg_stats`, in the snapshot, per relation in
/// pg_dump's order (`attname`, then `inherited`).
async fn read_attribute_stats(
    leader: &Leader,
    oids: &[i64],
) -> Result<BTreeMap<u32, Vec<AttributeStats>>, DumpError> {
    let ranges = if leader.server_version_num() >= RANGE_STATS_VERSION {
        "s.range_length_histogram::pg_catalog.text, s.range_empty_frac::pg_catalog.text, \
         s.range_bounds_histogram::pg_catalog.text"
    } else {
        "NULL::pg_catalog.text, NULL::pg_catalog.text, NULL::pg_catalog.text"
    };
    let sql = format!(
        "SELECT c.oid, s.attname::pg_catalog.text, a.attnum, s.inherited, \
         s.null_frac::pg_catalog.text, s.avg_width::pg_catalog.text, \
         s.n_distinct::pg_catalog.text, s.most_common_vals::pg_catalog.text, \
         s.most_common_freqs::pg_catalog.text, s.histogram_bounds::pg_catalog.text, \
         s.correlation::pg_catalog.text, s.most_common_elems::pg_catalog.text, \
         s.most_common_elem_freqs::pg_catalog.text, s.elem_count_histogram::pg_catalog.text, \
         {ranges} \
         FROM pg_catalog.pg_class c \
         JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace \
         JOIN pg_catalog.pg_stats s ON s.schemaname OPERATOR(pg_catalog.=) n.nspname \
           AND s.tablename OPERATOR(pg_catalog.=) c.relname \
         JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) c.oid \
           AND a.attname OPERATOR(pg_catalog.=) s.attname \
         WHERE c.oid::pg_catalog.int8 OPERATOR(pg_catalog.=) ANY ($1::pg_catalog.int8[]) \
         ORDER BY c.oid, s.attname, s.inherited"
    );
    let err = read_error("read the attribute statistics");
    let rows = leader.session().query(&sql, &[&oids]).await.map_err(&err)?;
    let mut out: BTreeMap<u32, Vec<AttributeStats>> = BTreeMap::new();
    for row in rows {
        let oid: u32 = row.try_get(0).map_err(&err)?;
        let mut values = Vec::with_capacity(ATTRIBUTE_ARGUMENTS.len());
        for k in 0..ATTRIBUTE_ARGUMENTS.len() {
            values.push(row.try_get(4 + k).map_err(&err)?);
        }
        out.entry(oid).or_default().push(AttributeStats {
            attname: row.try_get(1).map_err(&err)?,
            attnum: row.try_get(2).map_err(&err)?,
            inherited: row.try_get(3).map_err(&err)?,
            values,
        });
    }
    Ok(out)
}

/// How pg_dump writes a string literal: standard-conforming, or (with
/// `standard_conforming_strings` off) with backslashes doubled in an `E''` literal.
fn literal(value: &str, std_strings: bool) -> String {
    if std_strings { quote_literal(value) } else { quote_literal_e(value) }
}

/// One call of a restore function: `SELECT * FROM pg_catalog.<function>(` and the named
/// arguments, one per line, as pg_dump 18 writes them.
fn call(out: &mut String, function: &str, arguments: &[(&str, String)]) {
    out.push_str("SELECT * FROM pg_catalog.");
    out.push_str(function);
    out.push('(');
    for (k, (name, value)) in arguments.iter().enumerate() {
        out.push_str(if k == 0 { "\n\t" } else { ",\n\t" });
        out.push('\'');
        out.push_str(name);
        out.push_str("', ");
        out.push_str(value);
    }
    out.push_str("\n);\n");
}

/// The SQL of one relation's entry.
fn definition(
    relation: &Relation,
    version: u32,
    stats: &RelationStats,
    attributes: &[AttributeStats],
    std_strings: bool,
) -> String {
    let typed = |value: &str, ty: &str| format!("{}::{ty}", literal(value, std_strings));
    let version = typed(&version.to_string(), "integer");
    let schema = literal(&relation.schema, std_strings);
    let name = literal(&relation.name, std_strings);
    let mut out = String::new();
    let mut arguments = vec![
        ("version", version.clone()),
        ("schemaname", schema.clone()),
        ("relname", name.clone()),
        ("relpages", typed(&stats.relpages, "integer")),
        ("reltuples", typed(&stats.reltuples, "real")),
        ("relallvisible", typed(&stats.relallvisible, "integer")),
    ];
    if let Some(frozen) = &stats.relallfrozen {
        arguments.push(("relallfrozen", typed(frozen, "integer")));
    }
    call(&mut out, "pg_restore_relation_stats", &arguments);
    for a in attributes {
        let mut arguments = vec![
            ("version", version.clone()),
            ("schemaname", schema.clone()),
            ("relname", name.clone()),
        ];
        if relation.index {
            arguments.push(("attnum", typed(&a.attnum.to_string(), "smallint")));
        } else {
            arguments.push(("attname", literal(&a.attname, std_strings)));
        }
        arguments.push(("inherited", typed(if a.inherited { "t" } else { "f" }, "boolean")));
        for ((arg, ty), value) in ATTRIBUTE_ARGUMENTS.iter().zip(&a.values) {
            if let Some(value) = value {
                arguments.push((arg, typed(value, ty)));
            }
        }
        call(&mut out, "pg_restore_attribute_stats", &arguments);
    }
    out
}

/// Reads, in the leader's snapshot, the statistics of the relations pg_dump 18 would dump
/// them for (see [`relations`]) and builds their entries. `std_strings`: the source's
/// `standard_conforming_strings` is on.
pub(crate) async fn read(
    leader: &Leader,
    catalog: &Catalog,
    ids: &RelationIds,
    kept: &[TocEntry],
    selection: &Selection,
    resolved: &Resolved,
    std_strings: bool,
) -> Result<Statistics, DumpError> {
    let relations = relations(catalog, ids, kept, selection, resolved);
    if relations.is_empty() {
        return Ok(Statistics::default());
    }
    let oids: Vec<i64> = relations.iter().map(|r| i64::from(r.oid)).collect();
    let relation_stats = read_relation_stats(leader, &oids).await?;
    let mut attribute_stats = read_attribute_stats(leader, &oids).await?;
    let version = leader.server_version_num();
    let mut entries = Vec::with_capacity(relations.len());
    for relation in relations {
        // A relation dropped since the catalog was read (pg_class rows are read in the
        // snapshot, so only a concurrent in-place change could do this): nothing to dump.
        let Some(stats) = relation_stats.get(&relation.oid) else { continue };
        let attributes = attribute_stats.remove(&relation.oid).unwrap_or_default();
        let mut e = TocEntry::new(0, STATISTICS_DATA, relation.section);
        e.tag = Some(relation.name.clone());
        e.namespace = Some(relation.schema.clone());
        e.defn = Some(definition(&relation, version, stats, &attributes, std_strings));
        e.dependencies = relation.dependencies.clone();
        entries.push((relation.oid, relation.anchor, e));
    }
    Ok(Statistics { entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relation(index: bool) -> Relation {
        Relation {
            oid: 1,
            schema: "S x".to_owned(),
            name: "it's".to_owned(),
            index,
            section: Section::Data,
            dependencies: Vec::new(),
            anchor: None,
        }
    }

    fn stats(frozen: Option<&str>) -> RelationStats {
        RelationStats {
            relpages: "31".to_owned(),
            reltuples: "2000".to_owned(),
            relallvisible: "0".to_owned(),
            relallfrozen: frozen.map(str::to_owned),
        }
    }

    fn attribute(name: &str, attnum: i16, inherited: bool) -> AttributeStats {
        let mut values = vec![None; ATTRIBUTE_ARGUMENTS.len()];
        values[0] = Some("0".to_owned());
        values[1] = Some("4".to_owned());
        values[2] = Some("-1".to_owned());
        values[5] = Some(r#"{"a\\b",x}"#.to_owned());
        values[9] = Some("{2,2}".to_owned());
        AttributeStats { attname: name.to_owned(), attnum, inherited, values }
    }

    #[test]
    fn table_statistics_are_written_as_pg_dump_18_writes_them() {
        let sql = definition(
            &relation(false),
            180_004,
            &stats(Some("0")),
            &[attribute("Mixed Col", 3, false), attribute("Mixed Col", 3, true)],
            true,
        );
        let expected = "SELECT * FROM pg_catalog.pg_restore_relation_stats(\n\
            \t'version', '180004'::integer,\n\
            \t'schemaname', 'S x',\n\
            \t'relname', 'it''s',\n\
            \t'relpages', '31'::integer,\n\
            \t'reltuples', '2000'::real,\n\
            \t'relallvisible', '0'::integer,\n\
            \t'relallfrozen', '0'::integer\n\
            );\n\
            SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n\
            \t'version', '180004'::integer,\n\
            \t'schemaname', 'S x',\n\
            \t'relname', 'it''s',\n\
            \t'attname', 'Mixed Col',\n\
            \t'inherited', 'f'::boolean,\n\
            \t'null_frac', '0'::real,\n\
            \t'avg_width', '4'::integer,\n\
            \t'n_distinct', '-1'::real,\n\
            \t'histogram_bounds', '{\"a\\\\b\",x}'::text,\n\
            \t'elem_count_histogram', '{2,2}'::real[]\n\
            );\n";
        assert_eq!(&sql[..expected.len()], expected);
        assert!(sql.ends_with("\t'inherited', 't'::boolean,\n\t'null_frac', '0'::real,\n\t'avg_width', '4'::integer,\n\t'n_distinct', '-1'::real,\n\t'histogram_bounds', '{\"a\\\\b\",x}'::text,\n\t'elem_count_histogram', '{2,2}'::real[]\n);\n"), "{sql}");
    }

    #[test]
    fn index_statistics_name_attributes_by_number_and_old_servers_have_no_relallfrozen() {
        let sql = definition(
            &relation(true),
            150_018,
            &stats(None),
            &[attribute("lower", 2, false)],
            false,
        );
        assert!(sql.contains("\t'version', '150018'::integer,\n"), "{sql}");
        assert!(sql.contains("\t'relallvisible', '0'::integer\n);\n"), "{sql}");
        assert!(!sql.contains("relallfrozen"), "{sql}");
        assert!(sql.contains("\t'attnum', '2'::smallint,\n\t'inherited', 'f'::boolean,\n"));
        assert!(!sql.contains("attname"), "{sql}");
        // standard_conforming_strings off: backslashes doubled in an E'' literal.
        assert!(sql.contains("\t'histogram_bounds', E'{\"a\\\\\\\\b\",x}'::text,\n"), "{sql}");
    }

    fn entry(id: i32, desc: &str, section: Section) -> TocEntry {
        let mut e = TocEntry::new(id, desc, section);
        e.tag = Some(format!("{desc} {id}"));
        e
    }

    fn stats_entry(
        oid: u32,
        section: Section,
        anchor: Option<Anchor>,
    ) -> (u32, Option<Anchor>, TocEntry) {
        let mut e = TocEntry::new(0, STATISTICS_DATA, section);
        e.tag = Some(format!("stats {oid}"));
        (oid, anchor, e)
    }

    #[test]
    fn entries_go_after_the_data_their_objects_and_the_refreshes() {
        let mut toc = vec![
            entry(1, "TABLE", Section::PreData),
            entry(2, "TABLE DATA", Section::Data),
            entry(3, "BLOBS", Section::Data),
            entry(4, "INDEX", Section::PostData),
            entry(5, "CONSTRAINT", Section::PostData),
            entry(6, "MATERIALIZED VIEW DATA", Section::PostData),
        ];
        let stats = Statistics {
            entries: vec![
                stats_entry(10, Section::Data, None),
                stats_entry(11, Section::PostData, Some(Anchor::Entry(5))),
                stats_entry(12, Section::PostData, Some(Anchor::Statistics(14))),
                stats_entry(13, Section::PostData, Some(Anchor::Entry(99))),
                stats_entry(14, Section::PostData, Some(Anchor::Entry(6))),
                stats_entry(15, Section::Data, None),
                stats_entry(16, Section::PostData, Some(Anchor::Entry(4))),
            ],
        };
        let mut id = 100;
        stats.place(&mut toc, &mut || {
            id += 1;
            id
        });
        let tags: Vec<&str> = toc.iter().map(|e| e.tag.as_deref().unwrap_or("")).collect();
        assert_eq!(
            tags,
            [
                "TABLE 1",
                "TABLE DATA 2",
                "BLOBS 3",
                "stats 10",
                "stats 15",
                "INDEX 4",
                "stats 16",
                "CONSTRAINT 5",
                "stats 11",
                "MATERIALIZED VIEW DATA 6",
                "stats 14",
                "stats 12",
                "stats 13",
            ]
        );
        let ids: Vec<i32> = toc.iter().map(|e| e.dump_id).collect();
        assert_eq!(ids[3..5], [101, 102], "the data section's entries are numbered first");
        let unique: BTreeSet<i32> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len());
    }
}
