//! `tusk list` against stock `pg_restore -l` of version 18 (`scripts/pg-install` installs it),
//! for archives of pg_dump 15, 16 and 18 and of the installed pg_dump.

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

/// pg_restore's selection options under which the listings must agree.
const SELECTION_SETS: &[&[&str]] = &[
    &["--section", "pre-data"],
    &["--section", "data"],
    &["--section", "post-data"],
    &["--section", "pre-data", "--section", "data"],
    &["--section", "data", "--section", "post-data"],
    &["--section", "pre-data", "--section", "post-data"],
    &["-n", "s1"],
    &["-N", "s1"],
    &["-t", "parent"],
    &["-t", "parent", "-t", "child"],
    &["-I", "parent_name_idx"],
    &["-P", "f(integer)"],
    // pg_dump 15 tags a trigger "<table> <trigger>": `-T tr` selects nothing, in both.
    &["-T", "tr"],
    &["-T", "parent tr"],
    &["-x"],
    &["--no-comments"],
    &["--no-publications"],
    &["--no-subscriptions", "--no-security-labels"],
    &["-n", "s1", "-t", "parent"],
    &["-s", "-n", "s1"],
    &["-a", "-t", "big"],
    &["-C", "-n", "s1"],
];

/// `tusk list` and `pg_restore -l` agree under every selection set; for the rich database,
/// which has an object for each, each listing selects something (but for `-T tr`).
fn assert_selections_same_as_pg_restore(archive: &Path, rich: bool) {
    let cluster = Cluster::shared();
    for opts in SELECTION_SETS {
        let ours = without_creation_time(&tusk_list(archive, opts));
        let theirs = without_creation_time(&pg_restore_list(cluster, archive, opts));
        assert_eq!(ours, theirs, "listing of {} with {opts:?} differs", archive.display());
        if rich && *opts != ["-T", "tr"] {
            assert!(ours.lines().any(|l| !l.starts_with(';')), "empty listing for {opts:?}");
        }
    }
}

#[test]
fn selections_match_pg_restore_for_1_14_fixtures() {
    assert_selections_same_as_pg_restore(&fixture("tiny-pg15-none"), false);
    assert_selections_same_as_pg_restore(&fixture("rich-pg15-none"), true);
}

#[test]
fn selections_match_pg_restore_for_a_fresh_pg_dump_archive() {
    let cluster = Cluster::shared();
    let rich = cluster.create_database();
    load_sql_fixture(&rich, "rich.sql");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rich");
    pg_dump_dir(&rich, &out, &["-Z0"]);
    assert_selections_same_as_pg_restore(&out, true);
}

/// An edited listing: every fourth entry commented out, and the comment on `s1.parent` moved
/// before the table (which a selective restore then skips, as pg_restore does).
fn edited_listing(listing: &str) -> String {
    let mut lines: Vec<String> = listing.lines().map(str::to_owned).collect();
    let find = |lines: &[String], needle: &str| {
        lines.iter().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("no {needle}"))
    };
    let table = find(&lines, " TABLE s1 parent ");
    let comment = find(&lines, " COMMENT s1 TABLE parent ");
    assert!(table < comment);
    lines.swap(table, comment);
    let mut n = 0;
    for (i, line) in lines.iter_mut().enumerate() {
        if line.starts_with(';') || i == table || i == comment {
            continue;
        }
        n += 1;
        if n % 4 == 0 {
            line.insert(0, ';');
        }
    }
    lines.iter().map(|l| format!("{l}\n")).collect()
}

#[test]
fn use_list_selects_and_orders_as_pg_restore_does() {
    for name in ["rich-pg15-none", "rich-pg18-stats"] {
        use_list_selects_and_orders_as_pg_restore_does_for(name);
    }
}

fn use_list_selects_and_orders_as_pg_restore_does_for(name: &str) {
    let cluster = Cluster::shared();
    let dir = tempfile::tempdir().unwrap();
    let archive = fixture(name);
    let file = dir.path().join("edited.list");
    fs_err::write(&file, edited_listing(&tusk_list(&archive, &[]))).unwrap();
    let file = file.to_str().unwrap();
    for extra in [&[][..], &["-n", "s1"], &["--section", "pre-data"], &["-x", "-t", "parent"]] {
        let mut opts = vec!["-L", file];
        opts.extend_from_slice(extra);
        let ours = without_creation_time(&tusk_list(&archive, &opts));
        let theirs = without_creation_time(&pg_restore_list(cluster, &archive, &opts));
        assert_eq!(ours, theirs, "listing with {opts:?} differs");
        assert!(ours.lines().any(|l| !l.starts_with(';')), "empty listing for {opts:?}");
    }
    // The swap shows in the output order.
    let ours = tusk_list(&archive, &["-L", file]);
    let comment = ours.find(" COMMENT s1 TABLE parent ").unwrap();
    assert!(comment < ours.find(" TABLE s1 parent ").unwrap());
}

#[test]
fn a_malformed_use_list_line_is_a_one_line_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let archive = fixture("tiny-pg15-none");
    let file = dir.path().join("bad.list");
    fs_err::write(&file, ";\n; a comment\n\nabc; 0 0 TABLE public t alice\n").unwrap();
    let out = tusk(&["list", "-L", file.to_str().unwrap(), archive.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(file.to_str().unwrap()) && err.contains("line 4"), "{err}");
    // An id the archive does not have is refused too.
    fs_err::write(&file, "; header\n999999; x\n").unwrap();
    let out = tusk(&["list", "-L", file.to_str().unwrap(), archive.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("line 2") && err.contains("999999"), "{err}");
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

/// Newer archives (1.15, 1.16, with lz4 and zstd too: pg_restore 18 lists what it cannot
/// decompress) against pg_restore 18, under every option and selection set.
#[test]
fn list_of_newer_archives_matches_pg_restore_18() {
    for name in FIXTURES_NEWER {
        assert_same_as_pg_restore(&fixture(name));
    }
    assert_selections_same_as_pg_restore(&fixture("rich-pg18-none"), true);
    assert_selections_same_as_pg_restore(&fixture("rich-pg18-stats"), true);
    assert_selections_same_as_pg_restore(&fixture("rich-pg16-gzip"), true);
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
