//! Dump one database into a directory archive and restore the archive into another, with the
//! `tusk` library: [`tusk::dump::dump_database`] then [`tusk::restore::restore_archive`], each
//! with a progress callback.
//!
//! ```sh
//! cargo run -p tusk --example dump_and_restore -- SOURCE TARGET ARCHIVE_DIR
//! cargo run -p tusk --example dump_and_restore -- \
//!     "postgres://me@localhost/app" "host=/var/run/postgresql dbname=app_copy" /tmp/app.dump
//! ```
//!
//! SOURCE and TARGET are connection strings (URIs or `key=value`), completed from the `PG*`
//! environment variables and `~/.pgpass` as libpq would. ARCHIVE_DIR must not exist (or be
//! empty); TARGET must be an existing, empty database. The dump copies data on 4 connections,
//! the restore loads data and builds indexes on 4 sessions. Exit status: 0 when everything was
//! restored, 1 on an error or a failed statement, 3 when statements were only skipped for lack
//! of privilege (as `tusk restore`).

// An example program reports on its terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;

use tusk::dump::DumpDatabaseOptions;
use tusk::pg::ConnectionSettings;
use tusk::restore::RestoreOptions;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [source, target, archive] = args.as_slice() else {
        eprintln!("usage: dump_and_restore SOURCE TARGET ARCHIVE_DIR");
        return ExitCode::from(2);
    };
    match run(source, target, archive).await {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run(source: &str, target: &str, archive: &str) -> Result<u8, Box<dyn std::error::Error>> {
    // Dump: pg_dump's defaults (zstd data files, everything) with 4 connections.
    let mut dump = DumpDatabaseOptions::new(ConnectionSettings::parse(source)?, archive);
    dump.jobs = 4;
    let dump_progress = tusk::dump::Progress::new(|event| match event {
        tusk::dump::ProgressEvent::Planned { tables, .. } => {
            println!("dump: {tables} tables to copy");
        }
        tusk::dump::ProgressEvent::TableDone { dump_id, rows, uncompressed_bytes, .. } => {
            println!("dump: table data {dump_id} done: {rows} rows, {uncompressed_bytes} bytes");
        }
        _ => {}
    });
    let dumped = Box::pin(tusk::dump::dump_database(&dump, Some(dump_progress))).await?;
    println!(
        "dumped {} entries, {} tables, {} rows into {archive}",
        dumped.entries, dumped.tables, dumped.rows
    );
    for object in &dumped.not_covered {
        let schema = object.schema.as_deref().map(|s| format!("{s}.")).unwrap_or_default();
        println!("not dumped: {} {schema}{}", object.kind, object.name);
    }

    // Restore: 4 sessions, indexes built and tables analyzed as soon as their data is in.
    let mut restore = RestoreOptions::new(ConnectionSettings::parse(target)?, archive);
    restore.jobs = 4;
    let restore_progress = tusk::restore::Progress::new(|event| match event {
        tusk::restore::ProgressEvent::Planned { tables, steps, .. } => {
            println!("restore: {tables} tables to load, {steps} steps after the data");
        }
        tusk::restore::ProgressEvent::TableDone { dump_id, rows } => {
            println!("restore: table data {dump_id} loaded: {rows} rows");
        }
        _ => {}
    });
    let summary =
        Box::pin(tusk::restore::restore_archive(&restore, Some(restore_progress))).await?;
    println!(
        "restored {} entries into \"{}\": {} tables, {} rows, {} bytes, {} analyzed, in {:.1?}",
        summary.entries,
        summary.database,
        summary.tables,
        summary.rows,
        summary.bytes,
        summary.analyzed,
        summary.elapsed
    );
    for failure in &summary.errors {
        println!("failed: {failure}");
    }
    for failure in &summary.skipped {
        println!("skipped: {failure}");
    }
    Ok(if !summary.errors.is_empty() {
        1
    } else if !summary.skipped.is_empty() {
        3
    } else {
        0
    })
}
