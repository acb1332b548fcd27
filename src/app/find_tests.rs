//! `App::update` for a find in the open article (`/` in the reader, `n` / `N`, `Esc`): on the
//! bundled seed, whose text says "États-Unis" and "Etats-Unis" and "cybercriminels" again and
//! again.

use super::tests::{act, seed, type_text};
use super::*;

/// Opens the seed at `size` and finds `text` (typed, then Enter).
fn found(size: (u16, u16), text: &str) -> App {
    let mut app = seed(size);
    act(&mut app, Action::Open);
    act(&mut app, Action::FilterPrompt);
    type_text(&mut app, text);
    act(&mut app, Action::PromptAccept);
    app
}

fn find(app: &App) -> &Find {
    app.reader.as_ref().unwrap().find.as_ref().unwrap()
}

/// The text of the current match, line by line, and whether its lines are on screen.
fn current(app: &App) -> (Vec<String>, bool) {
    let r = app.reader.as_ref().unwrap();
    let f = find(app);
    let p = &f.placed[f.current.unwrap()];
    let texts = p
        .spans
        .iter()
        .map(|(i, b)| r.layout.lines[*i].text()[b.clone()].to_owned())
        .collect();
    let (first, last) = p.lines();
    let height = usize::from(app.reader_area().1);
    (texts, first >= r.scroll && last < r.scroll + height)
}

#[test]
fn slash_in_the_reader_finds_in_the_article_not_the_list() {
    let mut app = seed((60, 20));
    act(&mut app, Action::Open);
    act(&mut app, Action::FilterPrompt);
    assert!(app.finding.prompt.is_none(), "not the list's filter");
    assert!(app.find_prompt().is_some() && app.typing());
    type_text(&mut app, "ETATS-unis");
    // Found as typed: the headline's first.
    assert_eq!(current(&app), (vec!["États-Unis".to_owned()], true));
    act(&mut app, Action::PromptAccept);
    assert!(app.find_prompt().is_none() && app.finding());
    let f = find(&app);
    assert!(f.placed.len() >= 6, "{}", f.count());
    assert_eq!(f.count(), format!("1/{}", f.placed.len()));
    assert!(
        app.finding.filter.text.is_empty(),
        "the list's filter is untouched"
    );
}

#[test]
fn n_and_shift_n_go_from_match_to_match_and_the_view_follows() {
    let mut app = found((60, 20), "cybercriminel");
    let total = find(&app).placed.len();
    assert!(total >= 5, "{total}");
    let mut scrolls = vec![app.reader.as_ref().unwrap().scroll];
    for i in 1..total {
        act(&mut app, Action::NextUnread);
        assert_eq!(find(&app).current, Some(i));
        let (text, visible) = current(&app);
        assert!(visible, "match {i} is on screen");
        assert_eq!(crate::fold::fold(&text.concat()), "cybercriminel");
        scrolls.push(app.reader.as_ref().unwrap().scroll);
    }
    assert!(
        scrolls.last() > scrolls.first(),
        "the view moved: {scrolls:?}"
    );
    // Past the last: back to the first, and said.
    act(&mut app, Action::NextUnread);
    assert_eq!(find(&app).current, Some(0));
    assert!(
        app.screen
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("first match")
    );
    act(&mut app, Action::PrevMatch);
    assert_eq!(find(&app).current, Some(total - 1));
    assert!(current(&app).1);
    act(&mut app, Action::PrevMatch);
    assert_eq!(find(&app).current, Some(total - 2));
}

#[test]
fn a_match_across_a_line_break_is_highlighted_on_both_lines() {
    // At one of these widths the phrase is cut by a line break.
    let cut = (30..70).any(|w| {
        let app = found((w, 30), "l’agence de SECURITE nationale");
        let f = find(&app);
        assert_eq!(f.placed.len(), 1, "width {w}");
        let (text, _) = current(&app);
        assert_eq!(
            crate::fold::fold(&text.join(" ")),
            "l'agence de securite nationale"
        );
        f.marks.len() > 1
    });
    assert!(cut);
}

#[test]
fn the_current_match_survives_a_resize() {
    let mut app = found((60, 20), "etats-unis");
    for _ in 0..3 {
        act(&mut app, Action::NextUnread);
    }
    let key = find(&app).placed[3].key;
    let total = find(&app).placed.len();
    for (w, h) in [(120, 40), (41, 12), (200, 50), (60, 20)] {
        act(&mut app, Action::Resize(w, h));
        let f = find(&app);
        assert_eq!(f.placed.len(), total, "{w}×{h}");
        assert_eq!(f.placed[f.current.unwrap()].key, key, "{w}×{h}");
        let (text, visible) = current(&app);
        assert!(visible, "{w}×{h}: the current match is in view");
        assert_eq!(crate::fold::fold(&text.join(" ")), "etats-unis");
        let lines = app.reader.as_ref().unwrap().layout.lines.len();
        assert!(f.marks.iter().all(|m| m.line < lines));
    }
}

#[test]
fn esc_ends_the_find_then_closes_the_article() {
    let mut app = found((60, 20), "cybercriminel");
    act(&mut app, Action::NextUnread);
    act(&mut app, Action::NextUnread);
    let scroll = app.reader.as_ref().unwrap().scroll;
    act(&mut app, Action::Back);
    let r = app.reader.as_ref().expect("the article stays open");
    assert!(r.find.is_none());
    assert_eq!(r.scroll, scroll, "the view stays");
    // Without a find, n is the next unread article again.
    act(&mut app, Action::Back);
    assert!(app.reader.is_none());
}

#[test]
fn esc_in_the_prompt_goes_back_where_the_view_was() {
    let mut app = seed((60, 20));
    act(&mut app, Action::Open);
    act(&mut app, Action::Down);
    let scroll = app.reader.as_ref().unwrap().scroll;
    act(&mut app, Action::FilterPrompt);
    type_text(&mut app, "démantèlement");
    assert!(
        app.reader.as_ref().unwrap().scroll > scroll,
        "the view went to it"
    );
    act(&mut app, Action::Back);
    let r = app.reader.as_ref().unwrap();
    assert!(r.find.is_none());
    assert_eq!(r.scroll, scroll);
}

#[test]
fn text_not_in_the_article_ends_the_find_and_says_so() {
    let app = found((60, 20), "zorglub");
    assert!(app.reader.as_ref().unwrap().find.is_none());
    assert!(!app.finding());
    let m = app.screen.message.as_ref().unwrap();
    assert!(m.text.contains("“zorglub” is not in this article"), "{m:?}");
}

#[test]
fn n_and_shift_n_without_a_find() {
    let mut app = seed((120, 40));
    act(&mut app, Action::PrevMatch);
    assert!(
        app.screen
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("/ in the reader")
    );
    // In the lists, a find in the reader beside them leaves n its meaning.
    let mut app = found((120, 40), "etats");
    act(&mut app, Action::FocusPrev);
    assert!(!app.finding());
    act(&mut app, Action::NextUnread);
    assert_eq!(find(&app).current, Some(0), "n did not move the find");
    // `/` in the lists is the filter again.
    act(&mut app, Action::FilterPrompt);
    assert!(app.finding.prompt.is_some());
}

#[test]
fn the_find_goes_on_when_the_article_is_read_again() {
    let mut app = found((60, 20), "etats-unis");
    let total = find(&app).placed.len();
    let r = app.reader.as_ref().unwrap();
    let mut article = r.article.clone().unwrap();
    let (entry, generation) = (r.entry, app.loading.generation);
    article.blocks[0].text.text.push_str(" Et les États-Unis ?");
    act(
        &mut app,
        Action::ArticleLoaded {
            entry,
            generation,
            article: Ok(article),
        },
    );
    assert_eq!(find(&app).placed.len(), total + 1);
}
