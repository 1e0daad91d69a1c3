use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice())]
    x: u32,
}

fn main() {}
