//! The other stored formats of SPEC §3b, recognised by content: Markdown with YAML or TOML
//! front matter, RSS 2.0 / Atom / JSON Feed files (every item an article), saved HTML pages.
//!
//! ```text
//!  cleaned text ─► detect ─► Stored (the seed's format, or plain text: crate::parse)
//!                        └─► markdown / feed / html ─► Vec<Item> ─► Item::article
//! ```
//!
//! Each format gives [`Item`]s: header fields, a date when the file states one, and the body as
//! text (paragraphs separated by a blank line, intertitles on a line of their own), the same
//! shape the seed's format has once parsed, so the body is split into blocks and searched for
//! quotations by the same code ([`crate::parse::body_blocks`]). Every field is cleaned again
//! (SPEC §8): entities and escapes of XML, JSON and HTML could otherwise rebuild what the
//! choke point removed from the raw bytes.

mod feed;
mod html;
mod markdown;

use crate::article::{Article, Text};

/// What a file's text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The seed's format, or any other text (the first line is the headline).
    Stored,
    /// Markdown with front matter.
    Markdown,
    /// An RSS, Atom or JSON feed.
    Feed,
    /// A saved web page.
    Html,
}

/// Tells what a file's text is, by its content (its first bytes).
pub fn detect(text: &str) -> Kind {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let head: String = start
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if markdown::has_front_matter(text) {
        Kind::Markdown
    } else if head.starts_with("<?xml") || head.starts_with("<rss") || head.starts_with("<feed") {
        // An XML file that is not a feed (a sitemap, an SVG) still becomes an article: the
        // feed reader says so and the text is read as plain text.
        if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") {
            Kind::Feed
        } else {
            Kind::Stored
        }
    } else if head.starts_with('{') && head.contains("jsonfeed.org/version") {
        Kind::Feed
    } else if head.starts_with("<!doctype html") || head.starts_with("<html") {
        Kind::Html
    } else {
        Kind::Stored
    }
}

/// One article of a file in another format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// Its section (a feed's title, an item's category, a page's section), if stated.
    pub section: Option<String>,
    /// Headline.
    pub headline: String,
    /// Alternate headline.
    pub alt_headline: Option<String>,
    /// Standfirst (a description, a summary).
    pub standfirst: Option<String>,
    /// Bylines.
    pub bylines: Vec<String>,
    /// The date it states, in nanoseconds since the epoch.
    pub date_ns: Option<i64>,
    /// The body: blocks separated by a blank line.
    pub body: String,
    /// What was odd about it.
    pub warnings: Vec<String>,
}

/// The articles of a file of kind `kind` (not [`Kind::Stored`]); an error says why the file
/// could not be read as that format.
pub fn items(text: &str, kind: Kind) -> Result<Vec<Item>, String> {
    let mut items = match kind {
        Kind::Stored => return Err("not a file of another format".into()),
        Kind::Markdown => vec![markdown::item(text)?],
        Kind::Feed => feed::items(text)?,
        Kind::Html => vec![html::item(text)],
    };
    for item in &mut items {
        item.clean();
    }
    Ok(items)
}

/// One line of text: cleaned (SPEC §8), its white space collapsed.
fn line(text: &str) -> String {
    let (cleaned, _) = crate::sanitize::clean(text);
    cleaned
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Item {
    /// Cleans every field, and gives a headline to an item without one.
    fn clean(&mut self) {
        self.section = self.section.as_deref().map(line).filter(|s| !s.is_empty());
        self.headline = line(&self.headline);
        self.alt_headline = self
            .alt_headline
            .as_deref()
            .map(line)
            .filter(|s| !s.is_empty());
        self.standfirst = self
            .standfirst
            .as_deref()
            .map(line)
            .filter(|s| !s.is_empty());
        let bylines: Vec<String> = self.bylines.iter().map(|b| line(b)).collect();
        self.bylines.clear();
        for b in bylines {
            if !b.is_empty() && !self.bylines.contains(&b) {
                self.bylines.push(b);
            }
        }
        let (body, _) = crate::sanitize::clean(&self.body);
        self.body = body.into_owned();
        if self.headline.is_empty() {
            // Never an empty row: the body's first words, else a word that says so.
            let first: String = self
                .body
                .split_whitespace()
                .take(12)
                .collect::<Vec<_>>()
                .join(" ");
            self.headline = if first.is_empty() {
                "(untitled)".to_owned()
            } else {
                first
            };
        }
    }

    /// The article, quotations found: what the reader shows.
    pub fn article(&self) -> Article {
        let mut article = self.header();
        article.blocks = crate::parse::body_blocks(&self.body);
        crate::parse::find_quotes(&mut article);
        article
    }

    /// The article without its body (what the list needs), its body hashed.
    pub fn header(&self) -> Article {
        Article {
            label: self.section.clone(),
            headline: Text::plain(self.headline.clone()),
            alt_headline: self.alt_headline.clone().map(Text::plain),
            standfirst: self.standfirst.clone().map(Text::plain),
            bylines: self.bylines.clone(),
            warnings: self.warnings.clone(),
            body_hash: crate::parse::body_hash(&self.body),
            ..Article::default()
        }
    }
}

/// A date as files write it: RFC 3339 (`2024-03-12T15:05:09+01:00`, or without an offset:
/// UTC), RFC 2822 (`Tue, 12 Mar 2024 15:05:09 +0100`), or a day (`2024-03-12`, midnight UTC);
/// nanoseconds since the epoch.
pub fn parse_date(text: &str) -> Option<i64> {
    let t = text.trim().trim_matches(|c| c == '"' || c == '\'');
    let ns = |ts: jiff::Timestamp| i64::try_from(ts.as_nanosecond()).ok();
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return ns(ts);
    }
    if let Ok(dt) = t.parse::<jiff::civil::DateTime>() {
        return ns(jiff::tz::TimeZone::UTC.to_timestamp(dt).ok()?);
    }
    if let Ok(d) = t.parse::<jiff::civil::Date>() {
        return ns(jiff::tz::TimeZone::UTC
            .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
            .ok()?);
    }
    jiff::fmt::rfc2822::parse(t)
        .ok()
        .and_then(|z| ns(z.timestamp()))
}

#[cfg(test)]
mod tests;
