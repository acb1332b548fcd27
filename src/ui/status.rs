//! The status line: position, counts, active filters, a find's count, loading progress and
//! messages; or the filter or find prompt while it is open.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{App, Sort};
use crate::width::{ellipsize, width};

/// The parts of the left part (where you are and what is shown), the essential two first: the position in the list, then the
/// counts (kept whole before anything else, on a terminal of 40 columns too).
fn left_parts(app: &App) -> Vec<String> {
    let mut parts = Vec::new();
    let pos = if app.lists.view.is_empty() {
        0
    } else {
        app.lists.article_sel + 1
    };
    parts.push(format!(
        "{} {}/{}",
        app.lists.section_name(),
        pos,
        app.lists.view.len()
    ));
    let unread = app.lists.sections.first().map_or(0, |s| s.unread);
    parts.push(format!("{unread} unread / {}", app.lists.article_count()));
    if app.marks.updated > 0 {
        parts.push(format!("{} updated", app.marks.updated));
    }
    if app.stories.open.is_some() {
        parts.push("story, oldest first".into());
    } else if app.stories.folded {
        parts.push("stories folded".into());
    }
    if app.sort() != Sort::New {
        parts.push(app.sort().name().into());
    }
    if !app.finding.filter.text.is_empty() && app.finding.prompt.is_none() {
        parts.push(format!("filter “{}”", app.finding.filter.text));
    }
    if app.finding.filter.unread_only {
        parts.push("unread only".into());
    }
    if app.finding.filter.starred_only {
        parts.push("starred only".into());
    }
    parts
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

/// The right part: a message, else a find in the reader, else a save problem, else loading progress, else problems,
/// else a hint.
pub fn right_text(app: &App) -> (String, Tone) {
    if let Some(m) = &app.screen.message {
        return (
            m.text.clone(),
            if m.alert { Tone::Alert } else { Tone::Plain },
        );
    }
    if let Some(f) = app.reader.as_ref().and_then(|r| r.find.as_ref()) {
        let keys = if app.finding() {
            " · n N · Esc ends"
        } else {
            ""
        };
        return (format!("“{}” {}{keys}", f.text, f.count()), Tone::Plain);
    }
    if let Some(why) = &app.marks.save_error {
        return (format!("⚠ state not saved: {why}"), Tone::Warning);
    }
    if let Some(p) = app.loading.progress {
        return (format!("loading {}/{}", p.done, p.total), Tone::Plain);
    }
    if app.finding.search.running {
        return ("searching…".into(), Tone::Plain);
    }
    if let Some(c) = app.finding.search.checking {
        let pct = c.done * 100 / c.total.max(1);
        return (
            format!("reading articles for the query {pct}%"),
            Tone::Plain,
        );
    }
    if let Some(p) = app.loading.indexing {
        let pct = p.done * 100 / p.total.max(1);
        return (format!("indexing bodies {pct}%"), Tone::Plain);
    }
    let files = app.loading.problem_files();
    if files > 0 {
        let s = if files == 1 { "" } else { "s" };
        return (format!("⚠ {files} file{s} had problems (w)"), Tone::Plain);
    }
    ("? help".into(), Tone::Plain)
}

/// Shares `w` columns between the left parts and the right text: the position and the counts
/// first, whole; then the right text (a message, progress, problems); then the other left
/// parts (filters, order) as far as they fit. Returns both, each cut to its room.
pub fn arrange(parts: &[String], right: &str, w: usize) -> (String, String) {
    let essential = format!(" {}", parts[..parts.len().min(2)].join(" · "));
    let full = format!(" {}", parts.join(" · "));
    // The right text keeps a space at the line's end and two between the two.
    if width(&full) + width(right) + 3 <= w {
        return (full, right.to_owned());
    }
    let right_room = w.saturating_sub(width(&essential) + 3);
    let right = ellipsize(right, right_room);
    let left_room = w.saturating_sub(width(&right) + if right.is_empty() { 1 } else { 3 });
    let mut left = essential;
    for part in parts.iter().skip(2) {
        let more = format!("{left} · {part}");
        if width(&more) > left_room {
            break;
        }
        left = more;
    }
    (ellipsize(&left, left_room), right)
}

/// Draws the status line or the prompt.
pub fn status(frame: &mut Frame, area: Rect, app: &App) {
    let w = usize::from(area.width);
    let mono = app.screen.mono;
    let (plain, alert) = (
        app.screen.theme.status_line(mono),
        app.screen.theme.alert_line(mono),
    );
    frame.buffer_mut().set_style(area, plain);
    if let Some(p) = &app.finding.prompt {
        super::prompt::draw(frame, area, app, p);
        return;
    }
    if let Some(p) = app.find_prompt() {
        super::prompt::draw_find(frame, area, app, p);
        return;
    }
    let (right, tone) = right_text(app);
    if tone == Tone::Alert {
        // An alert gets the whole line: it must be read, and it is cleared by the next key.
        let line = Line::styled(ellipsize(&format!(" {right}"), w), alert);
        frame.buffer_mut().set_style(area, alert);
        frame.render_widget(line, area);
        return;
    }
    let (left, right) = arrange(&left_parts(app), &right, w);
    let pad = w.saturating_sub(width(&left) + width(&right) + 1);
    let line = Line::from(vec![
        Span::styled(left, plain),
        Span::styled(" ".repeat(pad), plain),
        Span::styled(right, if tone == Tone::Plain { plain } else { alert }),
    ]);
    frame.render_widget(line, area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counts_stay_whole_at_40_columns() {
        let parts = [
            "All 1/40".to_owned(),
            "40 unread / 40".to_owned(),
            "filter “lyon”".to_owned(),
        ];
        let (left, right) = arrange(&parts, "2 files had problems (w shows them)", 40);
        assert!(left.contains("40 unread / 40"), "{left:?}");
        assert!(width(&left) + width(&right) + 3 <= 40, "{left:?} {right:?}");
        assert!(!right.is_empty());
        // Room for everything: nothing is cut.
        let (left, right) = arrange(&parts, "? help", 120);
        assert_eq!(left, " All 1/40 · 40 unread / 40 · filter “lyon”");
        assert_eq!(right, "? help");
        // The message comes before the filter.
        let (left, right) = arrange(&parts, "marked read", 50);
        assert_eq!(right, "marked read");
        assert!(left.starts_with(" All 1/40 · 40 unread / 40"), "{left:?}");
    }
}
