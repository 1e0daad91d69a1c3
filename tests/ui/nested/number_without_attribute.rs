use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    learning_rate: f64,
}

fn main() {}
