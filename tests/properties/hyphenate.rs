//! The layout's properties with `[layout] hyphenate` and `justify` on: every guarantee of the
//! ragged layout still holds once the hyphens the layout added are taken out, each hyphenated
//! line end is `letter-` before a line starting with a letter, and justification changes
//! nothing but the width of the spaces between words.

use super::*;
use kiosque::layout::{Options, layout_with};

const ON: Options = Options {
    hyphenate: true,
    justify: true,
    ..Options::PLAIN
};
const HYPHENATE: Options = Options {
    hyphenate: true,
    justify: false,
    ..Options::PLAIN
};

/// Short French words, enough for an article to be taken for French.
const FRENCH_WORDS: &[&str] = &[
    "les", "des", "une", "dans", "avec", "pour", "qui", "sont", "la", "le", "et", "est", "pas",
];

/// Long words, some that may be cut and some that never are, with what may be glued to them.
const LONG: &[&str] = &[
    "gouvernement",
    "développement",
    "particulièrement",
    "l’administration",
    "collectivités",
    "territoriales.",
    "transformation,",
    "(présidentielle).",
    "Parallèlement,",
    "anticonstitutionnellement",
    "«\u{a0}extraordinaire",
    "exceptionnellement\u{a0}!",
    "«extraordinairement»",
    "aujourd’hui",
    "https://exemple.fr/gouvernement",
    "UNESCO",
    "Montpellier",
    "États-Unis",
    "2024développement",
    "iPhones",
    "cafe\u{301}ine",
    "électricité",
];

/// What goes between two words: mostly a space.
const SEPARATORS: &[&str] = &[
    " ", " ", " ", " ", " ", "\u{a0}", "\u{202f}", "\n", " « ", " » ", "",
];

/// French running text with long words, hostile atoms and every kind of separator.
fn french_soup(max: usize) -> BoxedStrategy<String> {
    prop::collection::vec(
        (
            prop_oneof![5 => pick(FRENCH_WORDS), 4 => pick(LONG), 2 => atom()],
            select(SEPARATORS),
        ),
        1..max,
    )
    .prop_map(|v| v.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
    .boxed()
}

/// A French article (its headline says so) with a pane width, narrow ones often.
fn french_article() -> BoxedStrategy<(Article, u16)> {
    (
        french_soup(10),
        prop::option::of(french_soup(20)),
        prop::collection::vec(french_soup(60), 1..4),
        pane_width(),
    )
        .prop_map(|(head, standfirst, paras, w)| {
            let mut s = format!("SOCIETELes élus sont dans la rue avec des pancartes {head}");
            if let Some(sf) = standfirst {
                s.push_str("\n\nSOCIETE");
                s.push_str(&sf.replace(['\n', '\r'], " "));
            }
            for p in paras {
                s.push_str("\n\n");
                s.push_str(&p);
            }
            (parse(&decode(s.as_bytes()).text, None), w)
        })
        .boxed()
}

/// French articles, or any article (mostly not French: justified, never hyphenated).
fn any_article() -> BoxedStrategy<(Article, u16)> {
    prop_oneof![3 => french_article(), 1 => article_and_width()].boxed()
}

/// Does the line after `prev_text`, starting at byte `at` inside a word of `src`, follow a
/// hyphen the layout added? `prev_text` ends with `-` and the source has none there.
pub(super) fn added_hyphen(src: &str, at: usize, prev_text: &str) -> bool {
    prev_text.ends_with('-') && !src[..at].ends_with('-')
}

/// A cut with a hyphen the layout added, between `prev` and `line`, at byte `at` of the word
/// `word` of `src`: the article is French, the text is running text, the word stands alone (no
/// mark or punctuation glued to it by a space, `alone`) with no no-break space, digit, `/` or
/// `@`, and at least three letters are kept on each side (so the line ends with `letter-` and
/// the next starts with a letter).
pub(super) fn check_cut(
    src: &str,
    word: std::ops::Range<usize>,
    at: usize,
    alone: bool,
    prev: &Line,
    line: &Line,
    w: u16,
) -> Result<(), TestCaseError> {
    let text = &src[word];
    let role = line.pieces.first().map(|p| p.role);
    prop_assert!(
        matches!(role, Some(Role::Body | Role::Standfirst)),
        "width {}: {:?} hyphenated in a {:?}",
        w,
        text,
        role
    );
    prop_assert!(alone, "width {}: {:?} hyphenated inside a group", w, text);
    prop_assert!(
        !text.contains(|c: char| c.is_numeric() || "/@\u{a0}\u{202f}".contains(c)),
        "width {}: {:?} hyphenated",
        w,
        text
    );
    let before: Vec<char> = src[..at].chars().rev().take(3).collect();
    let after: Vec<char> = src[at..].chars().take(3).collect();
    prop_assert!(
        before.len() == 3
            && after.len() == 3
            && before.iter().chain(&after).all(|c| c.is_alphabetic()),
        "width {}: {:?} cut at {} ({:?} then {:?})",
        w,
        text,
        at,
        prev.text(),
        line.text()
    );
    Ok(())
}

/// `l` with the hyphens the layout added taken out, after checking that each shares its piece
/// (its style) with the letter before it.
fn dehyphenate(a: &Article, l: &Layout) -> Result<Layout, TestCaseError> {
    let mut out = l.clone();
    let texts = laid_texts(a);
    let groups: Vec<Vec<usize>> = {
        // The indices in `l.lines` of each text's lines, as text_groups finds them.
        let mut groups = Vec::new();
        let mut current = Vec::new();
        for (i, line) in l.lines.iter().enumerate() {
            match line.pieces.first().map(|p| p.role) {
                Some(r) if is_text_role(r) => current.push(i),
                _ if !current.is_empty() => groups.push(std::mem::take(&mut current)),
                _ => {}
            }
        }
        if !current.is_empty() {
            groups.push(current);
        }
        groups
    };
    prop_assert_eq!(groups.len(), texts.len());
    for (g, t) in groups.iter().zip(&texts) {
        for pair in g.windows(2) {
            let (p, n) = (&l.lines[pair[0]], &l.lines[pair[1]]);
            let at = n.anchor.offset as usize;
            let mid_word = src_mid_word(&t.text, at);
            if mid_word && added_hyphen(&t.text, at, &p.text()) {
                let last = out.lines[pair[0]].pieces.last_mut();
                let Some(last) = last else {
                    return Err(TestCaseError::fail("a hyphen on an empty line"));
                };
                prop_assert!(
                    last.text.chars().count() >= 2,
                    "a hyphen styled apart from its letter: {:?}",
                    p.pieces
                );
                last.text.pop();
            }
        }
    }
    Ok(out)
}

/// Is byte `at` of `src` inside a word (a non-space character just before it)?
fn src_mid_word(src: &str, at: usize) -> bool {
    src.get(..at)
        .is_some_and(|s| s.ends_with(|c: char| c != ' ' && c != '\n'))
}

/// The words of every text, lines joined (without a space after a hyphen the layout added),
/// are the source's words; where a word is wider than the measure, the characters are.
fn check_words_joined(a: &Article, l: &Layout, w: u16) -> Result<(), TestCaseError> {
    let measure = usize::from(w).min(MEASURE);
    let groups = text_groups(l);
    let texts = laid_texts(a);
    prop_assert_eq!(groups.len(), texts.len());
    for (g, t) in groups.iter().zip(&texts) {
        let mut joined = String::new();
        for (k, line) in g.iter().enumerate() {
            let text = line.text();
            let next_at = g.get(k + 1).map(|n| n.anchor.offset as usize);
            match next_at {
                Some(at) if src_mid_word(&t.text, at) && added_hyphen(&t.text, at, &text) => {
                    joined.push_str(&text[..text.len() - 1]);
                }
                _ => {
                    joined.push_str(&text);
                    joined.push(' ');
                }
            }
        }
        let widest = layout_words(&t.text)
            .into_iter()
            .map(|r| width::width(&t.text[r]))
            .max()
            .unwrap_or(0);
        if widest <= measure {
            let got: Vec<&str> = joined.split_whitespace().collect();
            let want: Vec<&str> = t.text.split_whitespace().collect();
            prop_assert_eq!(got, want, "width {}", w);
        } else {
            let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            prop_assert_eq!(strip(&joined), strip(&t.text), "width {}", w);
        }
    }
    Ok(())
}

/// Justification changes only the width of spaces: the lines of `ragged` (the same options
/// but justification) come back, same anchors, same text once runs of spaces are collapsed; a
/// line whose spaces were widened is running text, not the last of its paragraph, and exactly
/// the measure wide.
fn check_justified(justified: &Layout, ragged: &Layout, w: u16) -> Result<(), TestCaseError> {
    let measure = usize::from(w).min(MEASURE);
    prop_assert_eq!(justified.lines.len(), ragged.lines.len(), "width {}", w);
    let collapse = |s: &str| {
        let mut out = String::new();
        for c in s.chars() {
            if !(c == ' ' && out.ends_with(' ')) {
                out.push(c);
            }
        }
        out
    };
    for (k, (j, r)) in justified.lines.iter().zip(&ragged.lines).enumerate() {
        prop_assert_eq!(j.anchor, r.anchor);
        let (jt, rt) = (j.text(), r.text());
        prop_assert_eq!(collapse(&jt), rt.clone(), "width {}", w);
        if jt != rt {
            let running = j
                .pieces
                .first()
                .is_some_and(|p| matches!(p.role, Role::Body | Role::Standfirst));
            let last = justified
                .lines
                .get(k + 1)
                .is_none_or(|n| n.pieces.is_empty() || n.anchor.part != j.anchor.part);
            prop_assert!(running && !last, "width {}: {:?} justified", w, jt);
            prop_assert_eq!(
                j.width() - usize::from(j.indent),
                measure,
                "width {}: {:?}",
                w,
                jt
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(160))]

    #[test]
    fn hyphenated_justified_layout_never_overflows((a, w) in any_article(),
                                                   choice in any::<u8>(), name in line(6)) {
        let section = section_for(&a, choice, &name);
        check_fits(&layout_with(&a, section.as_deref(), w, ON), w)?;
    }

    #[test]
    fn hyphenation_keeps_every_word_and_french_typography((a, w) in any_article()) {
        let l = layout_with(&a, None, w, HYPHENATE);
        check_words_joined(&a, &l, w)?;
        check_typography_with(&a, &l, w, true)?;
        if !kiosque::layout::lang::is_french(&a) {
            prop_assert_eq!(&l, &layout(&a, None, w));
        }
    }

    #[test]
    fn hyphenated_justified_layout_styles_exactly_the_quotations((a, w) in any_article()) {
        let l = layout_with(&a, None, w, ON);
        check_quotation_styling(&a, &dehyphenate(&a, &l)?, w)?;
    }

    #[test]
    fn justification_only_widens_spaces((a, w) in any_article()) {
        let justified = layout_with(&a, None, w, ON);
        check_justified(&justified, &layout_with(&a, None, w, HYPHENATE), w)?;
        check_typography_with(&a, &justified, w, true)?;
    }
}

proptest! {
    #![proptest_config(config(6))]

    /// Paragraphs too long for optimal fit (first fit, on every core) keep every guarantee.
    #[test]
    fn huge_hyphenated_paragraphs_keep_every_guarantee(a in huge_article(), w in pane_width()) {
        let l = layout_with(&a, a.label.as_deref(), w, ON);
        check_fits(&l, w)?;
        check_words_joined(&a, &l, w)?;
        check_quotation_styling(&a, &dehyphenate(&a, &l)?, w)?;
        check_typography_with(&a, &l, w, true)?;
    }
}

/// The properties above are not vacuous: most French articles the strategy makes are
/// hyphenated somewhere and have justified lines.
#[test]
fn french_articles_are_hyphenated_and_justified_often() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = french_article();
    let (mut french, mut hyphenated, mut justified) = (0, 0, 0);
    for _ in 0..200 {
        let (a, w) = strategy.new_tree(&mut runner).unwrap().current();
        french += usize::from(kiosque::layout::lang::is_french(&a));
        let l = layout_with(&a, None, w, ON);
        let plain = dehyphenate(&a, &l).unwrap();
        hyphenated += usize::from(plain != l);
        justified += usize::from(l.lines.iter().any(|l| l.text().contains("  ")));
    }
    assert!(french > 180, "{french} of 200 taken for French");
    assert!(hyphenated > 60, "{hyphenated} of 200 hyphenated");
    assert!(justified > 100, "{justified} of 200 justified");
}
