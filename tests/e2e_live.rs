//! End-to-end tests of issue 10 in a pseudo-terminal: the date column and the order key, the
//! reading position kept across a restart at another width, zoom and `q`, and `NO_COLOR`
//! showing the selection in reverse video.

#![cfg(unix)]

mod support;

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use support::*;

/// Writes an article file modified at `at` (seconds since the epoch).
fn article(dir: &Path, name: &str, text: &str, at: u64) {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    support::set_mtime(&path, UNIX_EPOCH + Duration::from_secs(at));
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The screen rows holding each of `words`, in the order of `words`.
fn rows_of(t: &Term, words: &[&str]) -> Vec<usize> {
    let rows = t.rows();
    words
        .iter()
        .map(|w| {
            rows.iter()
                .position(|r| r.contains(w))
                .unwrap_or(usize::MAX)
        })
        .collect()
}

fn ascending(v: &[usize]) -> bool {
    v.iter().all(|&r| r != usize::MAX) && v.windows(2).all(|w| w[0] < w[1])
}

/// A date column in the list (relative when recent, whole when old), and `O` cycling the order:
/// newest first, oldest first, by section, by headline.
#[test]
fn the_list_shows_dates_and_o_cycles_the_order() {
    let mut env = Env::empty();
    let lib = env.root.path().join("library");
    std::fs::create_dir_all(&lib).unwrap();
    let t0 = now();
    // 15 January 2020 at noon UTC.
    let old = 1_579_089_600;
    let day = 86_400;
    for (file, label, headline, at) in [
        ("a.txt", "MONDE", "Abricot en tête du classement", t0 - 60),
        (
            "z.txt",
            "ECONOMIE",
            "Zèbres en liberté dans la ville",
            t0 - 3 * day,
        ),
        ("m.txt", "SPORT", "Mangues : les prix s’envolent", old),
    ] {
        article(
            &lib,
            file,
            &format!(
                "{label}{headline}\n\n{label}Le chapô de l’article.\n\
                 Jean Dupont pour 20 Minutes\n\nLe corps de l’article.\n"
            ),
            at,
        );
    }
    env.library = Some(lib);
    let mut t = env.reader(200, 24);
    t.wait_loaded(3);
    let tz = jiff::tz::TimeZone::system();
    let now = kiosque::date::Now::at(i64::try_from(t0).unwrap(), tz);
    let ns = |s: u64| i64::try_from(s).unwrap() * 1_000_000_000;
    let today = kiosque::date::short(ns(t0 - 60), &now, true);
    let week = kiosque::date::short(ns(t0 - 3 * day), &now, true);
    assert_eq!(today.len(), 5, "{today}");
    assert!(week.len() > 5, "{week}");
    let row = |w: &str| t.row_with(w).unwrap_or_default();
    t.wait_until("the dates at the rows' ends", |_| {
        row("Abricot").contains(&format!("{today}│"))
            && row("Zèbres").contains(&format!("{week}│"))
            && row("Mangues").contains("2020-01-15│")
    });
    let (a, z, m) = ("Abricot", "Zèbres", "Mangues");
    assert!(
        ascending(&rows_of(&t, &[a, z, m])),
        "newest first\n{}",
        t.dump()
    );
    t.send("O");
    t.wait_for("oldest first");
    t.wait_until("oldest first", |t| ascending(&rows_of(t, &[m, z, a])));
    t.send("O");
    t.wait_for("by section");
    // ECONOMIE, MONDE, SPORT.
    t.wait_until("by section", |t| ascending(&rows_of(t, &[z, a, m])));
    t.send("O");
    t.wait_for("by headline");
    t.wait_until("by headline", |t| ascending(&rows_of(t, &[a, m, z])));
    t.send("O");
    t.wait_until("newest first again", |t| {
        ascending(&rows_of(t, &[a, z, m])) && !t.contents().contains("by headline")
    });
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
}

/// The number of the first paragraph the reader shows ("Paragraphe numéro N").
fn first_paragraph(t: &Term) -> Option<u32> {
    t.rows().iter().find_map(|r| {
        let at = r.find("numéro ")? + "numéro ".len();
        r[at..]
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    })
}

/// Scrolled into a long article, quit; started again at another width, the article reopens on
/// the same paragraph; the position is in the state folder.
#[test]
fn the_reading_position_survives_a_restart_at_another_width() {
    let mut env = Env::empty();
    let lib = env.root.path().join("library");
    std::fs::create_dir_all(&lib).unwrap();
    let mut text = String::from(
        "ENQUETEUne longue enquête\n\nENQUETELe chapô.\nJean Dupont pour 20 Minutes\n",
    );
    for n in 1..=80 {
        text.push_str(&format!("\nParagraphe numéro {n}.\n"));
    }
    article(&lib, "enquete.txt", &text, now() - 100);
    env.library = Some(lib);
    let id = env.list()[0].id.clone();

    let mut t = env.reader(80, 24);
    t.wait_loaded(1);
    t.send(ENTER);
    t.wait_for("Paragraphe numéro 1.");
    t.send(" ");
    t.send(" ");
    t.send(" ");
    t.wait_until("three pages down", |t| {
        first_paragraph(t).is_some_and(|n| n > 20)
    });
    let left_at = first_paragraph(&t).unwrap();
    t.send("q");
    t.wait_for("Sections");
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    let state = env.state();
    let pos = &state["articles"][&id]["pos"];
    assert!(pos[0].as_u64().is_some_and(|b| b > 0), "{state}");

    let mut t = env.reader(150, 40);
    t.wait_loaded(1);
    t.send(ENTER);
    t.wait_for("Une longue enquête");
    t.wait_until(&format!("the reader back on paragraph {left_at}"), |t| {
        first_paragraph(t) == Some(left_at)
    });
    t.send("Q");
    assert!(t.wait_exit().success(), "{}", t.dump());
}

/// `z` gives the reader the whole screen; `q` closes the article (from the reader or from the
/// list beside it) before it quits.
#[test]
fn zoom_and_q_close_the_article_before_quitting() {
    let env = Env::with_library();
    let mut t = env.reader(200, 40);
    t.wait_loaded(40);
    t.send(ENTER);
    t.wait_until("the reader open beside the lists", |t| {
        t.contents().contains("Sections") && !t.contents().contains("Enter opens")
    });
    t.send("z");
    t.wait_gone("Sections");
    // Centred at the measure: the body's lines start far from the left edge.
    let rows = t.rows();
    let body = rows
        .iter()
        .skip(1)
        .find(|r| r.trim_start_matches('│').trim().chars().count() > 60)
        .expect("a body line");
    let indent =
        body.trim_start_matches('│').len() - body.trim_start_matches('│').trim_start().len();
    assert!(indent > 40, "{indent}\n{}", t.dump());
    t.send("q");
    t.wait_for("Sections");
    t.wait_for("Enter opens the selected article");
    assert!(!t.has_exited(), "q closed the article, it did not quit");
    // With the article open beside the list and the list focused, q closes it too.
    t.send(ENTER);
    t.wait_gone("Enter opens");
    t.send("h");
    t.send("q");
    t.wait_for("Enter opens the selected article");
    assert!(!t.has_exited());
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    t.assert_restored();
}

/// `NO_COLOR=1`: the selected row is in reverse video, and no colour change (which crossterm
/// writes as `ESC[;m`, a full reset) is ever sent.
#[test]
fn no_color_shows_the_selection_in_reverse_video() {
    let env = Env::with_library();
    let mut vars = env.vars();
    vars.push(("NO_COLOR", "1".into()));
    let lib = env.lib().to_string_lossy().into_owned();
    let config = env.config.to_string_lossy().into_owned();
    let (mut t, raw) = Term::spawn_recording(
        env.root.path(),
        &vars,
        &[&lib, "--config-dir", &config],
        120,
        30,
    );
    t.wait_loaded(40);
    t.send("j");
    t.wait_for("All 2/40");
    let selected = |t: &Term| {
        t.with_screen(|s| {
            let rows: Vec<String> = {
                let cols = s.size().1.get();
                s.rows(0, cols).collect()
            };
            // The second row of the article list (row 2 of the screen) is selected.
            let headline_col = rows[2].find("●").map(|b| rows[2][..b].chars().count());
            headline_col.is_some_and(|x| {
                let x = u16::try_from(x).unwrap() + 4;
                s.cell(2, x).is_some_and(|c| c.inverse())
                    && s.cell(1, x).is_some_and(|c| !c.inverse())
            })
        })
    };
    t.wait_until("the selected row in reverse video", selected);
    t.send("q");
    assert!(t.wait_exit().success(), "{}", t.dump());
    let bytes = raw.bytes();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("\x1b[;m"), "a colour change was sent");
    assert!(text.contains("\x1b[7m"), "reverse video was sent");
}
