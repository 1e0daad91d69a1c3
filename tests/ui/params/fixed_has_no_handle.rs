use hp::Hyperparams;

#[derive(Hyperparams)]
struct Train {
    #[hp(log, 1e-4, 1.0)]
    learning_rate: f64,
    #[hp(fixed = 10)]
    epochs: u32,
}

fn main() {
    // `epochs` is not searched: it has no coordinate to nudge.
    let _ = Train::params().epochs;
}
