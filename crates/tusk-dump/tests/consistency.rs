//! Every worker sees the leader's snapshot: rows committed after the export are absent.

use std::sync::Arc;

use tusk_archive::{Algorithm, ArchiveWriter, WriterOptions};
use tusk_dump::{DumpOptions, Leader, Progress, ProgressEvent, dump_data};
use tusk_testkit::Cluster;

use crate::support::{archive_dir, read_data, settings, sorted_rows, source_rows, table_data};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_written_after_the_export_are_absent() {
    let db = Cluster::shared().create_database();
    let mut setup = String::new();
    for i in 0..6 {
        setup.push_str(&format!(
            "CREATE TABLE public.t{i} (id int, v text);
             INSERT INTO public.t{i} SELECT g, 'before ' || g FROM generate_series(1, {}) g;
             VACUUM ANALYZE public.t{i};",
            1000 * (i + 1)
        ));
    }
    db.psql(&setup);
    let tables: Vec<_> =
        (0..6).map(|i| table_data(&db, "public", &format!("t{i}"), 100 + i)).collect();
    let before: Vec<_> = tables.iter().map(|t| source_rows(&db, t)).collect();

    let leader = Leader::start(&settings(&db), None).await.expect("leader");
    leader
        .lock_tables(tables.iter().map(|t| (t.schema.as_str(), t.name.as_str())), None)
        .await
        .expect("locks");
    // Other sessions change every table after the export, before any COPY starts.
    let mut changes = String::new();
    for i in 0..6 {
        changes.push_str(&format!(
            "INSERT INTO public.t{i} SELECT g, 'after' FROM generate_series(1, 500) g;
             UPDATE public.t{i} SET v = 'updated' WHERE id % 7 = 0;
             DELETE FROM public.t{i} WHERE id % 11 = 0;"
        ));
    }
    db.psql(&changes);
    // And keep writing while the dump runs: each table start triggers one more commit.
    let name = db.name().to_owned();
    let progress = Progress::new(move |event| {
        if let ProgressEvent::Started { dump_id, .. } = event {
            let i = dump_id - 100;
            Cluster::shared()
                .psql(&name, &format!("INSERT INTO public.t{i} VALUES (-1, 'during the dump')"));
        }
    });

    let (_tmp, dir) = archive_dir();
    let archive = Arc::new(
        ArchiveWriter::create(&dir, WriterOptions { sync: false, ..Default::default() })
            .expect("archive"),
    );
    let options = DumpOptions {
        jobs: 4,
        algorithm: Algorithm::Gzip,
        split_pages: Some(2),
        ..Default::default()
    };
    let manifest =
        dump_data(&leader, archive, tables.clone(), &options, Some(progress)).await.expect("dump");
    leader.finish().await.expect("commit");

    for (i, table) in tables.iter().enumerate() {
        let data = read_data(&dir, &manifest, table.dump_id);
        let rows = sorted_rows(&data);
        assert_eq!(rows, before[i], "table {}", table.name);
        assert_eq!(manifest.file(table.dump_id).expect("entry").rows, rows.len() as u64);
        // The changes are really there for everyone else.
        assert_ne!(source_rows(&db, table), before[i]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_snapshot_is_used_by_leader_and_workers() {
    let db = Cluster::shared().create_database();
    db.psql("CREATE TABLE public.s (id int); INSERT INTO public.s SELECT generate_series(1, 300);");
    let table = table_data(&db, "public", "s", 1);
    let before = source_rows(&db, &table);
    // Someone else exported the snapshot (pg_dump --snapshot=ID).
    let exporter = Leader::start(&settings(&db), None).await.expect("exporter");
    db.psql("INSERT INTO public.s SELECT generate_series(301, 600);");
    let leader =
        Leader::start(&settings(&db), Some(exporter.snapshot_id())).await.expect("importer");
    assert_eq!(leader.snapshot_id(), exporter.snapshot_id());
    let (_tmp, dir) = archive_dir();
    let archive = Arc::new(
        ArchiveWriter::create(&dir, WriterOptions { sync: false, ..Default::default() })
            .expect("archive"),
    );
    let options = DumpOptions { jobs: 2, algorithm: Algorithm::None, ..Default::default() };
    let manifest =
        dump_data(&leader, archive, vec![table.clone()], &options, None).await.expect("dump");
    assert_eq!(sorted_rows(&read_data(&dir, &manifest, 1)), before);
    leader.finish().await.expect("commit");
    exporter.finish().await.expect("commit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_snapshot_is_a_typed_error() {
    let db = Cluster::shared().create_database();
    let err =
        Leader::start(&settings(&db), Some("00000003-0000001B-1")).await.expect_err("must fail");
    assert!(matches!(err, tusk_dump::DumpError::SnapshotImport { .. }), "{err:?}");
    let leader = Leader::start(&settings(&db), None).await.expect("leader");
    let (_tmp, dir) = archive_dir();
    let archive = Arc::new(
        ArchiveWriter::create(&dir, WriterOptions { sync: false, ..Default::default() })
            .expect("archive"),
    );
    let options = DumpOptions { jobs: 0, ..Default::default() };
    let err = dump_data(&leader, archive, Vec::new(), &options, None).await.expect_err("jobs 0");
    assert!(matches!(err, tusk_dump::DumpError::InvalidOptions { .. }), "{err:?}");
    leader.finish().await.expect("commit");
}
