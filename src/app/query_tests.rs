//! The query in the reader: errors that leave the list alone, one search per paste, answers of
//! older searches ignored, history, sort, and what streams in.

use super::*;
use crate::app::prompt::Edit;
use crate::library::Sources;
use crate::loader;

fn fixtures() -> App {
    let mut app = App::new(State::default(), (120, 40));
    loader::load(
        &Sources::Paths(vec!["tests/fixtures/library".into()]),
        0,
        loader::Options::default(),
        &mut |l| {
            app.update(Action::Load(l));
            true
        },
    );
    app.refresh();
    settle(&mut app);
    app
}

/// Carries out the effects asked for (and those their answers ask for).
fn settle(app: &mut App) {
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

fn act(app: &mut App, action: Action) {
    app.update(action);
    settle(app);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        act(app, Action::PromptChar(c));
    }
}

fn headlines(app: &App) -> Vec<String> {
    app.lists
        .view
        .iter()
        .map(|&n| app.entries[n as usize].headline().to_string())
        .collect()
}

#[test]
fn a_query_that_does_not_parse_leaves_the_list_as_it_was() {
    let mut app = fixtures();
    act(&mut app, Action::FilterPrompt);
    type_text(&mut app, "section:sport or title:bce");
    let before = app.lists.view.clone();
    assert!((2..10).contains(&before.len()), "{}", before.len());
    type_text(&mut app, " (");
    let p = app.finding.prompt.as_ref().unwrap();
    let e = p.error.as_ref().expect("an error");
    assert_eq!(e.column, 28, "{e}");
    assert_eq!(app.lists.view, before, "the list stays as it was");
    assert_eq!(app.finding.filter.text.trim(), "section:sport or title:bce");
    // Enter does not keep a query that is not one.
    act(&mut app, Action::PromptAccept);
    assert!(app.finding.prompt.is_some());
    act(&mut app, Action::PromptEdit(Edit::Backspace));
    assert!(app.finding.prompt.as_ref().unwrap().error.is_none());
    act(&mut app, Action::PromptAccept);
    assert!(app.finding.prompt.is_none());
    assert_eq!(app.lists.view, before);
}

#[test]
fn a_paste_is_one_edit_and_one_search() {
    let mut app = fixtures();
    act(&mut app, Action::FilterPrompt);
    let paste = "marseille bénévoles voile ".repeat(800);
    assert!(paste.len() > 20_000);
    app.update(Action::PromptPaste(paste.clone()));
    let effects = app.take_effects();
    let searches = effects
        .iter()
        .filter(|e| matches!(e, Effect::Search(_)))
        .count();
    assert_eq!(searches, 1);
    for e in effects {
        for a in crate::run::perform(e) {
            app.update(a);
        }
    }
    assert_eq!(headlines(&app).len(), 1, "{:?}", headlines(&app));
    assert_eq!(app.finding.prompt.as_ref().unwrap().text, paste);
}

#[test]
fn answers_of_an_older_search_are_ignored() {
    let mut app = fixtures();
    act(&mut app, Action::FilterPrompt);
    app.update(Action::PromptChar('z'));
    let old = app.take_effects();
    type_text(&mut app, "z");
    let n = app.lists.view.len();
    // "z" then "zz": the answer to "z" arrives late and changes nothing.
    for e in old {
        for a in crate::run::perform(e) {
            app.update(a);
        }
    }
    assert_eq!(app.lists.view.len(), n);
    assert_eq!(app.finding.filter.text, "zz");
}

#[test]
fn history_is_kept_and_walked() {
    let mut app = fixtures();
    app.finding.set_history(vec!["older".into()]);
    act(&mut app, Action::FilterPrompt);
    type_text(&mut app, "title:bce");
    app.update(Action::PromptAccept);
    let remembered: Vec<String> = app
        .take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::Remember(q) => Some(q),
            _ => None,
        })
        .collect();
    assert_eq!(remembered, ["title:bce"]);
    assert_eq!(app.finding.history(), ["older", "title:bce"]);
    act(&mut app, Action::FilterPrompt);
    act(&mut app, Action::PromptEdit(Edit::Older));
    assert_eq!(app.finding.prompt.as_ref().unwrap().text, "title:bce");
    assert_eq!(app.lists.view.len(), 1, "the recalled query is searched");
    act(&mut app, Action::PromptEdit(Edit::Older));
    assert_eq!(app.finding.prompt.as_ref().unwrap().text, "older");
    act(&mut app, Action::PromptEdit(Edit::Newer));
    act(&mut app, Action::PromptEdit(Edit::Newer));
    assert_eq!(app.finding.prompt.as_ref().unwrap().text, "");
    assert_eq!(app.lists.view.len(), 40);
}

#[test]
fn sort_orders_the_list() {
    let mut app = fixtures();
    let newest = app.lists.view.clone();
    act(&mut app, Action::FilterPrompt);
    type_text(&mut app, "sort:old");
    let mut oldest = newest.clone();
    oldest.reverse();
    assert_eq!(app.lists.view, oldest);
    act(&mut app, Action::Back);
    act(&mut app, Action::FilterPrompt);
    type_text(&mut app, "section:sport sort:title");
    let titles = headlines(&app);
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| crate::fold::fold(t));
    assert_eq!(titles, sorted);
    assert_eq!(titles.len(), 5);
    act(&mut app, Action::Back);
    act(&mut app, Action::FilterPrompt);
    type_text(&mut app, "sort:section");
    let sections: Vec<String> = app
        .lists
        .view
        .iter()
        .map(|&n| crate::fold::fold(app.section_of(n)))
        .collect();
    assert!(
        sections
            .windows(2)
            .all(|w| w[0] <= w[1] || w[1] == "(no section)"),
        "{sections:?}"
    );
}

#[test]
fn text_terms_stream_in_from_the_articles_read() {
    let mut app = fixtures();
    act(&mut app, Action::FilterPrompt);
    app.update(Action::PromptChar('"'));
    for c in "selon le\"".chars() {
        app.update(Action::PromptChar(c));
    }
    let mut effects = app.take_effects();
    let Some(Effect::Search(job)) = effects.pop() else {
        panic!("a search");
    };
    let mut actions = crate::run::perform(Effect::Search(job)).into_iter();
    // First the sure matches (the phrase in a headline or a byline: none), then the articles
    // read.
    app.update(actions.next().unwrap());
    assert!(app.lists.view.is_empty(), "{:?}", headlines(&app));
    assert!(app.finding.searching(), "articles are being read");
    for a in actions {
        app.update(a);
    }
    assert!(!app.finding.searching());
    assert_eq!(headlines(&app).len(), 2, "{:?}", headlines(&app));
}

#[test]
fn metadata_terms_need_no_article_read() {
    let mut app = fixtures();
    act(&mut app, Action::FilterPrompt);
    type_text(&mut app, "by:mercier -is:rea");
    app.update(Action::PromptChar('d'));
    let Some(Effect::Search(job)) = app.take_effects().pop() else {
        panic!("a search");
    };
    let actions = crate::run::perform(Effect::Search(job));
    assert_eq!(actions.len(), 1, "the answer only: nothing to read");
    let Action::Searched { answer, .. } = &actions[0] else {
        panic!("an answer");
    };
    assert!(answer.maybe.is_empty());
    assert!(answer.yes.count() >= 1);
}

#[test]
fn sort_title_is_sorted_by_the_search_thread() {
    let mut app = fixtures();
    let newest = app.lists.view.clone();
    act(&mut app, Action::FilterPrompt);
    app.update(Action::PromptPaste("sort:title".into()));
    // Nothing sorted on the UI thread: the list is as it was until the answer.
    assert_eq!(app.lists.view, newest);
    let effects = app.take_effects();
    assert!(effects.iter().any(|e| matches!(e, Effect::Search(_))));
    for e in effects {
        for a in crate::run::perform(e) {
            app.update(a);
        }
    }
    let titles = headlines(&app);
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| crate::fold::fold(t.trim()));
    assert_eq!(titles, sorted);
    assert_eq!(titles.len(), 40);
}
