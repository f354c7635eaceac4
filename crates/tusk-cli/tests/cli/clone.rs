//! `tusk clone` against real servers: the dump tests' source database cloned into an empty
//! one is identical (schema and rows), also with -j 4 and split tables; a source or target
//! session that dies mid-copy ends the clone with an error naming the table, and that table
//! is not reported loaded (it is left empty).

use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use tusk_testkit::{Cluster, TestDatabase};
use tusk_tests::{check, pg_dump_text, table_checksums};

use crate::cli::dump::{contents, source};
use crate::{scrub_env, tusk};

fn clone_into(src: &TestDatabase<'_>, dst: &TestDatabase<'_>, extra: &[&str]) -> Output {
    let (s, d) = (src.conninfo(), dst.conninfo());
    let mut args = vec!["clone", "-q", "--source", &s, "--target", &d];
    args.extend_from_slice(extra);
    tusk(&args)
}

fn assert_identical(src: &TestDatabase<'_>, dst: &TestDatabase<'_>, what: &str) {
    assert_eq!(
        pg_dump_text(dst, &["--schema-only"]),
        pg_dump_text(src, &["--schema-only"]),
        "{what}: schema differs"
    );
    assert_eq!(table_checksums(dst), table_checksums(src), "{what}: rows differ");
    assert_eq!(contents(dst), contents(src), "{what}: rows or sequences differ");
}

#[test]
fn the_dump_fixture_database_clones_identically() {
    let cluster = Cluster::shared();
    let src = source(cluster);
    for (what, extra) in
        [("one job", &[][..]), ("-j 4, split tables", &["-j", "4", "--split-pages", "4"][..])]
    {
        let dst = cluster.create_database();
        let out = clone_into(&src, &dst, extra);
        check(&format!("tusk clone ({what})"), &out);
        assert_identical(&src, &dst, what);
    }
}

/// A source with one table big enough that its COPY runs for a while.
fn big_source(cluster: &Cluster) -> TestDatabase<'_> {
    let db = cluster.create_database();
    db.psql(
        "CREATE TABLE public.small (id int PRIMARY KEY);
         INSERT INTO public.small SELECT generate_series(1, 100);
         CREATE TABLE public.huge (id int, pad text);
         INSERT INTO public.huge SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 600000) g;",
    );
    db
}

/// Starts `tusk clone` in the background.
fn spawn_clone(src: &TestDatabase<'_>, dst: &TestDatabase<'_>) -> Child {
    let mut cmd = tusk_testkit::command(env!("CARGO_BIN_EXE_tusk"));
    scrub_env(&mut cmd);
    cmd.args(["clone", "-q", "--source", &src.conninfo(), "--target", &dst.conninfo()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting tusk clone")
}

/// Terminates the backend of `db` whose query matches `pattern` (waiting up to 60 s for it
/// to appear); panics if it never does.
fn kill_backend(db: &TestDatabase<'_>, pattern: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let killed = db.psql(&format!(
            "SELECT count(*) FROM (SELECT pg_catalog.pg_terminate_backend(pid) \
             FROM pg_catalog.pg_stat_activity WHERE datname = pg_catalog.current_database() \
             AND query ILIKE '{pattern}' AND state = 'active' \
             AND pid <> pg_catalog.pg_backend_pid()) t"
        ));
        if killed.trim() != "0" {
            return;
        }
        assert!(Instant::now() < deadline, "no backend running {pattern} appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn assert_failed_naming_huge(out: &Output, dst: &TestDatabase<'_>) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit status; stderr:\n{stderr}");
    assert!(
        stderr.lines().any(|l| l.starts_with("tusk: error:") && l.contains("huge")),
        "no error line names the table:\n{stderr}"
    );
    // The table exists (its definition ran) but holds nothing: its load was one transaction.
    assert_eq!(dst.psql("SELECT count(*) FROM public.huge").trim(), "0", "{stderr}");
    // When the clone gets to its summary, the failed table is not among the loaded ones.
    if let Some(line) = stderr.lines().find(|l| l.starts_with("tusk: restored")) {
        assert!(line.contains(": 1 table,") && line.contains("1 statement failed"), "{line}");
    }
}

#[test]
fn a_source_session_dying_mid_copy_fails_that_table_by_name() {
    let cluster = Cluster::shared();
    let src = big_source(cluster);
    let dst = cluster.create_database();
    let child = spawn_clone(&src, &dst);
    kill_backend(&src, "COPY %huge% TO STDOUT%");
    let out = child.wait_with_output().expect("waiting for tusk clone");
    assert_failed_naming_huge(&out, &dst);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("source: "), "the error says the source failed:\n{stderr}");
    assert_eq!(dst.psql("SELECT count(*) FROM public.small").trim(), "100");
}

#[test]
fn a_target_session_dying_mid_copy_ends_the_clone_naming_the_table() {
    let cluster = Cluster::shared();
    let src = big_source(cluster);
    let dst = cluster.create_database();
    let child = spawn_clone(&src, &dst);
    kill_backend(&dst, "COPY %huge% FROM STDIN%");
    let out = child.wait_with_output().expect("waiting for tusk clone");
    assert_failed_naming_huge(&out, &dst);
}

/// Large objects, their comments and privileges reach the target with the same contents.
#[test]
fn large_objects_clone_with_their_contents() {
    let cluster = Cluster::shared();
    tusk_tests::ensure_fixture_roles(cluster);
    let src = cluster.create_database();
    src.psql(
        "SELECT pg_catalog.lo_from_bytea(0, decode(repeat('00ff5c0a', 400000), 'hex'));
         SELECT pg_catalog.lo_from_bytea(0, 'small');
         SELECT pg_catalog.lo_from_bytea(0, '');
         DO $$ DECLARE o oid; BEGIN
           SELECT min(oid) INTO o FROM pg_catalog.pg_largeobject_metadata;
           EXECUTE format('COMMENT ON LARGE OBJECT %s IS %L', o, 'the big one');
           EXECUTE format('GRANT SELECT ON LARGE OBJECT %s TO alice', o);
         END $$;",
    );
    let objects = |db: &TestDatabase<'_>| {
        db.psql(
            "SELECT oid, md5(pg_catalog.lo_get(oid)), pg_catalog.obj_description(oid, \
             'pg_largeobject'), lomacl FROM pg_catalog.pg_largeobject_metadata ORDER BY oid",
        )
    };
    let dst = cluster.create_database();
    check("tusk clone", &clone_into(&src, &dst, &["-j", "2"]));
    assert_eq!(objects(&dst), objects(&src));
    assert_eq!(objects(&src).lines().count(), 3);
}

/// `-C` creates the source's database on another server (here a second throw-away cluster)
/// and clones into it: the same schema and rows there.
#[test]
fn create_clones_into_a_new_database_on_another_server() {
    let cluster = Cluster::shared();
    let src = source(cluster);
    let other = Cluster::builder().start();
    let s = src.conninfo();
    let t = other.conninfo("postgres");
    let out = tusk(&["clone", "-q", "-C", "-j", "2", "--source", &s, "--target", &t]);
    check("tusk clone -C", &out);
    let dump = |c: &Cluster| {
        let text = check("pg_dump", &c.run("pg_dump", &["--schema-only", "-d", src.name()]));
        text.lines()
            .filter(|l| !l.starts_with("\\restrict ") && !l.starts_with("\\unrestrict "))
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    };
    assert_eq!(dump(&other), dump(cluster), "schema differs on the other server");
    let tables = src.psql(
        "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c \
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
         AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1",
    );
    assert!(tables.lines().count() >= 7, "{tables}");
    for table in tables.lines() {
        let rows = format!(
            "SELECT count(*), md5(string_agg(x::text, E'\\n' ORDER BY x::text)) FROM {table} x"
        );
        assert_eq!(other.psql(src.name(), &rows), cluster.psql(src.name(), &rows), "{table}");
    }
}
