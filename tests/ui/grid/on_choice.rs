use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice(1, 2, 3), grid = 2)]
    x: u32,
}

fn main() {}
