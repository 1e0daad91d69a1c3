// `.progress(true)` without the feature `progress`: must be a compile error naming the feature.
fn main() {
    let _study = hp_study::Study::<bool>::new("s").progress(true);
}
