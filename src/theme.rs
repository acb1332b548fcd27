//! The theme: every style kiosque draws with, in one place.
//!
//! Laid-out text carries semantic roles ([`Role`]); this module turns them into ratatui styles for
//! the reader pane and into SGR escape sequences for `kiosque show`. Colours are the 16 basic ones
//! so they follow the user's terminal palette on dark and light backgrounds alike.

use ratatui::style::{Color, Modifier, Style};

use crate::layout::Role;

/// The style of a piece of article text: its role, recoloured when it is inside a quotation.
///
/// The header has a hierarchy: the headline bold, the alternate headline a subdued italic, the
/// standfirst italic, the bylines grey italic.
pub fn style(role: Role, quote: Option<u8>) -> Style {
    let base = match role {
        Role::Section => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        Role::Headline => Style::new().add_modifier(Modifier::BOLD),
        Role::AltHeadline => Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
        Role::Standfirst => Style::new().add_modifier(Modifier::ITALIC),
        Role::Byline => Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
        Role::Warning => Style::new().fg(Color::Yellow),
        Role::Rule => Style::new().fg(Color::DarkGray),
        Role::Intertitle => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        Role::Body => Style::new(),
    };
    match quote {
        None => base,
        Some(0) => base.patch(QUOTE),
        Some(_) => base.patch(QUOTE_NESTED),
    }
}

/// [`style`], or with `mono` (`NO_COLOR`) its form without colour: quotations italic (underlined
/// in text already italic), intertitles bold and underlined, the rest as bold or italic as
/// it is in colour (SPEC §7: NO_COLOR removes colour only).
pub fn style_in(role: Role, quote: Option<u8>, mono: bool) -> Style {
    let styled = style(role, quote);
    if !mono {
        return styled;
    }
    let base = style(role, None).add_modifier;
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

/// The selected row of a list (`focused`: of the focused list); without colour, reverse video
/// for the focused list and an underline for the others.
pub fn selection(focused: bool, mono: bool) -> Style {
    match (focused, mono) {
        (true, false) => SELECTED,
        (false, false) => SELECTED_UNFOCUSED,
        (true, true) => Style::new().add_modifier(Modifier::REVERSED),
        (false, true) => Style::new().add_modifier(Modifier::UNDERLINED),
    }
}

/// A match of a find in the reader (`current`: the one `n` / `N` went to), laid over the
/// text's own style. Without colour, reverse video, and the current one bold and underlined
/// too, so it is told from the others.
pub fn find_match(current: bool, mono: bool) -> Style {
    match (current, mono) {
        (false, false) => MATCH,
        (true, false) => MATCH_CURRENT,
        (false, true) => Style::new().add_modifier(Modifier::REVERSED),
        (true, true) => {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
        }
    }
}

/// The status line (reverse video without colour).
pub fn status(mono: bool) -> Style {
    if mono {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        STATUS
    }
}

/// An alert in the status line (bold reverse video without colour).
pub fn alert(mono: bool) -> Style {
    if mono {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    } else {
        STATUS_ALERT
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

/// A quotation.
pub const QUOTE: Style = Style::new().fg(Color::Cyan);
/// A quotation inside a quotation.
pub const QUOTE_NESTED: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::ITALIC);

/// A match of a find in the reader (the `match` role).
pub const MATCH: Style = Style::new().fg(Color::Black).bg(Color::Yellow);
/// The current match of a find.
pub const MATCH_CURRENT: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::LightMagenta)
    .add_modifier(Modifier::BOLD);

/// The selected row of the focused list.
pub const SELECTED: Style = Style::new().fg(Color::Black).bg(Color::Cyan);
/// The selected row of a list without focus.
pub const SELECTED_UNFOCUSED: Style = Style::new().add_modifier(Modifier::REVERSED);
/// An unread article or a section with unread articles.
pub const UNREAD: Style = Style::new().add_modifier(Modifier::BOLD);
/// A read article.
pub const READ: Style = Style::new().fg(Color::DarkGray);
/// The unread marker and counts.
pub const MARKER: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
/// The star.
pub const STAR: Style = Style::new().fg(Color::Yellow);
/// A byline in the article list.
pub const LIST_BYLINE: Style = Style::new().fg(Color::DarkGray);
/// A date in the article list.
pub const LIST_DATE: Style = Style::new().fg(Color::DarkGray);
/// The border of the focused pane.
pub const BORDER_FOCUSED: Style = Style::new().fg(Color::Cyan);
/// The border of other panes.
pub const BORDER: Style = Style::new().fg(Color::DarkGray);
/// The status line.
pub const STATUS: Style = Style::new().fg(Color::Black).bg(Color::Gray);
/// A message in the status line that needs attention.
pub const STATUS_ALERT: Style = Style::new().fg(Color::White).bg(Color::Red);
/// The filter prompt.
pub const PROMPT: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
/// A key in the help screen.
pub const HELP_KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
/// Secondary text (hints, empty results).
pub const DIM: Style = Style::new().fg(Color::DarkGray);

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
mod tests {
    use super::*;

    #[test]
    fn quotations_are_recoloured_whatever_their_role() {
        for role in [
            Role::Body,
            Role::Headline,
            Role::Standfirst,
            Role::Intertitle,
        ] {
            assert_eq!(style(role, Some(0)).fg, QUOTE.fg);
            assert_ne!(style(role, None).fg, QUOTE.fg);
        }
        assert!(
            style(Role::Headline, Some(0))
                .add_modifier
                .contains(Modifier::BOLD)
        );
    }

    #[test]
    fn without_colour_every_role_keeps_a_difference() {
        let plain = style_in(Role::Body, None, true);
        assert_eq!(plain, Style::new());
        for role in [
            Role::Body,
            Role::Headline,
            Role::Standfirst,
            Role::Intertitle,
        ] {
            let s = style_in(role, Some(0), true);
            assert_eq!((s.fg, s.bg), (None, None));
            assert_ne!(
                s,
                style_in(role, None, true),
                "{role:?}: a quotation stands out"
            );
        }
        let inter = style_in(Role::Intertitle, None, true).add_modifier;
        assert!(inter.contains(Modifier::BOLD | Modifier::UNDERLINED));
        assert_ne!(style_in(Role::Headline, None, true), plain);
        assert!(
            selection(true, true)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
        assert_ne!(selection(false, true), Style::new());
        // Matches of a find: seen without colour, the current one apart.
        for current in [false, true] {
            let m = find_match(current, true);
            assert!(m.add_modifier.contains(Modifier::REVERSED));
            assert_eq!((m.fg, m.bg), (None, None));
        }
        assert_ne!(find_match(true, true), find_match(false, true));
        assert_ne!(find_match(true, false), find_match(false, false));
        // Colour on: the styles as they are.
        assert_eq!(
            style_in(Role::Body, Some(0), false),
            style(Role::Body, Some(0))
        );
    }

    #[test]
    fn the_headline_outranks_the_standfirst() {
        let h = style(Role::Headline, None);
        let s = style(Role::Standfirst, None);
        assert!(h.add_modifier.contains(Modifier::BOLD));
        assert!(!s.add_modifier.contains(Modifier::BOLD));
        assert_ne!(h, s);
    }

    #[test]
    fn sgr_codes() {
        assert_eq!(sgr(Style::new()), "");
        assert_eq!(sgr(QUOTE), "\x1b[36m");
        assert_eq!(sgr(style(Role::Section, None)), "\x1b[1;31m");
    }
}
