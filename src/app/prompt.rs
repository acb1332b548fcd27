//! The filter prompt as a one-line editor: a cursor that moves by characters as the eye sees
//! them (grapheme clusters: `é` written as `e` and an accent is one step), word and line
//! deletion, history, and pasted text taken as one edit. Pure: the App decides what a change
//! of text means.

use unicode_segmentation::UnicodeSegmentation;

use crate::query;

pub use crate::action::Edit;

/// Queries kept in the history.
pub const HISTORY_MAX: usize = 200;
/// A query longer than this (in bytes) is not kept in the history (a pasted article).
pub const HISTORY_ENTRY_MAX: usize = 4096;

/// The prompt's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prompt {
    /// The text.
    pub text: String,
    /// The cursor, a byte offset in `text` at a grapheme boundary.
    pub cursor: usize,
    /// Why the text does not parse, if it does not.
    pub error: Option<query::Error>,
    /// While walking the history: the entry shown (0 = the most recent) and the text typed
    /// before the walk started.
    browsing: Option<(usize, String)>,
}

/// Makes pasted or typed text one line of printable characters: line breaks and tabs become
/// spaces; other controls and bidi controls are dropped (the prompt is drawn on the terminal).
pub fn one_line(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() || crate::sanitize::is_bidi_control(c) => None,
            c => Some(c),
        })
        .collect()
}

impl Prompt {
    /// Applies an edit; true when the text changed.
    pub fn edit(&mut self, edit: Edit, history: &[String]) -> bool {
        let before = self.text.len();
        let changed = match edit {
            Edit::Insert(s) => {
                let s = one_line(&s);
                self.text.insert_str(self.cursor, &s);
                self.cursor += s.len();
                !s.is_empty()
            }
            Edit::Backspace => {
                let from = self.prev_boundary();
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
                self.text.len() != before
            }
            Edit::Delete => {
                let to = self.next_boundary();
                self.text.replace_range(self.cursor..to, "");
                self.text.len() != before
            }
            Edit::DeleteWord => {
                let head = &self.text[..self.cursor];
                let trimmed = head.trim_end();
                let from = trimmed.rfind(char::is_whitespace).map_or(0, |i| {
                    i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
                });
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
                self.text.len() != before
            }
            Edit::DeleteToStart => {
                self.text.replace_range(..self.cursor, "");
                self.cursor = 0;
                self.text.len() != before
            }
            Edit::Left => {
                self.cursor = self.prev_boundary();
                false
            }
            Edit::Right => {
                self.cursor = self.next_boundary();
                false
            }
            Edit::Home => {
                self.cursor = 0;
                false
            }
            Edit::End => {
                self.cursor = self.text.len();
                false
            }
            Edit::Older => return self.walk(history, true),
            Edit::Newer => return self.walk(history, false),
        };
        if changed {
            // Typing over a query from the history makes it the text being typed.
            self.browsing = None;
        }
        changed
    }

    /// Moves in the history (most recent last in `history`); true when the text changed.
    fn walk(&mut self, history: &[String], older: bool) -> bool {
        let next = match (&self.browsing, older) {
            (None, true) if !history.is_empty() => Some(0),
            (None, _) => return false,
            (Some((i, _)), true) => Some((i + 1).min(history.len().saturating_sub(1))),
            (Some((0, _)), false) => None,
            (Some((i, _)), false) => Some(i - 1),
        };
        let text = match next {
            Some(i) => {
                let draft = match self.browsing.take() {
                    Some((_, draft)) => draft,
                    None => self.text.clone(),
                };
                self.browsing = Some((i, draft));
                history[history.len() - 1 - i].clone()
            }
            None => self.browsing.take().map(|(_, d)| d).unwrap_or_default(),
        };
        let changed = text != self.text;
        self.text = text;
        self.cursor = self.text.len();
        changed
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }
}

/// The history with `query` added as the most recent (moved there if it was already in), at
/// most [`HISTORY_MAX`] long; blank and very long queries are not kept.
pub fn remember(history: &mut Vec<String>, query: &str) {
    let query = query.trim();
    if query.is_empty() || query.len() > HISTORY_ENTRY_MAX {
        return;
    }
    history.retain(|h| h != query);
    history.push(query.to_owned());
    let extra = history.len().saturating_sub(HISTORY_MAX);
    history.drain(..extra);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Prompt {
        let mut p = Prompt::default();
        p.edit(Edit::Insert(text.into()), &[]);
        p
    }

    #[test]
    fn cursor_moves_and_inserts_where_it_is() {
        let mut p = typed("etats");
        p.edit(Edit::Home, &[]);
        p.edit(Edit::Insert("les ".into()), &[]);
        assert_eq!(p.text, "les etats");
        p.edit(Edit::End, &[]);
        p.edit(Edit::Left, &[]);
        p.edit(Edit::Delete, &[]);
        assert_eq!(p.text, "les etat");
        p.edit(Edit::Right, &[]);
        p.edit(Edit::Right, &[]);
        assert_eq!(p.cursor, p.text.len());
    }

    #[test]
    fn a_character_is_what_the_eye_sees() {
        let mut p = typed("cafe\u{301} ok");
        p.edit(Edit::End, &[]);
        for _ in 0..3 {
            p.edit(Edit::Left, &[]);
        }
        p.edit(Edit::Backspace, &[]);
        assert_eq!(p.text, "caf ok");
    }

    #[test]
    fn word_and_line_deletion() {
        let mut p = typed("unread  politique budget");
        p.edit(Edit::DeleteWord, &[]);
        assert_eq!(p.text, "unread  politique ");
        p.edit(Edit::DeleteWord, &[]);
        assert_eq!(p.text, "unread  ");
        p.edit(Edit::Insert("a b".into()), &[]);
        p.edit(Edit::Left, &[]);
        p.edit(Edit::Left, &[]);
        p.edit(Edit::DeleteToStart, &[]);
        assert_eq!((p.text.as_str(), p.cursor), (" b", 0));
        let mut p = typed("é");
        p.edit(Edit::DeleteWord, &[]);
        assert_eq!(p.text, "");
    }

    #[test]
    fn history_walks_back_and_returns_to_the_draft() {
        let history = vec!["first".to_owned(), "second".to_owned()];
        let mut p = typed("dra");
        assert!(p.edit(Edit::Older, &history));
        assert_eq!(p.text, "second");
        p.edit(Edit::Older, &history);
        p.edit(Edit::Older, &history);
        assert_eq!(p.text, "first");
        p.edit(Edit::Newer, &history);
        assert_eq!(p.text, "second");
        p.edit(Edit::Newer, &history);
        assert_eq!((p.text.as_str(), p.cursor), ("dra", 3));
        assert!(!p.edit(Edit::Newer, &history));
        assert!(!Prompt::default().edit(Edit::Older, &[]));
    }

    #[test]
    fn pasted_text_is_one_clean_line() {
        let p = typed("a\nb\tc\u{1b}[31m\u{202e}d");
        assert_eq!(p.text, "a b c[31md");
    }

    #[test]
    fn remembering_moves_to_the_end_and_caps() {
        let mut h = vec!["a".to_owned(), "b".to_owned()];
        remember(&mut h, " a ");
        remember(&mut h, "  ");
        remember(&mut h, &"x".repeat(HISTORY_ENTRY_MAX + 1));
        assert_eq!(h, ["b", "a"]);
        for i in 0..HISTORY_MAX {
            remember(&mut h, &i.to_string());
        }
        assert_eq!(h.len(), HISTORY_MAX);
        assert_eq!(h[0], "0");
    }
}
