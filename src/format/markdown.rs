//! Markdown with front matter: YAML between `---` lines, or TOML between `+++` lines.
//!
//! The front matter gives `title`, `date`, `section` (else `category`/`categories`, else the
//! first of `tags`), `author`/`authors`, and `description` (else `summary`, `subtitle`) as the
//! standfirst. The YAML read is the subset front matter uses: `key: value`, quoted values,
//! inline lists `[a, b]`, block lists (`- a`), folded and literal blocks (`>`, `|`). The body
//! is the Markdown text with its markup made plain: headings become intertitles, links their
//! text, images and HTML comments go.

use super::{Item, parse_date};

/// Does `text` open with front matter (a `---` or `+++` line, closed further down)?
pub fn has_front_matter(text: &str) -> bool {
    split(text).is_some()
}

/// The front matter, whether it is TOML, and the body.
fn split(text: &str) -> Option<(&str, bool, &str)> {
    let text = text.trim_start_matches('\u{feff}');
    let (fence, toml) = if text.starts_with("---\n") || text.starts_with("---\r\n") {
        ("---", false)
    } else if text.starts_with("+++\n") || text.starts_with("+++\r\n") {
        ("+++", true)
    } else {
        return None;
    };
    let rest = &text[text.find('\n')? + 1..];
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == fence || (!toml && bare == "...") {
            return Some((&rest[..at], toml, &rest[at + line.len()..]));
        }
        at += line.len();
    }
    None
}

/// The article of a Markdown file with front matter.
pub fn item(text: &str) -> Result<Item, String> {
    let (front, toml, body) = split(text).ok_or("no front matter")?;
    let fields = if toml {
        toml_fields(front)?
    } else {
        yaml_fields(front)
    };
    let get = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| fields.iter().find(|(key, _)| key == k))
            .map(|(_, v)| v.clone())
            .filter(|v: &Vec<String>| !v.is_empty())
    };
    let first = |keys: &[&str]| get(keys).and_then(|v| v.into_iter().next());
    let mut item = Item {
        section: first(&["section", "category", "categories", "tags"]),
        headline: first(&["title"]).unwrap_or_default(),
        standfirst: first(&["description", "summary", "subtitle"]),
        bylines: get(&["author", "authors"]).unwrap_or_default(),
        date_ns: first(&["date", "published", "pubDate"]).and_then(|d| parse_date(&d)),
        body: plain(body),
        ..Item::default()
    };
    if item.headline.is_empty() {
        // A heading at the top of the body is the title when the front matter has none.
        if let Some((first_line, rest)) = item.body.split_once("\n\n")
            && body.trim_start().starts_with('#')
        {
            item.headline = first_line.to_owned();
            item.body = rest.to_owned();
        }
    }
    if first(&["date", "published", "pubDate"]).is_some() && item.date_ns.is_none() {
        item.warnings
            .push("the front matter's date could not be read".into());
    }
    Ok(item)
}

/// Key → values of TOML front matter (strings, and arrays of strings; dates as written).
fn toml_fields(front: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let table: toml::Table =
        toml::from_str(front).map_err(|e| format!("the front matter: {}", e.message()))?;
    let value = |v: &toml::Value| match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Integer(i) => Some(i.to_string()),
        _ => None,
    };
    Ok(table
        .iter()
        .map(|(k, v)| {
            let values = match v {
                toml::Value::Array(a) => a.iter().filter_map(value).collect(),
                v => value(v).into_iter().collect(),
            };
            (k.to_ascii_lowercase(), values)
        })
        .collect())
}

/// Key → values of YAML front matter, as far as front matter uses YAML.
fn yaml_fields(front: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut block: Option<(String, bool)> = None; // a `>` or `|` block being read: key, folded
    for raw in front.lines() {
        let indented = raw.starts_with([' ', '\t']);
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if indented {
            if let Some(last) = out.last_mut() {
                if let Some(item) = line.strip_prefix("- ") {
                    last.1.push(unquote(item));
                } else if block.as_ref().is_some_and(|(k, _)| *k == last.0) {
                    match last.1.last_mut() {
                        Some(v) if !v.is_empty() => {
                            v.push(' ');
                            v.push_str(line);
                        }
                        _ => last.1 = vec![line.to_owned()],
                    }
                }
            }
            continue;
        }
        block = None;
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim();
        let values = if value.is_empty() {
            Vec::new()
        } else if value == ">" || value == "|" || value == ">-" || value == "|-" {
            block = Some((key.clone(), value.starts_with('>')));
            vec![String::new()]
        } else if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            inner
                .split(',')
                .map(unquote)
                .filter(|s| !s.is_empty())
                .collect()
        } else {
            vec![unquote(value)]
        };
        out.push((key, values));
    }
    out
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    let inner = s
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')));
    inner.unwrap_or(s).to_owned()
}

/// Markdown made plain text, blocks separated by a blank line.
fn plain(body: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut fenced = false;
    let flush = |current: &mut Vec<String>, blocks: &mut Vec<String>| {
        if !current.is_empty() {
            blocks.push(current.join("\n"));
            current.clear();
        }
    };
    for raw in body.lines() {
        let line = raw.trim_end();
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            current.push(line.to_owned());
            continue;
        }
        let t = line.trim();
        if t.is_empty() {
            flush(&mut current, &mut blocks);
            continue;
        }
        let hashes = t.len() - t.trim_start_matches('#').len();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            // A heading: an intertitle, on its own.
            flush(&mut current, &mut blocks);
            blocks.push(inline(t[hashes..].trim().trim_end_matches('#').trim()));
            continue;
        }
        let t = t.strip_prefix("> ").unwrap_or(t);
        current.push(inline(t));
    }
    flush(&mut current, &mut blocks);
    blocks.retain(|b| !b.trim().is_empty());
    blocks.join("\n\n")
}

/// Inline markup made plain: images and comments go, links keep their text, emphasis marks go.
fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find(['[', '!', '<', '*', '_', '`']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
        } else if tail.starts_with("![")
            && let Some((_, after)) = link(&tail[1..])
        {
            rest = after;
        } else if tail.starts_with('[')
            && let Some((text, after)) = link(tail)
        {
            out.push_str(text);
            rest = after;
        } else if tail.starts_with("**") || tail.starts_with("__") {
            rest = &tail[2..];
        } else if tail.starts_with(['*', '`'])
            || (tail.starts_with('_')
                && (!out.ends_with(char::is_alphanumeric)
                    || !tail[1..].starts_with(char::is_alphanumeric)))
        {
            rest = &tail[1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// `[text](target)` at the start of `s`: the text, and what follows.
fn link(s: &str) -> Option<(&str, &str)> {
    let close = s.find("](")?;
    let end = s[close..].find(')')? + close;
    Some((&s[1..close], &s[end + 1..]))
}
