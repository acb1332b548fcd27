//! Styles by role, without colour, as SGR; themes and their colours read from `[theme]`.

use super::*;

const ARTICLE: [Role; 4] = [
    Role::Body,
    Role::Headline,
    Role::Standfirst,
    Role::Intertitle,
];

#[test]
fn quotations_are_recoloured_whatever_their_role() {
    for name in BUILT_IN {
        let t = Theme::built_in(name).unwrap();
        for role in ARTICLE {
            assert_eq!(t.text(role, Some(0)).fg, t.quote.fg, "{name} {role:?}");
            assert_ne!(t.text(role, None).fg, t.quote.fg, "{name} {role:?}");
        }
        assert!(
            t.text(Role::Headline, Some(0))
                .add_modifier
                .contains(Modifier::BOLD)
        );
    }
}

#[test]
fn without_colour_every_role_keeps_a_difference() {
    for name in BUILT_IN {
        let t = Theme::built_in(name).unwrap();
        let plain = t.text_in(Role::Body, None, true);
        assert_eq!((plain.fg, plain.bg), (None, None));
        for role in ARTICLE {
            let s = t.text_in(role, Some(0), true);
            assert_eq!((s.fg, s.bg), (None, None));
            assert_ne!(
                s,
                t.text_in(role, None, true),
                "{role:?}: a quotation stands out"
            );
        }
        let inter = t.text_in(Role::Intertitle, None, true).add_modifier;
        assert!(inter.contains(Modifier::BOLD | Modifier::UNDERLINED));
        assert_ne!(t.text_in(Role::Headline, None, true), plain);
        assert!(
            t.selected(true, true)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
        assert_ne!(t.selected(false, true), Style::new());
        // Matches of a find: seen without colour, the current one apart, in every theme.
        for current in [false, true] {
            let m = t.find_match(current, true);
            assert!(m.add_modifier.contains(Modifier::REVERSED));
            assert_eq!((m.fg, m.bg), (None, None));
        }
        assert_ne!(t.find_match(true, true), t.find_match(false, true));
        assert_ne!(t.find_match(true, false), t.find_match(false, false));
        assert_eq!(
            t.text_in(Role::Body, Some(0), false),
            t.text(Role::Body, Some(0))
        );
    }
}

#[test]
fn the_headline_outranks_the_standfirst() {
    let t = Theme::default();
    let h = t.text(Role::Headline, None);
    let s = t.text(Role::Standfirst, None);
    assert!(h.add_modifier.contains(Modifier::BOLD));
    assert!(!s.add_modifier.contains(Modifier::BOLD));
    assert_ne!(h, s);
}

#[test]
fn sgr_codes() {
    let t = Theme::default();
    assert_eq!(sgr(Style::new()), "");
    assert_eq!(sgr(t.quote), "\x1b[36m");
    assert_eq!(sgr(t.text(Role::Section, None)), "\x1b[1;31m");
    assert_eq!(sgr(fg(Color::Rgb(255, 136, 0))), "\x1b[38;2;255;136;0m");
    assert_eq!(sgr(Style::new().bg(Color::Indexed(236))), "\x1b[48;5;236m");
}

#[test]
fn every_role_has_a_name_and_the_names_are_the_spec_s() {
    let mut t = Theme::default();
    for (name, _) in ROLES {
        assert!(t.role_mut(name).is_some(), "{name}");
    }
    for spec in [
        "quote",
        "intertitle",
        "headline",
        "section",
        "selection",
        "unread",
        "star",
        "match",
    ] {
        assert!(t.role(spec).is_some(), "{spec}");
    }
}

#[test]
fn colours_are_read_in_every_form() {
    use colour::parse_colour;
    assert_eq!(parse_colour("cyan"), Ok(Color::Cyan));
    assert_eq!(parse_colour("Dark-Grey"), Ok(Color::DarkGray));
    assert_eq!(parse_colour("light_blue"), Ok(Color::LightBlue));
    assert_eq!(parse_colour("#ff8800"), Ok(Color::Rgb(255, 136, 0)));
    assert_eq!(parse_colour("#F80"), Ok(Color::Rgb(255, 136, 0)));
    assert_eq!(parse_colour("208"), Ok(Color::Indexed(208)));
    assert_eq!(parse_colour("default"), Ok(Color::Reset));
    for bad in ["#ff88", "#gg0000", "256", "-1", "cyann", ""] {
        assert!(parse_colour(bad).is_err(), "{bad}");
    }
    assert!(parse_colour("cyann").unwrap_err().contains("cyan"));
}

#[test]
fn a_setting_changes_what_it_says_and_keeps_the_rest() {
    let s = StyleSetting::parse_words("#ff8800 italic").unwrap();
    let quote = s.apply(Theme::default().headline);
    assert_eq!(quote.fg, Some(Color::Rgb(255, 136, 0)));
    assert!(
        quote
            .add_modifier
            .contains(Modifier::BOLD | Modifier::ITALIC)
    );
    let s = StyleSetting::parse_words("white on red not-bold").unwrap();
    let st = s.apply(Theme::default().headline);
    assert_eq!((st.fg, st.bg), (Some(Color::White), Some(Color::Red)));
    assert!(!st.add_modifier.contains(Modifier::BOLD));
    assert!(StyleSetting::parse_words("cyan bolt").is_err());
}

#[test]
fn a_theme_written_as_text_reads_back() {
    for name in BUILT_IN {
        let t = Theme::built_in(name).unwrap();
        for (role, _) in ROLES {
            let style = t.role(role).unwrap();
            let words = colour::describe(style);
            let back = StyleSetting::parse_words(&words)
                .unwrap_or_else(|e| panic!("{name} {role}: {words}: {e}"))
                .apply(Style::new());
            assert_eq!(back, style, "{name} {role}: {words}");
        }
    }
}
