//! Layout: an article and a width become lines of styled text. The reader pane and `kiosque show`
//! both draw what this returns, so the two can never disagree.
//!
//! Text is set at a comfortable measure ([`MEASURE`] columns at most), centred in wider panes, and
//! wrapped with textwrap's optimal-fit algorithm over fragments that carry their quotation depth,
//! so a quotation stays highlighted across every line break. French typography is kept by gluing
//! fragments before wrapping:
//! - an opening mark (`«`, `“`, `„`, `‹`, `‘`) stays with the word after it, whatever is glued to
//!   it (`(«`, `[“`, `—«`, `«\u{a0}`, `l’«`);
//! - a closing mark (`»`, `”`, `“` closing `„…“`, `›`, `’`) and high punctuation set off by a space
//!   (`:`, `;`, `!`, `?`, `%`) stay with the word before them, with the punctuation glued after
//!   them (`»).`, `”,`, `!\u{a0}»`);
//! - U+00A0 and U+202F are not break points at all.
//!
//! A run of words glued this way that is wider than the measure cannot stay on one line: it is
//! set word by word, and a word wider than the measure is cut at grapheme boundaries; nothing is
//! ever dropped.

use std::ops::Range;

use textwrap::wrap_algorithms::{Penalties, wrap_first_fit, wrap_optimal_fit};

use crate::article::{Article, BlockKind, Text};
use crate::width;

/// The widest a line of text is set, in columns.
pub const MEASURE: usize = 78;
/// Paragraphs with more fragments than this are wrapped first-fit, which is linear and cheap;
/// optimal fit is kept for text a person reads in one go.
const OPTIMAL_FIT_LIMIT: usize = 4_000;
/// Articles bigger than this (bytes of text) are wrapped first-fit throughout, so that opening
/// even a 16 MB file stays quick.
const OPTIMAL_FIT_BYTES: usize = 512 * 1024;

/// What a piece of laid-out text is; [`crate::theme`] maps each role to a style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The section label above the headline.
    Section,
    /// The headline.
    Headline,
    /// The alternate headline.
    AltHeadline,
    /// The standfirst.
    Standfirst,
    /// A byline.
    Byline,
    /// A note about a problem met while reading the file.
    Warning,
    /// The rule between the header and the body.
    Rule,
    /// A heading inside the body.
    Intertitle,
    /// Running text.
    Body,
}

/// A run of text with one role and one quotation depth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The text, never containing a line break.
    pub text: String,
    /// What the text is.
    pub role: Role,
    /// `Some(depth)` inside a quotation (0 outermost), `None` outside.
    pub quote: Option<u8>,
}

/// Where a line's text comes from, to keep the reading position across re-wraps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Anchor {
    /// Which text of the article (0 for the header lines, then 1 + index in [`Article::texts`]).
    pub part: u32,
    /// Byte offset in that text where the line starts.
    pub offset: u32,
}

/// One laid-out line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    /// Columns of blank space before the text (centring).
    pub indent: u16,
    /// The text, left to right; empty for a blank line.
    pub pieces: Vec<Piece>,
    /// Where the line's text starts in the article.
    pub anchor: Anchor,
}

impl Line {
    /// The line's text without indentation.
    pub fn text(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }

    /// Columns taken, indentation included.
    pub fn width(&self) -> usize {
        usize::from(self.indent)
            + self
                .pieces
                .iter()
                .map(|p| width::width(&p.text))
                .sum::<usize>()
    }
}

/// An article laid out for one width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// The width asked for.
    pub width: u16,
    /// The lines, top to bottom.
    pub lines: Vec<Line>,
}

impl Layout {
    /// The index of the line holding `anchor` (the last text line starting at or before it),
    /// to find a reading position again after a re-wrap.
    pub fn line_at(&self, anchor: Anchor) -> usize {
        self.lines
            .iter()
            .rposition(|l| !l.pieces.is_empty() && l.anchor <= anchor)
            .unwrap_or(0)
    }

    /// The anchor of line `index` (or of the first text line after it).
    pub fn anchor_of(&self, index: usize) -> Anchor {
        self.lines
            .iter()
            .skip(index)
            .find(|l| !l.pieces.is_empty())
            .map(|l| l.anchor)
            .unwrap_or_default()
    }
}

/// Lays out `article` for a pane `width` columns wide. `section` is the name shown above the
/// headline (the label, or the folder a plain file came from).
pub fn layout(article: &Article, section: Option<&str>, width: u16) -> Layout {
    layout_at(article, section, width, MEASURE)
}

/// [`layout`] with lines of at most `measure` columns (`[layout] measure` of `config.toml`).
pub fn layout_at(article: &Article, section: Option<&str>, width: u16, measure: usize) -> Layout {
    let total = usize::from(width.max(1));
    let measure = total.min(measure.max(1));
    let indent = u16::try_from((total - measure) / 2).unwrap_or(0);
    let size: usize = article.texts().map(|t| t.text.len()).sum();
    let mut out = Builder {
        lines: Vec::new(),
        indent,
        measure,
        optimal: size <= OPTIMAL_FIT_BYTES,
    };
    if let Some(section) = section.filter(|s| !s.is_empty()) {
        out.plain(section, Role::Section, 0);
        out.blank();
    }
    let mut part = 1;
    out.text(&article.headline, Role::Headline, part);
    if let Some(alt) = &article.alt_headline {
        part += 1;
        out.blank();
        out.text(alt, Role::AltHeadline, part);
    }
    if let Some(sf) = &article.standfirst {
        part += 1;
        out.blank();
        out.text(sf, Role::Standfirst, part);
    }
    if !article.bylines.is_empty() {
        out.blank();
        for byline in &article.bylines {
            out.plain(byline, Role::Byline, 0);
        }
    }
    if !article.warnings.is_empty() {
        out.blank();
        for warning in &article.warnings {
            out.plain(&format!("⚠ {warning}"), Role::Warning, 0);
        }
    }
    if !article.blocks.is_empty() {
        out.blank();
        out.lines.push(Line {
            indent,
            pieces: vec![Piece {
                text: "─".repeat(measure.min(12)),
                role: Role::Rule,
                quote: None,
            }],
            anchor: Anchor { part, offset: 0 },
        });
    }
    if size <= OPTIMAL_FIT_BYTES {
        for block in &article.blocks {
            part += 1;
            out.blank();
            out.text(&block.text, block_role(block.kind), part);
        }
    } else {
        // A huge article (a file of megabytes) is laid out on every core: its blocks wrap
        // independently, and opening it must not keep the reader waiting.
        let first_part = part + 1;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let per = article.blocks.len().div_ceil(threads).max(1);
        let (measure, optimal) = (out.measure, out.optimal);
        let pieces: Vec<Vec<Line>> = std::thread::scope(|scope| {
            let handles: Vec<_> = article
                .blocks
                .chunks(per)
                .enumerate()
                .map(|(k, blocks)| {
                    scope.spawn(move || {
                        let mut b = Builder {
                            lines: Vec::new(),
                            indent,
                            measure,
                            optimal,
                        };
                        let from = first_part + u32::try_from(k * per).unwrap_or(0);
                        for (part, block) in (from..).zip(blocks) {
                            b.blank();
                            b.text(&block.text, block_role(block.kind), part);
                        }
                        b.lines
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for mut lines in pieces {
            // A blank line takes the anchor of the line before it.
            if let Some(first) = lines.first_mut() {
                first.anchor = out.lines.last().map(|l| l.anchor).unwrap_or_default();
            }
            out.lines.append(&mut lines);
        }
    }
    Layout {
        width,
        lines: out.lines,
    }
}

fn block_role(kind: BlockKind) -> Role {
    match kind {
        BlockKind::Paragraph => Role::Body,
        BlockKind::Intertitle => Role::Intertitle,
    }
}

struct Builder {
    lines: Vec<Line>,
    indent: u16,
    measure: usize,
    /// Optimal fit for articles a person reads; first fit, linear and cheap, for huge ones.
    optimal: bool,
}

impl Builder {
    fn blank(&mut self) {
        let anchor = self.lines.last().map(|l| l.anchor).unwrap_or_default();
        self.lines.push(Line {
            indent: 0,
            pieces: Vec::new(),
            anchor,
        });
    }

    /// Text with no quotations to find (section, bylines, warnings).
    fn plain(&mut self, text: &str, role: Role, part: u32) {
        let t = Text {
            text: text.to_owned(),
            quotes: Vec::new(),
        };
        self.text(&t, role, part);
    }

    fn text(&mut self, text: &Text, role: Role, part: u32) {
        for (pieces, offset) in wrap(text, role, self.measure, self.optimal) {
            self.lines.push(Line {
                indent: self.indent,
                pieces,
                anchor: Anchor {
                    part,
                    offset: u32::try_from(offset).unwrap_or(u32::MAX),
                },
            });
        }
    }
}

/// A part of a fragment: source bytes, or the single space glued inside a fragment.
#[derive(Debug, Clone)]
struct Bit {
    range: Range<usize>,
    quote: Option<u8>,
    space: bool,
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
fn wrap(text: &Text, role: Role, measure: usize, optimal: bool) -> Vec<(Vec<Piece>, usize)> {
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

/// The quotation depth at any byte of a text, from its properly nested quotation ranges.
struct DepthMap {
    /// `(start, depth)`: from `start` until the next entry, the depth is `depth` (-1 outside).
    steps: Vec<(usize, i32)>,
}

impl DepthMap {
    fn new(text: &Text) -> DepthMap {
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

    fn at(&self, pos: usize) -> Option<u8> {
        let i = self.steps.partition_point(|&(start, _)| start <= pos);
        let level = self.steps[i.saturating_sub(1)].1;
        // Negative: outside any quotation; deeper than 255 still is a quotation.
        u8::try_from(level.min(255)).ok()
    }

    /// Splits `range` where the depth changes.
    fn split(&self, range: Range<usize>, out: &mut Vec<Bit>) {
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

/// Words of `src` (byte ranges), split at regular spaces and line breaks only.
fn words(src: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in src.char_indices() {
        if c == ' ' || c == '\n' {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(s..src.len());
    }
    out
}

/// Is `c` a no-break space (which joins, inside a word, what it separates)?
fn is_nbsp(c: char) -> bool {
    c == '\u{a0}' || c == '\u{202f}'
}

/// Quotation marks that open: `«`, `“`, `„`, `‹`, `‘`. `“` and `‘` also close (German `„Wir“`),
/// which [`is_opening`] tells apart by what precedes them.
fn is_opening_mark(c: char) -> bool {
    matches!(c, '«' | '“' | '„' | '‹' | '‘')
}

/// Quotation marks that close: `»`, `”`, `“` (of `„…“`), `›`, `’`.
fn is_closing_mark(c: char) -> bool {
    matches!(c, '»' | '”' | '“' | '›' | '’')
}

/// What may be glued to an opening mark without making it a word: opening brackets
/// (`(«`, `«(`), dashes (`—«`) and no-break spaces (`«\u{a0}`).
fn goes_with_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '—' | '–' | '-') || is_nbsp(c)
}

/// What may be glued to a closing mark without making it a word: closing brackets and the
/// punctuation after a quotation (`»).`, `”,`, `!\u{a0}»`), dashes (`»—`), no-break spaces.
fn goes_with_closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '.' | ',' | ';' | ':' | '!' | '?' | '…' | '%' | '—' | '–' | '-'
    ) || is_nbsp(c)
}

/// Does `word` end with an opening mark, which must not end a line (`«`, `«\u{a0}`, `(«`,
/// `[“`, `—«`, `l’«`)? The mark may be followed by opening brackets, dashes and no-break
/// spaces, and preceded by anything; but a `“` or `‘` right after a letter or digit closes a
/// quotation (`„Wir“`) and is no opening mark.
fn is_opening(word: &str) -> bool {
    // From the end, over the run of marks and what goes with them. Most words end with a letter:
    // one character looked at.
    let mut ambiguous = false;
    for c in word.chars().rev() {
        let mark = is_opening_mark(c);
        if !mark && !goes_with_opening(c) {
            // Just before the run: an ambiguous mark at its start opens unless glued to a word.
            return ambiguous && !c.is_alphanumeric();
        }
        // `«`, `„`, `‹` always open; `“` or `‘` opens when what precedes it is in the run.
        if ambiguous || matches!(c, '«' | '„' | '‹') {
            return true;
        }
        ambiguous = mark;
    }
    ambiguous
}

/// Is `word` a closing mark or high punctuation set off by a space, which must not start a line
/// (`»`, `»).`, `”,`, `“),`, `’`, `:`, `!\u{a0}»,`, `?!`)? Only marks and what goes with them,
/// with at least one closing mark or one of `:;!?%` (`.`, `...`, `…` or `)` alone may start a
/// line).
fn is_closing(word: &str) -> bool {
    let mut closes = false;
    // Most words start with a letter: one character looked at.
    for c in word.chars() {
        if is_closing_mark(c) || matches!(c, ':' | ';' | '!' | '?' | '%') {
            closes = true;
        } else if !goes_with_closing(c) {
            return false;
        }
    }
    closes
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

#[cfg(test)]
mod tests;
