//! Screens over the panes: the help (written from the key table) and the files with problems.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use crate::app::App;
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

/// The key table in force: keys, the action's name in `[keys]`, what it does.
pub fn help(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let theme = &app.screen.theme;
    let rows = app.screen.keys.help_rows();
    let key_w = rows.iter().map(|r| width(&r.keys)).max().unwrap_or(0);
    let name_w = rows.iter().map(|r| width(r.name)).max().unwrap_or(0);
    let help_w = rows.iter().map(|r| width(r.help)).max().unwrap_or(0);
    let outer = centred(
        area,
        u16::try_from(key_w + name_w + help_w + 7).unwrap_or(u16::MAX),
        u16::try_from(rows.len() + 2).unwrap_or(u16::MAX),
    );
    frame.render_widget(Clear, outer);
    let title = Line::from(" Keys · names as in config.toml [keys] · ? or Esc closes ");
    let inner = framed(frame, theme, outer, title, true);
    let w = usize::from(inner.width);
    // Narrow: the names go first, then the keys are cut; what a key does is kept longest.
    let name_w = if key_w + name_w + 24 <= w { name_w } else { 0 };
    for (y, row) in rows
        .iter()
        .skip(scroll)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let keys = ellipsize(&row.keys, key_w.min(w));
        let pad = key_w.saturating_sub(width(&keys)) + 2;
        let mut spans = vec![
            Span::styled(format!(" {keys}"), theme.help_key),
            Span::raw(" ".repeat(pad)),
        ];
        if name_w > 0 {
            let name = ellipsize(row.name, name_w);
            let pad = name_w.saturating_sub(width(&name)) + 2;
            spans.push(Span::styled(name, theme.dim));
            spans.push(Span::raw(" ".repeat(pad)));
        }
        let used = key_w + 3 + if name_w > 0 { name_w + 2 } else { 0 };
        spans.push(Span::raw(ellipsize(row.help, w.saturating_sub(used))));
        let line = Line::from(spans);
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
    let files = app.loading.problem_files();
    let title = format!(
        " {files} file{} had problems · w or Esc closes ",
        if files == 1 { "" } else { "s" }
    );
    let inner = framed(frame, &app.screen.theme, outer, Line::from(title), true);
    let w = usize::from(inner.width);
    if rows.is_empty() {
        frame.render_widget(
            Line::styled(" every file was read without trouble", app.screen.theme.dim),
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
            Span::styled(format!(" {path}"), app.screen.theme.help_key),
            Span::raw(" ".repeat(pad + 2)),
            Span::styled(ellipsize(why, why_w), app.screen.theme.dim),
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
