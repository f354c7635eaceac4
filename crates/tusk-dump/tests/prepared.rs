//! `prepare_dump` and `PreparedDump`: the same contents as the archive `dump_database` writes,
//! table data streamed straight from worker sessions (whole, or by ctid range, from several
//! tasks at once on a bounded pool), large objects, and failures that are never a silent end.
//! With two jobs or more the session that helped read the catalog is the first worker.

use std::io::Read;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::sync::mpsc::Receiver;
use tusk_archive::{Algorithm, Archive};
use tusk_dump::{
    DumpDatabaseOptions, DumpError, PrepareOptions, PreparedDump, Role, TableData, dump_database,
    prepare_dump,
};
use tusk_testkit::{Cluster, SUPERUSER, TestDatabase};

use crate::support::{archive_dir, settings, sorted_rows, source_rows};

type Stream = Receiver<Result<Option<Bytes>, DumpError>>;

/// Everything a stream carries up to its end, or the error it ends with (its last item
/// either way).
async fn collect(mut rx: Stream) -> Result<Vec<u8>, DumpError> {
    let mut out = Vec::new();
    loop {
        match rx.recv().await {
            Some(Ok(Some(bytes))) => out.extend_from_slice(&bytes),
            Some(Ok(None)) => {
                assert!(rx.recv().await.is_none(), "the stream goes on after its end");
                return Ok(out);
            }
            Some(Err(e)) => {
                assert!(rx.recv().await.is_none(), "the stream goes on after an error");
                return Err(e);
            }
            None => panic!("the stream closed without its end after {} bytes", out.len()),
        }
    }
}

fn table<'a>(prepared: &'a PreparedDump, name: &str) -> &'a TableData {
    prepared
        .tables()
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no table data for {name}"))
}

/// Rows of COPY text, sorted (the stream has no trailer).
fn rows(data: &[u8]) -> Vec<Vec<u8>> {
    let mut with_trailer = data.to_vec();
    with_trailer.extend_from_slice(tusk_dump::TRAILER);
    sorted_rows(&with_trailer)
}

/// Waits until no backend of the test database runs a COPY of `table` (at most 30 s).
fn wait_no_copy_of(db: &TestDatabase<'_>, table: &str) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        let n = db.psql(&format!(
            "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE datname = \
             pg_catalog.current_database() AND state = 'active' AND query LIKE 'COPY %{table}%' \
             AND pid <> pg_catalog.pg_backend_pid()"
        ));
        if n.trim() == "0" {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prepared_contents_and_data_match_the_archive() {
    let db = Cluster::shared().create_database();
    db.psql(
        r#"CREATE SCHEMA "Odd Schema";
         CREATE TABLE public.items (id int PRIMARY KEY, v text, g int GENERATED ALWAYS AS (id * 2) STORED);
         INSERT INTO public.items (id, v) SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE E'a\tb\\c' || g END
           FROM generate_series(1, 5000) g;
         CREATE TABLE "Odd Schema"."Small T" ("Id" int, "select" text);
         INSERT INTO "Odd Schema"."Small T" VALUES (1, 'one'), (2, NULL), (3, '');
         CREATE TABLE public.empty (a int);
         CREATE VIEW public.v AS SELECT id FROM public.items;
         COMMENT ON TABLE public.items IS 'the items';
         DO $$ BEGIN EXECUTE format('COMMENT ON DATABASE %I IS %L', current_database(), 'a db'); END $$;
         SELECT pg_catalog.lo_from_bytea(0, decode(repeat('0123456789abcdef', 200000), 'hex'));
         SELECT pg_catalog.lo_from_bytea(0, 'small');"#,
    );
    let (_tmp, dir) = archive_dir();
    let mut options = DumpDatabaseOptions::new(settings(&db), &dir);
    options.jobs = 2;
    options.algorithm = Algorithm::Gzip;
    options.sync = false;
    let summary = dump_database(&options, None).await.expect("dump");
    assert_eq!(summary.large_objects, 2);
    let archive = Archive::open(&dir).expect("archive opens");

    let prepared = prepare_dump(&options.prepare_options()).await.expect("prepare");
    let toc = prepared.toc();
    let key = |e: &tusk_archive::TocEntry| {
        (e.dump_id, e.desc.clone(), e.tag.clone(), e.defn.clone(), e.section)
    };
    assert_eq!(
        toc.entries.iter().map(key).collect::<Vec<_>>(),
        archive.entries().iter().map(key).collect::<Vec<_>>()
    );
    // Every field, not only the ones listed.
    assert_eq!(toc.entries.as_slice(), archive.entries());
    let descs: Vec<&str> = toc.entries.iter().take(5).map(|e| e.desc.as_str()).collect();
    assert_eq!(descs, ["ENCODING", "STDSTRINGS", "SEARCHPATH", "DATABASE", "COMMENT"]);
    let header = archive.header();
    assert_eq!(toc.header.dbname, header.dbname);
    assert_eq!(toc.header.server_version, header.server_version);
    assert_eq!(toc.header.dump_version, header.dump_version);
    assert_eq!(toc.header.compression, header.compression);
    assert_eq!(toc.header.version, header.version);

    // One table per TABLE DATA entry, in TOC order.
    let data_ids: Vec<i32> =
        toc.entries.iter().filter(|e| e.desc == "TABLE DATA").map(|e| e.dump_id).collect();
    let table_ids: Vec<i32> = prepared.tables().iter().map(|t| t.dump_id).collect();
    assert_eq!(table_ids, data_ids);
    assert_eq!(table_ids.len(), 3);

    // Each stream is the data file without its trailer; small tables are not split.
    for t in prepared.tables() {
        assert!(prepared.ranges(t.dump_id).is_empty(), "{} is split", t.name);
        let entry = archive.entry(t.dump_id).expect("entry");
        let mut file = Vec::new();
        archive.open_data(entry).expect("open").read_to_end(&mut file).expect("read");
        let expected = file.strip_suffix(tusk_dump::TRAILER).expect("trailer");
        let got = collect(prepared.copy_out(t.dump_id, None).await.expect("copy_out"))
            .await
            .expect("stream");
        assert_eq!(got, expected, "{}", t.name);
        assert_eq!(rows(&got), source_rows(&db, t), "{}", t.name);
    }
    assert!(
        rows(
            &collect(prepared.copy_out(table(&prepared, "items").dump_id, None).await.unwrap())
                .await
                .unwrap()
        )
        .len()
            == 5000
    );
    let bad = prepared.copy_out(-5, None).await.expect_err("no such table");
    assert!(matches!(bad, DumpError::InvalidOptions { .. }), "{bad:?}");
    let bad = prepared.copy_out(table_ids[0], Some(0)).await.expect_err("no such range");
    assert!(matches!(bad, DumpError::InvalidOptions { .. }), "{bad:?}");

    // Large objects: the BLOBS entry carries both, in OID order; their bytes are the files'.
    let blobs = toc.entries.iter().find(|e| e.desc == "BLOBS").expect("BLOBS entry");
    let oids = prepared.large_objects(blobs.dump_id);
    let files = archive.blobs(archive.entry(blobs.dump_id).expect("entry")).expect("blobs.toc");
    assert_eq!(oids, files.iter().map(|b| b.oid).collect::<Vec<_>>());
    assert_eq!(oids.len(), 2);
    assert!(prepared.large_objects(table_ids[0]).is_empty());
    for file in &files {
        let mut expected = Vec::new();
        archive.open_blob(file).expect("open blob").read_to_end(&mut expected).expect("read");
        let got = prepared.large_object(file.oid).await.expect("large object");
        assert_eq!(got.as_ref(), expected.as_slice(), "large object {}", file.oid);
    }
    let sizes: Vec<usize> = {
        let mut v = Vec::new();
        for &oid in &oids {
            v.push(prepared.large_object(oid).await.expect("read").len());
        }
        v
    };
    assert!(sizes.contains(&1_600_000) && sizes.contains(&5), "{sizes:?}");
    prepared.finish().await.expect("finish");
}

/// A table big enough that its COPY cannot sit whole in the stream's buffers and the socket.
const HUGE: &str = "CREATE TABLE public.huge (id int, pad text);
     INSERT INTO public.huge SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 150000) g;
     VACUUM ANALYZE public.huge;
     CREATE TABLE public.tiny (id int); INSERT INTO public.tiny VALUES (1), (2);";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ranges_streamed_concurrently_make_up_the_table() {
    let db = Cluster::shared().create_database();
    db.psql(
        "CREATE TABLE public.wide (id int, pad text);
         INSERT INTO public.wide SELECT g, repeat(chr(65 + g % 26), g % 300)
           FROM generate_series(1, 30000) g;
         DELETE FROM public.wide WHERE id % 11 = 0;
         VACUUM ANALYZE public.wide;
         CREATE TABLE public.tiny (id int); INSERT INTO public.tiny VALUES (1), (2);",
    );
    let relpages: u64 = db
        .psql("SELECT relpages FROM pg_catalog.pg_class WHERE oid = 'public.wide'::regclass")
        .trim()
        .parse()
        .expect("relpages");
    assert!(relpages >= 40, "relpages {relpages}");
    let mut options = PrepareOptions::new(settings(&db));
    options.jobs = 2;
    options.split_pages = Some(relpages / 6);
    let prepared = Arc::new(prepare_dump(&options).await.expect("prepare"));
    let wide = table(&prepared, "wide").clone();
    let tiny = table(&prepared, "tiny").clone();
    let ranges = prepared.ranges(wide.dump_id);
    assert!(ranges.len() >= 5, "{ranges:?}");
    assert_eq!(ranges.first().and_then(|r| r.first_page), None);
    assert_eq!(ranges.last().and_then(|r| r.end_page), None);
    assert!(prepared.ranges(tiny.dump_id).is_empty());

    // Every range and the whole table at once, from as many tasks, on two sessions.
    let mut tasks = Vec::new();
    for index in std::iter::once(None).chain((0..ranges.len()).map(Some)) {
        let prepared = Arc::clone(&prepared);
        let dump_id = wide.dump_id;
        tasks.push(tokio::spawn(async move {
            let rx = prepared.copy_out(dump_id, index).await.expect("copy_out");
            collect(rx).await.expect("stream")
        }));
    }
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("task"));
    }
    let whole = results.remove(0);
    assert!(results.iter().all(|r| !r.is_empty()), "an empty range");
    assert_eq!(results.concat(), whole, "the ranges in order are the table");
    assert_eq!(rows(&whole), source_rows(&db, &wide));
    let sessions = db.psql(
        "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE datname = \
         pg_catalog.current_database() AND pid <> pg_catalog.pg_backend_pid() \
         AND backend_type = 'client backend'",
    );
    assert_eq!(sessions.trim(), "3", "the leader and at most two workers");

    // Without split_pages the engine's default threshold applies: nothing is split here.
    let unsplit = prepare_dump(&PrepareOptions::new(settings(&db))).await.expect("prepare");
    assert!(unsplit.ranges(wide.dump_id).is_empty());
    unsplit.finish().await.expect("finish");
    let prepared = Arc::into_inner(prepared).expect("the tasks are done");
    prepared.finish().await.expect("finish");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pool_is_bounded_and_an_abandoned_stream_frees_its_session() {
    let db = Cluster::shared().create_database();
    db.psql(HUGE);
    let prepared = prepare_dump(&PrepareOptions::new(settings(&db))).await.expect("prepare");
    let huge = table(&prepared, "huge").clone();
    let tiny = table(&prepared, "tiny").clone();
    let mut held = prepared.copy_out(huge.dump_id, None).await.expect("copy_out");
    let first = held.recv().await.expect("an item").expect("data").expect("a buffer");
    assert!(!first.is_empty());
    // One job: the second stream waits for the first's session.
    let waited =
        tokio::time::timeout(Duration::from_millis(500), prepared.copy_out(tiny.dump_id, None))
            .await;
    assert!(waited.is_err(), "a second session was opened with jobs = 1");
    drop(held);
    assert!(wait_no_copy_of(&db, "huge"), "the abandoned COPY still runs");
    let got = tokio::time::timeout(Duration::from_secs(30), prepared.copy_out(tiny.dump_id, None))
        .await
        .expect("the session came free")
        .expect("copy_out");
    assert_eq!(collect(got).await.expect("stream"), b"1\n2\n");
    prepared.finish().await.expect("finish");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_killed_mid_copy_ends_the_stream_with_an_error() {
    let db = Cluster::shared().create_database();
    db.psql(HUGE);
    let prepared = prepare_dump(&PrepareOptions::new(settings(&db))).await.expect("prepare");
    let huge = table(&prepared, "huge").clone();
    let tiny = table(&prepared, "tiny").clone();
    let mut rx = prepared.copy_out(huge.dump_id, None).await.expect("copy_out");
    let first = rx.recv().await.expect("an item").expect("data").expect("a buffer");
    let killed = db.psql(
        "SELECT count(*) FROM (SELECT pg_catalog.pg_terminate_backend(pid) \
         FROM pg_catalog.pg_stat_activity WHERE datname = pg_catalog.current_database() \
         AND query LIKE 'COPY %huge%' AND pid <> pg_catalog.pg_backend_pid()) t",
    );
    assert_eq!(killed.trim(), "1", "the COPY's backend was not found");
    let mut received = first.len();
    let err = loop {
        match rx.recv().await {
            Some(Ok(Some(bytes))) => received += bytes.len(),
            Some(Ok(None)) => panic!("the stream ended normally after {received} bytes"),
            Some(Err(e)) => break e,
            None => panic!("the stream closed without an error after {received} bytes"),
        }
    };
    assert!(
        matches!(err, DumpError::Copy { ref table, dump_id, range: None, .. }
            if table == "public.huge" && dump_id == huge.dump_id),
        "{err:?}"
    );
    assert_eq!(err.table(), Some("public.huge"));
    assert!(rx.recv().await.is_none(), "items after the error");
    assert!(received < 150_000 * 264, "the whole table arrived: {received} bytes");
    // The dead session is not reused: the next stream gets a new one.
    let got = prepared.copy_out(tiny.dump_id, None).await.expect("copy_out after a failure");
    assert_eq!(collect(got).await.expect("stream"), b"1\n2\n");
    prepared.finish().await.expect("finish");
}

/// The client backends connected to the test database other than psql's (this one's, and
/// earlier ones' that may still be exiting), by pid, with their last query.
fn backends(db: &TestDatabase<'_>) -> Vec<(String, String)> {
    backends_of(db.name())
}

fn backends_of(dbname: &str) -> Vec<(String, String)> {
    Cluster::shared()
        .psql(
            dbname,
            "SELECT pid, left(query, 40) FROM pg_catalog.pg_stat_activity \
         WHERE datname = pg_catalog.current_database() AND application_name <> 'psql' \
         AND backend_type = 'client backend' ORDER BY pid",
        )
        .lines()
        .filter_map(|l| l.split_once('|').map(|(pid, q)| (pid.to_owned(), q.to_owned())))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_that_read_the_catalog_is_the_first_worker() {
    let db = Cluster::shared().create_database();
    db.psql("CREATE TABLE public.tiny (id int); INSERT INTO public.tiny VALUES (1), (2);");

    // One job: the catalog is read on the leader alone.
    let one = prepare_dump(&PrepareOptions::new(settings(&db))).await.expect("prepare");
    assert_eq!(backends(&db).len(), 1, "{:?}", backends(&db));
    one.finish().await.expect("finish");
    // Its backend exits after the client is gone.
    let started = Instant::now();
    while !backends(&db).is_empty() {
        assert!(started.elapsed() < Duration::from_secs(30), "{:?} stay", backends(&db));
        std::thread::sleep(Duration::from_millis(20));
    }

    let mut options = PrepareOptions::new(settings(&db));
    options.jobs = 2;
    let prepared = prepare_dump(&options).await.expect("prepare");
    let before = backends(&db);
    assert_eq!(before.len(), 2, "the leader and the catalog helper: {before:?}");
    // The leader's last query read the table sizes; the helper's was a catalog query.
    assert_eq!(
        before.iter().filter(|(_, q)| q.starts_with("-- ")).count(),
        1,
        "the helper ran catalog queries: {before:?}"
    );
    let tiny = table(&prepared, "tiny").clone();
    let got = collect(prepared.copy_out(tiny.dump_id, None).await.expect("copy_out"))
        .await
        .expect("stream");
    assert_eq!(got, b"1\n2\n");
    let after = backends(&db);
    let pids = |v: &[(String, String)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(pids(&after), pids(&before), "a new session was opened for the COPY");
    assert!(after.iter().any(|(_, q)| q.starts_with("COPY ")), "{after:?}");
    prepared.finish().await.expect("finish");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dump_with_two_jobs_uses_three_sessions_at_most() {
    let db = Cluster::shared().create_database();
    db.psql(
        "CREATE TABLE public.a (id int, pad text);
         INSERT INTO public.a SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 120000) g;
         CREATE TABLE public.b (LIKE public.a); INSERT INTO public.b SELECT * FROM public.a;
         VACUUM ANALYZE;",
    );
    let (_tmp, dir) = archive_dir();
    let mut options = DumpDatabaseOptions::new(settings(&db), &dir);
    options.jobs = 2;
    options.sync = false;
    options.algorithm = Algorithm::Gzip;
    let dump = tokio::spawn(async move { dump_database(&options, None).await });
    let mut most = 0;
    let mut samples = 0;
    while !dump.is_finished() {
        let name = db.name().to_owned();
        let now = tokio::task::spawn_blocking(move || backends_of(&name)).await.expect("psql");
        most = most.max(now.len());
        samples += 1;
    }
    let summary = dump.await.expect("task").expect("dump");
    assert_eq!(summary.tables, 2);
    assert!(most <= 3, "{most} sessions at once with -j 2");
    assert_eq!(most, 3, "never saw the leader and two workers ({samples} samples)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catalog_helper_that_cannot_connect_is_a_worker_error() {
    let db = Cluster::shared().create_database();
    let role = format!("{}_one", db.name());
    db.psql(&format!(
        "CREATE ROLE {role} LOGIN CONNECTION LIMIT 1;
         CREATE TABLE public.t (id int); ALTER TABLE public.t OWNER TO {role};"
    ));
    let conninfo = db.conninfo().replace(&format!("user={SUPERUSER}"), &format!("user={role}"));
    assert!(conninfo.contains(&role), "{conninfo}");
    let settings = tusk_pg::ConnectionSettings::parse(&conninfo).expect("conninfo");
    // One job: one session, which the limit allows.
    prepare_dump(&PrepareOptions::new(settings.clone()))
        .await
        .expect("prepare with one job")
        .finish()
        .await
        .expect("finish");
    // Its backend exits after the client is gone: wait, or the leader would be refused.
    let started = Instant::now();
    while db
        .psql(&format!("SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE usename = '{role}'"))
        .trim()
        != "0"
    {
        assert!(started.elapsed() < Duration::from_secs(30), "the session of {role} stays");
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut options = PrepareOptions::new(settings);
    options.jobs = 2;
    let err = prepare_dump(&options).await.expect_err("a second session is refused");
    assert!(matches!(err, DumpError::Connect { role: Role::Worker(0), .. }), "{err:?}");
    assert_eq!(err.to_string(), "could not connect the worker 0 session");
    db.psql(&format!("DROP TABLE public.t; DROP ROLE {role};"));
}
