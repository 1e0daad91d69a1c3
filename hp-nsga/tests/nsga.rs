//! NSGA-II's guarantees: proposals in range for any history, generations by trial index,
//! children made of their parents' coordinates, and better fronts than random search.

use hp_core::sampler::{History, Observation, Outcome, Sampler};
use hp_core::strategy::{Random, Strategy};
use hp_core::{Direction, LinearScale, LogScale, Space, SpaceBuilder, Value};
use hp_nsga::Nsga2;

/// A mixed, conditional space: a log float, an integer, a fixed-by-range integer, a choice, and
/// an enum whose variants have their own fields.
fn mixed() -> Space {
    let mut b = SpaceBuilder::new();
    b.scale("lr".into(), "f64", &LogScale::new(1e-4, 1.0).unwrap());
    b.scale("layers".into(), "u32", &LinearScale::new(2u32, 4).unwrap());
    b.choice("one".into(), "One", &["only"]);
    b.choice("act".into(), "Act", &["relu", "tanh", "gelu"]);
    b.choice("opt".into(), "Opt", &["Sgd", "Adam"]);
    b.enter("opt", "Sgd");
    b.scale("opt.Sgd.momentum".into(), "f64", &LinearScale::new(0.0, 0.99).unwrap());
    b.leave();
    b.enter("opt", "Adam");
    b.scale("opt.Adam.beta".into(), "f64", &LinearScale::new(0.9, 0.999).unwrap());
    b.leave();
    b.finish()
}

/// A small deterministic generator for the tests' own choices.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn every_proposal_is_in_range_for_any_history() {
    let space = mixed();
    let dim = space.dim();
    for seed in 0..6u64 {
        let nsga = Nsga2::new(seed, space.clone()).population(4 + seed as usize);
        let mut lcg = Lcg(seed);
        let mut trials: Vec<Observation> = Vec::new();
        for i in 0..120 {
            let mut u = vec![f64::NAN; dim];
            nsga.propose(i, &History::new(Direction::Maximize, &trials), &mut u);
            assert!(u.iter().all(|x| (0.0..=1.0).contains(x)), "trial {i}: {u:?}");
            for (c, param) in space.coordinates().enumerate() {
                assert!(param.from_unit(u[c]).is_some(), "trial {i}: {} at {}", param.name(), u[c]);
            }
            // Unit-interval edges and hostile outcomes, as a hand-built history may hold.
            if i % 17 == 3 {
                u[0] = 1.0;
            }
            if i % 19 == 5 {
                u[1] = 0.0;
            }
            let r = lcg.next();
            let outcome = match (r * 10.0) as u32 {
                0 => Outcome::Failed,
                1 => Outcome::Pruned { step: 3, value: r },
                2 => Outcome::Infeasible { violation: if r < 0.25 { f64::NAN } else { r } },
                3 => Outcome::Complete { value: f64::NAN },
                4 => Outcome::Complete { value: f64::INFINITY },
                _ => Outcome::Complete { value: r },
            };
            // A point of the wrong length now and then, as a hand-built history may hold.
            if i % 23 == 11 {
                u.truncate(2);
            }
            let objectives = match i % 5 {
                0 => vec![],
                1 => vec![r, f64::NEG_INFINITY],
                2 => vec![f64::NAN, r],
                _ => vec![r, 1.0 - r],
            };
            trials.push(Observation::new(i, u, outcome).with_objectives(objectives));
        }
    }
}

/// A history of complete trials at `points`, two objectives each.
fn history(points: &[(Vec<f64>, [f64; 2])]) -> Vec<Observation> {
    points
        .iter()
        .zip(0..)
        .map(|((u, f), i)| {
            Observation::new(i, u.clone(), Outcome::Complete { value: f[0] }).with_objectives(f.to_vec())
        })
        .collect()
}

fn square() -> Space {
    let mut b = SpaceBuilder::new();
    b.scale("x".into(), "f64", &LinearScale::new(0.0, 1.0).unwrap());
    b.scale("y".into(), "f64", &LinearScale::new(0.0, 1.0).unwrap());
    b.finish()
}

#[test]
fn random_search_until_a_generation_has_finished() {
    let nsga = Nsga2::new(11, square()).population(4);
    let random = Random::new(11, 2);
    let mut trials = vec![
        Observation::new(0, vec![0.1, 0.1], Outcome::Complete { value: 1.0 }),
        Observation::new(1, vec![0.2, 0.2], Outcome::Failed),
        Observation::new(2, vec![0.3, 0.3], Outcome::Pruned { step: 1, value: 0.0 }),
        Observation::new(3, vec![0.4, 0.4], Outcome::Infeasible { violation: 1.0 }),
        Observation::new(4, vec![0.5, 0.5], Outcome::Complete { value: 2.0 }),
        Observation::new(5, vec![0.6, 0.6], Outcome::Running),
    ];
    // Three members (failed, pruned and running trials belong to no generation): random.
    let mut u = [0.0; 2];
    nsga.propose(6, &History::new(Direction::Minimize, &trials), &mut u);
    assert_eq!(u.to_vec(), random.point(6).unwrap());
    // A fourth member completes generation 0: a child.
    trials.push(Observation::new(6, u.to_vec(), Outcome::Complete { value: 0.5 }));
    nsga.propose(7, &History::new(Direction::Minimize, &trials), &mut u);
    assert_ne!(u.to_vec(), random.point(7).unwrap());
}

#[test]
fn without_mutation_a_child_is_made_of_the_elites_coordinates() {
    // Generation 0 is dominated by every member of generation 1, so generation 2's parents are
    // generation 1 exactly.
    let gen0: Vec<(Vec<f64>, [f64; 2])> =
        (0..4).map(|k| (vec![0.05 + 0.01 * k as f64, 0.9], [10.0 + k as f64, 10.0 - k as f64])).collect();
    let gen1: Vec<(Vec<f64>, [f64; 2])> =
        (0..4).map(|k| (vec![0.5 + 0.1 * k as f64, 0.1 * k as f64], [k as f64, 3.0 - k as f64])).collect();
    let trials = history(&[gen0, gen1.clone()].concat());
    let nsga = Nsga2::new(5, square()).population(4).mutation_prob(0.0);
    let mut crossed = 0;
    for i in 8..200 {
        let mut u = [0.0; 2];
        nsga.propose(i, &History::new(Direction::Minimize, &trials), &mut u);
        for c in 0..2 {
            assert!(gen1.iter().any(|(p, _)| p[c] == u[c]), "trial {i} coordinate {c}: {u:?}");
        }
        crossed += usize::from(!gen1.iter().any(|(p, _)| p.as_slice() == u));
    }
    // Uniform crossover mixes parents: many children are none of them.
    assert!(crossed > 40, "{crossed} of 192 children were new points");
}

#[test]
fn the_same_history_gives_the_same_point_and_running_trials_change_nothing() {
    let points: Vec<(Vec<f64>, [f64; 2])> =
        (0..12).map(|k| (vec![k as f64 / 12.0, 0.5], [k as f64, (12 - k) as f64])).collect();
    let mut trials = history(&points);
    let nsga = Nsga2::new(3, square()).population(5);
    let propose = |trials: &[Observation], i| {
        let mut u = [0.0; 2];
        nsga.propose(i, &History::new(Direction::Minimize, trials), &mut u);
        u
    };
    let before = propose(&trials, 14);
    assert_eq!(before, propose(&trials, 14));
    assert_ne!(before, propose(&trials, 15), "each trial has its own random numbers");
    trials.push(Observation::new(12, vec![0.3, 0.3], Outcome::Running));
    trials.push(Observation::new(13, vec![0.7, 0.7], Outcome::Running));
    assert_eq!(before, propose(&trials, 14));
}

#[test]
fn a_field_the_parent_did_not_use_is_drawn_not_copied() {
    let space = mixed();
    let (opt, sgd_momentum, adam_beta) = (4, 5, 6);
    assert_eq!(space.coordinate(opt).unwrap().name(), "opt");
    // Every parent used Sgd: Adam's coordinate holds the 0.5 that `to_unit` puts there.
    let sgd = space.coordinate(opt).unwrap().to_unit(Value::Choice(0)).unwrap();
    let points: Vec<(Vec<f64>, [f64; 2])> = (0..6)
        .map(|k| {
            let u = vec![0.1 * k as f64, 0.5, 0.5, 0.5, sgd, 0.15 * k as f64, 0.5];
            (u, [k as f64, 5.0 - k as f64])
        })
        .collect();
    let trials = history(&points);
    let nsga = Nsga2::new(9, space).population(6).mutation_prob(0.0);
    let mut betas = Vec::new();
    for i in 6..60 {
        let mut u = [0.0; 7];
        nsga.propose(i, &History::new(Direction::Minimize, &trials), &mut u);
        assert_eq!(u[opt], sgd);
        assert!(points.iter().any(|(p, _)| p[sgd_momentum] == u[sgd_momentum]));
        betas.push(u[adam_beta]);
    }
    assert!(betas.iter().all(|&b| b != 0.5), "an unused field's placeholder is never copied: {betas:?}");
}

/// ZDT1 in `d` dimensions on the unit cube: f1 = x1, f2 = g (1 - sqrt(x1 / g)).
fn zdt1(x: &[f64]) -> [f64; 2] {
    let g = 1.0 + 9.0 * x[1..].iter().sum::<f64>() / (x.len() - 1) as f64;
    [x[0], g * (1.0 - (x[0] / g).sqrt())]
}

/// The area dominated by `points` (two losses) inside the box below `reference`.
fn hypervolume(points: &[[f64; 2]], reference: [f64; 2]) -> f64 {
    let mut inside: Vec<[f64; 2]> =
        points.iter().copied().filter(|p| p[0] < reference[0] && p[1] < reference[1]).collect();
    inside.sort_by(|a, b| a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1])));
    let (mut area, mut ceiling) = (0.0, reference[1]);
    for p in inside {
        if p[1] < ceiling {
            area += (reference[0] - p[0]) * (ceiling - p[1]);
            ceiling = p[1];
        }
    }
    area
}

fn zdt1_study(sampler: &dyn Sampler, trials: u64) -> f64 {
    let dim = sampler.unit_dim();
    let mut history = Vec::new();
    let mut values = Vec::new();
    for i in 0..trials {
        let mut u = vec![0.0; dim];
        sampler.propose(i, &History::new(Direction::Minimize, &history), &mut u);
        let f = zdt1(&u);
        values.push(f);
        history.push(Observation::new(i, u, Outcome::Complete { value: f[0] }).with_objectives(f.to_vec()));
    }
    hypervolume(&values, [1.1, 11.0])
}

#[test]
fn nsga2_finds_a_better_front_than_random_search_on_zdt1() {
    let mut space = SpaceBuilder::new();
    for k in 0..10 {
        space.scale(format!("x{k}"), "f64", &LinearScale::new(0.0, 1.0).unwrap());
    }
    let space = space.finish();
    let mut wins = 0;
    for seed in 0..10 {
        let nsga = zdt1_study(&Nsga2::new(seed, space.clone()).population(20), 400);
        let random = zdt1_study(&Random::new(seed, 10), 400);
        wins += usize::from(nsga > random);
    }
    assert!(wins >= 9, "NSGA-II beat random search on {wins} of 10 seeds");
}

/// Trials 200..300 of a study minimizing `x` and `y` where only `x >= 0.5` is feasible; with
/// `aware`, NSGA-II is told which trials broke the constraint.
fn late_infeasible(seed: u64, aware: bool) -> usize {
    let nsga = Nsga2::new(seed, square()).population(10);
    let mut trials = Vec::new();
    let mut late = 0;
    for i in 0..300 {
        let mut u = [0.0; 2];
        nsga.propose(i, &History::new(Direction::Minimize, &trials), &mut u);
        let violation = 0.5 - u[0];
        late += usize::from(i >= 200 && violation > 0.0);
        let outcome = if aware && violation > 0.0 {
            Outcome::Infeasible { violation }
        } else {
            Outcome::Complete { value: u[0] }
        };
        trials.push(Observation::new(i, u.to_vec(), outcome).with_objectives(u.to_vec()));
    }
    late
}

#[test]
fn infeasible_trials_lose_to_feasible_ones() {
    for seed in 0..5 {
        // Random search breaks the constraint half the time; a child of feasible parents only
        // when its `x` mutates (1 in 2) to below 0.5 (1 in 2).
        let (aware, unaware) = (late_infeasible(seed, true), late_infeasible(seed, false));
        assert!(aware < 35, "seed {seed}: {aware} of the last 100 trials infeasible");
        assert!(unaware > 60, "seed {seed}: not told, {unaware} of 100 infeasible");
    }
}

#[test]
fn what_one_history_computed_never_leaks_into_another() {
    // The sampler keeps the generations of the last history it saw; a proposal must still be a
    // function of its own history: the same as a fresh sampler's, whatever came before.
    let points: Vec<(Vec<f64>, [f64; 2])> = (0..40)
        .map(|k| {
            let x = (k as f64 * 0.37) % 1.0;
            (vec![x, (k as f64 * 0.61) % 1.0], [x, 1.0 - x * x + (k % 3) as f64])
        })
        .collect();
    let a = history(&points);
    let mut b = a.clone();
    b[3].objectives[1] -= 5.0; // generation 0 differs in one value
    let mut c = a.clone();
    c[27].unit[1] = 0.999; // generation 2 differs in one coordinate (not in its fitness)
    let fresh = |trials: &[Observation], i| {
        let mut u = [0.0; 2];
        Nsga2::new(4, square()).population(8).propose(i, &History::new(Direction::Minimize, trials), &mut u);
        u
    };
    let shared = Nsga2::new(4, square()).population(8);
    for (round, trials) in [&a, &b, &a, &c, &a[..20], &b, &c].into_iter().enumerate() {
        for i in [40, 41, 57] {
            let mut u = [0.0; 2];
            shared.propose(i, &History::new(Direction::Minimize, trials), &mut u);
            assert_eq!(u, fresh(trials, i), "round {round}, trial {i}");
        }
    }
    assert_ne!(fresh(&a, 40), fresh(&b, 40), "the change in generation 0 matters");
    // A clone starts with no cache and proposes the same.
    let mut u = [0.0; 2];
    shared.clone().propose(40, &History::new(Direction::Minimize, &c), &mut u);
    assert_eq!(u, fresh(&c, 40));
}
