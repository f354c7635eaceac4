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

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context as _, bail, ensure};
use serde_json::json;
use tusk_testkit::{Cluster, command};

#[derive(Debug)]
struct Args {
    size_mb: u64,
    runs: usize,
    jobs: u32,
    json: Option<PathBuf>,
    tusk: Option<PathBuf>,
    work_dir: Option<PathBuf>,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut a = Args {
        size_mb: match std::env::var("TUSK_BENCH_SIZE_MB") {
            Ok(v) => v.parse().context("TUSK_BENCH_SIZE_MB")?,
            Err(_) => 1024,
        },
        runs: 3,
        jobs: 2,
        json: None,
        tusk: None,
        work_dir: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--size-mb" => a.size_mb = value()?.parse().context("--size-mb")?,
            "--runs" => a.runs = value()?.parse().context("--runs")?,
            "-j" | "--jobs" => a.jobs = value()?.parse().context("-j")?,
            "--json" => a.json = Some(value()?.into()),
            "--tusk" => a.tusk = Some(value()?.into()),
            "--work-dir" => a.work_dir = Some(value()?.into()),
            "-h" | "--help" => {
                println!(
                    "usage: dump-vs-pg_dump [--size-mb MB] [--runs N] [-j N] [--json FILE] \
                     [--tusk PATH] [--work-dir DIR]"
                );
                std::process::exit(0);
            }
            other => bail!("unknown argument {other:?} (try --help)"),
        }
    }
    ensure!(a.runs >= 1 && a.jobs >= 1 && a.size_mb >= 1, "sizes and counts must be positive");
    Ok(a)
}

/// Builds `tusk` in release mode and returns its path next to this binary.
fn build_tusk() -> anyhow::Result<PathBuf> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("building tusk: cargo build --release -p tusk-cli");
    let st = command(cargo)
        .args(["build", "--release", "-p", "tusk-cli"])
        .current_dir(&workspace)
        .status()
        .context("could not run cargo")?;
    ensure!(st.success(), "cargo build --release -p tusk-cli failed");
    let exe = std::env::current_exe()?;
    let tusk = exe.parent().context("binary without a directory")?.join("tusk");
    ensure!(
        tusk.is_file(),
        "{} not found: run this bench with --release (or pass --tusk PATH)",
        tusk.display()
    );
    Ok(tusk)
}

/// Fills the database: one dominant table of about `size_mb` MB and a few small ones.
fn generate(cluster: &Cluster, db: &str, size_mb: u64) {
    let t = Instant::now();
    cluster.psql(
        db,
        "CREATE TABLE events (
             id bigint PRIMARY KEY,
             created_at timestamptz NOT NULL,
             kind text NOT NULL,
             body text NOT NULL,
             amount numeric(12,2) NOT NULL,
             payload jsonb NOT NULL,
             note text
         );
         CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email text,
                                 created_at timestamptz NOT NULL);
         CREATE TABLE products (id int PRIMARY KEY, sku text NOT NULL UNIQUE,
                                price numeric(10,2) NOT NULL, attrs jsonb);
         CREATE TABLE settings (key text PRIMARY KEY, value text);
         INSERT INTO customers SELECT g, 'customer ' || g,
                CASE WHEN g % 7 = 0 THEN NULL ELSE 'c' || g || '@example.com' END,
                timestamptz '2019-01-01' + g * interval '37 minutes'
           FROM generate_series(1, 20000) g;
         INSERT INTO products SELECT g, 'SKU-' || lpad(g::text, 6, '0'), (g % 5000) / 7.0,
                jsonb_build_object('color', (ARRAY['red','green','blue'])[1 + g % 3], 'w', g % 90)
           FROM generate_series(1, 2000) g;
         INSERT INTO settings SELECT 'key' || g, md5(g::text) FROM generate_series(1, 50) g;",
    );
    let target = size_mb * 1_000_000;
    let batch: u64 = 250_000;
    let mut next: u64 = 1;
    loop {
        // Text of varying length (0 to ~250 characters) built from hashes, so it compresses
        // like real prose-ish data rather than like a repeated constant.
        cluster.psql(
            db,
            &format!(
                "INSERT INTO events
                 SELECT g,
                        timestamptz '2020-01-01 00:00:00+00' + g * interval '1.7 seconds',
                        (ARRAY['view','click','purchase','refund','signup'])[1 + g % 5],
                        left(repeat(md5(g::text) || ' ' || md5((g * 31)::text) || ' ', 4),
                             ((g * 7919) % 251)::int),
                        ((g * 104729) % 10000000) / 100.0,
                        jsonb_build_object('user', g % 50000, 'session', md5((g / 10)::text),
                                           'score', (g % 1000) / 10.0,
                                           'tags', jsonb_build_array('t' || g % 17, 't' || g % 5)),
                        CASE WHEN g % 3 = 0 THEN NULL ELSE 'note ' || (g % 9973) END
                   FROM generate_series({next}::bigint, {end}::bigint) g",
                end = next + batch - 1
            ),
        );
        next += batch;
        let size: u64 =
            cluster.psql(db, "SELECT pg_relation_size('events')").trim().parse().unwrap_or(0);
        eprintln!("  events: {} rows, {} MB", next - 1, size / 1_000_000);
        if size >= target {
            break;
        }
    }
    cluster.psql(db, "VACUUM ANALYZE");
    eprintln!("generated in {:.0} s", t.elapsed().as_secs_f64());
}

#[derive(Debug, Clone, Copy)]
struct Sample {
    wall_s: f64,
    cpu_s: f64,
    max_rss_kb: i64,
    archive_bytes: u64,
}

fn timeval_s(tv: libc::timeval) -> f64 {
    tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6
}

/// Runs `cmd` to completion, measuring it with `wait4`.
fn measure(cmd: &mut Command, out_dir: &Path) -> anyhow::Result<Sample> {
    let start = Instant::now();
    let child = cmd.stdin(Stdio::null()).stdout(Stdio::null()).spawn().context("spawn")?;
    let pid = libc::pid_t::try_from(child.id())?;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    #[allow(unsafe_code)]
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own unreaped child (std's `Child` is never waited on here);
        // `status` and `usage` are valid, exclusively borrowed out-pointers.
        #[allow(unsafe_code)]
        let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if rc == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        if err.raw_os_error() != Some(libc::EINTR) {
            return Err(err).context("wait4");
        }
    }
    let wall_s = start.elapsed().as_secs_f64();
    drop(child);
    ensure!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed (wait status {status})"
    );
    Ok(Sample {
        wall_s,
        cpu_s: timeval_s(usage.ru_utime) + timeval_s(usage.ru_stime),
        max_rss_kb: usage.ru_maxrss,
        archive_bytes: dir_size(out_dir)?,
    })
}

fn dir_size(dir: &Path) -> anyhow::Result<u64> {
    let mut total = 0;
    for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let e = e?;
        let md = e.metadata()?;
        total += if md.is_dir() { dir_size(&e.path())? } else { md.len() };
    }
    Ok(total)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

struct Config {
    label: &'static str,
    build: Box<dyn Fn(&Path) -> Command>,
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let tusk = match &args.tusk {
        Some(p) => p.clone(),
        None => build_tusk()?,
    };
    let work = match &args.work_dir {
        Some(d) => tempfile::tempdir_in(d)?,
        None => tempfile::tempdir()?,
    };
    eprintln!("starting a throw-away cluster");
    let cluster = Cluster::builder()
        .setting("shared_buffers", "'256MB'")
        .setting("max_wal_size", "'4GB'")
        .setting("checkpoint_timeout", "'30min'")
        .start();
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
        let s = measure(&mut (configs[ci].build)(&out), &out)
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
            "nproc": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "results": rows_json,
        });
        std::fs::write(path, serde_json::to_string_pretty(&report)? + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
