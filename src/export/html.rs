//! A digest as one self-contained HTML page: the style inline, no script, no outside resource,
//! so it opens the same anywhere, offline, and can be mailed or archived as one file.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::markup::{self, Setting, attr_into, escape_into};
use super::{Digest, Reader, each_article};

/// What the page adds to the shared style: a measure, colour on screens, a dark variant.
const PAGE_CSS: &str = "\
body { max-width: 40em; margin: 0 auto; padding: 1em 1.2em 4em 1.2em; color: #1d1d1d; background: #fffefa; }
a { color: inherit; }
.quote { color: #8a3b12; }
.about, .section, .byline, .date, .count, .day { color: #5d5d5d; }
header.digest { border-bottom: 1px solid #ccc; margin-bottom: 1.5em; }
section.part > h2 { border-bottom: 2px solid #1d1d1d; margin-top: 2.5em; }
article { border-top: 1px solid #ddd; padding-top: 1em; }
nav#contents > ol { padding-left: 0; }
nav#contents li { margin: 0.15em 0; }
.back { font-size: 0.9em; }
@media (prefers-color-scheme: dark) {
  body { color: #e6e6e6; background: #161616; }
  .quote { color: #f0a36b; }
  .about, .section, .byline, .date, .count, .day { color: #a8a8a8; }
  section.part > h2 { border-bottom-color: #e6e6e6; }
}
@media print { nav#contents, .back { display: none; } }
";

/// Writes `digest` as an HTML page to `w`, reading each article with `read`; `french` says
/// the page's language (each article says its own too).
pub fn write(digest: &Digest, read: &Reader, w: &mut dyn Write) -> io::Result<()> {
    let mut out = String::with_capacity(64 * 1024);
    let lang = if digest.french { "fr" } else { "en" };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <meta name=\"generator\" content=\"kiosque {}\"/>\n<title>",
        env!("CARGO_PKG_VERSION")
    );
    escape_into(&mut out, &digest.title);
    let _ = write!(
        out,
        "</title>\n<style>\n{}{PAGE_CSS}</style>\n</head>\n<body>\n",
        markup::CSS
    );
    out.push_str("<header class=\"digest\">\n<h1>");
    escape_into(&mut out, &digest.title);
    out.push_str("</h1>\n<p class=\"about\">");
    escape_into(&mut out, &digest.about());
    out.push_str("</p>\n</header>\n");
    contents(&mut out, digest);
    out.push_str("<main>\n");
    w.write_all(out.as_bytes())?;
    // The articles of all sections in one stream (the next batch read while this one is
    // written, across sections), each section opened at its first article.
    const END: &str =
        "<p class=\"back\"><a href=\"#contents\">\u{2191} Contents</a></p>\n</section>\n";
    let mut open: Option<usize> = None;
    each_article(&digest.items(), read, &mut |item, article| {
        out.clear();
        if open != Some(item.section) {
            if open.is_some() {
                out.push_str(END);
            }
            let section = &digest.sections[item.section];
            let _ = write!(
                out,
                "<section class=\"part\" id=\"{}\">\n<h2>",
                section.anchor
            );
            escape_into(&mut out, section.name);
            out.push_str("</h2>\n");
            open = Some(item.section);
        }
        let set = Setting { top: 2, xml: false };
        markup::article_into(&mut out, digest, item, &article, set);
        w.write_all(out.as_bytes())
    })?;
    if open.is_some() {
        w.write_all(END.as_bytes())?;
    }
    w.write_all(b"</main>\n</body>\n</html>\n")
}

/// The table of contents: each section (with its count) and, under it, each article's
/// headline and day, linked to where they are on the page.
fn contents(out: &mut String, digest: &Digest) {
    out.push_str("<nav id=\"contents\">\n<h2>Contents</h2>\n<ol>\n");
    for section in &digest.sections {
        let _ = write!(out, "<li><a href=\"#{}\">", section.anchor);
        escape_into(out, section.name);
        let _ = writeln!(
            out,
            "</a> <span class=\"count\">({})</span>\n<ol>",
            section.items.len()
        );
        for item in &section.items {
            let _ = write!(out, "<li><a href=\"#{}\">", item.anchor);
            escape_into(out, &super::toc_headline(item.entry));
            out.push_str("</a>");
            if let Some((_, rfc)) = digest.date_of(item.entry) {
                out.push_str(" <time class=\"day\" datetime=\"");
                attr_into(out, &rfc);
                out.push_str("\">");
                escape_into(out, super::day(&rfc));
                out.push_str("</time>");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</li>\n");
    }
    out.push_str("</ol>\n</nav>\n");
}
