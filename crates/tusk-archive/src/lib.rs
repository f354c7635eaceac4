//! Reader and writer of pg_dump's directory archive format (`pg_dump -Fd`), byte-compatible
//! with pg_dump and pg_restore 15 to 18 (archive versions 1.12 to 1.16).
//!
//! - [`read_toc`] / [`write_toc`]: the binary `toc.dat` (header and TOC entries) to and from
//!   the model types ([`Toc`], [`Header`], [`TocEntry`]). A pg_dump `toc.dat` reads and writes
//!   back to identical bytes.
//! - [`DataReader`] / [`CompressWriter`] / [`DataWriter`]: streaming (de)compression of data
//!   files (none, gzip, lz4 read only, zstd), multi-frame aware.
//! - [`Archive`] / [`ArchiveWriter`]: a whole archive directory, including large objects
//!   (`blobs.toc`, `blobs_<id>.toc`, `blob_<oid>.dat`).
//! - [`listing`]: the `pg_restore -l` listing of a TOC.
//! - [`manifest`]: tusk's `tusk-manifest.json` (per data file: chunks, offsets, rows,
//!   checksums), written by tusk-dump and read by tusk-restore; pg_restore ignores it.
//!
//! Architecture invariants: the crate is synchronous and does only file IO (no network, no
//! async runtime); CPU work such as compression runs on the caller's thread, so engines run
//! it on a blocking pool. Malformed input gives an [`Error`] naming the file and offset, never
//! a panic, and no allocation is sized by an untrusted length.
#![warn(missing_docs)]

mod archive;
mod blobs;
mod data;
mod encoding;
mod error;
pub mod listing;
pub mod manifest;
mod model;
mod toc;

pub use archive::{Archive, ArchiveWriter, DataFile, WriterOptions, prepare_output_dir};
pub use blobs::BlobFile;
pub use data::{
    CompressSummary, CompressWriter, Compression, DataFileSummary, DataReader, DataWriter, Frame,
};
pub use error::{BlobsTocProblem, EntryContext, Error, Result, TocProblem, WriteProblem};
pub use manifest::{
    CHECKSUM_ALGORITHM, MANIFEST_FILE, MANIFEST_FORMAT, MANIFEST_VERSION, Manifest, ManifestChunk,
    ManifestFile, format_checksum,
};
pub use model::{
    Algorithm, ArchiveVersion, CreationTime, Header, HeaderCompression, Section, Toc, TocEntry,
};
pub use toc::{encode_toc, read_toc, read_toc_from, read_toc_named, write_toc};
