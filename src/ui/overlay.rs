//! Screens over the panes: the help (written from the key table) and the files with problems.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use crate::app::App;
use crate::keymap;
use crate::theme;
use crate::width::{ellipsize, width};

use super::framed;

/// A centred box at most `w` × `h`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The key table.
pub fn help(frame: &mut Frame, area: Rect, scroll: usize) {
    let rows = keymap::help_rows();
    let key_w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let want_w = rows.iter().map(|(_, h)| width(h)).max().unwrap_or(0) + key_w + 6;
    let outer = centred(
        area,
        u16::try_from(want_w).unwrap_or(u16::MAX),
        rows.len() as u16 + 2,
    );
    frame.render_widget(Clear, outer);
    let inner = framed(frame, outer, Line::from(" Keys · ? or Esc closes "), true);
    let w = usize::from(inner.width);
    for (y, (keys, what)) in rows
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let keys = ellipsize(keys, key_w.min(w));
        let pad = key_w.saturating_sub(width(&keys)) + 2;
        let line = Line::from(vec![
            Span::styled(format!(" {keys}"), theme::HELP_KEY),
            Span::raw(" ".repeat(pad)),
            Span::raw(ellipsize(what, w.saturating_sub(key_w + 3))),
        ]);
        frame.render_widget(line, Rect::new(inner.x, inner.y + y as u16, inner.width, 1));
    }
}

/// The files that could not be read, then those read with warnings.
pub fn warnings(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let rows = app.warning_rows();
    let outer = centred(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, outer);
    let title = format!(
        " {} file(s) had problems · w or Esc closes ",
        app.problem_files()
    );
    let inner = framed(frame, outer, Line::from(title), true);
    let w = usize::from(inner.width);
    if rows.is_empty() {
        frame.render_widget(
            Line::styled(" every file was read without trouble", theme::DIM),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        return;
    }
    for (y, (path, why)) in rows
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let line = Line::from(vec![
            Span::styled(format!(" {}", ellipsize(path, w / 2)), theme::HELP_KEY),
            Span::raw("  "),
            Span::styled(ellipsize(why, w.saturating_sub(w / 2 + 3)), theme::DIM),
        ]);
        frame.render_widget(line, Rect::new(inner.x, inner.y + y as u16, inner.width, 1));
    }
}
