use hp::Hyperparams;

#[derive(Hyperparams)]
enum Never {}

fn main() {}
