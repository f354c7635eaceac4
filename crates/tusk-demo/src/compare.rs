//! Checking that two databases hold the same schema and the same rows: the schema as tusk's
//! own catalog reader plans it (every TOC entry's type, schema, name and SQL), the rows as a
//! checksum per table computed by the server.

use std::collections::BTreeMap;

use tusk::pg::quote::quote_qualified;
use tusk::pg::{ConnectionSettings, Session};

use crate::error::DemoError;
use crate::session::{self, Sql as _};

/// One table's (or materialized view's) rows in both databases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCheck {
    /// The schema.
    pub schema: String,
    /// The table.
    pub name: String,
    /// Rows in the first database (`None`: the table is missing there).
    pub source_rows: Option<u64>,
    /// Rows in the second database (`None`: the table is missing there).
    pub target_rows: Option<u64>,
    /// Whether both have the table and the same multiset of rows (count and checksum).
    pub equal: bool,
}

/// The result of [`compare_databases`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Every table of either database, by schema and name.
    pub tables: Vec<TableCheck>,
    /// Schema entries (TOC entries of the plan) of the first database.
    pub source_entries: usize,
    /// Schema entries of the second database.
    pub target_entries: usize,
    /// Each schema entry that is missing from one side or whose SQL differs, as one line
    /// naming it.
    pub schema_differences: Vec<String>,
}

impl Comparison {
    /// Whether schema and data are equal.
    pub fn is_equal(&self) -> bool {
        self.schema_differences.is_empty() && self.tables.iter().all(|t| t.equal)
    }

    /// Every difference as one line naming the entry or table.
    pub fn differences(&self) -> Vec<String> {
        let mut out = self.schema_differences.clone();
        for t in self.tables.iter().filter(|t| !t.equal) {
            let name = quote_qualified(&t.schema, &t.name);
            out.push(match (t.source_rows, t.target_rows) {
                (Some(_), None) => format!("table {name}: missing from the restored database"),
                (None, Some(_)) => format!("table {name}: only in the restored database"),
                (Some(a), Some(b)) if a != b => {
                    format!("table {name}: {a} rows in the sample, {b} restored")
                }
                _ => format!("table {name}: the rows differ (checksum)"),
            });
        }
        out
    }

    /// Rows checked (in the first database).
    pub fn rows(&self) -> u64 {
        self.tables.iter().filter_map(|t| t.source_rows).sum()
    }
}

/// The identity of a schema entry: type, schema, name.
type EntryKey = (String, String, String);

/// Compares the databases of `source` and `target` (same server major version): their
/// planned schema entries (type, schema, name, SQL; the entries' order and dump ids are not
/// compared) and, for every table and materialized view, the row count and an order-independent
/// checksum of the rows' text.
pub async fn compare_databases(
    source: &ConnectionSettings,
    target: &ConnectionSettings,
) -> Result<Comparison, DemoError> {
    let (mut a, mut b) = tokio::try_join!(session::open(source), session::open(target))?;
    let (sa, sb) = tokio::try_join!(
        schema_entries(&mut a, source.dbname()),
        schema_entries(&mut b, target.dbname())
    )?;
    let mut comparison = Comparison {
        source_entries: sa.values().map(Vec::len).sum(),
        target_entries: sb.values().map(Vec::len).sum(),
        ..Comparison::default()
    };
    comparison.schema_differences = schema_differences(&sa, &sb);

    let (ta, tb) = tokio::try_join!(tables(&a), tables(&b))?;
    let mut all: BTreeMap<(String, String), (bool, bool)> = BTreeMap::new();
    for t in ta {
        all.entry(t).or_default().0 = true;
    }
    for t in tb {
        all.entry(t).or_default().1 = true;
    }
    for ((schema, name), (in_a, in_b)) in all {
        let (ca, cb) = tokio::try_join!(
            checksum_if(&a, in_a, &schema, &name),
            checksum_if(&b, in_b, &schema, &name)
        )?;
        let equal = matches!((&ca, &cb), (Some(x), Some(y)) if x == y);
        comparison.tables.push(TableCheck {
            schema,
            name,
            source_rows: ca.map(|c| c.0),
            target_rows: cb.map(|c| c.0),
            equal,
        });
    }
    Ok(comparison)
}

/// The planned TOC entries of the database, as (type, schema, name) → SQL texts (sorted).
async fn schema_entries(
    session: &mut Session,
    database: &str,
) -> Result<BTreeMap<EntryKey, Vec<String>>, DemoError> {
    // The catalog reader runs in the caller's transaction (it sets search_path for it).
    session
        .run("begin the catalog transaction", "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await?;
    let options = tusk_catalog::ReadOptions::default();
    let catalog =
        tusk_catalog::read_catalog(session.client(), &options).await.map_err(|source| {
            DemoError::Catalog { database: database.to_owned(), source: Box::new(source) }
        })?;
    session.run("end the catalog transaction", "COMMIT").await?;
    let plan = tusk_catalog::plan(&catalog);
    let mut map: BTreeMap<EntryKey, Vec<String>> = BTreeMap::new();
    for e in plan.entries {
        let key = (e.desc, e.namespace.unwrap_or_default(), e.tag.unwrap_or_default());
        map.entry(key).or_default().push(e.defn.unwrap_or_default());
    }
    for defns in map.values_mut() {
        defns.sort();
    }
    Ok(map)
}

fn schema_differences(
    a: &BTreeMap<EntryKey, Vec<String>>,
    b: &BTreeMap<EntryKey, Vec<String>>,
) -> Vec<String> {
    let name = |(desc, ns, tag): &EntryKey| {
        if ns.is_empty() { format!("{desc} {tag}") } else { format!("{desc} {ns}.{tag}") }
    };
    let mut out = Vec::new();
    for (key, da) in a {
        match b.get(key) {
            None => {
                out.push(format!("schema entry {}: missing from the restored database", name(key)))
            }
            Some(db) if db != da => {
                let (x, y) = first_difference(da, db);
                out.push(format!(
                    "schema entry {}: the SQL differs (sample: {x:?}, restored: {y:?})",
                    name(key)
                ));
            }
            Some(_) => {}
        }
    }
    for key in b.keys().filter(|k| !a.contains_key(*k)) {
        out.push(format!("schema entry {}: only in the restored database", name(key)));
    }
    out
}

/// The first line where two lists of SQL texts differ.
fn first_difference(a: &[String], b: &[String]) -> (String, String) {
    let la: Vec<&str> = a.iter().flat_map(|s| s.lines()).collect();
    let lb: Vec<&str> = b.iter().flat_map(|s| s.lines()).collect();
    let n = la.len().max(lb.len());
    for i in 0..n {
        let x = la.get(i).copied().unwrap_or("");
        let y = lb.get(i).copied().unwrap_or("");
        if x != y {
            return (x.to_owned(), y.to_owned());
        }
    }
    (String::new(), String::new())
}

/// The tables and materialized views (partitions included, partitioned parents not) outside
/// the system schemas.
async fn tables(session: &Session) -> Result<Vec<(String, String)>, DemoError> {
    let rows = session
        .query(
            "SELECT n.nspname::text, c.relname::text
             FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'm')
               AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
             ORDER BY 1, 2",
            &[],
        )
        .await
        .map_err(|source| DemoError::sql("list the tables", source))?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0).map_err(|source| DemoError::sql("list the tables", source))?,
                r.try_get(1).map_err(|source| DemoError::sql("list the tables", source))?,
            ))
        })
        .collect()
}

/// Row count and checksum of a table, when `present`.
async fn checksum_if(
    session: &Session,
    present: bool,
    schema: &str,
    name: &str,
) -> Result<Option<(u64, String)>, DemoError> {
    if !present {
        return Ok(None);
    }
    let table = quote_qualified(schema, name);
    // The md5 of each row's text, sorted: equal for the same multiset of rows whatever their
    // physical order, and small enough to aggregate for tables of any width.
    let sql = format!(
        "SELECT count(*), coalesce(pg_catalog.md5(pg_catalog.string_agg(h, '' ORDER BY h)), '')
         FROM (SELECT pg_catalog.md5(t::text) AS h FROM {table} AS t) AS s"
    );
    let action = format!("compute the checksum of {table}");
    let row =
        session.query_one(&sql, &[]).await.map_err(|source| DemoError::sql(&action, source))?;
    let count: i64 = row.try_get(0).map_err(|source| DemoError::sql(&action, source))?;
    let sum: String = row.try_get(1).map_err(|source| DemoError::sql(&action, source))?;
    Ok(Some((u64::try_from(count).unwrap_or(0), sum)))
}
