use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(fixed = -3)]
    epochs: u32,
}

fn main() {}
