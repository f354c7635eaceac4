//! What to dump ([`TableData`]) and how: the order of the tables and the ctid ranges of big
//! ones.

use tusk_pg::quote::{quote_ident, quote_literal, quote_qualified};

/// The first server version with TID Range Scans (`server_version_num`), below which ctid
/// ranges would each scan the whole table.
pub const MIN_RANGE_SERVER_VERSION: u32 = 140_000;

/// One table whose data is dumped: what the catalog knows about its TABLE DATA entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableData {
    /// The TABLE DATA entry's dump id.
    pub dump_id: i32,
    /// The schema name (unquoted).
    pub schema: String,
    /// The table name (unquoted).
    pub name: String,
    /// The columns to dump, unquoted, in order: pg_dump's list (no dropped or generated
    /// columns). Empty for a table without columns.
    pub columns: Vec<String>,
    /// `relpages` (plus the TOAST table's), for ordering and splitting. May be stale: ranges
    /// stay correct because the last one is open-ended.
    pub relpages: u64,
    /// The data file name as the TOC names it, `"<dumpId>.dat"` (no compression suffix).
    pub filename: String,
    /// Only the rows this condition keeps (`WHERE …`: an extension's configuration table,
    /// `pg_extension_config_dump`). A filtered table is never split into ctid ranges.
    pub filter: Option<String>,
}

impl TableData {
    /// The quoted, schema-qualified name.
    pub fn qualified(&self) -> String {
        quote_qualified(&self.schema, &self.name)
    }

    /// The quoted column list, `a, "B", c`.
    pub fn column_list(&self) -> String {
        let quoted: Vec<_> = self.columns.iter().map(|c| quote_ident(c)).collect();
        quoted.join(", ")
    }

    /// The TOC entry's `copyStmt`: `COPY <qualified> (<cols>) FROM stdin;\n`, as pg_dump
    /// writes it (no parentheses for a table without columns).
    pub fn copy_from_stmt(&self) -> String {
        if self.columns.is_empty() {
            format!("COPY {}  FROM stdin;\n", self.qualified())
        } else {
            format!("COPY {} ({}) FROM stdin;\n", self.qualified(), self.column_list())
        }
    }

    /// Whether the table may be dumped in ctid ranges (not with a filter condition).
    pub(crate) fn splittable(&self) -> bool {
        self.filter.is_none()
    }

    /// The COPY that dumps the whole table (or one ctid range of it). With a filter, as
    /// pg_dump's `dumpTableData_copy`: `COPY (SELECT columns FROM table condition)`.
    pub(crate) fn copy_to_stmt(&self, range: Option<&CtidRange>) -> String {
        let qualified = self.qualified();
        if let Some(filter) = &self.filter {
            let columns = if self.columns.is_empty() { "*".to_owned() } else { self.column_list() };
            return format!("COPY (SELECT {columns} FROM {qualified} {filter}) TO STDOUT");
        }
        match range {
            None if self.columns.is_empty() => format!("COPY {qualified} TO STDOUT"),
            None => format!("COPY {qualified} ({}) TO STDOUT", self.column_list()),
            Some(range) => {
                // ONLY: COPY of a table never includes inheritance children; SELECT would.
                let mut sql = format!("COPY (SELECT {} FROM ONLY {qualified}", self.column_list());
                let mut conds = Vec::new();
                if let Some(first) = range.first_page {
                    conds.push(format!("ctid >= {}::pg_catalog.tid", tid(first)));
                }
                if let Some(end) = range.end_page {
                    conds.push(format!("ctid < {}::pg_catalog.tid", tid(end)));
                }
                if !conds.is_empty() {
                    sql.push_str(" WHERE ");
                    sql.push_str(&conds.join(" AND "));
                }
                sql.push_str(") TO STDOUT");
                sql
            }
        }
    }
}

/// The literal `'(page,0)'`.
fn tid(page: u64) -> String {
    quote_literal(&format!("({page},0)"))
}

/// A ctid range of a split table: pages `first_page..end_page`, where a missing bound is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CtidRange {
    /// Its number (0-based) in the table's range order.
    pub index: usize,
    /// The first page (`ctid >= '(first,0)'`); `None` for the first range.
    pub first_page: Option<u64>,
    /// The page it ends before (`ctid < '(end,0)'`); `None` for the last range.
    pub end_page: Option<u64>,
}

/// Splits a table of `relpages` pages into ctid ranges of about `split_pages` pages each, at
/// most `max_ranges` of them; one range (`None`) if it is not bigger than `split_pages`, the
/// server is older than 14, or splitting is off.
///
/// The first range has no lower bound and the last none upper: rows on pages beyond
/// `relpages` (the table grew after its statistics were taken, but before the snapshot) land
/// in the last range. Pages are visible only as the snapshot sees them, so there is no upper
/// page number that is known to be safe other than "none".
pub fn plan_ranges(
    relpages: u64,
    split_pages: Option<u64>,
    max_ranges: usize,
    server_version_num: u32,
) -> Option<Vec<CtidRange>> {
    let split_pages = split_pages?.max(1);
    if server_version_num < MIN_RANGE_SERVER_VERSION || relpages <= split_pages {
        return None;
    }
    // Block numbers are 32 bits.
    let relpages = relpages.min(u64::from(u32::MAX));
    let wanted = relpages.div_ceil(split_pages);
    let count = wanted.min(max_ranges.max(1) as u64).min(relpages);
    if count < 2 {
        return None;
    }
    let bounds: Vec<u64> = (1..count).map(|i| relpages * i / count).collect();
    let count = count as usize;
    let ranges = (0..count)
        .map(|index| CtidRange {
            index,
            first_page: index.checked_sub(1).and_then(|i| bounds.get(i).copied()),
            end_page: bounds.get(index).copied(),
        })
        .collect();
    Some(ranges)
}

/// The largest range [`balanced_split_pages`] chooses: 1 GiB of 8 kB pages.
pub const MAX_SPLIT_PAGES: u64 = 131_072;

/// The smallest: 32 MiB of 8 kB pages (a COPY per range costs a statement and a scan start).
pub const MIN_SPLIT_PAGES: u64 = 4_096;

/// The range size of a dump of tables of `total_pages` pages over `jobs` sessions when none is
/// given: a quarter of one session's fair share, between [`MIN_SPLIT_PAGES`] and
/// [`MAX_SPLIT_PAGES`]. Any table bigger than that is cut, so that no session is left dumping
/// one big table alone while the others have run out of work (a 1 GB table among 1.5 GB was
/// below a fixed 1 GiB threshold and took twice as long as everything else together).
pub fn balanced_split_pages(total_pages: u64, jobs: usize) -> u64 {
    if jobs <= 1 {
        return MAX_SPLIT_PAGES;
    }
    (total_pages / (jobs as u64 * 4)).clamp(MIN_SPLIT_PAGES, MAX_SPLIT_PAGES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_above_its_sessions_fair_share_is_cut() {
        // 1.5 GB in all, one table of 1.05 GB, two sessions: ranges of ~180 MB.
        let total = 183_000;
        let split = balanced_split_pages(total, 2);
        assert_eq!(split, 22_875);
        let ranges = plan_ranges(128_000, Some(split), 1024, 150_000).expect("split");
        assert_eq!(ranges.len(), 6);
        // Small dumps are not cut below 32 MiB, huge ones not above 1 GiB; one job never.
        assert_eq!(balanced_split_pages(10_000, 2), MIN_SPLIT_PAGES);
        assert_eq!(balanced_split_pages(100_000_000, 8), MAX_SPLIT_PAGES);
        assert_eq!(balanced_split_pages(183_000, 1), MAX_SPLIT_PAGES);
    }

    #[test]
    fn ranges_cover_everything_in_order() {
        let ranges = plan_ranges(100, Some(10), 1024, 150_000).unwrap();
        assert_eq!(ranges.len(), 10);
        assert_eq!(ranges[0].first_page, None);
        assert_eq!(ranges[9].end_page, None);
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end_page, pair[1].first_page);
        }
        assert_eq!(plan_ranges(100, Some(10), 4, 150_000).unwrap().len(), 4);
        assert_eq!(plan_ranges(100, Some(100), 4, 150_000), None);
        assert_eq!(plan_ranges(100, Some(10), 4, 130_000), None);
        assert_eq!(plan_ranges(100, None, 4, 150_000), None);
    }

    #[test]
    fn statements() {
        let t = TableData {
            dump_id: 7,
            schema: "public".into(),
            name: "Mixed".into(),
            columns: vec!["id".into(), "select".into()],
            relpages: 0,
            filename: "7.dat".into(),
            filter: None,
        };
        assert_eq!(t.copy_from_stmt(), "COPY public.\"Mixed\" (id, \"select\") FROM stdin;\n");
        assert_eq!(t.copy_to_stmt(None), "COPY public.\"Mixed\" (id, \"select\") TO STDOUT");
        let r = CtidRange { index: 1, first_page: Some(3), end_page: Some(9) };
        assert_eq!(
            t.copy_to_stmt(Some(&r)),
            "COPY (SELECT id, \"select\" FROM ONLY public.\"Mixed\" WHERE ctid >= \
             '(3,0)'::pg_catalog.tid AND ctid < '(9,0)'::pg_catalog.tid) TO STDOUT"
        );
        let filtered = TableData { filter: Some("WHERE id > 1".into()), ..t };
        assert!(!filtered.splittable());
        assert_eq!(
            filtered.copy_to_stmt(None),
            "COPY (SELECT id, \"select\" FROM public.\"Mixed\" WHERE id > 1) TO STDOUT"
        );
    }
}
