//! The two lists the reader shows (sections, articles) and where each one's cursor and first
//! row are: what moves when a key moves a selection, apart from what the rows hold.

use super::view::{ALL, Scope, SectionRow};

/// The sections list and the article list, with their selections.
#[derive(Debug, Default)]
pub struct Lists {
    /// Sections with counts, "All" first.
    pub sections: Vec<SectionRow>,
    /// The selected row of `sections`.
    pub section_sel: usize,
    /// First row of `sections` shown.
    pub section_offset: usize,
    /// Entry numbers of the article list.
    pub view: Vec<u32>,
    /// The selected row of `view`.
    pub article_sel: usize,
    /// First row of `view` shown.
    pub article_offset: usize,
    /// The user moved the cursor in this list (until then it stays on the newest article).
    pub(super) cursor_moved: bool,
}

impl Lists {
    /// The entry selected in the article list.
    pub fn selected_entry(&self) -> Option<u32> {
        self.view.get(self.article_sel).copied()
    }

    /// The scope of section row `row`.
    pub fn scope_of(&self, row: usize) -> Scope {
        self.sections.get(row).map_or(Scope::All, |r| r.scope)
    }

    /// The name of the selected section.
    pub fn section_name(&self) -> &str {
        self.sections
            .get(self.section_sel)
            .map_or(ALL, |r| r.name.as_str())
    }

    /// Articles in the library.
    pub fn article_count(&self) -> usize {
        self.sections.first().map_or(0, |s| s.total)
    }

    /// Moves the article cursor by `delta` rows, within the list; the user has moved it.
    pub(super) fn move_article_by(&mut self, delta: isize) {
        self.article_sel = step(self.article_sel, delta, self.view.len());
        self.cursor_moved = true;
    }

    /// Puts the article cursor on the last row (`last`) or the first; the user has moved it.
    pub(super) fn article_to_end(&mut self, last: bool) {
        self.cursor_moved = true;
        self.article_sel = if last {
            self.view.len().saturating_sub(1)
        } else {
            0
        };
    }

    /// Adjusts list offsets so the selections are on screen, lists showing `section_rows` and
    /// `article_rows` rows.
    pub(super) fn keep_visible(&mut self, section_rows: usize, article_rows: usize) {
        self.section_offset = visible(self.section_offset, self.section_sel, section_rows);
        self.article_offset = visible(self.article_offset, self.article_sel, article_rows);
    }
}

/// `sel` moved by `delta`, kept within `0..len`.
pub(super) fn step(sel: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let moved = sel as isize + delta;
    usize::try_from(moved.max(0)).unwrap_or(0).min(len - 1)
}

/// The first row to show so that `sel` is among `rows` rows.
fn visible(offset: usize, sel: usize, rows: usize) -> usize {
    if sel < offset {
        sel
    } else if sel >= offset + rows {
        sel + 1 - rows
    } else {
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_and_offsets() {
        assert_eq!(step(0, -1, 5), 0);
        assert_eq!(step(3, 10, 5), 4);
        assert_eq!(step(0, 1, 0), 0);
        assert_eq!(visible(0, 12, 10), 3);
        assert_eq!(visible(5, 2, 10), 2);
        assert_eq!(visible(5, 8, 10), 5);
    }

    fn row(name: &str, total: usize, scope: Scope) -> SectionRow {
        SectionRow {
            name: name.into(),
            unread: 0,
            total,
            scope,
            counting: false,
        }
    }

    fn lists(articles: usize) -> Lists {
        Lists {
            sections: vec![
                row("All", articles, Scope::All),
                row("Monde", 2, Scope::Section(3)),
            ],
            view: (0..articles as u32).map(|n| n * 10).collect(),
            ..Lists::default()
        }
    }

    #[test]
    fn the_article_cursor_stays_in_the_list_and_counts_as_moved() {
        let mut l = lists(5);
        assert!(!l.cursor_moved);
        l.move_article_by(3);
        assert_eq!((l.article_sel, l.selected_entry()), (3, Some(30)));
        assert!(l.cursor_moved);
        l.move_article_by(10);
        assert_eq!(l.article_sel, 4);
        l.move_article_by(-10);
        assert_eq!(l.article_sel, 0);
        l.article_to_end(true);
        assert_eq!(l.selected_entry(), Some(40));
        l.article_to_end(false);
        assert_eq!(l.selected_entry(), Some(0));

        let mut empty = Lists::default();
        empty.article_to_end(true);
        assert_eq!((empty.article_sel, empty.selected_entry()), (0, None));
    }

    #[test]
    fn both_selections_are_kept_on_screen() {
        let mut l = lists(50);
        l.article_sel = 30;
        l.section_sel = 1;
        l.keep_visible(1, 10);
        assert_eq!((l.section_offset, l.article_offset), (1, 21));
        l.article_sel = 5;
        l.keep_visible(1, 10);
        assert_eq!(l.article_offset, 5);
        // Rows on screen: the offset does not move.
        l.article_sel = 9;
        l.keep_visible(1, 10);
        assert_eq!(l.article_offset, 5);
    }

    #[test]
    fn the_selected_section_names_its_scope() {
        let mut l = lists(4);
        assert_eq!((l.section_name(), l.article_count()), ("All", 4));
        l.section_sel = 1;
        assert_eq!(l.section_name(), "Monde");
        assert_eq!(l.scope_of(l.section_sel), Scope::Section(3));
        // A row past the end (the lists not built yet) is "All".
        l.section_sel = 7;
        assert_eq!((l.section_name(), l.scope_of(7)), (ALL, Scope::All));
        assert_eq!(Lists::default().article_count(), 0);
    }
}
