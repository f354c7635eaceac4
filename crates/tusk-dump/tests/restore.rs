//! Stock pg_restore lists and restores what the engine wrote (with a hand-written TOC), the
//! manifest beside toc.dat notwithstanding, including a range-split multi-member gzip file.

use tusk_archive::Algorithm;
use tusk_dump::DumpOptions;
use tusk_testkit::{Cluster, TestDatabase};

use crate::support::{archive_dir, dump, minimal_toc, table_data};

/// A fingerprint of a table's contents, in a stable order.
fn fingerprint(db: &TestDatabase<'_>, table: &str, order: &str) -> String {
    db.psql(&format!(
        "SELECT count(*) || ' ' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY {order})), '-') FROM {table} t"
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stock_pg_restore_loads_exactly_the_rows() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    db.psql(
        r#"CREATE SCHEMA "Odd Schema";
         CREATE TABLE public.big (id int, v text, b bytea, ts timestamptz);
         INSERT INTO public.big SELECT g, CASE WHEN g % 5 = 0 THEN NULL ELSE E'x\ty\\z' || g END,
           decode(md5(g::text), 'hex'), '2020-01-01'::timestamptz + g * interval '1 minute'
           FROM generate_series(1, 25000) g;
         VACUUM ANALYZE public.big;
         CREATE TABLE "Odd Schema"."Small T" ("Id" int, "select" text);
         INSERT INTO "Odd Schema"."Small T" VALUES (1, 'one'), (2, NULL), (3, '');
         CREATE TABLE public.empty (a int);"#,
    );
    let big = table_data(&db, "public", "big", 20);
    let small = table_data(&db, "Odd Schema", "Small T", 21);
    let empty = table_data(&db, "public", "empty", 22);
    let ddl = [
        (big.clone(), "CREATE TABLE public.big (id integer, v text, b bytea, ts timestamp with time zone);\n".to_owned()),
        (small.clone(), "CREATE SCHEMA \"Odd Schema\";\nCREATE TABLE \"Odd Schema\".\"Small T\" (\"Id\" integer, \"select\" text);\n".to_owned()),
        (empty.clone(), "CREATE TABLE public.empty (a integer);\n".to_owned()),
    ];
    for algorithm in [Algorithm::Gzip, Algorithm::None] {
        let (_tmp, dir) = archive_dir();
        let dir_str = dir.to_str().expect("utf-8 path").to_owned();
        let options = DumpOptions {
            jobs: 3,
            algorithm,
            split_pages: Some((big.relpages / 5).max(1)),
            ..Default::default()
        };
        let toc = minimal_toc(algorithm, &ddl);
        let manifest = dump(
            &db,
            &dir,
            vec![big.clone(), small.clone(), empty.clone()],
            &options,
            None,
            Some(toc),
        )
        .await
        .expect("dump");
        assert!(manifest.file(20).expect("big").chunks.len() >= 4);

        let list = cluster.run("pg_restore", &["-l", &dir_str]);
        assert!(list.status.success(), "pg_restore -l: {}", String::from_utf8_lossy(&list.stderr));
        let listing = String::from_utf8_lossy(&list.stdout);
        assert!(listing.contains("TABLE DATA public big"), "{listing}");

        for jobs in ["1", "2"] {
            let target = cluster.create_database();
            let out = cluster
                .run("pg_restore", &["--exit-on-error", "-j", jobs, "-d", target.name(), &dir_str]);
            assert!(
                out.status.success(),
                "pg_restore -j {jobs} ({algorithm:?}): {}",
                String::from_utf8_lossy(&out.stderr)
            );
            for (table, order) in [
                ("public.big", "id"),
                ("\"Odd Schema\".\"Small T\"", "\"Id\""),
                ("public.empty", "a"),
            ] {
                assert_eq!(
                    fingerprint(&target, table, order),
                    fingerprint(&db, table, order),
                    "{table} after pg_restore -j {jobs} ({algorithm:?})"
                );
            }
        }
    }
}
