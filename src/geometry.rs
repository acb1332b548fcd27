//! The screen's geometry: where each pane goes at a terminal size, the reader's text area,
//! and which pane and row a cell belongs to (the mouse's hit test). Pure functions of sizes
//! and plain numbers: [`crate::app`] asks them how many rows a list shows and what a click
//! points at, [`crate::ui`] draws in the rectangles they give, and neither depends on the
//! other.

use ratatui::layout::{Position, Rect};
use ratatui::widgets::{Block, Borders};

use crate::config::LayoutConfig;

/// A pane.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Pane {
    /// The sections list.
    Sections,
    /// The articles of the selected section (the focus starts there).
    #[default]
    Articles,
    /// The open article.
    Reader,
}

/// From this width on, the three panes stand side by side.
pub const WIDE: u16 = 100;
/// Below this size only a "terminal too small" line is drawn.
pub const MIN_SIZE: (u16, u16) = (20, 5);
/// Below this width the lists show one at a time.
const TWO_LISTS: u16 = 50;

/// Where each pane goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// The sections list, when shown.
    pub sections: Option<Rect>,
    /// The articles list, when shown.
    pub articles: Option<Rect>,
    /// The reader, when shown.
    pub reader: Option<Rect>,
    /// The status line.
    pub status: Rect,
}

/// The panes for a terminal `area`; `None` when it is too small to use.
pub fn panes(area: Rect, focus: Pane, reader_open: bool) -> Option<Panes> {
    panes_zoomed(area, focus, reader_open, false)
}

/// [`panes`], and with `zoom` an open reader alone on the whole screen.
pub fn panes_zoomed(area: Rect, focus: Pane, reader_open: bool, zoom: bool) -> Option<Panes> {
    panes_with(area, focus, reader_open, zoom, &LayoutConfig::default())
}

/// [`panes_zoomed`] with the pane widths and measure of `layout` (`config.toml`).
pub fn panes_with(
    area: Rect,
    focus: Pane,
    reader_open: bool,
    zoom: bool,
    layout: &LayoutConfig,
) -> Option<Panes> {
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        return None;
    }
    let main = Rect::new(area.x, area.y, area.width, area.height - 1);
    let status = Rect::new(area.x, area.y + area.height - 1, area.width, 1);
    let split = |x: u16, w: u16| Rect::new(x, main.y, w, main.height);
    let w = main.width;
    let mut p = Panes {
        sections: None,
        articles: None,
        reader: None,
        status,
    };
    if zoom && reader_open {
        p.reader = Some(main);
    } else if w >= WIDE {
        // The sections a fifth (as many section names as possible whole); the reader three
        // fifths of what is left (48 to 62 columns from 100 to 130), up to the measure and its
        // margins; the article list takes the rest, so a wide terminal shows whole headlines
        // (`z` gives the reader everything).
        // Widths set in config.toml are kept as far as the others keep some room.
        let s = match layout.sections_width {
            0 => (w / 5).clamp(18, 30),
            given => given.clamp(8, w / 2),
        };
        let rest = w - s;
        let r = match layout.reader_width {
            0 => (rest * 3 / 5).min(layout.measure.saturating_add(4)),
            given => given.clamp(20, rest.saturating_sub(20).max(20)),
        };
        p.sections = Some(split(main.x, s));
        p.articles = Some(split(main.x + s, rest - r));
        p.reader = Some(split(main.x + s + rest - r, r));
    } else if focus == Pane::Reader && reader_open {
        p.reader = Some(main);
    } else if w >= TWO_LISTS {
        let s = match layout.sections_width {
            0 => (w / 4).clamp(12, 24),
            given => given.clamp(8, w / 2),
        };
        p.sections = Some(split(main.x, s));
        p.articles = Some(split(main.x + s, w - s));
    } else if focus == Pane::Sections {
        p.sections = Some(main);
    } else {
        p.articles = Some(main);
    }
    Some(p)
}

/// Columns and rows of text inside a reader pane.
pub fn reader_text_size(pane: Rect) -> (u16, u16) {
    // The border takes a column on each side, and one more column of margin is left on each
    // side so text never touches it.
    (
        pane.width.saturating_sub(4).max(1),
        pane.height.saturating_sub(2).max(1),
    )
}

/// What is under a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    /// The sections pane, and the row of the sections list there (none on the border or below
    /// the last row).
    Sections(Option<usize>),
    /// The articles pane, and the row of the articles list there.
    Articles(Option<usize>),
    /// The reader pane.
    Reader,
    /// The status line.
    Status,
}

/// What the hit test needs to know of a screen: its size, the panes shown, and the lists'
/// rows and scroll (the app gives it: [`crate::app::App::shown`]).
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The focused pane.
    pub focus: Pane,
    /// An article is open.
    pub reader_open: bool,
    /// The open article alone on the whole screen.
    pub zoom: bool,
    /// Pane widths (`config.toml`).
    pub layout: &'a LayoutConfig,
    /// The sections list: its first row shown, and how many rows it has.
    pub sections: (usize, usize),
    /// The articles list: its first row shown, and how many rows it has.
    pub articles: (usize, usize),
}

impl Shown<'_> {
    /// The panes of this screen.
    pub fn panes(&self) -> Option<Panes> {
        let area = Rect::new(0, 0, self.size.0, self.size.1);
        panes_with(area, self.focus, self.reader_open, self.zoom, self.layout)
    }
}

/// What is under cell (`x`, `y`) of the screen `shown` (0-based); `None` outside every pane or
/// on a terminal too small to draw.
pub fn spot(shown: &Shown<'_>, x: u16, y: u16) -> Option<Spot> {
    let panes = shown.panes()?;
    let at = Position::new(x, y);
    // The row of a list under the cell: inside the frame (the border the panes are drawn
    // with), and a row the list has.
    let row = |pane: Rect, (offset, len): (usize, usize)| {
        let inner = Block::default().borders(Borders::ALL).inner(pane);
        inner
            .contains(at)
            .then(|| offset + usize::from(y - inner.y))
            .filter(|&r| r < len)
    };
    if let Some(r) = panes.sections.filter(|r| r.contains(at)) {
        return Some(Spot::Sections(row(r, shown.sections)));
    }
    if let Some(r) = panes.articles.filter(|r| r.contains(at)) {
        return Some(Spot::Articles(row(r, shown.articles)));
    }
    if panes.reader.is_some_and(|r| r.contains(at)) {
        return Some(Spot::Reader);
    }
    panes.status.contains(at).then_some(Spot::Status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_panes_from_100_columns() {
        let p = panes(Rect::new(0, 0, 120, 40), Pane::Articles, false).unwrap();
        assert!(p.sections.is_some() && p.articles.is_some() && p.reader.is_some());
        let p = panes(Rect::new(0, 0, 99, 40), Pane::Articles, true).unwrap();
        assert!(p.reader.is_none());
        let p = panes(Rect::new(0, 0, 99, 40), Pane::Reader, true).unwrap();
        assert_eq!(p.reader, Some(Rect::new(0, 0, 99, 39)));
        assert!(p.sections.is_none());
    }

    #[test]
    fn wide_terminals_give_the_room_to_the_list_and_zoom_to_the_reader() {
        let p = panes(Rect::new(0, 0, 250, 50), Pane::Articles, true).unwrap();
        let (list, reader) = (p.articles.unwrap(), p.reader.unwrap());
        assert!(list.width >= 130, "{list:?}");
        assert_eq!(reader_text_size(reader).0, crate::layout::MEASURE as u16);
        for w in [100, 130] {
            let p = panes(Rect::new(0, 0, w, 40), Pane::Reader, true).unwrap();
            assert!(p.reader.unwrap().width >= 48, "{w}: {p:?}");
            assert!(p.articles.unwrap().width >= 30, "{w}: {p:?}");
        }
        let z = panes_zoomed(Rect::new(0, 0, 250, 50), Pane::Reader, true, true).unwrap();
        assert_eq!(z.reader, Some(Rect::new(0, 0, 250, 49)));
        assert!(z.sections.is_none() && z.articles.is_none());
        // No article open: nothing to zoom.
        let z = panes_zoomed(Rect::new(0, 0, 250, 50), Pane::Articles, false, true).unwrap();
        assert!(z.articles.is_some());
    }

    #[test]
    fn panes_tile_the_width() {
        for w in MIN_SIZE.0..300 {
            let p = panes(Rect::new(0, 0, w, 30), Pane::Articles, true).unwrap();
            let total: u16 = [p.sections, p.articles, p.reader]
                .iter()
                .flatten()
                .map(|r| r.width)
                .sum();
            assert_eq!(total, w, "width {w}");
        }
        assert!(panes(Rect::new(0, 0, 19, 30), Pane::Articles, false).is_none());
        assert!(panes(Rect::new(0, 0, 80, 4), Pane::Articles, false).is_none());
    }
}
