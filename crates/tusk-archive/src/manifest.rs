//! `tusk-manifest.json`: what tusk knows about each data file beyond what `toc.dat` can say.
//!
//! Per data file: dump id, table, file name (with suffix), algorithm, sizes, row count, an
//! **xxh3-64** checksum of the whole uncompressed stream (trailer included), and its chunks:
//! one per compressed frame, i.e. one per ctid range of a split table, each with its
//! compressed and uncompressed offsets and lengths, rows, own checksum and page range. A
//! reader can decompress any chunk on its own (`Archive::open_data_at(entry, offset,
//! Some(offset + length))`), but only after [`Manifest::file_for`] has confirmed that the
//! file on disk is the one the manifest describes (a data file replaced or recompressed after
//! the dump, e.g. by hand, makes the offsets meaningless).
//!
//! The file is plain JSON with a fixed field order and files sorted by dump id, so an
//! unchanged database gives a byte-identical manifest. It holds no timestamps. Checksums are
//! 16 lower-case hex digits (JSON numbers above 2^53 are not portable). pg_restore ignores
//! the file. It is written before `toc.dat`, by tusk-dump; tusk-restore reads it.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::model::{Algorithm, TocEntry};

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

    /// Whether the chunks are consecutive from offset 0 and add up to `compressed_bytes` and
    /// `uncompressed_bytes` (so each chunk can be read on its own at its offsets).
    pub fn chunks_cover_file(&self) -> bool {
        let (mut compressed, mut uncompressed) = (0u64, 0u64);
        for chunk in &self.chunks {
            if chunk.compressed_offset != compressed || chunk.uncompressed_offset != uncompressed {
                return false;
            }
            let (Some(c), Some(u)) = (
                compressed.checked_add(chunk.compressed_length),
                uncompressed.checked_add(chunk.uncompressed_length),
            ) else {
                return false;
            };
            (compressed, uncompressed) = (c, u);
        }
        !self.chunks.is_empty()
            && compressed == self.compressed_bytes
            && uncompressed == self.uncompressed_bytes
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

    /// The entry of `entry` (a TABLE DATA entry of `archive`), but only if it describes the
    /// data file on disk: same file name (suffix included, so same compression), same
    /// compressed size, and chunks that are consecutive from offset 0 and cover exactly that
    /// size in the file and the recorded uncompressed size in the stream. `None` when the
    /// manifest has no entry for the dump id, the entry names no file or the file cannot be
    /// found, or anything differs: a reader must then read the file as a whole and not trust
    /// the chunk offsets.
    pub fn file_for(&self, entry: &TocEntry, archive: &Archive) -> Option<&ManifestFile> {
        let file = self.file(entry.dump_id)?;
        let on_disk = archive.data_file(entry).ok()??;
        let name = on_disk.path.file_name()?.to_str()?;
        let matches = name == file.file
            && on_disk.size == file.compressed_bytes
            && file.algorithm() == Some(on_disk.algorithm)
            && file.chunks_cover_file();
        matches.then_some(file)
    }

    /// The JSON text (pretty, with a final newline).
    pub fn to_json(&self) -> std::result::Result<Vec<u8>, serde_json::Error> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Writes `dir/tusk-manifest.json` (through a temporary file and a rename, fsynced when
    /// `sync`). Call before writing `toc.dat`.
    pub fn write(&self, dir: &Path, sync: bool) -> Result<()> {
        let path = dir.join(MANIFEST_FILE);
        let bytes = self.to_json().map_err(|e| Error::ManifestWrite {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
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
            return Err(Error::ManifestWrite { path, source });
        }
        Ok(())
    }

    /// Reads `dir/tusk-manifest.json`.
    pub fn read(dir: &Path) -> Result<Self> {
        let path = dir.join(MANIFEST_FILE);
        let bytes = fs_err::read(&path)
            .map_err(|source| Error::ManifestRead { path: path.clone(), source })?;
        Self::parse(&bytes, path)
    }

    /// Reads `dir/tusk-manifest.json` if it exists: `Ok(None)` when there is none (archives
    /// written by pg_dump), an error when it exists but cannot be read or used.
    pub fn read_if_present(dir: &Path) -> Result<Option<Self>> {
        let path = dir.join(MANIFEST_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => Self::parse(&bytes, path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::ManifestRead { path, source }),
        }
    }

    /// Parses and checks the format and version of a manifest read from `path`.
    fn parse(bytes: &[u8], path: std::path::PathBuf) -> Result<Self> {
        let manifest: Self = match serde_json::from_slice(bytes) {
            Ok(manifest) => manifest,
            Err(source) => return Err(Error::ManifestParse { path, source }),
        };
        if manifest.format != MANIFEST_FORMAT || manifest.version != MANIFEST_VERSION {
            return Err(Error::ManifestVersion {
                path,
                format: manifest.format,
                version: manifest.version,
            });
        }
        Ok(manifest)
    }
}
