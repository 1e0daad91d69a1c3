use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(chioce(1, 2))]
    x: u32,
}

fn main() {}
