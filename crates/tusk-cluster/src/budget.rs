//! How the `--jobs` budget is shared between the databases of a cluster.
//!
//! Policy: each database gets a share of the budget proportional to its size among all the
//! databases (rounded to the nearest whole session), at least 1, and at most one session per
//! [`SESSION_BYTES`] of its size (a small database does not hold sessions it cannot use).
//! Databases start largest first; one starts whenever a session of the budget is free, with
//! its share or the free sessions if fewer, and keeps them until it is done. So at most
//! `jobs` sessions work at once across all databases, the biggest database (the one that
//! decides the total time) starts first with the most sessions, and the small ones fill in
//! as sessions free up.

use std::collections::VecDeque;

/// A database gets at most one session per this many bytes of its size.
pub const SESSION_BYTES: u64 = 32 << 20;

/// The share of each database (by index into `sizes`) of a budget of `jobs` sessions.
pub(crate) fn shares(sizes: &[u64], jobs: usize) -> Vec<usize> {
    let jobs = jobs.max(1);
    let total: u128 = sizes.iter().map(|&s| u128::from(s)).sum();
    sizes
        .iter()
        .map(|&size| {
            let scaled = u128::from(size) * jobs as u128;
            // Unknown sizes (all 0): one each.
            let proportional = (scaled + total / 2)
                .checked_div(total)
                .map_or(1, |n| usize::try_from(n).unwrap_or(jobs));
            let usable = usize::try_from(size / SESSION_BYTES).unwrap_or(usize::MAX);
            proportional.min(usable).clamp(1, jobs)
        })
        .collect()
}

/// Hands out the budget: which database starts next, with how many sessions.
#[derive(Debug)]
pub(crate) struct Scheduler {
    /// (index, share), largest database first.
    queue: VecDeque<(usize, usize)>,
    free: usize,
}

impl Scheduler {
    /// A scheduler of `jobs` sessions over databases of these sizes.
    pub(crate) fn new(sizes: &[u64], jobs: usize) -> Self {
        let shares = shares(sizes, jobs);
        let mut order: Vec<usize> = (0..sizes.len()).collect();
        // Stable: equal sizes keep their listing order.
        order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]));
        Self { queue: order.into_iter().map(|i| (i, shares[i])).collect(), free: jobs.max(1) }
    }

    /// The next database to start and its sessions, if one may start now.
    pub(crate) fn next(&mut self) -> Option<(usize, usize)> {
        if self.free == 0 {
            return None;
        }
        let (index, share) = self.queue.pop_front()?;
        let jobs = share.min(self.free);
        self.free -= jobs;
        Some((index, jobs))
    }

    /// A database that ran with `jobs` sessions is done.
    pub(crate) fn done(&mut self, jobs: usize) {
        self.free += jobs;
    }

    /// Whether databases are waiting.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }

    /// Forgets the databases that have not started.
    pub(crate) fn clear(&mut self) {
        self.queue.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1 << 20;

    #[test]
    fn shares_are_proportional_capped_and_at_least_one() {
        // One big database and two small ones: the big one gets the budget, the small ones
        // one session each (they run once it frees sessions).
        assert_eq!(shares(&[10_000 * MB, 8 * MB, 8 * MB], 4), [4, 1, 1]);
        // Two big ones split it.
        assert_eq!(shares(&[10_000 * MB, 10_000 * MB, 8 * MB], 4), [2, 2, 1]);
        assert_eq!(shares(&[6_000 * MB, 3_000 * MB, 1_000 * MB], 4), [2, 1, 1]);
        // A small database alone does not hold every session.
        assert_eq!(shares(&[8 * MB], 8), [1]);
        assert_eq!(shares(&[100 * MB], 8), [3]);
        // Sizes unknown (0): one each.
        assert_eq!(shares(&[0, 0, 0], 4), [1, 1, 1]);
        assert_eq!(shares(&[], 4), Vec::<usize>::new());
        // No overflow at the extremes; the per-size cap holds.
        let cap = usize::try_from(u64::MAX / SESSION_BYTES).unwrap();
        assert_eq!(shares(&[u64::MAX, u64::MAX], usize::MAX), [cap, cap]);
    }

    /// Simulates runs: whatever order databases finish in, the sessions in use never exceed
    /// the budget, every database runs once, the largest starts first with its share, and
    /// progress never stops while databases wait.
    #[test]
    fn never_more_sessions_than_the_budget() {
        let cases: &[(&[u64], usize)] = &[
            (&[10_000 * MB, 8 * MB, 8 * MB], 4),
            (&[8 * MB, 10_000 * MB, 300 * MB, 0, 64 * MB], 2),
            (&[1, 2, 3, 4, 5, 6, 7], 1),
            (&[5_000 * MB; 5], 3),
            (&[0], 16),
        ];
        for &(sizes, jobs) in cases {
            for finish_newest_first in [false, true] {
                let mut s = Scheduler::new(sizes, jobs);
                let mut running: Vec<(usize, usize)> = Vec::new();
                let mut started = Vec::new();
                loop {
                    while let Some((i, j)) = s.next() {
                        assert!(j >= 1);
                        running.push((i, j));
                        started.push(i);
                        let in_use: usize = running.iter().map(|r| r.1).sum();
                        assert!(in_use <= jobs, "{sizes:?} -j {jobs}: {running:?}");
                    }
                    if running.is_empty() {
                        assert!(s.is_empty(), "stalled with databases waiting: {sizes:?}");
                        break;
                    }
                    let (_, j) =
                        if finish_newest_first { running.pop() } else { Some(running.remove(0)) }
                            .unwrap();
                    s.done(j);
                }
                let mut all = started.clone();
                all.sort_unstable();
                assert_eq!(all, (0..sizes.len()).collect::<Vec<_>>());
                let largest = (0..sizes.len()).max_by_key(|&i| (sizes[i], usize::MAX - i));
                assert_eq!(started.first().copied(), largest);
            }
        }
    }

    #[test]
    fn clear_forgets_the_waiting_ones() {
        let mut s = Scheduler::new(&[1, 1, 1], 1);
        assert_eq!(s.next(), Some((0, 1)));
        assert_eq!(s.next(), None);
        s.clear();
        s.done(1);
        assert_eq!(s.next(), None);
        assert!(s.is_empty());
    }
}
