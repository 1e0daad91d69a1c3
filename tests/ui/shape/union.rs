use hp::Hyperparams;

#[derive(Hyperparams)]
union Cfg {
    x: f64,
    y: u64,
}

fn main() {}
