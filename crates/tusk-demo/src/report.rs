//! The demo's report: what ran, how long it took, what was checked.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::compare::Comparison;
use crate::sample::SampleStats;
use crate::{RESTORED_DATABASE, SAMPLE_DATABASE, secs};

/// What [`run`](crate::run) did; `Display` prints it for people.
#[derive(Debug, Clone)]
pub struct DemoReport {
    /// The server's `server_version`.
    pub server_version: String,
    /// The throw-away cluster's data directory (removed when the demo ends).
    pub data_dir: PathBuf,
    /// The sample's size.
    pub sample: SampleStats,
    /// Time to create and fill the sample.
    pub generate_time: Duration,
    /// The archive directory (kept).
    pub archive: PathBuf,
    /// The bytes of its files.
    pub archive_bytes: u64,
    /// What the dump wrote.
    pub dump: tusk::dump::DumpSummary,
    /// The dump's wall-clock time.
    pub dump_time: Duration,
    /// Sessions of the dump and of the restore.
    pub jobs: usize,
    /// What the restore did.
    pub restore: tusk::restore::RestoreSummary,
    /// The restore's wall-clock time.
    pub restore_time: Duration,
    /// The comparison of the sample and the restored database.
    pub comparison: Comparison,
    /// Time of the comparison.
    pub check_time: Duration,
}

/// Bytes in MiB with one decimal.
fn mib(bytes: u64) -> String {
    // Display only: f64 is exact enough for byte counts below 2^53.
    #[allow(clippy::cast_precision_loss)]
    let m = bytes as f64 / (1024.0 * 1024.0);
    format!("{m:.1} MiB")
}

/// A count with thousands separators.
fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for DemoReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.comparison;
        let rows = c.rows();
        writeln!(f, "tusk demo: dump, restore and check of a generated sample database")?;
        writeln!(f)?;
        writeln!(
            f,
            "PostgreSQL  {} (throw-away cluster, data directory {}, removed at exit)",
            self.server_version,
            self.data_dir.display()
        )?;
        writeln!(
            f,
            "Sample      database {SAMPLE_DATABASE}: {} tables, {} rows, {} of table data + {} of \
             indexes (generated in {})",
            c.tables.len(),
            count(rows),
            mib(self.sample.table_bytes),
            mib(self.sample.index_bytes),
            secs(self.generate_time)
        )?;
        let ratio = if self.dump.compressed_bytes > 0 {
            #[allow(clippy::cast_precision_loss)]
            let r = self.dump.uncompressed_bytes as f64 / self.dump.compressed_bytes as f64;
            format!(", ratio {r:.2}")
        } else {
            String::new()
        };
        writeln!(
            f,
            "Dump        {} with {} jobs: {} entries, {} tables, {} rows; {} of COPY data in {} \
             of zstd files{ratio}; archive {}",
            secs(self.dump_time),
            self.jobs,
            self.dump.entries,
            self.dump.tables,
            count(self.dump.rows),
            mib(self.dump.uncompressed_bytes),
            mib(self.dump.compressed_bytes),
            mib(self.archive_bytes)
        )?;
        writeln!(
            f,
            "Restore     {} with {} jobs into {RESTORED_DATABASE}: {} entries, {} tables, {} rows, \
             {} tables analyzed, {} errors",
            secs(self.restore_time),
            self.jobs,
            self.restore.entries,
            self.restore.tables,
            count(self.restore.rows),
            self.restore.analyzed,
            self.restore.errors.len() + self.restore.skipped.len()
        )?;
        let schema_ok = c.schema_differences.is_empty();
        writeln!(
            f,
            "Check       schema: {} entries planned by tusk's catalog reader in each database \
             (type, schema, name, SQL): {}",
            c.source_entries,
            if schema_ok {
                "all equal".to_owned()
            } else {
                format!("{} differ", c.schema_differences.len())
            }
        )?;
        let unequal = c.tables.iter().filter(|t| !t.equal).count();
        writeln!(
            f,
            "            data: {} tables, {} rows (row count and md5 of the sorted row checksums, \
             per table): {} (in {})",
            c.tables.len(),
            count(rows),
            if unequal == 0 { "all equal".to_owned() } else { format!("{unequal} differ") },
            secs(self.check_time)
        )?;
        if c.is_equal() {
            writeln!(f, "Result      OK: the restored database equals the sample")?;
        } else {
            writeln!(f, "Result      FAILED:")?;
            for d in c.differences() {
                writeln!(f, "              {d}")?;
            }
        }
        write!(f, "Archive     {} (kept)", self.archive.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sizes() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(mib(3 * 1024 * 1024 / 2), "1.5 MiB");
    }
}
