//! The same set everywhere (SPEC §9): generated queries over a generated library give, in the
//! reader (the index, the metadata it holds, the search thread's reading of uncertain
//! articles, through `App::update`), exactly the articles the plain evaluator picks when it
//! reads every article whole.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use kiosque::action::Action;
use kiosque::app::{App, Marking};
use kiosque::fingerprint::Fingerprints;
use kiosque::library::{Library, Sources, read_article};
use kiosque::loader;
use kiosque::query::engine::path_text;
use kiosque::query::{self, Plan, entries, eval};
use kiosque::state::{Clock, State, Value};
use proptest::prelude::*;

/// Now, for every run: 2025-06-01T12:00:00Z.
const NOW_MS: i64 = 1_748_779_200_000;

const WORDS: &[&str] = &[
    "Banque",
    "centrale",
    "européenne",
    "États-Unis",
    "taux",
    "inflation",
    "Marseille",
    "été",
    "cœur",
    "élection",
    "Lyon",
    "nous",
    "sommes",
    "pas",
    "trajectoire",
    "ministre",
    "budget",
    "sport",
    "finale",
    "L’OMS",
    "2024",
    "cyber",
    "criminalité",
    "or",
    "la",
    "le",
];
const SECTIONS: &[&str] = &[
    "ECONOMIE",
    "SPORT",
    "FAITS DIVERS",
    "JO 2024",
    "MONDE",
    "HIGH-TECH",
];
const NAMES: &[&str] = &[
    "Antoine Mercier",
    "Léa Dupont",
    "Jean Martin",
    "Zoé Bernard",
];

fn words(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), n).prop_map(|w| w.join(" "))
}

/// A paragraph: words, sometimes a quotation of words.
fn paragraph() -> impl Strategy<Value = String> {
    (words(3..12), prop::option::of(words(1..5)), any::<bool>()).prop_map(
        |(a, q, french)| match q {
            Some(q) if french => format!("{a} : « {q} », dit-il."),
            Some(q) => format!("{a} “{q}” encore."),
            None => format!("{a}."),
        },
    )
}

/// One article file: label, headline, maybe an alternate headline, maybe a standfirst,
/// maybe a byline, paragraphs; and its age in days.
fn article() -> impl Strategy<Value = (String, u32)> {
    (
        prop::sample::select(SECTIONS),
        words(2..7),
        prop::option::of(words(2..6)),
        prop::option::of(words(3..8)),
        prop::option::of(prop::sample::select(NAMES)),
        prop::collection::vec(paragraph(), 1..4),
        0u32..1200,
    )
        .prop_map(|(label, headline, alt, standfirst, by, body, age)| {
            let mut text = format!("{label}{}\n\n", capitalised(&headline));
            if let Some(a) = alt {
                text.push_str(&format!("{}\n\n", capitalised(&a)));
            }
            if let Some(s) = standfirst {
                text.push_str(&format!("{label}{}.\n", capitalised(&s)));
            }
            if let Some(b) = by {
                text.push_str(&format!("{b} pour 20 Minutes\n"));
            }
            text.push('\n');
            text.push_str(&body.join("\n\n"));
            text.push('\n');
            (text, age)
        })
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A word as typed: a vocabulary word's start, in any case, sometimes unknown.
fn typed_word() -> impl Strategy<Value = String> {
    (prop::sample::select(WORDS), 1usize..8, any::<bool>()).prop_map(|(w, n, upper)| {
        let w: String = w.chars().filter(|c| c.is_alphanumeric()).take(n).collect();
        let w = if w.is_empty() { "zz".to_owned() } else { w };
        let w = if upper { w.to_uppercase() } else { w };
        // A bare `or` is the operator, not a word (`"or"` finds the word).
        if w == "or" || w == "OR" {
            "o".to_owned()
        } else {
            w
        }
    })
}

fn term() -> impl Strategy<Value = String> {
    let field = prop::sample::select(&["", "title:", "by:", "quote:", "body:"][..]);
    prop_oneof![
        4 => (field.clone(), typed_word()).prop_map(|(f, w)| format!("{f}{w}")),
        2 => (field.clone(), typed_word(), typed_word())
            .prop_map(|(f, a, b)| format!("{f}\"{a} {b}\"")),
        1 => (field, prop::sample::select(&[
            "^la", "\\d", "taux|budget", "é", "[A-Z]{3}", "nous\\b", "e$", "cent.*eur",
        ][..])).prop_map(|(f, r)| format!("{f}/{r}/")),
        1 => prop::sample::select(SECTIONS).prop_map(|s| format!("section:\"{s}\"")),
        1 => prop::sample::select(&["section:/^(sport|monde)$/", "path:/0\\.txt$/", "path:1"][..])
            .prop_map(str::to_owned),
        1 => prop::sample::select(&["is:unread", "is:read", "is:starred", "is:updated"][..])
            .prop_map(str::to_owned),
        1 => prop::sample::select(&[
            "newer:30d", "older:2w", "newer:1y", "older:6m", "date:2024", "date:2024-03",
            "newer:2024-06-15", "older:2023-01-01", "date:2025-05-31",
        ][..]).prop_map(str::to_owned),
    ]
}

fn expr() -> impl Strategy<Value = String> {
    term().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|e| format!("-{e}")),
            inner.clone().prop_map(|e| format!("({e})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} {b}")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a} or {b}")),
        ]
    })
}

fn query_text() -> impl Strategy<Value = String> {
    (
        expr(),
        prop::option::of(prop::sample::select(
            &["new", "old", "section", "title"][..],
        )),
    )
        .prop_map(|(e, sort)| match sort {
            Some(s) => format!("{e} sort:{s}"),
            None => e,
        })
}

/// Writes the library: file `i.txt` for article `i`, its time `age` days before now.
fn write(dir: &Path, articles: &[(String, u32)]) {
    for (i, (text, age)) in articles.iter().enumerate() {
        let path = dir.join(format!("{i}.txt"));
        std::fs::write(&path, text).unwrap();
        let at = UNIX_EPOCH + Duration::from_millis(NOW_MS as u64)
            - Duration::from_secs(u64::from(*age) * 86_400 + u64::try_from(i).unwrap() * 3_600);
        let f = std::fs::File::options().write(true).open(&path).unwrap();
        f.set_modified(at).unwrap();
    }
}

/// The reader: the loader's messages applied, then each query pasted into `/`.
fn reader(dir: &Path, state: &State) -> App {
    let mut app = App::new(state.clone(), (120, 40));
    app.marks.marking = Marking::new(1, Clock::fixed(NOW_MS));
    let sources = Sources::Paths(vec![dir.to_owned()]);
    loader::load(&sources, 0, loader::Options::default(), &mut |l| {
        app.update(Action::Load(l));
        true
    });
    app.refresh();
    settle(&mut app);
    app
}

fn settle(app: &mut App) {
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return;
        }
        for e in effects {
            for a in kiosque::run::perform(e) {
                app.update(a);
            }
        }
    }
}

fn reader_set(app: &mut App, text: &str) -> BTreeSet<String> {
    if app.finding.prompt.is_some() {
        // Esc: the prompt closes and the query is cleared.
        app.update(Action::Back);
    }
    app.update(Action::FilterPrompt);
    app.update(Action::PromptPaste(text.to_owned()));
    settle(app);
    let p = app.finding.prompt.as_ref().expect("the prompt is open");
    assert!(p.error.is_none(), "{text:?}: {:?}", p.error);
    assert!(!app.finding.searching());
    app.lists
        .view
        .iter()
        .map(|&n| app.entries[n as usize].source.display())
        .collect()
}

/// Every article read whole and asked the plain evaluator.
fn plain_set(library: &Library, state: &State, text: &str) -> BTreeSet<String> {
    let plan = Plan::new(query::parse(text).unwrap(), NOW_MS);
    library
        .entries
        .iter()
        .filter(|e| {
            let article = read_article(&e.source, e.label.as_deref()).unwrap();
            let path = path_text(&e.source);
            eval::matches(&plan, &entries::full(e, &article, &path, state))
        })
        .map(|e| e.source.display())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(100),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_reader_and_the_plain_evaluator_agree(
        articles in prop::collection::vec(article(), 1..14),
        marks in prop::collection::vec((any::<bool>(), any::<bool>(), 0u8..3), 14),
        queries in prop::collection::vec(query_text(), 6),
    ) {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &articles);
        let (library, _) = Library::load(&Sources::Paths(vec![dir.path().to_owned()]), None, kiosque::loader::Need::Bodies, true);
        let mut state = State::default();
        for (e, (read, starred, seen)) in library.entries.iter().zip(&marks) {
            state.change(e.id, Value::Read(*read), NOW_MS - 1000, 7);
            state.change(e.id, Value::Starred(*starred), NOW_MS - 1000, 7);
            // Read in no known version, in the version on disk, or in another (updated).
            let version = match seen {
                0 => None,
                1 => {
                    let article = read_article(&e.source, e.label.as_deref()).unwrap();
                    Some(Fingerprints::of_blocks(&article.blocks))
                }
                _ => Some(Fingerprints::new(vec![7, 7])),
            };
            if let Some(v) = version {
                state.change(e.id, Value::Seen(v), NOW_MS - 1000, 7);
            }
        }
        let mut app = reader(dir.path(), &state);
        prop_assert_eq!(app.entries.len(), articles.len());
        for text in &queries {
            let want = plain_set(&library, &state, text);
            let got = reader_set(&mut app, text);
            prop_assert_eq!(got, want, "query {:?}", text);
        }
    }
}

/// A few queries over one library, with the sets written out (a readable failure first).
#[test]
fn known_queries_agree() {
    let dir = tempfile::tempdir().unwrap();
    let articles: Vec<(String, u32)> = (0..8)
        .map(|i| {
            let label = SECTIONS[i % SECTIONS.len()];
            let text = format!(
                "{label}La {} et le taux\n\nAntoine Mercier pour 20 Minutes\n\n\
                 Le ministre a dit : « nous sommes là ».\n\nLa Banque centrale européenne.\n",
                WORDS[i]
            );
            (text, u32::try_from(i).unwrap() * 100)
        })
        .collect();
    write(dir.path(), &articles);
    let (library, _) = Library::load(
        &Sources::Paths(vec![dir.path().to_owned()]),
        None,
        kiosque::loader::Need::Bodies,
        true,
    );
    let state = State::default();
    let mut app = reader(dir.path(), &state);
    for text in [
        "taux",
        "\"banque centrale\" -section:sport",
        "quote:nous or title:/^la b/",
        "body:\"ministre a dit\" newer:1y",
        "-(by:mercier) or date:2024",
        "section:\"FAITS DIVERS\" or path:3",
    ] {
        let want = plain_set(&library, &state, text);
        assert!(!want.is_empty(), "{text}: nothing to compare");
        assert_eq!(reader_set(&mut app, text), want, "{text}");
    }
}

/// `is:updated` on a library where each way of being read is present: the reader and the
/// plain evaluator pick the same articles, and the one read in another version only.
#[test]
fn updated_articles_agree() {
    let dir = tempfile::tempdir().unwrap();
    let articles: Vec<(String, u32)> = (0..4)
        .map(|i| {
            let text = format!(
                "ECONOMIE{} et le taux\n\nLe ministre a dit : « nous sommes là ».\n\nLa suite.\n",
                capitalised(WORDS[i])
            );
            (text, u32::try_from(i).unwrap() * 10)
        })
        .collect();
    write(dir.path(), &articles);
    let (library, _) = Library::load(
        &Sources::Paths(vec![dir.path().to_owned()]),
        None,
        kiosque::loader::Need::Bodies,
        true,
    );
    let by_file = |i: usize| {
        library
            .entries
            .iter()
            .find(|e| e.source.display().ends_with(&format!("/{i}.txt")))
            .unwrap()
    };
    let current = |i: usize| {
        let e = by_file(i);
        let article = read_article(&e.source, e.label.as_deref()).unwrap();
        Fingerprints::of_blocks(&article.blocks)
    };
    let stale = Fingerprints::new(vec![1, 2]);
    let mut state = State::default();
    // 0: read in another version; 1: read in this one; 2: unread, read before in another;
    // 3: read, no version kept.
    for (i, read, seen) in [
        (0, true, Some(stale.clone())),
        (1, true, Some(current(1))),
        (2, false, Some(stale)),
        (3, true, None),
    ] {
        let id = by_file(i).id;
        state.change(id, Value::Read(read), NOW_MS - 1000, 7);
        if let Some(v) = seen {
            state.change(id, Value::Seen(v), NOW_MS - 1000, 7);
        }
    }
    let mut app = reader(dir.path(), &state);
    for text in [
        "is:updated",
        "-is:updated",
        "is:updated or is:unread",
        "is:updated taux",
        "is:updated \"le ministre\"",
    ] {
        let want = plain_set(&library, &state, text);
        assert_eq!(reader_set(&mut app, text), want, "{text}");
    }
    let updated = plain_set(&library, &state, "is:updated");
    assert_eq!(updated.len(), 1);
    assert!(updated.iter().all(|p| p.ends_with("/0.txt")), "{updated:?}");
}
