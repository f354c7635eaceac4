//! Reading and writing `toc.dat`: the header and the TOC entries (pg_dump's `WriteHead` /
//! `ReadHead` and `WriteToc` / `ReadToc`, directory-format flavour).
//!
//! Layout, for the versions this crate handles (1.12 to 1.16):
//!
//! - header: `"PGDMP"`, version bytes `major minor rev`, `intSize`, `offSize`, the format
//!   byte (3, the tar code, which the directory format also uses), then the compression field:
//!   an int **level** up to 1.14, a **byte** algorithm (0 none, 1 gzip, 2 lz4, 3 zstd) from
//!   1.15; seven ints of a `struct tm`, the strings dbname, server version and pg_dump version,
//!   and the int entry count;
//! - each entry: dumpId, hadDumper, tableoid and oid (decimal strings), tag, desc, section (int
//!   1–4), defn, dropStmt, copyStmt, namespace, tablespace, `tableam` (from 1.14), `relkind`
//!   (int, from 1.16), owner, withOids, the dependencies (decimal strings ended by a NULL
//!   string), and the data file name (`""` when none);
//! - nothing after the last entry.
//!
//! Invariants:
//! - Reading then writing a pg_dump `toc.dat` gives the same bytes: everything the format
//!   stores is kept in the model, and reading refuses what would not come back identically
//!   (numbers that are not in canonical decimal form, negative zero excepted as pg_restore
//!   reads it).
//! - Reading is stricter than pg_restore where pg_restore would crash or misbehave (NULL desc,
//!   tableoid, oid, withOids or file name; non-positive or duplicate dump ids; bad section
//!   codes; trailing bytes) and never panics or allocates more than the input.
//! - Writing validates that the TOC is representable in `header.version` (a `tableam` before
//!   1.14, a `relkind` before 1.16, a level in a 1.15+ header, an algorithm in an older one) and
//!   writes nothing when it is not.
#![warn(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::Path;

use crate::encoding::{Decoder, Encoder, MAX_INT_SIZE};
use crate::error::{EntryContext, Error, Result, TocProblem, WriteProblem, excerpt};
use crate::model::{
    Algorithm, ArchiveVersion, CreationTime, Header, HeaderCompression, Section, Toc, TocEntry,
};

/// The magic string at the start of every archive.
const MAGIC: &[u8; 5] = b"PGDMP";
/// The format byte of the directory (and tar) format.
pub(crate) const FORMAT_DIRECTORY: u8 = 3;

impl ArchiveVersion {
    /// The version tusk writes for data compressed with `algorithm`: 1.14 for none and gzip (so
    /// stock pg_restore 15 reads the archive), 1.15 for lz4 and zstd (the first version whose
    /// header can say so; pg_restore 16 and later read it).
    pub fn for_writing(algorithm: Algorithm) -> Self {
        match algorithm {
            Algorithm::None | Algorithm::Gzip => Self::V1_14,
            Algorithm::Lz4 | Algorithm::Zstd => Self::V1_15,
        }
    }

    /// Whether this crate reads and writes this version (1.12 to 1.16, any revision).
    pub fn is_supported(self) -> bool {
        (self.major, self.minor) >= (Self::OLDEST_READ.major, Self::OLDEST_READ.minor)
            && (self.major, self.minor) <= (Self::NEWEST_READ.major, Self::NEWEST_READ.minor)
    }

    /// Whether an archive of this version can hold data files compressed with `algorithm`
    /// (lz4 and zstd need 1.15: older pg_restore cannot read them).
    pub fn can_hold(self, algorithm: Algorithm) -> bool {
        match algorithm {
            Algorithm::None | Algorithm::Gzip => true,
            Algorithm::Lz4 | Algorithm::Zstd => self >= Self::V1_15,
        }
    }
}

impl Algorithm {
    /// The algorithm byte of 1.15+ headers (`pg_compress_algorithm`).
    pub fn code(self) -> u8 {
        match self {
            Self::None => 0,
            Self::Gzip => 1,
            Self::Lz4 => 2,
            Self::Zstd => 3,
        }
    }

    /// The algorithm for a 1.15+ header byte, if known.
    pub fn from_code(code: u8) -> Option<Self> {
        match code {
            0 => Some(Self::None),
            1 => Some(Self::Gzip),
            2 => Some(Self::Lz4),
            3 => Some(Self::Zstd),
            _ => None,
        }
    }

    /// The algorithm whose file name suffix `name` ends with (`None` for no known suffix).
    pub fn from_suffix(name: &str) -> Option<Self> {
        [Self::Gzip, Self::Lz4, Self::Zstd].into_iter().find(|a| name.ends_with(a.suffix()))
    }
}

impl HeaderCompression {
    /// The header field for `algorithm` in an archive of `version`: before 1.15 a zlib level
    /// (0 for none, `gzip_level` for gzip, where pg_dump writes -1 for zlib's default), from
    /// 1.15 the algorithm. Errors if the version cannot express the algorithm.
    pub fn for_version(
        version: ArchiveVersion,
        algorithm: Algorithm,
        gzip_level: i32,
    ) -> Result<Self> {
        if version >= ArchiveVersion::V1_15 {
            return Ok(Self::Algorithm(algorithm));
        }
        match algorithm {
            Algorithm::None => Ok(Self::Level(0)),
            Algorithm::Gzip => Ok(Self::Level(gzip_level)),
            Algorithm::Lz4 | Algorithm::Zstd => Err(Error::Unrepresentable {
                version,
                dump_id: None,
                problem: WriteProblem::AlgorithmInOldVersion { algorithm },
            }),
        }
    }
}

impl Header {
    /// A header as tusk writes it for data compressed with `algorithm`: the version from
    /// [`ArchiveVersion::for_writing`], intSize 4, offSize 8, format 3, the compression field to
    /// match (level -1, zlib's default, for gzip in 1.14), a zero creation time and no names.
    /// Fill in `created`, `dbname`, `server_version` and `dump_version` afterwards.
    pub fn for_writing(algorithm: Algorithm) -> Self {
        let version = ArchiveVersion::for_writing(algorithm);
        let compression = match algorithm {
            Algorithm::None if version < ArchiveVersion::V1_15 => HeaderCompression::Level(0),
            Algorithm::Gzip if version < ArchiveVersion::V1_15 => HeaderCompression::Level(-1),
            _ => HeaderCompression::Algorithm(algorithm),
        };
        Self {
            version,
            int_size: 4,
            off_size: 8,
            format: FORMAT_DIRECTORY,
            compression,
            created: CreationTime::default(),
            dbname: None,
            server_version: None,
            dump_version: None,
        }
    }
}

/// Parses a whole `toc.dat`; errors name the file `toc.dat`.
pub fn read_toc(bytes: &[u8]) -> Result<Toc> {
    read_toc_named(bytes, Path::new("toc.dat"))
}

/// Parses a whole `toc.dat` that came from `path` (used in error messages).
pub fn read_toc_named(bytes: &[u8], path: &Path) -> Result<Toc> {
    let mut d = Decoder::new(bytes, path);
    let header = read_header(&mut d)?;
    d.field = "entry count";
    let count_at = d.offset() as usize;
    let count = d.int()?;
    if count < 0 || count > i64::from(i32::MAX) {
        return Err(d.error_at(count_at, TocProblem::InvalidCount { count }));
    }
    // Never trust the count for an allocation: an entry takes at least 19 ints.
    let min_entry = 19 * (1 + usize::from(header.int_size));
    let capacity = usize::try_from(count).unwrap_or(0).min(d.remaining() / min_entry);
    let mut entries = Vec::with_capacity(capacity);
    let mut seen = BTreeSet::new();
    for index in 0..usize::try_from(count).unwrap_or(0) {
        d.entry = Some(EntryContext { index, dump_id: None });
        let entry_at = d.offset() as usize;
        let entry = read_entry(&mut d, header.version)?;
        if !seen.insert(entry.dump_id) {
            d.field = "dumpId";
            return Err(d.error_at(entry_at, TocProblem::DuplicateDumpId { id: entry.dump_id }));
        }
        entries.push(entry);
    }
    d.entry = None;
    d.field = "end of file";
    if d.remaining() > 0 {
        let at = d.offset() as usize;
        return Err(d.error_at(at, TocProblem::TrailingData { count: d.remaining() as u64 }));
    }
    Ok(Toc { header, entries })
}

/// Reads a whole `toc.dat` from `reader` (which came from `path`) and parses it. The input is
/// read to its end first; memory is bounded by its actual size.
pub fn read_toc_from(mut reader: impl Read, path: &Path) -> Result<Toc> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    read_toc_named(&bytes, path)
}

fn read_header(d: &mut Decoder<'_>) -> Result<Header> {
    d.field = "magic";
    let magic_at = d.offset() as usize;
    if d.bytes(MAGIC.len())? != MAGIC {
        return Err(d.error_at(magic_at, TocProblem::BadMagic));
    }
    d.field = "version";
    let version_at = d.offset() as usize;
    let version = match d.bytes(3)? {
        &[major, minor, rev] => ArchiveVersion { major, minor, rev },
        _ => return Err(d.error_at(version_at, TocProblem::BadMagic)),
    };
    if !version.is_supported() {
        return Err(d.error_at(version_at, TocProblem::UnsupportedVersion { version }));
    }
    d.field = "intSize";
    let int_size_at = d.offset() as usize;
    let int_size = d.byte()?;
    if int_size == 0 || int_size > MAX_INT_SIZE {
        return Err(d.error_at(int_size_at, TocProblem::BadIntSize { size: int_size }));
    }
    d.set_int_size(int_size);
    d.field = "offSize";
    let off_size = d.byte()?;
    d.field = "format";
    let format_at = d.offset() as usize;
    let format = d.byte()?;
    if format != FORMAT_DIRECTORY {
        return Err(d.error_at(format_at, TocProblem::UnexpectedFormat { found: format }));
    }
    d.field = "compression";
    let compression = if version >= ArchiveVersion::V1_15 {
        let at = d.offset() as usize;
        let code = d.byte()?;
        let algorithm = Algorithm::from_code(code)
            .ok_or_else(|| d.error_at(at, TocProblem::UnknownAlgorithm { code }))?;
        HeaderCompression::Algorithm(algorithm)
    } else {
        HeaderCompression::Level(d.int32()?)
    };
    d.field = "creation time";
    let created = CreationTime {
        sec: d.int32()?,
        min: d.int32()?,
        hour: d.int32()?,
        mday: d.int32()?,
        mon: d.int32()?,
        year: d.int32()?,
        isdst: d.int32()?,
    };
    d.field = "dbname";
    let dbname = d.string()?;
    d.field = "server version";
    let server_version = d.string()?;
    d.field = "pg_dump version";
    let dump_version = d.string()?;
    Ok(Header {
        version,
        int_size,
        off_size,
        format,
        compression,
        created,
        dbname,
        server_version,
        dump_version,
    })
}

fn read_entry(d: &mut Decoder<'_>, version: ArchiveVersion) -> Result<TocEntry> {
    d.field = "dumpId";
    let at = d.offset() as usize;
    let id = d.int()?;
    let dump_id = match i32::try_from(id) {
        Ok(id) if id > 0 => id,
        _ => return Err(d.error_at(at, TocProblem::InvalidDumpId { id })),
    };
    if let Some(entry) = d.entry.as_mut() {
        entry.dump_id = Some(dump_id);
    }
    d.field = "hadDumper";
    let had_dumper = d.int32()? != 0;
    d.field = "tableoid";
    let table_oid = read_oid(d)?;
    d.field = "oid";
    let oid = read_oid(d)?;
    d.field = "tag";
    let tag = d.string()?;
    d.field = "desc";
    let desc = d.required_string()?;
    d.field = "section";
    let at = d.offset() as usize;
    let code = d.int()?;
    let section = Section::from_code(code)
        .ok_or_else(|| d.error_at(at, TocProblem::InvalidSection { code }))?;
    d.field = "defn";
    let defn = d.string()?;
    d.field = "dropStmt";
    let drop_stmt = d.string()?;
    d.field = "copyStmt";
    let copy_stmt = d.string()?;
    d.field = "namespace";
    let namespace = d.string()?;
    d.field = "tablespace";
    let tablespace = d.string()?;
    let tableam = if version >= ArchiveVersion::V1_14 {
        d.field = "tableam";
        d.string()?
    } else {
        None
    };
    let relkind = if version >= ArchiveVersion::V1_16 {
        d.field = "relkind";
        d.int32()?
    } else {
        0
    };
    d.field = "owner";
    let owner = d.string()?;
    d.field = "withOids";
    let with_oids = d.required_string()?;
    d.field = "dependencies";
    let mut dependencies = Vec::new();
    loop {
        let at = d.offset() as usize;
        let Some(text) = d.string()? else { break };
        let dep =
            text.parse::<i32>().ok().filter(|dep| dep.to_string() == text).ok_or_else(|| {
                d.error_at(
                    at,
                    TocProblem::InvalidNumber { what: "dependency", text: excerpt(&text) },
                )
            })?;
        dependencies.push(dep);
    }
    d.field = "filename";
    let filename = d.required_string()?;
    Ok(TocEntry {
        dump_id,
        had_dumper,
        table_oid,
        oid,
        tag,
        desc,
        section,
        defn,
        drop_stmt,
        copy_stmt,
        namespace,
        tablespace,
        tableam,
        relkind,
        owner,
        with_oids,
        dependencies,
        filename,
    })
}

/// Reads an OID stored as decimal text (pg_restore: `sscanf("%u")`); only the canonical form is
/// accepted so that it writes back identically.
fn read_oid(d: &mut Decoder<'_>) -> Result<u32> {
    let at = d.offset() as usize;
    let text = d.required_string()?;
    text.parse::<u32>().ok().filter(|oid| oid.to_string() == text).ok_or_else(|| {
        d.error_at(at, TocProblem::InvalidNumber { what: "OID", text: excerpt(&text) })
    })
}

/// Encodes `toc` as `toc.dat` bytes, after checking it is representable in its header's version.
pub fn encode_toc(toc: &Toc) -> Result<Vec<u8>> {
    let header = &toc.header;
    let version = header.version;
    let header_error = |problem| Error::Unrepresentable { version, dump_id: None, problem };
    if !version.is_supported() {
        return Err(header_error(WriteProblem::UnsupportedVersion));
    }
    if header.int_size == 0 || header.int_size > MAX_INT_SIZE {
        return Err(header_error(WriteProblem::BadIntSize { size: header.int_size }));
    }
    if header.format != FORMAT_DIRECTORY {
        return Err(header_error(WriteProblem::NotDirectoryFormat { format: header.format }));
    }
    let mut e = Encoder::new(header.int_size);
    write_header(&mut e, header, toc.entries.len()).map_err(header_error)?;
    let mut seen = BTreeSet::new();
    for entry in &toc.entries {
        let entry_error =
            |problem| Error::Unrepresentable { version, dump_id: Some(entry.dump_id), problem };
        if entry.dump_id <= 0 {
            return Err(entry_error(WriteProblem::InvalidDumpId { id: entry.dump_id }));
        }
        if !seen.insert(entry.dump_id) {
            return Err(entry_error(WriteProblem::DuplicateDumpId { id: entry.dump_id }));
        }
        write_entry(&mut e, entry, version).map_err(entry_error)?;
    }
    Ok(e.into_bytes())
}

/// Writes `toc` as `toc.dat` bytes to `out`; nothing is written if the TOC is not representable.
pub fn write_toc(toc: &Toc, mut out: impl Write) -> Result<()> {
    let bytes = encode_toc(toc)?;
    out.write_all(&bytes).map_err(|source| Error::WriteToc { source })
}

fn write_header(e: &mut Encoder, h: &Header, count: usize) -> Result<(), WriteProblem> {
    e.bytes(MAGIC);
    e.bytes(&[h.version.major, h.version.minor, h.version.rev, h.int_size, h.off_size, h.format]);
    match h.compression {
        HeaderCompression::Level(level) if h.version < ArchiveVersion::V1_15 => {
            e.int(i64::from(level))?;
        }
        HeaderCompression::Level(_) => return Err(WriteProblem::LevelInNewVersion),
        HeaderCompression::Algorithm(algorithm) if h.version >= ArchiveVersion::V1_15 => {
            e.byte(algorithm.code());
        }
        HeaderCompression::Algorithm(algorithm) => {
            return Err(WriteProblem::AlgorithmInOldVersion { algorithm });
        }
    }
    let t = &h.created;
    for field in [t.sec, t.min, t.hour, t.mday, t.mon, t.year, t.isdst] {
        e.int(i64::from(field))?;
    }
    e.string(h.dbname.as_deref())?;
    e.string(h.server_version.as_deref())?;
    e.string(h.dump_version.as_deref())?;
    let count = i32::try_from(count).map_err(|_| WriteProblem::IntTooWide {
        value: i64::try_from(count).unwrap_or(i64::MAX),
        int_size: h.int_size,
    })?;
    e.int(i64::from(count))
}

fn write_entry(e: &mut Encoder, t: &TocEntry, version: ArchiveVersion) -> Result<(), WriteProblem> {
    if t.tableam.is_some() && version < ArchiveVersion::V1_14 {
        return Err(WriteProblem::TableamNeeds114);
    }
    if t.relkind != 0 && version < ArchiveVersion::V1_16 {
        return Err(WriteProblem::RelkindNeeds116 { relkind: t.relkind });
    }
    e.int(i64::from(t.dump_id))?;
    e.int(i64::from(t.had_dumper))?;
    e.string(Some(&t.table_oid.to_string()))?;
    e.string(Some(&t.oid.to_string()))?;
    e.string(t.tag.as_deref())?;
    e.string(Some(&t.desc))?;
    e.int(i64::from(t.section.code()))?;
    e.string(t.defn.as_deref())?;
    e.string(t.drop_stmt.as_deref())?;
    e.string(t.copy_stmt.as_deref())?;
    e.string(t.namespace.as_deref())?;
    e.string(t.tablespace.as_deref())?;
    if version >= ArchiveVersion::V1_14 {
        e.string(t.tableam.as_deref())?;
    }
    if version >= ArchiveVersion::V1_16 {
        e.int(i64::from(t.relkind))?;
    }
    e.string(t.owner.as_deref())?;
    e.string(Some(&t.with_oids))?;
    for dep in &t.dependencies {
        e.string(Some(&dep.to_string()))?;
    }
    e.string(None)?;
    e.string(Some(&t.filename))
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn entry(dump_id: i32) -> TocEntry {
        TocEntry {
            tag: Some("ENCODING".into()),
            defn: Some("SET client_encoding = 'UTF8';\n".into()),
            ..TocEntry::new(dump_id, "ENCODING", Section::PreData)
        }
    }

    #[test]
    fn writer_header_policy() {
        assert_eq!(Header::for_writing(Algorithm::None).version, ArchiveVersion::V1_14);
        assert_eq!(Header::for_writing(Algorithm::Gzip).compression, HeaderCompression::Level(-1));
        let zstd = Header::for_writing(Algorithm::Zstd);
        assert_eq!(zstd.version, ArchiveVersion::V1_15);
        assert_eq!(zstd.compression, HeaderCompression::Algorithm(Algorithm::Zstd));
        for algorithm in [Algorithm::None, Algorithm::Gzip, Algorithm::Lz4, Algorithm::Zstd] {
            let toc = Toc { header: Header::for_writing(algorithm), entries: vec![entry(1)] };
            let bytes = encode_toc(&toc).unwrap();
            assert_eq!(read_toc(&bytes).unwrap(), toc);
        }
    }

    #[test]
    fn header_compression_for_version() {
        assert_eq!(
            HeaderCompression::for_version(ArchiveVersion::V1_14, Algorithm::Gzip, 6).unwrap(),
            HeaderCompression::Level(6)
        );
        assert!(HeaderCompression::for_version(ArchiveVersion::V1_14, Algorithm::Zstd, 6).is_err());
        assert_eq!(
            HeaderCompression::for_version(ArchiveVersion::V1_16, Algorithm::Lz4, 6).unwrap(),
            HeaderCompression::Algorithm(Algorithm::Lz4)
        );
    }

    #[test]
    fn version_support_ignores_rev() {
        let v = ArchiveVersion { major: 1, minor: 16, rev: 255 };
        assert!(v.is_supported());
        assert!(!ArchiveVersion { major: 1, minor: 17, rev: 0 }.is_supported());
        assert!(!ArchiveVersion { major: 1, minor: 11, rev: 9 }.is_supported());
        assert!(!ArchiveVersion { major: 2, minor: 14, rev: 0 }.is_supported());
    }

    #[test]
    fn algorithm_codes_and_suffixes() {
        for algorithm in [Algorithm::None, Algorithm::Gzip, Algorithm::Lz4, Algorithm::Zstd] {
            assert_eq!(Algorithm::from_code(algorithm.code()), Some(algorithm));
        }
        assert_eq!(Algorithm::from_code(4), None);
        assert_eq!(Algorithm::from_suffix("3340.dat.zst"), Some(Algorithm::Zstd));
        assert_eq!(Algorithm::from_suffix("3340.dat"), None);
    }
}
