//! `/` in the reader: a find in the open article. The prompt finds as you type (from where the
//! view was, wrapping), `Enter` keeps the find, `n` / `N` go from match to match with the view
//! following, `Esc` ends it (in the prompt, back where the view was).
//!
//! Matches are found once per text in the article's texts ([`crate::find::hits`]) and placed on
//! the lines of each layout ([`crate::find::place`]): a new width places them again, and the
//! current match stays the current one.

use std::ops::Range;

use super::prompt::{self, Edit, Prompt};
use super::{App, Pane};
use crate::action::Action;
use crate::article::Article;
use crate::find::{self as text, Hit, Placed};
use crate::layout::Layout;

/// A find in the open article.
#[derive(Debug, Clone, Default)]
pub struct Find {
    /// The prompt, while the text is typed.
    pub prompt: Option<Prompt>,
    /// The text looked for, as typed.
    pub text: String,
    /// Its folded form ([`text::needle`]).
    needle: String,
    /// Where it occurs in the article's texts, whatever the width.
    hits: Vec<Hit>,
    /// The matches as the current layout shows them, in reading order.
    pub placed: Vec<Placed>,
    /// Their ranges line by line, ordered by line.
    pub marks: Vec<Mark>,
    /// The current match (in `placed`).
    pub current: Option<usize>,
    /// The first line shown when `/` was pressed (`Esc` in the prompt goes back there).
    origin: usize,
}

/// A highlighted range of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The line.
    pub line: usize,
    /// Bytes of its text (the pieces' text joined).
    pub bytes: Range<usize>,
    /// Which match (in [`Find::placed`]).
    pub hit: usize,
}

impl Find {
    /// The marks on line `line`.
    pub fn marks_on(&self, line: usize) -> &[Mark] {
        let from = self.marks.partition_point(|m| m.line < line);
        let to = self.marks.partition_point(|m| m.line <= line);
        &self.marks[from..to]
    }

    /// `3/17`, `0/0`, or `3/10000+` when there are more than are counted.
    pub fn count(&self) -> String {
        let more = if self.placed.len() >= text::MAX_HITS {
            "+"
        } else {
            ""
        };
        let at = self.current.map_or(0, |c| c + 1);
        format!("{at}/{}{more}", self.placed.len())
    }

    /// Looks for the text again in `article` (a new text, or a new article read).
    pub(super) fn search(&mut self, article: &Article) {
        self.hits = text::hits(article, &self.needle);
    }

    /// Places the matches on `layout`, keeping the current one.
    pub(super) fn place(&mut self, layout: &Layout, article: &Article) {
        let key = self.current.and_then(|c| self.placed.get(c)).map(|p| p.key);
        self.placed = text::place(layout, article, &self.hits, &self.needle);
        self.marks = self
            .placed
            .iter()
            .enumerate()
            .flat_map(|(hit, p)| {
                p.spans.iter().map(move |(line, bytes)| Mark {
                    line: *line,
                    bytes: bytes.clone(),
                    hit,
                })
            })
            .collect();
        self.marks.sort_by_key(|m| (m.line, m.bytes.start));
        self.current = match key {
            Some(k) => self.placed.iter().position(|p| p.key == k).or(Some(0)),
            None => None,
        }
        .filter(|_| !self.placed.is_empty());
    }

    /// The first match from line `line` on, else the first one.
    fn first_from(&self, line: usize) -> Option<usize> {
        let at = self.placed.partition_point(|p| p.lines().0 < line);
        if at < self.placed.len() {
            Some(at)
        } else {
            (!self.placed.is_empty()).then_some(0)
        }
    }
}

impl App {
    /// Is a find active in the focused reader (so `n` / `N` go from match to match)?
    pub fn finding(&self) -> bool {
        self.screen.focus == Pane::Reader
            && self
                .reader
                .as_ref()
                .and_then(|r| r.find.as_ref())
                .is_some_and(|f| f.prompt.is_none())
    }

    /// The find prompt, while it is open.
    pub fn find_prompt(&self) -> Option<&Prompt> {
        self.reader.as_ref()?.find.as_ref()?.prompt.as_ref()
    }

    /// Is a prompt open (the filter's or the find's)? Every key is then the prompt's.
    pub fn typing(&self) -> bool {
        self.finding.prompt.is_some() || self.find_prompt().is_some()
    }

    /// `/` with the reader focused: an empty find prompt.
    pub(super) fn open_find(&mut self) {
        let Some(r) = &mut self.reader else {
            return;
        };
        if r.article.is_none() {
            self.say("the article is not read yet");
            return;
        }
        r.find = Some(Find {
            prompt: Some(Prompt::default()),
            origin: r.scroll,
            ..Find::default()
        });
    }

    /// A key while the find prompt is open.
    pub(super) fn find_key(&mut self, action: Action) {
        let Some(r) = &mut self.reader else {
            return;
        };
        let Some(f) = &mut r.find else {
            return;
        };
        let Some(p) = &mut f.prompt else {
            return;
        };
        let edit = match action {
            Action::PromptChar(c) => Edit::Insert(c.to_string()),
            Action::PromptPaste(text) => Edit::Insert(text),
            Action::PromptEdit(e) => e,
            Action::PromptAccept => return self.accept_find(),
            Action::Back => {
                let origin = f.origin;
                r.find = None;
                self.scroll_to(origin);
                return;
            }
            _ => return,
        };
        if !p.edit(edit, &self.finding.find_history) {
            return;
        }
        f.text.clone_from(&p.text);
        let needle = text::needle(&p.text);
        if needle == f.needle {
            return;
        }
        f.needle = needle;
        f.current = None;
        if let Some(article) = &r.article {
            f.search(article);
            f.place(&r.layout, article);
        }
        f.current = f.first_from(f.origin);
        let origin = f.origin;
        if f.current.is_some() {
            self.reveal_match();
        } else {
            self.scroll_to(origin);
        }
    }

    /// Enter in the find prompt: the find stays (with its matches), or ends when there is none.
    fn accept_find(&mut self) {
        let Some(f) = self.reader.as_mut().and_then(|r| r.find.as_mut()) else {
            return;
        };
        f.prompt = None;
        let typed = f.text.trim().to_owned();
        let found = !f.placed.is_empty();
        if !found && let Some(r) = &mut self.reader {
            r.find = None;
        }
        if typed.is_empty() {
            return;
        }
        prompt::remember(&mut self.finding.find_history, &typed);
        if !found {
            self.say(format!("“{typed}” is not in this article"));
        }
    }

    /// `n` / `N` with a find active: the next (previous) match, the view following.
    pub(super) fn find_step(&mut self, forward: bool) {
        let Some(f) = self.reader.as_mut().and_then(|r| r.find.as_mut()) else {
            return;
        };
        let n = f.placed.len();
        if n == 0 {
            let text = format!("“{}”: no match left in this article", f.text);
            self.say(text);
            return;
        }
        let next = match (f.current, forward) {
            (None, _) => 0,
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
        };
        let wrapped = f
            .current
            .is_some_and(|c| (next < c) == forward && next != c);
        f.current = Some(next);
        self.reveal_match();
        if wrapped {
            self.say(if forward {
                "back to the first match"
            } else {
                "on to the last match"
            });
        }
    }

    /// Esc or q with a find active in the reader: the find ends, the view stays.
    pub(super) fn end_find(&mut self) -> bool {
        match self.reader.as_mut() {
            Some(r) if self.screen.focus == Pane::Reader && r.find.is_some() => {
                r.find = None;
                true
            }
            _ => false,
        }
    }

    /// Is the current match of a find on screen?
    fn match_in_view(&self) -> bool {
        let height = usize::from(self.reader_area().1);
        self.reader.as_ref().is_some_and(|r| {
            let current = r.find.as_ref().and_then(|f| f.placed.get(f.current?));
            current.is_some_and(|p| {
                let first = p.lines().0;
                first >= r.scroll && first < r.scroll + height
            })
        })
    }

    /// Runs `change` (a new size, the zoom), after which a current match that was on screen
    /// still is.
    pub(super) fn keeping_match_in_view(&mut self, change: impl FnOnce(&mut App)) {
        let follow = self.match_in_view();
        change(self);
        if follow {
            self.reveal_match();
        }
    }

    /// Scrolls the reader so the current match is on screen, a third of the way down when it
    /// was not (a little of what precedes it in view).
    pub(super) fn reveal_match(&mut self) {
        let (_, height) = self.reader_area();
        let height = usize::from(height);
        let Some(r) = &mut self.reader else {
            return;
        };
        let Some((first, last)) = r
            .find
            .as_ref()
            .and_then(|f| f.placed.get(f.current?))
            .map(Placed::lines)
        else {
            return;
        };
        if first >= r.scroll && last < r.scroll + height {
            return;
        }
        let to = first.saturating_sub(height / 3);
        self.scroll_to(to);
    }

    /// Puts line `line` at the top of the reader (as far as the article goes).
    fn scroll_to(&mut self, line: usize) {
        let (_, height) = self.reader_area();
        let Some(r) = &mut self.reader else {
            return;
        };
        let max = r.layout.lines.len().saturating_sub(usize::from(height));
        r.scroll = line.min(max);
        r.anchor = r.layout.anchor_of(r.scroll);
    }
}
