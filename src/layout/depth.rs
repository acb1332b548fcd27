//! The quotation depth at any byte of a text.

use std::ops::Range;

use super::wrap::Bit;
use crate::article::Text;

/// The quotation depth at any byte of a text, from its properly nested quotation ranges.
pub(super) struct DepthMap {
    /// `(start, depth)`: from `start` until the next entry, the depth is `depth` (-1 outside).
    steps: Vec<(usize, i32)>,
}

impl DepthMap {
    pub(super) fn new(text: &Text) -> DepthMap {
        let mut events: Vec<(usize, i32)> = Vec::with_capacity(text.quotes.len() * 2);
        for q in &text.quotes {
            events.push((q.range.start, 1));
            events.push((q.range.end, -1));
        }
        // Ends before starts at the same byte: a quotation that closes where another opens.
        events.sort_by_key(|&(pos, delta)| (pos, delta));
        let mut steps = vec![(0, -1)];
        let mut level = -1;
        for (pos, delta) in events {
            level += delta;
            match steps.last_mut() {
                Some(last) if last.0 == pos => last.1 = level,
                _ => steps.push((pos, level)),
            }
        }
        DepthMap { steps }
    }

    pub(super) fn at(&self, pos: usize) -> Option<u8> {
        let i = self.steps.partition_point(|&(start, _)| start <= pos);
        let level = self.steps[i.saturating_sub(1)].1;
        // Negative: outside any quotation; deeper than 255 still is a quotation.
        u8::try_from(level.min(255)).ok()
    }

    /// Splits `range` where the depth changes.
    pub(super) fn split(&self, range: Range<usize>, out: &mut Vec<Bit>) {
        let mut start = range.start;
        let first = self.steps.partition_point(|&(s, _)| s <= start);
        for &(boundary, _) in &self.steps[first..] {
            if boundary >= range.end {
                break;
            }
            out.push(Bit {
                range: start..boundary,
                quote: self.at(start),
                space: false,
            });
            start = boundary;
        }
        out.push(Bit {
            range: start..range.end,
            quote: self.at(start),
            space: false,
        });
    }
}
