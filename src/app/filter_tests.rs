//! The filters in `App::update`: the `/` prompt filtering as one types, `U` and `S`, and `Esc`
//! clearing them.

use super::tests::*;
use super::*;
use crate::app::prompt::Edit;

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
fn esc_clears_unread_and_starred_only_when_no_text_filter() {
    let mut app = fixtures();
    act(&mut app, Action::ToggleUnreadOnly);
    act(&mut app, Action::ToggleStarredOnly);
    assert!(app.lists.view.is_empty());
    act(&mut app, Action::Back);
    assert!(!app.finding.filter.unread_only && !app.finding.filter.starred_only);
    assert_eq!(app.lists.view.len(), 40);
}
