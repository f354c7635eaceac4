//! Where a restore's TOC and data come from: the [`Source`] trait, and its implementation
//! over an archive directory ([`ArchiveSource`]). `tusk clone` implements it over a live
//! database, so the restore's scheduling serves both without a copy.
//!
//! Data arrives as a [`DataStream`]: buffers through a small bounded channel, then
//! [`Message::End`], or an error. A stream that closes without either means its producer died,
//! and the load fails: nothing is ever taken as complete without an explicit end.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::{Bytes, BytesMut};
use tokio::sync::mpsc;
use tusk_archive::manifest::{Manifest, ManifestFile};
use tusk_archive::{Algorithm, Archive, BlobFile, DataReader, Toc, TocEntry};
use xxhash_rust::xxh3::Xxh3;

/// How much is read and sent at a time.
const BUFFER: usize = 256 * 1024;
/// Buffers in flight between a reader and the session that loads them.
pub(crate) const IN_FLIGHT: usize = 4;
/// How many bytes at the end of a stream are held back to find pg_dump's `\.` trailer.
const HOLD_BACK: usize = 64;

/// One message of a [`DataStream`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// More data.
    Data(Bytes),
    /// The data is complete (and, where the source can check it, intact).
    End,
}

/// A stream of an entry's data.
pub type DataStream = mpsc::Receiver<Result<Message, SourceError>>;

/// Why a source could not deliver data: the archive file is missing, damaged or does not
/// match its checksum, or the source database failed. The message says what and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SourceError {
    message: String,
}

impl SourceError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }
}

impl From<tusk_archive::Error> for SourceError {
    fn from(e: tusk_archive::Error) -> Self {
        Self::new(e.to_string())
    }
}

/// Where a restore's TOC and data come from.
pub trait Source: Send + Sync + 'static {
    /// The TOC: header and entries.
    fn toc(&self) -> &Toc;

    /// The size of an entry's data, for the schedule (uncompressed where known; 0 if none).
    fn data_size(&self, entry: &TocEntry) -> u64;

    /// The sizes of the pieces a COPY entry's data can be loaded in by several sessions at
    /// once ([`Source::rows`] with `Some(piece)`); empty if it comes whole only.
    fn pieces(&self, entry: &TocEntry) -> Vec<u64>;

    /// The COPY rows of `entry` (text format, no end marker): all of them (`None`) or one
    /// piece. With `whole_lines`, every buffer ends at a row end, so that several sessions
    /// can share one stream.
    fn rows(&self, entry: &TocEntry, piece: Option<usize>, whole_lines: bool) -> DataStream;

    /// The data of an entry dumped as SQL statements (`--inserts`).
    fn statements(&self, entry: &TocEntry) -> DataStream;

    /// The OIDs of the large objects whose data a BLOBS entry carries.
    fn large_objects(&self, entry: &TocEntry) -> Result<Vec<u32>, SourceError>;

    /// The data of large object `oid` (of BLOBS entry `entry`).
    fn large_object(&self, entry: &TocEntry, oid: u32) -> DataStream;
}

/// An archive directory as a restore's source: pg_dump's or tusk's, with tusk's manifest
/// (chunk offsets, checksums) where it still matches the files.
#[derive(Debug)]
pub struct ArchiveSource {
    archive: Arc<Archive>,
    /// The manifest's files that match the data files on disk, by dump id.
    trusted: BTreeMap<i32, ManifestFile>,
    /// The large-object TOCs read so far, by BLOBS entry, by OID (an archive can hold
    /// hundreds of thousands: no scan per object).
    blobs: Mutex<BTreeMap<i32, BTreeMap<u32, BlobFile>>>,
}

impl ArchiveSource {
    /// Opens the archive at `dir` and its manifest, if any.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self, tusk_archive::Error> {
        let archive = Archive::open(dir)?;
        let manifest = Manifest::read_if_present(archive.dir())?;
        let trusted = match &manifest {
            None => BTreeMap::new(),
            Some(m) => archive
                .entries()
                .iter()
                .filter_map(|e| m.file_for(e, &archive).map(|f| (e.dump_id, f.clone())))
                .collect(),
        };
        Ok(Self { archive: Arc::new(archive), trusted, blobs: Mutex::new(BTreeMap::new()) })
    }

    /// The stream of `open()`'s data, cut as `cut` says, checked against `checksum` (the
    /// manifest's xxh3, 16 hex digits) at its end.
    fn stream(
        &self,
        what: String,
        open: impl FnOnce(&Archive) -> Result<DataReader, tusk_archive::Error> + Send + 'static,
        cut: Cut,
        checksum: Option<String>,
    ) -> DataStream {
        let (tx, rx) = mpsc::channel(IN_FLIGHT);
        let archive = Arc::clone(&self.archive);
        tokio::task::spawn_blocking(move || {
            let send = |bytes| tx.blocking_send(Ok(Message::Data(bytes))).is_ok();
            let result = open(&archive).and_then(|reader| read_stream(reader, cut, send));
            let last = match result {
                Err(e) => Err(SourceError::from(e)),
                Ok(digest) => match checksum {
                    Some(expected) if !format!("{digest:016x}").eq_ignore_ascii_case(&expected) => {
                        Err(SourceError::new(format!(
                            "{what} is corrupt: its xxh3 is {digest:016x}, the manifest says \
                             {expected}; nothing of it was loaded"
                        )))
                    }
                    _ => Ok(Message::End),
                },
            };
            let _ = tx.blocking_send(last);
        });
        rx
    }
}

impl Source for ArchiveSource {
    fn toc(&self) -> &Toc {
        self.archive.toc()
    }

    /// Uncompressed from the manifest, else the file's size on disk, times 4 for a compressed
    /// file (COPY text compresses about that well).
    fn data_size(&self, entry: &TocEntry) -> u64 {
        const COMPRESSION_ESTIMATE: u64 = 4;
        if let Some(f) = self.trusted.get(&entry.dump_id) {
            return f.uncompressed_bytes;
        }
        match self.archive.data_file(entry) {
            Ok(Some(file)) if file.algorithm == Algorithm::None => file.size,
            Ok(Some(file)) => file.size.saturating_mul(COMPRESSION_ESTIMATE),
            _ => 0,
        }
    }

    fn pieces(&self, entry: &TocEntry) -> Vec<u64> {
        match self.trusted.get(&entry.dump_id) {
            Some(f) if f.chunks.len() > 1 => {
                f.chunks.iter().map(|c| c.uncompressed_length).collect()
            }
            _ => Vec::new(),
        }
    }

    fn rows(&self, entry: &TocEntry, piece: Option<usize>, whole_lines: bool) -> DataStream {
        let cut = if whole_lines { Cut::LinesWithoutTrailer } else { Cut::WithoutTrailer };
        let file = self.trusted.get(&entry.dump_id);
        let data = entry.clone();
        match piece {
            None => self.stream(
                format!("data file \"{}\"", entry.filename),
                move |a| a.open_data(&data),
                cut,
                file.map(|f| f.checksum.clone()),
            ),
            Some(p) => {
                let Some(c) = file.and_then(|f| f.chunks.get(p)) else {
                    return failed(format!("data file \"{}\" has no chunk {p}", entry.filename));
                };
                let (start, end) = (c.compressed_offset, c.compressed_offset + c.compressed_length);
                self.stream(
                    format!("chunk {p} of data file \"{}\"", entry.filename),
                    move |a| a.open_data_at(&data, start, Some(end)),
                    cut,
                    Some(c.checksum.clone()),
                )
            }
        }
    }

    fn statements(&self, entry: &TocEntry) -> DataStream {
        let data = entry.clone();
        let what = format!("data file \"{}\"", entry.filename);
        self.stream(what, move |a| a.open_data(&data), Cut::Anywhere, None)
    }

    fn large_objects(&self, entry: &TocEntry) -> Result<Vec<u32>, SourceError> {
        let blobs = self.archive.blobs(entry)?;
        let oids = blobs.iter().map(|b| b.oid).collect();
        let by_oid = blobs.into_iter().map(|b| (b.oid, b)).collect();
        self.blobs.lock().unwrap_or_else(PoisonError::into_inner).insert(entry.dump_id, by_oid);
        Ok(oids)
    }

    fn large_object(&self, entry: &TocEntry, oid: u32) -> DataStream {
        let blob = self
            .blobs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&entry.dump_id)
            .and_then(|blobs| blobs.get(&oid).cloned());
        let Some(blob) = blob else {
            return failed(format!("large object {oid} is not in entry {}", entry.dump_id));
        };
        let what = format!("large object file \"{}\"", blob.filename);
        self.stream(what, move |a| a.open_blob(&blob), Cut::Anywhere, None)
    }
}

/// A stream that only says `message`.
pub(crate) fn failed(message: String) -> DataStream {
    let (tx, rx) = mpsc::channel(1);
    let _ = tx.try_send(Err(SourceError::new(message)));
    rx
}

/// How [`read_stream`] cuts a stream into buffers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Anywhere, everything passed on (large objects, INSERT statements).
    Anywhere,
    /// Anywhere, pg_dump's trailer left out (one COPY).
    WithoutTrailer,
    /// At line ends, pg_dump's trailer left out (rows shared by several COPYs).
    LinesWithoutTrailer,
}

/// Reads `reader` to its end, handing `send` buffers cut as `cut` says, and returns the
/// xxh3 of everything read (trailer included). Stops early, without error, when `send`
/// returns false (nobody wants the rest).
fn read_stream(
    mut reader: DataReader,
    cut: Cut,
    mut send: impl FnMut(Bytes) -> bool,
) -> Result<u64, tusk_archive::Error> {
    let mut hasher = Xxh3::new();
    let mut buf = BytesMut::with_capacity(BUFFER + HOLD_BACK);
    let mut sent_any = false;
    loop {
        let filled = buf.len();
        buf.resize(filled + BUFFER, 0);
        let n = match reader.read(&mut buf[filled..]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                buf.truncate(filled);
                continue;
            }
            Err(e) => {
                return Err(tusk_archive::Error::downcast_io(e).unwrap_or_else(|e| {
                    tusk_archive::Error::Read { path: reader.path().to_owned(), source: e }
                }));
            }
        };
        hasher.update(&buf[filled..filled + n]);
        buf.truncate(filled + n);
        if n == 0 {
            break;
        }
        // Keep back the last HOLD_BACK bytes, where the trailer may be, and for whole lines
        // the incomplete line before them.
        let keep = if cut == Cut::Anywhere { 0 } else { HOLD_BACK };
        let Some(limit) = buf.len().checked_sub(keep) else { continue };
        let at = match cut {
            Cut::LinesWithoutTrailer => {
                buf[..limit].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1)
            }
            Cut::Anywhere | Cut::WithoutTrailer => limit,
        };
        if at > 0 {
            sent_any = true;
            if !send(buf.split_to(at).freeze()) {
                return Ok(hasher.digest());
            }
        }
    }
    if cut != Cut::Anywhere {
        let end = trailer_start(&buf, sent_any);
        buf.truncate(end);
    }
    if !buf.is_empty() {
        send(buf.freeze());
    }
    Ok(hasher.digest())
}

/// Where pg_dump's trailer (`\.` on its own line, then empty lines) starts in `tail`, the
/// last bytes of the stream (`more_before`: bytes came before it); `tail.len()` if there is
/// none.
fn trailer_start(tail: &[u8], more_before: bool) -> usize {
    let mut end = tail.len();
    while end > 0 && tail[end - 1] == b'\n' {
        end -= 1;
    }
    if end >= 2 && &tail[end - 2..end] == b"\\." {
        let start = end - 2;
        let at_line_start = if start == 0 { !more_before } else { tail[start - 1] == b'\n' };
        // The marker must have been followed by a newline (it ends a line).
        if at_line_start && end < tail.len() {
            return start;
        }
    }
    tail.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailer_is_found_only_on_its_own_line() {
        assert_eq!(trailer_start(b"1\ta\n\\.\n\n\n", false), 4);
        assert_eq!(trailer_start(b"\\.\n\n\n", false), 0);
        assert_eq!(trailer_start(b"\\.\n", true), 3, "mid-line without knowing what came before");
        assert_eq!(trailer_start(b"1\ta\n", false), 4);
        assert_eq!(trailer_start(b"1\ta\\.\n", false), 6);
        assert_eq!(trailer_start(b"1\ta\n\\.", false), 6, "a marker must end its line");
        assert_eq!(trailer_start(b"", false), 0);
    }
}
