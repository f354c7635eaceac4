//! Peak memory of dumping a big table (ignored by default: it builds a table of
//! `TUSK_BIG_TABLE_MB` megabytes, 1024 unless set). Run with
//! `cargo test -p tusk-dump --test main -- --ignored --nocapture peak_memory`.

use std::time::Instant;

use tusk_archive::Algorithm;
use tusk_dump::DumpOptions;
use tusk_testkit::Cluster;

use crate::support::{archive_dir, dump, table_data};

/// This process's peak resident set (VmHWM), in KiB.
fn peak_rss_kib() -> u64 {
    let status = fs_err::read_to_string("/proc/self/status").expect("status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "builds a 1 GB table; run by hand to measure"]
async fn peak_memory_of_a_big_table() {
    let mb: u64 =
        std::env::var("TUSK_BIG_TABLE_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(1024);
    let db = Cluster::shared().create_database();
    // About 350 bytes per row on disk.
    let rows = mb * 1024 * 1024 / 350;
    db.psql(&format!(
        "CREATE TABLE public.big (id bigint, pad text);
         INSERT INTO public.big SELECT g, repeat(md5(g::text), 10) FROM generate_series(1, {rows}) g;
         VACUUM ANALYZE public.big;"
    ));
    let table = table_data(&db, "public", "big", 1);
    let size = db.psql("SELECT pg_catalog.pg_relation_size('public.big')");
    let before = peak_rss_kib();
    for (algorithm, split) in [(Algorithm::Zstd, Some(table.relpages / 8)), (Algorithm::Gzip, None)]
    {
        let (_tmp, dir) = archive_dir();
        let options = DumpOptions { jobs: 2, algorithm, split_pages: split, ..Default::default() };
        let started = Instant::now();
        let manifest =
            dump(&db, &dir, vec![table.clone()], &options, None, None).await.expect("dump");
        let file = manifest.file(1).expect("entry");
        println!(
            "{algorithm:?} split {split:?}: relation {} bytes, {} rows, {} bytes uncompressed, {} compressed, {} chunks, {:.1} s, peak RSS {} KiB (before the dumps {} KiB)",
            size.trim(),
            file.rows,
            file.uncompressed_bytes,
            file.compressed_bytes,
            file.chunks.len(),
            started.elapsed().as_secs_f64(),
            peak_rss_kib(),
            before,
        );
    }
}
