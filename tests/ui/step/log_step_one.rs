use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 1, 64, step = 1)]
    x: u32,
}

fn main() {}
