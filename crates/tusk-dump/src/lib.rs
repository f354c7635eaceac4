//! The data engine of `tusk dump`: table data dumped with parallel `COPY … TO STDOUT` on one
//! synchronized snapshot, written as pg_dump directory-format data files through
//! `tusk-archive`.
//!
//! The engine is independent of the catalog: it takes [`TableData`] values (dump id, names,
//! pg_dump's column list, `relpages`, file name), which the catalog crate produces, and
//! returns a [`Manifest`]. The caller writes the manifest and then `toc.dat`, and only when
//! [`dump_data`] succeeded.
//!
//! # Contents and data
//!
//! [`dump_database`] is [`prepare_dump`] (what the dump contains: snapshot, catalog, plan,
//! selection, locks, the TOC and the TABLE DATA jobs, as a [`PreparedDump`]) followed by
//! where the data goes (the archive). A [`PreparedDump`] also hands its data out directly:
//! [`PreparedDump::copy_out`] streams a table or one of its ctid ranges as COPY text from a
//! pool of at most `jobs` worker sessions on the snapshot, and
//! [`PreparedDump::large_object`] reads a large object, so that a consumer can load another
//! database without an archive in between.
//!
//! # Planner statistics
//!
//! With [`Selection::statistics`] (`--statistics`) or [`Selection::statistics_only`], the
//! dump also writes pg_dump 18's STATISTICS DATA entries for the tables, materialized views,
//! foreign tables and indexes it dumps, read from `pg_class` and `pg_stats` in the snapshot,
//! with pg_dump 18's SQL, sections, dependencies and placement (`statistics.rs`), from any
//! source server (the restore functions they call exist from PostgreSQL 18 on).
//!
//! # Snapshot lifetime
//!
//! [`Leader::start`] connects, applies pg_dump's session settings ([`SESSION_SETTINGS`];
//! `client_encoding` stays UTF8 as tokio-postgres sets it, so the archive's ENCODING entry
//! must say UTF8), opens `BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY` and exports its
//! snapshot with `pg_export_snapshot()` (or imports a given `--snapshot` id).
//! [`Leader::lock_tables`] takes `ACCESS SHARE` locks in batches of ≤ ~100 kB of SQL, with an
//! optional lock-wait timeout. Each of the `jobs` workers opens its own session with the same
//! settings, begins the same kind of transaction and runs `SET TRANSACTION SNAPSHOT '<id>'`,
//! so every COPY sees exactly the leader's snapshot: rows committed after the export are
//! absent. Before each table a worker takes `LOCK TABLE … IN ACCESS SHARE MODE NOWAIT`; it
//! fails ([`DumpError::LockNotAvailable`]) when another session queued an exclusive lock
//! behind the leader's, which would otherwise deadlock unseen. The leader's transaction (and
//! so the snapshot and the locks) must stay open until [`dump_data`] returns; then
//! [`Leader::finish`] commits it.
//!
//! # Range plan
//!
//! Tables go largest first (`relpages`, then dump id). A table with more than
//! [`DumpOptions::split_pages`] pages (in [`dump_database`] and [`prepare_dump`], unless
//! given: [`balanced_split_pages`], a quarter of one session's fair share of all the tables'
//! pages, between 32 MiB and 1 GiB) is split ([`plan_ranges`]) into about `relpages /
//! split_pages` ctid ranges (at most [`DumpOptions::max_ranges`]), each dumped by
//! `COPY (SELECT <cols> FROM ONLY <table> WHERE ctid >= '(a,0)'::tid AND ctid < '(b,0)'::tid)
//! TO STDOUT`. The first range has no lower bound and the last no upper bound: `relpages` is
//! only an estimate taken before the snapshot, and pages beyond it may hold rows the snapshot
//! sees, so only an open end is safe. The ranges of a table are queued together, so several
//! workers dump them at once.
//!
//! **PG < 14 fallback:** without TID Range Scans every range would scan the whole table, so
//! servers older than 14 get one range (a plain `COPY <table> (<cols>) TO STDOUT`) per table.
//!
//! # Frame layout
//!
//! Every table has exactly one data file, `<dumpId>.dat[.gz|.zst]`, and one TOC entry. An
//! unsplit table is one compressed frame. A split table's ranges are each compressed into a
//! complete frame in a part file (`<dumpId>.dat.partNNNNN`); when the last range is done, the
//! parts are concatenated **in range order** into the data file (through a temporary name,
//! renamed when complete, so the final name never appears half-written) and removed. Gzip
//! members and zstd frames concatenate into one valid stream, so stock pg_restore reads the
//! file as one COPY stream. Every file ends with pg_dump's trailer `\.\n\n\n`, inside the
//! last frame. The [`Manifest`] records each frame's compressed and uncompressed offset and
//! length, rows, xxh3-64 checksum and page range, so a reader can start at any frame.
//!
//! # Memory bound
//!
//! tokio-postgres hands COPY data over one row per item through a channel of capacity 1 (TCP
//! backpressure). Each worker gathers rows into buffers of [`DumpOptions::buffer_size`]
//! (1 MiB) and sends them over a bounded channel of [`DumpOptions::buffers_in_flight`] (4)
//! buffers to its compression task on tokio's blocking pool, which counts rows, hashes and
//! compresses into the file. A slow disk or compressor stops the worker reading, which stops
//! the server. Memory per running COPY is therefore about `(buffers_in_flight + 2) ×
//! buffer_size` plus one row and the codec's state, whatever the table size.
//!
//! # Failure
//!
//! The first error cancels every worker (a shared cancellation token), partial files and
//! parts are removed (a data file appears under its final name only when complete), and
//! [`dump_data`] returns that error. Errors carry the table, dump id and file; server errors
//! are kept as sources and classified by SQLSTATE ([`DumpError::sql_state`]).
#![warn(missing_docs)]

mod database;
mod engine;
mod error;
mod filter;
mod large_objects;
mod plan;
mod prepared;
mod snapshot;
mod statistics;

pub use database::{
    DEFAULT_ZSTD_LEVEL, DumpDatabaseOptions, DumpSummary, PrepareOptions, dump_database,
    dump_version, prepare_dump,
};
pub use engine::{DumpOptions, Progress, ProgressEvent, TRAILER, dump_data};
pub use error::{DumpError, Role};
pub use filter::Selection;
pub use plan::{
    CtidRange, MAX_SPLIT_PAGES, MIN_RANGE_SERVER_VERSION, MIN_SPLIT_PAGES, TableData,
    balanced_split_pages, plan_ranges,
};
pub use prepared::PreparedDump;
pub use snapshot::{Leader, SESSION_SETTINGS};
pub use tusk_archive::manifest::{
    CHECKSUM_ALGORITHM, MANIFEST_FILE, MANIFEST_FORMAT, MANIFEST_VERSION, Manifest, ManifestChunk,
    ManifestFile, format_checksum,
};
