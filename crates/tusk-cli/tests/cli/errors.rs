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
