//! `tusk dump --all` and `tusk restore --all` against real servers: a cluster with three
//! databases of different owners, encodings, settings, comments and grants (plus `postgres`
//! with a table and properties, and a database that allows no connections) round-trips into
//! a fresh cluster: each database's `pg_dump --create --schema-only` and rows are the
//! source's, `pg_dumpall --globals-only` is the source's, and the report names each database
//! with its status. A database whose archive is damaged fails alone (exit 1);
//! `--exclude-database` leaves databases out; the errors are one line each.
//!
//! Databases and roles are cluster-wide: every cluster here is private (started by the test
//! kit's builder, shut down at the end), never the shared one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use tusk::cluster::{DatabaseStatus, read_manifest};
use tusk_testkit::{Cluster, run_with_stdin};
use tusk_tests::{check, pg_dump_text_in, table_checksums_in};

use crate::tusk;

/// Roles, databases and their properties, run in `postgres`.
const CLUSTER_SQL: &str = r#"
CREATE ROLE "App Owner" LOGIN PASSWORD 'app-secret';
CREATE ROLE latin_owner NOLOGIN;
CREATE ROLE "read""er" NOLOGIN;
CREATE DATABASE "app db" OWNER "App Owner";
CREATE DATABASE latin ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0
    OWNER latin_owner;
CREATE DATABASE "Plain.Data";
CREATE DATABASE closed;
ALTER DATABASE closed ALLOW_CONNECTIONS false;
ALTER DATABASE "app db" SET work_mem = '7MB';
ALTER DATABASE latin SET search_path = s1, public;
ALTER DATABASE "Plain.Data" CONNECTION LIMIT 12;
ALTER DATABASE postgres SET application_name = 'from the source';
ALTER ROLE "read""er" IN DATABASE "app db" SET statement_timeout = '9s';
ALTER ROLE "App Owner" IN DATABASE latin SET work_mem = '2MB';
COMMENT ON DATABASE "app db" IS 'the app''s database';
COMMENT ON DATABASE postgres IS 'postgres, changed';
GRANT CONNECT, TEMPORARY ON DATABASE "app db" TO "read""er";
REVOKE CONNECT ON DATABASE latin FROM PUBLIC;
GRANT CONNECT ON DATABASE latin TO "read""er" WITH GRANT OPTION;
CREATE TABLE public.in_postgres (id int PRIMARY KEY, note text);
INSERT INTO public.in_postgres VALUES (1, 'one'), (2, NULL), (3, 'three');
"#;

/// In "app db", as its owner.
const APP_SQL: &str = r#"
SET ROLE "App Owner";
CREATE SCHEMA "My Schema";
CREATE TABLE "My Schema"."Order Lines" (id int PRIMARY KEY, "Note" text, amount numeric(10, 2));
INSERT INTO "My Schema"."Order Lines"
    SELECT g, 'line ' || g || E'\ttab "quoted"', g * 1.25 FROM generate_series(1, 700) g;
CREATE INDEX "Order Lines by note" ON "My Schema"."Order Lines" ("Note");
COMMENT ON TABLE "My Schema"."Order Lines" IS 'lines; of "orders"';
GRANT USAGE ON SCHEMA "My Schema" TO "read""er";
GRANT SELECT ON "My Schema"."Order Lines" TO "read""er";
"#;

/// In latin (LATIN1), as its owner; the data has characters outside ASCII. (Every query the
/// dump sends is converted to LATIN1 by the server: a catalog query with a character LATIN1
/// lacks, even in a comment, fails the dump of such a database.)
const LATIN_SQL: &str = r#"
SET client_encoding = 'UTF8';
SET ROLE latin_owner;
CREATE SCHEMA s1;
CREATE TABLE s1."Mixed ""Case""" (id int, name text);
INSERT INTO s1."Mixed ""Case""" VALUES (1, 'crème brûlée'), (2, 'naïve façade'), (3, NULL);
CREATE VIEW s1.names AS SELECT name FROM s1."Mixed ""Case""";
"#;

/// In "Plain.Data", as the superuser.
const PLAIN_SQL: &str = r#"
CREATE TABLE public."select" (a int, b text, c jsonb);
INSERT INTO public."select" SELECT g, md5(g::text), jsonb_build_object('g', g)
    FROM generate_series(1, 2000) g;
CREATE SEQUENCE public.counter START 42;
"#;

/// The databases compared between source and target.
const DATABASES: [&str; 5] = ["template1", "Plain.Data", "app db", "latin", "postgres"];

/// The source cluster, dumped, and what it looked like; it is shut down once this is made.
struct Source {
    /// `tusk dump --all -j 2`.
    dump: PathBuf,
    /// Its standard error (the table).
    dump_stderr: String,
    /// `tusk dump --all --exclude-database '"Plain.Data"' --exclude-database 'lat?n'`.
    excluded: PathBuf,
    /// The source's databases.
    schemas: Schemas,
    /// Their rows.
    sums: Sums,
    /// `pg_dumpall --globals-only`, without its `\restrict` lines.
    globals: String,
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn psql_script(cluster: &Cluster, dbname: &str, sql: &str) {
    let out = run_with_stdin(
        cluster.tool("psql").args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dbname]),
        sql.as_bytes(),
    );
    check(&format!("psql in {dbname}"), &out);
}

fn dumpall_globals(cluster: &Cluster) -> String {
    check("pg_dumpall -g", &cluster.run("pg_dumpall", &["--globals-only"]))
        .lines()
        .filter(|l| !l.starts_with("\\restrict ") && !l.starts_with("\\unrestrict "))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// `pg_dump --create --schema-only` of each of [`DATABASES`].
type Schemas = BTreeMap<&'static str, String>;
/// Per-table checksums of each of [`DATABASES`].
type Sums = BTreeMap<&'static str, BTreeMap<String, String>>;

fn schemas_and_sums(cluster: &Cluster) -> (Schemas, Sums) {
    let schemas =
        DATABASES.iter().map(|d| (*d, pg_dump_text_in(cluster, d, &["--create", "-s"]))).collect();
    let sums = DATABASES.iter().map(|d| (*d, table_checksums_in(cluster, d))).collect();
    (schemas, sums)
}

fn source() -> &'static Source {
    static SOURCE: OnceLock<Source> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let cluster = Cluster::builder().start();
        psql_script(&cluster, "postgres", CLUSTER_SQL);
        psql_script(&cluster, "app db", APP_SQL);
        psql_script(&cluster, "latin", LATIN_SQL);
        psql_script(&cluster, "Plain.Data", PLAIN_SQL);
        let (schemas, sums) = schemas_and_sums(&cluster);
        assert!(schemas["app db"].contains("ALTER ROLE \"read\"\"er\" IN DATABASE"));
        assert!(schemas["latin"].contains("ENCODING = 'LATIN1'"), "{}", schemas["latin"]);
        assert_eq!(sums["app db"]["\"My Schema\".\"Order Lines\""].split(':').next(), Some("700"));
        // The dumps live in the shared cluster's directory, removed at exit.
        let dir = Cluster::shared()
            .data_dir()
            .parent()
            .expect("the data directory has a parent")
            .join(format!("all-{}", cluster.port()));
        fs_err::create_dir_all(&dir).unwrap();
        let conninfo = cluster.conninfo("postgres");
        let (dump, excluded) = (dir.join("all"), dir.join("excluded"));
        let out = tusk(&["dump", "--all", "-j", "2", "-d", &conninfo, "-f", path_str(&dump)]);
        let dump_stderr = stderr_of(&out);
        check("tusk dump --all", &out);
        let out = tusk(&[
            "dump",
            "--all",
            "--exclude-database",
            "\"Plain.Data\"",
            "--exclude-database",
            "lat?n",
            "-Z",
            "gzip",
            "-d",
            &conninfo,
            "-f",
            path_str(&excluded),
        ]);
        check("tusk dump --all --exclude-database", &out);
        let source = Source {
            dump,
            dump_stderr,
            excluded,
            schemas,
            sums,
            globals: dumpall_globals(&cluster),
        };
        cluster.shutdown();
        source
    })
}

/// The line of the table that starts with `name` followed by two spaces.
fn table_line<'a>(stderr: &'a str, name: &str) -> &'a str {
    let prefix = format!("{name}  ");
    stderr
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no line for {name:?} in:\n{stderr}"))
}

#[test]
fn all_dump_writes_globals_one_archive_per_database_and_the_listing_last() {
    let src = source();
    let manifest = read_manifest(&src.dump).expect("tusk-all.json");
    let names: Vec<&str> = manifest.databases.iter().map(|d| d.name.as_str()).collect();
    // pg_dumpall's order: template1 first, then by name; template0 never.
    assert_eq!(names, ["template1", "Plain.Data", "app db", "closed", "latin", "postgres"]);
    for d in &manifest.databases {
        let line = table_line(&src.dump_stderr, &d.name);
        if d.name == "closed" {
            assert_eq!(d.status, DatabaseStatus::NotConnectable);
            assert_eq!(d.archive, None);
            assert!(line.ends_with("skipped: it did not allow connections when dumped"), "{line}");
            continue;
        }
        assert_eq!(d.status, DatabaseStatus::Dumped, "{d:?}");
        assert!(line.ends_with("  dumped"), "{line}");
        let archive = src.dump.join(d.archive.as_deref().expect("an archive"));
        assert_eq!(archive, src.dump.join("databases").join(d.oid.to_string()));
        assert!(archive.join("toc.dat").is_file(), "{}", archive.display());
        assert!((1..=2).contains(&d.jobs), "{d:?}");
    }
    let app = manifest.databases.iter().find(|d| d.name == "app db").unwrap();
    assert_eq!((app.tables, app.rows), (1, 700));
    assert!(src.dump.join("globals/globals.sql").is_file());
    assert!(src.dump.join("globals/tusk-globals.json").is_file());
    assert!(
        src.dump_stderr.contains("tusk: dumped the globals and 5 databases"),
        "{}",
        src.dump_stderr
    );

    // --exclude-database: listed as excluded, no archive.
    let manifest = read_manifest(&src.excluded).expect("tusk-all.json");
    for d in &manifest.databases {
        let excluded = d.name == "Plain.Data" || d.name == "latin";
        assert_eq!(d.status == DatabaseStatus::Excluded, excluded, "{d:?}");
        if excluded {
            assert_eq!(d.archive, None);
            assert!(!src.excluded.join("databases").join(d.oid.to_string()).exists());
        }
    }
    assert_eq!(manifest.dumped().count(), 3);
}

/// Restores the dump into a fresh cluster and compares everything; then the same folder
/// again is refused (the databases exist), and with `--clean --if-exists` gives the same.
#[test]
fn all_round_trip_into_a_fresh_cluster() {
    let src = source();
    let target = Cluster::builder().start();
    let conninfo = target.conninfo("postgres");
    let out = tusk(&["restore", "--all", "-j", "2", "-d", &conninfo, path_str(&src.dump)]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("left out"), "{stderr}");
    for db in DATABASES {
        assert!(table_line(&stderr, db).ends_with("  restored"), "{stderr}");
    }
    assert!(
        table_line(&stderr, "closed")
            .ends_with("skipped: it did not allow connections when dumped"),
        "{stderr}"
    );
    assert!(stderr.contains("tusk: restored the globals and 5 databases"), "{stderr}");
    let compare = |when: &str| {
        let (schemas, sums) = schemas_and_sums(&target);
        for db in DATABASES {
            assert_eq!(schemas[db], src.schemas[db], "{when}: pg_dump --create -s of {db}");
            assert_eq!(sums[db], src.sums[db], "{when}: rows of {db}");
        }
        assert_eq!(dumpall_globals(&target), src.globals, "{when}: pg_dumpall --globals-only");
    };
    compare("restored");

    let out = tusk(&["restore", "--all", "-d", &conninfo, path_str(&src.dump)]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "tusk: error: databases \"Plain.Data\", \"app db\", \"latin\" are already on the \
         target: use --clean to replace them, or drop them first\n"
    );

    let out =
        tusk(&["restore", "--all", "--clean", "--if-exists", "-d", &conninfo, path_str(&src.dump)]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    compare("restored again with --clean");
    target.shutdown();
}

/// A damaged archive fails its database alone: the others restore, the table says which
/// failed and why, the exit status is 1. (The folder is restored without `--all`: a folder
/// with `tusk-all.json` is recognised.)
#[test]
fn all_restore_reports_a_failed_database_and_restores_the_others() {
    let src = source();
    let manifest = read_manifest(&src.dump).unwrap();
    let broken = src.dump.with_file_name(format!(
        "broken-{}",
        src.dump.parent().unwrap().file_name().unwrap().to_string_lossy()
    ));
    copy_tree(&src.dump, &broken);
    let latin = manifest.databases.iter().find(|d| d.name == "latin").unwrap();
    let toc = broken.join(latin.archive.as_deref().unwrap()).join("toc.dat");
    let bytes = fs_err::read(&toc).unwrap();
    fs_err::write(&toc, &bytes[..bytes.len() / 3]).unwrap();

    let target = Cluster::builder().start();
    let out = tusk(&["restore", "-d", &target.conninfo("postgres"), path_str(&broken)]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let line = table_line(&stderr, "latin");
    assert!(line.contains("  failed: ") && line.contains("toc.dat"), "{line}");
    assert_eq!(line.lines().count(), 1);
    for db in DATABASES.iter().filter(|d| **d != "latin") {
        assert!(table_line(&stderr, db).ends_with("  restored"), "{stderr}");
        assert_eq!(table_checksums_in(&target, db), src.sums[db], "rows of {db}");
    }
    assert!(stderr.contains("; 1 failed, 1 skipped"), "{stderr}");
    let databases = target.psql("postgres", "SELECT datname FROM pg_database ORDER BY 1");
    assert!(!databases.lines().any(|l| l == "latin"), "{databases}");
    target.shutdown();
}

fn copy_tree(from: &Path, to: &Path) {
    fs_err::create_dir_all(to).unwrap();
    for entry in fs_err::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs_err::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The errors of `--all` before anything happens: one line each, exit status 1.
#[test]
fn all_errors_are_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let nowhere = "host=/nonexistent/tusk port=1 user=nobody dbname=postgres";
    let one_line = |out: &Output, needle: &str| {
        let stderr = stderr_of(out);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with("tusk: error: ") && stderr.contains(needle), "{stderr}");
    };

    let full = tmp.path().join("full");
    fs_err::create_dir(&full).unwrap();
    fs_err::write(full.join("something"), "x").unwrap();
    let out = tusk(&["dump", "--all", "-d", nowhere, "-f", path_str(&full)]);
    one_line(&out, "exists and is not empty");

    let patterned = tmp.path().join("patterned");
    let out = tusk(&[
        "dump",
        "--all",
        "--exclude-database",
        "a.b",
        "-d",
        nowhere,
        "-f",
        path_str(&patterned),
    ]);
    one_line(&out, "improper qualified name");
    assert!(!patterned.exists(), "a bad pattern fails before the folder is made");

    let empty = tmp.path().join("empty");
    fs_err::create_dir(&empty).unwrap();
    let out = tusk(&["restore", "--all", "-d", nowhere, path_str(&empty)]);
    one_line(&out, "holds no tusk-all.json");

    fs_err::write(empty.join("tusk-all.json"), "{\"format\": \"tusk-all\", \"vers").unwrap();
    let out = tusk(&["restore", "--all", "-d", nowhere, path_str(&empty)]);
    one_line(&out, "is not a valid tusk-all.json");
    // Recognised without --all too.
    let out = tusk(&["restore", "-d", nowhere, path_str(&empty)]);
    one_line(&out, "is not a valid tusk-all.json");

    let out = tusk(&["restore", "--all", "-C", "-d", nowhere, path_str(&empty)]);
    one_line(&out, "-C/--create");
    let out = tusk(&["dump", "--all", "-t", "x", "-f", path_str(&tmp.path().join("t"))]);
    assert_eq!(out.status.code(), Some(2), "clap refuses -t with --all");
    let out = tusk(&["dump", "--exclude-database", "x", "-f", path_str(&tmp.path().join("t"))]);
    assert_eq!(out.status.code(), Some(2), "--exclude-database needs --all");
}
