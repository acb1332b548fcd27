//! `config.toml` read setting by setting, every problem kept with its line: the TOML is parsed
//! with its spans (`toml::de::DeTable`), then each known setting is read on its own, so one
//! wrong value costs that setting, never the file, and every problem is said at once.

use std::path::PathBuf;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::lenient::{self, truth, unknown};
use super::{Config, LayoutConfig, Problem, ViewSetting};
use crate::keymap::KeySetting;
use crate::theme::{StyleSetting, ThemeSetting, colour};

/// The top-level settings.
pub const TOP: &[&str] = &[
    "library",
    "state_dir",
    "mouse",
    "theme",
    "keys",
    "layout",
    "views",
];

/// Byte offsets to line numbers.
pub struct Lines<'a>(&'a str);

impl Lines<'_> {
    /// The line (from 1) of byte `offset`.
    pub fn at(&self, offset: usize) -> usize {
        let before = self.0.get(..offset.min(self.0.len())).unwrap_or("");
        before.matches('\n').count() + 1
    }
}

type Value<'i> = Spanned<DeValue<'i>>;

/// Reads `text`: the settings (defaults where it says nothing or is wrong) and its problems.
pub fn read(text: &str) -> (Config, Vec<Problem>) {
    let lines = Lines(text);
    let mut problems = Vec::new();
    let mut cfg = Config::default();
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(e) => {
            let line = e.span().map(|s| lines.at(s.start));
            problems.push(Problem::error(line, e.message().trim().to_owned()));
            return (cfg, problems);
        }
    };
    for (key, value) in root.get_ref().iter() {
        let line = lines.at(key.span().start);
        let mut error = |what: &str| problems.push(Problem::error(Some(line), what.to_owned()));
        match key.get_ref().as_ref() {
            "library" => match paths(value) {
                Some(p) => cfg.library = p,
                None => error("library must be a path or a list of paths: library = [\"~/news\"]"),
            },
            "state_dir" => match value.get_ref() {
                DeValue::String(s) => cfg.state_dir = Some(PathBuf::from(s.as_ref())),
                _ => error("state_dir must be a path in quotes: state_dir = \"~/Sync/kiosque\""),
            },
            "mouse" => match boolean(value.get_ref()) {
                Some(b) => cfg.mouse = b,
                None => error("mouse must be true or false"),
            },
            "theme" => cfg.theme = theme(value, &lines, &mut problems),
            "keys" => cfg.keys = keys(value, &lines, &mut problems),
            "layout" => {
                cfg.layout = lenient::table::<LayoutConfig>(value, "layout", &lines, &mut problems);
                clamp_measure(&mut cfg.layout, line, &mut problems);
            }
            "views" => cfg.views = views(value, &lines, &mut problems),
            other => problems.push(unknown("", other, TOP, line)),
        }
    }
    (cfg, problems)
}

/// A truth: true/false, or as people write it ("yes", 1).
fn boolean(v: &DeValue<'_>) -> Option<bool> {
    match v {
        DeValue::Boolean(b) => Some(*b),
        DeValue::String(s) => truth(s),
        DeValue::Integer(i) => match i.as_str() {
            "0" => Some(false),
            "1" => Some(true),
            _ => None,
        },
        _ => None,
    }
}

/// A list of paths, or one path for a list of one.
fn paths(v: &Value<'_>) -> Option<Vec<PathBuf>> {
    match v.get_ref() {
        DeValue::String(s) => Some(vec![PathBuf::from(s.as_ref())]),
        DeValue::Array(a) => a
            .iter()
            .map(|e| match e.get_ref() {
                DeValue::String(s) => Some(PathBuf::from(s.as_ref())),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

fn clamp_measure(layout: &mut LayoutConfig, line: usize, problems: &mut Vec<Problem>) {
    let (lo, hi) = super::MEASURE_RANGE;
    let m = layout.measure.clamp(lo, hi);
    if m != layout.measure {
        problems.push(Problem::warning(
            Some(line),
            format!(
                "layout.measure = {} is out of {lo}..{hi}; {m} is used",
                layout.measure
            ),
        ));
        layout.measure = m;
    }
}

/// `theme = "light"`, or `[theme]` with `base` and roles.
fn theme(v: &Value<'_>, lines: &Lines<'_>, problems: &mut Vec<Problem>) -> ThemeSetting {
    let mut out = ThemeSetting::default();
    let line = lines.at(v.span().start);
    let table = match v.get_ref() {
        DeValue::String(name) => {
            out.base = Some((name.to_string(), line));
            return out;
        }
        DeValue::Table(t) => t,
        _ => {
            problems.push(Problem::error(
                Some(line),
                "theme must be a theme's name (theme = \"light\") or a [theme] table",
            ));
            return out;
        }
    };
    for (role, value) in table.iter() {
        let line = lines.at(role.span().start);
        if role.get_ref() == "base" {
            match value.get_ref() {
                DeValue::String(name) => out.base = Some((name.to_string(), line)),
                _ => problems.push(Problem::error(
                    Some(line),
                    "theme.base must be a theme's name: \"default\", \"dark\" or \"light\"",
                )),
            }
            continue;
        }
        match style(role.get_ref(), value, lines, problems) {
            Ok(s) => out.roles.push((role.get_ref().to_string(), s, line)),
            Err(why) => problems.push(Problem::error(
                Some(line),
                format!("theme.{}: {why}", role.get_ref()),
            )),
        }
    }
    out
}

/// A role's style: words (`"white on red bold"`), a palette number, or a table of `fg`, `bg`
/// and attributes.
fn style(
    role: &str,
    v: &Value<'_>,
    lines: &Lines<'_>,
    problems: &mut Vec<Problem>,
) -> Result<StyleSetting, String> {
    let table =
        match v.get_ref() {
            DeValue::String(words) => return StyleSetting::parse_words(words),
            DeValue::Integer(i) => return colour::parse_colour(i.as_str()).map(fg_only),
            DeValue::Table(t) => t,
            _ => return Err(
                "write a colour (\"cyan\", \"#ff8800\", 208) or a table { fg = …, bold = true }"
                    .into(),
            ),
        };
    let mut s = StyleSetting::default();
    const KEYS: &[&str] = &["fg", "bg", "bold", "italic", "underline", "reverse", "dim"];
    for (k, value) in table.iter() {
        let key: &str = k.get_ref();
        let line = lines.at(k.span().start);
        let colour = || match value.get_ref() {
            DeValue::String(t) => colour::parse_colour(t),
            DeValue::Integer(i) => colour::parse_colour(i.as_str()),
            _ => Err("a colour is a name, \"#rrggbb\" or 0–255".into()),
        };
        match key {
            "fg" => s.fg = Some(colour()?),
            "bg" => s.bg = Some(colour()?),
            "plain" => s.plain = boolean(value.get_ref()).ok_or("plain must be true or false")?,
            _ => match colour::ATTRIBUTES.iter().find(|(n, _)| *n == key) {
                Some((_, m)) => {
                    let on =
                        boolean(value.get_ref()).ok_or(format!("{key} must be true or false"))?;
                    s.attrs.push((*m, on));
                }
                None => problems.push(unknown(&format!("theme.{role}"), key, KEYS, line)),
            },
        }
    }
    Ok(s)
}

fn fg_only(c: ratatui::style::Color) -> StyleSetting {
    StyleSetting {
        fg: Some(c),
        ..StyleSetting::default()
    }
}

/// `[keys]`: action = key, or a list of keys.
fn keys(v: &Value<'_>, lines: &Lines<'_>, problems: &mut Vec<Problem>) -> Vec<KeySetting> {
    let DeValue::Table(t) = v.get_ref() else {
        problems.push(Problem::error(
            Some(lines.at(v.span().start)),
            "keys must be a table: [keys] then lines such as next = [\"j\", \"Down\"]",
        ));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (action, value) in t.iter() {
        let line = lines.at(action.span().start);
        let text = |e: &DeValue<'_>| match e {
            DeValue::String(s) => Some(s.to_string()),
            // `1` for the key 1: a digit written without quotes means the digit.
            DeValue::Integer(i) if i.as_str().len() == 1 => Some(i.as_str().to_owned()),
            _ => None,
        };
        let keys: Option<Vec<String>> = match value.get_ref() {
            DeValue::Array(a) => a.iter().map(|e| text(e.get_ref())).collect(),
            one => text(one).map(|k| vec![k]),
        };
        match keys {
            Some(keys) => out.push(KeySetting {
                action: action.get_ref().to_string(),
                keys,
                line,
            }),
            None => problems.push(Problem::error(
                Some(line),
                format!(
                    "[keys] {}: write a key in quotes or a list of keys: {} = [\"j\", \"Down\"]",
                    action.get_ref(),
                    action.get_ref()
                ),
            )),
        }
    }
    out
}

/// `[[views]]` (tables of `name` and `query`), or `[views]` with name = query.
fn views(v: &Value<'_>, lines: &Lines<'_>, problems: &mut Vec<Problem>) -> Vec<ViewSetting> {
    let mut out = Vec::new();
    match v.get_ref() {
        DeValue::Array(a) => {
            for e in a.iter() {
                let mut view: ViewSetting = lenient::table(e, "views", lines, problems);
                let query_at = match e.get_ref() {
                    DeValue::Table(t) => t.get("query").map(|q| q.span().start),
                    _ => None,
                };
                view.line = lines.at(query_at.unwrap_or(e.span().start));
                if view.name.trim().is_empty() || query_at.is_none() {
                    problems.push(Problem::error(
                        Some(lines.at(e.span().start)),
                        "[[views]] needs a name and a query: name = \"À lire\", query = \"is:unread newer:7d\"",
                    ));
                    continue;
                }
                out.push(view);
            }
        }
        DeValue::Table(t) => {
            for (name, q) in t.iter() {
                let line = lines.at(name.span().start);
                match q.get_ref() {
                    DeValue::String(query) => out.push(ViewSetting {
                        name: name.get_ref().to_string(),
                        query: query.to_string(),
                        line,
                    }),
                    _ => problems.push(Problem::error(
                        Some(line),
                        format!("views.{}: a query is text in quotes", name.get_ref()),
                    )),
                }
            }
        }
        _ => problems.push(Problem::error(
            Some(lines.at(v.span().start)),
            "views: write [[views]] tables with a name and a query",
        )),
    }
    out
}
