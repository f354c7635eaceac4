//! Tests of the `tusk` binary: one test executable, a module per subcommand.

mod cli;

use std::process::{Command, Output};

/// Runs the `tusk` binary built for this test run, with a clean `PG*` environment.
pub(crate) fn tusk(args: &[&str]) -> Output {
    let mut cmd = tusk_testkit::command(env!("CARGO_BIN_EXE_tusk"));
    scrub_env(&mut cmd);
    cmd.args(args).output().expect("running tusk")
}

pub(crate) fn scrub_env(cmd: &mut Command) {
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        if k.starts_with("PG") || k.starts_with("TUSK_LOG") {
            cmd.env_remove(k);
        }
    }
}
