//! Which trial a cluster worker runs: [`worker_index`].

use super::StudyError;

/// The environment variable Slurm sets to the task's index in a job array (`sbatch --array=0-31`).
pub const SLURM_ARRAY_TASK_ID: &str = "SLURM_ARRAY_TASK_ID";

/// The trial index this process should run as a worker: the value of a `--trial N` (or
/// `--trial=N`) argument, else the [`SLURM_ARRAY_TASK_ID`] environment variable, else `None`
/// (not a worker: run the whole study here).
///
/// With a strategy, trial `i` depends only on the study's seed and `i` (with a learning sampler,
/// on the results `lag` below it too, which the task waits for), so a scheduler can run every index
/// as its own job with no coordinator; each writes one record into the shared study directory with
/// [`Study::run_trial`](super::Study::run_trial), and [`Study::results`](super::Study::results)
/// merges them.
///
/// ```
/// use hp_study::worker_index;
/// assert_eq!(worker_index(["train", "--trial", "7"])?, Some(7));
/// assert_eq!(worker_index(["train", "--trial=12"])?, Some(12));
/// assert!(worker_index(["train", "--trial", "seven"]).is_err());
/// // In a program: `match worker_index(std::env::args())? { Some(i) => study.run_trial(i, objective), ... }`
/// # Ok::<(), hp_study::StudyError>(())
/// ```
///
/// # Errors
/// [`StudyError::BadIndex`] if the argument or the variable is there but not a number.
pub fn worker_index<I, A>(args: I) -> Result<Option<u64>, StudyError>
where
    I: IntoIterator<Item = A>,
    A: AsRef<str>,
{
    worker_index_from(args, std::env::var(SLURM_ARRAY_TASK_ID).ok())
}

fn worker_index_from<I, A>(args: I, slurm: Option<String>) -> Result<Option<u64>, StudyError>
where
    I: IntoIterator<Item = A>,
    A: AsRef<str>,
{
    let parse = |origin: &'static str, text: &str| {
        text.trim().parse().map(Some).map_err(|_| StudyError::BadIndex { origin, text: text.to_owned() })
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg.as_ref();
        if arg == "--trial" {
            let value = args.next();
            return parse("--trial", value.as_ref().map_or("", |v| v.as_ref()));
        }
        if let Some(value) = arg.strip_prefix("--trial=") {
            return parse("--trial", value);
        }
    }
    match slurm {
        Some(text) => parse(SLURM_ARRAY_TASK_ID, &text),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_argument_wins_over_slurm_and_slurm_over_nothing() {
        let none: [&str; 0] = [];
        assert_eq!(worker_index_from(["--trial", "3"], Some("5".into())).unwrap(), Some(3));
        assert_eq!(worker_index_from(none, Some("5".into())).unwrap(), Some(5));
        assert_eq!(worker_index_from(none, None).unwrap(), None);
        let e = worker_index_from(none, Some("x".into())).unwrap_err();
        assert_eq!(e.to_string(), "SLURM_ARRAY_TASK_ID is not a trial index: \"x\"");
        assert!(worker_index_from(["--trial"], None).is_err());
    }
}
