use super::*;
use crate::article::BlockKind;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/formats/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn one(name: &str) -> Item {
    let text = fixture(name);
    let kind = detect(&text);
    let mut items = items(&text, kind).unwrap();
    assert_eq!(items.len(), 1, "{name}");
    items.remove(0)
}

fn blocks(item: &Item) -> Vec<(BlockKind, String)> {
    item.article()
        .blocks
        .iter()
        .map(|b| (b.kind, b.text.text.clone()))
        .collect()
}

#[test]
fn formats_are_told_by_content() {
    assert_eq!(detect(&fixture("budget_yaml.md")), Kind::Markdown);
    assert_eq!(detect(&fixture("climat_toml.md")), Kind::Markdown);
    assert_eq!(detect(&fixture("monde.rss.xml")), Kind::Feed);
    assert_eq!(detect(&fixture("tech.atom.xml")), Kind::Feed);
    assert_eq!(detect(&fixture("science.feed.json")), Kind::Feed);
    assert_eq!(detect(&fixture("page.html")), Kind::Html);
    assert_eq!(detect("SPORTLe XV de France\n\nCorps."), Kind::Stored);
    assert_eq!(
        detect("# Un titre\n\nDu Markdown sans front matter."),
        Kind::Stored
    );
    assert_eq!(detect("<?xml version=\"1.0\"?><svg/>"), Kind::Stored);
    assert_eq!(detect("{\"name\": \"a package\"}"), Kind::Stored);
    assert_eq!(detect("---\nnot closed"), Kind::Stored);
}

#[test]
fn markdown_with_yaml_front_matter() {
    let item = one("budget_yaml.md");
    assert_eq!(
        item.headline,
        "Budget 2025 : le Sénat adopte la partie recettes"
    );
    assert_eq!(item.section.as_deref(), Some("Politique"));
    assert_eq!(item.bylines, ["Claire Dubois pour 20 Minutes"]);
    assert_eq!(
        item.standfirst.as_deref(),
        Some(
            "Les sénateurs ont voté dans la nuit la première partie du projet de loi de finances."
        )
    );
    assert_eq!(item.date_ns, parse_date("2024-11-26T17:30:00Z"));
    let b = blocks(&item);
    assert_eq!(
        b[1],
        (
            BlockKind::Intertitle,
            "Une taxe sur les hauts revenus".into()
        )
    );
    assert!(b[2].1.contains("dénonçait un texte injuste."), "{b:?}");
    assert!(
        !b.iter()
            .any(|(_, t)| t.contains("photo.jpg") || t.contains("](")),
        "{b:?}"
    );
    assert_eq!(item.article().quotes().count(), 1);
}

#[test]
fn markdown_with_toml_front_matter() {
    let item = one("climat_toml.md");
    assert_eq!(item.section.as_deref(), Some("PLANETE"));
    assert_eq!(item.bylines, ["Julie Martin", "Paul Durand"]);
    assert_eq!(item.date_ns, parse_date("2024-10-24"));
    assert_eq!(
        item.standfirst.as_deref(),
        Some("Le rapport annuel du PNUE juge les engagements insuffisants.")
    );
    assert_eq!(blocks(&item).len(), 2);
}

#[test]
fn rss_items_are_articles_in_the_feed_or_their_category() {
    let text = fixture("monde.rss.xml");
    let items = items(&text, Kind::Feed).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0].headline,
        "Mexique : Claudia Sheinbaum élue présidente"
    );
    assert_eq!(items[0].section.as_deref(), Some("20 Minutes - Monde"));
    assert_eq!(items[0].bylines, ["Ana Lopez"]);
    assert_eq!(items[0].date_ns, parse_date("2024-06-03T06:15:00Z"));
    // The description's HTML is made text: two paragraphs, the quotation found.
    let b = blocks(&items[0]);
    assert_eq!(b.len(), 2, "{b:?}");
    assert_eq!(
        items[0].article().quotes().collect::<Vec<_>>(),
        ["« Je ne serai pas seule »"]
    );
    assert_eq!(items[1].section.as_deref(), Some("EUROPE"));
}

#[test]
fn atom_and_json_feeds() {
    let atom = one("tech.atom.xml");
    assert_eq!(atom.headline, "Chipmakers race to build factories");
    assert_eq!(atom.section.as_deref(), Some("Tech news"));
    assert_eq!(
        atom.standfirst.as_deref(),
        Some("New plants in Arizona and Saxony.")
    );
    let b = blocks(&atom);
    assert_eq!(b[1], (BlockKind::Intertitle, "Subsidies".into()));
    let json = one("science.feed.json");
    assert_eq!(json.headline, "Europa Clipper en route vers Jupiter");
    assert_eq!(json.bylines, ["Marie Dupont"]);
    assert_eq!(json.date_ns, parse_date("2024-10-14T18:06:00Z"));
    assert_eq!(blocks(&json).len(), 2);
}

#[test]
fn html_pages_give_their_metadata_and_main_text_never_scripts() {
    let item = one("page.html");
    assert_eq!(
        item.headline,
        "Canicule : les bons réflexes pour passer l’été"
    );
    assert_eq!(item.section.as_deref(), Some("SANTE"));
    assert_eq!(item.bylines, ["Léa Bernard"]);
    assert_eq!(item.date_ns, parse_date("2024-07-29T05:00:00Z"));
    let b = blocks(&item);
    assert_eq!(b.len(), 3, "{b:?}");
    assert_eq!(
        b[1],
        (BlockKind::Intertitle, "Boire avant d’avoir soif".into())
    );
    let all = format!("{item:?}");
    assert!(
        !all.contains("PWNED") && !all.contains("color: red"),
        "{all}"
    );
}

#[test]
fn escapes_and_bidi_controls_rebuilt_by_entities_are_removed() {
    let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F&#x202E;eed</title>\
        <item><title>&#27;]0;PWNED&#7;Titre &#27;[2Jpropre</title>\
        <description>Un &#x1b;[31mtexte&#x1b;[0m.</description></item></channel></rss>";
    let items = items(rss, Kind::Feed).unwrap();
    let i = &items[0];
    assert_eq!(i.headline, "Titre propre");
    assert_eq!(i.section.as_deref(), Some("Feed"));
    assert_eq!(i.body, "Un texte.");
}

#[test]
fn a_billion_laughs_costs_nothing() {
    let mut xml = String::from("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        xml.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    xml.push_str("]><rss version=\"2.0\"><channel><title>T</title><item><title>&lol9;</title>");
    xml.push_str("<description>x</description></item></channel></rss>");
    let started = std::time::Instant::now();
    let result = items(&xml, detect(&xml));
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    if let Ok(items) = result {
        assert!(items.iter().all(|i| i.headline.len() < 1000), "{items:?}");
    }
}

#[test]
fn deeply_nested_html_costs_no_stack() {
    let depth = 100_000;
    let page = format!(
        "<!DOCTYPE html><html><body>{}<p>Au fond.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    // On a thread with a small stack: any recursion over the depth would overflow it.
    let item = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || items(&page, Kind::Html).unwrap())
        .unwrap()
        .join()
        .unwrap();
    assert!(item[0].body.contains("Au fond."), "{:?}", item[0].body);
}

#[test]
fn dates_as_files_write_them() {
    let utc = parse_date("2024-03-12T14:05:09Z").unwrap();
    assert_eq!(parse_date("2024-03-12T15:05:09+01:00"), Some(utc));
    assert_eq!(parse_date("Tue, 12 Mar 2024 15:05:09 +0100"), Some(utc));
    assert_eq!(parse_date("2024-03-12T14:05:09"), Some(utc));
    assert!(parse_date("2024-03-12").is_some());
    assert_eq!(parse_date("hier"), None);
}

/// French typography's no-break spaces (U+00A0 before `:` and inside « », U+202F in numbers)
/// are kept by every format, as a browser keeps them: only ASCII white space collapses. They
/// were once turned into plain spaces, so the layout could break a line between « and its word.
#[test]
fn no_break_spaces_are_kept() {
    let page = "<!DOCTYPE html><html><head><meta property=\"og:title\" \
                content=\"Lyon\u{a0}: «&nbsp;Non\u{a0}»\"></head><body><article>\
                <p>Il a dit\u{a0}: «&#160;Jamais\u{202f}» \n  à 12\u{202f}000 voix.</p>\
                </article></body></html>";
    let item = &items(page, Kind::Html).unwrap()[0];
    assert_eq!(item.headline, "Lyon\u{a0}: «\u{a0}Non\u{a0}»");
    assert_eq!(
        blocks(item),
        [(
            BlockKind::Paragraph,
            "Il a dit\u{a0}: «\u{a0}Jamais\u{202f}» à 12\u{202f}000 voix.".to_owned()
        )]
    );
    let md = "---\ntitle: \"«\u{a0}Oui\u{a0}»,  dit-il\"\n---\n\nCorps.\n";
    assert_eq!(
        items(md, Kind::Markdown).unwrap()[0].headline,
        "«\u{a0}Oui\u{a0}», dit-il"
    );
}
