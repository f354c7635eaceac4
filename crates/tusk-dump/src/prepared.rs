//! A prepared dump: what a dump contains (the TOC, the tables, the large objects) on an open
//! snapshot, and its data as streams, for a consumer other than the archive writer (e.g. a
//! restore fed straight from the source database).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};
use tusk_archive::Toc;
use tusk_catalog::NotCovered;
use tusk_pg::Session;

use crate::engine::{CopyContext, Deliver, DumpOptions, copy_buffers};
use crate::error::DumpError;
use crate::large_objects;
use crate::plan::{CtidRange, TableData, plan_ranges};
use crate::snapshot::{Leader, lock_nowait, open_worker};

/// A dump whose contents are known and whose data is not read yet, from
/// [`prepare_dump`](crate::prepare_dump).
///
/// It holds the snapshot leader's open transaction (the snapshot and the `ACCESS SHARE`
/// locks) and a pool of at most `jobs` worker sessions on that snapshot: with `jobs` ≥ 2 the
/// first is the session that helped [`prepare_dump`](crate::prepare_dump) read the catalog,
/// the others are opened lazily by [`copy_out`](Self::copy_out). Every method takes `&self` and the type is `Send + Sync`:
/// share it (e.g. in an `Arc`) between the tasks that read the data. Call
/// [`finish`](Self::finish) once every stream has ended.
#[derive(Debug)]
pub struct PreparedDump {
    pub(crate) leader: Leader,
    toc: Toc,
    tables: Vec<TableData>,
    /// TABLE DATA dump id → its index in `tables`.
    table_index: BTreeMap<i32, usize>,
    pub(crate) dump_options: DumpOptions,
    /// BLOBS entry dump id → the OIDs whose data it carries.
    large_objects: BTreeMap<i32, Vec<u32>>,
    not_covered: Vec<NotCovered>,
    pool: Arc<Pool>,
}

/// An idle worker session and the tables it has locked.
#[derive(Debug)]
struct Worker {
    session: Session,
    index: usize,
    locked: BTreeSet<i32>,
}

/// The worker sessions of [`PreparedDump::copy_out`]: at most `jobs` exist at once (one per
/// permit); a session is back in `idle` when its COPY ended normally.
#[derive(Debug)]
struct Pool {
    permits: Arc<Semaphore>,
    idle: Mutex<Vec<Worker>>,
    next_index: AtomicUsize,
}

impl Pool {
    fn take_idle(&self) -> Option<Worker> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner).pop()
    }

    fn put_back(&self, worker: Worker) {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner).push(worker);
    }
}

impl PreparedDump {
    /// `sessions`: worker sessions already open on the leader's snapshot (numbered from 0,
    /// at most `jobs`), idle in the pool.
    pub(crate) fn new(
        leader: Leader,
        toc: Toc,
        tables: Vec<TableData>,
        dump_options: DumpOptions,
        large_objects: BTreeMap<i32, Vec<u32>>,
        not_covered: Vec<NotCovered>,
        sessions: Vec<Session>,
    ) -> Self {
        let opened = sessions.len();
        let idle = sessions
            .into_iter()
            .enumerate()
            .map(|(index, session)| Worker { session, index, locked: BTreeSet::new() })
            .collect();
        let pool = Arc::new(Pool {
            permits: Arc::new(Semaphore::new(dump_options.jobs.max(1))),
            idle: Mutex::new(idle),
            next_index: AtomicUsize::new(opened),
        });
        let table_index = tables.iter().enumerate().map(|(i, t)| (t.dump_id, i)).collect();
        Self { leader, toc, tables, table_index, dump_options, large_objects, not_covered, pool }
    }

    /// The table of contents: the header and every entry, as `toc.dat` would hold them
    /// (ENCODING, STDSTRINGS, SEARCHPATH, DATABASE and its comment first; the large-object
    /// entries at pg_dump's places).
    pub fn toc(&self) -> &Toc {
        &self.toc
    }

    /// The tables whose data the dump holds, one per TABLE DATA entry, in TOC order.
    pub fn tables(&self) -> &[TableData] {
        &self.tables
    }

    /// Objects found in the database that the dump does not contain (also logged).
    pub fn not_covered(&self) -> &[NotCovered] {
        &self.not_covered
    }

    /// The snapshot id the dump reads in (exported by the leader, or the one given).
    pub fn snapshot_id(&self) -> &str {
        self.leader.snapshot_id()
    }

    /// The source server's `server_version_num`.
    pub fn server_version_num(&self) -> u32 {
        self.leader.server_version_num()
    }

    /// The table of TABLE DATA entry `dump_id`, if the dump holds its data.
    pub fn table_data(&self, dump_id: i32) -> Option<&TableData> {
        self.table_index.get(&dump_id).and_then(|&i| self.tables.get(i))
    }

    fn table(&self, dump_id: i32) -> Result<&TableData, DumpError> {
        self.table_data(dump_id).ok_or(DumpError::InvalidOptions {
            reason: "no TABLE DATA entry of the dump has this dump id",
        })
    }

    /// The ctid ranges the engine would split table `dump_id` into with these options (the
    /// same page threshold as [`dump_data`](crate::dump_data), `relpages` as read before the
    /// snapshot's data is copied), in range order. Empty when the table is not split (small
    /// enough, splitting off, a server older than 14, a filtered configuration table, or no
    /// such table): copy it whole with `copy_out(dump_id, None)`.
    pub fn ranges(&self, dump_id: i32) -> Vec<CtidRange> {
        let Ok(table) = self.table(dump_id) else {
            return Vec::new();
        };
        if !table.splittable() {
            return Vec::new();
        }
        plan_ranges(
            table.relpages,
            self.dump_options.split_pages,
            self.dump_options.max_ranges,
            self.leader.server_version_num(),
        )
        .unwrap_or_default()
    }

    /// Streams the rows of table `dump_id` (or of its ctid range number `range`, from
    /// [`ranges`](Self::ranges)) as `COPY … TO STDOUT` text, without pg_dump's trailer.
    ///
    /// Waits for a worker session of the pool (at most `jobs` at once; one is opened on the
    /// leader's snapshot if none is idle), takes the table's `ACCESS SHARE` lock `NOWAIT` on
    /// it (as the engine does: [`DumpError::LockNotAvailable`] if an exclusive lock is queued
    /// behind the leader's), starts the COPY, and returns a channel fed by a task in buffers
    /// of about 1 MiB, at most 4 waiting (memory per stream is bounded the same way as the
    /// engine's). Errors up to the start of the COPY are returned here. The stream then
    /// carries `Ok(Some(buffer))` items and ends with exactly one of `Ok(None)` (the COPY
    /// finished: the whole table or range arrived) or an `Err` ([`DumpError::Copy`], naming
    /// the table; the server or the connection failed mid-copy). A channel that closes
    /// without either did not carry the whole table. When the COPY ends normally the
    /// session goes back to the pool; after an error, or when the receiver is dropped before
    /// the end (which cancels the COPY on the server), the session is closed instead.
    pub async fn copy_out(
        &self,
        dump_id: i32,
        range: Option<usize>,
    ) -> Result<mpsc::Receiver<Result<Option<Bytes>, DumpError>>, DumpError> {
        let table = self.table(dump_id)?;
        let range = match range {
            None => None,
            Some(index) => {
                Some(self.ranges(dump_id).get(index).copied().ok_or(DumpError::InvalidOptions {
                    reason: "the table has no ctid range of this number",
                })?)
            }
        };
        let permit = Arc::clone(&self.pool.permits).acquire_owned().await.map_err(|_| {
            DumpError::InvalidOptions { reason: "internal: the session pool is closed" }
        })?;
        let mut worker = match self.pool.take_idle() {
            Some(worker) => worker,
            None => {
                let index = self.pool.next_index.fetch_add(1, Ordering::Relaxed);
                let session =
                    open_worker(self.leader.settings(), index, self.leader.snapshot_id()).await?;
                tracing::debug!(worker = index, "worker session opened");
                Worker { session, index, locked: BTreeSet::new() }
            }
        };
        if !worker.locked.contains(&dump_id) {
            lock_nowait(&worker.session, worker.index, &table.qualified(), dump_id).await?;
            worker.locked.insert(dump_id);
        }
        let sql = table.copy_to_stmt(range.as_ref());
        let range_index = range.map(|r| r.index);
        let stream = worker
            .session
            .copy_out(&sql)
            .await
            .map_err(|e| CopyContext { table, range: range_index }.error(e))?;
        let (tx, rx) = mpsc::channel(self.dump_options.buffers_in_flight.max(1));
        let table = table.clone();
        let pool = Arc::clone(&self.pool);
        let buffer_size = self.dump_options.buffer_size.max(1);
        tokio::spawn(async move {
            let context = CopyContext { table: &table, range: range_index };
            let outcome = tokio::select! {
                biased;
                outcome = copy_buffers(stream, buffer_size, &context, ToChannel(&tx)) => outcome,
                () = tx.closed() => Ok(false),
            };
            finish_copy(outcome, worker, &pool, permit, tx).await;
        });
        Ok(rx)
    }

    /// The OIDs of the large objects whose data the BLOBS entry `blobs_entry_dump_id` of
    /// [`toc`](Self::toc) carries, in the order an archive writes them (empty for any other
    /// dump id).
    pub fn large_objects(&self, blobs_entry_dump_id: i32) -> Vec<u32> {
        self.large_objects.get(&blobs_entry_dump_id).cloned().unwrap_or_default()
    }

    /// The data of large object `oid`, read in the dump's snapshot by the leader session.
    ///
    /// The whole object is held in memory: as many bytes as the object has (read in 1 MiB
    /// pieces, so the server's 1 GB limit on one value does not apply, but the client's
    /// memory does). Concurrent calls are serialized on the leader's connection.
    pub async fn large_object(&self, oid: u32) -> Result<Bytes, DumpError> {
        large_objects::read_whole(&self.leader, oid).await
    }

    /// Takes the idle worker sessions out of the pool, in the order they were opened (for
    /// [`dump_data_on`](crate::engine::dump_data_on), which locks its tables itself).
    pub(crate) fn take_idle_sessions(&self) -> Vec<Session> {
        let mut idle: Vec<Worker> =
            self.pool.idle.lock().unwrap_or_else(PoisonError::into_inner).drain(..).collect();
        idle.sort_by_key(|w| w.index);
        idle.into_iter().map(|w| w.session).collect()
    }

    /// The OIDs of every large object the dump holds, in OID order.
    pub(crate) fn all_large_objects(&self) -> Vec<u32> {
        self.large_objects.values().flatten().copied().collect()
    }

    /// Ends the leader's transaction (releasing the snapshot and the locks) and closes the
    /// idle worker sessions. Streams still running keep their own sessions (whose
    /// transactions imported the snapshot), but the tables are then no longer locked by the
    /// leader: let them end first.
    pub async fn finish(self) -> Result<(), DumpError> {
        self.into_parts().await.map(|_| ())
    }

    /// [`finish`](Self::finish), keeping the TOC and the objects not covered.
    pub(crate) async fn into_parts(self) -> Result<(Toc, Vec<NotCovered>), DumpError> {
        let Self { leader, toc, not_covered, pool, .. } = self;
        drop(pool.idle.lock().unwrap_or_else(PoisonError::into_inner).drain(..));
        drop(pool);
        leader.finish().await?;
        Ok((toc, not_covered))
    }
}

/// A [`PreparedDump::copy_out`] stream's channel, as a sink of buffers.
struct ToChannel<'a>(&'a mpsc::Sender<Result<Option<Bytes>, DumpError>>);

impl Deliver for ToChannel<'_> {
    async fn deliver(&mut self, buffer: Vec<u8>) -> bool {
        self.0.send(Ok(Some(Bytes::from(buffer)))).await.is_ok()
    }
}

/// The end of a [`PreparedDump::copy_out`] task: a finished COPY's session goes back to the
/// pool (before the permit is released and the channel closes, so the consumer's next
/// `copy_out` finds it); a failed one's error is sent and the session closed; an abandoned
/// one is cancelled on the server, then closed.
async fn finish_copy(
    outcome: Result<bool, DumpError>,
    worker: Worker,
    pool: &Pool,
    permit: OwnedSemaphorePermit,
    tx: mpsc::Sender<Result<Option<Bytes>, DumpError>>,
) {
    match outcome {
        Ok(true) => {
            pool.put_back(worker);
            drop(permit);
            let _ = tx.send(Ok(None)).await;
        }
        Ok(false) => {
            // Without a cancel the connection would read the rest of the COPY before closing.
            if let Err(e) = worker.session.cancel_handle().cancel().await {
                tracing::debug!(error = %e, "could not cancel an abandoned COPY");
            }
            drop(worker);
            drop(permit);
        }
        Err(e) => {
            tracing::debug!(error = %e, "copy failed");
            drop(worker);
            drop(permit);
            // The receiver may be gone too; nothing else to tell then.
            let _ = tx.send(Err(e)).await;
        }
    }
    drop(tx);
}
