//! Errors that stop a restore. A statement that fails is not one of these: it is recorded in
//! [`RestoreSummary::errors`](crate::RestoreSummary) and the restore goes on (unless
//! `exit_on_error`).

use std::path::PathBuf;

use crate::summary::Failure;

/// Why a restore stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RestoreError {
    /// The options contradict each other.
    #[error("{reason}")]
    InvalidOptions {
        /// Which and why.
        reason: String,
    },
    /// The archive cannot be read.
    #[error(transparent)]
    Archive(#[from] tusk_archive::Error),
    /// The archive's `tusk-manifest.json` exists but cannot be used.
    #[error("archive manifest \"{}\": {reason}", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A session to the target could not be opened.
    #[error("could not connect to the target database \"{database}\": {source}")]
    Connect {
        /// The database.
        database: String,
        /// Why.
        #[source]
        source: Box<tusk_pg::ConnectError>,
    },
    /// A statement the restore itself needs (session set-up, a transaction) failed.
    #[error("{action}: {source}")]
    Session {
        /// What the restore was doing.
        action: String,
        /// The server's error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// The target already holds objects the archive creates, and `--clean` was not given.
    #[error(
        "target database \"{database}\" is not empty: it already has {found}; restore into an \
         empty database, or use --clean (with --if-exists) to replace them"
    )]
    TargetNotEmpty {
        /// The database.
        database: String,
        /// What was found, e.g. `table public.t, schema s1 and 3 more`.
        found: String,
    },
    /// A session to the target broke off.
    #[error("lost the connection to the target during {during}")]
    ConnectionLost {
        /// The entry being restored.
        during: String,
    },
    /// `--create`: the archive's database cannot be created on this server's major.
    #[error("could not create database \"{database}\" on PostgreSQL {major}: {reason}")]
    DatabaseNotSupported {
        /// The database.
        database: String,
        /// The target's major version.
        major: i32,
        /// What of the definition the server lacks.
        reason: String,
    },
    /// `--create`: the database could not be created (or dropped first, with `--clean`).
    #[error("could not create database \"{database}\": {source}")]
    CreateDatabase {
        /// The database.
        database: String,
        /// The server's error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// `exit_on_error` (or `single_transaction`) and a statement failed.
    #[error("stopped at the first error (--exit-on-error): {0}")]
    Stopped(Box<Failure>),
}

impl RestoreError {
    pub(crate) fn session(action: impl Into<String>, source: tokio_postgres::Error) -> Self {
        Self::Session { action: action.into(), source }
    }
}
