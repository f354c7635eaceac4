//! Support shared by tusk's cross-crate tests: the pg_dump fixture archives, the fixture
//! databases, and the stock tools used as oracles.
//!
//! Every helper panics with a message saying what failed: tests are not meant to recover.
#![allow(clippy::missing_panics_doc)]

use std::path::{Path, PathBuf};
use std::process::Output;

use tusk_testkit::{Cluster, TestDatabase};
pub use tusk_testkit::{fixture, fixtures_dir};

/// The fixture archives that stock pg_restore 15 reads (archive version 1.14).
pub const FIXTURES_1_14: &[&str] = &["tiny-pg15-none", "rich-pg15-none", "rich-pg15-gzip"];

/// The fixture archives of newer pg_dump versions (1.15 and 1.16).
pub const FIXTURES_NEWER: &[&str] = &[
    "rich-pg16-none",
    "rich-pg16-gzip",
    "rich-pg16-lz4",
    "rich-pg18-none",
    "rich-pg18-gzip",
    "rich-pg18-lz4",
    "rich-pg18-zstd",
    "rich-pg18-stats",
];

/// Creates the cluster-wide objects the fixture databases need (role `alice`), idempotently,
/// also when two tests do it at once (the loser of that race gets `unique_violation` from the
/// catalog index rather than `duplicate_object`).
pub fn ensure_fixture_roles(cluster: &Cluster) {
    cluster.psql(
        "postgres",
        "DO $$ BEGIN CREATE ROLE alice; \
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
    );
}

/// Loads one of the fixtures' SQL scripts (`rich.sql`, `tiny.sql`) into `db`, leaving out the
/// lines that create the database, connect to it and create roles (done by
/// [`ensure_fixture_roles`]).
pub fn load_sql_fixture(db: &TestDatabase<'_>, script: &str) {
    ensure_fixture_roles(db.cluster());
    let path = fixtures_dir().join(script);
    let mut sql = fs_err::read_to_string(&path).expect("reading a fixture script");
    // The fixtures were written on PostgreSQL 15; before 15 a unique index has no NULLS NOT
    // DISTINCT (it stays a plain unique index there).
    if db.cluster().major() < 15 {
        sql = sql.replace(" NULLS NOT DISTINCT", "");
    }
    let body: Vec<&str> = sql
        .lines()
        .filter(|l| {
            !(l.starts_with("CREATE DATABASE")
                || l.starts_with("\\c ")
                || l.starts_with("CREATE ROLE"))
        })
        .collect();
    db.psql(&body.join("\n"));
}

/// Panics with the program's output unless it succeeded.
pub fn check(what: &str, out: &Output) -> String {
    assert!(
        out.status.success(),
        "{what} failed ({}):\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The output of stock `pg_restore -l` of version 18 (plus `extra` options) for an archive.
pub fn pg_restore_list(cluster: &Cluster, archive: &Path, extra: &[&str]) -> String {
    let mut args = vec!["-l"];
    args.extend_from_slice(extra);
    let archive = archive.to_str().expect("utf-8 path");
    args.push(archive);
    let pg_restore = pg_restore_18();
    let out = cluster.tool_at(&pg_restore).args(&args).output().expect("run pg_restore 18");
    check("pg_restore -l (18)", &out)
}

/// pg_restore 18, whose listing `tusk list` reproduces; `scripts/pg-install` installs it.
/// Panics, saying how to install it, when there is none.
pub fn pg_restore_18() -> PathBuf {
    tusk_testkit::Installation::client_program(18, "pg_restore").unwrap_or_else(|e| panic!("{e}"))
}

/// A listing without its `; Archive created at` line (pg_restore converts that time through
/// the local time zone; the archive does not record one).
pub fn without_creation_time(listing: &str) -> String {
    listing
        .lines()
        .filter(|l| !l.starts_with("; Archive created at "))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Restores `archive` into `db` with stock pg_restore; panics on any error.
pub fn pg_restore_into(db: &TestDatabase<'_>, archive: &Path, extra: &[&str]) {
    let mut args = vec!["--exit-on-error", "-d", db.name()];
    args.extend_from_slice(extra);
    args.push(archive.to_str().expect("utf-8 path"));
    check("pg_restore -d", &db.cluster().run("pg_restore", &args));
}

/// Makes a directory archive of `db` with stock pg_dump.
pub fn pg_dump_dir(db: &TestDatabase<'_>, out: &Path, extra: &[&str]) {
    let mut args = vec!["-Fd", "-f", out.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    args.push(db.name());
    check("pg_dump -Fd", &db.cluster().run("pg_dump", &args));
}

/// Stock pg_dump's plain-text output for `db`, without the `\restrict`/`\unrestrict` lines
/// (pg_dump 15.14+ prints a random key there).
pub fn pg_dump_text(db: &TestDatabase<'_>, extra: &[&str]) -> String {
    pg_dump_text_in(db.cluster(), db.name(), extra)
}

/// [`pg_dump_text`] of the database `dbname` of `cluster` (one the test did not create with
/// `create_database`, e.g. in a cluster restored by `tusk restore --all`).
pub fn pg_dump_text_in(cluster: &Cluster, dbname: &str, extra: &[&str]) -> String {
    let mut args = vec!["--no-sync"];
    args.extend_from_slice(extra);
    args.push(dbname);
    let text = check("pg_dump", &cluster.run("pg_dump", &args));
    text.lines()
        .filter(|l| !l.starts_with("\\restrict ") && !l.starts_with("\\unrestrict "))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// An ordered checksum of every user table's rows (`schema.table` → md5 of the rows' text,
/// sorted), for comparing two databases row for row. Views and foreign tables are left out;
/// partitioned tables are summed through their partitions (each partition is listed too).
pub fn table_checksums(db: &TestDatabase<'_>) -> std::collections::BTreeMap<String, String> {
    table_checksums_in(db.cluster(), db.name())
}

/// [`table_checksums`] of the database `dbname` of `cluster`.
pub fn table_checksums_in(
    cluster: &Cluster,
    dbname: &str,
) -> std::collections::BTreeMap<String, String> {
    let psql = |sql: &str| cluster.psql(dbname, sql);
    let tables = psql(
        "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c \
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
         AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%' \
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass \
             AND d.objid = c.oid AND d.deptype = 'e') \
         ORDER BY 1",
    );
    let mut sums = std::collections::BTreeMap::new();
    for table in tables.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let sum = psql(&format!(
            "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') \
             FROM {table} t"
        ));
        sums.insert(table.to_owned(), sum.trim().to_owned());
    }
    sums
}

/// Panics showing the first lines that differ (up to 12, with their numbers) unless
/// `got == want`; `what` names the comparison.
pub fn assert_same_text(got: &str, want: &str, what: &str) {
    if got == want {
        return;
    }
    let mut diff: Vec<String> = want
        .lines()
        .zip(got.lines())
        .enumerate()
        .filter(|(_, (w, g))| w != g)
        .take(12)
        .map(|(i, (w, g))| format!("line {}:\n  want: {w}\n  got:  {g}", i + 1))
        .collect();
    if diff.is_empty() {
        diff.push("one text is the other's beginning".to_owned());
    }
    panic!(
        "{what}: texts differ ({} lines wanted, {} got):\n{}",
        want.lines().count(),
        got.lines().count(),
        diff.join("\n")
    );
}
