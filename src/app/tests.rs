//! `App::update` for every action, with no terminal: the library comes from the real loader on
//! the fixture files, effects are carried out by `run::perform` as the run loop would.

use super::*;
use crate::app::prompt::Edit;
use crate::library::Sources;
use crate::loader;
use crate::source::Source;

pub(super) const FIXTURES: &str = "tests/fixtures/library";

pub(super) fn loaded(sources: &Sources, size: (u16, u16)) -> App {
    let mut app = App::new(State::default(), size);
    let mut loads = Vec::new();
    loader::load(sources, 0, loader::Options::default(), &mut |l| {
        loads.push(l);
        true
    });
    for l in loads {
        app.update(Action::Load(l));
    }
    app.refresh();
    app
}

pub(super) fn fixtures() -> App {
    loaded(&Sources::Paths(vec![FIXTURES.into()]), (120, 40))
}

pub(super) fn seed(size: (u16, u16)) -> App {
    loaded(&Sources::Bundled, size)
}

/// Applies an action, then carries out its effects as the run loop does.
pub(super) fn act(app: &mut App, action: Action) {
    app.update(action);
    settle(app);
}

/// Carries out the effects asked for (and those their answers ask for).
pub(super) fn settle(app: &mut App) {
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return;
        }
        for e in effects {
            for a in crate::run::perform(e) {
                app.update(a);
            }
        }
    }
}

fn prompt_text(app: &App) -> Option<&str> {
    app.finding.prompt.as_ref().map(|p| p.text.as_str())
}

pub(super) fn selected_id(app: &App) -> u64 {
    app.entries[app.lists.view[app.lists.article_sel] as usize].id
}

pub(super) fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        act(app, Action::PromptChar(c));
    }
}

#[test]
fn starts_on_all_with_the_article_list_focused() {
    let app = seed((120, 40));
    assert_eq!(app.lists.section_name(), "All");
    assert_eq!(app.screen.focus, Pane::Articles);
    assert_eq!(app.lists.sections[1].name, "CYBERCRIMINALITE");
    assert_eq!(
        (app.lists.sections[1].unread, app.lists.sections[1].total),
        (1, 1)
    );
    assert!(app.loading.progress.is_none());
}

#[test]
fn sections_are_sorted_with_counts() {
    let app = fixtures();
    let names: Vec<&str> = app.lists.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names[0], "All");
    let mut sorted = names[1..].to_vec();
    sorted.sort_by_key(|n| crate::fold::fold(n));
    assert_eq!(names[1..], sorted[..]);
    assert_eq!(app.lists.sections[0].total, 40);
    let sum: usize = app.lists.sections[1..].iter().map(|s| s.total).sum();
    assert_eq!(sum, 40);
}

#[test]
fn down_and_up_move_in_each_pane() {
    let mut app = fixtures();
    act(&mut app, Action::Down);
    assert_eq!(app.lists.article_sel, 1);
    act(&mut app, Action::Up);
    act(&mut app, Action::Up);
    assert_eq!(app.lists.article_sel, 0);
    app.screen.focus = Pane::Sections;
    act(&mut app, Action::Down);
    assert_eq!(app.lists.section_sel, 1);
    let section = app.lists.sections[1].name.clone();
    assert!(app.lists.view.iter().all(|&n| app.section_of(n) == section));
    assert_eq!(app.lists.view.len(), app.lists.sections[1].total);
}

#[test]
fn top_bottom_and_pages() {
    let mut app = fixtures();
    act(&mut app, Action::Bottom);
    assert_eq!(app.lists.article_sel, 39);
    act(&mut app, Action::Top);
    assert_eq!(app.lists.article_sel, 0);
    act(&mut app, Action::PageDown);
    let page = app.lists.article_sel;
    assert!(page > 10, "a page of a 40-row terminal: {page}");
    act(&mut app, Action::PageUp);
    assert_eq!(app.lists.article_sel, 0);
    // The selection stays on screen.
    act(&mut app, Action::Bottom);
    assert!(app.lists.article_offset > 0 && app.lists.article_offset <= 39);
}

#[test]
fn focus_moves_between_panes_without_wrapping() {
    let mut app = fixtures();
    act(&mut app, Action::FocusPrev);
    assert_eq!(app.screen.focus, Pane::Sections);
    act(&mut app, Action::FocusPrev);
    assert_eq!(app.screen.focus, Pane::Sections);
    act(&mut app, Action::FocusNext);
    act(&mut app, Action::FocusNext);
    assert_eq!(app.screen.focus, Pane::Articles, "no reader open yet");
    act(&mut app, Action::Open);
    act(&mut app, Action::FocusPrev);
    assert_eq!(app.screen.focus, Pane::Articles);
    act(&mut app, Action::FocusNext);
    assert_eq!(app.screen.focus, Pane::Reader);
}

#[test]
fn enter_from_sections_goes_to_articles() {
    let mut app = fixtures();
    app.screen.focus = Pane::Sections;
    act(&mut app, Action::Down);
    act(&mut app, Action::Open);
    assert_eq!(app.screen.focus, Pane::Articles);
    assert!(app.reader.is_none());
}

#[test]
fn opening_an_article_reads_it_and_marks_it_read() {
    let mut app = seed((120, 40));
    let id = selected_id(&app);
    app.update(Action::Open);
    let effects = app.take_effects();
    assert!(matches!(effects[..], [Effect::LoadArticle { .. }]));
    assert!(app.marks.state.is_read(id));
    let saved = app.marks.take_changes();
    assert_eq!(saved.len(), 1, "one change to save");
    assert_eq!(saved[0].value, crate::state::Value::Read(true));
    assert!(!app.marks.has_changes());
    assert_eq!(app.lists.sections[0].unread, 0);
    for e in effects {
        for a in crate::run::perform(e) {
            app.update(a);
        }
    }
    let r = app.reader.as_ref().unwrap();
    assert!(r.article.is_some());
    let text: Vec<String> = r.layout.lines.iter().map(|l| l.text()).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("La Russie et les États-Unis"))
    );
    assert_eq!(app.screen.focus, Pane::Reader);
}

#[test]
fn reader_scrolls_and_space_pages_then_moves_on() {
    let mut app = loaded(&Sources::Paths(vec![FIXTURES.into()]), (120, 12));
    act(&mut app, Action::Open);
    let first = app.reader.as_ref().unwrap().entry;
    act(&mut app, Action::Down);
    assert_eq!(app.reader.as_ref().unwrap().scroll, 1);
    act(&mut app, Action::Up);
    assert_eq!(app.reader.as_ref().unwrap().scroll, 0);
    act(&mut app, Action::Bottom);
    let bottom = app.reader.as_ref().unwrap().scroll;
    act(&mut app, Action::Top);
    assert_eq!(app.reader.as_ref().unwrap().scroll, 0);
    // Space pages down to the end, then opens the next unread article.
    for _ in 0..50 {
        if app.reader.as_ref().unwrap().entry != first {
            break;
        }
        act(&mut app, Action::Space);
    }
    let second = app.reader.as_ref().unwrap().entry;
    assert_ne!(second, first, "space moved on (bottom was {bottom})");
    assert!(app.marks.state.is_read(app.entries[second as usize].id));
}

#[test]
fn next_and_previous_unread_across_sections() {
    let mut app = fixtures();
    app.screen.focus = Pane::Sections;
    act(&mut app, Action::Down);
    let section = app.lists.section_sel;
    app.screen.focus = Pane::Articles;
    // Read everything in this section: n then moves to another section.
    act(&mut app, Action::MarkAllRead);
    act(&mut app, Action::NextUnread);
    assert_ne!(app.lists.section_sel, section);
    assert!(!app.marks.state.is_read(selected_id(&app)));
    assert_eq!(app.screen.focus, Pane::Articles);
    act(&mut app, Action::PrevUnread);
    assert!(!app.marks.state.is_read(selected_id(&app)));
    // From the reader, n opens the next unread article.
    act(&mut app, Action::Open);
    let opened = app.reader.as_ref().unwrap().entry;
    act(&mut app, Action::NextUnread);
    let next = app.reader.as_ref().unwrap().entry;
    assert_ne!(next, opened);
    assert!(app.marks.state.is_read(app.entries[next as usize].id));
}

#[test]
fn no_more_unread_says_so() {
    let mut app = seed((120, 40));
    act(&mut app, Action::MarkAllRead);
    act(&mut app, Action::NextUnread);
    assert_eq!(
        app.screen.message.as_ref().unwrap().text,
        "no more unread articles"
    );
}

#[test]
fn toggles_and_undo() {
    let mut app = fixtures();
    let id = selected_id(&app);
    act(&mut app, Action::ToggleRead);
    assert!(app.marks.state.is_read(id));
    act(&mut app, Action::ToggleRead);
    assert!(!app.marks.state.is_read(id));
    act(&mut app, Action::ToggleStar);
    assert!(app.marks.state.is_starred(id));
    act(&mut app, Action::Undo);
    assert!(!app.marks.state.is_starred(id));
    act(&mut app, Action::Undo);
    assert!(
        app.marks.state.is_read(id),
        "undo walks back one marking at a time"
    );
    // Marking keys do nothing from the sections list.
    app.screen.focus = Pane::Sections;
    act(&mut app, Action::ToggleStar);
    assert_eq!(
        app.screen.message.as_ref().unwrap().text,
        "select an article first"
    );
}

#[test]
fn mark_all_read_is_one_undoable_step() {
    let mut app = fixtures();
    act(&mut app, Action::MarkAllRead);
    assert_eq!(app.lists.sections[0].unread, 0);
    act(&mut app, Action::Undo);
    assert_eq!(app.lists.sections[0].unread, 40);
    act(&mut app, Action::Undo);
    assert_eq!(app.screen.message.as_ref().unwrap().text, "nothing to undo");
}

#[test]
fn filter_prompt_filters_as_you_type() {
    let mut app = fixtures();
    act(&mut app, Action::FilterPrompt);
    assert!(app.finding.prompt.is_some());
    type_text(&mut app, "MARSEILLE bénévoles");
    let n = app.lists.view.len();
    assert!((1..40).contains(&n), "{n}");
    act(&mut app, Action::PromptEdit(Edit::Backspace));
    act(&mut app, Action::PromptEdit(Edit::DeleteWord));
    assert_eq!(prompt_text(&app), Some("MARSEILLE "));
    act(&mut app, Action::PromptEdit(Edit::DeleteWord));
    assert_eq!(prompt_text(&app), Some(""));
    type_text(&mut app, "cybercriminalite");
    let hits = app.lists.view.len();
    act(&mut app, Action::PromptAccept);
    assert!(app.finding.prompt.is_none());
    assert_eq!(app.finding.filter.text, "cybercriminalite");
    assert_eq!(app.screen.focus, Pane::Articles);
    assert_eq!(app.lists.article_sel, 0);
    assert_eq!(app.lists.view.len(), hits);
    // Esc in the filtered list clears it.
    act(&mut app, Action::Back);
    assert_eq!(app.lists.view.len(), 40);
    assert!(app.finding.filter.text.is_empty());
}

#[test]
fn prompt_esc_clears_and_new_prompt_starts_empty() {
    let mut app = fixtures();
    act(&mut app, Action::FilterPrompt);
    type_text(&mut app, "zzzzzz");
    assert!(app.lists.view.is_empty());
    act(&mut app, Action::Back);
    assert!(app.finding.prompt.is_none());
    assert_eq!(app.lists.view.len(), 40);
    act(&mut app, Action::FilterPrompt);
    type_text(&mut app, "sante");
    act(&mut app, Action::PromptAccept);
    act(&mut app, Action::FilterPrompt);
    assert_eq!(
        app.finding.filter.text, "",
        "the prompt's text replaces the filter"
    );
}

#[test]
fn keys_typed_in_the_prompt_are_text() {
    let mut app = fixtures();
    act(&mut app, Action::FilterPrompt);
    act(&mut app, Action::PromptChar('q'));
    assert!(!app.quit);
    assert_eq!(prompt_text(&app), Some("q"));
}

#[test]
fn unread_and_starred_only_combine_with_text() {
    let mut app = fixtures();
    act(&mut app, Action::ToggleStar);
    act(&mut app, Action::Down);
    act(&mut app, Action::ToggleRead);
    act(&mut app, Action::ToggleUnreadOnly);
    assert_eq!(app.lists.view.len(), 39);
    act(&mut app, Action::ToggleStarredOnly);
    assert_eq!(app.lists.view.len(), 1);
    act(&mut app, Action::ToggleUnreadOnly);
    act(&mut app, Action::FilterPrompt);
    type_text(&mut app, "zzzz");
    assert!(app.lists.view.is_empty());
    act(&mut app, Action::Back);
    assert_eq!(app.lists.view.len(), 1);
}

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
fn help_and_warnings_overlays() {
    let mut app = fixtures();
    act(&mut app, Action::Help);
    assert_eq!(app.screen.overlay, Some(Overlay::Help { scroll: 0 }));
    act(&mut app, Action::Down);
    assert_eq!(app.screen.overlay, Some(Overlay::Help { scroll: 1 }));
    act(&mut app, Action::BackOrQuit);
    assert_eq!(app.screen.overlay, None);
    assert!(!app.quit, "q closes the help, it does not quit");
    act(&mut app, Action::Warnings);
    assert!(matches!(app.screen.overlay, Some(Overlay::Warnings { .. })));
    assert_eq!(app.warning_rows().len(), 2);
    act(&mut app, Action::Warnings);
    assert_eq!(app.screen.overlay, None);
}

#[test]
fn back_and_quit() {
    let mut app = fixtures();
    act(&mut app, Action::Open);
    act(&mut app, Action::BackOrQuit);
    assert!(app.reader.is_none());
    assert_eq!(app.screen.focus, Pane::Articles);
    assert!(!app.quit);
    act(&mut app, Action::Back);
    assert!(!app.quit, "Esc never quits");
    act(&mut app, Action::BackOrQuit);
    assert!(app.quit);
    let mut app = fixtures();
    act(&mut app, Action::Quit);
    assert!(app.quit);
}

#[test]
fn narrow_reader_takes_the_screen_and_back_returns() {
    let mut app = fixtures();
    act(&mut app, Action::Resize(60, 20));
    act(&mut app, Action::Open);
    assert_eq!(app.screen.focus, Pane::Reader);
    assert_eq!(app.reader_area().0, 56);
    act(&mut app, Action::Back);
    assert_eq!(app.screen.focus, Pane::Articles);
}

#[test]
fn resize_rewraps_and_keeps_the_paragraph() {
    let mut app = seed((60, 20));
    act(&mut app, Action::Open);
    for _ in 0..25 {
        act(&mut app, Action::Down);
    }
    let saved = app.reader.as_ref().unwrap().anchor;
    assert!(saved.part > 1, "scrolled into the body: {saved:?}");
    for (w, h) in [(200, 60), (41, 12), (120, 40), (60, 20), (33, 50)] {
        act(&mut app, Action::Resize(w, h));
        let r = app.reader.as_ref().unwrap();
        let top = &r.layout.lines[r.scroll];
        let max = r
            .layout
            .lines
            .len()
            .saturating_sub(usize::from(app.reader_area().1));
        if r.scroll < max {
            assert_eq!(top.anchor.part, saved.part, "{w}x{h}: same paragraph");
            assert!(
                top.anchor.offset <= saved.offset,
                "{w}x{h}: the line holding the place"
            );
            let next = r.layout.lines[r.scroll + 1..]
                .iter()
                .find(|l| !l.pieces.is_empty());
            assert!(
                next.is_none_or(|n| n.anchor > saved),
                "{w}x{h}: not a line too early"
            );
        }
    }
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
fn save_failures_are_said_and_marks_made_elsewhere_come_in() {
    let mut app = fixtures();
    act(&mut app, Action::ToggleRead);
    assert_eq!(app.marks.take_changes().len(), 1);
    app.update(Action::Saved(Err("read-only file system".into())));
    assert_eq!(
        app.marks.save_error.as_deref(),
        Some("read-only file system")
    );
    app.update(Action::Saved(Ok(())));
    assert!(app.marks.save_error.is_none());
    // Marks made elsewhere come in from the state folder, with the counts.
    let other = app.entries[5].id;
    let unread = app.lists.sections[0].unread;
    let mut elsewhere = crate::state::State::default();
    let star = elsewhere.change(other, crate::state::Value::Starred(true), 1, 99);
    let read = elsewhere.change(other, crate::state::Value::Read(true), 1, 99);
    app.update(Action::StateRead {
        changes: vec![star, read],
        notices: vec!["marks-x.jsonl: 1 line could not be read".into()],
    });
    assert!(app.marks.state.is_starred(other) && app.marks.state.is_read(other));
    assert_eq!(app.lists.sections[0].unread, unread - 1);
    assert!(
        app.screen
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("could not be read")
    );
    assert!(
        !app.marks.has_changes(),
        "what came from elsewhere is not saved again"
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
fn every_size_down_to_1x1_is_handled() {
    let mut app = seed((120, 40));
    act(&mut app, Action::Open);
    for (w, h) in [(1, 1), (19, 4), (20, 5), (3, 100), (300, 100)] {
        act(&mut app, Action::Resize(w, h));
        act(&mut app, Action::Down);
        act(&mut app, Action::PageDown);
    }
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

#[test]
fn layouts_are_kept_per_width() {
    let mut app = seed((120, 40));
    act(&mut app, Action::Open);
    let wide = app.reader.as_ref().unwrap().layout.clone();
    act(&mut app, Action::Resize(60, 20));
    assert_ne!(app.reader.as_ref().unwrap().layout.width, wide.width);
    act(&mut app, Action::Resize(120, 40));
    let r = app.reader.as_ref().unwrap();
    assert_eq!(r.layout, wide, "the same lines come back");
    assert_eq!(r.other_widths.len(), 1);
    assert_eq!(r.other_widths[0].width, 56);
}

/// The reader sets text with the options the shell read from `[layout]`: the seed (French)
/// comes out justified and hyphenated, exactly as `kiosque show` lays it out.
#[test]
fn the_reader_sets_text_with_the_layout_options() {
    let mut app = seed((60, 40));
    app.screen.layout.hyphenate = true;
    app.screen.layout.justify = true;
    let options = app.screen.layout.options();
    act(&mut app, Action::Open);
    let r = app.reader.as_ref().unwrap();
    let article = r.article.as_ref().unwrap();
    let section = article.label.as_deref();
    let want = crate::layout::layout_with(article, section, r.layout.width, options);
    assert_eq!(r.layout, want);
    assert_ne!(
        r.layout,
        crate::layout::layout(article, section, r.layout.width)
    );
    assert!(r.layout.lines.iter().any(|l| l.text().ends_with('-')));
}

#[test]
fn undo_walks_back_several_changes_of_one_article() {
    let mut app = fixtures();
    let id = selected_id(&app);
    for _ in 0..3 {
        act(&mut app, Action::ToggleRead);
    }
    assert!(app.marks.state.is_read(id));
    act(&mut app, Action::Undo);
    assert!(!app.marks.state.is_read(id));
    act(&mut app, Action::Undo);
    assert!(app.marks.state.is_read(id));
    act(&mut app, Action::Undo);
    assert!(!app.marks.state.is_read(id), "back to where it started");
    // Opening, toggling, then undoing both.
    act(&mut app, Action::Open);
    act(&mut app, Action::ToggleRead);
    act(&mut app, Action::Undo);
    act(&mut app, Action::Undo);
    assert!(!app.marks.state.is_read(id));
}

#[test]
fn undo_leaves_alone_a_change_made_elsewhere_since() {
    let mut app = fixtures();
    let id = selected_id(&app);
    act(&mut app, Action::ToggleStar);
    // Another process unstars it later; the state folder brings that in.
    let mut elsewhere = app.marks.state.clone();
    let unstar = elsewhere.change(id, crate::state::Value::Starred(false), i64::MAX / 2, 99);
    app.update(Action::StateRead {
        changes: vec![unstar],
        notices: Vec::new(),
    });
    assert!(!app.marks.state.is_starred(id));
    // Undoing our star would star it again over their newer change: it is left alone.
    act(&mut app, Action::Undo);
    assert!(!app.marks.state.is_starred(id));
    assert_eq!(
        app.screen.message.as_ref().unwrap().text,
        "undone (0 articles)"
    );
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
        app.entries[app.lists.view[app.lists.article_sel] as usize]
            .headline
            .as_ref(),
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
fn next_unread_wraps_around_the_section() {
    let mut app = fixtures();
    app.screen.focus = Pane::Sections;
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    let section = app.lists.section_sel;
    app.screen.focus = Pane::Articles;
    // Read everything but this section's first article.
    let keep = app.lists.view[0];
    for n in 0..app.entries.len() as u32 {
        if n != keep {
            let id = app.entries[n as usize].id;
            app.marks
                .state
                .change(id, crate::state::Value::Read(true), 1, 0);
        }
    }
    act(&mut app, Action::Bottom);
    act(&mut app, Action::NextUnread);
    assert_eq!(app.lists.section_sel, section);
    assert_eq!(app.lists.view[app.lists.article_sel], keep);
}

#[test]
fn esc_clears_unread_and_starred_only_when_no_text_filter() {
    let mut app = fixtures();
    act(&mut app, Action::ToggleUnreadOnly);
    act(&mut app, Action::ToggleStarredOnly);
    assert!(app.lists.view.is_empty());
    act(&mut app, Action::Back);
    assert!(!app.finding.filter.unread_only && !app.finding.filter.starred_only);
    assert_eq!(app.lists.view.len(), 40);
}

pub(super) use crate::test_files::copy_tree as copy_dir;

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
