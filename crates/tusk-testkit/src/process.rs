//! The one place in the workspace's libraries that starts other programs.
//!
//! The engine crates are forbidden to spawn processes (`clippy.toml` disallows
//! `Command::new`); the test kit is the exception, because tests drive real servers and use the
//! stock tools as oracles.

use std::ffi::OsStr;
use std::process::Command;

/// A new [`Command`] for `program`.
#[allow(clippy::disallowed_methods)]
pub fn command(program: impl AsRef<OsStr>) -> Command {
    Command::new(program)
}

/// The effective user id of this process.
pub(crate) fn euid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    #[allow(unsafe_code)]
    unsafe {
        libc::geteuid()
    }
}

/// Whether a process with this id is alive (or exists under another user).
pub(crate) fn pid_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    // SAFETY: kill with signal 0 only checks for existence and permission.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Registers `f` to run when the process exits normally (also after failed tests: the test
/// harness ends with `exit`).
pub(crate) fn at_exit(f: extern "C" fn()) {
    // SAFETY: `f` is a plain function without captured state.
    #[allow(unsafe_code)]
    unsafe {
        libc::atexit(f);
    }
}
