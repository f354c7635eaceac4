//! The dumped database's own properties: `tusk dump` writes the DATABASE, COMMENT, ACL and
//! DATABASE PROPERTIES entries pg_dump 15 writes (connection limit, template flag,
//! `ALTER DATABASE … SET`, `ALTER ROLE … IN DATABASE … SET`, grants), and `tusk restore -C`
//! and stock `pg_restore -C` recreate a database with the same properties.

use std::path::Path;

use tusk_testkit::{Cluster, TestDatabase};
use tusk_tests::{check, pg_dump_dir, pg_dump_text};

use crate::tusk;

/// Roles the properties name (cluster-wide: created once, shared by the test runs).
fn ensure_roles(cluster: &Cluster) {
    cluster.psql(
        "postgres",
        "DO $$ BEGIN CREATE ROLE \"props reader\"; CREATE ROLE props_writer; \
         EXCEPTION WHEN duplicate_object THEN NULL; END $$",
    );
}

fn properties_sql(db: &str) -> String {
    format!(
        r#"
CREATE TABLE t (a int);
INSERT INTO t VALUES (1), (2);
ALTER DATABASE {db} CONNECTION LIMIT 17;
ALTER DATABASE {db} SET search_path = app, "my schema", public;
ALTER DATABASE {db} SET application_name = 'back\slash';
ALTER ROLE "props reader" IN DATABASE {db} SET work_mem = '3MB';
ALTER ROLE props_writer IN DATABASE {db} SET statement_timeout = '7s';
GRANT CONNECT, CREATE ON DATABASE {db} TO "props reader";
REVOKE TEMPORARY ON DATABASE {db} FROM PUBLIC;
GRANT TEMPORARY ON DATABASE {db} TO props_writer WITH GRANT OPTION;
COMMENT ON DATABASE {db} IS 'the ''props'' database';
ALTER DATABASE {db} IS_TEMPLATE = true;
"#
    )
}

/// The entries about the database itself: (desc, tag, owner, section, defn, drop statement,
/// dependency count), in archive order.
fn database_entries(dir: &Path) -> Vec<String> {
    let archive = ::tusk::archive::Archive::open(dir).unwrap();
    archive
        .entries()
        .iter()
        .filter(|e| {
            matches!(e.desc.as_str(), "DATABASE" | "DATABASE PROPERTIES")
                || (matches!(e.desc.as_str(), "COMMENT" | "ACL" | "SECURITY LABEL")
                    && e.tag.as_deref().is_some_and(|t| t.starts_with("DATABASE ")))
        })
        .map(|e| {
            format!(
                "{} | {:?} | {:?} | {:?} | {:?} | {:?} | {}",
                e.desc,
                e.tag,
                e.owner,
                e.section,
                e.defn,
                e.drop_stmt,
                e.dependencies.len()
            )
        })
        .collect()
}

/// A `pg_restore -l` listing's entry lines without their dump ids and OIDs.
fn entry_lines(listing: &str) -> Vec<String> {
    listing
        .lines()
        .filter(|l| !l.starts_with(';') && !l.trim().is_empty())
        .map(|l| l.split_once(' ').map_or(l, |(_, rest)| rest))
        .map(|l| l.splitn(3, ' ').nth(2).unwrap_or(l).to_owned())
        .collect()
}

fn drop_database(db: &TestDatabase<'_>) {
    db.cluster().psql(
        "postgres",
        &format!("ALTER DATABASE {0} IS_TEMPLATE false; DROP DATABASE {0}", db.name()),
    );
}

#[test]
fn database_properties_are_dumped_as_pg_dump_and_restored_with_create() {
    let cluster = Cluster::shared();
    ensure_roles(cluster);
    let db = cluster.create_database();
    db.psql(&properties_sql(db.name()));
    let want = pg_dump_text(&db, &["--create", "--schema-only"]);
    for needle in ["CONNECTION LIMIT = 17", "IS_TEMPLATE = true", "IN DATABASE", "GRANT TEMPORARY"]
    {
        assert!(want.contains(needle), "the source lacks {needle:?}: {want}");
    }

    let tmp = tempfile::tempdir().unwrap();
    let ours = tmp.path().join("tusk");
    let theirs = tmp.path().join("pg_dump");
    let out = tusk(&["dump", "-Z", "gzip", "-d", &db.conninfo(), "-f", ours.to_str().unwrap()]);
    check("tusk dump", &out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("not dumped"), "{stderr}");
    pg_dump_dir(&db, &theirs, &[]);
    let entries = database_entries(&ours);
    assert_eq!(entries, database_entries(&theirs));
    assert_eq!(entries.len(), 4, "DATABASE, COMMENT, ACL, DATABASE PROPERTIES: {entries:#?}");
    let list = |dir: &Path| {
        entry_lines(&check("tusk list -C", &tusk(&["list", "-C", dir.to_str().unwrap()])))
    };
    let (our_list, their_list) = (list(&ours), list(&theirs));
    assert_eq!(our_list, their_list);

    // -x leaves the ACL out; --no-comments the comment.
    let bare = tmp.path().join("bare");
    let conninfo = db.conninfo();
    check(
        "tusk dump -x",
        &tusk(&["dump", "-x", "--no-comments", "-d", &conninfo, "-f", bare.to_str().unwrap()]),
    );
    let descs: Vec<String> =
        database_entries(&bare).iter().map(|e| e.split(" | ").next().unwrap().to_owned()).collect();
    assert_eq!(descs, ["DATABASE", "DATABASE PROPERTIES"]);

    // tusk restore -C into a cluster where the database does not exist.
    drop_database(&db);
    let postgres = cluster.conninfo("postgres");
    let out = tusk(&["restore", "-C", "-d", &postgres, ours.to_str().unwrap()]);
    check("tusk restore -C", &out);
    assert_eq!(pg_dump_text(&db, &["--create", "--schema-only"]), want, "after tusk restore -C");
    assert_eq!(db.psql("SELECT count(*) FROM t").trim(), "2");

    // Stock pg_restore -C of tusk's archive. Before 15 it fails on the `LOCALE_PROVIDER =
    // libc` that pg_dump 15+ writes for those servers too (tusk's DATABASE entry is pg_dump's,
    // and tusk restore leaves the clause out there, above).
    drop_database(&db);
    let out = cluster
        .run("pg_restore", &["--exit-on-error", "-C", "-d", "postgres", ours.to_str().unwrap()]);
    if cluster.major() >= 15 {
        check("pg_restore -C", &out);
        assert_eq!(pg_dump_text(&db, &["--create", "--schema-only"]), want, "after pg_restore -C");
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains("locale_provider"), "{stderr}");
        // The database again, for the steps below.
        check(
            "tusk restore -C",
            &tusk(&["restore", "-C", "-d", &postgres, ours.to_str().unwrap()]),
        );
    }

    // And tusk restore -C of pg_dump's archive.
    drop_database(&db);
    let out = tusk(&["restore", "-C", "-d", &postgres, theirs.to_str().unwrap()]);
    check("tusk restore -C (pg_dump's archive)", &out);
    assert_eq!(pg_dump_text(&db, &["--create", "--schema-only"]), want, "pg_dump's archive");

    // -C -c over the existing template database: as pg_restore, the DATABASE PROPERTIES
    // entry's drop statement clears the template flag before DROP DATABASE.
    for extra in [None, Some("--if-exists")] {
        let mut args = vec!["restore", "-C", "-c", "-d", &postgres];
        args.extend(extra);
        args.push(ours.to_str().unwrap());
        check("tusk restore -C -c", &tusk(&args));
        assert_eq!(pg_dump_text(&db, &["--create", "--schema-only"]), want, "{args:?}");
    }
}
