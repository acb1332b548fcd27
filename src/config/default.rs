//! `kiosque config default`: a complete, commented `config.toml`, written from the tables that
//! define the settings (the key table, the theme's roles, `LayoutConfig`), so it cannot fall
//! behind them. `config check` accepts it without a word (tested).

use std::fmt::Write;

use super::LayoutConfig;
use crate::keymap::{Key, Keymap, key_name};
use crate::theme::{ROLES, Theme, colour};

/// What each `[layout]` setting does, for its comment (a field without one is still written).
const LAYOUT_DOCS: &[(&str, &str)] = &[
    (
        "measure",
        "The widest line of article text, in columns (20 to 400), centred in a wider pane.",
    ),
    (
        "sections_width",
        "The sections pane on a terminal of 100 columns or more, in columns; 0: a fifth of\n# the width, 18 to 30 columns.",
    ),
    (
        "reader_width",
        "The reader pane beside the lists, in columns; 0: three fifths of what the sections\n# leave, up to the measure and its margins.",
    ),
    (
        "byline_column",
        "A byline column in the article list (when the list is 50 columns wide or more).",
    ),
    (
        "date_column",
        "A date column at the end of each row of the article list.",
    ),
];

const HEADER: &str = "\
# kiosque's configuration: <config dir>/config.toml (~/.config/kiosque/config.toml on Linux,
# or the folder given with --config-dir or KIOSQUE_CONFIG_DIR).
#
# Written by `kiosque config default`: every setting, at its default. Keep what you change.
# `kiosque config check` reads a file as kiosque does and says every problem with its line.
# An unknown setting is a warning (shown by `w` in the reader); a wrong value is an error.

# Where articles come from when kiosque is run without a PATH: files and folders, ~ for your
# home. Empty: <data dir>/articles when it exists, else the article bundled with kiosque.
library = []

# Where marks and reading positions are kept (default: <config dir>/state), e.g. a folder
# that Syncthing, Nextcloud, Dropbox or git keeps in step between machines.
# state_dir = \"~/Sync/kiosque\"

# The mouse in the reader: a click selects, a double click opens, the wheel scrolls.
mouse = true
";

/// The default `config.toml`, commented.
pub fn default_text() -> String {
    let mut out = String::from(HEADER);
    theme(&mut out);
    keys(&mut out);
    layout(&mut out);
    out.push_str(
        "
# Saved views: queries (the language of / in the reader, see the README) shown at the top of
# the sections pane, after All, with their unread/total counts; selected like a section.
# [[views]]
# name = \"To read\"
# query = \"is:unread newer:7d\"
#
# [[views]]
# name = \"Politics, not the budget\"
# query = \"section:politique -budget sort:old\"
",
    );
    out
}

fn theme(out: &mut String) {
    let _ = write!(
        out,
        "
# Colours. A built-in theme: \"default\" (the terminal's 16 colours, for any background),
# \"dark\" or \"light\" (24-bit colours for that background); `theme = \"light\"` alone works too.
# Then any role below, as words: a colour (a name such as cyan or light_blue, #rrggbb, or a
# number 0-255; default: the terminal's own), \"on\" and a background colour, attributes
# (bold, italic, underline, reverse, dim; not-bold removes one), plain (start from nothing);
# or as a table: quote = {{ fg = \"#ff8800\", bg = 236, italic = true }}.
# A role keeps what its setting does not say. With NO_COLOR set no colour is drawn at all.
# The default theme's roles:
[theme]
base = \"default\"
"
    );
    let t = Theme::default();
    for (name, help) in ROLES {
        let Some(style) = t.role(name) else { continue };
        let value = toml::Value::String(colour::describe(style)).to_string();
        let _ = writeln!(out, "# {name} = {value:<34} # {help}");
    }
}

/// A key as written in `[keys]`: the help's name, arrows spelled out.
fn written(k: &Key) -> String {
    let name = key_name(k);
    let name = match name.as_str() {
        "↓" => "Down",
        "↑" => "Up",
        "←" => "Left",
        "→" => "Right",
        other => other,
    };
    toml::Value::String(name.to_owned()).to_string()
}

fn keys(out: &mut String) {
    out.push_str(
        "
# Keys: an action's name (as ? shows it) = a key or a list of keys. A key is one character
# (\"j\", \"G\", \"/\"), a name (Down, Up, Left, Right, Home, End, PgDn, PgUp, Tab, Shift-Tab,
# Enter, Esc, Space, Backspace, Delete, Insert, F1 to F12) or Ctrl- and a letter (\"Ctrl-d\").
# The keys given replace the action's defaults; [] leaves it without a key. One key for two
# actions of the lists and reader (or of the prompt) is an error naming both.
[keys]
",
    );
    let map = Keymap::default();
    for b in map.names() {
        let keys: Vec<String> = b.keys.iter().map(written).collect();
        let _ = writeln!(out, "{} = [{}]  # {}", b.name, keys.join(", "), b.help);
    }
}

fn layout(out: &mut String) {
    out.push_str("\n# The screen.\n[layout]\n");
    let table = toml::to_string(&LayoutConfig::default()).unwrap_or_default();
    for line in table.lines() {
        let key = line.split('=').next().unwrap_or("").trim();
        if let Some((_, doc)) = LAYOUT_DOCS.iter().find(|(k, _)| *k == key) {
            let _ = writeln!(out, "# {doc}");
        }
        let _ = writeln!(out, "{line}");
    }
}
