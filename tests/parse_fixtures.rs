//! The parser against the fixture library: every file parsed together as one library, and each
//! compared with what `tests/fixtures/expected.json` says a careful reader would see.

use std::path::Path;

use kiosque::article::{Article, BlockKind};
use kiosque::library::{Library, Sources, read_article};
use serde_json::Value;

fn str_or_null(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

fn compare(file: &str, section: &str, a: &Article, want: &Value, diffs: &mut Vec<String>) {
    let mut check = |field: &str, got: String, expected: String| {
        if got != expected {
            diffs.push(format!(
                "{file}: {field}\n    got      {got}\n    expected {expected}"
            ));
        }
    };
    check(
        "section",
        section.to_owned(),
        want["section"].as_str().unwrap_or("(null)").to_owned(),
    );
    check(
        "headline",
        a.headline.text.clone(),
        want["headline"].as_str().unwrap().to_owned(),
    );
    check(
        "alt_headline",
        format!("{:?}", a.alt_headline.as_ref().map(|t| &t.text)),
        format!("{:?}", str_or_null(&want["alt_headline"]).as_ref()),
    );
    check(
        "standfirst",
        format!("{:?}", a.standfirst.as_ref().map(|t| &t.text)),
        format!("{:?}", str_or_null(&want["standfirst"]).as_ref()),
    );
    check(
        "bylines",
        format!("{:?}", a.bylines),
        format!(
            "{:?}",
            want["bylines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect::<Vec<_>>()
        ),
    );
    if let Some(blocks) = want["blocks"].as_array() {
        let got: Vec<String> = a
            .blocks
            .iter()
            .map(|b| {
                format!(
                    "{}: {}",
                    if b.kind == BlockKind::Intertitle {
                        "I"
                    } else {
                        "P"
                    },
                    b.text.text
                )
            })
            .collect();
        let expected: Vec<String> = blocks
            .iter()
            .map(|b| {
                let k = if b["kind"] == "intertitle" { "I" } else { "P" };
                format!("{k}: {}", b["text"].as_str().unwrap())
            })
            .collect();
        check("blocks", format!("{got:#?}"), format!("{expected:#?}"));
    }
    if let Some(quotes) = want["quotes"].as_array() {
        let got: Vec<&str> = a.quotes().collect();
        let expected: Vec<&str> = quotes.iter().map(|q| q.as_str().unwrap()).collect();
        check("quotes", format!("{got:#?}"), format!("{expected:#?}"));
    }
    let warned = !a.warnings.is_empty();
    if warned != want["warning_expected"].as_bool().unwrap_or(false) {
        diffs.push(format!("{file}: warnings {:?}", a.warnings));
    }
}

/// Parses `root` as one library and compares every file with `expected`.
fn check_set(root: &str, expected: &str) {
    let expected: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(expected).unwrap()).unwrap();
    let (library, _) = Library::load(
        &Sources::Paths(vec![root.into()]),
        None,
        kiosque::loader::Need::Lists,
        true,
    );
    assert!(library.problems.is_empty(), "{:?}", library.problems);
    assert_eq!(
        library.entries.len(),
        expected.len(),
        "one article per fixture file"
    );
    let mut diffs = Vec::new();
    for want in &expected {
        let file = want["file"].as_str().unwrap();
        let path = Path::new(root).join(file);
        let i = library
            .by_path(&path)
            .unwrap_or_else(|| panic!("{file} not loaded"));
        let entry = &library.entries[i];
        let article = read_article(&entry.source, entry.label.as_deref()).unwrap();
        compare(file, &entry.section, &article, want, &mut diffs);
    }
    assert!(
        diffs.is_empty(),
        "{} mismatches:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}

/// Our own fixture library: every ambiguity class of SPEC §3.
#[test]
fn fixture_library_parses_as_expected() {
    check_set("tests/fixtures/library", "tests/fixtures/expected.json");
}

/// Articles written blind, by someone who had read only the spec and the seed, to check that
/// the rules generalise rather than fit our own fixtures.
#[test]
fn holdout_library_parses_as_expected() {
    check_set(
        "tests/fixtures/holdout/library",
        "tests/fixtures/holdout/expected.json",
    );
}
