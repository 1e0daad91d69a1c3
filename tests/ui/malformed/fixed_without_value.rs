use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(fixed)]
    x: u32,
}

fn main() {}
