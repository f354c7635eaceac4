//! The error type of `tusk-cluster`: what stops a whole-cluster dump or restore. Each variant
//! carries its context (the folder, file, database or action); causes are kept as
//! `#[source]`. A database whose restore fails is not one of these: it is a
//! [`DatabaseOutcome::Failed`](crate::DatabaseOutcome) of the report, and the others go on.

use std::path::PathBuf;

/// Why `dump_all` or `restore_all` stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClusterError {
    /// The options contradict each other.
    #[error("{reason}")]
    InvalidOptions {
        /// What is wrong.
        reason: String,
    },
    /// An `--exclude-database` pattern is malformed.
    #[error(transparent)]
    Pattern(#[from] tusk_catalog::pattern::PatternError),
    /// The output folder exists and is not empty.
    #[error("output directory \"{}\" exists and is not empty", path.display())]
    OutputNotEmpty {
        /// The folder.
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
    /// A file could not be read.
    #[error("could not read \"{}\"", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The folder holds no `tusk-all.json`.
    #[error(
        "\"{}\" holds no tusk-all.json: not a tusk dump --all folder, or an interrupted one",
        dir.display()
    )]
    NotAnAllDump {
        /// The folder.
        dir: PathBuf,
    },
    /// `tusk-all.json` is not valid JSON of its form.
    #[error("\"{}\" is not a valid tusk-all.json", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// Where and why (line and column).
        #[source]
        source: serde_json::Error,
    },
    /// `tusk-all.json` is valid JSON but not a folder listing this tusk reads.
    #[error("\"{}\" is not a tusk-all.json this tusk reads: {reason}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The cluster connection could not be opened.
    #[error("could not connect to the cluster")]
    Connect {
        /// Why.
        #[source]
        source: Box<tusk_pg::ConnectError>,
    },
    /// A query of the orchestration (the list of databases, …) failed.
    #[error("could not {action}")]
    Query {
        /// What was being done.
        action: &'static str,
        /// The server's error.
        #[source]
        source: tokio_postgres::Error,
    },
    /// Dumping, writing, reading or applying the globals failed.
    #[error("globals")]
    Globals(#[source] tusk_globals::GlobalsError),
    /// A database's dump failed (the folder gets no `tusk-all.json`).
    #[error("could not dump database \"{database}\"{}", others_text(*others))]
    DumpDatabase {
        /// The database.
        database: String,
        /// How many other databases failed too (each was logged).
        others: usize,
        /// Why.
        #[source]
        source: Box<tusk_dump::DumpError>,
    },
    /// Databases of the folder exist on the target and `--clean` was not given.
    #[error(
        "{} already on the target: use --clean to replace {}, or drop {} first",
        exists_text(databases),
        if databases.len() == 1 { "it" } else { "them" },
        if databases.len() == 1 { "it" } else { "them" }
    )]
    DatabasesExist {
        /// Their names.
        databases: Vec<String>,
    },
    /// A task of the orchestration ended abnormally (a panic).
    #[error("internal: {what}")]
    Internal {
        /// What.
        what: String,
    },
}

fn others_text(others: usize) -> String {
    match others {
        0 => String::new(),
        1 => " (and 1 other database, logged above)".to_owned(),
        n => format!(" (and {n} other databases, logged above)"),
    }
}

fn exists_text(databases: &[String]) -> String {
    let names: Vec<String> = databases.iter().map(|d| format!("\"{d}\"")).collect();
    match names.as_slice() {
        [one] => format!("database {one} is"),
        _ => format!("databases {} are", names.join(", ")),
    }
}

impl From<tusk_globals::GlobalsError> for ClusterError {
    fn from(e: tusk_globals::GlobalsError) -> Self {
        Self::Globals(e)
    }
}

/// An error and its causes on one line, each cause once (a cause that an error formats into
/// its own message is not repeated).
pub(crate) fn chain_text(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages() {
        let one = ClusterError::DatabasesExist { databases: vec!["app".to_owned()] };
        assert_eq!(
            one.to_string(),
            "database \"app\" is already on the target: use --clean to replace it, or drop it first"
        );
        let two = ClusterError::DatabasesExist { databases: vec!["a".into(), "b c".into()] };
        assert_eq!(
            two.to_string(),
            "databases \"a\", \"b c\" are already on the target: use --clean to replace them, or \
             drop them first"
        );
        let io = std::io::Error::other("disk full");
        let e = ClusterError::Write { path: "/x/tusk-all.json".into(), source: io };
        assert_eq!(chain_text(&e), "could not write \"/x/tusk-all.json\": disk full");
    }
}
