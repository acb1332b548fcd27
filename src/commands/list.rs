//! `kiosque list`: the library's articles, one per line, as text or JSON Lines (SPEC §5).

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::LibraryArgs;
use crate::article::format_id;
use crate::context::Context;
use crate::fold::fold;
use crate::library::{CATCH_ALL, Entry, Library, read_article};
use crate::query::engine::{self, path_text};
use crate::query::entries::{self, Entries};
use crate::query::{self, Plan, Sort};
use crate::search::{Hits, Index};
use crate::state::{Clock, State};

/// `kiosque list` options.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Files and directories of articles, as with -l.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub library: LibraryArgs,
    /// JSON Lines instead of text.
    #[arg(long)]
    pub json: bool,
    /// Only unread articles.
    #[arg(long)]
    pub unread: bool,
    /// Only starred articles.
    #[arg(long)]
    pub starred: bool,
    /// Only this section (case and accents ignored).
    #[arg(long, value_name = "NAME")]
    pub section: Option<String>,
    /// Only articles matching these words (as the reader's `/` filter).
    #[arg(long, value_name = "Q")]
    pub query: Option<String>,
    /// List the files that had problems instead of the articles.
    #[arg(long)]
    pub warnings: bool,
}

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
    /// Read, and its file changed since (another version than the one read).
    updated: bool,
    warnings: &'a [String],
    /// The id of the article's story: the id of its earliest article, the article's own id
    /// when it is alone in its story.
    story: String,
}

/// Writes one line of text output: id, read/unread, starred, section, headline (its line feeds
/// as spaces), tab-separated, straight into `out` (no string made per line: 100 000 of them
/// for a large library).
pub fn write_text_line(out: &mut super::Out, entry: &Entry, state: &State) -> Result<(), String> {
    write!(
        out,
        // The id as `format_id` writes it.
        "{:016x}\t{}\t{}\t{}\t",
        entry.id,
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
    )?;
    for (i, part) in entry.headline.split('\n').enumerate() {
        if i > 0 {
            out.text(" ")?;
        }
        out.text(part)?;
    }
    out.text("\n")
}

/// Runs `kiosque list`.
pub fn run(ctx: &Context, args: &ListArgs) -> Result<i32, String> {
    let Some(plan) = plan(args.query.as_deref()) else {
        return Ok(2);
    };
    // `list PATH` is `list -l PATH`.
    let given: Vec<std::path::PathBuf> = args
        .paths
        .iter()
        .chain(&args.library.library)
        .cloned()
        .collect();
    let keep = crate::query::engine::index_words(&plan);
    // Each JSON row says its story: the bodies are read if the library's log lacks them.
    let need = match need(&plan) {
        crate::loader::Need::Lists if args.json => crate::loader::Need::Stories,
        other => other,
    };
    let (mut lib, index) = super::load(ctx, &given, need, index_words(&plan, &keep))?;
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
    let state = saved_state(ctx);
    // Ids are distinct: the story of each, before the entries leave their numbers behind.
    let story: std::collections::HashMap<u64, u64> = if args.json {
        lib.entries
            .iter()
            .zip(&lib.numbers)
            .filter_map(|(e, n)| Some((e.id, *lib.stories.get(n)?)))
            .collect()
    } else {
        std::collections::HashMap::new()
    };
    let picked = selection(&plan, &mut lib, &index, &state);
    let section = args.section.as_deref().map(fold);
    if let (Some(name), Some(folded)) = (args.section.as_deref(), &section)
        && !picked
            .iter()
            .any(|&i| fold(&lib.entries[i].section) == *folded)
    {
        let listed: Vec<&Entry> = picked.iter().map(|&i| &lib.entries[i]).collect();
        return Err(no_such_section(name, &listed));
    }
    let tz = jiff::tz::TimeZone::system();
    let mut json = Vec::new();
    for entry in picked.iter().map(|&i| &lib.entries[i]) {
        if (args.unread && state.is_read(entry.id))
            || (args.starred && !state.is_starred(entry.id))
            || section.as_ref().is_some_and(|s| fold(&entry.section) != *s)
        {
            continue;
        }
        if args.json {
            json.clear();
            let listed = Listed {
                id: format_id(entry.id),
                path: entry.source.display(),
                section: &entry.section,
                headline: &entry.headline,
                alt_headline: entry.alt_headline.as_deref(),
                standfirst: entry.standfirst.as_deref(),
                bylines: &entry.bylines,
                date: crate::date::rfc3339(entry.date_ns(), &tz),
                read: state.is_read(entry.id),
                starred: state.is_starred(entry.id),
                updated: state.is_updated(entry.id, entry.version.unwrap_or(0)),
                warnings: &entry.warnings,
                story: format_id(story.get(&entry.id).copied().unwrap_or(entry.id)),
            };
            // Into one buffer kept from line to line; serde_json writes UTF-8.
            if serde_json::to_writer(&mut json, &listed).is_err() {
                json.clear();
            }
            out.line(std::str::from_utf8(&json).unwrap_or_default())?;
        } else {
            write_text_line(&mut out, entry, &state)?;
        }
        if out.is_closed() {
            // A closed pipe (`| head`) ends the listing quietly.
            return Ok(0);
        }
    }
    out.finish()?;
    super::report_problems(&lib);
    // The process ends here: freeing 100 000 entries one by one would cost more than all of
    // the sorting (a tenth of a warm `list`), for memory the exit gives back at once.
    std::mem::forget(lib);
    std::mem::forget(index);
    Ok(0)
}

/// The plan of a `--query` (none: every article), or `None` when it does not parse, said on
/// stderr with its column: a usage error (SPEC §5), said the way the reader's prompt says it.
pub fn plan(text: Option<&str>) -> Option<Plan> {
    match query::parse(text.unwrap_or("")) {
        Ok(q) => Some(Plan::new(q, Clock::from_env().now())),
        Err(e) => {
            super::warn(&format!("query: {e}"));
            None
        }
    }
}

/// How much of the library `plan` needs loaded: the bodies' words only when it searches them.
pub fn need(plan: &Plan) -> crate::loader::Need {
    if plan.needs_bodies() {
        crate::loader::Need::Bodies
    } else {
        crate::loader::Need::Lists
    }
}

/// What of the index `plan` needs, `keep` its words ([`crate::query::engine::index_words`]):
/// none for a listing, only the terms it looks up for a query.
pub fn index_words<'w>(plan: &Plan, keep: &'w [String]) -> crate::loader::Words<'w> {
    if plan.query.is_all() {
        crate::loader::Words::Lists
    } else {
        crate::loader::Words::Starting(keep)
    }
}

/// The saved state, read-only, for the marks a listing shows and `is:` filters on. A state that
/// cannot be read is reported, and the command goes on without marks.
pub fn saved_state(ctx: &Context) -> State {
    match ctx.open_state(false) {
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
    }
}

/// Keeps the entries of `library` that `plan` matches, in the order of the list: newest first,
/// or as `sort:` says. `list --query` and `export --query` both select with it, so they give
/// the same articles in the same order.
pub fn select(plan: &Plan, library: &mut Library, index: &Index, state: &State) {
    let order = selection(plan, library, index, state);
    library.arrange(&order);
}

/// The entries of `library` that `plan` matches (their indices), in the order of the list
/// ([`select`], without moving an entry).
pub fn selection(plan: &Plan, library: &mut Library, index: &Index, state: &State) -> Vec<usize> {
    // Which read articles are updated: the versions the index holds, else (bodies not indexed
    // yet) read from the files of the articles read in a known version, and only those.
    library.read_versions(|e| state.seen(e.id).is_some() && state.is_read(e.id));
    let all = 0..library.entries.len();
    let mut picked = if plan.query.is_all() {
        library.newest_first(all)
    } else {
        // The reader's engine and index answer, so both match the same articles.
        let hits = matching(plan, library, index, state);
        let numbers = &library.numbers;
        library.newest_first(
            all.filter(|&i| numbers.get(i).is_some_and(|&n| hits.contains(n as usize))),
        )
    };
    order(&mut picked, &library.entries, plan.query.sort);
    picked
}

/// The numbers (documents of `index`) of the entries of `library` that match `plan`: the
/// engine's sure matches, and those its text decides, read on every core.
fn matching(plan: &Plan, library: &Library, index: &Index, state: &State) -> Hits {
    // Entries by their number in the load; a warm load has gaps (files changed or gone).
    let count = library.numbers.iter().max().map_or(0, |&n| n as usize + 1);
    let mut slots: Vec<Option<&Entry>> = vec![None; count];
    for (e, &n) in library.entries.iter().zip(&library.numbers) {
        slots[n as usize] = Some(e);
    }
    let corpus = Entries {
        slots: &slots,
        state,
    };
    let Some(answer) = engine::evaluate(plan, &corpus, index, &|| false) else {
        return Hits::none(count);
    };
    let mut hits = answer.yes;
    let maybe: Vec<u32> = answer
        .maybe
        .iter()
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
        .collect();
    let check = |n: u32| {
        let Some(Some(e)) = slots.get(n as usize) else {
            return false;
        };
        read_article(&e.source, e.label.as_deref()).is_ok_and(|article| {
            let path = path_text(&e.source);
            query::eval::matches(plan, &entries::full(e, &article, &path, state))
        })
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    engine::settle(&maybe, threads, &|| false, &check, &mut |results, _| {
        for (n, matched) in results {
            if matched {
                hits.set(n as usize);
            }
        }
        true
    });
    hits
}

/// The error for `--section NAME` when no article of the library is in it, naming the
/// sections with close names (accents and case ignored), else all of them when they are few.
fn no_such_section(name: &str, entries: &[&Entry]) -> String {
    let mut names: Vec<&str> = entries.iter().map(|e| e.section.as_str()).collect();
    names.sort_by_cached_key(|n| fold(n));
    names.dedup_by_key(|n| fold(n));
    let want = fold(name);
    let close: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| {
            let f = fold(n);
            crate::config::distance(&want, &f) <= (f.chars().count() / 3).max(2)
                || (want.chars().count() >= 3 && (f.contains(&want) || want.contains(&f)))
        })
        .collect();
    let shown = |list: &[&str]| {
        list.iter()
            .map(|n| format!("“{n}”"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let hint = if !close.is_empty() {
        format!("; did you mean {}?", shown(&close))
    } else if names.len() <= 20 {
        format!("; its sections are {}", shown(&names))
    } else {
        format!("; kiosque list --json shows the {} sections", names.len())
    };
    format!("no section “{name}” in the library{hint}")
}

/// Orders entries (indices of `entries`) listed newest first as `sort:` asks (stable: newest
/// first among equals).
pub fn order(picked: &mut [usize], entries: &[Entry], sort: Sort) {
    match sort {
        Sort::New => {}
        Sort::Old => picked.reverse(),
        Sort::Section => picked.sort_by_cached_key(|&i| {
            let e = &entries[i];
            (e.section == CATCH_ALL, fold(&e.section))
        }),
        Sort::Title => picked.sort_by_cached_key(|&i| fold(entries[i].headline.trim())),
    }
}
