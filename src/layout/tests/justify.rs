//! Justification (`[layout] justify`): lines filled to the measure, but the last of each
//! paragraph and lines of a single word or group; only spaces between groups widened.

use super::hyphenate::{ENGLISH, FRENCH, JUSTIFY, ON};
use super::*;

/// Justified lines are exactly the measure wide, but the last of each paragraph and lines with
/// no space between groups; only spaces between groups are widened, so the breaks are those of
/// the ragged layout and each line, its spaces collapsed, is the ragged line.
#[test]
fn justified_lines_fill_the_measure_but_the_last() {
    for (src, options) in [
        (FRENCH, JUSTIFY),
        (FRENCH, ON),
        (SEED, ON),
        (TRAPS, ON),
        (ENGLISH, JUSTIFY),
    ] {
        let a = parse(src, None);
        for w in 12..=100u16 {
            let measure = usize::from(w).min(MEASURE);
            let ragged = layout_with(
                &a,
                None,
                w,
                Options {
                    justify: false,
                    ..options
                },
            );
            let just = layout_with(&a, None, w, options);
            assert_eq!(just.lines.len(), ragged.lines.len(), "width {w}");
            let mut filled = 0;
            for (k, (j, r)) in just.lines.iter().zip(&ragged.lines).enumerate() {
                assert_eq!(j.anchor, r.anchor, "width {w}");
                let (jt, rt) = (j.text(), r.text());
                assert_eq!(words_of(&jt), words_of(&rt), "width {w}");
                // No-break spaces are where they were, never beside a widened space.
                assert_eq!(
                    jt.matches(['\u{a0}', '\u{202f}']).count(),
                    rt.matches(['\u{a0}', '\u{202f}']).count()
                );
                let running = j
                    .pieces
                    .first()
                    .is_some_and(|p| matches!(p.role, Role::Body | Role::Standfirst));
                let last = just
                    .lines
                    .get(k + 1)
                    .is_none_or(|n| n.anchor.part != j.anchor.part || n.pieces.is_empty());
                if !running || last {
                    assert_eq!(jt, rt, "width {w}: only running text, never a last line");
                } else if jt != rt {
                    assert_eq!(
                        j.width() - usize::from(j.indent),
                        measure,
                        "width {w}: {jt:?}"
                    );
                    filled += 1;
                } else {
                    // Left as it is: full already, or one group (every space in it glues).
                    let ws: Vec<&str> = rt.split(' ').collect();
                    assert!(
                        r.width() - usize::from(r.indent) == measure
                            || ws.windows(2).all(|p| is_opening(p[0]) || is_closing(p[1])),
                        "width {w}: {rt:?} not justified"
                    );
                }
            }
            assert!(filled > 0 || measure < 20, "width {w}: nothing justified");
        }
    }
}

/// A line of one word (or one group) is not spread; spaces inside a group are not widened.
#[test]
fn single_words_and_groups_are_not_spread() {
    let a = parse(
        "MONDELa suite\n\nUn.\n\nAnticonstitutionnellement « Nous » irons\u{a0}! avec vous.",
        None,
    );
    let l = layout_with(&a, None, 26, JUSTIFY);
    let lines = text_lines(&l);
    assert_eq!(lines[1], "Anticonstitutionnellement");
    for w in 9..=40u16 {
        for line in text_lines(&layout_with(&a, None, w, ON)) {
            assert!(
                !line.contains("«  ") && !line.contains("  »"),
                "width {w}: {line:?}"
            );
        }
    }
}
