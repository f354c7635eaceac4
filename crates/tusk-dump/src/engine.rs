//! The parallel COPY engine: workers on the leader's snapshot, the COPY → compression
//! pipeline, ctid-range parts and their assembly into one data file.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_postgres::CopyOutStream;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;
use tusk_archive::manifest::{Manifest, ManifestChunk, ManifestFile, format_checksum};
use tusk_archive::{Algorithm, ArchiveWriter, DataFileSummary, DataReader, DataWriter};
use tusk_pg::{ConnectionSettings, Session};
use xxhash_rust::xxh3::Xxh3;

use crate::error::DumpError;
use crate::plan::{CtidRange, TableData, plan_ranges};
use crate::snapshot::{Leader, lock_nowait, open_worker};

/// What pg_dump appends to every COPY data file (`dumpTableData_copy`): the end-of-data
/// marker and two empty lines.
pub const TRAILER: &[u8] = b"\\.\n\n\n";

/// Options of [`dump_data`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpOptions {
    /// Worker sessions (`--jobs`), at least 1.
    pub jobs: usize,
    /// Compression of the data files (none, gzip or zstd; lz4 is read only).
    pub algorithm: Algorithm,
    /// Tables with more pages than this are split into ctid ranges of about this many pages
    /// (servers ≥ 14 only); `None` never splits.
    pub split_pages: Option<u64>,
    /// At most this many ranges per table.
    pub max_ranges: usize,
    /// COPY rows are gathered into buffers of about this many bytes before compression.
    pub buffer_size: usize,
    /// Buffers that may wait for compression per running COPY (the channel capacity).
    pub buffers_in_flight: usize,
}

impl Default for DumpOptions {
    fn default() -> Self {
        Self {
            jobs: 1,
            algorithm: Algorithm::Gzip,
            // 1 GiB of 8 kB pages.
            split_pages: Some(131_072),
            max_ranges: 1024,
            buffer_size: 1 << 20,
            buffers_in_flight: 4,
        }
    }
}

/// A progress report from [`dump_data`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProgressEvent {
    /// The dump knows its work (sent once by [`dump_database`](crate::dump_database) before
    /// the data starts; not by [`dump_data`]).
    Planned {
        /// Tables whose data will be dumped.
        tables: usize,
        /// Their `relpages` sum (8 kB pages; an estimate).
        pages: u64,
    },
    /// A worker started the COPY of a table, or of range `range` of `ranges`.
    Started {
        /// The TABLE DATA dump id.
        dump_id: i32,
        /// The range, for a split table.
        range: Option<usize>,
        /// The number of ranges (1 if not split).
        ranges: usize,
    },
    /// Uncompressed bytes handed to compression (a delta).
    Bytes {
        /// The TABLE DATA dump id.
        dump_id: i32,
        /// How many bytes.
        bytes: u64,
    },
    /// A table's data file is complete.
    TableDone {
        /// The TABLE DATA dump id.
        dump_id: i32,
        /// Rows dumped.
        rows: u64,
        /// Uncompressed size (trailer included).
        uncompressed_bytes: u64,
        /// Size of the file.
        compressed_bytes: u64,
    },
}

/// A progress callback; called from the engine's tasks, so it must be quick (e.g. update an
/// indicatif bar or send on a channel).
#[derive(Clone)]
pub struct Progress(Arc<dyn Fn(&ProgressEvent) + Send + Sync>);

impl Progress {
    /// Wraps a callback.
    pub fn new(callback: impl Fn(&ProgressEvent) + Send + Sync + 'static) -> Self {
        Self(Arc::new(callback))
    }

    pub(crate) fn report(&self, event: &ProgressEvent) {
        (self.0)(event);
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Progress(..)")
    }
}

/// One unit of work: a whole table, or one ctid range of a split table.
#[derive(Debug, Clone, Copy)]
struct WorkItem {
    table: usize,
    range: Option<CtidRange>,
}

/// A finished range part, waiting for its siblings.
#[derive(Debug)]
struct PartDone {
    path: PathBuf,
    range: CtidRange,
    written: Written,
}

/// The parts of a split table.
#[derive(Debug)]
struct SplitState {
    parts: Vec<Option<PartDone>>,
    remaining: usize,
}

/// What the workers share.
#[derive(Debug)]
struct Shared {
    settings: ConnectionSettings,
    snapshot: String,
    archive: Arc<ArchiveWriter>,
    options: DumpOptions,
    tables: Vec<TableData>,
    range_counts: Vec<usize>,
    queue: Mutex<VecDeque<WorkItem>>,
    splits: Mutex<BTreeMap<usize, SplitState>>,
    results: Mutex<Vec<ManifestFile>>,
    cancel: CancellationToken,
    progress: Option<Progress>,
}

impl Shared {
    fn next_item(&self) -> Option<WorkItem> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner).pop_front()
    }

    fn report(&self, event: ProgressEvent) {
        if let Some(progress) = &self.progress {
            progress.report(&event);
        }
    }

    fn table(&self, index: usize) -> Result<&TableData, DumpError> {
        self.tables
            .get(index)
            .ok_or(DumpError::InvalidOptions { reason: "internal: bad table index" })
    }
}

/// Dumps the data of `tables` into `archive` with `options.jobs` worker sessions on the
/// leader's snapshot, and returns the manifest of the files written (not yet saved: write it
/// with [`Manifest::write`] before `toc.dat`).
///
/// Tables go largest first (`relpages`, then dump id). On the first error every worker is
/// cancelled, the partial files are removed, and that error is returned; write no `toc.dat`
/// then. The leader must stay open (not [`finish`](Leader::finish)ed) until this returns.
pub async fn dump_data(
    leader: &Leader,
    archive: Arc<ArchiveWriter>,
    tables: Vec<TableData>,
    options: &DumpOptions,
    progress: Option<Progress>,
) -> Result<Manifest, DumpError> {
    dump_data_on(leader, archive, tables, options, progress, Vec::new()).await
}

/// [`dump_data`], with worker sessions already open on the leader's snapshot: worker `i`
/// uses `sessions[i]` (and opens its own when there is none); sessions beyond the number of
/// workers needed are closed.
pub(crate) async fn dump_data_on(
    leader: &Leader,
    archive: Arc<ArchiveWriter>,
    tables: Vec<TableData>,
    options: &DumpOptions,
    progress: Option<Progress>,
    sessions: Vec<Session>,
) -> Result<Manifest, DumpError> {
    if options.jobs == 0 {
        return Err(DumpError::InvalidOptions { reason: "jobs must be at least 1" });
    }
    if options.buffer_size == 0 || options.buffers_in_flight == 0 {
        return Err(DumpError::InvalidOptions { reason: "buffer size and count must be positive" });
    }
    if options.algorithm == Algorithm::Lz4 {
        return Err(DumpError::InvalidOptions { reason: "lz4 data files cannot be written" });
    }
    let mut order: Vec<usize> = (0..tables.len()).collect();
    order.sort_by(|&a, &b| {
        let (ta, tb) = (&tables[a], &tables[b]);
        tb.relpages.cmp(&ta.relpages).then(ta.dump_id.cmp(&tb.dump_id))
    });
    let mut queue = VecDeque::new();
    let mut splits = BTreeMap::new();
    let mut range_counts = vec![1; tables.len()];
    for index in order {
        let table = &tables[index];
        let ranges = if table.splittable() {
            plan_ranges(
                table.relpages,
                options.split_pages,
                options.max_ranges,
                leader.server_version_num(),
            )
        } else {
            None
        };
        match ranges {
            None => queue.push_back(WorkItem { table: index, range: None }),
            Some(ranges) => {
                tracing::debug!(dump_id = table.dump_id, ranges = ranges.len(), "table split");
                range_counts[index] = ranges.len();
                splits.insert(
                    index,
                    SplitState {
                        parts: ranges.iter().map(|_| None).collect(),
                        remaining: ranges.len(),
                    },
                );
                queue.extend(ranges.into_iter().map(|r| WorkItem { table: index, range: Some(r) }));
            }
        }
    }
    let workers = options.jobs.min(queue.len());
    let shared = Arc::new(Shared {
        settings: leader.settings().clone(),
        snapshot: leader.snapshot_id().to_owned(),
        archive,
        options: options.clone(),
        tables,
        range_counts,
        queue: Mutex::new(queue),
        splits: Mutex::new(splits),
        results: Mutex::new(Vec::new()),
        cancel: CancellationToken::new(),
        progress,
    });
    let mut set = JoinSet::new();
    let mut sessions = sessions.into_iter();
    for index in 0..workers {
        let shared = Arc::clone(&shared);
        let span = tracing::info_span!("worker", index);
        set.spawn(Box::pin(run_worker(index, shared, sessions.next())).instrument(span));
    }
    drop(sessions);
    let mut first_error = None;
    while let Some(joined) = set.join_next().await {
        let result = joined
            .unwrap_or_else(|source| Err(DumpError::Task { what: "worker".to_owned(), source }));
        if let Err(e) = result {
            shared.cancel.cancel();
            if first_error.is_none() && !e.is_cancelled() {
                first_error = Some(e);
            }
        }
    }
    if let Some(e) = first_error {
        tracing::error!(error = %e, "dump failed");
        remove_parts(&shared);
        return Err(e);
    }
    let files = std::mem::take(&mut *shared.results.lock().unwrap_or_else(PoisonError::into_inner));
    Ok(Manifest::new(files))
}

/// Removes the finished parts of split tables that were never assembled.
fn remove_parts(shared: &Shared) {
    let splits = std::mem::take(&mut *shared.splits.lock().unwrap_or_else(PoisonError::into_inner));
    for state in splits.into_values() {
        for part in state.parts.into_iter().flatten() {
            let _ = fs_err::remove_file(&part.path);
        }
    }
}

async fn run_worker(
    index: usize,
    shared: Arc<Shared>,
    session: Option<Session>,
) -> Result<(), DumpError> {
    let result = worker_loop(index, &shared, session).await;
    match result {
        Err(e) if !e.is_cancelled() => {
            shared.cancel.cancel();
            Err(e)
        }
        _ => Ok(()),
    }
}

async fn worker_loop(
    index: usize,
    shared: &Shared,
    session: Option<Session>,
) -> Result<(), DumpError> {
    let session = match session {
        Some(session) => session,
        None => tokio::select! {
            biased;
            () = shared.cancel.cancelled() => return Err(DumpError::Cancelled),
            session = open_worker(&shared.settings, index, &shared.snapshot) => session?,
        },
    };
    tracing::debug!("worker ready");
    let mut locked = BTreeSet::new();
    while !shared.cancel.is_cancelled() {
        let Some(item) = shared.next_item() else {
            return Ok(());
        };
        let table = shared.table(item.table)?;
        let span = tracing::info_span!(
            "table",
            dump_id = table.dump_id,
            table = %table.qualified(),
            range = item.range.map(|r| r.index),
        );
        Box::pin(dump_item(shared, index, &session, &mut locked, item)).instrument(span).await?;
    }
    Err(DumpError::Cancelled)
}

/// Where a COPY stream is written.
#[derive(Debug)]
enum Target {
    /// The table's data file, through the archive writer.
    Final { filename: String },
    /// A range's part file.
    Part { path: PathBuf },
}

/// The name of range `index`'s part file: not a name pg_restore or the archive reader would
/// ever take for a data file.
fn part_path(dir: &Path, table: &TableData, index: usize) -> PathBuf {
    dir.join(format!("{}.part{index:05}", table.filename))
}

async fn dump_item(
    shared: &Shared,
    index: usize,
    session: &Session,
    locked: &mut BTreeSet<usize>,
    item: WorkItem,
) -> Result<(), DumpError> {
    let table = shared.table(item.table)?;
    let qualified = table.qualified();
    if !locked.contains(&item.table) {
        lock_nowait(session, index, &qualified, table.dump_id).await?;
        locked.insert(item.table);
    }
    let ranges = shared.range_counts.get(item.table).copied().unwrap_or(1);
    shared.report(ProgressEvent::Started {
        dump_id: table.dump_id,
        range: item.range.map(|r| r.index),
        ranges,
    });
    tracing::debug!("copy started");
    let sql = table.copy_to_stmt(item.range.as_ref());
    let (target, trailer) = match item.range {
        None => (Target::Final { filename: table.filename.clone() }, true),
        Some(range) => (
            Target::Part { path: part_path(shared.archive.dir(), table, range.index) },
            range.end_page.is_none(),
        ),
    };
    let (tx, rx) = mpsc::channel(shared.options.buffers_in_flight);
    let archive = Arc::clone(&shared.archive);
    let algorithm = shared.options.algorithm;
    let writer =
        tokio::task::spawn_blocking(move || write_stream(&archive, target, algorithm, trailer, rx));
    let copy_context = CopyContext { table, range: item.range.map(|r| r.index) };
    let pumped = pump(shared, session, &sql, tx, &copy_context).await;
    // Always wait for the writer: on failure it removes its temporary file.
    let written = writer.await;
    pumped?;
    let written = match written {
        Err(source) => {
            return Err(DumpError::Task { what: format!("compression of {qualified}"), source });
        }
        Ok(Err(WriteFailure::Aborted)) => return Err(DumpError::Cancelled),
        Ok(Err(WriteFailure::Archive(source))) => {
            return Err(DumpError::Write {
                table: qualified,
                dump_id: table.dump_id,
                file: table.filename.clone(),
                source: Box::new(source),
            });
        }
        Ok(Ok(written)) => written,
    };
    match item.range {
        None => {
            let file = file_name(&written.summary.path);
            let chunk = ManifestChunk {
                compressed_offset: 0,
                compressed_length: written.summary.bytes_out,
                uncompressed_offset: 0,
                uncompressed_length: written.summary.bytes_in,
                rows: written.rows,
                checksum: format_checksum(written.checksum),
                first_page: None,
                end_page: None,
            };
            finish_table(shared, table, file, written.checksum, vec![chunk]);
            tracing::info!(rows = written.rows, bytes = written.summary.bytes_in, "table done");
            Ok(())
        }
        Some(range) => {
            let path = part_path(shared.archive.dir(), table, range.index);
            record_part(shared, item.table, PartDone { path, range, written }).await
        }
    }
}

/// Who a COPY belongs to, for errors.
pub(crate) struct CopyContext<'a> {
    pub(crate) table: &'a TableData,
    pub(crate) range: Option<usize>,
}

impl CopyContext<'_> {
    pub(crate) fn error(&self, source: tokio_postgres::Error) -> DumpError {
        DumpError::Copy {
            table: self.table.qualified(),
            dump_id: self.table.dump_id,
            range: self.range,
            source,
        }
    }
}

/// A message to the compression task.
#[derive(Debug)]
enum Msg {
    Data(Vec<u8>),
    /// The COPY ended normally: finish the file. A channel closed without it means abort.
    End,
}

/// Streams the COPY output into `tx` in buffers of about `buffer_size` bytes. Returns when
/// the COPY is done and `End` was sent, or when the writer went away (its error is the one to
/// report).
async fn pump(
    shared: &Shared,
    session: &Session,
    sql: &str,
    tx: mpsc::Sender<Msg>,
    context: &CopyContext<'_>,
) -> Result<(), DumpError> {
    let cancel = &shared.cancel;
    let dump_id = context.table.dump_id;
    let stream = tokio::select! {
        biased;
        () = cancel.cancelled() => return Err(DumpError::Cancelled),
        stream = session.copy_out(sql) => stream.map_err(|e| context.error(e))?,
    };
    let deliver = ToWriter { tx: &tx, shared, dump_id };
    let complete = tokio::select! {
        biased;
        () = cancel.cancelled() => return Err(DumpError::Cancelled),
        complete = copy_buffers(stream, shared.options.buffer_size, context, deliver) => complete?,
    };
    if complete {
        send(cancel, &tx, Msg::End).await?;
    }
    Ok(())
}

/// The COPY loop shared by the engine's workers and
/// [`PreparedDump::copy_out`](crate::PreparedDump::copy_out): gathers the rows of a started
/// `COPY … TO STDOUT` into buffers of about `buffer_size` bytes and hands each full buffer,
/// then the last partial one, to `sink`.
///
/// Returns `Ok(true)` when the COPY ended and every buffer was delivered, `Ok(false)` as soon
/// as `sink` refused a buffer (the rest of the COPY is not read: the caller drops or
/// cancels the session), and the server's or connection's error as [`DumpError::Copy`].
/// Memory: one buffer being filled plus one row.
pub(crate) async fn copy_buffers(
    stream: CopyOutStream,
    buffer_size: usize,
    context: &CopyContext<'_>,
    mut sink: impl Deliver,
) -> Result<bool, DumpError> {
    let mut stream = std::pin::pin!(stream);
    let mut buffer = Vec::with_capacity(buffer_size);
    while let Some(next) = stream.next().await {
        let bytes = next.map_err(|e| context.error(e))?;
        buffer.extend_from_slice(&bytes);
        if buffer.len() >= buffer_size {
            let full = std::mem::replace(&mut buffer, Vec::with_capacity(buffer_size));
            if !sink.deliver(full).await {
                return Ok(false);
            }
        }
    }
    if !buffer.is_empty() && !sink.deliver(buffer).await {
        return Ok(false);
    }
    Ok(true)
}

/// Where buffers of data go ([`copy_buffers`], and the large objects' reads).
pub(crate) trait Deliver {
    /// Waits for room and hands `buffer` over; `false` if the receiving side is gone.
    fn deliver(&mut self, buffer: Vec<u8>) -> impl Future<Output = bool> + Send;
}

/// The engine's sink: the compression task's channel, reporting the bytes handed over.
struct ToWriter<'a> {
    tx: &'a mpsc::Sender<Msg>,
    shared: &'a Shared,
    dump_id: i32,
}

impl Deliver for ToWriter<'_> {
    async fn deliver(&mut self, buffer: Vec<u8>) -> bool {
        let len = buffer.len() as u64;
        let sent = self.tx.send(Msg::Data(buffer)).await.is_ok();
        if sent {
            self.shared.report(ProgressEvent::Bytes { dump_id: self.dump_id, bytes: len });
        }
        sent
    }
}

/// Sends `msg`, waiting for room; `Ok(false)` if the writer is gone.
async fn send(
    cancel: &CancellationToken,
    tx: &mpsc::Sender<Msg>,
    msg: Msg,
) -> Result<bool, DumpError> {
    tokio::select! {
        biased;
        () = cancel.cancelled() => Err(DumpError::Cancelled),
        sent = tx.send(msg) => Ok(sent.is_ok()),
    }
}

/// What the compression task wrote.
#[derive(Debug)]
struct Written {
    summary: DataFileSummary,
    rows: u64,
    checksum: u64,
}

/// Why the compression task stopped.
#[derive(Debug)]
enum WriteFailure {
    Archive(tusk_archive::Error),
    /// The COPY side stopped without `End`; the file was discarded.
    Aborted,
}

/// Runs on the blocking pool: receives buffers, counts rows, hashes and compresses them into
/// the target, appends the trailer if asked, and finishes the file (rename to its final
/// name). Dropping the unfinished writer on any failure removes its temporary file.
fn write_stream(
    archive: &ArchiveWriter,
    target: Target,
    algorithm: Algorithm,
    trailer: bool,
    mut rx: mpsc::Receiver<Msg>,
) -> Result<Written, WriteFailure> {
    let mut writer = match target {
        Target::Final { filename } => archive.data_file(&filename, algorithm),
        Target::Part { path } => {
            archive.compression(algorithm).and_then(|c| DataWriter::create(path, c, false))
        }
    }
    .map_err(WriteFailure::Archive)?;
    let mut hasher = Xxh3::new();
    let mut rows = 0u64;
    let write = |writer: &mut DataWriter, bytes: &[u8]| {
        writer.write_all(bytes).map_err(|e| {
            WriteFailure::Archive(tusk_archive::Error::downcast_io(e).unwrap_or_else(|source| {
                tusk_archive::Error::Write { path: writer.path().to_owned(), source }
            }))
        })
    };
    loop {
        match rx.blocking_recv() {
            Some(Msg::Data(buffer)) => {
                // COPY text escapes newlines inside values, so each '\n' ends one row.
                rows += memchr::memchr_iter(b'\n', &buffer).count() as u64;
                hasher.update(&buffer);
                write(&mut writer, &buffer)?;
            }
            Some(Msg::End) => break,
            None => return Err(WriteFailure::Aborted),
        }
    }
    if trailer {
        hasher.update(TRAILER);
        write(&mut writer, TRAILER)?;
    }
    let summary = writer.finish().map_err(WriteFailure::Archive)?;
    Ok(Written { summary, rows, checksum: hasher.digest() })
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Records a finished table file and reports it.
fn finish_table(
    shared: &Shared,
    table: &TableData,
    file: String,
    checksum: u64,
    chunks: Vec<ManifestChunk>,
) {
    let rows = chunks.iter().map(|c| c.rows).sum();
    let uncompressed_bytes = chunks.iter().map(|c| c.uncompressed_length).sum();
    let compressed_bytes = chunks.iter().map(|c| c.compressed_length).sum();
    shared.report(ProgressEvent::TableDone {
        dump_id: table.dump_id,
        rows,
        uncompressed_bytes,
        compressed_bytes,
    });
    let entry = ManifestFile {
        dump_id: table.dump_id,
        schema: table.schema.clone(),
        table: table.name.clone(),
        file,
        algorithm: shared.options.algorithm.name().to_owned(),
        uncompressed_bytes,
        compressed_bytes,
        rows,
        checksum: format_checksum(checksum),
        chunks,
    };
    shared.results.lock().unwrap_or_else(PoisonError::into_inner).push(entry);
}

/// Stores a finished range; the worker that finishes a table's last range assembles it.
async fn record_part(shared: &Shared, table_index: usize, part: PartDone) -> Result<(), DumpError> {
    let table = shared.table(table_index)?;
    tracing::debug!(rows = part.written.rows, "range done");
    let parts = {
        let mut splits = shared.splits.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(state) = splits.get_mut(&table_index) else {
            return Err(DumpError::InvalidOptions {
                reason: "internal: range of an unsplit table",
            });
        };
        let index = part.range.index;
        if let Some(slot) = state.parts.get_mut(index) {
            *slot = Some(part);
        }
        state.remaining = state.remaining.saturating_sub(1);
        if state.remaining > 0 {
            return Ok(());
        }
        match splits.remove(&table_index) {
            Some(state) => state.parts,
            None => return Ok(()),
        }
    };
    let parts: Vec<PartDone> = parts.into_iter().flatten().collect();
    let dir = shared.archive.dir().to_owned();
    let final_name = format!("{}{}", table.filename, shared.options.algorithm.suffix());
    let algorithm = shared.options.algorithm;
    let sync = shared.archive.options().sync;
    let assembled = tokio::task::spawn_blocking(move || {
        let result = assemble(&dir, &final_name, algorithm, sync, &parts);
        for part in &parts {
            let _ = fs_err::remove_file(&part.path);
        }
        result.map(|checksum| (checksum, final_name, parts))
    })
    .await
    .map_err(|source| DumpError::Task {
        what: format!("assembly of {}", table.qualified()),
        source,
    })?;
    let (checksum, final_name, parts) = assembled.map_err(|(path, source)| {
        DumpError::Assemble { table: table.qualified(), dump_id: table.dump_id, path, source }
    })?;
    let mut chunks = Vec::with_capacity(parts.len());
    let (mut compressed, mut uncompressed) = (0u64, 0u64);
    for part in &parts {
        let summary = &part.written.summary;
        chunks.push(ManifestChunk {
            compressed_offset: compressed,
            compressed_length: summary.bytes_out,
            uncompressed_offset: uncompressed,
            uncompressed_length: summary.bytes_in,
            rows: part.written.rows,
            checksum: format_checksum(part.written.checksum),
            first_page: part.range.first_page,
            end_page: part.range.end_page,
        });
        compressed += summary.bytes_out;
        uncompressed += summary.bytes_in;
    }
    finish_table(shared, table, final_name, checksum, chunks);
    tracing::info!(ranges = parts.len(), "table done");
    Ok(())
}

/// A `Write` that only hashes.
struct HashWriter(Xxh3);

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Concatenates the part files, in range order, into `dir/final_name` (through a temporary
/// file renamed at the end, so the final name appears only complete), and returns the xxh3 of
/// the whole uncompressed stream (each part is decompressed once to compute it, which also
/// checks it). Memory: fixed copy buffers.
fn assemble(
    dir: &Path,
    final_name: &str,
    algorithm: Algorithm,
    sync: bool,
    parts: &[PartDone],
) -> Result<u64, (PathBuf, io::Error)> {
    let final_path = dir.join(final_name);
    if final_path.exists() {
        return Err((final_path, io::Error::from(io::ErrorKind::AlreadyExists)));
    }
    let temp_path = dir.join(format!("{final_name}.tmp"));
    let result = (|| {
        let file = fs_err::File::create_new(&temp_path).map_err(|e| (temp_path.clone(), e))?;
        let mut out = io::BufWriter::with_capacity(256 * 1024, file);
        let mut hasher = HashWriter(Xxh3::new());
        for part in parts {
            let mut input = fs_err::File::open(&part.path).map_err(|e| (part.path.clone(), e))?;
            io::copy(&mut input, &mut out).map_err(|e| (part.path.clone(), e))?;
            let mut reader = DataReader::open(&part.path, algorithm)
                .map_err(|e| (part.path.clone(), io::Error::other(e)))?;
            io::copy(&mut reader, &mut hasher).map_err(|e| (part.path.clone(), e))?;
        }
        let file = out.into_inner().map_err(|e| (temp_path.clone(), e.into_error()))?;
        if sync {
            file.sync_all().map_err(|e| (temp_path.clone(), e))?;
        }
        drop(file);
        fs_err::rename(&temp_path, &final_path).map_err(|e| (final_path.clone(), e))?;
        Ok(hasher.0.digest())
    })();
    if result.is_err() {
        let _ = fs_err::remove_file(&temp_path);
    }
    result
}
