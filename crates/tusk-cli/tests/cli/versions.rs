//! PostgreSQL 13–18 on both sides (issue 7): the dump tests' fixture database round-trips
//! through `tusk dump` and `tusk restore` on every major; moves from an older major to a newer
//! one (dump + restore, and `tusk clone`) give the source's schema and rows; tusk's archives
//! and pg_dump 18's interoperate with pg_restore 18.
//!
//! The majors come from `scripts/pg-install` (13, 14, 16, 17, 18) and the machine (15). A
//! missing one fails the test with the command that installs it: nothing is skipped.
//!
//! Schemas are compared with `pg_dump --schema-only` of the client the test kit gives the
//! target's major (pg_dump 15 for 13–15, pg_dump 18 for 16–18), run against both sides; only
//! the "Dumped from database version" line is left out, since the servers differ in it by
//! design. Rows by ordered checksums of every table plus the sequences' state.

use std::path::{Path, PathBuf};

use tusk_testkit::{Cluster, TestDatabase};
use tusk_tests::{assert_same_text, check, pg_restore_18, table_checksums};

use crate::cli::dump::{contents, source};
use crate::tusk;

/// `pg_dump --schema-only` of `db` by the given pg_dump, without the lines that name the
/// server's version and without pg_dump 15.14+/18's random `\restrict` key.
fn schema_by(pg_dump: &Path, db: &TestDatabase<'_>) -> String {
    let out = db
        .cluster()
        .tool_at(pg_dump)
        .args(["--no-sync", "--schema-only", db.name()])
        .output()
        .expect("running pg_dump");
    check(&format!("{} --schema-only", pg_dump.display()), &out)
        .lines()
        .filter(|l| {
            !l.starts_with("-- Dumped from database version")
                && !l.starts_with("\\restrict ")
                && !l.starts_with("\\unrestrict ")
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The pg_dump the test kit uses for a server of `major`.
fn pg_dump_for(major: u32) -> PathBuf {
    tusk_testkit::Installation::client_program(major, "pg_dump").unwrap_or_else(|e| panic!("{e}"))
}

fn dump(db: &TestDatabase<'_>, dir: &Path, extra: &[&str]) {
    let conninfo = db.conninfo();
    let mut args = vec!["dump", "--no-sync", "-d", &conninfo, "-f", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    check("tusk dump", &tusk(&args));
}

fn restore(db: &TestDatabase<'_>, dir: &Path, extra: &[&str]) {
    let conninfo = db.conninfo();
    let mut args = vec!["restore", "-d", &conninfo];
    args.extend_from_slice(extra);
    args.push(dir.to_str().unwrap());
    check("tusk restore", &tusk(&args));
}

/// Schema (by the target major's pg_dump) and rows of `dst` equal `src`'s.
fn assert_same_database(src: &TestDatabase<'_>, dst: &TestDatabase<'_>, what: &str) {
    let pg_dump = pg_dump_for(dst.cluster().major());
    let (want, got) = (schema_by(&pg_dump, src), schema_by(&pg_dump, dst));
    assert!(want.contains("CREATE TABLE public.big"), "{what}: {want}");
    assert_same_text(&got, &want, &format!("{what}: schema"));
    assert_eq!(table_checksums(dst), table_checksums(src), "{what}: rows differ");
    assert_eq!(contents(dst), contents(src), "{what}: rows or sequences differ");
}

/// The fixture on `major`, dumped with tusk (zstd, -j 2) and restored with tusk (-j 2) into a
/// fresh database of the same server.
fn round_trip_on(major: u32) {
    let cluster = Cluster::shared_major(major);
    let src = source(cluster);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a");
    dump(&src, &dir, &["-j", "2"]);
    let dst = cluster.create_database();
    restore(&dst, &dir, &["-j", "2"]);
    assert_same_database(&src, &dst, &format!("PostgreSQL {major}"));
}

#[test]
fn round_trip_on_13() {
    round_trip_on(13);
}

#[test]
fn round_trip_on_14() {
    round_trip_on(14);
}

#[test]
fn round_trip_on_15() {
    round_trip_on(15);
}

#[test]
fn round_trip_on_16() {
    round_trip_on(16);
}

#[test]
fn round_trip_on_17() {
    round_trip_on(17);
}

#[test]
fn round_trip_on_18() {
    round_trip_on(18);
}

/// The fixture on `from`, moved to `to` twice: `tusk dump` + `tusk restore`, and `tusk clone`.
fn move_between(from: u32, to: u32) {
    let (source_cluster, target) = (Cluster::shared_major(from), Cluster::shared_major(to));
    let src = source(source_cluster);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a");
    dump(&src, &dir, &["-j", "2"]);
    let dst = target.create_database();
    restore(&dst, &dir, &["-j", "2"]);
    assert_same_database(&src, &dst, &format!("dump of {from} restored into {to}"));

    let dst = target.create_database();
    let (s, d) = (src.conninfo(), dst.conninfo());
    check("tusk clone", &tusk(&["clone", "-q", "-j", "2", "--source", &s, "--target", &d]));
    assert_same_database(&src, &dst, &format!("clone from {from} to {to}"));
}

#[test]
fn moves_from_13_to_15() {
    move_between(13, 15);
}

#[test]
fn moves_from_13_to_18() {
    move_between(13, 18);
}

#[test]
fn moves_from_15_to_16() {
    move_between(15, 16);
}

#[test]
fn moves_from_15_to_18() {
    move_between(15, 18);
}

#[test]
fn moves_from_16_to_17() {
    move_between(16, 17);
}

#[test]
fn moves_from_17_to_18() {
    move_between(17, 18);
}

/// A tusk archive (none, gzip) restored by pg_restore 18 into an 18 server, and an archive of
/// pg_dump 18 (none, gzip) restored by tusk: the source's schema and rows. `tusk list` of
/// each archive is pg_restore 18's listing of it.
#[test]
fn archives_interoperate_with_pg_dump_and_pg_restore_18() {
    let cluster = Cluster::shared_major(18);
    let src = source(cluster);
    let pg_restore = pg_restore_18();
    let pg_dump = pg_dump_for(18);
    let tmp = tempfile::tempdir().unwrap();
    for compress in ["none", "gzip"] {
        let ours = tmp.path().join(format!("tusk-{compress}"));
        dump(&src, &ours, &["-Z", compress]);
        let dst = cluster.create_database();
        let out = cluster
            .tool_at(&pg_restore)
            .args(["--exit-on-error", "-d", dst.name(), ours.to_str().unwrap()])
            .output()
            .expect("running pg_restore 18");
        check("pg_restore 18 of a tusk archive", &out);
        assert_same_database(&src, &dst, &format!("tusk -Z {compress} → pg_restore 18"));

        let theirs = tmp.path().join(format!("pg_dump-{compress}"));
        let out = cluster
            .tool_at(&pg_dump)
            .args(["--no-sync", "-Fd", "-Z", compress, "-f", theirs.to_str().unwrap()])
            .arg(src.name())
            .output()
            .expect("running pg_dump 18");
        check("pg_dump 18", &out);
        let dst = cluster.create_database();
        restore(&dst, &theirs, &["-j", "2"]);
        assert_same_database(&src, &dst, &format!("pg_dump 18 -Z {compress} → tusk"));

        for archive in [&ours, &theirs] {
            let listing = |out: std::process::Output| {
                check("listing", &out)
                    .lines()
                    .filter(|l| !l.starts_with("; Archive created at "))
                    .map(|l| format!("{l}\n"))
                    .collect::<String>()
            };
            let want = listing(
                tusk_testkit::command(&pg_restore).arg("-l").arg(archive).output().unwrap(),
            );
            let got = listing(tusk(&["list", archive.to_str().unwrap()]));
            assert!(want.contains(" TABLE DATA public big "), "{want}");
            assert_eq!(got, want, "tusk list of {}", archive.display());
        }
    }
}
