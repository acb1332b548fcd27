//! Wrapping one text: fragments (glued units, cut words) and optimal fit over them.

use std::ops::Range;

use textwrap::wrap_algorithms::{Penalties, wrap_first_fit, wrap_optimal_fit};

use super::depth::DepthMap;
use super::marks::{is_closing, is_opening, words};
use super::{OPTIMAL_FIT_LIMIT, Piece, Role};
use crate::article::Text;
use crate::width;

/// A part of a fragment: source bytes, or the single space glued inside a fragment.
#[derive(Debug, Clone)]
pub(super) struct Bit {
    pub(super) range: Range<usize>,
    pub(super) quote: Option<u8>,
    pub(super) space: bool,
}

/// An unbreakable unit of text for the wrapping algorithm. Its bits live in one vector per
/// paragraph (`bits` indexes it), so a word costs no allocation of its own.
#[derive(Debug)]
struct Frag {
    bits: Range<u32>,
    width: usize,
    /// Width of the space after it (0 inside a word cut in pieces).
    gap: usize,
    /// Quotation depth of that space.
    gap_quote: Option<u8>,
}

impl textwrap::core::Fragment for Frag {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.gap as f64
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// Wraps one text to `measure` columns: each line's pieces and the byte offset it starts at.
pub(super) fn wrap(
    text: &Text,
    role: Role,
    measure: usize,
    optimal: bool,
) -> Vec<(Vec<Piece>, usize)> {
    let depth = DepthMap::new(text);
    let mut bits = Vec::new();
    let frags = fragments(&text.text, &depth, measure, &mut bits);
    if frags.is_empty() {
        return Vec::new();
    }
    let widths = [measure as f64];
    // Every fragment fits the measure, so a layout without overflow exists; textwrap's default
    // overflow penalty would still trade a column of overflow for a balanced paragraph.
    let penalties = Penalties {
        overflow_penalty: 1_000_000_000,
        ..Penalties::new()
    };
    let fits = |lines: &Vec<&[Frag]>| {
        lines.iter().all(|l| {
            let w: usize = l.iter().map(|f| f.width).sum::<usize>()
                + l.iter().rev().skip(1).map(|f| f.gap).sum::<usize>();
            w <= measure || l.len() == 1
        })
    };
    let lines = match optimal && frags.len() <= OPTIMAL_FIT_LIMIT {
        true => wrap_optimal_fit(&frags, &widths, &penalties)
            .ok()
            .filter(fits)
            .unwrap_or_else(|| wrap_first_fit(&frags, &widths)),
        false => wrap_first_fit(&frags, &widths),
    };
    lines
        .into_iter()
        .map(|line| {
            let offset = line
                .first()
                .and_then(|f| bits.get(f.bits.start as usize))
                .map_or(0, |b| b.range.start);
            (pieces(&text.text, line, &bits, role), offset)
        })
        .collect()
}

/// Turns the fragments of one line into pieces, merging neighbours that look the same.
fn pieces(src: &str, line: &[Frag], bits: &[Bit], role: Role) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut push = |s: &str, quote: Option<u8>| match out.last_mut() {
        Some(last) if last.quote == quote => last.text.push_str(s),
        _ => out.push(Piece {
            text: s.to_owned(),
            role,
            quote,
        }),
    };
    for (i, frag) in line.iter().enumerate() {
        for bit in &bits[frag.bits.start as usize..frag.bits.end as usize] {
            push(
                if bit.space {
                    " "
                } else {
                    &src[bit.range.clone()]
                },
                bit.quote,
            );
        }
        if i + 1 < line.len() && frag.gap > 0 {
            push(" ", frag.gap_quote);
        }
    }
    out
}

/// Glues words into unbreakable units, then cuts any unit wider than `measure`.
fn fragments(src: &str, depth: &DepthMap, measure: usize, bits: &mut Vec<Bit>) -> Vec<Frag> {
    let words = words(src);
    let mut frags: Vec<Frag> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        // A unit runs over words glued by the typography rules.
        let mut j = i;
        while j + 1 < words.len()
            && (is_opening(&src[words[j].clone()]) || is_closing(&src[words[j + 1].clone()]))
        {
            j += 1;
        }
        let unit = &words[i..=j];
        let unit_width: usize = unit
            .iter()
            .map(|w| width::width(&src[w.clone()]))
            .sum::<usize>()
            + (unit.len() - 1);
        let gap_pos = unit[unit.len() - 1].end;
        let gap_quote = depth.at(gap_pos);
        if unit_width <= measure {
            let first = bits.len();
            for (k, w) in unit.iter().enumerate() {
                if k > 0 {
                    let at = unit[k - 1].end;
                    bits.push(Bit {
                        range: at..at,
                        quote: depth.at(at),
                        space: true,
                    });
                }
                depth.split(w.clone(), bits);
            }
            frags.push(Frag {
                bits: index(first)..index(bits.len()),
                width: unit_width,
                gap: 1,
                gap_quote,
            });
        } else {
            // Too wide even alone: each word on its own, long words cut to the measure.
            for (k, w) in unit.iter().enumerate() {
                let last = k + 1 == unit.len();
                let gq = if last { gap_quote } else { depth.at(w.end) };
                cut_word(src, w.clone(), depth, measure, gq, &mut frags, bits);
            }
        }
        i = j + 1;
    }
    frags
}

/// Cuts one word into fragments no wider than `measure`, at grapheme boundaries.
fn cut_word(
    src: &str,
    word: Range<usize>,
    depth: &DepthMap,
    measure: usize,
    gap_quote: Option<u8>,
    frags: &mut Vec<Frag>,
    bits: &mut Vec<Bit>,
) {
    let mut start = word.start;
    while start < word.end {
        let (head, w) = width::prefix(&src[start..word.end], measure.max(1));
        // A grapheme wider than the measure still has to go somewhere: it gets a line alone.
        let len = if head.is_empty() {
            first_grapheme_len(&src[start..word.end])
        } else {
            head.len()
        };
        let end = start + len;
        let first = bits.len();
        depth.split(start..end, bits);
        let last = end >= word.end;
        frags.push(Frag {
            bits: index(first)..index(bits.len()),
            width: if head.is_empty() { measure } else { w },
            gap: usize::from(last),
            gap_quote,
        });
        start = end;
    }
}

fn index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn first_grapheme_len(s: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    s.graphemes(true).next().map_or(s.len(), str::len)
}
