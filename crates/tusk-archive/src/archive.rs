//! Directory archives on disk: [`Archive`] reads one, [`ArchiveWriter`] writes one.
//!
//! Layout (reference, section 1): `toc.dat`, one `<dumpId>.dat[.gz|.lz4|.zst]` per entry with
//! a data file, `blobs.toc` (≤1.15) or `blobs_<dumpId>.toc` (1.16) listing large objects, and
//! one `blob_<oid>.dat[...]` per large object.
//!
//! Finding files (pg_restore 16+ `InitDiscoverCompressFileHandle`): a name that already ends
//! in `.gz`, `.lz4` or `.zst` is used as is; otherwise the name as is, then with `.gz`, `.lz4`
//! and `.zst` appended. Each file is decompressed according to the suffix found, so an archive
//! may mix compressions. `toc.dat` is found the same way (pg_restore accepts a compressed one).
//! File names from the TOC and the large-object TOCs must be plain names (no `/`, not `.` or
//! `..`), so a crafted archive cannot make us read or write outside its directory.
//!
//! Writing invariants:
//! - The directory is created with mode 0700, or must exist and be empty.
//! - Data files are written to temporary names and renamed when finished ([`DataWriter`]).
//! - `toc.dat` is written **last**, by [`ArchiveWriter::finish`], through `toc.dat.tmp`, fsync
//!   and rename, followed by an fsync of the directory. pg_dump writes `toc.dat` first; we do
//!   the opposite so that an interrupted dump never looks like a complete archive.
//! - `finish` refuses a TOC whose data files are missing or use a compression its version
//!   cannot express (lz4/zstd before 1.15), and writes the large-object TOCs that
//!   [`ArchiveWriter::blob_file`] recorded.
//! - [`ArchiveWriter`] takes `&self` everywhere but `finish`, so it can be shared by the
//!   threads that write data files.
#![warn(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::blobs::{BlobFile, format_blobs_toc, parse_blobs_toc};
use crate::data::{Compression, DataReader, DataWriter};
use crate::error::{Error, Result};
use crate::model::{Algorithm, Header, Toc, TocEntry};
use crate::toc::{encode_toc, read_toc_named};

/// The name of the TOC file.
const TOC_FILE: &str = "toc.dat";

/// A file of the archive, as found on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile {
    /// Its path, with the compression suffix found.
    pub path: PathBuf,
    /// Its compression, from the suffix.
    pub algorithm: Algorithm,
    /// Its size on disk (compressed).
    pub size: u64,
}

/// Checks that `name` is a plain file name.
fn check_name(name: &str, dump_id: Option<i32>) -> Result<()> {
    let reason = if name.is_empty() {
        "empty"
    } else if name == "." || name == ".." {
        "not a file name"
    } else if name.contains('/') || name.contains('\\') {
        "contains a path separator"
    } else if name.contains('\0') {
        "contains a NUL byte"
    } else {
        return Ok(());
    };
    Err(Error::InvalidFileName { name: name.to_owned(), dump_id, reason })
}

/// Finds `name` in `dir` as pg_restore 16+ does; `Ok(None)` if no variant exists.
fn discover(dir: &Path, name: &str, dump_id: Option<i32>) -> Result<Option<DataFile>> {
    check_name(name, dump_id)?;
    let candidates: Vec<(String, Algorithm)> = match Algorithm::from_suffix(name) {
        Some(algorithm) => vec![(name.to_owned(), algorithm)],
        None => [Algorithm::None, Algorithm::Gzip, Algorithm::Lz4, Algorithm::Zstd]
            .into_iter()
            .map(|a| (format!("{name}{}", a.suffix()), a))
            .collect(),
    };
    for (candidate, algorithm) in candidates {
        let path = dir.join(candidate);
        match std::fs::metadata(&path) {
            Ok(meta) => return Ok(Some(DataFile { path, algorithm, size: meta.len() })),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::Read { path, source }),
        }
    }
    Ok(None)
}

/// Like [`discover`], but a missing file is an error.
fn locate(dir: &Path, name: &str, dump_id: Option<i32>) -> Result<DataFile> {
    discover(dir, name, dump_id)?
        .ok_or_else(|| Error::FileNotFound { path: dir.join(name), dump_id })
}

/// A directory archive opened for reading.
#[derive(Debug, Clone)]
pub struct Archive {
    dir: PathBuf,
    toc: Toc,
}

impl Archive {
    /// Opens the archive in `dir` and reads its `toc.dat`.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self> {
        let dir = dir.into();
        match std::fs::metadata(&dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => return Err(Error::NotADirectory { path: dir }),
            Err(source) => return Err(Error::Read { path: dir, source }),
        }
        let file = locate(&dir, TOC_FILE, None)?;
        let mut bytes = Vec::new();
        let mut reader = DataReader::open(&file.path, file.algorithm)?;
        reader.read_to_end(&mut bytes).map_err(|e| {
            Error::downcast_io(e)
                .unwrap_or_else(|source| Error::Read { path: file.path.clone(), source })
        })?;
        let toc = read_toc_named(&bytes, &file.path)?;
        Ok(Self { dir, toc })
    }

    /// The archive directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The whole TOC.
    pub fn toc(&self) -> &Toc {
        &self.toc
    }

    /// Takes the TOC out.
    pub fn into_toc(self) -> Toc {
        self.toc
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.toc.header
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[TocEntry] {
        &self.toc.entries
    }

    /// The entry with dump id `dump_id`.
    pub fn entry(&self, dump_id: i32) -> Option<&TocEntry> {
        self.toc.entries.iter().find(|e| e.dump_id == dump_id)
    }

    /// Finds `entry`'s data file (or large-object TOC); `Ok(None)` if the entry names no file.
    pub fn data_file(&self, entry: &TocEntry) -> Result<Option<DataFile>> {
        if entry.filename.is_empty() {
            return Ok(None);
        }
        locate(&self.dir, &entry.filename, Some(entry.dump_id)).map(Some)
    }

    /// Opens `entry`'s data file for reading, decompressed. Errors if the entry names no file or
    /// the file does not exist.
    pub fn open_data(&self, entry: &TocEntry) -> Result<DataReader> {
        check_name(&entry.filename, Some(entry.dump_id))?;
        let file = locate(&self.dir, &entry.filename, Some(entry.dump_id))?;
        DataReader::open(file.path, file.algorithm)
    }

    /// Opens `entry`'s data file at compressed offset `start` (the start of a frame) up to `end`
    /// (the start of a later frame) or its end.
    pub fn open_data_at(
        &self,
        entry: &TocEntry,
        start: u64,
        end: Option<u64>,
    ) -> Result<DataReader> {
        check_name(&entry.filename, Some(entry.dump_id))?;
        let file = locate(&self.dir, &entry.filename, Some(entry.dump_id))?;
        DataReader::open_at(file.path, file.algorithm, start, end)
    }

    /// The large objects listed in the large-object TOC of `entry` (a `BLOBS` entry).
    pub fn blobs(&self, entry: &TocEntry) -> Result<Vec<BlobFile>> {
        check_name(&entry.filename, Some(entry.dump_id))?;
        let file = locate(&self.dir, &entry.filename, Some(entry.dump_id))?;
        let reader = DataReader::open(&file.path, file.algorithm)?;
        let blobs = parse_blobs_toc(reader, &file.path)?;
        for blob in &blobs {
            check_name(&blob.filename, Some(entry.dump_id))?;
        }
        Ok(blobs)
    }

    /// Opens a large object's data file for reading, decompressed.
    pub fn open_blob(&self, blob: &BlobFile) -> Result<DataReader> {
        let file = locate(&self.dir, &blob.filename, None)?;
        DataReader::open(file.path, file.algorithm)
    }
}

/// Options of an [`ArchiveWriter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriterOptions {
    /// The gzip level for data files (0 to 9); zlib's default 6 unless set.
    pub gzip_level: i32,
    /// The zstd level for data files; 3 unless set (lower is faster).
    pub zstd_level: i32,
    /// Whether to fsync files and the directory (pg_dump does unless `--no-sync`).
    pub sync: bool,
}

impl Default for WriterOptions {
    fn default() -> Self {
        Self {
            gzip_level: Compression::DEFAULT_GZIP_LEVEL,
            zstd_level: Compression::DEFAULT_ZSTD_LEVEL,
            sync: true,
        }
    }
}

/// Writes a directory archive: data files first, `toc.dat` last.
///
/// Dropping it without [`finish`](Self::finish) leaves the data files but no `toc.dat`, which
/// pg_restore and [`Archive::open`] refuse.
#[derive(Debug)]
pub struct ArchiveWriter {
    dir: PathBuf,
    options: WriterOptions,
    /// Large objects written so far.
    blobs: Mutex<Blobs>,
}

/// The large objects an [`ArchiveWriter`] has started.
#[derive(Debug, Default)]
struct Blobs {
    /// Per large-object TOC name, in the order written.
    groups: BTreeMap<String, Vec<BlobFile>>,
    /// Every OID, whatever its TOC: the files are named by OID alone.
    oids: BTreeSet<u32>,
}

impl ArchiveWriter {
    /// Creates `dir` (mode 0700; its parent must exist) or takes an existing empty directory.
    /// Errors if it exists and is not an empty directory, or cannot be written.
    pub fn create(dir: impl Into<PathBuf>, options: WriterOptions) -> Result<Self> {
        let dir = dir.into();
        // Check the levels now rather than at the first data file.
        Compression::with_level(Algorithm::Gzip, options.gzip_level)?;
        Compression::with_level(Algorithm::Zstd, options.zstd_level)?;
        prepare_output_dir(&dir)?;
        Ok(Self { dir, options, blobs: Mutex::new(Blobs::default()) })
    }

    /// The archive directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The options.
    pub fn options(&self) -> WriterOptions {
        self.options
    }

    /// The compression (with the configured level) of `algorithm`.
    pub fn compression(&self, algorithm: Algorithm) -> Result<Compression> {
        match algorithm {
            Algorithm::Gzip => Compression::with_level(algorithm, self.options.gzip_level),
            Algorithm::Zstd => Compression::with_level(algorithm, self.options.zstd_level),
            Algorithm::None | Algorithm::Lz4 => Compression::new(algorithm),
        }
    }

    /// Starts the data file `name` (as the TOC entry names it, e.g. `3340.dat`; the suffix of
    /// `algorithm` is added). Errors if a file of that name exists with any suffix.
    pub fn data_file(&self, name: &str, algorithm: Algorithm) -> Result<DataWriter> {
        check_name(name, None)?;
        let compression = self.compression(algorithm)?;
        if let Some(existing) = discover(&self.dir, name, None)? {
            return Err(Error::FileExists { path: existing.path });
        }
        DataWriter::create(
            self.dir.join(format!("{name}{}", algorithm.suffix())),
            compression,
            self.options.sync,
        )
    }

    /// Starts the data file of large object `oid` (`blob_<oid>.dat` plus suffix) and records it
    /// in the large-object TOC `blobs_toc` (`blobs.toc`, or `blobs_<dumpId>.toc` in 1.16), which
    /// [`finish`](Self::finish) writes. Errors if this archive already has that OID.
    ///
    /// Archives can hold hundreds of thousands of large objects, so a blob file is cheaper
    /// than a table's: whether its name is taken is known from the OIDs recorded (the
    /// directory was empty when the writer took it), and it is not fsynced on its own:
    /// `finish` makes all of them durable at once, before `toc.dat` exists.
    pub fn blob_file(&self, blobs_toc: &str, oid: u32, algorithm: Algorithm) -> Result<DataWriter> {
        check_name(blobs_toc, None)?;
        let blob = BlobFile::for_oid(oid);
        let compression = self.compression(algorithm)?;
        let mut blobs = self.blobs.lock().unwrap_or_else(PoisonError::into_inner);
        let path = self.dir.join(format!("{}{}", blob.filename, algorithm.suffix()));
        if !blobs.oids.insert(oid) {
            return Err(Error::FileExists { path });
        }
        let writer = DataWriter::create(path, compression, false)?;
        blobs.groups.entry(blobs_toc.to_owned()).or_default().push(blob);
        Ok(writer)
    }

    /// Finishes the archive: writes the recorded large-object TOCs, checks that every file the
    /// TOC names exists in a compression its version can express, and writes `toc.dat` last
    /// (temporary file, fsync, rename, fsync of the directory).
    pub fn finish(self, toc: &Toc) -> Result<()> {
        let bytes = encode_toc(toc)?;
        let version = toc.header.version;
        let mut blobs = self.blobs.into_inner().unwrap_or_else(PoisonError::into_inner).groups;
        let sync = self.options.sync;
        let mut unsynced = Vec::new();
        for entry in &toc.entries {
            if entry.filename.is_empty() {
                continue;
            }
            let dump_id = Some(entry.dump_id);
            check_name(&entry.filename, dump_id)?;
            let mut names = Vec::new();
            if let Some(group) = blobs.remove(&entry.filename) {
                let path = self.dir.join(&entry.filename);
                write_atomically(&path, format_blobs_toc(&group).as_bytes(), sync)?;
                names.extend(group.into_iter().map(|b| (b.filename, None)));
            }
            let blob_files = names.len();
            names.push((entry.filename.clone(), dump_id));
            for (n, (name, dump_id)) in names.into_iter().enumerate() {
                let file = locate(&self.dir, &name, dump_id)?;
                if !version.can_hold(file.algorithm) {
                    return Err(Error::AlgorithmNeedsNewerVersion {
                        path: file.path,
                        algorithm: file.algorithm,
                        version,
                    });
                }
                if n < blob_files {
                    unsynced.push(file.path);
                }
            }
        }
        if let Some(name) = blobs.into_keys().next() {
            return Err(Error::UnreferencedBlobsToc { name });
        }
        if sync && !unsynced.is_empty() {
            sync_files(&self.dir, &unsynced)?;
        }
        write_atomically(&self.dir.join(TOC_FILE), &bytes, sync)?;
        if sync {
            sync_dir(&self.dir)?;
        }
        Ok(())
    }
}

/// Makes `files` (in `dir`) durable: one `syncfs` of the file system holding `dir` on Linux,
/// an fsync per file elsewhere.
#[cfg(target_os = "linux")]
fn sync_files(dir: &Path, _files: &[PathBuf]) -> Result<()> {
    let write = |source| Error::Write { path: dir.to_path_buf(), source };
    let handle = fs_err::File::open(dir).map_err(write)?;
    rustix::fs::syncfs(&handle).map_err(|errno| write(io::Error::from(errno)))
}

/// Makes `files` (in `dir`) durable: one `syncfs` of the file system holding `dir` on Linux,
/// an fsync per file elsewhere.
#[cfg(not(target_os = "linux"))]
fn sync_files(_dir: &Path, files: &[PathBuf]) -> Result<()> {
    for path in files {
        fs_err::File::open(path)
            .and_then(|f| f.sync_all())
            .map_err(|source| Error::Write { path: path.clone(), source })?;
    }
    Ok(())
}

/// Makes `dir` ready to be written as a dump's output: creates it (mode 0700; its parent
/// must exist), or takes an existing empty directory after checking that files can be
/// created in it. Errors if it exists and is not an empty directory, or cannot be written.
/// Every dump output (archives, globals, `--all` folders) goes through here, so a bad
/// output fails before any connection is made.
pub fn prepare_output_dir(dir: &Path) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {
            let mut listing = fs_err::read_dir(dir)
                .map_err(|source| Error::Read { path: dir.to_path_buf(), source })?;
            if listing.next().is_some() {
                return Err(Error::DirectoryNotEmpty { path: dir.to_path_buf() });
            }
            // Fail now, not after the first table, if we cannot create files here.
            let probe = dir.join(".tusk-write-probe");
            fs_err::File::create_new(&probe)
                .map_err(|source| Error::Write { path: dir.to_path_buf(), source })?;
            fs_err::remove_file(&probe)
                .map_err(|source| Error::Write { path: dir.to_path_buf(), source })
        }
        Ok(_) => Err(Error::NotADirectory { path: dir.to_path_buf() }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => create_dir(dir),
        Err(source) => Err(Error::Write { path: dir.to_path_buf(), source }),
    }
}

/// Creates a directory with mode 0700.
fn create_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|source| Error::Write { path: dir.to_path_buf(), source })
}

/// Writes `path` through `<path>.tmp`, fsync (if `sync`) and rename.
fn write_atomically(path: &Path, bytes: &[u8], sync: bool) -> Result<()> {
    let mut temp_name = path.as_os_str().to_owned();
    temp_name.push(".tmp");
    let temp = PathBuf::from(temp_name);
    let write_error = |source| Error::Write { path: temp.clone(), source };
    let mut file = fs_err::File::create_new(&temp).map_err(write_error)?;
    let result = file.write_all(bytes).and_then(|()| if sync { file.sync_all() } else { Ok(()) });
    drop(file);
    if let Err(source) = result.and_then(|()| fs_err::rename(&temp, path)) {
        let _ = fs_err::remove_file(&temp);
        return Err(write_error(source));
    }
    Ok(())
}

/// Fsyncs a directory, so that renames in it are durable.
fn sync_dir(dir: &Path) -> Result<()> {
    fs_err::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|source| Error::Write { path: dir.to_path_buf(), source })
}
