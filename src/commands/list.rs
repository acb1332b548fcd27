//! `kiosque list`: the library's articles, one per line, as text or JSON Lines (SPEC §5).

use serde::Serialize;

use crate::article::format_id;
use crate::cli::{Context, ListArgs};
use crate::filter::Query;
use crate::fold::fold;
use crate::library::Entry;
use crate::state::State;

#[derive(Serialize)]
struct Listed<'a> {
    id: String,
    path: String,
    section: &'a str,
    headline: &'a str,
    alt_headline: Option<&'a str>,
    standfirst: Option<&'a str>,
    bylines: &'a [String],
    /// RFC 3339 in the local time zone; `null` for the bundled seed (no file, no date).
    date: Option<String>,
    read: bool,
    starred: bool,
    warnings: &'a [String],
}

/// One line of text output: id, read/unread, starred, section, headline, tab-separated.
pub fn text_line(entry: &Entry, state: &State) -> String {
    format!(
        "{}\t{}\t{}\t{}\t{}",
        format_id(entry.id),
        if state.is_read(entry.id) {
            "read"
        } else {
            "unread"
        },
        if state.is_starred(entry.id) {
            "starred"
        } else {
            "-"
        },
        entry.section,
        entry.headline.replace('\n', " ")
    )
}

/// Runs `kiosque list`.
pub fn run(ctx: &Context, args: &ListArgs) -> Result<i32, String> {
    let query = Query::new(args.query.as_deref().unwrap_or(""));
    let need = if query.is_empty() {
        crate::loader::Need::Lists
    } else {
        crate::loader::Need::Bodies
    };
    let (mut lib, index) = super::load(ctx, &args.library.library, need)?;
    if !query.is_empty() {
        // The reader's own index answers, so both match the same articles.
        let hits = index.matches(
            &query,
            lib.numbers.iter().max().map_or(0, |&n| n as usize + 1),
        );
        lib.retain_numbers(|n| hits.contains(n as usize));
    }
    lib.sort();
    let mut out = super::Out::new();
    if args.warnings {
        for p in &lib.problems {
            out.line(&format!("{}: {}", super::shown(&p.path), p.message))?;
        }
        for (path, warning) in lib.warnings() {
            out.line(&format!("{path}: {warning}"))?;
        }
        out.finish()?;
        return Ok(0);
    }
    // A state that cannot be read is reported, and listing goes on without marks.
    let state = match ctx.open_state(false) {
        Ok(opened) => {
            for notice in &opened.notices {
                super::warn(notice);
            }
            opened.state
        }
        Err(why) => {
            super::warn(&format!("{why}; marks are not shown"));
            State::default()
        }
    };
    let section = args.section.as_deref().map(fold);
    let tz = jiff::tz::TimeZone::system();
    for entry in &lib.entries {
        if (args.unread && state.is_read(entry.id))
            || (args.starred && !state.is_starred(entry.id))
            || section.as_ref().is_some_and(|s| fold(&entry.section) != *s)
        {
            continue;
        }
        let line = if args.json {
            serde_json::to_string(&Listed {
                id: format_id(entry.id),
                path: entry.source.display(),
                section: &entry.section,
                headline: &entry.headline,
                alt_headline: entry.alt_headline.as_deref(),
                standfirst: entry.standfirst.as_deref(),
                bylines: &entry.bylines,
                date: crate::date::rfc3339(entry.stamp.mtime_ns, &tz),
                read: state.is_read(entry.id),
                starred: state.is_starred(entry.id),
                warnings: &entry.warnings,
            })
            .unwrap_or_default()
        } else {
            text_line(entry, &state)
        };
        out.line(&line)?;
        if out.is_closed() {
            // A closed pipe (`| head`) ends the listing quietly.
            return Ok(0);
        }
    }
    out.finish()?;
    super::report_problems(&lib);
    Ok(0)
}
