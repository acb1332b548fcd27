use super::*;
use crate::layout::{Piece, layout};
use crate::parse::parse;

const ARTICLE: &str = "MONDELes États-Unis et l’Europe\n\nMONDEUn accord « sous contrôle » à Bruxelles\nJeanne Dupré pour 20 Minutes\n\nLa Banque centrale européenne a annoncé jeudi une nouvelle baisse de ses taux directeurs, d’un quart de point. Les ÉTATS-UNIS observent.\n\nSa présidente a refusé de s’engager : « Nous ne sommes pas sur une trajectoire prédéterminée. » La banque centrale reste prudente.\n";

/// The text a placed match shows, line by line.
fn shown(layout: &Layout, p: &Placed) -> Vec<String> {
    p.spans
        .iter()
        .map(|(i, r)| layout.lines[*i].text()[r.clone()].to_owned())
        .collect()
}

fn find(article: &Article, width: u16, typed: &str) -> (Layout, Vec<Placed>) {
    let laid = layout(article, Some("MONDE"), width);
    let n = needle(typed);
    let placed = place(&laid, article, &hits(article, &n), &n);
    (laid, placed)
}

#[test]
fn case_and_accents_are_ignored() {
    let a = parse(ARTICLE, None);
    let (laid, placed) = find(&a, 80, "etats-unis");
    let texts: Vec<Vec<String>> = placed.iter().map(|p| shown(&laid, p)).collect();
    assert_eq!(texts, [vec!["États-Unis"], vec!["ÉTATS-UNIS"]]);
    let (laid, placed) = find(&a, 80, "PRÉSIDENTE");
    assert_eq!(shown(&laid, &placed[0]), ["présidente"]);
}

#[test]
fn a_match_across_a_line_break_is_found_on_both_lines() {
    let a = parse(ARTICLE, None);
    let mut cut = 0;
    for width in 12..60 {
        let (laid, placed) = find(&a, width, "banque   centrale");
        cut += placed.iter().filter(|p| p.spans.len() == 2).count();
        assert_eq!(placed.len(), 2, "width {width}");
        for p in &placed {
            let joined = shown(&laid, p).join(" ");
            assert_eq!(
                crate::fold::fold(&joined),
                "banque centrale",
                "width {width}"
            );
        }
    }
    // At some widths a line break cuts one.
    assert!(cut > 5, "{cut}");
}

#[test]
fn no_break_spaces_and_apostrophes_match_their_plain_forms() {
    let a = parse(ARTICLE, None);
    let (laid, placed) = find(&a, 80, "« nous ne");
    assert_eq!(shown(&laid, &placed[0]), ["« Nous ne"]);
    let (laid, placed) = find(&a, 80, "d'un quart");
    assert_eq!(shown(&laid, &placed[0]), ["d’un quart"]);
}

#[test]
fn header_lines_are_searched_too() {
    let a = parse(ARTICLE, None);
    let (laid, placed) = find(&a, 80, "dupre");
    assert_eq!(placed.len(), 1);
    assert_eq!(shown(&laid, &placed[0]), ["Dupré"]);
    assert_eq!(placed[0].key.0, 0);
    // In reading order: the headline's match, then the byline's, then the body's.
    let (_, placed) = find(&a, 80, "e");
    let firsts: Vec<usize> = placed.iter().map(|p| p.lines().0).collect();
    assert!(firsts.windows(2).all(|w| w[0] <= w[1]), "{firsts:?}");
}

#[test]
fn matches_keep_their_keys_at_every_width() {
    let a = parse(ARTICLE, None);
    let keys = |w| -> Vec<Key> { find(&a, w, "ba").1.iter().map(|p| p.key).collect() };
    let wide = keys(80);
    assert_eq!(wide.len(), 3);
    for w in [10, 23, 41, 200] {
        assert_eq!(keys(w), wide, "width {w}");
    }
}

#[test]
fn nothing_to_find_finds_nothing() {
    let a = parse(ARTICLE, None);
    assert!(find(&a, 80, "   ").1.is_empty());
    assert!(find(&a, 80, "").1.is_empty());
    assert!(find(&a, 80, "zzz").1.is_empty());
    assert_eq!(needle("  Été  "), " ete ");
}

#[test]
fn ligatures_and_combining_accents() {
    assert_eq!(occurrences("Le cœur", "coeur", 9), vec![3..8]);
    assert_eq!(occurrences("Le cœur", "co", 9), vec![3..6]);
    assert_eq!(occurrences("Le cœur", "oe", 9), vec![4..6]);
    assert_eq!(occurrences("ete\u{301}", "ete", 9), vec![0..5]);
}

#[test]
fn the_count_is_capped() {
    let body = "a ".repeat(MAX_HITS + 50);
    let a = parse(&format!("Titre\n\n{body}\n"), None);
    assert_eq!(hits(&a, "a").len(), MAX_HITS);
}

#[test]
fn alignment_steps_over_what_the_layout_adds_or_drops() {
    // A hyphen added at the line's end.
    assert_eq!(align("inter-", "internationale", 0, &(0..14)), Some(0..5));
    // Justified spaces; the source's double space.
    let line = "une   belle  idée";
    assert_eq!(
        align(line, "une belle  idée", 10, &(14..26)),
        Some(6..18),
        "{line}"
    );
    // A line's trailing break dropped: nothing of the next line's word on this one.
    assert_eq!(align("fin", "fin suite", 0, &(4..9)), None);
    // A line that does not show its source stops the walk.
    assert_eq!(align("────", "texte", 0, &(0..5)), None);
}

#[test]
fn a_rule_or_date_line_is_never_taken_for_text() {
    let a = parse(ARTICLE, None);
    let mut laid = layout(&a, Some("MONDE"), 60);
    // A date line takes the anchor of the line before it (see date::put_in_header).
    let at = laid
        .lines
        .iter()
        .position(|l| l.text().contains("Dupré"))
        .unwrap();
    let anchor = laid.lines[at - 2].anchor;
    laid.lines.insert(
        at + 1,
        Line {
            indent: 0,
            pieces: vec![Piece {
                text: "Un jeudi".into(),
                role: Role::Byline,
                quote: None,
            }],
            anchor,
        },
    );
    let n = needle("un");
    let placed = place(&laid, &a, &hits(&a, &n), &n);
    for p in &placed {
        for (i, r) in &p.spans {
            assert_eq!(crate::fold::fold(&laid.lines[*i].text()[r.clone()]), "un");
        }
    }
    assert!(
        placed.iter().any(|p| p.key.0 == 0),
        "the date line's own match"
    );
}
