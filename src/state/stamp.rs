//! The stamps of a hybrid logical clock, and the wall clock they start from.

/// When a change was made and by whom: wall time in milliseconds since the epoch, a counter
/// that orders changes stamped in the same millisecond (or after a change stamped ahead of this
/// clock), and the device. Stamps compare in that order; no two devices share one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Stamp {
    /// Milliseconds since the epoch.
    pub t: i64,
    /// Orders stamps with the same `t`.
    pub n: u32,
    /// The device that made the change.
    pub device: u64,
}

impl Stamp {
    /// The stamp of a change made by `device` at `wall`, which must win over the change it
    /// replaces (stamped `after`): the wall time if that is later, else `after`'s time with the
    /// next counter. A change stamped in the future (a clock ahead, a hand-edited file) is so
    /// overtaken by the next change made here, never silently kept.
    pub fn after(after: Option<Stamp>, wall: i64, device: u64) -> Stamp {
        match after {
            Some(a) if a.t >= wall => match a.n.checked_add(1) {
                Some(n) => Stamp { t: a.t, n, device },
                None => Stamp {
                    t: a.t.saturating_add(1),
                    n: 0,
                    device,
                },
            },
            _ => Stamp {
                t: wall,
                n: 0,
                device,
            },
        }
    }
}

/// Environment variable that shifts this process's wall clock by so many milliseconds: the
/// end-to-end tests use it to play a machine whose clock runs ahead.
pub const SKEW_ENV: &str = "KIOSQUE_TEST_CLOCK_SKEW_MS";

/// The wall clock changes are stamped from (shifted, for tests).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    skew: i64,
    fixed: Option<i64>,
}

impl Clock {
    /// The system's clock, shifted by [`SKEW_ENV`] when it is set.
    pub fn from_env() -> Clock {
        let skew = std::env::var(SKEW_ENV)
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0);
        Clock { skew, fixed: None }
    }

    /// A clock that always says `ms` (tests).
    pub fn fixed(ms: i64) -> Clock {
        Clock {
            skew: 0,
            fixed: Some(ms),
        }
    }

    /// Milliseconds since the epoch.
    pub fn now(&self) -> i64 {
        let wall = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        self.at(wall)
    }

    /// What this clock says when the system's says `wall` (milliseconds since the epoch):
    /// for the reader, whose shell reads the system clock and hands the time in.
    pub fn at(&self, wall: i64) -> i64 {
        self.fixed.unwrap_or(wall).saturating_add(self.skew)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_always_follows_the_one_it_replaces() {
        let dev = 7;
        assert_eq!(
            Stamp::after(None, 100, dev),
            Stamp {
                t: 100,
                n: 0,
                device: 7
            }
        );
        let past = Stamp {
            t: 50,
            n: 3,
            device: 9,
        };
        assert_eq!(Stamp::after(Some(past), 100, dev).t, 100);
        // Stamped in the future: the new change comes just after it, whatever the clock says.
        let future = Stamp {
            t: 4_102_444_800_000,
            n: 0,
            device: 9,
        };
        let next = Stamp::after(Some(future), 100, dev);
        assert!(next > future);
        assert_eq!((next.t, next.n), (future.t, 1));
        // Same millisecond, other device: still after.
        let same = Stamp {
            t: 100,
            n: 0,
            device: u64::MAX,
        };
        assert!(Stamp::after(Some(same), 100, 0) > same);
        let full = Stamp {
            t: 100,
            n: u32::MAX,
            device: 1,
        };
        assert!(Stamp::after(Some(full), 100, 0) > full);
    }

    #[test]
    fn clocks() {
        assert_eq!(Clock::fixed(42).now(), 42);
        assert!(Clock::default().now() > 1_700_000_000_000);
        // The time handed in, unless the clock is fixed; shifted by the skew either way.
        assert_eq!(Clock::default().at(7), 7);
        assert_eq!(Clock::fixed(42).at(7), 42);
        let skewed = Clock {
            skew: 1000,
            fixed: None,
        };
        assert_eq!(skewed.at(7), 1007);
    }
}
