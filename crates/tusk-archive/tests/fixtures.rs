//! Real pg_dump 15/16/18 archives: parsing, byte-identical rewriting, data and large objects,
//! and rewriting whole archives with tusk's writer.

use std::collections::BTreeMap;

use tusk_archive::{
    Algorithm, Archive, ArchiveVersion, HeaderCompression, Section, encode_toc, read_toc,
    read_toc_named,
};

use crate::support::{contents, fixture, fixture_archives, rewrite};

/// (folder, version, header compression, entry count, data files + large objects).
const EXPECTED: &[(&str, ArchiveVersion, HeaderCompression, usize, usize)] = &[
    ("tiny-pg15-none", ArchiveVersion::V1_14, HeaderCompression::Level(0), 7, 1),
    ("rich-pg15-none", ArchiveVersion::V1_14, HeaderCompression::Level(0), 67, 7),
    ("rich-pg15-gzip", ArchiveVersion::V1_14, HeaderCompression::Level(-1), 67, 7),
    ("rich-pg16-none", ArchiveVersion::V1_15, HeaderCompression::Algorithm(Algorithm::None), 82, 9),
    ("rich-pg16-gzip", ArchiveVersion::V1_15, HeaderCompression::Algorithm(Algorithm::Gzip), 82, 9),
    ("rich-pg16-lz4", ArchiveVersion::V1_15, HeaderCompression::Algorithm(Algorithm::Lz4), 82, 9),
    ("rich-pg18-none", ArchiveVersion::V1_16, HeaderCompression::Algorithm(Algorithm::None), 83, 9),
    ("rich-pg18-gzip", ArchiveVersion::V1_16, HeaderCompression::Algorithm(Algorithm::Gzip), 83, 9),
    ("rich-pg18-lz4", ArchiveVersion::V1_16, HeaderCompression::Algorithm(Algorithm::Lz4), 83, 9),
    ("rich-pg18-zstd", ArchiveVersion::V1_16, HeaderCompression::Algorithm(Algorithm::Zstd), 83, 9),
    (
        "rich-pg18-stats",
        ArchiveVersion::V1_16,
        HeaderCompression::Algorithm(Algorithm::None),
        99,
        9,
    ),
];

#[test]
fn every_fixture_is_expected() {
    let found: Vec<String> = fixture_archives().into_keys().collect();
    let expected: Vec<String> = {
        let mut names: Vec<String> = EXPECTED.iter().map(|e| e.0.to_owned()).collect();
        names.sort();
        names
    };
    assert_eq!(found, expected, "fixture folders changed: update EXPECTED");
}

#[test]
fn headers_and_entry_counts() {
    for &(name, version, compression, count, files) in EXPECTED {
        let archive = Archive::open(fixture(name)).expect(name);
        let header = archive.header();
        assert_eq!(header.version, version, "{name}");
        assert_eq!(header.compression, compression, "{name}");
        assert_eq!((header.int_size, header.off_size, header.format), (4, 8, 3), "{name}");
        assert_eq!(archive.entries().len(), count, "{name}");
        assert_eq!(contents(&archive).len(), files, "{name}");
        let db = if name.starts_with("tiny") { "tiny" } else { "rich" };
        assert_eq!(header.dbname.as_deref(), Some(db), "{name}");
        assert!(header.server_version.as_deref().is_some_and(|v| v.starts_with("15.18")));
        let dump_major = &name[name.find("-pg").unwrap() + 3..][..2];
        assert!(
            header.dump_version.as_deref().is_some_and(|v| v.starts_with(dump_major)),
            "{name}"
        );
        assert_eq!((header.created.mon, header.created.year), (10, 126), "{name}");
    }
}

#[test]
fn entries_look_like_pg_dump_wrote_them() {
    for (name, path) in fixture_archives() {
        let archive = Archive::open(&path).expect(&name);
        let version = archive.header().version;
        let descs: Vec<&str> = archive.entries().iter().map(|e| e.desc.as_str()).collect();
        assert_eq!(descs[..3], ["ENCODING", "STDSTRINGS", "SEARCHPATH"], "{name}");
        for entry in archive.entries() {
            assert_eq!(entry.with_oids, "false", "{name}");
            if entry.desc == "TABLE DATA" {
                assert_eq!(entry.section, Section::Data);
                assert!(entry.had_dumper);
                assert_eq!(entry.filename, format!("{}.dat", entry.dump_id));
                assert_eq!(entry.dependencies.len(), 1, "{name} {}", entry.dump_id);
                assert!(entry.copy_stmt.as_deref().is_some_and(|c| c.starts_with("COPY ")));
            }
            if version < ArchiveVersion::V1_16 {
                assert_eq!(entry.relkind, 0);
            } else if entry.desc == "TABLE" {
                assert_ne!(entry.relkind, 0, "{name} {}", entry.dump_id);
            }
        }
        let tables = archive.entries().iter().filter(|e| e.desc == "TABLE").count();
        assert!(tables >= 1, "{name}");
    }
}

#[test]
fn toc_rewrites_byte_identical() {
    for (name, path) in fixture_archives() {
        let bytes = fs_err::read(path.join("toc.dat")).expect("read toc.dat");
        let toc = read_toc(&bytes).expect(&name);
        let written = encode_toc(&toc).expect(&name);
        assert!(written == bytes, "{name}: rewritten toc.dat differs");
        let mut via_writer = Vec::new();
        tusk_archive::write_toc(&toc, &mut via_writer).expect("write_toc");
        assert!(via_writer == bytes, "{name}: write_toc differs");
        let named = read_toc_named(&bytes, &path.join("toc.dat")).expect(&name);
        assert_eq!(named, toc);
        let from = tusk_archive::read_toc_from(&bytes[..], &path).expect(&name);
        assert_eq!(from, toc);
    }
}

#[test]
fn compression_variants_have_identical_data() {
    let groups: [&[&str]; 2] = [
        &["rich-pg16-none", "rich-pg16-gzip", "rich-pg16-lz4"],
        &["rich-pg18-none", "rich-pg18-gzip", "rich-pg18-lz4", "rich-pg18-zstd"],
    ];
    let mut reference_pg15: Option<BTreeMap<String, Vec<u8>>> = None;
    for group in groups {
        let first = contents(&Archive::open(fixture(group[0])).expect(group[0]));
        for name in &group[1..] {
            let other = contents(&Archive::open(fixture(name)).expect(name));
            assert!(other == first, "{name} differs from {}", group[0]);
        }
        // The 20,000-row table is there, with pg_dump's trailer.
        let big = first.values().map(Vec::len).max().unwrap();
        assert_eq!(big, 768_899);
        assert!(first.values().all(|data| data.ends_with(b"\\.\n\n\n") || data.len() < 16));
        reference_pg15.get_or_insert(first);
    }
    let pg15 = contents(&Archive::open(fixture("rich-pg15-none")).unwrap());
    let pg15gz = contents(&Archive::open(fixture("rich-pg15-gzip")).unwrap());
    assert!(pg15 == pg15gz, "rich-pg15 gzip differs from none");
}

#[test]
fn data_file_discovery_reports_algorithm_and_size() {
    for (name, algorithm) in [
        ("rich-pg15-gzip", Algorithm::Gzip),
        ("rich-pg16-lz4", Algorithm::Lz4),
        ("rich-pg18-zstd", Algorithm::Zstd),
        ("rich-pg18-none", Algorithm::None),
    ] {
        let archive = Archive::open(fixture(name)).unwrap();
        for entry in archive.entries().iter().filter(|e| e.desc == "TABLE DATA") {
            let file = archive.data_file(entry).unwrap().unwrap();
            assert_eq!(file.algorithm, algorithm, "{name}");
            assert_eq!(file.size, fs_err::metadata(&file.path).unwrap().len());
        }
        // Large-object TOCs are never compressed by pg_dump.
        for entry in archive.entries().iter().filter(|e| e.desc == "BLOBS") {
            assert_eq!(archive.data_file(entry).unwrap().unwrap().algorithm, Algorithm::None);
        }
        let schema_entry = archive.entries().iter().find(|e| e.desc == "SCHEMA").unwrap();
        assert_eq!(archive.data_file(schema_entry).unwrap(), None);
    }
}

#[test]
fn rewrite_with_tusk_writer_keeps_contents() {
    for (name, path) in fixture_archives() {
        let source = Archive::open(&path).expect(&name);
        let original = contents(&source);
        for algorithm in [Algorithm::None, Algorithm::Gzip] {
            let temp = tempfile::tempdir().unwrap();
            let dest = temp.path().join("out");
            let toc = rewrite(&source, &dest, algorithm, None);
            let copy = Archive::open(&dest).expect("open copy");
            assert_eq!(copy.toc(), &toc, "{name}");
            assert_eq!(copy.header().version, source.header().version, "{name}");
            assert!(contents(&copy) == original, "{name} {algorithm:?}: contents differ");
            // Same compression as the source: the toc.dat is the source's, byte for byte.
            if source.header().compression.algorithm() == algorithm {
                let a = fs_err::read(path.join("toc.dat")).unwrap();
                let b = fs_err::read(dest.join("toc.dat")).unwrap();
                assert!(a == b, "{name}: toc.dat differs after rewrite");
            }
        }
    }
}

#[test]
fn rewrite_as_zstd_multi_frame() {
    let source = Archive::open(fixture("rich-pg16-none")).unwrap();
    let temp = tempfile::tempdir().unwrap();
    let dest = temp.path().join("zstd");
    rewrite(&source, &dest, Algorithm::Zstd, Some(100_000));
    let copy = Archive::open(&dest).unwrap();
    assert_eq!(copy.header().compression, HeaderCompression::Algorithm(Algorithm::Zstd));
    assert!(contents(&copy) == contents(&source));
}
