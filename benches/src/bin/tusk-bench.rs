//! `tusk-bench`: the benchmark harness comparing tusk with the stock tools on generated
//! datasets (issue 5). See docs/benchmarks.md.
//!
//! ```sh
//! tusk-bench generate --dataset skewed --scale-mb 100
//! tusk-bench run --dataset mixed --scale-mb 100 -j 2 --runs 3 \
//!     [--tools dump,restore,clone,floor] [--json FILE] [--markdown FILE] [--tusk PATH] \
//!     [--peer-bindir DIR] [--work-dir DIR]
//! ```
//!
//! `generate` fills a database of a throw-away cluster and prints what it made. `run` does the
//! same, then runs each comparison ("pair": tusk and its peers) with one untimed warm-up per
//! tool and `--runs` rounds in which the tools alternate (A B A B …), each run into a fresh
//! directory or database. After every restore and clone the copy is checked against the
//! source (schema text and per-table checksums, see `tusk_benches::check`); a difference
//! fails the run. The report (stdout, `--markdown`, `--json`) gives per tool the wall time
//! (median, min, max), the median user+sys CPU of the client processes, their peak RSS, the
//! archive size of dumps, and tusk ÷ this tool.
#![allow(clippy::print_stdout, reason = "a benchmark reports on standard output")]
#![allow(clippy::print_stderr, reason = "a benchmark reports progress on standard error")]

use std::cell::Cell;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context as _, bail, ensure};
use serde_json::json;
use tusk_benches::check::Expected;
use tusk_benches::datasets::{self, Dataset, psql, tables_by_size};
use tusk_benches::report::{self, Group, Role, Sample, ToolRow};
use tusk_benches::server_cpu::ServerCpu;
use tusk_benches::{
    build_tusk, dir_size, loadavg, measure, nproc, start_cluster, watch_server, write_report,
};
use tusk_testkit::{Cluster, SUPERUSER, command};

const USAGE: &str = "usage:
  tusk-bench generate --dataset mixed|skewed|wide|many [--scale-mb MB] [--keep]
  tusk-bench run --dataset mixed|skewed|wide|many [--scale-mb MB] [-j N] [--runs N]
      [--tools dump,restore,clone,floor] [--json FILE] [--markdown FILE] [--tusk PATH]
      [--peer-bindir DIR] [--work-dir DIR]";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tool {
    Dump,
    Restore,
    Clone,
    Floor,
}

impl Tool {
    fn parse(s: &str) -> anyhow::Result<Self> {
        Ok(match s {
            "dump" => Tool::Dump,
            "restore" => Tool::Restore,
            "clone" => Tool::Clone,
            "floor" => Tool::Floor,
            _ => bail!("unknown tool {s:?} (dump, restore, clone, floor)"),
        })
    }
}

#[derive(Debug)]
struct Opts {
    run: bool,
    dataset: Dataset,
    scale_mb: u64,
    jobs: u32,
    runs: usize,
    tools: BTreeSet<Tool>,
    json: Option<PathBuf>,
    markdown: Option<PathBuf>,
    tusk: Option<PathBuf>,
    peer_bindir: Option<PathBuf>,
    work_dir: Option<PathBuf>,
    /// `generate --keep`: leave the cluster running (for profiling by hand).
    keep: bool,
}

fn parse_opts() -> anyhow::Result<Opts> {
    let mut it = std::env::args().skip(1);
    let run = match it.next().as_deref() {
        Some("run") => true,
        Some("generate") => false,
        Some("-h" | "--help") => {
            println!("{USAGE}");
            std::process::exit(0);
        }
        other => bail!("expected `run` or `generate`, got {other:?}\n{USAGE}"),
    };
    let mut o = Opts {
        run,
        dataset: Dataset::Mixed,
        scale_mb: 100,
        jobs: 2,
        runs: 3,
        tools: [Tool::Dump, Tool::Restore, Tool::Clone, Tool::Floor].into(),
        json: None,
        markdown: None,
        tusk: None,
        peer_bindir: None,
        work_dir: None,
        keep: false,
    };
    let mut dataset = None;
    while let Some(flag) = it.next() {
        let mut value = || it.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--dataset" => dataset = Some(Dataset::parse(&value()?)?),
            "--scale-mb" => o.scale_mb = value()?.parse().context("--scale-mb")?,
            "-j" | "--jobs" => o.jobs = value()?.parse().context("-j")?,
            "--runs" => o.runs = value()?.parse().context("--runs")?,
            "--tools" => {
                o.tools = value()?.split(',').map(Tool::parse).collect::<Result<_, _>>()?;
            }
            "--json" => o.json = Some(value()?.into()),
            "--markdown" => o.markdown = Some(value()?.into()),
            "--tusk" => o.tusk = Some(value()?.into()),
            "--peer-bindir" => o.peer_bindir = Some(value()?.into()),
            "--work-dir" => o.work_dir = Some(value()?.into()),
            "--keep" if !o.run => o.keep = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other:?}\n{USAGE}"),
        }
    }
    o.dataset = dataset.context("--dataset is required")?;
    ensure!(o.runs >= 1 && o.jobs >= 1 && o.scale_mb >= 1, "sizes and counts must be positive");
    if let Some(dir) = &o.peer_bindir {
        for p in ["pg_dump", "pg_restore", "vacuumdb"] {
            ensure!(dir.join(p).is_file(), "--peer-bindir: {} not found", dir.join(p).display());
        }
    }
    Ok(o)
}

/// A command line as text, for the report.
fn show(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| a.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first executable `name` on `PATH`.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|d| d.join(name)).find(|p| p.is_file())
}

struct Ctx<'a> {
    cluster: &'a Cluster,
    src: String,
    src_conninfo: String,
    tusk: PathBuf,
    peer_bindir: Option<PathBuf>,
    jobs: String,
    work: PathBuf,
    seq: Cell<u32>,
}

impl Ctx<'_> {
    /// A peer program: from `--peer-bindir` if given, else the cluster's; either way with the
    /// cluster's `PG*` environment.
    fn peer(&self, program: &str) -> Command {
        match &self.peer_bindir {
            None => self.cluster.tool(program),
            Some(dir) => self.with_cluster_env(&dir.join(program)),
        }
    }

    /// `program` with the environment `Cluster::tool` gives the stock tools.
    fn with_cluster_env(&self, program: &Path) -> Command {
        let model = self.cluster.tool("psql");
        let mut c = command(program);
        for (k, v) in model.get_envs() {
            match v {
                Some(v) => c.env(k, v),
                None => c.env_remove(k),
            };
        }
        c
    }

    fn tusk(&self) -> Command {
        command(&self.tusk)
    }

    /// A new path under the work directory (not created).
    fn fresh_dir(&self, tag: &str) -> PathBuf {
        let n = self.seq.get() + 1;
        self.seq.set(n);
        self.work.join(format!("{tag}-{n}"))
    }

    fn fresh_db(&self) -> String {
        self.cluster.create_database().name().to_owned()
    }

    fn drop_db(&self, db: &str) -> anyhow::Result<()> {
        psql(self.cluster, "postgres", &format!("DROP DATABASE {db} WITH (FORCE)"))?;
        psql(self.cluster, "postgres", "CHECKPOINT")?;
        Ok(())
    }

    /// A URI for pgcopydb (it wants URIs) reaching `db` over the unix socket.
    fn uri(&self, db: &str) -> String {
        format!(
            "postgres://{SUPERUSER}@/{db}?host={}&port={}",
            self.cluster.socket_dir().display(),
            self.cluster.port()
        )
    }
}

type RunFn<'a> = Box<dyn Fn(&str) -> anyhow::Result<Sample> + 'a>;

struct Runner<'a> {
    row: ToolRow,
    run: RunFn<'a>,
}

fn runner<'a>(label: &str, role: Role, command: String, run: RunFn<'a>) -> Runner<'a> {
    Runner { row: ToolRow { label: label.into(), role, command, samples: Vec::new() }, run }
}

/// Runs a comparison: one untimed warm-up per tool, then `runs` rounds alternating the tools.
fn run_group(
    name: &str,
    mut runners: Vec<Runner<'_>>,
    runs: usize,
    notes: Vec<String>,
) -> anyhow::Result<Group> {
    eprintln!("== {name}");
    for round in 0..=runs {
        let tag = if round == 0 { "warm".to_owned() } else { format!("run{round}") };
        for r in &mut runners {
            let s = (r.run)(&tag).with_context(|| format!("{name}: {} {tag}", r.row.label))?;
            eprintln!(
                "  {:<34} {tag:>5}: {:7.2} s wall, {:7.2} s cpu, {} server cpu, {:6.1} MB rss{}",
                r.row.label,
                s.wall_s,
                s.cpu_s,
                s.server_cpu_s.map(|c| format!("{c:7.2} s")).unwrap_or_else(|| "?".into()),
                s.max_rss_kb as f64 / 1024.0,
                s.archive_bytes
                    .map(|b| format!(", {:.1} MB archive", b as f64 / 1e6))
                    .unwrap_or_default()
            );
            if round > 0 {
                r.row.samples.push(s);
            }
        }
    }
    Ok(Group { name: name.into(), rows: runners.into_iter().map(|r| r.row).collect(), notes })
}

/// Measures a dump command writing `out`, records the archive size and removes it.
fn dump_sample(mut cmd: Command, out: &Path) -> anyhow::Result<Sample> {
    let m = measure(cmd.arg(out))?;
    let bytes = dir_size(out)?;
    std::fs::remove_dir_all(out)?;
    Ok(Sample {
        wall_s: m.wall_s,
        cpu_s: m.cpu_s,
        max_rss_kb: m.max_rss_kb,
        server_cpu_s: m.server_cpu_s,
        archive_bytes: Some(bytes),
    })
}

/// Measures `steps` one after the other as one sample (wall from the first start to the last
/// end, CPU summed, the largest RSS).
fn sequence(steps: Vec<Command>) -> anyhow::Result<Sample> {
    let start = Instant::now();
    let (mut cpu, mut rss, mut server) = (0.0, 0, Some(0.0));
    for mut c in steps {
        let m = measure(&mut c).with_context(|| show(&c))?;
        cpu += m.cpu_s;
        rss = rss.max(m.max_rss_kb);
        server = server.zip(m.server_cpu_s).map(|(a, b)| a + b);
    }
    Ok(Sample {
        wall_s: start.elapsed().as_secs_f64(),
        cpu_s: cpu,
        max_rss_kb: rss,
        server_cpu_s: server,
        archive_bytes: None,
    })
}

fn dump_group<'a>(ctx: &'a Ctx<'a>, o: &Opts) -> anyhow::Result<Group> {
    let schema_only = o.dataset == Dataset::Many;
    let s: &[&str] = if schema_only { &["-s"] } else { &[] };
    let mut runners = Vec::new();
    if o.tools.contains(&Tool::Dump) {
        let tusk_cmd = move |extra: &[&str]| {
            let mut c = ctx.tusk();
            c.args(["dump", "-q"]).args(s).args(extra);
            c.args(["-j", &ctx.jobs, "-d", &ctx.src_conninfo, "-f"]);
            c
        };
        runners.push(runner(
            if schema_only { "tusk dump -s" } else { "tusk dump (zstd)" },
            Role::Tusk,
            show(&tusk_cmd(&[])) + " DIR",
            Box::new(move |_| dump_sample(tusk_cmd(&[]), &ctx.fresh_dir("tusk-dump"))),
        ));
        if !schema_only {
            // The same engine without compression: how much of the time is zstd's.
            let none = ["-Z", "none"];
            runners.push(runner(
                "tusk dump -Z none",
                Role::Variant,
                show(&tusk_cmd(&none)) + " DIR",
                Box::new(move |_| dump_sample(tusk_cmd(&none), &ctx.fresh_dir("tusk-dump"))),
            ));
        }
        let variants: Vec<(&str, Vec<&str>)> = if schema_only {
            vec![("pg_dump -s -Fd", vec!["-s"])]
        } else {
            vec![("pg_dump -Fd (gzip)", vec![]), ("pg_dump -Fd -Z0", vec!["-Z0"])]
        };
        for (label, extra) in variants {
            let peer_cmd = move || {
                let mut c = ctx.peer("pg_dump");
                c.args(["-Fd"]).args(&extra).args(["-j", &ctx.jobs, "-d", &ctx.src, "-f"]);
                c
            };
            runners.push(runner(
                label,
                Role::Peer,
                show(&peer_cmd()) + " DIR",
                Box::new(move |_| dump_sample(peer_cmd(), &ctx.fresh_dir("pg_dump"))),
            ));
        }
    }
    let mut notes = Vec::new();
    if o.tools.contains(&Tool::Floor) {
        if schema_only {
            notes.push("floor skipped: the `many` dataset is compared schema-only".into());
        } else {
            let (script, text) = floor_script(ctx, o.jobs)?;
            runners.push(runner(
                &format!("floor: COPY TO /dev/null ×{}", o.jobs),
                Role::Floor,
                text,
                Box::new(move |_| {
                    let m = measure(command("sh").arg(&script))?;
                    Ok(Sample {
                        wall_s: m.wall_s,
                        cpu_s: m.cpu_s,
                        max_rss_kb: m.max_rss_kb,
                        server_cpu_s: m.server_cpu_s,
                        archive_bytes: None,
                    })
                }),
            ));
        }
    }
    run_group(if schema_only { "schema-only dump" } else { "dump" }, runners, o.runs, notes)
}

/// Writes the floor's psql scripts and the shell script running them at once; returns the
/// shell script and a description. The tables (ordinary tables, not materialized views: a
/// dump writes no data of those) are cut into ctid ranges of at most 1/J of all bytes, and the
/// pieces dealt largest first to the least loaded of J connections.
fn floor_script(ctx: &Ctx<'_>, jobs: u32) -> anyhow::Result<(PathBuf, String)> {
    let tables = tables_by_size(ctx.cluster, &ctx.src, false)?;
    let total: u64 = tables.iter().map(|t| t.1).sum();
    let share = total.div_ceil(u64::from(jobs)).max(1);
    let mut pieces: Vec<(u64, String)> = Vec::new();
    for (t, size) in &tables {
        let k = size.div_ceil(share).max(1);
        if k == 1 {
            pieces.push((*size, format!("\\copy {t} TO '/dev/null'")));
            continue;
        }
        let pages = datasets::psql_u64(
            ctx.cluster,
            &ctx.src,
            &format!("SELECT pg_relation_size('{t}') / 8192"),
        )?;
        let step = pages.div_ceil(k).max(1);
        let mut lo = 0;
        while lo < pages {
            let hi = lo + step;
            let cond = if hi >= pages {
                format!("ctid >= '({lo},0)'")
            } else {
                format!("ctid >= '({lo},0)' AND ctid < '({hi},0)'")
            };
            pieces.push((
                size / k,
                format!("\\copy (SELECT * FROM {t} WHERE {cond}) TO '/dev/null'"),
            ));
            lo = hi;
        }
    }
    pieces.sort_by_key(|p| std::cmp::Reverse(p.0));
    let mut bins: Vec<(u64, String)> = vec![(0, String::new()); jobs as usize];
    for (size, line) in pieces {
        let i = (0..bins.len()).min_by_key(|&i| bins[i].0).unwrap_or(0);
        bins[i].0 += size;
        bins[i].1.push_str(&line);
        bins[i].1.push('\n');
    }
    let psql = ctx.cluster.installation().bin("psql");
    let env = ctx.with_cluster_env(&psql);
    let mut sh = String::from("s=0\n");
    for (k, v) in env.get_envs() {
        if let Some(v) = v {
            let _ = writeln!(sh, "export {}='{}'", k.to_string_lossy(), v.to_string_lossy());
        }
    }
    for (i, (_, text)) in bins.iter().enumerate() {
        let f = ctx.work.join(format!("floor-{i}.sql"));
        std::fs::write(&f, text)?;
        let _ = writeln!(
            sh,
            "'{}' -X -q -v ON_ERROR_STOP=1 -d {} -f '{}' & p{i}=$!",
            psql.display(),
            ctx.src,
            f.display()
        );
    }
    for i in 0..bins.len() {
        let _ = writeln!(sh, "wait $p{i} || s=1");
    }
    sh.push_str("exit $s\n");
    let script = ctx.work.join("floor.sh");
    std::fs::write(&script, &sh)?;
    let desc = format!(
        "{jobs} concurrent `psql -f` each running `\\copy … TO '/dev/null'` over its share of the \
         tables (big ones cut into ctid ranges): {}",
        bins.iter().map(|b| format!("{:.1} MB", b.0 as f64 / 1e6)).collect::<Vec<_>>().join(" + ")
    );
    Ok((script, desc))
}

/// Makes the restore pair's archive once, untimed, with the peer's `pg_dump -Fd -Z0` (`-s`
/// for the schema-only pair); returns its description for the report.
fn make_restore_archive(ctx: &Ctx<'_>, o: &Opts, archive: &Path) -> anyhow::Result<String> {
    let schema_only = o.dataset == Dataset::Many;
    let mut dump = ctx.peer("pg_dump");
    dump.args(if schema_only { ["-Fd", "-s"] } else { ["-Fd", "-Z0"] })
        .args(["-j", &ctx.jobs, "-d", &ctx.src, "-f"])
        .arg(archive);
    eprintln!("making the restore's archive once (untimed): {}", show(&dump));
    let m = measure(&mut dump).context("pg_dump for the restore archive")?;
    let bytes = dir_size(archive)?;
    eprintln!("  {:.2} s, {:.1} MB", m.wall_s, bytes as f64 / 1e6);
    Ok(format!(
        "archive ({:.1} MB) made once by `{}` (untimed)",
        bytes as f64 / 1e6,
        show(&dump).replace(&archive.display().to_string(), "ARCHIVE")
    ))
}

fn restore_group<'a>(
    ctx: &'a Ctx<'a>,
    o: &Opts,
    expected: &'a Expected,
    archive: &'a Path,
) -> anyhow::Result<Group> {
    let schema_only = o.dataset == Dataset::Many;
    let made = make_restore_archive(ctx, o, archive)?;
    let tusk_label = "tusk restore";
    let tusk_run: RunFn<'a> = Box::new(move |tag| {
        let db = ctx.fresh_db();
        let s = sequence(vec![{
            let mut c = ctx.tusk();
            c.args(["restore", "-q", "-j", &ctx.jobs, "-d", &ctx.cluster.conninfo(&db)])
                .arg(archive);
            c
        }])?;
        expected.verify(ctx.cluster, &db, &format!("{tusk_label} {tag}"))?;
        ctx.drop_db(&db)?;
        Ok(s)
    });
    let peer_label =
        if schema_only { "pg_restore" } else { "pg_restore + vacuumdb --analyze-only" };
    let peer_steps = move |db: &str| {
        let mut steps = Vec::new();
        let mut r = ctx.peer("pg_restore");
        r.args(["-j", &ctx.jobs, "-d", db]).arg(archive);
        steps.push(r);
        if !schema_only {
            let mut v = ctx.peer("vacuumdb");
            v.args(["--analyze-only", "-q", "-j", &ctx.jobs, "-d", db]);
            steps.push(v);
        }
        steps
    };
    let peer_show = peer_steps("DB").iter().map(show).collect::<Vec<_>>().join(" && ");
    let peer_run: RunFn<'a> = Box::new(move |tag| {
        let db = ctx.fresh_db();
        let s = sequence(peer_steps(&db))?;
        expected.verify(ctx.cluster, &db, &format!("{peer_label} {tag}"))?;
        ctx.drop_db(&db)?;
        Ok(s)
    });
    let runners = vec![
        runner(
            tusk_label,
            Role::Tusk,
            format!("{} restore -q -j {} -d DB ARCHIVE", ctx.tusk.display(), ctx.jobs),
            tusk_run,
        ),
        runner(peer_label, Role::Peer, peer_show, peer_run),
    ];
    let notes = vec![made];
    run_group(if schema_only { "schema-only restore" } else { "restore" }, runners, o.runs, notes)
}

fn clone_group<'a>(ctx: &'a Ctx<'a>, o: &Opts, expected: &'a Expected) -> anyhow::Result<Group> {
    let mut notes = Vec::new();
    let tusk_run: RunFn<'a> = Box::new(move |tag| {
        let db = ctx.fresh_db();
        let mut c = ctx.tusk();
        c.args(["clone", "-q", "-j", &ctx.jobs, "--source"])
            .arg(&ctx.src_conninfo)
            .arg("--target")
            .arg(ctx.cluster.conninfo(&db));
        let s = sequence(vec![c])?;
        expected.verify(ctx.cluster, &db, &format!("tusk clone {tag}"))?;
        ctx.drop_db(&db)?;
        Ok(s)
    });
    let peer_steps = move |dir: &Path, db: &str| {
        let mut d = ctx.peer("pg_dump");
        d.args(["-Fd", "-j", &ctx.jobs, "-d", &ctx.src, "-f"]).arg(dir);
        let mut r = ctx.peer("pg_restore");
        r.args(["-j", &ctx.jobs, "-d", db]).arg(dir);
        let mut v = ctx.peer("vacuumdb");
        v.args(["--analyze-only", "-q", "-j", &ctx.jobs, "-d", db]);
        vec![d, r, v]
    };
    let peer_label = "pg_dump -Fd + pg_restore + vacuumdb";
    let peer_show =
        peer_steps(Path::new("DIR"), "DB").iter().map(show).collect::<Vec<_>>().join(" && ");
    let peer_run: RunFn<'a> = Box::new(move |tag| {
        let db = ctx.fresh_db();
        let dir = ctx.fresh_dir("clone-archive");
        let s = sequence(peer_steps(&dir, &db))?;
        std::fs::remove_dir_all(&dir)?;
        expected.verify(ctx.cluster, &db, &format!("{peer_label} {tag}"))?;
        ctx.drop_db(&db)?;
        Ok(s)
    });
    let mut runners = vec![
        runner(
            "tusk clone",
            Role::Tusk,
            format!("{} clone -q -j {} --source SRC --target DST", ctx.tusk.display(), ctx.jobs),
            tusk_run,
        ),
        runner(peer_label, Role::Peer, peer_show, peer_run),
    ];
    match on_path("pgcopydb") {
        None => {
            let note =
                "pgcopydb not on PATH: peer skipped (benches/peers/install-peers.sh installs it)";
            eprintln!("note: {note}");
            notes.push(note.to_owned());
        }
        Some(pgcopydb) => {
            // pgcopydb runs pg_dump/pg_restore itself: put the peer's (or cluster's) first on
            // PATH.
            let bindir = ctx
                .peer_bindir
                .clone()
                .unwrap_or_else(|| ctx.cluster.installation().bindir().to_owned());
            let mut path = OsString::from(bindir.as_os_str());
            if let Some(p) = std::env::var_os("PATH") {
                path.push(":");
                path.push(p);
            }
            let cmd = move |dir: &Path, db: &str| {
                let mut c = ctx.with_cluster_env(&pgcopydb);
                c.env("PATH", &path)
                    .env("PGCOPYDB_PG_BINDIR", &bindir)
                    .args(["clone", "--source", &ctx.uri(&ctx.src), "--target", &ctx.uri(db)])
                    .args(["--table-jobs", &ctx.jobs, "--index-jobs", &ctx.jobs, "--dir"])
                    .arg(dir);
                c
            };
            let shown = show(&cmd(Path::new("DIR"), "DB"));
            let run: RunFn<'a> = Box::new(move |tag| {
                let db = ctx.fresh_db();
                let dir = ctx.fresh_dir("pgcopydb");
                // pgcopydb logs every step at INFO on stderr: keep that in a file.
                let log = dir.with_extension("log");
                let mut c = cmd(&dir, &db);
                c.stderr(std::fs::File::create(&log)?);
                let s = sequence(vec![c]).with_context(|| format!("see {}", log.display()))?;
                let _ = std::fs::remove_dir_all(&dir);
                let _ = std::fs::remove_file(&log);
                expected.verify(ctx.cluster, &db, &format!("pgcopydb clone {tag}"))?;
                ctx.drop_db(&db)?;
                Ok(s)
            });
            runners.push(runner("pgcopydb clone", Role::Peer, shown, run));
        }
    }
    run_group("clone", runners, o.runs, notes)
}

fn main() -> anyhow::Result<()> {
    let started = Instant::now();
    let o = parse_opts()?;
    let command_line = std::env::args().collect::<Vec<_>>().join(" ");
    let cluster = start_cluster(&[("autovacuum", "off"), ("max_locks_per_transaction", "512")]);
    watch_server(ServerCpu::of(cluster.data_dir())?);
    let src = cluster.create_database().name().to_owned();
    let load_before = loadavg();
    eprintln!(
        "generating {} at {} MB into {src} (load average {load_before})",
        o.dataset.name(),
        o.scale_mb
    );
    let summary = datasets::generate(&cluster, &src, o.dataset, o.scale_mb)?;
    if !o.run {
        println!("{}", summary.line());
        for (t, size) in tables_by_size(&cluster, &src, true)? {
            println!("  {t}: {:.1} MB", size as f64 / 1e6);
        }
        if o.keep {
            println!("the cluster keeps running: {}", cluster.conninfo(&src));
            println!(
                "stop it with: {} -D {} stop   (then remove {})",
                cluster.installation().bin("pg_ctl").display(),
                cluster.data_dir().display(),
                cluster.data_dir().parent().unwrap_or(cluster.data_dir()).display()
            );
            // Not dropped: dropping the cluster stops it and removes its directory.
            std::mem::forget(cluster);
        }
        return Ok(());
    }
    eprintln!("{}", summary.line());
    let tusk = match &o.tusk {
        Some(p) => p.clone(),
        None => build_tusk()?,
    };
    let work = match &o.work_dir {
        Some(d) => tempfile::tempdir_in(d)?,
        None => tempfile::tempdir()?,
    };
    let ctx = Ctx {
        cluster: &cluster,
        src: src.clone(),
        src_conninfo: cluster.conninfo(&src),
        tusk,
        peer_bindir: o.peer_bindir.clone(),
        jobs: o.jobs.to_string(),
        work: work.path().to_owned(),
        seq: Cell::new(0),
    };
    let copies_data = o.dataset != Dataset::Many;
    let expected = Expected::of(&cluster, &src, copies_data)?;
    eprintln!(
        "source: {} tables and materialized views to check after each copy",
        expected.tables()
    );

    let mut groups = Vec::new();
    if o.tools.contains(&Tool::Dump) || o.tools.contains(&Tool::Floor) {
        groups.push(dump_group(&ctx, &o)?);
    }
    if o.tools.contains(&Tool::Restore) {
        let archive = ctx.work.join("archive");
        groups.push(restore_group(&ctx, &o, &expected, &archive)?);
    }
    if o.tools.contains(&Tool::Clone) {
        if copies_data {
            groups.push(clone_group(&ctx, &o, &expected)?);
        } else {
            eprintln!("note: clone is not compared on the `many` dataset (schema-only pairs)");
        }
    }
    let load_after = loadavg();
    let pg_version = cluster.installation().version().to_owned();
    let peer_version = match &o.peer_bindir {
        None => pg_version.clone(),
        Some(_) => {
            let out = ctx.peer("pg_dump").arg("--version").output()?;
            String::from_utf8_lossy(&out.stdout).trim().to_owned()
        }
    };
    let elapsed = started.elapsed().as_secs_f64();

    let mut text = String::new();
    let _ = writeln!(
        text,
        "## tusk-bench: {} at {} MB, -j {}, {} runs\n",
        o.dataset.name(),
        o.scale_mb,
        o.jobs,
        o.runs
    );
    let _ = writeln!(text, "- command: `{command_line}`");
    let _ = writeln!(
        text,
        "- machine: nproc {}, load average before {load_before}, after {load_after}",
        nproc()
    );
    let _ = writeln!(text, "- PostgreSQL server: {pg_version}; peer tools: {peer_version}");
    let _ = writeln!(text, "- {}", summary.line());
    let _ = writeln!(
        text,
        "- every restore and clone checked equal to the source (schema and {} per-table checksums)",
        expected.tables()
    );
    let _ = writeln!(text, "- harness wall time: {elapsed:.0} s\n");
    text.push_str(&report::markdown(&groups, nproc()));
    print!("{text}");
    if let Some(path) = &o.markdown {
        std::fs::write(path, &text).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    if let Some(path) = &o.json {
        let report = json!({
            "command_line": command_line,
            "machine": {"nproc": nproc(), "load_average_before": load_before, "load_average_after": load_after},
            "postgresql": pg_version,
            "peer_tools": peer_version,
            "dataset": summary.to_json(),
            "scale_mb": o.scale_mb,
            "jobs": o.jobs,
            "runs": o.runs,
            "harness_seconds": elapsed,
            "pairs": report::groups_json(&groups, nproc()),
        });
        write_report(path, &report)?;
    }
    Ok(())
}
