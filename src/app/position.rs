//! Reading positions (SPEC §6, §7): each article reopens where it was left, at any width.
//!
//! A position is saved as a body block of the article (its number in `blocks`, as `kiosque
//! parse` lists them) and a character offset in that block: the start of the first line shown.
//! Neither depends on the width, so the article reopens on the line holding that character
//! whatever the width it is laid out at then. `(0, 0)` is the top of the article (a place in
//! the header is saved as the top).
//!
//! It is recorded when it matters, never on every line scrolled: when the article is closed,
//! when another is opened, when the reader quits, and when the keys have been left alone for a
//! moment ([`crate::action::Action::Idle`]); and only when it moved.

use super::App;
use crate::article::Article;
use crate::layout::Anchor;
use crate::state::Position;

/// The layout part of body block 0: after the headline (part 1), the alternate headline and
/// the standfirst when there are (see [`Anchor::part`]).
fn first_block_part(a: &Article) -> u32 {
    2 + u32::from(a.alt_headline.is_some()) + u32::from(a.standfirst.is_some())
}

/// The position of a line starting at `anchor` of article `a`.
pub fn position_of(a: &Article, anchor: Anchor) -> Position {
    let first = first_block_part(a);
    let Some(block) = anchor.part.checked_sub(first) else {
        return Position::default();
    };
    let Some(b) = a.blocks.get(block as usize) else {
        return Position::default();
    };
    let text = &b.text.text;
    let mut byte = (anchor.offset as usize).min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let chars = text[..byte].chars().count();
    Position {
        block,
        offset: u32::try_from(chars).unwrap_or(u32::MAX),
    }
}

/// Where position `p` of article `a` is, as a layout anchor (a block past the end, from an
/// article that has since been shortened, is the start of its last block).
pub fn anchor_at(a: &Article, p: Position) -> Anchor {
    if p == Position::default() || a.blocks.is_empty() {
        return Anchor::default();
    }
    let last = a.blocks.len() - 1;
    let (block, offset) = match a.blocks.get(p.block as usize) {
        Some(b) => {
            let text = &b.text.text;
            let byte = text
                .char_indices()
                .nth(p.offset as usize)
                .map_or(text.len(), |(i, _)| i);
            (p.block, byte)
        }
        None => (u32::try_from(last).unwrap_or(0), 0),
    };
    Anchor {
        part: first_block_part(a) + block,
        offset: u32::try_from(offset).unwrap_or(u32::MAX),
    }
}

impl App {
    /// Saves where the open article is being read, if that moved since it was saved.
    pub fn record_position(&mut self) {
        let Some(r) = &self.reader else {
            return;
        };
        let (Some(article), true) = (&r.article, r.placed) else {
            return;
        };
        // During a reload the open article's number means nothing yet.
        let Some(id) = self.entries.get(r.entry as usize).map(|e| e.id) else {
            return;
        };
        let position = position_of(article, r.anchor);
        if self.marks.state.get(id).position() != position {
            self.write_position(id, position);
        }
    }

    /// The open article was just read: where to start, from its saved position (once; an
    /// article read again after a reload keeps the place on screen).
    pub(super) fn place_reader(&mut self) {
        let Some(r) = &self.reader else {
            return;
        };
        let id = self.entries.get(r.entry as usize).map(|e| e.id);
        let saved = id.map(|id| self.marks.state.get(id).position());
        let Some(r) = &mut self.reader else {
            return;
        };
        let Some(article) = &r.article else {
            return;
        };
        if !r.placed {
            r.placed = true;
            r.anchor = saved.map_or_else(Anchor::default, |p| anchor_at(article, p));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Block, BlockKind, Text};

    fn article(standfirst: bool) -> Article {
        let block = |t: &str| Block {
            kind: BlockKind::Paragraph,
            text: Text::plain(t.into()),
        };
        Article {
            headline: Text::plain("Titre".into()),
            standfirst: standfirst.then(|| Text::plain("Chapô".into())),
            blocks: vec![block("Déjà là."), block("Un été « brûlant », dit-il.")],
            ..Article::default()
        }
    }

    #[test]
    fn positions_count_characters_and_survive_the_round_trip() {
        for sf in [false, true] {
            let a = article(sf);
            let first = first_block_part(&a);
            // "Un été « " is 9 characters and 12 bytes.
            let anchor = Anchor {
                part: first + 1,
                offset: 12,
            };
            let p = position_of(&a, anchor);
            assert_eq!(
                p,
                Position {
                    block: 1,
                    offset: 9
                }
            );
            assert_eq!(anchor_at(&a, p), anchor);
        }
    }

    #[test]
    fn the_header_is_the_top_and_a_lost_block_the_last_one() {
        let a = article(true);
        let header = Anchor { part: 1, offset: 3 };
        assert_eq!(position_of(&a, header), Position::default());
        assert_eq!(anchor_at(&a, Position::default()), Anchor::default());
        let gone = Position {
            block: 9,
            offset: 4,
        };
        assert_eq!(
            anchor_at(&a, gone),
            Anchor {
                part: first_block_part(&a) + 1,
                offset: 0
            }
        );
        // An offset past the block's end is its end.
        let long = Position {
            block: 0,
            offset: 99,
        };
        assert_eq!(anchor_at(&a, long).offset as usize, "Déjà là.".len());
    }
}
