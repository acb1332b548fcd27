//! Bytes of a file → decode → parse (label split, bylines, quotations) → layout at several
//! widths, asserting what the reader relies on:
//!
//! - no text field of the article holds a control character (but '\n') or a bidi control;
//! - quotation ranges are on char boundaries and properly nested;
//! - no laid-out line is wider than the pane (but a grapheme wider than the whole pane, set on
//!   a line of its own as the README allows);
//! - every non-blank character of every text is laid out, in order, and styled as a quotation
//!   exactly when it lies inside one.
#![no_main]

use kiosque::article::{Article, Text};
use kiosque::layout::{Layout, Line, Role, layout};
use kiosque::sanitize::is_bidi_control;
use kiosque::{decode, parse, width};
use libfuzzer_sys::fuzz_target;
use unicode_segmentation::UnicodeSegmentation;

const WIDTHS: [u16; 7] = [2, 3, 9, 20, 41, 80, 121];

fuzz_target!(|data: &[u8]| {
    let decoded = decode::decode(data);
    let article = parse::parse(&decoded.text, None);
    check_clean(&article);
    for t in article.texts() {
        check_quotes(t);
    }
    for w in WIDTHS {
        let l = layout(&article, article.label.as_deref(), w);
        check_widths(&l, w);
        check_texts(&article, &l, w);
    }
});

fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n') || is_bidi_control(c)
}

fn assert_clean(field: &str, s: &str) {
    assert!(!s.chars().any(forbidden), "{field} holds a control: {s:?}");
}

fn check_clean(a: &Article) {
    for (field, s) in [
        ("label", a.label.as_deref().unwrap_or("")),
        ("headline", &a.headline.text),
        ("alt", a.alt_headline.as_ref().map_or("", |t| &t.text)),
        ("standfirst", a.standfirst.as_ref().map_or("", |t| &t.text)),
    ] {
        assert_clean(field, s);
    }
    for b in &a.bylines {
        assert_clean("byline", b);
    }
    for b in &a.blocks {
        assert_clean("block", &b.text.text);
    }
    for w in &a.warnings {
        assert_clean("warning", w);
    }
}

fn check_quotes(t: &Text) {
    let qs = &t.quotes;
    for (k, q) in qs.iter().enumerate() {
        assert!(
            q.range.start < q.range.end && q.range.end <= t.text.len(),
            "{q:?}"
        );
        assert!(t.text.is_char_boundary(q.range.start) && t.text.is_char_boundary(q.range.end));
        for p in &qs[..k] {
            assert!(p.range.start <= q.range.start, "not ordered: {qs:?}");
            let apart = p.range.end <= q.range.start;
            let inside = q.range.end <= p.range.end;
            assert!(apart || inside, "{p:?} crosses {q:?} in {:?}", t.text);
        }
        if q.depth > 0 {
            let outer = qs[..k].iter().rev().find(|p| p.depth == q.depth - 1);
            assert!(
                outer.is_some_and(|p| p.range.start <= q.range.start && q.range.end <= p.range.end),
                "{q:?} outside its outer quotation: {qs:?}"
            );
        }
    }
}

fn check_widths(l: &Layout, w: u16) {
    for line in &l.lines {
        for p in &line.pieces {
            assert_clean("piece", &p.text);
            assert!(!p.text.contains('\n'));
        }
        if line.width() > usize::from(w) {
            // A grapheme wider than the pane gets a line of its own (README), shared only with
            // zero-width graphemes.
            let text = line.text();
            let widest = text.graphemes(true).map(width::width).max().unwrap_or(0);
            assert!(
                widest > usize::from(w) && line.width() <= widest,
                "width {w}: line {text:?} is {} wide",
                line.width()
            );
        }
    }
}

fn is_text_role(role: Role) -> bool {
    matches!(
        role,
        Role::Headline | Role::AltHeadline | Role::Standfirst | Role::Body | Role::Intertitle
    )
}

/// Non-whitespace characters of the laid-out texts, with their quotation styling, against the
/// article's texts.
fn check_texts(a: &Article, l: &Layout, w: u16) {
    let got: Vec<(char, bool)> = l
        .lines
        .iter()
        .filter(|line: &&Line| line.pieces.first().is_some_and(|p| is_text_role(p.role)))
        .flat_map(|line| line.pieces.iter())
        .flat_map(|p| {
            p.text
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(move |c| (c, p.quote.is_some()))
        })
        .collect();
    let want: Vec<(char, bool)> = a
        .texts()
        .flat_map(|t| {
            t.text
                .char_indices()
                .filter(|(_, c)| !c.is_whitespace())
                .map(move |(i, c)| (c, t.quotes.iter().any(|q| q.range.contains(&i))))
        })
        .collect();
    let chars = |v: &[(char, bool)]| v.iter().map(|&(c, _)| c).collect::<String>();
    assert_eq!(
        chars(&got),
        chars(&want),
        "width {w}: words lost or reordered"
    );
    if let Some(k) = got.iter().zip(&want).position(|(g, e)| g != e) {
        panic!(
            "width {w}: char #{k} {:?} styled {} but quoted {}",
            want[k].0, got[k].1, want[k].1
        );
    }
}
