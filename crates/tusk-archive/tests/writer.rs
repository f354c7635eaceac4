//! The archive writer: directory rules, toc.dat last, validation at finish.

use std::io::Write;
use std::path::Path;

use tusk_archive::{
    Algorithm, Archive, ArchiveVersion, ArchiveWriter, BlobFile, Error, Header, HeaderCompression,
    Section, Toc, TocEntry, WriterOptions,
};

use crate::support::{contents, read_all};

fn options() -> WriterOptions {
    WriterOptions { sync: false, ..Default::default() }
}

fn entry(dump_id: i32, desc: &str, filename: &str) -> TocEntry {
    let section = if filename.is_empty() { Section::PreData } else { Section::Data };
    TocEntry {
        had_dumper: !filename.is_empty(),
        tag: Some(desc.to_owned()),
        filename: filename.to_owned(),
        ..TocEntry::new(dump_id, desc, section)
    }
}

/// A small archive: the three special entries, a table, its data and two large objects.
fn small_toc(algorithm: Algorithm) -> Toc {
    let mut header = Header::for_writing(algorithm);
    header.dbname = Some("tiny".into());
    header.server_version = Some("15.18".into());
    header.dump_version = Some("tusk 0.1.0".into());
    header.created.year = 126;
    let mut encoding = entry(10, "ENCODING", "");
    encoding.defn = Some("SET client_encoding = 'UTF8';\n".into());
    let mut stdstrings = entry(11, "STDSTRINGS", "");
    stdstrings.defn = Some("SET standard_conforming_strings = 'on';\n".into());
    let mut searchpath = entry(12, "SEARCHPATH", "");
    searchpath.defn = Some("SELECT pg_catalog.set_config('search_path', '', false);\n".into());
    let mut table = entry(1, "TABLE", "");
    table.tag = Some("t".into());
    table.namespace = Some("public".into());
    table.tableam = Some("heap".into());
    table.tablespace = Some(String::new());
    table.owner = Some("postgres".into());
    table.table_oid = 1259;
    table.oid = 16385;
    table.defn = Some("CREATE TABLE public.t (\n    id integer,\n    v text\n);\n".into());
    table.drop_stmt = Some("DROP TABLE public.t;\n".into());
    let mut data = entry(2, "TABLE DATA", "2.dat");
    data.tag = Some("t".into());
    data.namespace = Some("public".into());
    data.owner = Some("postgres".into());
    data.oid = 16385;
    data.copy_stmt = Some("COPY public.t (id, v) FROM stdin;\n".into());
    data.dependencies = vec![1];
    let mut blob = entry(3, "BLOB", "");
    blob.tag = Some("16608".into());
    blob.table_oid = 2613;
    blob.oid = 16608;
    blob.owner = Some("postgres".into());
    blob.defn = Some("SELECT pg_catalog.lo_create('16608');\n".into());
    blob.drop_stmt = Some("SELECT pg_catalog.lo_unlink('16608');\n".into());
    let mut blobs = entry(4, "BLOBS", "blobs.toc");
    blobs.tag = Some("BLOBS".into());
    Toc { header, entries: vec![encoding, stdstrings, searchpath, table, data, blob, blobs] }
}

const DATA: &[u8] = b"1\ta\n2\t\\N\n3\tc\n\\.\n\n\n";

fn write_small(dir: &Path, algorithm: Algorithm) -> Toc {
    let toc = small_toc(algorithm);
    let writer = ArchiveWriter::create(dir, options()).unwrap();
    let mut w = writer.data_file("2.dat", algorithm).unwrap();
    w.write_all(DATA).unwrap();
    w.finish().unwrap();
    let mut b = writer.blob_file("blobs.toc", 16608, algorithm).unwrap();
    b.write_all(b"hello").unwrap();
    b.finish().unwrap();
    assert!(!dir.join("toc.dat").exists(), "toc.dat is written last");
    writer.finish(&toc).unwrap();
    toc
}

#[test]
fn writes_a_readable_archive() {
    for algorithm in [Algorithm::None, Algorithm::Gzip, Algorithm::Zstd] {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("out");
        let toc = write_small(&dir, algorithm);
        let archive = Archive::open(&dir).unwrap();
        assert_eq!(archive.toc(), &toc);
        let expected_version = if algorithm == Algorithm::Zstd {
            ArchiveVersion::V1_15
        } else {
            ArchiveVersion::V1_14
        };
        assert_eq!(archive.header().version, expected_version);
        let data = read_all(archive.open_data(archive.entry(2).unwrap()).unwrap());
        assert_eq!(data, DATA);
        let blobs = archive.blobs(archive.entry(4).unwrap()).unwrap();
        assert_eq!(blobs, vec![BlobFile::for_oid(16608)]);
        assert_eq!(
            fs_err::read_to_string(dir.join("blobs.toc")).unwrap(),
            "16608 blob_16608.dat\n"
        );
        assert_eq!(read_all(archive.open_blob(&blobs[0]).unwrap()), b"hello");
        assert_eq!(contents(&archive).len(), 2);
        let mut names: Vec<String> = fs_err::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let suffix = algorithm.suffix();
        let mut expected = vec![
            format!("2.dat{suffix}"),
            format!("blob_16608.dat{suffix}"),
            "blobs.toc".into(),
            "toc.dat".into(),
        ];
        expected.sort();
        assert_eq!(names, expected, "no temporary files remain");
    }
}

#[cfg(unix)]
#[test]
fn new_directory_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("new");
    ArchiveWriter::create(&dir, options()).unwrap();
    let mode = fs_err::metadata(&dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
}

#[test]
fn directory_rules() {
    let temp = tempfile::tempdir().unwrap();
    // An existing empty directory is fine.
    ArchiveWriter::create(temp.path(), options()).unwrap();
    // A non-empty one is not, and the error names it.
    fs_err::write(temp.path().join("stray"), b"x").unwrap();
    let err = ArchiveWriter::create(temp.path(), options()).unwrap_err();
    assert!(matches!(err, Error::DirectoryNotEmpty { .. }));
    assert_eq!(
        err.to_string(),
        format!("directory \"{}\" exists but is not empty", temp.path().display())
    );
    // A file is not a directory.
    let err = ArchiveWriter::create(temp.path().join("stray"), options()).unwrap_err();
    assert!(matches!(err, Error::NotADirectory { .. }), "{err}");
    // A location that cannot be created (its parent is a file), or whose parent is missing.
    for bad in [temp.path().join("stray").join("out"), temp.path().join("missing").join("out")] {
        let err = ArchiveWriter::create(&bad, options()).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err}");
        assert!(err.to_string().contains(&bad.display().to_string()), "{err}");
    }
}

#[test]
fn levels_and_algorithms_are_checked() {
    let temp = tempfile::tempdir().unwrap();
    let err =
        ArchiveWriter::create(temp.path().join("a"), WriterOptions { gzip_level: 12, ..options() })
            .unwrap_err();
    assert_eq!(err.to_string(), "invalid gzip compression level 12 (must be between 0 and 9)");
    let writer = ArchiveWriter::create(temp.path().join("b"), options()).unwrap();
    let err = writer.data_file("1.dat", Algorithm::Lz4).unwrap_err();
    assert!(matches!(err, Error::UnsupportedWriteAlgorithm { algorithm: Algorithm::Lz4 }));
    let w = writer.data_file("1.dat", Algorithm::Gzip).unwrap();
    w.finish().unwrap();
    for algorithm in [Algorithm::None, Algorithm::Gzip, Algorithm::Zstd] {
        let err = writer.data_file("1.dat", algorithm).unwrap_err();
        assert!(matches!(err, Error::FileExists { .. }), "{err}");
    }
    assert!(matches!(
        writer.data_file("../1.dat", Algorithm::None),
        Err(Error::InvalidFileName { .. })
    ));
}

#[test]
fn finish_refuses_missing_data_files() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("out");
    let writer = ArchiveWriter::create(&dir, options()).unwrap();
    // A data file that was started but never finished does not count.
    let mut unfinished = writer.data_file("2.dat", Algorithm::Gzip).unwrap();
    unfinished.write_all(DATA).unwrap();
    drop(unfinished);
    let mut toc = small_toc(Algorithm::Gzip);
    toc.entries.retain(|e| e.desc != "BLOBS");
    let err = writer.finish(&toc).unwrap_err();
    assert!(matches!(err, Error::FileNotFound { dump_id: Some(2), .. }), "{err}");
    assert!(!dir.join("toc.dat").exists());
    assert!(Archive::open(&dir).is_err(), "an unfinished archive does not open");
}

#[test]
fn finish_refuses_zstd_in_1_14() {
    let temp = tempfile::tempdir().unwrap();
    let writer = ArchiveWriter::create(temp.path(), options()).unwrap();
    let mut w = writer.data_file("2.dat", Algorithm::Zstd).unwrap();
    w.write_all(DATA).unwrap();
    w.finish().unwrap();
    let mut toc = small_toc(Algorithm::Gzip);
    toc.entries.retain(|e| e.desc != "BLOBS");
    assert_eq!(toc.header.version, ArchiveVersion::V1_14);
    let err = writer.finish(&toc).unwrap_err();
    assert!(
        matches!(err, Error::AlgorithmNeedsNewerVersion { algorithm: Algorithm::Zstd, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("2.dat.zst"), "{err}");
}

#[test]
fn finish_refuses_unreferenced_blobs_and_bad_tocs() {
    let temp = tempfile::tempdir().unwrap();
    let writer = ArchiveWriter::create(temp.path().join("a"), options()).unwrap();
    writer.blob_file("blobs_9.toc", 5, Algorithm::None).unwrap().finish().unwrap();
    let toc = Toc {
        header: Header::for_writing(Algorithm::None),
        entries: vec![entry(1, "ENCODING", "")],
    };
    let err = writer.finish(&toc).unwrap_err();
    assert_eq!(err.to_string(), "large-object TOC \"blobs_9.toc\" is not named by any TOC entry");

    let writer = ArchiveWriter::create(temp.path().join("b"), options()).unwrap();
    let mut toc = small_toc(Algorithm::None);
    toc.entries[3].relkind = 114;
    assert!(matches!(writer.finish(&toc), Err(Error::Unrepresentable { dump_id: Some(1), .. })));
}

#[test]
fn explicit_version_and_1_16_blob_groups() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("out");
    let writer = ArchiveWriter::create(&dir, options()).unwrap();
    let mut toc = small_toc(Algorithm::Gzip);
    toc.header.version = ArchiveVersion::V1_16;
    toc.header.compression =
        HeaderCompression::for_version(ArchiveVersion::V1_16, Algorithm::Gzip, -1).unwrap();
    toc.entries.retain(|e| e.desc != "BLOBS" && e.desc != "BLOB");
    toc.entries[3].relkind = i32::from(b'r');
    for (group, oids) in [(20, [100u32, 101]), (21, [102, 103])] {
        let name = format!("blobs_{group}.toc");
        let mut e = entry(group, "BLOBS", &name);
        e.tag = Some(format!("{}..{}", oids[0], oids[1]));
        toc.entries.push(e);
        for oid in oids {
            let mut w = writer.blob_file(&name, oid, Algorithm::Gzip).unwrap();
            w.write_all(format!("lo {oid}").as_bytes()).unwrap();
            w.finish().unwrap();
        }
    }
    let mut w = writer.data_file("2.dat", Algorithm::Zstd).unwrap();
    w.write_all(DATA).unwrap();
    w.finish().unwrap();
    writer.finish(&toc).unwrap();
    let archive = Archive::open(&dir).unwrap();
    assert_eq!(archive.toc(), &toc);
    let all = contents(&archive);
    assert_eq!(all["blob 103"], b"lo 103");
    assert_eq!(all["2"], DATA);
    assert_eq!(
        fs_err::read_to_string(dir.join("blobs_21.toc")).unwrap(),
        "102 blob_102.dat\n103 blob_103.dat\n"
    );
}

#[test]
fn a_large_object_is_written_once_whatever_its_toc() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("out");
    let writer = ArchiveWriter::create(&dir, options()).unwrap();
    // Unfinished: the OID is taken from the start, not once its file has its final name.
    let first = writer.blob_file("blobs_1.toc", 7, Algorithm::None).unwrap();
    for toc in ["blobs_1.toc", "blobs_2.toc"] {
        let err = writer.blob_file(toc, 7, Algorithm::Gzip).unwrap_err();
        assert!(
            matches!(&err, Error::FileExists { path } if path.ends_with("blob_7.dat.gz")),
            "{err}"
        );
    }
    first.finish().unwrap();
}

#[test]
fn many_large_objects_are_synced_with_the_archive() {
    // With sync on, finish makes the blob files durable at once (syncfs on Linux) and the
    // archive reads back whole.
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("out");
    let mut opts = options();
    opts.sync = true;
    let writer = ArchiveWriter::create(&dir, opts).unwrap();
    let mut toc = small_toc(Algorithm::Gzip);
    toc.entries.retain(|e| e.desc != "BLOB");
    for oid in 1000..1200u32 {
        let mut w = writer.blob_file("blobs.toc", oid, Algorithm::Gzip).unwrap();
        w.write_all(format!("lo {oid}").as_bytes()).unwrap();
        w.finish().unwrap();
    }
    let mut w = writer.data_file("2.dat", Algorithm::Gzip).unwrap();
    w.write_all(DATA).unwrap();
    w.finish().unwrap();
    writer.finish(&toc).unwrap();
    let archive = Archive::open(&dir).unwrap();
    let all = contents(&archive);
    assert_eq!(all.len(), 201);
    assert_eq!(all["blob 1199"], b"lo 1199");
}
