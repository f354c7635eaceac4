//! The harness's deterministic datasets, generated server-side.
//!
//! Every value derives from `generate_series` counters (arithmetic, `md5`, fixed word lists);
//! nothing calls `random()`, so two runs at one scale build the same rows. The dataset kinds
//! stay within what `tusk dump` covers (no collations, text search objects, extended
//! statistics, publications or event triggers), so that comparing `pg_dump --schema-only`
//! output of a source and a copy is meaningful.
//!
//! - `mixed`: seven tables of different sizes in two schemas (text, numeric, timestamptz,
//!   uuid, inet, jsonb, bytea, `int[]`/`text[]`), foreign keys, check constraints, btree,
//!   expression, partial and GIN indexes, a view and a materialized view with an index.
//! - `skewed`: one table `big` with ~70% of the bytes, twelve more of decreasing size.
//! - `wide`: large TOASTed values, 20–200 kB each (incompressible `bytea`, prose `text`).
//! - `many`: 10,000 small tables with 20,000 indexes (primary key + one) in schema `many`,
//!   independent of the scale.
//!
//! The tables are filled first and indexed afterwards, each grown until its share of
//! `--scale-mb` (measured with `pg_table_size`, so TOAST included) is reached.

use std::fmt::Write as _;
use std::time::Instant;

use anyhow::{Context as _, bail, ensure};
use tusk_testkit::{Cluster, run_with_stdin};

/// A dataset the harness can generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    /// Realistic types, keys and index kinds over several tables.
    Mixed,
    /// One table with about 70% of the bytes.
    Skewed,
    /// Large TOASTed values.
    Wide,
    /// 10,000 small tables with 20,000 indexes.
    Many,
}

impl Dataset {
    /// Every dataset, in the order the usage text lists them.
    pub const ALL: [Dataset; 4] = [Dataset::Mixed, Dataset::Skewed, Dataset::Wide, Dataset::Many];

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Dataset::Mixed => "mixed",
            Dataset::Skewed => "skewed",
            Dataset::Wide => "wide",
            Dataset::Many => "many",
        }
    }

    /// Parses a dataset name.
    pub fn parse(s: &str) -> anyhow::Result<Self> {
        Self::ALL
            .into_iter()
            .find(|d| d.name() == s)
            .with_context(|| format!("unknown dataset {s:?} (one of mixed, skewed, wide, many)"))
    }

    /// Whether the dataset's size follows `--scale-mb`.
    pub fn scales(self) -> bool {
        self != Dataset::Many
    }
}

/// Runs SQL in `db` with psql (unaligned, tuples only, stop on the first error) and returns
/// its output, or an error holding psql's message.
pub fn psql(cluster: &Cluster, db: &str, sql: &str) -> anyhow::Result<String> {
    let out = run_with_stdin(
        cluster.tool("psql").args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", db]),
        sql.as_bytes(),
    );
    if !out.status.success() {
        let head: String = sql.chars().take(300).collect();
        bail!("psql failed in {db}: {}SQL: {head}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs a query returning one number.
pub fn psql_u64(cluster: &Cluster, db: &str, sql: &str) -> anyhow::Result<u64> {
    let out = psql(cluster, db, sql)?;
    out.trim().parse().with_context(|| format!("expected a number from {sql:?}, got {out:?}"))
}

/// One table to fill: its share of the scale and the `INSERT … SELECT` of rows `$LO..=$HI`.
/// `$N_<table>` in the SQL stands for the row count of an already filled table.
struct Fill {
    table: &'static str,
    share: f64,
    /// Rows of the first, calibrating batch.
    first: u64,
    insert: String,
}

/// What [`generate`] made.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The dataset.
    pub dataset: Dataset,
    /// The requested scale in MB (10⁶ bytes).
    pub scale_mb: u64,
    /// Ordinary tables (and leaf partitions) outside the system schemas.
    pub tables: u64,
    /// Indexes on them (and on materialized views).
    pub indexes: u64,
    /// Rows in all of them.
    pub rows: u64,
    /// `pg_table_size` summed over the tables (heap + TOAST), bytes.
    pub table_bytes: u64,
    /// `pg_indexes_size` summed, bytes.
    pub index_bytes: u64,
    /// `pg_database_size`, bytes.
    pub database_bytes: u64,
    /// The largest table and its share of `table_bytes`.
    pub largest: (String, f64),
    /// Seconds the generation took.
    pub seconds: f64,
}

impl Summary {
    /// The summary as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "dataset": self.dataset.name(),
            "scale_mb": self.scale_mb,
            "tables": self.tables,
            "indexes": self.indexes,
            "rows": self.rows,
            "table_bytes": self.table_bytes,
            "index_bytes": self.index_bytes,
            "database_bytes": self.database_bytes,
            "largest_table": self.largest.0,
            "largest_table_share": self.largest.1,
            "generate_seconds": self.seconds,
        })
    }

    /// One line for humans.
    pub fn line(&self) -> String {
        let scale = if self.dataset.scales() {
            format!("scale {} MB", self.scale_mb)
        } else {
            "scale-independent".to_owned()
        };
        format!(
            "dataset {} ({scale}): {} tables, {} indexes, {} rows, {:.1} MB tables + {:.1} MB \
             indexes ({:.1} MB database; largest {} {:.0}%), generated in {:.1} s",
            self.dataset.name(),
            self.tables,
            self.indexes,
            self.rows,
            self.table_bytes as f64 / 1e6,
            self.index_bytes as f64 / 1e6,
            self.database_bytes as f64 / 1e6,
            self.largest.0,
            self.largest.1 * 100.0,
            self.seconds
        )
    }
}

/// The user tables of `db` (ordinary tables and materialized views if `with_matviews`), as
/// quoted `schema.table` names with their `pg_table_size`, largest first.
pub fn tables_by_size(
    cluster: &Cluster,
    db: &str,
    with_matviews: bool,
) -> anyhow::Result<Vec<(String, u64)>> {
    let kinds = if with_matviews { "'r', 'm'" } else { "'r'" };
    let out = psql(
        cluster,
        db,
        &format!(
            "SELECT format('%I.%I', n.nspname, c.relname), pg_table_size(c.oid)
               FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ({kinds})
                AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
              ORDER BY 2 DESC, 1"
        ),
    )?;
    let mut v = Vec::new();
    for line in out.lines().filter(|l| !l.is_empty()) {
        let (name, size) = line.rsplit_once('|').with_context(|| format!("bad line {line:?}"))?;
        v.push((name.to_owned(), size.parse()?));
    }
    Ok(v)
}

/// Generates `dataset` at `scale_mb` into the empty database `db`, then `VACUUM ANALYZE`s and
/// checkpoints, and returns what it made. Progress goes to standard error.
pub fn generate(
    cluster: &Cluster,
    db: &str,
    dataset: Dataset,
    scale_mb: u64,
) -> anyhow::Result<Summary> {
    let t = Instant::now();
    let target = scale_mb.max(1) * 1_000_000;
    match dataset {
        Dataset::Mixed => run_fills(cluster, db, MIXED_TABLES, &mixed_fills(), MIXED_POST, target)?,
        Dataset::Skewed => {
            let (tables, fills, post) = skewed();
            run_fills(cluster, db, &tables, &fills, &post, target)?;
        }
        Dataset::Wide => run_fills(cluster, db, WIDE_TABLES, &wide_fills(), WIDE_POST, target)?,
        Dataset::Many => {
            psql(cluster, db, MANY_SQL)?;
        }
    }
    eprintln!("  VACUUM ANALYZE");
    psql(cluster, db, "VACUUM ANALYZE")?;
    psql(cluster, db, "CHECKPOINT")?;
    let seconds = t.elapsed().as_secs_f64();
    summarize(cluster, db, dataset, scale_mb, seconds)
}

fn summarize(
    cluster: &Cluster,
    db: &str,
    dataset: Dataset,
    scale_mb: u64,
    seconds: f64,
) -> anyhow::Result<Summary> {
    let tables = tables_by_size(cluster, db, false)?;
    let table_bytes: u64 = tables.iter().map(|t| t.1).sum();
    let largest = tables
        .first()
        .map(|(n, s)| (n.clone(), *s as f64 / table_bytes.max(1) as f64))
        .unwrap_or_default();
    let scope =
        "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
                   AND n.nspname NOT LIKE 'pg_toast%'";
    let out = psql(
        cluster,
        db,
        &format!(
            "SELECT (SELECT count(*) {scope} AND c.relkind = 'i'),
                    (SELECT coalesce(sum(c.reltuples::bigint), 0) {scope} AND c.relkind = 'r'),
                    (SELECT coalesce(sum(pg_indexes_size(c.oid)), 0) {scope} AND c.relkind IN ('r', 'm')),
                    pg_database_size(current_database())"
        ),
    )?;
    let f: Vec<u64> = out
        .trim()
        .split('|')
        .map(|s| s.parse::<u64>())
        .collect::<Result<_, _>>()
        .with_context(|| format!("summary {out:?}"))?;
    ensure!(f.len() == 4, "summary {out:?}");
    Ok(Summary {
        dataset,
        scale_mb,
        tables: tables.len() as u64,
        indexes: f[0],
        rows: f[1],
        table_bytes,
        index_bytes: f[2],
        database_bytes: f[3],
        largest,
        seconds,
    })
}

/// Creates the tables, fills each to its share of `target` bytes (in order, so later fills can
/// refer to earlier tables' row counts), then runs the post-data SQL (keys, indexes, views).
fn run_fills(
    cluster: &Cluster,
    db: &str,
    create: &str,
    fills: &[Fill],
    post: &str,
    target: u64,
) -> anyhow::Result<()> {
    psql(cluster, db, create)?;
    let mut counts: Vec<(&str, u64)> = Vec::new();
    for f in fills {
        let want = (target as f64 * f.share) as u64;
        let mut rows: u64 = 0;
        let mut batch = f.first.max(1);
        loop {
            let mut sql = f.insert.replace("$LO", &(rows + 1).to_string());
            sql = sql.replace("$HI", &(rows + batch).to_string());
            for (t, n) in &counts {
                sql = sql.replace(&format!("$N_{t}"), &n.to_string());
            }
            psql(cluster, db, &sql)?;
            rows += batch;
            let size = psql_u64(cluster, db, &format!("SELECT pg_table_size('{}')", f.table))?;
            if size >= want {
                break;
            }
            // Rows still missing at the size per row seen so far, in batches of at most a
            // million rows (deterministic: it depends only on sizes, which depend on rows).
            let per_row = (size as f64 / rows as f64).max(1.0);
            batch = (((want - size) as f64 / per_row).ceil() as u64).clamp(1, 1_000_000);
        }
        let size = psql_u64(cluster, db, &format!("SELECT pg_table_size('{}')", f.table))?;
        eprintln!("  {}: {rows} rows, {:.1} MB", f.table, size as f64 / 1e6);
        counts.push((f.table.rsplit('.').next().unwrap_or(f.table), rows));
    }
    eprintln!("  keys, indexes, views");
    psql(cluster, db, post)?;
    Ok(())
}

const MIXED_TABLES: &str = "
CREATE SCHEMA audit;
CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);
INSERT INTO countries SELECT chr(65 + g / 26) || chr(65 + g % 26), 'Country ' || g
  FROM generate_series(0, 59) g;
CREATE TABLE customers (
    id bigint NOT NULL, uid uuid NOT NULL, name text NOT NULL, email text,
    country char(2) NOT NULL, created_at timestamptz NOT NULL, balance numeric(14,2) NOT NULL,
    tags text[] NOT NULL);
CREATE TABLE products (
    id int NOT NULL, sku text NOT NULL, name text NOT NULL, price numeric(10,2) NOT NULL,
    active boolean NOT NULL, attrs jsonb NOT NULL, thumbnail bytea);
CREATE TABLE orders (
    id bigint NOT NULL, customer_id bigint NOT NULL, ordered_at timestamptz NOT NULL,
    status text NOT NULL, total numeric(12,2) NOT NULL, currency char(3) NOT NULL,
    ship_to jsonb, note text);
CREATE TABLE order_items (
    order_id bigint NOT NULL, line int NOT NULL, product_id int NOT NULL, qty int NOT NULL,
    unit_price numeric(10,2) NOT NULL, discount numeric(4,2));
CREATE TABLE documents (
    id int NOT NULL, customer_id bigint NOT NULL, title text NOT NULL, body text NOT NULL,
    attachment bytea, digest uuid NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE audit.events (
    id bigint GENERATED ALWAYS AS IDENTITY, at timestamptz NOT NULL, kind text NOT NULL,
    customer_id bigint, ip inet, payload jsonb NOT NULL, ints int[] NOT NULL);
COMMENT ON TABLE orders IS 'one row per order';
";

fn mixed_fills() -> Vec<Fill> {
    let words = "(ARRAY['lorem','ipsum','dolor','sit','amet','consectetur','adipiscing','elit',\
                 'sed','do','eiusmod','tempor','incididunt','ut','labore','et','magna','aliqua'])";
    vec![
        Fill {
            table: "customers",
            share: 0.08,
            first: 5000,
            insert: "INSERT INTO customers
  SELECT g, md5('c' || g)::uuid,
         initcap(substr(md5(g::text), 1, 4 + (g % 7)::int)) || ' ' ||
           initcap(substr(md5((g * 7)::text), 1, 5 + (g % 9)::int)),
         CASE WHEN g % 11 = 0 THEN NULL
              ELSE 'user' || g || '@' || (ARRAY['example.com','mail.test','corp.invalid'])[1 + g % 3] END,
         chr(65 + (g % 60)::int / 26) || chr(65 + (g % 60)::int % 26),
         timestamptz '2018-01-01 00:00:00+00' + g * interval '17 minutes 3 seconds',
         ((g * 7919) % 10000000) / 100.0 - 20000,
         ARRAY(SELECT 'tag' || ((g * i) % 50) FROM generate_series(1, 1 + (g % 4)::int) i)
    FROM generate_series($LO::bigint, $HI::bigint) g"
                .into(),
        },
        Fill {
            table: "products",
            share: 0.02,
            first: 2000,
            insert: "INSERT INTO products
  SELECT g, 'SKU-' || lpad(g::text, 8, '0'), 'Product ' || substr(md5(g::text), 1, 10),
         ((g * 104729) % 100000) / 100.0, g % 5 <> 0,
         jsonb_build_object('color', (ARRAY['red','green','blue','black','white'])[1 + g % 5],
                            'weight', g % 97, 'dims', jsonb_build_array(g % 30, g % 40, g % 50),
                            'flags', jsonb_build_object('fragile', g % 7 = 0, 'eco', g % 3 = 0)),
         CASE WHEN g % 4 = 0 THEN NULL
              ELSE decode(md5(g::text) || md5((g + 1)::text) || md5((g + 2)::text), 'hex') END
    FROM generate_series($LO::bigint, $HI::bigint) g"
                .into(),
        },
        Fill {
            table: "orders",
            share: 0.25,
            first: 10000,
            insert: "INSERT INTO orders
  SELECT g, 1 + (g * 7919) % $N_customers,
         timestamptz '2020-01-01 00:00:00+00' + g * interval '43 seconds',
         (ARRAY['new','paid','shipped','delivered','delivered','delivered','cancelled'])[1 + g % 7],
         ((g * 15485863) % 5000000) / 100.0, (ARRAY['EUR','USD','GBP'])[1 + g % 3],
         CASE WHEN g % 5 = 0 THEN NULL
              ELSE jsonb_build_object('street', (g % 999) || ' ' || substr(md5(g::text), 1, 8) || ' street',
                                      'zip', lpad((g % 99999)::text, 5, '0'), 'city', 'City ' || (g % 500)) END,
         CASE WHEN g % 3 = 0 THEN 'please ' || substr(md5(g::text), 1, (g % 32)::int) END
    FROM generate_series($LO::bigint, $HI::bigint) g"
                .into(),
        },
        Fill {
            table: "order_items",
            share: 0.30,
            first: 20000,
            insert: "INSERT INTO order_items
  SELECT 1 + ((g - 1) / 4) % $N_orders, 1 + (g - 1) % 4 + 4 * ((g - 1) / (4 * $N_orders)),
         1 + (g * 31337) % $N_products, 1 + g % 9, ((g * 7) % 100000) / 100.0,
         CASE WHEN g % 10 = 0 THEN (g % 50) / 100.0 END
    FROM generate_series($LO::bigint, $HI::bigint) g"
                .into(),
        },
        Fill {
            table: "documents",
            share: 0.10,
            first: 2000,
            insert: format!(
                "INSERT INTO documents
  SELECT g, 1 + (g * 104729) % $N_customers, 'Document ' || g || ' ' || substr(md5(g::text), 1, 12),
         (SELECT string_agg({words}[1 + (g * i * 7 + i) % 18] || CASE WHEN i % 9 = 0 THEN '. ' ELSE ' ' END, '')
            FROM generate_series(1, 40 + (g % 250)::int) i),
         CASE WHEN g % 2 = 0 THEN
              (SELECT decode(string_agg(md5(g || '/' || i), ''), 'hex')
                 FROM generate_series(1, 4 + (g % 60)::int) i) END,
         md5('d' || g)::uuid, timestamptz '2021-06-01 00:00:00+00' + g * interval '5 minutes'
    FROM generate_series($LO::bigint, $HI::bigint) g"
            ),
        },
        Fill {
            table: "audit.events",
            share: 0.25,
            first: 10000,
            insert: "INSERT INTO audit.events (at, kind, customer_id, ip, payload, ints)
  SELECT timestamptz '2022-01-01 00:00:00+00' + g * interval '1.7 seconds',
         (ARRAY['view','click','purchase','refund','signup'])[1 + g % 5],
         CASE WHEN g % 4 = 0 THEN NULL ELSE 1 + (g * 31) % $N_customers END,
         ('10.' || g % 256 || '.' || (g / 256) % 256 || '.' || (g / 65536) % 256)::inet,
         jsonb_build_object('user', g % 100000, 'session', md5((g / 10)::text),
                            'score', (g % 1000) / 10.0,
                            'tags', jsonb_build_array('t' || g % 17, 't' || g % 5),
                            'path', '/p/' || substr(md5(g::text), 1, (g % 20)::int)),
         ARRAY[(g % 100)::int, (g % 7)::int, ((g * 13) % 1000)::int]
    FROM generate_series($LO::bigint, $HI::bigint) g ORDER BY g"
                .into(),
        },
    ]
}

const MIXED_POST: &str = "
ALTER TABLE customers ADD PRIMARY KEY (id);
ALTER TABLE products ADD PRIMARY KEY (id);
ALTER TABLE orders ADD PRIMARY KEY (id);
ALTER TABLE order_items ADD PRIMARY KEY (order_id, line);
ALTER TABLE documents ADD PRIMARY KEY (id);
ALTER TABLE audit.events ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX customers_uid_key ON customers (uid);
CREATE INDEX customers_email_idx ON customers (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX customers_tags_idx ON customers USING gin (tags);
CREATE UNIQUE INDEX products_sku_key ON products (sku);
CREATE INDEX products_active_price_idx ON products (price) WHERE active;
CREATE INDEX products_attrs_idx ON products USING gin (attrs);
CREATE INDEX orders_customer_idx ON orders (customer_id, ordered_at);
CREATE INDEX orders_open_idx ON orders (ordered_at) WHERE status IN ('new', 'paid');
CREATE INDEX order_items_product_idx ON order_items (product_id);
CREATE INDEX documents_customer_idx ON documents (customer_id);
CREATE INDEX events_at_idx ON audit.events (at);
CREATE INDEX events_payload_idx ON audit.events USING gin (payload jsonb_path_ops);
CREATE INDEX events_ints_idx ON audit.events USING gin (ints);
ALTER TABLE products ADD CONSTRAINT products_price_check CHECK (price >= 0);
ALTER TABLE customers ADD FOREIGN KEY (country) REFERENCES countries;
ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;
ALTER TABLE order_items ADD FOREIGN KEY (order_id) REFERENCES orders;
ALTER TABLE order_items ADD FOREIGN KEY (product_id) REFERENCES products;
ALTER TABLE documents ADD FOREIGN KEY (customer_id) REFERENCES customers;
ALTER TABLE audit.events ADD FOREIGN KEY (customer_id) REFERENCES customers;
CREATE VIEW customer_order_totals AS
  SELECT c.id, c.name, count(o.id) AS orders, coalesce(sum(o.total), 0) AS total
    FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.name;
CREATE MATERIALIZED VIEW daily_sales AS
  SELECT date_trunc('day', ordered_at) AS day, currency, count(*) AS orders, sum(total) AS total
    FROM orders WHERE status <> 'cancelled' GROUP BY 1, 2;
CREATE UNIQUE INDEX daily_sales_key ON daily_sales (day, currency);
";

/// `big` with 70% of the scale; `t01`…`t12` share the rest by weights 12…1.
fn skewed() -> (String, Vec<Fill>, String) {
    let mut create = String::from(
        "CREATE TABLE big (id bigint NOT NULL, account_id int NOT NULL, at timestamptz NOT NULL,
             kind text NOT NULL, amount numeric(12,2) NOT NULL, body text, attrs jsonb NOT NULL);\n",
    );
    let mut fills = vec![Fill {
        table: "big",
        share: 0.70,
        first: 20000,
        insert: "INSERT INTO big
  SELECT g, 1 + (g * 7919) % 50000, timestamptz '2020-01-01 00:00:00+00' + g * interval '1.3 seconds',
         (ARRAY['debit','credit','fee','refund'])[1 + g % 4], ((g * 104729) % 10000000) / 100.0,
         CASE WHEN g % 6 = 0 THEN NULL
              ELSE left(repeat(md5(g::text) || ' ' || md5((g * 31)::text) || ' ', 4), ((g * 7919) % 251)::int) END,
         jsonb_build_object('ref', md5((g / 3)::text), 'n', g % 1000, 'ok', g % 9 <> 0)
    FROM generate_series($LO::bigint, $HI::bigint) g"
            .into(),
    }];
    let mut post = String::from(
        "ALTER TABLE big ADD PRIMARY KEY (id);
         CREATE INDEX big_account_at_idx ON big (account_id, at);\n",
    );
    const NAMES: [&str; 12] =
        ["t01", "t02", "t03", "t04", "t05", "t06", "t07", "t08", "t09", "t10", "t11", "t12"];
    for (i, name) in NAMES.iter().enumerate() {
        let weight = (12 - i) as f64;
        let _ = writeln!(
            create,
            "CREATE TABLE {name} (id bigint NOT NULL, ref bigint, created timestamptz NOT NULL,
                 label text NOT NULL, qty int NOT NULL, price numeric(10,2), codes text[]);"
        );
        let reference = if i == 0 { "NULL".to_owned() } else { "1 + (g * 13) % $N_t01".to_owned() };
        fills.push(Fill {
            table: name,
            share: 0.30 * weight / 78.0,
            first: 2000,
            insert: format!(
                "INSERT INTO {name}
  SELECT g, {reference}, timestamptz '2019-03-01 00:00:00+00' + g * interval '{i} minutes 7 seconds',
         '{name}-' || substr(md5(g::text || '{name}'), 1, 8 + (g % 24)::int), (g * {i}) % 1000,
         CASE WHEN g % 5 = 0 THEN NULL ELSE ((g * 7) % 100000) / 100.0 END,
         ARRAY['c' || g % 10, 'd' || g % 3]
    FROM generate_series($LO::bigint, $HI::bigint) g"
            ),
        });
        let _ = writeln!(
            post,
            "ALTER TABLE {name} ADD PRIMARY KEY (id);
             CREATE INDEX {name}_created_idx ON {name} (created);"
        );
        if i > 0 {
            let _ = writeln!(post, "ALTER TABLE {name} ADD FOREIGN KEY (ref) REFERENCES t01;");
        }
    }
    (create, fills, post)
}

const WIDE_TABLES: &str = "
CREATE TABLE blobs (id int NOT NULL, name text NOT NULL, content bytea NOT NULL);
CREATE TABLE articles (id int NOT NULL, title text NOT NULL, body text NOT NULL,
                       published timestamptz NOT NULL);
";

fn wide_fills() -> Vec<Fill> {
    let words = "(ARRAY['river','stone','quiet','north','lamp','harbor','seven','bright','under',\
                 'paper','winter','garden','slowly','across','silver','window','morning'])";
    vec![
        Fill {
            table: "blobs",
            share: 0.5,
            first: 20,
            // 20–200 kB of md5 bytes: incompressible, so stored out of line uncompressed.
            insert: "INSERT INTO blobs
  SELECT g, 'blob-' || g || '.bin',
         (SELECT decode(string_agg(md5(g || ':' || i), ''), 'hex')
            FROM generate_series(1, (20000 + (g * 7919) % 180000) / 16) i)
    FROM generate_series($LO::bigint, $HI::bigint) g"
                .into(),
        },
        Fill {
            table: "articles",
            share: 0.5,
            first: 20,
            // 20–200 kB of words and md5 fragments: TOAST compresses it, but not by much.
            insert: format!(
                "INSERT INTO articles
  SELECT g, 'Article ' || g,
         (SELECT string_agg({words}[1 + (g * i * 31 + i * i) % 17] || ' ' ||
                            substr(md5(g || '.' || i), 1, 1 + (i % 6)::int) ||
                            CASE WHEN i % 11 = 0 THEN '. ' ELSE ' ' END, '')
            FROM generate_series(1, (20000 + (g * 104729) % 180000) / 12) i),
         timestamptz '2015-01-01 00:00:00+00' + g * interval '9 hours'
    FROM generate_series($LO::bigint, $HI::bigint) g"
            ),
        },
    ]
}

const WIDE_POST: &str = "
ALTER TABLE blobs ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX blobs_name_key ON blobs (name);
ALTER TABLE articles ADD PRIMARY KEY (id);
CREATE INDEX articles_published_idx ON articles (published);
";

/// 10,000 tables of 5 rows, each with a primary key and one more index, committed every 500
/// tables so that the lock table never holds them all at once.
const MANY_SQL: &str = "
CREATE SCHEMA many;
DO $$
BEGIN
  FOR i IN 1..10000 LOOP
    EXECUTE format('CREATE TABLE many.t%s (id int PRIMARY KEY, code text NOT NULL, '
                   'val numeric(8,2), at timestamptz)', i);
    EXECUTE format('CREATE INDEX t%s_code_idx ON many.t%s (code)', i, i);
    EXECUTE format('INSERT INTO many.t%s SELECT g, md5(%s || ''.'' || g), g * 1.5, '
                   'timestamptz ''2024-01-01 00:00:00+00'' + g * interval ''1 hour'' '
                   'FROM generate_series(1, 5) g', i, i);
    IF i % 500 = 0 THEN
      COMMIT;
    END IF;
  END LOOP;
END
$$;
";

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fill works far into its series, as at a scale of gigabytes: the row counter must
    /// not overflow an `int` in the generators' arithmetic (the mixed dataset failed at 300 MB
    /// with "integer out of range" when its series were `int`).
    #[test]
    fn fills_run_far_into_the_series() {
        let cluster = Cluster::shared();
        let (skewed_tables, skewed_fills, _) = skewed();
        let sets = [
            ("mixed", MIXED_TABLES.to_owned(), mixed_fills()),
            ("skewed", skewed_tables, skewed_fills),
            ("wide", WIDE_TABLES.to_owned(), wide_fills()),
        ];
        for (name, create, fills) in sets {
            let db = cluster.create_database();
            psql(cluster, db.name(), &create).expect("create the tables");
            for f in &fills {
                let mut sql = f.insert.replace("$LO", "30000000").replace("$HI", "30000002");
                for other in &fills {
                    let table = other.table.rsplit('.').next().unwrap_or(other.table);
                    sql = sql.replace(&format!("$N_{table}"), "1000");
                }
                psql(cluster, db.name(), &sql)
                    .unwrap_or_else(|e| panic!("{name}: {} at row 30,000,000: {e:#}", f.table));
            }
        }
    }
}
