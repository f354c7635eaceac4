//! `tusk-manifest.json`: what tusk knows about each data file beyond what `toc.dat` can say.
//!
//! Per data file: dump id, table, file name (with suffix), algorithm, sizes, row count, an
//! **xxh3-64** checksum of the whole uncompressed stream (trailer included), and its chunks:
//! one per compressed frame, i.e. one per ctid range of a split table, each with its
//! compressed and uncompressed offsets and lengths, rows, own checksum and page range. A
//! reader can decompress any chunk on its own (`Archive::open_data_at(entry, offset,
//! Some(offset + length))`).
//!
//! The file is plain JSON with a fixed field order and files sorted by dump id, so an
//! unchanged database gives a byte-identical manifest. It holds no timestamps. Checksums are
//! 16 lower-case hex digits (JSON numbers above 2^53 are not portable). pg_restore ignores
//! the file. It is written before `toc.dat`.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tusk_archive::Algorithm;

use crate::error::DumpError;

/// The manifest's file name in the archive directory.
pub const MANIFEST_FILE: &str = "tusk-manifest.json";
/// The value of the `format` field.
pub const MANIFEST_FORMAT: &str = "tusk-manifest";
/// The manifest version this crate writes and reads.
pub const MANIFEST_VERSION: u32 = 1;
/// The checksum algorithm, as named in the manifest.
pub const CHECKSUM_ALGORITHM: &str = "xxh3-64";

/// The manifest of an archive's table data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`MANIFEST_FORMAT`].
    pub format: String,
    /// [`MANIFEST_VERSION`].
    pub version: u32,
    /// [`CHECKSUM_ALGORITHM`].
    pub checksum: String,
    /// The data files, by dump id.
    pub files: Vec<ManifestFile>,
}

/// One data file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    /// The TABLE DATA entry's dump id.
    pub dump_id: i32,
    /// The table's schema.
    pub schema: String,
    /// The table's name.
    pub table: String,
    /// The file name in the directory, with its compression suffix (`3340.dat.gz`).
    pub file: String,
    /// `none`, `gzip` or `zstd`.
    pub algorithm: String,
    /// Uncompressed bytes, trailer included.
    pub uncompressed_bytes: u64,
    /// Bytes in the file.
    pub compressed_bytes: u64,
    /// Rows.
    pub rows: u64,
    /// xxh3-64 of the uncompressed stream, 16 hex digits.
    pub checksum: String,
    /// The frames, in file order; consecutive and covering the file.
    pub chunks: Vec<ManifestChunk>,
}

/// One chunk (compressed frame) of a data file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestChunk {
    /// Where it starts in the file.
    pub compressed_offset: u64,
    /// Its length in the file.
    pub compressed_length: u64,
    /// Where it starts in the uncompressed stream.
    pub uncompressed_offset: u64,
    /// Its uncompressed length (the last chunk's includes the trailer).
    pub uncompressed_length: u64,
    /// Rows.
    pub rows: u64,
    /// xxh3-64 of its uncompressed bytes, 16 hex digits.
    pub checksum: String,
    /// `ctid >= '(first_page,0)'`; `None` for an unsplit table or the first range.
    pub first_page: Option<u64>,
    /// `ctid < '(end_page,0)'`; `None` for an unsplit table or the last range.
    pub end_page: Option<u64>,
}

impl ManifestFile {
    /// The algorithm, parsed; `None` if the name is unknown.
    pub fn algorithm(&self) -> Option<Algorithm> {
        [Algorithm::None, Algorithm::Gzip, Algorithm::Lz4, Algorithm::Zstd]
            .into_iter()
            .find(|a| a.name() == self.algorithm)
    }
}

/// A checksum as the manifest writes it.
pub fn format_checksum(value: u64) -> String {
    format!("{value:016x}")
}

impl Manifest {
    /// A manifest of `files`, sorted by dump id.
    pub fn new(mut files: Vec<ManifestFile>) -> Self {
        files.sort_by_key(|f| f.dump_id);
        Self {
            format: MANIFEST_FORMAT.to_owned(),
            version: MANIFEST_VERSION,
            checksum: CHECKSUM_ALGORITHM.to_owned(),
            files,
        }
    }

    /// The entry of `dump_id`.
    pub fn file(&self, dump_id: i32) -> Option<&ManifestFile> {
        self.files.iter().find(|f| f.dump_id == dump_id)
    }

    /// The JSON text (pretty, with a final newline).
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Writes `dir/tusk-manifest.json` (through a temporary file and a rename, fsynced when
    /// `sync`). Call before writing `toc.dat`.
    pub fn write(&self, dir: &Path, sync: bool) -> Result<(), DumpError> {
        let path = dir.join(MANIFEST_FILE);
        let write_error = |source| DumpError::ManifestWrite { path: path.clone(), source };
        let bytes = self.to_json().map_err(|e| write_error(std::io::Error::other(e)))?;
        let temp = dir.join(format!("{MANIFEST_FILE}.tmp"));
        let written = (|| {
            let mut file = fs_err::File::create(&temp)?;
            file.write_all(&bytes)?;
            if sync {
                file.sync_all()?;
            }
            drop(file);
            fs_err::rename(&temp, &path)
        })();
        if let Err(source) = written {
            let _ = fs_err::remove_file(&temp);
            return Err(write_error(source));
        }
        Ok(())
    }

    /// Reads `dir/tusk-manifest.json`.
    pub fn read(dir: &Path) -> Result<Self, DumpError> {
        let path = dir.join(MANIFEST_FILE);
        let bytes = fs_err::read(&path)
            .map_err(|source| DumpError::ManifestRead { path: path.clone(), source })?;
        let manifest: Self = serde_json::from_slice(&bytes)
            .map_err(|source| DumpError::ManifestParse { path: path.clone(), source })?;
        if manifest.format != MANIFEST_FORMAT || manifest.version != MANIFEST_VERSION {
            return Err(DumpError::ManifestVersion {
                path,
                format: manifest.format,
                version: manifest.version,
            });
        }
        Ok(manifest)
    }
}
