//! The reader pane: the open article's laid-out lines, from its scroll position.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{App, Pane};
use crate::geometry::reader_text_size;
use crate::layout;
use crate::theme::Theme;
use crate::width::ellipsize;

use super::{framed, framed_with};
use crate::article::format_id;

/// A laid-out line as ratatui draws it: indentation, then each piece in its theme style
/// (without colour when `mono`, for `NO_COLOR`), with the matches of a find laid over it:
/// `marks` are byte ranges of the line's text, each with whether it is the current match.
/// `changed` is the mark of a paragraph added or changed since the article was read, drawn
/// in the margin (the two columns before the text), the text in the `changed` style.
pub fn to_line<'a>(
    line: &'a layout::Line,
    theme: &Theme,
    mono: bool,
    marks: &[(Range<usize>, bool)],
    changed: Option<char>,
) -> Line<'a> {
    let mut spans = Vec::with_capacity(line.pieces.len() + 2 + 2 * marks.len());
    let indent = usize::from(line.indent);
    match changed {
        Some(mark) if indent >= 2 && !line.pieces.is_empty() => {
            if indent > 2 {
                spans.push(Span::raw(" ".repeat(indent - 2)));
            }
            spans.push(Span::styled(format!("{mark} "), theme.change_margin(mono)));
        }
        _ if indent > 0 && !line.pieces.is_empty() => spans.push(Span::raw(" ".repeat(indent))),
        _ => {}
    }
    let mut at = 0;
    for p in &line.pieces {
        let style = if changed.is_some() {
            theme.changed_text(p.role, p.quote, mono)
        } else {
            theme.text_in(p.role, p.quote, mono)
        };
        let end = at + p.text.len();
        // The piece cut where a match starts or ends inside it.
        let mut from = at;
        for (bytes, current) in marks {
            let (s, e) = (bytes.start.clamp(from, end), bytes.end.clamp(from, end));
            if s >= e {
                continue;
            }
            if s > from {
                spans.push(Span::styled(&p.text[from - at..s - at], style));
            }
            let over = theme.find_match(*current, mono);
            spans.push(Span::styled(&p.text[s - at..e - at], style.patch(over)));
            from = e;
        }
        if from < end {
            spans.push(Span::styled(&p.text[from - at..], style));
        }
        at = end;
    }
    Line::from(spans)
}

/// Draws the reader pane.
pub fn reader(frame: &mut Frame, area: Rect, app: &App) {
    let focused = app.screen.focus == Pane::Reader;
    let Some(r) = &app.reader else {
        let inner = framed(frame, &app.screen.theme, area, Line::from(""), false);
        let hint = Line::styled(
            ellipsize("Enter opens the selected article", usize::from(inner.width)),
            app.screen.theme.dim,
        );
        frame.render_widget(
            hint,
            Rect::new(inner.x + 1, inner.y, inner.width.saturating_sub(1), 1),
        );
        return;
    };
    let (tw, th) = reader_text_size(area);
    let total = r.layout.lines.len();
    let end = (r.scroll + usize::from(th)).min(total);
    let position = if total <= usize::from(th) {
        String::new()
    } else {
        format!(" {}% ", end * 100 / total.max(1))
    };
    let section = app.section_of(r.entry);
    let title = Line::from(vec![
        Span::raw(" "),
        Span::raw(ellipsize(section, usize::from(area.width / 2))),
        Span::raw(" "),
        Span::styled(position, app.screen.theme.dim),
    ]);
    // The article's id on the bottom border, where it costs no line of text (`kiosque show ID`
    // and `kiosque mark ID` take it).
    let id = app
        .entries
        .get(r.entry as usize)
        .map(|e| Line::styled(format!(" {} ", format_id(e.id)), app.screen.theme.dim));
    let inner = framed_with(frame, &app.screen.theme, area, title, id, focused);
    let text = Rect::new(inner.x + 1, inner.y, tw, th);
    if let Some(why) = &r.error {
        let line = Line::styled(
            ellipsize(&format!("cannot read this article: {why}"), usize::from(tw)),
            app.screen.theme.alert,
        );
        frame.render_widget(line, Rect::new(text.x, text.y, text.width, 1));
        return;
    }
    if r.article.is_none() {
        frame.render_widget(
            Line::styled("reading…", app.screen.theme.dim),
            Rect::new(text.x, text.y, text.width, 1),
        );
        return;
    }
    let first = r.scroll.min(total);
    let first_block = r
        .article
        .as_deref()
        .map_or(0, crate::changes::first_block_part);
    for (y, line) in r.layout.lines[first..end].iter().enumerate() {
        let row = Rect::new(text.x, text.y + y as u16, text.width, 1);
        let marks: Vec<(Range<usize>, bool)> = r.find.as_ref().map_or_else(Vec::new, |f| {
            f.marks_on(first + y)
                .iter()
                .map(|m| (m.bytes.clone(), Some(m.hit) == f.current))
                .collect()
        });
        let changed = r.changes.as_ref().and_then(|c| c.margin(line, first_block));
        frame.render_widget(
            to_line(line, &app.screen.theme, app.screen.mono, &marks, changed),
            row,
        );
    }
}
