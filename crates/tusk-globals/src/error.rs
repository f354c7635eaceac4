//! The error type of `tusk-globals`. Each variant carries its context (the object, file or
//! action); causes are kept as `#[source]`. No message ever holds a password hash: a failed
//! statement is named by its object and what it does, not by its text.

use std::path::PathBuf;

/// Why reading, writing or applying globals failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GlobalsError {
    /// The options contradict each other or name something that does not exist.
    #[error("{reason}")]
    InvalidOptions {
        /// What is wrong.
        reason: String,
    },
    /// A role pattern is malformed.
    #[error(transparent)]
    Pattern(#[from] tusk_catalog::pattern::PatternError),
    /// The connection could not be opened.
    #[error("could not connect")]
    Connect {
        /// Why.
        #[source]
        source: Box<tusk_pg::ConnectError>,
    },
    /// A query reading the globals, or a statement of the session itself, failed.
    #[error("could not {action}")]
    Query {
        /// What was being done.
        action: &'static str,
        /// The server's error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// The server reported a version that is not a number.
    #[error("the server reported an unreadable server_version_num \"{value}\"")]
    ServerVersion {
        /// What it said.
        value: String,
    },
    /// A shared object's ACL holds an item that does not parse.
    #[error("could not render the privileges of {object}")]
    Acl {
        /// The object, e.g. `TABLESPACE ts`.
        object: String,
        /// What could not be read.
        #[source]
        source: tusk_catalog::acl::AclParseError,
    },
    /// A statement applying the globals failed for another reason than a lack of privilege:
    /// the restore stops.
    #[error("could not restore {object} ({what})")]
    Apply {
        /// The object, e.g. `role "app"`.
        object: String,
        /// What the statement does, e.g. `ALTER ROLE … WITH attributes`.
        what: String,
        /// The server's error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// The output directory exists and is not empty.
    #[error("output directory \"{}\" exists and is not empty", path.display())]
    DirectoryNotEmpty {
        /// The directory.
        path: PathBuf,
    },
    /// The output path exists and is not a directory.
    #[error("\"{}\" exists and is not a directory", path.display())]
    NotADirectory {
        /// The path.
        path: PathBuf,
    },
    /// A file or directory could not be written.
    #[error("could not write \"{}\"", path.display())]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A globals file could not be read.
    #[error("could not read \"{}\"", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The directory holds no `tusk-globals.json`.
    #[error(
        "\"{}\" holds no tusk-globals.json: not a globals dump (tusk dump --globals-only), or \
         an interrupted one",
        dir.display()
    )]
    Missing {
        /// The directory.
        dir: PathBuf,
    },
    /// `tusk-globals.json` is not valid.
    #[error("\"{}\" is not a valid globals file", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// Where and why (line and column).
        #[source]
        source: serde_json::Error,
    },
    /// `tusk-globals.json` is valid JSON of another format or version.
    #[error("\"{}\" is not a globals file this tusk reads: {reason}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}
