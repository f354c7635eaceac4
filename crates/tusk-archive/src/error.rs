//! The crate's error type.
//!
//! One enum, [`Error`], with a variant per failure kind. Every variant that comes from a file
//! names the file (`path`), and those that come from the bytes of `toc.dat` also carry the byte
//! offset of the item that failed and, inside an entry, which entry it was ([`EntryContext`]).
//! Causes are kept as `#[source]` and never formatted into the message, so `Display` prints one
//! layer; callers print the chain. Messages follow the PostgreSQL style: lower case, no final
//! period, file names in double quotes.
//!
//! The data readers and writers implement `std::io::Read` / `Write`, whose errors must be
//! `io::Error`s: they wrap an [`Error`] inside the `io::Error` (keeping the `io::ErrorKind`), and
//! [`Error::downcast_io`] gets it back.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::model::{Algorithm, ArchiveVersion};

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error reading or writing a directory archive.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// `toc.dat` (or bytes handed to [`read_toc`](crate::read_toc)) is malformed.
    #[error(
        "could not read \"{}\" at offset {offset}: {problem}{}",
        .path.display(),
        Location::new(.field, .entry)
    )]
    InvalidToc {
        /// The file (`toc.dat` when parsing bytes of unknown origin).
        path: PathBuf,
        /// The byte offset where the item that failed starts.
        offset: u64,
        /// The field being read, e.g. `"defn"` or `"magic"`.
        field: &'static str,
        /// The entry being read, `None` in the header.
        entry: Option<EntryContext>,
        /// What is wrong.
        problem: TocProblem,
    },

    /// A TOC cannot be encoded in the version its header names.
    #[error(
        "cannot write {} in archive version {version}: {problem}",
        What(.dump_id)
    )]
    Unrepresentable {
        /// The version of the header.
        version: ArchiveVersion,
        /// The entry at fault, `None` for the header.
        dump_id: Option<i32>,
        /// What cannot be expressed.
        problem: WriteProblem,
    },

    /// Writing an encoded TOC to a caller's writer failed.
    #[error("could not write TOC")]
    WriteToc {
        /// The cause.
        #[source]
        source: io::Error,
    },

    /// Opening or reading an archive file failed at the file system level.
    #[error("could not read \"{}\"", .path.display())]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },

    /// Creating, writing, syncing or renaming an archive file failed.
    #[error("could not write \"{}\"", .path.display())]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },

    /// A path that must be a directory is something else.
    #[error("\"{}\" is not a directory", .path.display())]
    NotADirectory {
        /// The path.
        path: PathBuf,
    },

    /// The output directory of an [`ArchiveWriter`](crate::ArchiveWriter) is not empty.
    #[error("directory \"{}\" exists but is not empty", .path.display())]
    DirectoryNotEmpty {
        /// The directory.
        path: PathBuf,
    },

    /// A file the archive needs does not exist, under its name or with any compression suffix.
    #[error(
        "could not find \"{}\" (also tried the suffixes .gz, .lz4 and .zst){}",
        .path.display(),
        ForEntry(.dump_id)
    )]
    FileNotFound {
        /// The path without compression suffix.
        path: PathBuf,
        /// The TOC entry that names the file, if any.
        dump_id: Option<i32>,
    },

    /// A file name from the TOC or a large-object TOC is not a plain file name.
    #[error("invalid file name \"{name}\"{}: {reason}", ForEntry(.dump_id))]
    InvalidFileName {
        /// The name as stored.
        name: String,
        /// The TOC entry that names the file, if any.
        dump_id: Option<i32>,
        /// Why it is refused.
        reason: &'static str,
    },

    /// A compressed data file is corrupt.
    #[error(
        "could not decompress {} file \"{}\" near compressed offset {offset}",
        .algorithm.name(),
        .path.display()
    )]
    Decompress {
        /// The file.
        path: PathBuf,
        /// Its compression.
        algorithm: Algorithm,
        /// How far the decoder had read the compressed input (decoders read ahead by up to
        /// their buffer size, so the fault is at or before this offset).
        offset: u64,
        /// The codec's error.
        #[source]
        source: io::Error,
    },

    /// A compressed data file ends inside a frame.
    #[error(
        "{} file \"{}\" is truncated: the compressed stream ends at offset {offset} inside a frame",
        .algorithm.name(),
        .path.display()
    )]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Its compression.
        algorithm: Algorithm,
        /// Where the compressed input ends.
        offset: u64,
    },

    /// A line of `blobs.toc` / `blobs_<id>.toc` is malformed.
    #[error("invalid line {line} in large-object TOC \"{}\": {problem}", .path.display())]
    InvalidBlobsToc {
        /// The file.
        path: PathBuf,
        /// The line number, from 1.
        line: u64,
        /// What is wrong.
        problem: BlobsTocProblem,
    },

    /// A compression level outside the algorithm's range.
    #[error("invalid {} compression level {level} (must be between {min} and {max})", .algorithm.name())]
    InvalidLevel {
        /// The algorithm.
        algorithm: Algorithm,
        /// The level asked for.
        level: i32,
        /// The smallest level allowed.
        min: i32,
        /// The largest level allowed.
        max: i32,
    },

    /// Writing is not implemented for this algorithm (LZ4 is read only).
    #[error("writing {} compressed files is not supported", .algorithm.name())]
    UnsupportedWriteAlgorithm {
        /// The algorithm.
        algorithm: Algorithm,
    },

    /// A data file would be created twice, or next to a variant with another suffix.
    #[error("data file \"{}\" already exists", .path.display())]
    FileExists {
        /// The existing file.
        path: PathBuf,
    },

    /// A data file's compression cannot be expressed by the archive version.
    #[error(
        "data file \"{}\" is {} compressed, which archive version {version} cannot express (use version 1.15 or later)",
        .path.display(),
        .algorithm.name()
    )]
    AlgorithmNeedsNewerVersion {
        /// The data file.
        path: PathBuf,
        /// Its compression.
        algorithm: Algorithm,
        /// The version of the TOC being written.
        version: ArchiveVersion,
    },

    /// `tusk-manifest.json` could not be read.
    #[error("could not read manifest \"{}\"", .path.display())]
    ManifestRead {
        /// Its path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },

    /// `tusk-manifest.json` is not valid JSON of the expected shape.
    #[error("manifest \"{}\" is malformed", .path.display())]
    ManifestParse {
        /// Its path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },

    /// `tusk-manifest.json` is of an unknown format or version.
    #[error(
        "manifest \"{}\" has unsupported format \"{}\" version {version} (supported: \"{}\" version {})",
        .path.display(),
        excerpt(.format),
        crate::manifest::MANIFEST_FORMAT,
        crate::manifest::MANIFEST_VERSION
    )]
    ManifestVersion {
        /// Its path.
        path: PathBuf,
        /// The format field.
        format: String,
        /// The version field.
        version: u32,
    },

    /// `tusk-manifest.json` could not be written (or its temporary file, or the rename).
    #[error("could not write manifest \"{}\"", .path.display())]
    ManifestWrite {
        /// Its path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },

    /// Large objects were written for a large-object TOC that no TOC entry names.
    #[error("large-object TOC \"{name}\" is not named by any TOC entry")]
    UnreferencedBlobsToc {
        /// The large-object TOC's file name.
        name: String,
    },
}

impl Error {
    /// Gets back the [`Error`] that a data reader or writer wrapped in an `io::Error`, or returns
    /// the `io::Error` unchanged if it holds none.
    pub fn downcast_io(err: io::Error) -> Result<Error, io::Error> {
        if err.get_ref().is_some_and(|inner| inner.is::<Error>()) {
            let kind = err.kind();
            match err.into_inner().map(|inner| inner.downcast::<Error>()) {
                Some(Ok(inner)) => Ok(*inner),
                // Not reachable after the `is` check above; rebuild an equivalent error.
                Some(Err(other)) => Err(io::Error::new(kind, other)),
                None => Err(io::Error::from(kind)),
            }
        } else {
            Err(err)
        }
    }

    /// Wraps this error in an `io::Error` of the given kind (for `Read`/`Write` impls).
    pub(crate) fn into_io(self, kind: io::ErrorKind) -> io::Error {
        io::Error::new(kind, self)
    }
}

/// Which TOC entry a [`TocProblem`] was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryContext {
    /// The entry's position in the file, from 0.
    pub index: usize,
    /// Its dump id, once read.
    pub dump_id: Option<i32>,
}

/// What is wrong with a `toc.dat`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TocProblem {
    /// The input ends inside an item.
    #[error("unexpected end of file ({needed} bytes needed, {remaining} remaining)")]
    UnexpectedEnd {
        /// The bytes the item needs.
        needed: u64,
        /// The bytes left.
        remaining: u64,
    },
    /// The file does not start with `PGDMP`.
    #[error("did not find magic string \"PGDMP\" in file header")]
    BadMagic,
    /// A version this crate does not read.
    #[error(
        "unsupported version ({}.{}.{}) in file header (supported: {} to {})",
        .version.major, .version.minor, .version.rev,
        ArchiveVersion::OLDEST_READ, ArchiveVersion::NEWEST_READ
    )]
    UnsupportedVersion {
        /// The version found.
        version: ArchiveVersion,
    },
    /// The format byte is not 3 (the directory format stores the tar code).
    #[error("expected format (3) differs from format found in file ({found})")]
    UnexpectedFormat {
        /// The byte found.
        found: u8,
    },
    /// An integer size outside 1..=32.
    #[error("unsupported integer size {size} (must be between 1 and 32)")]
    BadIntSize {
        /// The size found.
        size: u8,
    },
    /// An integer whose magnitude does not fit in an `i64`.
    #[error("integer does not fit in 64 bits")]
    IntegerOverflow,
    /// An integer that must fit in a C `int` and does not.
    #[error("integer {value} is out of range for a 32-bit integer")]
    OutOfRange {
        /// The value read.
        value: i64,
    },
    /// A string length below -1.
    #[error("invalid string length {len}")]
    NegativeLength {
        /// The length read.
        len: i64,
    },
    /// A string length larger than what is left of the input.
    #[error("string length {len} exceeds the remaining {remaining} bytes")]
    StringTooLong {
        /// The length read.
        len: i64,
        /// The bytes left after the length.
        remaining: u64,
    },
    /// A string that is not UTF-8.
    #[error(
        "string is not valid UTF-8 (byte {valid_up_to} of the string); archives in other encodings are not supported yet"
    )]
    InvalidUtf8 {
        /// The length of the valid prefix.
        valid_up_to: usize,
    },
    /// A NULL string where pg_restore needs a value.
    #[error("unexpected NULL string")]
    UnexpectedNull,
    /// A string that should hold a number and does not hold it in canonical form.
    #[error("invalid {what} \"{text}\"")]
    InvalidNumber {
        /// What the number is (`"OID"`, `"dependency"`).
        what: &'static str,
        /// The text (cut to 64 characters).
        text: String,
    },
    /// A dump id that is not positive.
    #[error("invalid dump id {id} (must be positive)")]
    InvalidDumpId {
        /// The id read.
        id: i64,
    },
    /// A dump id used by two entries.
    #[error("duplicate dump id {id}")]
    DuplicateDumpId {
        /// The id.
        id: i32,
    },
    /// A section code outside 1..=4.
    #[error("invalid section code {code}")]
    InvalidSection {
        /// The code read.
        code: i64,
    },
    /// A compression algorithm byte outside 0..=3.
    #[error("unknown compression algorithm {code}")]
    UnknownAlgorithm {
        /// The byte read.
        code: u8,
    },
    /// A negative entry count.
    #[error("invalid TOC entry count {count}")]
    InvalidCount {
        /// The count read.
        count: i64,
    },
    /// Bytes after the last entry.
    #[error("{count} unexpected bytes after the last TOC entry")]
    TrailingData {
        /// How many.
        count: u64,
    },
}

/// What cannot be written in a given archive version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WriteProblem {
    /// A version outside the range this crate writes (1.12 to 1.16).
    #[error(
        "this crate writes versions {} to {} only",
        ArchiveVersion::OLDEST_READ,
        ArchiveVersion::NEWEST_READ
    )]
    UnsupportedVersion,
    /// A format byte other than 3.
    #[error("format byte {format} is not the directory format's 3")]
    NotDirectoryFormat {
        /// The byte.
        format: u8,
    },
    /// An integer size outside 1..=32.
    #[error("unsupported integer size {size} (must be between 1 and 32)")]
    BadIntSize {
        /// The size.
        size: u8,
    },
    /// A value that does not fit in the header's integer size.
    #[error("value {value} does not fit in {int_size}-byte integers")]
    IntTooWide {
        /// The value.
        value: i64,
        /// The integer size.
        int_size: u8,
    },
    /// A string longer than a C `int` can count.
    #[error("string of {len} bytes is too long")]
    StringTooLong {
        /// Its length.
        len: usize,
    },
    /// A compression level in a 1.15+ header, which stores an algorithm.
    #[error("the header stores a compression algorithm from version 1.15 on, not a level")]
    LevelInNewVersion,
    /// A compression algorithm in a header before 1.15, which stores a zlib level.
    #[error("the header stores a zlib level before version 1.15, not the {} algorithm", .algorithm.name())]
    AlgorithmInOldVersion {
        /// The algorithm.
        algorithm: Algorithm,
    },
    /// `tableam` set before 1.14.
    #[error("tableam needs version 1.14 or later")]
    TableamNeeds114,
    /// `relkind` set before 1.16.
    #[error("relkind {relkind} needs version 1.16 or later")]
    RelkindNeeds116 {
        /// The relkind.
        relkind: i32,
    },
    /// A dump id that is not positive.
    #[error("invalid dump id {id} (must be positive)")]
    InvalidDumpId {
        /// The id.
        id: i32,
    },
    /// A dump id used twice.
    #[error("duplicate dump id {id}")]
    DuplicateDumpId {
        /// The id.
        id: i32,
    },
}

/// What is wrong with a line of a large-object TOC.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BlobsTocProblem {
    /// Not `<oid> <filename>`.
    #[error("expected \"<oid> <file name>\"")]
    Syntax,
    /// The OID is not a decimal 32-bit unsigned integer.
    #[error("invalid OID \"{text}\"")]
    InvalidOid {
        /// The text (cut to 64 characters).
        text: String,
    },
    /// The line is longer than any valid line.
    #[error("line longer than {max} bytes")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// The line is not UTF-8.
    #[error("line is not valid UTF-8")]
    InvalidUtf8,
}

/// Formats the location suffix of [`Error::InvalidToc`].
struct Location<'a> {
    field: &'a &'static str,
    entry: Option<&'a EntryContext>,
}

impl<'a> Location<'a> {
    fn new(field: &'a &'static str, entry: &'a Option<EntryContext>) -> Self {
        Self { field, entry: entry.as_ref() }
    }
}

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.entry {
            None => write!(f, " (header field \"{}\")", self.field),
            Some(EntryContext { index, dump_id: None }) => {
                write!(f, " (field \"{}\" of TOC entry #{})", self.field, index + 1)
            }
            Some(EntryContext { index, dump_id: Some(id) }) => {
                write!(f, " (field \"{}\" of TOC entry #{}, dump id {id})", self.field, index + 1)
            }
        }
    }
}

/// Formats "the header" / "TOC entry N" for [`Error::Unrepresentable`].
struct What<'a>(&'a Option<i32>);

impl fmt::Display for What<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => f.write_str("the header"),
            Some(id) => write!(f, "TOC entry {id}"),
        }
    }
}

/// Formats " for TOC entry N" when an entry is known.
struct ForEntry<'a>(&'a Option<i32>);

impl fmt::Display for ForEntry<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => Ok(()),
            Some(id) => write!(f, " for TOC entry {id}"),
        }
    }
}

/// Cuts untrusted text quoted in an error message to a readable length.
pub(crate) fn excerpt(text: &str) -> String {
    const MAX: usize = 64;
    match text.char_indices().nth(MAX) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
    }
}
