//! tusk demo: the whole run at a small size, and the checker's ability to see differences.

use tusk_demo::{
    Comparison, DemoError, DemoOptions, Hooks, cluster_settings, compare_databases, create_sample,
};
use tusk_testkit::{Cluster, TestDatabase};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime")
}

fn compare(rt: &tokio::runtime::Runtime, a: &TestDatabase<'_>, b: &TestDatabase<'_>) -> Comparison {
    let sa = cluster_settings(a.cluster(), a.name()).expect("settings");
    let sb = cluster_settings(b.cluster(), b.name()).expect("settings");
    rt.block_on(compare_databases(&sa, &sb)).expect("comparison runs")
}

/// The tables and materialized views of the sample, as the checker lists them.
const SAMPLE_TABLES: [&str; 8] = [
    "audit.events_2023",
    "audit.events_2024",
    "audit.events_default",
    "reporting.daily_sales",
    "shop.customers",
    "shop.order_lines",
    "shop.orders",
    "shop.products",
];

fn table_names(c: &Comparison) -> Vec<String> {
    c.tables.iter().map(|t| format!("{}.{}", t.schema, t.name)).collect()
}

#[test]
fn checker_detects_one_changed_row_and_one_extra_index() {
    let cluster = Cluster::shared();
    let rt = runtime();
    let a = cluster.create_database();
    let b = cluster.create_database();
    for db in [&a, &b] {
        let settings = cluster_settings(cluster, db.name()).expect("settings");
        rt.block_on(create_sample(&settings, 1, &|_| {})).expect("sample created");
    }

    // Positive control: two samples of the same size are equal, and every table has rows.
    let same = compare(&rt, &a, &b);
    assert!(same.is_equal(), "identical samples reported different: {:?}", same.differences());
    assert_eq!(table_names(&same), SAMPLE_TABLES);
    for t in &same.tables {
        assert!(t.source_rows.unwrap_or(0) > 0, "table {}.{} is empty", t.schema, t.name);
    }
    assert!(same.source_entries > 40, "only {} schema entries", same.source_entries);
    assert_eq!(same.source_entries, same.target_entries);

    // One column of one row differs: exactly that table is reported, with equal counts.
    // (session_replication_role = replica: the update trigger does not fire.)
    assert_eq!(a.psql("SELECT note IS NULL FROM shop.orders WHERE id = 7").trim(), "t");
    b.psql("SET session_replication_role = replica; UPDATE shop.orders SET note = 'changed' WHERE id = 7");
    let one_row = compare(&rt, &a, &b);
    assert!(!one_row.is_equal());
    assert!(one_row.schema_differences.is_empty(), "{:?}", one_row.schema_differences);
    let unequal: Vec<String> = one_row
        .tables
        .iter()
        .filter(|t| !t.equal)
        .map(|t| format!("{}.{}", t.schema, t.name))
        .collect();
    assert_eq!(unequal, ["shop.orders"]);
    assert_eq!(one_row.differences(), ["table shop.orders: the rows differ (checksum)"]);

    // The row changed back, one row of a partition deleted: only that partition, with both
    // counts.
    b.psql(
        "SET session_replication_role = replica; UPDATE shop.orders SET note = NULL WHERE id = 7; \
         DELETE FROM audit.events WHERE id = 3",
    );
    let missing = compare(&rt, &a, &b);
    let events = missing
        .tables
        .iter()
        .find(|t| t.schema == "audit" && t.name == "events_2023")
        .expect("the partition is checked");
    let (rows_a, rows_b) = (events.source_rows.unwrap_or(0), events.target_rows.unwrap_or(0));
    assert_eq!(rows_a, rows_b + 1);
    assert_eq!(
        missing.differences(),
        [format!("table audit.events_2023: {rows_a} rows in the sample, {rows_b} restored")]
    );

    // Schema: an extra index is named; the disabled trigger shows as changed SQL.
    b.psql(
        "CREATE INDEX products_title_idx ON shop.products (title); \
         ALTER TABLE shop.orders DISABLE TRIGGER orders_set_updated_at",
    );
    let schema = compare(&rt, &a, &b);
    let diffs = schema.differences();
    assert!(
        diffs.contains(
            &"schema entry INDEX shop.products_title_idx: only in the restored database".to_owned()
        ),
        "{diffs:?}"
    );
    assert!(
        diffs.iter().any(|d| d.starts_with(
            "schema entry TRIGGER shop.orders orders_set_updated_at: the SQL differs"
        )),
        "{diffs:?}"
    );
    assert!(!schema.is_equal());
}

#[test]
fn demo_end_to_end_at_5_mb() {
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = dir.path().join("archive");
    let options = DemoOptions { size_mb: 5, jobs: 2, archive: Some(archive.clone()) };
    let report = match tusk_demo::run(&options, &Hooks::default()) {
        Ok(report) => report,
        Err(DemoError::Mismatch { report }) => panic!("the demo found differences:\n{report}"),
        Err(e) => panic!("the demo failed: {e} ({e:?})"),
    };
    let text = report.to_string();
    println!("{text}");
    assert!(report.comparison.is_equal());
    assert!(text.contains("Result      OK: the restored database equals the sample"), "{text}");
    assert_eq!(table_names(&report.comparison), SAMPLE_TABLES);
    assert!(report.comparison.tables.iter().all(|t| t.equal && t.source_rows.unwrap_or(0) > 0));
    // About 5 MB of table data (the generator's calibration is approximate).
    let mb = report.sample.table_bytes / (1024 * 1024);
    assert!((3..=8).contains(&mb), "sample has {mb} MB of table data");
    assert_eq!(report.restore.rows, report.dump.rows);
    assert!(report.restore.errors.is_empty() && report.restore.skipped.is_empty());
    assert!(archive.join("toc.dat").is_file(), "the archive is kept");
    assert!(report.archive_bytes > 0);
    // The cluster is gone once the demo returns.
    assert!(!report.data_dir.exists(), "{} still exists", report.data_dir.display());
}
