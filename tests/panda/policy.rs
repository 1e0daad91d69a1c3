//! The lecture's babysitting policy, on a scripted "model" whose days return chosen metrics:
//! raise α while it learns, roll back and lower α when a day is worse or diverges, never climb
//! back to a rate that failed (more momentum instead), and stop at the bottom of α's range.

use hp::Hyperparams;
use hp::panda::{Json, LecturePolicy, Panda};
use serde::{Deserialize, Serialize};

#[derive(Hyperparams, Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Train {
    #[hp(log, 1e-3, 1.0)]
    learning_rate: f64,
    #[hp(reverse_log, 0.9, 0.999)]
    momentum: f64,
}

/// A session whose "model" counts the days it trained.
type Session = Panda<Train, Json<u32>>;

/// The "model" counts the days it has trained; the metric comes from a script indexed by the
/// calendar day, so a rollback does not change what the next day reports.
fn session(script: &'static [f64]) -> (Session, impl FnMut(&mut Json<u32>, &Train) -> Result<f64, String>) {
    let panda = Panda::builder("scripted")
        .open(|| Ok::<_, String>((Train { learning_rate: 0.01, momentum: 0.9 }, Json(0))))
        .unwrap();
    let mut day = 0;
    let train = move |model: &mut Json<u32>, _: &Train| {
        model.0 += 1;
        day += 1;
        Ok(script[day - 1])
    };
    (panda, train)
}

fn policy() -> LecturePolicy {
    let p = Train::params();
    LecturePolicy::new(p.learning_rate).momentum(p.momentum)
}

/// Each decision's kind and reason, one line per day.
fn decisions(panda: &Session) -> Vec<String> {
    panda.history().decisions().iter().map(|d| format!("{}: {d}", d.kind())).collect()
}

#[test]
fn raise_while_it_learns_roll_back_when_worse_then_more_momentum() {
    let (mut panda, train) = session(&[1.0, 0.5, 0.3, 0.4, 0.25, 0.2, 0.199]);
    panda.run(7, &mut policy(), train, |_| {}).unwrap();
    let d = decisions(&panda);
    assert!(d[0].starts_with("nudge: learning_rate 0.01 -> 0.01778 (+1): first result"), "{d:#?}");
    assert!(d[1].starts_with("nudge: learning_rate 0.01778 -> 0.03162 (+1): better"), "{d:#?}");
    assert!(d[2].starts_with("nudge: learning_rate 0.03162 -> 0.05623 (+1)"), "{d:#?}");
    // Day 4 (α 0.05623) is worse than day 3: back to day 3, one step below the failed rate,
    // which is day 3's own rate.
    assert!(d[3].starts_with("roll back: roll back to day 3: worse: 0.4 after 0.3 on day 3"), "{d:#?}");
    assert_eq!(panda.history().days()[5].parent, 3);
    // Day 5 is better, but raising α would reach day 4's rate again: more momentum instead.
    assert!(d[4].starts_with("nudge: momentum 0.9 -> 0.9438 (+1): better: 0.25 after 0.3 on day 3; α stays below day 4's rate (0.05623)"), "{d:#?}");
    // Day 7 improves by half a percent: a plateau, more momentum.
    assert!(d[6].starts_with("nudge: momentum 0.9684 -> 0.9822 (+1): plateau"), "{d:#?}");
    assert_eq!(panda.model().0, 6, "day 4 was rolled back: the model trained on days 1-3 and 5-7");
}

#[test]
fn a_diverged_day_goes_back_two_steps_below_the_failed_rate() {
    let (mut panda, train) = session(&[1.0, 0.5, f64::NAN]);
    panda.run(3, &mut policy(), train, |_| {}).unwrap();
    let last = panda.history().decisions().last().unwrap();
    assert_eq!(last.rollback_to, Some(2));
    // Day 3 trained at 0.03162; two steps below is 0.01, one below day 2's 0.01778.
    assert_eq!(last.nudges[0].steps, -1);
    assert!((panda.config().learning_rate - 0.01).abs() < 1e-12, "{last}");
    assert!(last.reason.starts_with("diverged (metric NaN)"), "{last}");
}

#[test]
fn at_the_bottom_of_the_range_a_worse_day_stops_the_session_on_the_best_model() {
    // Better once, then worse every day: α goes down from the failed rate each time, reaches
    // 1e-3, and the next worse day stops.
    let (mut panda, train) =
        session(&[1.0, 0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]);
    panda.run(17, &mut policy(), train, |_| {}).unwrap();
    let last = panda.history().decisions().last().unwrap();
    assert_eq!(last.kind(), "roll back + stop", "{:#?}", decisions(&panda));
    assert_eq!(last.rollback_to, Some(2));
    assert!(panda.history().stopped());
    let days = panda.days_trained();
    assert!(days < 17, "stopped after day {days}");
    assert_eq!(panda.model().0, 2, "the model is day 2's, the best");
    // Every retry from day 2 had a lower rate than the one before.
    let rates: Vec<f64> = panda
        .history()
        .days()
        .iter()
        .filter(|d| d.parent == 2)
        .map(|d| d.config["learning_rate"].as_f64().unwrap())
        .collect();
    assert!(rates.windows(2).all(|w| w[1] < w[0]), "{rates:?}");
    assert_eq!(*rates.last().unwrap(), 1e-3);
}

#[test]
fn a_hand_rollback_stands_the_policy_never_returns_to_a_day_rolled_back_from() {
    let (mut panda, mut train) = session(&[1.0, 0.5, 0.3, 0.25, 0.6, 0.55, 0.52, 0.5]);
    let mut policy = policy();
    panda.run(4, &mut policy, &mut train, |_| {}).unwrap();
    // The user abandons days 3 and 4 by hand.
    panda.rollback_to(2).unwrap();
    panda.run(8, &mut policy, &mut train, |_| {}).unwrap();
    let history = panda.history();
    for d in &history.days()[5..] {
        assert!(
            d.parent == 2 || d.parent >= 5,
            "day {} continued from day {}: {:#?}",
            d.day,
            d.parent,
            decisions(&panda)
        );
    }
    // No day repeats a move made before it (the same model and the same config), and every
    // retry from day 2 has a lower α than any day trained from day 2 before it (day 3's, and
    // day 5's at day 2's own rate after the hand rollback, included).
    let days = history.days();
    for (i, a) in days.iter().enumerate().skip(1) {
        for b in &days[i + 1..] {
            assert!((a.parent, &a.unit) != (b.parent, &b.unit), "day {} repeats day {}", b.day, a.day);
        }
    }
    let from_2: Vec<f64> =
        days.iter().filter(|d| d.parent == 2).map(|d| d.config["learning_rate"].as_f64().unwrap()).collect();
    assert!(from_2.len() >= 3, "{:#?}", decisions(&panda));
    assert!(from_2[2..].iter().all(|&r| r < from_2[1].min(from_2[0])), "{from_2:?}");
    assert!(from_2[1..].windows(2).all(|w| w[1] < w[0]), "{from_2:?}");
}

#[test]
fn a_decision_by_hand_after_a_day_stands_in_for_the_policy() {
    let (mut panda, mut train) = session(&[1.0, 0.5, 0.3, 0.2, 0.1]);
    for _ in 0..3 {
        panda.train_day(&mut train).unwrap();
    }
    // Nobody decided after days 1 and 2 (they ran on as they were); after day 3 the user rolls
    // back to day 1. `run` must not ask the policy about day 3 on top of that.
    panda.rollback_to(1).unwrap();
    panda.run(5, &mut policy(), &mut train, |_| {}).unwrap();
    let history = panda.history();
    let after_3: Vec<_> = history.decisions_after(3).collect();
    assert_eq!(after_3.len(), 1, "{:#?}", decisions(&panda));
    assert_eq!(after_3[0].by, hp::panda::DecidedBy::Hand);
    assert_eq!(history.days()[4].parent, 1);
    assert_eq!(history.days()[5].parent, 4);
}
