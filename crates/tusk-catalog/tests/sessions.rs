//! Reading the catalog over several sessions that share one snapshot (`read_catalog_on`)
//! gives the same catalog, and so the same plan, as reading it on one session.

use tokio_postgres::{Client, IsolationLevel, NoTls, Transaction};
use tusk_catalog::{Catalog, Error, ReadOptions, read_catalog_on};
use tusk_testkit::Cluster;

async fn connect(conninfo: &str) -> Client {
    let (client, conn) = tokio_postgres::connect(conninfo, NoTls).await.expect("connect");
    tokio::spawn(conn);
    client
}

async fn begin(client: &mut Client) -> Transaction<'_> {
    client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await
        .expect("begin")
}

/// Reads `conninfo`'s catalog with `sessions` sessions: the first exports its snapshot, the
/// others import it. Checks that every session's search_path is '' afterwards (each ran
/// server.sql).
pub(crate) async fn read_in_one_snapshot(conninfo: &str, sessions: usize) -> Catalog {
    let mut clients = Vec::new();
    for _ in 0..sessions {
        clients.push(connect(conninfo).await);
    }
    let mut txs = Vec::new();
    let mut snapshot: Option<String> = None;
    for client in &mut clients {
        let tx = begin(client).await;
        match &snapshot {
            None => {
                let row = tx
                    .query_one("SELECT pg_catalog.pg_export_snapshot()", &[])
                    .await
                    .expect("export the snapshot");
                snapshot = Some(row.get(0));
            }
            Some(id) => tx
                .batch_execute(&format!("SET TRANSACTION SNAPSHOT '{id}'"))
                .await
                .expect("import the snapshot"),
        }
        txs.push(tx);
    }
    let refs: Vec<&Transaction<'_>> = txs.iter().collect();
    let catalog = read_catalog_on(&refs, &ReadOptions::default())
        .await
        .unwrap_or_else(|e| panic!("read_catalog_on with {sessions} sessions: {e:?}"));
    for (i, tx) in txs.iter().enumerate() {
        let row = tx.query_one("SHOW search_path", &[]).await.expect("show search_path");
        let path: String = row.get(0);
        assert_eq!(path, "", "session {i} of {sessions} did not run server.sql");
    }
    for tx in txs {
        tx.commit().await.expect("commit");
    }
    catalog
}

/// Asserts that two and three sessions read `one` (the catalog read on one session) again,
/// and that the plans are the same.
pub(crate) async fn assert_same_on_several_sessions(conninfo: &str, one: &Catalog) {
    let plan = tusk_catalog::plan(one);
    for sessions in [2, 3] {
        let several = read_in_one_snapshot(conninfo, sessions).await;
        if &several != one {
            // Show where the two first differ rather than both catalogs whole.
            let (a, b) = (format!("{one:#?}"), format!("{several:#?}"));
            let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
            let context = |s: &str| {
                s.lines().skip(line.saturating_sub(5)).take(10).collect::<Vec<_>>().join("\n")
            };
            panic!(
                "the catalog read on {sessions} sessions differs from one session's, near line \
                 {line}:\n one session:\n{}\n {sessions} sessions:\n{}",
                context(&a),
                context(&b)
            );
        }
        let other = tusk_catalog::plan(&several);
        assert_eq!(other.entries, plan.entries, "plan entries on {sessions} sessions");
        assert_eq!(other.next_dump_id, plan.next_dump_id);
        assert_eq!(other.warnings, plan.warnings);
        assert_eq!(other.public_selected, plan.public_selected);
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

/// Enough relations for every split query to have several non-empty parts with three
/// sessions (6 parts), and more sequences than one value batch holds.
const MANY_RELATIONS: &str = r#"
CREATE SCHEMA s1;
CREATE SCHEMA s2;
CREATE TYPE s1.mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN s1.pos AS int CHECK (VALUE > 0) DEFAULT 1;
CREATE TYPE s1.pair AS (x int, y text COLLATE "C");
CREATE TYPE s1.frange AS RANGE (subtype = float8);
CREATE FUNCTION s1.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
DO $$
BEGIN
    FOR i IN 1..60 LOOP
        EXECUTE format('CREATE TABLE s%s.t%s (id serial PRIMARY KEY, v s1.pos CHECK (v < 1000), '
                       'm s1.mood, p s1.pair, r s1.frange, note text COLLATE "C", '
                       'g int GENERATED ALWAYS AS (v * 2) STORED, up int)',
                       1 + i % 2, i);
        FOR k IN 1..(i % 4) LOOP
            EXECUTE format('CREATE INDEX t%s_i%s ON s%s.t%s (note, v) WHERE v > %s',
                           i, k, 1 + i % 2, i, k);
        END LOOP;
        IF i % 3 = 0 THEN
            EXECUTE format('ALTER TABLE s%s.t%s ADD CONSTRAINT t%s_vm UNIQUE (v, m)',
                           1 + i % 2, i, i);
        END IF;
        IF i > 1 THEN
            EXECUTE format('ALTER TABLE s%s.t%s ADD FOREIGN KEY (up) REFERENCES s%s.t%s (id)',
                           1 + i % 2, i, 1 + (i - 1) % 2, i - 1);
        END IF;
        IF i % 5 = 0 THEN
            EXECUTE format('CREATE TRIGGER touch BEFORE INSERT ON s%s.t%s '
                           'FOR EACH ROW EXECUTE FUNCTION s1.touch()', 1 + i % 2, i);
            EXECUTE format('COMMENT ON TABLE s%s.t%s IS %L', 1 + i % 2, i, 'table ' || i);
            EXECUTE format('GRANT SELECT (note) ON s%s.t%s TO PUBLIC', 1 + i % 2, i);
        END IF;
        IF i % 7 = 0 THEN
            EXECUTE format('ALTER TABLE s%s.t%s ENABLE ROW LEVEL SECURITY', 1 + i % 2, i);
            EXECUTE format('CREATE POLICY own ON s%s.t%s USING (v > 1)', 1 + i % 2, i);
        END IF;
    END LOOP;
    FOR i IN 1..550 LOOP
        EXECUTE format('CREATE SEQUENCE s2.q%s START %s', i, i);
    END LOOP;
END
$$;
SELECT setval('s2.q7', 42), setval('s2.q530', 9, false);
CREATE TABLE s1.parted (id int, at date) PARTITION BY RANGE (at);
CREATE TABLE s1.parted_2020 PARTITION OF s1.parted FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE INDEX ON s1.parted (id);
CREATE TABLE s2.child (extra text) INHERITS (s1.t2);
CREATE VIEW s2.v AS SELECT id, note FROM s1.t2 WHERE v > 3;
CREATE MATERIALIZED VIEW s2.mv AS SELECT count(*) AS n FROM s2.v;
CREATE MATERIALIZED VIEW s2.mv2 AS SELECT n FROM s2.mv;
CREATE RULE no_delete AS ON DELETE TO s2.v DO INSTEAD NOTHING;
"#;

#[test]
fn several_sessions_read_the_same_catalog() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    db.psql(MANY_RELATIONS);
    runtime().block_on(async {
        let one = read_in_one_snapshot(&db.conninfo(), 1).await;
        // The fixture really has what the split queries and batches read.
        assert!(one.tables.len() > 600, "{} relations", one.tables.len());
        assert!(one.indexes.len() > 100, "{} indexes", one.indexes.len());
        assert!(one.foreign_keys.len() >= 59, "{} foreign keys", one.foreign_keys.len());
        let seq = |name: &str| {
            one.tables
                .iter()
                .find(|t| t.schema == "s2" && t.name == name)
                .and_then(|t| t.sequence.clone())
                .unwrap_or_else(|| panic!("no sequence s2.{name}"))
        };
        assert_eq!((seq("q7").last_value.as_str(), seq("q7").is_called), ("42", true));
        assert_eq!((seq("q530").last_value.as_str(), seq("q530").is_called), ("9", false));
        assert!(!one.matview_refresh_deps.is_empty());
        assert!(one.types.iter().any(|t| t.range.is_some()));
        assert!(one.types.iter().any(|t| !t.checks.is_empty()));
        assert!(one.types.iter().any(|t| !t.attributes.is_empty()));
        assert!(
            one.tables
                .iter()
                .all(|t| t.kind != tusk_catalog::RelKind::Table || !t.columns.is_empty())
        );
        assert_same_on_several_sessions(&db.conninfo(), &one).await;
        // More sessions than relations: empty parts are left out, nothing is lost.
        let tiny = cluster.create_database();
        tiny.psql("CREATE TABLE t (id int PRIMARY KEY);");
        let one = read_in_one_snapshot(&tiny.conninfo(), 1).await;
        assert_eq!(one.indexes.len(), 1);
        assert_same_on_several_sessions(&tiny.conninfo(), &one).await;
    });
}

#[test]
fn no_session_is_an_error() {
    let none: &[&Client] = &[];
    let result = runtime().block_on(read_catalog_on(none, &ReadOptions::default()));
    assert!(matches!(result, Err(Error::NoClient)), "{result:?}");
}

#[test]
fn a_failing_session_names_the_query() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    runtime().block_on(async {
        let mut good = connect(&db.conninfo()).await;
        let mut bad = connect(&db.conninfo()).await;
        let good_tx = begin(&mut good).await;
        let bad_tx = begin(&mut bad).await;
        // An aborted transaction refuses every query, starting with server.sql.
        bad_tx.batch_execute("SELECT 1/0").await.expect_err("division by zero");
        let result = read_catalog_on(&[&good_tx, &bad_tx], &ReadOptions::default()).await;
        match result {
            Err(Error::Query { query, .. }) => assert_eq!(query, "server.sql"),
            other => panic!("expected the failure of server.sql, got {other:?}"),
        }
    });
}
