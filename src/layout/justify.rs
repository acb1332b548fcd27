//! Justification: the spaces of a line widened so that it fills the measure.
//!
//! Only the spaces between fragments are widened: a space inside a group (`« Nous`, `taux :`)
//! is a no-break space in all but its code, and a no-break space is never widened. A line with
//! no space between fragments (a single word or group) is left as it is, and so is the last
//! line of a paragraph (the caller does not ask).

use super::wrap::{Frag, line_width};

/// Columns to add to `line` to make it `measure` wide: none for a line without a space
/// between fragments, or already as wide.
pub(super) fn extra<const H: bool>(line: &[Frag<H>], measure: usize) -> usize {
    if gaps(line) == 0 {
        return 0;
    }
    measure.saturating_sub(line_width(line))
}

/// The spaces between the fragments of `line` that may be widened.
fn gaps<const H: bool>(line: &[Frag<H>]) -> usize {
    line.iter()
        .take(line.len().saturating_sub(1))
        .filter(|f| f.gap > 0)
        .count()
}

/// Hands out the width of each space of a line in turn: one column, plus a share of the
/// extra columns, spread evenly along the line (not heaped at one end).
pub(super) struct Spread {
    extra: usize,
    gaps: usize,
    given: usize,
}

impl Spread {
    pub(super) fn new<const H: bool>(extra: usize, line: &[Frag<H>]) -> Spread {
        Spread {
            extra,
            gaps: if extra == 0 { 0 } else { gaps(line) },
            given: 0,
        }
    }

    /// The width of the next space.
    pub(super) fn next_gap(&mut self) -> usize {
        if self.gaps == 0 {
            return 1;
        }
        self.given += 1;
        let share = self.extra * self.given / self.gaps - self.extra * (self.given - 1) / self.gaps;
        1 + share
    }
}
