//! `tusk list` against stock `pg_restore -l`, and against stored listings for archives that
//! the installed pg_restore cannot read.

use std::path::Path;

use tusk_testkit::Cluster;
use tusk_tests::{
    FIXTURES_1_14, FIXTURES_NEWER, fixture, load_sql_fixture, pg_dump_dir, pg_restore_list,
    without_creation_time,
};

use crate::tusk;

/// Runs `tusk list` with `extra` options and returns its standard output.
fn tusk_list(archive: &Path, extra: &[&str]) -> String {
    let mut args = vec!["list"];
    args.extend_from_slice(extra);
    args.push(archive.to_str().unwrap());
    let out = tusk(&args);
    assert!(out.status.success(), "tusk list failed: {}", String::from_utf8_lossy(&out.stderr));
    assert!(
        out.stderr.is_empty(),
        "tusk list wrote to stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The option sets under which the listings must agree.
const OPTION_SETS: &[&[&str]] = &[&[], &["-C"], &["-s"], &["-a"]];

fn assert_same_as_pg_restore(archive: &Path) {
    let cluster = Cluster::shared();
    for opts in OPTION_SETS {
        let ours = without_creation_time(&tusk_list(archive, opts));
        let theirs = without_creation_time(&pg_restore_list(cluster, archive, opts));
        assert_eq!(ours, theirs, "listing of {} with {opts:?} differs", archive.display());
        // A listing that lists nothing proves nothing.
        assert!(ours.lines().any(|l| !l.starts_with(';')), "empty listing for {opts:?}");
    }
}

#[test]
fn list_matches_pg_restore_for_each_1_14_fixture() {
    for name in FIXTURES_1_14 {
        assert_same_as_pg_restore(&fixture(name));
    }
}

#[test]
fn list_matches_pg_restore_for_fresh_pg_dump_archives() {
    let cluster = Cluster::shared();
    let rich = cluster.create_database();
    load_sql_fixture(&rich, "rich.sql");
    let tiny = cluster.create_database();
    load_sql_fixture(&tiny, "tiny.sql");
    let dir = tempfile::tempdir().unwrap();
    for (db, label) in [(&rich, "rich"), (&tiny, "tiny")] {
        for (opts, variant) in
            [(&["-Z0"][..], "none"), (&[][..], "gzip"), (&["-j", "2", "-Z", "1"][..], "j2")]
        {
            let out = dir.path().join(format!("{label}-{variant}"));
            pg_dump_dir(db, &out, opts);
            assert_same_as_pg_restore(&out);
        }
    }
}

/// Newer archives (1.15, 1.16) are checked against listings stored beside this test, made by
/// this implementation and reviewed against the fixtures' `rich.sql` (pg_restore 16+, which
/// prints the same format, is not installed here). `TUSK_BLESS=1` rewrites them.
#[test]
fn list_of_newer_archives_matches_the_stored_listings() {
    let expected_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected");
    for name in FIXTURES_NEWER {
        let ours = without_creation_time(&tusk_list(&fixture(name), &[]));
        let path = expected_dir.join(format!("{name}.list"));
        if std::env::var_os("TUSK_BLESS").is_some() {
            fs_err::write(&path, &ours).unwrap();
        }
        let expected = fs_err::read_to_string(&path).unwrap();
        assert_eq!(ours, expected, "listing of {name} differs from {}", path.display());
    }
}

#[test]
fn list_of_a_1_16_archive_shows_its_version_and_compression() {
    let text = tusk_list(&fixture("rich-pg18-zstd"), &[]);
    assert!(text.contains(";     Compression: zstd\n;     Dump Version: 1.16-0\n"), "{text}");
    assert!(text.contains(" BLOB METADATA - 16608 "), "{text}");
    let text = tusk_list(&fixture("rich-pg16-lz4"), &[]);
    assert!(text.contains(";     Compression: lz4\n;     Dump Version: 1.15-0\n"), "{text}");
    let text = tusk_list(&fixture("rich-pg18-stats"), &[]);
    assert!(text.contains(" STATISTICS DATA s1 parent "), "{text}");
}

#[test]
fn list_writes_to_a_file_with_dash_f() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("toc.list");
    let archive = fixture("tiny-pg15-none");
    let out = tusk(&["list", "-f", file.to_str().unwrap(), archive.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    assert_eq!(fs_err::read_to_string(&file).unwrap(), tusk_list(&archive, &[]));
}
