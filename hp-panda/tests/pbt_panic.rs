//! PBT runs its members on the study's worker pool: a member whose training panics ends the run
//! with an error naming the member and the day, and the program goes on.

use hp_panda::{Json, PandaError, Pbt};

#[test]
fn a_panicking_member_is_an_error_not_a_crash() {
    for threads in [1, 3] {
        let result = Pbt::new(4).interval(2).threads(threads).run(
            4,
            |member| Ok::<_, String>((member % 2 == 0, Json(0.0_f64))),
            |model: &mut Json<f64>, _: &bool, day| {
                if (day.member, day.day) == (2, 3) {
                    panic!("loss exploded");
                }
                model.0 += 1.0;
                Ok::<_, String>(model.0)
            },
            |_, _| {},
        );
        match result {
            Err(PandaError::User { what, message }) => {
                assert_eq!((what.as_str(), message.as_str()), ("member 2, day 3", "panicked: loss exploded"));
            }
            other => panic!("{threads} threads: {other:?}"),
        }
    }
}
