//! Large objects in `tusk dump`: the same BLOB, COMMENT/ACL on LARGE OBJECT and BLOBS entries
//! as stock pg_dump 15, restored by stock pg_restore with the same bytes, comments and
//! privileges; `-B`, `-s`, `-n` and `-b` as in pg_dump.
//!
//! On a server of 16 or newer the stock pg_dump is 18's, which groups large objects into
//! `BLOB METADATA` and `BLOBS` entries of OID ranges (archive 1.16); tusk writes one `BLOB`
//! entry per object, which every pg_restore reads. There the comparison is of what the
//! entries say: the same objects (the OIDs of the blobs*.toc files), the same comment, ACL
//! and other entries.

use std::path::Path;

use tusk_testkit::{Cluster, TestDatabase};
use tusk_tests::{check, pg_dump_dir, pg_restore_into, pg_restore_list};

use crate::tusk;

/// OIDs chosen so that their text order (pg_dump's TOC order) differs from their value order.
const SOURCE_SQL: &str = r#"
DO $$ BEGIN CREATE ROLE lo_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
CREATE TABLE public.t (id int PRIMARY KEY, v text);
INSERT INTO public.t SELECT g, 'v' || g FROM generate_series(1, 100) g;
CREATE SEQUENCE public.s;
SELECT pg_catalog.lo_from_bytea(700001, ''::bytea);
SELECT pg_catalog.lo_from_bytea(80002, 'small ''large'' object'::bytea);
WITH b AS (
    SELECT string_agg(decode(lpad(to_hex(g), 2, '0'), 'hex'), ''::bytea ORDER BY g) AS v
    FROM generate_series(0, 255) g
)
SELECT pg_catalog.lo_from_bytea(90003,
    (SELECT string_agg(b.v, ''::bytea) FROM b, generate_series(1, 12291)) || '\x00ff'::bytea);
COMMENT ON LARGE OBJECT 80002 IS 'a ''commented'' object';
GRANT SELECT ON LARGE OBJECT 90003 TO lo_reader;
"#;

/// The large objects' bytes, comments and privileges.
const STATE_SQL: &str = "SELECT oid, length(lo_get(oid)), md5(lo_get(oid)), \
     lomowner::regrole, lomacl, obj_description(oid, 'pg_largeobject') \
     FROM pg_largeobject_metadata ORDER BY oid";

fn tusk_dump(db: &TestDatabase<'_>, dir: &Path, extra: &[&str]) {
    let conninfo = db.conninfo();
    let mut args = vec!["dump", "--no-sync", "-d", &conninfo, "-f", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = tusk(&args);
    check("tusk dump", &out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("LARGE OBJECT"), "large objects reported as not dumped: {stderr}");
}

/// A listing's entry lines without their dump ids (`3528; 2613 16608 BLOB - 16608 postgres`
/// → `2613 16608 BLOB - 16608 postgres`).
fn entry_lines(listing: &str) -> Vec<String> {
    listing
        .lines()
        .filter(|l| !l.starts_with(';') && !l.trim().is_empty())
        .map(|l| l.split_once("; ").map_or(l, |(_, rest)| rest).to_owned())
        .collect()
}

fn lo_lines(lines: &[String]) -> Vec<&String> {
    lines.iter().filter(|l| l.contains("BLOB") || l.contains("LARGE OBJECT")).collect()
}

/// Whether `line` is a large object's definition or data entry (`BLOB`, `BLOB METADATA`,
/// `BLOBS`), which pg_dump 17+ groups and tusk does not.
fn is_blob_entry(line: &str) -> bool {
    [" BLOB ", " BLOB METADATA ", " BLOBS "].iter().any(|d| line.contains(d))
}

/// The entries as both layouts say them: without the BLOB/BLOB METADATA/BLOBS entries, whose
/// objects [`blob_oids`] compares, and sorted (pg_dump 17+ also moves the large objects'
/// comments and ACLs after the table data).
fn without_blob_entries(lines: &[String]) -> Vec<&String> {
    let mut kept: Vec<&String> = lines.iter().filter(|l| !is_blob_entry(l)).collect();
    kept.sort();
    kept
}

/// The OIDs of the large objects whose data an archive holds (its blobs*.toc files).
fn blob_oids(dir: &Path) -> std::collections::BTreeSet<u32> {
    let mut oids = std::collections::BTreeSet::new();
    for entry in fs_err::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.starts_with("blobs") && name.ends_with(".toc") {
            for line in fs_err::read_to_string(dir.join(&name)).unwrap().lines() {
                let oid = line.split_whitespace().next().unwrap();
                oids.insert(oid.parse().unwrap());
            }
        }
    }
    oids
}

/// Whether a stock listing groups large objects (pg_dump 17+: `BLOB METADATA` entries).
fn groups_blobs(lines: &[String]) -> bool {
    lines.iter().any(|l| l.contains(" BLOB METADATA "))
}

#[test]
fn large_objects_match_pg_dump_and_restore() {
    let cluster = Cluster::shared();
    let src = cluster.create_database();
    src.psql(SOURCE_SQL);
    let want_state = src.psql(STATE_SQL);
    assert!(want_state.contains("90003|3146498|"), "{want_state}");

    let tmp = tempfile::tempdir().unwrap();
    let stock = tmp.path().join("stock");
    pg_dump_dir(&src, &stock, &["-Z", "0"]);
    let want = entry_lines(&pg_restore_list(cluster, &stock, &[]));
    let want_lo = lo_lines(&want);
    let grouped = groups_blobs(&want);
    assert_eq!(want_lo.len(), 6, "{want:#?}");
    assert_eq!(blob_oids(&stock), [80002, 90003, 700001].into(), "stock pg_dump's objects");

    for compress in ["none", "gzip"] {
        let dir = tmp.path().join(compress);
        tusk_dump(&src, &dir, &["-Z", compress]);
        let listing = check("tusk list", &tusk(&["list", dir.to_str().unwrap()]));
        let got = entry_lines(&listing);
        assert_eq!(blob_oids(&dir), blob_oids(&stock), "-Z {compress}");
        if grouped {
            assert_eq!(without_blob_entries(&got), without_blob_entries(&want), "-Z {compress}");
        } else {
            assert_eq!(lo_lines(&got), want_lo, "-Z {compress}");
            // The whole entry sequence (so the places of BLOB and BLOBS too) is pg_dump's.
            assert_eq!(got, want, "-Z {compress}");
        }
        // Stock pg_restore agrees with our listing and restores the objects.
        assert_eq!(entry_lines(&pg_restore_list(cluster, &dir, &[])), got);
        let blobs_toc = fs_err::read_to_string(dir.join("blobs.toc")).unwrap();
        assert_eq!(
            blobs_toc,
            "80002 blob_80002.dat\n90003 blob_90003.dat\n700001 blob_700001.dat\n"
        );
        let dst = cluster.create_database();
        pg_restore_into(&dst, &dir, &[]);
        assert_eq!(dst.psql(STATE_SQL), want_state, "-Z {compress}");
    }

    // Data only: the large objects are data, with their comments and ACLs.
    let data_only = tmp.path().join("data-only");
    tusk_dump(&src, &data_only, &["-a", "-Z", "gzip"]);
    let stock_data_only = tmp.path().join("stock-data-only");
    pg_dump_dir(&src, &stock_data_only, &["-a"]);
    let want_data = entry_lines(&pg_restore_list(cluster, &stock_data_only, &[]));
    let got_data = entry_lines(&pg_restore_list(cluster, &data_only, &[]));
    assert_eq!(blob_oids(&data_only), blob_oids(&stock_data_only));
    if groups_blobs(&want_data) {
        assert_eq!(without_blob_entries(&got_data), without_blob_entries(&want_data));
    } else {
        assert_eq!(got_data, want_data);
    }
}

#[test]
fn large_object_selection_follows_pg_dump() {
    let cluster = Cluster::shared();
    let src = cluster.create_database();
    src.psql(SOURCE_SQL);
    let tmp = tempfile::tempdir().unwrap();
    for (name, extra, expected) in [
        ("no-blobs", &["-B"][..], false),
        ("schema-only", &["-s"][..], false),
        ("schema-only-b", &["-s", "-b"][..], false),
        ("selected", &["-n", "public"][..], false),
        ("selected-b", &["-n", "public", "-b"][..], true),
        ("both", &["-B", "-b"][..], true),
    ] {
        let dir = tmp.path().join(name);
        tusk_dump(&src, &dir, extra);
        let lines = entry_lines(&check("tusk list", &tusk(&["list", dir.to_str().unwrap()])));
        let lo = lo_lines(&lines);
        if expected {
            assert_eq!(lo.len(), 6, "{name}: {lo:#?}");
            assert!(dir.join("blobs.toc").exists(), "{name}");
        } else {
            assert!(lo.is_empty(), "{name}: {lo:#?}");
            assert!(!dir.join("blobs.toc").exists(), "{name}");
            assert!(!dir.join("blob_80002.dat").exists(), "{name}");
        }
        // Stock pg_dump writes the same large-object entries with the same switches.
        let stock = tmp.path().join(format!("stock-{name}"));
        pg_dump_dir(&src, &stock, extra);
        let want = entry_lines(&pg_restore_list(cluster, &stock, &[]));
        assert_eq!(blob_oids(&dir), blob_oids(&stock), "{name}");
        if groups_blobs(&want) {
            let other = |lines: &[&String]| -> Vec<String> {
                lines.iter().filter(|l| !is_blob_entry(l)).map(|l| l.to_string()).collect()
            };
            assert_eq!(other(&lo), other(&lo_lines(&want)), "{name}");
        } else {
            assert_eq!(lo, lo_lines(&want), "{name}");
        }
    }
}

/// Enough large objects for several batched reads (512 per query) and several pipelined
/// writes at once, of every size around the batched read's 32 KiB and the 1 MiB chunk, some
/// with another owner, a comment or a grant.
const MANY_SQL: &str = r#"
DO $$ BEGIN CREATE ROLE lo_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE "LO Owner"; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
SELECT pg_catalog.lo_from_bytea(0, CASE g % 6
    WHEN 0 THEN ''::bytea
    WHEN 1 THEN convert_to('object ' || g, 'UTF8')
    WHEN 2 THEN decode(repeat(lpad(to_hex(g % 256), 2, '0'), 32767), 'hex')
    WHEN 3 THEN decode(repeat(lpad(to_hex(g % 256), 2, '0'), 32768), 'hex')
    WHEN 4 THEN decode(repeat(lpad(to_hex(g % 256), 2, '0'), 32769), 'hex')
    ELSE convert_to(repeat(md5(g::text), 10), 'UTF8') END)
FROM generate_series(1, 1300) g;
SELECT pg_catalog.lo_from_bytea(0, decode(repeat('ab', (1 << 20) + 5), 'hex'));
SELECT pg_catalog.lo_from_bytea(0, decode(repeat('cd', 2 * (1 << 20)), 'hex'));
DO $$
DECLARE o oid;
BEGIN
    FOR o IN SELECT oid FROM pg_largeobject_metadata WHERE oid::int8 % 7 = 0 LOOP
        EXECUTE format('ALTER LARGE OBJECT %s OWNER TO "LO Owner"', o);
        EXECUTE format('COMMENT ON LARGE OBJECT %s IS %L', o, 'object ' || o);
        EXECUTE format('GRANT SELECT ON LARGE OBJECT %s TO lo_reader', o);
    END LOOP;
END $$;
"#;

#[test]
fn many_large_objects_of_every_size_round_trip() {
    let cluster = Cluster::shared();
    let src = cluster.create_database();
    src.psql(MANY_SQL);
    let want = src.psql(STATE_SQL);
    assert_eq!(want.lines().count(), 1302, "{want}");
    assert!(want.contains("|32768|") && want.contains("|1048581|"), "{want}");
    let tmp = tempfile::tempdir().unwrap();

    // tusk dump (zstd) → tusk restore over two sessions.
    let ours = tmp.path().join("ours");
    tusk_dump(&src, &ours, &[]);
    let dst = cluster.create_database();
    check(
        "tusk restore",
        &tusk(&["restore", "-j", "2", "-d", &dst.conninfo(), ours.to_str().unwrap()]),
    );
    assert_eq!(dst.psql(STATE_SQL), want, "tusk dump → tusk restore");

    // tusk dump (gzip) → stock pg_restore.
    let gzip = tmp.path().join("gzip");
    tusk_dump(&src, &gzip, &["-Z", "gzip"]);
    let dst = cluster.create_database();
    pg_restore_into(&dst, &gzip, &[]);
    assert_eq!(dst.psql(STATE_SQL), want, "tusk dump → pg_restore");

    // stock pg_dump → tusk restore.
    let stock = tmp.path().join("stock");
    pg_dump_dir(&src, &stock, &[]);
    let dst = cluster.create_database();
    check("tusk restore", &tusk(&["restore", "-d", &dst.conninfo(), stock.to_str().unwrap()]));
    assert_eq!(dst.psql(STATE_SQL), want, "pg_dump → tusk restore");
}

/// Large-object definitions are sent ahead without waiting for each answer; a failure is
/// still that entry's alone, reported once, and the restore goes on with the others.
#[test]
fn a_large_object_that_exists_fails_alone() {
    let cluster = Cluster::shared();
    let src = cluster.create_database();
    src.psql(
        "DO $$ BEGIN CREATE ROLE \"LO Owner\"; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
         SELECT pg_catalog.lo_from_bytea(g, convert_to('object ' || g, 'UTF8'))
         FROM generate_series(500001, 500300) g;
         ALTER LARGE OBJECT 500150 OWNER TO \"LO Owner\";
         COMMENT ON LARGE OBJECT 500150 IS 'the one that exists';",
    );
    let want = src.psql(STATE_SQL);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a");
    tusk_dump(&src, &dir, &[]);
    let listing = check("tusk list", &tusk(&["list", dir.to_str().unwrap()]));
    let blob_id: String = listing
        .lines()
        .find(|l| l.ends_with(" BLOB - 500150 postgres") || l.contains(" BLOB - 500150 "))
        .and_then(|l| l.split(';').next())
        .map(|id| id.trim().to_owned())
        .unwrap_or_else(|| panic!("no BLOB entry for 500150: {listing}"));

    let dst = cluster.create_database();
    dst.psql("SELECT pg_catalog.lo_create(500150);");
    let out = tusk(&["restore", "-d", &dst.conninfo(), dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "exit code; stderr: {stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error:")).collect();
    assert_eq!(errors.len(), 1, "one failure, reported once: {stderr}");
    assert!(
        errors[0].contains(&format!("entry {blob_id} ")) && errors[0].contains("500150"),
        "the failure names the BLOB entry of 500150: {stderr}"
    );
    // Every other object, and the existing one's owner, comment and data, as in the source.
    assert_eq!(dst.psql(STATE_SQL), want, "stderr: {stderr}");
}

/// Large objects are written several at once in one transaction; when one fails, the others
/// in flight fail only because the transaction is aborted. The error reported is the one
/// that aborted it, not "current transaction is aborted" of an object earlier in order.
#[test]
fn a_failed_large_object_write_reports_the_root_error() {
    let cluster = Cluster::shared();
    let src = cluster.create_database();
    src.psql(
        "SELECT pg_catalog.lo_from_bytea(600001, decode(repeat('ab', 8 << 20), 'hex'));
         SELECT pg_catalog.lo_from_bytea(600002, 'small'::bytea);",
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a");
    tusk_dump(&src, &dir, &["-Z", "none"]);
    // Only the first (8 MiB, written piece by piece) exists on the target: the second's
    // single write fails while the first is still being written.
    let dst = cluster.create_database();
    dst.psql("SELECT pg_catalog.lo_create(600001);");
    let out = tusk(&["restore", "--section", "data", "-d", &dst.conninfo(), dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "exit code; stderr: {stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains("600002") && errors[0].ends_with("(SQLSTATE 42704)"),
        "not the root error: {stderr}"
    );
}
