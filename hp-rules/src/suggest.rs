//! "Did you mean": the edit distance and the closeness rule behind every suggestion in hp, for
//! unknown keys in the derive (`lgo` → `log`) and unknown parameter names at run time
//! (`learnig_rate` → `learning_rate`).

/// The optimal-string-alignment distance: insertions, deletions, substitutions and transpositions
/// of neighbours each cost 1 (`learnig_rate` is one edit from `learning_rate`, `lgo` from `log`).
///
/// ```
/// use hp_rules::suggest::edit_distance;
/// assert_eq!(edit_distance("lgo", "log"), 1);
/// assert_eq!(edit_distance("kitten", "sitting"), 3);
/// ```
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

/// Whether `word` is close enough to `candidate` to suggest it: about one edit in three of the
/// candidate's characters, and always one edit.
///
/// ```
/// use hp_rules::suggest::is_close;
/// assert!(is_close("stpe", "step"));
/// assert!(!is_close("gaussian", "log"));
/// ```
pub fn is_close(word: &str, candidate: &str) -> bool {
    edit_distance(word, candidate) <= 1.max(candidate.chars().count() / 3)
}

/// The candidate `word` is most likely a typo of: the closest by [`edit_distance`] among those
/// [close](is_close) enough, ties going to the first in alphabetical order; `None` if none is.
///
/// ```
/// use hp_rules::suggest::closest;
/// let keys = ["linear", "log", "reverse_log", "step"];
/// assert_eq!(closest("reverselog", keys), Some("reverse_log"));
/// assert_eq!(closest("x", keys), None);
/// ```
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .filter(|candidate| is_close(word, candidate))
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .min()
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_a_transposition_once() {
        assert_eq!(edit_distance("lgo", "log"), 1);
        assert_eq!(edit_distance("reverselog", "reverse_log"), 1);
        assert_eq!(edit_distance("learnig_rate", "learning_rate"), 1);
        assert_eq!(edit_distance("", "skip"), 4);
        assert_eq!(edit_distance("linear", "linear"), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn the_closest_of_several_close_words_wins() {
        assert_eq!(closest("lr", ["lr1", "lr"]), Some("lr"));
        assert_eq!(closest("layres", ["learning_rate", "layers"]), Some("layers"));
        assert_eq!(closest("dropout", ["learning_rate", "layers"]), None);
    }
}
