//! The table-of-contents listing, in the exact text format of `pg_restore -l`.
//!
//! A user edits this listing (comments out or reorders lines) and feeds it back with `-L`, so
//! the format is an interface, not decoration: each selected entry is one line
//! `<dumpId>; <tableoid> <oid> <desc> <namespace> <tag> <owner>`, after a header of `;`
//! comment lines.
//!
//! Which pg_restore the text follows: the oldest one that can read the archive. For archives up
//! to 1.14 that is pg_restore 12–15, which prints the header's compression *level*
//! (`Compression: -1`); for 1.15 and 1.16 archives it is pg_restore 16+, which prints the
//! algorithm name (`Compression: gzip`). Everything else is the same in 15–18.
//!
//! Which entries appear: those pg_restore would restore with no selection options (see
//! [`Selection`]): the ENCODING, STDSTRINGS and SEARCHPATH entries never appear; DATABASE and
//! DATABASE PROPERTIES entries, and comments, ACLs and security labels on the database, appear
//! only with `--create`; entries without a definition and without data do not appear.
//!
//! Deliberate difference: pg_restore prints the creation time converted through the listing
//! host's time zone with its abbreviation. The archive records only the wall-clock fields of the
//! dumping host, so this listing prints those as stored, without a zone name.

use std::io::{self, Write};

use crate::model::{ArchiveVersion, Header, HeaderCompression, Section, Toc, TocEntry};

/// Options that change which entries a listing selects, with pg_restore's meaning.
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
}

/// Whether a tag names a large object (or a group of them, in 1.16 archives).
fn is_large_object_tag(tag: &str) -> bool {
    tag.starts_with("LARGE OBJECT ") || tag.starts_with("LARGE OBJECTS ")
}

impl Selection {
    /// What `entry` contributes to a restore with these options, following pg_restore.
    pub fn requirement(&self, entry: &TocEntry) -> Requirement {
        let desc = entry.desc.as_str();
        let tag = entry.tag.as_deref().unwrap_or("");
        if matches!(desc, "ENCODING" | "STDSTRINGS" | "SEARCHPATH") {
            return Requirement { special: true, ..Requirement::default() };
        }
        if matches!(desc, "DATABASE" | "DATABASE PROPERTIES") {
            return Requirement { schema: self.create, ..Requirement::default() };
        }
        if matches!(desc, "ACL" | "COMMENT" | "SECURITY LABEL")
            && tag.starts_with("DATABASE ")
            && !self.create
        {
            return Requirement::default();
        }
        if desc == "STATISTICS DATA" {
            return Requirement {
                statistics: !self.no_statistics && !self.schema_only && !self.data_only,
                ..Requirement::default()
            };
        }
        if desc == "<Init>" && tag == "Max OID" {
            return Requirement::default();
        }
        let (mut schema, mut data) = (true, true);
        if !entry.had_dumper {
            let data_kind = matches!(desc, "SEQUENCE SET" | "BLOB" | "BLOB METADATA")
                || (matches!(desc, "ACL" | "COMMENT" | "SECURITY LABEL")
                    && is_large_object_tag(tag));
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

    /// The requirement of every entry, in file order. SECTION_NONE entries take the section of
    /// the entry before them, as in pg_restore (this matters for `--section`, a later option).
    pub fn requirements<'t>(&self, toc: &'t Toc) -> Vec<(&'t TocEntry, Section, Requirement)> {
        let mut current = Section::PreData;
        toc.entries
            .iter()
            .map(|e| {
                if e.section != Section::None {
                    current = e.section;
                }
                (e, current, self.requirement(e))
            })
            .collect()
    }
}

/// Replaces line breaks so that every name stays on its entry's line (pg_restore does the same).
fn one_line(s: Option<&str>, null_as_hyphen: bool) -> String {
    match s {
        None => if null_as_hyphen { "-" } else { "" }.to_owned(),
        Some(s) => s.replace(['\n', '\r'], " "),
    }
}

fn compression_text(header: &Header) -> String {
    if header.version <= ArchiveVersion::V1_14 {
        match header.compression {
            HeaderCompression::Level(level) => level.to_string(),
            HeaderCompression::Algorithm(a) => a.name().to_owned(),
        }
    } else {
        header.compression.algorithm().name().to_owned()
    }
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
    use crate::model::{Algorithm, CreationTime};

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
    fn header_follows_the_oldest_pg_restore_that_reads_the_archive() {
        let t = toc(ArchiveVersion::V1_14, HeaderCompression::Level(-1), vec![]);
        let text = listing(&t, &Selection::default());
        assert!(
            text.starts_with(";\n; Archive created at 2026-01-02 03:04:05\n;     dbname: db\n")
        );
        assert!(text.contains(";     Compression: -1\n;     Dump Version: 1.14-0\n"));
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
}
