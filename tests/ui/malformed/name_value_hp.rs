use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp = "log"]
    x: f64,
}

fn main() {}
