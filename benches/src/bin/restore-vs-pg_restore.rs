//! `tusk restore` against stock `pg_restore` plus `vacuumdb --analyze-only` on one generated
//! database.
//!
//! Starts a throw-away cluster (tusk-testkit, as `dump-vs-pg_dump` but with autovacuum off, so
//! that no background ANALYZE competes with a run or stands in for a missing one), fills one
//! database with the same generator as `dump-vs-pg_dump` (a dominant table `events` of about
//! `--size-mb` MB and a few small tables), then adds two secondary btree indexes to `events`
//! (it already has its primary key), so that index builds weigh in the restore. That database
//! is dumped once, untimed, with stock `pg_dump -Fd -Z0 -j J` (uncompressed). Then each of
//!
//! - peer: `pg_restore -j J -d DB ARCHIVE`, then `vacuumdb --analyze-only -j J -d DB` (one
//!   sample: wall time from the start of pg_restore to the end of vacuumdb, CPU summed, peak
//!   RSS the larger of the two),
//! - tusk: `tusk restore -q -j J -d DB ARCHIVE` (which runs ANALYZE itself),
//!
//! restores the archive into a freshly created empty database, once untimed (warming the page
//! cache) and then `--runs` times, rounds interleaved. After every run (untimed) the target
//! must hold what the source holds: the same row counts of every table, the same number of
//! indexes and the same number of `pg_stats` rows (so the tables were analyzed); otherwise the
//! benchmark fails, so that a broken restore cannot look fast. The target database is then
//! dropped and a `CHECKPOINT` flushes the server before the next run.
//!
//! CPU time and peak RSS come from `wait4`, which includes reaped children (pg_restore's forked
//! workers; for those `ru_maxrss` is the largest single process, not their sum). The server runs
//! on the same machine and its CPU time is not counted. It prints medians, the tusk/peer ratios
//! and the target ratio (tusk at most 0.7× the peer's wall time), and can write a JSON report.
//!
//! Usage (builds `tusk` first with `cargo build --release -p tusk-cli`, then looks for it next
//! to this binary in `target/release`):
//!
//! ```sh
//! cargo run --release -p tusk-benches --bin restore-vs-pg_restore -- \
//!     [--size-mb 1024] [--runs 3] [-j 2] [--json report.json] [--tusk PATH] [--work-dir DIR]
//! ```
//!
//! `--size-mb` defaults to `$TUSK_BENCH_SIZE_MB` or 1024. `--tusk PATH` skips the build and
//! uses that binary. `--work-dir` holds the archive (default: the temp directory).
#![allow(clippy::print_stdout, reason = "a benchmark reports on standard output")]
#![allow(clippy::print_stderr, reason = "a benchmark reports progress on standard error")]

use std::path::Path;
use std::time::Instant;

use anyhow::{Context as _, ensure};
use serde_json::json;
use tusk_benches::{
    dir_size, generate, loadavg, measure, median, nproc, parse_args, start_cluster, tusk_binary,
    write_report,
};
use tusk_testkit::{Cluster, command};

/// The wall-time ratio tusk/peer the restore aims at (reported, not enforced).
const TARGET_WALL_RATIO: f64 = 0.7;

/// What the source holds and a correct restore (with ANALYZE) reproduces.
const FINGERPRINT_SQL: &str = "SELECT format(
    'events %s rows, customers %s, products %s, settings %s, %s indexes, %s pg_stats rows',
    (SELECT count(*) FROM events), (SELECT count(*) FROM customers),
    (SELECT count(*) FROM products), (SELECT count(*) FROM settings),
    (SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'),
    (SELECT count(*) FROM pg_stats WHERE schemaname = 'public'))";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    Peer,
    Tusk,
}

impl Tool {
    const ALL: [Tool; 2] = [Tool::Peer, Tool::Tusk];

    fn label(self) -> &'static str {
        match self {
            Tool::Peer => "pg_restore + vacuumdb",
            Tool::Tusk => "tusk restore",
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Sample {
    wall_s: f64,
    cpu_s: f64,
    max_rss_kb: i64,
    /// The peer's `vacuumdb --analyze-only` share of `wall_s`.
    analyze_wall_s: Option<f64>,
}

struct Bench<'a> {
    cluster: &'a Cluster,
    tusk: &'a Path,
    archive: &'a Path,
    jobs: String,
    fingerprint: String,
}

impl Bench<'_> {
    /// Restores the archive with `tool` into a fresh database, checks it and drops it again.
    fn run(&self, tool: Tool, tag: &str) -> anyhow::Result<Sample> {
        let target = self.cluster.create_database();
        let sample = match tool {
            Tool::Peer => {
                let start = Instant::now();
                let restore = measure(
                    self.cluster
                        .tool("pg_restore")
                        .args(["-j", &self.jobs, "-d", target.name()])
                        .arg(self.archive),
                )
                .context("pg_restore")?;
                let analyze = measure(self.cluster.tool("vacuumdb").args([
                    "--analyze-only",
                    "-q",
                    "-j",
                    &self.jobs,
                    "-d",
                    target.name(),
                ]))
                .context("vacuumdb --analyze-only")?;
                Sample {
                    wall_s: start.elapsed().as_secs_f64(),
                    cpu_s: restore.cpu_s + analyze.cpu_s,
                    max_rss_kb: restore.max_rss_kb.max(analyze.max_rss_kb),
                    analyze_wall_s: Some(analyze.wall_s),
                }
            }
            Tool::Tusk => {
                let m = measure(
                    command(self.tusk)
                        .args(["restore", "-q", "-j", &self.jobs, "-d", &target.conninfo()])
                        .arg(self.archive),
                )
                .context("tusk restore")?;
                Sample {
                    wall_s: m.wall_s,
                    cpu_s: m.cpu_s,
                    max_rss_kb: m.max_rss_kb,
                    analyze_wall_s: None,
                }
            }
        };
        let got = target.psql(FINGERPRINT_SQL);
        ensure!(
            got.trim() == self.fingerprint,
            "{} {tag} restored {:?} into {}, but the source holds {:?}",
            tool.label(),
            got.trim(),
            target.name(),
            self.fingerprint
        );
        self.cluster.psql("postgres", &format!("DROP DATABASE {} WITH (FORCE)", target.name()));
        self.cluster.psql("postgres", "CHECKPOINT");
        eprintln!(
            "  {:<22} {tag:>6}: {:7.2} s wall{}, {:7.2} s cpu, {:5} MB rss",
            tool.label(),
            sample.wall_s,
            sample.analyze_wall_s.map(|a| format!(" ({a:.2} s vacuumdb)")).unwrap_or_default(),
            sample.cpu_s,
            sample.max_rss_kb / 1024,
        );
        Ok(sample)
    }
}

fn main() -> anyhow::Result<()> {
    let args = parse_args("restore-vs-pg_restore")?;
    let tusk = tusk_binary(&args)?;
    let work = match &args.work_dir {
        Some(d) => tempfile::tempdir_in(d)?,
        None => tempfile::tempdir()?,
    };
    let cluster = start_cluster(&[("autovacuum", "off")]);
    let db = cluster.create_database();
    let load_before = loadavg();
    eprintln!("generating about {} MB (load average {load_before})", args.size_mb);
    generate(&cluster, db.name(), args.size_mb);
    let t = Instant::now();
    db.psql(
        "CREATE INDEX events_created_at_idx ON events (created_at);
         CREATE INDEX events_kind_amount_idx ON events (kind, amount);",
    );
    eprintln!("secondary indexes built in {:.0} s", t.elapsed().as_secs_f64());
    let db_bytes: u64 = db.psql("SELECT pg_database_size(current_database())").trim().parse()?;
    let table_bytes: u64 = db.psql("SELECT pg_relation_size('events')").trim().parse()?;
    let index_bytes: u64 = db.psql("SELECT pg_indexes_size('events')").trim().parse()?;
    let rows: u64 = db.psql("SELECT count(*) FROM events").trim().parse()?;
    let fingerprint = db.psql(FINGERPRINT_SQL).trim().to_owned();
    eprintln!("source: {fingerprint}");

    let jobs = args.jobs.to_string();
    let archive = work.path().join("archive");
    eprintln!("dumping once: pg_dump -Fd -Z0 -j {jobs}");
    let dump = measure(
        cluster
            .tool("pg_dump")
            .args(["-Fd", "-Z0", "-j", &jobs, "-d", db.name(), "-f"])
            .arg(&archive),
    )
    .context("pg_dump")?;
    let archive_bytes = dir_size(&archive)?;
    eprintln!("  {:.1} s, archive {} MB", dump.wall_s, archive_bytes / 1_000_000);

    let bench = Bench { cluster: &cluster, tusk: &tusk, archive: &archive, jobs, fingerprint };
    eprintln!("warm-up runs (untimed)");
    for tool in Tool::ALL {
        bench.run(tool, "warm")?;
    }
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); Tool::ALL.len()];
    for r in 0..args.runs {
        for (tool, out) in Tool::ALL.into_iter().zip(&mut samples) {
            out.push(bench.run(tool, &format!("run{}", r + 1))?);
        }
    }
    let load_after = loadavg();

    let med: Vec<Sample> = samples
        .iter()
        .map(|v| Sample {
            wall_s: median(v.iter().map(|s| s.wall_s).collect()),
            cpu_s: median(v.iter().map(|s| s.cpu_s).collect()),
            max_rss_kb: median(v.iter().map(|s| s.max_rss_kb as f64).collect()) as i64,
            analyze_wall_s: v
                .iter()
                .map(|s| s.analyze_wall_s)
                .collect::<Option<Vec<f64>>>()
                .map(median),
        })
        .collect();
    let base = med[0];
    println!(
        "database: {} MB (events {} MB + {} MB indexes, {rows} rows); archive {} MB \
         (pg_dump -Fd -Z0); -j {}; median of {} runs",
        db_bytes / 1_000_000,
        table_bytes / 1_000_000,
        index_bytes / 1_000_000,
        archive_bytes / 1_000_000,
        args.jobs,
        args.runs
    );
    println!(
        "{:<22} {:>9} {:>13} {:>13} {:>11} {:>10}",
        "run", "wall s", "user+sys s", "peak RSS MB", "wall ratio", "cpu ratio"
    );
    let mut rows_json = Vec::new();
    for ((tool, m), runs) in Tool::ALL.into_iter().zip(&med).zip(&samples) {
        println!(
            "{:<22} {:>9.2} {:>13.2} {:>13.1} {:>11.3} {:>10.3}",
            tool.label(),
            m.wall_s,
            m.cpu_s,
            m.max_rss_kb as f64 / 1024.0,
            m.wall_s / base.wall_s,
            m.cpu_s / base.cpu_s
        );
        rows_json.push(json!({
            "run": tool.label(),
            "median": {
                "wall_s": m.wall_s, "cpu_s": m.cpu_s, "max_rss_kb": m.max_rss_kb,
                "vacuumdb_wall_s": m.analyze_wall_s,
            },
            "ratio_to_peer": {
                "wall": m.wall_s / base.wall_s, "cpu": m.cpu_s / base.cpu_s,
                "max_rss": m.max_rss_kb as f64 / base.max_rss_kb as f64,
            },
            "samples": runs.iter().map(|s| json!({
                "wall_s": s.wall_s, "cpu_s": s.cpu_s, "max_rss_kb": s.max_rss_kb,
                "vacuumdb_wall_s": s.analyze_wall_s,
            })).collect::<Vec<_>>(),
        }));
    }
    if let Some(a) = base.analyze_wall_s {
        println!("of the peer's wall time, vacuumdb --analyze-only: {a:.2} s");
    }
    let ratio = med[1].wall_s / base.wall_s;
    println!(
        "target: tusk/peer wall ratio at most {TARGET_WALL_RATIO:.2}; measured {ratio:.3} ({})",
        if ratio <= TARGET_WALL_RATIO { "met" } else { "not met" }
    );
    println!("load average: before {load_before}, after {load_after}");
    if let Some(path) = &args.json {
        let report = json!({
            "size_mb_requested": args.size_mb,
            "database_bytes": db_bytes,
            "dominant_table_bytes": table_bytes,
            "dominant_table_index_bytes": index_bytes,
            "dominant_table_rows": rows,
            "archive_bytes": archive_bytes,
            "pg_dump_wall_s": dump.wall_s,
            "jobs": args.jobs,
            "runs": args.runs,
            "target_wall_ratio": TARGET_WALL_RATIO,
            "wall_ratio": ratio,
            "postgresql": cluster.installation().version(),
            "nproc": nproc(),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "results": rows_json,
        });
        write_report(path, &report)?;
    }
    Ok(())
}
