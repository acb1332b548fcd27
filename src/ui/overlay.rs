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
    let files = app.problem_files();
    let title = format!(
        " {files} file{} had problems · w or Esc closes ",
        if files == 1 { "" } else { "s" }
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
    let shown: Vec<&(String, String)> = rows
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .collect();
    let (path_w, why_w) = columns(&shown, w);
    for (y, (path, why)) in shown.into_iter().enumerate() {
        let path = ellipsize(path, path_w);
        let pad = path_w.saturating_sub(width(&path));
        let line = Line::from(vec![
            Span::styled(format!(" {path}"), theme::HELP_KEY),
            Span::raw(" ".repeat(pad + 2)),
            Span::styled(ellipsize(why, why_w), theme::DIM),
        ]);
        frame.render_widget(line, Rect::new(inner.x, inner.y + y as u16, inner.width, 1));
    }
}

/// The widths of the warnings view's two columns in `w` columns (a space before the path, two
/// between the columns): each as wide as its widest text shown when both fit; else the message
/// keeps its room and the path gives way, down to a third of the width (a long path is cut
/// before a message that says what is wrong).
fn columns(rows: &[&(String, String)], w: usize) -> (usize, usize) {
    let path = rows.iter().map(|(p, _)| width(p)).max().unwrap_or(0);
    let why = rows.iter().map(|(_, m)| width(m)).max().unwrap_or(0);
    let room = w.saturating_sub(3);
    if path + why <= room {
        return (path, room - path);
    }
    let path_w = path.min(room.saturating_sub(why).max(room / 3));
    (path_w, room - path_w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_columns_cut_only_what_does_not_fit() {
        let row = |p: &str, m: &str| (p.to_owned(), m.to_owned());
        let a = row(
            "lib/odd/latin1_bytes.txt",
            "invalid UTF-8 (decoded lossily)",
        );
        let b = row("lib/odd/escape_sequences.txt", "control characters removed");
        let rows = [&a, &b];
        let (p, m) = columns(&rows, 80);
        assert!(p >= width(&b.0) && m >= width(&a.1), "{p} {m}");
        assert_eq!(p + m + 3, 80);
        // Too narrow for both: the message keeps its room, the path is cut.
        let long = row("library/some/deeply/nested/folder/file.txt", "a FIFO");
        let (p, m) = columns(&[&long, &a], 50);
        assert_eq!(m, width(&a.1));
        assert_eq!(p + m + 3, 50);
        // Very narrow: a third for the path.
        let (p, m) = columns(&rows, 30);
        assert_eq!((p, m), (9, 18));
    }
}
