use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(linear, -129, 0)]
    x: i8,
}

fn main() {}
