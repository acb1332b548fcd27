//! `[layout] hyphenate / justify` in config.toml, and `show --hyphenate / --justify`, run as a
//! user runs them: the reader's layout code with the options on, French only hyphenated.

use std::process::{Command, Output};

const SEED: &str = "seeds/000_2e7dbad873d5f945.txt";
const ENGLISH: &str = "tests/fixtures/library/en/world_un_agency.txt";

fn show(dir: &tempfile::TempDir, args: &[&str]) -> Output {
    let d = dir.path();
    Command::new(env!("CARGO_BIN_EXE_kiosque"))
        .arg("show")
        .args(args)
        .args(["--width", "40", "--color", "never"])
        .env("KIOSQUE_CONFIG_DIR", d.join("config"))
        .env("KIOSQUE_CACHE_DIR", d.join("cache"))
        .env("XDG_CONFIG_HOME", d.join("xdg-config"))
        .env("XDG_DATA_HOME", d.join("xdg-data"))
        .env("HOME", d)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn config(dir: &tempfile::TempDir, toml: &str) {
    let c = dir.path().join("config");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("config.toml"), toml).unwrap();
}

/// Lines of 40 columns exactly, and lines ending in `letter-`.
fn counts(out: &str) -> (usize, usize) {
    let full = out.lines().filter(|l| l.chars().count() == 40).count();
    let hyphens = out
        .lines()
        .filter(|l| {
            l.strip_suffix('-')
                .and_then(|h| h.chars().last())
                .is_some_and(char::is_alphabetic)
        })
        .count();
    (full, hyphens)
}

#[test]
fn config_turns_hyphenation_and_justification_on_for_show() {
    let d = tempfile::tempdir().unwrap();
    let plain = text(&show(&d, &[SEED]));
    let (full, hyphens) = counts(&plain);
    assert_eq!(hyphens, 0, "{plain}");
    config(&d, "[layout]\nhyphenate = true\njustify = true\n");
    let set = text(&show(&d, &[SEED]));
    let (set_full, set_hyphens) = counts(&set);
    assert!(set_hyphens > 0 && set_full > 2 * full, "{set}");
    // The same words, once the hyphens are taken out.
    let join = |s: &str| {
        s.replace("-\n", "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(join(&set), join(&plain));
    // The flags do the same without the config.
    let d2 = tempfile::tempdir().unwrap();
    assert_eq!(text(&show(&d2, &[SEED, "--hyphenate", "--justify"])), set);
    let only = text(&show(&d2, &[SEED, "--justify"]));
    assert_eq!(counts(&only).1, 0, "{only}");
}

#[test]
fn english_is_justified_never_hyphenated() {
    let d = tempfile::tempdir().unwrap();
    config(&d, "[layout]\nhyphenate = true\n");
    let plain = text(&show(&tempfile::tempdir().unwrap(), &[ENGLISH]));
    assert_eq!(text(&show(&d, &[ENGLISH])), plain);
    config(&d, "[layout]\nhyphenate = true\njustify = true\n");
    let just = text(&show(&d, &[ENGLISH]));
    assert_ne!(just, plain);
    assert_eq!(counts(&just).1, 0, "{just}");
}

/// A `[layout]` setting whose meaning is clear is taken (`"yes"`); one that has none is an
/// error at its line, and `show` stops before showing anything (exit 2), as every command does.
#[test]
fn a_broken_layout_section_is_said() {
    let d = tempfile::tempdir().unwrap();
    config(&d, "[layout]\nhyphenate = \"yes\"\n");
    let yes = show(&d, &["-l", "seeds", SEED]);
    assert!(yes.status.success() && yes.stderr.is_empty());
    config(&d, "[layout]\nhyphenate = true\n");
    assert_eq!(text(&yes), text(&show(&d, &["-l", "seeds", SEED])));
    config(&d, "[layout]\nhyphenate = \"maybe\"\n");
    let o = show(&d, &["-l", "seeds", SEED]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("config.toml: line 2: layout.hyphenate"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}
