use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp]
    x: u32,
}

fn main() {}
