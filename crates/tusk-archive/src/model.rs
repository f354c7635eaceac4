//! The in-memory model of a directory archive's `toc.dat`: its header and TOC entries.
//!
//! Field names follow pg_dump's `ArchiveHandle`/`TocEntry`; see
//! `shared/reference/pgdump-archive-format.md` §2 for the byte layout. Strings that pg_dump
//! may write as NULL are `Option<String>`; `Some(String::new())` is an empty (non-NULL)
//! string, which pg_restore treats differently from NULL in several places.

/// An archive format version, `major.minor.rev` (pg_dump's `K_VERS_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArchiveVersion {
    /// Always 1 for the versions we know.
    pub major: u8,
    /// 12 to 16 for the versions this crate reads.
    pub minor: u8,
    /// Always 0 in practice.
    pub rev: u8,
}

impl ArchiveVersion {
    /// 1.12: separate BLOB entries.
    pub const V1_12: Self = Self { major: 1, minor: 12, rev: 0 };
    /// 1.13: the SEARCHPATH entry.
    pub const V1_13: Self = Self { major: 1, minor: 13, rev: 0 };
    /// 1.14 (pg_dump 12–15): `tableam` in each entry.
    pub const V1_14: Self = Self { major: 1, minor: 14, rev: 0 };
    /// 1.15 (pg_dump 16): compression algorithm byte in the header.
    pub const V1_15: Self = Self { major: 1, minor: 15, rev: 0 };
    /// 1.16 (pg_dump 17–18): `relkind` in each entry, BLOB METADATA, `blobs_<id>.toc`.
    pub const V1_16: Self = Self { major: 1, minor: 16, rev: 0 };
    /// The oldest version this crate reads.
    pub const OLDEST_READ: Self = Self::V1_12;
    /// The newest version this crate reads.
    pub const NEWEST_READ: Self = Self::V1_16;
}

impl std::fmt::Display for ArchiveVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// A compression algorithm of data files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Algorithm {
    /// Plain files.
    None,
    /// gzip (`.gz`).
    Gzip,
    /// LZ4 frame format (`.lz4`); read only.
    Lz4,
    /// zstd (`.zst`).
    Zstd,
}

impl Algorithm {
    /// The file name suffix pg_dump appends to data files, `""` for none.
    pub fn suffix(self) -> &'static str {
        match self {
            Self::None => "",
            Self::Gzip => ".gz",
            Self::Lz4 => ".lz4",
            Self::Zstd => ".zst",
        }
    }

    /// The name pg_dump uses (`none`, `gzip`, `lz4`, `zstd`).
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Gzip => "gzip",
            Self::Lz4 => "lz4",
            Self::Zstd => "zstd",
        }
    }
}

/// The compression field of the header, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderCompression {
    /// Archives up to 1.14: a zlib level (0 none, -1 default, 1–9).
    Level(i32),
    /// Archives from 1.15: an algorithm (the level is not stored).
    Algorithm(Algorithm),
}

impl HeaderCompression {
    /// The algorithm this field stands for (a non-zero level means gzip).
    pub fn algorithm(self) -> Algorithm {
        match self {
            Self::Level(0) => Algorithm::None,
            Self::Level(_) => Algorithm::Gzip,
            Self::Algorithm(a) => a,
        }
    }
}

/// The archive creation time as pg_dump stores it: the fields of a `struct tm` from
/// `localtime()` on the dumping host (no time zone is recorded).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CreationTime {
    /// Seconds, 0–60.
    pub sec: i32,
    /// Minutes, 0–59.
    pub min: i32,
    /// Hours, 0–23.
    pub hour: i32,
    /// Day of the month, 1–31.
    pub mday: i32,
    /// Month, 0–11.
    pub mon: i32,
    /// Years since 1900.
    pub year: i32,
    /// Daylight saving flag as `localtime()` set it.
    pub isdst: i32,
}

/// The header of `toc.dat`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The archive version.
    pub version: ArchiveVersion,
    /// Bytes per integer (pg_dump writes 4).
    pub int_size: u8,
    /// Bytes per file offset (pg_dump writes 8).
    pub off_size: u8,
    /// The format byte: 3 (tar code) for the directory format.
    pub format: u8,
    /// The compression field.
    pub compression: HeaderCompression,
    /// When the archive was made.
    pub created: CreationTime,
    /// The dumped database's name.
    pub dbname: Option<String>,
    /// The source server's `server_version`.
    pub server_version: Option<String>,
    /// The dumping program's version (pg_dump's `PG_VERSION`).
    pub dump_version: Option<String>,
}

/// The section of a TOC entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// `SECTION_NONE` (1): comments, ACLs and the like, which follow their object.
    None,
    /// `SECTION_PRE_DATA` (2).
    PreData,
    /// `SECTION_DATA` (3).
    Data,
    /// `SECTION_POST_DATA` (4).
    PostData,
}

impl Section {
    /// The integer stored in the archive.
    pub fn code(self) -> i32 {
        match self {
            Self::None => 1,
            Self::PreData => 2,
            Self::Data => 3,
            Self::PostData => 4,
        }
    }

    /// The section for a stored integer, if valid.
    pub fn from_code(code: i64) -> Option<Self> {
        match code {
            1 => Some(Self::None),
            2 => Some(Self::PreData),
            3 => Some(Self::Data),
            4 => Some(Self::PostData),
            _ => None,
        }
    }
}

/// One TOC entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// The dump id, > 0 and unique in the archive.
    pub dump_id: i32,
    /// Whether the entry has a data part (TABLE DATA, BLOBS).
    pub had_dumper: bool,
    /// The catalog OID of the object's catalog (`pg_class` = 1259, …), 0 if none.
    pub table_oid: u32,
    /// The object's OID, 0 if none.
    pub oid: u32,
    /// The object's name (unquoted) or a composite tag such as `TABLE t` or `t c`.
    pub tag: Option<String>,
    /// The entry type, e.g. `TABLE`, `TABLE DATA`, `COMMENT`.
    pub desc: String,
    /// The section.
    pub section: Section,
    /// The SQL that creates the object or runs the step.
    pub defn: Option<String>,
    /// The SQL for `--clean`.
    pub drop_stmt: Option<String>,
    /// For COPY-format TABLE DATA: `COPY ns.t (cols) FROM stdin;\n`.
    pub copy_stmt: Option<String>,
    /// The schema name, unquoted.
    pub namespace: Option<String>,
    /// `None`: not applicable; `Some("")`: the database default; else a tablespace name.
    pub tablespace: Option<String>,
    /// The table access method (1.14+), on tables and materialized views.
    pub tableam: Option<String>,
    /// `pg_class.relkind` as a character code (1.16+); 0 elsewhere and in older archives.
    pub relkind: i32,
    /// The owner's role name.
    pub owner: Option<String>,
    /// The `withOids` string, `"false"` in every modern archive.
    pub with_oids: String,
    /// The dump ids this entry depends on, in stored order.
    pub dependencies: Vec<i32>,
    /// The data file name without compression suffix (`"3340.dat"`, `"blobs.toc"`), or `""`.
    pub filename: String,
}

impl TocEntry {
    /// An entry with this dump id, type and section, and every other field as pg_dump writes
    /// it where it does not apply: no data part, OIDs 0, NULL strings, `withOids` `"false"`,
    /// no dependencies, no data file.
    pub fn new(dump_id: i32, desc: impl Into<String>, section: Section) -> Self {
        Self {
            dump_id,
            had_dumper: false,
            table_oid: 0,
            oid: 0,
            tag: None,
            desc: desc.into(),
            section,
            defn: None,
            drop_stmt: None,
            copy_stmt: None,
            namespace: None,
            tablespace: None,
            tableam: None,
            relkind: 0,
            owner: None,
            with_oids: "false".to_owned(),
            dependencies: Vec::new(),
            filename: String::new(),
        }
    }
}

/// A whole `toc.dat`: the header and the entries in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toc {
    /// The header.
    pub header: Header,
    /// The entries, in the order stored.
    pub entries: Vec<TocEntry>,
}
