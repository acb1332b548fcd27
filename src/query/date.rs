//! Dates in queries: `7d`, `2w`, `3m`, `1y`, `2024`, `2024-03`, `2024-03-15`, and the stretch
//! of time each term accepts. Days are UTC days: the crate has no unsafe code, so no call into
//! the C library's time zone rules, and no time zone database is shipped.

use super::{DateOp, When};

/// Nanoseconds in a day.
pub const DAY_NS: i64 = 86_400 * 1_000_000_000;

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Civil {
    /// Year, 1 to 9999.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, from 1.
    pub day: u32,
}

impl Civil {
    /// Days from 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date of day `days` from 1970-01-01.
    pub fn from_days(days: i64) -> Civil {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Civil {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }

    /// Midnight (UTC) starting this day, in ns since the epoch.
    pub fn start_ns(self) -> i64 {
        self.days().saturating_mul(DAY_NS)
    }

    /// The first day of the next month.
    fn next_month(self) -> Civil {
        if self.month == 12 {
            Civil {
                year: self.year + 1,
                month: 1,
                day: 1,
            }
        } else {
            Civil {
                month: self.month + 1,
                day: 1,
                ..self
            }
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads a date value: `7d` `2w` `3m` `1y` (before now), `2024`, `2024-03`, `2024-03-15`.
/// The error says what is wrong with it.
pub fn parse_when(value: &str) -> Result<When, String> {
    if let Some(unit) = value.chars().last().filter(char::is_ascii_alphabetic) {
        let digits = &value[..value.len() - 1];
        let per_unit = match unit.to_ascii_lowercase() {
            'd' => DAY_NS,
            'w' => 7 * DAY_NS,
            'm' => 30 * DAY_NS,
            'y' => 365 * DAY_NS,
            _ => {
                return Err(format!(
                    "unknown unit “{unit}” (d, w, m or y: days, weeks, months, years)"
                ));
            }
        };
        let n: i64 = digits
            .parse()
            .ok()
            .filter(|_| digits.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| format!("“{value}” is not a count of {unit} (e.g. 7{unit})"))?;
        return Ok(When::Ago(n.saturating_mul(per_unit)));
    }
    let parts: Vec<&str> = value.split('-').collect();
    let number = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let shape = || {
        format!(
            "“{value}” is not a date (2024, 2024-03, 2024-03-15) nor a time ago (7d, 2w, 3m, 1y)"
        )
    };
    let year = parts
        .first()
        .and_then(|y| number(y, 4))
        .filter(|&y| y >= 1)
        .ok_or_else(shape)?;
    let year = i32::try_from(year).map_err(|_| shape())?;
    let month = match parts.get(1) {
        None => {
            return Ok(When::Year(Civil {
                year,
                month: 1,
                day: 1,
            }));
        }
        Some(m) => number(m, 2).ok_or_else(shape)?,
    };
    if !(1..=12).contains(&month) {
        return Err(format!("{value}: there is no month {month}"));
    }
    let day = match parts.get(2) {
        None => {
            return Ok(When::Month(Civil {
                year,
                month,
                day: 1,
            }));
        }
        Some(d) => number(d, 2).ok_or_else(shape)?,
    };
    if parts.len() > 3 {
        return Err(shape());
    }
    if day == 0 || day > days_in_month(year, month) {
        return Err(format!("{value}: there is no such day"));
    }
    Ok(When::Day(Civil { year, month, day }))
}

/// The dates (ns since the epoch) `[from, to)` a term accepts, `now_ns` being now.
pub fn range(op: DateOp, when: When, now_ns: i64) -> (i64, i64) {
    let (start, end) = match when {
        When::Ago(ns) => {
            let t = now_ns.saturating_sub(ns);
            (t, t)
        }
        When::Day(d) => (d.start_ns(), d.start_ns().saturating_add(DAY_NS)),
        When::Month(d) => (d.start_ns(), d.next_month().start_ns()),
        When::Year(d) => (
            d.start_ns(),
            Civil {
                year: d.year + 1,
                month: 1,
                day: 1,
            }
            .start_ns(),
        ),
    };
    match op {
        DateOp::Newer => (start, i64::MAX),
        DateOp::Older => (i64::MIN, start),
        DateOp::On => (start, end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        for days in [-800_000, -1, 0, 1, 59, 60, 365, 19_783, 2_932_896] {
            assert_eq!(Civil::from_days(days).days(), days);
        }
        let d = Civil {
            year: 2024,
            month: 2,
            day: 29,
        };
        assert_eq!(d.days(), 19_782);
        assert_eq!(Civil::from_days(19_782), d);
    }

    #[test]
    fn values() {
        assert_eq!(parse_when("7d"), Ok(When::Ago(7 * DAY_NS)));
        assert_eq!(parse_when("2W"), Ok(When::Ago(14 * DAY_NS)));
        assert_eq!(parse_when("1y"), Ok(When::Ago(365 * DAY_NS)));
        assert!(matches!(parse_when("2024-03"), Ok(When::Month(_))));
        assert!(matches!(parse_when("2024"), Ok(When::Year(_))));
        assert!(
            parse_when("2023-02-29")
                .unwrap_err()
                .contains("no such day")
        );
        assert!(parse_when("2024-02-29").is_ok());
        assert!(parse_when("2024-13").unwrap_err().contains("no month 13"));
        assert!(parse_when("7x").unwrap_err().contains("unknown unit"));
        assert!(parse_when("-7d").is_err());
        assert!(parse_when("24-03").is_err());
        assert!(parse_when("2024-3-1").is_err());
        assert!(parse_when("").is_err());
    }

    #[test]
    fn ranges() {
        let march = parse_when("2024-03").unwrap();
        let (a, b) = range(DateOp::On, march, 0);
        assert_eq!(b - a, 31 * DAY_NS);
        let dec = parse_when("2023-12").unwrap();
        let (a, b) = range(DateOp::On, dec, 0);
        assert_eq!((b - a) / DAY_NS, 31);
        assert_eq!(range(DateOp::Older, march, 0).1, a + 91 * DAY_NS);
        let now = 100 * DAY_NS;
        assert_eq!(
            range(DateOp::Newer, When::Ago(DAY_NS), now),
            (99 * DAY_NS, i64::MAX)
        );
    }
}
