//! Malformed input: every failure is an error naming the file and offset (or line), never a
//! panic, and no allocation follows an untrusted length.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use tusk_archive::{
    Archive, BlobsTocProblem, EntryContext, Error, TocProblem, read_toc, read_toc_named,
};

use crate::support::{chain, fixture, fixture_archives};

/// An int with intSize 4.
fn int(v: i64) -> Vec<u8> {
    let m = v.unsigned_abs();
    let mut out = vec![u8::from(v < 0)];
    out.extend_from_slice(&m.to_le_bytes()[..4]);
    out
}

/// A string (`None` = NULL).
fn s(v: Option<&[u8]>) -> Vec<u8> {
    match v {
        None => int(-1),
        Some(bytes) => {
            let mut out = int(bytes.len() as i64);
            out.extend_from_slice(bytes);
            out
        }
    }
}

fn text(v: &str) -> Vec<u8> {
    s(Some(v.as_bytes()))
}

/// A 1.14 header for `count` entries.
fn header(count: i64) -> Vec<u8> {
    let mut b = b"PGDMP".to_vec();
    b.extend([1, 14, 0, 4, 8, 3]);
    b.extend(int(-1));
    for _ in 0..7 {
        b.extend(int(1));
    }
    b.extend(text("db"));
    b.extend(text("15.18"));
    b.extend(text("15.18"));
    b.extend(int(count));
    b
}

/// The named fields of a valid 1.14 TOC entry.
fn fields(dump_id: i64) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("dumpId", int(dump_id)),
        ("hadDumper", int(0)),
        ("tableoid", text("1259")),
        ("oid", text("16385")),
        ("tag", text("t")),
        ("desc", text("TABLE")),
        ("section", int(2)),
        ("defn", text("CREATE TABLE public.t (id integer);\n")),
        ("dropStmt", text("DROP TABLE public.t;\n")),
        ("copyStmt", s(None)),
        ("namespace", text("public")),
        ("tablespace", text("")),
        ("tableam", text("heap")),
        ("owner", text("postgres")),
        ("withOids", text("false")),
        ("dependencies", [text("1"), s(None)].concat()),
        ("filename", text("")),
    ]
}

/// A whole toc.dat with one entry whose fields `change` edits; returns the bytes and the offset
/// of each field.
fn toc_with(
    change: impl FnOnce(&mut Vec<(&'static str, Vec<u8>)>),
) -> (Vec<u8>, impl Fn(&str) -> u64) {
    let mut f = fields(5);
    change(&mut f);
    let mut bytes = header(1);
    let mut offsets = Vec::new();
    for (name, value) in &f {
        offsets.push((*name, bytes.len() as u64));
        bytes.extend_from_slice(value);
    }
    let at = move |name: &str| offsets.iter().find(|(n, _)| *n == name).expect("field").1;
    (bytes, at)
}

fn set(f: &mut [(&'static str, Vec<u8>)], name: &str, value: Vec<u8>) {
    f.iter_mut().find(|(n, _)| *n == name).expect("field").1 = value;
}

/// Parses `bytes`, expecting an `InvalidToc` error; returns (offset, field, entry, problem).
fn invalid(bytes: &[u8]) -> (u64, &'static str, Option<EntryContext>, TocProblem, String) {
    match read_toc(bytes) {
        Ok(toc) => panic!("parsed malformed input: {toc:?}"),
        Err(err @ Error::InvalidToc { .. }) => {
            let message = err.to_string();
            assert!(message.starts_with("could not read \"toc.dat\" at offset "), "{message}");
            let Error::InvalidToc { offset, field, entry, problem, .. } = err else {
                unreachable!()
            };
            (offset, field, entry, problem, message)
        }
        Err(other) => panic!("unexpected error kind: {other}"),
    }
}

const ENTRY5: Option<EntryContext> = Some(EntryContext { index: 0, dump_id: Some(5) });

#[test]
fn the_builder_makes_a_valid_toc() {
    let (bytes, _) = toc_with(|_| {});
    let toc = read_toc(&bytes).expect("valid");
    assert_eq!(toc.entries[0].dump_id, 5);
    assert_eq!(toc.entries[0].tableam.as_deref(), Some("heap"));
    assert_eq!(tusk_archive::encode_toc(&toc).unwrap(), bytes);
}

#[test]
fn bad_magic() {
    let (mut bytes, _) = toc_with(|_| {});
    bytes[4] = b'Q';
    let (offset, field, entry, problem, _) = invalid(&bytes);
    assert_eq!((offset, field, entry, problem), (0, "magic", None, TocProblem::BadMagic));
    let (offset, _, _, problem, _) = invalid(b"PG");
    assert_eq!(offset, 0);
    assert!(matches!(problem, TocProblem::UnexpectedEnd { needed: 5, remaining: 2 }));
    let (_, _, _, problem, _) = invalid(b"");
    assert!(matches!(problem, TocProblem::UnexpectedEnd { .. }));
}

#[test]
fn unsupported_versions() {
    for version in [[1u8, 17, 0], [1, 11, 0], [2, 14, 0], [0, 14, 0], [1, 255, 255]] {
        let (mut bytes, _) = toc_with(|_| {});
        bytes[5..8].copy_from_slice(&version);
        let (offset, field, _, problem, message) = invalid(&bytes);
        assert_eq!((offset, field), (5, "version"));
        assert!(matches!(problem, TocProblem::UnsupportedVersion { .. }), "{message}");
        assert!(message.contains(&format!(
            "unsupported version ({}.{}.{})",
            version[0], version[1], version[2]
        )));
    }
}

#[test]
fn wrong_format_byte() {
    let (mut bytes, _) = toc_with(|_| {});
    bytes[10] = 5;
    let (offset, field, _, problem, message) = invalid(&bytes);
    assert_eq!((offset, field, problem), (10, "format", TocProblem::UnexpectedFormat { found: 5 }));
    assert!(
        message.contains("expected format (3) differs from format found in file (5)"),
        "{message}"
    );
    bytes[10] = 1; // custom format
    assert_eq!(invalid(&bytes).3, TocProblem::UnexpectedFormat { found: 1 });
}

#[test]
fn bad_int_sizes() {
    for size in [0u8, 33, 255] {
        let (mut bytes, _) = toc_with(|_| {});
        bytes[8] = size;
        let (offset, field, _, problem, _) = invalid(&bytes);
        assert_eq!((offset, field, problem), (8, "intSize", TocProblem::BadIntSize { size }));
    }
}

#[test]
fn integer_overflow_with_wide_ints() {
    // intSize 9: the compression int has a non-zero ninth magnitude byte.
    let mut bytes = b"PGDMP".to_vec();
    bytes.extend([1, 14, 0, 9, 8, 3]);
    bytes.extend([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    let (offset, field, _, problem, _) = invalid(&bytes);
    assert_eq!((offset, field, problem), (11, "compression", TocProblem::IntegerOverflow));
    // An i64 that does not fit a C int.
    let mut bytes = b"PGDMP".to_vec();
    bytes.extend([1, 14, 0, 8, 8, 3]);
    bytes.extend([0, 0, 0, 0, 0, 1, 0, 0, 0]);
    let (offset, _, _, problem, _) = invalid(&bytes);
    assert_eq!((offset, problem), (11, TocProblem::OutOfRange { value: 1 << 32 }));
}

#[test]
fn unknown_algorithm_byte() {
    let mut bytes = b"PGDMP".to_vec();
    bytes.extend([1, 15, 0, 4, 8, 3, 7]);
    let (offset, field, _, problem, _) = invalid(&bytes);
    assert_eq!(
        (offset, field, problem),
        (11, "compression", TocProblem::UnknownAlgorithm { code: 7 })
    );
}

#[test]
fn truncated_header_and_entry() {
    let (bytes, at) = toc_with(|_| {});
    let header_len = at("dumpId") as usize;
    let (offset, field, entry, problem, _) = invalid(&bytes[..header_len - 3]);
    assert_eq!((field, entry), ("entry count", None));
    assert_eq!(offset, header_len as u64 - 5);
    assert_eq!(problem, TocProblem::UnexpectedEnd { needed: 5, remaining: 2 });
    // Cut inside the defn string: its length exceeds what remains.
    let cut = at("defn") as usize + 10;
    let (offset, field, entry, problem, message) = invalid(&bytes[..cut]);
    assert_eq!((offset, field, entry), (at("defn"), "defn", ENTRY5));
    assert_eq!(problem, TocProblem::StringTooLong { len: 36, remaining: 5 });
    assert!(message.ends_with("(field \"defn\" of TOC entry #1, dump id 5)"), "{message}");
    // The count promises more entries than there are.
    let mut more = header(3);
    more.extend(fields(5).into_iter().flat_map(|(_, v)| v));
    let (_, field, entry, problem, _) = invalid(&more);
    assert_eq!((field, entry), ("dumpId", Some(EntryContext { index: 1, dump_id: None })));
    assert!(matches!(problem, TocProblem::UnexpectedEnd { .. }));
}

#[test]
fn absurd_string_length_is_refused_before_allocating() {
    let (bytes, at) = toc_with(|f| {
        let mut v = int(i64::from(i32::MAX));
        v.extend_from_slice(b"CREATE TABLE");
        set(f, "defn", v);
    });
    let (offset, _, _, problem, message) = invalid(&bytes);
    assert_eq!(offset, at("defn"));
    let remaining = bytes.len() as u64 - at("defn") - 5;
    assert_eq!(problem, TocProblem::StringTooLong { len: i64::from(i32::MAX), remaining });
    assert_eq!(
        message,
        format!(
            "could not read \"toc.dat\" at offset {}: string length 2147483647 exceeds the \
             remaining {remaining} bytes (field \"defn\" of TOC entry #1, dump id 5)",
            at("defn")
        )
    );
    // A length past i32 with a wide intSize is refused the same way, not allocated.
    let (bytes, _) = toc_with(|f| set(f, "tag", int(-7)));
    assert_eq!(invalid(&bytes).3, TocProblem::NegativeLength { len: -7 });
}

#[test]
fn bad_dump_ids() {
    for id in [0i64, -3, i64::from(i32::MAX) + 1] {
        let (bytes, at) = toc_with(|f| set(f, "dumpId", int(id)));
        let (offset, field, entry, problem, message) = invalid(&bytes);
        assert_eq!((offset, field), (at("dumpId"), "dumpId"));
        assert_eq!(entry, Some(EntryContext { index: 0, dump_id: None }));
        assert_eq!(problem, TocProblem::InvalidDumpId { id }, "{message}");
    }
    let mut twice = header(2);
    twice.extend(fields(5).into_iter().flat_map(|(_, v)| v));
    let second_at = twice.len() as u64;
    twice.extend(fields(5).into_iter().flat_map(|(_, v)| v));
    let (offset, _, entry, problem, _) = invalid(&twice);
    assert_eq!((offset, problem), (second_at, TocProblem::DuplicateDumpId { id: 5 }));
    assert_eq!(entry, Some(EntryContext { index: 1, dump_id: Some(5) }));
}

#[test]
fn bad_section_codes() {
    for code in [0i64, 5, -1, 1000] {
        let (bytes, at) = toc_with(|f| set(f, "section", int(code)));
        let (offset, field, entry, problem, _) = invalid(&bytes);
        assert_eq!((offset, field, entry), (at("section"), "section", ENTRY5));
        assert_eq!(problem, TocProblem::InvalidSection { code });
    }
}

#[test]
fn bad_counts_and_trailing_garbage() {
    let mut bytes = header(-1);
    let count_at = bytes.len() as u64 - 5;
    let (offset, field, _, problem, _) = invalid(&bytes);
    assert_eq!(
        (offset, field, problem),
        (count_at, "entry count", TocProblem::InvalidCount { count: -1 })
    );
    // A huge count with nothing after it fails at the first entry, without allocating.
    bytes = header(i64::from(i32::MAX));
    assert!(matches!(invalid(&bytes).3, TocProblem::UnexpectedEnd { .. }));
    let (mut bytes, _) = toc_with(|_| {});
    let end = bytes.len() as u64;
    bytes.extend_from_slice(b"garbage");
    let (offset, field, entry, problem, message) = invalid(&bytes);
    assert_eq!(
        (offset, field, entry, problem),
        (end, "end of file", None, TocProblem::TrailingData { count: 7 })
    );
    assert!(message.contains("7 unexpected bytes after the last TOC entry"), "{message}");
}

#[test]
fn invalid_utf8_says_encodings_are_unsupported() {
    let (bytes, at) = toc_with(|f| set(f, "tag", s(Some(b"caf\xe9"))));
    let (offset, field, entry, problem, message) = invalid(&bytes);
    assert_eq!((offset, field, entry), (at("tag"), "tag", ENTRY5));
    assert_eq!(problem, TocProblem::InvalidUtf8 { valid_up_to: 3 });
    assert!(message.contains("not valid UTF-8"), "{message}");
    assert!(message.contains("not supported yet"), "{message}");
}

#[test]
fn null_where_a_value_is_required() {
    for name in ["desc", "tableoid", "oid", "withOids", "filename"] {
        let (bytes, at) = toc_with(|f| set(f, name, s(None)));
        let (offset, field, _, problem, _) = invalid(&bytes);
        assert_eq!((offset, field, problem), (at(name), name, TocProblem::UnexpectedNull));
    }
}

#[test]
fn non_canonical_numbers() {
    for (name, value) in
        [("oid", "12a"), ("oid", "007"), ("tableoid", "-1"), ("oid", "4294967296"), ("oid", "")]
    {
        let (bytes, at) = toc_with(|f| set(f, name, text(value)));
        let (offset, field, _, problem, _) = invalid(&bytes);
        assert_eq!((offset, field), (at(name), name));
        assert!(
            matches!(problem, TocProblem::InvalidNumber { what: "OID", .. }),
            "{value}: {problem}"
        );
    }
    let (bytes, at) =
        toc_with(|f| set(f, "dependencies", [text("1"), text("x1"), s(None)].concat()));
    let (offset, _, _, problem, _) = invalid(&bytes);
    assert_eq!(offset, at("dependencies") + 6);
    assert_eq!(problem, TocProblem::InvalidNumber { what: "dependency", text: "x1".into() });
}

#[test]
fn every_prefix_of_real_tocs_fails_cleanly() {
    // Every prefix of the small archive; every 7th of the large ones (a quadratic amount of
    // parsing otherwise), which still cuts every kind of field at every byte position.
    for (name, step) in [("tiny-pg15-none", 1), ("rich-pg16-none", 7), ("rich-pg18-stats", 7)] {
        let bytes = fs_err::read(fixture(name).join("toc.dat")).unwrap();
        for len in (0..bytes.len()).step_by(step) {
            match read_toc(&bytes[..len]) {
                Err(Error::InvalidToc { offset, problem, .. }) => {
                    assert!(offset <= len as u64, "{name}[..{len}]: offset {offset}");
                    assert!(
                        matches!(
                            problem,
                            TocProblem::UnexpectedEnd { .. } | TocProblem::StringTooLong { .. }
                        ),
                        "{name}[..{len}]: {problem}"
                    );
                }
                other => panic!("{name}[..{len}]: {other:?}"),
            }
        }
    }
}

#[test]
fn single_byte_corruptions_never_panic() {
    let bytes = fs_err::read(fixture("tiny-pg15-none").join("toc.dat")).unwrap();
    for at in 0..bytes.len() {
        for value in [0x00, 0x01, 0x7f, 0x80, 0xff] {
            let mut copy = bytes.clone();
            copy[at] = value;
            // Either it still parses (and then writes back to the same model) or it is an error.
            if let Ok(toc) = read_toc(&copy) {
                let again = tusk_archive::encode_toc(&toc).expect("re-encode");
                assert_eq!(read_toc(&again).expect("re-read"), toc);
            }
        }
    }
}

#[test]
fn errors_name_the_real_file() {
    let path = Path::new("/some/dir/toc.dat");
    let err = read_toc_named(b"PGDMX", path).unwrap_err();
    assert_eq!(
        err.to_string(),
        "could not read \"/some/dir/toc.dat\" at offset 0: did not find magic string \"PGDMP\" in file header (header field \"magic\")"
    );
}

/// Copies a fixture archive into a temporary directory (files made writable).
fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let dest = temp.path().join(name);
    fs_err::create_dir(&dest).unwrap();
    for entry in fs_err::read_dir(fixture(name)).unwrap() {
        let entry = entry.unwrap();
        let target = dest.join(entry.file_name());
        fs_err::copy(entry.path(), &target).unwrap();
        let mut perms = fs_err::metadata(&target).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        fs_err::set_permissions(&target, perms).unwrap();
    }
    (temp, dest)
}

fn read_error(archive: &Archive, dump_id: i32) -> Error {
    let entry = archive.entry(dump_id).expect("entry");
    let mut reader = archive.open_data(entry).expect("open");
    let mut out = Vec::new();
    let err = reader.read_to_end(&mut out).expect_err("corrupt data must fail");
    Error::downcast_io(err).expect("an archive error")
}

#[test]
fn missing_archive_and_toc() {
    let temp = tempfile::tempdir().unwrap();
    let missing = temp.path().join("nope");
    let err = Archive::open(&missing).unwrap_err();
    assert!(
        chain(&err).contains(&format!("could not read \"{}\"", missing.display())),
        "{}",
        chain(&err)
    );
    let err = Archive::open(temp.path()).unwrap_err();
    assert!(matches!(err, Error::FileNotFound { .. }));
    assert!(err.to_string().contains(&temp.path().join("toc.dat").display().to_string()), "{err}");
    let file = temp.path().join("file");
    fs_err::write(&file, b"x").unwrap();
    assert!(matches!(Archive::open(&file), Err(Error::NotADirectory { .. })));
}

#[test]
fn missing_data_file() {
    let (_temp, dir) = copy_fixture("tiny-pg15-none");
    fs_err::remove_file(dir.join("3340.dat")).unwrap();
    let archive = Archive::open(&dir).unwrap();
    let err = archive.open_data(archive.entry(3340).unwrap()).unwrap_err();
    assert!(matches!(err, Error::FileNotFound { dump_id: Some(3340), .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "could not find \"{}\" (also tried the suffixes .gz, .lz4 and .zst) for TOC entry 3340",
            dir.join("3340.dat").display()
        )
    );
}

#[test]
fn truncated_gzip_data_file() {
    let (_temp, dir) = copy_fixture("rich-pg15-gzip");
    let path = dir.join("3527.dat.gz");
    let full = fs_err::read(&path).unwrap();
    for cut in [full.len() / 2, full.len() - 1, full.len() - 8, 10] {
        fs_err::write(&path, &full[..cut]).unwrap();
        let archive = Archive::open(&dir).unwrap();
        let err = read_error(&archive, 3527);
        assert!(matches!(err, Error::Truncated { .. }), "cut {cut}: {}", chain(&err));
        assert!(err.to_string().contains(&path.display().to_string()), "{err}");
        assert!(err.to_string().contains("truncated"), "{err}");
    }
}

#[test]
fn corrupted_zstd_data_file() {
    let (_temp, dir) = copy_fixture("rich-pg18-zstd");
    let path = dir.join("3541.dat.zst");
    let mut bytes = fs_err::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle..middle + 64].fill(0xa5);
    fs_err::write(&path, &bytes).unwrap();
    let archive = Archive::open(&dir).unwrap();
    let err = read_error(&archive, 3541);
    assert!(matches!(err, Error::Decompress { .. }), "{}", chain(&err));
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("could not decompress zstd file \"{}\"", path.display())),
        "{message}"
    );
    // A damaged frame header too.
    bytes[0] = 0;
    fs_err::write(&path, &bytes).unwrap();
    assert!(matches!(read_error(&archive, 3541), Error::Decompress { offset: _, .. }));
}

#[test]
fn truncated_and_corrupt_lz4_data_file() {
    let (_temp, dir) = copy_fixture("rich-pg16-lz4");
    let path = dir.join("3541.dat.lz4");
    let full = fs_err::read(&path).unwrap();
    let archive = Archive::open(&dir).unwrap();
    // Cut at a block boundary too: the first block of a 64 KiB-block frame ends at 7 + 4 + size.
    let first_block = u32::from_le_bytes(full[7..11].try_into().unwrap()) as usize & 0x7fff_ffff;
    for cut in [full.len() / 2, full.len() - 1, 7, 7 + 4 + first_block] {
        fs_err::write(&path, &full[..cut]).unwrap();
        let err = read_error(&archive, 3541);
        assert!(matches!(err, Error::Truncated { .. }), "cut {cut}: {}", chain(&err));
        assert!(err.to_string().contains("3541.dat.lz4"), "{err}");
    }
}

#[test]
fn corrupt_blobs_toc_names_file_and_line() {
    let (_temp, dir) = copy_fixture("rich-pg15-none");
    let mut file = fs_err::OpenOptions::new().append(true).open(dir.join("blobs.toc")).unwrap();
    file.write_all(b"16610 \n").unwrap();
    drop(file);
    let archive = Archive::open(&dir).unwrap();
    let entry = archive.entries().iter().find(|e| e.desc == "BLOBS").unwrap();
    let err = archive.blobs(entry).unwrap_err();
    assert!(
        matches!(err, Error::InvalidBlobsToc { line: 3, problem: BlobsTocProblem::Syntax, .. }),
        "{err}"
    );
    assert!(err.to_string().contains(&dir.join("blobs.toc").display().to_string()));
}

#[test]
fn file_names_must_stay_inside_the_archive() {
    let (_temp, dir) = copy_fixture("tiny-pg15-none");
    let mut toc = Archive::open(&dir).unwrap().into_toc();
    let entry = toc.entries.iter_mut().find(|e| e.dump_id == 3340).unwrap();
    entry.filename = "../3340.dat".into();
    fs_err::write(dir.join("toc.dat"), tusk_archive::encode_toc(&toc).unwrap()).unwrap();
    let archive = Archive::open(&dir).unwrap();
    let err = archive.open_data(archive.entry(3340).unwrap()).unwrap_err();
    assert!(matches!(err, Error::InvalidFileName { dump_id: Some(3340), .. }), "{err}");
}

#[test]
fn a_compressed_toc_dat_is_read() {
    let (_temp, dir) = copy_fixture("rich-pg18-none");
    let bytes = fs_err::read(dir.join("toc.dat")).unwrap();
    let compressed = zstd_compress(&bytes);
    fs_err::remove_file(dir.join("toc.dat")).unwrap();
    fs_err::write(dir.join("toc.dat.zst"), &compressed).unwrap();
    let archive = Archive::open(&dir).unwrap();
    assert_eq!(archive.toc(), &read_toc(&bytes).unwrap());
}

/// Compresses with tusk's own writer (zstd), so the test needs no codec crate of its own.
fn zstd_compress(bytes: &[u8]) -> Vec<u8> {
    let compression = tusk_archive::Compression::new(tusk_archive::Algorithm::Zstd).unwrap();
    let mut w = tusk_archive::CompressWriter::new(Vec::new(), compression).unwrap();
    w.write_all(bytes).unwrap();
    w.finish().unwrap().0
}

#[test]
fn every_fixture_data_file_cut_in_half_fails() {
    for (name, path) in fixture_archives() {
        let archive = Archive::open(&path).unwrap();
        for entry in archive.entries().iter().filter(|e| e.desc == "TABLE DATA") {
            let file = archive.data_file(entry).unwrap().unwrap();
            if file.algorithm == tusk_archive::Algorithm::None || file.size < 40 {
                continue;
            }
            let bytes = fs_err::read(&file.path).unwrap();
            let half = bytes[..bytes.len() / 2].to_vec();
            let mut reader = tusk_archive::DataReader::new(
                std::io::Cursor::new(half),
                file.algorithm,
                &file.path,
                0,
            )
            .unwrap();
            let err = reader
                .read_to_end(&mut Vec::new())
                .expect_err(&format!("{name} {}", entry.dump_id));
            let err = Error::downcast_io(err).unwrap();
            assert!(
                matches!(err, Error::Truncated { .. } | Error::Decompress { .. }),
                "{name}: {err}"
            );
        }
    }
}
