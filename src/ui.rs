//! Drawing: reads the [`App`] and draws it; no I/O, no state change. Every pane draws only the
//! rows it shows, so a list of 100 000 articles costs what 40 cost.
//!
//! ```text
//! ┌Sections──┐┌All · 120──────────┐┌CYBERCRIMINALITE────────────┐
//! │All  42/120││● ★ Headline  Byline││  the article, laid out by   │
//! │MONDE 3/10 ││  …                 ││  crate::layout              │
//! └──────────┘└───────────────────┘└────────────────────────────┘
//!  status: position · counts · filters · messages
//! ```

mod hit;
mod lists;
mod overlay;
mod prompt;
mod reader;
mod status;

pub use hit::{Spot, spot};
pub use status::{Tone, arrange, right_text as status_right};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use crate::app::{App, Overlay, Pane};
use crate::config::LayoutConfig;
use crate::theme::{self, Theme};

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

/// The panes of `app`'s screen.
pub fn panes_of(area: Rect, app: &App) -> Option<Panes> {
    panes_with(
        area,
        app.focus,
        app.reader.is_some(),
        app.screen.zoom,
        &app.screen.layout,
    )
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

/// A pane's frame, its title, and the area inside.
fn framed(frame: &mut Frame, theme: &Theme, area: Rect, title: Line<'_>, focused: bool) -> Rect {
    framed_with(frame, theme, area, title, None, focused)
}

/// [`framed`], with a title on the bottom border too (right-aligned).
fn framed_with(
    frame: &mut Frame,
    theme: &Theme,
    area: Rect,
    title: Line<'_>,
    bottom: Option<Line<'_>>,
    focused: bool,
) -> Rect {
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.border_focused
        } else {
            theme.border
        })
        .title(title);
    if let Some(bottom) = bottom {
        block = block.title_bottom(bottom.right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Draws the whole screen.
pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let Some(p) = panes_of(area, app) else {
        let line = Line::styled(
            crate::width::ellipsize("terminal too small", usize::from(area.width)),
            app.screen.theme.dim,
        );
        frame.render_widget(
            line,
            Rect::new(area.x, area.y, area.width, 1.min(area.height)),
        );
        return;
    };
    if let Some(r) = p.sections {
        lists::sections(frame, r, app);
    }
    if let Some(r) = p.articles {
        lists::articles(frame, r, app);
    }
    if let Some(r) = p.reader {
        reader::reader(frame, r, app);
    }
    status::status(frame, p.status, app);
    match app.overlay {
        Some(Overlay::Help { scroll }) => overlay::help(frame, area, app, scroll),
        Some(Overlay::Warnings { scroll }) => overlay::warnings(frame, area, app, scroll),
        None => {}
    }
    if app.screen.mono {
        theme::strip_colours(frame.buffer_mut());
    }
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
