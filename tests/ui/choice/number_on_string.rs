use hp::Hyperparams;

// A `String` field takes string choices (as `&'static str` does); a number among them is refused.
#[derive(Hyperparams)]
struct Cfg {
    #[hp(choice("adam", 1))]
    optimizer: String,
}

fn main() {}
