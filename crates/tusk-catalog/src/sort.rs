//! pg_dump 15's ordering (`pg_dump_sort.c`), re-implemented.
//!
//! 1. Pre-sort by (type priority, namespace with NULL last, name, type number, per-kind
//!    tie-breaker, OID) — `DOTypeNameCompare`.
//! 2. Topological sort that keeps the pre-sort order wherever the dependencies allow:
//!    Kahn's algorithm run from the end, with a max-heap of pre-sort positions, so that of
//!    all objects free to go last, the one latest in the pre-sort goes last.
//! 3. When objects remain, find dependency loops (depth-first from each remaining object in
//!    dump id order, like `findLoop`) and repair each by pg_dump's rules: a 2-loop between a
//!    view and its ON SELECT rule drops the rule's edge (in a longer loop the view gets a
//!    dummy definition and the rule is dumped apart); a 2-loop between a type and a function
//!    (its I/O functions) makes the function depend on the type's shell type instead, which
//!    is then dumped (checked first, as pg_dump does); a longer loop through the pre-data
//!    boundary postpones a materialized view or function to post-data; a 2-loop between a
//!    table and its CHECK constraint or default drops the edge from the constraint/default;
//!    a longer loop makes the constraint/default separate (dumped after the table); the
//!    same two rules for a domain and its CHECK constraint; a loop
//!    between a partitioned index and a partition's index drops the parent's edge; a
//!    table's self-loop is dropped; anything else is reported as a [`SortWarning`] and
//!    broken arbitrarily (first edge of the loop), as pg_dump does. Then sort again.
//!
//! The result depends only on the objects and their dependencies, never on the order in
//! which they were given, except for which edge an unresolvable loop loses (pg_dump's
//! choice depends on dump ids too).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::graph::{DumpGraph, DumpableObject, ObjectKind, Source, Tiebreak};
use crate::model::RelKind;

/// A dependency loop that had to be broken arbitrarily.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortWarning {
    /// What happened, in pg_dump's words.
    pub message: String,
    /// The objects of the loop, described like pg_dump's `describeDumpableObject`.
    pub objects: Vec<String>,
}

/// `DOTypeNameCompare`.
pub fn compare_objects(a: &DumpableObject, b: &DumpableObject) -> Ordering {
    a.kind
        .priority()
        .cmp(&b.kind.priority())
        .then_with(|| match (&a.namespace, &b.namespace) {
            (Some(x), Some(y)) => x.as_bytes().cmp(y.as_bytes()),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
        .then_with(|| a.name.as_bytes().cmp(b.name.as_bytes()))
        .then_with(|| a.kind.code().cmp(&b.kind.code()))
        .then_with(|| match (&a.tiebreak, &b.tiebreak) {
            (Tiebreak::AttNum(x), Tiebreak::AttNum(y)) => x.cmp(y),
            (Tiebreak::TableName(x), Tiebreak::TableName(y))
            | (Tiebreak::DomainName(x), Tiebreak::DomainName(y)) => x.as_bytes().cmp(y.as_bytes()),
            (Tiebreak::DomainName(_), Tiebreak::TableName(_)) => Ordering::Less,
            (Tiebreak::TableName(_), Tiebreak::DomainName(_)) => Ordering::Greater,
            (Tiebreak::Encoding(x), Tiebreak::Encoding(y)) => x.cmp(y),
            (Tiebreak::AccessMethod(x), Tiebreak::AccessMethod(y))
            | (Tiebreak::Publication(x), Tiebreak::Publication(y)) => {
                x.as_bytes().cmp(y.as_bytes())
            }
            (Tiebreak::Operator(xk, xl, xr), Tiebreak::Operator(yk, yl, yr)) => {
                // 'l' (prefix) before 'b' (infix): oprkind compared in reverse.
                yk.cmp(xk).then_with(|| type_name_cmp(xl, yl)).then_with(|| type_name_cmp(xr, yr))
            }
            (Tiebreak::Args(x), Tiebreak::Args(y)) => x.len().cmp(&y.len()).then_with(|| {
                x.iter()
                    .zip(y)
                    .map(|((xs, xn), (ys, yn))| {
                        xs.as_bytes()
                            .cmp(ys.as_bytes())
                            .then_with(|| xn.as_bytes().cmp(yn.as_bytes()))
                    })
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            }),
            _ => Ordering::Equal,
        })
        .then_with(|| a.catalog_id.oid.cmp(&b.catalog_id.oid))
}

/// `pgTypeNameCompare`: by schema, then name; a missing type (an operator's absent operand)
/// compares equal to anything.
fn type_name_cmp(a: &Option<(String, String)>, b: &Option<(String, String)>) -> Ordering {
    match (a, b) {
        (Some((xs, xn)), Some((ys, yn))) => {
            xs.as_bytes().cmp(ys.as_bytes()).then_with(|| xn.as_bytes().cmp(yn.as_bytes()))
        }
        _ => Ordering::Equal,
    }
}

fn describe(o: &DumpableObject) -> String {
    let what = match o.kind {
        ObjectKind::Namespace => "SCHEMA",
        ObjectKind::Extension => "EXTENSION",
        ObjectKind::Type => "TYPE",
        ObjectKind::ShellType => "SHELL TYPE",
        ObjectKind::Func => "FUNCTION",
        ObjectKind::Agg => "AGGREGATE",
        ObjectKind::Collation => "COLLATION",
        ObjectKind::Operator => "OPERATOR",
        ObjectKind::AccessMethod => "ACCESS METHOD",
        ObjectKind::OpClass => "OPERATOR CLASS",
        ObjectKind::OpFamily => "OPERATOR FAMILY",
        ObjectKind::Conversion => "CONVERSION",
        ObjectKind::ProcLang => "PROCEDURAL LANGUAGE",
        ObjectKind::Cast => "CAST",
        ObjectKind::Transform => "TRANSFORM",
        ObjectKind::TsParser => "TEXT SEARCH PARSER",
        ObjectKind::TsDict => "TEXT SEARCH DICTIONARY",
        ObjectKind::TsTemplate => "TEXT SEARCH TEMPLATE",
        ObjectKind::TsConfig => "TEXT SEARCH CONFIGURATION",
        ObjectKind::StatsExt => "STATISTICS",
        ObjectKind::Table => "TABLE",
        ObjectKind::TableAttach => "TABLE ATTACH",
        ObjectKind::AttrDef => "ATTRDEF",
        ObjectKind::Index => "INDEX",
        ObjectKind::IndexAttach => "INDEX ATTACH",
        ObjectKind::Constraint => "CONSTRAINT",
        ObjectKind::FkConstraint => "FK CONSTRAINT",
        ObjectKind::TableData => "TABLE DATA",
        ObjectKind::SequenceSet => "SEQUENCE SET",
        ObjectKind::Rule => "RULE",
        ObjectKind::Trigger => "TRIGGER",
        ObjectKind::Policy => "POLICY",
        ObjectKind::DefaultAcl => "DEFAULT ACL",
        ObjectKind::ForeignDataWrapper => "FOREIGN DATA WRAPPER",
        ObjectKind::ForeignServer => "FOREIGN SERVER",
        ObjectKind::EventTrigger => "EVENT TRIGGER",
        ObjectKind::Publication => "PUBLICATION",
        ObjectKind::PublicationRel => "PUBLICATION TABLE",
        ObjectKind::PublicationTableInSchema => "PUBLICATION TABLES IN SCHEMA",
        ObjectKind::Subscription => "SUBSCRIPTION",
        ObjectKind::RefreshMatView => "REFRESH MATERIALIZED VIEW",
        ObjectKind::PreDataBoundary => "PRE-DATA BOUNDARY",
        ObjectKind::PostDataBoundary => "POST-DATA BOUNDARY",
    };
    format!("{what} {}  (ID {} OID {})", o.name, o.dump_id, o.catalog_id.oid)
}

impl DumpGraph {
    /// Sorts the objects into pg_dump's dump order, repairing dependency loops on the way
    /// (which may mark defaults and CHECK constraints `separate`). Returns the loops that
    /// had to be broken arbitrarily.
    pub fn sort(&mut self) -> Vec<SortWarning> {
        let mut presorted: Vec<i32> = self.objects.iter().map(|o| o.dump_id).collect();
        presorted.sort_by(|&a, &b| match (self.object(a), self.object(b)) {
            (Some(x), Some(y)) => compare_objects(x, y),
            _ => a.cmp(&b),
        });
        let mut warnings = Vec::new();
        loop {
            match self.topo_sort(&presorted) {
                Ok(order) => {
                    self.order = order;
                    return warnings;
                }
                Err(remaining) => {
                    if !self.find_dependency_loops(&remaining, &mut warnings) {
                        // Cannot happen with a consistent graph; keep the pre-sort order
                        // rather than loop forever.
                        warnings.push(SortWarning {
                            message: "could not identify dependency loop".to_owned(),
                            objects: Vec::new(),
                        });
                        self.order = presorted;
                        return warnings;
                    }
                }
            }
        }
    }

    /// `TopoSort`: the order, or the dump ids of the objects left over (in dump id order).
    fn topo_sort(&self, presorted: &[i32]) -> Result<Vec<i32>, Vec<i32>> {
        let n = self.objects.len();
        let mut before = vec![0usize; n + 1];
        let mut position = vec![0usize; n + 1];
        for (i, &id) in presorted.iter().enumerate() {
            let Ok(k) = usize::try_from(id) else { continue };
            if let Some(p) = position.get_mut(k) {
                *p = i;
            }
            if let Some(o) = self.object(id) {
                for &d in &o.dependencies {
                    if let Some(c) = usize::try_from(d).ok().and_then(|d| before.get_mut(d)) {
                        *c += 1;
                    }
                }
            }
        }
        let mut heap: BinaryHeap<usize> = BinaryHeap::new();
        for (i, &id) in presorted.iter().enumerate() {
            if usize::try_from(id).ok().and_then(|k| before.get(k)) == Some(&0) {
                heap.push(i);
            }
        }
        let mut reversed = Vec::with_capacity(n);
        while let Some(j) = heap.pop() {
            let Some(&id) = presorted.get(j) else { continue };
            reversed.push(id);
            if let Some(o) = self.object(id) {
                for &d in &o.dependencies {
                    let Ok(k) = usize::try_from(d) else { continue };
                    if let Some(c) = before.get_mut(k) {
                        *c = c.saturating_sub(1);
                        if *c == 0
                            && let Some(&p) = position.get(k)
                        {
                            heap.push(p);
                        }
                    }
                }
            }
        }
        if reversed.len() == presorted.len() {
            reversed.reverse();
            Ok(reversed)
        } else {
            Err((1..=n)
                .filter(|&k| before.get(k).is_some_and(|&c| c != 0))
                .filter_map(|k| i32::try_from(k).ok())
                .collect())
        }
    }

    /// `findDependencyLoops`: repairs every loop found; false if none was.
    fn find_dependency_loops(
        &mut self,
        remaining: &[i32],
        warnings: &mut Vec<SortWarning>,
    ) -> bool {
        let n = self.objects.len();
        let mut processed = vec![false; n + 1];
        let mut search_failed = vec![0i32; n + 1];
        let mut fixed = false;
        for &id in remaining {
            let mut workspace = Vec::new();
            if self.find_loop(id, id, &processed, &mut search_failed, &mut workspace) {
                self.repair_loop(&workspace, warnings);
                fixed = true;
                for &w in &workspace {
                    if let Some(p) = usize::try_from(w).ok().and_then(|k| processed.get_mut(k)) {
                        *p = true;
                    }
                }
            } else if let Some(p) = usize::try_from(id).ok().and_then(|k| processed.get_mut(k)) {
                *p = true;
            }
        }
        fixed
    }

    /// `findLoop`: a path from `id` back to `start`, left in `workspace`.
    fn find_loop(
        &self,
        id: i32,
        start: i32,
        processed: &[bool],
        search_failed: &mut [i32],
        workspace: &mut Vec<i32>,
    ) -> bool {
        let Ok(k) = usize::try_from(id) else { return false };
        if processed.get(k).copied().unwrap_or(true) {
            return false;
        }
        if search_failed.get(k) == Some(&start) {
            return false;
        }
        if workspace.contains(&id) {
            return false;
        }
        let Some(obj) = self.object(id) else { return false };
        workspace.push(id);
        if obj.dependencies.contains(&start) {
            return true;
        }
        for &d in &obj.dependencies {
            if self.find_loop(d, start, processed, search_failed, workspace) {
                return true;
            }
        }
        if let Some(f) = search_failed.get_mut(k) {
            *f = start;
        }
        workspace.pop();
        false
    }

    fn is_check_of(&self, constraint: i32, table: i32) -> bool {
        self.object(constraint).is_some_and(|c| {
            c.kind == ObjectKind::Constraint
                && matches!(c.source, Source::Check(_))
                && c.table == Some(table)
        })
    }

    fn is_attrdef_of(&self, attrdef: i32, table: i32) -> bool {
        self.object(attrdef)
            .is_some_and(|a| a.kind == ObjectKind::AttrDef && a.table == Some(table))
    }

    fn is_domain_check_of(&self, constraint: i32, domain: i32) -> bool {
        self.object(constraint).is_some_and(|c| {
            c.kind == ObjectKind::Constraint
                && matches!(c.source, Source::DomainCheck(..))
                && c.table == Some(domain)
        })
    }

    fn relkind_of(&self, id: i32) -> Option<RelKind> {
        self.object(id).filter(|o| o.kind == ObjectKind::Table).and_then(|o| o.relkind)
    }

    fn kind_of(&self, id: i32) -> Option<ObjectKind> {
        self.object(id).map(|o| o.kind)
    }

    fn remove_dep(&mut self, from: i32, on: i32) {
        if let Some(o) = self.object_mut(from) {
            o.remove_dependency(on);
        }
    }

    /// `repairDependencyLoop`, for the kinds modelled here.
    fn repair_loop(&mut self, lp: &[i32], warnings: &mut Vec<SortWarning>) {
        let post = self.post_boundary;
        if let [a, b] = *lp {
            // A type and one of its I/O (or a range type's canonical) functions: the function
            // depends on the type's shell instead, which is then dumped.
            for (t, f) in [(a, b), (b, a)] {
                if self.kind_of(t) == Some(ObjectKind::Type)
                    && self.kind_of(f) == Some(ObjectKind::Func)
                {
                    self.remove_dep(f, t);
                    if let Some(shell) = self.object(t).and_then(|o| o.shell) {
                        if let Some(o) = self.object_mut(f) {
                            o.add_dependency(shell);
                        }
                        if let Some(o) = self.object_mut(shell) {
                            o.separate = true;
                        }
                    }
                    return;
                }
            }
            // View and its ON SELECT rule: the rule stays part of CREATE VIEW.
            for (v, r) in [(a, b), (b, a)] {
                if self.kind_of(v) == Some(ObjectKind::Table)
                    && self.object(r).is_some_and(|o| {
                        matches!(o.source, Source::ViewRule(_)) && o.table == Some(v)
                    })
                {
                    self.remove_dep(r, v);
                    return;
                }
            }
        }
        if lp.len() > 2 {
            // A view in a longer loop with its ON SELECT rule: the view is created with a
            // dummy definition, the rule (CREATE OR REPLACE VIEW) follows in post-data.
            for &v in lp {
                if self.relkind_of(v) != Some(RelKind::View) {
                    continue;
                }
                for &r in lp {
                    if self.object(r).is_some_and(|o| {
                        matches!(o.source, Source::ViewRule(_)) && o.table == Some(v)
                    }) {
                        self.remove_dep(v, r);
                        if let Some(o) = self.object_mut(v) {
                            o.postponed = true;
                        }
                        if let Some(o) = self.object_mut(r) {
                            o.separate = true;
                            o.add_dependency(v);
                            o.add_dependency(post);
                        }
                        return;
                    }
                }
            }
            // A materialized view (or else a function) in a loop through the pre-data
            // boundary: the boundary loses its edge to the next object of the loop, which
            // moves to post-data if it is of that kind.
            let matview = |g: &Self, id: i32| g.relkind_of(id) == Some(RelKind::MatView);
            let function = |g: &Self, id: i32| g.kind_of(id) == Some(ObjectKind::Func);
            for postpone in [matview, function] {
                if !lp.iter().any(|&m| postpone(self, m)) {
                    continue;
                }
                for (j, &b) in lp.iter().enumerate() {
                    if self.kind_of(b) != Some(ObjectKind::PreDataBoundary) {
                        continue;
                    }
                    let next = lp.get(j + 1).or(lp.first()).copied().unwrap_or(b);
                    self.remove_dep(b, next);
                    if postpone(self, next)
                        && let Some(o) = self.object_mut(next)
                    {
                        o.postponed = true;
                    }
                    return;
                }
            }
        }
        if let [a, b] = *lp {
            // Table and its CHECK constraint: the constraint stays inline.
            for (t, c) in [(a, b), (b, a)] {
                if self.kind_of(t) == Some(ObjectKind::Table) && self.is_check_of(c, t) {
                    self.remove_dep(c, t);
                    return;
                }
            }
        }
        if lp.len() > 2 {
            for &t in lp {
                if self.kind_of(t) != Some(ObjectKind::Table) {
                    continue;
                }
                for &c in lp {
                    if self.is_check_of(c, t) {
                        self.remove_dep(t, c);
                        if let Some(o) = self.object_mut(c) {
                            o.separate = true;
                            o.add_dependency(t);
                            o.add_dependency(post);
                        }
                        return;
                    }
                }
            }
        }
        if let [a, b] = *lp {
            for (t, d) in [(a, b), (b, a)] {
                if self.kind_of(t) == Some(ObjectKind::Table) && self.is_attrdef_of(d, t) {
                    self.remove_dep(d, t);
                    return;
                }
            }
            if self.kind_of(a) == Some(ObjectKind::Index)
                && self.kind_of(b) == Some(ObjectKind::Index)
            {
                let oid_a = self.object(a).map(|o| o.catalog_id.oid);
                let oid_b = self.object(b).map(|o| o.catalog_id.oid);
                if self.object(a).and_then(|o| o.parent_index) == oid_b {
                    self.remove_dep(a, b);
                    return;
                }
                if self.object(b).and_then(|o| o.parent_index) == oid_a {
                    self.remove_dep(b, a);
                    return;
                }
            }
        }
        if lp.len() > 2 {
            for &t in lp {
                if self.kind_of(t) != Some(ObjectKind::Table) {
                    continue;
                }
                for &d in lp {
                    if self.is_attrdef_of(d, t) {
                        self.remove_dep(t, d);
                        if let Some(o) = self.object_mut(d) {
                            o.separate = true;
                            o.add_dependency(t);
                        }
                        return;
                    }
                }
            }
        }
        if let [a, b] = *lp {
            // Domain and its CHECK constraint: the constraint stays inline.
            for (t, c) in [(a, b), (b, a)] {
                if self.kind_of(t) == Some(ObjectKind::Type) && self.is_domain_check_of(c, t) {
                    self.remove_dep(c, t);
                    return;
                }
            }
        }
        if lp.len() > 2 {
            for &t in lp {
                if self.kind_of(t) != Some(ObjectKind::Type) {
                    continue;
                }
                for &c in lp {
                    if self.is_domain_check_of(c, t) {
                        self.remove_dep(t, c);
                        if let Some(o) = self.object_mut(c) {
                            o.separate = true;
                            o.add_dependency(t);
                            o.add_dependency(post);
                        }
                        return;
                    }
                }
            }
        }
        if let [a] = *lp
            && self.kind_of(a) == Some(ObjectKind::Table)
        {
            self.remove_dep(a, a);
            return;
        }
        let objects: Vec<String> =
            lp.iter().filter_map(|&id| self.object(id)).map(describe).collect();
        let message = if lp.iter().all(|&id| self.kind_of(id) == Some(ObjectKind::TableData)) {
            "there are circular foreign-key constraints among these tables"
        } else {
            "could not resolve dependency loop among these items"
        };
        tracing::warn!(objects = ?objects, "{message}");
        warnings.push(SortWarning { message: message.to_owned(), objects });
        match *lp {
            [a, b, ..] => self.remove_dep(a, b),
            [a] => self.remove_dep(a, a),
            [] => {}
        }
    }
}
