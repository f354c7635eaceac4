//! What a restore did: counts, and every statement that failed or was skipped.

use std::fmt;
use std::time::Duration;

/// The object a failed statement belonged to: its TOC entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRef {
    /// The dump id (`None` for tusk's own steps, such as ANALYZE).
    pub dump_id: Option<i32>,
    /// The entry type (`TABLE`, `INDEX`, `TABLE DATA`, `ANALYZE`, …).
    pub desc: String,
    /// The schema, if any.
    pub namespace: Option<String>,
    /// The entry's tag (the object's name).
    pub tag: String,
}

impl fmt::Display for EntryRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(id) = self.dump_id {
            write!(f, "entry {id} ")?;
        }
        f.write_str(&self.desc)?;
        match &self.namespace {
            Some(ns) if !ns.is_empty() => write!(f, " {ns}.{}", self.tag),
            _ => write!(f, " {}", self.tag),
        }
    }
}

/// A statement (or data load) that did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Its TOC entry.
    pub entry: EntryRef,
    /// The SQLSTATE, when the server sent one.
    pub sqlstate: Option<String>,
    /// What went wrong: the server's message, or the archive problem.
    pub message: String,
    /// The first line of the statement, when one was sent.
    pub statement: Option<String>,
    /// For a skipped statement: the option that leaves it out (`--no-comments`, `-x`, …).
    pub avoided_by: Option<&'static str>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.entry, self.message)?;
        if let Some(state) = &self.sqlstate {
            write!(f, " (SQLSTATE {state})")?;
        }
        if let Some(flag) = self.avoided_by {
            write!(f, "; avoid with {flag}")?;
        }
        Ok(())
    }
}

/// What [`restore_archive`](crate::restore_archive) did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestoreSummary {
    /// The database restored into.
    pub database: String,
    /// TOC entries run (definitions, data, post-data steps).
    pub entries: usize,
    /// Tables whose data loaded completely.
    pub tables: usize,
    /// Rows loaded.
    pub rows: u64,
    /// Uncompressed data bytes sent to the server.
    pub bytes: u64,
    /// Large objects written.
    pub large_objects: usize,
    /// Tables analyzed.
    pub analyzed: usize,
    /// Relations whose planner statistics were restored (pg_dump 18's STATISTICS DATA
    /// entries that the server took whole); a table among them is not analyzed.
    pub statistics: usize,
    /// Statements that failed; each was reported when it failed.
    pub errors: Vec<Failure>,
    /// Statements the target refused that an option avoids: for lack of privilege, or
    /// pg_dump 18 statistics on an older server (see
    /// [`Failure::avoided_by`]); the rest of the restore is unaffected by them.
    pub skipped: Vec<Failure>,
    /// Wall-clock time.
    pub elapsed: Duration,
}

impl RestoreSummary {
    /// Whether everything ran: no errors and nothing skipped.
    pub fn is_complete(&self) -> bool {
        self.errors.is_empty() && self.skipped.is_empty()
    }
}

/// What kind of statement failed, for the classification of failures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The entry's definition (or data statement).
    Definition,
    /// The `ALTER … OWNER TO` after it.
    Owner,
    /// A `--clean` drop.
    Drop,
    /// Loading data.
    Data,
    /// tusk's own step (ANALYZE, session placement).
    Tusk,
}

/// The option that leaves out a statement the target refused, when the refusal only means
/// the restoring role may not do that (as on managed services) or the server lacks the
/// feature, and leaving it out loses no data. By SQLSTATE, never by message text.
pub(crate) fn avoided_by(
    desc: &str,
    origin: Origin,
    sqlstate: Option<&str>,
) -> Option<&'static str> {
    const INSUFFICIENT_PRIVILEGE: &str = "42501";
    const UNDEFINED_FUNCTION: &str = "42883";
    match sqlstate? {
        INSUFFICIENT_PRIVILEGE if origin == Origin::Owner => Some("-O/--no-owner"),
        INSUFFICIENT_PRIVILEGE if origin == Origin::Definition => match desc {
            "COMMENT" => Some("--no-comments"),
            "ACL" | "DEFAULT ACL" | "ACL LANGUAGE" => Some("-x/--no-privileges"),
            "SECURITY LABEL" => Some("--no-security-labels"),
            "PUBLICATION" | "PUBLICATION TABLE" | "PUBLICATION TABLES IN SCHEMA" => {
                Some("--no-publications")
            }
            "SUBSCRIPTION" | "SUBSCRIPTION TABLE" => Some("--no-subscriptions"),
            "EVENT TRIGGER" => Some("-L (a list without the EVENT TRIGGER entries)"),
            _ => None,
        },
        // pg_dump 18's statistics call functions that older servers lack; ANALYZE
        // computes the statistics instead.
        UNDEFINED_FUNCTION if desc == "STATISTICS DATA" => Some("--no-statistics"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_privilege_refusals_of_metadata_are_skippable() {
        assert_eq!(avoided_by("COMMENT", Origin::Definition, Some("42501")), Some("--no-comments"));
        assert_eq!(
            avoided_by("ACL", Origin::Definition, Some("42501")),
            Some("-x/--no-privileges")
        );
        assert_eq!(avoided_by("TABLE", Origin::Owner, Some("42501")), Some("-O/--no-owner"));
        assert_eq!(
            avoided_by("STATISTICS DATA", Origin::Definition, Some("42883")),
            Some("--no-statistics")
        );
        // Refusing a table, its data or an index loses something: an error.
        assert_eq!(avoided_by("TABLE", Origin::Definition, Some("42501")), None);
        assert_eq!(avoided_by("TABLE DATA", Origin::Data, Some("42501")), None);
        assert_eq!(avoided_by("COMMENT", Origin::Definition, Some("42P01")), None);
        assert_eq!(avoided_by("COMMENT", Origin::Definition, None), None);
        assert_eq!(avoided_by("FUNCTION", Origin::Definition, Some("42883")), None);
    }

    #[test]
    fn failures_name_their_entry() {
        let f = Failure {
            entry: EntryRef {
                dump_id: Some(7),
                desc: "COMMENT".into(),
                namespace: None,
                tag: "EXTENSION hstore".into(),
            },
            sqlstate: Some("42501".into()),
            message: "must be owner of extension hstore".into(),
            statement: None,
            avoided_by: Some("--no-comments"),
        };
        assert_eq!(
            f.to_string(),
            "entry 7 COMMENT EXTENSION hstore: must be owner of extension hstore \
             (SQLSTATE 42501); avoid with --no-comments"
        );
    }
}
