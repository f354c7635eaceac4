//! `tusk restore` against real servers: pg_dump 15 archives restore to the source's schema and
//! rows (also `-j 4`); `--clean --if-exists`, `-C`, `-L`, `--section` and `-t` restore what
//! pg_restore restores; tables are analyzed unless `--no-analyze`; a non-superuser database
//! owner restores with `-O` (exit 3 naming what was skipped, exit 0 with the options that avoid
//! it); bad input gives exit 1 and names the problem; `--exit-on-error` stops at the first error.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use tusk_testkit::{Cluster, TestDatabase};
use tusk_tests::{
    assert_same_text, check, load_sql_fixture, pg_dump_dir, pg_dump_text, pg_restore_into,
    table_checksums, without_creation_time,
};

use crate::tusk;

/// The database loaded with the fixtures' `rich.sql`, what it holds, and pg_dump 15 archives
/// of it. Shared by the tests; none of them changes it.
struct Source {
    /// `pg_dump --schema-only` of it.
    schema: String,
    /// `pg_dump` of it, data included.
    full: String,
    /// [`table_checksums`] of it.
    sums: BTreeMap<String, String>,
    /// `pg_dump -Fd -Z0`.
    plain: PathBuf,
    /// `pg_dump -Fd` (gzip, pg_dump 15's default).
    gzip: PathBuf,
}

fn source() -> &'static Source {
    static SOURCE: OnceLock<Source> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let cluster = Cluster::shared();
        let db = cluster.create_database();
        load_sql_fixture(&db, "rich.sql");
        // In the cluster's own directory, which is removed with the cluster at exit.
        let dir = cluster
            .data_dir()
            .parent()
            .expect("the data directory has a parent")
            .join(format!("restore-archives-{}", db.name()));
        fs_err::create_dir_all(&dir).expect("creating the archives' directory");
        let plain = dir.join("plain");
        let gzip = dir.join("gzip");
        pg_dump_dir(&db, &plain, &["-Z0"]);
        pg_dump_dir(&db, &gzip, &[]);
        Source {
            schema: pg_dump_text(&db, &["--schema-only"]),
            full: pg_dump_text(&db, &[]),
            sums: table_checksums(&db),
            plain,
            gzip,
        }
    })
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Runs `tusk restore ARGS`.
fn restore(args: &[&str]) -> Output {
    let mut all = vec!["restore"];
    all.extend_from_slice(args);
    tusk(&all)
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `tusk restore -d DB EXTRA.. ARCHIVE`, which must exit 0; returns its stderr.
fn restore_into(db: &TestDatabase<'_>, archive: &Path, extra: &[&str]) -> String {
    let conninfo = db.conninfo();
    let mut args = vec!["-d", conninfo.as_str()];
    args.extend_from_slice(extra);
    args.push(path_str(archive));
    let out = restore(&args);
    check(&format!("tusk restore {args:?}"), &out);
    stderr_of(&out)
}

/// The target's schema, rows and full dump are the source's.
fn assert_same_as_source(db: &TestDatabase<'_>, what: &str) {
    let src = source();
    assert_same_text(&pg_dump_text(db, &["--schema-only"]), &src.schema, &format!("schema {what}"));
    assert_eq!(table_checksums(db), src.sums, "rows {what}");
    assert_same_text(&pg_dump_text(db, &[]), &src.full, &format!("full dump {what}"));
}

/// Exit code 1 and exactly one stderr line, `tusk: error: …`, containing every needle.
fn assert_one_error_line(out: &Output, needles: &[&str]) {
    let stderr = stderr_of(out);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    assert!(stderr.starts_with("tusk: error: "), "{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "{stderr:?} lacks {n:?}");
    }
}

/// The dump ids named as `entry N` on the error lines of stderr.
fn failed_entries(stderr: &str) -> BTreeSet<i32> {
    stderr
        .lines()
        .filter(|l| l.contains("error:"))
        .filter_map(|l| {
            let rest = &l[l.find("entry ")? + "entry ".len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

/// Copies a (flat) directory archive.
fn copy_archive(from: &Path, to: &Path) {
    fs_err::create_dir_all(to).unwrap();
    for entry in fs_err::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        fs_err::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The data file of the TABLE DATA entry of `schema.table`.
fn data_file(archive: &Path, schema: &str, table: &str) -> PathBuf {
    let a = ::tusk::archive::Archive::open(archive).expect("opening the archive");
    let entry = a
        .entries()
        .iter()
        .find(|e| {
            e.desc == "TABLE DATA"
                && e.namespace.as_deref() == Some(schema)
                && e.tag.as_deref() == Some(table)
        })
        .unwrap_or_else(|| panic!("no TABLE DATA {schema}.{table}"));
    a.data_file(entry)
        .expect("looking for the data file")
        .unwrap_or_else(|| panic!("no data file for {schema}.{table}"))
        .path
}

// a) pg_dump 15 archives

#[test]
fn pg_dump_15_archives_restore_to_the_source_schema_and_rows() {
    let src = source();
    let cluster = Cluster::shared();
    for (archive, what) in [(&src.plain, "-Z0"), (&src.gzip, "gzip")] {
        for jobs in ["1", "4"] {
            let dst = cluster.create_database();
            restore_into(&dst, archive, &["-j", jobs]);
            assert_same_as_source(
                &dst,
                &format!("after restoring the {what} archive with -j {jobs}"),
            );
        }
    }
}

// b) --clean, -C, -L, --section, -t

#[test]
fn clean_if_exists_restores_over_an_existing_copy() {
    let src = source();
    let dst = Cluster::shared().create_database();
    restore_into(&dst, &src.plain, &[]);
    // Rows that --clean must drop with the tables.
    dst.psql("INSERT INTO public.big VALUES (-1, 'extra'); UPDATE s1.parent SET name = 'changed'");
    restore_into(&dst, &src.gzip, &["--clean", "--if-exists", "-j", "2"]);
    assert_same_as_source(&dst, "after a second restore with --clean --if-exists");
}

#[test]
fn create_recreates_the_dropped_source_database() {
    source(); // creates role alice before a second rich.sql load
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    load_sql_fixture(&db, "rich.sql");
    db.psql(&format!(
        "COMMENT ON DATABASE {0} IS 'restored by -C'; ALTER DATABASE {0} SET work_mem = '5MB'",
        db.name()
    ));
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("a");
    pg_dump_dir(&db, &archive, &["-Z0"]);
    let schema = pg_dump_text(&db, &["--create", "--schema-only"]);
    let full = pg_dump_text(&db, &[]);
    let sums = table_checksums(&db);
    cluster.psql("postgres", &format!("DROP DATABASE {}", db.name()));

    let out = restore(&["-C", "-d", &cluster.conninfo("postgres"), path_str(&archive)]);
    check("tusk restore -C", &out);
    // `db` names the recreated database again.
    assert_same_text(&pg_dump_text(&db, &["--create", "--schema-only"]), &schema, "-C schema");
    assert_eq!(table_checksums(&db), sums, "-C rows");
    assert_same_text(&pg_dump_text(&db, &[]), &full, "-C full dump");
}

#[test]
fn use_list_restores_only_the_listed_entries() {
    let src = source();
    let cluster = Cluster::shared();
    let archive = path_str(&src.plain);
    let listing = check("tusk restore -l", &restore(&["-l", archive]));
    let tusk_list = check("tusk list", &tusk(&["list", archive]));
    assert_same_text(
        &without_creation_time(&listing),
        &without_creation_time(&tusk_list),
        "tusk restore -l against tusk list",
    );
    let dropped = [
        " TABLE DATA public big ",
        " TABLE DATA s1 child ",
        " TABLE s1 ul ",
        " TABLE DATA s1 ul ",
        " ACL s1 TABLE ul ",
    ];
    let mut edited = String::new();
    for line in listing.lines() {
        if dropped.iter().any(|d| line.contains(d)) {
            edited.push(';');
        }
        edited.push_str(line);
        edited.push('\n');
    }
    for d in dropped {
        let n = edited.lines().filter(|l| l.starts_with(';') && l.contains(d)).count();
        assert_eq!(n, 1, "{d:?} is not one line of the listing:\n{listing}");
    }
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("edited.list");
    fs_err::write(&list, &edited).unwrap();
    let list = path_str(&list);

    let dst = cluster.create_database();
    restore_into(&dst, &src.plain, &["-L", list]);
    let stock = cluster.create_database();
    pg_restore_into(&stock, &src.plain, &["-L", list]);
    assert_same_text(
        &pg_dump_text(&dst, &[]),
        &pg_dump_text(&stock, &[]),
        "-L against pg_restore -L",
    );
    let counts = dst.psql(
        "SELECT (SELECT count(*) FROM public.big), (SELECT count(*) FROM s1.child), \
         (SELECT count(*) FROM s1.parent), to_regclass('s1.ul') IS NULL",
    );
    assert_eq!(counts.trim(), "0|0|2|t", "big|child|parent|ul missing");
}

#[test]
fn sections_restore_what_pg_restore_restores() {
    let src = source();
    let cluster = Cluster::shared();
    let dst = cluster.create_database();
    let stock = cluster.create_database();
    for section in ["pre-data", "data", "post-data"] {
        restore_into(&dst, &src.plain, &["--section", section]);
        pg_restore_into(&stock, &src.plain, &["--section", section]);
        assert_same_text(
            &pg_dump_text(&dst, &[]),
            &pg_dump_text(&stock, &[]),
            &format!("after --section {section}, against pg_restore"),
        );
    }
    assert_same_as_source(&dst, "after the three sections");
}

#[test]
fn table_option_restores_what_pg_restore_restores() {
    let src = source();
    let cluster = Cluster::shared();
    let dst = cluster.create_database();
    let stock = cluster.create_database();
    restore_into(&dst, &src.gzip, &["-t", "big"]);
    pg_restore_into(&stock, &src.gzip, &["-t", "big"]);
    assert_same_text(&pg_dump_text(&dst, &[]), &pg_dump_text(&stock, &[]), "-t against pg_restore");
    let sums = table_checksums(&dst);
    assert_eq!(sums.keys().collect::<Vec<_>>(), ["public.big"]);
    assert_eq!(sums["public.big"], src.sums["public.big"]);
}

// c) ANALYZE

/// `analyze_count` of every user table and materialized view (`schema.name` → count).
fn analyze_counts(db: &TestDatabase<'_>) -> BTreeMap<String, i64> {
    let rows = db.psql(
        "SELECT format('%I.%I', n.nspname, c.relname), coalesce(s.analyze_count, 0) \
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid \
         WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') \
         AND n.nspname NOT LIKE 'pg_toast%' \
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
             WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e') \
         ORDER BY 1",
    );
    rows.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (name, count) = l.split_once('|').unwrap_or_else(|| panic!("bad row {l:?}"));
            (name.to_owned(), count.parse().unwrap_or_else(|e| panic!("{l:?}: {e}")))
        })
        .collect()
}

const ANALYZED_RELATIONS: &[&str] =
    &["public.big", "s1.child", "s1.mv", "s1.parent", "s1.pt1", "s1.ul"];

#[test]
fn restored_tables_and_materialized_views_are_analyzed() {
    let src = source();
    let dst = Cluster::shared().create_database();
    restore_into(&dst, &src.plain, &["-j", "2"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let counts = analyze_counts(&dst);
        assert_eq!(counts.keys().collect::<Vec<_>>(), ANALYZED_RELATIONS);
        if counts.values().all(|&n| n > 0) {
            break;
        }
        assert!(Instant::now() < deadline, "not analyzed after the restore: {counts:?}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn no_analyze_leaves_the_tables_unanalyzed() {
    let src = source();
    let dst = Cluster::shared().create_database();
    restore_into(&dst, &src.plain, &["--no-analyze"]);
    // An ANALYZE of our own, counted once the counters show it: before 15 the statistics
    // collector delivers them late, in order, so the restore's own ANALYZEs would show by then.
    dst.psql("ANALYZE s1.parent");
    let deadline = Instant::now() + Duration::from_secs(20);
    let counts = loop {
        let counts = analyze_counts(&dst);
        if counts.get("s1.parent") == Some(&1) || Instant::now() > deadline {
            break counts;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(counts.keys().collect::<Vec<_>>(), ANALYZED_RELATIONS);
    assert_eq!(counts["s1.parent"], 1, "our own ANALYZE: {counts:?}");
    assert!(
        counts.iter().all(|(t, &n)| n == 0 || t == "s1.parent"),
        "analyzed despite --no-analyze: {counts:?}"
    );
}

// d) a non-superuser database owner, as on managed services

const OWNER_ROLE: &str = "owner_role";
const OWNER_PASSWORD: &str = "owner-role-secret";

/// A database owned by [`OWNER_ROLE`] (LOGIN CREATEDB, not superuser) in which the superuser
/// created hstore, as providers do.
fn owned_target() -> TestDatabase<'static> {
    static ROLE: OnceLock<()> = OnceLock::new();
    let cluster = Cluster::shared();
    ROLE.get_or_init(|| {
        cluster.psql(
            "postgres",
            &format!(
                "DO $$ BEGIN CREATE ROLE {OWNER_ROLE} LOGIN CREATEDB PASSWORD '{OWNER_PASSWORD}'; \
                 EXCEPTION WHEN duplicate_object THEN NULL; END $$"
            ),
        );
    });
    let db = cluster.create_database();
    cluster.psql("postgres", &format!("ALTER DATABASE {} OWNER TO {OWNER_ROLE}", db.name()));
    db.psql("CREATE EXTENSION hstore");
    db
}

/// Reaches `db` over TCP as [`OWNER_ROLE`] (scram-sha-256 there, see the test kit's pg_hba).
fn owner_conninfo(db: &TestDatabase<'_>) -> String {
    format!(
        "host=127.0.0.1 port={} user={OWNER_ROLE} password={OWNER_PASSWORD} dbname={}",
        db.cluster().port(),
        db.name()
    )
}

/// What a non-superuser database owner may not do in `rich.sql`'s archive with `-O` (found
/// with stock pg_restore as that role): comment on the superuser's extension (avoided by
/// `--no-comments`), `ALTER DEFAULT PRIVILEGES FOR ROLE postgres` (avoided by `-x`), and
/// `CREATE EVENT TRIGGER` (superuser only; no option but `-L` leaves it out). Grants on the
/// role's own objects to other roles (`GRANT SELECT … TO alice`) succeed.
#[test]
fn non_superuser_owner_completes_with_skipped_statements() {
    let src = source();
    let dst = owned_target();
    let conninfo = owner_conninfo(&dst);
    let out = restore(&["-O", "-d", &conninfo, path_str(&src.plain)]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(3), "exit code; stderr: {stderr}");
    assert!(!stderr.lines().any(|l| l.contains("error:")), "errors: {stderr}");
    let skipped: Vec<&str> = stderr.lines().filter(|l| l.contains("skipped: entry ")).collect();
    let skipped_line = |what: &str, avoid: &[&str]| {
        skipped.iter().any(|l| {
            l.contains(what)
                && l.contains("(SQLSTATE 42501)")
                && avoid.iter().any(|a| l.contains(&format!("avoid with {a}")))
        })
    };
    assert!(
        skipped_line("COMMENT EXTENSION hstore: ", &["--no-comments"]),
        "no skipped COMMENT ON EXTENSION hstore avoided by --no-comments: {stderr}"
    );
    assert!(
        skipped_line("DEFAULT ACL ", &["-x", "--no-privileges", "--no-acl"]),
        "no skipped DEFAULT ACL avoided by -x: {stderr}"
    );
    assert!(skipped_line("EVENT TRIGGER et: ", &[""]), "no skipped EVENT TRIGGER et: {stderr}");
    assert_eq!(skipped.len(), 3, "skipped other statements too: {stderr}");
    assert_eq!(table_checksums(&dst), src.sums, "rows as owner_role");
    let owners = dst.psql(
        "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 's1'",
    );
    assert_eq!(owners.trim(), OWNER_ROLE, "-O leaves the restoring role the owner");
    let grant = dst.psql("SELECT has_table_privilege('alice', 's1.parent', 'SELECT')");
    assert_eq!(grant.trim(), "t", "the GRANT to alice on owner_role's table");
}

#[test]
fn non_superuser_owner_restores_cleanly_with_the_avoiding_options() {
    let src = source();
    let archive = path_str(&src.gzip);
    let listing = check("tusk list", &tusk(&["list", archive]));
    let edited: String = listing
        .lines()
        .map(|l| {
            let mark = if l.contains(" EVENT TRIGGER - et ") { ";" } else { "" };
            format!("{mark}{l}\n")
        })
        .collect();
    assert_eq!(edited.matches(';').count(), listing.matches(';').count() + 1, "{listing}");
    let tmp = tempfile::tempdir().unwrap();
    let list = tmp.path().join("no-event-trigger.list");
    fs_err::write(&list, &edited).unwrap();

    let dst = owned_target();
    let conninfo = owner_conninfo(&dst);
    let out =
        restore(&["-O", "--no-comments", "-x", "-L", path_str(&list), "-d", &conninfo, archive]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "exit code; stderr: {stderr}");
    assert!(!stderr.contains("skipped") && !stderr.contains("error:"), "{stderr}");
    assert_eq!(table_checksums(&dst), src.sums, "rows as owner_role");
}

// e) bad input

#[test]
fn missing_archive_directory_is_one_error_line() {
    let dst = Cluster::shared().create_database();
    let out = restore(&["-d", &dst.conninfo(), "/nonexistent/tusk-archive"]);
    assert_one_error_line(&out, &["/nonexistent/tusk-archive"]);
}

#[test]
fn truncated_toc_is_one_error_line_and_changes_nothing() {
    let src = source();
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("a");
    copy_archive(&src.plain, &archive);
    let toc = fs_err::read(archive.join("toc.dat")).unwrap();
    fs_err::write(archive.join("toc.dat"), &toc[..toc.len() / 2]).unwrap();
    let dst = Cluster::shared().create_database();
    let out = restore(&["-d", &dst.conninfo(), path_str(&archive)]);
    assert_one_error_line(&out, &["toc.dat"]);
    assert!(table_checksums(&dst).is_empty(), "tables created from a truncated archive");
}

#[test]
fn missing_and_corrupt_data_files_fail_only_their_tables() {
    let src = source();
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("a");
    copy_archive(&src.gzip, &archive);
    fs_err::remove_file(data_file(&archive, "s1", "child")).unwrap();
    let big = data_file(&archive, "public", "big");
    let mut bytes = fs_err::read(&big).unwrap();
    let mid = bytes.len() / 2;
    assert!(mid > 1000, "public.big's data file is too small to corrupt: {} bytes", bytes.len());
    bytes[mid..mid + 200].fill(0x5a);
    fs_err::write(&big, &bytes).unwrap();

    let dst = Cluster::shared().create_database();
    let out = restore(&["-d", &dst.conninfo(), "-j", "2", path_str(&archive)]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr: {stderr}");
    for table in ["TABLE DATA s1.child", "TABLE DATA public.big"] {
        assert!(
            stderr.lines().any(|l| l.starts_with("tusk: error: ") && l.contains(table)),
            "no error line names {table}: {stderr}"
        );
    }
    let got = table_checksums(&dst);
    let mut others = 0;
    for (table, sum) in &src.sums {
        if table != "s1.child" && table != "public.big" {
            assert_eq!(got.get(table), Some(sum), "rows of {table}; stderr: {stderr}");
            others += 1;
        }
    }
    assert!(others >= 4, "too few other tables compared: {got:?}");
}

#[test]
fn unreachable_target_is_one_error_line() {
    let src = source();
    let out = restore(&[
        "-h",
        "127.0.0.1",
        "-p",
        "1",
        "-w",
        "-U",
        "postgres",
        "-d",
        "postgres",
        path_str(&src.plain),
    ]);
    assert_one_error_line(&out, &["connect", "127.0.0.1"]);
}

#[test]
fn non_empty_target_without_clean_is_refused_before_any_change() {
    let src = source();
    let dst = Cluster::shared().create_database();
    restore_into(&dst, &src.plain, &[]);
    let before = pg_dump_text(&dst, &[]);
    let out = restore(&["-d", &dst.conninfo(), path_str(&src.plain)]);
    assert_one_error_line(&out, &["not empty", "--clean", dst.name()]);
    assert_same_text(&pg_dump_text(&dst, &[]), &before, "after the refused restore");
    assert_eq!(table_checksums(&dst), src.sums, "rows after the refused restore");
}

// f) --exit-on-error

#[test]
fn exit_on_error_stops_at_the_first_failed_entry() {
    let src = source();
    let cluster = Cluster::shared();
    let archive = ::tusk::archive::Archive::open(&src.plain).expect("opening the archive");
    let data_entries: BTreeSet<i32> = archive
        .entries()
        .iter()
        .filter(|e| e.section == ::tusk::archive::Section::Data)
        .map(|e| e.dump_id)
        .collect();
    assert!(data_entries.len() >= 9, "{data_entries:?}");
    // In a 1.16 archive (pg_dump 17+, the stock pg_dump of a 16+ test server) the large
    // objects' BLOB METADATA entries belong to the data section as pg_restore 17+ selects it:
    // they create the objects, so their BLOBS entries load.
    let groups_blobs = archive.entries().iter().any(|e| e.desc == "BLOB METADATA");
    let data_entries: BTreeSet<i32> = archive
        .entries()
        .iter()
        .filter(|e| data_entries.contains(&e.dump_id))
        .filter(|e| !(groups_blobs && matches!(e.desc.as_str(), "BLOBS" | "BLOB METADATA")))
        .map(|e| e.dump_id)
        .collect();

    // The data section into an empty database: without -e every data entry fails, each for
    // its own reason (no table, no schema, no large object), as with pg_restore.
    let dst = cluster.create_database();
    let out = restore(&["--section", "data", "-d", &dst.conninfo(), path_str(&src.plain)]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr: {stderr}");
    assert_eq!(failed_entries(&stderr), data_entries, "not every data entry failed: {stderr}");
    for line in stderr.lines().filter(|l| l.starts_with("tusk: error: entry ")) {
        assert!(
            ["(SQLSTATE 42P01)", "(SQLSTATE 3F000)", "(SQLSTATE 42704)"]
                .iter()
                .any(|state| line.ends_with(state)),
            "not the server's reason for this entry: {line}\nstderr: {stderr}"
        );
    }

    // With -e the first failure ends the run.
    let dst = cluster.create_database();
    let out = restore(&["--section", "data", "-e", "-d", &dst.conninfo(), path_str(&src.plain)]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "exit code with -e; stderr: {stderr}");
    assert!(stderr.contains("--exit-on-error"), "{stderr}");
    let first = failed_entries(&stderr);
    assert_eq!(first.len(), 1, "-e went on after the first failure: {stderr}");
    assert!(first.is_subset(&data_entries), "{first:?} not among {data_entries:?}");
}
