//! The data files hold exactly what stock pg_dump writes for the same table, for every
//! compression; two dumps of an unchanged database are identical.

use std::io::Read;

use tusk_archive::{Algorithm, Archive};
use tusk_dump::{DumpOptions, Manifest};
use tusk_testkit::{Cluster, TestDatabase};
use xxhash_rust::xxh3::xxh3_64;

use crate::support::{algorithms, archive_dir, dump, options, read_data, table_data};

const AWKWARD: &str = r#"
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE public.awk (
    id integer PRIMARY KEY,
    t text,
    f8 double precision,
    f4 real,
    num numeric,
    b bytea,
    arr text[],
    iarr integer[],
    j json,
    jb jsonb,
    r int4range,
    tr tstzrange,
    ts timestamptz,
    d date,
    iv interval,
    m mood,
    gone integer,
    "Mixed Case" text,
    gen integer GENERATED ALWAYS AS (id * 2) STORED
);
ALTER TABLE public.awk DROP COLUMN gone;
INSERT INTO public.awk (id, t, f8, f4, num, b, arr, iarr, j, jb, r, tr, ts, d, iv, m, "Mixed Case") VALUES
 (1, NULL, 'NaN', 'Infinity', 'NaN', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (2, '', '-Infinity', '-Infinity', 0.1, '', '{}', '{}', '{}', '{}', 'empty', 'empty', 'infinity', '-infinity', '0', 'ok', ''),
 (3, E'back\\slash \\N and \\.', 0.1, 0.1, 1e-30, E'\\x00ff5c0a', ARRAY['a,b', 'c"d', NULL, 'e\f', ''], ARRAY[1, NULL, 3],
    '{"k": "v\n\t\\", "n": null}', '{"b": [1, 2.50, "x"], "a": "\u00e9"}', '[1,10)', '[2020-01-01 00:00+02,)',
    '2024-02-29 12:34:56.789012+05:30', '2024-02-29', '1 year 2 mons 3 days 04:05:06.7', 'happy', E'tab\there'),
 (4, E'line1\nline2\r\nline3', 1.7976931348623157e308, 3.4028235e38, 123456789012345678901234567890.123456789, E'\\x5c4e',
    ARRAY[E'tab\there', E'new\nline'], ARRAY[-2147483648], '[]', 'null', '(,5]', '(,)',
    '1999-12-31 23:59:59.999999-08', '0001-01-01 BC', '-1 days -00:00:01', 'sad', 'ünïcödé ✓ 日本語 🐘'),
 (5, '\N', 5e-324, 1.4e-45, -0.0, E'\\xdeadbeef', ARRAY['NULL', 'null'], NULL, '"str"', '"str"', '[3,4]', NULL,
    '2000-01-01 00:00:00+00', NULL, NULL, NULL, '\.');
"#;

/// The decompressed TABLE DATA of stock `pg_dump -Fd -Z0 -t <table>`.
fn pg_dump_data(db: &TestDatabase<'_>, table: &str) -> Vec<u8> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_dir = tmp.path().join("pgdump");
    let out_dir_str = out_dir.to_str().expect("utf-8 path");
    let out = db
        .cluster()
        .run("pg_dump", &["-Fd", "-Z0", "-t", table, "-f", out_dir_str, "-d", db.name()]);
    assert!(out.status.success(), "pg_dump: {}", String::from_utf8_lossy(&out.stderr));
    let archive = Archive::open(&out_dir).expect("open pg_dump archive");
    let entry =
        archive.entries().iter().find(|e| e.desc == "TABLE DATA").expect("a TABLE DATA entry");
    let mut data = Vec::new();
    archive.open_data(entry).expect("open").read_to_end(&mut data).expect("read");
    data
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn awkward_data_matches_pg_dump() {
    let db = Cluster::shared().create_database();
    db.psql(AWKWARD);
    let expected = pg_dump_data(&db, "public.awk");
    let table = table_data(&db, "public", "awk", 42);
    // pg_dump's own column list: no dropped, no generated column.
    assert_eq!(
        table.copy_from_stmt(),
        "COPY public.awk (id, t, f8, f4, num, b, arr, iarr, j, jb, r, tr, ts, d, iv, m, \"Mixed Case\") FROM stdin;\n"
    );
    assert!(expected.ends_with(tusk_dump::TRAILER));
    for algorithm in algorithms() {
        let (_tmp, dir) = archive_dir();
        let manifest = dump(&db, &dir, vec![table.clone()], &options(2, algorithm), None, None)
            .await
            .expect("dump");
        let data = read_data(&dir, &manifest, 42);
        assert_eq!(
            String::from_utf8_lossy(&data),
            String::from_utf8_lossy(&expected),
            "{algorithm:?}"
        );
        assert_eq!(data, expected, "{algorithm:?}");
        let file = manifest.file(42).expect("entry");
        assert_eq!(file.file, format!("42.dat{}", algorithm.suffix()));
        assert_eq!(file.rows, 5);
        assert_eq!(file.uncompressed_bytes, data.len() as u64);
        assert_eq!(file.checksum, tusk_dump::format_checksum(xxh3_64(&data)));
        assert_eq!(file.chunks.len(), 1);
        assert_eq!(Manifest::read(&dir).expect("manifest reads back"), manifest);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_table_and_table_without_columns() {
    let db = Cluster::shared().create_database();
    db.psql("CREATE TABLE public.empty (a int, b text); CREATE TABLE public.nocols (); INSERT INTO public.nocols DEFAULT VALUES; INSERT INTO public.nocols DEFAULT VALUES;");
    let expected_empty = pg_dump_data(&db, "public.empty");
    let expected_nocols = pg_dump_data(&db, "public.nocols");
    let tables =
        vec![table_data(&db, "public", "empty", 1), table_data(&db, "public", "nocols", 2)];
    let (_tmp, dir) = archive_dir();
    let manifest =
        dump(&db, &dir, tables, &options(2, Algorithm::Gzip), None, None).await.expect("dump");
    assert_eq!(read_data(&dir, &manifest, 1), expected_empty);
    assert_eq!(read_data(&dir, &manifest, 1), b"\\.\n\n\n");
    assert_eq!(read_data(&dir, &manifest, 2), expected_nocols);
    assert_eq!(manifest.file(2).expect("entry").rows, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_dumps_of_an_unchanged_database_are_identical() {
    let db = Cluster::shared().create_database();
    db.psql(
        "CREATE TABLE public.big (id int, pad text);
         INSERT INTO public.big SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 20000) g;
         CREATE TABLE public.small (id int);
         INSERT INTO public.small SELECT generate_series(1, 100);
         VACUUM ANALYZE public.big; VACUUM ANALYZE public.small;",
    );
    let tables = vec![table_data(&db, "public", "big", 10), table_data(&db, "public", "small", 11)];
    assert!(tables[0].relpages > 40, "relpages {}", tables[0].relpages);
    let options = DumpOptions { split_pages: Some(20), ..options(4, Algorithm::Zstd) };
    let mut runs = Vec::new();
    for _ in 0..2 {
        let (tmp, dir) = archive_dir();
        let manifest = dump(&db, &dir, tables.clone(), &options, None, None).await.expect("dump");
        let json = fs_err::read(dir.join(tusk_dump::MANIFEST_FILE)).expect("manifest file");
        let data: Vec<Vec<u8>> =
            [10, 11].iter().map(|&id| read_data(&dir, &manifest, id)).collect();
        runs.push((json, data, manifest, tmp));
    }
    assert!(runs[0].2.file(10).expect("big").chunks.len() >= 4);
    assert_eq!(runs[0].1, runs[1].1, "same uncompressed data");
    assert_eq!(
        String::from_utf8_lossy(&runs[0].0),
        String::from_utf8_lossy(&runs[1].0),
        "same manifest"
    );
}
