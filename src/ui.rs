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

mod lists;
mod overlay;
mod prompt;
mod reader;
mod status;

pub use status::{Tone, arrange, right_text as status_right};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use crate::app::{App, Overlay};
use crate::theme::{self, Theme};

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
    let Some(p) = app.panes(area) else {
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
    match app.screen.overlay {
        Some(Overlay::Help { scroll }) => overlay::help(frame, area, app, scroll),
        Some(Overlay::Warnings { scroll }) => overlay::warnings(frame, area, app, scroll),
        None => {}
    }
    if app.screen.mono {
        theme::strip_colours(frame.buffer_mut());
    }
}
