//! The plan of a digest: sections in the order of the sections pane, the list's order within
//! each, anchors unique.

use super::*;
use crate::parse;
use crate::scan::Stamp;
use crate::source::Source;

/// An entry of `text` (the stored format), dated `day` days after 2024-03-01, read from `path`.
pub(crate) fn entry(path: &str, text: &str, day: i64) -> Entry {
    let article = parse::parse(text, None);
    let stamp = Stamp {
        mtime_ns: (1_709_251_200 + day * 86_400) * 1_000_000_000,
        ..Stamp::default()
    };
    Entry::new(Source::File(path.into()), None, &article, stamp)
}

fn entries() -> Vec<Entry> {
    // In the list's order (newest first), sections mixed.
    vec![
        entry(
            "a",
            "SPORTLe match de la veille est joué\n\nCorps du texte.\n",
            9,
        ),
        entry("b", "économieLa BCE baisse ses taux\n\nCorps.\n", 8),
        entry("c", "plain text file without a label\n\nbody\n", 7),
        entry("d", "SPORTLes JO sont finis\n\nCorps.\n", 6),
        entry("e", "ECONOMIELe gazole est cher\n\nCorps.\n", 5),
    ]
}

#[test]
fn sections_in_pane_order_articles_in_list_order() {
    let entries = entries();
    let d = Digest::new(&entries, "", 0, TimeZone::UTC);
    let names: Vec<&str> = d.sections.iter().map(|s| s.name).collect();
    // By name, accents and case ignored, the catch-all last.
    assert_eq!(names.last(), Some(&CATCH_ALL));
    let sport = d.sections.iter().find(|s| s.name == "SPORT").unwrap();
    let heads: Vec<&str> = sport
        .items
        .iter()
        .map(|i| i.entry.headline.as_str())
        .collect();
    assert_eq!(
        heads,
        ["Le match de la veille est joué", "Les JO sont finis"]
    );
    assert_eq!(d.len(), 5);
    assert_eq!(d.sections[0].anchor, "s-1");
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| (*n == CATCH_ALL, fold(n)));
    assert_eq!(names, sorted);
}

#[test]
fn anchors_are_unique_even_for_an_article_given_twice() {
    let mut entries = entries();
    entries.push(entries[0].clone());
    let d = Digest::new(&entries, "", 0, TimeZone::UTC);
    let mut anchors: Vec<&str> = d
        .sections
        .iter()
        .flat_map(|s| s.items.iter().map(|i| i.anchor.as_str()))
        .collect();
    let n = anchors.len();
    anchors.sort_unstable();
    anchors.dedup();
    assert_eq!(anchors.len(), n);
}

#[test]
fn title_says_the_query_cleaned() {
    let entries = entries();
    let d = Digest::new(&entries, " by:x\u{1b}[31m ", 0, TimeZone::UTC);
    assert_eq!(d.title, "kiosque digest: by:x");
    assert_eq!(
        Digest::new(&entries, "", 0, TimeZone::UTC).title,
        "kiosque digest"
    );
    assert!(d.about().starts_with("5 articles in "));
}

#[test]
fn each_article_keeps_the_order_and_bounds_the_batch() {
    let entries: Vec<Entry> = (0..(BATCH as i64 * 2 + 3))
        .map(|i| entry(&format!("f{i}"), &format!("SPORTTitre {i}\n\nCorps.\n"), i))
        .collect();
    let d = Digest::new(&entries, "", 0, TimeZone::UTC);
    let read = |e: &Entry| Ok(parse::parse(&format!("SPORT{}\n\nx\n", e.headline), None));
    let mut seen = Vec::new();
    each_article(&d.items(), &read, &mut |item, article| {
        assert_eq!(article.unwrap().headline.text, item.entry.headline);
        seen.push(item.entry.headline.clone());
        Ok::<(), ()>(())
    })
    .unwrap();
    let want: Vec<String> = entries.iter().map(|e| e.headline.clone()).collect();
    assert_eq!(seen, want);
}

#[test]
fn toc_headlines_are_one_line_and_never_empty() {
    let mut e = entry("a", "SPORTx\n\ny\n", 0);
    e.headline = "  two\nlines ".into();
    assert_eq!(toc_headline(&e), "two lines");
    e.headline = " ".into();
    assert_eq!(toc_headline(&e), "(untitled)");
    assert_eq!(day("2024-03-12T14:05:09+01:00"), "2024-03-12");
}

#[test]
fn an_article_that_cannot_be_read_again_keeps_its_place_and_says_why() {
    let entries = entries();
    let d = Digest::new(&entries, "", 0, TimeZone::UTC);
    // The second article of the list went away since the library was listed.
    let gone = entries[1].id;
    let read = |e: &Entry| {
        if e.id == gone {
            Err("no such file or directory".to_owned())
        } else {
            Ok(parse::parse(
                &format!("SPORT{}\n\nLe corps.\n", e.headline),
                None,
            ))
        }
    };
    let mut md = Vec::new();
    markdown::write(&d, &read, &mut md).unwrap();
    let md = String::from_utf8(md).unwrap();
    assert!(md.contains("### <a id=\"a-"));
    assert!(
        md.contains("La BCE baisse ses taux\n"),
        "its headline, from the library"
    );
    assert!(md.contains("*This article could not be read again: no such file or directory*"));
    assert_eq!(md.matches("Le corps.").count(), 4);
    let mut html = Vec::new();
    html::write(&d, &read, &mut html).unwrap();
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("La BCE baisse ses taux</h3>"));
    assert!(html.contains(
        "<p class=\"unread\">This article could not be read again: no such file or directory</p>"
    ));
    let mut epub = std::io::Cursor::new(Vec::new());
    epub::write(&d, &read, &mut epub).unwrap();
    let bytes = epub.into_inner();
    assert!(bytes.windows(8).any(|w| w == b"mimetype"));
}

#[test]
fn the_epub_is_the_same_for_the_same_digest_and_another_for_another() {
    let entries = entries();
    let read = |e: &Entry| Ok(parse::parse(&format!("SPORT{}\n\nx\n", e.headline), None));
    let book = |entries: &[Entry]| {
        let d = Digest::new(entries, "", 1_710_252_309_000, TimeZone::UTC);
        let mut out = std::io::Cursor::new(Vec::new());
        epub::write(&d, &read, &mut out).unwrap();
        out.into_inner()
    };
    assert_eq!(book(&entries), book(&entries));
    assert_ne!(book(&entries), book(&entries[1..]));
}
