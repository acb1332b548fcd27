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
//!
//! With [`Options`] (`[layout]` in `config.toml`), running text may also be hyphenated (French
//! articles only, by the French patterns: `hyphen`, `lang`) and justified (`justify`); every
//! rule above still holds, since only a word standing alone, outside any group, is hyphenated,
//! and only the spaces between groups are widened.
//!
//! Submodules: `wrap` makes the fragments and wraps them, `marks` says which words glue,
//! `depth` gives the quotation depth at any byte.

use crate::article::{Article, BlockKind, Text};
use crate::width;
use wrap::{Setting, wrap};

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
    /// A note on what changed since the article was read ([`crate::changes`]): under the
    /// header, and where paragraphs were removed.
    ChangeNote,
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

/// How text is set beyond the rules that always hold (`[layout]` in `config.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The widest line of text, in columns (`[layout] measure`), centred in a wider pane.
    pub measure: usize,
    /// Cut words at line ends with a hyphen, by the French patterns, in the standfirst and the
    /// paragraphs of a French article ([`lang::is_french`]); never in headlines, intertitles,
    /// bylines, nor in any other language.
    pub hyphenate: bool,
    /// Widen the spaces of the standfirst's and paragraphs' lines so that each fills the
    /// measure, all but the last line of each and lines with no space between words.
    pub justify: bool,
}

impl Options {
    /// Ragged right at [`MEASURE`], no hyphenation: text as it was always set.
    pub const PLAIN: Options = Options {
        measure: MEASURE,
        hyphenate: false,
        justify: false,
    };
}

impl Default for Options {
    fn default() -> Options {
        Options::PLAIN
    }
}

/// Lays out `article` for a pane `width` columns wide. `section` is the name shown above the
/// headline (the label, or the folder a plain file came from). Ragged right, no hyphenation:
/// [`layout_with`] with the default [`Options`].
pub fn layout(article: &Article, section: Option<&str>, width: u16) -> Layout {
    layout_with(article, section, width, Options::default())
}

/// [`layout`], at the measure and hyphenating and justifying as `options` say.
pub fn layout_with(
    article: &Article,
    section: Option<&str>,
    width: u16,
    options: Options,
) -> Layout {
    let measure = options.measure;
    let total = usize::from(width.max(1));
    let measure = total.min(measure.max(1));
    let indent = u16::try_from((total - measure) / 2).unwrap_or(0);
    let size: usize = article.texts().map(|t| t.text.len()).sum();
    let mut out = Builder {
        lines: Vec::new(),
        indent,
        measure,
        optimal: size <= OPTIMAL_FIT_BYTES,
        // The language is looked at only when it matters, so the default costs nothing.
        hyphenate: options.hyphenate && lang::is_french(article),
        justify: options.justify,
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
        let (measure, optimal, hyphenate, justify) =
            (out.measure, out.optimal, out.hyphenate, out.justify);
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
                            hyphenate,
                            justify,
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
    /// Hyphenate running text (asked for, and the article is French).
    hyphenate: bool,
    /// Justify running text.
    justify: bool,
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
        // Running text only: headlines, intertitles and bylines stay whole and ragged.
        let running = matches!(role, Role::Body | Role::Standfirst);
        let set = Setting {
            measure: self.measure,
            optimal: self.optimal,
            hyphenate: self.hyphenate && running,
            justify: self.justify && running,
        };
        for (pieces, offset) in wrap(text, role, set) {
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

mod depth;
mod hyphen;
mod justify;
pub mod lang;
mod marks;
mod wrap;

#[cfg(test)]
use marks::{is_closing, is_opening, words};

#[cfg(test)]
mod tests;
