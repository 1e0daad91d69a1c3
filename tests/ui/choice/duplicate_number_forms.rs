use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice(1, 0.5, 1.0))]
    x: f64,
}

fn main() {}
