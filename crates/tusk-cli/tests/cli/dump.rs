//! `tusk dump` against real servers: archives restored by stock pg_restore give the source's
//! schema and rows; determinism; bad input fails with one line and no toc.dat.

use std::path::Path;
use std::process::{Output, Stdio};

use tusk_testkit::{Cluster, TestDatabase};
use tusk_tests::{
    check, pg_dump_dir, pg_dump_text, pg_restore_into, pg_restore_list, without_creation_time,
};

use crate::tusk;

/// Object kinds the catalog covers, with awkward names, column features and data.
pub(crate) const SOURCE_SQL: &str = r#"
SET TimeZone = 'America/New_York';
CREATE SCHEMA "Odd Schema";
COMMENT ON SCHEMA "Odd Schema" IS 'a schema with a space';
CREATE TABLE "Odd Schema"."Mixed Case" (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "select" text NOT NULL DEFAULT 'x',
    "with space" varchar(10) COLLATE "C",
    dropped int,
    g int GENERATED ALWAYS AS (id * 2) STORED
);
ALTER TABLE "Odd Schema"."Mixed Case" DROP COLUMN dropped;
ALTER TABLE "Odd Schema"."Mixed Case" ALTER COLUMN "select" SET STATISTICS 50;
INSERT INTO "Odd Schema"."Mixed Case" ("select", "with space") VALUES ('a', 'b c'), ('', NULL);
CREATE TABLE public.kinds (
    id serial PRIMARY KEY, t text, b bytea, f float8, n numeric, arr int[], tarr text[],
    j json, jb jsonb, r int4range, ts timestamptz, d date, iv interval, u uuid
);
COMMENT ON TABLE public.kinds IS 'awkward ''data''';
COMMENT ON COLUMN public.kinds.t IS 'text column';
INSERT INTO public.kinds (t, b, f, n, arr, tarr, j, jb, r, ts, d, iv, u) VALUES
 (NULL, NULL, 'NaN', 'NaN', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 ('', '\x', 'Infinity', 1.5, '{}', '{}', '{}', '{}', 'empty', 'infinity', '-infinity', '0',
  '00000000-0000-0000-0000-000000000000'),
 (E'back\\slash\ttab\nnewline\rcr', '\x00ff5c0a09', '-Infinity', -0.0, '{1,NULL,3}',
  ARRAY['a b', NULL, 'c"d', E'e\\f', '', 'NULL'], '{"a": [1, "x\ny"], "b": null}',
  '{"k": "\u00e9\\\"q"}', '[1,10)', '2024-03-10 01:30:00', '2024-02-29', '1 day -02:03:04',
  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
 ('unicode: é ☃ 𝄞 日本語', '\xdeadbeef', 1.0000000000000002, 123456789012345678901234567890.5,
  '{{1,2},{3,4}}', '{"{}",",",")"}', '"str"', '[1, 2.50, {"x": []}]', '(,5]',
  '2024-11-03 01:30:00-04', '0001-01-01', '-178000000 years', NULL),
 (E'\\N', E'\\x5c4e', 5e-324, 0, NULL, NULL, 'null', 'null', NULL, '1999-12-31 23:59:59.999999+14',
  NULL, NULL, NULL);
CREATE TABLE public.parent (id int PRIMARY KEY, name text UNIQUE);
CREATE TABLE public.child (
    id int PRIMARY KEY CHECK (id > 0),
    parent_id int REFERENCES public.parent (id) ON DELETE CASCADE
);
CREATE INDEX child_parent_idx ON public.child (parent_id);
INSERT INTO public.parent SELECT g, 'p' || g FROM generate_series(1, 50) g;
INSERT INTO public.child SELECT g, g % 50 + 1 FROM generate_series(1, 200) g;
CREATE SEQUENCE public.standalone START 100 INCREMENT 5;
SELECT setval('public.standalone', 150);
CREATE TABLE public.measure (city int, logdate date NOT NULL, peak int) PARTITION BY RANGE (logdate);
CREATE TABLE public.measure_2024 PARTITION OF public.measure
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.measure_2025 PARTITION OF public.measure
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX measure_city ON public.measure (city);
INSERT INTO public.measure SELECT g, DATE '2024-06-01' + g, g * 3 FROM generate_series(1, 400) g;
CREATE TABLE public.big AS SELECT g AS id, repeat(md5(g::text), 6) AS pad
    FROM generate_series(1, 20000) g;
ALTER TABLE public.big ADD PRIMARY KEY (id);
ANALYZE;
"#;

/// Tables whose rows are compared.
const TABLES: &[&str] = &[
    r#""Odd Schema"."Mixed Case""#,
    "public.kinds",
    "public.parent",
    "public.child",
    "public.measure_2024",
    "public.measure_2025",
    "public.big",
];

pub(crate) fn source(cluster: &Cluster) -> TestDatabase<'_> {
    let db = cluster.create_database();
    db.psql(SOURCE_SQL);
    db
}

/// An ordered checksum and count of every compared table, plus the sequences' state.
pub(crate) fn contents(db: &TestDatabase<'_>) -> String {
    let mut out = String::new();
    for t in TABLES {
        out.push_str(&db.psql(&format!(
            "SELECT '{t}', count(*), md5(string_agg(x::text, E'\\n' ORDER BY x::text)) FROM {t} x"
        )));
    }
    out.push_str(&db.psql("SELECT last_value, is_called FROM public.standalone"));
    out.push_str(&db.psql("SELECT last_value, is_called FROM public.kinds_id_seq"));
    out
}

/// Runs tusk with the PG* variables scrubbed and `envs` set.
fn tusk_with_env(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = tusk_testkit::command(env!("CARGO_BIN_EXE_tusk"));
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        if k.starts_with("PG") || k.starts_with("TUSK_LOG") {
            cmd.env_remove(k);
        }
    }
    cmd.envs(envs.iter().copied()).args(args).output().expect("running tusk")
}

/// `tusk dump` that must succeed; returns stderr.
fn dump(db: &TestDatabase<'_>, dir: &Path, extra: &[&str]) -> String {
    let conninfo = db.conninfo();
    let mut args = vec!["dump", "--no-sync", "-d", &conninfo, "-f", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    // A non-UTC session time zone: timestamptz values must still restore to the same instants.
    let out = tusk_with_env(&args, &[("PGOPTIONS", "-c TimeZone=Asia/Kathmandu")]);
    check("tusk dump", &out);
    assert!(dir.join("toc.dat").exists());
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn schema_text(db: &TestDatabase<'_>) -> String {
    pg_dump_text(db, &["--schema-only"])
}

#[test]
fn restored_archives_match_the_source() {
    let cluster = Cluster::shared();
    let src = source(cluster);
    let want_schema = schema_text(&src);
    let want_rows = contents(&src);
    for (compress, restore_jobs) in [("none", None), ("gzip", Some("2")), ("gzip:9", None)] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a");
        dump(&src, &dir, &["-Z", compress, "-j", "2"]);
        let dst = cluster.create_database();
        let mut extra = vec![];
        if let Some(j) = restore_jobs {
            extra.extend(["-j", j]);
        }
        pg_restore_into(&dst, &dir, &extra);
        assert_eq!(schema_text(&dst), want_schema, "schema after -Z {compress}");
        assert_eq!(contents(&dst), want_rows, "rows after -Z {compress}");
    }
}

#[test]
fn zstd_archive_lists_and_has_the_special_entries() {
    let cluster = Cluster::shared();
    let src = source(cluster);
    src.psql(&format!("COMMENT ON DATABASE {} IS 'the source'", src.name()));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a");
    dump(&src, &dir, &[]);
    let out = tusk(&["list", "-C", dir.to_str().unwrap()]);
    let listing = check("tusk list", &out);
    for needle in [
        ";     Format: DIRECTORY",
        ";     Compression: zstd",
        &format!("DATABASE - {} postgres", src.name()),
        &format!("COMMENT - DATABASE {} postgres", src.name()),
        "TABLE DATA public big postgres",
        "SEQUENCE SET public standalone postgres",
    ] {
        assert!(listing.contains(needle), "{needle:?} missing in:\n{listing}");
    }
    let archive = ::tusk::archive::Archive::open(&dir).unwrap();
    let descs: Vec<&str> = archive.entries().iter().take(4).map(|e| e.desc.as_str()).collect();
    assert_eq!(descs, ["ENCODING", "STDSTRINGS", "SEARCHPATH", "DATABASE"]);
    assert_eq!(archive.entries()[0].defn.as_deref(), Some("SET client_encoding = 'UTF8';\n"));
    let mut ids: Vec<i32> = archive.entries().iter().map(|e| e.dump_id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), archive.entries().len(), "dump ids collide");
    let db = archive.entries().iter().find(|e| e.desc == "DATABASE").unwrap();
    assert_eq!(
        db.defn.as_deref().unwrap(),
        format!(
            "CREATE DATABASE {} WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc \
             LOCALE = '{}';\n",
            src.name(),
            src.psql("SELECT datcollate FROM pg_database WHERE datname = current_database()")
                .trim()
        )
    );
    assert!(dir.join("tusk-manifest.json").exists());
}

#[test]
fn parallel_split_dump_is_consistent() {
    let cluster = Cluster::shared();
    let src = source(cluster);
    let want = contents(&src);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a");
    dump(&src, &dir, &["-Z", "gzip", "-j", "4", "--split-pages", "20"]);
    let manifest = fs_err::read_to_string(dir.join("tusk-manifest.json")).unwrap();
    assert!(manifest.matches("compressed_offset").count() > TABLES.len() + 3, "no table split");
    let dst = cluster.create_database();
    pg_restore_into(&dst, &dir, &["-j", "2"]);
    assert_eq!(contents(&dst), want);
}

#[test]
fn two_dumps_of_an_unchanged_database_are_identical() {
    let cluster = Cluster::shared();
    let src = source(cluster);
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    dump(&src, &a, &["-Z", "none", "-j", "3"]);
    dump(&src, &b, &["-Z", "none", "-j", "1"]);
    let list =
        |d: &Path| without_creation_time(&check("list", &tusk(&["list", d.to_str().unwrap()])));
    assert_eq!(list(&a), list(&b));
    let mut names: Vec<_> = fs_err::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        // Data files (toc.dat differs in its creation time; `tusk list` compared the rest).
        .filter(|n| n.ends_with(".dat") && n != "toc.dat")
        .collect();
    names.sort();
    assert!(names.len() >= TABLES.len());
    for n in names {
        assert_eq!(fs_err::read(a.join(&n)).unwrap(), fs_err::read(b.join(&n)).unwrap(), "{n}");
    }
}

#[test]
fn selection_flags() {
    let cluster = Cluster::shared();
    let src = source(cluster);
    let tmp = tempfile::tempdir().unwrap();
    let listing = |extra: &[&str], name: &str| {
        let dir = tmp.path().join(name);
        dump(&src, &dir, extra);
        check("list", &tusk(&["list", dir.to_str().unwrap()]))
    };
    // -t with a quoted mixed-case name: only that table, its sequence and constraints.
    let l = listing(&["-t", r#""Odd Schema"."Mixed Case""#, "-Z", "none"], "t");
    assert!(
        l.contains("TABLE DATA \"Odd Schema\" \"Mixed Case\"") || l.contains("Mixed Case"),
        "{l}"
    );
    assert!(!l.contains("kinds"), "{l}");
    assert!(!l.contains("SCHEMA - \"Odd Schema\""), "{l}");
    // -n public -T big --exclude-table-data kinds -s/-a.
    let l = listing(&["-n", "PUBLIC", "-T", "b?g", "--exclude-table-data", "kin*"], "n");
    assert!(!l.contains("Mixed Case") && !l.contains(" big "), "{l}");
    assert!(l.contains("TABLE public kinds") && !l.contains("TABLE DATA public kinds"), "{l}");
    assert!(l.contains("TABLE DATA public parent"), "{l}");
    let l = listing(&["-s"], "s");
    assert!(!l.contains("TABLE DATA") && l.contains("TABLE public big"), "{l}");
    let l = listing(&["-a"], "a");
    assert!(l.contains("TABLE DATA public big") && !l.contains("TABLE public big"), "{l}");
    let l = listing(&["--no-comments"], "c");
    assert!(!l.contains("COMMENT"), "{l}");
}

/// Objects in `public` and in another schema that reaches into it.
const PUBLIC_SQL: &str = r#"
CREATE TABLE public.t1 (a int PRIMARY KEY, b text);
INSERT INTO public.t1 VALUES (1, 'one');
COMMENT ON TABLE public.t1 IS 'in public';
CREATE SEQUENCE public.s1;
CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE SCHEMA other;
CREATE TABLE other.t2 (b int REFERENCES public.t1);
CREATE VIEW other.v AS SELECT a FROM public.t1;
"#;

/// The entries of an archive as stock `pg_restore -l -v` lists them, without the dump ids
/// (tusk's differ from pg_dump's): each entry's catalog ids, kind, schema, name and owner,
/// then the entries it depends on, named the same way (sorted; `<absent>` for a dump id
/// without an entry).
fn entries_with_dependencies(cluster: &Cluster, archive: &Path) -> Vec<String> {
    let listing = pg_restore_list(cluster, archive, &["-v"]);
    let entry = |line: &str| -> Option<(String, String)> {
        let (id, rest) = line.split_once("; ")?;
        id.parse::<i32>().ok()?;
        Some((id.to_owned(), rest.to_owned()))
    };
    let names: std::collections::BTreeMap<String, String> =
        listing.lines().filter_map(entry).collect();
    let mut out = Vec::new();
    for line in listing.lines() {
        if let Some(deps) = line.strip_prefix(";\tdepends on:") {
            let mut deps: Vec<&str> = deps
                .split_whitespace()
                .map(|d| names.get(d).map_or("<absent>", String::as_str))
                .collect();
            deps.sort_unstable();
            out.push(format!("    depends on: {}", deps.join(" | ")));
        } else if let Some((_, rest)) = entry(line) {
            out.push(rest);
        }
    }
    out
}

/// What stock `pg_restore -f -` writes for an archive, without the lines that differ between
/// tusk's and pg_dump's archives of the same database (the `\restrict` key, the program).
fn restore_script(cluster: &Cluster, archive: &Path) -> String {
    let archive = archive.to_str().expect("utf-8 path");
    let script = check("pg_restore -f -", &cluster.run("pg_restore", &["-f", "-", archive]));
    script
        .lines()
        .filter(|l| {
            !l.starts_with("\\restrict ")
                && !l.starts_with("\\unrestrict ")
                && !l.starts_with("-- Dumped by ")
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

/// `-n` naming the `public` schema (also by a pattern, also with another schema) dumps it as
/// pg_dump 15 does, as any other schema: `CREATE SCHEMA public;` with its owner (also
/// `pg_database_owner`), its comment whatever it says, its privileges, and the objects in it
/// depending on it. Without `-n` (or with `-N`, or `-t`, which outweighs `-n`) it stays as
/// pg_dump dumps it then. Same entries, dependencies and script as stock pg_dump, for the
/// default owner, another owner with changed privileges and comment, and no comment.
#[test]
fn public_schema_selected_by_n_is_dumped_as_pg_dump_dumps_it() {
    let cluster = Cluster::shared();
    cluster.psql(
        "postgres",
        "DO $$ BEGIN CREATE ROLE \"Public Owner\"; \
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$; \
         DO $$ BEGIN CREATE ROLE public_user; \
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
    );
    let databases = [
        ("default", ""),
        (
            "changed",
            "ALTER SCHEMA public OWNER TO \"Public Owner\";
             GRANT CREATE ON SCHEMA public TO public_user;
             REVOKE USAGE ON SCHEMA public FROM PUBLIC;
             COMMENT ON SCHEMA public IS 'the ''changed'' schema';",
        ),
        (
            "uncommented",
            "COMMENT ON SCHEMA public IS NULL; GRANT CREATE ON SCHEMA public TO public_user;",
        ),
    ];
    // Each with whether public is created.
    let option_sets: &[(&[&str], bool)] = &[
        (&[], false),
        (&["-n", "public"], true),
        (&["-n", "pub*"], true),
        (&["-n", "public", "-n", "other"], true),
        (&["-N", "public"], false),
        (&["-n", "public", "-t", "public.t1"], false),
        (&["-n", "public", "-x", "--no-comments"], true),
    ];
    let tmp = tempfile::tempdir().unwrap();
    for (name, setup) in databases {
        let src = cluster.create_database();
        src.psql(PUBLIC_SQL);
        src.psql(setup);
        for (i, &(opts, created)) in option_sets.iter().enumerate() {
            let ours = tmp.path().join(format!("{name}-tusk-{i}"));
            let theirs = tmp.path().join(format!("{name}-pg_dump-{i}"));
            // pg_restore 15 reads no zstd: -Z 0 for both.
            let mut args = vec!["-Z", "0"];
            args.extend_from_slice(opts);
            dump(&src, &ours, &args);
            pg_dump_dir(&src, &theirs, &args);
            assert_eq!(
                entries_with_dependencies(cluster, &ours),
                entries_with_dependencies(cluster, &theirs),
                "{name} database, tusk dump {opts:?}: other entries or dependencies than pg_dump's"
            );
            let script = restore_script(cluster, &ours);
            assert_eq!(
                script,
                restore_script(cluster, &theirs),
                "{name} database, tusk dump {opts:?}: another script than pg_dump's"
            );
            assert_eq!(
                script.contains("\nCREATE SCHEMA public;\n"),
                created,
                "{name} database, {opts:?}:\n{script}"
            );
        }
    }
}

/// Asserts one error line naming every needle, exit 1, and no toc.dat in `dir`.
fn assert_fails(out: &Output, dir: Option<&Path>, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("tusk: error: ")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    for n in needles {
        assert!(errors[0].contains(n), "{:?} lacks {n:?}", errors[0]);
    }
    if let Some(dir) = dir {
        assert!(!dir.join("toc.dat").exists(), "toc.dat written despite the error");
    }
}

#[test]
fn bad_input_fails_cleanly() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    db.psql("CREATE TABLE t (a int); CREATE TABLE \"Locked\" (a int)");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    let d = dir.to_str().unwrap();
    let conninfo = db.conninfo();

    // Unreachable host.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let port = port.to_string();
    let out = tusk(&["dump", "-h", "127.0.0.1", "-p", &port, "-U", "postgres", "-d", "x", "-f", d]);
    assert_fails(&out, Some(&dir), &["127.0.0.1"]);

    // Wrong password over TCP.
    let cport = cluster.port().to_string();
    let out = tusk_with_env(
        &["dump", "-h", "127.0.0.1", "-p", &cport, "-U", "postgres", "-d", db.name(), "-f", d],
        &[("PGPASSWORD", "wrong")],
    );
    assert_fails(&out, Some(&dir), &["password"]);

    // Missing database.
    let missing = format!("{} dbname=no_such_db", cluster.conninfo("postgres"));
    let out = tusk(&["dump", "-d", &missing, "-f", d]);
    assert_fails(&out, Some(&dir), &["no_such_db"]);

    // A pattern matching nothing with --strict-names.
    let out = tusk(&["dump", "-d", &conninfo, "-t", "nomatch", "--strict-names", "-f", d]);
    assert_fails(&out, Some(&dir), &["nomatch"]);

    // Include patterns that match nothing at all, without --strict-names: pg_dump refuses
    // to dump nothing, and so does tusk (one pattern matching is enough).
    let out = tusk(&["dump", "-d", &conninfo, "-t", "nomatch", "-t", "nomatch2", "-f", d]);
    assert_fails(&out, Some(&dir), &["no matching tables were found"]);
    let out = tusk(&["dump", "-d", &conninfo, "-n", "no_such_schema", "-f", d]);
    assert_fails(&out, Some(&dir), &["no matching schemas were found"]);

    // Non-empty output directory.
    let full = tmp.path().join("full");
    fs_err::create_dir(&full).unwrap();
    fs_err::write(full.join("x"), b"x").unwrap();
    let out = tusk(&["dump", "-d", &conninfo, "-f", full.to_str().unwrap()]);
    assert_fails(&out, Some(&full), &[full.to_str().unwrap()]);

    // Unwritable output (a path under a regular file).
    let file = tmp.path().join("file");
    fs_err::write(&file, b"x").unwrap();
    let under = file.join("sub");
    let out = tusk(&["dump", "-d", &conninfo, "-f", under.to_str().unwrap()]);
    assert_fails(&out, None, &[under.to_str().unwrap()]);

    // Unsupported format.
    let out = tusk(&["dump", "-d", &conninfo, "-F", "c", "-f", d]);
    assert_fails(&out, Some(&dir), &["not supported"]);

    // Foreign tables' data is not dumped: asking for it is an error, not a silent no-op.
    let out = tusk(&["dump", "-d", &conninfo, "--include-foreign-data", "*", "-f", d]);
    assert_fails(&out, Some(&dir), &["--include-foreign-data", "not supported"]);

    // A table locked by another session: the lock wait times out, naming the table.
    let mut holder: std::process::Child = cluster
        .tool("psql")
        .args(["-X", "-q", "-d", db.name(), "-c"])
        .arg("BEGIN; LOCK TABLE \"Locked\" IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60);")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_lock(&db);
    let locked = tmp.path().join("locked");
    let out = tusk(&[
        "dump",
        "-d",
        &conninfo,
        "--lock-wait-timeout",
        "1s",
        "-f",
        locked.to_str().unwrap(),
    ]);
    let _ = holder.kill();
    let _ = holder.wait();
    assert_fails(&out, Some(&locked), &["Locked"]);
}

fn wait_for_lock(db: &TestDatabase<'_>) {
    for _ in 0..100 {
        let n = db.psql(
            "SELECT count(*) FROM pg_locks WHERE mode = 'AccessExclusiveLock' \
             AND relation = '\"Locked\"'::regclass AND granted",
        );
        if n.trim() == "1" {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("the lock holder never got its lock");
}

/// Subscriptions are readable by superusers only: a dump by any other role names each in a
/// warning that says so (not "not supported yet"), unless --no-subscriptions leaves them out
/// anyway. Base types, once reported as not dumped, are dumped.
#[test]
fn unreadable_subscriptions_are_warned_about() {
    let cluster = Cluster::shared();
    cluster.psql(
        "postgres",
        r#"DO $$ BEGIN CREATE ROLE "Sub Dumper" LOGIN;
           EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;"#,
    );
    let db = cluster.create_database();
    db.psql(
        r#"CREATE TABLE t (a int); GRANT SELECT ON t TO "Sub Dumper";
           CREATE TYPE base_t;
           CREATE FUNCTION base_in(cstring) RETURNS base_t LANGUAGE internal STRICT AS 'int4in';
           CREATE FUNCTION base_out(base_t) RETURNS cstring LANGUAGE internal STRICT AS 'int4out';
           CREATE TYPE base_t (INPUT = base_in, OUTPUT = base_out, LIKE = int4);
           CREATE PUBLICATION p FOR TABLE t;
           CREATE SUBSCRIPTION "Sub x" CONNECTION 'dbname=nowhere' PUBLICATION p
               WITH (connect = false, slot_name = NONE, create_slot = false, enabled = false);"#,
    );
    let conninfo = format!("{} user='Sub Dumper'", db.conninfo());
    let tmp = tempfile::tempdir().unwrap();
    let run = |name: &str, extra: &[&str]| {
        let dir = tmp.path().join(name);
        let mut args =
            vec!["dump", "--no-sync", "-q", "-d", &conninfo, "-f", dir.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = tusk(&args);
        check("tusk dump as a role that is not a superuser", &out);
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let stderr = run("a", &[]);
    let warning = stderr.lines().find(|l| l.contains("not dumped")).unwrap_or_else(|| {
        panic!("no warning in {stderr:?}");
    });
    assert!(warning.contains("WARN"), "{warning}");
    assert!(
        warning.contains(
            r#"these subscriptions are not dumped (only a superuser may read subscriptions): "Sub x""#
        ),
        "{warning}"
    );
    assert!(!stderr.contains("not supported yet"), "{stderr}");
    let stderr = run("b", &["--no-subscriptions"]);
    assert!(!stderr.contains("not dumped"), "{stderr}");
}

#[test]
fn a_table_dropped_while_the_dump_waits_for_its_lock_fails_cleanly() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    db.psql("CREATE TABLE keep (a int); CREATE TABLE \"Doomed\" (a int)");
    // Another session locks the table, waits, then drops it: the dump queues behind the lock
    // and finds the table gone when it gets it.
    let mut holder: std::process::Child = cluster
        .tool("psql")
        .args(["-X", "-q", "-d", db.name(), "-c"])
        .arg(
            "BEGIN; LOCK TABLE \"Doomed\" IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(2); \
             DROP TABLE \"Doomed\"; COMMIT;",
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out");
    for _ in 0..100 {
        let n = db.psql(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation \
             WHERE c.relname = 'Doomed' AND l.mode = 'AccessExclusiveLock' AND l.granted",
        );
        if n.trim() == "1" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = tusk(&["dump", "-d", &db.conninfo(), "-f", dir.to_str().unwrap()]);
    let _ = holder.wait();
    assert_fails(&out, Some(&dir), &["Doomed"]);
}
