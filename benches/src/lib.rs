//! What the benchmarks comparing tusk with the stock PostgreSQL tools share: their command
//! line, building `tusk`, the throw-away cluster, the generated database, and measuring a child
//! process with `wait4`.
#![allow(clippy::print_stdout, reason = "a benchmark reports on standard output")]
#![allow(clippy::print_stderr, reason = "a benchmark reports progress on standard error")]

pub mod check;
pub mod datasets;
pub mod report;
pub mod server_cpu;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

use anyhow::{Context as _, bail, ensure};
use tusk_testkit::{Cluster, command};

use crate::server_cpu::ServerCpu;

/// The command line common to the tusk-vs-stock benchmarks.
#[derive(Debug)]
pub struct Args {
    /// `--size-mb`: the dominant table's size to generate, in MB (10⁶ bytes).
    pub size_mb: u64,
    /// `--runs`: timed rounds.
    pub runs: usize,
    /// `-j/--jobs`: parallel jobs of every tool.
    pub jobs: u32,
    /// `--json FILE`: where to write the report.
    pub json: Option<PathBuf>,
    /// `--tusk PATH`: the `tusk` binary to use instead of building one.
    pub tusk: Option<PathBuf>,
    /// `--work-dir DIR`: where the archives go (default: the temp directory).
    pub work_dir: Option<PathBuf>,
}

/// Parses the command line; `program` names the benchmark in the usage line.
pub fn parse_args(program: &str) -> anyhow::Result<Args> {
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
                    "usage: {program} [--size-mb MB] [--runs N] [-j N] [--json FILE] \
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

/// The `tusk` binary: `--tusk PATH` if given, else built with [`build_tusk`].
pub fn tusk_binary(args: &Args) -> anyhow::Result<PathBuf> {
    match &args.tusk {
        Some(p) => Ok(p.clone()),
        None => build_tusk(),
    }
}

/// Builds `tusk` in release mode and returns its path next to the running binary.
pub fn build_tusk() -> anyhow::Result<PathBuf> {
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

/// Starts the benchmarks' throw-away cluster: the test kit's settings (fsync off) plus
/// `shared_buffers = 256MB`, `max_wal_size = 4GB`, `checkpoint_timeout = 30min`, then `extra`.
pub fn start_cluster(extra: &[(&str, &str)]) -> Cluster {
    eprintln!("starting a throw-away cluster");
    let mut b = Cluster::builder()
        .setting("shared_buffers", "'256MB'")
        .setting("max_wal_size", "'4GB'")
        .setting("checkpoint_timeout", "'30min'");
    for (name, value) in extra {
        b = b.setting(name, value);
    }
    b.start()
}

/// Fills the database: one dominant table `events` of about `size_mb` MB (with only its
/// primary key as index) and a few small ones, then `VACUUM ANALYZE`.
pub fn generate(cluster: &Cluster, db: &str, size_mb: u64) {
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

/// What [`measure`] found out about one child process.
#[derive(Debug, Clone, Copy)]
pub struct Measured {
    /// Wall time from spawning to reaping it, in seconds.
    pub wall_s: f64,
    /// User plus system CPU of it and its reaped children, in seconds.
    pub cpu_s: f64,
    /// `ru_maxrss`: the largest resident set of it or of one of its reaped children, in KiB.
    pub max_rss_kb: i64,
    /// CPU seconds the server watched with [`watch_server`] spent meanwhile (`None` when no
    /// server is watched).
    pub server_cpu_s: Option<f64>,
}

static SERVER: OnceLock<ServerCpu> = OnceLock::new();

/// Makes every later [`measure`] also count the CPU time of this server (once per process;
/// a second call is ignored).
pub fn watch_server(probe: ServerCpu) {
    let _ = SERVER.set(probe);
}

fn timeval_s(tv: libc::timeval) -> f64 {
    tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6
}

/// Runs `cmd` to completion (standard input and output null, standard error inherited),
/// measuring it with `wait4` (and the watched server's CPU meanwhile, see [`watch_server`]);
/// fails unless it exits with status 0.
pub fn measure(cmd: &mut Command) -> anyhow::Result<Measured> {
    match SERVER.get() {
        None => measure_client(cmd),
        Some(probe) => {
            let (mut m, server) = probe.during(|| measure_client(cmd))?;
            m.server_cpu_s = Some(server);
            Ok(m)
        }
    }
}

fn measure_client(cmd: &mut Command) -> anyhow::Result<Measured> {
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
    Ok(Measured {
        wall_s,
        cpu_s: timeval_s(usage.ru_utime) + timeval_s(usage.ru_stime),
        max_rss_kb: usage.ru_maxrss,
        server_cpu_s: None,
    })
}

/// The sum of the sizes of the files under `dir`.
pub fn dir_size(dir: &Path) -> anyhow::Result<u64> {
    let mut total = 0;
    for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let e = e?;
        let md = e.metadata()?;
        total += if md.is_dir() { dir_size(&e.path())? } else { md.len() };
    }
    Ok(total)
}

/// The median of `v` (the mean of the middle two for an even count); NaN when empty.
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

/// The 1, 5 and 15 minute load averages from `/proc/loadavg` (empty if unreadable).
pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// The number of CPUs this process may use (0 if unknown).
pub fn nproc() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)
}

/// Writes a benchmark's JSON report (pretty, with a final newline) and says where.
pub fn write_report(path: &Path, report: &serde_json::Value) -> anyhow::Result<()> {
    std::fs::write(path, serde_json::to_string_pretty(report)? + "\n")
        .with_context(|| format!("writing {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}
