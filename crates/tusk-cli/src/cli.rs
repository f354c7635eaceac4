//! Argument parsing and dispatch for the `tusk` subcommands.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

/// Native PostgreSQL dump and restore tooling for pg_dump directory archives.
///
/// This version dumps databases (`tusk dump`) and inspects archives (`tusk list`); `restore`
/// is being built.
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

    /// List only the entries with a schema part.
    #[arg(short = 's', long, conflicts_with = "data_only")]
    schema_only: bool,

    /// List only the entries with a data part.
    #[arg(short = 'a', long)]
    data_only: bool,

    /// List only the entries of this section (pre-data, data or post-data); repeatable.
    #[arg(long = "section", value_name = "SECTION")]
    sections: Vec<SectionArg>,

    /// List only objects in this schema (exact name); repeatable.
    #[arg(short = 'n', long = "schema", value_name = "NAME")]
    schemas: Vec<String>,

    /// List no objects in this schema (exact name); repeatable.
    #[arg(short = 'N', long = "exclude-schema", value_name = "NAME")]
    exclude_schemas: Vec<String>,

    /// List only this table, view, materialized view, foreign table or sequence; repeatable.
    #[arg(short = 't', long = "table", value_name = "NAME")]
    tables: Vec<String>,

    /// List only this index; repeatable.
    #[arg(short = 'I', long = "index", value_name = "NAME")]
    indexes: Vec<String>,

    /// List only this function, as `name(argument types)`; repeatable.
    #[arg(short = 'P', long = "function", value_name = "NAME(ARGS)")]
    functions: Vec<String>,

    /// List only this trigger; repeatable.
    #[arg(short = 'T', long = "trigger", value_name = "NAME")]
    triggers: Vec<String>,

    /// List no privileges (ACL entries).
    #[arg(short = 'x', long = "no-privileges", visible_alias = "no-acl")]
    no_privileges: bool,

    /// List no comments.
    #[arg(long)]
    no_comments: bool,

    /// List no publications.
    #[arg(long)]
    no_publications: bool,

    /// List no security labels.
    #[arg(long)]
    no_security_labels: bool,

    /// List no subscriptions.
    #[arg(long)]
    no_subscriptions: bool,

    /// List only the entries in this file (an edited listing), in the file's order.
    #[arg(short = 'L', long = "use-list", value_name = "FILE")]
    use_list: Option<PathBuf>,
}

/// A `--section` value, spelled as pg_restore spells it.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SectionArg {
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

pub(crate) fn run(args: Args, bars: &indicatif::MultiProgress) -> anyhow::Result<()> {
    match args.command {
        Command::List(a) => list(*a),
        Command::Dump(a) => crate::dump::run(*a, bars),
    }
}

fn list(a: ListArgs) -> anyhow::Result<()> {
    let archive = tusk::archive::Archive::open(&a.archive)?;
    let use_list = match &a.use_list {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("could not read the list file \"{}\"", path.display()))?;
            let list = tusk::archive::listing::UseList::parse(&text)
                .and_then(|l| l.check(archive.toc()).map(|()| l))
                .with_context(|| format!("in the list file \"{}\"", path.display()))?;
            Some(list)
        }
    };
    let selection = tusk::archive::listing::Selection {
        create: a.create,
        schema_only: a.schema_only,
        data_only: a.data_only,
        no_statistics: false,
        sections: a.sections.into_iter().map(Into::into).collect(),
        schemas: a.schemas,
        exclude_schemas: a.exclude_schemas,
        tables: a.tables,
        indexes: a.indexes,
        functions: a.functions,
        triggers: a.triggers,
        no_privileges: a.no_privileges,
        no_comments: a.no_comments,
        no_publications: a.no_publications,
        no_subscriptions: a.no_subscriptions,
        no_security_labels: a.no_security_labels,
        use_list,
    };
    let text = tusk::archive::listing::listing(archive.toc(), &selection);
    match a.file {
        Some(path) => fs_write(&path, text.as_bytes())
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
