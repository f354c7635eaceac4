//! The CPU time the PostgreSQL server spends while a tool runs, read from `/proc`.
//!
//! `wait4` only sees the client processes; on a machine where server and client share the
//! cores, the server's work is the larger part of a dump or a restore. A server's CPU so far is
//! its postmaster's own time, plus the time of the children it has reaped (`cutime`/`cstime`:
//! every backend and parallel worker that exited), plus the time of the children still alive
//! (the background writer, WAL writer, checkpointer, …). The difference before and after a run
//! is what the server spent meanwhile, backends of every connection the tool opened included.
//!
//! Both readings are taken when the server is settled: every child is one of its long-lived
//! background processes (no backend, parallel worker or autovacuum worker, and no exited child
//! waiting to be reaped). A backend that is exiting while its times move into the
//! postmaster's reaped time could otherwise be counted twice or not at all, and a backend of
//! the previous command still exiting would be counted for the next one.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};

/// A probe of one running server.
#[derive(Debug, Clone, Copy)]
pub struct ServerCpu {
    postmaster: u32,
    ticks_per_s: f64,
}

/// The CPU fields of one `/proc/PID/stat` line.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Stat {
    ppid: u32,
    /// utime + stime, clock ticks.
    own: u64,
    /// cutime + cstime, clock ticks.
    reaped: u64,
}

/// Parses a `/proc/PID/stat` line: the fields after the command name (which is in parentheses
/// and may itself hold spaces and parentheses) are state, ppid, …, utime (14th field of the
/// line), stime, cutime, cstime.
fn parse_stat(line: &str) -> Option<Stat> {
    let rest = &line[line.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let num = |i: usize| f.get(i)?.parse::<u64>().ok();
    Some(Stat {
        ppid: f.get(1)?.parse().ok()?,
        own: num(11)? + num(12)?,
        reaped: num(13)? + num(14)?,
    })
}

fn read_stat(pid: u32) -> Option<Stat> {
    parse_stat(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)
}

/// The background processes a server keeps for its whole life, by the end of their process
/// titles (`postgres: [cluster name: ]checkpointer`, …).
const LONG_LIVED: &[&str] = &[
    "checkpointer",
    "background writer",
    "walwriter",
    "autovacuum launcher",
    "logical replication launcher",
    "stats collector",
    "archiver",
    "walsummarizer",
    "io worker",
];

/// Whether a child with this command line (NUL-separated; empty for an exited child not yet
/// reaped) comes and goes: a backend, a parallel or autovacuum worker, or a zombie.
fn transient(cmdline: &str) -> bool {
    let title = cmdline.trim_end_matches('\0').trim_end();
    // `io worker 0`, `io worker 1`, …: drop a trailing number.
    let title = title.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end();
    !LONG_LIVED.iter().any(|name| title.ends_with(name))
}

impl ServerCpu {
    /// The probe of the server whose data directory is `data_dir` (its `postmaster.pid`).
    pub fn of(data_dir: &Path) -> anyhow::Result<Self> {
        let file = data_dir.join("postmaster.pid");
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("reading {}", file.display()))?;
        let postmaster: u32 = text
            .lines()
            .next()
            .and_then(|l| l.trim().parse().ok())
            .with_context(|| format!("no process id in {}", file.display()))?;
        // SAFETY: sysconf only reads a configuration value.
        #[allow(unsafe_code)]
        let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
        if ticks <= 0 {
            bail!("sysconf(_SC_CLK_TCK) failed");
        }
        let probe = Self { postmaster, ticks_per_s: ticks as f64 };
        probe.sample().with_context(|| format!("reading /proc/{postmaster}/stat"))?;
        Ok(probe)
    }

    /// The server's CPU seconds so far and how many of the postmaster's children are not
    /// long-lived background processes.
    ///
    /// A child reaped while the children are listed would be missed (reaped after the
    /// postmaster's line was read, gone before its own) or counted twice: the postmaster's
    /// reaped time is read before and after the listing, and the listing repeated until it
    /// did not change.
    fn sample(&self) -> anyhow::Result<(f64, usize)> {
        loop {
            let before = read_stat(self.postmaster).context("the postmaster is gone")?;
            let (children_ticks, children) = self.children()?;
            let after = read_stat(self.postmaster).context("the postmaster is gone")?;
            if before.reaped == after.reaped {
                let ticks = after.own + after.reaped + children_ticks;
                return Ok((ticks as f64 / self.ticks_per_s, children));
            }
        }
    }

    /// The CPU ticks of the postmaster's live children, and how many of them are transient
    /// (see [`transient`]).
    fn children(&self) -> anyhow::Result<(u64, usize)> {
        let mut ticks = 0;
        let mut children = 0;
        for entry in std::fs::read_dir("/proc")? {
            let Some(pid) = entry?.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
                continue;
            };
            // A process that exits and is reaped between listing and reading is in the
            // postmaster's reaped time, which then changed: `sample` lists again.
            if let Some(s) = read_stat(pid).filter(|s| s.ppid == self.postmaster) {
                ticks += s.own + s.reaped;
                let title = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
                if transient(&String::from_utf8_lossy(&title)) {
                    children += 1;
                }
            }
        }
        Ok((ticks, children))
    }

    /// The server's CPU seconds so far, once it has settled: waits (at most 10 s) until none
    /// of the postmaster's children is transient.
    fn settled(&self) -> anyhow::Result<f64> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (cpu, transient) = self.sample()?;
            if transient == 0 {
                return Ok(cpu);
            }
            if Instant::now() >= deadline {
                bail!("the server still has {transient} backends or workers after 10 s");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Runs `f` and returns its result with the server CPU seconds spent meanwhile, read
    /// before and after `f` once the server has settled (every backend `f` used has exited
    /// and been reaped).
    pub fn during<T>(&self, f: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<(T, f64)> {
        let before = self.settled()?;
        let value = f()?;
        let after = self.settled()?;
        Ok((value, after - before))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_stat_line_whose_command_holds_spaces_and_parentheses() {
        let line = "4242 (postgres: a (b) c) S 4000 4242 4242 0 -1 4194560 1 2 3 4 \
                    150 25 7 3 20 0 1 0 100 1000 10";
        assert_eq!(parse_stat(line), Some(Stat { ppid: 4000, own: 175, reaped: 10 }));
        assert_eq!(parse_stat("4242 (x) S"), None);
    }

    #[test]
    fn backends_workers_and_zombies_are_transient() {
        assert!(!transient("postgres: checkpointer \0"));
        assert!(!transient("postgres: tusk: walwriter "));
        assert!(!transient("postgres: io worker 2"));
        assert!(transient("postgres: postgres db [local] idle"));
        assert!(transient("postgres: parallel worker for PID 4242 "));
        assert!(transient("postgres: autovacuum worker db"));
        assert!(transient(""));
    }

    #[test]
    fn a_server_busy_on_a_query_shows_cpu_time() {
        // A cluster of its own: the probe waits until no backend is connected, which a cluster
        // shared with other tests never is for long.
        let cluster = tusk_testkit::Cluster::builder().start();
        let probe = ServerCpu::of(cluster.data_dir()).expect("probe");
        let db = cluster.create_database();
        // About a quarter of a second of CPU in one backend, then the connection closes.
        let ((), idle) = probe.during(|| Ok(())).expect("idle");
        let ((), busy) = probe
            .during(|| {
                db.psql("SELECT count(*) FROM generate_series(1, 3000000) g WHERE g % 7 = 0");
                Ok(())
            })
            .expect("busy");
        assert!(busy >= 0.1, "the query's backend CPU was not counted: {busy} s");
        assert!(idle < busy, "idle {idle} s, busy {busy} s");
    }
}
