//! Large-object TOCs: `blobs.toc` (archives up to 1.15, one per archive) and
//! `blobs_<dumpId>.toc` (1.16, one per `BLOBS` entry).
//!
//! Each line is `"<oid> blob_<oid>.dat\n"` (pg_dump writes `"%u %s\n"`; pg_restore reads it with
//! `sscanf("%u %s")`). The file name never carries the compression suffix; the blob file is
//! found like any data file. pg_dump writes these files uncompressed, but a user may have
//! compressed them, so they are read through [`DataReader`](crate::DataReader).
//!
//! Invariants: parsing streams line by line with a line-length cap, so memory is bounded by the
//! number of large objects, never by one absurd line; every error names the file and line.
#![warn(clippy::unwrap_used, clippy::indexing_slicing)]

use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use crate::error::{BlobsTocProblem, Error, Result, excerpt};

/// The longest line accepted: an OID, a space and a file name of up to `MAXPGPATH`.
const MAX_LINE: usize = 16 + 1024 + 1;

/// One large object of a large-object TOC.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlobFile {
    /// The large object's OID.
    pub oid: u32,
    /// Its data file name, without compression suffix (`blob_<oid>.dat`).
    pub filename: String,
}

impl BlobFile {
    /// The entry pg_dump writes for `oid`: file `blob_<oid>.dat`.
    pub fn for_oid(oid: u32) -> Self {
        Self { oid, filename: format!("blob_{oid}.dat") }
    }
}

/// Parses a large-object TOC read from `reader` (decompressed), which came from `path`.
pub(crate) fn parse_blobs_toc(reader: impl Read, path: &Path) -> Result<Vec<BlobFile>> {
    let mut reader = BufReader::new(reader);
    let mut blobs = Vec::new();
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        number += 1;
        line.clear();
        let cap = (MAX_LINE + 1) as u64;
        let n = (&mut reader)
            .take(cap)
            .read_until(b'\n', &mut line)
            .map_err(|e| read_error(e, path))?;
        if n == 0 {
            break;
        }
        let invalid =
            |problem| Error::InvalidBlobsToc { path: path.to_path_buf(), line: number, problem };
        if line.last() == Some(&b'\n') {
            line.pop();
        } else if n as u64 == cap {
            return Err(invalid(BlobsTocProblem::TooLong { max: MAX_LINE }));
        }
        let text = std::str::from_utf8(&line).map_err(|_| invalid(BlobsTocProblem::InvalidUtf8))?;
        blobs.push(parse_line(text).map_err(invalid)?);
    }
    Ok(blobs)
}

/// A read error: keeps an [`Error`] that a [`DataReader`](crate::DataReader) wrapped.
fn read_error(err: io::Error, path: &Path) -> Error {
    Error::downcast_io(err)
        .unwrap_or_else(|source| Error::Read { path: path.to_path_buf(), source })
}

fn parse_line(text: &str) -> Result<BlobFile, BlobsTocProblem> {
    let mut words = text.split_ascii_whitespace();
    let (Some(oid), Some(filename), None) = (words.next(), words.next(), words.next()) else {
        return Err(BlobsTocProblem::Syntax);
    };
    let oid = oid
        .parse::<u32>()
        .ok()
        .filter(|_| oid.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| BlobsTocProblem::InvalidOid { text: excerpt(oid) })?;
    Ok(BlobFile { oid, filename: filename.to_owned() })
}

/// The text of a large-object TOC listing `blobs`.
pub(crate) fn format_blobs_toc(blobs: &[BlobFile]) -> String {
    blobs.iter().map(|b| format!("{} {}\n", b.oid, b.filename)).collect()
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn parse(text: &[u8]) -> Result<Vec<BlobFile>> {
        parse_blobs_toc(text, Path::new("blobs.toc"))
    }

    #[test]
    fn round_trip() {
        let blobs = vec![BlobFile::for_oid(16608), BlobFile::for_oid(16609)];
        let text = format_blobs_toc(&blobs);
        assert_eq!(text, "16608 blob_16608.dat\n16609 blob_16609.dat\n");
        assert_eq!(parse(text.as_bytes()).unwrap(), blobs);
        assert_eq!(parse(b"").unwrap(), vec![]);
        // A last line without newline is accepted, as pg_restore does.
        assert_eq!(parse(b"1 blob_1.dat").unwrap(), vec![BlobFile::for_oid(1)]);
    }

    #[test]
    fn errors_name_file_and_line() {
        let err = parse(b"1 blob_1.dat\n\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid line 2 in large-object TOC \"blobs.toc\": expected \"<oid> <file name>\""
        );
        let err = parse(b"1 blob_1.dat\nx blob_x.dat\n").unwrap_err();
        assert!(
            err.to_string().contains("line 2") && err.to_string().contains("invalid OID \"x\"")
        );
        let err = parse(b"-1 blob.dat\n").unwrap_err();
        assert!(err.to_string().contains("invalid OID"), "{err}");
        let err = parse(b"99999999999 blob.dat\n").unwrap_err();
        assert!(err.to_string().contains("invalid OID"), "{err}");
        let err = parse(b"1 a b\n").unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidBlobsToc { line: 1, problem: BlobsTocProblem::Syntax, .. }
        ));
        let long = vec![b'1'; 5000];
        let err = parse(&long).unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidBlobsToc { problem: BlobsTocProblem::TooLong { .. }, .. }
        ));
        let err = parse(b"1 \xff\n").unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidBlobsToc { problem: BlobsTocProblem::InvalidUtf8, .. }
        ));
    }
}
