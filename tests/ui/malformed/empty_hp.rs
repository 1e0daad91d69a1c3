use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp()]
    x: f64,
}

fn main() {}
