use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice('a', 'b'))]
    x: char,
}

fn main() {}
