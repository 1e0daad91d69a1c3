use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(log, 0, 1024)]
    batch: u32,
}

fn main() {}
