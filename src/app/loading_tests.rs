//! The library coming in, in `App::update`: batches, problems, removed articles, bodies
//! indexed under a filter, the cursor while it loads, and reloads keeping one's place.

use super::tests::*;
use super::*;
use crate::library::Sources;
use crate::loader;
use crate::source::Source;

#[test]
fn reload_starts_a_new_generation_and_ignores_the_old_one() {
    let mut app = fixtures();
    app.update(Action::Reload);
    let effects = app.take_effects();
    assert!(matches!(effects[..], [Effect::Reload { generation: 1 }]));
    // A late message from the old load changes nothing.
    let before = app.entries.len();
    app.update(Action::Load(crate::loader::Load {
        generation: 0,
        event: crate::loader::LoadEvent::Done,
    }));
    assert_eq!(app.entries.len(), before);
    let mut loads = Vec::new();
    loader::load(&Sources::Bundled, 1, loader::Options::default(), &mut |l| {
        loads.push(l);
        true
    });
    for l in loads {
        app.update(Action::Load(l));
    }
    assert_eq!(app.entries.len(), 1);
}

#[test]
fn stale_article_is_ignored_and_errors_are_shown() {
    let mut app = fixtures();
    app.update(Action::Open);
    let _ = app.take_effects();
    let entry = app.reader.as_ref().unwrap().entry;
    app.update(Action::ArticleLoaded {
        entry,
        generation: 99,
        article: Err("late".into()),
    });
    assert!(app.reader.as_ref().unwrap().error.is_none());
    app.update(Action::ArticleLoaded {
        entry,
        generation: 0,
        article: Err("permission denied".into()),
    });
    assert_eq!(
        app.reader.as_ref().unwrap().error.as_deref(),
        Some("permission denied")
    );
}

#[test]
fn batches_keep_the_list_newest_first() {
    let app = fixtures();
    let times: Vec<i64> = app
        .lists
        .view
        .iter()
        .map(|&n| app.entries[n as usize].mtime_ns)
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn removed_articles_leave_the_lists_and_counts() {
    let mut app = fixtures();
    let gone = app.lists.view[0];
    let section = app.section_of(gone).to_owned();
    let before = app
        .lists
        .sections
        .iter()
        .find(|s| s.name == section)
        .unwrap()
        .total;
    app.update(Action::Load(crate::loader::Load {
        generation: 0,
        event: crate::loader::LoadEvent::Removed(vec![gone]),
    }));
    app.refresh();
    assert!(!app.lists.view.contains(&gone));
    assert_eq!(app.lists.article_count(), 39);
    let after = app
        .lists
        .sections
        .iter()
        .find(|s| s.name == section)
        .map_or(0, |s| s.total);
    assert_eq!(after, before - 1);
}

#[test]
fn body_index_streams_into_an_active_filter() {
    use crate::loader::{Load, LoadEvent};
    // Only the list pass: no body index yet.
    let mut app = App::new(State::default(), (120, 40));
    let mut loads = Vec::new();
    loader::load(&Sources::Bundled, 0, loader::Options::default(), &mut |l| {
        loads.push(l);
        true
    });
    let bodies: Vec<Load> = loads
        .extract_if(.., |l| matches!(l.event, LoadEvent::Bodies { .. }))
        .collect();
    for l in loads.drain(..) {
        let listed = matches!(l.event, LoadEvent::Listed { .. });
        app.update(Action::Load(l));
        if listed {
            break;
        }
    }
    assert!(app.loading.indexing.is_some(), "bodies are still to index");
    act(&mut app, Action::FilterPrompt);
    // "Bortnikov" is only in the seed's body.
    type_text(&mut app, "bortnikov");
    assert!(app.lists.view.is_empty());
    for l in bodies {
        app.update(Action::Load(l));
    }
    app.refresh();
    // The search runs in the background: the list changes once it answers.
    settle(&mut app);
    assert_eq!(
        app.lists.view.len(),
        1,
        "the match arrives with the body index"
    );
    // Header words match from the first pass on: the section's name, the byline.
    act(&mut app, Action::Back);
    act(&mut app, Action::FilterPrompt);
    type_text(&mut app, "froment cybercriminalite");
    assert_eq!(app.lists.view.len(), 1);
}

/// Synthetic entries `from..to`, newer as the number grows.
fn entries(from: u32, to: u32) -> Vec<crate::library::Entry> {
    (from..to)
        .map(|i| {
            let article = Article {
                label: Some("MONDE".into()),
                headline: crate::article::Text::plain(format!("Article {i}")),
                ..Article::default()
            };
            let stamp = crate::scan::Stamp {
                size: 1,
                mtime_ns: i64::from(i) * 1_000_000_000,
                ..crate::scan::Stamp::default()
            };
            let mut e = crate::library::Entry::new(
                Source::File(format!("/lib/{i}.txt").into()),
                None,
                &article,
                stamp,
            );
            e.id = u64::from(i);
            e
        })
        .collect()
}

fn batch(app: &mut App, from: u32, to: u32) {
    let mut b = crate::search::SegmentBuilder::new(from);
    for _ in from..to {
        b.add_texts(["x"]);
    }
    app.update(Action::Load(crate::loader::Load {
        generation: 0,
        event: crate::loader::LoadEvent::Batch {
            entries: entries(from, to),
            segment: b.finish(),
            problems: Vec::new(),
        },
    }));
    app.refresh();
}

#[test]
fn the_cursor_stays_on_the_newest_article_while_the_library_loads() {
    let mut app = App::new(State::default(), (120, 40));
    batch(&mut app, 0, 10);
    assert_eq!(app.lists.article_sel, 0);
    batch(&mut app, 10, 20);
    assert_eq!(
        app.entries[app.lists.view[app.lists.article_sel] as usize].headline(),
        "Article 19"
    );
    // Once moved, it stays on its article as newer ones arrive above it.
    act(&mut app, Action::Down);
    let chosen = app.lists.view[app.lists.article_sel];
    batch(&mut app, 20, 30);
    assert_eq!(app.lists.view[app.lists.article_sel], chosen);
    assert!(app.lists.article_offset <= app.lists.article_sel);
}

#[test]
fn reload_keeps_the_section_the_selection_and_the_open_article() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(FIXTURES.as_ref(), dir.path());
    let sources = Sources::Paths(vec![dir.path().to_owned()]);
    let mut app = loaded(&sources, (120, 40));
    // A section other than All, its third article selected, its second one open.
    act(&mut app, Action::FocusPrev);
    let row = app
        .lists
        .sections
        .iter()
        .position(|r| r.total >= 3)
        .unwrap();
    for _ in 0..row {
        act(&mut app, Action::Down);
    }
    let section = app.lists.section_name().to_owned();
    act(&mut app, Action::FocusNext);
    act(&mut app, Action::Down);
    act(&mut app, Action::Open);
    let open = app.entries[app.reader.as_ref().unwrap().entry as usize].id;
    act(&mut app, Action::FocusPrev);
    act(&mut app, Action::Down);
    let selected = selected_id(&app);
    assert_ne!(open, selected);
    // A new file comes first in load order: every article gets a new number.
    std::fs::write(
        dir.path().join("0000-new.txt"),
        "MONDE\n\nA story that was not there before\n\nIt arrived during the reload.\n",
    )
    .unwrap();
    app.update(Action::Reload);
    let Some(Effect::Reload { generation }) = app.take_effects().pop() else {
        panic!("no reload effect");
    };
    let mut loads = Vec::new();
    loader::load(&sources, generation, loader::Options::default(), &mut |l| {
        loads.push(l);
        true
    });
    for l in loads {
        app.update(Action::Load(l));
        app.refresh();
    }
    assert_eq!(app.lists.section_name(), section);
    assert_eq!(selected_id(&app), selected);
    let r = app.reader.as_ref().unwrap();
    assert_eq!(app.entries[r.entry as usize].id, open);
    let message = app.screen.message.as_ref().unwrap().text.clone();
    assert!(message.starts_with("library reloaded: "), "{message}");
}

#[test]
fn a_key_during_a_reload_leaves_the_cursor_where_the_user_put_it() {
    let mut app = fixtures();
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    app.update(Action::Reload);
    let Some(Effect::Reload { generation }) = app.take_effects().pop() else {
        panic!("no reload effect");
    };
    let mut loads = Vec::new();
    let sources = Sources::Paths(vec![FIXTURES.into()]);
    loader::load(&sources, generation, loader::Options::default(), &mut |l| {
        loads.push(l);
        true
    });
    let mut loads = loads.into_iter();
    app.update(Action::Load(loads.next().unwrap()));
    app.refresh();
    act(&mut app, Action::Top);
    for l in loads {
        app.update(Action::Load(l));
    }
    app.refresh();
    assert_eq!(app.lists.article_sel, 0);
}
