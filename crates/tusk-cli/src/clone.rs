//! `tusk clone`: a source database into a target with no archive in between
//! ([`tusk::clone::clone_database`]), with pg_dump's selection options on the source side and
//! pg_restore's on the target side.

use std::process::ExitCode;

use anyhow::{Context as _, bail};
use indicatif::MultiProgress;
use tusk::clone::{CloneError, CloneOptions, PrepareOptions};
use tusk::dump::Selection as DumpSelection;
use tusk::pg::{ConnInfo, ConnectionSettings};
use tusk::restore::{RestoreError, RestoreOptions, Selection as RestoreSelection};

use crate::restore::run_restore_job;

/// Copy a database into another, as `pg_dump | pg_restore` would, without an archive.
///
/// The source is read on one snapshot by -j sessions; the target is written by -j sessions
/// with the restore's scheduling (each table's indexes as soon as its data is in, ANALYZE).
/// Exit status as for `tusk restore`: 0, 1 (errors), 3 (statements skipped).
#[derive(Debug, clap::Args)]
pub(crate) struct CloneArgs {
    /// The source database: a connection string or URI (completed from the PG* variables
    /// and ~/.pgpass).
    #[arg(long = "source", value_name = "CONNINFO")]
    source: String,

    /// The target database (with --create, the database to connect to for CREATE DATABASE).
    #[arg(long = "target", value_name = "CONNINFO")]
    target: String,

    /// Sessions on each side.
    #[arg(short = 'j', long = "jobs", default_value_t = 1)]
    jobs: usize,

    #[command(flatten)]
    patterns: crate::dump::PatternArgs,

    /// Copy only the object definitions.
    #[arg(short = 's', long = "schema-only", conflicts_with = "data_only")]
    schema_only: bool,

    /// Copy only the data (into existing tables).
    #[arg(short = 'a', long = "data-only")]
    data_only: bool,

    /// Do not set owners on the target.
    #[arg(short = 'O', long = "no-owner")]
    no_owner: bool,

    /// Do not copy privileges.
    #[arg(short = 'x', long = "no-privileges", visible_alias = "no-acl")]
    no_privileges: bool,

    /// Do not copy comments.
    #[arg(long = "no-comments")]
    no_comments: bool,

    /// Drop the objects on the target first.
    #[arg(short = 'c', long = "clean")]
    clean: bool,

    /// With --clean, drop with IF EXISTS.
    #[arg(long = "if-exists", requires = "clean")]
    if_exists: bool,

    /// Create the source's database on the target server (--target names the database to
    /// connect to for that).
    #[arg(short = 'C', long = "create")]
    create: bool,

    /// Do not run ANALYZE on the copied tables.
    #[arg(long = "no-analyze")]
    no_analyze: bool,

    /// Stop at the first failed statement.
    #[arg(short = 'e', long = "exit-on-error")]
    exit_on_error: bool,

    /// No progress bar.
    #[arg(short = 'q', long = "quiet")]
    quiet: bool,

    /// For tests: split tables bigger than this many pages into ctid ranges.
    #[arg(long = "split-pages", hide = true)]
    split_pages: Option<u64>,
}

/// Settings for a connection string given whole (`dbname` expanded as libpq does).
fn settings(what: &str, conninfo: &str) -> anyhow::Result<ConnectionSettings> {
    let info = ConnInfo::from_params(&[("dbname", conninfo)], true)
        .with_context(|| format!("invalid {what} connection string"))?;
    ConnectionSettings::from_env(&info).with_context(|| format!("invalid {what} connection"))
}

impl CloneArgs {
    fn options(self) -> anyhow::Result<CloneOptions> {
        if self.jobs == 0 {
            bail!("invalid number of parallel jobs: must be at least 1");
        }
        if self.clean && self.data_only {
            bail!("-c/--clean cannot be used with -a/--data-only");
        }
        let mut source = PrepareOptions::new(settings("source", &self.source)?);
        source.jobs = self.jobs;
        source.split_pages = self.split_pages;
        source.selection = DumpSelection {
            schema_only: self.schema_only,
            data_only: self.data_only,
            no_comments: self.no_comments,
            no_acl: self.no_privileges,
            ..self.patterns.selection()
        };
        let mut target = RestoreOptions::new(settings("target", &self.target)?, "");
        target.jobs = self.jobs;
        target.selection = RestoreSelection {
            schema_only: self.schema_only,
            data_only: self.data_only,
            no_privileges: self.no_privileges,
            no_comments: self.no_comments,
            ..RestoreSelection::default()
        };
        target.clean = self.clean;
        target.if_exists = self.if_exists;
        target.create = self.create;
        target.no_owner = self.no_owner;
        target.analyze = !self.no_analyze;
        target.exit_on_error = self.exit_on_error;
        Ok(CloneOptions { source, target })
    }
}

pub(crate) fn run(a: CloneArgs, bars: &MultiProgress) -> anyhow::Result<ExitCode> {
    let quiet = a.quiet;
    let options = a.options()?;
    run_restore_job(
        quiet,
        bars,
        async |progress| tusk::clone::clone_database(&options, progress).await,
        |e| matches!(e, CloneError::Target(RestoreError::Stopped(_))),
    )
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Wrapper {
        #[command(flatten)]
        args: CloneArgs,
    }

    fn options(args: &[&str]) -> anyhow::Result<CloneOptions> {
        let mut argv = vec!["clone"];
        argv.extend_from_slice(args);
        Wrapper::try_parse_from(argv)?.args.options()
    }

    #[test]
    fn sides_get_their_options() {
        let o = options(&[
            "--source",
            "host=/tmp dbname=src",
            "--target",
            "postgres://u@localhost/dst",
            "-j",
            "3",
            "-n",
            "app",
            "-x",
            "-O",
            "-c",
            "--if-exists",
        ])
        .expect("valid");
        assert_eq!((o.source.jobs, o.target.jobs), (3, 3));
        assert_eq!(o.source.connection.dbname(), "src");
        assert_eq!(o.target.connection.dbname(), "dst");
        assert_eq!(o.source.selection.include_schemas, ["app"]);
        assert!(o.source.selection.no_acl && o.target.selection.no_privileges);
        assert!(o.target.no_owner && o.target.clean && o.target.if_exists && o.target.analyze);
    }

    #[test]
    fn contradictions_are_refused() {
        let base = ["--source", "dbname=a", "--target", "dbname=b"];
        let with = |extra: &[&str]| {
            let mut v = base.to_vec();
            v.extend_from_slice(extra);
            options(&v)
        };
        assert!(with(&["-j", "0"]).is_err());
        assert!(with(&["-c", "-a"]).is_err());
        assert!(with(&["--if-exists"]).is_err());
        assert!(with(&["-s", "-a"]).is_err());
        assert!(options(&["--source", "dbname=a"]).is_err(), "--target is required");
    }
}
