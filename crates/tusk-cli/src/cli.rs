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
    List(ListArgs),
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
}

pub(crate) fn run(args: Args, bars: &indicatif::MultiProgress) -> anyhow::Result<()> {
    match args.command {
        Command::List(a) => list(a),
        Command::Dump(a) => crate::dump::run(*a, bars),
    }
}

fn list(a: ListArgs) -> anyhow::Result<()> {
    let archive = tusk::archive::Archive::open(&a.archive)?;
    let selection = tusk::archive::listing::Selection {
        create: a.create,
        schema_only: a.schema_only,
        data_only: a.data_only,
        ..Default::default()
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
