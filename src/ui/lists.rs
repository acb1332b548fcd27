//! The sections and articles lists. Only the rows on screen are drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::app::{App, Pane, Scope};
use crate::date;
use crate::width::{ellipsize, width};

use super::framed;

fn row_style(selected: bool, focused: bool, app: &App) -> Option<Style> {
    selected.then(|| app.screen.theme.selected(focused, app.screen.mono))
}

/// Draws `line` on row `y` of `inner`, the whole row in `style` when given.
fn put(frame: &mut Frame, inner: Rect, y: u16, mut line: Line<'_>, style: Option<Style>) {
    let row = Rect::new(inner.x, inner.y + y, inner.width, 1);
    if let Some(s) = style {
        // On the selection every piece takes the selection's colours and keeps its bold: a
        // cyan count or unread dot on the cyan bar would vanish.
        for span in &mut line.spans {
            span.style.fg = None;
            span.style.bg = None;
        }
        frame.buffer_mut().set_style(row, s);
        frame.render_widget(line.patch_style(s), row);
    } else {
        frame.render_widget(line, row);
    }
}

/// The sections list: "All" first, each with unread/total.
pub fn sections(frame: &mut Frame, area: Rect, app: &App) {
    let focused = app.screen.focus == Pane::Sections;
    let inner = framed(
        frame,
        &app.screen.theme,
        area,
        Line::from(" Sections "),
        focused,
    );
    let w = usize::from(inner.width);
    for (y, (i, row)) in app
        .lists
        .sections
        .iter()
        .enumerate()
        .skip(app.lists.section_offset)
        .take(usize::from(inner.height))
        .enumerate()
    {
        // A saved view still being found says so: its counts may grow.
        let counts = match (row.counting, row.total) {
            (true, 0) => "…".to_owned(),
            (true, _) => format!("{}/{}…", row.unread, row.total),
            (false, _) => format!("{}/{}", row.unread, row.total),
        };
        let name_w = w.saturating_sub(width(&counts) + 1);
        let name = ellipsize(&row.name, name_w);
        let pad = w.saturating_sub(width(&name) + width(&counts));
        let theme = &app.screen.theme;
        let name_style = match (row.scope, row.unread > 0) {
            (Scope::View(_), true) => theme.view,
            // A view with nothing unread keeps its colour, without the weight.
            (Scope::View(_), false) => theme.view.remove_modifier(Modifier::BOLD),
            (_, true) => theme.unread,
            (_, false) => theme.read,
        };
        let line = Line::from(vec![
            Span::styled(name, name_style),
            Span::raw(" ".repeat(pad)),
            Span::styled(
                counts,
                if row.unread > 0 {
                    app.screen.theme.unread_marker
                } else {
                    app.screen.theme.dim
                },
            ),
        ]);
        put(
            frame,
            inner,
            y as u16,
            line,
            row_style(i == app.lists.section_sel, focused, app),
        );
    }
}

/// The articles list: unread marker, star, headline cut to the column, byline.
pub fn articles(frame: &mut Frame, area: Rect, app: &App) {
    let focused = app.screen.focus == Pane::Articles;
    // A story's timeline is named by its first article.
    let name = match (app.stories.open, app.lists.view.first()) {
        (Some(_), Some(&first)) => format!("Story: {}", app.entries[first as usize].headline()),
        (Some(_), None) => "Story".to_owned(),
        (None, _) => app.lists.section_name().to_owned(),
    };
    let title = Line::from(vec![
        Span::raw(" "),
        Span::raw(ellipsize(
            &name.replace('\n', " "),
            usize::from(area.width / 2),
        )),
        Span::styled(
            format!(" · {} ", app.lists.view.len()),
            app.screen.theme.dim,
        ),
    ]);
    let inner = framed(frame, &app.screen.theme, area, title, focused);
    if app.lists.view.is_empty() {
        empty(frame, inner, app);
        return;
    }
    let w = usize::from(inner.width);
    // A byline column when there is room for it.
    let columns = &app.screen.layout;
    let byline_w = if w >= 50 && columns.byline_column {
        (w / 4).clamp(12, 28)
    } else {
        0
    };
    // The date column at the end of each row: compact, then with the day and time from 70
    // columns (see `crate::date`); none in a list too narrow to show a headline beside it.
    let wide_dates = w >= 70;
    // A story's timeline always shows its dates.
    let timeline = app.stories.open.is_some();
    let date_w = match w {
        30.. if timeline => date::TIMELINE_COLUMN,
        _ if !columns.date_column && !timeline => 0,
        0..24 => 0,
        24..70 => date::COLUMN.0,
        _ => date::COLUMN.1,
    };
    for (y, (i, &n)) in app
        .lists
        .view
        .iter()
        .enumerate()
        .skip(app.lists.article_offset)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let e = &app.entries[n as usize];
        // A folded story: unread while one of its articles is, starred when one is.
        let folded = app.row_articles(i);
        let read = !app.row_unread(i);
        let starred = folded
            .iter()
            .any(|&m| app.marks.state.is_starred(app.entries[m as usize].id));
        let count = if folded.len() > 1 {
            format!("({}) ", folded.len())
        } else {
            String::new()
        };
        // Read, and changed on disk since: ↻ where an unread article has its dot.
        let updated = read && folded.iter().any(|&m| app.is_updated(m as usize));
        let mut spans = vec![
            match (read, updated) {
                (false, _) => Span::styled("● ", app.screen.theme.unread_marker),
                (true, true) => Span::styled("↻ ", app.screen.theme.updated),
                (true, false) => Span::raw("  "),
            },
            Span::styled(if starred { "★ " } else { "  " }, app.screen.theme.star),
        ];
        let headline = if e.headline().is_empty() {
            format!("({})", e.source.display())
        } else {
            e.headline().replace('\n', " ")
        };
        // The column is kept only on rows that have a byline: a headline
        // with nobody to credit may use the whole width.
        let by = e.byline().filter(|b| !b.is_empty() && byline_w > 0);
        let date_room = if date_w > 0 { date_w + 1 } else { 0 };
        let head_w = w.saturating_sub(4 + date_room + if by.is_some() { byline_w + 1 } else { 0 });
        let count = ellipsize(&count, head_w);
        spans.push(Span::styled(
            count.clone(),
            if read {
                app.screen.theme.dim
            } else {
                app.screen.theme.unread_marker
            },
        ));
        let head_w = head_w.saturating_sub(width(&count));
        let head = ellipsize(&headline, head_w);
        let mut pad = head_w.saturating_sub(width(&head));
        spans.push(Span::styled(
            head,
            if read {
                app.screen.theme.read
            } else {
                app.screen.theme.unread
            },
        ));
        if let Some(by) = by {
            let by = ellipsize(by, byline_w);
            spans.push(Span::raw(" ".repeat(pad + 1)));
            pad = byline_w.saturating_sub(width(&by));
            spans.push(Span::styled(by, app.screen.theme.list_byline));
        }
        if date_w > 0 {
            // Only the rows drawn are dated: a frame costs what the screen holds.
            let when = if date_w == date::TIMELINE_COLUMN && timeline {
                date::in_timeline(e.mtime_ns, &app.screen.now)
            } else {
                date::short(e.mtime_ns, &app.screen.now, wide_dates)
            };
            let when = ellipsize(&when, date_w);
            let right = date_w.saturating_sub(width(&when));
            spans.push(Span::raw(" ".repeat(pad + 1 + right)));
            spans.push(Span::styled(when, app.screen.theme.list_date));
        }
        put(
            frame,
            inner,
            y as u16,
            Line::from(spans),
            row_style(i == app.lists.article_sel, focused, app),
        );
    }
}

/// What an empty list says instead of nothing.
fn empty(frame: &mut Frame, inner: Rect, app: &App) {
    let w = usize::from(inner.width);
    let mut lines: Vec<String> = Vec::new();
    if app.entries.is_empty() && app.loading.progress.is_some() {
        lines.push("loading…".into());
    } else if app.entries.is_empty() {
        lines.push("no articles in this library".into());
        lines.push("(kiosque PATH opens a folder)".into());
    } else if app.stories.open.is_some() {
        lines.push("no article of this story passes the filters".into());
        lines.push("Esc goes back to the stories".into());
    } else if app.finding.filter.is_active() {
        let mut what = Vec::new();
        if !app.finding.filter.text.is_empty() {
            what.push(format!("“{}”", app.finding.filter.text));
        }
        if app.finding.filter.unread_only {
            what.push("unread".into());
        }
        if app.finding.filter.starred_only {
            what.push("starred".into());
        }
        lines.push(format!("no article matches {}", what.join(" + ")));
        lines.push("Esc clears the text filter; U and S toggle the others".into());
    } else {
        lines.push("no articles in this section".into());
    }
    for (y, text) in lines.iter().take(usize::from(inner.height)).enumerate() {
        let line = Line::styled(ellipsize(text, w), app.screen.theme.dim);
        put(frame, inner, y as u16, line, None);
    }
}
