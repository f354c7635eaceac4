//! `tusk-cluster` against real servers: a database whose dump fails leaves a folder without
//! `tusk-all.json` (never one that looks complete) and the error names it; the folder dumped
//! once the database is free restores into a fresh cluster, each database reported with its
//! status, and a database whose archive is gone fails alone.
//!
//! Databases are cluster-wide: the clusters are private to the one test (started by the test
//! kit's builder and shut down at the end), never the shared one.

use std::time::Duration;

use tusk_cluster::{
    ClusterError, DatabaseOutcome, DatabaseStatus, DumpAllOptions, RestoreAllOptions, dump_all,
    is_all_dir, read_manifest, restore_all,
};
use tusk_pg::ConnectionSettings;
use tusk_testkit::Cluster;

fn settings(c: &Cluster, dbname: &str) -> ConnectionSettings {
    ConnectionSettings::parse(&c.conninfo(dbname)).expect("test conninfo")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_database_leaves_no_listing_and_a_good_dump_restores_per_database() {
    let source = Cluster::builder().start();
    source.psql(
        "postgres",
        "CREATE DATABASE one; CREATE DATABASE \"Two Words\"; CREATE DATABASE busy; \
         CREATE ROLE owner_two; ALTER DATABASE \"Two Words\" OWNER TO owner_two; \
         ALTER ROLE owner_two IN DATABASE \"Two Words\" SET work_mem = '3MB'",
    );
    source.psql("one", "CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 300) g");
    source.psql("Two Words", "CREATE TABLE \"T\" (x text); INSERT INTO \"T\" VALUES ('a'), ('b')");
    source.psql("busy", "CREATE TABLE locked (x int); INSERT INTO locked VALUES (1)");
    let tmp = tempfile::tempdir().expect("temporary directory");

    // A table of "busy" is locked: its dump times out, and the folder gets no listing.
    let holder = tusk_pg::connect(&settings(&source, "busy")).await.expect("connect");
    holder
        .batch_execute("BEGIN; LOCK TABLE locked IN ACCESS EXCLUSIVE MODE")
        .await
        .expect("exclusive lock");
    let failed_dir = tmp.path().join("failed");
    let mut options = DumpAllOptions::new(settings(&source, "postgres"), &failed_dir);
    options.jobs = 2;
    options.sync = false;
    options.lock_wait_timeout = Some(Duration::from_millis(300));
    let err = dump_all(&options).await.expect_err("the locked database fails the dump");
    assert!(
        matches!(&err, ClusterError::DumpDatabase { database, others: 0, .. } if database == "busy"),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("could not dump database \"busy\""), "{err}");
    assert!(failed_dir.join("globals/tusk-globals.json").is_file());
    assert!(!is_all_dir(&failed_dir), "an incomplete folder must not look complete");
    assert!(!failed_dir.join("tusk-all.json.tmp").exists());
    let err = read_manifest(&failed_dir).expect_err("no listing");
    assert!(matches!(err, ClusterError::NotAnAllDump { .. }), "{err:?}");
    // The same folder is not reused.
    let err = dump_all(&options).await.expect_err("non-empty output");
    assert!(matches!(err, ClusterError::OutputNotEmpty { .. }), "{err:?}");
    holder.batch_execute("ROLLBACK").await.expect("rollback");

    // Free again: the dump completes, with "busy" left out by pattern.
    let dir = tmp.path().join("all");
    options.output = dir.clone();
    options.exclude_databases = vec!["bus?".to_owned()];
    let summary = dump_all(&options).await.expect("dump --all");
    let manifest = read_manifest(&dir).expect("listing");
    assert_eq!(manifest, summary.manifest);
    let statuses: Vec<(&str, DatabaseStatus)> =
        manifest.databases.iter().map(|d| (d.name.as_str(), d.status)).collect();
    assert_eq!(
        statuses,
        [
            ("template1", DatabaseStatus::Dumped),
            ("Two Words", DatabaseStatus::Dumped),
            ("busy", DatabaseStatus::Excluded),
            ("one", DatabaseStatus::Dumped),
            ("postgres", DatabaseStatus::Dumped),
        ]
    );
    let one = &manifest.databases[3];
    assert_eq!((one.tables, one.rows), (1, 300));
    assert!(manifest.dumped().all(|d| d.jobs == 1), "small databases get one session each");
    source.shutdown();

    // "one"'s archive is gone: it fails alone.
    let one_archive = dir.join(one.archive.as_deref().expect("an archive"));
    std::fs::rename(&one_archive, tmp.path().join("moved")).expect("moving the archive away");
    let target = Cluster::builder().start();
    let mut options = RestoreAllOptions::new(settings(&target, "postgres"), &dir);
    options.jobs = 2;
    let report = restore_all(&options).await.expect("restore --all");
    let outcomes: Vec<(&str, &str)> =
        report.databases.iter().map(|d| (d.name.as_str(), d.status())).collect();
    assert_eq!(
        outcomes,
        [
            ("template1", "restored"),
            ("Two Words", "restored"),
            ("busy", "skipped"),
            ("one", "failed"),
            ("postgres", "restored"),
        ]
    );
    assert_eq!(report.failed(), 1);
    match &report.databases[3].outcome {
        DatabaseOutcome::Failed { error, summary: None } => {
            assert!(error.contains(&one_archive.display().to_string()), "{error}")
        }
        other => panic!("{other:?}"),
    }
    match &report.databases[2].outcome {
        DatabaseOutcome::Skipped { reason } => assert_eq!(reason, "left out by --exclude-database"),
        other => panic!("{other:?}"),
    }
    // The role's setting in "Two Words" came with its archive, not as a left-out global.
    assert!(report.globals.left_out.is_empty(), "{:?}", report.globals.left_out);
    assert_eq!(
        report.databases[1].summary().map(|s| (s.tables, s.rows)),
        Some((1, 2)),
        "{:?}",
        report.databases[1]
    );
    let owner = target.psql(
        "postgres",
        "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'Two Words'",
    );
    assert_eq!(owner.trim(), "owner_two");
    let setting = target.psql(
        "postgres",
        "SELECT setconfig FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase \
         WHERE d.datname = 'Two Words'",
    );
    assert_eq!(setting.trim(), "{work_mem=3MB}");
    assert_eq!(
        target.psql("Two Words", "SELECT string_agg(x, ',' ORDER BY x) FROM \"T\"").trim(),
        "a,b"
    );
    target.shutdown();
}
