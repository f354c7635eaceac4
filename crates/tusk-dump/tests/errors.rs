//! Typed errors naming the table: dropped tables, lock timeouts, exclusive locks queued
//! behind the leader, and a worker dying mid-COPY (no data file left for its table).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tusk_archive::{Algorithm, ArchiveWriter, WriterOptions};
use tusk_dump::{DumpError, DumpOptions, Leader, Progress, ProgressEvent, Role, dump_data};
use tusk_pg::SqlState;
use tusk_testkit::Cluster;

use crate::support::{archive_dir, dump, files_in, settings, table_data};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_table_dropped_before_the_lock_is_named() {
    let db = Cluster::shared().create_database();
    db.psql("CREATE TABLE public.a (x int); CREATE TABLE public.gone (x int); CREATE TABLE public.c (x int);");
    let leader = Leader::start(&settings(&db), None).await.expect("leader");
    db.psql("DROP TABLE public.gone");
    let err = leader
        .lock_tables([("public", "a"), ("public", "gone"), ("public", "c")], None)
        .await
        .expect_err("lock must fail");
    assert!(
        matches!(err, DumpError::TableMissing { ref table, .. } if table == "public.gone"),
        "{err:?}"
    );
    assert_eq!(err.sql_state(), Some(&SqlState::UNDEFINED_TABLE));
    // The leader's transaction is still usable after the failed batch.
    leader.lock_tables([("public", "a")], None).await.expect("lock a");
    leader.finish().await.expect("commit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lock_wait_timeout_names_the_table() {
    let db = Cluster::shared().create_database();
    db.psql("CREATE TABLE public.a (x int); CREATE TABLE public.\"Busy\" (x int); CREATE TABLE public.c (x int);");
    let other = tusk_pg::connect(&settings(&db)).await.expect("connect");
    other
        .batch_execute("BEGIN; LOCK TABLE public.\"Busy\" IN ACCESS EXCLUSIVE MODE")
        .await
        .expect("exclusive lock");
    let leader = Leader::start(&settings(&db), None).await.expect("leader");
    let started = std::time::Instant::now();
    let err = leader
        .lock_tables(
            [("public", "a"), ("public", "Busy"), ("public", "c")],
            Some(Duration::from_millis(300)),
        )
        .await
        .expect_err("lock must time out");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(
        matches!(err, DumpError::LockTimeout { ref table, .. } if table == "public.\"Busy\""),
        "{err:?}"
    );
    assert_eq!(err.table(), Some("public.\"Busy\""));
    other.batch_execute("ROLLBACK").await.expect("rollback");
    // statement_timeout is back to 0 on the leader.
    let row = leader.session().query_one("SHOW statement_timeout", &[]).await.expect("show");
    assert_eq!(row.get::<_, String>(0), "0");
    leader.finish().await.expect("commit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exclusive_lock_queued_behind_the_leader_stops_the_workers() {
    let db = Cluster::shared().create_database();
    db.psql("CREATE TABLE public.t (x int); INSERT INTO public.t VALUES (1);");
    let table = table_data(&db, "public", "t", 5);
    let leader = Leader::start(&settings(&db), None).await.expect("leader");
    leader.lock_tables([("public", "t")], None).await.expect("lock");
    let other = tusk_pg::connect(&settings(&db)).await.expect("connect");
    other.batch_execute("BEGIN").await.expect("begin");
    let waiter = tokio::spawn(async move {
        let result = other.batch_execute("LOCK TABLE public.t IN ACCESS EXCLUSIVE MODE").await;
        (other, result)
    });
    // Wait until the exclusive request is queued behind the leader's lock.
    let mut queued = false;
    for _ in 0..100 {
        let n = db.psql(
            "SELECT count(*) FROM pg_catalog.pg_locks WHERE NOT granted AND relation = 'public.t'::regclass",
        );
        if n.trim() == "1" {
            queued = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(queued, "the exclusive lock request never queued");
    let (_tmp, dir) = archive_dir();
    let archive = Arc::new(
        ArchiveWriter::create(&dir, WriterOptions { sync: false, ..Default::default() })
            .expect("archive"),
    );
    let options = DumpOptions { jobs: 2, algorithm: Algorithm::Gzip, ..Default::default() };
    let err =
        dump_data(&leader, archive, vec![table], &options, None).await.expect_err("must fail");
    assert!(
        matches!(err, DumpError::LockNotAvailable { ref table, dump_id: 5, role: Role::Worker(_), .. } if table == "public.t"),
        "{err:?}"
    );
    assert_eq!(err.sql_state(), Some(&SqlState::LOCK_NOT_AVAILABLE));
    assert!(files_in(&dir).is_empty(), "{:?}", files_in(&dir));
    leader.finish().await.expect("commit");
    let (other, result) = waiter.await.expect("waiter");
    result.expect("the exclusive lock is granted once the dump ends");
    other.batch_execute("ROLLBACK").await.expect("rollback");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_dying_mid_copy_leaves_no_data_file() {
    let db = Cluster::shared().create_database();
    db.psql(
        "CREATE TABLE public.huge (id int, pad text);
         INSERT INTO public.huge SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 150000) g;
         VACUUM ANALYZE public.huge;
         CREATE TABLE public.tiny (id int); INSERT INTO public.tiny VALUES (1);",
    );
    let huge = table_data(&db, "public", "huge", 30);
    let tiny = table_data(&db, "public", "tiny", 31);
    for split in [None, Some(huge.relpages / 4)] {
        let name = db.name().to_owned();
        let fired = Arc::new(AtomicBool::new(false));
        let fired_in_callback = Arc::clone(&fired);
        // At the first buffer of the big table, terminate the backends copying it (only
        // those: an idle worker whose last query was the tiny table's COPY must live, or the
        // dump may fail on that table's closed session first).
        let progress = Progress::new(move |event| {
            if let ProgressEvent::Bytes { dump_id: 30, .. } = event
                && !fired_in_callback.swap(true, Ordering::SeqCst)
            {
                Cluster::shared().psql(
                    &name,
                    "SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_catalog.pg_stat_activity \
                     WHERE datname = pg_catalog.current_database() \
                     AND query LIKE 'COPY %huge%' AND pid <> pg_catalog.pg_backend_pid()",
                );
            }
        });
        let options = DumpOptions {
            jobs: 2,
            algorithm: Algorithm::Zstd,
            split_pages: split,
            buffer_size: 64 * 1024,
            ..Default::default()
        };
        let (_tmp, dir) = archive_dir();
        let err = dump(&db, &dir, vec![huge.clone(), tiny.clone()], &options, Some(progress), None)
            .await
            .expect_err("the dump must fail");
        assert!(fired.load(Ordering::SeqCst));
        assert!(
            matches!(err, DumpError::Copy { ref table, dump_id: 30, .. } if table == "public.huge"),
            "{err:?}"
        );
        let left = files_in(&dir);
        assert!(
            left.iter().all(|f| !f.starts_with("30.")),
            "files of the failed table remain: {left:?}"
        );
        assert!(!left.iter().any(|f| f == "toc.dat" || f.ends_with(".tmp")), "{left:?}");
    }
}
