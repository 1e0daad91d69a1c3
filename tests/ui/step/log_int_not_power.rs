use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 16, 1000, step = 2)]
    batch: u32,
}

fn main() {}
