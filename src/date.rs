//! Dates (SPEC §2, §7): how an article's date reads in the list, in the reader's header and in
//! `kiosque list --json`. For now an article's date is its file's modification time.
//!
//! Everything here is a pure function of a date, a [`Now`] and a time zone: the shell reads the
//! clock and the system time zone ([`Now::system`]) and hands them in, so [`crate::app::App`]
//! stays deterministic and the tests pick their own "now" and zone.
//!
//! Local time zones come from `jiff` (the zone database of the system, no unsafe code, no call
//! into the C library's `localtime`, which this crate could not make without `unsafe`).
//!
//! | when | list, narrow | list, wide | example |
//! |---|---|---|---|
//! | today | `14:05` | `14:05` | |
//! | the six days before | `Tue` | `Tue 14:05` | |
//! | earlier this year | `12 Mar` | `12 Mar` | |
//! | before this year, or in the future | `2024-03` | `2024-03-12` | |

use jiff::Timestamp;
use jiff::civil::{DateTime, Weekday};
use jiff::tz::TimeZone;

use crate::layout::{Layout, Line, Piece, Role};

/// Columns of the list's date column, narrow and wide (see [`short`]).
pub const COLUMN: (usize, usize) = (7, 10);

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The moment relative dates are counted from, and the zone dates are read in.
#[derive(Debug, Clone)]
pub struct Now {
    /// Now.
    pub at: Timestamp,
    /// The zone ("today" is a day of this zone).
    pub tz: TimeZone,
}

impl Default for Now {
    /// The epoch, in UTC: a fixed "now" until the shell says otherwise.
    fn default() -> Now {
        Now {
            at: Timestamp::UNIX_EPOCH,
            tz: TimeZone::UTC,
        }
    }
}

impl Now {
    /// The system clock and the system's time zone (the shell's business: it reads the clock).
    pub fn system() -> Now {
        Now {
            at: Timestamp::now(),
            tz: TimeZone::system(),
        }
    }

    /// The clock read again, the zone kept.
    pub fn tick(&mut self) {
        self.at = Timestamp::now();
    }

    /// `seconds` since the epoch, read in `tz`.
    pub fn at(seconds: i64, tz: TimeZone) -> Now {
        Now {
            at: Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH),
            tz,
        }
    }
}

/// The moment of a modification time in ns since the epoch; `None` when it is unknown (0: the
/// bundled seed has no file) or out of range.
fn timestamp(mtime_ns: i64) -> Option<Timestamp> {
    if mtime_ns == 0 {
        return None;
    }
    Timestamp::from_nanosecond(i128::from(mtime_ns)).ok()
}

fn month(dt: &DateTime) -> usize {
    usize::try_from(dt.month() - 1).unwrap_or(0).min(11)
}

fn weekday(d: Weekday, long: bool) -> &'static str {
    match (d, long) {
        (Weekday::Monday, false) => "Mon",
        (Weekday::Tuesday, false) => "Tue",
        (Weekday::Wednesday, false) => "Wed",
        (Weekday::Thursday, false) => "Thu",
        (Weekday::Friday, false) => "Fri",
        (Weekday::Saturday, false) => "Sat",
        (Weekday::Sunday, false) => "Sun",
        (Weekday::Monday, true) => "Monday",
        (Weekday::Tuesday, true) => "Tuesday",
        (Weekday::Wednesday, true) => "Wednesday",
        (Weekday::Thursday, true) => "Thursday",
        (Weekday::Friday, true) => "Friday",
        (Weekday::Saturday, true) => "Saturday",
        (Weekday::Sunday, true) => "Sunday",
    }
}

/// The list's date of a file modified at `mtime_ns`, at most [`COLUMN`].0 columns (`wide`:
/// .1), relative to `now` when recent (the table of the module); empty when unknown.
pub fn short(mtime_ns: i64, now: &Now, wide: bool) -> String {
    let Some(at) = timestamp(mtime_ns) else {
        return String::new();
    };
    let dt = now.tz.to_datetime(at);
    let today = now.tz.to_datetime(now.at).date();
    let days = (today - dt.date()).get_days();
    let time = format!("{:02}:{:02}", dt.hour(), dt.minute());
    if days == 0 {
        time
    } else if (1..=6).contains(&days) {
        let day = weekday(dt.weekday(), false);
        if wide {
            format!("{day} {time}")
        } else {
            day.to_owned()
        }
    } else if days > 0 && dt.year() == today.year() {
        format!("{} {}", dt.day(), MONTHS[month(&dt)])
    } else if wide {
        format!("{:04}-{:02}-{:02}", dt.year(), dt.month(), dt.day())
    } else {
        format!("{:04}-{:02}", dt.year(), dt.month())
    }
}

/// Columns of a story's timeline's dates (see [`in_timeline`]).
pub const TIMELINE_COLUMN: usize = 16;

/// A date in a story's timeline, where the day and the hour tell the story: "6 Mar 09:00"
/// this year, "2023-03-06 09:00" before; empty when unknown.
pub fn in_timeline(mtime_ns: i64, now: &Now) -> String {
    let Some(at) = timestamp(mtime_ns) else {
        return String::new();
    };
    let dt = now.tz.to_datetime(at);
    let this_year = now.tz.to_datetime(now.at).year();
    if dt.year() == this_year {
        format!(
            "{} {} {:02}:{:02}",
            dt.day(),
            MONTHS[month(&dt)],
            dt.hour(),
            dt.minute()
        )
    } else {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            dt.year(),
            dt.month(),
            dt.day(),
            dt.hour(),
            dt.minute()
        )
    }
}

/// The reader's date: "Tuesday 12 March 2024, 14:05"; `None` when unknown.
pub fn long(mtime_ns: i64, tz: &TimeZone) -> Option<String> {
    let dt = tz.to_datetime(timestamp(mtime_ns)?);
    Some(format!(
        "{} {} {} {}, {:02}:{:02}",
        weekday(dt.weekday(), true),
        dt.day(),
        MONTHS_LONG[month(&dt)],
        dt.year(),
        dt.hour(),
        dt.minute()
    ))
}

/// Puts `date` in the header of an article laid out by [`crate::layout::layout`]: on a line of
/// its own under the bylines, else under the headline and standfirst (with a blank line
/// before), in the bylines' style. It is cut to the measure, so no line gets wider.
pub fn put_in_header(laid: &mut Layout, date: &str) {
    let has = |l: &Line, role: Role| l.pieces.iter().any(|p| p.role == role);
    let last_byline = laid.lines.iter().rposition(|l| has(l, Role::Byline));
    // Before the blank line that precedes the rule, or at the end of a body-less article.
    let (at, blank) = match last_byline {
        Some(i) => (i + 1, false),
        None => match laid.lines.iter().position(|l| has(l, Role::Rule)) {
            Some(rule) => (rule.saturating_sub(1), true),
            None => (laid.lines.len(), true),
        },
    };
    let before = at.checked_sub(1).and_then(|i| laid.lines.get(i));
    let anchor = before.map(|l| l.anchor).unwrap_or_default();
    let indent = laid
        .lines
        .iter()
        .find(|l| !l.pieces.is_empty())
        .map_or(0, |l| l.indent);
    // The text is centred: what the indents leave is the measure it was set at.
    let measure = usize::from(laid.width.max(1))
        .saturating_sub(2 * usize::from(indent))
        .max(1);
    let line = Line {
        indent,
        pieces: vec![Piece {
            text: crate::width::ellipsize(date, measure),
            role: Role::Byline,
            quote: None,
        }],
        anchor,
    };
    let mut new = Vec::with_capacity(2);
    if blank {
        new.push(Line {
            indent: 0,
            pieces: Vec::new(),
            anchor,
        });
    }
    new.push(line);
    laid.lines.splice(at..at, new);
}

/// RFC 3339 with the zone's offset at that moment, to the second: `2024-03-12T14:05:09+01:00`;
/// `None` when unknown.
pub fn rfc3339(mtime_ns: i64, tz: &TimeZone) -> Option<String> {
    let at = timestamp(mtime_ns)?;
    // Whole seconds: sub-second file times are noise to a reader of the list.
    let at = Timestamp::from_second(at.as_second()).ok()?;
    Some(at.display_with_offset(tz.to_offset(at)).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000_000;
    /// Tuesday 12 March 2024, 14:05:09 UTC.
    const T: i64 = 1_710_252_309;

    fn paris() -> TimeZone {
        TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap()
    }

    #[test]
    fn recent_dates_are_relative_and_old_ones_absolute() {
        let now = Now::at(T + 3600, TimeZone::UTC);
        assert_eq!(short(T * S, &now, false), "14:05");
        assert_eq!(short(T * S, &now, true), "14:05");
        let now = Now::at(T + 86_400, TimeZone::UTC);
        assert_eq!(short(T * S, &now, false), "Tue");
        assert_eq!(short(T * S, &now, true), "Tue 14:05");
        // Six days later it is still "this week"; seven days later it is a date.
        let now = Now::at(T + 6 * 86_400, TimeZone::UTC);
        assert_eq!(short(T * S, &now, false), "Tue");
        let now = Now::at(T + 7 * 86_400, TimeZone::UTC);
        assert_eq!(short(T * S, &now, false), "12 Mar");
        let now = Now::at(T + 300 * 86_400, TimeZone::UTC);
        assert_eq!(short(T * S, &now, true), "2024-03-12");
        assert_eq!(short(T * S, &now, false), "2024-03");
        for wide in [false, true] {
            let w = if wide { COLUMN.1 } else { COLUMN.0 };
            for days in [0, 1, 6, 7, 300, -3] {
                let now = Now::at(T + days * 86_400, TimeZone::UTC);
                let s = short(T * S, &now, wide);
                assert!(crate::width::width(&s) <= w, "{s:?} wider than {w}");
            }
        }
    }

    #[test]
    fn a_timeline_says_the_day_and_the_hour() {
        let now = Now::at(T + 3600, TimeZone::UTC);
        assert_eq!(in_timeline(T * S, &now), "12 Mar 14:05");
        assert_eq!(in_timeline(T * S, &Now::at(T, paris())), "12 Mar 15:05");
        let next_year = Now::at(T + 300 * 86_400, TimeZone::UTC);
        assert_eq!(in_timeline(T * S, &next_year), "2024-03-12 14:05");
        assert!(crate::width::width(&in_timeline(T * S, &next_year)) <= TIMELINE_COLUMN);
        assert_eq!(in_timeline(0, &now), "");
    }

    #[test]
    fn today_is_a_day_of_the_local_zone() {
        // 23:30 UTC on the 12th is already the 13th in Paris: yesterday seen from the 13th's
        // noon in Paris, today seen in UTC from 23:59 UTC.
        let late = (T - 14 * 3600 - 5 * 60 + 23 * 3600 + 30 * 60) * S;
        let noon_13 = T - 14 * 3600 - 5 * 60 + 36 * 3600;
        assert_eq!(short(late, &Now::at(noon_13, paris()), false), "00:30");
        assert_eq!(short(late, &Now::at(noon_13, TimeZone::UTC), false), "Tue");
    }

    #[test]
    fn future_and_unknown_dates() {
        let now = Now::at(T - 3 * 86_400, TimeZone::UTC);
        assert_eq!(short(T * S, &now, true), "2024-03-12");
        assert_eq!(short(0, &now, true), "");
        assert_eq!(long(0, &TimeZone::UTC), None);
        assert_eq!(rfc3339(0, &TimeZone::UTC), None);
    }

    #[test]
    fn the_date_goes_under_the_bylines_or_the_headline() {
        use crate::article::{Article, Block, BlockKind, Text};
        let mut a = Article {
            headline: Text::plain("Un titre assez long pour deux lignes".into()),
            bylines: vec!["Jean Dupont pour 20 Minutes".into()],
            blocks: vec![Block {
                kind: BlockKind::Paragraph,
                text: Text::plain("Corps.".into()),
            }],
            ..Article::default()
        };
        let date = "Tuesday 12 March 2024, 14:05";
        for width in [1, 12, 40, 200] {
            let mut laid = crate::layout::layout(&a, Some("MONDE"), width);
            let before = laid.lines.len();
            put_in_header(&mut laid, date);
            assert_eq!(laid.lines.len(), before + 1);
            let byline = |l: &Line| l.pieces.iter().any(|p| p.role == Role::Byline);
            let i = laid.lines.iter().rposition(byline).unwrap();
            let date_shown = laid.lines[i].text();
            assert!(
                date.starts_with(date_shown.trim_end_matches('…')),
                "{date_shown}"
            );
            assert!(laid.lines[i - 1].text().contains("Dupont") || width < 30);
            let widest = usize::from(width).max(1);
            assert!(laid.lines.iter().all(|l| l.width() <= widest), "{width}");
        }
        a.bylines.clear();
        let mut laid = crate::layout::layout(&a, None, 60);
        put_in_header(&mut laid, date);
        let texts: Vec<String> = laid.lines.iter().map(Line::text).collect();
        let i = texts.iter().position(|t| t == date).unwrap();
        assert_eq!(texts[i - 1], "");
        assert_eq!(texts[i + 1], "");
        assert!(texts[i + 2].starts_with('─'), "{texts:?}");
    }

    #[test]
    fn long_and_rfc3339_forms() {
        assert_eq!(
            long(T * S, &TimeZone::UTC).as_deref(),
            Some("Tuesday 12 March 2024, 14:05")
        );
        assert_eq!(
            long(T * S, &paris()).as_deref(),
            Some("Tuesday 12 March 2024, 15:05")
        );
        assert_eq!(
            rfc3339(T * S + 123, &paris()).as_deref(),
            Some("2024-03-12T15:05:09+01:00")
        );
        assert_eq!(
            rfc3339(T * S, &TimeZone::UTC).as_deref(),
            Some("2024-03-12T14:05:09+00:00")
        );
        // Summer time: the offset of that day.
        let july = T + 120 * 86_400;
        assert!(rfc3339(july * S, &paris()).unwrap().ends_with("+02:00"));
    }
}
