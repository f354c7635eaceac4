//! Shared helpers: locating the pg_dump fixtures, reading whole data files, copying archives.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use tusk_archive::{Algorithm, Archive, ArchiveWriter, HeaderCompression, Toc, WriterOptions};

pub(crate) use tusk_testkit::{fixture, fixtures_dir};

/// Every fixture archive (a folder holding a toc.dat), by folder name.
pub(crate) fn fixture_archives() -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    for entry in fs_err::read_dir(fixtures_dir()).expect("list fixtures") {
        let path = entry.expect("fixture dir entry").path();
        if path.join("toc.dat").is_file() {
            let name = path.file_name().expect("name").to_string_lossy().into_owned();
            found.insert(name, path);
        }
    }
    assert!(found.len() >= 11, "expected at least 11 fixture archives, found {found:?}");
    found
}

/// Reads a whole decompressed stream, panicking with the error chain on failure.
pub(crate) fn read_all(mut reader: impl Read) -> Vec<u8> {
    let mut out = Vec::new();
    if let Err(e) = reader.read_to_end(&mut out) {
        panic!("read failed: {}", chain(&e));
    }
    out
}

/// An error and its sources, joined with ": ".
pub(crate) fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// The decompressed content of every data file and large object of an archive, keyed by
/// `"<dumpId>"` for data files and `"blob <oid>"` for large objects.
pub(crate) fn contents(archive: &Archive) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in archive.entries() {
        if entry.filename.is_empty() {
            continue;
        }
        if entry.desc == "BLOBS" {
            let blobs = archive.blobs(entry).expect("read blobs toc");
            assert!(!blobs.is_empty(), "empty blobs toc for {}", entry.dump_id);
            for blob in blobs {
                let data = read_all(archive.open_blob(&blob).expect("open blob"));
                out.insert(format!("blob {}", blob.oid), data);
            }
        } else {
            let data = read_all(archive.open_data(entry).expect("open data"));
            out.insert(entry.dump_id.to_string(), data);
        }
    }
    out
}

/// Writes `archive` again into `dest` with tusk's writer, data in `algorithm`, TOC in `version`
/// of the source unless the algorithm needs a newer one; returns the TOC written.
pub(crate) fn rewrite(
    archive: &Archive,
    dest: &Path,
    algorithm: Algorithm,
    frame_every: Option<usize>,
) -> Toc {
    let writer = ArchiveWriter::create(dest, WriterOptions { sync: false, ..Default::default() })
        .expect("create writer");
    for entry in archive.entries() {
        if entry.filename.is_empty() {
            continue;
        }
        if entry.desc == "BLOBS" {
            for blob in archive.blobs(entry).expect("blobs") {
                let mut w =
                    writer.blob_file(&entry.filename, blob.oid, algorithm).expect("blob file");
                w.write_all(&read_all(archive.open_blob(&blob).expect("open blob")))
                    .expect("write");
                w.finish().expect("finish blob");
            }
        } else {
            let data = read_all(archive.open_data(entry).expect("open data"));
            let mut w = writer.data_file(&entry.filename, algorithm).expect("data file");
            match frame_every {
                None => w.write_all(&data).expect("write"),
                Some(n) => {
                    for chunk in data.chunks(n) {
                        w.write_all(chunk).expect("write");
                        w.start_new_frame().expect("new frame");
                    }
                }
            }
            let summary = w.finish().expect("finish data");
            assert_eq!(summary.bytes_in, data.len() as u64);
        }
    }
    let mut toc = archive.toc().clone();
    let gzip_level = match toc.header.compression {
        HeaderCompression::Level(level) if level != 0 => level,
        _ => -1,
    };
    toc.header.compression =
        HeaderCompression::for_version(toc.header.version, algorithm, gzip_level)
            .expect("compression");
    writer.finish(&toc).expect("finish archive");
    toc
}
