//! Shared helpers: connection settings, table descriptions read from the catalog, one-call
//! dumps, reading data files back, and a minimal hand-written TOC.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tempfile::TempDir;
use tusk_archive::{
    Algorithm, ArchiveWriter, DataReader, Header, Section, Toc, TocEntry, WriterOptions,
};
use tusk_dump::{DumpError, DumpOptions, Leader, Manifest, Progress, TableData, dump_data};
use tusk_pg::ConnectionSettings;
use tusk_pg::quote::{quote_literal, quote_qualified};
use tusk_testkit::TestDatabase;

pub(crate) fn settings(db: &TestDatabase<'_>) -> ConnectionSettings {
    ConnectionSettings::parse(&db.conninfo()).expect("conninfo parses")
}

/// What the catalog would say about `schema.name`: pg_dump's column list and relpages.
pub(crate) fn table_data(
    db: &TestDatabase<'_>,
    schema: &str,
    name: &str,
    dump_id: i32,
) -> TableData {
    let regclass = quote_literal(&quote_qualified(schema, name));
    let columns = db.psql(&format!(
        "SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = {regclass}::regclass \
         AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum"
    ));
    let relpages = db.psql(&format!(
        "SELECT relpages FROM pg_catalog.pg_class WHERE oid = {regclass}::regclass"
    ));
    TableData {
        dump_id,
        schema: schema.to_owned(),
        name: name.to_owned(),
        columns: columns.lines().map(str::to_owned).collect(),
        relpages: relpages.trim().parse().expect("relpages"),
        filename: format!("{dump_id}.dat"),
        filter: None,
    }
}

pub(crate) fn options(jobs: usize, algorithm: Algorithm) -> DumpOptions {
    DumpOptions { jobs, algorithm, ..DumpOptions::default() }
}

/// An archive directory under a fresh temporary directory.
pub(crate) fn archive_dir() -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("archive");
    (tmp, dir)
}

/// Leader, locks, data, manifest, and toc.dat if given (through `ArchiveWriter::finish`, as
/// the real dump does it: only after the data succeeded).
pub(crate) async fn dump(
    db: &TestDatabase<'_>,
    dir: &Path,
    tables: Vec<TableData>,
    options: &DumpOptions,
    progress: Option<Progress>,
    toc: Option<Toc>,
) -> Result<Manifest, DumpError> {
    let leader = Leader::start(&settings(db), None).await?;
    let names: Vec<(String, String)> =
        tables.iter().map(|t| (t.schema.clone(), t.name.clone())).collect();
    leader.lock_tables(names.iter().map(|(s, n)| (s.as_str(), n.as_str())), None).await?;
    let archive = Arc::new(
        ArchiveWriter::create(dir, WriterOptions { sync: false, ..Default::default() })
            .expect("archive dir"),
    );
    let manifest = dump_data(&leader, Arc::clone(&archive), tables, options, progress).await?;
    leader.finish().await?;
    manifest.write(dir, false).expect("write the manifest");
    if let Some(toc) = toc {
        let archive = Arc::try_unwrap(archive).expect("the engine let go of the archive writer");
        archive.finish(&toc).expect("write toc.dat");
    }
    Ok(manifest)
}

/// The decompressed bytes of a data file.
pub(crate) fn read_data(dir: &Path, manifest: &Manifest, dump_id: i32) -> Vec<u8> {
    let file = manifest.file(dump_id).expect("manifest entry");
    let algorithm = file.algorithm().expect("algorithm");
    let mut reader = DataReader::open(dir.join(&file.file), algorithm).expect("open data");
    let mut out = Vec::new();
    reader.read_to_end(&mut out).expect("read data");
    out
}

/// COPY text rows of a data file, without the trailer, sorted.
pub(crate) fn sorted_rows(data: &[u8]) -> Vec<Vec<u8>> {
    let body = data.strip_suffix(tusk_dump::TRAILER).expect("data ends with the trailer");
    let mut rows: Vec<Vec<u8>> =
        body.split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    rows.sort();
    rows
}

/// The source's rows, as COPY text, sorted.
pub(crate) fn source_rows(db: &TestDatabase<'_>, table: &TableData) -> Vec<Vec<u8>> {
    let sql =
        format!("COPY (SELECT {} FROM ONLY {}) TO STDOUT", table.column_list(), table.qualified());
    let out = db.cluster().run("psql", &["-X", "-q", "-d", db.name(), "-c", &sql]);
    assert!(out.status.success(), "psql: {}", String::from_utf8_lossy(&out.stderr));
    let mut rows: Vec<Vec<u8>> =
        out.stdout.split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    rows.sort();
    rows
}

fn entry(dump_id: i32, desc: &str) -> TocEntry {
    TocEntry {
        dump_id,
        had_dumper: false,
        table_oid: 0,
        oid: 0,
        tag: Some(desc.to_owned()),
        desc: desc.to_owned(),
        section: Section::PreData,
        defn: None,
        drop_stmt: None,
        copy_stmt: None,
        namespace: None,
        tablespace: None,
        tableam: None,
        relkind: 0,
        owner: None,
        with_oids: "false".into(),
        dependencies: vec![],
        filename: String::new(),
    }
}

/// A minimal TOC: ENCODING, STDSTRINGS, SEARCHPATH, then per table a TABLE entry (dump id
/// `data.dump_id + 1000`, with the hand-written `ddl`) and its TABLE DATA entry.
pub(crate) fn minimal_toc(algorithm: Algorithm, tables: &[(TableData, String)]) -> Toc {
    let mut header = Header::for_writing(algorithm);
    header.dbname = Some("source".into());
    header.server_version = Some("15".into());
    header.dump_version = Some("tusk test".into());
    header.created.year = 126;
    let mut encoding = entry(9001, "ENCODING");
    encoding.defn = Some("SET client_encoding = 'UTF8';\n".into());
    let mut stdstrings = entry(9002, "STDSTRINGS");
    stdstrings.defn = Some("SET standard_conforming_strings = 'on';\n".into());
    let mut searchpath = entry(9003, "SEARCHPATH");
    searchpath.defn = Some("SELECT pg_catalog.set_config('search_path', '', false);\n".into());
    let mut entries = vec![encoding, stdstrings, searchpath];
    for (data, ddl) in tables {
        let mut table = entry(data.dump_id + 1000, "TABLE");
        table.tag = Some(data.name.clone());
        table.namespace = Some(data.schema.clone());
        table.tablespace = Some(String::new());
        table.tableam = Some("heap".into());
        table.table_oid = 1259;
        table.defn = Some(ddl.clone());
        table.drop_stmt = Some(format!("DROP TABLE {};\n", data.qualified()));
        entries.push(table);
    }
    for (data, _) in tables {
        let mut e = entry(data.dump_id, "TABLE DATA");
        e.had_dumper = true;
        e.section = Section::Data;
        e.tag = Some(data.name.clone());
        e.namespace = Some(data.schema.clone());
        e.copy_stmt = Some(data.copy_from_stmt());
        e.dependencies = vec![data.dump_id + 1000];
        e.filename = data.filename.clone();
        entries.push(e);
    }
    Toc { header, entries }
}

/// The names of the files in `dir`, sorted.
pub(crate) fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs_err::read_dir(dir)
        .expect("list dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

pub(crate) fn algorithms() -> [Algorithm; 3] {
    [Algorithm::None, Algorithm::Gzip, Algorithm::Zstd]
}
