//! Properties of the sort: dependencies respected, result independent of input order, and
//! pg_dump's loop repairs.

use proptest::prelude::*;
use tusk_catalog::{DumpGraph, DumpableObject, ObjectKind, Source};

fn kinds() -> [ObjectKind; 6] {
    [
        ObjectKind::Namespace,
        ObjectKind::Table,
        ObjectKind::TableData,
        ObjectKind::Index,
        ObjectKind::Constraint,
        ObjectKind::FkConstraint,
    ]
}

/// Objects (kind index, name index) with acyclic dependencies (only on lower positions).
fn graph_strategy() -> impl Strategy<Value = (Vec<(usize, u8)>, Vec<Vec<usize>>)> {
    (1usize..25).prop_flat_map(|n| {
        (
            proptest::collection::vec((0usize..6, 0u8..5), n),
            proptest::collection::vec(proptest::collection::vec(0usize..n, 0..3), n),
        )
    })
}

/// Builds a graph with the objects given in `perm` order; returns it and each object's
/// label (stable identity across permutations).
fn build(objs: &[(usize, u8)], deps: &[Vec<usize>], perm: &[usize]) -> (DumpGraph, Vec<usize>) {
    // position in the graph of original object i
    let mut pos = vec![0usize; objs.len()];
    for (p, &i) in perm.iter().enumerate() {
        pos[i] = p;
    }
    let mut list = Vec::new();
    for (p, &i) in perm.iter().enumerate() {
        let (k, name) = objs[i];
        let mut o = DumpableObject::new(
            i32::try_from(p + 1).unwrap(),
            kinds()[k],
            Some("s"),
            &format!("n{name}"),
        );
        o.source = Source::None;
        o.catalog_id.oid = u32::try_from(i).unwrap();
        o.dependencies = deps[i]
            .iter()
            .filter(|&&d| d < i)
            .map(|&d| i32::try_from(pos[d] + 1).unwrap())
            .collect();
        list.push(o);
    }
    (DumpGraph::from_objects(list, 0, 0), perm.to_vec())
}

fn labels(g: &DumpGraph, perm: &[usize]) -> Vec<usize> {
    g.order().iter().map(|&id| perm[usize::try_from(id - 1).unwrap()]).collect()
}

proptest! {
    #[test]
    fn order_respects_dependencies_and_ignores_input_order(
        (objs, deps) in graph_strategy(),
        seed in any::<u64>(),
    ) {
        let n = objs.len();
        let ident: Vec<usize> = (0..n).collect();
        let mut shuffled = ident.clone();
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, usize::try_from(x % (i as u64 + 1)).unwrap());
        }
        let (mut g1, p1) = build(&objs, &deps, &ident);
        let (mut g2, p2) = build(&objs, &deps, &shuffled);
        prop_assert!(g1.sort().is_empty());
        prop_assert!(g2.sort().is_empty());
        let o1 = labels(&g1, &p1);
        let o2 = labels(&g2, &p2);
        prop_assert_eq!(&o1, &o2);
        let at: Vec<usize> = {
            let mut at = vec![0; n];
            for (k, &l) in o1.iter().enumerate() { at[l] = k; }
            at
        };
        for i in 0..n {
            for &d in &deps[i] {
                if d < i { prop_assert!(at[d] < at[i], "{} must follow {}", i, d); }
            }
        }
    }
}

#[test]
fn presort_order_kept_without_dependencies() {
    let mk = |id, kind, name: &str| DumpableObject::new(id, kind, Some("s"), name);
    let mut g = DumpGraph::from_objects(
        vec![
            mk(1, ObjectKind::Index, "b"),
            mk(2, ObjectKind::Table, "z"),
            mk(3, ObjectKind::Table, "a"),
            mk(4, ObjectKind::Namespace, "s"),
        ],
        0,
        0,
    );
    g.sort();
    assert_eq!(g.order(), &[4, 3, 2, 1]);
}

#[test]
fn unresolvable_loop_is_reported_and_broken() {
    let mut a = DumpableObject::new(1, ObjectKind::Index, Some("s"), "a");
    let mut b = DumpableObject::new(2, ObjectKind::Index, Some("s"), "b");
    a.dependencies = vec![2];
    b.dependencies = vec![1];
    let mut g = DumpGraph::from_objects(vec![a, b], 0, 0);
    let w = g.sort();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].objects.len(), 2);
    assert_eq!(g.order().len(), 2);
}

#[test]
fn table_attrdef_multi_loop_makes_default_separate() {
    // table -> default -> sequence -> table (a serial column).
    let mut t = DumpableObject::new(1, ObjectKind::Table, Some("s"), "t");
    let mut d = DumpableObject::new(2, ObjectKind::AttrDef, Some("s"), "t");
    let mut s = DumpableObject::new(3, ObjectKind::Table, Some("s"), "t_id_seq");
    t.dependencies = vec![2];
    d.dependencies = vec![3];
    d.table = Some(1);
    s.dependencies = vec![1];
    let mut g = DumpGraph::from_objects(vec![t, d, s], 0, 0);
    assert!(g.sort().is_empty());
    assert!(g.object(2).unwrap().separate);
    assert_eq!(g.order(), &[1, 3, 2]);
}

#[test]
fn type_function_loop_goes_through_the_shell_type() {
    // A base type and its input function depend on each other (pg_depend both ways): the
    // function then depends on the type's shell, which is dumped first.
    let mut t = DumpableObject::new(1, ObjectKind::Type, Some("s"), "t");
    let shell = DumpableObject::new(2, ObjectKind::ShellType, Some("s"), "t");
    let mut f = DumpableObject::new(3, ObjectKind::Func, Some("s"), "t_in");
    t.dependencies = vec![3];
    t.shell = Some(2);
    f.dependencies = vec![1];
    let mut g = DumpGraph::from_objects(vec![t, shell, f], 0, 0);
    assert!(g.sort().is_empty());
    assert!(g.object(2).unwrap().separate, "the shell type is dumped");
    assert_eq!(g.object(3).unwrap().dependencies, vec![2]);
    assert_eq!(g.order(), &[2, 3, 1]);
}
