//! Loading data into the target: a source's COPY rows streamed into `COPY … FROM STDIN`
//! (one session, or several sharing one stream), data dumped as INSERT statements, and large
//! objects. The data comes as [`DataStream`]s from a [`Source`](crate::Source); a stream that
//! fails or stops without its end aborts the COPY, so nothing of it is committed.

use bytes::Bytes;
use futures_util::{SinkExt as _, StreamExt as _};

use crate::source::{DataStream, Message, SourceError};

/// Bytes of INSERT statements sent per batch.
const INSERT_BATCH: usize = 1 << 20;
/// Large objects being written at once by [`write_large_objects`].
const LO_IN_FLIGHT: usize = 16;

/// What went wrong while loading; the caller turns it into a failure of the entry.
#[derive(Debug)]
pub(crate) enum LoadError {
    /// The source could not deliver the data (missing or damaged file, checksum mismatch,
    /// failed source database).
    Source(SourceError),
    /// The server refused the data or a statement.
    Server(tokio_postgres::Error),
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
            Self::Source(_) => None,
        }
    }
}

impl From<SourceError> for LoadError {
    fn from(e: SourceError) -> Self {
        Self::Source(e)
    }
}

impl From<tokio_postgres::Error> for LoadError {
    fn from(e: tokio_postgres::Error) -> Self {
        Self::Server(e)
    }
}

/// The next buffer of `stream`: `Ok(None)` at its end; an error if it failed or its producer
/// stopped without saying so.
async fn next(stream: &mut DataStream) -> Result<Option<Bytes>, SourceError> {
    match stream.recv().await {
        Some(Ok(Message::Data(bytes))) => Ok(Some(bytes)),
        Some(Ok(Message::End)) => Ok(None),
        Some(Err(e)) => Err(e),
        None => Err(SourceError::new("the data stream stopped before its end")),
    }
}

/// Streams `rows` into the server with `copy_stmt` and ends the COPY only after the stream's
/// end (a failed stream aborts it: nothing is kept). Returns the rows the server loaded.
/// `on_bytes` sees each buffer's size.
pub(crate) async fn copy_in(
    client: &tokio_postgres::Client,
    mut rows: DataStream,
    copy_stmt: &str,
    on_bytes: &(dyn Fn(u64) + Sync),
) -> Result<u64, LoadError> {
    let sink = client.copy_in::<_, Bytes>(copy_stmt).await.map_err(LoadError::CopyStart)?;
    let mut sink = std::pin::pin!(sink);
    // Dropping the sink without finishing sends CopyFail.
    while let Some(bytes) = next(&mut rows).await? {
        let n = bytes.len() as u64;
        sink.send(bytes).await?;
        on_bytes(n);
    }
    Ok(sink.as_mut().finish().await?)
}

/// One stream of whole lines shared by the sessions that load a table: each takes the next
/// buffer when it is ready for more.
#[derive(Debug)]
pub(crate) struct SharedRows {
    state: tokio::sync::Mutex<Shared>,
}

#[derive(Debug)]
struct Shared {
    stream: DataStream,
    /// Set once the stream ended (`Ok`) or failed (`Err`): every session sees the same.
    outcome: Option<Result<(), SourceError>>,
}

impl SharedRows {
    /// Shares `stream`, whose buffers end at row ends.
    pub(crate) fn new(stream: DataStream) -> Self {
        Self { state: tokio::sync::Mutex::new(Shared { stream, outcome: None }) }
    }

    /// The next buffer for one session: `Ok(None)` once the stream ended.
    async fn next(&self) -> Result<Option<Bytes>, SourceError> {
        let mut shared = self.state.lock().await;
        if let Some(outcome) = &shared.outcome {
            return outcome.clone().map(|()| None);
        }
        let next = next(&mut shared.stream).await;
        match &next {
            Ok(None) => shared.outcome = Some(Ok(())),
            Err(e) => shared.outcome = Some(Err(e.clone())),
            Ok(Some(_)) => {}
        }
        next
    }

    /// Whether this error is the shared stream's own (reported once, not by every session).
    pub(crate) async fn failed_with(&self, err: &LoadError) -> bool {
        let shared = self.state.lock().await;
        matches!((&shared.outcome, err), (Some(Err(a)), LoadError::Source(b)) if a == b)
    }
}

/// One session's share of a table loaded by several: takes buffers from `rows` until they
/// run out, then ends its COPY; aborts it if the shared stream failed.
pub(crate) async fn copy_in_shared(
    client: &tokio_postgres::Client,
    rows: &SharedRows,
    copy_stmt: &str,
    on_bytes: &(dyn Fn(u64) + Sync),
) -> Result<u64, LoadError> {
    let sink = client.copy_in::<_, Bytes>(copy_stmt).await.map_err(LoadError::CopyStart)?;
    let mut sink = std::pin::pin!(sink);
    while let Some(bytes) = rows.next().await? {
        let n = bytes.len() as u64;
        sink.send(bytes).await?;
        on_bytes(n);
    }
    Ok(sink.as_mut().finish().await?)
}

/// Runs the INSERT statements of `statements` (data dumped with `--inserts`), in batches of
/// whole statements. Returns the rows the statements inserted.
pub(crate) async fn run_inserts(
    client: &tokio_postgres::Client,
    mut statements: DataStream,
    on_bytes: &(dyn Fn(u64) + Sync),
) -> Result<u64, LoadError> {
    let mut pending: Vec<u8> = Vec::new();
    let mut splitter = StatementSplitter::default();
    let mut rows = 0;
    while let Some(bytes) = next(&mut statements).await? {
        on_bytes(bytes.len() as u64);
        pending.extend_from_slice(&bytes);
        if let Some(cut) = splitter.last_boundary(&pending, INSERT_BATCH) {
            let batch: Vec<u8> = pending.drain(..cut).collect();
            splitter.rebase(cut);
            rows += execute_text(client, &batch).await?;
        }
    }
    if !pending.iter().all(u8::is_ascii_whitespace) {
        rows += execute_text(client, &pending).await?;
    }
    Ok(rows)
}

/// Runs SQL text (whole statements) in one simple query; returns the rows its commands
/// reported.
async fn execute_text(client: &tokio_postgres::Client, sql: &[u8]) -> Result<u64, LoadError> {
    let text = std::str::from_utf8(sql).map_err(|e| {
        LoadError::Source(SourceError::new(format!("INSERT statements are not UTF-8: {e}")))
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

/// Writes large objects `oids` (their BLOB or BLOB METADATA entries created them) from their
/// streams, which `open` starts when their turn comes. Archives can hold hundreds of
/// thousands of small objects, so [`LO_IN_FLIGHT`] objects are written at once, their
/// `lo_put` calls pipelined on the one session (a round trip per object would dominate);
/// memory stays bounded by that many stream pieces. The caller wraps this in a transaction
/// (the first failure ends the work; the transaction is then rolled back). Returns the
/// bytes.
pub(crate) async fn write_large_objects(
    client: &tokio_postgres::Client,
    oids: &[u32],
    open: impl Fn(u32) -> DataStream,
    on_bytes: &(dyn Fn(u64) + Sync),
) -> Result<u64, LoadError> {
    let put = client
        .prepare("SELECT pg_catalog.lo_put($1::pg_catalog.oid, $2::pg_catalog.int8, $3)")
        .await?;
    let write_one = |oid: u32| {
        let (put, open) = (&put, &open);
        async move {
            let mut data = open(oid);
            let mut offset: i64 = 0;
            while let Some(bytes) = next(&mut data).await? {
                let piece: &[u8] = &bytes;
                client.execute(put, &[&oid, &offset, &piece]).await?;
                offset += i64::try_from(bytes.len()).unwrap_or(i64::MAX);
                on_bytes(bytes.len() as u64);
            }
            Ok::<u64, LoadError>(offset.unsigned_abs())
        }
    };
    // Objects are started in order, at most LO_IN_FLIGHT at once, and finish in order. After
    // a failure no object is started; those in flight are drained, because the failure that
    // aborted the transaction may come after others in order that then only report the
    // aborted transaction (SQLSTATE 25P02): the error returned is the root one.
    let mut pending = oids.iter().copied();
    let mut running = futures_util::stream::FuturesOrdered::new();
    running.extend(pending.by_ref().take(LO_IN_FLIGHT).map(write_one));
    let mut total = 0;
    let mut failure: Option<LoadError> = None;
    while let Some(result) = running.next().await {
        match result {
            Ok(bytes) if failure.is_none() => {
                total += bytes;
                running.extend(pending.next().map(write_one));
            }
            Ok(_) => {}
            Err(e) => {
                if failure.as_ref().is_none_or(is_aborted_transaction) {
                    failure = Some(e);
                }
            }
        }
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(total),
    }
}

/// A statement refused only because an earlier one aborted the transaction.
fn is_aborted_transaction(e: &LoadError) -> bool {
    e.server_error().and_then(tokio_postgres::Error::code)
        == Some(&tokio_postgres::error::SqlState::IN_FAILED_SQL_TRANSACTION)
}

#[cfg(test)]
mod tests {
    use super::*;

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
