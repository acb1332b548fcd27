//! Hyphenation (`[layout] hyphenate`), alone and with justification: the hyphen points, the
//! groups and no-break spaces left whole, quotation styling, and every rule of the ragged
//! layout kept. Justification alone is in `justify.rs`.

use super::*;

/// French running text with long words, groups (`« Nous`, `«\u{a0}davantage`, `indépendante\u{a0}:`),
/// a proper noun, an acronym, a number and a URL.
pub(super) const FRENCH: &str = "SOCIETELa rentrée des collectivités territoriales\n\n\
    SOCIETELe gouvernement présente un programme d’investissements considérables.\n\
    Marie Dupont pour 20 Minutes\n\n\
    Le gouvernement a présenté mercredi un ambitieux programme d’investissements destiné à \
    accélérer la transformation énergétique des collectivités territoriales. « Nous \
    accompagnerons particulièrement les départements ruraux », a précisé la ministre, qui \
    promet «\u{a0}davantage de transparence\u{a0}» et une évaluation indépendante\u{a0}: \
    l’administration publiera régulièrement ses résultats.\n\n\
    Parallèlement, l’Assemblée nationale examinera l’amendement n°\u{a0}2024 sur \
    https://www.exemple.fr/gouvernement/transparence et l’UNESCO saluera l’initiative \
    gouvernementale, présentée comme exceptionnellement prometteuse par Montpellier.";

pub(super) const ENGLISH: &str =
    include_str!("../../../tests/fixtures/library/en/world_un_agency.txt");

pub(super) const ON: Options = Options {
    hyphenate: true,
    justify: true,
    ..Options::PLAIN
};
const HYPHENATE: Options = Options {
    hyphenate: true,
    justify: false,
    ..Options::PLAIN
};
pub(super) const JUSTIFY: Options = Options {
    hyphenate: false,
    justify: true,
    ..Options::PLAIN
};

/// The source of part `part` of `a` (1: the headline, then the texts in order).
fn source(a: &Article, part: u32) -> &str {
    a.texts()
        .nth(part as usize - 1)
        .map_or("", |t| t.text.as_str())
}

/// Does the break between `before` and `after` (lines of one text `src`) cut a word with a
/// hyphen the layout added? `after` starts inside a word, and `before` ends with a hyphen that
/// is not the word's own.
fn hyphen_added(src: &str, before: &Line, after: &Line) -> bool {
    let at = after.anchor.offset as usize;
    before.anchor.part == after.anchor.part
        && !after.pieces.is_empty()
        && src[..at].ends_with(|c: char| !c.is_whitespace() && c != '-')
        && before.text().ends_with('-')
}

/// The words of each text of `l`, hyphens added by the layout removed and the halves joined.
fn joined_words(a: &Article, l: &Layout) -> Vec<String> {
    let lines: Vec<&Line> = l
        .lines
        .iter()
        .filter(|l| l.pieces.iter().any(|p| p.role != Role::Section))
        .filter(|l| l.anchor.part > 0 && !l.pieces.is_empty())
        .collect();
    let mut text = String::new();
    for (k, line) in lines.iter().enumerate() {
        let t = line.text();
        match lines.get(k + 1) {
            Some(next) if hyphen_added(source(a, line.anchor.part), line, next) => {
                text.push_str(t.strip_suffix('-').unwrap_or(&t));
            }
            _ => {
                text.push_str(&t);
                text.push(' ');
            }
        }
    }
    words_of(&text)
}

/// Every line-end hyphen added by the layout, as (the line, the next line).
fn added_hyphens<'a>(a: &Article, l: &'a Layout) -> Vec<(&'a Line, &'a Line)> {
    l.lines
        .windows(2)
        .filter(|w| w[0].anchor.part > 0 && hyphen_added(source(a, w[0].anchor.part), &w[0], &w[1]))
        .map(|w| (&w[0], &w[1]))
        .collect()
}

#[test]
fn french_words_are_hyphenated_where_they_may_be() {
    let a = parse(FRENCH, None);
    assert!(lang::is_french(&a));
    let mut seen = 0;
    for w in 20..=80u16 {
        let l = layout_with(&a, None, w, HYPHENATE);
        for (line, next) in added_hyphens(&a, &l) {
            seen += 1;
            let (t, n) = (line.text(), next.text());
            // `letter-`, then a letter: at least three letters each side.
            let before: String = t.chars().rev().skip(1).take(3).collect();
            let after: String = n.chars().take(3).collect();
            assert!(
                before.chars().count() == 3 && before.chars().all(char::is_alphabetic),
                "width {w}: {t:?}"
            );
            assert!(after.chars().all(char::is_alphabetic), "width {w}: {n:?}");
            assert!(
                matches!(line.pieces[0].role, Role::Body | Role::Standfirst),
                "width {w}: {t:?}"
            );
        }
        assert!(l.lines.iter().all(|l| l.width() <= usize::from(w)));
        assert_eq!(joined_words(&a, &l), joined_words(&a, &layout(&a, None, w)));
    }
    assert!(seen > 20, "only {seen} hyphens over 61 widths");
    // Each cut is at one of the word's hyphenation points.
    for w in [20u16, 28, 36, 48, 60] {
        let l = layout_with(&a, None, w, HYPHENATE);
        for (line, next) in added_hyphens(&a, &l) {
            let t = line.text();
            let head = t.strip_suffix('-').unwrap_or(&t);
            let head = head.rsplit(' ').next().unwrap_or(head);
            let word = format!("{head}{}", next.text().split(' ').next().unwrap_or(""));
            let mut points = Vec::new();
            hyphen::points(&word, true, &mut points);
            assert!(points.contains(&head.len()), "width {w}: {head}-{word}");
        }
    }
}

/// Words in a group (glued to a quotation mark or high punctuation, joined by a no-break
/// space) are never hyphenated; nor are words with digits, URLs, acronyms, proper nouns.
#[test]
fn groups_urls_acronyms_and_proper_nouns_are_never_hyphenated() {
    let body = "«\u{a0}gouvernementales\u{a0}» « administrations » particulièrement\u{a0}: \
        développement\u{a0}! 12\u{a0}kilomètres M.\u{a0}Parallèlement (« extraordinairement »). \
        https://www.exemple.fr/gouvernement ANTICONSTITUTIONNELLEMENT Montpellier \
        l’Assemblée 2024développement";
    let a = parse(
        &format!(
            "SOCIETELa rentrée des classes\n\nUne phrase pour que ce soit en français, avec des mots.\n\n{body}"
        ),
        None,
    );
    assert!(lang::is_french(&a));
    let widest = words(body)
        .into_iter()
        .map(|r| width::width(&body[r]))
        .max()
        .unwrap_or(0);
    let part = u32::try_from(a.texts().count()).unwrap_or(0);
    let body_of = |l: &Layout| -> Vec<Line> {
        l.lines
            .iter()
            .filter(|l| l.anchor.part == part)
            .cloned()
            .collect()
    };
    for w in 8..=80u16 {
        let plain = layout(&a, None, w);
        let hyph = layout_with(&a, None, w, HYPHENATE);
        if usize::from(w) >= widest {
            // Nothing to hyphenate: the same lines as without hyphenation.
            assert_eq!(body_of(&hyph), body_of(&plain), "width {w}");
        }
        assert!(
            added_hyphens(&a, &hyph)
                .iter()
                .all(|(l, _)| l.anchor.part != part),
            "width {w}: {:?}",
            text_lines(&hyph)
        );
    }
}

#[test]
fn headlines_intertitles_and_english_are_never_hyphenated() {
    let a = parse(FRENCH, None);
    for w in 10..=40u16 {
        let plain = layout(&a, a.label.as_deref(), w);
        let hyph = layout_with(&a, a.label.as_deref(), w, HYPHENATE);
        let heads = |l: &Layout| -> Vec<String> {
            l.lines
                .iter()
                .filter(|l| {
                    l.pieces
                        .iter()
                        .any(|p| !matches!(p.role, Role::Body | Role::Standfirst))
                })
                .map(Line::text)
                .collect()
        };
        assert_eq!(heads(&hyph), heads(&plain), "width {w}");
    }
    let en = parse(ENGLISH, None);
    assert!(!lang::is_french(&en));
    for w in 10..=80u16 {
        assert_eq!(
            layout_with(&en, None, w, HYPHENATE),
            layout(&en, None, w),
            "width {w}"
        );
    }
}

/// Styling still covers exactly the quotations, marks included, once spaces are widened and
/// hyphens added; a hyphen added inside a quotation is styled as the quotation.
#[test]
fn quotation_spans_survive_justification_and_hyphens() {
    for src in [FRENCH, SEED, TRAPS] {
        let a = parse(src, None);
        for w in [14u16, 20, 26, 36, 48, 60, 80] {
            let l = layout_with(&a, None, w, ON);
            let added: Vec<*const Line> = added_hyphens(&a, &l)
                .iter()
                .map(|(l, _)| *l as *const Line)
                .collect();
            let mut got = Vec::new();
            for line in body_lines(&l) {
                let hyphenated = added.contains(&(line as *const Line));
                let n = line.pieces.len();
                for (i, p) in line.pieces.iter().enumerate() {
                    let mut text = p.text.as_str();
                    if hyphenated && i + 1 == n {
                        text = text.strip_suffix('-').unwrap_or(text);
                        // The hyphen has the style of the letter before it.
                        if text.is_empty() {
                            assert_eq!(
                                Some(p.quote),
                                line.pieces.get(n.wrapping_sub(2)).map(|q| q.quote)
                            );
                        }
                    }
                    got.extend(
                        text.chars()
                            .filter(|c| !c.is_whitespace())
                            .map(|c| (c, p.quote.is_some())),
                    );
                }
            }
            let mut want = Vec::new();
            for b in a.blocks.iter().filter(|b| b.kind == BlockKind::Paragraph) {
                for (i, c) in b
                    .text
                    .text
                    .char_indices()
                    .filter(|(_, c)| !c.is_whitespace())
                {
                    want.push((c, b.text.quotes.iter().any(|q| q.range.contains(&i))));
                }
            }
            assert_eq!(got, want, "width {w}");
        }
    }
}

/// Every rule of the ragged layout holds with both options on: no line wider than the pane
/// (the hyphen counted), no mark alone at a line's start or end, no-break groups whole.
#[test]
fn typography_rules_hold_with_both_options() {
    for src in [SEED, TRAPS, FRENCH] {
        let a = parse(src, None);
        for w in (2..=80u16).chain([120, 200]) {
            let l = layout_with(&a, a.label.as_deref(), w, ON);
            for line in &l.lines {
                assert!(
                    line.width() <= usize::from(w),
                    "width {w}: {:?}",
                    line.text()
                );
                let text = line.text();
                let (first, last) = (
                    text.split(' ').find(|s| !s.is_empty()).unwrap_or(""),
                    text.rsplit(' ').find(|s| !s.is_empty()).unwrap_or(""),
                );
                // Narrower, a group can be wider than the measure and has to break (the
                // properties in tests/properties.rs check that case).
                if w < 20 {
                    continue;
                }
                assert!(!is_closing(first), "width {w}: {text:?}");
                assert!(!is_opening(last), "width {w}: {text:?}");
                assert!(
                    !text.starts_with(['\u{a0}', '\u{202f}'])
                        && !text.ends_with(['\u{a0}', '\u{202f}'])
                );
            }
        }
    }
    let a = parse(TRAPS, None);
    for w in [20u16, 40, 80] {
        let all: Vec<String> = layout_with(&a, None, w, ON)
            .lines
            .iter()
            .map(Line::text)
            .collect();
        for group in [
            "«\u{a0}Nous",
            "irons\u{a0}»",
            "12\u{a0}%",
            "Vraiment\u{202f}?",
        ] {
            assert!(
                all.iter().any(|t| t.contains(group)),
                "width {w}: {group:?} split"
            );
        }
    }
}

/// The default options are the layout of old, to the byte.
#[test]
fn default_options_change_nothing() {
    for src in [SEED, TRAPS, FRENCH, ENGLISH] {
        let a = parse(src, None);
        for w in [20u16, 36, 60, 80, 200] {
            assert_eq!(
                layout_with(&a, a.label.as_deref(), w, Options::default()),
                layout(&a, a.label.as_deref(), w)
            );
        }
    }
}

/// Huge articles (wrapped first fit, on every core) are hyphenated and justified too.
#[test]
fn huge_articles_are_hyphenated_and_justified() {
    let body = FRENCH.split_once("\n\n").map_or("", |(_, rest)| rest);
    let mut text = String::from("SOCIETELa rentrée");
    while text.len() <= OPTIMAL_FIT_BYTES {
        text.push_str("\n\n");
        text.push_str(body);
    }
    let a = parse(&text, None);
    let l = layout_with(&a, None, 40, ON);
    assert!(!added_hyphens(&a, &l).is_empty());
    assert!(l.lines.iter().all(|line| line.width() <= 40));
    assert!(
        body_lines(&l)
            .iter()
            .filter(|line| line.width() == 40)
            .count()
            > 1000
    );
    assert_eq!(
        joined_words(&a, &l),
        joined_words(&a, &layout(&a, None, 40))
    );
}
