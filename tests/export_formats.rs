//! The HTML page and the Markdown digest of `kiosque export`, read back as a reader would: the
//! HTML as XML (it is XHTML syntax), the Markdown through a CommonMark parser (pulldown-cmark,
//! with GitHub's extensions on). Both are checked against `list --query` (the same articles,
//! grouped by section, in the list's order) and against `parse` (every article whole: header,
//! body, quotations set apart), and a hostile article reaches neither raw.

#[path = "support/export.rs"]
mod kx;
mod support;
#[path = "support/xml.rs"]
mod xml;

use std::collections::{BTreeSet, HashMap};

use kx::{Listed, env, export, list, text};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use support::Env;

/// The queries the digests are checked with: every kind of term, an order, nothing.
const QUERIES: &[&str] = &[
    "",
    "section:sport",
    "quote:nous",
    "sort:old",
    "sort:title -section:sport",
    "canicule or by:afp",
    "\"gazole\"",
];

/// Checks a digest's contents — (section, its article ids) in order — and its articles' ids
/// in order against `list --query`: the same articles, each section once, in the order of the
/// sections pane, the list's order within each, the articles in the order of the contents.
fn check_against_list(
    query: &str,
    listed: &[Listed],
    toc: &[(String, Vec<String>)],
    body: &[String],
) {
    let toc_ids: Vec<String> = toc.iter().flat_map(|(_, ids)| ids.clone()).collect();
    assert_eq!(toc_ids, body, "{query}: the articles follow the contents");
    let want: BTreeSet<&str> = listed.iter().map(|l| l.id.as_str()).collect();
    let got: BTreeSet<&str> = body.iter().map(String::as_str).collect();
    assert_eq!(got, want, "{query}: the same articles as list");
    assert_eq!(body.len(), listed.len(), "{query}: each article once");
    for (section, ids) in toc {
        let in_list: Vec<&str> = listed
            .iter()
            .filter(|l| l.section == *section)
            .map(|l| l.id.as_str())
            .collect();
        assert_eq!(
            ids.iter().map(String::as_str).collect::<Vec<_>>(),
            in_list,
            "{query}: {section}"
        );
    }
    let names: Vec<String> = toc.iter().map(|(s, _)| s.to_lowercase()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|s| (s == "(no section)", s.clone()));
    assert_eq!(names, sorted, "{query}: sections in the pane's order");
}

/// The HTML digest of `query`, parsed as XML.
fn html(env: &Env, query: &str) -> (String, Vec<xml::Element>) {
    let o = export(env, &["--format", "html", "--query", query, "-o", "-"]);
    assert!(o.status.success(), "{query}: {}", text(&o.stderr));
    let page = text(&o.stdout);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang="), "{query}");
    let tree = xml::parse(page.trim_start_matches("<!DOCTYPE html>\n"))
        .unwrap_or_else(|e| panic!("{query}: not well-formed: {e}"));
    (page, tree)
}

#[test]
fn html_is_the_list_s_articles_each_whole_with_a_contents_by_section() {
    let env = env();
    let parsed = kx::parsed(&env);
    let json = kx::list_json(&env);
    for &query in QUERIES {
        let (_, tree) = html(&env, query);
        let ids: BTreeSet<&str> = tree.iter().filter_map(|e| e.attr("id")).collect();
        // The contents: in the nav, a link per section, then one per article under it.
        let nav = tree.iter().position(|e| e.name == "nav").unwrap();
        let mut toc: Vec<(String, Vec<String>)> = Vec::new();
        for a in tree[nav + 1..]
            .iter()
            .take_while(|e| e.depth > tree[nav].depth)
            .filter(|e| e.name == "a")
        {
            let href = a.attr("href").unwrap().strip_prefix('#').unwrap();
            assert!(ids.contains(href), "{query}: #{href} leads nowhere");
            if href.starts_with("s-") {
                toc.push((a.text.clone(), Vec::new()));
            } else {
                toc.last_mut().unwrap().1.push(href[2..18].to_owned());
            }
        }
        // The sections in the page: a heading each, in the contents' order.
        let parts: Vec<&str> = tree
            .iter()
            .enumerate()
            .filter(|(_, e)| e.name == "section")
            .map(|(i, _)| tree[i + 1].text.as_str())
            .collect();
        let names: Vec<&str> = toc.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(parts, names, "{query}");
        let body = kx::check_articles(&tree, &parsed, &json);
        check_against_list(query, &list(&env, query), &toc, &body);
    }
}

#[test]
fn html_shows_a_hostile_article_as_text_and_fetches_nothing() {
    let env = env();
    let (page, tree) = html(&env, "section:sciences");
    kx::check_hostile_xml(&page);
    assert_eq!(tree.iter().filter(|e| e.name == "body").count(), 1);
    // Self-contained: the style inline, no script, nothing fetched.
    assert!(page.contains("<style>") && page.contains(".quote {"));
    for e in &tree {
        assert!(
            !matches!(e.name.as_str(), "script" | "link" | "img" | "iframe"),
            "{}",
            e.name
        );
        assert!(e.attr("src").is_none() && e.attr("style").is_none());
        assert!(e.attrs.iter().all(|(k, _)| !k.starts_with("on")), "{e:?}");
        assert!(e.attr("href").is_none_or(|h| h.starts_with('#')), "{e:?}");
    }
    let title = tree.iter().find(|e| e.name == "title").unwrap();
    assert_eq!(title.text, "kiosque digest: section:sciences");
}

/// Blocks of text as read: ("h4" or "p", the text).
type Blocks = Vec<(String, String)>;

/// What a CommonMark parser reads in a Markdown digest.
#[derive(Default)]
struct Read {
    /// (section, article ids) of the contents.
    toc: Vec<(String, Vec<String>)>,
    /// The articles: id, headline, then their blocks after it.
    articles: Vec<(String, String, Blocks)>,
    /// The text set in emphasis (outermost), article by article.
    emphasis: HashMap<String, Vec<String>>,
    /// Every piece of raw HTML.
    html: Vec<String>,
}

/// Whitespace collapsed (Markdown joins a paragraph's lines; kiosque trims them).
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read_markdown(md: &str) -> Read {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM;
    let mut r = Read::default();
    let mut lists = 0;
    let mut buf = String::new();
    let mut anchor = String::new();
    let mut em = 0;
    let mut em_buf = String::new();
    // The level of the heading being read.
    let mut heading: Option<u8> = None;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(Tag::List(_)) => lists += 1,
            Event::End(TagEnd::List(_)) => lists -= 1,
            Event::Start(Tag::Link { dest_url, .. }) if lists > 0 => {
                anchor = dest_url.to_string();
                buf.clear();
            }
            Event::End(TagEnd::Link) if lists > 0 => {
                if lists == 1 {
                    r.toc.push((buf.clone(), Vec::new()));
                } else {
                    let id = anchor.strip_prefix("#a-").unwrap()[..16].to_owned();
                    r.toc.last_mut().unwrap().1.push(id);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(level as u8);
                buf.clear();
                anchor.clear();
            }
            Event::Start(Tag::Paragraph) => {
                heading = None;
                buf.clear();
                anchor.clear();
            }
            Event::End(TagEnd::Heading(level)) if level as u8 == 3 => {
                let id = anchor.strip_prefix("a-").unwrap()[..16].to_owned();
                heading = None;
                // Emphasis in the headline, read before its id was known.
                if let Some(pending) = r.emphasis.remove("") {
                    r.emphasis.insert(id.clone(), pending);
                }
                r.articles.push((id, squeeze(&buf), Vec::new()));
            }
            Event::End(end @ (TagEnd::Heading(_) | TagEnd::Paragraph)) if lists == 0 => {
                let kind = if end == TagEnd::Paragraph { "p" } else { "h4" };
                if let Some(a) = r.articles.last_mut()
                    && (kind == "p" || end == TagEnd::Heading(pulldown_cmark::HeadingLevel::H4))
                {
                    a.2.push((kind.to_owned(), squeeze(&buf)));
                }
            }
            Event::Start(Tag::Emphasis) => {
                em += 1;
                if em == 1 {
                    em_buf.clear();
                }
            }
            Event::End(TagEnd::Emphasis) => {
                em -= 1;
                // Until the headline's end, its article is not known: kept under "".
                let article = if heading == Some(3) {
                    String::new()
                } else {
                    r.articles.last().map(|a| a.0.clone()).unwrap_or_default()
                };
                if em == 0 {
                    r.emphasis
                        .entry(article)
                        .or_default()
                        .push(squeeze(&em_buf));
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                buf.push_str(&t);
                if em > 0 {
                    em_buf.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                buf.push(' ');
                em_buf.push(' ');
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if let Some(id) = h
                    .strip_prefix("<a id=\"")
                    .and_then(|h| h.strip_suffix("\">"))
                {
                    anchor = id.to_owned();
                }
                r.html.push(h.to_string());
            }
            _ => {}
        }
    }
    r
}

fn markdown(env: &Env, query: &str) -> String {
    let o = export(env, &["--format", "md", "--query", query, "-o", "-"]);
    assert!(o.status.success(), "{query}: {}", text(&o.stderr));
    text(&o.stdout)
}

#[test]
fn markdown_reads_back_as_the_list_s_articles_each_whole() {
    let env = env();
    let parsed = kx::parsed(&env);
    let json = kx::list_json(&env);
    let (mut quotes, mut italic) = (0, 0);
    for &query in QUERIES {
        let md = markdown(&env, query);
        let r = read_markdown(&md);
        // No HTML but the anchors: nothing of an article is read as markup.
        for h in &r.html {
            let anchor = h.starts_with("<a id=\"") && h.ends_with("\">") && h.len() < 40;
            assert!(anchor || h == "</a>", "{query}: raw HTML {h:?}");
        }
        let body: Vec<String> = r.articles.iter().map(|a| a.0.clone()).collect();
        check_against_list(query, &list(&env, query), &r.toc, &body);
        for (id, headline, blocks) in &r.articles {
            let p = &parsed[id];
            assert_eq!(*headline, squeeze(p["headline"].as_str().unwrap()), "{id}");
            // The text comes back as it was: every character, none read as markup.
            let mut want: Vec<(String, String)> = Vec::new();
            if let Some(alt) = p["alt_headline"].as_str() {
                want.push(("h4".into(), squeeze(alt)));
            }
            let mut meta = vec![json[id]["section"].as_str().unwrap().to_owned()];
            let byline: Vec<String> = p["bylines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_str().unwrap().to_owned())
                .collect();
            meta.extend(byline);
            let meta = meta.join(" · ");
            let meta_at = want.len();
            let (kind, line) = &blocks[meta_at];
            assert_eq!(kind, "p");
            assert!(line.starts_with(&squeeze(&meta)), "{id}: {line} / {meta}");
            want.push(("p".into(), line.clone()));
            if let Some(s) = p["standfirst"].as_str() {
                want.push(("p".into(), squeeze(s)));
            }
            for b in p["blocks"].as_array().unwrap() {
                let kind = if b["kind"] == "intertitle" { "h4" } else { "p" };
                want.push((kind.into(), squeeze(b["text"].as_str().unwrap())));
            }
            assert_eq!(*blocks, want, "{id}");
            // Quotations in italics: each italic text (but the header line) one of the
            // article's quotations, in order; most quotations in italics.
            let all: Vec<String> = kx::quotes_of(p).iter().map(|q| squeeze(q)).collect();
            let mut em = r.emphasis.get(id).cloned().unwrap_or_default();
            let line = em.iter().position(|e| *e == want[meta_at].1);
            em.remove(line.unwrap_or_else(|| panic!("{id}: the header line is not in italics")));
            let mut rest = all.iter();
            for e in &em {
                assert!(
                    rest.any(|q| q == e),
                    "{id}: {e:?} in italics, not a quotation in order"
                );
            }
            quotes += all.len();
            italic += em.len();
        }
    }
    eprintln!("{italic} of {quotes} quotations in italics");
    // Quotations left plain are those glued to a letter or to another quotation (README); the
    // fixtures have none.
    assert_eq!(italic, quotes, "quotations in italics");
}

#[test]
fn markdown_shows_a_hostile_article_as_text() {
    let env = env();
    let md = markdown(&env, "section:sciences");
    assert!(md.starts_with("# kiosque digest: section:sciences\n"));
    for raw in ["\u{1b}", "\u{7}", "\u{202e}", "pwned"] {
        assert!(!md.contains(raw), "{raw:?} reached the digest");
    }
    let r = read_markdown(&md);
    let (_, headline, blocks) = &r.articles[0];
    assert_eq!(
        *headline,
        "Un titre </title></head><body><script>alert(1)</script> ]]> fdp.exe rouge"
    );
    let texts: Vec<&str> = blocks.iter().map(|(_, t)| t.as_str()).collect();
    for want in [
        "Le chapeau & « entre <b>guillemets</b> » fin",
        "Il a dit « </body><script>alert('x')</script> » puis \"ceci\" & cela.",
        "Un intertitre <i>",
        "Dernier paragraphe, avec *étoiles* et _tirets_ et [lien](http://x), <![CDATA[ x ]]> et &amp; à l’envers.",
    ] {
        assert!(texts.contains(&want), "{want:?} not in {texts:#?}");
    }
    let id = &r.articles[0].0;
    assert!(r.emphasis[id].contains(&"« </body><script>alert('x')</script> »".to_owned()));
}

#[test]
fn every_stored_format_exports() {
    let formats = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    let env = Env::empty();
    let lib = env.root.path().join("lib");
    support::copy_tree(&formats, &lib);
    let lib_s = lib.to_string_lossy().into_owned();
    let listed = env.run_ok(&["list", "-l", &lib_s]);
    let count = text(&listed.stdout).lines().count();
    assert!(count > 6, "feeds give several articles each");
    for format in ["md", "html"] {
        let o = env.run_ok(&["export", "-l", &lib_s, "--format", format, "-o", "-"]);
        let out = text(&o.stdout);
        let articles = if format == "md" {
            read_markdown(&out).articles.len()
        } else {
            let tree = xml::parse(out.trim_start_matches("<!DOCTYPE html>\n")).unwrap();
            tree.iter().filter(|e| e.name == "article").count()
        };
        assert_eq!(articles, count, "{format}");
        assert!(!out.contains("could not be read again"), "{format}");
    }
}
