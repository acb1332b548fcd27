//! Saved HTML pages (read by `scraper`/`html5ever`, as a browser would): the headline, byline,
//! date, section and standfirst from the page's own metadata, the body from its main content.
//! Scripts, styles, navigation, headers, footers, forms and asides are never shown.

use std::collections::HashSet;

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};

use super::{Item, parse_date};

/// Elements whose whole content is never text of the article.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "iframe",
    "template", "button", "select", "textarea", "object", "canvas", "head", "title", "menu",
];

/// Elements that make a block of their own.
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dt",
    "dd",
    "figcaption",
    "td",
    "th",
    "div",
    "section",
    "article",
    "main",
    "address",
];

fn select(html: &Html, css: &str) -> Vec<String> {
    // A selector that does not parse selects nothing (they are all written here, and tested).
    let Ok(sel) = Selector::parse(css) else {
        return Vec::new();
    };
    html.select(&sel)
        .filter_map(|e| {
            e.value()
                .attr("content")
                .or_else(|| e.value().attr("datetime"))
                .map(str::to_owned)
                .or_else(|| Some(text_of(e)))
        })
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

fn first(html: &Html, selectors: &[&str]) -> Option<String> {
    selectors
        .iter()
        .find_map(|s| select(html, s).into_iter().next())
}

/// Deeper than this, a page is flattened before it is parsed: an HTML parser checks the open
/// elements at every tag, so 100 000 nested `div`s cost it minutes; no real page nests this
/// deep.
const MAX_DEPTH: usize = 256;

/// Container tags a flattened page loses (their text stays, in order).
const FLATTENED: &[&str] = &[
    "div",
    "span",
    "section",
    "article",
    "main",
    "table",
    "tbody",
    "thead",
    "tr",
    "td",
    "th",
    "font",
    "b",
    "i",
    "u",
    "em",
    "strong",
    "a",
    "center",
    "ul",
    "ol",
    "small",
    "big",
    "sup",
    "sub",
    "blockquote",
    "dl",
    "label",
    "nobr",
];

/// `html`, or, when its elements nest deeper than [`MAX_DEPTH`], the same without its
/// container tags.
fn shallow(html: &str) -> std::borrow::Cow<'_, str> {
    let tag_name = |t: &str| -> String {
        t.trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for (i, _) in html.match_indices('<') {
        let rest = &html[i..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        if tag.starts_with("</") {
            depth = depth.saturating_sub(1);
        } else if !tag.starts_with("<!") && !tag.ends_with('/') && !is_void(&tag_name(tag)) {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    if deepest <= MAX_DEPTH {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find('>').map_or(tail.len(), |e| e + 1);
        if !FLATTENED.contains(&tag_name(&tail[..end]).as_str()) {
            out.push_str(&tail[..end]);
        } else {
            out.push(' ');
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// The article of a saved page.
pub fn item(text: &str) -> Item {
    let html = Html::parse_document(&shallow(text));
    let headline = first(
        &html,
        &[
            "meta[property='og:title']",
            "meta[name='twitter:title']",
            "article h1",
            "h1",
            "title",
        ],
    )
    .unwrap_or_default();
    let root = main_content(&html);
    let mut blocks = root.map(blocks_of).unwrap_or_default();
    // The headline is not also the body's first block.
    if blocks.first().is_some_and(|b| b == &headline) {
        blocks.remove(0);
    }
    let bylines = first(
        &html,
        &[
            "meta[name='author']",
            "meta[property='article:author']",
            "[rel='author']",
            "[itemprop='author']",
            ".byline",
            ".author",
        ],
    )
    .filter(|b| b.chars().count() <= 120)
    .into_iter()
    .collect();
    let date = first(
        &html,
        &[
            "meta[property='article:published_time']",
            "meta[name='date']",
            "meta[name='pubdate']",
            "meta[name='dc.date']",
            "meta[itemprop='datePublished']",
            "time[datetime]",
        ],
    );
    Item {
        section: first(&html, &["meta[property='article:section']"]),
        headline,
        standfirst: first(
            &html,
            &[
                "meta[name='description']",
                "meta[property='og:description']",
            ],
        ),
        bylines,
        date_ns: date.as_deref().and_then(parse_date),
        body: blocks.join("\n\n"),
        ..Item::default()
    }
}

/// The page's main content: its `article` (the one with the most text), else `main`, else the
/// body.
fn main_content(html: &Html) -> Option<ElementRef<'_>> {
    let pick = |css: &str| {
        let sel = Selector::parse(css).ok()?;
        html.select(&sel).max_by_key(|e| text_of(*e).len())
    };
    pick("article")
        .or_else(|| pick("main"))
        .or_else(|| pick("[role='main']"))
        .or_else(|| pick("body"))
}

/// The text of a fragment of HTML (a feed item's content), as blocks separated by a blank line.
pub fn fragment_text(fragment: &str) -> String {
    let html = Html::parse_fragment(&shallow(fragment));
    blocks_of(html.root_element()).join("\n\n")
}

/// The text of a title that may hold markup or entities, on one line.
pub fn inline_text(s: &str) -> String {
    if !s.contains(['<', '&']) {
        return s.to_owned();
    }
    let html = Html::parse_fragment(s);
    text_of(html.root_element())
}

fn name(node: NodeRef<'_, Node>) -> Option<&str> {
    node.value().as_element().map(|e| e.name())
}

fn skipped(node: NodeRef<'_, Node>) -> bool {
    name(node).is_some_and(|n| SKIPPED.contains(&n))
}

fn is_block(node: NodeRef<'_, Node>) -> bool {
    name(node).is_some_and(|n| BLOCKS.contains(&n))
}

/// The text of an element, its skipped parts left out, white space collapsed. Iterative: a
/// page nested 100 000 deep costs no stack.
fn text_of(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    let mut skip_until: Option<NodeRef<'_, Node>> = None;
    for edge in el.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => {
                if skip_until.is_some() {
                    continue;
                }
                if skipped(node) {
                    skip_until = Some(node);
                } else if let Node::Text(t) = node.value() {
                    out.push_str(t);
                } else if name(node) == Some("br") || is_block(node) {
                    out.push(' ');
                }
            }
            ego_tree::iter::Edge::Close(node) => {
                if skip_until == Some(node) {
                    skip_until = None;
                }
            }
        }
    }
    out.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// The block elements of `el` that hold other block elements, in one pass (a block holds a
/// block when one of its children in the tree of blocks does).
fn containers(el: ElementRef<'_>) -> HashSet<NodeId> {
    let mut set = HashSet::new();
    let mut open: Vec<NodeId> = Vec::new();
    for edge in el.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) if is_block(node) => {
                if let Some(&parent) = open.last() {
                    set.insert(parent);
                }
                open.push(node.id());
            }
            ego_tree::iter::Edge::Close(node) if is_block(node) => {
                open.pop();
            }
            _ => {}
        }
    }
    set
}

/// The blocks of an element: each innermost block element's text (text outside any block
/// element, in a container, is a block too).
fn blocks_of(el: ElementRef<'_>) -> Vec<String> {
    let containers = containers(el);
    let mut blocks = Vec::new();
    let mut loose = String::new();
    let mut skip_until: Option<NodeRef<'_, Node>> = None;
    let flush = |loose: &mut String, blocks: &mut Vec<String>| {
        let t = loose.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            blocks.push(t);
        }
        loose.clear();
    };
    for edge in el.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => {
                if skip_until.is_some() {
                    continue;
                }
                if skipped(node) {
                    skip_until = Some(node);
                } else if is_block(node) && !containers.contains(&node.id()) {
                    // An innermost block: one block of the article.
                    flush(&mut loose, &mut blocks);
                    if let Some(e) = ElementRef::wrap(node) {
                        let t = text_of(e);
                        if !t.is_empty() {
                            blocks.push(t);
                        }
                    }
                    skip_until = Some(node);
                } else if is_block(node) {
                    flush(&mut loose, &mut blocks);
                } else if let Node::Text(t) = node.value() {
                    loose.push_str(t);
                } else if name(node) == Some("br") {
                    loose.push(' ');
                }
            }
            ego_tree::iter::Edge::Close(node) => {
                if skip_until == Some(node) {
                    skip_until = None;
                }
            }
        }
    }
    flush(&mut loose, &mut blocks);
    blocks
}
