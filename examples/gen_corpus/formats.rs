//! The other stored formats of SPEC §3b (`--formats SHARE`): a share of the articles written as
//! Markdown with front matter, saved HTML pages or items of feed files, instead of the seed's
//! format, to measure what reading them costs.
//!
//! The articles are taken in runs of [`GROUP`] consecutive numbers. With probability `SHARE` a
//! run is written in other formats: its first 10 to 30 articles as the items of one feed file
//! (RSS 2.0, Atom or JSON Feed, a third each), each of the others as its own file, Markdown
//! with YAML or TOML front matter or a saved page (a third each). Half of the articles of such
//! a run are thus feed items, a sixth each Markdown YAML, Markdown TOML and HTML. The choice is
//! drawn from its own stream (seed, run), so the articles themselves (headline, byline, body)
//! are the ones the seed's format would have held, and a thread writes whole runs.
//!
//! Each format says what the seed's format says, in the way such files say it, and what
//! kiosque is meant to read from it: the section (`section`, `categories`, `tags`; an item's
//! category; `article:section`), the headline, the standfirst (`description`, `summary`; an
//! item's summary beside its content; the page's `description`), the byline (`author`; an
//! item's author; the page's `author`), the date (the file time the seed's format would have
//! had), and the body: paragraphs, intertitles as headings (`##`, `<h2>`). The alternate
//! headline has no place in these formats and is dropped. Pages carry what a saved page
//! carries and a reader must drop: a stylesheet, scripts (one writing text), navigation, a
//! header with the site's name, an aside, a footer.

use std::fmt::Write as _;

use super::{Article, Rng, mix};

const SALT: u64 = 0xf0a7_5e1d_0c5a_0003;
/// Consecutive articles whose formats are drawn together (one feed file at most per run).
pub const GROUP: u64 = 40;

/// How an article is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The seed's format.
    Plain,
    MarkdownYaml,
    MarkdownToml,
    Html,
    Rss,
    Atom,
    JsonFeed,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::MarkdownYaml => "markdown-yaml",
            Format::MarkdownToml => "markdown-toml",
            Format::Html => "html",
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::JsonFeed => "json-feed",
        }
    }
    pub fn is_feed(self) -> bool {
        matches!(self, Format::Rss | Format::Atom | Format::JsonFeed)
    }
    /// The file name's ending.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Plain => "txt",
            Format::MarkdownYaml | Format::MarkdownToml => "md",
            Format::Html => "html",
            Format::Rss => "rss.xml",
            Format::Atom => "atom.xml",
            Format::JsonFeed => "feed.json",
        }
    }
}

/// The formats of the articles of run `g` (of `len` articles, the last run may be short).
pub fn plan(seed: u64, g: u64, len: usize, share: f64) -> Vec<Format> {
    let mut r = Rng::new(mix(seed ^ SALT, g));
    if !r.chance(share) {
        return vec![Format::Plain; len];
    }
    let feed = [Format::Rss, Format::Atom, Format::JsonFeed][r.below(3)];
    let items = r.range(10, 30).min(len);
    (0..len)
        .map(|j| {
            if j < items {
                feed
            } else {
                [Format::MarkdownYaml, Format::MarkdownToml, Format::Html][r.below(3)]
            }
        })
        .collect()
}

/// The body of an article as blocks: (is an intertitle, text).
fn blocks(a: &Article) -> Vec<(bool, &str)> {
    a.text[a.body_start..]
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| (is_intertitle(b), b))
        .collect()
}

/// The generator's intertitles: one short line without final punctuation.
fn is_intertitle(b: &str) -> bool {
    let core = b.trim_end_matches(['»', '”', '"', '’', ' ', '\u{a0}', '\u{202f}']);
    !b.contains('\n')
        && b.chars().count() <= 80
        && !core.ends_with(['.', '!', '?', '…', ':', ';', ','])
}

/// The body as kiosque should give it back: blocks separated by a blank line.
pub fn body(a: &Article) -> String {
    blocks(a)
        .iter()
        .map(|(_, b)| *b)
        .collect::<Vec<_>>()
        .join("\n\n")
}

// ---------------------------------------------------------------------------------------------
// Dates.

/// (year, month, day, hour, minute, second, weekday 0 = Monday) of a Unix time.
fn civil(t: u64) -> (i64, u32, u32, u32, u32, u32, usize) {
    let days = (t / 86_400) as i64;
    let secs = t % 86_400;
    // Howard Hinnant's days_from_civil, inverted.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    let weekday = (days + 3).rem_euclid(7) as usize; // 1970-01-01 was a Thursday
    (
        y,
        m,
        d,
        (secs / 3600) as u32,
        (secs / 60 % 60) as u32,
        (secs % 60) as u32,
        weekday,
    )
}

/// `2024-03-12T15:05:09+01:00`: the time in Paris' winter offset, as French sites write it.
pub fn rfc3339(t: u64) -> String {
    let (y, mo, d, h, mi, s, _) = civil(t + 3600);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}+01:00")
}

/// `Tue, 12 Mar 2024 15:05:09 +0100`.
fn rfc2822(t: u64) -> String {
    let (y, mo, d, h, mi, s, wd) = civil(t + 3600);
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {d:02} {} {y:04} {h:02}:{mi:02}:{s:02} +0100",
        DAYS[wd],
        MONTHS[mo as usize - 1]
    )
}

// ---------------------------------------------------------------------------------------------
// Escapes.

/// Text in HTML or XML (element content and quoted attributes).
fn esc(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    esc(&mut out, s);
    out
}

/// A TOML basic string, or a JSON string (the same escapes for what the generator writes).
fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The body as an HTML fragment: paragraphs and `<h2>` intertitles, the odd no-break space
/// written as an entity, as pages do.
fn body_html(out: &mut String, a: &Article) {
    for (title, b) in blocks(a) {
        out.push_str(if title { "<h2>" } else { "<p>" });
        for c in b.chars() {
            match c {
                '\u{a0}' => out.push_str("&nbsp;"),
                c => {
                    let mut buf = [0; 4];
                    esc(out, c.encode_utf8(&mut buf));
                }
            }
        }
        out.push_str(if title { "</h2>\n" } else { "</p>\n" });
    }
}

// ---------------------------------------------------------------------------------------------
// One article, one file.

/// The article as a Markdown file with front matter (YAML, or TOML).
pub fn markdown(a: &Article, mtime: u64, toml: bool, r: &mut Rng) -> String {
    let mut t = String::with_capacity(a.text.len() + 512);
    if toml {
        t.push_str("+++\ntitle = ");
        quoted(&mut t, &a.headline);
        let _ = write!(t, "\ndate = {}\nsection = ", rfc3339(mtime));
        quoted(&mut t, &a.section);
        if let Some(b) = &a.byline {
            t.push_str("\nauthors = [");
            quoted(&mut t, b);
            t.push(']');
        }
        if let Some(s) = &a.standfirst {
            t.push_str("\nsummary = ");
            quoted(&mut t, s);
        }
        t.push_str("\ndraft = false\n+++\n\n");
    } else {
        t.push_str("---\ntitle: ");
        yaml_scalar(&mut t, &a.headline);
        let _ = write!(t, "\ndate: {}\n", rfc3339(mtime));
        match r.below(3) {
            0 => {
                t.push_str("section: ");
                yaml_scalar(&mut t, &a.section);
            }
            1 => {
                let _ = write!(t, "categories: [{}, Actualité]", a.section);
            }
            _ => {
                let _ = write!(t, "tags:\n  - {}\n  - à la une", a.section);
            }
        }
        if let Some(b) = &a.byline {
            t.push_str("\nauthor: ");
            yaml_scalar(&mut t, b);
        }
        if let Some(s) = &a.standfirst {
            if r.chance(0.5) {
                // A folded block, wrapped as an editor would.
                t.push_str("\ndescription: >\n ");
                let mut col = 0;
                for w in s.split(' ') {
                    if col > 60 {
                        t.push_str("\n ");
                        col = 0;
                    }
                    t.push(' ');
                    t.push_str(w);
                    col += w.len() + 1;
                }
            } else {
                t.push_str("\ndescription: ");
                yaml_scalar(&mut t, s);
            }
        }
        t.push_str("\nlayout: article\n---\n\n");
    }
    for (title, b) in blocks(a) {
        if title {
            t.push_str("## ");
        }
        t.push_str(b);
        t.push_str("\n\n");
    }
    t
}

/// A YAML value as front matter writes it: double quotes when it needs them (kiosque reads
/// what is between them as it is, without escapes, as most front matter is written).
fn yaml_scalar(out: &mut String, s: &str) {
    if s.starts_with([
        '"', '\'', '[', '{', '>', '|', '-', '&', '*', '!', '%', '@', '`', '#',
    ]) || s.contains(": ")
        || s.contains(" #")
    {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// The article as a saved page, boilerplate and all.
pub fn html(a: &Article, mtime: u64, r: &mut Rng) -> String {
    let mut t = String::with_capacity(a.text.len() + 4096);
    let h = escaped(&a.headline);
    let date = rfc3339(mtime);
    let _ = write!(
        t,
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{h} - 20 Minutes</title>\n<meta property=\"og:title\" content=\"{h}\">\n\
         <meta property=\"og:type\" content=\"article\">\n"
    );
    if let Some(s) = &a.standfirst {
        let _ = writeln!(t, "<meta name=\"description\" content=\"{}\">", escaped(s));
    }
    if let Some(b) = &a.byline {
        let _ = writeln!(t, "<meta name=\"author\" content=\"{}\">", escaped(b));
    }
    let _ = write!(
        t,
        "<meta property=\"article:published_time\" content=\"{date}\">\n\
         <meta property=\"article:section\" content=\"{}\">\n\
         <link rel=\"stylesheet\" href=\"/static/site.{:08x}.css\">\n\
         <style>body{{font-family:Georgia,serif;margin:0}}.nav a{{color:#333}}\
         article p{{line-height:1.5}}.ad::before{{content:\"Publicité\"}}</style>\n\
         <script>window.dataLayer=window.dataLayer||[];dataLayer.push({{\"page\":\"article\",\
         \"section\":\"{}\"}});</script>\n\
         <script async src=\"https://tags.example.net/t.js?id={:x}\"></script>\n</head>\n",
        escaped(&a.section),
        a.hex as u32,
        escaped(&a.section),
        a.hex >> 40,
    );
    t.push_str(
        "<body class=\"article-page\">\n<nav class=\"nav\"><ul><li><a href=\"/\">Accueil</a></li>\
         <li><a href=\"/monde\">Monde</a></li><li><a href=\"/france\">France</a></li>\
         <li><a href=\"/sport\">Sport</a></li><li><a href=\"/economie\">Économie</a></li>\
         <li><a href=\"/culture\">Culture</a></li></ul></nav>\n\
         <header class=\"site\"><a class=\"logo\" href=\"/\">20 Minutes</a>\
         <form action=\"/recherche\"><input name=\"q\" placeholder=\"Rechercher\">\
         <button>OK</button></form></header>\n<main>\n<article>\n<header>\n",
    );
    let _ = writeln!(t, "<h1>{h}</h1>");
    if let Some(b) = &a.byline {
        let _ = writeln!(t, "<p class=\"byline\">{}</p>", escaped(b));
    }
    let _ = writeln!(t, "<time datetime=\"{date}\">{date}</time>\n</header>");
    let blocks_at = t.len();
    body_html(&mut t, a);
    if r.chance(0.5) {
        // An ad slot inside the article, filled by a script: never text of the article.
        let body_end = t.len();
        let first_p = t[blocks_at..body_end]
            .find("</p>\n")
            .map(|e| blocks_at + e + 5);
        if let Some(at) = first_p {
            t.insert_str(
                at,
                "<script>document.write('<div class=\"ad\">Publicité</div>')</script>\n",
            );
        }
    }
    t.push_str(
        "<aside class=\"related\"><h3>Lire aussi</h3><ul><li><a href=\"/a\">Un autre article\
         </a></li></ul></aside>\n</article>\n</main>\n<footer><p>© 20 Minutes — Mentions légales\
         </p></footer>\n<script>(function(){var s=document.createElement('script');\
         s.src='/static/app.js';document.body.appendChild(s)})();</script>\n</body>\n</html>\n",
    );
    t
}

// ---------------------------------------------------------------------------------------------
// Feeds.

/// A feed file holding `items` (article, its time); `number` names it.
pub fn feed(format: Format, number: u64, items: &[(&Article, u64)]) -> String {
    let title = format!("20 Minutes - Fil {number}");
    let updated = items.iter().map(|(_, t)| *t).max().unwrap_or(0);
    let size: usize = items.iter().map(|(a, _)| a.text.len() + 1024).sum();
    let mut t = String::with_capacity(size + 1024);
    match format {
        Format::Rss => {
            let _ = write!(
                t,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
                 xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
                 xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n\
                 <title>{title}</title>\n<link>https://www.example.org/fil/{number}</link>\n\
                 <description>Toute l’actualité, en continu</description>\n\
                 <language>fr</language>\n<lastBuildDate>{}</lastBuildDate>\n",
                rfc2822(updated)
            );
            for (a, mt) in items {
                let _ = write!(
                    t,
                    "<item>\n<title>{}</title>\n<link>https://www.example.org/a/{:016x}</link>\n\
                     <guid isPermaLink=\"false\">{:016x}</guid>\n<category>{}</category>\n",
                    escaped(&a.headline),
                    a.hex,
                    a.hex,
                    escaped(&a.section)
                );
                if let Some(b) = &a.byline {
                    let _ = writeln!(t, "<dc:creator>{}</dc:creator>", escaped(b));
                }
                let _ = writeln!(t, "<pubDate>{}</pubDate>", rfc2822(*mt));
                if let Some(s) = &a.standfirst {
                    let _ = writeln!(t, "<description>{}</description>", escaped(s));
                }
                // The body as HTML inside CDATA, as most RSS feeds carry it.
                t.push_str("<content:encoded><![CDATA[");
                body_html(&mut t, a);
                t.push_str("]]></content:encoded>\n</item>\n");
            }
            t.push_str("</channel>\n</rss>\n");
        }
        Format::Atom => {
            let _ = write!(
                t,
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
                 <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n\
                 <title>{title}</title>\n<id>urn:example:fil:{number}</id>\n\
                 <updated>{}</updated>\n<link href=\"https://www.example.org/fil/{number}\"/>\n",
                rfc3339(updated)
            );
            for (a, mt) in items {
                let _ = write!(
                    t,
                    "<entry>\n<title>{}</title>\n<id>urn:example:a:{:016x}</id>\n\
                     <link href=\"https://www.example.org/a/{:016x}\"/>\n\
                     <published>{}</published>\n<updated>{}</updated>\n\
                     <category term=\"{}\"/>\n",
                    escaped(&a.headline),
                    a.hex,
                    a.hex,
                    rfc3339(*mt),
                    rfc3339(*mt),
                    escaped(&a.section)
                );
                if let Some(b) = &a.byline {
                    let _ = writeln!(t, "<author><name>{}</name></author>", escaped(b));
                }
                if let Some(s) = &a.standfirst {
                    let _ = writeln!(t, "<summary>{}</summary>", escaped(s));
                }
                // The body as escaped HTML.
                let mut html = String::new();
                body_html(&mut html, a);
                let _ = write!(
                    t,
                    "<content type=\"html\">{}</content>\n</entry>\n",
                    escaped(&html)
                );
            }
            t.push_str("</feed>\n");
        }
        Format::JsonFeed => {
            t.push_str("{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"title\": ");
            quoted(&mut t, &title);
            let _ = write!(
                t,
                ",\n  \"home_page_url\": \"https://www.example.org/fil/{number}\",\n  \"language\": \"fr\",\n  \"items\": ["
            );
            for (k, (a, mt)) in items.iter().enumerate() {
                t.push_str(if k == 0 { "\n    {" } else { ",\n    {" });
                let _ = write!(
                    t,
                    "\"id\": \"{:016x}\", \"url\": \"https://www.example.org/a/{:016x}\", \"title\": ",
                    a.hex, a.hex
                );
                quoted(&mut t, &a.headline);
                let _ = write!(t, ", \"date_published\": \"{}\", \"tags\": [", rfc3339(*mt));
                quoted(&mut t, &a.section);
                t.push(']');
                if let Some(b) = &a.byline {
                    t.push_str(", \"authors\": [{\"name\": ");
                    quoted(&mut t, b);
                    t.push_str("}]");
                }
                if let Some(s) = &a.standfirst {
                    t.push_str(", \"summary\": ");
                    quoted(&mut t, s);
                }
                // Half the items carry their body as text, half as HTML.
                if a.hex & 1 == 0 {
                    t.push_str(", \"content_text\": ");
                    quoted(&mut t, &body(a));
                } else {
                    let mut html = String::new();
                    body_html(&mut html, a);
                    t.push_str(", \"content_html\": ");
                    quoted(&mut t, &html);
                }
                t.push('}');
            }
            t.push_str("\n  ]\n}\n");
        }
        _ => unreachable!("not a feed: {format:?}"),
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Vocab, article, section_labels};

    #[test]
    fn dates_are_written_as_files_write_them() {
        // 2024-03-12T14:05:09Z, a Tuesday.
        assert_eq!(rfc3339(1_710_252_309), "2024-03-12T15:05:09+01:00");
        assert_eq!(rfc2822(1_710_252_309), "Tue, 12 Mar 2024 15:05:09 +0100");
        assert_eq!(rfc3339(0), "1970-01-01T01:00:00+01:00");
        assert_eq!(rfc2822(951_782_400), "Tue, 29 Feb 2000 01:00:00 +0100");
    }

    #[test]
    fn a_run_is_plain_or_one_feed_of_10_to_30_items_then_single_files() {
        let mut other = 0;
        for g in 0..400 {
            let p = plan(42, g, GROUP as usize, 0.5);
            if p.iter().all(|f| *f == Format::Plain) {
                continue;
            }
            other += 1;
            let feed = p.iter().take_while(|f| f.is_feed()).count();
            assert!((10..=30).contains(&feed), "{p:?}");
            assert!(
                p[feed..]
                    .iter()
                    .all(|f| !f.is_feed() && *f != Format::Plain)
            );
        }
        assert!((150..250).contains(&other), "{other}");
        assert!((0..50).all(|g| plan(42, g, 40, 0.0).iter().all(|f| *f == Format::Plain)));
    }

    /// Every format read back by kiosque itself gives the article's section, headline,
    /// standfirst, byline, date and body.
    #[test]
    fn kiosque_reads_back_what_each_format_says() {
        use kiosque::format::{Kind, detect, items};
        let vocab = Vocab::build();
        let labels = section_labels(24);
        let weights: Vec<f64> = (1..=labels.len()).map(|i| i as f64).collect();
        let arts: Vec<Article> = (0..60)
            .map(|i| article(7, i, &vocab, &labels, &weights))
            .collect();
        let mt = |i: usize| 1_600_000_000 + i as u64 * 86_399;
        let check = |a: &Article, t: u64, item: &kiosque::format::Item, what: &str| {
            assert_eq!(item.section.as_deref(), Some(a.section.as_str()), "{what}");
            assert_eq!(item.headline, a.headline, "{what}");
            assert_eq!(item.standfirst, a.standfirst, "{what}");
            assert_eq!(
                item.bylines,
                a.byline.iter().cloned().collect::<Vec<_>>(),
                "{what}"
            );
            assert_eq!(item.date_ns, Some(t as i64 * 1_000_000_000), "{what}");
            let got: Vec<String> = item
                .article()
                .blocks
                .iter()
                .map(|b| b.text.text.clone())
                .collect();
            assert_eq!(got.join("\n\n"), body(a), "{what}: {}", a.headline);
            assert!(item.warnings.is_empty(), "{what}: {:?}", item.warnings);
        };
        let mut r = Rng::new(1);
        for (i, a) in arts.iter().enumerate() {
            for (text, kind, what) in [
                (markdown(a, mt(i), false, &mut r), Kind::Markdown, "yaml"),
                (markdown(a, mt(i), true, &mut r), Kind::Markdown, "toml"),
                (html(a, mt(i), &mut r), Kind::Html, "html"),
            ] {
                assert_eq!(detect(&text), kind, "{what}");
                let got = items(&text, kind).unwrap();
                assert_eq!(got.len(), 1);
                check(a, mt(i), &got[0], what);
            }
        }
        for format in [Format::Rss, Format::Atom, Format::JsonFeed] {
            let its: Vec<(&Article, u64)> =
                arts.iter().enumerate().map(|(i, a)| (a, mt(i))).collect();
            let text = feed(format, 3, &its);
            assert_eq!(detect(&text), Kind::Feed, "{format:?}");
            let got = items(&text, Kind::Feed).unwrap();
            assert_eq!(got.len(), arts.len());
            for ((a, t), item) in its.iter().zip(&got) {
                check(a, *t, item, format.name());
            }
        }
    }
}
