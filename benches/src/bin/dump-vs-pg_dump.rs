//! `tusk dump` against stock `pg_dump -Fd` on one generated database.
//!
//! Starts a throw-away cluster (tusk-testkit), fills one database with a dominant table of
//! about `--size-mb` MB (bigint id, timestamptz, short and long text, numeric, jsonb, a
//! nullable text column) plus a few small tables, all generated server-side with
//! `INSERT … SELECT generate_series`, then `VACUUM ANALYZE`. It then dumps that database with
//!
//! - `pg_dump -Fd -j J` (its default compression, gzip level 6),
//! - `tusk dump -j J` (its default compression, zstd),
//! - `tusk dump -j J -Z gzip` (gzip level 6, apples to apples with pg_dump),
//!
//! each once untimed (warming the page cache) and then `--runs` times, rounds interleaved,
//! into a fresh directory each time. Every run records wall time, user+sys CPU and peak RSS of
//! the dump process (from `wait4`, which includes its reaped children, e.g. pg_dump's forked
//! workers; for those `ru_maxrss` is the largest single process, not their sum) and the
//! archive size. It prints medians and tusk/pg_dump ratios and can write a JSON report.
//!
//! The server runs on the same machine and its CPU time is not counted.
//!
//! Usage (builds `tusk` first with `cargo build --release -p tusk-cli`, then looks for it next
//! to this binary in `target/release`):
//!
//! ```sh
//! cargo run --release -p tusk-benches --bin dump-vs-pg_dump -- \
//!     [--size-mb 1024] [--runs 3] [-j 2] [--json report.json] [--tusk PATH] [--work-dir DIR]
//! ```
//!
//! `--size-mb` defaults to `$TUSK_BENCH_SIZE_MB` or 1024. `--tusk PATH` skips the build and
//! uses that binary. `--work-dir` holds the dump output (default: the temp directory).
#![allow(clippy::print_stdout, reason = "a benchmark reports on standard output")]
#![allow(clippy::print_stderr, reason = "a benchmark reports progress on standard error")]

use std::path::Path;
use std::process::Command;

use anyhow::Context as _;
use serde_json::json;
use tusk_benches::{
    dir_size, generate, loadavg, measure, median, nproc, parse_args, start_cluster, tusk_binary,
    write_report,
};
use tusk_testkit::command;

#[derive(Debug, Clone, Copy)]
struct Sample {
    wall_s: f64,
    cpu_s: f64,
    max_rss_kb: i64,
    archive_bytes: u64,
}

/// Runs the dump `cmd` writing `out_dir`, measuring it (see [`measure`]) and the archive.
fn measure_dump(cmd: &mut Command, out_dir: &Path) -> anyhow::Result<Sample> {
    let m = measure(cmd)?;
    Ok(Sample {
        wall_s: m.wall_s,
        cpu_s: m.cpu_s,
        max_rss_kb: m.max_rss_kb,
        archive_bytes: dir_size(out_dir)?,
    })
}

struct Config {
    label: &'static str,
    build: Box<dyn Fn(&Path) -> Command>,
}

fn main() -> anyhow::Result<()> {
    let args = parse_args("dump-vs-pg_dump")?;
    let tusk = tusk_binary(&args)?;
    let work = match &args.work_dir {
        Some(d) => tempfile::tempdir_in(d)?,
        None => tempfile::tempdir()?,
    };
    let cluster = start_cluster(&[]);
    let db = cluster.create_database();
    let load_before = loadavg();
    eprintln!("generating about {} MB (load average {load_before})", args.size_mb);
    generate(&cluster, db.name(), args.size_mb);
    let db_bytes: u64 = db.psql("SELECT pg_database_size(current_database())").trim().parse()?;
    let table_bytes: u64 = db.psql("SELECT pg_relation_size('events')").trim().parse()?;
    let rows: u64 = db.psql("SELECT count(*) FROM events").trim().parse()?;

    let jobs = args.jobs.to_string();
    let conninfo = db.conninfo();
    let dbname = db.name().to_owned();
    let configs: Vec<Config> = vec![
        Config {
            label: "pg_dump -Fd (gzip)",
            build: {
                let (cluster, jobs, dbname) = (&cluster, jobs.clone(), dbname.clone());
                let c = cluster.tool("pg_dump");
                let program = c.get_program().to_owned();
                let envs: Vec<_> =
                    c.get_envs().map(|(k, v)| (k.to_owned(), v.map(|v| v.to_owned()))).collect();
                Box::new(move |out: &Path| {
                    let mut c = command(&program);
                    for (k, v) in &envs {
                        match v {
                            Some(v) => c.env(k, v),
                            None => c.env_remove(k),
                        };
                    }
                    c.args(["-Fd", "-j", &jobs, "-d", &dbname, "-f"]).arg(out);
                    c
                })
            },
        },
        Config {
            label: "tusk dump (zstd)",
            build: {
                let (tusk, jobs, conninfo) = (tusk.clone(), jobs.clone(), conninfo.clone());
                Box::new(move |out: &Path| {
                    let mut c = command(&tusk);
                    c.args(["dump", "-q", "-j", &jobs, "-d", &conninfo, "-f"]).arg(out);
                    c
                })
            },
        },
        Config {
            label: "tusk dump -Z gzip",
            build: {
                let (tusk, jobs, conninfo) = (tusk.clone(), jobs.clone(), conninfo.clone());
                Box::new(move |out: &Path| {
                    let mut c = command(&tusk);
                    c.args(["dump", "-q", "-Z", "gzip", "-j", &jobs, "-d", &conninfo, "-f"])
                        .arg(out);
                    c
                })
            },
        },
    ];

    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); configs.len()];
    let run = |ci: usize, tag: &str| -> anyhow::Result<Sample> {
        let out = work.path().join(format!("{ci}-{tag}"));
        let s = measure_dump(&mut (configs[ci].build)(&out), &out)
            .with_context(|| configs[ci].label.to_owned())?;
        std::fs::remove_dir_all(&out)?;
        eprintln!(
            "  {:<20} {tag:>6}: {:7.2} s wall, {:7.2} s cpu, {:5} MB rss, {:6} MB",
            configs[ci].label,
            s.wall_s,
            s.cpu_s,
            s.max_rss_kb / 1024,
            s.archive_bytes / 1_000_000
        );
        Ok(s)
    };
    eprintln!("warm-up runs (untimed)");
    for ci in 0..configs.len() {
        run(ci, "warm")?;
    }
    for r in 0..args.runs {
        for (ci, out) in samples.iter_mut().enumerate() {
            out.push(run(ci, &format!("run{}", r + 1))?);
        }
    }
    let load_after = loadavg();

    let med: Vec<Sample> = samples
        .iter()
        .map(|v| Sample {
            wall_s: median(v.iter().map(|s| s.wall_s).collect()),
            cpu_s: median(v.iter().map(|s| s.cpu_s).collect()),
            max_rss_kb: median(v.iter().map(|s| s.max_rss_kb as f64).collect()) as i64,
            archive_bytes: median(v.iter().map(|s| s.archive_bytes as f64).collect()) as u64,
        })
        .collect();
    let base = med[0];
    println!(
        "database: {} MB ({} MB dominant table, {rows} rows); -j {}; median of {} runs",
        db_bytes / 1_000_000,
        table_bytes / 1_000_000,
        args.jobs,
        args.runs
    );
    println!(
        "{:<20} {:>9} {:>13} {:>13} {:>12} {:>11} {:>10}",
        "run", "wall s", "user+sys s", "peak RSS MB", "archive MB", "wall ratio", "cpu ratio"
    );
    let mut rows_json = Vec::new();
    for (c, m) in configs.iter().zip(&med) {
        println!(
            "{:<20} {:>9.2} {:>13.2} {:>13.1} {:>12.1} {:>11.3} {:>10.3}",
            c.label,
            m.wall_s,
            m.cpu_s,
            m.max_rss_kb as f64 / 1024.0,
            m.archive_bytes as f64 / 1e6,
            m.wall_s / base.wall_s,
            m.cpu_s / base.cpu_s
        );
        let idx = rows_json.len();
        rows_json.push(json!({
            "run": c.label,
            "median": {
                "wall_s": m.wall_s, "cpu_s": m.cpu_s,
                "max_rss_kb": m.max_rss_kb, "archive_bytes": m.archive_bytes,
            },
            "ratio_to_pg_dump": {
                "wall": m.wall_s / base.wall_s, "cpu": m.cpu_s / base.cpu_s,
                "max_rss": m.max_rss_kb as f64 / base.max_rss_kb as f64,
                "archive_bytes": m.archive_bytes as f64 / base.archive_bytes as f64,
            },
            "samples": samples[idx].iter().map(|s| json!({
                "wall_s": s.wall_s, "cpu_s": s.cpu_s,
                "max_rss_kb": s.max_rss_kb, "archive_bytes": s.archive_bytes,
            })).collect::<Vec<_>>(),
        }));
    }
    println!("load average: before {load_before}, after {load_after}");
    if let Some(path) = &args.json {
        let report = json!({
            "size_mb_requested": args.size_mb,
            "database_bytes": db_bytes,
            "dominant_table_bytes": table_bytes,
            "dominant_table_rows": rows,
            "jobs": args.jobs,
            "runs": args.runs,
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
