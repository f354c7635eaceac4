//! `tusk dump --globals-only` and `tusk restore --globals-only` against real servers: a
//! cluster's roles, memberships, role settings, privileges on parameters and tablespace
//! restored into fresh clusters give the source's `pg_dumpall --globals-only` output (with
//! and without passwords); `globals.sql` does the same through stock psql; a non-superuser
//! restore reports each thing it left out. The source's globals hold what its major has
//! (parameter privileges from 15; from 16 grant options and a membership of two grantors),
//! and the tests run against any major (`TUSK_PG_BINDIR`); one restores a 15 dump into 18.
//!
//! Roles and tablespaces are cluster-wide, so every cluster here is private (started by the
//! test kit's builder, shut down at the end), never the shared one.

use std::collections::BTreeSet;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use tusk_testkit::{Cluster, Installation, run_with_stdin};
use tusk_tests::check;

use crate::tusk;

/// The source cluster's globals on every major (13+): roles with every attribute (awkward
/// names, comments, SCRAM and md5 passwords, VALID UNTIL, CONNECTION LIMIT), memberships with
/// grantors and ADMIN OPTION (also of a predefined role; `admin` gets ADMIN OPTION on `grp`
/// before granting it, which 16+ requires; "Mixed Case" sorts before its grantor, so 16+'s
/// grantor order differs from the name order), role settings (global, in the `postgres`
/// database and in `app`, which the fresh targets lack), a tablespace. `:'ts'` is the
/// tablespace's directory. [`source_sql`] adds the per-major parts.
const SOURCE_SQL: &str = r#"
SET password_encryption = 'md5';
CREATE ROLE "md5 user" LOGIN PASSWORD 'md5-secret';
RESET password_encryption;
CREATE ROLE admin SUPERUSER REPLICATION BYPASSRLS CONNECTION LIMIT 2 PASSWORD 'admin-secret';
CREATE ROLE repl REPLICATION LOGIN;
CREATE ROLE rls BYPASSRLS NOLOGIN;
CREATE ROLE grp NOLOGIN NOINHERIT CREATEDB;
CREATE ROLE "we""ird role" LOGIN CREATEROLE PASSWORD 'weird-secret' CONNECTION LIMIT 5
    VALID UNTIL '2031-02-03 04:05:06+00';
CREATE ROLE "Mixed Case" VALID UNTIL 'infinity';
COMMENT ON ROLE grp IS 'the group''s comment';
COMMENT ON ROLE "we""ird role" IS 'weird; "quoted" \ back';
GRANT grp TO admin WITH ADMIN OPTION;
GRANT grp TO "we""ird role" WITH ADMIN OPTION GRANTED BY admin;
GRANT grp TO "Mixed Case" GRANTED BY "we""ird role";
GRANT "Mixed Case" TO repl;
GRANT pg_monitor TO grp;
ALTER ROLE grp SET search_path = a, "b c", public;
ALTER ROLE grp SET work_mem = '8MB';
ALTER ROLE "Mixed Case" SET application_name = 'back\slash';
ALTER ROLE "we""ird role" SET log_min_messages = 'debug1';
CREATE DATABASE app;
ALTER ROLE "Mixed Case" IN DATABASE postgres SET statement_timeout = '5s';
ALTER ROLE grp IN DATABASE app SET work_mem = '16MB';
CREATE TABLESPACE "Tab Space" OWNER grp LOCATION :'ts';
ALTER TABLESPACE "Tab Space" SET (random_page_cost = 2, seq_page_cost = 1.5);
GRANT CREATE ON TABLESPACE "Tab Space" TO "we""ird role";
COMMENT ON TABLESPACE "Tab Space" IS 'a tablespace''s comment';
"#;

/// PostgreSQL 15+: privileges on configuration parameters.
const PARAMETERS_SQL: &str = r#"
GRANT SET ON PARAMETER work_mem TO grp;
GRANT ALTER SYSTEM ON PARAMETER log_min_messages TO "we""ird role" WITH GRANT OPTION;
"#;

/// PostgreSQL 16+: a membership granted by two grantors (both with ADMIN OPTION), and one
/// with the INHERIT and SET options off.
const V16_SQL: &str = r#"
GRANT grp TO "Mixed Case" GRANTED BY admin;
GRANT "Mixed Case" TO rls WITH INHERIT FALSE, SET FALSE;
"#;

/// The source's SQL for a server of `major`.
fn source_sql(major: u32) -> String {
    let mut sql = SOURCE_SQL.to_owned();
    if major >= 15 {
        sql.push_str(PARAMETERS_SQL);
    }
    if major >= 16 {
        sql.push_str(V16_SQL);
    }
    sql
}

/// Role attributes, comments and passwords (the restoring roles left out).
const ROLES_QUERY: &str = "SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, \
     rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolpassword, rolvaliduntil, \
     shobj_description(oid, 'pg_authid') FROM pg_authid \
     WHERE rolname !~ '^pg_' AND rolname NOT IN ('postgres', 'restorer') ORDER BY 1";

/// Memberships without their grantors (once each: from 16 a membership may have several),
/// with their INHERIT and SET options from 16; the restoring role's own left out (from 16 a
/// role with CREATEROLE gets ADMIN OPTION on each role it creates).
fn members_query(major: u32) -> String {
    let options = if major >= 16 { ", a.inherit_option, a.set_option" } else { "" };
    format!(
        "SELECT DISTINCT r.rolname, m.rolname, a.admin_option{options} FROM pg_auth_members a \
         JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member \
         WHERE m.rolname <> 'restorer' ORDER BY 1, 2"
    )
}

/// Memberships with their grantors, those among predefined roles aside (as in pg_dumpall):
/// `role|member|grantor|admin option`.
const GRANTS_QUERY: &str = "SELECT r.rolname, m.rolname, g.rolname, a.admin_option \
     FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid \
     JOIN pg_roles m ON m.oid = a.member LEFT JOIN pg_roles g ON g.oid = a.grantor \
     WHERE m.rolname <> 'restorer' AND NOT (r.rolname ~ '^pg_' AND m.rolname ~ '^pg_') \
     ORDER BY 1, 2, 3";

/// Role settings everywhere and in a database, by names.
const SETTINGS_QUERY: &str = "SELECT r.rolname, coalesce(d.datname, '-'), s.setconfig \
     FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole \
     LEFT JOIN pg_database d ON d.oid = s.setdatabase ORDER BY 1, 2";

/// The source, dumped, and what it looked like.
struct Source {
    /// The source's major.
    major: u32,
    /// `tusk dump --globals-only`.
    dump: PathBuf,
    /// `tusk dump --globals-only --no-role-passwords`.
    dump_no_passwords: PathBuf,
    /// The tablespace's directory in the source.
    location: String,
    /// `pg_dumpall --globals-only` (normalized by [`normalize`]).
    dumpall: String,
    /// `pg_dumpall --globals-only --no-role-passwords` (normalized).
    dumpall_no_passwords: String,
    roles: String,
    /// [`members_query`].
    members: String,
    /// [`GRANTS_QUERY`].
    grants: String,
    settings: String,
}

/// A directory for the tablespace of `cluster`, in the cluster's own directory (removed with
/// it) and owned by the server's OS user (the test kit runs the server unprivileged when the
/// tests run as root).
fn tablespace_dir(cluster: &Cluster, name: &str) -> String {
    let root = cluster.data_dir().parent().expect("the data directory has a parent");
    let dir = root.join(name);
    fs_err::create_dir(&dir).expect("creating the tablespace directory");
    let owner = fs_err::metadata(cluster.data_dir()).expect("the data directory's owner");
    std::os::unix::fs::chown(&dir, Some(owner.uid()), Some(owner.gid()))
        .expect("giving the tablespace directory to the server's user");
    dir.to_str().expect("utf-8 path").to_owned()
}

/// pg_dumpall's output without the `\restrict` lines (their key is random).
fn normalize(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("\\restrict ") && !l.starts_with("\\unrestrict "))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn dumpall(cluster: &Cluster, extra: &[&str]) -> String {
    let mut args = vec!["--globals-only"];
    args.extend_from_slice(extra);
    normalize(&check("pg_dumpall", &cluster.run("pg_dumpall", &args)))
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Creates the source's globals in `cluster` ([`source_sql`] and `extra_sql`) and dumps them.
fn build_source(cluster: &Cluster, extra_sql: &str) -> Source {
    let location = tablespace_dir(cluster, "ts_source");
    let sql = source_sql(cluster.major()) + extra_sql;
    let out = run_with_stdin(
        cluster
            .tool("psql")
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", "postgres"])
            .args(["-v", &format!("ts={location}")]),
        sql.as_bytes(),
    );
    check("psql (the source's globals)", &out);
    // The dumps live in the shared cluster's directory, removed at exit.
    let shared = Cluster::shared();
    let dir = shared
        .data_dir()
        .parent()
        .expect("the data directory has a parent")
        .join(format!("globals-{}", cluster.port()));
    fs_err::create_dir_all(&dir).unwrap();
    let conninfo = cluster.conninfo("postgres");
    let (dump, dump_no_passwords) = (dir.join("all"), dir.join("no-passwords"));
    check("tusk dump -g", &tusk(&["dump", "-g", "-d", &conninfo, "-f", path_str(&dump)]));
    check(
        "tusk dump -g --no-role-passwords",
        &tusk(&[
            "dump",
            "--globals-only",
            "--no-role-passwords",
            "-d",
            &conninfo,
            "-f",
            path_str(&dump_no_passwords),
        ]),
    );
    Source {
        major: cluster.major(),
        dump,
        dump_no_passwords,
        location,
        dumpall: dumpall(cluster, &[]),
        dumpall_no_passwords: dumpall(cluster, &["--no-role-passwords"]),
        roles: cluster.psql("postgres", ROLES_QUERY),
        members: cluster.psql("postgres", &members_query(cluster.major())),
        grants: cluster.psql("postgres", GRANTS_QUERY),
        settings: cluster.psql("postgres", SETTINGS_QUERY),
    }
}

/// The source of the default installation, dumped; its cluster is shut down once this is
/// made.
fn source() -> &'static Source {
    static SOURCE: OnceLock<Source> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let cluster = Cluster::builder().start();
        let source = build_source(&cluster, "");
        cluster.shutdown();
        source
    })
}

/// `tusk restore ARGS`.
fn restore(args: &[&str]) -> Output {
    let mut all = vec!["restore"];
    all.extend_from_slice(args);
    tusk(&all)
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The `tusk: left out: …` lines.
fn left_out(stderr: &str) -> Vec<&str> {
    stderr.lines().filter_map(|l| l.strip_prefix("tusk: left out: ")).collect()
}

#[test]
fn globals_sql_is_what_pg_dumpall_writes() {
    let src = source();
    let script = fs_err::read_to_string(src.dump.join("globals.sql")).unwrap();
    assert_eq!(normalize(&script), src.dumpall);
    let keys: Vec<&str> = script
        .lines()
        .filter_map(|l| l.strip_prefix("\\restrict ").or_else(|| l.strip_prefix("\\unrestrict ")))
        .collect();
    assert_eq!(keys.len(), 2, "{script}");
    assert_eq!(keys[0], keys[1]);
    assert!(keys[0].len() > 30 && keys[0].chars().all(|c| c.is_ascii_alphanumeric()));
    let script = fs_err::read_to_string(src.dump_no_passwords.join("globals.sql")).unwrap();
    assert_eq!(normalize(&script), src.dumpall_no_passwords);
    assert!(!script.contains("PASSWORD"), "{script}");
    let model = fs_err::read_to_string(src.dump_no_passwords.join("tusk-globals.json")).unwrap();
    assert!(!model.contains("\"password\": \""), "{model}");
    assert!(model.contains("\"password\": null"), "{model}");
    // The files hold password hashes: only their owner may read them.
    for f in ["globals.sql", "tusk-globals.json"] {
        let mode = fs_err::metadata(src.dump.join(f)).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o600, "{f}");
    }
}

/// Restores the full dump into a fresh cluster where the database `app` exists (so every
/// setting has its database): `pg_dumpall --globals-only` there is the source's, the
/// tablespace's LOCATION aside, which `--tablespace-mapping` moved to the target's own
/// directory and which is mapped back before comparing.
#[test]
fn globals_round_trip_into_a_fresh_cluster() {
    let src = source();
    let target = Cluster::builder().start();
    target.psql("postgres", "CREATE DATABASE app");
    let location = tablespace_dir(&target, "ts_target");
    let mapping = format!("{}={location}", src.location);
    let conninfo = target.conninfo("postgres");
    let out = restore(&[
        "--globals-only",
        "--tablespace-mapping",
        &mapping,
        "-d",
        &conninfo,
        path_str(&src.dump),
    ]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(left_out(&stderr).is_empty(), "{stderr}");
    assert!(stderr.contains("tusk: restored globals: "), "{stderr}");
    assert!(!stderr.contains("SCRAM-SHA-256") && !stderr.contains("PASSWORD"), "{stderr}");
    let got = dumpall(&target, &[]);
    assert!(got.contains(&format!("LOCATION '{location}'")), "the mapping: {got}");
    assert_eq!(got.replace(&location, &src.location), src.dumpall);
    // What pg_dumpall --globals-only does not show: the settings in a database.
    assert_eq!(target.psql("postgres", SETTINGS_QUERY), src.settings);
    assert_eq!(target.psql("postgres", ROLES_QUERY), src.roles);
    target.shutdown();
}

/// The dump restored with `--no-role-passwords`, and without the `app` database: the
/// target's `pg_dumpall --globals-only --no-role-passwords` is the source's, its roles have
/// no passwords, and the setting in `app` is the one thing reported left out. The dump made
/// with `--no-role-passwords` restores the same.
#[test]
fn globals_round_trip_without_passwords() {
    let src = source();
    for (dump, extra) in [(&src.dump, Some("--no-role-passwords")), (&src.dump_no_passwords, None)]
    {
        let target = Cluster::builder().start();
        let location = tablespace_dir(&target, "ts_target");
        let mapping = format!("{}={location}", src.location);
        let conninfo = target.conninfo("postgres");
        let mut args = vec!["-d", &conninfo, "--tablespace-mapping", &mapping];
        args.extend(extra);
        // Without --globals-only: the directory holds tusk-globals.json and no toc.dat.
        args.push(path_str(dump));
        let out = restore(&args);
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {stderr}");
        assert_eq!(
            left_out(&stderr),
            ["setting of role \"grp\" in database \"app\": SET work_mem: database \"app\" \
                 does not exist in the target (its archive sets it when restored with --create)"],
            "{args:?}"
        );
        assert!(stderr.contains("; 1 thing left out (listed above)"), "{stderr}");
        let got = dumpall(&target, &["--no-role-passwords"]);
        assert_eq!(got.replace(&location, &src.location), src.dumpall_no_passwords, "{args:?}");
        let passwords = target.psql(
            "postgres",
            "SELECT count(*) FROM pg_authid WHERE rolpassword IS NOT NULL AND rolname <> 'postgres'",
        );
        assert_eq!(passwords.trim(), "0", "{args:?}");
        target.shutdown();
    }
}

/// `globals.sql` through stock psql into a fresh cluster gives the same pg_dumpall output. The
/// script's one error is pg_dumpall's own: `CREATE ROLE postgres` where it exists. Its
/// tablespace LOCATION is changed to the target's directory first (the source's is in use),
/// and mapped back before comparing.
#[test]
fn globals_sql_restores_with_psql() {
    let src = source();
    let target = Cluster::builder().start();
    let location = tablespace_dir(&target, "ts_target");
    let script = fs_err::read_to_string(src.dump.join("globals.sql")).unwrap();
    let script = script.replace(&format!("'{}'", src.location), &format!("'{location}'"));
    let out =
        run_with_stdin(target.tool("psql").args(["-X", "-q", "-d", "postgres"]), script.as_bytes());
    let stderr = stderr_of(&out);
    assert!(out.status.success(), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("ERROR")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains("role \"postgres\" already exists"), "{stderr}");
    let got = dumpall(&target, &[]);
    assert_eq!(got.replace(&location, &src.location), src.dumpall);
    target.shutdown();
}

/// A role with CREATEROLE (not a superuser) restores the globals: the attributes it may not
/// give (SUPERUSER, REPLICATION, BYPASSRLS) are reported for the roles that have them, and so
/// is each statement the server refuses (the bootstrap superuser's attributes, a setting only
/// a superuser may make, every grantor but itself, the privileges on parameters (15+), the
/// tablespace; from 16 the membership in a predefined role, on which it has no ADMIN OPTION);
/// the rest is there.
#[test]
fn non_superuser_restore_reports_what_it_left_out() {
    let src = source();
    let target = Cluster::builder().start();
    target.psql("postgres", "CREATE ROLE restorer LOGIN CREATEROLE CREATEDB");
    let conninfo = format!(
        "host={} port={} user=restorer dbname=postgres",
        target.socket_dir().display(),
        target.port()
    );
    let out = restore(&["-g", "-d", &conninfo, path_str(&src.dump)]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    let lines = left_out(&stderr);
    let attributes: BTreeSet<(String, String)> = lines
        .iter()
        .filter(|l| l.ends_with(": the restoring role \"restorer\" is not a superuser"))
        .map(|l| {
            let (object, rest) = l.split_once(": ").unwrap();
            let attribute = rest.split_once(": ").unwrap().0;
            (object.to_owned(), attribute.to_owned())
        })
        .collect();
    let want: BTreeSet<(String, String)> = [
        ("admin", "SUPERUSER"),
        ("admin", "REPLICATION"),
        ("admin", "BYPASSRLS"),
        ("postgres", "SUPERUSER"),
        ("postgres", "REPLICATION"),
        ("postgres", "BYPASSRLS"),
        ("repl", "REPLICATION"),
        ("rls", "BYPASSRLS"),
    ]
    .iter()
    .map(|(r, a)| (format!("role \"{r}\""), (*a).to_owned()))
    .collect();
    assert_eq!(attributes, want, "{stderr}");

    // From 16 a role with CREATEROLE grants only roles it has ADMIN OPTION on (those it
    // created), and names only grantors whose privileges it has.
    let v16 = src.major >= 16;
    let predefined = "membership of \"grp\" in role \"pg_monitor\": GRANT: permission denied \
                      to grant role \"pg_monitor\" (SQLSTATE 42501)";
    let mut others = vec![
        "role \"postgres\": ALTER ROLE … WITH attributes: ",
        "setting of role \"we\"ird role\": SET log_min_messages: ",
        "tablespace \"Tab Space\": CREATE TABLESPACE: permission denied",
        "tablespace \"Tab Space\": its options, privileges and comment: it was not created",
        "setting of role \"grp\" in database \"app\": SET work_mem: database \"app\" does not exist",
    ];
    if src.major >= 15 {
        others.push("privileges on parameter \"work_mem\": privileges: ");
        others.push("privileges on parameter \"log_min_messages\": privileges: ");
    }
    if v16 {
        others.push(predefined);
    }
    for needle in &others {
        let n = lines.iter().filter(|l| l.starts_with(needle)).count();
        assert_eq!(n, 1, "{needle:?} not reported once: {stderr}");
    }
    // Every grant named its grantor, refused: each membership granted by "restorer" instead.
    let grantors: BTreeSet<&str> = lines
        .iter()
        .filter(|l| l.contains(": GRANTED BY "))
        .map(|l| {
            let (what, reason) = l.split_once(" instead): ").unwrap();
            assert!(reason.ends_with("(SQLSTATE 42501)"), "{l}");
            what
        })
        .collect();
    let want: BTreeSet<String> = src
        .grants
        .lines()
        .filter(|l| !(v16 && l.starts_with("pg_monitor|")))
        .map(|l| {
            let f: Vec<&str> = l.split('|').collect();
            format!(
                "membership of \"{}\" in role \"{}\": GRANTED BY \"{}\" (granted by \"restorer\"",
                f[1], f[0], f[2]
            )
        })
        .collect();
    assert_eq!(grantors, want.iter().map(String::as_str).collect(), "{stderr}");
    let refused_grantor = if v16 {
        "permission denied to grant privileges as role \"admin\""
    } else {
        "must be superuser to set grantor"
    };
    let needle = format!(
        "membership of \"we\"ird role\" in role \"grp\": GRANTED BY \"admin\" (granted by \
         \"restorer\" instead): {refused_grantor} (SQLSTATE 42501)"
    );
    assert!(lines.contains(&needle.as_str()), "{needle:?} not reported: {stderr}");
    assert_eq!(lines.len(), 8 + others.len() + grantors.len(), "{stderr}");

    // Everything else was applied: the roles as the source has them, without the three
    // attributes; every membership (with its options from 16) but the refused one; every
    // setting but the refused one and the one in `app`.
    let without_attributes: String = src
        .roles
        .lines()
        .map(|l| {
            let mut f: Vec<&str> = l.split('|').collect();
            for i in [1, 6, 7] {
                f[i] = "f";
            }
            format!("{}\n", f.join("|"))
        })
        .collect();
    assert_eq!(target.psql("postgres", ROLES_QUERY), without_attributes);
    let members: String = src
        .members
        .lines()
        .filter(|l| !(v16 && l.starts_with("pg_monitor|")))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(target.psql("postgres", &members_query(src.major)), members);
    let settings: String = src
        .settings
        .lines()
        .filter(|l| !l.starts_with("we\"ird role|") && !l.contains("|app|"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(target.psql("postgres", SETTINGS_QUERY), settings);
    target.shutdown();
}

/// A grant a 15 server allows and 16+ refuses: its grantor, a superuser, has no ADMIN OPTION
/// on the role.
const GRANTOR_WITHOUT_ADMIN_SQL: &str = r#"
GRANT "Mixed Case" TO "md5 user" GRANTED BY admin;
"#;

/// The grant statements of pg_dumpall's "Role memberships" section, comparable between a
/// server before 16 and one of 16+: pg_dumpall 18 writes neither grantors nor grant options
/// for a server before 16 (its grantors are compared by [`GRANTS_QUERY`]), and writes those of
/// 16+ in grantor order; so the grantors and the INHERIT options (which 16+ took from the
/// members' INHERIT attribute, checked separately) are cut off and the lines sorted.
fn comparable_memberships(dumpall: &str) -> String {
    let lines: Vec<&str> = dumpall.lines().collect();
    let start = lines
        .iter()
        .position(|l| *l == "-- Role memberships")
        .map(|i| i + 3)
        .expect("a Role memberships section");
    let mut grants: Vec<String> = lines[start..]
        .iter()
        .take_while(|l| !l.is_empty())
        .map(|l| {
            let l = l.split(" GRANTED BY ").next().unwrap().trim_end_matches(';');
            let l = l.replace(", INHERIT TRUE", "").replace(", INHERIT FALSE", "");
            let l = l.replace(" WITH INHERIT TRUE", "").replace(" WITH INHERIT FALSE", "");
            format!("{l};\n")
        })
        .collect();
    grants.sort();
    let before: String = lines[..start].iter().map(|l| format!("{l}\n")).collect();
    let after: String = lines[start + grants.len()..].iter().map(|l| format!("{l}\n")).collect();
    format!("{before}{}{after}", grants.concat())
}

/// Globals dumped from a 15 cluster restore into an 18 one: pg_dumpall 18 of both is the
/// same (see [`comparable_memberships`]; the tablespace's location mapped back), the grants
/// keep their grantors (18 needs each grantor's ADMIN OPTION granted first: the 15 dump's
/// order does not do that), every membership inherits as its member's INHERIT attribute says
/// (as on 15), and the one grant whose grantor 18 refuses is made by the restoring superuser
/// instead and reported.
#[test]
fn globals_from_15_restore_into_18() {
    let for_major = |m| Installation::for_major(m).unwrap_or_else(|e| panic!("{e}"));
    let source = Cluster::builder().installation(for_major(15)).start();
    let target = Cluster::builder().installation(for_major(18)).start();
    let src = build_source(&source, GRANTOR_WITHOUT_ADMIN_SQL);
    let pg_dumpall_18 = target.client_program("pg_dumpall");
    let dumpall_18 = |c: &Cluster| {
        let out = c.tool_at(&pg_dumpall_18).arg("--globals-only").output().expect("pg_dumpall");
        normalize(&check("pg_dumpall 18", &out))
    };
    let want = dumpall_18(&source);
    source.shutdown();

    target.psql("postgres", "CREATE DATABASE app");
    let location = tablespace_dir(&target, "ts_target");
    let mapping = format!("{}={location}", src.location);
    let conninfo = target.conninfo("postgres");
    let out =
        restore(&["-g", "--tablespace-mapping", &mapping, "-d", &conninfo, path_str(&src.dump)]);
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert_eq!(
        left_out(&stderr),
        ["membership of \"md5 user\" in role \"Mixed Case\": GRANTED BY \"admin\" (granted by \
          \"postgres\" instead): permission denied to grant privileges as role \"admin\" \
          (SQLSTATE 42501)"],
        "{stderr}"
    );
    let got = dumpall_18(&target).replace(&location, &src.location);
    assert!(got.contains("GRANTED BY"), "the 18 target's grants name their grantors: {got}");
    assert_eq!(comparable_memberships(&got), comparable_memberships(&want));
    let grants = src.grants.replace("Mixed Case|md5 user|admin|", "Mixed Case|md5 user|postgres|");
    assert_eq!(target.psql("postgres", GRANTS_QUERY), grants);
    let inherit = target.psql(
        "postgres",
        "SELECT count(*), count(*) FILTER (WHERE a.inherit_option <> m.rolinherit \
         OR NOT a.set_option) FROM pg_auth_members a JOIN pg_roles m ON m.oid = a.member \
         WHERE m.rolname !~ '^pg_'",
    );
    assert_eq!(inherit.trim(), "6|0", "memberships, those not as on 15");
    assert_eq!(target.psql("postgres", ROLES_QUERY), src.roles);
    assert_eq!(target.psql("postgres", SETTINGS_QUERY), src.settings);
    target.shutdown();
}
