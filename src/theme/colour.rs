//! `[theme]` of `config.toml`: colours written as names, `#rrggbb` or 0–255, attributes, and
//! the built-in `dark` and `light` themes.
//!
//! A role's setting changes what it says and keeps the rest of the base theme's style:
//! `headline = "blue"` is a blue headline, still bold; `headline = "blue not-bold"` is not.

use ratatui::style::{Color, Modifier, Style};

use super::{ROLES, Theme};
use crate::diagnostic::Problem;

/// What `config.toml` says of one role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StyleSetting {
    /// Start from no style at all (`plain`) rather than the base theme's.
    pub plain: bool,
    /// The text's colour.
    pub fg: Option<Color>,
    /// The background.
    pub bg: Option<Color>,
    /// Attributes set (true) or removed (false): bold, italic, underline, reverse, dim.
    pub attrs: Vec<(Modifier, bool)>,
}

/// `[theme]` as written: a built-in theme to start from, and roles changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeSetting {
    /// The built-in theme (`theme = "light"`, or `base` in `[theme]`) and its line.
    pub base: Option<(String, usize)>,
    /// Each role changed: its name, the change, the line.
    pub roles: Vec<(String, StyleSetting, usize)>,
}

/// The attribute words, as read and written.
pub const ATTRIBUTES: &[(&str, Modifier)] = &[
    ("bold", Modifier::BOLD),
    ("italic", Modifier::ITALIC),
    ("underline", Modifier::UNDERLINED),
    ("reverse", Modifier::REVERSED),
    ("dim", Modifier::DIM),
];

const NAMES: &[(&str, Color)] = &[
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark_gray", Color::DarkGray),
    ("light_red", Color::LightRed),
    ("light_green", Color::LightGreen),
    ("light_yellow", Color::LightYellow),
    ("light_blue", Color::LightBlue),
    ("light_magenta", Color::LightMagenta),
    ("light_cyan", Color::LightCyan),
    ("white", Color::White),
    ("default", Color::Reset),
];

/// Reads a colour: a name (`cyan`, `dark_gray`, `light-red`, `bright_red`, `grey`; case and
/// separators ignored; `default` is the terminal's own), `#rrggbb` or `#rgb` (24-bit), or a
/// number 0–255 (the 256-colour palette).
pub fn parse_colour(text: &str) -> Result<Color, String> {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix('#') {
        let digits: Option<Vec<u8>> = hex
            .chars()
            .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
            .collect();
        return match digits.as_deref() {
            Some(&[r, g, b]) => Ok(Color::Rgb(r * 17, g * 17, b * 17)),
            Some(&[r1, r2, g1, g2, b1, b2]) => {
                Ok(Color::Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2))
            }
            _ => Err(format!(
                "“{t}” is not a colour: write #rrggbb with hexadecimal digits"
            )),
        };
    }
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        return t
            .parse::<u8>()
            .map(Color::Indexed)
            .map_err(|_| format!("“{t}” is not a colour: the palette has colours 0 to 255"));
    }
    let key: String = t
        .to_lowercase()
        .replace("grey", "gray")
        .replace("bright", "light")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    if let Some((_, c)) = NAMES.iter().find(|(n, _)| n.replace('_', "") == key) {
        return Ok(*c);
    }
    let close = NAMES
        .iter()
        .map(|(n, _)| (crate::diagnostic::distance(&key, &n.replace('_', "")), *n))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| format!(" (did you mean {n}?)"))
        .unwrap_or_default();
    Err(format!(
        "“{t}” is not a colour{close}: write a name (red, light_blue, default, …), #rrggbb or 0–255"
    ))
}

impl StyleSetting {
    /// Reads a style written as words: colours and attributes in any order, `on` before the
    /// background (`"white on red bold"`, `"#ff8800 italic"`, `"208"`), `not-` before an
    /// attribute to remove it, `plain` to start from nothing.
    pub fn parse_words(text: &str) -> Result<StyleSetting, String> {
        let mut s = StyleSetting::default();
        let mut words = text.split_whitespace();
        while let Some(w) = words.next() {
            let lower = w.to_lowercase();
            if lower == "plain" {
                s.plain = true;
            } else if lower == "on" {
                let c = words
                    .next()
                    .ok_or_else(|| format!("“{text}”: a colour must follow “on”"))?;
                s.bg = Some(parse_colour(c)?);
            } else if let Some(m) = attribute(&lower) {
                s.attrs.push((m, true));
            } else if let Some(m) = ["not-", "no-", "not_", "no_"]
                .iter()
                .find_map(|p| lower.strip_prefix(p))
                .and_then(attribute)
            {
                s.attrs.push((m, false));
            } else if s.fg.is_none() {
                s.fg = Some(parse_colour(w).map_err(|e| {
                    format!("{e}; attributes are bold, italic, underline, reverse, dim")
                })?);
            } else {
                return Err(format!(
                    "“{text}”: two colours; write “on” before the background (white on red)"
                ));
            }
        }
        Ok(s)
    }

    /// `base` changed as this setting says.
    pub fn apply(&self, base: Style) -> Style {
        let mut st = if self.plain { Style::new() } else { base };
        if let Some(c) = self.fg {
            st.fg = Some(c);
        }
        if let Some(c) = self.bg {
            st.bg = Some(c);
        }
        for &(m, on) in &self.attrs {
            st = if on {
                st.add_modifier(m)
            } else {
                st.remove_modifier(m)
            };
        }
        st
    }
}

/// An attribute by name (`underlined` and `reversed` too).
fn attribute(word: &str) -> Option<Modifier> {
    let word = match word {
        "underlined" => "underline",
        "reversed" => "reverse",
        w => w,
    };
    ATTRIBUTES.iter().find(|(n, _)| *n == word).map(|(_, m)| *m)
}

/// A style written as the words [`StyleSetting::parse_words`] reads (for `config default`).
pub fn describe(style: Style) -> String {
    let mut words: Vec<String> = Vec::new();
    let name = |c: Color| match c {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => i.to_string(),
        other => NAMES
            .iter()
            .find(|(_, n)| *n == other)
            .map_or_else(|| "default".to_owned(), |(n, _)| (*n).to_owned()),
    };
    if let Some(c) = style.fg {
        words.push(name(c));
    }
    if let Some(c) = style.bg {
        words.push(format!("on {}", name(c)));
    }
    for (n, m) in ATTRIBUTES {
        if style.add_modifier.contains(*m) {
            words.push((*n).to_owned());
        }
    }
    if words.is_empty() {
        "plain".into()
    } else {
        words.join(" ")
    }
}

impl Theme {
    /// The theme `setting` describes: its base (the `default` theme when it names none), each
    /// role changed. An unknown base is an error, an unknown role a warning (an unknown
    /// setting); both name what exists.
    pub fn configured(setting: &ThemeSetting) -> (Theme, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut theme = Theme::default();
        if let Some((name, line)) = &setting.base {
            match Theme::built_in(name) {
                Some(t) => theme = t,
                None => problems.push(Problem::error(
                    Some(*line),
                    format!(
                        "theme: no built-in theme is named “{name}” (there are {})",
                        super::BUILT_IN.join(", ")
                    ),
                )),
            }
        }
        for (role, change, line) in &setting.roles {
            match theme.role_mut(role) {
                Some(style) => *style = change.apply(*style),
                None => {
                    let close = ROLES
                        .iter()
                        .map(|(n, _)| (crate::diagnostic::distance(role, n), *n))
                        .filter(|(d, n)| *d <= (n.len() / 3).max(2))
                        .min_by_key(|(d, _)| *d)
                        .map(|(_, n)| format!(" (did you mean `{n}`?)"))
                        .unwrap_or_default();
                    problems.push(Problem::warning(
                        Some(*line),
                        format!("[theme]: no role is named `{role}`{close}; ignored"),
                    ));
                }
            }
        }
        (theme, problems)
    }
}

const fn rgb(hex: u32) -> Color {
    Color::Rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

const fn fg(hex: u32) -> Style {
    Style::new().fg(rgb(hex))
}

/// The `dark` theme: 24-bit colours chosen for a dark background.
pub fn dark() -> Theme {
    let b = Modifier::BOLD;
    let i = Modifier::ITALIC;
    Theme {
        section: fg(0xff6b6b).add_modifier(b),
        headline: fg(0xf2f2f2).add_modifier(b),
        alt_headline: fg(0xa8a8a8).add_modifier(i),
        standfirst: fg(0xdadada).add_modifier(i),
        byline: fg(0x9a9a9a).add_modifier(i),
        intertitle: fg(0xe5c07b).add_modifier(b),
        body: Style::new(),
        quote: fg(0x56b6c2),
        quote_nested: fg(0x56b6c2).add_modifier(i),
        rule: fg(0x5c6370),
        warning: fg(0xe5c07b),
        selection: fg(0x1e1e1e).bg(rgb(0x61afef)),
        selection_unfocused: fg(0xf2f2f2).bg(rgb(0x3e4451)),
        unread: fg(0xf2f2f2).add_modifier(b),
        read: fg(0x7f848e),
        unread_marker: fg(0x61afef).add_modifier(b),
        star: fg(0xe5c07b),
        updated: fg(0x98c379).add_modifier(b),
        list_byline: fg(0x7f848e),
        list_date: fg(0x7f848e),
        view: fg(0xc678dd).add_modifier(b),
        border: fg(0x5c6370),
        border_focused: fg(0x61afef),
        status: fg(0x1e1e1e).bg(rgb(0xabb2bf)),
        alert: fg(0xffffff).bg(rgb(0xe06c75)),
        prompt: fg(0xe5c07b).add_modifier(b),
        help_key: fg(0x61afef).add_modifier(b),
        dim: fg(0x7f848e),
        matched: fg(0x1e1e1e).bg(rgb(0xe5c07b)),
        match_current: fg(0x1e1e1e).bg(rgb(0xc678dd)).add_modifier(b),
        changed: fg(0x98c379),
        change_note: fg(0x98c379).add_modifier(i),
    }
}

/// The `light` theme: 24-bit colours chosen for a light background.
pub fn light() -> Theme {
    let b = Modifier::BOLD;
    let i = Modifier::ITALIC;
    Theme {
        section: fg(0xb3261e).add_modifier(b),
        headline: fg(0x1a1a1a).add_modifier(b),
        alt_headline: fg(0x555555).add_modifier(i),
        standfirst: fg(0x333333).add_modifier(i),
        byline: fg(0x5f5f5f).add_modifier(i),
        intertitle: fg(0x8a5a00).add_modifier(b),
        body: Style::new(),
        quote: fg(0x006d77),
        quote_nested: fg(0x006d77).add_modifier(i),
        rule: fg(0xa0a0a0),
        warning: fg(0x8a5a00),
        selection: fg(0xffffff).bg(rgb(0x005f87)),
        selection_unfocused: fg(0x1a1a1a).bg(rgb(0xd0d0d0)),
        unread: fg(0x1a1a1a).add_modifier(b),
        read: fg(0x8a8a8a),
        unread_marker: fg(0x005f87).add_modifier(b),
        star: fg(0xb58900),
        updated: fg(0x2e7d32).add_modifier(b),
        list_byline: fg(0x6c6c6c),
        list_date: fg(0x6c6c6c),
        view: fg(0x6f42c1).add_modifier(b),
        border: fg(0xb0b0b0),
        border_focused: fg(0x005f87),
        status: fg(0xffffff).bg(rgb(0x4a4a4a)),
        alert: fg(0xffffff).bg(rgb(0xb3261e)),
        prompt: fg(0x8a5a00).add_modifier(b),
        help_key: fg(0x005f87).add_modifier(b),
        dim: fg(0x6c6c6c),
        matched: fg(0x000000).bg(rgb(0xffd75f)),
        match_current: fg(0x000000).bg(rgb(0xff87d7)).add_modifier(b),
        changed: fg(0x2e7d32),
        change_note: fg(0x2e7d32).add_modifier(i),
    }
}
