use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(skip = true)]
    x: u32,
}

fn main() {}
