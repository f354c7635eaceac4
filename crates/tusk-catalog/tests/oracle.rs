//! Each case: one SQL setup, then our TOC entries against stock `pg_dump -Fd -Z0`'s, entry
//! by entry (desc, namespace, tag identity; defn, dropStmt, copyStmt, owner, section,
//! tablespace, tableam; dependencies mapped to identities) and in the same order.
//!
//! Known difference, named here: dependencies on dump ids that have no entry in the
//! archive (e.g. a COMMENT on `public` names the schema's id) are compared as "absent".

use std::collections::{BTreeMap, BTreeSet};

use tusk_archive::{Archive, TocEntry};
use tusk_testkit::Cluster;

type Identity = (String, Option<String>, Option<String>);

fn identity(e: &TocEntry) -> Identity {
    (e.desc.clone(), e.namespace.clone(), e.tag.clone())
}

fn deps(entries: &[TocEntry], e: &TocEntry) -> BTreeSet<String> {
    let by_id: BTreeMap<i32, &TocEntry> = entries.iter().map(|e| (e.dump_id, e)).collect();
    e.dependencies
        .iter()
        .map(|d| match by_id.get(d) {
            Some(t) => format!("{:?}", identity(t)),
            None => "<absent>".to_owned(),
        })
        .collect()
}

const ENGINE: &[&str] =
    &["ENCODING", "STDSTRINGS", "SEARCHPATH", "DATABASE", "DATABASE PROPERTIES"];

fn check(setup: &str) -> tusk_catalog::DumpPlan {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    db.psql(setup);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a");
    let o = cluster.run("pg_dump", &["-Fd", "-Z0", "-f", out.to_str().unwrap(), db.name()]);
    assert!(o.status.success(), "pg_dump: {}", String::from_utf8_lossy(&o.stderr));
    let theirs: Vec<TocEntry> = Archive::open(&out)
        .unwrap()
        .entries()
        .iter()
        .filter(|e| !ENGINE.contains(&e.desc.as_str()))
        .cloned()
        .collect();

    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let plan = rt.block_on(async {
        let (mut client, conn) =
            tokio_postgres::connect(&db.conninfo(), tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(conn);
        let tx = client
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .unwrap();
        let catalog =
            tusk_catalog::read_catalog(&tx, &tusk_catalog::ReadOptions::default()).await.unwrap();
        tx.commit().await.unwrap();
        tusk_catalog::plan(&catalog)
    });
    let ours = &plan.entries;

    let mut problems = Vec::new();
    let their_ids: Vec<Identity> = theirs.iter().map(identity).collect();
    let our_ids: Vec<Identity> = ours.iter().map(identity).collect();
    if their_ids != our_ids {
        let show =
            |v: &[Identity]| v.iter().map(|i| format!("  {i:?}")).collect::<Vec<_>>().join("\n");
        problems.push(format!(
            "order differs:\n pg_dump:\n{}\n tusk:\n{}",
            show(&their_ids),
            show(&our_ids)
        ));
    }
    let their_map: BTreeMap<Identity, &TocEntry> =
        theirs.iter().map(|e| (identity(e), e)).collect();
    for o in ours {
        let Some(t) = their_map.get(&identity(o)) else { continue };
        let fields = [
            ("defn", &o.defn, &t.defn),
            ("dropStmt", &o.drop_stmt, &t.drop_stmt),
            ("copyStmt", &o.copy_stmt, &t.copy_stmt),
            ("owner", &o.owner, &t.owner),
            ("tablespace", &o.tablespace, &t.tablespace),
            ("tableam", &o.tableam, &t.tableam),
        ];
        for (name, a, b) in fields {
            if a != b {
                problems
                    .push(format!("{:?} {name}:\n tusk:    {a:?}\n pg_dump: {b:?}", identity(o)));
            }
        }
        if o.section != t.section || o.had_dumper != t.had_dumper {
            problems.push(format!("{:?} section/hadDumper differ", identity(o)));
        }
        let (a, b) = (deps(ours, o), deps(&theirs, t));
        if a != b {
            problems
                .push(format!("{:?} dependencies:\n tusk:    {a:?}\n pg_dump: {b:?}", identity(o)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    plan
}

#[test]
fn schemas_and_public() {
    let plan = check(
        r#"
        CREATE SCHEMA s1;
        CREATE SCHEMA "Mixed Case";
        CREATE SCHEMA "select";
        CREATE SCHEMA "quo""te";
        CREATE SCHEMA "ünïcødé";
        CREATE SCHEMA aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;
        COMMENT ON SCHEMA s1 IS 'it''s a schema';
        COMMENT ON SCHEMA public IS 'changed';
        "#,
    );
    assert!(plan.not_covered.is_empty(), "{:?}", plan.not_covered);
}

#[test]
fn public_without_comment() {
    check("COMMENT ON SCHEMA public IS NULL; CREATE TABLE t (a int);");
}

#[test]
fn extensions() {
    check(
        "CREATE SCHEMA ext; CREATE EXTENSION pg_trgm WITH SCHEMA ext; COMMENT ON EXTENSION pg_trgm IS 'trigrams';",
    );
}

#[test]
fn tables_and_columns() {
    check(
        r#"
        CREATE SCHEMA "My Schema";
        CREATE TABLE "My Schema"."Tab le" (
            id int PRIMARY KEY,
            "Name" text COLLATE "C" NOT NULL DEFAULT 'x',
            "order" numeric(10,2)[] CHECK ("order" IS NOT NULL),
            g int GENERATED ALWAYS AS (id * 2) STORED,
            idn bigint GENERATED BY DEFAULT AS IDENTITY,
            s serial,
            v varchar(20)
        ) WITH (fillfactor = 70, autovacuum_enabled = false, toast.autovacuum_enabled = false);
        ALTER TABLE "My Schema"."Tab le" ALTER COLUMN v SET STORAGE PLAIN;
        ALTER TABLE "My Schema"."Tab le" ALTER COLUMN v SET COMPRESSION pglz;
        ALTER TABLE "My Schema"."Tab le" ALTER COLUMN v SET STATISTICS 50;
        ALTER TABLE "My Schema"."Tab le" ALTER COLUMN v SET (n_distinct = 5);
        ALTER TABLE "My Schema"."Tab le" DROP COLUMN s;
        ALTER TABLE "My Schema"."Tab le" REPLICA IDENTITY FULL;
        COMMENT ON TABLE "My Schema"."Tab le" IS 'a table';
        COMMENT ON COLUMN "My Schema"."Tab le"."Name" IS 'a column';
        CREATE UNLOGGED TABLE public.u (a int);
        CREATE TABLE public.empty ();
        CREATE TABLE public.parent (a int NOT NULL, b text DEFAULT 'p');
        CREATE TABLE public.child (c int) INHERITS (public.parent);
        "#,
    );
}

#[test]
fn sequences() {
    check(
        r#"
        CREATE SEQUENCE s1 AS integer START 5 INCREMENT 2 MAXVALUE 1000 CACHE 3 CYCLE;
        CREATE SEQUENCE s2 INCREMENT -1;
        SELECT nextval('s1'), nextval('s1');
        CREATE TABLE t (id int);
        CREATE SEQUENCE owned OWNED BY t.id;
        COMMENT ON SEQUENCE s1 IS 'seq';
        "#,
    );
}

#[test]
fn constraints_and_indexes() {
    check(
        r#"
        CREATE TABLE a (id int PRIMARY KEY, u int, v int, w int,
                        CONSTRAINT a_u UNIQUE NULLS NOT DISTINCT (u) DEFERRABLE INITIALLY DEFERRED,
                        CONSTRAINT pos CHECK (v > 0));
        CREATE TABLE b (id int, a_id int REFERENCES a ON DELETE CASCADE,
                        r int4range, EXCLUDE USING gist (r WITH &&));
        ALTER TABLE b ADD CONSTRAINT nv CHECK (id > 0) NOT VALID;
        ALTER TABLE b ADD CONSTRAINT fk2 FOREIGN KEY (a_id) REFERENCES a (id) NOT VALID;
        CREATE INDEX a_vw ON a (v, (w + 1)) WHERE v > 1;
        CREATE UNIQUE INDEX a_inc ON a (w) INCLUDE (v);
        COMMENT ON INDEX a_vw IS 'idx';
        COMMENT ON CONSTRAINT a_pkey ON a IS 'pk';
        COMMENT ON CONSTRAINT pos ON a IS 'inline check';
        CLUSTER a USING a_inc;
        "#,
    );
}

#[test]
fn partitions() {
    check(
        r#"
        CREATE TABLE p (id int, k text, PRIMARY KEY (id, k)) PARTITION BY LIST (k);
        CREATE TABLE p_a PARTITION OF p FOR VALUES IN ('a');
        CREATE TABLE p_d PARTITION OF p DEFAULT;
        CREATE INDEX p_id ON p (id);
        CREATE TABLE r (id int) PARTITION BY RANGE (id);
        CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (0) TO (10);
        "#,
    );
}

#[test]
fn not_covered_is_reported() {
    let cluster = Cluster::shared();
    let db = cluster.create_database();
    db.psql(
        "CREATE VIEW v AS SELECT 1 AS x; CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';
         CREATE TYPE e AS ENUM ('a'); CREATE TABLE t (a int); GRANT SELECT ON t TO PUBLIC;",
    );
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let catalog = rt.block_on(async {
        let (client, conn) =
            tokio_postgres::connect(&db.conninfo(), tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(conn);
        tusk_catalog::read_catalog(&client, &tusk_catalog::ReadOptions::default()).await.unwrap()
    });
    let found: Vec<(String, String)> =
        catalog.not_covered.iter().map(|n| (n.kind.clone(), n.name.clone())).collect();
    for want in [("VIEW", "v"), ("FUNCTION", "f(integer)"), ("TYPE", "e"), ("ACL", "TABLE t")] {
        assert!(
            found.contains(&(want.0.to_owned(), want.1.to_owned())),
            "{want:?} not in {found:?}"
        );
    }
}
