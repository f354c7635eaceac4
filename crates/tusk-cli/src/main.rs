//! The `tusk` command. It only parses arguments, sets up logging, calls the `tusk` library and
//! turns errors into one readable line and an exit code.
//!
//! Exit codes: 0 success; 1 an error (a fatal one, or with `tusk restore` any statement that
//! failed); 2 bad arguments (clap's); 3 `tusk restore` completed but skipped statements the
//! target refused for lack of privilege (or pg_dump 18 statistics an older server cannot
//! take). A subcommand returns its code from `cli::run`.

mod cli;
mod clone;
mod connection;
mod demo;
mod dump;
mod restore;

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let bars = indicatif::MultiProgress::new();
    init_tracing(args.verbose, bars.clone());
    match cli::run(args, &bars) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`tusk list DIR | head`) is not an error worth a message.
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "tusk: error: {}", one_line(&err));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, each cause once.
fn one_line(err: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ").replace('\n', " ")
}

/// Log output to standard error, printed between progress bar redraws so neither tears the
/// other: one event is gathered, then written inside `MultiProgress::suspend`.
struct LogWriter {
    bars: indicatif::MultiProgress,
    buf: Vec<u8>,
}

impl std::io::Write for LogWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for LogWriter {
    fn drop(&mut self) {
        if !self.buf.is_empty() {
            let buf = std::mem::take(&mut self.buf);
            self.bars.suspend(|| {
                let _ = std::io::stderr().write_all(&buf);
            });
        }
    }
}

fn init_tracing(verbose: u8, bars: indicatif::MultiProgress) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("TUSK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(move || LogWriter { bars: bars.clone(), buf: Vec::new() })
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .without_time()
        .init();
}
