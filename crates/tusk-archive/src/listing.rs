//! The table-of-contents listing, in the exact text format of `pg_restore -l`.
//!
//! A user edits this listing (comments out or reorders lines) and feeds it back with `-L`, so
//! the format is an interface, not decoration: each selected entry is one line
//! `<dumpId>; <tableoid> <oid> <desc> <namespace> <tag> <owner>`, after a header of `;`
//! comment lines.
//!
//! Which pg_restore the text follows: pg_restore 18's, the newest, for every archive version.
//! The one line that differs from older pg_restores is the header's compression, printed as
//! the algorithm's name (`Compression: gzip`; a 1.14 archive's level 0 is `none`, any other
//! level `gzip`) where pg_restore 15 printed the 1.14 header's level (`Compression: -1`).
//!
//! Which entries appear: those pg_restore would restore with no selection options (see
//! [`Selection`]): the ENCODING, STDSTRINGS and SEARCHPATH entries never appear; DATABASE and
//! DATABASE PROPERTIES entries, and comments, ACLs and security labels on the database, appear
//! only with `--create`; entries without a definition and without data do not appear. The
//! selection options of pg_restore 15 (`--section`, `-n/-N/-t/-I/-P/-T`, `-x`, `--no-*`, `-L`)
//! narrow this exactly as there; `-L` also reorders ([`Selection::requirements`]).
//!
//! Deliberate difference: pg_restore prints the creation time converted through the listing
//! host's time zone with its abbreviation. The archive records only the wall-clock fields of the
//! dumping host, so this listing prints those as stored, without a zone name.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use crate::model::{Header, Section, Toc, TocEntry};

/// Options that change which entries a listing (and a restore) selects, with pg_restore 15's
/// meaning. The default selects what pg_restore selects with no options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `-C/--create`: DATABASE entries and database comments/ACLs are selected.
    pub create: bool,
    /// `-s/--schema-only`: only entries with a schema part.
    pub schema_only: bool,
    /// `-a/--data-only`: only entries with a data part.
    pub data_only: bool,
    /// `--no-statistics` (pg_restore 18): STATISTICS DATA entries are not selected.
    pub no_statistics: bool,
    /// `--section` (repeatable): only entries of these sections; empty means all. A
    /// SECTION_NONE entry counts as the section of the entry before it (in restore order).
    pub sections: Vec<Section>,
    /// `-n/--schema` (repeatable, exact names): only objects in these schemas; objects without
    /// a schema are not selected.
    pub schemas: Vec<String>,
    /// `-N/--exclude-schema` (repeatable, exact names): no objects in these schemas.
    pub exclude_schemas: Vec<String>,
    /// `-t/--table` (repeatable, exact tags): tables, views, materialized views, foreign
    /// tables, sequences and their data.
    pub tables: Vec<String>,
    /// `-I/--index` (repeatable, exact tags).
    pub indexes: Vec<String>,
    /// `-P/--function` (repeatable, exact tags such as `f(integer)`): functions, aggregates
    /// and procedures.
    pub functions: Vec<String>,
    /// `-T/--trigger` (repeatable, exact tags).
    pub triggers: Vec<String>,
    /// `-x/--no-privileges`: no ACL, ACL LANGUAGE or DEFAULT ACL entries.
    pub no_privileges: bool,
    /// `--no-comments`: no COMMENT entries.
    pub no_comments: bool,
    /// `--no-publications`: no publications, their tables and schemas, comments and labels.
    pub no_publications: bool,
    /// `--no-subscriptions`: no subscriptions, their comments and labels.
    pub no_subscriptions: bool,
    /// `--no-security-labels`: no SECURITY LABEL entries.
    pub no_security_labels: bool,
    /// `-L/--use-list`: only the listed entries, in the list's order.
    pub use_list: Option<UseList>,
}

/// What an entry would contribute to a restore (pg_restore's `REQ_*` bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Requirement {
    /// The entry has a schema part that would be restored.
    pub schema: bool,
    /// The entry has a data part that would be restored.
    pub data: bool,
    /// The entry restores planner statistics (pg_dump 18 `STATISTICS DATA`).
    pub statistics: bool,
    /// One of the entries restored specially at connection start (ENCODING, STDSTRINGS,
    /// SEARCHPATH).
    pub special: bool,
}

impl Requirement {
    /// Whether the entry is selected: it has a schema, data or statistics part to restore.
    pub fn is_selected(self) -> bool {
        self.schema || self.data || self.statistics
    }

    /// Whether no bit is set (pg_restore's `reqs == 0`; a special entry counts as marked).
    fn is_none(self) -> bool {
        !self.is_selected() && !self.special
    }
}

/// Whether a tag names a large object (or a group of them, in 1.16 archives).
pub fn is_large_object_tag(tag: &str) -> bool {
    tag.starts_with("LARGE OBJECT ") || tag.starts_with("LARGE OBJECTS ")
}

/// The kind of object a STATISTICS DATA entry (pg_dump 18) holds the statistics of, as
/// pg_restore 18's object-type options see it: the type of the entry it depends on (TABLE,
/// INDEX, MATERIALIZED VIEW, …), whether or not that entry is restored. `-t` selects the
/// statistics of a table by name, `-I` those of an index; `-n`/`-N` go by the entry's own
/// schema, and `-L` by its own line.
fn statistics_kind<'t>(entry: &TocEntry, descs: &Descs<'t>) -> Option<&'t str> {
    if entry.desc != "STATISTICS DATA" {
        return None;
    }
    Some(
        entry
            .dependencies
            .iter()
            .filter_map(|id| descs.get(id).copied())
            .find(|d| *d != "ACL")
            .unwrap_or("STATISTICS DATA"),
    )
}

/// Whether an entry is a privilege entry (pg_restore's `_tocEntryIsACL`).
fn is_acl(desc: &str) -> bool {
    matches!(desc, "ACL" | "ACL LANGUAGE" | "DEFAULT ACL")
}

/// The requirements of entries already decided, by dump id, for the parent rule of comments,
/// ACLs and security labels.
type Decided<'t> = BTreeMap<i32, (&'t str, Requirement)>;

/// Every entry's type, by dump id.
type Descs<'t> = BTreeMap<i32, &'t str>;

impl Selection {
    /// Whether an object-type option (`-t`, `-I`, `-P`, `-T`) was given (`selTypes`).
    fn selects_types(&self) -> bool {
        !(self.tables.is_empty()
            && self.indexes.is_empty()
            && self.functions.is_empty()
            && self.triggers.is_empty())
    }

    /// Whether the restore is selective: COMMENT, ACL and SECURITY LABEL entries then follow
    /// their parent object.
    fn is_selective(&self) -> bool {
        !self.schemas.is_empty() || !self.exclude_schemas.is_empty() || self.selects_types()
    }

    /// What `entry` contributes to a restore with these options, taken alone: its own section
    /// (SECTION_NONE counts as pre-data) and, in a selective restore, no parent restored.
    /// [`Selection::requirements`] gives the requirement in the context of the whole TOC.
    pub fn requirement(&self, entry: &TocEntry) -> Requirement {
        let section = if entry.section == Section::None { Section::PreData } else { entry.section };
        self.requirement_in(entry, section, &BTreeMap::new(), &BTreeMap::new())
    }

    /// pg_restore's `_tocEntryRequired` for `entry` in `section`, given the entries decided
    /// before it.
    fn requirement_in(
        &self,
        entry: &TocEntry,
        section: Section,
        decided: &Decided<'_>,
        descs: &Descs<'_>,
    ) -> Requirement {
        const NONE: Requirement =
            Requirement { schema: false, data: false, statistics: false, special: false };
        let desc = entry.desc.as_str();
        let tag = entry.tag.as_deref().unwrap_or("");
        if matches!(desc, "ENCODING" | "STDSTRINGS" | "SEARCHPATH") {
            return Requirement { special: true, ..NONE };
        }
        if matches!(desc, "DATABASE" | "DATABASE PROPERTIES") {
            return Requirement { schema: self.create, ..NONE };
        }
        let comment_like = matches!(desc, "ACL" | "COMMENT" | "SECURITY LABEL");
        if comment_like && tag.starts_with("DATABASE ") && !self.create {
            return NONE;
        }
        let statistics = desc == "STATISTICS DATA";
        if statistics && (self.no_statistics || self.schema_only || self.data_only) {
            return NONE;
        }
        // Exclusions of whole classes of entries.
        if self.no_privileges && is_acl(desc) {
            return NONE;
        }
        if self.no_comments && desc == "COMMENT" {
            return NONE;
        }
        if matches!(desc, "COMMENT" | "SECURITY LABEL")
            && ((self.no_publications && tag.starts_with("PUBLICATION"))
                || (self.no_subscriptions && tag.starts_with("SUBSCRIPTION")))
        {
            return NONE;
        }
        if self.no_publications
            && matches!(desc, "PUBLICATION" | "PUBLICATION TABLE" | "PUBLICATION TABLES IN SCHEMA")
        {
            return NONE;
        }
        if self.no_security_labels && desc == "SECURITY LABEL" {
            return NONE;
        }
        if self.no_subscriptions && desc == "SUBSCRIPTION" {
            return NONE;
        }
        if section == Section::None
            || !(self.sections.is_empty() || self.sections.contains(&section))
        {
            return NONE;
        }
        if let Some(list) = &self.use_list
            && !list.contains(entry.dump_id)
        {
            return NONE;
        }
        if comment_like {
            // Database comments/ACLs react to --create only (handled above). Otherwise, in a
            // selective restore, these follow a parent already marked for restore (not an
            // ACL: column ACLs also depend on their table's ACL).
            if !tag.starts_with("DATABASE ") && self.is_selective() {
                let has_parent = entry.dependencies.iter().any(|id| {
                    decided.get(id).is_some_and(|&(pdesc, req)| pdesc != "ACL" && !req.is_none())
                });
                if !has_parent {
                    return NONE;
                }
            }
        } else if !self.standalone_selected(
            statistics_kind(entry, descs).unwrap_or(desc),
            tag,
            entry.namespace.as_deref(),
        ) {
            return NONE;
        }
        if desc == "<Init>" && tag == "Max OID" {
            return NONE;
        }
        if statistics {
            return Requirement { statistics: true, ..NONE };
        }
        let (mut schema, mut data) = (true, true);
        if !entry.had_dumper {
            let data_kind = matches!(desc, "SEQUENCE SET" | "BLOB" | "BLOB METADATA")
                || (comment_like && is_large_object_tag(tag));
            if data_kind {
                schema = false;
            } else {
                data = false;
            }
        }
        let defn = entry.defn.as_deref().unwrap_or("");
        if defn.is_empty() || defn.starts_with("-- load via partition root ") {
            schema = false;
        }
        if self.schema_only {
            data = false;
        }
        if self.data_only {
            schema = false;
        }
        Requirement { schema, data, statistics: false, special: false }
    }

    /// The schema and object-type rules for entries other than comments, ACLs and labels.
    fn standalone_selected(&self, desc: &str, tag: &str, namespace: Option<&str>) -> bool {
        if !self.schemas.is_empty()
            && !namespace.is_some_and(|n| self.schemas.iter().any(|s| s == n))
        {
            return false;
        }
        if namespace.is_some_and(|n| self.exclude_schemas.iter().any(|s| s == n)) {
            return false;
        }
        if !self.selects_types() {
            return true;
        }
        let names = match desc {
            "TABLE"
            | "TABLE DATA"
            | "VIEW"
            | "FOREIGN TABLE"
            | "MATERIALIZED VIEW"
            | "MATERIALIZED VIEW DATA"
            | "SEQUENCE"
            | "SEQUENCE SET" => &self.tables,
            "INDEX" => &self.indexes,
            "FUNCTION" | "AGGREGATE" | "PROCEDURE" => &self.functions,
            "TRIGGER" => &self.triggers,
            _ => return false,
        };
        names.iter().any(|n| n == tag)
    }

    /// Every entry in restore order, with its section and requirement, computed in one pass
    /// as pg_restore does. The order is the file's, except with a use list (`-L`): then the
    /// entries not listed come first (in file order, none selected) and the listed ones follow
    /// in the list's order. A SECTION_NONE entry takes the section of the entry before it in
    /// that order. In a selective restore a COMMENT, ACL or SECURITY LABEL is selected only
    /// if a parent before it is.
    pub fn requirements<'t>(&self, toc: &'t Toc) -> Vec<(&'t TocEntry, Section, Requirement)> {
        let mut decided: Decided<'t> = BTreeMap::new();
        let descs: Descs<'t> = toc.entries.iter().map(|e| (e.dump_id, e.desc.as_str())).collect();
        let mut current = Section::PreData;
        let mut out = Vec::with_capacity(toc.entries.len());
        for e in self.restore_order(toc) {
            if e.section != Section::None {
                current = e.section;
            }
            let req = self.requirement_in(e, current, &decided, &descs);
            decided.insert(e.dump_id, (e.desc.as_str(), req));
            out.push((e, current, req));
        }
        out
    }

    /// The entries in restore order (see [`Selection::requirements`]).
    fn restore_order<'t>(&self, toc: &'t Toc) -> Vec<&'t TocEntry> {
        let Some(list) = &self.use_list else {
            return toc.entries.iter().collect();
        };
        let by_id: BTreeMap<i32, &TocEntry> = toc.entries.iter().map(|e| (e.dump_id, e)).collect();
        let mut order: Vec<&TocEntry> =
            toc.entries.iter().filter(|e| !list.contains(e.dump_id)).collect();
        order.extend(list.ids.iter().filter_map(|id| by_id.get(id).copied()));
        order
    }
}

/// A parsed `-L/--use-list` file: the dump ids of the wanted entries, in the file's order.
///
/// Each line holds a dump id at its start (after optional white space and sign, as `strtol`
/// reads it); everything from the first `;` on is a comment, and blank lines are skipped, so a
/// `pg_restore -l` listing reads back as is. pg_restore warns about and skips a line without a
/// valid id, or with an id seen before or beyond the archive's; tusk refuses such a list
/// ([`UseListError`]) instead, so that an edit mistake cannot silently drop an entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UseList {
    /// The wanted dump ids, in order, each once.
    ids: Vec<i32>,
    /// The line of each id, for messages.
    lines: Vec<usize>,
    /// The same ids, for lookup.
    wanted: BTreeSet<i32>,
}

/// A line of a use list that does not name an entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}: \"{text}\"")]
pub struct UseListError {
    /// The line number, from 1.
    pub line: usize,
    /// The line, without its comment and surrounding white space.
    pub text: String,
    /// What is wrong with it.
    pub problem: UseListProblem,
}

/// What is wrong with a use-list line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UseListProblem {
    /// The line does not start with a dump id.
    #[error("no dump id at the start of the line")]
    NotAnId,
    /// The id is zero, negative or too large.
    #[error("dump id out of range")]
    OutOfRange,
    /// An earlier line lists the same id.
    #[error("dump id listed twice")]
    Duplicate,
    /// The archive has no entry with this id.
    #[error("no entry with this dump id in the archive")]
    NoSuchEntry,
}

impl UseList {
    /// Parses the text of a use-list file.
    pub fn parse(text: &str) -> Result<UseList, UseListError> {
        let mut list = UseList::default();
        for (i, raw) in text.split_inclusive('\n').enumerate() {
            let line = i + 1;
            let body = raw.split(';').next().unwrap_or("");
            if body.chars().all(|c| matches!(c, ' ' | '\t' | '\r' | '\n')) {
                continue;
            }
            let err = |problem| UseListError { line, text: body.trim().to_owned(), problem };
            let id = parse_leading_int(body).ok_or_else(|| err(UseListProblem::NotAnId))?;
            let id = i32::try_from(id)
                .ok()
                .filter(|&id| id > 0)
                .ok_or_else(|| err(UseListProblem::OutOfRange))?;
            if !list.wanted.insert(id) {
                return Err(err(UseListProblem::Duplicate));
            }
            list.ids.push(id);
            list.lines.push(line);
        }
        Ok(list)
    }

    /// The wanted dump ids, in the list's order.
    pub fn ids(&self) -> &[i32] {
        &self.ids
    }

    /// Whether the list wants the entry with this dump id.
    pub fn contains(&self, dump_id: i32) -> bool {
        self.wanted.contains(&dump_id)
    }

    /// Checks that every listed id names an entry of `toc` (pg_restore stops at an id within
    /// the archive's range that has no entry).
    pub fn check(&self, toc: &Toc) -> Result<(), UseListError> {
        let ids: BTreeSet<i32> = toc.entries.iter().map(|e| e.dump_id).collect();
        match self.ids.iter().zip(&self.lines).find(|(id, _)| !ids.contains(id)) {
            None => Ok(()),
            Some((id, &line)) => Err(UseListError {
                line,
                text: id.to_string(),
                problem: UseListProblem::NoSuchEntry,
            }),
        }
    }
}

/// The integer at the start of `s` as C's `strtol` reads it (leading white space, an optional
/// sign, decimal digits; the rest ignored), saturating like `strtol`, or `None` without digits.
fn parse_leading_int(s: &str) -> Option<i64> {
    let s = s.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let value: i64 = rest[..digits].parse().unwrap_or(i64::MAX);
    Some(if negative { -value } else { value })
}

/// Replaces line breaks so that every name stays on its entry's line (pg_restore does the same).
fn one_line(s: Option<&str>, null_as_hyphen: bool) -> String {
    match s {
        None => if null_as_hyphen { "-" } else { "" }.to_owned(),
        Some(s) => s.replace(['\n', '\r'], " "),
    }
}

fn compression_text(header: &Header) -> String {
    header.compression.algorithm().name().to_owned()
}

fn format_name(format: u8) -> &'static str {
    match format {
        1 => "CUSTOM",
        // The directory format stores the tar code; pg_restore prints the format it opened,
        // which for a directory is DIRECTORY.
        3 | 5 => "DIRECTORY",
        _ => "UNKNOWN",
    }
}

/// Writes the listing of `toc` in `pg_restore -l` format.
pub fn write_listing(toc: &Toc, selection: &Selection, out: &mut dyn Write) -> io::Result<()> {
    let h = &toc.header;
    let t = h.created;
    writeln!(out, ";")?;
    writeln!(
        out,
        "; Archive created at {:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        i64::from(t.year) + 1900,
        i64::from(t.mon) + 1,
        t.mday,
        t.hour,
        t.min,
        t.sec
    )?;
    writeln!(out, ";     dbname: {}", one_line(h.dbname.as_deref(), false))?;
    writeln!(out, ";     TOC Entries: {}", toc.entries.len())?;
    writeln!(out, ";     Compression: {}", compression_text(h))?;
    writeln!(out, ";     Dump Version: {}.{}-{}", h.version.major, h.version.minor, h.version.rev)?;
    writeln!(out, ";     Format: {}", format_name(h.format))?;
    writeln!(out, ";     Integer: {} bytes", h.int_size)?;
    writeln!(out, ";     Offset: {} bytes", h.off_size)?;
    if let Some(v) = &h.server_version {
        writeln!(out, ";     Dumped from database version: {v}")?;
    }
    if let Some(v) = &h.dump_version {
        writeln!(out, ";     Dumped by pg_dump version: {v}")?;
    }
    writeln!(out, ";\n;\n; Selected TOC Entries:\n;")?;
    for (e, _section, req) in selection.requirements(toc) {
        if req.is_selected() {
            writeln!(out, "{}", entry_line(e))?;
        }
    }
    Ok(())
}

/// One entry's line, as `pg_restore -l` prints it and `-L` reads it.
pub fn entry_line(e: &TocEntry) -> String {
    format!(
        "{}; {} {} {} {} {} {}",
        e.dump_id,
        e.table_oid,
        e.oid,
        e.desc,
        one_line(e.namespace.as_deref(), true),
        one_line(e.tag.as_deref(), false),
        one_line(e.owner.as_deref(), false)
    )
}

/// The listing as a string.
pub fn listing(toc: &Toc, selection: &Selection) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_listing(toc, selection, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Algorithm, ArchiveVersion, CreationTime, HeaderCompression};

    fn entry(dump_id: i32, desc: &str, tag: &str, defn: Option<&str>) -> TocEntry {
        TocEntry {
            tag: Some(tag.to_owned()),
            defn: defn.map(str::to_owned),
            owner: Some("alice".to_owned()),
            ..TocEntry::new(dump_id, desc, Section::PreData)
        }
    }

    fn toc(version: ArchiveVersion, compression: HeaderCompression, entries: Vec<TocEntry>) -> Toc {
        Toc {
            header: Header {
                version,
                int_size: 4,
                off_size: 8,
                format: 3,
                compression,
                created: CreationTime {
                    sec: 5,
                    min: 4,
                    hour: 3,
                    mday: 2,
                    mon: 0,
                    year: 126,
                    isdst: 0,
                },
                dbname: Some("db".to_owned()),
                server_version: Some("15.18".to_owned()),
                dump_version: Some("15.18".to_owned()),
            },
            entries,
        }
    }

    #[test]
    fn header_follows_pg_restore_18() {
        let t = toc(ArchiveVersion::V1_14, HeaderCompression::Level(-1), vec![]);
        let text = listing(&t, &Selection::default());
        assert!(
            text.starts_with(";\n; Archive created at 2026-01-02 03:04:05\n;     dbname: db\n")
        );
        assert!(text.contains(";     Compression: gzip\n;     Dump Version: 1.14-0\n"));
        let t = toc(ArchiveVersion::V1_14, HeaderCompression::Level(0), vec![]);
        assert!(listing(&t, &Selection::default()).contains(";     Compression: none\n"));
        assert!(text.ends_with(";\n;\n; Selected TOC Entries:\n;\n"));
        let t = toc(ArchiveVersion::V1_16, HeaderCompression::Algorithm(Algorithm::Zstd), vec![]);
        assert!(listing(&t, &Selection::default()).contains(";     Compression: zstd\n"));
    }

    #[test]
    fn special_and_database_entries_are_not_listed_without_create() {
        let entries = vec![
            entry(10, "ENCODING", "ENCODING", Some("SET client_encoding = 'UTF8';\n")),
            entry(11, "DATABASE", "db", Some("CREATE DATABASE db;\n")),
            entry(12, "COMMENT", "DATABASE db", Some("COMMENT ON DATABASE db IS 'x';\n")),
            entry(13, "SCHEMA", "s", Some("CREATE SCHEMA s;\n")),
            entry(14, "SCHEMA", "public", None),
        ];
        let t = toc(ArchiveVersion::V1_14, HeaderCompression::Level(0), entries);
        let text = listing(&t, &Selection::default());
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with(';')).collect();
        assert_eq!(lines, ["13; 0 0 SCHEMA - s alice"]);
        let text = listing(&t, &Selection { create: true, ..Selection::default() });
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with(';')).collect();
        assert_eq!(
            lines,
            [
                "11; 0 0 DATABASE - db alice",
                "12; 0 0 COMMENT - DATABASE db alice",
                "13; 0 0 SCHEMA - s alice"
            ]
        );
    }

    #[test]
    fn data_entries_and_names_with_line_breaks() {
        let mut data = entry(20, "TABLE DATA", "a\nb", None);
        data.had_dumper = true;
        data.namespace = Some("s".to_owned());
        let seq = entry(21, "SEQUENCE SET", "q", Some("SELECT setval('q', 1);\n"));
        let lo_comment =
            entry(22, "COMMENT", "LARGE OBJECT 5", Some("COMMENT ON LARGE OBJECT 5 IS '';"));
        let mut no_owner = entry(23, "EXTENSION", "hstore", Some("CREATE EXTENSION hstore;\n"));
        no_owner.owner = None;
        let t = toc(
            ArchiveVersion::V1_14,
            HeaderCompression::Level(0),
            vec![data, seq, lo_comment, no_owner],
        );
        let text = listing(&t, &Selection::default());
        assert!(text.contains("\n20; 0 0 TABLE DATA s a b alice\n"));
        assert!(text.contains("\n21; 0 0 SEQUENCE SET - q alice\n"));
        assert!(text.contains("\n22; 0 0 COMMENT - LARGE OBJECT 5 alice\n"));
        assert!(text.ends_with("\n23; 0 0 EXTENSION - hstore \n"));
        let schema = listing(&t, &Selection { schema_only: true, ..Selection::default() });
        assert!(!schema.contains("TABLE DATA") && !schema.contains("SEQUENCE SET"));
        assert!(schema.contains("EXTENSION"));
        let data = listing(&t, &Selection { data_only: true, ..Selection::default() });
        assert!(data.contains("TABLE DATA") && !data.contains("EXTENSION"));
    }

    #[test]
    fn large_object_group_acls_are_data() {
        // pg_dump 17+ writes one ACL for a group of large objects with identical ACLs.
        let acl =
            entry(40, "ACL", "LARGE OBJECTS 1..3", Some("GRANT SELECT ON LARGE OBJECT 1 TO a;"));
        let t =
            toc(ArchiveVersion::V1_16, HeaderCompression::Algorithm(Algorithm::None), vec![acl]);
        let schema = listing(&t, &Selection { schema_only: true, ..Selection::default() });
        assert!(!schema.contains("LARGE OBJECTS"));
        let data = listing(&t, &Selection { data_only: true, ..Selection::default() });
        assert!(data.contains("\n40; 0 0 ACL - LARGE OBJECTS 1..3 alice\n"));
    }

    #[test]
    fn statistics_entries_follow_pg_restore_18() {
        let stats = entry(30, "STATISTICS DATA", "t", Some("SELECT pg_restore_relation_stats();"));
        let t =
            toc(ArchiveVersion::V1_16, HeaderCompression::Algorithm(Algorithm::None), vec![stats]);
        assert!(
            listing(&t, &Selection::default()).contains("\n30; 0 0 STATISTICS DATA - t alice\n")
        );
        let none = Selection { no_statistics: true, ..Selection::default() };
        assert!(!listing(&t, &none).contains("STATISTICS DATA"));
    }

    fn ids(text: &str) -> Vec<i32> {
        UseList::parse(text).unwrap().ids().to_vec()
    }

    fn problem(text: &str) -> (usize, UseListProblem) {
        let e = UseList::parse(text).unwrap_err();
        (e.line, e.problem)
    }

    #[test]
    fn use_list_reads_a_listing_back() {
        let text = ";\n; Archive created at x\n;\n3; 2615 16385 SCHEMA - s1 alice\n\
                    ;4; 0 0 COMMENT - SCHEMA s1 alice\n\n  \t\r\n\
                    10; 1259 16400 TABLE s1 parent alice\n 7\n+8 trailing words\n9";
        assert_eq!(ids(text), [3, 10, 7, 8, 9]);
        assert!(UseList::parse("").unwrap().ids().is_empty());
        let list = UseList::parse("5;x\r\n2;y\r\n").unwrap();
        assert_eq!(list.ids(), [5, 2]);
        assert!(list.contains(2) && !list.contains(3));
    }

    #[test]
    fn use_list_refuses_lines_pg_restore_would_skip() {
        assert_eq!(problem("1;\nabc; 0 0 TABLE\n"), (2, UseListProblem::NotAnId));
        assert_eq!(problem("- 3\n"), (1, UseListProblem::NotAnId));
        assert_eq!(problem("\n\n0; x\n"), (3, UseListProblem::OutOfRange));
        assert_eq!(problem("-4; x\n"), (1, UseListProblem::OutOfRange));
        assert_eq!(problem("99999999999999999999999\n"), (1, UseListProblem::OutOfRange));
        assert_eq!(problem("4; x\n5\n4; y\n"), (3, UseListProblem::Duplicate));
        let e = UseList::parse("1\n  zz ; c\n").unwrap_err();
        assert_eq!(e.to_string(), "line 2: no dump id at the start of the line: \"zz\"");
    }

    #[test]
    fn use_list_ids_must_name_entries() {
        let t = toc(
            ArchiveVersion::V1_14,
            HeaderCompression::Level(0),
            vec![entry(3, "SCHEMA", "s", Some("CREATE SCHEMA s;"))],
        );
        assert!(UseList::parse("3\n").unwrap().check(&t).is_ok());
        let e = UseList::parse("3\n; c\n4\n").unwrap().check(&t).unwrap_err();
        assert_eq!((e.line, e.problem), (3, UseListProblem::NoSuchEntry));
    }

    #[test]
    fn use_list_orders_entries_and_sections_follow_that_order() {
        let mut comment = entry(2, "COMMENT", "TABLE t", Some("COMMENT ON TABLE t IS '';"));
        comment.section = Section::None;
        comment.dependencies = vec![1];
        comment.namespace = Some("s".to_owned());
        let mut table = entry(1, "TABLE", "t", Some("CREATE TABLE t ();"));
        table.namespace = Some("s".to_owned());
        let mut index = entry(3, "INDEX", "i", Some("CREATE INDEX i ON t (a);"));
        index.section = Section::PostData;
        index.namespace = Some("s".to_owned());
        let t =
            toc(ArchiveVersion::V1_14, HeaderCompression::Level(0), vec![table, comment, index]);
        let selected = |sel: &Selection| -> Vec<i32> {
            sel.requirements(&t)
                .into_iter()
                .filter(|(_, _, r)| r.is_selected())
                .map(|(e, _, _)| e.dump_id)
                .collect()
        };
        let list = |text: &str| Some(UseList::parse(text).unwrap());
        // The list's order; the comment after the index counts as post-data.
        let sel = Selection { use_list: list("3\n2\n1\n"), ..Selection::default() };
        assert_eq!(selected(&sel), [3, 2, 1]);
        let sections: Vec<Section> = sel.requirements(&t).iter().map(|(_, s, _)| *s).collect();
        assert_eq!(sections, [Section::PostData, Section::PostData, Section::PreData]);
        let post = Selection { sections: vec![Section::PostData], ..sel.clone() };
        assert_eq!(selected(&post), [3, 2]);
        // In a selective restore the comment needs its table decided before it.
        let sel = Selection { schemas: vec!["s".to_owned()], ..sel };
        assert_eq!(selected(&sel), [3, 1]);
        let sel = Selection { use_list: list("1\n2\n"), ..sel };
        assert_eq!(selected(&sel), [1, 2]);
        let sel = Selection { tables: vec!["t".to_owned()], ..Selection::default() };
        assert_eq!(selected(&sel), [1, 2]);
        let sel = Selection { indexes: vec!["i".to_owned()], ..Selection::default() };
        assert_eq!(selected(&sel), [3]);
        let sel = Selection { no_comments: true, ..Selection::default() };
        assert_eq!(selected(&sel), [1, 3]);
    }
}
