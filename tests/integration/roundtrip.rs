//! Archives read and written back by tusk-archive are accepted by stock `pg_restore -l` and
//! `pg_restore -d`, and restore into the same database as the original.

use std::io;
use std::path::Path;

use tusk_archive::{
    Algorithm, Archive, ArchiveVersion, ArchiveWriter, HeaderCompression, Toc, WriterOptions,
};
use tusk_testkit::Cluster;
use tusk_tests::{
    FIXTURES_1_14, FIXTURES_NEWER, ensure_fixture_roles, fixture, load_sql_fixture, pg_dump_dir,
    pg_dump_text, pg_restore_into, pg_restore_list, without_creation_time,
};

/// Reads the archive at `src` and writes it to `dst` with every data file (large objects
/// too) compressed with `algorithm`, keeping the archive version.
fn rewrite(src: &Path, dst: &Path, algorithm: Algorithm) -> Toc {
    rewrite_as(src, dst, algorithm, None)
}

/// [`rewrite`], optionally as another archive version.
fn rewrite_as(
    src: &Path,
    dst: &Path,
    algorithm: Algorithm,
    version: Option<ArchiveVersion>,
) -> Toc {
    let archive = Archive::open(src).expect("opening the source archive");
    let mut toc = archive.toc().clone();
    if let Some(v) = version {
        toc.header.version = v;
    }
    toc.header.compression = if toc.header.version <= ArchiveVersion::V1_14 {
        HeaderCompression::Level(if algorithm == Algorithm::None { 0 } else { -1 })
    } else {
        HeaderCompression::Algorithm(algorithm)
    };
    let options = WriterOptions { sync: false, ..WriterOptions::default() };
    let writer = ArchiveWriter::create(dst, options).expect("creating the archive");
    for entry in archive.entries().iter().filter(|e| !e.filename.is_empty()) {
        if entry.desc == "BLOBS" {
            for blob in archive.blobs(entry).expect("reading a large-object TOC") {
                let mut r = archive.open_blob(&blob).expect("opening a large object");
                let mut w = writer.blob_file(&entry.filename, blob.oid, algorithm).unwrap();
                io::copy(&mut r, &mut w).expect("copying a large object");
                w.finish().expect("finishing a large object");
            }
        } else {
            let mut r = archive.open_data(entry).expect("opening a data file");
            let mut w = writer.data_file(&entry.filename, algorithm).unwrap();
            io::copy(&mut r, &mut w).expect("copying a data file");
            w.finish().expect("finishing a data file");
        }
    }
    writer.finish(&toc).expect("writing toc.dat");
    toc
}

/// Every data file and large object of `a` and `b`, decompressed, are equal.
fn assert_same_contents(a: &Path, b: &Path) {
    let (a, b) = (Archive::open(a).unwrap(), Archive::open(b).unwrap());
    assert_eq!(a.entries(), b.entries());
    let mut files = 0;
    for entry in a.entries().iter().filter(|e| !e.filename.is_empty()) {
        let read = |ar: &Archive| {
            let mut out = Vec::new();
            if entry.desc == "BLOBS" {
                for blob in ar.blobs(entry).unwrap() {
                    out.extend(blob.oid.to_be_bytes());
                    io::copy(&mut ar.open_blob(&blob).unwrap(), &mut out).unwrap();
                }
            } else {
                io::copy(&mut ar.open_data(entry).unwrap(), &mut out).unwrap();
            }
            out
        };
        assert_eq!(read(&a), read(&b), "contents of {} differ", entry.filename);
        files += 1;
    }
    assert!(files > 0, "no data files compared");
}

#[test]
fn every_fixture_rewritten_reads_back_with_the_same_contents() {
    let tmp = tempfile::tempdir().unwrap();
    for name in FIXTURES_1_14.iter().chain(FIXTURES_NEWER) {
        let src = fixture(name);
        let version = Archive::open(&src).unwrap().header().version;
        let mut algorithms = vec![Algorithm::None, Algorithm::Gzip];
        if version >= ArchiveVersion::V1_15 {
            algorithms.push(Algorithm::Zstd);
        }
        for alg in algorithms {
            let dst = tmp.path().join(format!("{name}-{}", alg.name()));
            rewrite(&src, &dst, alg);
            assert_same_contents(&src, &dst);
        }
    }
}

/// The one-line difference pg_restore -l shows between an archive and its rewrite.
fn without_compression_line(listing: &str) -> String {
    listing.lines().filter(|l| !l.starts_with(";     Compression: ")).collect::<Vec<_>>().join("\n")
}

#[test]
fn rewritten_1_14_fixtures_restore_like_the_originals_with_stock_pg_restore() {
    let cluster = Cluster::shared();
    ensure_fixture_roles(cluster);
    let tmp = tempfile::tempdir().unwrap();
    for name in FIXTURES_1_14 {
        let src = fixture(name);
        let original = cluster.create_database();
        pg_restore_into(&original, &src, &[]);
        let expected_schema = pg_dump_text(&original, &["--schema-only"]);
        let expected_all = pg_dump_text(&original, &[]);
        let original_list = without_creation_time(&pg_restore_list(cluster, &src, &[]));
        for alg in [Algorithm::None, Algorithm::Gzip] {
            let dst = tmp.path().join(format!("{name}-{}", alg.name()));
            rewrite(&src, &dst, alg);
            let list = without_creation_time(&pg_restore_list(cluster, &dst, &[]));
            assert_eq!(without_compression_line(&list), without_compression_line(&original_list));
            for jobs in [&[][..], &["-j", "2"][..]] {
                let db = cluster.create_database();
                pg_restore_into(&db, &dst, jobs);
                assert_eq!(
                    pg_dump_text(&db, &["--schema-only"]),
                    expected_schema,
                    "{name} {alg:?}"
                );
                assert_eq!(pg_dump_text(&db, &[]), expected_all, "{name} {alg:?} {jobs:?}");
            }
        }
    }
}

#[test]
fn fresh_pg_dump_archive_rewritten_restores_into_a_copy_of_the_source() {
    let cluster = Cluster::shared();
    let source = cluster.create_database();
    load_sql_fixture(&source, "rich.sql");
    source.psql(
        "CREATE TABLE public.awkward (id int PRIMARY KEY, t text, b bytea, f float8);
         INSERT INTO public.awkward VALUES
           (1, E'tab\\there', '\\x00ff', 'NaN'), (2, E'back\\\\slash\\nnewline', '', 'Infinity'),
           (3, NULL, NULL, '-0'), (4, '', '\\x', 1e300), (5, 'ünïcødé ✓', '\\xdeadbeef', -1.5);",
    );
    let tmp = tempfile::tempdir().unwrap();
    let dumped = tmp.path().join("pg_dump");
    pg_dump_dir(&source, &dumped, &["-Z0"]);
    let expected_schema = pg_dump_text(&source, &["--schema-only"]);
    let expected_all = pg_dump_text(&source, &[]);
    for alg in [Algorithm::None, Algorithm::Gzip] {
        let dst = tmp.path().join(alg.name());
        rewrite(&dumped, &dst, alg);
        let db = cluster.create_database();
        pg_restore_into(&db, &dst, &[]);
        // Restored databases differ from the source only in their name, which pg_dump's
        // plain output does not contain without --create.
        assert_eq!(pg_dump_text(&db, &["--schema-only"]), expected_schema);
        assert_eq!(pg_dump_text(&db, &[]), expected_all);
    }
}

/// Every TABLE DATA entry's rows in `db` (as `COPY ... TO STDOUT` prints them) equal the rows
/// in the archive's data file, which ends with pg_dump's `\\.` trailer.
fn assert_tables_hold_the_archive_rows(db: &tusk_testkit::TestDatabase<'_>, archive: &Path) {
    let archive = Archive::open(archive).unwrap();
    let mut tables = 0;
    for entry in archive.entries().iter().filter(|e| e.desc == "TABLE DATA") {
        let mut file = Vec::new();
        io::copy(&mut archive.open_data(entry).unwrap(), &mut file).unwrap();
        let rows = file.strip_suffix(b"\\.\n\n\n").expect("data file without the COPY trailer");
        let copy = entry.copy_stmt.as_deref().expect("COPY statement");
        let target = copy.strip_prefix("COPY ").unwrap().split(" FROM stdin").next().unwrap();
        let out = tusk_tests::check(
            "psql COPY TO STDOUT",
            &db.cluster()
                .run("psql", &["-X", "-d", db.name(), "-c", &format!("COPY {target} TO STDOUT")]),
        );
        assert_eq!(out.as_bytes(), rows, "rows of {target} differ from the archive's");
        tables += 1;
    }
    assert!(tables > 0, "no tables compared");
}

#[test]
fn pg16_fixtures_written_back_as_1_14_restore_with_stock_pg_restore_15() {
    // A 1.15 archive whose data is plain or gzip holds nothing that 1.14 cannot say: only the
    // header's compression field differs. pg_restore 15 can then check it.
    let cluster = Cluster::shared();
    ensure_fixture_roles(cluster);
    let tmp = tempfile::tempdir().unwrap();
    let mut dumps = Vec::new();
    for name in ["rich-pg16-none", "rich-pg16-gzip", "rich-pg16-lz4"] {
        let src = fixture(name);
        assert_eq!(Archive::open(&src).unwrap().header().version, ArchiveVersion::V1_15);
        let dst = tmp.path().join(name);
        rewrite_as(&src, &dst, Algorithm::Gzip, Some(ArchiveVersion::V1_14));
        let listing = pg_restore_list(cluster, &dst, &[]);
        assert!(listing.contains(";     Dump Version: 1.14-0\n"), "{listing}");
        let db = cluster.create_database();
        pg_restore_into(&db, &dst, &["-j", "2"]);
        assert_tables_hold_the_archive_rows(&db, &src);
        dumps.push(pg_dump_text(&db, &[]));
    }
    // The same archive in three compressions restores to the same database.
    assert_eq!(dumps[0], dumps[1]);
    assert_eq!(dumps[0], dumps[2]);
}

#[test]
fn rewritten_1_14_fixture_tables_hold_the_archive_rows() {
    let cluster = Cluster::shared();
    ensure_fixture_roles(cluster);
    let tmp = tempfile::tempdir().unwrap();
    let src = fixture("rich-pg15-gzip");
    let dst = tmp.path().join("rewritten");
    rewrite(&src, &dst, Algorithm::None);
    let db = cluster.create_database();
    pg_restore_into(&db, &dst, &[]);
    assert_tables_hold_the_archive_rows(&db, &src);
}
