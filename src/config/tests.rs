//! `config.toml`: every section read, problems with their lines, lenient types, the default
//! file read back.

use ratatui::style::{Color, Modifier};

use super::*;

fn parse(text: &str) -> Settings {
    Settings::parse(text, "config.toml".into())
}

/// The problems as `line N: …` lines.
fn said(s: &Settings) -> Vec<String> {
    s.problems.iter().map(ToString::to_string).collect()
}

#[test]
fn given_paths_win() {
    let cfg = Config {
        library: vec!["/a".into()],
        ..Config::default()
    };
    assert_eq!(
        library(&["/b".into()], &cfg),
        DefaultLibrary::Paths(vec!["/b".into()])
    );
    assert_eq!(library(&[], &cfg), DefaultLibrary::Paths(vec!["/a".into()]));
}

#[test]
fn config_file() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(load(dir.path()).unwrap().config, Config::default());
    std::fs::write(
        dir.path().join("config.toml"),
        "library = [\"/x\", \"/y\"]\n",
    )
    .unwrap();
    assert_eq!(load(dir.path()).unwrap().config.library.len(), 2);
    std::fs::write(dir.path().join("config.toml"), "library = 3\n").unwrap();
    let s = load(dir.path()).unwrap();
    assert_eq!(s.errors().len(), 1, "{:?}", s.problems);
    assert!(s.errors()[0].contains("config.toml: line 1: library must be"));
}

#[test]
fn errors_are_one_clean_line_with_the_line_number() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "library = []\n\"\\u001b]0;PWNED\\u0007\u{202e}\" = 1\n",
    )
    .unwrap();
    let s = load(dir.path()).unwrap();
    let w = s.warnings();
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("config.toml: line 2: warning: unknown setting"),
        "{w:?}"
    );
    assert!(
        !w[0].contains(['\x1b', '\x07', '\n', '\u{202e}']) && !w[0].contains("PWNED"),
        "{w:?}"
    );
    std::fs::write(&file, b"library = [\"\xff\"]\n").unwrap();
    let e = load(dir.path()).unwrap_err();
    assert!(
        e.contains("not valid UTF-8 (first bad byte at offset 12)"),
        "{e}"
    );
    let big = vec![b'#'; usize::try_from(MAX_CONFIG_BYTES).unwrap() + 1];
    std::fs::write(&file, big).unwrap();
    let e = load(dir.path()).unwrap_err();
    assert!(e.contains("config.toml: is too large"), "{e}");
}

#[test]
fn every_section_is_read() {
    let s = parse(
        r##"
library = ["~/news", "/srv/articles"]
state_dir = "~/Sync/kiosque"
mouse = false
theme = "light"

[keys]
next = ["J", "Down"]
quit = "x"

[layout]
measure = 66
sections_width = 24
reader_width = 70
byline_column = false
date_column = false
hyphenate = true
justify = true

[[views]]
name = "À lire"
query = "is:unread newer:7d"

[[views]]
name = "Sport"
query = "section:sport"
"##,
    );
    assert!(s.problems.is_empty(), "{:?}", said(&s));
    let c = &s.config;
    assert_eq!(c.library, [PathBuf::from("~/news"), "/srv/articles".into()]);
    assert_eq!(c.state_dir.as_deref(), Some(Path::new("~/Sync/kiosque")));
    assert!(!c.mouse);
    assert_eq!(s.theme, Theme::built_in("light").unwrap());
    let quit = s.keymap.main.iter().find(|b| b.name == "quit").unwrap();
    assert_eq!(quit.keys.len(), 1);
    assert_eq!(
        c.layout,
        LayoutConfig {
            measure: 66,
            sections_width: 24,
            reader_width: 70,
            byline_column: false,
            date_column: false,
            hyphenate: true,
            justify: true,
        }
    );
    assert_eq!(
        c.layout.options(),
        crate::layout::Options {
            measure: 66,
            hyphenate: true,
            justify: true
        }
    );
    let names: Vec<&str> = s.views.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["À lire", "Sport"]);
    assert_eq!(
        s.views[0].query,
        crate::query::parse("is:unread newer:7d").unwrap()
    );
}

#[test]
fn unknown_settings_are_warnings_with_their_lines() {
    let s = parse(
        "libary = [\"/x\"]\ncolor = \"red\"\n[layout]\nmeasure = 70\nmesure = 60\n[theme]\nquot = \"red\"\nquote = { fg = \"red\", blink = true }\n[keys]\nnxt = \"j\"\n",
    );
    assert!(s.errors().is_empty(), "{:?}", said(&s));
    let w = said(&s);
    assert_eq!(w.len(), 6, "{w:?}");
    assert!(
        w[0].starts_with("line 1: warning: unknown setting `libary` (did you mean `library`?)"),
        "{w:?}"
    );
    assert!(
        w[1].starts_with("line 2: warning: unknown setting `color`"),
        "{w:?}"
    );
    assert!(
        w[2].contains("line 5: warning: unknown setting `layout.mesure` (did you mean `measure`?)"),
        "{w:?}"
    );
    assert!(
        w[3].contains("line 7: warning: [theme]: no role is named `quot` (did you mean `quote`?)"),
        "{w:?}"
    );
    assert!(
        w[4].contains("line 8: warning: unknown setting `theme.quote.blink`"),
        "{w:?}"
    );
    assert!(
        w[5].contains("line 10: warning: [keys]: no action is named `nxt` (did you mean `next`?)"),
        "{w:?}"
    );
    // What is known is read all the same.
    assert_eq!(s.config.layout.measure, 70);
    assert_eq!(s.theme.quote.fg, Some(Color::Red));
}

#[test]
fn wrong_types_are_taken_when_their_meaning_is_clear() {
    let s = parse(
        "library = \"~/news\"\nmouse = \"no\"\n[layout]\nmeasure = \"72\"\ndate_column = 0\n[keys]\nzoom = \"f\"\n",
    );
    assert!(s.problems.is_empty(), "{:?}", said(&s));
    assert_eq!(s.config.library, [PathBuf::from("~/news")]);
    assert!(!s.config.mouse);
    assert_eq!(s.config.layout.measure, 72);
    assert!(!s.config.layout.date_column);
}

#[test]
fn wrong_values_are_errors_at_their_lines_and_cost_only_themselves() {
    let s = parse(
        "mouse = \"maybe\"\nstate_dir = 3\n[layout]\nmeasure = \"wide\"\nreader_width = 70\n[theme]\nquote = \"#ff88\"\nheadline = \"blue bolt\"\nstar = 300\n[[views]]\nname = \"bad\"\nquery = \"(unclosed\"\n[[views]]\nquery = \"x\"\n",
    );
    let e = s.errors();
    let lines: Vec<&str> = e.iter().map(|l| l.split(": ").nth(1).unwrap()).collect();
    assert_eq!(
        lines,
        [
            "line 1", "line 2", "line 4", "line 7", "line 8", "line 9", "line 12", "line 13"
        ],
        "{e:#?}"
    );
    assert!(e[2].contains("layout.measure"), "{e:?}");
    assert!(e[3].contains("#rrggbb"), "{e:?}");
    assert!(e[6].contains("“bad”: the query does not parse"), "{e:?}");
    // The rest is read.
    assert_eq!(s.config.layout.reader_width, 70);
    assert_eq!(s.config.layout.measure, LayoutConfig::default().measure);
}

#[test]
fn a_file_that_is_not_toml_is_one_error_with_its_line() {
    let s = parse("library = []\n\n[keys\nnext = \"j\"\n");
    let e = s.errors();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("config.toml: line 3: "), "{e:?}");
}

#[test]
fn two_actions_on_one_key_is_an_error_naming_both() {
    let s = parse("[keys]\nzoom = \"x\"\nreload = [\"r\", \"x\"]\n");
    let e = s.errors();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("line 3: [keys]: x is bound to both `zoom` and `reload`"),
        "{e:?}"
    );
    let s = parse("[keys]\nquit = \"j\"\n");
    assert!(
        s.errors()[0].contains("j is bound to both `next` and `quit`"),
        "{:?}",
        s.errors()
    );
}

#[test]
fn theme_colours_in_every_form() {
    let s = parse(
        "[theme]\nbase = \"dark\"\nquote = \"#ff8800\"\nintertitle = 208\nheadline = \"white on blue not-bold\"\nstar = { fg = \"yellow\", bg = \"#000000\", underline = true }\nselection = \"reverse\"\n",
    );
    assert!(s.problems.is_empty(), "{:?}", said(&s));
    let t = &s.theme;
    assert_eq!(t.quote.fg, Some(Color::Rgb(0xff, 0x88, 0)));
    assert_eq!(t.intertitle.fg, Some(Color::Indexed(208)));
    // A role keeps what the setting does not say: the dark theme's bold intertitle.
    assert!(t.intertitle.add_modifier.contains(Modifier::BOLD));
    assert_eq!(
        (t.headline.fg, t.headline.bg),
        (Some(Color::White), Some(Color::Blue))
    );
    assert!(!t.headline.add_modifier.contains(Modifier::BOLD));
    assert_eq!(t.star.bg, Some(Color::Rgb(0, 0, 0)));
    assert!(t.star.add_modifier.contains(Modifier::UNDERLINED));
    assert!(t.selection.add_modifier.contains(Modifier::REVERSED));
    let s = parse("theme = \"solarized\"\n");
    assert!(
        s.errors()[0]
            .contains("no built-in theme is named “solarized” (there are default, dark, light)")
    );
}

#[test]
fn views_written_as_a_table_of_names() {
    let s = parse("[views]\n\"À lire\" = \"is:unread\"\nSport = \"section:sport\"\n");
    assert!(s.problems.is_empty(), "{:?}", said(&s));
    assert_eq!(s.views.len(), 2);
}

#[test]
fn the_default_file_reads_back_as_the_defaults_without_a_word() {
    let text = default_text();
    let s = parse(&text);
    assert!(s.problems.is_empty(), "{:?}", said(&s));
    assert_eq!(s.config.keys.len(), Keymap::default().names().count());
    assert_eq!(
        Config {
            keys: Vec::new(),
            theme: ThemeSetting::default(),
            ..s.config.clone()
        },
        Config::default()
    );
    assert_eq!(s.theme, Theme::default());
    for (a, b) in s.keymap.names().zip(Keymap::default().names()) {
        assert_eq!((a.name, &a.keys), (b.name, &b.keys));
    }
    // Every role and every layout setting is in it.
    for (role, _) in crate::theme::ROLES {
        assert!(text.contains(&format!("# {role} = ")), "{role}");
    }
    for field in lenient::field_names::<LayoutConfig>() {
        assert!(text.contains(&format!("\n{field} = ")), "{field}");
    }
    // Uncommenting the roles gives the same theme.
    let uncommented = text.replace("\n# ", "\n").replace("\n#", "\n");
    let roles_only: String = uncommented
        .lines()
        .skip_while(|l| *l != "[theme]")
        .take_while(|l| *l != "[keys]")
        .filter(|l| l.starts_with('[') || l.contains(" = \""))
        .collect::<Vec<_>>()
        .join("\n");
    let s = parse(&roles_only);
    assert!(s.problems.is_empty(), "{:?}\n{roles_only}", said(&s));
    assert_eq!(s.theme, Theme::default());
}

#[test]
fn field_names_are_those_serde_reads() {
    assert_eq!(
        lenient::field_names::<LayoutConfig>(),
        [
            "measure",
            "sections_width",
            "reader_width",
            "byline_column",
            "date_column",
            "hyphenate",
            "justify"
        ]
    );
    assert_eq!(distance("nxet", "next"), 2);
    assert_eq!(distance("", "abc"), 3);
}

/// `[layout]`'s hyphenation and justification are off unless set; a wrong type is an error at
/// its line, as everywhere in the file.
#[test]
fn hyphenation_and_justification_are_off_unless_set() {
    let s = parse("[layout]\nhyphenate = true\n");
    assert!(s.problems.is_empty(), "{:?}", said(&s));
    assert!(s.config.layout.hyphenate && !s.config.layout.justify);
    assert_eq!(
        parse("").config.layout.options(),
        crate::layout::Options::default()
    );
    let s = parse("[layout]\njustify = []\n");
    let e: Vec<String> = said(&s);
    assert!(e.iter().any(|p| p.starts_with("line 2")), "{e:?}");
}
