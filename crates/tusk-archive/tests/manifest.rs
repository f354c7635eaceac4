//! `tusk-manifest.json`: writing and reading back, errors that name the file, and
//! `Manifest::file_for`, which trusts a manifest entry only for the data file it describes.

use std::io::Write;
use std::path::Path;

use tusk_archive::manifest::{
    CHECKSUM_ALGORITHM, MANIFEST_FILE, MANIFEST_FORMAT, MANIFEST_VERSION, Manifest, ManifestChunk,
    ManifestFile, format_checksum,
};
use tusk_archive::{
    Algorithm, Archive, ArchiveWriter, Error, Header, Section, Toc, TocEntry, WriterOptions,
};

use crate::support::{chain, fixture_archives, read_all};

/// The rows of the two frames of the test table's data file (the second ends with the
/// trailer, as a dump's last range does).
const FRAME_1: &[u8] = b"1\tone\n2\ttwo\n";
const FRAME_2: &[u8] = b"3\tthree\n\\.\n\n\n";

fn chunk(offset: u64, length: u64, uncompressed: (u64, u64), rows: u64) -> ManifestChunk {
    ManifestChunk {
        compressed_offset: offset,
        compressed_length: length,
        uncompressed_offset: uncompressed.0,
        uncompressed_length: uncompressed.1,
        rows,
        checksum: format_checksum(rows),
        first_page: None,
        end_page: None,
    }
}

fn file(
    dump_id: i32,
    name: &str,
    algorithm: Algorithm,
    chunks: Vec<ManifestChunk>,
) -> ManifestFile {
    ManifestFile {
        dump_id,
        schema: "public".into(),
        table: format!("t{dump_id}"),
        file: name.into(),
        algorithm: algorithm.name().into(),
        uncompressed_bytes: chunks.iter().map(|c| c.uncompressed_length).sum(),
        compressed_bytes: chunks.iter().map(|c| c.compressed_length).sum(),
        rows: chunks.iter().map(|c| c.rows).sum(),
        checksum: format_checksum(u64::from(dump_id.unsigned_abs())),
        chunks,
    }
}

fn table_data(dump_id: i32) -> TocEntry {
    TocEntry {
        had_dumper: true,
        tag: Some(format!("t{dump_id}")),
        namespace: Some("public".into()),
        owner: Some("postgres".into()),
        copy_stmt: Some(format!("COPY public.t{dump_id} (id, v) FROM stdin;\n")),
        filename: format!("{dump_id}.dat"),
        ..TocEntry::new(dump_id, "TABLE DATA", Section::Data)
    }
}

/// An archive with one TABLE DATA entry (dump id 7) whose data file has two frames, and the
/// manifest that describes it, as the dump engine builds it from the writer's summary.
fn archive_with_manifest(dir: &Path, algorithm: Algorithm) -> (Archive, Manifest) {
    let writer = ArchiveWriter::create(dir, WriterOptions { sync: false, ..Default::default() })
        .expect("create archive");
    let mut data = writer.data_file("7.dat", algorithm).expect("data file");
    data.write_all(FRAME_1).expect("write frame 1");
    data.start_new_frame().expect("new frame");
    data.write_all(FRAME_2).expect("write frame 2");
    let summary = data.finish().expect("finish data file");
    assert_eq!(summary.frames.len(), 2, "two frames");
    let split = summary.frames[1];
    let chunks = vec![
        chunk(0, split.compressed_offset, (0, split.uncompressed_offset), 2),
        chunk(
            split.compressed_offset,
            summary.bytes_out - split.compressed_offset,
            (split.uncompressed_offset, summary.bytes_in - split.uncompressed_offset),
            1,
        ),
    ];
    let name = format!("7.dat{}", algorithm.suffix());
    let manifest = Manifest::new(vec![file(7, &name, algorithm, chunks)]);
    manifest.write(dir, false).expect("write manifest");
    let toc = Toc { header: Header::for_writing(algorithm), entries: vec![table_data(7)] };
    writer.finish(&toc).expect("write toc.dat");
    (Archive::open(dir).expect("open archive"), manifest)
}

#[test]
fn writes_sorted_plain_json_and_reads_it_back() {
    let temp = tempfile::tempdir().expect("tempdir");
    let a = file(9, "9.dat.zst", Algorithm::Zstd, vec![chunk(0, 10, (0, 20), 3)]);
    let b = file(2, "2.dat", Algorithm::None, vec![chunk(0, 5, (0, 5), 0)]);
    let manifest = Manifest::new(vec![a.clone(), b.clone()]);
    assert_eq!(manifest.files, vec![b, a], "sorted by dump id");
    assert_eq!(
        (manifest.format.as_str(), manifest.version, manifest.checksum.as_str()),
        (MANIFEST_FORMAT, MANIFEST_VERSION, CHECKSUM_ALGORITHM)
    );
    manifest.write(temp.path(), false).expect("write");
    let names: Vec<String> = fs_err::read_dir(temp.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![MANIFEST_FILE.to_owned()], "no temporary file left");
    let text = fs_err::read_to_string(temp.path().join(MANIFEST_FILE)).expect("read text");
    assert!(text.starts_with("{\n  \"format\": \"tusk-manifest\",\n"), "{text}");
    assert!(text.ends_with("}\n"), "final newline");
    assert!(text.contains("\"checksum\": \"0000000000000003\""), "16 hex digits: {text}");
    assert_eq!(text.as_bytes(), manifest.to_json().expect("json"));
    assert_eq!(Manifest::read(temp.path()).expect("read back"), manifest);
    assert_eq!(Manifest::read_if_present(temp.path()).expect("read back"), Some(manifest.clone()));
    // Writing the same manifest again gives the same bytes (no timestamps).
    manifest.write(temp.path(), true).expect("write again, synced");
    let again = fs_err::read_to_string(temp.path().join(MANIFEST_FILE)).expect("read text");
    assert_eq!(again, text);
    assert_eq!(manifest.file(9).map(|f| f.algorithm()), Some(Some(Algorithm::Zstd)));
    assert_eq!(manifest.file(3), None);
}

#[test]
fn errors_name_the_manifest_file() {
    let temp = tempfile::tempdir().expect("tempdir");
    let path = temp.path().join(MANIFEST_FILE);

    assert_eq!(Manifest::read_if_present(temp.path()).expect("no manifest is fine"), None);
    let err = Manifest::read(temp.path()).expect_err("missing");
    assert!(matches!(&err, Error::ManifestRead { path: p, .. } if *p == path), "{err:?}");
    assert!(err.to_string().contains(&path.display().to_string()), "{err}");

    fs_err::write(&path, b"{\"format\": \"tusk-manifest\", \"version\": 1}").expect("write");
    for err in [
        Manifest::read(temp.path()).expect_err("malformed"),
        Manifest::read_if_present(temp.path()).expect_err("malformed"),
    ] {
        assert!(matches!(&err, Error::ManifestParse { path: p, .. } if *p == path), "{err:?}");
        assert!(chain(&err).contains("missing field"), "{}", chain(&err));
    }

    let mut future = Manifest::new(Vec::new());
    future.version = MANIFEST_VERSION + 1;
    fs_err::write(&path, future.to_json().expect("json")).expect("write");
    let err = Manifest::read(temp.path()).expect_err("newer version");
    assert!(
        matches!(&err, Error::ManifestVersion { path: p, version, .. }
            if *p == path && *version == MANIFEST_VERSION + 1),
        "{err:?}"
    );
    assert!(err.to_string().contains("version 2"), "{err}");

    let mut other = Manifest::new(Vec::new());
    other.format = "something-else".into();
    fs_err::write(&path, other.to_json().expect("json")).expect("write");
    let err = Manifest::read(temp.path()).expect_err("other format");
    assert!(matches!(&err, Error::ManifestVersion { format, .. } if format == "something-else"));

    let missing_dir = temp.path().join("absent");
    let err = Manifest::new(Vec::new()).write(&missing_dir, false).expect_err("no directory");
    let expected = missing_dir.join(MANIFEST_FILE);
    assert!(matches!(&err, Error::ManifestWrite { path: p, .. } if *p == expected), "{err:?}");
}

#[test]
fn file_for_trusts_only_the_file_the_manifest_describes() {
    for algorithm in [Algorithm::None, Algorithm::Gzip, Algorithm::Zstd] {
        let temp = tempfile::tempdir().expect("tempdir");
        let dir = temp.path().join("archive");
        let (archive, manifest) = archive_with_manifest(&dir, algorithm);
        let entry = archive.entry(7).expect("entry 7").clone();
        assert_eq!(Manifest::read(&dir).expect("read manifest"), manifest);

        // It matches, and its chunk offsets read each frame on its own.
        let found = manifest.file_for(&entry, &archive).expect("the manifest matches");
        assert_eq!(found.dump_id, 7);
        let frames: Vec<Vec<u8>> = found
            .chunks
            .iter()
            .map(|c| {
                let end = c.compressed_offset + c.compressed_length;
                let reader = archive
                    .open_data_at(&entry, c.compressed_offset, Some(end))
                    .expect("open chunk");
                read_all(reader)
            })
            .collect();
        assert_eq!(frames, vec![FRAME_1.to_vec(), FRAME_2.to_vec()], "{algorithm:?}");

        // No manifest entry for the dump id.
        assert_eq!(manifest.file_for(&table_data(8), &archive), None);
        let mut no_file = entry.clone();
        no_file.filename.clear();
        assert_eq!(manifest.file_for(&no_file, &archive), None, "entry names no file");

        // Recorded under another name (another compression).
        let mut renamed = manifest.clone();
        renamed.files[0].file = "7.dat.other".into();
        assert_eq!(renamed.file_for(&entry, &archive), None);

        // Chunks that do not cover the file.
        let mut gap = manifest.clone();
        gap.files[0].chunks[1].compressed_offset += 1;
        gap.files[0].chunks[1].compressed_length -= 1;
        assert_eq!(gap.file_for(&entry, &archive), None, "gap between chunks");
        let mut short = manifest.clone();
        short.files[0].chunks.pop();
        assert_eq!(short.file_for(&entry, &archive), None, "last chunk missing");
        let mut stream = manifest.clone();
        stream.files[0].uncompressed_bytes += 1;
        assert_eq!(stream.file_for(&entry, &archive), None, "uncompressed size differs");

        // The data file changed on disk after the dump: its size differs.
        let path = dir.join(format!("7.dat{}", algorithm.suffix()));
        let mut data = fs_err::OpenOptions::new().append(true).open(&path).expect("open");
        data.write_all(b"x").expect("grow the data file");
        drop(data);
        assert_eq!(manifest.file_for(&entry, &archive), None, "size differs");

        // Replaced by a file with another suffix: the name differs.
        fs_err::remove_file(&path).expect("remove");
        let other = if algorithm == Algorithm::Gzip { Algorithm::Zstd } else { Algorithm::Gzip };
        fs_err::write(dir.join(format!("7.dat{}", other.suffix())), b"").expect("write");
        assert_eq!(manifest.file_for(&entry, &archive), None, "other file");
    }
}

#[test]
fn pg_dump_archives_have_no_manifest() {
    for (name, dir) in fixture_archives() {
        let archive = Archive::open(&dir).expect("open fixture");
        assert_eq!(Manifest::read_if_present(&dir).expect("read"), None, "{name}");
        let manifest = Manifest::new(Vec::new());
        for entry in archive.entries() {
            assert_eq!(manifest.file_for(entry, &archive), None, "{name} entry {}", entry.dump_id);
        }
    }
}
