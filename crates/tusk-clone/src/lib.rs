//! `tusk clone`: one database into another with no archive in between. The dump engine
//! prepares the source on one snapshot (catalog, order, TOC entries, table locks) and the
//! restore engine runs that TOC against the target with its own scheduling; each table's rows
//! flow from a `COPY … TO STDOUT` on a source session straight into a `COPY … FROM STDIN` on a
//! target session. The seam is the restore engine's [`Source`] trait: an archive directory is
//! one implementation, [`LiveSource`] (a prepared dump) the other, so the scheduling of data,
//! indexes, constraints and ANALYZE exists once.
#![warn(missing_docs)]

use std::sync::Arc;

use tokio::sync::mpsc;
use tusk_archive::{Toc, TocEntry};
use tusk_dump::{DumpError, PrepareOptions, PreparedDump, prepare_dump};
use tusk_restore::{
    DataStream, Message, Progress, RestoreError, RestoreOptions, RestoreSummary, Source,
    SourceError, restore_from,
};

/// Why a clone stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CloneError {
    /// The source could not be prepared (connection, snapshot, catalog, locks).
    #[error("source: {0}")]
    Source(#[from] DumpError),
    /// The restore into the target stopped.
    #[error("target: {0}")]
    Target(#[from] RestoreError),
}

/// Options of [`clone_database`]: what to take from the source (the dump's options) and how
/// to restore it into the target (the restore's options; their `archive` is not used).
#[derive(Debug, Clone)]
pub struct CloneOptions {
    /// The source side: connection, `jobs` source sessions, selection, snapshot, splitting.
    pub source: PrepareOptions,
    /// The target side: connection, `jobs` target sessions, `--clean`, `--create`, `-O`, …
    pub target: RestoreOptions,
}

/// Clones the source database into the target: prepares the source on one snapshot, then
/// restores from it. Returns the restore's summary (check its `errors`); a table whose rows
/// did not all arrive is reported there and not counted as loaded.
pub async fn clone_database(
    options: &CloneOptions,
    progress: Option<Progress>,
) -> Result<RestoreSummary, CloneError> {
    let prepared = prepare_dump(&options.source).await?;
    let source = Arc::new(LiveSource::new(prepared));
    let summary =
        restore_from(Arc::clone(&source) as Arc<dyn Source>, &options.target, progress).await?;
    // End the source's snapshot transaction (its sessions close when the last stream ends).
    if let Ok(source) = Arc::try_unwrap(source)
        && let Ok(prepared) = Arc::try_unwrap(source.prepared)
    {
        prepared.finish().await?;
    }
    Ok(summary)
}

/// A large object's stream: its bytes, then its end.
const LARGE_OBJECT_MESSAGES: usize = 2;

/// A prepared dump as a restore's source: rows are copied out of the source database when
/// the restore asks for them.
#[derive(Debug)]
pub struct LiveSource {
    prepared: Arc<PreparedDump>,
    /// One large object read at a time: each is held whole in memory, and the restore asks
    /// for several at once.
    large_object_reads: Arc<tokio::sync::Semaphore>,
}

impl LiveSource {
    /// A source over `prepared`.
    pub fn new(prepared: PreparedDump) -> Self {
        Self {
            prepared: Arc::new(prepared),
            large_object_reads: Arc::new(tokio::sync::Semaphore::new(1)),
        }
    }

    /// Forwards a copy-out stream of the source into a restore data stream, with an explicit
    /// end only once the source said the COPY finished.
    fn forward(&self, dump_id: i32, piece: Option<usize>) -> DataStream {
        let (tx, rx) = mpsc::channel(4);
        let prepared = Arc::clone(&self.prepared);
        tokio::spawn(async move {
            let mut rows = match prepared.copy_out(dump_id, piece).await {
                Ok(rows) => rows,
                Err(e) => {
                    let _ = tx.send(Err(source_error(&e))).await;
                    return;
                }
            };
            loop {
                let message = match rows.recv().await {
                    Some(Ok(Some(bytes))) => Ok(Message::Data(bytes)),
                    // The source says the COPY finished: the whole table or range arrived.
                    Some(Ok(None)) => Ok(Message::End),
                    Some(Err(e)) => Err(source_error(&e)),
                    None => Err(SourceError::new(format!(
                        "the source's COPY of entry {dump_id} stopped before its end"
                    ))),
                };
                let last = !matches!(message, Ok(Message::Data(_)));
                if tx.send(message).await.is_err() || last {
                    return;
                }
            }
        });
        rx
    }
}

impl Source for LiveSource {
    fn toc(&self) -> &Toc {
        self.prepared.toc()
    }

    fn data_size(&self, entry: &TocEntry) -> u64 {
        const PAGE: u64 = 8192;
        self.prepared.table_data(entry.dump_id).map_or(0, |t| t.relpages.saturating_mul(PAGE))
    }

    fn pieces(&self, entry: &TocEntry) -> Vec<u64> {
        const PAGE: u64 = 8192;
        let ranges = self.prepared.ranges(entry.dump_id);
        if ranges.len() < 2 {
            return Vec::new();
        }
        let total = self.data_size(entry);
        let per = total / ranges.len() as u64;
        ranges
            .iter()
            .map(|r| match (r.first_page, r.end_page) {
                (Some(a), Some(b)) => b.saturating_sub(a).saturating_mul(PAGE),
                _ => per,
            })
            .collect()
    }

    /// The source's COPY output is whole rows in every buffer, so `whole_lines` holds anyway.
    fn rows(&self, entry: &TocEntry, piece: Option<usize>, _whole_lines: bool) -> DataStream {
        self.forward(entry.dump_id, piece)
    }

    fn statements(&self, entry: &TocEntry) -> DataStream {
        one_message(Err(SourceError::new(format!(
            "entry {} has INSERT-format data, which a live source never produces",
            entry.dump_id
        ))))
    }

    fn large_objects(&self, entry: &TocEntry) -> Result<Vec<u32>, SourceError> {
        Ok(self.prepared.large_objects(entry.dump_id))
    }

    fn large_object(&self, _entry: &TocEntry, oid: u32) -> DataStream {
        let (tx, rx) = mpsc::channel(LARGE_OBJECT_MESSAGES);
        let prepared = Arc::clone(&self.prepared);
        let reads = Arc::clone(&self.large_object_reads);
        tokio::spawn(async move {
            // Held until the restore has taken the object and its end, i.e. has written it
            // (never closed: the semaphore is only dropped with the source).
            let Ok(_permit) = reads.acquire_owned().await else { return };
            match prepared.large_object(oid).await {
                Ok(bytes) => {
                    if tx.send(Ok(Message::Data(bytes))).await.is_ok()
                        && tx.send(Ok(Message::End)).await.is_ok()
                    {
                        let _ = tx.reserve_many(LARGE_OBJECT_MESSAGES).await;
                    }
                }
                Err(e) => {
                    let _ = tx.send(Err(source_error(&e))).await;
                }
            }
        });
        rx
    }
}

/// A source database error as one line: the error and its causes, each once.
fn source_error(e: &DumpError) -> SourceError {
    let mut parts = vec![e.to_string()];
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let text = c.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cause = c.source();
    }
    SourceError::new(format!("source: {}", parts.join(": ")))
}

/// A stream of one message.
fn one_message(message: Result<Message, SourceError>) -> DataStream {
    let (tx, rx) = mpsc::channel(1);
    let _ = tx.try_send(message);
    rx
}
