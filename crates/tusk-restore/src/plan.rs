//! What a restore runs, in which phase and after what: the selected entries split into the
//! database entry, the definitions run in archive order on one session, the steps the
//! scheduler runs over the dependency graph, and the privilege and post-privilege passes.
//!
//! Built from the TOC alone (plus file sizes and the manifest), so the ordering rules are
//! tested without a server.

use std::collections::{BTreeMap, BTreeSet};

use tusk_archive::listing::Requirement;
use tusk_archive::{Section, TocEntry};

use crate::statements::unique_index_split;

/// A selected entry, as [`Selection::requirements`](tusk_archive::listing::Selection) gives
/// it: the entry, its section in restore order, what of it to restore.
pub(crate) type Selected<'t> = (&'t TocEntry, Section, Requirement);

/// pg_restore's restore passes: privileges come after every other object, and materialized
/// view contents and event triggers after the privileges (a refresh may need them; an event
/// trigger must not fire during the restore).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Main,
    Acl,
    PostAcl,
}

fn pass_of(entry: &TocEntry) -> Pass {
    match entry.desc.as_str() {
        "ACL" | "ACL LANGUAGE" | "DEFAULT ACL" => Pass::Acl,
        "EVENT TRIGGER" | "MATERIALIZED VIEW DATA" => Pass::PostAcl,
        // As pg_restore 18: post-data statistics (of indexes, and of materialized views,
        // which a REFRESH resets) after the refreshes, in archive order.
        STATISTICS_DATA if entry.section == Section::PostData => Pass::PostAcl,
        // Comments and labels go with their parent; of the post-privilege kinds only event
        // triggers have them.
        "COMMENT" | "SECURITY LABEL"
            if entry.tag.as_deref().is_some_and(|t| t.starts_with("EVENT TRIGGER ")) =>
        {
            Pass::PostAcl
        }
        _ => Pass::Main,
    }
}

/// What one scheduled step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StepKind {
    /// Selected entry `entry` (an index into the selected list): its definition, data or
    /// both.
    Entry(usize),
    /// A pre-data definition run beside others of its stretch (not one of the plan's steps).
    PreData(usize),
    /// Chunk `chunk` of the data file of TABLE DATA entry `entry` (tusk archives).
    Chunk { entry: usize, chunk: usize },
    /// One of the sessions that share the rows of TABLE DATA entry `entry`: one reader
    /// hands whole lines of the data file to whichever of them is ready (for big tables
    /// without chunk offsets, e.g. pg_dump's).
    Part { entry: usize },
    /// Every chunk or part of TABLE DATA entry `entry` has run: if one failed, empty the
    /// table so that it holds no partial data.
    ChunksDone(usize),
    /// `ANALYZE` of the table of TABLE DATA entry `entry`.
    Analyze(usize),
    /// The unique index of primary key or unique constraint entry `entry`, built before the
    /// constraint adopts it (the entry's own step).
    UniqueIndex(usize),
}

/// A step of the scheduled phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) kind: StepKind,
    /// Steps that must have finished first.
    pub(crate) deps: Vec<usize>,
    /// Dump ids of the tables (TABLE or TABLE DATA) this step locks exclusively: two steps
    /// sharing one never run at once (pg_restore's rule, which avoids lock waits and
    /// deadlocks between sessions).
    pub(crate) locks: Vec<i32>,
    /// Dump ids of the tables an index build locks in share mode: index builds on one table
    /// run together, but not while a step holds it exclusively (which would only wait).
    pub(crate) shared: Vec<i32>,
    /// Larger runs first: the data size of the table(s) involved.
    pub(crate) priority: u64,
    /// Among steps of equal priority, wider first: the key columns of an index or
    /// constraint (an index over more columns sorts wider keys and takes longer, so starting
    /// it first shortens the tail when sessions run out of other work).
    pub(crate) width: usize,
}

impl Step {
    /// A step of `kind` with this priority, no dependencies or locks yet.
    pub(crate) fn new(kind: StepKind, priority: u64) -> Self {
        Self { kind, deps: Vec::new(), locks: Vec::new(), shared: Vec::new(), priority, width: 0 }
    }
}

/// Everything a restore runs, by phase. Indexes point into the selected list.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// The DATABASE entry (with `--create`).
    pub(crate) database: Option<usize>,
    /// Entries whose objects `--clean` drops, in drop order (reverse restore order).
    pub(crate) clean: Vec<usize>,
    /// Definitions run in order on one session before the scheduled phase.
    pub(crate) pre_data: Vec<usize>,
    /// The scheduled phase.
    pub(crate) steps: Vec<Step>,
    /// The privilege pass, in order.
    pub(crate) acl: Vec<usize>,
    /// Materialized view refreshes, event triggers and their comments, in order.
    pub(crate) post_acl: Vec<usize>,
    /// TABLE DATA entries with data to load.
    pub(crate) tables: usize,
    /// Their total size (uncompressed where the manifest says, else on disk).
    pub(crate) bytes: u64,
}

/// Per-entry facts the plan needs from outside the TOC.
pub(crate) struct Sizes<'a> {
    /// The data size of an entry (uncompressed if known), 0 if none.
    pub(crate) size: &'a dyn Fn(&TocEntry) -> u64,
    /// The sizes of the pieces a TABLE DATA entry can be loaded in at once (empty: whole).
    pub(crate) pieces: &'a dyn Fn(&TocEntry) -> Vec<u64>,
}

/// The least data (bytes) a table must have for its primary key or unique constraint to be
/// built as a unique index alongside its other indexes, then adopted.
pub(crate) const UNIQUE_SPLIT_MIN: u64 = 8 << 20;

/// Whether an entry is a table's data.
pub(crate) fn is_table_data(entry: &TocEntry) -> bool {
    entry.desc == "TABLE DATA"
}

/// pg_dump 18's planner statistics of a relation.
pub(crate) const STATISTICS_DATA: &str = "STATISTICS DATA";

/// The relation an entry is about, by schema and name (a table, its data and its statistics
/// share it).
pub(crate) fn relation_key(entry: &TocEntry) -> (String, String) {
    (entry.namespace.clone().unwrap_or_default(), entry.tag.clone().unwrap_or_default())
}

/// Whether an entry defines a relation that has data or statistics.
fn is_relation(entry: &TocEntry) -> bool {
    matches!(entry.desc.as_str(), "TABLE" | "MATERIALIZED VIEW" | "FOREIGN TABLE")
}

impl Plan {
    /// Plans the restore of `selected` (all entries in restore order, selected or not).
    /// `split`: how many sessions may load one table at once (1: no splitting), for tables
    /// of at least `split_min` bytes; `analyze` adds the ANALYZE steps.
    pub(crate) fn build(
        selected: &[Selected<'_>],
        sizes: &Sizes<'_>,
        split: (usize, u64),
        analyze: bool,
    ) -> Self {
        let mut plan = Plan::default();
        let mut pending: Vec<usize> = Vec::new();
        let mut skipped_some = false;
        for (i, (entry, _, req)) in selected.iter().enumerate() {
            if !req.is_selected() {
                continue;
            }
            if entry.desc == "DATABASE" {
                plan.database = Some(i);
                continue;
            }
            // pg_restore drops whatever is selected and has a drop statement, data entries
            // included (large objects are BLOB entries with a data requirement).
            if (req.schema || req.data)
                && entry.drop_stmt.as_deref().is_some_and(|d| !d.trim().is_empty())
            {
                plan.clean.push(i);
            }
            match pass_of(entry) {
                Pass::Acl => plan.acl.push(i),
                Pass::PostAcl => plan.post_acl.push(i),
                Pass::Main => match entry.section {
                    Section::PreData => plan.pre_data.push(i),
                    Section::Data | Section::PostData => {
                        pending.push(i);
                        skipped_some = true;
                    }
                    // Comments and the like run with the definitions until something has
                    // been deferred; after that they wait for their dependencies.
                    Section::None if skipped_some => pending.push(i),
                    Section::None => plan.pre_data.push(i),
                },
            }
        }
        plan.clean.reverse();
        plan.schedule(selected, &pending, sizes, split, analyze);
        plan
    }

    /// Builds the scheduled steps for the `pending` entries.
    fn schedule(
        &mut self,
        selected: &[Selected<'_>],
        pending: &[usize],
        sizes: &Sizes<'_>,
        (split, split_min): (usize, u64),
        analyze: bool,
    ) {
        let by_id: BTreeMap<i32, &TocEntry> =
            selected.iter().map(|(e, _, _)| (e.dump_id, *e)).collect();
        // TABLE dump id → the TABLE DATA entry being loaded for it.
        let mut data_of_table: BTreeMap<i32, i32> = BTreeMap::new();
        for &i in pending {
            let (entry, _, req) = selected[i];
            if is_table_data(entry)
                && req.data
                && let Some(table) = table_of(entry, &by_id)
            {
                data_of_table.insert(table, entry.dump_id);
            }
        }
        // Dump id → the step that completes it.
        let mut done_by: BTreeMap<i32, usize> = BTreeMap::new();
        let mut size_of: BTreeMap<i32, u64> = BTreeMap::new();
        for &i in pending {
            let (entry, _, req) = selected[i];
            let size = if req.data { (sizes.size)(entry) } else { 0 };
            size_of.insert(entry.dump_id, size);
            if is_table_data(entry) && req.data {
                self.tables += 1;
                self.bytes += size;
            }
            let loads_copy = is_table_data(entry)
                && req.data
                && entry.copy_stmt.as_deref().is_some_and(|c| !c.trim().is_empty());
            let chunk_sizes =
                if split > 1 && loads_copy { (sizes.pieces)(entry) } else { Vec::new() };
            let chunked = chunk_sizes.len() > 1;
            let parts = if split > 1 && loads_copy && !chunked && size >= split_min {
                usize::try_from(size / split_min.max(1)).unwrap_or(usize::MAX).clamp(2, split)
            } else {
                1
            };
            // A table loaded in pieces: one step per chunk or session share, then a barrier.
            let pieces: Vec<Step> = if parts > 1 {
                (0..parts).map(|_| Step::new(StepKind::Part { entry: i }, size)).collect()
            } else if chunked {
                (0..chunk_sizes.len())
                    .zip(chunk_sizes)
                    .map(|(c, size)| Step::new(StepKind::Chunk { entry: i, chunk: c }, size))
                    .collect()
            } else {
                Vec::new()
            };
            if !pieces.is_empty() {
                let first = self.steps.len();
                self.steps.extend(pieces);
                done_by.insert(entry.dump_id, self.steps.len());
                let barrier = Step::new(StepKind::ChunksDone(i), size);
                self.steps.push(Step { deps: (first..self.steps.len()).collect(), ..barrier });
            } else {
                // Splitting pays off when the index build takes a while: on a table with
                // little data, two statements cost more than one.
                let table_data = entry
                    .dependencies
                    .iter()
                    .filter_map(|d| data_of_table.get(d).and_then(|data| size_of.get(data)))
                    .max()
                    .copied()
                    .unwrap_or(0);
                if req.schema
                    && table_data >= UNIQUE_SPLIT_MIN
                    && unique_index_split(entry).is_some()
                {
                    self.steps.push(Step::new(StepKind::UniqueIndex(i), size));
                }
                done_by.insert(entry.dump_id, self.steps.len());
                self.steps.push(Step::new(StepKind::Entry(i), size));
            }
        }
        // Dependencies, with post-data dependencies on a table moved to its data (so an
        // index waits for the rows, not just the table), and the exclusive locks.
        let mut analyze_deps: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        // TABLE (or MATERIALIZED VIEW) dump id → the steps of the indexes and constraints
        // built on it.
        let mut built_on: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for &i in pending {
            let (entry, _, _) = selected[i];
            let Some(&step) = done_by.get(&entry.dump_id) else { continue };
            let post_data = entry.section == Section::PostData;
            let mut deps = Vec::new();
            let mut locks = Vec::new();
            let mut shared = Vec::new();
            let unique_step =
                step.checked_sub(1).filter(|&u| self.steps[u].kind == StepKind::UniqueIndex(i));
            let mut priority = self.steps[step].priority;
            for &dep in &entry.dependencies {
                if post_data
                    && matches!(entry.desc.as_str(), "INDEX" | "CONSTRAINT")
                    && by_id.get(&dep).is_some_and(|d| is_relation(d))
                {
                    let steps = built_on.entry(dep).or_default();
                    if !steps.contains(&step) {
                        steps.push(step);
                    }
                }
                let dep = match data_of_table.get(&dep) {
                    Some(&data) if post_data => data,
                    _ => dep,
                };
                if let Some(&s) = done_by.get(&dep)
                    && s != step
                    && !deps.contains(&s)
                {
                    deps.push(s);
                }
                if post_data {
                    priority = priority.max(size_of.get(&dep).copied().unwrap_or(0));
                    let is_table = by_id
                        .get(&dep)
                        .is_some_and(|d| d.desc == "TABLE" || d.desc == "TABLE DATA");
                    if is_table {
                        if entry.desc != "INDEX" && !locks.contains(&dep) {
                            locks.push(dep);
                        }
                        if (entry.desc == "INDEX" || unique_step.is_some())
                            && !shared.contains(&dep)
                        {
                            shared.push(dep);
                        }
                    }
                    // The table's statistics include expression indexes: ANALYZE after the
                    // indexes and unique/primary key constraints that read the table.
                    if matches!(entry.desc.as_str(), "INDEX" | "CONSTRAINT")
                        && by_id.get(&dep).is_some_and(|d| is_table_data(d))
                        && !analyze_deps.get(&dep).is_some_and(|s| s.contains(&step))
                    {
                        analyze_deps.entry(dep).or_default().push(step);
                    }
                }
            }
            // A chunked table's chunks wait for what its data waits for; its barrier waits
            // for the chunks.
            // A split constraint's index build waits for what the constraint waits for, and
            // the constraint for its index.
            let mut targets: Vec<usize> = match self.steps[step].kind {
                StepKind::ChunksDone(_) => self.steps[step].deps.clone(),
                _ => vec![step],
            };
            targets.extend(unique_step);
            for t in targets {
                self.steps[t].deps.extend(deps.iter().copied());
            }
            let width = if matches!(entry.desc.as_str(), "INDEX" | "CONSTRAINT") {
                key_columns(entry.defn.as_deref().unwrap_or(""))
            } else {
                0
            };
            if let Some(u) = unique_step {
                let index = &mut self.steps[u];
                index.shared = shared;
                index.priority = priority;
                index.width = width;
                self.steps[step].deps.push(u);
            } else {
                self.steps[step].shared = shared;
            }
            let s = &mut self.steps[step];
            s.locks = locks;
            s.priority = priority;
            s.width = width;
        }
        // A relation's statistics (data section: tables, partitioned and foreign tables) go
        // in once its data is loaded and every index and constraint on it is built (TRUNCATE
        // and CREATE INDEX rewrite `relpages` and `reltuples`), holding the table as the
        // other post-data steps on it do; its ANALYZE then waits for them.
        let relations: BTreeMap<(String, String), i32> = selected
            .iter()
            .filter(|(e, _, _)| is_relation(e))
            .map(|(e, _, _)| (relation_key(e), e.dump_id))
            .collect();
        let mut statistics_of: BTreeMap<i32, usize> = BTreeMap::new();
        for &i in pending {
            let (entry, _, req) = selected[i];
            if entry.desc != STATISTICS_DATA || !req.statistics {
                continue;
            }
            let Some(&step) = done_by.get(&entry.dump_id) else { continue };
            let table = entry
                .dependencies
                .iter()
                .copied()
                .find(|d| {
                    by_id
                        .get(d)
                        .is_some_and(|t| is_relation(t) && relation_key(t) == relation_key(entry))
                })
                .or_else(|| relations.get(&relation_key(entry)).copied());
            let Some(table) = table else { continue };
            statistics_of.insert(table, step);
            let data = data_of_table.get(&table).copied();
            let mut deps: Vec<usize> =
                data.and_then(|d| done_by.get(&d)).copied().into_iter().collect();
            deps.extend(built_on.get(&table).into_iter().flatten().copied());
            let s = &mut self.steps[step];
            for d in deps {
                if d != step && !s.deps.contains(&d) {
                    s.deps.push(d);
                }
            }
            let lock = data.unwrap_or(table);
            if !s.locks.contains(&lock) {
                s.locks.push(lock);
            }
            s.priority = s.priority.max(data.and_then(|d| size_of.get(&d)).copied().unwrap_or(0));
        }
        if !analyze {
            return;
        }
        for &i in pending {
            let (entry, _, req) = selected[i];
            if !(is_table_data(entry) && req.data) {
                continue;
            }
            let Some(&data_step) = done_by.get(&entry.dump_id) else { continue };
            let mut deps = vec![data_step];
            deps.extend(analyze_deps.get(&entry.dump_id).into_iter().flatten().copied());
            // After the table's statistics: they make its ANALYZE unneeded, if restored.
            deps.extend(table_of(entry, &by_id).and_then(|t| statistics_of.get(&t)).copied());
            let deps: Vec<usize> = deps.into_iter().collect::<BTreeSet<_>>().into_iter().collect();
            let priority = self.steps[data_step].priority;
            self.steps.push(Step { deps, ..Step::new(StepKind::Analyze(i), priority) });
        }
    }
}

/// How many key columns (or expressions) an index or constraint definition lists: the
/// entries of the first parenthesized list after `USING method`, `PRIMARY KEY`, `UNIQUE` or
/// `EXCLUDE USING method`; 0 if there is none.
pub(crate) fn key_columns(defn: &str) -> usize {
    let start = [" USING ", "PRIMARY KEY", "UNIQUE"]
        .iter()
        .filter_map(|k| defn.find(k))
        .min()
        .and_then(|at| defn[at..].find('(').map(|p| at + p + 1));
    let Some(start) = start else { return 0 };
    let mut depth = 1;
    let mut count = 1;
    let mut quoted = false;
    for c in defn[start..].chars() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '(' => depth += 1,
            ')' if depth == 1 => return count,
            ')' => depth -= 1,
            ',' if depth == 1 => count += 1,
            _ => {}
        }
    }
    0
}

/// The TABLE (or MATERIALIZED VIEW) entry a data entry fills: the dependency with the same
/// name.
pub(crate) fn table_of(data: &TocEntry, by_id: &BTreeMap<i32, &TocEntry>) -> Option<i32> {
    data.dependencies.iter().copied().find(|id| {
        by_id.get(id).is_some_and(|t| {
            matches!(t.desc.as_str(), "TABLE" | "MATERIALIZED VIEW")
                && t.tag == data.tag
                && t.namespace == data.namespace
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(id: i32, desc: &str, section: Section, tag: &str, deps: &[i32]) -> TocEntry {
        let mut entry = TocEntry::new(id, desc, section);
        entry.tag = Some(tag.to_owned());
        entry.namespace = Some("public".to_owned());
        entry.dependencies = deps.to_vec();
        if matches!(desc, "TABLE" | "CONSTRAINT" | "INDEX" | "FK CONSTRAINT") {
            entry.drop_stmt = Some(format!("DROP {desc} public.{tag};"));
        }
        entry
    }

    fn req(entry: &TocEntry) -> Requirement {
        let statistics = entry.desc == STATISTICS_DATA;
        Requirement {
            schema: entry.section != Section::Data && !statistics,
            data: entry.section == Section::Data && !statistics,
            statistics,
            special: false,
        }
    }

    fn plan(entries: &[TocEntry], analyze: bool) -> Plan {
        let selected: Vec<Selected<'_>> = entries.iter().map(|e| (e, e.section, req(e))).collect();
        let size =
            |e: &TocEntry| if e.tag.as_deref() == Some("big") { UNIQUE_SPLIT_MIN } else { 10 };
        let pieces = |_: &TocEntry| Vec::new();
        Plan::build(&selected, &Sizes { size: &size, pieces: &pieces }, (2, 500), analyze)
    }

    fn kinds(plan: &Plan) -> Vec<StepKind> {
        plan.steps.iter().map(|s| s.kind).collect()
    }

    #[test]
    fn phases_and_repointed_dependencies() {
        let entries = [
            e(1, "TABLE", Section::PreData, "small", &[]),
            e(2, "TABLE", Section::PreData, "big", &[]),
            e(3, "COMMENT", Section::None, "TABLE small", &[1]),
            e(4, "TABLE DATA", Section::Data, "small", &[1]),
            e(5, "TABLE DATA", Section::Data, "big", &[2]),
            e(6, "CONSTRAINT", Section::PostData, "big big_pkey", &[2]),
            e(7, "INDEX", Section::PostData, "big_idx", &[2]),
            e(8, "FK CONSTRAINT", Section::PostData, "small fk", &[1, 6]),
            e(9, "COMMENT", Section::None, "INDEX big_idx", &[7]),
            e(10, "ACL", Section::None, "TABLE big", &[2]),
            e(11, "MATERIALIZED VIEW DATA", Section::PostData, "mv", &[]),
        ];
        let p = plan(&entries, true);
        assert_eq!(p.pre_data, [0, 1, 2]);
        assert_eq!(p.acl, [9]);
        assert_eq!(p.post_acl, [10]);
        assert_eq!(p.clean, [7, 6, 5, 1, 0]);
        assert_eq!(
            kinds(&p)[..6],
            [
                StepKind::Entry(3),
                StepKind::Entry(4),
                StepKind::Entry(5),
                StepKind::Entry(6),
                StepKind::Entry(7),
                StepKind::Entry(8)
            ]
        );
        // The primary key and the index wait for big's data (not just its table), and carry
        // its size; the FK waits for small's data and the primary key, and locks both
        // tables' data.
        assert_eq!(p.steps[2].deps, [1]);
        assert_eq!(p.steps[2].locks, [5]);
        assert_eq!(p.steps[2].priority, UNIQUE_SPLIT_MIN);
        assert_eq!(p.steps[3].deps, [1]);
        assert!(p.steps[3].locks.is_empty(), "CREATE INDEX takes no exclusive lock");
        assert_eq!(p.steps[4].deps, [0, 2]);
        assert_eq!(p.steps[4].locks, [4]);
        // The comment on the index waits for it.
        assert_eq!(p.steps[5].deps, [3]);
        // ANALYZE of big after its data, primary key and index; of small after its data.
        assert_eq!(kinds(&p)[6..], [StepKind::Analyze(3), StepKind::Analyze(4)]);
        assert_eq!(p.steps[6].deps, [0]);
        assert_eq!(p.steps[7].deps, [1, 2, 3]);
        assert_eq!((p.tables, p.bytes), (2, UNIQUE_SPLIT_MIN + 10));
        assert_eq!(plan(&entries, false).steps.len(), 6);
    }

    #[test]
    fn statistics_go_in_after_the_data_and_indexes_and_before_analyze() {
        let entries = [
            e(1, "TABLE", Section::PreData, "t", &[]),
            e(2, "TABLE", Section::PreData, "p", &[]),
            e(3, "TABLE DATA", Section::Data, "t", &[1]),
            e(4, STATISTICS_DATA, Section::Data, "p", &[2, 90]),
            e(5, STATISTICS_DATA, Section::Data, "t", &[1, 90]),
            e(6, "INDEX", Section::PostData, "t_a", &[1]),
            e(7, "CONSTRAINT", Section::PostData, "t t_pkey", &[1]),
            e(8, "INDEX", Section::PostData, "p_k", &[2]),
            e(9, STATISTICS_DATA, Section::PostData, "t_a", &[6, 91]),
            e(10, "MATERIALIZED VIEW DATA", Section::PostData, "mv", &[]),
            e(11, STATISTICS_DATA, Section::PostData, "mv", &[10, 91]),
        ];
        let p = plan(&entries, true);
        // Index statistics and a materialized view's go after the refreshes, in order.
        assert_eq!(p.post_acl, [8, 9, 10]);
        assert_eq!(
            kinds(&p),
            [
                StepKind::Entry(2),
                StepKind::Entry(3),
                StepKind::Entry(4),
                StepKind::Entry(5),
                StepKind::Entry(6),
                StepKind::Entry(7),
                StepKind::Analyze(2)
            ]
        );
        // p (partitioned, no data): after its index; t: after its data, index and primary
        // key. Each holds its table (its data when loaded) as the post-data steps do.
        assert_eq!((p.steps[1].deps.clone(), p.steps[1].locks.clone()), (vec![5], vec![2]));
        assert_eq!((p.steps[2].deps.clone(), p.steps[2].locks.clone()), (vec![0, 3, 4], vec![3]));
        // ANALYZE of t waits for its statistics (which, restored, make it unneeded).
        assert_eq!(p.steps[6].deps, [0, 2, 3, 4]);
        // Without ANALYZE, the statistics still wait for the indexes.
        let p = plan(&entries, false);
        assert_eq!(p.steps.len(), 6);
        assert_eq!(p.steps[2].deps, [0, 3, 4]);
    }

    #[test]
    fn big_tables_without_chunks_are_shared_by_sessions() {
        let mut data = e(2, "TABLE DATA", Section::Data, "big", &[1]);
        data.copy_stmt = Some("COPY public.big (a) FROM stdin;\n".to_owned());
        let entries = [
            e(1, "TABLE", Section::PreData, "big", &[]),
            data,
            e(3, "INDEX", Section::PostData, "big_idx", &[1]),
        ];
        let p = plan(&entries, true);
        assert_eq!(
            kinds(&p),
            [
                StepKind::Part { entry: 1 },
                StepKind::Part { entry: 1 },
                StepKind::ChunksDone(1),
                StepKind::Entry(2),
                StepKind::Analyze(1)
            ]
        );
        assert_eq!(p.steps[2].deps, [0, 1]);
        assert_eq!(p.steps[3].deps, [2], "the index waits for every part");
        assert_eq!(p.steps[4].deps, [2, 3]);
    }

    #[test]
    fn key_columns_of_indexes_and_constraints() {
        assert_eq!(key_columns("CREATE INDEX i ON public.t USING btree (kind, amount);"), 2);
        assert_eq!(key_columns("CREATE INDEX i ON public.t USING btree (lower((a)::text));"), 1);
        assert_eq!(
            key_columns("ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (id);"),
            1
        );
        assert_eq!(key_columns("ALTER TABLE ONLY t ADD CONSTRAINT u UNIQUE (\"a,b\", c);"), 2);
        assert_eq!(key_columns("CREATE INDEX i ON t USING gist (r, (f(a, b)));"), 2);
        assert_eq!(key_columns("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0);"), 0);
    }

    #[test]
    fn primary_keys_build_their_index_alongside_the_other_indexes() {
        let mut pkey = e(3, "CONSTRAINT", Section::PostData, "big big_pkey", &[1]);
        pkey.defn = Some(
            "ALTER TABLE ONLY public.big\n    ADD CONSTRAINT big_pkey PRIMARY KEY (id);".into(),
        );
        let mut index = e(4, "INDEX", Section::PostData, "big_idx", &[1]);
        index.defn = Some("CREATE INDEX big_idx ON public.big USING btree (a, b);".into());
        let entries = [
            e(1, "TABLE", Section::PreData, "big", &[]),
            e(2, "TABLE DATA", Section::Data, "big", &[1]),
            pkey,
            index,
            e(5, "FK CONSTRAINT", Section::PostData, "other fk", &[3]),
        ];
        let p = plan(&entries, true);
        assert_eq!(
            kinds(&p),
            [
                StepKind::Entry(1),
                StepKind::UniqueIndex(2),
                StepKind::Entry(2),
                StepKind::Entry(3),
                StepKind::Entry(4),
                StepKind::Analyze(1)
            ]
        );
        // The unique index shares the table with the other index build; adopting it as the
        // constraint takes the table exclusively, after the index.
        assert_eq!((p.steps[1].deps.clone(), p.steps[1].shared.clone()), (vec![0], vec![2]));
        assert!(p.steps[1].locks.is_empty());
        assert_eq!((p.steps[2].deps.clone(), p.steps[2].locks.clone()), (vec![0, 1], vec![2]));
        assert_eq!(p.steps[3].shared, [2]);
        assert_eq!((p.steps[1].width, p.steps[3].width), (1, 2));
        // The foreign key waits for the constraint, which waits for its index.
        assert_eq!(p.steps[4].deps, [2]);
        assert_eq!(p.steps[5].deps, [0, 2, 3]);
    }

    #[test]
    fn primary_keys_of_small_tables_stay_one_statement() {
        let mut pkey = e(3, "CONSTRAINT", Section::PostData, "small small_pkey", &[1]);
        pkey.defn = Some(
            "ALTER TABLE ONLY public.small\n    ADD CONSTRAINT small_pkey PRIMARY KEY (id);".into(),
        );
        let entries = [
            e(1, "TABLE", Section::PreData, "small", &[]),
            e(2, "TABLE DATA", Section::Data, "small", &[1]),
            pkey,
        ];
        let p = plan(&entries, false);
        assert_eq!(kinds(&p), [StepKind::Entry(1), StepKind::Entry(2)]);
    }
}
