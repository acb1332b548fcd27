//! End-to-end tests of the reader's find, hand-off and mouse (issue 10), the real binary in a
//! pseudo-terminal: `/` in the reader with `n` / `N` (the count in the status line, the view
//! moving), `e` with `EDITOR` set to a script that reads a line typed in the terminal and
//! appends it (the reader shows the changed article after), `y` / `Y` writing OSC 52 sequences
//! (and feeding a clipboard tool found on PATH), the wheel scrolling the reader and clicks
//! selecting and opening rows (SGR mouse sequences), two `Esc` in one read counting as two.

#![cfg(unix)]

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use base64::Engine;
use support::*;

/// The long article's headline.
const LONG: &str = "Le long article du dossier";

/// A library of a long article (where "rarissime" occurs three times, far apart) and three
/// short ones, in a folder `monde`.
fn library() -> Env {
    let mut env = Env::empty();
    let lib = env.root.path().join("library");
    let monde = lib.join("monde");
    std::fs::create_dir_all(&monde).unwrap();
    let mut text = format!("{LONG}\n\n");
    for i in 0..90 {
        let para = match i {
            2 => "Premier passage rarissime, au début du dossier.".to_owned(),
            45 => "Deuxième passage RARISSIME, au milieu du dossier.".to_owned(),
            85 => "Troisième passage rarissime, à la fin du dossier.".to_owned(),
            _ => format!("Paragraphe de remplissage numéro {i}, sans rien de notable."),
        };
        text.push_str(&para);
        text.push_str("\n\n");
    }
    std::fs::write(monde.join("long.txt"), text).unwrap();
    for (i, title) in ["Brève une", "Brève deux", "Brève trois"]
        .iter()
        .enumerate()
    {
        std::fs::write(
            monde.join(format!("breve-{i}.txt")),
            format!("{title}\n\nUne brève de quelques mots.\n"),
        )
        .unwrap();
    }
    env.library = Some(lib);
    env
}

/// The path of the long article.
fn long_path(env: &Env) -> PathBuf {
    env.lib().join("monde/long.txt")
}

/// An executable script at `path`.
fn script(path: &Path, body: &str) {
    std::fs::write(path, format!("#!/bin/sh\n{body}")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Starts the reader on `env`'s library with `extra` variables (replacing any of the same
/// name), recording every byte it writes.
fn reader_with(
    env: &Env,
    extra: &[(&'static str, String)],
    cols: u16,
    rows: u16,
) -> (Term, Recording) {
    let mut vars: Vec<(&'static str, String)> = env
        .vars()
        .into_iter()
        .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
        .collect();
    vars.extend(extra.iter().cloned());
    let lib = env.lib().to_string_lossy().into_owned();
    let config = env.config.to_string_lossy().into_owned();
    Term::spawn_recording(
        env.root.path(),
        &vars,
        &[&lib, "--config-dir", &config],
        cols,
        rows,
    )
}

/// Opens the long article from the list (the oldest: the last row).
fn open_long(t: &mut Term) {
    t.wait_loaded(4);
    t.send("G");
    t.send(ENTER);
    t.wait_for("Paragraphe de remplissage numéro 0,");
}

/// The decoded payloads of the OSC 52 sequences in `bytes`.
fn osc52_payloads(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    text.split("\x1b]52;c;")
        .skip(1)
        .filter_map(|rest| rest.split("\x1b\\").next())
        .map(|b64| {
            let raw = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .expect("base64");
            String::from_utf8(raw).unwrap()
        })
        .collect()
}

/// Is the first cell of `text` on screen drawn on a background colour of its own?
fn highlighted(t: &Term, text: &str) -> bool {
    let (x, y) = cell_of(t, text);
    t.with_screen(|s| {
        s.cell(y, x)
            .is_some_and(|c| c.bgcolor() != vt100::Color::Default)
    })
}

#[test]
fn find_in_the_article_with_n_and_shift_n() {
    let env = library();
    let (mut t, _) = reader_with(&env, &[], 80, 24);
    open_long(&mut t);
    t.send("/");
    t.send("rarissime");
    t.wait_for("1/3 in the article");
    assert!(t.contents().contains("Premier passage rarissime"));
    t.send(ENTER);
    t.wait_for("“rarissime” 1/3");
    // n: the view goes to the second, far below.
    t.send("n");
    t.wait_for("“rarissime” 2/3");
    t.wait_for("Deuxième passage RARISSIME");
    assert!(!t.contents().contains("Premier passage"), "{}", t.dump());
    t.send("n");
    t.wait_for("“rarissime” 3/3");
    t.wait_for("Troisième passage rarissime");
    t.send("N");
    t.wait_for("“rarissime” 2/3");
    t.wait_for("Deuxième passage RARISSIME");
    assert!(highlighted(&t, "RARISSIME"), "{}", t.dump());
    assert!(!highlighted(&t, "Deuxième"));
    // A new width lays the article out again: the match is still the current one, in view,
    // highlighted.
    t.resize(50, 20);
    t.wait_until("the article laid out at 50 columns", |t| {
        t.rows().iter().all(|r| r.trim_end().chars().count() <= 50)
            && t.contents().contains("Deuxième passage")
            && t.contents().contains("2/3")
            && highlighted(t, "RARISSIME")
    });
    // Esc ends the find, the article stays open where it is.
    t.send(ESC);
    t.wait_gone("“rarissime”");
    assert!(t.contents().contains("Deuxième passage RARISSIME"));
    // n is the next unread article again.
    t.send("n");
    t.wait_for("Une brève de quelques mots.");
    t.send("Q");
    assert!(t.wait_exit().success());
    t.assert_restored();
}

#[test]
fn e_hands_the_terminal_to_the_editor_and_shows_the_changed_article() {
    let env = library();
    let editor = env.root.path().join("editor.sh");
    // The editor says it runs, reads a line typed in the terminal (so it must get the keys,
    // not the reader) and appends it to the file.
    script(
        &editor,
        "printf 'EDITEUR EN COURS\\n'\nread line\nprintf '\\n%s\\n' \"$line\" >> \"$1\"\n",
    );
    let (mut t, _) = reader_with(
        &env,
        &[("EDITOR", editor.to_string_lossy().into_owned())],
        100,
        30,
    );
    open_long(&mut t);
    t.send("e");
    t.wait_for("EDITEUR EN COURS");
    let (alt, mouse) = t.with_screen(|s| (s.alternate_screen(), s.mouse_protocol_mode()));
    assert!(!alt, "the editor has the main screen\n{}", t.dump());
    assert_eq!(mouse, vt100::MouseProtocolMode::None, "no mouse reports");
    t.send("Une ligne tapée dans l’éditeur\r");
    // Back in the reader, the article read again.
    t.wait_until("the reader back", |t| {
        t.with_screen(|s| s.alternate_screen()) && t.contents().contains("Sections")
    });
    let text = std::fs::read_to_string(long_path(&env)).unwrap();
    assert!(
        text.ends_with("\nUne ligne tapée dans l’éditeur\n"),
        "{text}"
    );
    t.wait_for("library reloaded");
    t.send("G");
    t.wait_for("Une ligne tapée dans l’éditeur");
    t.send("Q");
    assert!(t.wait_exit().success());
    t.assert_restored();
}

#[test]
fn y_and_shift_y_copy_through_osc_52_and_a_clipboard_tool() {
    let env = library();
    // A clipboard tool on PATH that keeps what it is given.
    let bin = env.root.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let clip = env.root.path().join("clipboard");
    script(
        &bin.join("xclip"),
        &format!("cat > '{}'\n", clip.to_string_lossy()),
    );
    let path = format!(
        "{}:{}",
        bin.to_string_lossy(),
        std::env::var("PATH").unwrap_or_default()
    );
    let (mut t, rec) = reader_with(&env, &[("PATH", path)], 100, 30);
    open_long(&mut t);
    t.send("y");
    t.wait_for("copied the path");
    let path = long_path(&env).to_string_lossy().into_owned();
    assert_eq!(osc52_payloads(&rec.bytes()), std::slice::from_ref(&path));
    poll_until(
        deadline(),
        || std::fs::read_to_string(&clip).is_ok_and(|c| c == path),
        || format!("xclip given the path: {:?}", std::fs::read_to_string(&clip)),
    );
    assert!(
        t.contents().contains("(terminal and xclip)"),
        "{}",
        t.dump()
    );
    t.send("Y");
    t.wait_for("copied the text");
    let payloads = osc52_payloads(&rec.bytes());
    assert_eq!(payloads.len(), 2);
    let text = &payloads[1];
    assert!(text.starts_with(&format!("monde\n\n{LONG}\n\n")), "{text}");
    assert!(text.contains("\n\nDeuxième passage RARISSIME, au milieu du dossier.\n\n"));
    t.send("Q");
    assert!(t.wait_exit().success());
}

/// The SGR mouse sequence of `button` pressed at 0-based cell (`x`, `y`).
fn press(button: u8, x: u16, y: u16) -> String {
    format!("\x1b[<{button};{};{}M", x + 1, y + 1)
}

/// The row and column of `text` on screen.
fn cell_of(t: &Term, text: &str) -> (u16, u16) {
    let rows = t.rows();
    let y = rows
        .iter()
        .position(|r| r.contains(text))
        .unwrap_or_else(|| panic!("{text:?} on screen\n{}", t.dump()));
    let x = rows[y][..rows[y].find(text).unwrap()].chars().count();
    (x as u16, y as u16)
}

/// The reader's scroll position as its title shows it (`42%`).
fn percent(t: &Term) -> Option<u32> {
    let top = t.rows().into_iter().next()?;
    let at = top.find('%')?;
    let digits: String = top[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.chars().rev().collect::<String>().parse().ok()
}

#[test]
fn clicks_select_and_open_and_the_wheel_scrolls_the_pane_under_it() {
    let env = library();
    let (mut t, _) = reader_with(&env, &[], 120, 30);
    t.wait_loaded(4);
    assert_ne!(
        t.with_screen(|s| s.mouse_protocol_mode()),
        vt100::MouseProtocolMode::None,
        "mouse reports asked for"
    );
    // A click on a row selects it (the status line gives its position), nothing opens.
    let (x, y) = cell_of(&t, "Le long article");
    let row = y as usize; // rows start right under the border
    t.send(&press(0, x + 2, y));
    t.wait_for(&format!("All {row}/4"));
    assert!(t.contents().contains("Enter opens the selected article"));
    // A click on the selected row opens it.
    t.send(&press(0, x + 2, y));
    t.wait_for("Paragraphe de remplissage numéro 0,");
    let before = percent(&t).expect("a position in the reader's title");
    // The wheel over the reader scrolls it, whichever pane has the focus.
    let (rx, ry) = cell_of(&t, "Paragraphe de remplissage numéro 0,");
    t.send(&press(0, 0, 5)); // on the sections' border: they take the focus
    t.send(&press(65, rx, ry));
    t.send(&press(65, rx, ry));
    t.wait_until("the reader scrolled down", |t| {
        percent(t).is_some_and(|p| p > before)
    });
    t.send(&press(64, rx, ry));
    t.send(&press(64, rx, ry));
    t.wait_until("the reader scrolled back up", |t| {
        percent(t) == Some(before)
    });
    // The wheel over the article list moves its selection.
    let (lx, ly) = cell_of(&t, "Brève");
    t.send(&press(64, lx, ly));
    t.wait_for("All 1/4");
    t.send("Q");
    assert!(t.wait_exit().success());
    t.assert_restored();
    assert_eq!(
        t.with_screen(|s| s.mouse_protocol_mode()),
        vt100::MouseProtocolMode::None,
        "mouse reports off on the way out"
    );
}

#[test]
fn two_esc_in_one_read_are_two_when_the_terminal_disambiguates_them() {
    let env = Env::with_library();
    let id = id_of(&env.list(), "Un randonneur secouru");
    let lib = env.lib().to_string_lossy().into_owned();
    let config = env.config.to_string_lossy().into_owned();
    let (mut t, rec) = Term::spawn_recording(
        env.root.path(),
        &env.vars(),
        &[&lib, "--config-dir", &config],
        120,
        40,
    );
    t.wait_loaded(40);
    // The reader asked the terminal to send Esc as a sequence of its own (kitty's keyboard
    // protocol, "disambiguate escape codes"), which terminals that know it do.
    let asked = String::from_utf8_lossy(&rec.bytes()).contains("\x1b[>1u");
    assert!(asked, "the keyboard flags pushed");
    t.open_by_filter("chartreuse", &id);
    // Two Esc as such a terminal sends them, in one write: the reader closes, then the
    // filter is cleared.
    t.send("\x1b[27u\x1b[27u");
    t.wait_gone("filter “chartreuse”");
    t.wait_for("Enter opens the selected article");
    t.send("Q");
    assert!(t.wait_exit().success());
    // On its way out, the flags pushed are popped.
    let bytes = String::from_utf8_lossy(&rec.bytes()).into_owned();
    let (push, pop) = (bytes.rfind("\x1b[>1u"), bytes.rfind("\x1b[<1u"));
    assert!(push.is_some() && pop > push, "{push:?} {pop:?}");
}
