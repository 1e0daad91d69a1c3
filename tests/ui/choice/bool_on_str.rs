use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice(true, false))]
    name: &'static str,
}

fn main() {}
