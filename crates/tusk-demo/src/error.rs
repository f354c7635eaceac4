//! Why the demo stopped.

use std::path::PathBuf;

/// An error of [`run`](crate::run) or of one of its parts.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DemoError {
    /// The options contradict each other.
    #[error("{reason}")]
    InvalidOptions {
        /// Which and why.
        reason: &'static str,
    },
    /// No PostgreSQL server installation was found, or the cluster did not start.
    #[error("could not start a local PostgreSQL cluster: {reason}")]
    Cluster {
        /// Why (with installation hints when none was found).
        reason: String,
    },
    /// Connection settings could not be built.
    #[error("invalid connection settings")]
    Settings(#[source] Box<tusk::pg::SettingsError>),
    /// A session could not be opened.
    #[error("could not connect to database \"{database}\"")]
    Connect {
        /// The database.
        database: String,
        /// Why.
        #[source]
        source: Box<tusk::pg::ConnectError>,
    },
    /// A statement of the demo itself failed.
    #[error("could not {action}")]
    Sql {
        /// What the demo was doing.
        action: String,
        /// The server's error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// The catalog of a database could not be read.
    #[error("could not read the catalog of database \"{database}\"")]
    Catalog {
        /// The database.
        database: String,
        /// Why.
        #[source]
        source: Box<tusk_catalog::Error>,
    },
    /// The archive directory could not be created or measured.
    #[error("archive directory \"{}\"", path.display())]
    ArchiveDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The dump failed.
    #[error("dump failed")]
    Dump(#[source] Box<tusk::dump::DumpError>),
    /// The restore could not run.
    #[error("restore failed")]
    Restore(#[source] Box<tusk::restore::RestoreError>),
    /// The restore ran, but statements failed (each one was logged as it failed).
    #[error("restore: {count} statement(s) failed or were skipped, first: {first}")]
    RestoreStatements {
        /// How many.
        count: usize,
        /// The first, as one line.
        first: String,
    },
    /// The restored database is not equal to the sample.
    #[error("the restored database differs from the sample: {}", .report.comparison.differences().join("; "))]
    Mismatch {
        /// The full report, for printing.
        report: Box<crate::DemoReport>,
    },
    /// Ctrl-C.
    #[error("interrupted")]
    Interrupted,
}

impl From<tusk::pg::SettingsError> for DemoError {
    fn from(e: tusk::pg::SettingsError) -> Self {
        Self::Settings(Box::new(e))
    }
}

impl DemoError {
    pub(crate) fn sql(action: impl Into<String>, source: tokio_postgres::Error) -> Self {
        Self::Sql { action: action.into(), source }
    }
}
