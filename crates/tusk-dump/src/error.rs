//! The dump engine's error type.
//!
//! Every variant carries its context (which connection, table, dump id or file); causes are
//! kept as `#[source]` and never formatted into the message. Server errors are classified by
//! SQLSTATE ([`tusk_pg::SqlState`]), never by message text.

use std::fmt;
use std::path::PathBuf;

use tusk_pg::SqlState;

/// Which connection of the dump an error happened on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The snapshot leader (exports the snapshot, takes the table locks).
    Leader,
    /// Worker number `n` (from 0), which imports the snapshot and runs COPY.
    Worker(usize),
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Leader => f.write_str("leader"),
            Self::Worker(n) => write!(f, "worker {n}"),
        }
    }
}

/// An error of the dump engine.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DumpError {
    /// The options make no sense (e.g. zero jobs, lz4 output).
    #[error("invalid dump options: {reason}")]
    InvalidOptions {
        /// What is wrong.
        reason: &'static str,
    },
    /// A connection could not be opened.
    #[error("could not connect the {role} session")]
    Connect {
        /// The connection.
        role: Role,
        /// The cause (boxed: it holds every attempt).
        #[source]
        source: Box<tusk_pg::ConnectError>,
    },
    /// A session statement (settings, BEGIN, snapshot export, COMMIT) failed.
    #[error("could not {action} on the {role} session")]
    Session {
        /// The connection.
        role: Role,
        /// What was being done.
        action: &'static str,
        /// The server error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// The server reported a `server_version_num` that is not a number.
    #[error("the server reported an unreadable server_version_num {value:?}")]
    ServerVersion {
        /// The value as reported.
        value: String,
    },
    /// `SET TRANSACTION SNAPSHOT` failed (unknown or expired snapshot id, or the exporting
    /// transaction ended).
    #[error("the {role} session could not import snapshot {snapshot:?}")]
    SnapshotImport {
        /// The connection.
        role: Role,
        /// The snapshot id.
        snapshot: String,
        /// The server error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// A table to lock or dump does not exist (any more): SQLSTATE 42P01.
    #[error("table {table} does not exist (dropped while the dump started?)")]
    TableMissing {
        /// The qualified table name.
        table: String,
        /// The server error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// The leader timed out waiting for a table lock (the lock-wait timeout, SQLSTATE 57014 or
    /// 55P03): another session holds a conflicting lock.
    #[error("timed out waiting for a lock on table {table}")]
    LockTimeout {
        /// The qualified table name.
        table: String,
        /// The server error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// A worker's `LOCK TABLE … NOWAIT` failed (SQLSTATE 55P03): another session is waiting
    /// for an exclusive lock on the table, behind the leader's lock.
    #[error(
        "could not lock table {table} (dump id {dump_id}) in the {role} session: another \
         session is waiting for an exclusive lock on it"
    )]
    LockNotAvailable {
        /// The connection.
        role: Role,
        /// The qualified table name.
        table: String,
        /// The TABLE DATA dump id.
        dump_id: i32,
        /// The server error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// Another lock failure (e.g. permission denied).
    #[error("could not lock table {table}")]
    Lock {
        /// The qualified table name.
        table: String,
        /// The server error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// COPY of a table (or of one of its ctid ranges) failed on the server or connection.
    #[error("could not copy table {table} (dump id {dump_id}{})", RangeSuffix(*range))]
    Copy {
        /// The qualified table name.
        table: String,
        /// The TABLE DATA dump id.
        dump_id: i32,
        /// The ctid range number, for a split table.
        range: Option<usize>,
        /// The server or connection error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// Writing a data file (or a range's part file) failed.
    #[error("could not write data file {file} of table {table} (dump id {dump_id})")]
    Write {
        /// The qualified table name.
        table: String,
        /// The TABLE DATA dump id.
        dump_id: i32,
        /// The data file (as named in the TOC).
        file: String,
        /// The archive error (names the path; boxed, it is large).
        #[source]
        source: Box<tusk_archive::Error>,
    },
    /// Joining the range part files of a split table into its data file failed.
    #[error("could not assemble data file {} of table {table} (dump id {dump_id})", path.display())]
    Assemble {
        /// The qualified table name.
        table: String,
        /// The TABLE DATA dump id.
        dump_id: i32,
        /// The file being read or written.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A task of the engine panicked or was aborted.
    #[error("a task of the dump engine ({what}) stopped unexpectedly")]
    Task {
        /// Which task.
        what: String,
        /// The cause.
        #[source]
        source: tokio::task::JoinError,
    },
    /// The work was cancelled because another worker failed. The dump as a whole returns that
    /// first error, not this one.
    #[error("cancelled because another part of the dump failed")]
    Cancelled,
    /// A name pattern is malformed (`-n`, `-t`, …).
    #[error("invalid pattern \"{pattern}\": {reason}")]
    Pattern {
        /// The pattern as given.
        pattern: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// With `--strict-names`, an include pattern matched nothing.
    #[error("no matching {what}s were found for pattern \"{pattern}\"")]
    NoMatch {
        /// `schema` or `table`.
        what: &'static str,
        /// The pattern as given.
        pattern: String,
    },
    /// The include patterns of one kind (`-n`, `-t`) matched nothing at all: as pg_dump,
    /// a dump of nothing is refused.
    #[error("no matching {what}s were found")]
    NothingMatched {
        /// `schema` or `table`.
        what: &'static str,
    },
    /// Reading the catalog failed.
    #[error("could not read the catalog")]
    Catalog {
        /// The catalog error.
        #[source]
        source: tusk_catalog::Error,
    },
    /// Creating or finishing the archive failed.
    #[error("could not {action}")]
    Archive {
        /// What was being done.
        action: &'static str,
        /// The archive error (names the path; boxed, it is large).
        #[source]
        source: Box<tusk_archive::Error>,
    },
    /// Reading a large object failed on the server or connection.
    #[error("could not read large object {oid}")]
    LargeObjectRead {
        /// The large object's OID.
        oid: u32,
        /// The server or connection error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// Reading the first bytes of a batch of large objects failed on the server or
    /// connection (the server's message names the object).
    #[error("could not read large objects {first} to {last}")]
    LargeObjectsRead {
        /// The batch's first OID.
        first: u32,
        /// Its last OID.
        last: u32,
        /// The server or connection error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// Writing a large object's data file failed.
    #[error("could not write the data file of large object {oid}")]
    LargeObjectWrite {
        /// The large object's OID.
        oid: u32,
        /// The archive error (names the path; boxed, it is large).
        #[source]
        source: Box<tusk_archive::Error>,
    },
    /// The ACL of the dumped database or of a large object holds an item that does not
    /// parse.
    #[error("could not render the privileges of {object}")]
    Acl {
        /// The object, e.g. `DATABASE app`, `LARGE OBJECT 16384`.
        object: String,
        /// What could not be read.
        #[source]
        source: tusk_catalog::acl::AclParseError,
    },
    /// The manifest could not be written (the archive error names the file and the cause).
    #[error(transparent)]
    Manifest {
        /// The archive error (boxed, it is large).
        source: Box<tusk_archive::Error>,
    },
}

struct RangeSuffix(Option<usize>);

impl fmt::Display for RangeSuffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(n) => write!(f, ", ctid range {n}"),
            None => Ok(()),
        }
    }
}

impl DumpError {
    /// The SQLSTATE of the server error behind this error, if there is one.
    pub fn sql_state(&self) -> Option<&SqlState> {
        match self {
            Self::Session { source, .. }
            | Self::SnapshotImport { source, .. }
            | Self::TableMissing { source, .. }
            | Self::LockTimeout { source, .. }
            | Self::LockNotAvailable { source, .. }
            | Self::Lock { source, .. }
            | Self::Copy { source, .. }
            | Self::LargeObjectRead { source, .. }
            | Self::LargeObjectsRead { source, .. } => source.code(),
            Self::Connect { source, .. } => source.code(),
            Self::Catalog {
                source:
                    tusk_catalog::Error::Query { source, .. }
                    | tusk_catalog::Error::Column { source, .. },
            } => source.code(),
            _ => None,
        }
    }

    /// The qualified name of the table this error is about, if any.
    pub fn table(&self) -> Option<&str> {
        match self {
            Self::TableMissing { table, .. }
            | Self::LockTimeout { table, .. }
            | Self::LockNotAvailable { table, .. }
            | Self::Lock { table, .. }
            | Self::Copy { table, .. }
            | Self::Write { table, .. }
            | Self::Assemble { table, .. } => Some(table),
            _ => None,
        }
    }

    /// Whether this is [`DumpError::Cancelled`].
    pub fn is_cancelled(&self) -> bool {
        matches!(self, Self::Cancelled)
    }
}

/// Classifies a failed `LOCK TABLE` of the leader by SQLSTATE.
pub(crate) fn leader_lock_error(table: String, source: tokio_postgres::Error) -> DumpError {
    match source.code() {
        Some(code) if *code == SqlState::UNDEFINED_TABLE => {
            DumpError::TableMissing { table, source }
        }
        Some(code)
            if *code == SqlState::QUERY_CANCELED || *code == SqlState::LOCK_NOT_AVAILABLE =>
        {
            DumpError::LockTimeout { table, source }
        }
        _ => DumpError::Lock { table, source },
    }
}

/// Classifies a failed `LOCK TABLE … NOWAIT` of a worker by SQLSTATE.
pub(crate) fn worker_lock_error(
    role: Role,
    table: String,
    dump_id: i32,
    source: tokio_postgres::Error,
) -> DumpError {
    match source.code() {
        Some(code) if *code == SqlState::UNDEFINED_TABLE => {
            DumpError::TableMissing { table, source }
        }
        Some(code) if *code == SqlState::LOCK_NOT_AVAILABLE => {
            DumpError::LockNotAvailable { role, table, dump_id, source }
        }
        _ => DumpError::Lock { table, source },
    }
}
