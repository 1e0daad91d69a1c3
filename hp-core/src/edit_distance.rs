//! The edit distance behind every "did you mean" in hp: unknown keys in the derive and unknown
//! parameter names at run time.
//!
//! hp-derive includes this very file by path (as it does `scale/math.rs`), so the two suggest the
//! same way; it uses nothing but `std`.

/// The optimal-string-alignment distance: insertions, deletions, substitutions and transpositions
/// of neighbours each cost 1 (`learnig_rate` is one edit from `learning_rate`, `lgo` from `log`).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn edit_distance_counts_a_transposition_once() {
        assert_eq!(edit_distance("lgo", "log"), 1);
        assert_eq!(edit_distance("reverselog", "reverse_log"), 1);
        assert_eq!(edit_distance("learnig_rate", "learning_rate"), 1);
        assert_eq!(edit_distance("", "skip"), 4);
        assert_eq!(edit_distance("linear", "linear"), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
