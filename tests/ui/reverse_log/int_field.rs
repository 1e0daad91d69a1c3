use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg {
    #[hp(reverse_log, 0, 1)]
    momentum: u32,
}

fn main() {}
