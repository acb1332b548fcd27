//! Changes settle before the library is checked: a burst of changes (a fetcher writing 10 000
//! files, an editor saving through three renames) becomes one check, made once the changes
//! pause for a moment, or after a longest wait while they go on. Pure: the caller gives the
//! time, so the tests drive a clock of their own.

use std::time::{Duration, Instant};

/// How long changes must pause, and the longest they may defer a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// A check is made once no change came for this long.
    pub quiet: Duration,
    /// ... or this long after the first change not checked yet, whatever comes after it.
    pub max_wait: Duration,
}

/// The reader's timing: a change shows within about half a second when alone, and within a
/// second and a half of its file being written under a stream of changes (plus the check).
pub const TIMING: Timing = Timing {
    quiet: Duration::from_millis(300),
    max_wait: Duration::from_millis(1000),
};

/// Changes not checked yet: when the first and the last came, and how many. Its size does not
/// depend on how many changes come.
#[derive(Debug, Clone)]
pub struct Debouncer {
    timing: Timing,
    first: Option<Instant>,
    last: Option<Instant>,
    count: usize,
}

impl Debouncer {
    pub fn new(timing: Timing) -> Debouncer {
        Debouncer {
            timing,
            first: None,
            last: None,
            count: 0,
        }
    }

    /// A change came at `now`.
    pub fn change(&mut self, now: Instant) {
        self.first.get_or_insert(now);
        self.last = Some(self.last.map_or(now, |l| l.max(now)));
        self.count = self.count.saturating_add(1);
    }

    /// When the changes waiting are due for a check (`None`: none waits).
    pub fn due(&self) -> Option<Instant> {
        let (first, last) = (self.first?, self.last?);
        Some((last + self.timing.quiet).min(first + self.timing.max_wait))
    }

    /// The changes waiting, if they are due at `now` (how many there were); none waits after.
    pub fn take(&mut self, now: Instant) -> Option<usize> {
        if self.due()? > now {
            return None;
        }
        let count = self.count;
        *self = Debouncer::new(self.timing);
        Some(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Feeds changes at the given times (ms from t0) and polls every millisecond up to `end`:
    /// the checks asked for, as (time in ms, changes covered).
    fn run(changes: &[u64], end: u64) -> Vec<(u64, usize)> {
        let t0 = Instant::now();
        let mut d = Debouncer::new(TIMING);
        let mut fired = Vec::new();
        let mut next = changes.iter().peekable();
        for t in 0..=end {
            while next.next_if(|&&c| c == t).is_some() {
                d.change(t0 + ms(t));
            }
            if let Some(n) = d.take(t0 + ms(t)) {
                fired.push((t, n));
            }
        }
        fired
    }

    #[test]
    fn nothing_is_due_without_a_change() {
        let mut d = Debouncer::new(TIMING);
        assert_eq!(d.due(), None);
        assert_eq!(d.take(Instant::now() + ms(10_000)), None);
    }

    #[test]
    fn one_change_is_checked_once_things_are_quiet() {
        assert_eq!(run(&[100], 5000), vec![(400, 1)]);
    }

    #[test]
    fn changes_close_together_make_one_check() {
        // An editor's save: a backup renamed, the file written, the backup removed.
        assert_eq!(run(&[100, 102, 150, 151, 299], 5000), vec![(599, 5)]);
    }

    #[test]
    fn a_stream_of_changes_is_checked_at_least_every_max_wait() {
        // A change every 50 ms for 5 s (a fetcher writing 100 files): never quiet, yet
        // checked every second or so, and a last time once it ends.
        let stream: Vec<u64> = (0..100).map(|i| 1000 + 50 * i).collect();
        let fired = run(&stream, 10_000);
        let times: Vec<u64> = fired.iter().map(|f| f.0).collect();
        assert_eq!(times, vec![2000, 3050, 4100, 5150, 6200]);
        assert_eq!(fired.iter().map(|f| f.1).sum::<usize>(), 100);
    }

    #[test]
    fn a_burst_of_ten_thousand_changes_costs_a_bounded_number_of_checks() {
        // 10 000 files in 2 s (5 a millisecond): two checks, whatever the count; the last
        // within the longest wait of the burst's end.
        let burst: Vec<u64> = (0..10_000).map(|i| 500 + i / 5).collect();
        let fired = run(&burst, 10_000);
        assert_eq!(fired, vec![(1500, 5005), (2501, 4995)]);
        // The debouncer holds two instants and a count, however many changes came.
        assert!(std::mem::size_of::<Debouncer>() <= 128);
    }

    #[test]
    fn changes_out_of_order_in_time_do_not_move_the_deadline_back() {
        let t0 = Instant::now();
        let mut d = Debouncer::new(TIMING);
        d.change(t0 + ms(200));
        d.change(t0 + ms(100));
        assert_eq!(d.due(), Some(t0 + ms(500)));
        assert_eq!(d.take(t0 + ms(499)), None);
        assert_eq!(d.take(t0 + ms(500)), Some(2));
        assert_eq!(d.due(), None);
    }
}
