//! `tusk dump`: pg_dump's options for the directory format, mapped onto
//! [`tusk::dump::DumpDatabaseOptions`], with a progress bar on a terminal.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context as _, bail};
use indicatif::{HumanBytes, MultiProgress, ProgressBar, ProgressStyle};
use tusk::archive::Algorithm;
use tusk::dump::{DumpDatabaseOptions, Progress, ProgressEvent, Selection};

use crate::connection::ConnectionArgs;

/// Dump a database into a directory archive, as `pg_dump -Fd` does.
///
/// Connection options, patterns and their rules are pg_dump's. Objects of kinds tusk does not
/// dump yet are listed in a warning.
#[derive(Debug, clap::Args)]
#[command(disable_help_flag = true)]
#[command(group(clap::ArgGroup::new("cluster_wide").args(["globals_only", "all"])))]
pub(crate) struct DumpArgs {
    /// The database to dump (a name, or a connection string or URI, like -d).
    #[arg(value_name = "DBNAME")]
    dbname_arg: Option<String>,

    #[command(flatten)]
    connection: ConnectionArgs,

    /// The archive directory to create (must not exist, or be empty).
    #[arg(short = 'f', long = "file", required = true)]
    file: Option<PathBuf>,

    /// Output format: only `d`/`directory` is supported.
    #[arg(short = 'F', long = "format", default_value = "d")]
    format: String,

    /// Dump this many tables (or ranges of big tables) in parallel.
    #[arg(short = 'j', long = "jobs", default_value_t = 1)]
    jobs: usize,

    /// Data compression: `zstd[:LEVEL]` (default, level 1), `gzip[:LEVEL]` (level 6 unless
    /// given), `none`, or 0–9 (gzip level; 0 is none).
    #[arg(short = 'Z', long = "compress", default_value = "zstd")]
    compress: String,

    #[command(flatten)]
    patterns: PatternArgs,

    /// Dump only the object definitions, no data.
    #[arg(short = 's', long = "schema-only", conflicts_with = "data_only")]
    schema_only: bool,

    /// Dump only the data, no definitions.
    #[arg(short = 'a', long = "data-only")]
    data_only: bool,

    /// Accepted for pg_dump compatibility: archives always record owners (use
    /// `pg_restore -O`).
    #[arg(short = 'O', long = "no-owner")]
    no_owner: bool,

    /// Do not dump privileges (GRANT/REVOKE and default privileges).
    #[arg(short = 'x', long = "no-acl", alias = "no-privileges")]
    no_acl: bool,

    /// Dump large objects even when -n/-t select objects (they are dumped by default
    /// otherwise; never with -s).
    #[arg(short = 'b', long = "blobs", alias = "large-objects")]
    blobs: bool,

    /// Do not dump large objects (-b wins if both are given, as in pg_dump).
    #[arg(short = 'B', long = "no-blobs", alias = "no-large-objects")]
    no_blobs: bool,

    /// Do not dump comments.
    #[arg(long = "no-comments")]
    no_comments: bool,

    /// Do not dump publications (nor their tables and schemas).
    #[arg(long = "no-publications")]
    no_publications: bool,

    /// Do not dump subscriptions.
    #[arg(long = "no-subscriptions")]
    no_subscriptions: bool,

    /// Also dump the planner statistics of the tables, materialized views, foreign tables
    /// and indexes dumped, as pg_dump 18 does (STATISTICS DATA entries, which restore into
    /// PostgreSQL 18 and later).
    #[arg(long = "statistics")]
    statistics: bool,

    /// Do not dump planner statistics (the default).
    #[arg(long = "no-statistics")]
    no_statistics: bool,

    /// Dump only the planner statistics: no definitions, no data.
    #[arg(long = "statistics-only")]
    statistics_only: bool,

    /// Not an option of pg_dump 18 (its betas had it): refused, naming --statistics.
    #[arg(long = "with-statistics", hide = true)]
    with_statistics: bool,

    /// Not supported: tusk dumps the definitions of foreign tables, never their data.
    #[arg(long = "include-foreign-data", value_name = "PATTERN")]
    include_foreign_data: Vec<String>,

    /// Use this exported snapshot instead of taking a new one.
    #[arg(long = "snapshot")]
    snapshot: Option<String>,

    /// Fail after waiting this long for a table lock (e.g. `10s`, `500ms`, `2min`; a bare
    /// number is milliseconds).
    #[arg(long = "lock-wait-timeout")]
    lock_wait_timeout: Option<String>,

    /// Do not fsync the archive.
    #[arg(long = "no-sync")]
    no_sync: bool,

    /// No progress bar.
    #[arg(short = 'q', long = "quiet")]
    quiet: bool,

    /// For tests: split tables bigger than this many pages into ctid ranges.
    #[arg(long = "split-pages", hide = true)]
    split_pages: Option<u64>,

    /// Dump only the cluster's globals (roles, memberships, role settings, privileges on
    /// parameters, tablespaces) into DIR: `globals.sql` (pg_dumpall --globals-only's script,
    /// for psql) and `tusk-globals.json` (what `tusk restore --globals-only` reads). Connects
    /// to the database "postgres" unless one is given.
    #[arg(
        short = 'g',
        long = "globals-only",
        conflicts_with_all = [
            "schema_only", "data_only", "no_acl", "blobs", "no_blobs", "snapshot",
            "lock_wait_timeout", "split_pages", "jobs", "compress", "format", "schema",
            "exclude_schema", "table", "exclude_table", "exclude_table_data", "strict_names",
            "statistics", "statistics_only",
        ]
    )]
    globals_only: bool,

    /// With --globals-only or --all: no password hashes (roles are read from pg_roles).
    #[arg(long = "no-role-passwords", requires = "cluster_wide")]
    no_role_passwords: bool,

    /// With --globals-only or --all: leave tablespaces out of the globals.
    #[arg(long = "no-tablespaces", requires = "cluster_wide")]
    no_tablespaces: bool,

    /// With --globals-only or --all: leave the roles' and tablespaces' security labels out.
    #[arg(long = "no-security-labels", requires = "cluster_wide")]
    no_security_labels: bool,

    /// With --globals-only or --all: leave out the roles matching this pattern (pg_dump's
    /// pattern rules; repeatable): their attributes, settings and memberships.
    #[arg(long = "exclude-role", value_name = "PATTERN", requires = "cluster_wide")]
    exclude_role: Vec<String>,

    /// Dump the whole cluster into DIR, as pg_dumpall does: its globals (`globals/`), every
    /// database that allows connections but template0 (`databases/<oid>/`, one archive
    /// each, as `tusk dump` writes it), and `tusk-all.json` last. -j is shared by all the
    /// databases. Connects to the database "postgres" unless one is given.
    #[arg(
        long = "all",
        conflicts_with_all = [
            "globals_only", "blobs", "no_blobs", "snapshot", "schema", "exclude_schema",
            "table", "exclude_table", "exclude_table_data", "strict_names",
        ]
    )]
    all: bool,

    /// With --all: leave out the databases matching this pattern (pg_dump's pattern rules;
    /// repeatable).
    #[arg(long = "exclude-database", value_name = "PATTERN", requires = "all")]
    exclude_database: Vec<String>,

    /// Print help.
    #[arg(long = "help", action = clap::ArgAction::Help)]
    help: Option<bool>,
}

/// pg_dump's name patterns (`-n`, `-N`, `-t`, `-T`, `--exclude-table-data`,
/// `--strict-names`), shared by the commands that read a source database.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct PatternArgs {
    /// Only the schemas matching this pattern (pg_dump's rules; repeatable).
    #[arg(short = 'n', long = "schema", action = clap::ArgAction::Append)]
    schema: Vec<String>,

    /// Not the schemas matching this pattern (repeatable).
    #[arg(short = 'N', long = "exclude-schema", action = clap::ArgAction::Append)]
    exclude_schema: Vec<String>,

    /// Only the tables (views, sequences, …) matching this pattern (repeatable).
    #[arg(short = 't', long = "table", action = clap::ArgAction::Append)]
    table: Vec<String>,

    /// Not the tables matching this pattern (repeatable).
    #[arg(short = 'T', long = "exclude-table", action = clap::ArgAction::Append)]
    exclude_table: Vec<String>,

    /// Not the data of the tables matching this pattern (repeatable).
    #[arg(long = "exclude-table-data", action = clap::ArgAction::Append)]
    exclude_table_data: Vec<String>,

    /// Require every -n/-t pattern to match something.
    #[arg(long = "strict-names")]
    strict_names: bool,
}

impl PatternArgs {
    /// A selection with these patterns and everything else at pg_dump's defaults.
    pub(crate) fn selection(self) -> Selection {
        Selection {
            include_schemas: self.schema,
            exclude_schemas: self.exclude_schema,
            include_tables: self.table,
            exclude_tables: self.exclude_table,
            exclude_table_data: self.exclude_table_data,
            strict_names: self.strict_names,
            ..Selection::default()
        }
    }
}

/// Parses `-Z`: `zstd[:N]`, `gzip[:N]`, `none`, `N`, with `level=N` also accepted.
pub(crate) fn parse_compress(spec: &str) -> anyhow::Result<(Algorithm, Option<i32>)> {
    let (name, detail) = match spec.split_once(':') {
        Some((n, d)) => (n, Some(d)),
        None => (spec, None),
    };
    let level = match detail {
        None => None,
        Some(d) => {
            let d = d.strip_prefix("level=").unwrap_or(d);
            Some(d.parse::<i32>().with_context(|| {
                format!("invalid compression specification \"{spec}\": bad level")
            })?)
        }
    };
    if let Ok(n) = name.parse::<i32>() {
        if detail.is_some() || !(0..=9).contains(&n) {
            bail!("invalid compression specification \"{spec}\": a level must be 0 to 9");
        }
        return Ok(if n == 0 { (Algorithm::None, None) } else { (Algorithm::Gzip, Some(n)) });
    }
    let algorithm = match name {
        "zstd" => Algorithm::Zstd,
        "gzip" => Algorithm::Gzip,
        "none" => Algorithm::None,
        "lz4" => bail!("compression lz4 is not supported for writing (use zstd, gzip or none)"),
        _ => bail!("invalid compression specification \"{spec}\": unknown method \"{name}\""),
    };
    if algorithm == Algorithm::None && level.is_some_and(|l| l != 0) {
        bail!("invalid compression specification \"{spec}\": none takes no level");
    }
    Ok((algorithm, level))
}

/// pg_dump 18's checks of its statistics options among themselves (their conflicts with
/// -s and -a are the dump engine's).
fn check_statistics_options(a: &DumpArgs) -> anyhow::Result<()> {
    if a.with_statistics {
        bail!(
            "--with-statistics is not an option of pg_dump 18 (only of its betas): use \
             --statistics"
        );
    }
    if a.statistics && a.no_statistics {
        bail!("options --statistics and --no-statistics cannot be used together");
    }
    if a.statistics_only && a.no_statistics {
        bail!("options --statistics-only and --no-statistics cannot be used together");
    }
    Ok(())
}

/// Parses `--lock-wait-timeout` as the server would read `statement_timeout`.
pub(crate) fn parse_timeout(spec: &str) -> anyhow::Result<Duration> {
    let s = spec.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num.parse().with_context(|| format!("invalid lock wait timeout \"{spec}\""))?;
    let ms = match unit.trim() {
        "" | "ms" => n,
        "s" => n.saturating_mul(1000),
        "min" => n.saturating_mul(60_000),
        "h" => n.saturating_mul(3_600_000),
        "d" => n.saturating_mul(86_400_000),
        _ => bail!("invalid lock wait timeout \"{spec}\": unknown unit \"{}\"", unit.trim()),
    };
    if ms == 0 {
        bail!("invalid lock wait timeout \"{spec}\": must be positive");
    }
    Ok(Duration::from_millis(ms))
}

/// `tusk dump --globals-only`.
fn run_globals(a: DumpArgs) -> anyhow::Result<()> {
    // pg_dumpall's default database, unless one is named.
    let mut args = a.connection.clone();
    if args.dbname.is_none() {
        args.dbname = a.dbname_arg.clone();
    }
    let connection = args.cluster_settings("postgres")?;
    let Some(output) = a.file else { bail!("no output directory specified (-f)") };
    let options = tusk::globals::DumpGlobalsOptions {
        connection,
        output,
        read: tusk::globals::ReadOptions {
            no_role_passwords: a.no_role_passwords,
            no_tablespaces: a.no_tablespaces,
            no_comments: a.no_comments,
            no_security_labels: a.no_security_labels,
            exclude_roles: a.exclude_role,
        },
        sync: !a.no_sync,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    let summary = runtime.block_on(tusk::globals::dump_globals(&options))?;
    tracing::info!(
        roles = summary.roles,
        memberships = summary.memberships,
        tablespaces = summary.tablespaces,
        "globals dump complete"
    );
    Ok(())
}

/// `tusk dump --all`: the databases' table on standard error at the end.
fn run_all(a: DumpArgs) -> anyhow::Result<()> {
    match a.format.as_str() {
        "d" | "directory" => {}
        other => bail!(
            "output format \"{other}\" is not supported with --all: tusk writes a folder of \
             directory archives"
        ),
    }
    if a.jobs == 0 {
        bail!("invalid number of parallel jobs: must be at least 1");
    }
    if !a.include_foreign_data.is_empty() {
        bail!(
            "--include-foreign-data is not supported: tusk dumps the definitions of foreign \
             tables but not their data"
        );
    }
    let _ = a.no_owner;
    let (algorithm, level) = parse_compress(&a.compress)?;
    let lock_wait_timeout = a.lock_wait_timeout.as_deref().map(parse_timeout).transpose()?;
    let mut args = a.connection.clone();
    if args.dbname.is_none() {
        args.dbname = a.dbname_arg.clone();
    }
    let connection = args.cluster_settings("postgres")?;
    let Some(output) = a.file else { bail!("no output directory specified (-f)") };
    let mut options = tusk::cluster::DumpAllOptions::new(connection, output);
    options.jobs = a.jobs;
    options.algorithm = algorithm;
    options.level = level;
    options.lock_wait_timeout = lock_wait_timeout;
    options.split_pages = a.split_pages;
    options.sync = !a.no_sync;
    options.exclude_databases = a.exclude_database;
    options.selection = Selection {
        schema_only: a.schema_only,
        data_only: a.data_only,
        no_comments: a.no_comments,
        no_acl: a.no_acl,
        no_publications: a.no_publications,
        no_subscriptions: a.no_subscriptions,
        statistics: a.statistics,
        statistics_only: a.statistics_only,
        ..Selection::default()
    };
    options.globals = tusk::globals::ReadOptions {
        no_role_passwords: a.no_role_passwords,
        no_tablespaces: a.no_tablespaces,
        no_comments: a.no_comments,
        no_security_labels: a.no_security_labels,
        exclude_roles: a.exclude_role,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    let summary = runtime.block_on(tusk::cluster::dump_all(&options))?;
    let mut err = std::io::stderr().lock();
    for line in dump_all_table(&summary.manifest) {
        let _ = writeln!(err, "{line}");
    }
    let dumped = summary.manifest.databases.iter().filter(|d| d.archive.is_some()).count();
    let _ = writeln!(
        err,
        "tusk: dumped the globals and {dumped} database{} in {:.1}s",
        if dumped == 1 { "" } else { "s" },
        summary.elapsed.as_secs_f64()
    );
    Ok(())
}

/// The table of a `--all` dump: one line per database of the source but template0.
pub(crate) fn dump_all_table(manifest: &tusk::cluster::AllManifest) -> Vec<String> {
    let mut rows = vec![[
        "database".to_owned(),
        "oid".to_owned(),
        "jobs".to_owned(),
        "tables".to_owned(),
        "rows".to_owned(),
        "data".to_owned(),
        "status".to_owned(),
    ]];
    for d in &manifest.databases {
        let status = match d.status.reason() {
            None => "dumped".to_owned(),
            Some(reason) => format!("skipped: {reason}"),
        };
        let dumped = d.archive.is_some();
        let number = |n: u64| if dumped { n.to_string() } else { "-".to_owned() };
        rows.push([
            d.name.clone(),
            d.oid.to_string(),
            number(u64::try_from(d.jobs).unwrap_or(u64::MAX)),
            number(d.tables),
            number(d.rows),
            if dumped { HumanBytes(d.bytes).to_string() } else { "-".to_owned() },
            status,
        ]);
    }
    crate::restore::table_lines(&rows)
}

pub(crate) fn run(a: DumpArgs, bars: &MultiProgress) -> anyhow::Result<()> {
    check_statistics_options(&a)?;
    if a.globals_only {
        return run_globals(a);
    }
    if a.all {
        return run_all(a);
    }
    match a.format.as_str() {
        "d" | "directory" => {}
        "c" | "custom" | "t" | "tar" | "p" | "plain" => bail!(
            "output format \"{}\" is not supported: tusk writes only the directory format (-F d)",
            a.format
        ),
        other => bail!("invalid output format \"{other}\" specified"),
    }
    if a.jobs == 0 {
        bail!("invalid number of parallel jobs: must be at least 1");
    }
    if !a.include_foreign_data.is_empty() {
        bail!(
            "--include-foreign-data is not supported: tusk dumps the definitions of foreign \
             tables but not their data"
        );
    }
    let _ = a.no_owner;
    let (algorithm, level) = parse_compress(&a.compress)?;
    let lock_wait_timeout = a.lock_wait_timeout.as_deref().map(parse_timeout).transpose()?;
    let connection = a.connection.settings(a.dbname_arg.as_deref())?;
    let Some(output) = a.file else { bail!("no output directory specified (-f)") };
    let mut options = DumpDatabaseOptions::new(connection, output);
    options.jobs = a.jobs;
    options.algorithm = algorithm;
    options.level = level;
    options.snapshot = a.snapshot;
    options.lock_wait_timeout = lock_wait_timeout;
    options.split_pages = a.split_pages;
    options.sync = !a.no_sync;
    options.selection = Selection {
        schema_only: a.schema_only,
        data_only: a.data_only,
        no_comments: a.no_comments,
        no_acl: a.no_acl,
        blobs: a.blobs,
        no_blobs: a.no_blobs,
        no_publications: a.no_publications,
        no_subscriptions: a.no_subscriptions,
        statistics: a.statistics,
        statistics_only: a.statistics_only,
        ..a.patterns.selection()
    };

    let show = !a.quiet && std::io::stderr().is_terminal();
    let bar = show.then(|| bars.add(progress_bar()));
    let progress = bar.clone().map(progress_callback);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("could not start the async runtime")?;
    let result = runtime.block_on(tusk::dump::dump_database(&options, progress));
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let summary = result?;
    tracing::info!(
        entries = summary.entries,
        tables = summary.tables,
        rows = summary.rows,
        bytes = summary.uncompressed_bytes,
        "dump complete"
    );
    Ok(())
}

pub(crate) fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} tables, {msg} (ETA {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn progress_callback(bar: ProgressBar) -> Progress {
    let bytes = Arc::new(AtomicU64::new(0));
    Progress::new(move |event| match event {
        ProgressEvent::Planned { tables, .. } => {
            bar.set_length(u64::try_from(*tables).unwrap_or(u64::MAX));
        }
        ProgressEvent::Bytes { bytes: n, .. } => {
            let total = bytes.fetch_add(*n, Ordering::Relaxed) + n;
            bar.set_message(format!("{} read", HumanBytes(total)));
        }
        ProgressEvent::TableDone { .. } => bar.inc(1),
        _ => {}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compress_specs() {
        assert_eq!(parse_compress("zstd").unwrap(), (Algorithm::Zstd, None));
        assert_eq!(parse_compress("zstd:7").unwrap(), (Algorithm::Zstd, Some(7)));
        assert_eq!(parse_compress("gzip:level=4").unwrap(), (Algorithm::Gzip, Some(4)));
        assert_eq!(parse_compress("0").unwrap(), (Algorithm::None, None));
        assert_eq!(parse_compress("5").unwrap(), (Algorithm::Gzip, Some(5)));
        assert_eq!(parse_compress("none").unwrap(), (Algorithm::None, None));
        assert!(parse_compress("lz4").is_err());
        assert!(parse_compress("12").is_err());
        assert!(parse_compress("brotli").is_err());
    }

    #[test]
    fn timeouts() {
        assert_eq!(parse_timeout("1s").unwrap(), Duration::from_secs(1));
        assert_eq!(parse_timeout("250").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_timeout("2min").unwrap(), Duration::from_secs(120));
        assert!(parse_timeout("x").is_err());
        assert!(parse_timeout("0").is_err());
    }
}
