//! The harness's own checks: its datasets are deterministic and its copy check fails on a
//! copy that differs from the source.

use tusk_benches::check::Expected;
use tusk_benches::datasets::{Dataset, generate};
use tusk_testkit::Cluster;

#[test]
fn datasets_are_deterministic() {
    let cluster = Cluster::shared();
    for dataset in [Dataset::Mixed, Dataset::Skewed, Dataset::Wide] {
        let a = cluster.create_database();
        let b = cluster.create_database();
        let sa = generate(cluster, a.name(), dataset, 2).expect("generate a");
        generate(cluster, b.name(), dataset, 2).expect("generate b");
        assert!(sa.rows > 0 && sa.tables > 1, "{dataset:?} made nothing: {sa:?}");
        let expected = Expected::of(cluster, a.name(), true).expect("read a");
        expected
            .verify(cluster, b.name(), "second generation")
            .unwrap_or_else(|e| panic!("{dataset:?} is not deterministic: {e:#}"));
    }
}

#[test]
fn check_finds_a_changed_row_and_a_changed_schema() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    db.psql(
        "CREATE TABLE a (id int PRIMARY KEY, v text);
         INSERT INTO a SELECT g, md5(g::text) FROM generate_series(1, 100) g;
         CREATE TABLE b (id int);",
    );
    let expected = Expected::of(cluster, db.name(), true).expect("read source");
    expected.verify(cluster, db.name(), "unchanged").expect("a database equals itself");

    db.psql("UPDATE a SET v = 'x' WHERE id = 50");
    let err = expected.verify(cluster, db.name(), "changed row").expect_err("a changed row");
    assert!(err.to_string().contains("table public.a differs"), "{err:#}");

    db.psql("UPDATE a SET v = md5('50') WHERE id = 50; CREATE INDEX b_id_idx ON b (id)");
    let err = expected.verify(cluster, db.name(), "new index").expect_err("a changed schema");
    assert!(err.to_string().contains("schema differs"), "{err:#}");

    let schema_only = Expected::of(cluster, db.name(), false).expect("read source");
    let err = schema_only.verify(cluster, db.name(), "rows").expect_err("rows where none expected");
    assert!(err.to_string().contains("table public.a differs"), "{err:#}");
}
