//! `tusk demo`: dump and restore a generated sample database on a throw-away local cluster and
//! check the copy ([`tusk_demo::run`]); phases and progress on standard error, the report on
//! standard output.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::bail;
use indicatif::{HumanBytes, MultiProgress, ProgressBar, ProgressStyle};
use tusk_demo::{DemoError, DemoOptions, Hooks, Phase};

/// Dump and restore a generated sample database on a throw-away local PostgreSQL cluster, and
/// check that the copy is equal.
///
/// Needs a local PostgreSQL server installation (initdb, pg_ctl, postgres: found through
/// TUSK_PG_BINDIR, pg_config or /usr/lib/postgresql/<major>/bin). The cluster is removed at
/// the end; the archive is kept.
#[derive(Debug, clap::Args)]
pub(crate) struct DemoArgs {
    /// About this many MB of table data in the sample database.
    #[arg(long = "size-mb", value_name = "MB", default_value_t = 100)]
    size_mb: u64,

    /// Sessions of the dump and of the restore (default: the number of CPUs, at most 4).
    #[arg(short = 'j', long = "jobs")]
    jobs: Option<usize>,

    /// The archive directory to create (must not exist, or be empty); default: a new
    /// directory under the system temp directory.
    #[arg(long = "archive", value_name = "DIR")]
    archive: Option<PathBuf>,

    /// No phase lines or progress bars on standard error (the report is still printed).
    #[arg(short = 'q', long = "quiet")]
    quiet: bool,
}

pub(crate) fn run(args: DemoArgs, bars: &MultiProgress) -> anyhow::Result<()> {
    let jobs = args.jobs.unwrap_or_else(tusk_demo::default_jobs);
    if jobs == 0 {
        bail!("invalid number of parallel jobs: must be at least 1");
    }
    if args.size_mb == 0 {
        bail!("invalid sample size: must be at least 1 MB");
    }
    let options = DemoOptions { size_mb: args.size_mb, jobs, archive: args.archive };
    let hooks = if args.quiet { Hooks::default() } else { hooks(bars) };
    let result = tusk_demo::run(&options, &hooks);
    drop(hooks);
    let mut out = std::io::stdout().lock();
    match result {
        Ok(report) => {
            writeln!(out, "{report}")?;
            Ok(())
        }
        Err(DemoError::Mismatch { report }) => {
            writeln!(out, "{report}")?;
            Err(DemoError::Mismatch { report }.into())
        }
        Err(e) => Err(e.into()),
    }
}

/// Phase lines on standard error, and a progress bar for the dump and for the restore when
/// standard error is a terminal.
fn hooks(bars: &MultiProgress) -> Hooks {
    let show_bars = std::io::stderr().is_terminal();
    let current: Arc<Mutex<Option<ProgressBar>>> = Arc::new(Mutex::new(None));
    let started = Instant::now();
    let phase = {
        let bars = bars.clone();
        let current = Arc::clone(&current);
        move |phase: &Phase| {
            let mut slot = current.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(bar) = slot.take() {
                bar.finish_and_clear();
            }
            let line = format!("tusk demo [{:>6.1} s] {phase}", started.elapsed().as_secs_f64());
            bars.suspend(|| {
                let _ = writeln!(std::io::stderr(), "{line}");
            });
            if show_bars && matches!(phase, Phase::Dump { .. } | Phase::Restore) {
                *slot = Some(bars.add(progress_bar()));
            }
        }
    };
    let bytes = Arc::new(AtomicU64::new(0));
    let dump_progress = {
        let current = Arc::clone(&current);
        let bytes = Arc::clone(&bytes);
        tusk::dump::Progress::new(move |event| {
            let slot = current.lock().unwrap_or_else(|p| p.into_inner());
            let Some(bar) = slot.as_ref() else { return };
            match event {
                tusk::dump::ProgressEvent::Planned { tables, .. } => {
                    bytes.store(0, Ordering::Relaxed);
                    bar.set_length(u64::try_from(*tables).unwrap_or(u64::MAX));
                }
                tusk::dump::ProgressEvent::Bytes { bytes: n, .. } => {
                    let total = bytes.fetch_add(*n, Ordering::Relaxed) + n;
                    bar.set_message(format!("{} read", HumanBytes(total)));
                }
                tusk::dump::ProgressEvent::TableDone { .. } => bar.inc(1),
                _ => {}
            }
        })
    };
    let restore_progress = {
        let current = Arc::clone(&current);
        tusk::restore::Progress::new(move |event| {
            let slot = current.lock().unwrap_or_else(|p| p.into_inner());
            let Some(bar) = slot.as_ref() else { return };
            match event {
                tusk::restore::ProgressEvent::Planned { tables, steps, .. } => {
                    bytes.store(0, Ordering::Relaxed);
                    bar.set_length(u64::try_from(tables + steps).unwrap_or(u64::MAX));
                }
                tusk::restore::ProgressEvent::Bytes { bytes: n } => {
                    let total = bytes.fetch_add(*n, Ordering::Relaxed) + n;
                    bar.set_message(format!("{} loaded", HumanBytes(total)));
                }
                tusk::restore::ProgressEvent::TableDone { .. }
                | tusk::restore::ProgressEvent::StepDone { .. } => bar.inc(1),
                _ => {}
            }
        })
    };
    Hooks {
        phase: Some(Box::new(phase)),
        dump_progress: Some(dump_progress),
        restore_progress: Some(restore_progress),
    }
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
