//! Wrapping one text: fragments (glued units, hyphenated and cut words), optimal fit over
//! them, and the spaces of justified lines.

use std::ops::Range;

use textwrap::wrap_algorithms::{Penalties, wrap_first_fit, wrap_optimal_fit};

use super::depth::DepthMap;
use super::marks::{is_closing, is_opening, words};
use super::{OPTIMAL_FIT_LIMIT, Piece, Role};
use super::{hyphen, justify};
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
/// paragraph (`bits` indexes it), so a word costs no allocation of its own. `H`: the text is
/// hyphenated; without hyphenation the hyphen is known absent at compile time, and optimal fit
/// runs the code it ran before hyphenation existed (about 2 % of the layout's instructions saved
/// against reading the field for nothing).
#[derive(Debug)]
pub(super) struct Frag<const H: bool> {
    bits: Range<u32>,
    width: usize,
    /// Width of the space after it (0 inside a word cut in pieces).
    pub(super) gap: usize,
    /// Quotation depth of that space.
    gap_quote: Option<u8>,
    /// A piece of a hyphenated word: a line ending here ends with a hyphen, one column more.
    hyphen: bool,
}

/// What a line ending with a hyphen costs optimal fit, as a gap of 5 columns costs (gaps cost
/// their square): textwrap's default. On the fixture library at 36 columns it hyphenates 9.6 %
/// of lines and takes 36 % off the raggedness; 50 hyphenates 6 % and takes 30 % off, 100
/// hyphenates 2.6 % and takes 17 % off (BENCHMARKS.md).
const HYPHEN_PENALTY: usize = 25;

/// How one text is set.
#[derive(Debug, Clone, Copy)]
pub(super) struct Setting {
    /// Columns of the measure.
    pub(super) measure: usize,
    /// Optimal fit (else first fit, for huge articles).
    pub(super) optimal: bool,
    /// Cut words with a hyphen (French patterns; the caller has checked the language).
    pub(super) hyphenate: bool,
    /// Spread the spaces of every line but the last to fill the measure.
    pub(super) justify: bool,
}

impl<const H: bool> textwrap::core::Fragment for Frag<H> {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        self.gap as f64
    }
    fn penalty_width(&self) -> f64 {
        if H && self.hyphen { 1.0 } else { 0.0 }
    }
}

/// Columns taken by `line`: its fragments, the spaces between them, the hyphen at its end.
pub(super) fn line_width<const H: bool>(line: &[Frag<H>]) -> usize {
    line.iter().map(|f| f.width).sum::<usize>()
        + line.iter().rev().skip(1).map(|f| f.gap).sum::<usize>()
        + usize::from(H && line.last().is_some_and(|f| f.hyphen))
}

/// Wraps one text to `measure` columns: each line's pieces and the byte offset it starts at.
pub(super) fn wrap(text: &Text, role: Role, set: Setting) -> Vec<(Vec<Piece>, usize)> {
    match set.hyphenate {
        true => wrap_as::<true>(text, role, set),
        false => wrap_as::<false>(text, role, set),
    }
}

/// [`wrap`], hyphenating when `H` (which is `set.hyphenate`).
fn wrap_as<const H: bool>(text: &Text, role: Role, set: Setting) -> Vec<(Vec<Piece>, usize)> {
    let Setting {
        measure, optimal, ..
    } = set;
    let depth = DepthMap::new(text);
    let mut bits = Vec::new();
    let frags = fragments::<H>(&text.text, &depth, set, &mut bits);
    if frags.is_empty() {
        return Vec::new();
    }
    let widths = [measure as f64];
    // Every fragment fits the measure, so a layout without overflow exists; textwrap's default
    // overflow penalty would still trade a column of overflow for a balanced paragraph.
    let penalties = Penalties {
        overflow_penalty: 1_000_000_000,
        hyphen_penalty: HYPHEN_PENALTY,
        ..Penalties::new()
    };
    let fits = |lines: &Vec<&[Frag<H>]>| {
        lines
            .iter()
            .all(|l| line_width(l) <= measure || l.len() == 1)
    };
    let lines = match optimal && frags.len() <= OPTIMAL_FIT_LIMIT {
        true => wrap_optimal_fit(&frags, &widths, &penalties)
            .ok()
            .filter(fits)
            .unwrap_or_else(|| wrap_first_fit(&frags, &widths)),
        false => wrap_first_fit(&frags, &widths),
    };
    let count = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(k, line)| {
            let offset = line
                .first()
                .and_then(|f| bits.get(f.bits.start as usize))
                .map_or(0, |b| b.range.start);
            // The last line of a paragraph is never justified.
            let extra = match set.justify && k + 1 < count {
                true => justify::extra(line, measure),
                false => 0,
            };
            (pieces(&text.text, line, &bits, role, extra), offset)
        })
        .collect()
}

/// Spaces to take a justified gap from (a gap is never wider than the measure).
const SPACES: &str =
    "                                                                                ";

/// Turns the fragments of one line into pieces, merging neighbours that look the same, with
/// `extra` columns spread over the spaces between fragments, and the hyphen of a hyphenated
/// word at the end.
fn pieces<const H: bool>(
    src: &str,
    line: &[Frag<H>],
    bits: &[Bit],
    role: Role,
    extra: usize,
) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut spaces = justify::Spread::new(extra, line);
    for (i, frag) in line.iter().enumerate() {
        let frag_bits = &bits[frag.bits.start as usize..frag.bits.end as usize];
        for bit in frag_bits {
            let text = if bit.space {
                " "
            } else {
                &src[bit.range.clone()]
            };
            push(&mut out, text, bit.quote, role);
        }
        if i + 1 < line.len() && frag.gap > 0 {
            // A space follows nearly every word: the ragged case as cheap as it was.
            if extra == 0 {
                push(&mut out, " ", frag.gap_quote, role);
            } else {
                let n = spaces.next_gap();
                match SPACES.get(..n) {
                    Some(s) => push(&mut out, s, frag.gap_quote, role),
                    None => (0..n).for_each(|_| push(&mut out, " ", frag.gap_quote, role)),
                }
            }
        } else if H && i + 1 == line.len() && frag.hyphen {
            // Styled as the letter before it: inside a quotation, the hyphen is quoted too.
            push(&mut out, "-", frag_bits.last().and_then(|b| b.quote), role);
        }
    }
    out
}

/// Appends `s` to the last piece when it looks the same, else as a new piece. Called for
/// every word and space: inlined, as the closure it replaces was before it had three callers.
#[inline(always)]
fn push(out: &mut Vec<Piece>, s: &str, quote: Option<u8>, role: Role) {
    match out.last_mut() {
        Some(last) if last.quote == quote => last.text.push_str(s),
        _ => out.push(Piece {
            text: s.to_owned(),
            role,
            quote,
        }),
    }
}

/// Glues words into unbreakable units, hyphenates the single words that may be, then cuts
/// any unit wider than the measure.
fn fragments<const H: bool>(
    src: &str,
    depth: &DepthMap,
    set: Setting,
    bits: &mut Vec<Bit>,
) -> Vec<Frag<H>> {
    let measure = set.measure;
    let words = words(src);
    let mut frags: Vec<Frag<H>> = Vec::with_capacity(words.len());
    let mut points = Vec::new();
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
        // Only a word standing alone is hyphenated: a group (words glued to a quotation mark or
        // to high punctuation, or joined by a no-break space) is held together.
        if H && i == j {
            points.clear();
            hyphen::points(
                &src[unit[0].clone()],
                starts_sentence(src, &words, i),
                &mut points,
            );
            let word = Word {
                range: unit[0].clone(),
                width: unit_width,
                gap_quote,
            };
            if hyphenated(src, word, &points, depth, measure, &mut frags, bits) {
                i = j + 1;
                continue;
            }
        }
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
                hyphen: false,
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

/// Does word `k` of `src` open a sentence (so that a capital there is no proper noun)? It is
/// the first word, or follows one ending a sentence (`.`, `!`, `?`, `…`, maybe before closing
/// marks) or a dialogue dash.
fn starts_sentence(src: &str, words: &[Range<usize>], k: usize) -> bool {
    let Some(prev) = k.checked_sub(1).map(|p| &src[words[p].clone()]) else {
        return true;
    };
    let core = prev.trim_end_matches(['»', '”', '“', '’', '"', ')', ']', '\u{a0}', '\u{202f}']);
    core.ends_with(['.', '!', '?', '…']) || matches!(prev, "—" | "–" | "-")
}

/// A word standing alone, its width, and the quotation depth of the space after it.
struct Word {
    range: Range<usize>,
    width: usize,
    gap_quote: Option<u8>,
}

/// Sets `word` as pieces between its hyphenation `points` (byte offsets in the word), each
/// but the last ending with a hyphen if a line ends there. False, and nothing set, when there
/// is no point or a piece and its hyphen would not fit the measure (the word is then set as
/// if it had no point: whole, or cut).
fn hyphenated<const H: bool>(
    src: &str,
    word: Word,
    points: &[usize],
    depth: &DepthMap,
    measure: usize,
    frags: &mut Vec<Frag<H>>,
    bits: &mut Vec<Bit>,
) -> bool {
    let Word {
        range,
        width: word_width,
        gap_quote,
    } = word;
    if points.is_empty() {
        return false;
    }
    let ends = points.iter().map(|&p| range.start + p).chain([range.end]);
    // A piece and its hyphen are never wider than the word (at least a letter follows them),
    // so only a word wider than the measure has pieces to check.
    if word_width > measure {
        let mut start = range.start;
        for end in ends.clone() {
            if width::width(&src[start..end]) + usize::from(end < range.end) > measure {
                return false;
            }
            start = end;
        }
    }
    let mut start = range.start;
    for end in ends {
        let w = width::width(&src[start..end]);
        let first = bits.len();
        depth.split(start..end, bits);
        let last = end == range.end;
        frags.push(Frag {
            bits: index(first)..index(bits.len()),
            width: w,
            gap: usize::from(last),
            gap_quote: if last { gap_quote } else { depth.at(end) },
            hyphen: !last,
        });
        start = end;
    }
    true
}

/// Cuts one word into fragments no wider than `measure`, at grapheme boundaries.
fn cut_word<const H: bool>(
    src: &str,
    word: Range<usize>,
    depth: &DepthMap,
    measure: usize,
    gap_quote: Option<u8>,
    frags: &mut Vec<Frag<H>>,
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
            hyphen: false,
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
