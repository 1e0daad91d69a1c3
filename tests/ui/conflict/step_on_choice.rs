use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice(1, 2), step = 1)]
    x: u32,
}

fn main() {}
