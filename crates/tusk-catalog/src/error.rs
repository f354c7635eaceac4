//! The crate's error type: every failure names the catalog query (its `.sql` file) or the
//! object it concerns; causes are kept as sources, never formatted into the message.

/// An error reading or rendering the catalog.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A catalog query failed on the server.
    #[error("catalog query {query} failed")]
    Query {
        /// The `.sql` file of the query.
        query: &'static str,
        /// The server or protocol error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// A column of a catalog query had an unexpected type or NULL.
    #[error("unexpected value in column \"{column}\" of catalog query {query}")]
    Column {
        /// The `.sql` file of the query.
        query: &'static str,
        /// The column name.
        column: &'static str,
        /// The conversion error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// [`read_catalog_on`](crate::read_catalog_on) was given no connection.
    #[error("no connection to read the catalog on")]
    NoClient,
    /// The server's major version is outside 13–18.
    #[error("unsupported server version {version} (tusk reads servers 13 to 18)")]
    UnsupportedServer {
        /// `server_version_num`.
        version: i32,
    },
    /// The catalog contradicted itself (e.g. a column default of a column that does not
    /// exist); catalog rows never cause a panic.
    #[error("{kind} \"{name}\" refers to a missing {what}")]
    Inconsistent {
        /// The kind of object being read.
        kind: &'static str,
        /// Its name.
        name: String,
        /// What it refers to.
        what: String,
    },
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
