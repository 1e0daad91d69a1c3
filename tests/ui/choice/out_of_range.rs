use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice(100, 300))]
    x: u8,
}

fn main() {}
