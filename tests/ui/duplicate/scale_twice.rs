use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, log, 1, 10)]
    x: u32,
}

fn main() {}
