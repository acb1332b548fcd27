//! The `/` prompt on the status line: the text scrolled so the cursor stays in view (a pasted
//! page is a window, never a wrapped mess), how many articles match or what is still being
//! searched, and a query that does not parse shown with a caret under its column on the row
//! above.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

use crate::app::{App, Prompt};
use crate::width::{ellipsize, prefix, width};

/// What is shown of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// First byte of the text shown.
    pub start: usize,
    /// Past the last byte shown.
    pub end: usize,
    /// The line: the text shown, with `…` where it is cut.
    pub shown: String,
    /// Column of the cursor in `shown`.
    pub cursor: usize,
    /// Columns taken before `start`'s text (1 when a `…` leads).
    pub lead: usize,
}

/// The part of `text` that fits in `room` columns with the cursor (a byte offset) in view, and
/// a cell left for the cursor at the end.
pub fn window(text: &str, cursor: usize, room: usize) -> Window {
    let room = room.max(3);
    if width(text) < room {
        return Window {
            start: 0,
            end: text.len(),
            shown: text.to_owned(),
            cursor: width(&text[..cursor]),
            lead: 0,
        };
    }
    // The text before the cursor, as much as fits with a leading `…` and the cursor's cell.
    let before = &text[..cursor];
    let mut start = cursor;
    let mut used = 0;
    for (i, g) in before.grapheme_indices(true).rev() {
        let w = width(g);
        if used + w > room - 2 {
            break;
        }
        used += w;
        start = i;
    }
    let lead = usize::from(start > 0);
    let mut body = prefix(&text[start..], room - lead).0;
    if start + body.len() < text.len() {
        // Cut at the end too: room for a trailing `…`.
        body = prefix(&text[start..], room - lead - 1).0;
    }
    let end = start + body.len();
    let mut shown = String::new();
    if lead == 1 {
        shown.push('…');
    }
    shown.push_str(body);
    if end < text.len() {
        shown.push('…');
    }
    Window {
        start,
        end,
        cursor: lead + width(&text[start..cursor.max(start)]),
        shown,
        lead,
    }
}

/// The byte offset of character column `column` (1 = first) in `text`.
fn byte_of_column(text: &str, column: usize) -> usize {
    text.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i)
}

/// Where the prompt's text starts.
const HEAD: &str = " / ";

/// Draws the find prompt (`/` in the reader) on the status line `area`: the text, then how
/// many matches it has.
pub fn draw_find(frame: &mut Frame, area: Rect, app: &App, p: &Prompt) {
    let find = app.reader.as_ref().and_then(|r| r.find.as_ref());
    let hint = match find {
        Some(f) if !f.placed.is_empty() => {
            format!("  {} in the article · Enter keeps · Esc ends", f.count())
        }
        _ if p.text.trim().is_empty() => "  find in the article · Esc ends".to_owned(),
        _ => "  not in this article · Esc ends".to_owned(),
    };
    line(frame, area, app, p, &hint);
}

/// Draws the prompt on the status line `area`, and its error on the row above.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, p: &Prompt) {
    let hint = if p.error.is_some() {
        "  not a query yet: the list is the last query's · Esc clears".to_owned()
    } else if app.finding.search.running {
        "  searching…".to_owned()
    } else if let Some(c) = app.finding.search.checking {
        let pct = c.done * 100 / c.total.max(1);
        format!("  {} matching · reading {pct}%", app.lists.view.len())
    } else {
        format!(
            "  {} matching · Enter keeps · Esc clears",
            app.lists.view.len()
        )
    };
    let win = line(frame, area, app, p, &hint);
    if let Some(e) = &p.error {
        error_row(frame, area, app, p, &win, e);
    }
}

/// Draws the prompt's text and `hint` on the status line `area`, the cursor in the text; what
/// is shown of the text.
fn line(frame: &mut Frame, area: Rect, app: &App, p: &Prompt, hint: &str) -> Window {
    let w = usize::from(area.width);
    // The text scrolls in what the hint leaves, but always gets half the line.
    let full = w.saturating_sub(width(HEAD) + 1);
    let room = full.saturating_sub(width(hint)).max(full / 2).max(3);
    let win = window(&p.text, p.cursor, room);
    let text = format!("{HEAD}{}", win.shown);
    let line = Line::from(vec![
        Span::styled(
            ellipsize(&text, w.saturating_sub(1)),
            app.screen.theme.prompt,
        ),
        Span::styled(
            ellipsize(hint, w.saturating_sub(width(&text) + 1)),
            app.screen.theme.status_line(app.screen.mono),
        ),
    ]);
    frame.render_widget(line, area);
    let cursor_x = width(HEAD) + win.cursor;
    frame.set_cursor_position((
        area.x + u16::try_from(cursor_x.min(w.saturating_sub(1))).unwrap_or(0),
        area.y,
    ));
    win
}

/// The error of a query that does not parse, on the row above the prompt, with a caret under
/// its column when it is in view.
fn error_row(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    p: &Prompt,
    win: &Window,
    e: &crate::query::Error,
) {
    let w = usize::from(area.width);
    if area.y > 0 {
        let at = byte_of_column(&p.text, e.column);
        let message = e.to_string();
        let row = Rect::new(area.x, area.y - 1, area.width, 1);
        let caret = (win.start..=win.end)
            .contains(&at)
            .then(|| width(HEAD) + win.lead + width(&p.text[win.start..at]));
        let line = match caret {
            Some(x) if x + 2 + width(&message) <= w => {
                format!("{}^ {message}", " ".repeat(x))
            }
            Some(x) if width(&message) + 2 <= x => {
                let pad = x - width(&message) - 1;
                format!("{}{message} ^", " ".repeat(pad))
            }
            _ => format!(" {message}"),
        };
        frame
            .buffer_mut()
            .set_style(row, app.screen.theme.alert_line(app.screen.mono));
        frame.render_widget(
            Line::styled(
                ellipsize(&line, w),
                app.screen.theme.alert_line(app.screen.mono),
            ),
            row,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_shown_whole() {
        let w = window("is:unread", 3, 40);
        assert_eq!((w.shown.as_str(), w.cursor), ("is:unread", 3));
    }

    #[test]
    fn long_text_scrolls_to_the_cursor() {
        let text = "abcdefghij".repeat(100);
        let w = window(&text, text.len(), 20);
        assert!(w.shown.starts_with('…'), "{w:?}");
        assert!(width(&w.shown) <= 20);
        assert_eq!(w.cursor, width(&w.shown));
        let w = window(&text, 0, 20);
        assert_eq!(w.cursor, 0);
        assert!(w.shown.ends_with('…') && width(&w.shown) <= 20, "{w:?}");
        let w = window(&text, 500, 20);
        assert!(w.shown.starts_with('…') && w.shown.ends_with('…'));
        assert!(w.cursor < 20 && w.start <= 500 && 500 <= w.end, "{w:?}");
    }

    #[test]
    fn wide_characters_keep_the_cursor_in_view() {
        let text = "日本語".repeat(50);
        let w = window(&text, text.len() / 2, 21);
        assert!(width(&w.shown) <= 21, "{w:?}");
        assert!(w.cursor <= 20);
    }

    #[test]
    fn columns_are_characters() {
        assert_eq!(byte_of_column("é(a", 2), 2);
        assert_eq!(byte_of_column("ab", 9), 2);
    }
}
