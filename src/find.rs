//! Finding text in the open article (`/` in the reader): where a text occurs, case and accents
//! ignored and any run of spaces or line breaks taken as one space, and where each occurrence
//! shows in the laid-out lines.
//!
//! The article's texts are searched, not its lines, so a match across a line break is found
//! whatever the width; each match is then placed on the lines that show it. Placing reads only
//! what a [`Layout`] line says of itself (its anchor, its text), walking the line beside its
//! source: the layout may drop the spaces at line breaks, collapse runs of them, widen them
//! (justification) or end a line with a hyphen it added, and the walk steps over each.
//! Header lines that come from no text of the article (section, bylines, date, warnings) are
//! searched line by line.

use std::ops::Range;

use crate::article::Article;
use crate::fold;
use crate::layout::{Anchor, Layout, Line, Role};

/// At most this many matches are found (a one-letter find in a 16 MB file would find
/// millions; the count then says `10000+`).
pub const MAX_HITS: usize = 10_000;

/// An occurrence in one of the article's texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Which text: 1 + its index in [`Article::texts`] (as [`Anchor::part`] counts).
    pub part: u32,
    /// Its bytes in that text.
    pub range: Range<usize>,
}

/// What identifies a match across layouts: the text and the byte it starts at; for header
/// lines, part 0 and the line's rank among them then the byte (shifted 32 bits).
pub type Key = (u32, u64);

/// A match as laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Which match.
    pub key: Key,
    /// The lines showing it, each with the bytes of its text (the pieces' text joined,
    /// indentation aside) that show it; at least one.
    pub spans: Vec<(usize, Range<usize>)>,
}

impl Placed {
    /// The first and last line showing it.
    pub fn lines(&self) -> (usize, usize) {
        let first = self.spans.first().map_or(0, |s| s.0);
        let last = self.spans.last().map_or(first, |s| s.0);
        (first, last)
    }
}

/// Text folded for finding, and the source byte each folded byte comes from.
struct Folded {
    text: String,
    origin: Vec<u32>,
}

/// Folds `src` ([`fold::fold_char_into`]) with every run of white space as one space.
fn fold_mapped(src: &str) -> Folded {
    let mut text = String::with_capacity(src.len());
    let mut origin = Vec::with_capacity(src.len());
    let mut in_space = false;
    for (i, c) in src.char_indices() {
        let at = u32::try_from(i).unwrap_or(u32::MAX);
        if c.is_whitespace() {
            if !in_space {
                text.push(' ');
                origin.push(at);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        fold::fold_char_into(c, &mut text);
        origin.resize(text.len(), at);
    }
    Folded { text, origin }
}

/// The form a typed text is looked for in: folded, runs of spaces as one. Empty (nothing to
/// find) when it is only spaces.
pub fn needle(typed: &str) -> String {
    let folded = fold_mapped(typed).text;
    if folded.trim().is_empty() {
        String::new()
    } else {
        folded
    }
}

/// The source ranges of the occurrences of `needle` (from [`needle`]) in `src`, at most
/// `max`.
fn occurrences(src: &str, needle: &str, max: usize) -> Vec<Range<usize>> {
    if needle.is_empty() || max == 0 {
        return Vec::new();
    }
    let f = fold_mapped(src);
    let source_end = |folded_end: usize| {
        // The end of the source character the match's last folded byte comes from, and of
        // the marks that folded to nothing after it (`e` and a combining accent).
        let last = f.origin[folded_end - 1] as usize;
        let end = last + src[last..].chars().next().map_or(0, char::len_utf8);
        f.origin
            .get(folded_end)
            .map_or(src.len(), |&next| (next as usize).max(end))
    };
    f.text
        .match_indices(needle)
        .take(max)
        .map(|(at, m)| f.origin[at] as usize..source_end(at + m.len()))
        .collect()
}

/// Every occurrence of `needle` (from [`needle`]) in the article's texts, in order; at most
/// [`MAX_HITS`].
pub fn hits(article: &Article, needle: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    for (part, text) in (1u32..).zip(article.texts()) {
        let left = MAX_HITS - out.len();
        out.extend(
            occurrences(&text.text, needle, left)
                .into_iter()
                .map(|range| Hit { part, range }),
        );
        if out.len() >= MAX_HITS {
            break;
        }
    }
    out
}

/// Is a line laid out from one of the article's texts (its anchor says where in it)?
fn from_text(line: &Line) -> bool {
    line.pieces.first().is_some_and(|p| {
        matches!(
            p.role,
            Role::Headline | Role::AltHeadline | Role::Standfirst | Role::Intertitle | Role::Body
        )
    })
}

/// Is a line a header line from no text (section, byline, date, warning)?
fn from_header(line: &Line) -> bool {
    line.pieces
        .first()
        .is_some_and(|p| matches!(p.role, Role::Section | Role::Byline | Role::Warning))
}

/// The matches of `hits` (and of `needle` in the header lines) as `layout` shows them, in
/// reading order. `article` is the one laid out.
pub fn place(layout: &Layout, article: &Article, hits: &[Hit], needle: &str) -> Vec<Placed> {
    let texts: Vec<&str> = article.texts().map(|t| t.text.as_str()).collect();
    let lines: Vec<usize> = (0..layout.lines.len())
        .filter(|&i| from_text(&layout.lines[i]))
        .collect();
    let mut out: Vec<Placed> = Vec::with_capacity(hits.len());
    for hit in hits {
        let Some(src) = (hit.part as usize)
            .checked_sub(1)
            .and_then(|i| texts.get(i))
        else {
            continue;
        };
        let at = Anchor {
            part: hit.part,
            offset: u32::try_from(hit.range.start).unwrap_or(u32::MAX),
        };
        let first = lines
            .partition_point(|&i| layout.lines[i].anchor <= at)
            .saturating_sub(1);
        let mut spans = Vec::new();
        for (k, &i) in lines.iter().enumerate().skip(first) {
            let anchor = layout.lines[i].anchor;
            if anchor.part != hit.part || anchor.offset as usize >= hit.range.end {
                break;
            }
            let start = (anchor.offset as usize).min(src.len());
            let end = lines
                .get(k + 1)
                .map(|&j| layout.lines[j].anchor)
                .filter(|a| a.part == hit.part)
                .map_or(src.len(), |a| (a.offset as usize).clamp(start, src.len()));
            let Some(segment) = src.get(start..end) else {
                continue;
            };
            if let Some(bytes) = align(&layout.lines[i].text(), segment, start, &hit.range) {
                spans.push((i, bytes));
            }
        }
        if !spans.is_empty() {
            let key = (hit.part, hit.range.start as u64);
            out.push(Placed { key, spans });
        }
    }
    let mut rank = 0u64;
    for (i, line) in layout.lines.iter().enumerate() {
        if !from_header(line) {
            continue;
        }
        for range in occurrences(&line.text(), needle, MAX_HITS) {
            let key = (0, (rank << 32) | range.start as u64);
            out.push(Placed {
                key,
                spans: vec![(i, range)],
            });
        }
        rank += 1;
    }
    out.sort_by_key(|p| (p.spans[0].0, p.spans[0].1.start));
    out.truncate(MAX_HITS);
    out
}

/// A space or a line break: where the layout breaks text, writing one space or none.
fn is_break(c: char) -> bool {
    c == ' ' || c == '\n'
}

/// The bytes of a line's text that show the source bytes `want`, given that the line shows
/// `src`, which starts at byte `base` of its text.
fn align(line: &str, src: &str, base: usize, want: &Range<usize>) -> Option<Range<usize>> {
    let mut l = line.char_indices().peekable();
    let mut s = src.char_indices().peekable();
    let mut found: Option<Range<usize>> = None;
    while let (Some(&(li, lc)), Some(&(si, sc))) = (l.peek(), s.peek()) {
        let at = base + si;
        if at >= want.end {
            break;
        }
        let space = lc == ' ' && is_break(sc);
        if lc == sc || space {
            if at >= want.start {
                let end = li + lc.len_utf8();
                found = Some(found.map_or(li..end, |f| f.start..end));
            }
            l.next();
            s.next();
            if space {
                while s.peek().is_some_and(|&(_, c)| is_break(c)) {
                    s.next();
                }
            }
        } else if is_break(sc) {
            // A break the layout dropped (at a line's end).
            s.next();
        } else if matches!(lc, ' ' | '-' | '\u{2010}') {
            // Space widened by justification, or a hyphen added at a line's end.
            l.next();
        } else {
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests;
