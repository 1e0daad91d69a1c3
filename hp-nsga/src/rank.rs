//! NSGA-II's selection: constrained domination, non-dominated ranks, crowding distance, and the
//! elite of a population, as Optuna 5's `NSGAIIElitePopulationSelectionStrategy` computes them.

use core::cmp::Ordering;

/// What selection knows of a finished trial: its losses (lower is better in every objective), or
/// how far it is from feasible.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Fitness {
    /// Every constraint held: the objectives' losses (NaN never: it is `+inf`, the worst).
    Feasible(Vec<f64>),
    /// A constraint broke: the sum of the values above 0 (positive).
    Infeasible(f64),
}

impl Fitness {
    /// Constrained domination (Deb 2002, as Optuna's `_constrained_dominates`): a feasible trial
    /// beats an infeasible one; two infeasible ones compare by violation; two feasible ones by
    /// Pareto domination (no worse in every objective, better in one).
    pub(crate) fn dominates(&self, other: &Fitness) -> bool {
        match (self, other) {
            (Fitness::Feasible(a), Fitness::Feasible(b)) => hp_core::sampler::dominates(a, b),
            (Fitness::Feasible(_), Fitness::Infeasible(_)) => true,
            (Fitness::Infeasible(_), Fitness::Feasible(_)) => false,
            (Fitness::Infeasible(a), Fitness::Infeasible(b)) => a < b,
        }
    }

    /// The losses of a feasible trial.
    fn losses(&self) -> Option<&[f64]> {
        match self {
            Fitness::Feasible(losses) => Some(losses),
            Fitness::Infeasible(_) => None,
        }
    }
}

/// The non-dominated rank of each member (0 = the front): feasible members by repeatedly peeling
/// the front, then infeasible ones by increasing violation (equal violations share a rank), as
/// Optuna's `_fast_non_domination_rank` with a penalty.
pub(crate) fn ranks(population: &[Fitness]) -> Vec<usize> {
    // Deb's fast non-dominated sort: who dominates whom once, then the fronts peeled by counts.
    let n = population.len();
    let mut rank = vec![usize::MAX; n];
    let feasible: Vec<usize> = (0..n).filter(|&k| population[k].losses().is_some()).collect();
    let mut beaten_by = vec![0usize; n];
    let mut beats: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, &p) in feasible.iter().enumerate() {
        for &q in &feasible[a + 1..] {
            if population[p].dominates(&population[q]) {
                beats[p].push(q);
                beaten_by[q] += 1;
            } else if population[q].dominates(&population[p]) {
                beats[q].push(p);
                beaten_by[p] += 1;
            }
        }
    }
    let mut front: Vec<usize> = feasible.iter().copied().filter(|&k| beaten_by[k] == 0).collect();
    let mut current = 0;
    while !front.is_empty() {
        let mut next = Vec::new();
        for &p in &front {
            rank[p] = current;
            for &q in &beats[p] {
                beaten_by[q] -= 1;
                if beaten_by[q] == 0 {
                    next.push(q);
                }
            }
        }
        front = next;
        current += 1;
    }
    let mut infeasible: Vec<(f64, usize)> = population
        .iter()
        .enumerate()
        .filter_map(|(k, f)| match f {
            Fitness::Infeasible(v) => Some((*v, k)),
            Fitness::Feasible(_) => None,
        })
        .collect();
    infeasible.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut last = None;
    for (v, k) in infeasible {
        if last.is_some_and(|l: f64| l != v) {
            current += 1;
        }
        last = Some(v);
        rank[k] = current;
    }
    rank
}

/// Each member's crowding distance (Optuna's `_calc_crowding_distance`): per objective, the gap
/// between its two neighbours in that objective's order over the span of finite values; the
/// extremes are infinitely far. Also leaves `order` sorted by the last objective, as Optuna's
/// in-place sorts leave its list (which decides the order of equal distances).
fn crowding(population: &[Fitness], order: &mut [usize]) -> Vec<f64> {
    let mut distance = vec![0.0; population.len()];
    let objectives = order.iter().map(|&k| population[k].losses().map_or(0, <[f64]>::len)).max().unwrap_or(0);
    let value =
        |k: usize, m: usize| population[k].losses().and_then(|l| l.get(m)).copied().unwrap_or(f64::INFINITY);
    for m in 0..objectives {
        // A stable sort, as Python's.
        order.sort_by(|&a, &b| value(a, m).total_cmp(&value(b, m)));
        let (Some(&first), Some(&last)) = (order.first(), order.last()) else { return distance };
        if value(first, m) == value(last, m) {
            continue;
        }
        let vs: Vec<f64> = core::iter::once(f64::NEG_INFINITY)
            .chain(order.iter().map(|&k| value(k, m)))
            .chain(core::iter::once(f64::INFINITY))
            .collect();
        let low = vs.iter().copied().find(|&v| v != f64::NEG_INFINITY).unwrap_or(0.0);
        let high = vs.iter().rev().copied().find(|&v| v != f64::INFINITY).unwrap_or(0.0);
        let width = if high - low > 0.0 { high - low } else { 1.0 };
        for (j, &k) in order.iter().enumerate() {
            let gap = if vs[j] == vs[j + 2] { 0.0 } else { vs[j + 2] - vs[j] };
            distance[k] += gap / width;
        }
    }
    distance
}

/// The elite of `population`: the `size` best members (all if there are fewer), whole ranks
/// first, the rank that does not fit cut by crowding distance, the largest first. Returns the
/// members' positions in `population`.
pub(crate) fn elite(population: &[Fitness], size: usize) -> Vec<usize> {
    let rank = ranks(population);
    let mut by_rank: Vec<Vec<usize>> = Vec::new();
    for (k, &r) in rank.iter().enumerate() {
        if r == usize::MAX {
            continue;
        }
        if by_rank.len() <= r {
            by_rank.resize_with(r + 1, Vec::new);
        }
        by_rank[r].push(k);
    }
    let mut chosen = Vec::with_capacity(size.min(population.len()));
    for mut members in by_rank {
        if chosen.len() + members.len() < size {
            chosen.extend(members);
            continue;
        }
        let distance = crowding(population, &mut members);
        // Optuna sorts by distance (stably) and reverses: the largest first, and among equal
        // distances the later one in the list first.
        members.sort_by(|&a, &b| distance[a].partial_cmp(&distance[b]).unwrap_or(Ordering::Equal));
        members.reverse();
        chosen.extend(members.into_iter().take(size - chosen.len()));
        break;
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feasible(points: &[[f64; 2]]) -> Vec<Fitness> {
        points.iter().map(|p| Fitness::Feasible(p.to_vec())).collect()
    }

    #[test]
    fn domination_is_pareto_for_feasible_and_by_violation_otherwise() {
        let a = Fitness::Feasible(vec![1.0, 2.0]);
        let b = Fitness::Feasible(vec![1.0, 3.0]);
        assert!(a.dominates(&b) && !b.dominates(&a));
        assert!(!a.dominates(&a), "equal points do not dominate each other");
        let c = Fitness::Feasible(vec![0.0, 5.0]);
        assert!(!a.dominates(&c) && !c.dominates(&a));
        let (bad, worse) = (Fitness::Infeasible(0.5), Fitness::Infeasible(2.0));
        assert!(b.dominates(&bad) && !bad.dominates(&b));
        assert!(bad.dominates(&worse) && !worse.dominates(&bad) && !bad.dominates(&bad));
    }

    #[test]
    fn ranks_peel_fronts_then_order_infeasible_by_violation() {
        let mut population =
            feasible(&[[1.0, 4.0], [2.0, 2.0], [4.0, 1.0], [3.0, 3.0], [5.0, 5.0], [2.0, 2.0]]);
        population.extend([Fitness::Infeasible(3.0), Fitness::Infeasible(1.0), Fitness::Infeasible(3.0)]);
        assert_eq!(ranks(&population), [0, 0, 0, 1, 2, 0, 4, 3, 4]);
    }

    #[test]
    fn crowding_distance_matches_hand_computation() {
        // Sorted by f1: a(0,4) b(1,2) c(3,1) d(4,0); width 4 in each objective.
        let population = feasible(&[[3.0, 1.0], [0.0, 4.0], [4.0, 0.0], [1.0, 2.0]]);
        let mut order = vec![0, 1, 2, 3];
        let d = crowding(&population, &mut order);
        assert_eq!(d[1], f64::INFINITY);
        assert_eq!(d[2], f64::INFINITY);
        // b: (3 - 0)/4 + (4 - 1)/4; c: (4 - 1)/4 + (2 - 0)/4.
        assert_eq!(d[3], 1.5);
        assert_eq!(d[0], 1.25);
        // Left in the last objective's order, as Optuna's list.
        assert_eq!(order, [2, 0, 3, 1]);
    }

    #[test]
    fn elite_takes_whole_ranks_then_the_least_crowded() {
        // Rank 0: four points on a line; rank 1: one point behind them.
        let population = feasible(&[[0.0, 4.0], [1.0, 3.0], [1.2, 2.8], [4.0, 0.0], [5.0, 5.0]]);
        // All of rank 0 fits below 5: they come in population order, then rank 1.
        assert_eq!(elite(&population, 5), [0, 1, 2, 3, 4]);
        // Three of rank 0: the two extremes, then the middle point with more room.
        let three = elite(&population, 3);
        assert_eq!(three.len(), 3);
        assert!(three.contains(&0) && three.contains(&3), "{three:?}");
        assert!(three.contains(&2), "(1.2, 2.8) has more room than (1, 3): {three:?}");
        // Fewer members than asked for: all of them.
        assert_eq!(elite(&population[..2], 50).len(), 2);
        assert!(elite(&[], 5).is_empty());
    }

    #[test]
    fn infinite_losses_do_not_poison_distances() {
        let population = feasible(&[[f64::INFINITY, 0.0], [1.0, 1.0], [0.0, 2.0], [0.5, f64::INFINITY]]);
        let mut order = vec![0, 1, 2, 3];
        let d = crowding(&population, &mut order);
        assert!(d.iter().all(|x| !x.is_nan()), "{d:?}");
        assert_eq!(elite(&population, 2).len(), 2);
    }
}
