//! Argument parsing and dispatch for the `tusk` subcommands.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use tusk::archive::Toc;
use tusk::archive::listing::{Selection, UseList};

/// Native PostgreSQL dump and restore tooling for pg_dump directory archives.
///
/// This version dumps databases (`tusk dump`), restores archives into databases
/// (`tusk restore`), copies databases without an archive (`tusk clone`), inspects archives
/// (`tusk list`), and shows all of it on a throw-away
/// cluster (`tusk demo`).
#[derive(Debug, Parser)]
#[command(name = "tusk", version, propagate_version = true)]
pub(crate) struct Args {
    /// More log output (-v info, -vv debug, -vvv trace); TUSK_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print an archive's table of contents in the format of `pg_restore -l`.
    ///
    /// The output can be edited (lines commented out with `;` or reordered) to choose what a
    /// restore runs.
    List(Box<ListArgs>),
    /// Dump a database into a directory archive, as `pg_dump -Fd` does.
    Dump(Box<crate::dump::DumpArgs>),
    /// Restore a directory archive into a database, as `pg_restore -d` does.
    Restore(Box<crate::restore::RestoreArgs>),
    /// Copy a database into another without an archive (dump and restore joined).
    Clone(Box<crate::clone::CloneArgs>),
    /// Dump and restore a generated sample database on a throw-away local cluster, and check
    /// the copy.
    Demo(Box<crate::demo::DemoArgs>),
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// The archive: a directory written by `pg_dump -Fd` or `tusk dump`.
    archive: PathBuf,

    /// Write the listing to this file instead of standard output.
    #[arg(short = 'f', long = "file")]
    file: Option<PathBuf>,

    /// List the entries a restore with --create would run (DATABASE entries too).
    #[arg(short = 'C', long)]
    create: bool,

    #[command(flatten)]
    selection: SelectionArgs,
}

/// pg_restore's options that choose the entries of an archive, shared by `tusk list` and
/// `tusk restore` (`-C` is each command's own: it means more than a selection to restore).
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct SelectionArgs {
    /// Only the entries with a schema part (object definitions).
    #[arg(short = 's', long, conflicts_with = "data_only")]
    pub(crate) schema_only: bool,

    /// Only the entries with a data part.
    #[arg(short = 'a', long)]
    pub(crate) data_only: bool,

    /// Only the entries of this section (pre-data, data or post-data); repeatable.
    #[arg(long = "section", value_name = "SECTION")]
    pub(crate) sections: Vec<SectionArg>,

    /// Only objects in this schema (exact name); repeatable.
    #[arg(short = 'n', long = "schema", value_name = "NAME")]
    pub(crate) schemas: Vec<String>,

    /// No objects in this schema (exact name); repeatable.
    #[arg(short = 'N', long = "exclude-schema", value_name = "NAME")]
    pub(crate) exclude_schemas: Vec<String>,

    /// Only this table, view, materialized view, foreign table or sequence; repeatable.
    #[arg(short = 't', long = "table", value_name = "NAME")]
    pub(crate) tables: Vec<String>,

    /// Only this index; repeatable.
    #[arg(short = 'I', long = "index", value_name = "NAME")]
    pub(crate) indexes: Vec<String>,

    /// Only this function, as `name(argument types)`; repeatable.
    #[arg(short = 'P', long = "function", value_name = "NAME(ARGS)")]
    pub(crate) functions: Vec<String>,

    /// Only this trigger; repeatable.
    #[arg(short = 'T', long = "trigger", value_name = "NAME")]
    pub(crate) triggers: Vec<String>,

    /// No privileges (ACL entries).
    #[arg(short = 'x', long = "no-privileges", visible_alias = "no-acl")]
    pub(crate) no_privileges: bool,

    /// No comments.
    #[arg(long)]
    pub(crate) no_comments: bool,

    /// No publications.
    #[arg(long)]
    pub(crate) no_publications: bool,

    /// No security labels.
    #[arg(long)]
    pub(crate) no_security_labels: bool,

    /// No subscriptions.
    #[arg(long)]
    pub(crate) no_subscriptions: bool,

    /// Only the entries in this file (an edited listing), in the file's order.
    #[arg(short = 'L', long = "use-list", value_name = "FILE")]
    pub(crate) use_list: Option<PathBuf>,
}

impl SelectionArgs {
    /// Each option that picks entries of one archive, with whether it was given: a
    /// restore of globals or of a whole cluster refuses all of them.
    pub(crate) fn entry_selection(&self) -> [(bool, &'static str); 12] {
        [
            (self.schema_only, "-s/--schema-only"),
            (self.data_only, "-a/--data-only"),
            (!self.sections.is_empty(), "--section"),
            (!self.schemas.is_empty(), "-n/--schema"),
            (!self.exclude_schemas.is_empty(), "-N/--exclude-schema"),
            (!self.tables.is_empty(), "-t/--table"),
            (!self.indexes.is_empty(), "-I/--index"),
            (!self.functions.is_empty(), "-P/--function"),
            (!self.triggers.is_empty(), "-T/--trigger"),
            (self.no_publications, "--no-publications"),
            (self.no_subscriptions, "--no-subscriptions"),
            (self.use_list.is_some(), "-L/--use-list"),
        ]
    }

    /// The selection, with `-L`'s file read, parsed and checked against the archive's TOC
    /// (a line naming no entry of the archive, or repeating one, is an error).
    pub(crate) fn selection(self, create: bool, toc: &Toc) -> anyhow::Result<Selection> {
        let use_list = match &self.use_list {
            None => None,
            Some(path) => {
                let text = std::fs::read_to_string(path).with_context(|| {
                    format!("could not read the list file \"{}\"", path.display())
                })?;
                let list = UseList::parse(&text)
                    .and_then(|l| l.check(toc).map(|()| l))
                    .with_context(|| format!("in the list file \"{}\"", path.display()))?;
                Some(list)
            }
        };
        Ok(Selection {
            create,
            schema_only: self.schema_only,
            data_only: self.data_only,
            no_statistics: false,
            sections: self.sections.into_iter().map(Into::into).collect(),
            schemas: self.schemas,
            exclude_schemas: self.exclude_schemas,
            tables: self.tables,
            indexes: self.indexes,
            functions: self.functions,
            triggers: self.triggers,
            no_privileges: self.no_privileges,
            no_comments: self.no_comments,
            no_publications: self.no_publications,
            no_subscriptions: self.no_subscriptions,
            no_security_labels: self.no_security_labels,
            use_list,
        })
    }
}

/// A `--section` value, spelled as pg_restore spells it.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum SectionArg {
    PreData,
    Data,
    PostData,
}

impl From<SectionArg> for tusk::archive::Section {
    fn from(s: SectionArg) -> Self {
        match s {
            SectionArg::PreData => Self::PreData,
            SectionArg::Data => Self::Data,
            SectionArg::PostData => Self::PostData,
        }
    }
}

pub(crate) fn run(args: Args, bars: &indicatif::MultiProgress) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::List(a) => list(*a).map(|()| ExitCode::SUCCESS),
        Command::Dump(a) => crate::dump::run(*a, bars).map(|()| ExitCode::SUCCESS),
        Command::Restore(a) => crate::restore::run(*a, bars),
        Command::Clone(a) => crate::clone::run(*a, bars),
        Command::Demo(a) => crate::demo::run(*a, bars).map(|()| ExitCode::SUCCESS),
    }
}

fn list(a: ListArgs) -> anyhow::Result<()> {
    let archive = tusk::archive::Archive::open(&a.archive)?;
    let selection = a.selection.selection(a.create, archive.toc())?;
    write_listing(archive.toc(), &selection, a.file.as_deref())
}

/// Prints the `pg_restore -l` listing of the selected entries to `file`, or standard output.
pub(crate) fn write_listing(
    toc: &Toc,
    selection: &Selection,
    file: Option<&Path>,
) -> anyhow::Result<()> {
    let text = tusk::archive::listing::listing(toc, selection);
    match file {
        Some(path) => fs_write(path, text.as_bytes())
            .with_context(|| format!("could not write the listing to \"{}\"", path.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}

fn fs_write(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}
