//! The pg_dump fixture archives shared by the tests (`shared/fixtures/pg_dump-archives`).

use std::path::{Path, PathBuf};

/// The directory of the pg_dump fixture archives: `TUSK_FIXTURES`, or
/// `shared/fixtures/pg_dump-archives` beside the repository. Panics when it is missing: the
/// fixtures are not optional, and a test without them must fail rather than pass vacuously.
pub fn fixtures_dir() -> PathBuf {
    let dir = match std::env::var_os("TUSK_FIXTURES") {
        Some(d) => PathBuf::from(d),
        None => {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures/pg_dump-archives")
        }
    };
    assert!(
        dir.join("README.md").is_file(),
        "pg_dump fixture archives not found at {}: check out shared/ beside the repository or \
         set TUSK_FIXTURES to their directory",
        dir.display()
    );
    dir
}

/// One fixture archive directory by name (e.g. `rich-pg15-none`); panics if it has no
/// `toc.dat`.
pub fn fixture(name: &str) -> PathBuf {
    let dir = fixtures_dir().join(name);
    assert!(dir.join("toc.dat").is_file(), "fixture {} has no toc.dat", dir.display());
    dir
}
