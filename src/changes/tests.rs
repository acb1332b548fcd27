use super::*;
use crate::article::Article;

fn fp(p: &[u32]) -> Fingerprints {
    Fingerprints::new(p.to_vec())
}

fn statuses(c: &Changes, n: usize) -> String {
    (0..n)
        .map(|i| match c.status(i) {
            Status::Same => '.',
            Status::Added => '+',
            Status::Changed => '~',
        })
        .collect()
}

#[test]
fn the_same_version_has_no_changes() {
    let c = Changes::between(&fp(&[1, 2, 3]), &fp(&[1, 2, 3]), 3);
    assert!(c.is_empty());
    assert_eq!(c.counts(), (0, 0, 0));
}

#[test]
fn an_edited_paragraph_is_changed_and_nothing_else() {
    let c = Changes::between(&fp(&[1, 2, 3, 4]), &fp(&[1, 9, 3, 4]), 4);
    assert_eq!(statuses(&c, 4), ".~..");
    assert_eq!(c.counts(), (0, 1, 0));
    assert_eq!(
        c.summary(),
        "Updated since you read it: 1 paragraph changed"
    );
}

#[test]
fn an_inserted_paragraph_is_added_and_the_rest_stay() {
    let c = Changes::between(&fp(&[1, 2, 3]), &fp(&[1, 7, 2, 3, 8]), 5);
    assert_eq!(statuses(&c, 5), ".+..+");
    assert_eq!(c.counts(), (2, 0, 0));
}

#[test]
fn removed_paragraphs_are_counted_where_they_stood() {
    let c = Changes::between(&fp(&[1, 2, 3, 4, 5]), &fp(&[1, 4]), 2);
    assert_eq!(statuses(&c, 2), "..");
    assert_eq!(c.removed, vec![(1, 2), (2, 1)]);
    assert_eq!(c.counts(), (0, 0, 3));
    assert_eq!(
        c.summary(),
        "Updated since you read it: 3 paragraphs removed"
    );
    // Two paragraphs rewritten as one: one changed, one removed.
    let c = Changes::between(&fp(&[1, 2, 3, 4]), &fp(&[1, 9, 4]), 3);
    assert_eq!(statuses(&c, 3), ".~.");
    assert_eq!(c.removed, vec![(2, 1)]);
    // One rewritten as two: one changed, one added.
    let c = Changes::between(&fp(&[1, 2, 4]), &fp(&[1, 8, 9, 4]), 4);
    assert_eq!(statuses(&c, 4), ".~+.");
    assert_eq!(
        c.summary(),
        "Updated since you read it: 1 paragraph changed, 1 added"
    );
}

#[test]
fn a_folded_tail_shares_its_status() {
    let old: Vec<u32> = (0..MAX_PARAGRAPHS as u32).collect();
    let mut new = old.clone();
    new[MAX_PARAGRAPHS - 1] = 99_999;
    let c = Changes::between(&fp(&old), &fp(&new), MAX_PARAGRAPHS + 20);
    assert_eq!(c.status(MAX_PARAGRAPHS - 2), Status::Same);
    assert_eq!(c.status(MAX_PARAGRAPHS - 1), Status::Changed);
    assert_eq!(c.status(MAX_PARAGRAPHS + 19), Status::Changed);
    // Paragraphs removed at the end are noted at the end of the article.
    let short: Vec<u32> = old[..10].to_vec();
    let c = Changes::between(&fp(&old[..12]), &fp(&short), 10);
    assert_eq!(c.removed, vec![(10, 2)]);
}

fn article(blocks: &[&str]) -> Article {
    let text = format!(
        "MONDELe titre\n\nMONDELe chapeau.\nAntoine Mercier pour 20 Minutes\n\n{}\n",
        blocks.join("\n\n")
    );
    crate::parse::parse(&text, None)
}

#[test]
fn the_layout_gets_a_note_under_the_header_and_where_paragraphs_went() {
    let old = article(&["Un.", "Deux.", "Trois.", "Quatre."]);
    let new = article(&["Un.", "Deux corrigé.", "Quatre.", "Cinq."]);
    let (a, b) = (
        Fingerprints::of_blocks(&old.blocks),
        Fingerprints::of_blocks(&new.blocks),
    );
    let c = Changes::between(&a, &b, new.blocks.len());
    let first = first_block_part(&new);
    assert_eq!(first, 3, "headline, standfirst, then the blocks");
    let mut layout = crate::layout::layout(&new, Some("MONDE"), 100);
    let before = layout.lines.len();
    c.annotate(&mut layout, first);
    assert_eq!(layout.lines.len(), before + 4);
    let texts: Vec<String> = layout.lines.iter().map(Line::text).collect();
    let note = texts
        .iter()
        .position(|t| t.starts_with("Updated since you read it"))
        .unwrap();
    assert_eq!(
        texts[note],
        "Updated since you read it: 1 paragraph changed, 1 added, 1 removed"
    );
    assert!(
        texts[note + 2].starts_with('─'),
        "above the rule: {texts:?}"
    );
    let removed = texts
        .iter()
        .position(|t| t == "− 1 paragraph removed here")
        .unwrap();
    assert_eq!(texts[removed + 2], "Quatre.", "{texts:?}");
    // The margin: ~ on the changed paragraph, + on the added one, nothing elsewhere.
    let margins: Vec<(String, char)> = layout
        .lines
        .iter()
        .filter_map(|l| c.margin(l, first).map(|m| (l.text(), m)))
        .collect();
    assert_eq!(
        margins,
        vec![("Deux corrigé.".into(), '~'), ("Cinq.".into(), '+')]
    );
    // The notes are no text of the article: a find or the reading position never lands there.
    let note_line = &layout.lines[removed];
    assert_eq!(layout.line_at(note_line.anchor), removed + 2);
}
