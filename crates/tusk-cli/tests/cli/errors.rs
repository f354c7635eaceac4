//! Bad input gives one clear error line and a non-zero exit, never a panic.

use crate::tusk;

/// Asserts a failed run with exactly one line on stderr containing every `needle`.
fn assert_one_line_error(args: &[&str], needles: &[&str]) {
    let out = tusk(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit code for {args:?}; stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    assert!(stderr.starts_with("tusk: error: "), "{stderr}");
    for n in needles {
        assert!(stderr.contains(n), "{stderr:?} lacks {n:?}");
    }
    assert!(out.stdout.is_empty(), "output despite the error");
}

#[test]
fn list_of_a_missing_directory() {
    assert_one_line_error(&["list", "/nonexistent/archive"], &["/nonexistent/archive"]);
}

#[test]
fn list_of_a_directory_without_toc() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    assert_one_line_error(&["list", path], &[path, "toc.dat"]);
}

#[test]
fn list_of_a_truncated_toc_names_file_and_offset() {
    let dir = tempfile::tempdir().unwrap();
    let toc = fs_err::read(tusk_tests::fixture("tiny-pg15-none").join("toc.dat")).unwrap();
    fs_err::write(dir.path().join("toc.dat"), &toc[..toc.len() / 2]).unwrap();
    let path = dir.path().to_str().unwrap();
    assert_one_line_error(&["list", path], &["toc.dat", "offset"]);
}

#[test]
fn list_of_a_file_that_is_not_an_archive() {
    let dir = tempfile::tempdir().unwrap();
    fs_err::write(dir.path().join("toc.dat"), b"this is not an archive").unwrap();
    let path = dir.path().to_str().unwrap();
    assert_one_line_error(&["list", path], &["toc.dat"]);
}

// Globals dumps (no server needed: these fail before connecting).

/// A connection that must never be tried: the errors below come first.
const NOWHERE: &str = "host=/nonexistent/socket port=1 user=nobody dbname=postgres";

#[test]
fn globals_dump_into_a_non_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    fs_err::write(dir.path().join("keep"), b"x").unwrap();
    let path = dir.path().to_str().unwrap();
    assert_one_line_error(
        &["dump", "--globals-only", "-d", NOWHERE, "-f", path],
        &[path, "not empty"],
    );
    assert_eq!(fs_err::read_dir(dir.path()).unwrap().count(), 1, "something was written");
}

#[test]
fn globals_restore_without_or_with_a_broken_model() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    // No tusk-globals.json (an interrupted dump leaves only globals.sql).
    fs_err::write(dir.path().join("globals.sql"), b"SELECT 1;\n").unwrap();
    assert_one_line_error(
        &["restore", "--globals-only", "-d", NOWHERE, path],
        &[path, "holds no tusk-globals.json"],
    );
    let model = dir.path().join("tusk-globals.json");
    fs_err::write(&model, b"{\"format\": \"tusk-globals\", \"version\": 1, \"roles\": [").unwrap();
    assert_one_line_error(&["restore", "-d", NOWHERE, path], &["tusk-globals.json", "line 1"]);
    fs_err::write(&model, b"{\"format\": \"something else\", \"version\": 1}").unwrap();
    assert_one_line_error(
        &["restore", "-g", "-d", NOWHERE, path],
        &["tusk-globals.json", "format"],
    );
    fs_err::write(&model, b"{\"format\": \"tusk-globals\", \"version\": 99}").unwrap();
    assert_one_line_error(&["restore", "-g", "-d", NOWHERE, path], &["version 99"]);
    fs_err::write(&model, b"[1, 2]").unwrap();
    assert_one_line_error(&["restore", "-g", "-d", NOWHERE, path], &["tusk-globals.json"]);
}

#[test]
fn globals_restore_refuses_archive_options() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_str().unwrap();
    fs_err::write(dir.path().join("tusk-globals.json"), b"{}").unwrap();
    assert_one_line_error(&["restore", "-C", "-d", NOWHERE, path], &["-C/--create", "globals"]);
    assert_one_line_error(&["restore", "-g", "-j", "2", "-d", NOWHERE, path], &["-j/--jobs"]);
    assert_one_line_error(&["restore", "-g", path], &["-d/--dbname"]);
    assert_one_line_error(
        &["restore", "-g", "--tablespace-mapping", "/a", "-d", NOWHERE, path],
        &["OLD=NEW"],
    );
    // The globals options on an archive.
    let archive = tusk_tests::fixture("tiny-pg15-none");
    assert_one_line_error(
        &["restore", "--no-role-passwords", "-d", NOWHERE, archive.to_str().unwrap()],
        &["--globals-only"],
    );
}

#[test]
fn globals_dump_options_need_globals_only() {
    let out = tusk(&["dump", "--no-role-passwords", "-d", NOWHERE, "-f", "/tmp/x"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let out = tusk(&["dump", "-g", "-s", "-d", NOWHERE, "-f", "/tmp/x"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}
