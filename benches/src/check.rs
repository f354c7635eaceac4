//! The check after every restore and clone: the copy must equal the source.
//!
//! Two parts, both untimed:
//! - the schema: `pg_dump --schema-only` text of both databases, with the cluster's own
//!   `pg_dump` and without the `\restrict`/`\unrestrict` lines (their key is random), must be
//!   equal;
//! - the rows: per table and materialized view, the row count and an md5 over the sorted md5s
//!   of the rows' text (ordered, so any changed, missing or extra row shows; hashing rows
//!   first keeps the aggregate at 32 bytes a row, so a 1 GB table stays far below the 1 GB
//!   limit of one text value). All tables are checked in one psql session.

use std::collections::BTreeMap;

use anyhow::{Context as _, bail, ensure};
use tusk_testkit::Cluster;

use crate::datasets::{psql, tables_by_size};

/// What a correct copy of the source must show.
#[derive(Debug, Clone)]
pub struct Expected {
    schema: String,
    sums: BTreeMap<String, String>,
}

impl Expected {
    /// Reads the source database `db`. With `data` false, the copy is expected to have the
    /// same tables but no rows (a schema-only copy).
    pub fn of(cluster: &Cluster, db: &str, data: bool) -> anyhow::Result<Self> {
        let schema = schema_text(cluster, db)?;
        let mut sums = checksums(cluster, db)?;
        if !data {
            for v in sums.values_mut() {
                *v = "0:-".to_owned();
            }
        }
        Ok(Expected { schema, sums })
    }

    /// The number of tables and materialized views compared.
    pub fn tables(&self) -> usize {
        self.sums.len()
    }

    /// Compares the database `db` with the source; the error names what differs (`what`
    /// names the run, e.g. `tusk restore run2`).
    pub fn verify(&self, cluster: &Cluster, db: &str, what: &str) -> anyhow::Result<()> {
        let schema = schema_text(cluster, db)?;
        if schema != self.schema {
            bail!(
                "{what}: the copy's schema differs from the source's:\n{}",
                diff(&self.schema, &schema)
            );
        }
        let sums = checksums(cluster, db)?;
        for (table, want) in &self.sums {
            match sums.get(table) {
                None => bail!("{what}: table {table} is missing from the copy"),
                Some(got) if got != want => bail!(
                    "{what}: table {table} differs: source has {want}, copy has {got} \
                     (rows:md5 of the sorted row md5s)"
                ),
                Some(_) => {}
            }
        }
        if let Some(extra) = sums.keys().find(|t| !self.sums.contains_key(*t)) {
            bail!("{what}: the copy has a table the source has not: {extra}");
        }
        Ok(())
    }
}

/// `pg_dump --schema-only` of `db` with the cluster's `pg_dump`, minus the `\restrict` and
/// `\unrestrict` lines.
pub fn schema_text(cluster: &Cluster, db: &str) -> anyhow::Result<String> {
    let out = cluster
        .tool("pg_dump")
        .args(["--schema-only", "-d", db])
        .output()
        .context("could not run pg_dump")?;
    ensure!(
        out.status.success(),
        "pg_dump --schema-only {db} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).context("pg_dump output is not UTF-8")?;
    Ok(text
        .lines()
        .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
        .map(|l| format!("{l}\n"))
        .collect())
}

/// `schema.table` → `rows:md5` for every table and materialized view of `db`.
pub fn checksums(cluster: &Cluster, db: &str) -> anyhow::Result<BTreeMap<String, String>> {
    let tables = tables_by_size(cluster, db, true)?;
    let mut sql = String::new();
    for (t, _) in &tables {
        sql.push_str(&format!(
            "SELECT count(*) || ':' || coalesce(md5(string_agg(h, '' ORDER BY h)), '-') \
             FROM (SELECT md5(t::text) AS h FROM {t} t) s;\n"
        ));
    }
    let out = psql(cluster, db, &sql)?;
    let lines: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
    ensure!(
        lines.len() == tables.len(),
        "checksums of {db}: {} tables but {} results",
        tables.len(),
        lines.len()
    );
    Ok(tables.into_iter().map(|(t, _)| t).zip(lines.into_iter().map(str::to_owned)).collect())
}

/// The first difference between two texts, with the object it belongs to (the preceding
/// `-- Name:` header line of pg_dump's output).
fn diff(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let i = w.iter().zip(&g).position(|(a, b)| a != b).unwrap_or(w.len().min(g.len()));
    let object = w[..i.min(w.len())]
        .iter()
        .rev()
        .find(|l| l.starts_with("-- Name:"))
        .copied()
        .unwrap_or("(before the first object)");
    format!(
        "  in {object}\n  line {}: source: {:?}\n  line {}: copy:   {:?}\n  ({} lines in the source, {} in the copy)",
        i + 1,
        w.get(i).copied().unwrap_or("<end>"),
        i + 1,
        g.get(i).copied().unwrap_or("<end>"),
        w.len(),
        g.len()
    )
}
