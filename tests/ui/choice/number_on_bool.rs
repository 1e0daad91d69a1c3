use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice(0, 1))]
    flag: bool,
}

fn main() {}
