//! [`Jobs`]: which trial indices a run has to do, enumerated without a list.

/// The trial indices a run has to do: `start..end` minus those already stored, without listing
/// them, so that memory follows the trials that exist, not the budget (which may be `u64::MAX`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Jobs {
    start: u64,
    end: u64,
    /// Sorted, distinct, within `start..end`.
    skip: Vec<u64>,
}

impl Jobs {
    /// Indices `start..end` except `done` (sorted, distinct; those outside the range are ignored).
    pub(crate) fn new(start: u64, end: u64, done: impl IntoIterator<Item = u64>) -> Self {
        let skip: Vec<u64> = done.into_iter().filter(|i| (start..end).contains(i)).collect();
        debug_assert!(skip.windows(2).all(|w| w[0] < w[1]), "stored indices must be sorted and distinct");
        Jobs { start, end, skip }
    }

    /// How many, saturated at `usize::MAX` (a run never gets that far).
    pub(crate) fn count(&self) -> usize {
        usize::try_from(self.end - self.start - self.skip.len() as u64).unwrap_or(usize::MAX)
    }

    /// The `k`-th index to do, in increasing order.
    pub(crate) fn nth(&self, k: usize) -> u64 {
        // Below the answer lie exactly the `j` skipped indices with `skip[j] - j <= start + k`
        // (that difference never decreases along a sorted, distinct list).
        let k = self.start + k as u64;
        let (mut lo, mut hi) = (0, self.skip.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.skip[mid] - mid as u64 <= k { lo = mid + 1 } else { hi = mid }
        }
        k + lo as u64
    }

    /// The first of them at or after `index`.
    pub(crate) fn next_from(&self, index: u64) -> Option<u64> {
        let index = index.max(self.start);
        if index >= self.end {
            return None;
        }
        // The jobs below `index` are the indices there minus the skipped ones below it.
        let below = index - self.start - self.skip.partition_point(|&s| s < index) as u64;
        let k = usize::try_from(below).ok()?;
        (k < self.count()).then(|| self.nth(k))
    }

    /// Whether `index` is one of them.
    pub(crate) fn contains(&self, index: u64) -> bool {
        (self.start..self.end).contains(&index) && self.skip.binary_search(&index).is_err()
    }
}

#[cfg(test)]
mod tests {
    use super::Jobs;

    #[test]
    fn jobs_are_the_range_minus_the_stored_in_order() {
        let jobs = Jobs::new(0, 10, [0, 3, 4, 9, 12]);
        let listed: Vec<u64> = (0..jobs.count()).map(|k| jobs.nth(k)).collect();
        assert_eq!(listed, [1, 2, 5, 6, 7, 8]);
        assert!((0..12).all(|i| jobs.contains(i) == listed.contains(&i)));
        let next: Vec<Option<u64>> = (0..12).map(|i| jobs.next_from(i)).collect();
        let expected = [1, 1, 2, 5, 5, 5, 6, 7, 8].map(Some).into_iter().chain([None; 3]).collect::<Vec<_>>();
        assert_eq!(next, expected);
        let one = Jobs::new(7, 8, []);
        assert_eq!((one.count(), one.nth(0), one.contains(6), one.contains(7)), (1, 7, false, true));
    }

    #[test]
    fn a_budget_of_u64_max_lists_nothing() {
        let jobs = Jobs::new(0, u64::MAX, [1, 2]);
        assert_eq!(jobs.count(), usize::try_from(u64::MAX - 2).unwrap_or(usize::MAX));
        assert_eq!((jobs.nth(0), jobs.nth(1), jobs.nth(5)), (0, 3, 7));
        #[cfg(target_pointer_width = "64")]
        assert_eq!(jobs.nth(jobs.count() - 1), u64::MAX - 1);
        assert!(jobs.contains(u64::MAX - 1) && !jobs.contains(u64::MAX) && !jobs.contains(2));
    }
}
