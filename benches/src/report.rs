//! The harness's results: samples per tool, grouped per comparison, rendered as a markdown
//! table and as JSON.

use serde_json::{Value, json};

use crate::median;

/// One timed run of one tool.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// Wall time, seconds.
    pub wall_s: f64,
    /// User + system CPU of the client processes (with reaped children), seconds.
    pub cpu_s: f64,
    /// Largest `ru_maxrss` of the client processes, KiB.
    pub max_rss_kb: i64,
    /// CPU seconds of the server's processes meanwhile (backends, parallel workers, background
    /// processes), when measured.
    pub server_cpu_s: Option<f64>,
    /// The archive's size, for dumps.
    pub archive_bytes: Option<u64>,
}

/// What a row of a comparison is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// tusk: the numerator of every ratio in its group.
    Tusk,
    /// A stock tool (or pgcopydb).
    Peer,
    /// The floor: COPY TO /dev/null over the same number of connections.
    Floor,
    /// tusk with other settings (e.g. no compression), to show where its time goes.
    Variant,
}

/// One tool in one comparison and its samples.
#[derive(Debug, Clone)]
pub struct ToolRow {
    /// The label printed in the table.
    pub label: String,
    /// Its role.
    pub role: Role,
    /// The command line(s), as run (placeholders for per-run paths and databases).
    pub command: String,
    /// The timed samples.
    pub samples: Vec<Sample>,
}

impl ToolRow {
    fn walls(&self) -> Vec<f64> {
        self.samples.iter().map(|s| s.wall_s).collect()
    }

    /// Median wall time.
    pub fn wall_median(&self) -> f64 {
        median(self.walls())
    }

    fn wall_min(&self) -> f64 {
        self.walls().into_iter().fold(f64::INFINITY, f64::min)
    }

    fn wall_max(&self) -> f64 {
        self.walls().into_iter().fold(f64::NEG_INFINITY, f64::max)
    }

    /// Median CPU time.
    pub fn cpu_median(&self) -> f64 {
        median(self.samples.iter().map(|s| s.cpu_s).collect())
    }

    /// Median server CPU time, when every sample has one.
    pub fn server_cpu_median(&self) -> Option<f64> {
        let v: Option<Vec<f64>> = self.samples.iter().map(|s| s.server_cpu_s).collect();
        v.filter(|v| !v.is_empty()).map(median)
    }

    /// Median share of the machine's `cpus` kept busy by client and server together:
    /// (client CPU + server CPU) / (cpus × wall), per sample.
    pub fn busy_median(&self, cpus: usize) -> Option<f64> {
        if cpus == 0 {
            return None;
        }
        let v: Option<Vec<f64>> = self
            .samples
            .iter()
            .map(|s| s.server_cpu_s.map(|srv| (s.cpu_s + srv) / (cpus as f64 * s.wall_s)))
            .collect();
        v.filter(|v| !v.is_empty()).map(median)
    }

    fn rss_max_kb(&self) -> i64 {
        self.samples.iter().map(|s| s.max_rss_kb).max().unwrap_or(0)
    }

    fn archive_median(&self) -> Option<f64> {
        let v: Option<Vec<f64>> =
            self.samples.iter().map(|s| s.archive_bytes.map(|b| b as f64)).collect();
        v.filter(|v| !v.is_empty()).map(median)
    }
}

/// One comparison: tusk and its peers (and perhaps the floor), run alternately.
#[derive(Debug, Clone)]
pub struct Group {
    /// `dump`, `restore`, `clone`, `schema-only dump`, …
    pub name: String,
    /// Its rows; at most one has [`Role::Tusk`].
    pub rows: Vec<ToolRow>,
    /// Notes printed under the table (skipped peers, …).
    pub notes: Vec<String>,
}

impl Group {
    fn tusk(&self) -> Option<&ToolRow> {
        self.rows.iter().find(|r| r.role == Role::Tusk)
    }

    /// tusk's median wall and CPU divided by `row`'s, for rows other than tusk's.
    fn ratios(&self, row: &ToolRow) -> Option<(f64, f64)> {
        let t = self.tusk()?;
        if row.role == Role::Tusk {
            return None;
        }
        Some((t.wall_median() / row.wall_median(), t.cpu_median() / row.cpu_median()))
    }
}

/// The markdown table of all groups; `cpus` is the machine's CPU count (for the busy share).
pub fn markdown(groups: &[Group], cpus: usize) -> String {
    let mut s = String::from(
        "| pair | tool | wall median s | wall min s | wall max s | user+sys median s | \
         server CPU median s | CPUs busy | peak RSS max MB | archive MB | wall tusk÷this | \
         CPU tusk÷this |\n\
         |---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n",
    );
    for g in groups {
        for r in &g.rows {
            if r.samples.is_empty() {
                continue;
            }
            let (wr, cr) = match g.ratios(r) {
                Some((w, c)) => (format!("{w:.3}"), format!("{c:.3}")),
                None => ("".into(), "".into()),
            };
            s.push_str(&format!(
                "| {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} | {:.1} | {} | {wr} | {cr} |\n",
                g.name,
                r.label,
                r.wall_median(),
                r.wall_min(),
                r.wall_max(),
                r.cpu_median(),
                r.server_cpu_median().map(|c| format!("{c:.2}")).unwrap_or_default(),
                r.busy_median(cpus).map(|b| format!("{:.0} %", b * 100.0)).unwrap_or_default(),
                r.rss_max_kb() as f64 / 1024.0,
                r.archive_median().map(|b| format!("{:.1}", b / 1e6)).unwrap_or_default(),
            ));
        }
    }
    for g in groups {
        for n in &g.notes {
            s.push_str(&format!("\n{}: {n}", g.name));
        }
    }
    if groups.iter().any(|g| !g.notes.is_empty()) {
        s.push('\n');
    }
    s
}

/// The groups as JSON: every sample, the statistics and the ratios.
pub fn groups_json(groups: &[Group], cpus: usize) -> Value {
    Value::Array(
        groups
            .iter()
            .map(|g| {
                json!({
                    "pair": g.name,
                    "notes": g.notes,
                    "rows": g.rows.iter().map(|r| {
                        let ratio = g.ratios(r).map(|(w, c)| json!({"wall": w, "cpu": c}));
                        json!({
                            "tool": r.label,
                            "role": match r.role { Role::Tusk => "tusk", Role::Peer => "peer", Role::Floor => "floor", Role::Variant => "tusk variant" },
                            "command": r.command,
                            "wall_s": {"median": r.wall_median(), "min": r.wall_min(), "max": r.wall_max()},
                            "cpu_s_median": r.cpu_median(),
                            "server_cpu_s_median": r.server_cpu_median(),
                            "cpus_busy_median": r.busy_median(cpus),
                            "max_rss_kb": r.rss_max_kb(),
                            "archive_bytes_median": r.archive_median(),
                            "ratio_tusk_to_this": ratio,
                            "samples": r.samples.iter().map(|s| json!({
                                "wall_s": s.wall_s, "cpu_s": s.cpu_s, "server_cpu_s": s.server_cpu_s,
                                "max_rss_kb": s.max_rss_kb, "archive_bytes": s.archive_bytes,
                            })).collect::<Vec<_>>(),
                        })
                    }).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}
