//! `tusk restore`: pg_restore's options for a database target, mapped onto
//! [`tusk::restore::RestoreOptions`], with a progress bar on a terminal, one summary line at
//! the end and an exit code that tells a complete restore (0) from one with failed statements
//! (1) and one where only statements that an option avoids were skipped (3: the role lacks the
//! privilege, or the server cannot take pg_dump 18's statistics).

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use anyhow::{Context as _, bail};
use indicatif::{HumanBytes, MultiProgress, ProgressBar};
use tusk::archive::{Archive, Toc};
use tusk::restore::{Progress, ProgressEvent, RestoreOptions, RestoreSummary};

use crate::cli::SelectionArgs;
use crate::connection::ConnectionArgs;

/// Restore a directory archive into a database, as `pg_restore -d` does.
///
/// Each table's indexes and constraints are built as soon as its data is in, and ANALYZE runs
/// on it right after. A failed statement is reported and the restore goes on (unless -e).
/// Exit status: 0 everything restored, 1 errors, 3 only statements skipped for lack of
/// privilege (each names the option that avoids it).
#[derive(Debug, clap::Args)]
#[command(disable_help_flag = true)]
pub(crate) struct RestoreArgs {
    /// The archive: a directory written by `pg_dump -Fd` or `tusk dump`.
    archive: PathBuf,

    #[command(flatten)]
    connection: ConnectionArgs,

    /// With -l: write the listing to this file. (tusk restores only into a database: it
    /// writes no SQL script.)
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    file: Option<PathBuf>,

    /// Print the archive's table of contents (as `tusk list`) instead of restoring; does not
    /// connect.
    #[arg(short = 'l', long = "list")]
    list: bool,

    /// Load data and build indexes in this many sessions at once.
    #[arg(short = 'j', long = "jobs", default_value_t = 1)]
    jobs: usize,

    #[command(flatten)]
    selection: SelectionArgs,

    /// Create the database (named in the archive) and restore into it; -d names the
    /// database to connect to for CREATE DATABASE.
    #[arg(short = 'C', long = "create")]
    create: bool,

    /// Drop the archive's objects (with -C, the database) before creating them.
    #[arg(short = 'c', long = "clean")]
    clean: bool,

    /// With -c: drop with IF EXISTS, so that missing objects are not errors.
    #[arg(long = "if-exists")]
    if_exists: bool,

    /// Do not set object owners (objects belong to the connecting role).
    #[arg(short = 'O', long = "no-owner")]
    no_owner: bool,

    /// SET ROLE to this role in every session before restoring.
    #[arg(long = "role", value_name = "ROLENAME")]
    role: Option<String>,

    /// Create every object in the default tablespace.
    #[arg(long = "no-tablespaces")]
    no_tablespaces: bool,

    /// Do not restore planner statistics (archives of pg_dump 18).
    #[arg(long = "no-statistics")]
    no_statistics: bool,

    /// Stop at the first statement that fails.
    #[arg(short = 'e', long = "exit-on-error")]
    exit_on_error: bool,

    /// Restore in one transaction (all or nothing; one job, implies -e).
    #[arg(short = '1', long = "single-transaction")]
    single_transaction: bool,

    /// Do not ANALYZE the restored tables.
    #[arg(long = "no-analyze")]
    no_analyze: bool,

    /// maintenance_work_mem of the sessions that build indexes (e.g. 512MB, 2GB).
    #[arg(long = "maintenance-work-mem", value_name = "SIZE", default_value = tusk::restore::DEFAULT_MAINTENANCE_WORK_MEM)]
    maintenance_work_mem: String,

    /// max_parallel_maintenance_workers of the sessions that build indexes (default: the
    /// server's).
    #[arg(long = "parallel-maintenance-workers", value_name = "N")]
    parallel_maintenance_workers: Option<u32>,

    /// No progress bar.
    #[arg(short = 'q', long = "quiet")]
    quiet: bool,

    /// Restore a globals dump (`tusk dump --globals-only`: roles, memberships, role
    /// settings, privileges on parameters, tablespaces) into the cluster of -d. A directory
    /// holding `tusk-globals.json` and no `toc.dat` is restored so without the flag. Exit
    /// status 3 when things were left out (each is listed).
    #[arg(short = 'g', long = "globals-only")]
    globals_only: bool,

    /// Restore a `tusk dump --all` folder into the cluster of -d: the globals, then every
    /// database (postgres and template1 into the existing ones, the others created as with
    /// -C), sharing -j. A directory holding `tusk-all.json` is restored so without the flag.
    /// Prints a table of the databases; exit status 1 if any failed, 3 if things were only
    /// left out or skipped.
    #[arg(long = "all")]
    all: bool,

    /// With a globals dump: do not set the roles' password hashes.
    #[arg(long = "no-role-passwords")]
    no_role_passwords: bool,

    /// With a globals dump: create the tablespace located at OLD at NEW instead (both
    /// absolute; repeatable).
    #[arg(long = "tablespace-mapping", value_name = "OLD=NEW")]
    tablespace_mapping: Vec<String>,

    /// Print help.
    #[arg(long = "help", action = clap::ArgAction::Help)]
    help: Option<bool>,
}

impl RestoreArgs {
    /// The rules between options that need neither the archive nor a connection.
    fn check(&self) -> anyhow::Result<()> {
        if self.file.is_some() && !self.list {
            bail!(
                "-f/--file is not supported: tusk restores only into a database (-d), it \
                 writes no SQL script"
            );
        }
        if self.list {
            return Ok(());
        }
        if self.connection.dbname.is_none() {
            bail!("no target database specified: use -d/--dbname (or -l to list the archive)");
        }
        if self.jobs == 0 {
            bail!("invalid number of parallel jobs: must be at least 1");
        }
        if self.single_transaction && self.jobs > 1 {
            bail!("-1/--single-transaction cannot be used with more than one job (-j)");
        }
        if self.single_transaction && self.create {
            bail!(
                "-C/--create cannot be used with -1/--single-transaction: CREATE DATABASE \
                 cannot run inside a transaction"
            );
        }
        if self.clean && self.selection.data_only {
            bail!("-c/--clean cannot be used with -a/--data-only");
        }
        if self.if_exists && !self.clean {
            bail!("--if-exists requires -c/--clean");
        }
        check_memory(&self.maintenance_work_mem)?;
        Ok(())
    }

    /// The selection of `-l` or of the restore (`-L` checked against `toc`).
    fn selection(&self, toc: &Toc) -> anyhow::Result<tusk::restore::Selection> {
        let mut selection = self.selection.clone().selection(self.create, toc)?;
        selection.no_statistics = self.no_statistics;
        Ok(selection)
    }

    /// The restore's options: checks the arguments, resolves the connection (prompting for
    /// the password with -W) and reads the -L file against the archive's TOC.
    fn options(self, toc: &Toc) -> anyhow::Result<RestoreOptions> {
        self.check()?;
        let selection = self.selection(toc)?;
        let connection = self.connection.settings(None)?;
        let mut options = RestoreOptions::new(connection, self.archive);
        options.jobs = self.jobs;
        options.selection = selection;
        options.clean = self.clean;
        options.if_exists = self.if_exists;
        options.create = self.create;
        options.no_owner = self.no_owner;
        options.role = self.role;
        options.no_tablespaces = self.no_tablespaces;
        options.single_transaction = self.single_transaction;
        options.exit_on_error = self.exit_on_error || self.single_transaction;
        options.analyze = !self.no_analyze;
        options.maintenance_work_mem = Some(self.maintenance_work_mem);
        options.parallel_maintenance_workers = self.parallel_maintenance_workers;
        Ok(options)
    }
}

/// Checks a memory size as the server reads it: a number with an optional unit (B, kB, MB,
/// GB, TB; none means kB).
fn check_memory(spec: &str) -> anyhow::Result<()> {
    let s = spec.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let valid = !num.is_empty()
        && num.parse::<u64>().is_ok()
        && matches!(unit.trim(), "" | "B" | "kB" | "MB" | "GB" | "TB");
    if !valid {
        bail!(
            "invalid --maintenance-work-mem \"{spec}\": expected a size such as 512MB or 2GB \
             (units B, kB, MB, GB, TB)"
        );
    }
    Ok(())
}

/// Whether `a` restores a globals dump: `--globals-only`, or a directory with
/// `tusk-globals.json` and no `toc.dat`.
fn is_globals(a: &RestoreArgs) -> bool {
    a.globals_only
        || (tusk::globals::is_globals_dir(&a.archive) && !a.archive.join("toc.dat").exists())
}

/// Parses `--tablespace-mapping OLD=NEW` (`\=` for a `=` inside a directory name, as
/// pg_basebackup's `-T`).
fn parse_mapping(spec: &str) -> anyhow::Result<(String, String)> {
    let mut parts = vec![String::new()];
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'=') => {
                chars.next();
                if let Some(p) = parts.last_mut() {
                    p.push('=');
                }
            }
            '=' => parts.push(String::new()),
            c => {
                if let Some(p) = parts.last_mut() {
                    p.push(c);
                }
            }
        }
    }
    match <[String; 2]>::try_from(parts) {
        Ok([old, new]) if !old.is_empty() && !new.is_empty() => Ok((old, new)),
        _ => bail!("invalid tablespace mapping \"{spec}\": must be OLD=NEW"),
    }
}

impl RestoreArgs {
    /// The options of a globals restore, after checking that no option of an archive restore
    /// is given.
    fn globals_options(&self) -> anyhow::Result<tusk::globals::ApplyOptions> {
        let s = &self.selection;
        let archive_only = [
            (self.list, "-l/--list"),
            (self.file.is_some(), "-f/--file"),
            (self.create, "-C/--create"),
            (self.clean, "-c/--clean"),
            (self.if_exists, "--if-exists"),
            (self.no_owner, "-O/--no-owner"),
            (self.role.is_some(), "--role"),
            (self.jobs != 1, "-j/--jobs"),
            (self.single_transaction, "-1/--single-transaction"),
            (self.exit_on_error, "-e/--exit-on-error"),
            (self.no_statistics, "--no-statistics"),
            (self.no_analyze, "--no-analyze"),
            (s.no_privileges, "-x/--no-privileges"),
        ];
        let given = archive_only.into_iter().chain(s.entry_selection()).find(|(given, _)| *given);
        if let Some((_, name)) = given {
            bail!("{name} cannot be used with a globals dump (--globals-only)");
        }
        if self.connection.dbname.is_none() {
            bail!("no target database specified: use -d/--dbname");
        }
        Ok(tusk::globals::ApplyOptions {
            no_role_passwords: self.no_role_passwords,
            no_tablespaces: self.no_tablespaces,
            no_comments: s.no_comments,
            no_security_labels: s.no_security_labels,
            tablespace_mapping: self
                .tablespace_mapping
                .iter()
                .map(|m| parse_mapping(m))
                .collect::<anyhow::Result<_>>()?,
        })
    }
}

/// `tusk restore --globals-only`: each thing left out on its own line, then one summary
/// line; exit status 3 when anything was left out.
fn run_globals(a: RestoreArgs) -> anyhow::Result<ExitCode> {
    let options = a.globals_options()?;
    // The dump is read before connecting: a missing or damaged one fails first.
    let globals = tusk::globals::read_dir(&a.archive)?;
    let connection = a.connection.settings(None)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    let report = runtime.block_on(async {
        let session = tusk::pg::connect(&connection).await?;
        anyhow::Ok(tusk::globals::apply(&session, &globals, &options).await?)
    })?;
    let mut err = std::io::stderr().lock();
    for l in &report.left_out {
        let _ = writeln!(err, "{}", format!("tusk: left out: {l}").replace('\n', " "));
    }
    let mut line = format!(
        "tusk: restored globals: {} ({} created), {}, {}, {}, {}",
        count(u64::try_from(report.roles).unwrap_or(u64::MAX), "role"),
        report.roles_created,
        count(u64::try_from(report.memberships).unwrap_or(u64::MAX), "membership"),
        count(u64::try_from(report.settings).unwrap_or(u64::MAX), "setting"),
        count(u64::try_from(report.parameters).unwrap_or(u64::MAX), "parameter privilege"),
        count(u64::try_from(report.tablespaces).unwrap_or(u64::MAX), "tablespace"),
    );
    if report.left_out.is_empty() {
        let _ = writeln!(err, "{line}");
        return Ok(ExitCode::SUCCESS);
    }
    line.push_str(&format!(
        "; {} left out (listed above)",
        count(u64::try_from(report.left_out.len()).unwrap_or(u64::MAX), "thing")
    ));
    let _ = writeln!(err, "{line}");
    Ok(ExitCode::from(3))
}

/// Whether `a` restores a `tusk dump --all` folder: `--all`, or a directory with
/// `tusk-all.json` and no `toc.dat`.
fn is_all(a: &RestoreArgs) -> bool {
    a.all || (tusk::cluster::is_all_dir(&a.archive) && !a.archive.join("toc.dat").exists())
}

impl RestoreArgs {
    /// The options of a `--all` restore, after checking that no option it does not take is
    /// given.
    fn all_options(self) -> anyhow::Result<tusk::cluster::RestoreAllOptions> {
        let s = &self.selection;
        let not_with_all = [
            (self.list, "-l/--list"),
            (self.file.is_some(), "-f/--file"),
            (self.globals_only, "-g/--globals-only"),
            (self.create, "-C/--create (each database is created)"),
            (self.role.is_some(), "--role"),
            (self.no_tablespaces, "--no-tablespaces"),
            (self.single_transaction, "-1/--single-transaction"),
            (self.exit_on_error, "-e/--exit-on-error"),
            (self.no_statistics, "--no-statistics"),
            (s.no_security_labels, "--no-security-labels"),
        ];
        let given = not_with_all.into_iter().chain(s.entry_selection()).find(|(given, _)| *given);
        if let Some((_, name)) = given {
            bail!("{name} cannot be used with --all");
        }
        if self.connection.dbname.is_none() {
            bail!("no target database specified: use -d/--dbname");
        }
        if self.jobs == 0 {
            bail!("invalid number of parallel jobs: must be at least 1");
        }
        if self.if_exists && !self.clean {
            bail!("--if-exists requires -c/--clean");
        }
        let tablespace_mapping = self
            .tablespace_mapping
            .iter()
            .map(|m| parse_mapping(m))
            .collect::<anyhow::Result<_>>()?;
        let connection = self.connection.settings(None)?;
        let mut options = tusk::cluster::RestoreAllOptions::new(connection, self.archive);
        options.jobs = self.jobs;
        options.clean = self.clean;
        options.if_exists = self.if_exists;
        options.no_owner = self.no_owner;
        options.no_privileges = s.no_privileges;
        options.no_comments = s.no_comments;
        options.analyze = !self.no_analyze;
        options.globals = tusk::globals::ApplyOptions {
            no_role_passwords: self.no_role_passwords,
            no_comments: s.no_comments,
            tablespace_mapping,
            ..tusk::globals::ApplyOptions::default()
        };
        Ok(options)
    }
}

/// `tusk restore --all`: what the globals left out, a table of the databases, one summary
/// line; exit status 1 if a database failed, 3 if things were only left out or skipped.
fn run_all(a: RestoreArgs) -> anyhow::Result<ExitCode> {
    let options = a.all_options()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    let report = runtime.block_on(tusk::cluster::restore_all(&options))?;
    let mut err = std::io::stderr().lock();
    for l in &report.globals.left_out {
        let _ = writeln!(err, "{}", format!("tusk: left out: {l}").replace('\n', " "));
    }
    for line in restore_all_table(&report) {
        let _ = writeln!(err, "{line}");
    }
    let tally = |status: &str| report.databases.iter().filter(|d| d.status() == status).count();
    let (restored, failed, skipped) = (tally("restored"), tally("failed"), tally("skipped"));
    let _ = writeln!(
        err,
        "tusk: restored the globals and {} in {:.1}s; {failed} failed, {skipped} skipped",
        count(u64::try_from(restored).unwrap_or(u64::MAX), "database"),
        report.elapsed.as_secs_f64()
    );
    Ok(ExitCode::from(if report.failed() > 0 {
        1
    } else if report.has_omissions() {
        3
    } else {
        0
    }))
}

/// The table of a `--all` restore: one line per database of the folder.
pub(crate) fn restore_all_table(report: &tusk::cluster::RestoreAllReport) -> Vec<String> {
    let mut rows = vec![[
        "database".to_owned(),
        "jobs".to_owned(),
        "tables".to_owned(),
        "rows".to_owned(),
        "data".to_owned(),
        "time".to_owned(),
        "status".to_owned(),
    ]];
    for d in &report.databases {
        let summary = d.summary();
        let number = |n: Option<u64>| n.map_or_else(|| "-".to_owned(), |n| n.to_string());
        let status = match &d.outcome {
            tusk::cluster::DatabaseOutcome::Restored(s) if !s.skipped.is_empty() => format!(
                "restored; {} skipped (listed above)",
                count(u64::try_from(s.skipped.len()).unwrap_or(u64::MAX), "statement")
            ),
            tusk::cluster::DatabaseOutcome::Restored(_) => "restored".to_owned(),
            tusk::cluster::DatabaseOutcome::Failed { error, .. } => format!("failed: {error}"),
            tusk::cluster::DatabaseOutcome::Skipped { reason } => format!("skipped: {reason}"),
        };
        rows.push([
            d.name.clone(),
            if d.jobs == 0 { "-".to_owned() } else { d.jobs.to_string() },
            number(summary.map(|s| u64::try_from(s.tables).unwrap_or(u64::MAX))),
            number(summary.map(|s| s.rows)),
            summary.map_or_else(|| "-".to_owned(), |s| HumanBytes(s.bytes).to_string()),
            if d.jobs == 0 { "-".to_owned() } else { format!("{:.1}s", d.elapsed.as_secs_f64()) },
            status,
        ]);
    }
    table_lines(&rows)
}

/// Rows as lines of left-aligned columns two spaces apart (the last column unpadded).
pub(crate) fn table_lines<const N: usize>(rows: &[[String; N]]) -> Vec<String> {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i + 1 == N {
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    let pad = widths[i] - cell.chars().count() + 2;
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            line.replace('\n', " ")
        })
        .collect()
}

pub(crate) fn run(a: RestoreArgs, bars: &MultiProgress) -> anyhow::Result<ExitCode> {
    if is_all(&a) {
        return run_all(a);
    }
    if is_globals(&a) {
        return run_globals(a);
    }
    if a.no_role_passwords || !a.tablespace_mapping.is_empty() {
        bail!(
            "--no-role-passwords and --tablespace-mapping apply to a globals dump only \
             (--globals-only)"
        );
    }
    a.check()?;
    let archive = Archive::open(&a.archive)?;
    if a.list {
        let selection = a.selection(archive.toc())?;
        crate::cli::write_listing(archive.toc(), &selection, a.file.as_deref())?;
        return Ok(ExitCode::SUCCESS);
    }
    let quiet = a.quiet;
    let options = a.options(archive.toc())?;
    drop(archive);
    run_restore_job(
        quiet,
        bars,
        async |progress| tusk::restore::restore_archive(&options, progress).await,
        |e| matches!(e, tusk::restore::RestoreError::Stopped(_)),
    )
}

/// Runs a job that ends with a restore (`tusk restore`, `tusk clone`): a progress bar on a
/// terminal unless `quiet`, each failure printed when it happens, then one summary line and
/// the exit status. An error for which `stopped` holds (exit on error) is reported briefly:
/// its failure was printed already.
pub(crate) fn run_restore_job<E>(
    quiet: bool,
    bars: &MultiProgress,
    job: impl AsyncFnOnce(Option<Progress>) -> Result<RestoreSummary, E>,
    stopped: impl Fn(&E) -> bool,
) -> anyhow::Result<ExitCode>
where
    E: std::error::Error + Send + Sync + 'static,
{
    let show = !quiet && std::io::stderr().is_terminal();
    let bar = show.then(|| bars.add(crate::dump::progress_bar()));
    let progress = Some(progress_callback(bar.clone(), bars.clone()));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    let result = runtime.block_on(Box::pin(job(progress)));
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let summary = match result {
        Err(e) if stopped(&e) => bail!("stopped at the first error (--exit-on-error)"),
        other => other?,
    };
    let _ = writeln!(std::io::stderr(), "tusk: {}", summary_line(&summary));
    Ok(ExitCode::from(exit_status(&summary)))
}

/// 0 when everything was restored, 1 when a statement failed, 3 when statements were only
/// skipped (refused for lack of privilege, or statistics an older server cannot take).
pub(crate) fn exit_status(summary: &RestoreSummary) -> u8 {
    if !summary.errors.is_empty() {
        1
    } else if !summary.skipped.is_empty() {
        3
    } else {
        0
    }
}

/// `n thing` or `n things`.
fn count(n: impl Into<u64>, what: &str) -> String {
    let n = n.into();
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

/// The line printed at the end of a restore (without the `tusk: ` prefix).
pub(crate) fn summary_line(s: &RestoreSummary) -> String {
    let usize_count = |n: usize, what| count(u64::try_from(n).unwrap_or(u64::MAX), what);
    let mut line = format!(
        "restored \"{}\": {}, {}, {} in {:.1}s",
        s.database,
        usize_count(s.tables, "table"),
        count(s.rows, "row"),
        HumanBytes(s.bytes),
        s.elapsed.as_secs_f64()
    );
    if s.large_objects > 0 {
        line.push_str(&format!(", {}", usize_count(s.large_objects, "large object")));
    }
    if s.analyzed > 0 {
        line.push_str(&format!(", {} analyzed", usize_count(s.analyzed, "table")));
    }
    if !s.errors.is_empty() {
        line.push_str(&format!("; {} failed", usize_count(s.errors.len(), "statement")));
    }
    if !s.skipped.is_empty() {
        line.push_str(&format!(
            "; {} skipped (see the options above that avoid them)",
            usize_count(s.skipped.len(), "statement")
        ));
    }
    line
}

/// Prints each failed or skipped statement as one line on standard error when it happens
/// and, with a bar, shows tables loaded out of the planned ones as its position (hence its
/// ETA), bytes sent and the steps after the data in its message.
pub(crate) fn progress_callback(bar: Option<ProgressBar>, bars: MultiProgress) -> Progress {
    let bar = bar.unwrap_or_else(ProgressBar::hidden);
    let bytes = Arc::new(AtomicU64::new(0));
    let steps = Arc::new(AtomicUsize::new(0));
    let steps_done = Arc::new(AtomicUsize::new(0));
    let message = move |bar: &ProgressBar, bytes: u64, done: usize, steps: usize| {
        if steps == 0 {
            bar.set_message(format!("{} loaded", HumanBytes(bytes)));
        } else {
            bar.set_message(format!("{} loaded, {done}/{steps} steps", HumanBytes(bytes)));
        }
    };
    Progress::new(move |event| match event {
        ProgressEvent::Planned { tables, steps: n, .. } => {
            bar.set_length(u64::try_from(*tables).unwrap_or(u64::MAX));
            steps.store(*n, Ordering::Relaxed);
            message(&bar, bytes.load(Ordering::Relaxed), steps_done.load(Ordering::Relaxed), *n);
        }
        ProgressEvent::Bytes { bytes: n } => {
            let total = bytes.fetch_add(*n, Ordering::Relaxed) + n;
            message(&bar, total, steps_done.load(Ordering::Relaxed), steps.load(Ordering::Relaxed));
        }
        ProgressEvent::TableDone { .. } => bar.inc(1),
        ProgressEvent::StepDone { .. } => {
            let done = steps_done.fetch_add(1, Ordering::Relaxed) + 1;
            message(&bar, bytes.load(Ordering::Relaxed), done, steps.load(Ordering::Relaxed));
        }
        ProgressEvent::Failed { failure } => {
            let kind = if failure.avoided_by.is_some() { "skipped" } else { "error" };
            let line = format!("tusk: {kind}: {failure}\n").replace('\n', " ");
            bars.suspend(|| {
                let _ = writeln!(std::io::stderr(), "{}", line.trim_end());
            });
        }
        _ => {}
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use clap::Parser;
    use tusk::archive::Section;
    use tusk::restore::{EntryRef, Failure};

    use super::*;

    #[derive(Debug, Parser)]
    #[command(disable_help_flag = true)]
    struct TestCli {
        #[command(flatten)]
        args: RestoreArgs,
    }

    fn archive() -> String {
        tusk_testkit::fixture("tiny-pg15-none").display().to_string()
    }

    fn parse(argv: &[&str]) -> RestoreArgs {
        let full = std::iter::once("restore").chain(argv.iter().copied());
        TestCli::try_parse_from(full).unwrap_or_else(|e| panic!("{argv:?}: {e}")).args
    }

    fn options(argv: &[&str]) -> anyhow::Result<RestoreOptions> {
        let a = parse(argv);
        let archive = Archive::open(&a.archive).expect("fixture archive opens");
        a.options(archive.toc())
    }

    fn error(argv: &[&str]) -> String {
        match options(argv) {
            Ok(o) => panic!("{argv:?} accepted: {o:?}"),
            Err(e) => format!("{e:#}"),
        }
    }

    #[test]
    fn defaults() {
        let a = archive();
        let o = options(&["-d", "host=/tmp port=5999 user=u dbname=target", &a]).unwrap();
        assert_eq!(o.connection.dbname(), "target");
        assert_eq!(o.connection.user(), "u");
        assert_eq!(o.archive, PathBuf::from(&a));
        assert_eq!(o.jobs, 1);
        assert!(!o.clean && !o.if_exists && !o.create && !o.no_owner && !o.no_tablespaces);
        assert!(!o.exit_on_error && !o.single_transaction);
        assert_eq!(o.role, None);
        assert!(o.analyze);
        assert!(o.require_empty);
        assert_eq!(
            o.maintenance_work_mem.as_deref(),
            Some(tusk::restore::DEFAULT_MAINTENANCE_WORK_MEM)
        );
        assert_eq!(o.parallel_maintenance_workers, None);
        let s = &o.selection;
        assert!(!s.create && !s.schema_only && !s.data_only && !s.no_statistics);
        assert!(s.sections.is_empty() && s.tables.is_empty() && s.use_list.is_none());
    }

    #[test]
    fn every_flag_maps() {
        let a = archive();
        let o = options(&[
            "-d",
            "target",
            "-h",
            "/tmp",
            "-p",
            "5999",
            "-U",
            "me",
            "-j",
            "4",
            "-c",
            "--if-exists",
            "-C",
            "-O",
            "--role",
            "loader",
            "--no-tablespaces",
            "-e",
            "--no-analyze",
            "--maintenance-work-mem",
            "1GB",
            "--parallel-maintenance-workers",
            "2",
            "--section",
            "pre-data",
            "--section",
            "post-data",
            "-t",
            "t",
            "-t",
            "u",
            "-n",
            "public",
            "-N",
            "other",
            "-I",
            "t_pkey",
            "-P",
            "f(integer)",
            "-T",
            "trg",
            "-x",
            "--no-comments",
            "--no-publications",
            "--no-subscriptions",
            "--no-security-labels",
            "--no-statistics",
            "-q",
            &a,
        ])
        .unwrap();
        assert_eq!(o.connection.dbname(), "target");
        assert_eq!(o.connection.user(), "me");
        assert_eq!(o.connection.targets()[0].port(), 5999);
        assert_eq!(o.jobs, 4);
        assert!(o.clean && o.if_exists && o.create && o.no_owner && o.no_tablespaces);
        assert!(o.exit_on_error && !o.single_transaction);
        assert_eq!(o.role.as_deref(), Some("loader"));
        assert!(!o.analyze);
        assert_eq!(o.maintenance_work_mem.as_deref(), Some("1GB"));
        assert_eq!(o.parallel_maintenance_workers, Some(2));
        let s = &o.selection;
        assert!(s.create, "-C also selects the DATABASE entries");
        assert_eq!(s.sections, [Section::PreData, Section::PostData]);
        assert_eq!(s.tables, ["t", "u"]);
        assert_eq!(s.schemas, ["public"]);
        assert_eq!(s.exclude_schemas, ["other"]);
        assert_eq!(s.indexes, ["t_pkey"]);
        assert_eq!(s.functions, ["f(integer)"]);
        assert_eq!(s.triggers, ["trg"]);
        assert!(s.no_privileges && s.no_comments && s.no_publications);
        assert!(s.no_subscriptions && s.no_security_labels && s.no_statistics);
        assert!(!s.schema_only && !s.data_only);
    }

    #[test]
    fn data_only_schema_only_no_acl_and_single_transaction() {
        let a = archive();
        let o = options(&["-d", "t", "-a", "--no-acl", "-1", &a]).unwrap();
        assert!(o.selection.data_only && !o.selection.schema_only && o.selection.no_privileges);
        assert!(o.single_transaction && o.exit_on_error, "-1 implies -e, as in pg_restore");
        let o = options(&["-d", "t", "-s", &a]).unwrap();
        assert!(o.selection.schema_only && !o.selection.data_only);
        assert!(TestCli::try_parse_from(["restore", "-d", "t", "-s", "-a", &a]).is_err());
    }

    #[test]
    fn use_list_is_read_and_checked() {
        let a = archive();
        let toc_archive = Archive::open(&a).unwrap();
        let toc = toc_archive.toc();
        let listing = tusk::archive::listing::listing(toc, &Default::default());
        let ids: Vec<i32> = listing
            .lines()
            .filter(|l| !l.starts_with(';') && !l.trim().is_empty())
            .map(|l| l.split(';').next().unwrap().trim().parse().unwrap())
            .collect();
        assert!(ids.len() >= 2, "tiny fixture has entries: {listing}");
        // Keep the last entry first and comment out the first one.
        let lines: Vec<&str> =
            listing.lines().filter(|l| !l.starts_with(';') && !l.trim().is_empty()).collect();
        let mut edited = format!("{}\n;{}\n", lines[lines.len() - 1], lines[0]);
        for l in &lines[1..lines.len() - 1] {
            edited.push_str(l);
            edited.push('\n');
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("toc.list");
        std::fs::write(&file, &edited).unwrap();
        let f = file.display().to_string();
        let o = options(&["-d", "t", "-L", &f, &a]).unwrap();
        let list = o.selection.use_list.expect("-L sets use_list");
        let mut expected = vec![ids[ids.len() - 1]];
        expected.extend(&ids[1..ids.len() - 1]);
        assert_eq!(list.ids(), expected);

        std::fs::write(&file, "999999; 0 0 TABLE public nope u\n").unwrap();
        let err = error(&["-d", "t", "-L", &f, &a]);
        assert!(err.contains("toc.list"), "{err}");
        let missing = dir.path().join("missing.list").display().to_string();
        let err = error(&["-d", "t", "-L", &missing, &a]);
        assert!(err.contains("missing.list"), "{err}");
    }

    #[test]
    fn rejections() {
        let a = archive();
        let err = error(&["-d", "t", "-1", "-j", "2", &a]);
        assert!(err.contains("single-transaction") && err.contains("-j"), "{err}");
        let err = error(&["-d", "t", "-f", "out.sql", &a]);
        assert!(err.contains("only into a database"), "{err}");
        assert!(!err.contains('\n'), "{err}");
        let err = error(&[&a]);
        assert!(err.contains("-d/--dbname"), "{err}");
        let err = error(&["-h", "/tmp", "-U", "u", &a]);
        assert!(err.contains("-d/--dbname"), "{err}");
        let err = error(&["-d", "t", "-j", "0", &a]);
        assert!(err.contains("jobs"), "{err}");
        let err = error(&["-d", "t", "-C", "-1", &a]);
        assert!(err.contains("--create"), "{err}");
        let err = error(&["-d", "t", "-c", "-a", &a]);
        assert!(err.contains("--clean") && err.contains("--data-only"), "{err}");
        let err = error(&["-d", "t", "--if-exists", &a]);
        assert!(err.contains("--if-exists requires"), "{err}");
        let err = error(&["-d", "t", "--maintenance-work-mem", "lots", &a]);
        assert!(err.contains("lots"), "{err}");
        let err = error(&["-d", "t", "--maintenance-work-mem", "512mb", &a]);
        assert!(err.contains("512mb"), "{err}");
        assert!(TestCli::try_parse_from(["restore", "-d", "t"]).is_err(), "ARCHIVE is required");
        assert!(TestCli::try_parse_from(["restore", "-d", "t", "--section", "x", &a]).is_err());
    }

    #[test]
    fn tablespace_mappings() {
        assert_eq!(parse_mapping("/a=/b").unwrap(), ("/a".to_owned(), "/b".to_owned()));
        assert_eq!(parse_mapping("/a\\=x=/b").unwrap(), ("/a=x".to_owned(), "/b".to_owned()));
        for bad in ["/a", "=/b", "/a=", "/a=/b=/c"] {
            assert!(parse_mapping(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn memory_sizes() {
        for ok in ["256MB", "2GB", "65536", "64kB", "1TB", "1048576B"] {
            check_memory(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        for bad in ["", "MB", "-1MB", "1.5GB", "1 PB", "1gb"] {
            assert!(check_memory(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn list_needs_no_database_and_writes_the_listing() {
        let a = archive();
        let args = parse(&["-l", &a]);
        args.check().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.list");
        let f = file.display().to_string();
        let code = run(parse(&["-l", "-f", &f, "-s", &a]), &MultiProgress::new()).unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
        let toc_archive = Archive::open(&a).unwrap();
        let selection = tusk::restore::Selection { schema_only: true, ..Default::default() };
        let expected = tusk::archive::listing::listing(toc_archive.toc(), &selection);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);
        assert!(!expected.contains("TABLE DATA"), "{expected}");
    }

    fn failure(avoided_by: Option<&'static str>) -> Failure {
        Failure {
            entry: EntryRef {
                dump_id: Some(7),
                desc: "TABLE".to_owned(),
                namespace: Some("public".to_owned()),
                tag: "t".to_owned(),
            },
            sqlstate: Some("42501".to_owned()),
            message: "permission denied".to_owned(),
            statement: None,
            avoided_by,
        }
    }

    #[test]
    fn exit_status_and_summary_line() {
        let mut s = RestoreSummary {
            database: "target".to_owned(),
            tables: 1,
            rows: 3,
            bytes: 2048,
            analyzed: 1,
            elapsed: Duration::from_millis(1500),
            ..Default::default()
        };
        assert_eq!(exit_status(&s), 0);
        assert_eq!(
            summary_line(&s),
            "restored \"target\": 1 table, 3 rows, 2.00 KiB in 1.5s, 1 table analyzed"
        );
        s.skipped.push(failure(Some("--no-owner")));
        assert_eq!(exit_status(&s), 3);
        assert!(
            summary_line(&s)
                .ends_with("; 1 statement skipped (see the options above that avoid them)")
        );
        s.errors.push(failure(None));
        s.errors.push(failure(None));
        assert_eq!(exit_status(&s), 1);
        assert!(
            summary_line(&s).ends_with(
                "; 2 statements failed; 1 statement skipped (see the options above that avoid \
                     them)"
            ),
            "{}",
            summary_line(&s)
        );
    }
}
