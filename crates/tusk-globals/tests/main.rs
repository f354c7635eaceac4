//! `tusk-globals` against a real server: what it reads renders to pg_dumpall's
//! `--globals-only` script exactly; the model survives its JSON form; role patterns leave roles
//! out; a role that may not read `pg_authid` reads the rest without passwords and is warned;
//! applying into the same cluster changes nothing but reports what it could not redo.
//!
//! Roles are cluster-wide: the cluster is private to the one test, which runs the cases one
//! after the other and shuts it down at the end.

use tusk_globals::{ApplyOptions, ReadOptions, apply, read_dir, read_globals, render, write_dir};
use tusk_pg::ConnectionSettings;
use tusk_testkit::Cluster;

const SQL: &str = r#"
CREATE ROLE "Ädmin ""quoted""" SUPERUSER PASSWORD 'pw1' VALID UNTIL '2030-01-01 00:00:00+00';
CREATE ROLE app_reader LOGIN NOINHERIT CONNECTION LIMIT 10;
CREATE ROLE app_writer LOGIN;
CREATE ROLE "app.team" NOLOGIN;
CREATE ROLE plain_reader LOGIN;
COMMENT ON ROLE app_reader IS 'reads';
GRANT "app.team" TO app_reader WITH ADMIN OPTION;
GRANT "app.team" TO app_writer GRANTED BY app_reader;
GRANT pg_monitor TO app_writer;
ALTER ROLE app_reader SET search_path = "$user", public, "odd, name";
ALTER ROLE app_writer SET statement_timeout = '1min';
ALTER ROLE app_writer IN DATABASE postgres SET work_mem = '1MB';
"#;

/// PostgreSQL 15+: a privilege on a parameter.
const PARAMETER_SQL: &str = "GRANT SET ON PARAMETER work_mem TO app_writer;";

/// PostgreSQL 16+: a grant with its INHERIT and SET options off, and a second grantor of one
/// membership.
const V16_SQL: &str = r#"
GRANT app_reader TO app_writer WITH INHERIT FALSE, SET FALSE;
GRANT "app.team" TO app_writer;
"#;

fn settings(c: &Cluster, user: &str) -> ConnectionSettings {
    let conninfo =
        format!("host={} port={} user={user} dbname=postgres", c.socket_dir().display(), c.port());
    ConnectionSettings::parse(&conninfo).expect("test conninfo")
}

fn pg_dumpall(c: &Cluster, extra: &[&str]) -> String {
    let mut args = vec!["--globals-only"];
    args.extend_from_slice(extra);
    let out = c.run("pg_dumpall", &args);
    assert!(out.status.success(), "pg_dumpall: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// pg_dumpall's output with its random `\restrict` key replaced by `key`.
fn with_key(text: &str, key: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with("\\restrict ") {
                format!("\\restrict {key}\n")
            } else if l.starts_with("\\unrestrict ") {
                format!("\\unrestrict {key}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

async fn rendering_is_pg_dumpall_and_json_round_trips(c: &Cluster) {
    let session = tusk_pg::connect(&settings(c, "postgres")).await.unwrap();
    for (options, extra) in [
        (ReadOptions::default(), &[][..]),
        (
            ReadOptions { no_role_passwords: true, ..ReadOptions::default() },
            &["--no-role-passwords"][..],
        ),
        (ReadOptions { no_comments: true, ..ReadOptions::default() }, &["--no-comments"][..]),
    ] {
        let read = read_globals(&session, &options).await.unwrap();
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
        assert_eq!(read.globals.passwords, !options.no_role_passwords);
        let script = render(&read.globals, "KEY").unwrap();
        assert_eq!(script, with_key(&pg_dumpall(c, extra), "KEY"), "{extra:?}");

        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("g");
        tusk_globals::prepare_dir(&dir).unwrap();
        write_dir(&dir, &read.globals, false).unwrap();
        assert_eq!(read_dir(&dir).unwrap(), read.globals);
        // A second dump into the same directory is refused.
        assert!(tusk_globals::prepare_dir(&dir).is_err());
    }
    let read = read_globals(&session, &ReadOptions::default()).await.unwrap();
    let ws = &read.globals.database_settings;
    assert_eq!(ws.len(), 1, "{ws:?}");
    assert_eq!((ws[0].role.as_str(), ws[0].database.as_str()), ("app_writer", "postgres"));
    assert_eq!(ws[0].settings, ["work_mem=1MB"]);
    // Passwords stay out of Debug output.
    assert!(!format!("{:?}", read.globals).contains("SCRAM-SHA-256"));
    assert!(format!("{:?}", read.globals).contains("<hidden>"));
}

async fn excluded_roles_are_left_out_with_their_memberships(c: &Cluster) {
    let session = tusk_pg::connect(&settings(c, "postgres")).await.unwrap();
    let options = ReadOptions {
        exclude_roles: vec!["APP_W*".to_owned(), "\"app.team\"".to_owned()],
        ..ReadOptions::default()
    };
    let g = read_globals(&session, &options).await.unwrap().globals;
    let names: Vec<&str> = g.roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["app_reader", "plain_reader", "postgres", "Ädmin \"quoted\""]);
    // app_writer is the member of two grants: both gone. "app.team" granted to app_reader
    // stays (app_reader's membership).
    let grants: Vec<(&str, &str)> =
        g.memberships.iter().map(|m| (m.role.as_str(), m.member.as_str())).collect();
    assert_eq!(grants, [("app.team", "app_reader")]);
    assert!(g.database_settings.is_empty());
    let bad = ReadOptions { exclude_roles: vec!["a.b".to_owned()], ..ReadOptions::default() };
    let err = read_globals(&session, &bad).await.unwrap_err();
    assert!(err.to_string().contains("a.b"), "{err}");
}

async fn a_role_that_may_not_read_pg_authid_reads_without_passwords(c: &Cluster) {
    let session = tusk_pg::connect(&settings(c, "plain_reader")).await.unwrap();
    let read = read_globals(&session, &ReadOptions::default()).await.unwrap();
    assert!(!read.globals.passwords);
    assert!(read.globals.roles.iter().all(|r| r.password.is_none()));
    assert_eq!(read.warnings.len(), 1, "{:?}", read.warnings);
    assert!(read.warnings[0].contains("pg_authid"), "{:?}", read.warnings);
    let as_superuser = tusk_pg::connect(&settings(c, "postgres")).await.unwrap();
    let options = ReadOptions { no_role_passwords: true, ..ReadOptions::default() };
    let full = read_globals(&as_superuser, &options).await.unwrap().globals;
    assert_eq!(read.globals, full);
}

async fn applying_to_the_same_cluster_changes_nothing(c: &Cluster) {
    let before = pg_dumpall(c, &[]);
    let session = tusk_pg::connect(&settings(c, "postgres")).await.unwrap();
    let g = read_globals(&session, &ReadOptions::default()).await.unwrap().globals;
    let report = apply(&session, &g, &ApplyOptions::default()).await.unwrap();
    assert_eq!(report.roles_created, 0);
    assert_eq!(report.roles, g.roles.len());
    assert_eq!(report.memberships, g.memberships.len());
    assert!(report.left_out.is_empty(), "{:?}", report.left_out);
    assert_eq!(with_key(&pg_dumpall(c, &[]), "K"), with_key(&before, "K"));

    // A mapping for a location the dump does not have is refused before any change.
    let options = ApplyOptions {
        tablespace_mapping: vec![("/nowhere".to_owned(), "/elsewhere".to_owned())],
        ..ApplyOptions::default()
    };
    let err = apply(&session, &g, &options).await.unwrap_err();
    assert!(err.to_string().contains("/nowhere"), "{err}");
    let options = ApplyOptions {
        tablespace_mapping: vec![("relative".to_owned(), "/elsewhere".to_owned())],
        ..ApplyOptions::default()
    };
    assert!(apply(&session, &g, &options).await.is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn globals_against_a_private_cluster() {
    let c = Cluster::builder().start();
    c.psql("postgres", SQL);
    if c.major() >= 15 {
        c.psql("postgres", PARAMETER_SQL);
    }
    if c.major() >= 16 {
        c.psql("postgres", V16_SQL);
    }
    rendering_is_pg_dumpall_and_json_round_trips(&c).await;
    excluded_roles_are_left_out_with_their_memberships(&c).await;
    a_role_that_may_not_read_pg_authid_reads_without_passwords(&c).await;
    applying_to_the_same_cluster_changes_nothing(&c).await;
    c.shutdown();
}
