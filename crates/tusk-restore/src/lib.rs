//! The restore engine: an archive in pg_dump's directory format (written by pg_dump 15–18 or
//! by tusk) into a database, as pg_restore does, but with each table's indexes and
//! constraints built as soon as its data is in and ANALYZE run on it right after.
//!
//! [`restore_archive`] is the entry point. Its phases:
//! 1. open the archive (and tusk's manifest, if any) and select the entries as pg_restore
//!    would ([`tusk_archive::listing::Selection`]);
//! 2. with `create`, `CREATE DATABASE` on the given connection and continue in the new one;
//! 3. with `clean`, drop the selected objects in reverse order; otherwise refuse a target
//!    that already holds user objects when definitions are to be restored;
//! 4. the pre-data definitions in archive order: stretches of consecutive table and sequence
//!    definitions over all `jobs` sessions (each after what it depends on), every other
//!    entry on one session after everything before it;
//! 5. one scheduler over the dependency graph drives `jobs` sessions through the data and
//!    post-data entries: table data largest first (a tusk archive's chunks of one table over
//!    several sessions at once), each index, constraint and trigger once the data it needs is
//!    in, foreign keys once both tables and the referenced index are ready, ANALYZE of a table
//!    once its indexes are built;
//! 6. privileges, then materialized view refreshes and event triggers, as pg_restore orders
//!    them.
//!
//! pg_dump 18's planner statistics (STATISTICS DATA entries): a table's run once its data is
//! in and its indexes and constraints are built (TRUNCATE and CREATE INDEX rewrite
//! `relpages` and `reltuples`), before its ANALYZE, which is then skipped if the server took
//! them all; those of indexes and materialized views (post-data) run after the refreshes, in
//! archive order, as pg_restore 18 runs them, a materialized view being analyzed after its
//! refresh only if its statistics did not go in. A server without the restore functions
//! (before 18) refuses them with SQLSTATE 42883: skipped, and ANALYZE runs as before.
//!
//! A statement that fails is reported (with its TOC entry) and the restore goes on; the
//! summary lists every failure. A failure that only means "this role may not do that" and
//! that an option avoids is counted apart, as skipped.
#![warn(missing_docs)]

mod error;
mod load;
mod options;
mod plan;
mod run;
mod session;
mod source;
mod statements;
mod summary;

pub use error::RestoreError;
pub use options::{
    DEFAULT_MAINTENANCE_WORK_MEM, Progress, ProgressEvent, RestoreOptions, SHARED_LOAD_MIN,
};
pub use source::{ArchiveSource, DataStream, Message, Source, SourceError};
pub use summary::{EntryRef, Failure, RestoreSummary};

use std::sync::Arc;

/// Restores an archive; see the crate documentation for the phases.
///
/// Returns the summary also when statements failed (check
/// [`RestoreSummary::errors`]); returns an error when the restore could not run or was
/// stopped (`exit_on_error`).
pub async fn restore_archive(
    options: &RestoreOptions,
    progress: Option<Progress>,
) -> Result<RestoreSummary, RestoreError> {
    let source = ArchiveSource::open(&options.archive)?;
    run::restore(Arc::new(source), options, progress).await
}

/// Restores what `source` holds (its TOC and data) with `options`, whose `archive` is not
/// used: the restore engine over any source, e.g. a live database for `tusk clone`.
pub async fn restore_from(
    source: Arc<dyn Source>,
    options: &RestoreOptions,
    progress: Option<Progress>,
) -> Result<RestoreSummary, RestoreError> {
    run::restore(source, options, progress).await
}
