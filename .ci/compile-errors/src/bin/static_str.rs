// A config with a `&'static str` choice in a study, which stores configs and reads them back:
// serde cannot make a `&'static str` from a file. Must be an error at the call to `run` that names
// `Deserialize` (not "no method named `run`"); the README says to use a `String` field.
#[derive(hp_derive::Hyperparams, Clone, Debug, serde::Serialize, serde::Deserialize)]
#[hp(crate = "hp_core")]
struct Cfg {
    #[hp(choice("adam", "sgd"))]
    optimizer: &'static str,
}

fn main() {
    let study = hp_study::Study::<Cfg>::new("s").budget(2);
    let _ = study.run(|cfg: &Cfg, _: &mut hp_study::Trial| Ok::<_, hp_study::Stop>(cfg.optimizer.len() as f64));
}
