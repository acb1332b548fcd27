//! The open article: opening, reading position, paging, and moving on to the next unread.

use super::{App, Effect, Pane, Reader};
use crate::article::Article;
use crate::date;
use crate::layout::{self, Layout};
use crate::library::CATCH_ALL;

/// Layouts kept per open article besides the current one.
const LAYOUT_CACHE: usize = 3;

impl App {
    /// Enter: from the sections, go to their articles; from the articles, open the selected one.
    pub(super) fn open_selected(&mut self) {
        match self.screen.focus {
            Pane::Sections => {
                self.screen.focus = Pane::Articles;
                self.lists.article_sel = 0;
            }
            Pane::Articles => {
                if self.open_timeline(self.lists.article_sel) {
                    // A folded story: its timeline first, Enter again opens an article.
                } else if let Some(&n) = self.lists.view.get(self.lists.article_sel) {
                    self.open(n);
                } else if self.finding.filter.is_active() {
                    self.say("no article matches the filter (Esc clears it)");
                }
            }
            Pane::Reader => {}
        }
    }

    /// Opens entry `n` in the reader and marks it read.
    pub(super) fn open(&mut self, n: u32) {
        // The article left is saved where it was left (a switch, `n`, Space at the end).
        self.record_position();
        let Some(entry) = self.entries.get(n as usize) else {
            return;
        };
        self.effects.push(Effect::LoadArticle {
            entry: n,
            generation: self.loading.generation,
            source: entry.source.clone(),
            label: entry.label().map(str::to_owned),
        });
        self.reader = Some(Reader {
            entry: n,
            article: None,
            error: None,
            layout: Layout::default(),
            other_widths: Vec::new(),
            scroll: 0,
            anchor: layout::Anchor::default(),
            placed: false,
            find: None,
            changes: None,
        });
        self.screen.focus = Pane::Reader;
        if let Some(pos) = self.row_of(n) {
            self.lists.article_sel = pos;
            self.lists.cursor_moved = true;
        }
        self.mark_read(n);
    }

    pub(super) fn on_article(
        &mut self,
        entry: u32,
        generation: u64,
        article: Result<Box<Article>, String>,
    ) {
        if self
            .reader
            .as_ref()
            .is_none_or(|r| r.entry != entry || generation != self.loading.generation)
        {
            return;
        }
        // This version is the one read now; what changed since the one read before is shown
        // until the article is closed (read again unchanged, it still is).
        let changes = article
            .as_ref()
            .ok()
            .and_then(|a| self.read_version(entry, a));
        let Some(reader) = &mut self.reader else {
            return;
        };
        if changes.is_some() {
            reader.changes = changes;
        }
        // Read again (after a reload): the old layouts are of the old text; the anchor keeps
        // the place.
        reader.layout = Layout::default();
        reader.other_widths.clear();
        match article {
            Ok(a) => {
                // A find goes on in the text read again (an edit, a reload).
                if let Some(f) = &mut reader.find {
                    f.search(&a);
                }
                reader.article = Some(a);
                reader.error = None;
            }
            Err(why) => reader.error = Some(why),
        }
        self.place_reader();
        self.relayout();
    }

    /// Width and height of the reader's text area.
    pub fn reader_area(&self) -> (u16, u16) {
        let area = ratatui::layout::Rect::new(0, 0, self.screen.size.0, self.screen.size.1);
        crate::geometry::panes_with(
            area,
            Pane::Reader,
            true,
            self.screen.zoom,
            &self.screen.layout,
        )
        .and_then(|p| p.reader)
        .map_or((1, 1), crate::geometry::reader_text_size)
    }

    /// Lays the open article out again at the reader's width, keeping the reading position.
    pub(super) fn relayout(&mut self) {
        let (width, height) = self.reader_area();
        let Some(entry) = self.reader.as_ref().map(|r| r.entry) else {
            return;
        };
        let section = Some(self.section_of(entry))
            .filter(|s| !s.is_empty() && *s != CATCH_ALL)
            .map(str::to_owned);
        let date = self
            .entries
            .get(entry as usize)
            .and_then(|e| date::long(e.mtime_ns, &self.screen.now.tz));
        let options = self.screen.layout.options();
        let Some(reader) = &mut self.reader else {
            return;
        };
        let Some(article) = &reader.article else {
            return;
        };
        if reader.layout.width != width || reader.layout.lines.is_empty() {
            let cached = reader.other_widths.iter().position(|l| l.width == width);
            let fresh = match cached {
                Some(i) => reader.other_widths.remove(i),
                None => {
                    // Changes are marked in the margin: a pane too narrow to leave one is laid
                    // out two columns narrower.
                    let margin = reader.changes.is_some()
                        && width > 2
                        && usize::from(width) < options.measure + 4;
                    let text_width = if margin { width - 2 } else { width };
                    let mut fresh =
                        layout::layout_with(article, section.as_deref(), text_width, options);
                    if margin {
                        fresh.width = width;
                        for line in &mut fresh.lines {
                            line.indent += 2;
                        }
                    }
                    if let Some(date) = &date {
                        date::put_in_header(&mut fresh, date);
                    }
                    if let Some(changes) = &reader.changes {
                        changes.annotate(&mut fresh, crate::changes::first_block_part(article));
                    }
                    fresh
                }
            };
            let old = std::mem::replace(&mut reader.layout, fresh);
            if !old.lines.is_empty() {
                reader.other_widths.insert(0, old);
                reader.other_widths.truncate(LAYOUT_CACHE);
            }
            reader.scroll = if reader.anchor == layout::Anchor::default() {
                0
            } else {
                reader.layout.line_at(reader.anchor)
            };
            if let Some(f) = &mut reader.find {
                f.place(&reader.layout, article);
            }
        }
        let max = reader
            .layout
            .lines
            .len()
            .saturating_sub(usize::from(height));
        reader.scroll = reader.scroll.min(max);
    }

    pub(super) fn on_resize(&mut self, w: u16, h: u16) {
        self.keeping_match_in_view(|app| {
            app.screen.size = (w, h);
            if app.screen.focus == Pane::Reader && app.reader.is_none() {
                app.screen.focus = Pane::Articles;
            }
            app.relayout();
        });
    }

    /// Scrolls the reader by `delta` lines.
    pub(super) fn scroll_by(&mut self, delta: isize) {
        let (_, height) = self.reader_area();
        let Some(reader) = &mut self.reader else {
            return;
        };
        let max = reader
            .layout
            .lines
            .len()
            .saturating_sub(usize::from(height));
        let to = (reader.scroll as isize).saturating_add(delta).max(0);
        reader.scroll = usize::try_from(to).unwrap_or(0).min(max);
        reader.anchor = reader.layout.anchor_of(reader.scroll);
    }

    /// Is the whole rest of the article on screen?
    fn at_end(&self) -> bool {
        let (_, height) = self.reader_area();
        self.reader
            .as_ref()
            .is_none_or(|r| r.scroll + usize::from(height) >= r.layout.lines.len())
    }

    /// Space: page down in the reader; at the end, the next unread article.
    pub(super) fn space(&mut self) {
        if self.screen.focus != Pane::Reader {
            self.page(1);
            return;
        }
        if self.at_end() {
            self.next_unread(true);
        } else {
            self.page(1);
        }
    }

    /// Esc or q in the reader: the article closed where it was left, the zoom with it.
    pub(super) fn close_reader(&mut self) {
        self.record_position();
        self.reader = None;
        self.screen.zoom = false;
        self.screen.focus = Pane::Articles;
    }

    /// n / p: the next (or previous) unread article, in this list and then in the next
    /// sections; opened when the reader has the focus, else selected. An article updated
    /// since it was read counts as unread here: it has something new to read. In a folded list
    /// a row is unread while one of its articles is, and opening a story's row opens its
    /// timeline at its first unread article; at the end of a timeline, the folded list goes on.
    pub(super) fn next_unread(&mut self, forward: bool) {
        let current = match self.screen.focus {
            Pane::Reader => self.reader.as_ref().map(|r| r.entry),
            _ => self.lists.selected_entry(),
        };
        let is_unread = |app: &App, n: u32| {
            (!app.marks.state.is_read(app.entries[n as usize].id) || app.is_updated(n as usize))
                && Some(n) != current
        };
        let row_unread =
            |app: &App, i: usize| app.row_articles(i).iter().any(|&n| is_unread(app, n));
        // This list first, from the current article on.
        let start = current.and_then(|c| self.row_of(c));
        let found_here = if forward {
            let from = start.map_or(0, |s| s + 1);
            (from..self.lists.view.len()).find(|&i| row_unread(self, i))
        } else {
            let to = start.unwrap_or(0).min(self.lists.view.len());
            (0..to).rev().find(|&i| row_unread(self, i))
        };
        if found_here.is_none() && self.close_timeline() {
            // The story is read: on through the folded list, from its row.
            self.next_unread(forward);
            return;
        }
        let found_here = found_here.map(|i| self.lists.view[i]);
        // Then the other sections, in order ("All" holds them all); then this list again from
        // its other end.
        let here = self.lists.section_sel;
        let rows = self.lists.sections.len();
        // One pass over the library, whatever the number of sections: the nearest section
        // after this one (before it, going back) holding an unread article that passes the
        // filters, and in it the first (last) such article.
        let other_sections = || {
            if here == 0
                || self
                    .lists
                    .sections
                    .first()
                    .is_none_or(|all| all.unread == 0 && self.marks.updated == 0)
            {
                return None;
            }
            let row_of: std::collections::HashMap<u16, usize> = self
                .lists
                .sections
                .iter()
                .enumerate()
                .filter_map(|(row, r)| Some((r.scope.section()?, row)))
                .collect();
            let distance = |row: usize| {
                if forward {
                    (row + rows - here) % rows
                } else {
                    (here + rows - row) % rows
                }
            };
            let mut best: Option<(usize, usize, u32)> = None;
            let mut consider = |n: u32| {
                let Some(&row) = self
                    .catalog
                    .section_of
                    .get(n as usize)
                    .and_then(|s| row_of.get(s))
                else {
                    return;
                };
                if row == here || !is_unread(self, n) || !self.passes(n, super::Scope::All) {
                    return;
                }
                let d = distance(row);
                if best.is_none_or(|(bd, _, _)| d < bd) {
                    best = Some((d, row, n));
                }
            };
            if forward {
                self.list_order().iter().for_each(|&n| consider(n));
            } else {
                self.list_order().iter().rev().for_each(|&n| consider(n));
            }
            best.map(|(_, row, n)| (row, n))
        };
        let wrapped = || {
            let mut rows: Box<dyn Iterator<Item = usize>> = if forward {
                Box::new(0..self.lists.view.len())
            } else {
                Box::new((0..self.lists.view.len()).rev())
            };
            rows.find(|&i| row_unread(self, i))
                .map(|i| (here, self.lists.view[i]))
        };
        let found = found_here
            .map(|n| (here, n))
            .or_else(other_sections)
            .or_else(wrapped);
        let Some((row, mut n)) = found else {
            self.say("no more unread articles");
            return;
        };
        if row != self.lists.section_sel {
            self.lists.section_sel = row;
            self.lists.view.clear();
            self.rebuild_view();
        }
        if let Some(pos) = self.row_of(n) {
            self.lists.article_sel = pos;
            self.lists.cursor_moved = true;
        }
        if self.screen.focus == Pane::Reader {
            // A folded story is read in its timeline, from its first unread article.
            if self.open_timeline(self.lists.article_sel)
                && let Some(&first) = self.lists.view.get(self.lists.article_sel)
            {
                n = first;
            }
            self.open(n);
        } else {
            self.screen.focus = Pane::Articles;
        }
    }
}
