//! Data files through the public API: file writers (temporary names, frames, finish/drop),
//! readers at frame offsets, concatenated streams, streaming of large data.

use std::io::{Read, Write};

use tusk_archive::{Algorithm, CompressWriter, Compression, DataReader, DataWriter, Error};

use crate::support::read_all;

fn writable() -> [Compression; 3] {
    [
        Compression::NONE,
        Compression::new(Algorithm::Gzip).unwrap(),
        Compression::with_level(Algorithm::Zstd, 1).unwrap(),
    ]
}

/// Deterministic, somewhat compressible rows.
fn rows(from: u64, count: u64) -> Vec<u8> {
    let mut out = Vec::new();
    for i in from..from + count {
        writeln!(
            out,
            "{i}\tname {}\t{}\t2026-11-24 02:48:{:02}",
            i * 7919 % 10007,
            i % 3 == 0,
            i % 60
        )
        .unwrap();
    }
    out
}

#[test]
fn file_writer_renames_on_finish_and_reports_frames() {
    let temp = tempfile::tempdir().unwrap();
    for compression in writable() {
        let path = temp.path().join(format!("1.dat{}", compression.algorithm().suffix()));
        let mut w = DataWriter::create(&path, compression, true).unwrap();
        assert!(!path.exists(), "the final name appears only at finish");
        let chunks: Vec<Vec<u8>> = (0..4).map(|i| rows(i * 5000, 5000)).collect();
        for chunk in &chunks {
            w.write_all(chunk).unwrap();
            w.start_new_frame().unwrap();
        }
        let summary = w.finish().unwrap();
        assert!(path.exists());
        assert!(
            !temp
                .path()
                .join(format!("{}.tmp", path.file_name().unwrap().to_string_lossy()))
                .exists()
        );
        assert_eq!(summary.bytes_out, fs_err::metadata(&path).unwrap().len());
        assert_eq!(summary.bytes_in, chunks.iter().map(|c| c.len() as u64).sum::<u64>());
        // The trailing start_new_frame had no data after it, so there are exactly 4 frames.
        assert_eq!(summary.frames.len(), 4, "{compression:?}");
        let all = read_all(DataReader::open(&path, compression.algorithm()).unwrap());
        assert_eq!(all, chunks.concat());
        // Each frame alone, between its offset and the next one's.
        for (i, frame) in summary.frames.iter().enumerate() {
            let end = summary.frames.get(i + 1).map(|f| f.compressed_offset);
            let reader =
                DataReader::open_at(&path, compression.algorithm(), frame.compressed_offset, end)
                    .unwrap();
            assert_eq!(read_all(reader), chunks[i], "{compression:?} frame {i}");
            assert_eq!(
                frame.uncompressed_offset,
                chunks[..i].iter().map(|c| c.len() as u64).sum::<u64>()
            );
        }
    }
}

#[test]
fn dropped_writer_leaves_nothing() {
    let temp = tempfile::tempdir().unwrap();
    for compression in writable() {
        let path = temp.path().join("2.dat");
        let mut w = DataWriter::create(&path, compression, false).unwrap();
        w.write_all(&rows(0, 1000)).unwrap();
        drop(w);
        assert_eq!(fs_err::read_dir(temp.path()).unwrap().count(), 0, "{compression:?}");
    }
}

#[test]
fn writer_refuses_existing_files() {
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("3.dat");
    fs_err::write(&path, b"x").unwrap();
    let err = DataWriter::create(&path, Compression::NONE, false).unwrap_err();
    assert!(matches!(err, Error::FileExists { .. }), "{err}");
    assert!(err.to_string().contains("3.dat"));
}

#[test]
fn concatenated_streams_are_read_whole() {
    for compression in writable() {
        let mut joined = Vec::new();
        let mut expected = Vec::new();
        for part in 0..3 {
            let data = rows(part * 100, 100 + part);
            let mut w = CompressWriter::new(Vec::new(), compression).unwrap();
            w.write_all(&data).unwrap();
            joined.extend(w.finish().unwrap().0);
            expected.extend(data);
        }
        let reader =
            DataReader::new(std::io::Cursor::new(joined), compression.algorithm(), "x", 0).unwrap();
        assert_eq!(read_all(reader), expected, "{compression:?}");
    }
}

#[test]
fn large_streams_in_small_pieces() {
    // 16 MiB through each codec, written and read in odd-sized pieces, several frames.
    let temp = tempfile::tempdir().unwrap();
    let piece = rows(0, 20_000);
    let repeats = (16 << 20) / piece.len() + 1;
    for compression in writable() {
        let path = temp.path().join(format!("big.dat{}", compression.algorithm().suffix()));
        let mut w = DataWriter::create(&path, compression, false).unwrap();
        for i in 0..repeats {
            w.write_all(&piece[..piece.len() - i % 7]).unwrap();
            if i % 20 == 19 {
                w.start_new_frame().unwrap();
            }
        }
        let summary = w.finish().unwrap();
        let mut reader = DataReader::open(&path, compression.algorithm()).unwrap();
        let mut buf = vec![0u8; 3001];
        let mut total = 0u64;
        let mut hash = 0u64;
        loop {
            let n = reader.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            total += n as u64;
            hash =
                buf[..n].iter().fold(hash, |h, &b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        }
        let expected_hash = (0..repeats)
            .flat_map(|i| piece[..piece.len() - i % 7].iter())
            .fold(0u64, |h, &b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        assert_eq!(total, summary.bytes_in);
        assert_eq!(hash, expected_hash, "{compression:?}");
        assert_eq!(reader.bytes_out(), total);
        assert_eq!(summary.frames.len(), repeats / 20 + 1);
    }
}

#[test]
fn zstd_output_carries_a_checksum() {
    let mut w =
        CompressWriter::new(Vec::new(), Compression::new(Algorithm::Zstd).unwrap()).unwrap();
    w.write_all(&rows(0, 100)).unwrap();
    let (out, _) = w.finish().unwrap();
    assert_eq!(out[..4], [0x28, 0xb5, 0x2f, 0xfd]);
    assert_ne!(out[4] & 0x04, 0, "content checksum flag");
    // A flipped bit in the data is now always caught.
    let mut bad = out.clone();
    let at = bad.len() - 10;
    bad[at] ^= 1;
    let mut reader =
        DataReader::new(std::io::Cursor::new(bad), Algorithm::Zstd, "c.zst", 0).unwrap();
    assert!(reader.read_to_end(&mut Vec::new()).is_err());
}

#[test]
fn gzip_header_matches_zlib() {
    let mut w =
        CompressWriter::new(Vec::new(), Compression::new(Algorithm::Gzip).unwrap()).unwrap();
    w.write_all(b"\\.\n\n\n").unwrap();
    let (out, summary) = w.finish().unwrap();
    assert_eq!(out[..10], [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3]);
    assert_eq!(summary.bytes_out, out.len() as u64);
}

#[test]
fn errors_come_back_out_of_io_errors() {
    let mut reader = DataReader::new(
        std::io::Cursor::new(b"this is not a gzip file at all".to_vec()),
        Algorithm::Gzip,
        "/x/5.dat.gz",
        0,
    )
    .unwrap();
    let err = reader.read_to_end(&mut Vec::new()).unwrap_err();
    assert!(err.to_string().contains("/x/5.dat.gz"), "{err}");
    let err = Error::downcast_io(err).unwrap();
    assert!(matches!(err, Error::Decompress { algorithm: Algorithm::Gzip, .. }), "{err}");
    let plain = std::io::Error::other("plain");
    assert!(Error::downcast_io(plain).is_err());
}
