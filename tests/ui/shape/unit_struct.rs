use hp::Hyperparams;

#[derive(Hyperparams)]
struct Cfg;

fn main() {}
