//! Loading data: a data file (or one chunk of it) streamed into `COPY … FROM STDIN`, data
//! dumped as INSERT statements, and large objects.
//!
//! Reading and decompressing run on a blocking thread that hands buffers to the session's
//! task through a small bounded channel, so memory stays bounded whatever the table size and
//! decompression never runs on the async threads. The reader also computes the xxh3 of what
//! it read, which the loader compares with tusk's manifest before it ends the COPY: a chunk
//! that does not match is aborted, never committed.

use std::io::Read;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use futures_util::SinkExt as _;
use tokio::sync::mpsc;
use tusk_archive::{Archive, BlobFile, DataReader, TocEntry};
use xxhash_rust::xxh3::Xxh3;

/// How much is read and sent at a time.
const BUFFER: usize = 256 * 1024;
/// Buffers in flight between the reader and the session.
const IN_FLIGHT: usize = 4;
/// How many bytes at the end of the stream are held back to find pg_dump's `\.` trailer.
const HOLD_BACK: usize = 64;
/// Bytes of INSERT statements sent per batch.
const INSERT_BATCH: usize = 1 << 20;

/// What went wrong while loading; the caller turns it into a failure of the entry.
#[derive(Debug)]
pub(crate) enum LoadError {
    /// The archive file could not be read or decompressed.
    Archive(tusk_archive::Error),
    /// The data read does not match the manifest's checksum.
    Checksum { file: String, expected: String, actual: String },
    /// The server refused the data or a statement.
    Server(tokio_postgres::Error),
    /// The shared reader of a table loaded by several sessions failed (its message: the
    /// error itself went to whichever session saw it first).
    Shared(String),
    /// The server refused a COPY before taking data (no such table or column, no
    /// privilege). tokio-postgres then leaves the session out of step with the server
    /// (rust-postgres issue 789), so the caller must replace the session.
    CopyStart(tokio_postgres::Error),
}

impl LoadError {
    /// The server's error, if the server refused something.
    pub(crate) fn server_error(&self) -> Option<&tokio_postgres::Error> {
        match self {
            Self::Server(e) | Self::CopyStart(e) => Some(e),
            Self::Archive(_) | Self::Checksum { .. } | Self::Shared(_) => None,
        }
    }
}

impl From<tusk_archive::Error> for LoadError {
    fn from(e: tusk_archive::Error) -> Self {
        Self::Archive(e)
    }
}

impl From<tokio_postgres::Error> for LoadError {
    fn from(e: tokio_postgres::Error) -> Self {
        Self::Server(e)
    }
}

/// One message from the reader thread.
enum Piece {
    Data(Bytes),
    /// The end, with the xxh3 of everything read (trailer included).
    End(u64),
}

/// Which bytes of which file to read.
#[derive(Clone, Copy)]
pub(crate) enum Span {
    /// The whole file.
    Whole,
    /// From compressed offset `start` to `end` (a chunk of a tusk archive).
    Range { start: u64, end: u64 },
}

/// Starts a blocking reader over `open()`'s stream, cut as `cut` says; its last message is
/// the end (with the stream's xxh3) or the error.
fn spawn_reader(
    open: impl FnOnce() -> Result<DataReader, tusk_archive::Error> + Send + 'static,
    cut: Cut,
) -> mpsc::Receiver<Result<Piece, tusk_archive::Error>> {
    let (tx, rx) = mpsc::channel(IN_FLIGHT);
    tokio::task::spawn_blocking(move || {
        let result = open().and_then(|reader| {
            read_stream(reader, cut, |bytes| tx.blocking_send(Ok(Piece::Data(bytes))).is_ok())
        });
        let _ = tx.blocking_send(result.map(Piece::End));
    });
    rx
}

/// How [`read_stream`] cuts the stream into buffers.
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

/// The error for a reader thread that ended without saying why (it panicked).
fn reader_stopped(archive: &Archive, file: &str) -> LoadError {
    LoadError::Archive(tusk_archive::Error::Read {
        path: archive.dir().join(file),
        source: std::io::Error::other("the reader stopped unexpectedly"),
    })
}

/// Streams the data of TABLE DATA `entry` (or a span of it) into the server with
/// `copy_stmt`; checks the stream's xxh3 against `checksum` (16 hex digits) before ending the
/// COPY. Returns the rows the server loaded. `on_bytes` sees each buffer's size.
pub(crate) async fn copy_in(
    client: &tokio_postgres::Client,
    archive: &Arc<Archive>,
    entry: &TocEntry,
    span: Span,
    copy_stmt: &str,
    checksum: Option<&str>,
    on_bytes: &(dyn Fn(u64) + Sync),
) -> Result<u64, LoadError> {
    let reader_archive = Arc::clone(archive);
    let reader_entry = entry.clone();
    let mut rx = spawn_reader(
        move || match span {
            Span::Whole => reader_archive.open_data(&reader_entry),
            Span::Range { start, end } => {
                reader_archive.open_data_at(&reader_entry, start, Some(end))
            }
        },
        Cut::WithoutTrailer,
    );
    let sink = client.copy_in::<_, Bytes>(copy_stmt).await.map_err(LoadError::CopyStart)?;
    let mut sink = std::pin::pin!(sink);
    let digest = loop {
        match rx.recv().await {
            Some(Ok(Piece::Data(bytes))) => {
                let n = bytes.len() as u64;
                sink.send(bytes).await?;
                on_bytes(n);
            }
            Some(Ok(Piece::End(digest))) => break digest,
            // Dropping the sink without finishing sends CopyFail: nothing of it is kept.
            Some(Err(e)) => return Err(LoadError::Archive(e)),
            None => return Err(reader_stopped(archive, &entry.filename)),
        }
    };
    if let Some(expected) = checksum {
        let actual = format!("{digest:016x}");
        if !actual.eq_ignore_ascii_case(expected) {
            return Err(LoadError::Checksum {
                file: entry.filename.clone(),
                expected: expected.to_owned(),
                actual,
            });
        }
    }
    Ok(sink.as_mut().finish().await?)
}

/// The rows of one data file, read once and shared by the sessions that load it: each takes
/// the next buffer of whole lines when it is ready for more.
#[derive(Debug)]
pub(crate) struct SharedRows {
    rx: tokio::sync::Mutex<mpsc::Receiver<Bytes>>,
    /// Set (before the channel closes) if reading failed or the data does not match the
    /// manifest's checksum: every session then aborts its COPY.
    error: std::sync::Mutex<Option<String>>,
}

impl SharedRows {
    /// Starts reading `entry`'s data file, whole lines at a time, pg_dump's trailer left out.
    /// `checksum`: the manifest's xxh3 of the whole stream, checked at its end.
    pub(crate) fn start(
        archive: &Arc<Archive>,
        entry: &TocEntry,
        checksum: Option<String>,
    ) -> Arc<Self> {
        let (tx, rx) = mpsc::channel::<Bytes>(IN_FLIGHT);
        let shared =
            Arc::new(Self { rx: tokio::sync::Mutex::new(rx), error: std::sync::Mutex::new(None) });
        let reader_archive = Arc::clone(archive);
        let reader_entry = entry.clone();
        let reader_shared = Arc::clone(&shared);
        tokio::task::spawn_blocking(move || {
            let read = reader_archive.open_data(&reader_entry).and_then(|reader| {
                read_stream(reader, Cut::LinesWithoutTrailer, |bytes| {
                    tx.blocking_send(bytes).is_ok()
                })
            });
            let failure = match read {
                Ok(digest) => checksum.and_then(|expected| {
                    let actual = format!("{digest:016x}");
                    (!actual.eq_ignore_ascii_case(&expected)).then(|| {
                        format!(
                            "data file \"{}\" is corrupt: its xxh3 is {actual}, the manifest says \
                             {expected}",
                            reader_entry.filename
                        )
                    })
                }),
                Err(e) => Some(e.to_string()),
            };
            if let Some(message) = failure {
                *reader_shared.error.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
                    Some(message);
            }
            // Dropping the sender closes the channel, after the error is set.
            drop(tx);
        });
        shared
    }

    fn error(&self) -> Option<String> {
        self.error.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

/// One session's share of a table loaded by several: takes buffers from `rows` until they
/// run out, then ends its COPY unless the shared reader failed.
pub(crate) async fn copy_in_shared(
    client: &tokio_postgres::Client,
    rows: &SharedRows,
    copy_stmt: &str,
    on_bytes: &(dyn Fn(u64) + Sync),
) -> Result<u64, LoadError> {
    let sink = client.copy_in::<_, Bytes>(copy_stmt).await.map_err(LoadError::CopyStart)?;
    let mut sink = std::pin::pin!(sink);
    loop {
        let next = rows.rx.lock().await.recv().await;
        let Some(bytes) = next else { break };
        let n = bytes.len() as u64;
        sink.send(bytes).await?;
        on_bytes(n);
    }
    if let Some(message) = rows.error() {
        return Err(LoadError::Shared(message));
    }
    Ok(sink.as_mut().finish().await?)
}

/// Runs the INSERT statements of a data file dumped with `--inserts`, in batches of whole
/// statements. Returns the rows the statements inserted.
pub(crate) async fn run_inserts(
    client: &tokio_postgres::Client,
    archive: &Arc<Archive>,
    entry: &TocEntry,
    on_bytes: &(dyn Fn(u64) + Sync),
) -> Result<u64, LoadError> {
    let reader_archive = Arc::clone(archive);
    let reader_entry = entry.clone();
    let mut rx = spawn_reader(move || reader_archive.open_data(&reader_entry), Cut::Anywhere);
    let mut pending: Vec<u8> = Vec::new();
    let mut splitter = StatementSplitter::default();
    let mut rows = 0;
    loop {
        match rx.recv().await {
            Some(Ok(Piece::Data(bytes))) => {
                on_bytes(bytes.len() as u64);
                pending.extend_from_slice(&bytes);
                let cut = splitter.last_boundary(&pending, INSERT_BATCH);
                if let Some(cut) = cut {
                    let batch: Vec<u8> = pending.drain(..cut).collect();
                    splitter.rebase(cut);
                    rows += execute_text(client, &batch, &entry.filename).await?;
                }
            }
            Some(Ok(Piece::End(_))) => break,
            Some(Err(e)) => return Err(LoadError::Archive(e)),
            None => return Err(reader_stopped(archive, &entry.filename)),
        }
    }
    if !pending.iter().all(u8::is_ascii_whitespace) {
        rows += execute_text(client, &pending, &entry.filename).await?;
    }
    Ok(rows)
}

/// Runs SQL text (whole statements) in one simple query; returns the rows its commands
/// reported.
async fn execute_text(
    client: &tokio_postgres::Client,
    sql: &[u8],
    file: &str,
) -> Result<u64, LoadError> {
    let text = std::str::from_utf8(sql).map_err(|e| {
        LoadError::Archive(tusk_archive::Error::Read {
            path: file.into(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        })
    })?;
    let messages = client.simple_query(text).await?;
    Ok(messages
        .iter()
        .map(|m| match m {
            tokio_postgres::SimpleQueryMessage::CommandComplete(n) => *n,
            _ => 0,
        })
        .sum())
}

/// Finds statement ends (`;` outside quotes) in SQL text that arrives in pieces.
#[derive(Debug, Default)]
struct StatementSplitter {
    /// How far the text has been scanned.
    scanned: usize,
    /// The quote the scan is inside of, if any.
    quote: Option<u8>,
    /// Inside an `E'…'` literal (backslash escapes).
    escape_string: bool,
    /// The previous byte was a backslash inside an `E'…'` literal.
    escaped: bool,
    /// The end of the last complete statement.
    boundary: Option<usize>,
}

impl StatementSplitter {
    /// Scans the new part of `text` and returns the end of the last complete statement if
    /// at least `min` bytes are complete.
    fn last_boundary(&mut self, text: &[u8], min: usize) -> Option<usize> {
        for (i, &b) in text.iter().enumerate().skip(self.scanned) {
            match self.quote {
                Some(q) => {
                    if self.escaped {
                        self.escaped = false;
                    } else if self.escape_string && b == b'\\' {
                        self.escaped = true;
                    } else if b == q {
                        self.quote = None;
                    }
                }
                None => match b {
                    b'\'' | b'"' => {
                        self.escape_string = b == b'\''
                            && i > 0
                            && matches!(text[i - 1], b'E' | b'e')
                            && (i < 2 || !text[i - 2].is_ascii_alphanumeric());
                        self.quote = Some(b);
                    }
                    b';' => self.boundary = Some(i + 1),
                    _ => {}
                },
            }
        }
        self.scanned = text.len();
        self.boundary.filter(|&b| b >= min)
    }

    /// The first `cut` bytes were taken off the text.
    fn rebase(&mut self, cut: usize) {
        self.scanned -= cut;
        self.boundary = None;
    }
}

/// Writes the large objects of a BLOBS entry: each opened (it was created by its BLOB or
/// BLOB METADATA entry) and written in pieces. The caller wraps this in a transaction.
/// Returns (large objects, bytes).
pub(crate) async fn write_large_objects(
    client: &tokio_postgres::Client,
    archive: &Arc<Archive>,
    blobs: Vec<BlobFile>,
    on_bytes: &(dyn Fn(u64) + Sync),
) -> Result<(usize, u64), LoadError> {
    const INV_WRITE: i32 = 0x0002_0000;
    let mut total = 0;
    let count = blobs.len();
    for blob in blobs {
        let row =
            client.query_one("SELECT pg_catalog.lo_open($1, $2)", &[&blob.oid, &INV_WRITE]).await?;
        let fd: i32 = row.try_get(0)?;
        let reader_archive = Arc::clone(archive);
        let reader_blob = blob.clone();
        let mut rx = spawn_reader(move || reader_archive.open_blob(&reader_blob), Cut::Anywhere);
        loop {
            match rx.recv().await {
                Some(Ok(Piece::Data(bytes))) => {
                    let piece: &[u8] = &bytes;
                    client.execute("SELECT pg_catalog.lowrite($1, $2)", &[&fd, &piece]).await?;
                    total += bytes.len() as u64;
                    on_bytes(bytes.len() as u64);
                }
                Some(Ok(Piece::End(_))) => break,
                Some(Err(e)) => return Err(LoadError::Archive(e)),
                None => return Err(reader_stopped(archive, &blob.filename)),
            }
        }
        client.execute("SELECT pg_catalog.lo_close($1)", &[&fd]).await?;
    }
    Ok((count, total))
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

    #[test]
    fn statements_split_outside_quotes() {
        let mut s = StatementSplitter::default();
        let text =
            b"INSERT INTO t VALUES ('a;b', \"c;\");\nINSERT INTO t VALUES (E'x\\';y');\nINSERT";
        let first_end = text.iter().position(|&b| b == b'\n').unwrap_or(0);
        assert_eq!(s.last_boundary(&text[..first_end], 0), Some(first_end));
        let second_end = text.len() - "\nINSERT".len();
        assert_eq!(s.last_boundary(text, 0), Some(second_end));
        assert_eq!(s.last_boundary(text, second_end + 1), None);
        s.rebase(second_end);
        assert_eq!(s.last_boundary(&text[second_end..], 0), None);
    }
}
