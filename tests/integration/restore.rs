//! The restore engine (`tusk::restore::restore_archive`) against real PostgreSQL 15 servers:
//! every pg_dump fixture archive, tusk's own archives with split tables, a corrupted chunk,
//! and the progress callback. Stock `pg_restore` and `pg_dump` are the oracles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tusk::archive::{Algorithm, Archive};
use tusk::dump::{DumpDatabaseOptions, DumpSummary, dump_database};
use tusk::pg::ConnectionSettings;
use tusk::restore::{
    Failure, Progress, ProgressEvent, RestoreOptions, RestoreSummary, restore_archive,
};
use tusk_archive::Manifest;
use tusk_testkit::{Cluster, TestDatabase};
use tusk_tests::{
    FIXTURES_1_14, FIXTURES_NEWER, ensure_fixture_roles, fixture, pg_dump_text, pg_restore_into,
    table_checksums,
};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("building a tokio runtime")
}

fn settings(db: &TestDatabase<'_>) -> ConnectionSettings {
    ConnectionSettings::parse(&db.conninfo()).expect("parsing the test database's conninfo")
}

/// Restores `archive` into `db` with tusk (`jobs` sessions, otherwise pg_restore's defaults);
/// panics only if the restore could not run at all.
fn tusk_restore(
    db: &TestDatabase<'_>,
    archive: &Path,
    jobs: usize,
    progress: Option<Progress>,
) -> RestoreSummary {
    let options = RestoreOptions { jobs, ..RestoreOptions::new(settings(db), archive) };
    runtime()
        .block_on(restore_archive(&options, progress))
        .unwrap_or_else(|e| panic!("tusk restore of {} failed: {e}", archive.display()))
}

fn describe(failures: &[Failure]) -> String {
    failures.iter().map(|f| format!("\n  {f}")).collect()
}

/// Panics with every failed and skipped statement unless the restore did everything.
fn assert_complete(summary: &RestoreSummary, what: &str) {
    assert!(
        summary.is_complete(),
        "{what}: restore not complete\nerrors:{}\nskipped:{}",
        describe(&summary.errors),
        describe(&summary.skipped)
    );
}

/// The `(entry type, schema, tag)` of each failure, deduplicated.
fn failed_entries(failures: &[Failure]) -> BTreeSet<(String, String, String)> {
    failures
        .iter()
        .map(|f| {
            let e = &f.entry;
            (e.desc.clone(), e.namespace.clone().unwrap_or_default(), e.tag.clone())
        })
        .collect()
}

/// The TABLE DATA entries of an archive: dump id → `schema.table`.
fn table_data_entries(archive: &Path) -> BTreeMap<i32, String> {
    let archive = Archive::open(archive).expect("opening the archive");
    archive
        .entries()
        .iter()
        .filter(|e| e.desc == "TABLE DATA")
        .map(|e| {
            let name = format!(
                "{}.{}",
                e.namespace.as_deref().unwrap_or_default(),
                e.tag.as_deref().unwrap_or_default()
            );
            (e.dump_id, name)
        })
        .collect()
}

/// What the pg_dump 16 and 18 fixtures hold beyond `rich-pg15-none` (they were made from a
/// later state of the rich database; compare the fixtures' listings): an inheritance child
/// with its own column defaults, a self-referencing table with its primary and foreign key
/// (both tables empty), an explicit `pglz` compression on `s1.parent.name`, a comment on
/// large object 16608 and a grant on 16609. The statements are those of the archives' TOC
/// entries.
const NEWER_FIXTURES_DELTA: &str = "
ALTER TABLE ONLY s1.parent ALTER COLUMN name SET COMPRESSION pglz;
CREATE TABLE s1.inh_child (extra integer) INHERITS (s1.parent);
ALTER TABLE ONLY s1.inh_child ALTER COLUMN name SET COMPRESSION pglz;
ALTER TABLE ONLY s1.inh_child ALTER COLUMN id SET DEFAULT nextval('s1.parent_id_seq'::regclass);
ALTER TABLE ONLY s1.inh_child ALTER COLUMN name SET DEFAULT 'x'::text;
GRANT SELECT ON TABLE s1.inh_child TO alice;
CREATE TABLE s1.selfref (id integer NOT NULL, p integer);
ALTER TABLE ONLY s1.selfref ADD CONSTRAINT selfref_pkey PRIMARY KEY (id);
ALTER TABLE ONLY s1.selfref ADD CONSTRAINT selfref_p_fkey FOREIGN KEY (p) REFERENCES s1.selfref(id);
GRANT SELECT ON TABLE s1.selfref TO alice;
COMMENT ON LARGE OBJECT 16608 IS 'lo c';
GRANT SELECT ON LARGE OBJECT 16609 TO alice;
";

/// The entries of `rich-pg18-stats` that PostgreSQL 15 cannot restore, and the only ones of
/// all the pg_dump 16 and 18 fixtures: its STATISTICS DATA entries call
/// `pg_restore_relation_stats` / `pg_restore_attribute_stats`, functions that exist from
/// PostgreSQL 18 on (SQLSTATE 42883, undefined function).
const PG18_STATS_ENTRIES: &[(&str, &str)] = &[
    ("public", "big"),
    ("s1", "child"),
    ("s1", "child_pid"),
    ("s1", "child_pkey"),
    ("s1", "inh_child"),
    ("s1", "mv"),
    ("s1", "parent"),
    ("s1", "parent_name_idx"),
    ("s1", "parent_pkey"),
    ("s1", "pt"),
    ("s1", "pt1"),
    ("s1", "pt1_k_idx"),
    ("s1", "pt_k"),
    ("s1", "selfref"),
    ("s1", "selfref_pkey"),
    ("s1", "ul"),
];

#[test]
fn pg_dump_15_fixtures_restore_like_stock_pg_restore() {
    let cluster = Cluster::shared();
    ensure_fixture_roles(cluster);
    for name in FIXTURES_1_14 {
        let archive = fixture(name);
        let expected = cluster.create_database();
        pg_restore_into(&expected, &archive, &[]);

        let db = cluster.create_database();
        let summary = tusk_restore(&db, &archive, 2, None);
        assert_complete(&summary, name);
        assert_eq!(summary.tables, table_data_entries(&archive).len(), "{name}: tables loaded");
        assert_eq!(pg_dump_text(&db, &[]), pg_dump_text(&expected, &[]), "{name}");
    }
}

#[test]
fn pg_dump_16_and_18_fixtures_restore_into_postgresql_15_except_their_statistics() {
    // The target is PostgreSQL 15 whatever the default test server is: 15 lacks the
    // statistics restore functions.
    let cluster = Cluster::shared_major(15);
    ensure_fixture_roles(cluster);
    // The same content restored by stock pg_restore 15 from the pg_dump 15 fixture, plus
    // what the newer fixtures add.
    let reference = cluster.create_database();
    pg_restore_into(&reference, &fixture("rich-pg15-none"), &[]);
    reference.psql(NEWER_FIXTURES_DELTA);
    let expected = pg_dump_text(&reference, &[]);

    let stats_failures: BTreeSet<(String, String, String)> = PG18_STATS_ENTRIES
        .iter()
        .map(|(ns, tag)| ("STATISTICS DATA".to_owned(), (*ns).to_owned(), (*tag).to_owned()))
        .collect();
    let mut lz4 = 0;
    for name in FIXTURES_NEWER {
        let archive = fixture(name);
        let db = cluster.create_database();
        let summary = tusk_restore(&db, &archive, 2, None);
        if *name == "rich-pg18-stats" {
            // Skipped, not failed: the engine counts a STATISTICS DATA entry refused for an
            // undefined function as avoidable with --no-statistics (ANALYZE computes the
            // statistics instead).
            assert!(summary.errors.is_empty(), "{name}: errors:{}", describe(&summary.errors));
            assert_eq!(
                failed_entries(&summary.skipped),
                stats_failures,
                "{name}: exactly the STATISTICS DATA entries are skipped on PostgreSQL 15; \
                 skipped:{}",
                describe(&summary.skipped)
            );
            for failure in &summary.skipped {
                assert_eq!(failure.sqlstate.as_deref(), Some("42883"), "{name}: {failure}");
                assert_eq!(failure.avoided_by, Some("--no-statistics"), "{name}: {failure}");
            }
        } else {
            assert_complete(&summary, name);
        }
        if name.ends_with("-lz4") {
            lz4 += 1;
        }
        assert_eq!(summary.tables, table_data_entries(&archive).len(), "{name}: tables loaded");
        assert_eq!(summary.large_objects, 2, "{name}: large objects");
        assert_eq!(pg_dump_text(&db, &[]), expected, "{name}");
    }
    assert_eq!(lz4, 2, "the lz4 fixtures are among those restored");
}

/// The restore calls of a STATISTICS DATA entry, as pg_dump 18 writes them: each call's
/// function and its named arguments, values unquoted (standard-conforming literals; the
/// casts after them are left out).
fn restore_calls(defn: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let mut calls = Vec::new();
    let mut rest = defn;
    while let Some(at) = rest.find("SELECT * FROM pg_catalog.") {
        rest = &rest[at + "SELECT * FROM pg_catalog.".len()..];
        let (function, args) = rest.split_once('(').expect("a function call");
        let mut literals = Vec::new();
        let mut chars = args.char_indices().peekable();
        let mut end = args.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '\'' => {
                    let mut literal = String::new();
                    while let Some((_, c)) = chars.next() {
                        if c == '\'' {
                            if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                                chars.next();
                            } else {
                                break;
                            }
                        }
                        literal.push(c);
                    }
                    literals.push(literal);
                }
                ')' => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        assert_eq!(literals.len() % 2, 0, "name-value pairs in {defn}");
        let pairs = literals.chunks(2).map(|p| (p[0].clone(), p[1].clone())).collect();
        calls.push((function.to_owned(), pairs));
        rest = &args[end..];
    }
    calls
}

/// pg_dump 18's `rich-pg18-stats` fixture restored by tusk into PostgreSQL 18: every
/// STATISTICS DATA entry goes in (none skipped), each relation's `relpages` and `reltuples`
/// and each attribute's `pg_stats` values are those of the archive's calls, and no table is
/// analyzed (every table with data has its statistics in the archive).
#[test]
fn pg_dump_18_statistics_fixture_restores_its_statistics_into_postgresql_18() {
    let cluster = Cluster::shared_major(18);
    ensure_fixture_roles(cluster);
    let archive = fixture("rich-pg18-stats");
    let db = cluster.create_database();
    let summary = tusk_restore(&db, &archive, 2, None);
    assert_complete(&summary, "rich-pg18-stats");
    assert_eq!(summary.statistics, PG18_STATS_ENTRIES.len(), "relations with statistics");
    assert_eq!(summary.analyzed, 0, "tables analyzed");

    let toc = Archive::open(&archive).expect("opening the fixture");
    let mut checked = 0;
    for e in toc.entries().iter().filter(|e| e.desc == "STATISTICS DATA") {
        let (schema, name) = (e.namespace.as_deref().unwrap_or(""), e.tag.as_deref().unwrap_or(""));
        let regclass = format!(
            "pg_catalog.quote_ident('{}') || '.' || pg_catalog.quote_ident('{}')",
            schema.replace('\'', "''"),
            name.replace('\'', "''")
        );
        let class = db.psql(&format!(
            "SELECT relpages || '|' || reltuples FROM pg_class WHERE oid = to_regclass({regclass})"
        ));
        // Each attribute's non-null values, one line each: attnum|attname|inherited|name|value.
        let stats = db.psql(&format!(
            "SELECT a.attnum, s.attname, s.inherited, v.name, replace(v.value, E'\\n', '\\n') \
             FROM pg_stats s \
             JOIN pg_attribute a ON a.attrelid = to_regclass({regclass}) AND a.attname = s.attname \
             CROSS JOIN LATERAL (VALUES ('null_frac', s.null_frac::text), \
               ('avg_width', s.avg_width::text), ('n_distinct', s.n_distinct::text), \
               ('most_common_vals', s.most_common_vals::text), \
               ('most_common_freqs', s.most_common_freqs::text), \
               ('histogram_bounds', s.histogram_bounds::text), \
               ('correlation', s.correlation::text), \
               ('most_common_elems', s.most_common_elems::text), \
               ('most_common_elem_freqs', s.most_common_elem_freqs::text), \
               ('elem_count_histogram', s.elem_count_histogram::text), \
               ('range_length_histogram', s.range_length_histogram::text), \
               ('range_empty_frac', s.range_empty_frac::text), \
               ('range_bounds_histogram', s.range_bounds_histogram::text)) AS v(name, value) \
             WHERE s.schemaname = '{}' AND s.tablename = '{}' AND v.value IS NOT NULL",
            schema.replace('\'', "''"),
            name.replace('\'', "''")
        ));
        let mut restored: BTreeSet<String> = stats.lines().map(str::to_owned).collect();
        for (function, args) in restore_calls(e.defn.as_deref().unwrap_or("")) {
            let arg = |k: &str| args.get(k).cloned().unwrap_or_default();
            if function == "pg_restore_relation_stats" {
                assert_eq!(
                    class.trim(),
                    format!("{}|{}", arg("relpages"), arg("reltuples")),
                    "{schema}.{name}: relpages|reltuples"
                );
                continue;
            }
            assert_eq!(function, "pg_restore_attribute_stats");
            let inherited = if arg("inherited") == "t" { "t" } else { "f" };
            for (k, value) in &args {
                if matches!(
                    k.as_str(),
                    "version" | "schemaname" | "relname" | "attname" | "attnum" | "inherited"
                ) {
                    continue;
                }
                // Tables name their columns, indexes number theirs.
                let line = restored
                    .iter()
                    .find(|l| {
                        let f: Vec<&str> = l.splitn(5, '|').collect();
                        f.len() == 5
                            && (f[0] == arg("attnum") || f[1] == arg("attname"))
                            && f[2] == inherited
                            && f[3] == k
                    })
                    .cloned()
                    .unwrap_or_else(|| panic!("{schema}.{name}: no {k} in pg_stats: {args:?}"));
                assert_eq!(
                    line.splitn(5, '|').nth(4).unwrap_or(""),
                    value.replace('\n', "\\n"),
                    "{schema}.{name}: {k} of {args:?}"
                );
                restored.remove(&line);
                checked += 1;
            }
        }
        assert!(restored.is_empty(), "{schema}.{name}: values not from the archive: {restored:?}");
    }
    // The fixture has attribute statistics for public.big's two columns only (five values
    // each); every relation has its relation statistics.
    assert_eq!(checked, 10, "attribute values compared");
}

/// A source database with a table big enough to be split into many ctid ranges at 8 pages
/// per range (`public.items`, about 110 pages), with an index and a foreign key to a small
/// table, and a third table with a column of awkward text.
fn split_source(cluster: &Cluster) -> TestDatabase<'_> {
    let db = cluster.create_database();
    db.psql(
        "CREATE TABLE public.small (id int PRIMARY KEY, note text);
         INSERT INTO public.small SELECT g, 'note ' || g FROM generate_series(1, 200) g;
         CREATE TABLE public.items (
             id int PRIMARY KEY,
             small_id int REFERENCES public.small (id),
             pad text NOT NULL,
             n numeric);
         INSERT INTO public.items
           SELECT g, 1 + g % 200, repeat(md5(g::text), 3), g / 7.0
           FROM generate_series(1, 6000) g;
         CREATE INDEX items_n ON public.items (n);
         CREATE TABLE public.notes (id int PRIMARY KEY, t text);
         INSERT INTO public.notes VALUES
           (1, E'tab\\there'), (2, E'back\\\\slash\\nnewline'), (3, NULL), (4, ''), (5, 'ünïcødé ✓');
         VACUUM ANALYZE;",
    );
    db
}

fn source_rows(db: &TestDatabase<'_>) -> u64 {
    let total = db.psql(
        "SELECT (SELECT count(*) FROM public.small) + (SELECT count(*) FROM public.items) \
         + (SELECT count(*) FROM public.notes)",
    );
    total.trim().parse().expect("a row count")
}

/// Dumps `db` with tusk into `dir`: 4 jobs, `algorithm`, tables split every 8 pages.
fn tusk_dump_split(db: &TestDatabase<'_>, dir: &Path, algorithm: Algorithm) -> DumpSummary {
    let options = DumpDatabaseOptions {
        jobs: 4,
        algorithm,
        split_pages: Some(8),
        sync: false,
        ..DumpDatabaseOptions::new(settings(db), dir)
    };
    runtime().block_on(dump_database(&options, None)).expect("tusk dump")
}

/// The manifest's entry of `public.items`, checked to have several chunks.
fn items_file(dir: &Path) -> tusk_archive::ManifestFile {
    let manifest = Manifest::read(dir).expect("reading tusk-manifest.json");
    let file = manifest
        .files
        .iter()
        .find(|f| f.schema == "public" && f.table == "items")
        .expect("public.items in the manifest")
        .clone();
    assert!(file.chunks.len() >= 3, "public.items split into {} chunk(s) only", file.chunks.len());
    file
}

#[test]
fn tusk_dump_with_split_tables_restores_with_four_jobs() {
    let cluster = Cluster::shared();
    let source = split_source(cluster);
    let rows = source_rows(&source);
    let expected_sums = table_checksums(&source);
    let expected_schema = pg_dump_text(&source, &["--schema-only"]);
    let tmp = tempfile::tempdir().expect("a temporary directory");
    for algorithm in [Algorithm::Zstd, Algorithm::None, Algorithm::Gzip] {
        let what = algorithm.name();
        let dir = tmp.path().join(what);
        let dumped = tusk_dump_split(&source, &dir, algorithm);
        assert_eq!(dumped.rows, rows, "{what}: rows dumped");
        items_file(&dir);

        let db = cluster.create_database();
        let summary = tusk_restore(&db, &dir, 4, None);
        assert_complete(&summary, what);
        assert_eq!(summary.rows, rows, "{what}: rows restored");
        assert_eq!(summary.tables, 3, "{what}: tables restored");
        assert_eq!(table_checksums(&db), expected_sums, "{what}");
        assert_eq!(pg_dump_text(&db, &["--schema-only"]), expected_schema, "{what}");
    }
}

/// Changes one byte in the middle of the middle chunk of `public.items`'s data file: for an
/// uncompressed file a digit becomes another digit (the COPY data stays valid, only the
/// checksum tells), for a compressed one the byte is inverted.
fn corrupt_items_chunk(dir: &Path) -> PathBuf {
    let file = items_file(dir);
    let chunk = &file.chunks[file.chunks.len() / 2];
    let path = dir.join(&file.file);
    let mut bytes = fs_err::read(&path).expect("reading the data file");
    let start = usize::try_from(chunk.compressed_offset + chunk.compressed_length / 2).unwrap();
    let end = usize::try_from(chunk.compressed_offset + chunk.compressed_length).unwrap();
    if file.algorithm == "none" {
        let at = (start..end)
            .find(|&i| bytes[i].is_ascii_digit())
            .expect("a digit in the middle of the chunk");
        bytes[at] = if bytes[at] == b'9' { b'0' } else { bytes[at] + 1 };
    } else {
        bytes[start] = !bytes[start];
    }
    fs_err::write(&path, bytes).expect("writing the corrupted data file");
    path
}

/// The restore of an archive whose `public.items` chunk is corrupt: that table's data is
/// reported and not loaded at all; every other table loads.
fn assert_corrupt_chunk_leaves_table_empty(algorithm: Algorithm) {
    let what = algorithm.name();
    let cluster = Cluster::shared();
    let source = split_source(cluster);
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("archive");
    tusk_dump_split(&source, &dir, algorithm);
    let corrupted = corrupt_items_chunk(&dir);

    let db = cluster.create_database();
    let summary = tusk_restore(&db, &dir, 4, None);
    assert!(summary.skipped.is_empty(), "{what}: skipped:{}", describe(&summary.skipped));
    assert_eq!(
        failed_entries(&summary.errors),
        BTreeSet::from([("TABLE DATA".to_owned(), "public".to_owned(), "items".to_owned())]),
        "{what}: only the corrupted table's data fails; errors:{}",
        describe(&summary.errors)
    );
    assert_eq!(summary.errors.len(), 1, "{what}: one report:{}", describe(&summary.errors));
    let message = summary.errors[0].message.to_lowercase();
    assert!(
        ["checksum", "corrupt", "decompress"].iter().any(|w| message.contains(w)),
        "{what}: the message does not say the data is corrupt: {} (file {})",
        summary.errors[0].message,
        corrupted.display()
    );

    assert_eq!(db.psql("SELECT count(*) FROM public.items").trim(), "0", "{what}: items");
    let mut expected = table_checksums(&source);
    expected.insert("public.items".to_owned(), "0:-".to_owned());
    assert_eq!(table_checksums(&db), expected, "{what}: the other tables");
    assert_eq!(summary.tables, 2, "{what}: tables loaded completely");
}

#[test]
fn checksum_mismatch_in_an_uncompressed_chunk_leaves_that_table_empty() {
    assert_corrupt_chunk_leaves_table_empty(Algorithm::None);
}

#[test]
fn corrupt_zstd_chunk_leaves_that_table_empty() {
    assert_corrupt_chunk_leaves_table_empty(Algorithm::Zstd);
}

#[test]
fn progress_reports_the_plan_once_each_table_once_and_every_byte() {
    let cluster = Cluster::shared();
    let source = split_source(cluster);
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("archive");
    tusk_dump_split(&source, &dir, Algorithm::Zstd);
    let tables = table_data_entries(&dir);
    let manifest = Manifest::read(&dir).expect("reading tusk-manifest.json");
    let manifest_bytes: u64 = manifest.files.iter().map(|f| f.uncompressed_bytes).sum();

    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&events);
    let progress = Progress::new(move |e| seen.lock().expect("progress lock").push(e.clone()));
    let db = cluster.create_database();
    let summary = tusk_restore(&db, &dir, 4, Some(progress));
    assert_complete(&summary, "progress");
    let events = events.lock().expect("progress lock").clone();

    let planned: Vec<(usize, &ProgressEvent)> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e, ProgressEvent::Planned { .. }))
        .collect();
    assert_eq!(planned.len(), 1, "Planned events: {planned:?}");
    let (planned_at, planned) = planned[0];
    let ProgressEvent::Planned { tables: planned_tables, bytes: planned_bytes, .. } = planned
    else {
        unreachable!("filtered on Planned")
    };
    assert_eq!(*planned_tables, tables.len(), "tables planned");
    assert_eq!(*planned_bytes, manifest_bytes, "bytes planned (the manifest's uncompressed)");

    let mut done: BTreeMap<i32, usize> = BTreeMap::new();
    let (mut bytes, mut rows) = (0u64, 0u64);
    for (i, event) in events.iter().enumerate() {
        match event {
            ProgressEvent::Bytes { bytes: b } => {
                assert!(i > planned_at, "Bytes before Planned");
                bytes += b;
            }
            ProgressEvent::TableDone { dump_id, rows: r } => {
                assert!(i > planned_at, "TableDone before Planned");
                *done.entry(*dump_id).or_default() += 1;
                rows += r;
            }
            _ => {}
        }
    }
    let once: BTreeMap<i32, usize> = tables.keys().map(|&id| (id, 1)).collect();
    assert_eq!(done, once, "TableDone per TABLE DATA entry ({tables:?})");
    assert_eq!(bytes, summary.bytes, "the Bytes events add up to summary.bytes");
    assert!(bytes > 0, "no bytes reported");
    assert_eq!(rows, summary.rows, "the TableDone rows add up to summary.rows");
    assert_eq!(summary.rows, source_rows(&source));
}

/// Restores `archive` into `db` with `jobs` sessions, every table of at least `shared_min`
/// bytes loaded by several sessions sharing one reader.
fn tusk_restore_shared(
    db: &TestDatabase<'_>,
    archive: &Path,
    jobs: usize,
    shared_min: u64,
) -> RestoreSummary {
    let options = RestoreOptions {
        jobs,
        shared_load_min: shared_min,
        ..RestoreOptions::new(settings(db), archive)
    };
    runtime()
        .block_on(restore_archive(&options, None))
        .unwrap_or_else(|e| panic!("tusk restore of {} failed: {e}", archive.display()))
}

/// A pg_dump archive has no chunk offsets: a big table's rows are then shared by several
/// sessions, line by line, from one reader. Gzip and uncompressed, 3 sessions.
#[test]
fn big_tables_of_pg_dump_archives_load_over_several_sessions() {
    let cluster = Cluster::shared();
    let source = split_source(cluster);
    for (name, extra) in [("none", ["-Z0"]), ("gzip", ["-Z6"])] {
        let dir = tempfile::tempdir().expect("temp dir");
        let archive = dir.path().join("a");
        tusk_tests::pg_dump_dir(&source, &archive, &extra);
        let target = cluster.create_database();
        // 16 kB: items (about 900 kB) is shared by all three sessions, small too.
        let summary = tusk_restore_shared(&target, &archive, 3, 16 << 10);
        assert_complete(&summary, name);
        assert_eq!(summary.rows, source_rows(&source), "{name}: rows");
        assert_eq!(table_checksums(&target), table_checksums(&source), "{name}: rows differ");
        assert_eq!(
            pg_dump_text(&target, &["--schema-only"]),
            pg_dump_text(&source, &["--schema-only"]),
            "{name}: schema differs"
        );
    }
}

/// A corrupt gzip data file of a table loaded by several sessions: every session aborts its
/// COPY, the table is reported once and left empty, the other tables load.
#[test]
fn corrupt_file_of_a_shared_table_leaves_it_empty() {
    let cluster = Cluster::shared();
    let source = split_source(cluster);
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = dir.path().join("a");
    tusk_tests::pg_dump_dir(&source, &archive, &["-Z6"]);
    let entries = table_data_entries(&archive);
    let (items_id, _) = entries
        .iter()
        .find(|(_, name)| name.as_str() == "public.items")
        .expect("TABLE DATA public.items");
    let file = archive.join(format!("{items_id}.dat.gz"));
    let mut bytes = fs_err::read(&file).expect("reading the data file");
    let middle = bytes.len() / 2;
    for b in &mut bytes[middle..middle + 64] {
        *b ^= 0x5a;
    }
    fs_err::write(&file, &bytes).expect("writing the data file");

    let target = cluster.create_database();
    let summary = tusk_restore_shared(&target, &archive, 3, 16 << 10);
    let failed: Vec<String> = summary
        .errors
        .iter()
        .filter(|f| f.entry.desc == "TABLE DATA")
        .map(|f| format!("{}.{}", f.entry.namespace.as_deref().unwrap_or(""), f.entry.tag))
        .collect();
    assert_eq!(failed, ["public.items"], "errors:{}", describe(&summary.errors));
    assert_eq!(target.psql("SELECT count(*) FROM public.items").trim(), "0");
    let mut expected = table_checksums(&source);
    let mut actual = table_checksums(&target);
    expected.remove("public.items");
    actual.remove("public.items");
    assert_eq!(actual, expected, "the other tables must load");
}

/// Archives whose data is INSERT statements (`pg_dump --inserts`, `--column-inserts`,
/// `--rows-per-insert`) restore to the source's rows; the awkward text of `public.notes`
/// (semicolons and quotes inside literals) must not split a statement.
#[test]
fn insert_format_archives_restore_to_the_source_rows() {
    let cluster = Cluster::shared();
    let source = split_source(cluster);
    source.psql(
        "INSERT INTO public.notes VALUES (6, 'semi;colon ''quoted''; \"dq\";'), (7, E'x;\\n;y')",
    );
    for extra in [&["--inserts"][..], &["--column-inserts"], &["--rows-per-insert", "100"]] {
        let dir = tempfile::tempdir().expect("temp dir");
        let archive = dir.path().join("a");
        let mut args = vec!["-Z0"];
        args.extend_from_slice(extra);
        tusk_tests::pg_dump_dir(&source, &archive, &args);
        let target = cluster.create_database();
        let summary = tusk_restore(&target, &archive, 2, None);
        assert_complete(&summary, &extra.join(" "));
        assert_eq!(summary.rows, source_rows(&source), "{extra:?}: rows counted");
        assert_eq!(table_checksums(&target), table_checksums(&source), "{extra:?}: rows differ");
    }
}

/// A table big enough (over 8 MiB) that its primary key and unique constraint are built as
/// unique indexes beside its other index and then adopted (`ADD CONSTRAINT … USING INDEX`):
/// the restored schema is pg_dump-identical to the source's, rows equal.
#[test]
fn primary_keys_of_big_tables_restore_identically() {
    let cluster = Cluster::shared();
    let source = cluster.create_database();
    source.psql(
        "CREATE TABLE public.wide (id int, code text, pad text, n int);
         INSERT INTO public.wide SELECT g, 'c' || g, repeat(md5(g::text), 3), g % 1000
           FROM generate_series(1, 100000) g;
         ALTER TABLE public.wide ADD CONSTRAINT wide_pkey PRIMARY KEY (id);
         ALTER TABLE public.wide ADD CONSTRAINT wide_code_key UNIQUE (code);
         CREATE INDEX wide_n ON public.wide (n);
         CREATE TABLE public.ref (id int PRIMARY KEY, wide_id int REFERENCES public.wide (id));
         INSERT INTO public.ref SELECT g, g FROM generate_series(1, 100) g;
         VACUUM ANALYZE;",
    );
    let size: u64 =
        source.psql("SELECT pg_table_size('public.wide')").trim().parse().expect("size");
    assert!(size > 9 << 20, "the table must be over the split threshold: {size} bytes");
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = dir.path().join("a");
    tusk_tests::pg_dump_dir(&source, &archive, &["-Z0"]);
    let target = cluster.create_database();
    let summary = tusk_restore(&target, &archive, 2, None);
    assert_complete(&summary, "big table with keys");
    assert_eq!(
        pg_dump_text(&target, &["--schema-only"]),
        pg_dump_text(&source, &["--schema-only"]),
        "schema differs"
    );
    assert_eq!(table_checksums(&target), table_checksums(&source), "rows differ");
}

/// Pre-data runs of table and sequence definitions are spread over the sessions: children of
/// the same parents (inheriting from two parents in both orders, partitions of one table),
/// identity and serial sequences, and a typed table restore with four jobs into a schema
/// pg_dump-identical to the source's, with no deadlock (two children of the same parents
/// never run at once) and no child before its parent.
#[test]
fn many_tables_are_created_over_several_sessions() {
    let cluster = Cluster::shared();
    let source = cluster.create_database();
    source.psql(
        "CREATE TABLE public.p1 (a int);
         CREATE TABLE public.p2 (b int);
         CREATE TYPE public.pair AS (x int, y text);
         CREATE TABLE public.typed OF public.pair;
         CREATE TABLE public.parts (id int GENERATED ALWAYS AS IDENTITY, k int) PARTITION BY LIST (k);
         DO $$
         BEGIN
           FOR i IN 1..150 LOOP
             IF i % 2 = 0 THEN
               EXECUTE format('CREATE TABLE public.c%s (n serial) INHERITS (public.p1, public.p2)', i);
             ELSE
               EXECUTE format('CREATE TABLE public.c%s (n serial) INHERITS (public.p2, public.p1)', i);
             END IF;
             EXECUTE format('INSERT INTO public.c%s (a, b) VALUES (%s, %s)', i, i, -i);
             EXECUTE format('CREATE TABLE public.parts_%s PARTITION OF public.parts FOR VALUES IN (%s)', i, i);
             EXECUTE format('CREATE TABLE public.s%s (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, t text)', i);
           END LOOP;
         END $$;
         INSERT INTO public.parts (k) SELECT g % 150 + 1 FROM generate_series(1, 3000) g;
         INSERT INTO public.typed VALUES (1, 'one');",
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = dir.path().join("a");
    tusk_tests::pg_dump_dir(&source, &archive, &["-Z0"]);
    let target = cluster.create_database();
    let summary = tusk_restore(&target, &archive, 4, None);
    assert_complete(&summary, "many related tables with four jobs");
    assert_eq!(
        pg_dump_text(&target, &["--schema-only"]),
        pg_dump_text(&source, &["--schema-only"]),
        "schema differs"
    );
    assert_eq!(table_checksums(&target), table_checksums(&source), "rows differ");
}
