//! The theme: every style kiosque draws with, in one place, by role.
//!
//! Laid-out text carries semantic roles ([`Role`]), the lists and the frame theirs (a field of
//! [`Theme`] each); this module turns them into ratatui styles for the screen and into SGR
//! escape sequences for `kiosque show`. The `default` theme uses the 16 basic colours, so it
//! follows the user's terminal palette on dark and light backgrounds alike; `dark` and `light`
//! are 24-bit themes for one background; `config.toml`'s `[theme]` recolours any role
//! ([`colour`] reads what it says).

pub mod colour;

use ratatui::style::{Color, Modifier, Style};

use crate::layout::Role;

pub use colour::{StyleSetting, ThemeSetting};

macro_rules! roles {
    ($($field:ident $name:literal $help:literal,)*) => {
        /// The style of every role kiosque draws.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Theme {
            $(#[doc = $help] pub $field: Style,)*
        }

        /// Every role: its name in `[theme]` and what it styles.
        pub const ROLES: &[(&str, &str)] = &[$(($name, $help),)*];

        impl Theme {
            /// The style of the role named `name` in `[theme]`.
            pub fn role_mut(&mut self, name: &str) -> Option<&mut Style> {
                match name {
                    $($name => Some(&mut self.$field),)*
                    _ => None,
                }
            }

            /// The style of the role named `name`.
            pub fn role(&self, name: &str) -> Option<Style> {
                match name {
                    $($name => Some(self.$field),)*
                    _ => None,
                }
            }
        }
    };
}

roles! {
    section "section" "the section label above the headline",
    headline "headline" "the headline",
    alt_headline "alt_headline" "the alternate headline",
    standfirst "standfirst" "the standfirst",
    byline "byline" "the bylines and the date in the reader",
    intertitle "intertitle" "a heading inside the body",
    body "body" "running text",
    quote "quote" "a quotation, marks included",
    quote_nested "quote_nested" "a quotation inside a quotation",
    rule "rule" "the rule between the header and the body",
    warning "warning" "a note about a problem met while reading the file",
    selection "selection" "the selected row of the focused list",
    selection_unfocused "selection_unfocused" "the selected row of a list without the focus",
    unread "unread" "an unread article, a section or view with unread articles",
    read "read" "a read article",
    unread_marker "unread_marker" "the unread dot and the unread counts",
    star "star" "the star",
    updated "updated" "the mark of an article updated since it was read, and their count",
    list_byline "list_byline" "a byline in the article list",
    list_date "list_date" "a date in the article list",
    view "view" "a saved view's name in the sections pane",
    border "border" "the border of a pane",
    border_focused "border_focused" "the border of the focused pane",
    status "status" "the status line",
    alert "alert" "a message that needs attention",
    prompt "prompt" "the filter prompt",
    help_key "help_key" "keys in the help, paths in the warnings view",
    dim "dim" "secondary text (hints, empty results)",
    matched "match" "a match of a find in the article",
    match_current "match_current" "the match of a find that n / N went to",
    changed "changed" "a paragraph added or changed since the article was read, and its mark in the margin",
    change_note "change_note" "what changed since the article was read: the note under the header, paragraphs removed",
}

const fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

const BOLD: Modifier = Modifier::BOLD;
const ITALIC: Modifier = Modifier::ITALIC;

impl Default for Theme {
    /// The `default` theme: 16 colours, the terminal's palette.
    fn default() -> Theme {
        Theme {
            section: fg(Color::Red).add_modifier(BOLD),
            headline: Style::new().add_modifier(BOLD),
            alt_headline: fg(Color::Gray).add_modifier(ITALIC),
            standfirst: Style::new().add_modifier(ITALIC),
            byline: fg(Color::Gray).add_modifier(ITALIC),
            intertitle: fg(Color::Yellow).add_modifier(BOLD),
            body: Style::new(),
            quote: fg(Color::Cyan),
            quote_nested: fg(Color::Cyan).add_modifier(ITALIC),
            rule: fg(Color::DarkGray),
            warning: fg(Color::Yellow),
            selection: fg(Color::Black).bg(Color::Cyan),
            selection_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            unread: Style::new().add_modifier(BOLD),
            read: fg(Color::DarkGray),
            unread_marker: fg(Color::Cyan).add_modifier(BOLD),
            star: fg(Color::Yellow),
            updated: fg(Color::Green).add_modifier(BOLD),
            list_byline: fg(Color::DarkGray),
            list_date: fg(Color::DarkGray),
            view: fg(Color::Magenta).add_modifier(BOLD),
            border: fg(Color::DarkGray),
            border_focused: fg(Color::Cyan),
            status: fg(Color::Black).bg(Color::Gray),
            alert: fg(Color::White).bg(Color::Red),
            prompt: fg(Color::Yellow).add_modifier(BOLD),
            help_key: fg(Color::Cyan).add_modifier(BOLD),
            dim: fg(Color::DarkGray),
            matched: fg(Color::Black).bg(Color::Yellow),
            match_current: fg(Color::Black).bg(Color::LightMagenta).add_modifier(BOLD),
            changed: fg(Color::Green),
            change_note: fg(Color::Green).add_modifier(ITALIC),
        }
    }
}

/// The built-in themes, by name.
pub const BUILT_IN: &[&str] = &["default", "dark", "light"];

impl Theme {
    /// A built-in theme by name: `default`, `dark` or `light`.
    pub fn built_in(name: &str) -> Option<Theme> {
        match name {
            "default" => Some(Theme::default()),
            "dark" => Some(colour::dark()),
            "light" => Some(colour::light()),
            _ => None,
        }
    }

    /// The style of a piece of article text: its role, recoloured when it is inside a
    /// quotation (the quotation's colour over the role's, the role's bold kept).
    pub fn text(&self, role: Role, quote: Option<u8>) -> Style {
        self.text_over(role, quote, None)
    }

    /// [`Theme::text`] with `under` laid over the role's style, under the quotation's.
    fn text_over(&self, role: Role, quote: Option<u8>, under: Option<Style>) -> Style {
        let base = match role {
            Role::Section => self.section,
            Role::Headline => self.headline,
            Role::AltHeadline => self.alt_headline,
            Role::Standfirst => self.standfirst,
            Role::Byline => self.byline,
            Role::Warning => self.warning,
            Role::Rule => self.rule,
            Role::Intertitle => self.intertitle,
            Role::Body => self.body,
            Role::ChangeNote => self.change_note,
        };
        let base = under.map_or(base, |u| base.patch(u));
        match quote {
            None => base,
            Some(0) => base.patch(self.quote),
            Some(_) => base.patch(self.quote_nested),
        }
    }

    /// [`Theme::text`], or with `mono` (`NO_COLOR`) its form without colour: quotations
    /// italic (underlined in text already italic), intertitles bold and underlined, the rest
    /// as bold or italic as it is in colour (SPEC §7: NO_COLOR removes colour only).
    pub fn text_in(&self, role: Role, quote: Option<u8>, mono: bool) -> Style {
        let styled = self.text(role, quote);
        if !mono {
            return styled;
        }
        let base = self.text(role, None).add_modifier;
        let mut m = base;
        if role == Role::Intertitle {
            m |= Modifier::UNDERLINED;
        }
        if quote.is_some() {
            m |= if base.contains(Modifier::ITALIC) {
                Modifier::UNDERLINED
            } else {
                Modifier::ITALIC
            };
        }
        Style::new().add_modifier(m)
    }

    /// A piece of a paragraph added or changed since the article was read: the `changed`
    /// style over the text's own, quotations still in theirs; without colour, as
    /// [`Theme::text_in`] has it (the mark in the margin tells it).
    pub fn changed_text(&self, role: Role, quote: Option<u8>, mono: bool) -> Style {
        if mono {
            self.text_in(role, quote, true)
        } else {
            self.text_over(role, quote, Some(self.changed))
        }
    }

    /// The mark in the margin of a paragraph added or changed since the article was read.
    pub fn change_margin(&self, mono: bool) -> Style {
        if mono {
            Style::new().add_modifier(BOLD)
        } else {
            self.changed.add_modifier(BOLD)
        }
    }

    /// The selected row of a list (`focused`: of the focused list); without colour, reverse
    /// video for the focused list and an underline for the others, whatever the theme.
    pub fn selected(&self, focused: bool, mono: bool) -> Style {
        match (focused, mono) {
            (true, false) => self.selection,
            (false, false) => self.selection_unfocused,
            (true, true) => Style::new().add_modifier(Modifier::REVERSED),
            (false, true) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// A match of a find in the reader (`current`: the one `n` / `N` went to), laid over the
    /// text's own style. Without colour, reverse video, and the current one bold and
    /// underlined too, so it is told from the others.
    pub fn find_match(&self, current: bool, mono: bool) -> Style {
        match (current, mono) {
            (false, false) => self.matched,
            (true, false) => self.match_current,
            (false, true) => Style::new().add_modifier(Modifier::REVERSED),
            (true, true) => Style::new()
                .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
        }
    }

    /// The status line (reverse video without colour).
    pub fn status_line(&self, mono: bool) -> Style {
        if mono {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            self.status
        }
    }

    /// An alert in the status line (bold reverse video without colour).
    pub fn alert_line(&self, mono: bool) -> Style {
        if mono {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            self.alert
        }
    }
}

/// Takes every colour out of a drawn screen (`NO_COLOR`), so the terminal is never sent a
/// colour change: with `NO_COLOR` set, crossterm writes each one as `ESC[;m`, which terminals
/// read as a reset that also drops bold and reverse video.
pub fn strip_colours(buf: &mut ratatui::buffer::Buffer) {
    for cell in &mut buf.content {
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
        cell.underline_color = Color::Reset;
    }
}

/// The SGR sequence that sets `style` from a reset state (empty for the default style).
pub fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let m = style.add_modifier;
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
    ] {
        if m.contains(flag) {
            codes.push(code.into());
        }
    }
    if let Some(fg) = style.fg.and_then(|c| color_code(c, false)) {
        codes.push(fg);
    }
    if let Some(bg) = style.bg.and_then(|c| color_code(c, true)) {
        codes.push(bg);
    }
    if codes.is_empty() {
        String::new()
    } else {
        format!("\x1b[{}m", codes.join(";"))
    }
}

/// The SGR reset sequence.
pub const SGR_RESET: &str = "\x1b[0m";

fn color_code(c: Color, bg: bool) -> Option<String> {
    let base = if bg { 40 } else { 30 };
    let bright = if bg { 100 } else { 90 };
    let code = match c {
        Color::Reset => return None,
        Color::Black => base,
        Color::Red => base + 1,
        Color::Green => base + 2,
        Color::Yellow => base + 3,
        Color::Blue => base + 4,
        Color::Magenta => base + 5,
        Color::Cyan => base + 6,
        Color::Gray => base + 7,
        Color::DarkGray => bright,
        Color::LightRed => bright + 1,
        Color::LightGreen => bright + 2,
        Color::LightYellow => bright + 3,
        Color::LightBlue => bright + 4,
        Color::LightMagenta => bright + 5,
        Color::LightCyan => bright + 6,
        Color::White => bright + 7,
        Color::Indexed(i) => return Some(format!("{};5;{i}", if bg { 48 } else { 38 })),
        Color::Rgb(r, g, b) => return Some(format!("{};2;{r};{g};{b}", if bg { 48 } else { 38 })),
    };
    Some(code.to_string())
}

#[cfg(test)]
mod tests;
