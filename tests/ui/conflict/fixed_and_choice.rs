use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(fixed = 3, choice(1, 2))]
    x: u32,
}

fn main() {}
