use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(fixed = "ten")]
    epochs: u32,
}

fn main() {}
