//! RSS 2.0, Atom and JSON Feed files saved on disk (read by `feed-rs`): every item is an
//! article, its section the item's category, else the feed's title. Only the entities XML
//! predefines are resolved (no DTD is expanded: a "billion laughs" file costs nothing).

use super::{Item, html};

/// The articles of a feed.
pub fn items(text: &str) -> Result<Vec<Item>, String> {
    let feed = feed_rs::parser::parse(text.as_bytes())
        .map_err(|e| format!("not a feed that can be read ({e})"))?;
    let feed_title = feed.title.as_ref().map(|t| html::inline_text(&t.content));
    Ok(feed
        .entries
        .iter()
        .map(|e| {
            let category = e
                .categories
                .iter()
                .map(|c| c.label.clone().unwrap_or_else(|| c.term.clone()))
                .find(|c| !c.trim().is_empty());
            let content = e
                .content
                .as_ref()
                .and_then(|c| {
                    let plain = c.content_type.to_string().starts_with("text/plain");
                    c.body.as_deref().map(|b| {
                        if plain {
                            b.to_owned()
                        } else {
                            html::fragment_text(b)
                        }
                    })
                })
                .filter(|c| !c.trim().is_empty());
            // Without a content, the summary is the body (its paragraphs kept); with one, it is
            // the standfirst.
            let (standfirst, body) = match content {
                Some(body) => (
                    e.summary.as_ref().map(|s| html::inline_text(&s.content)),
                    body,
                ),
                None => (
                    None,
                    e.summary
                        .as_ref()
                        .map(|s| html::fragment_text(&s.content))
                        .unwrap_or_default(),
                ),
            };
            Item {
                section: category.or_else(|| feed_title.clone()),
                headline: e
                    .title
                    .as_ref()
                    .map(|t| html::inline_text(&t.content))
                    .unwrap_or_default(),
                standfirst,
                bylines: e.authors.iter().filter_map(|p| p.name.clone()).collect(),
                date_ns: e
                    .published
                    .or(e.updated)
                    .and_then(|d| d.timestamp_nanos_opt()),
                body,
                ..Item::default()
            }
        })
        .collect())
}
