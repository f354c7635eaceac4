//! PostgreSQL 18's planner statistics (issue 7, item 4): `tusk dump --statistics` writes the
//! STATISTICS DATA entries pg_dump 18 writes (against an 18 server, and against a 16 one,
//! which pg_dump 18 dumps without `relallfrozen` and range statistics), and `tusk restore`
//! puts them into an 18 database instead of running ANALYZE, table by table.
//!
//! The servers come from `scripts/pg-install`; a missing one fails the test with the command
//! that installs it (nothing is skipped). The source's tables have autovacuum off and are
//! vacuumed and analyzed once, so that their statistics cannot change between the dumps
//! compared or before the restore.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tusk::archive::{Archive, ArchiveWriter, TocEntry, WriterOptions};
use tusk_testkit::{Cluster, TestDatabase};
use tusk_tests::check;

use crate::tusk;

/// Every relation kind pg_dump 18 dumps statistics for, with awkward names and values: a
/// table with array, range, tsvector, numeric and timestamp columns and an expression index,
/// quotes and backslashes in names and values, a table never analyzed, a partitioned table
/// with a primary key and an index, inheritance (inherited statistics), an exclusion
/// constraint, a materialized view with an index and one never populated, an unlogged table
/// and a foreign table.
const SOURCE_SQL: &str = r#"
CREATE SCHEMA "Odd Schema";
CREATE TABLE "Odd Schema"."Mixed Case" (
    id int PRIMARY KEY, "Sel ect" text, tags text[], r int4range, doc tsvector, n numeric,
    ts timestamptz
) WITH (autovacuum_enabled = off, toast.autovacuum_enabled = off);
INSERT INTO "Odd Schema"."Mixed Case"
    SELECT g, 'n' || (g % 17), ARRAY['a' || (g % 5), 'b' || (g % 3)], int4range(g, g + 10),
           to_tsvector('simple', 'w' || (g % 7) || ' x' || (g % 11)), g / 3.0,
           TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 hour'
    FROM generate_series(1, 2000) g;
CREATE INDEX mixed_expr ON "Odd Schema"."Mixed Case" ((lower("Sel ect")), id, (n * 2));
CREATE INDEX mixed_plain ON "Odd Schema"."Mixed Case" ("Sel ect");
CREATE TABLE public."it's" (a text, b bytea) WITH (autovacuum_enabled = off);
INSERT INTO public."it's" SELECT E'x\\y''z' || (g % 3), '\x00ff' FROM generate_series(1, 200) g;
CREATE TABLE public.never (a int) WITH (autovacuum_enabled = off);
INSERT INTO public.never VALUES (1), (2);
CREATE TABLE public.parted (k int PRIMARY KEY, v text) PARTITION BY RANGE (k);
CREATE TABLE public.parted_1 PARTITION OF public.parted FOR VALUES FROM (0) TO (1000)
    WITH (autovacuum_enabled = off);
CREATE TABLE public.parted_2 PARTITION OF public.parted FOR VALUES FROM (1000) TO (3000)
    WITH (autovacuum_enabled = off);
CREATE INDEX parted_v ON public.parted (v);
INSERT INTO public.parted SELECT g, 'v' || g FROM generate_series(1, 2500) g;
CREATE TABLE public.par (a int) WITH (autovacuum_enabled = off);
CREATE TABLE public.chld (b int) INHERITS (public.par) WITH (autovacuum_enabled = off);
INSERT INTO public.par SELECT g FROM generate_series(1, 50) g;
INSERT INTO public.chld SELECT g, g FROM generate_series(1, 50) g;
CREATE TABLE public.ex (r int4range, EXCLUDE USING gist (r WITH &&))
    WITH (autovacuum_enabled = off);
INSERT INTO public.ex SELECT int4range(g * 10, g * 10 + 5) FROM generate_series(1, 300) g;
CREATE MATERIALIZED VIEW public.mv WITH (autovacuum_enabled = off) AS
    SELECT id, "Sel ect" AS s FROM "Odd Schema"."Mixed Case" WHERE id < 500;
CREATE UNIQUE INDEX mv_id ON public.mv (id);
CREATE MATERIALIZED VIEW public.mv_empty WITH (autovacuum_enabled = off) AS
    SELECT 1 AS x WITH NO DATA;
CREATE UNLOGGED TABLE public.ul (a int) WITH (autovacuum_enabled = off);
INSERT INTO public.ul SELECT generate_series(1, 30);
CREATE FOREIGN DATA WRAPPER stats_fdw;
CREATE SERVER stats_server FOREIGN DATA WRAPPER stats_fdw;
CREATE FOREIGN TABLE public.ft (a int) SERVER stats_server;
VACUUM ANALYZE "Odd Schema"."Mixed Case", public."it's", public.parted, public.par,
    public.chld, public.ex, public.mv, public.ul;
"#;

/// The relations of [`SOURCE_SQL`] with statistics entries that are tables (ANALYZE would
/// run on them), by (schema, name).
const TABLES: &[(&str, &str)] = &[
    ("Odd Schema", "Mixed Case"),
    ("public", "chld"),
    ("public", "ex"),
    ("public", "it's"),
    ("public", "mv"),
    ("public", "never"),
    ("public", "par"),
    ("public", "parted_1"),
    ("public", "parted_2"),
    ("public", "ul"),
];

fn source(cluster: &Cluster) -> TestDatabase<'_> {
    let db = cluster.create_database();
    db.psql(SOURCE_SQL);
    db
}

fn pg_dump_18() -> PathBuf {
    tusk_testkit::Installation::client_program(18, "pg_dump").unwrap_or_else(|e| panic!("{e}"))
}

fn tusk_dump(db: &TestDatabase<'_>, dir: &Path, extra: &[&str]) {
    let conninfo = db.conninfo();
    let mut args = vec!["dump", "--no-sync", "-d", &conninfo, "-f", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    check("tusk dump", &tusk(&args));
}

fn pg_dump(db: &TestDatabase<'_>, dir: &Path, extra: &[&str]) {
    let mut cmd = db.cluster().tool_at(&pg_dump_18());
    cmd.args(["--no-sync", "-Fd", "-f", dir.to_str().unwrap()]).args(extra).arg(db.name());
    check("pg_dump 18", &cmd.output().expect("running pg_dump 18"));
}

/// What a STATISTICS DATA entry says, its dump ids replaced by what they name: each
/// dependency as the (type, schema, tag) of its entry, or `None` for a dump id without an
/// entry (the section boundaries, an index behind a constraint, objects left out).
type Normalized = (
    Option<String>,
    i32,
    Option<String>,
    Vec<Option<(String, Option<String>, Option<String>)>>,
    String,
);

/// The STATISTICS DATA entries of an archive by (schema, tag), normalized; the other fields
/// (OIDs, drop and copy statements, tablespace, access method, file) must be as pg_dump
/// leaves them for these entries, which the comparison checks too.
fn statistics_entries(dir: &Path) -> BTreeMap<(String, String), Normalized> {
    let archive = Archive::open(dir).expect("opening the archive");
    let entries: &[TocEntry] = archive.entries();
    let by_id: BTreeMap<i32, &TocEntry> = entries.iter().map(|e| (e.dump_id, e)).collect();
    let mut out = BTreeMap::new();
    for e in entries.iter().filter(|e| e.desc == "STATISTICS DATA") {
        let deps = e
            .dependencies
            .iter()
            .map(|d| by_id.get(d).map(|t| (t.desc.clone(), t.namespace.clone(), t.tag.clone())))
            .collect();
        let rest = format!(
            "had_dumper={} oids={}/{} drop={:?} copy={:?} tablespace={:?} tableam={:?} \
             file={:?}",
            e.had_dumper,
            e.table_oid,
            e.oid,
            e.drop_stmt,
            e.copy_stmt,
            e.tablespace,
            e.tableam,
            e.filename
        );
        let key = (e.namespace.clone().unwrap_or_default(), e.tag.clone().unwrap_or_default());
        let value = (e.owner.clone(), e.section.code(), e.defn.clone(), deps, rest);
        assert!(out.insert(key.clone(), value).is_none(), "two statistics entries for {key:?}");
    }
    out
}

/// Compares the two archives' STATISTICS DATA entries one by one.
fn assert_same_statistics(tusk_dir: &Path, pg_dump_dir: &Path, what: &str) {
    let ours = statistics_entries(tusk_dir);
    let theirs = statistics_entries(pg_dump_dir);
    assert!(!theirs.is_empty(), "{what}: pg_dump 18 wrote no statistics");
    let keys = |m: &BTreeMap<(String, String), Normalized>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&ours), keys(&theirs), "{what}: the relations with statistics entries");
    for (key, expected) in &theirs {
        assert_eq!(&ours[key], expected, "{what}: the STATISTICS DATA entry of {key:?}");
    }
}

#[test]
fn dump_statistics_are_pg_dump_18s_entry_by_entry_on_18_and_16() {
    for major in [18, 16] {
        let cluster = Cluster::shared_major(major);
        let db = source(cluster);
        let tmp = tempfile::tempdir().unwrap();
        let ours = tmp.path().join("tusk");
        let theirs = tmp.path().join("pg_dump");
        tusk_dump(&db, &ours, &["--statistics"]);
        pg_dump(&db, &theirs, &["--statistics"]);
        let what = format!("PostgreSQL {major}");
        assert_same_statistics(&ours, &theirs, &what);
        let entries = statistics_entries(&ours);
        // 13 tables, views and foreign tables (the table never analyzed and the view never
        // populated included) and 11 indexes.
        assert_eq!(entries.len(), 24, "{what}: {:?}", entries.keys());
        let t = &entries[&("Odd Schema".to_owned(), "Mixed Case".to_owned())];
        let defn = t.2.as_deref().unwrap_or("");
        assert!(defn.contains(&format!("'version', '{}", major)), "{what}: {defn}");
        assert_eq!(defn.contains("'relallfrozen'"), major >= 18, "{what}: {defn}");
        assert_eq!(defn.contains("'range_bounds_histogram'"), major >= 17, "{what}: {defn}");
        let index = &entries[&("Odd Schema".to_owned(), "mixed_expr".to_owned())];
        let defn = index.2.as_deref().unwrap_or("");
        assert!(defn.contains("\t'attnum', '3'::smallint,\n"), "{what}: {defn}");

        // No statistics by default, as pg_dump 18's, nor with --no-statistics.
        if major == 18 {
            for (k, extra) in [&[][..], &["--no-statistics"][..]].into_iter().enumerate() {
                let plain = tmp.path().join(format!("plain{k}"));
                tusk_dump(&db, &plain, extra);
                assert!(statistics_entries(&plain).is_empty(), "{what} {extra:?}");
            }
        }

        // Statistics only, and only some tables: the whole listings match (pg_restore 18's,
        // with --create for the database's entries), dump ids aside.
        for extra in [&["--statistics-only"][..], &["--statistics-only", "-t", "mv"][..]] {
            let ours = tmp.path().join(format!("tusk{}", extra.len()));
            let theirs = tmp.path().join(format!("pg_dump{}", extra.len()));
            tusk_dump(&db, &ours, extra);
            pg_dump(&db, &theirs, extra);
            let what = format!("PostgreSQL {major} {extra:?}");
            assert_same_statistics(&ours, &theirs, &what);
            let listing = |dir: &Path| -> Vec<String> {
                tusk_tests::pg_restore_list(cluster, dir, &["-C"])
                    .lines()
                    .filter(|l| !l.starts_with(';') && !l.is_empty())
                    .map(|l| l.split_once(' ').map_or(l, |(_, rest)| rest).to_owned())
                    .collect()
            };
            assert_eq!(listing(&ours), listing(&theirs), "{what}: listings");
        }
    }
}

/// `pg_class` statistics and `pg_stats` of the source's schemas, as text.
fn planner_statistics(db: &TestDatabase<'_>) -> String {
    db.psql(
        "SELECT n.nspname, c.relname, c.relkind, c.relpages, c.reltuples, c.relallvisible, \
                c.relallfrozen \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname IN ('public', 'Odd Schema') AND c.relkind IN ('r','p','m','f','i','I') \
         ORDER BY 1, 2;
         SELECT s.schemaname, s.tablename, s.attname, s.inherited, s.null_frac, s.avg_width, \
                s.n_distinct, s.most_common_vals::text, s.most_common_freqs, \
                s.histogram_bounds::text, s.correlation, s.most_common_elems::text, \
                s.most_common_elem_freqs, s.elem_count_histogram, \
                s.range_length_histogram::text, s.range_empty_frac, \
                s.range_bounds_histogram::text \
         FROM pg_stats s WHERE s.schemaname IN ('public', 'Odd Schema') ORDER BY 1, 2, 3, 4",
    )
}

/// `(schema, table)` → how often it was analyzed by hand (`ANALYZE`, not autovacuum).
fn analyze_counts(db: &TestDatabase<'_>) -> BTreeMap<(String, String), u64> {
    db.psql("SELECT schemaname, relname, analyze_count FROM pg_stat_user_tables")
        .lines()
        .filter_map(|l| {
            let mut f = l.split('|');
            let (s, t, n) = (f.next()?, f.next()?, f.next()?);
            Some(((s.to_owned(), t.to_owned()), n.parse().ok()?))
        })
        .collect()
}

/// A copy of archive `dir` in `out` with its entries changed by `edit`.
fn edited(dir: &Path, out: &Path, edit: impl FnOnce(&mut Vec<TocEntry>)) -> PathBuf {
    let mut toc = Archive::open(dir).expect("opening the archive").into_toc();
    edit(&mut toc.entries);
    let options = WriterOptions { sync: false, ..WriterOptions::default() };
    let writer = ArchiveWriter::create(out, options).expect("creating the edited archive");
    for file in fs_err::read_dir(dir).expect("listing the archive") {
        let path = file.expect("listing the archive").path();
        if path.file_name().is_some_and(|n| n != "toc.dat") {
            fs_err::copy(&path, out.join(path.file_name().unwrap())).expect("copying a file");
        }
    }
    writer.finish(&toc).expect("writing the edited toc.dat");
    out.to_path_buf()
}

/// Whether `e` is the STATISTICS DATA entry of `public.name`.
fn statistics_of(e: &TocEntry, name: &str) -> bool {
    e.desc == "STATISTICS DATA"
        && e.namespace.as_deref() == Some("public")
        && e.tag.as_deref() == Some(name)
}

fn restore(db: &TestDatabase<'_>, dir: &Path, extra: &[&str]) -> String {
    let conninfo = db.conninfo();
    let mut args = vec!["restore", "-j", "2", "-d", &conninfo];
    args.extend_from_slice(extra);
    args.push(dir.to_str().unwrap());
    let out = tusk(&args);
    check("tusk restore", &out);
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn restore_into_18_puts_the_statistics_back_and_analyzes_only_tables_without() {
    let cluster = Cluster::shared_major(18);
    let db = source(cluster);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("archive");
    tusk_dump(&db, &dir, &["--statistics"]);

    // Every table's statistics restored: the target's equal the source's, no ANALYZE.
    let target = cluster.create_database();
    let log = restore(&target, &dir, &[]);
    assert!(!log.contains("analyzed"), "no table is analyzed: {log}");
    assert_eq!(planner_statistics(&target), planner_statistics(&db));

    // An archive without the entries of "it's" and mv (a table, and a materialized view
    // restored by a REFRESH after the privileges): those two are analyzed, the others still
    // not.
    let without = edited(&dir, &tmp.path().join("without"), |entries| {
        let before = entries.len();
        entries.retain(|e| !statistics_of(e, "it's") && !statistics_of(e, "mv"));
        assert_eq!(entries.len(), before - 2, "the entries left out");
    });
    let partial = cluster.create_database();
    let log = restore(&partial, &without, &[]);
    assert!(log.contains(", 2 tables analyzed"), "{log}");

    // The server's counters: the backends of the restores report them as they exit.
    let analyzed = |key: (&str, &str)| (key.0.to_owned(), key.1.to_owned());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let counts = analyze_counts(&partial);
        let done = counts.get(&analyzed(("public", "it's"))) == Some(&1)
            && counts.get(&analyzed(("public", "mv"))) == Some(&1);
        if done || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let full = analyze_counts(&target);
    let partial_counts = analyze_counts(&partial);
    for &(schema, table) in TABLES {
        let key = analyzed((schema, table));
        assert_eq!(full.get(&key), Some(&0), "{key:?} analyzed by the full restore");
        let expected = u64::from(key.1 == "it's" || key.1 == "mv");
        assert_eq!(partial_counts.get(&key), Some(&expected), "{key:?} in the partial restore");
    }
    let restored = planner_statistics(&partial);
    let source = planner_statistics(&db);
    let others = |text: &str| -> String {
        text.lines()
            .filter(|l| !l.starts_with("public|it's|") && !l.starts_with("public|mv|"))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    assert_eq!(others(&restored), others(&source), "the restored statistics of the others");
}

#[test]
fn a_table_whose_statistics_the_server_refuses_in_part_is_analyzed() {
    let cluster = Cluster::shared_major(18);
    let db = source(cluster);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("archive");
    tusk_dump(&db, &dir, &["--statistics"]);
    // A value of par's statistics is not of the column's type: pg_restore_attribute_stats
    // warns and returns false for that call, the other calls go in.
    let changed = edited(&dir, &tmp.path().join("changed"), |entries| {
        let e = entries.iter_mut().find(|e| statistics_of(e, "par")).expect("par's statistics");
        let defn = e.defn.take().unwrap_or_default();
        let bounds = "\t'histogram_bounds', '{";
        assert!(defn.contains(bounds), "{defn}");
        e.defn = Some(defn.replacen(bounds, "\t'histogram_bounds', '{x,", 1));
    });
    let target = cluster.create_database();
    let log = restore(&target, &changed, &[]);
    assert!(log.contains(", 1 table analyzed"), "{log}");
    assert!(log.contains("did not take all of these statistics"), "{log}");
    // Analyzed from its rows: its statistics are the source's again (ANALYZE of 50 rows
    // reads them all).
    let par = |d: &TestDatabase<'_>| {
        d.psql(
            "SELECT attname, inherited, null_frac, n_distinct FROM pg_stats \
                WHERE schemaname = 'public' AND tablename = 'par' ORDER BY 1, 2",
        )
    };
    assert_eq!(par(&target), par(&db));
}

#[test]
fn restore_of_a_statistics_archive_into_15_analyzes_every_table() {
    let source_cluster = Cluster::shared_major(18);
    let db = source(source_cluster);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("archive");
    tusk_dump(&db, &dir, &["--statistics"]);
    let cluster = Cluster::shared_major(15);
    let target = cluster.create_database();
    let conninfo = target.conninfo();
    let out = tusk(&["restore", "-d", &conninfo, dir.to_str().unwrap()]);
    let log = String::from_utf8_lossy(&out.stderr);
    // Exit status 3: only skipped statements, each a statistics entry the server cannot take.
    assert_eq!(out.status.code(), Some(3), "{log}");
    let skipped = log.lines().filter(|l| l.starts_with("tusk: skipped: ")).count();
    assert_eq!(skipped, 24, "{log}");
    assert!(
        log.lines()
            .filter(|l| l.starts_with("tusk: skipped: "))
            .all(|l| l.contains("STATISTICS DATA") && l.contains("SQLSTATE 42883")),
        "{log}"
    );
    // The 9 plain tables and the materialized view, as without statistics.
    assert!(log.contains(", 10 tables analyzed"), "{log}");
}

#[test]
fn statistics_options_conflict_as_in_pg_dump_18() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("never");
    let dir = dir.to_str().unwrap();
    let cases: &[&[&str]] = &[
        &["--statistics", "-s"],
        &["--statistics", "-a"],
        &["--statistics-only", "-s"],
        &["--statistics-only", "-a"],
        &["--statistics", "--no-statistics"],
        &["--statistics-only", "--no-statistics"],
    ];
    for args in cases {
        // pg_dump 18 refuses these before connecting; so does tusk (no server at this path).
        let out = tusk_testkit::command(pg_dump_18())
            .args(["-h", "/nonexistent", "-Fd", "-f", dir])
            .args(*args)
            .output()
            .expect("running pg_dump 18");
        assert!(!out.status.success());
        let theirs = String::from_utf8_lossy(&out.stderr);
        let message = theirs
            .lines()
            .find_map(|l| l.strip_prefix("pg_dump: error: "))
            .unwrap_or_else(|| panic!("pg_dump 18 {args:?}: {theirs}"));
        assert!(message.contains("cannot be used together"), "{args:?}: {message}");
        let mut ours = vec!["dump", "-h", "/nonexistent", "-f", dir];
        ours.extend_from_slice(args);
        let out = tusk(&ours);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr} (pg_dump 18: {message})");
    }
    let out = tusk(&["dump", "-h", "/nonexistent", "-f", dir, "--with-statistics"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("use --statistics"), "{stderr}");
    assert!(!Path::new(dir).exists(), "no archive was started");
}
