//! What changed in an article since the version that was read: the diff of the two versions'
//! paragraph fingerprints ([`crate::fingerprint`]), block by block of the version shown, and
//! how the reader shows it on the laid-out lines.
//!
//! Only fingerprints of the old version are kept, not its text: a paragraph of the new version
//! is *added* (nothing stood in its place), *changed* (it replaced one or more old paragraphs)
//! or the same; old paragraphs with no counterpart are *removed*, counted where they stood. The
//! diff is `similar`'s (Myers' algorithm over the two lists of fingerprints, with replacements
//! told from insertions), so a paragraph moved or a paragraph inserted does not make every
//! paragraph after it count as changed.

use crate::article::Article;
use crate::fingerprint::{Fingerprints, MAX_PARAGRAPHS};
use crate::layout::{Anchor, Layout, Line, Piece, Role};

/// What a block of the version shown is, against the version read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// As it was.
    Same,
    /// New: it stands where there was nothing.
    Added,
    /// It replaces text that was there.
    Changed,
}

/// The changes of a version against the one read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The status of each block of the version shown.
    status: Vec<Status>,
    /// Old paragraphs with no counterpart: (the block of the new version they stood before,
    /// or the number of blocks for the end; how many).
    removed: Vec<(usize, usize)>,
}

impl Changes {
    /// The changes from `old` (the version read) to `new` (the version shown, `blocks` blocks
    /// long: more than its fingerprints when its tail shares the last one).
    pub fn between(old: &Fingerprints, new: &Fingerprints, blocks: usize) -> Changes {
        use similar::{Algorithm, DiffOp, capture_diff_slices};
        let (a, b) = (old.paragraphs(), new.paragraphs());
        let mut status = vec![Status::Same; b.len()];
        let mut removed = Vec::new();
        for op in capture_diff_slices(Algorithm::Myers, a, b) {
            match op {
                DiffOp::Equal { .. } => {}
                DiffOp::Insert {
                    new_index, new_len, ..
                } => status[new_index..new_index + new_len].fill(Status::Added),
                DiffOp::Delete {
                    old_len, new_index, ..
                } => removed.push((new_index, old_len)),
                DiffOp::Replace {
                    old_len,
                    new_index,
                    new_len,
                    ..
                } => {
                    // As many changed as there were old ones; more are added, fewer removed.
                    let changed = old_len.min(new_len);
                    status[new_index..new_index + changed].fill(Status::Changed);
                    status[new_index + changed..new_index + new_len].fill(Status::Added);
                    if old_len > new_len {
                        removed.push((new_index + new_len, old_len - new_len));
                    }
                }
            }
        }
        // The blocks of a long body's tail share its last fingerprint, and its status.
        if blocks > status.len() && status.len() == MAX_PARAGRAPHS {
            let tail = status[MAX_PARAGRAPHS - 1];
            status.resize(blocks, tail);
        }
        status.resize(blocks, Status::Same);
        // Removed at the end of the list: at the end of the article (past a folded tail).
        for r in &mut removed {
            if r.0 >= b.len() {
                r.0 = blocks;
            }
        }
        Changes { status, removed }
    }

    /// Did anything change?
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.status.iter().all(|s| *s == Status::Same)
    }

    /// The status of block `i` of the version shown.
    pub fn status(&self, i: usize) -> Status {
        self.status.get(i).copied().unwrap_or(Status::Same)
    }

    /// How many blocks were added, changed, and how many old paragraphs removed.
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |s| self.status.iter().filter(|&&x| x == s).count();
        let removed = self.removed.iter().map(|r| r.1).sum();
        (count(Status::Added), count(Status::Changed), removed)
    }

    /// What the note under the header says (the first count names its unit).
    pub fn summary(&self) -> String {
        let (added, changed, removed) = self.counts();
        let mut parts = Vec::new();
        for (k, what) in [(changed, "changed"), (added, "added"), (removed, "removed")] {
            if k == 0 {
                continue;
            }
            parts.push(if parts.is_empty() {
                format!("{k} paragraph{} {what}", if k == 1 { "" } else { "s" })
            } else {
                format!("{k} {what}")
            });
        }
        if parts.is_empty() {
            "Updated since you read it".to_owned()
        } else {
            format!("Updated since you read it: {}", parts.join(", "))
        }
    }

    /// Shows the changes in `layout` (the article laid out, whose first block is text number
    /// `first_block_part` as [`Anchor::part`] counts): the note under the header and, where
    /// paragraphs were removed, a line saying so. The mark in the margin of the lines of
    /// added and changed blocks is drawn with them ([`Changes::margin`]).
    pub fn annotate(&self, layout: &mut Layout, first_block_part: u32) {
        let indent = layout
            .lines
            .iter()
            .find(|l| !l.pieces.is_empty())
            .map_or(0, |l| l.indent);
        // The text is centred: what the indents leave is the measure it was set at.
        let measure = usize::from(layout.width.max(1))
            .saturating_sub(2 * usize::from(indent))
            .max(8);
        let blank = |anchor: Anchor| Line {
            indent: 0,
            pieces: Vec::new(),
            anchor,
        };
        // A note, wrapped to the measure, and a blank line after it.
        let note = |text: String, anchor: Anchor| -> Vec<Line> {
            let mut lines: Vec<Line> = textwrap::wrap(&text, measure)
                .into_iter()
                .map(|l| Line {
                    indent,
                    pieces: vec![Piece {
                        text: l.into_owned(),
                        role: Role::ChangeNote,
                        quote: None,
                    }],
                    anchor,
                })
                .collect();
            lines.push(blank(anchor));
            lines
        };
        // Where paragraphs were removed, last first, so earlier places stay where they are.
        let mut removals = self.removed.clone();
        removals.sort_by_key(|r| std::cmp::Reverse(r.0));
        for (before, count) in removals {
            let text = format!(
                "− {count} paragraph{} removed here",
                if count == 1 { "" } else { "s" }
            );
            let part = first_block_part + u32::try_from(before).unwrap_or(u32::MAX);
            let at = layout
                .lines
                .iter()
                .position(|l| l.anchor.part >= part && !l.pieces.is_empty() && is_text(l));
            match at {
                Some(i) => {
                    let anchor = layout.lines[i].anchor;
                    layout.lines.splice(i..i, note(text, anchor));
                }
                None => {
                    let anchor = layout.lines.last().map(|l| l.anchor).unwrap_or_default();
                    let mut lines = note(text, anchor);
                    lines.pop();
                    layout.lines.push(blank(anchor));
                    layout.lines.extend(lines);
                }
            }
        }
        // The note under the header, above the rule (or at the end of an article without a
        // body).
        let summary = self.summary();
        match layout
            .lines
            .iter()
            .position(|l| l.pieces.first().is_some_and(|p| p.role == Role::Rule))
        {
            Some(i) => {
                let anchor = layout.lines[i].anchor;
                layout.lines.splice(i..i, note(summary, anchor));
            }
            None => {
                let anchor = layout.lines.last().map(|l| l.anchor).unwrap_or_default();
                let mut lines = note(summary, anchor);
                lines.pop();
                layout.lines.push(blank(anchor));
                layout.lines.extend(lines);
            }
        }
    }

    /// The mark in the margin of a laid-out line (`first_block_part` as for
    /// [`Changes::annotate`]): `+` on the lines of an added block, `~` on those of a changed
    /// one, none elsewhere.
    pub fn margin(&self, line: &Line, first_block_part: u32) -> Option<char> {
        if line.pieces.is_empty() || !is_text(line) {
            return None;
        }
        let block = line.anchor.part.checked_sub(first_block_part)?;
        match self.status(block as usize) {
            Status::Same => None,
            Status::Added => Some('+'),
            Status::Changed => Some('~'),
        }
    }
}

/// The [`Anchor::part`] of an article's first block: the texts before it are the headline,
/// the alternate headline and the standfirst.
pub fn first_block_part(article: &Article) -> u32 {
    2 + u32::from(article.alt_headline.is_some()) + u32::from(article.standfirst.is_some())
}

/// Is a line text of a block (a paragraph's or an intertitle's)?
fn is_text(line: &Line) -> bool {
    line.pieces
        .first()
        .is_some_and(|p| matches!(p.role, Role::Body | Role::Intertitle))
}

#[cfg(test)]
mod tests;
