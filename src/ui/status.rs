//! The status line: position, counts, active filters, loading progress and messages; or the
//! filter prompt while it is open.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{App, Pane};
use crate::theme;
use crate::width::{ellipsize, width};

/// The left part: where you are and what is shown.
pub fn left_text(app: &App) -> String {
    let mut parts = Vec::new();
    let pos = if app.view.is_empty() {
        0
    } else {
        app.article_sel + 1
    };
    let mut here = format!("{} {}/{}", app.section_name(), pos, app.view.len());
    if app.focus == Pane::Reader
        && let Some(r) = &app.reader
        && let Some(e) = app.entries.get(r.entry as usize)
    {
        here = format!("{} · {}", here, crate::article::format_id(e.id));
    }
    parts.push(here);
    let unread = app.sections.first().map_or(0, |s| s.unread);
    parts.push(format!("{unread} unread / {}", app.article_count()));
    if !app.filter.text.is_empty() && app.prompt.is_none() {
        parts.push(format!("filter “{}”", app.filter.text));
    }
    if app.filter.unread_only {
        parts.push("unread only".into());
    }
    if app.filter.starred_only {
        parts.push("starred only".into());
    }
    parts.join(" · ")
}

/// How the right part of the status line is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Plain.
    Plain,
    /// A lasting problem, in the alert style, beside the counts.
    Warning,
    /// A message that must be read: it takes the whole line until the next key.
    Alert,
}

/// The right part: a message, else a save problem, else loading progress, else problems,
/// else a hint.
pub fn right_text(app: &App) -> (String, Tone) {
    if let Some(m) = &app.message {
        return (
            m.text.clone(),
            if m.alert { Tone::Alert } else { Tone::Plain },
        );
    }
    if let Some(why) = &app.save_error {
        return (format!("⚠ state not saved: {why}"), Tone::Warning);
    }
    if let Some(p) = app.progress {
        return (format!("loading {}/{}", p.done, p.total), Tone::Plain);
    }
    if app.search.running {
        return ("searching…".into(), Tone::Plain);
    }
    if let Some(c) = app.search.checking {
        let pct = c.done * 100 / c.total.max(1);
        return (
            format!("reading articles for the query {pct}%"),
            Tone::Plain,
        );
    }
    if let Some(p) = app.indexing {
        let pct = p.done * 100 / p.total.max(1);
        return (format!("indexing bodies {pct}%"), Tone::Plain);
    }
    let files = app.problem_files();
    if files > 0 {
        let s = if files == 1 { "" } else { "s" };
        return (format!("⚠ {files} file{s} had problems (w)"), Tone::Plain);
    }
    ("? help".into(), Tone::Plain)
}

/// Draws the status line or the prompt.
pub fn status(frame: &mut Frame, area: Rect, app: &App) {
    let w = usize::from(area.width);
    frame.buffer_mut().set_style(area, theme::STATUS);
    if let Some(p) = &app.prompt {
        super::prompt::draw(frame, area, app, p);
        return;
    }
    let (right, tone) = right_text(app);
    if tone == Tone::Alert {
        // An alert gets the whole line: it must be read, and it is cleared by the next key.
        let line = Line::styled(ellipsize(&format!(" {right}"), w), theme::STATUS_ALERT);
        frame.buffer_mut().set_style(area, theme::STATUS_ALERT);
        frame.render_widget(line, area);
        return;
    }
    // A lasting problem may take most of the line; the position keeps its first columns.
    let room = if tone == Tone::Warning {
        w * 3 / 4
    } else {
        w / 2
    };
    let right = ellipsize(&right, room);
    let left = ellipsize(
        &format!(" {}", left_text(app)),
        w.saturating_sub(width(&right) + 2),
    );
    let pad = w.saturating_sub(width(&left) + width(&right) + 1);
    let line = Line::from(vec![
        Span::styled(left, theme::STATUS),
        Span::styled(" ".repeat(pad), theme::STATUS),
        Span::styled(
            right,
            if tone == Tone::Plain {
                theme::STATUS
            } else {
                theme::STATUS_ALERT
            },
        ),
    ]);
    frame.render_widget(line, area);
}
