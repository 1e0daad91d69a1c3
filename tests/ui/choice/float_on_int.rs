use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice(1, 2.5))]
    x: u32,
}

fn main() {}
