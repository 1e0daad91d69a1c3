use hp::Hyperparams;

// A `String` field is not a nested config: without `#[hp]` it is told what it needs, once.
#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 1e-4, 1.0)]
    lr: f64,
    run_name: String,
}

fn main() {
    let _ = Cfg::params().lr;
}
