//! Which pane, and which row of a list, a cell of the screen belongs to (for the mouse): the
//! geometry the panes are drawn with ([`super::panes_of`], [`super::framed`]'s border), so a
//! click lands on the row it points at.

use ratatui::layout::{Position, Rect};
use ratatui::widgets::{Block, Borders};

use crate::app::App;

/// What is under a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    /// The sections pane, and the row of `app.sections` there (none on the border or below
    /// the last row).
    Sections(Option<usize>),
    /// The articles pane, and the row of `app.view` there.
    Articles(Option<usize>),
    /// The reader pane.
    Reader,
    /// The status line.
    Status,
}

/// What is under cell (`x`, `y`) of `app`'s screen (0-based); `None` outside every pane or on a
/// terminal too small to draw.
pub fn spot(app: &App, x: u16, y: u16) -> Option<Spot> {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let panes = super::panes_of(area, app)?;
    let at = Position::new(x, y);
    // The row of a list under the cell: inside the frame, and a row the list has.
    let row = |pane: Rect, offset: usize, len: usize| {
        let inner = Block::default().borders(Borders::ALL).inner(pane);
        inner
            .contains(at)
            .then(|| offset + usize::from(y - inner.y))
            .filter(|&r| r < len)
    };
    if let Some(r) = panes.sections.filter(|r| r.contains(at)) {
        return Some(Spot::Sections(row(
            r,
            app.section_offset,
            app.sections.len(),
        )));
    }
    if let Some(r) = panes.articles.filter(|r| r.contains(at)) {
        return Some(Spot::Articles(row(r, app.article_offset, app.view.len())));
    }
    if panes.reader.is_some_and(|r| r.contains(at)) {
        return Some(Spot::Reader);
    }
    panes.status.contains(at).then_some(Spot::Status)
}
