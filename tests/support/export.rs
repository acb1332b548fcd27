//! What the tests of `kiosque export` share: a copy of the fixture library with a hostile
//! article added, the command run on it, `list --query` and `parse` to check the digest against.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::Env;

/// An article written to break out of every format: markup, a CDATA end, an entity, a bidi
/// override and escape sequences in its headline, standfirst and body, quotations of several
/// kinds, Markdown's own characters.
pub const HOSTILE: &str = "SCIENCESUn titre </title></head><body><script>alert(1)</script> ]]> \
\u{202E}fdp.exe\u{1b}[31m rouge\n\n\
SCIENCESLe chapeau & « entre <b>guillemets</b> » fin\n\
Jean Dupont pour 20 Minutes\n\n\
Il a dit « </body><script>alert('x')</script> » puis \"ceci\" & cela.\u{1b}]0;pwned\u{7}\n\n\
Un intertitre <i>\n\n\
Dernier paragraphe, avec *étoiles* et _tirets_ et [lien](http://x), <![CDATA[ x ]]> et &amp; \
\u{202E}à l’envers.\n";

/// A copy of the fixture library, the hostile article in `hostile/`.
pub fn env() -> Env {
    let env = Env::with_library();
    let dir = env.lib().join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("hostile.txt"), HOSTILE).unwrap();
    env
}

/// The library copy, as an argument.
pub fn lib(env: &Env) -> String {
    env.lib().to_string_lossy().into_owned()
}

/// `kiosque export -l <library> args…`.
pub fn export(env: &Env, args: &[&str]) -> Output {
    let lib = lib(env);
    let mut all = vec!["export", "-l", &lib];
    all.extend_from_slice(args);
    env.command(&all).output().unwrap()
}

/// Bytes as UTF-8 (panics otherwise: kiosque writes nothing else).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A line of `list`: id and section.
#[derive(Debug)]
pub struct Listed {
    pub id: String,
    pub section: String,
}

/// `list -l <library> --query q`, parsed.
pub fn list(env: &Env, query: &str) -> Vec<Listed> {
    let lib = lib(env);
    let out = env.run_ok(&["list", "-l", &lib, "--query", query]);
    text(&out.stdout)
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.splitn(5, '\t').collect();
            Listed {
                id: f[0].to_owned(),
                section: f[3].to_owned(),
            }
        })
        .collect()
}

/// `list --json` rows by id.
pub fn list_json(env: &Env) -> HashMap<String, serde_json::Value> {
    let lib = lib(env);
    let out = env.run_ok(&["list", "-l", &lib, "--json"]);
    text(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_owned(), v)
        })
        .collect()
}

/// `kiosque parse` of every file of the library, by id.
pub fn parsed(env: &Env) -> HashMap<String, serde_json::Value> {
    let mut files = Vec::new();
    walk(env.lib(), &mut files);
    let mut args = vec!["parse".to_owned()];
    args.extend(files.iter().map(|f| f.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = env.run_ok(&args);
    text(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["id"].as_str().unwrap().to_owned(), v)
        })
        .collect()
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            walk(&e.path(), files);
        } else {
            files.push(e.path());
        }
    }
}

/// A path in the test's private folder.
pub fn out_path(env: &Env, name: &str) -> PathBuf {
    env.root.path().join(name)
}

/// Exports to a file; panics unless it succeeds; returns the file's bytes.
pub fn export_file(env: &Env, format: &str, query: &str, name: &str) -> Vec<u8> {
    let path = out_path(env, name);
    let o = export(
        env,
        &[
            "--format",
            format,
            "--query",
            query,
            "-o",
            path.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    std::fs::read(&path).unwrap()
}

/// The strings of a parsed article's `quotes`.
pub fn quotes_of(article: &serde_json::Value) -> Vec<String> {
    article["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q.as_str().unwrap().to_owned())
        .collect()
}

/// The text of a parsed article's blocks of `kind`.
pub fn blocks_of(article: &serde_json::Value, kind: &str) -> Vec<String> {
    article["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kind"] == kind)
        .map(|b| b["text"].as_str().unwrap().to_owned())
        .collect()
}

/// Checks every `<article>` of an HTML or XHTML digest (its elements in document order, as
/// [`crate::xml::parse`] gives them) against `kiosque parse` and `list --json` of the same
/// library: the header (section, headline, alternate headline, standfirst, bylines, date), the
/// body's paragraphs and intertitles in order, and the outermost quotations set apart, exactly
/// the quotation finder's. Returns the ids of the articles, in order.
pub fn check_articles(
    elements: &[crate::xml::Element],
    parsed: &HashMap<String, serde_json::Value>,
    listed: &HashMap<String, serde_json::Value>,
) -> Vec<String> {
    let mut ids = Vec::new();
    for (at, article) in elements.iter().enumerate() {
        if article.name != "article" {
            continue;
        }
        let anchor = article.attr("id").unwrap();
        let id = anchor.strip_prefix("a-").unwrap()[..16].to_owned();
        let p = &parsed[&id];
        let l = &listed[&id];
        let inside: Vec<&crate::xml::Element> = elements[at + 1..]
            .iter()
            .take_while(|e| e.depth > article.depth)
            .collect();
        let class = |c: &str| -> Vec<String> {
            inside
                .iter()
                .filter(|e| e.attr("class") == Some(c))
                .map(|e| e.text.clone())
                .collect()
        };
        let one = |c: &str| -> Option<String> {
            let found = class(c);
            assert!(found.len() <= 1, "{id}: {c} twice");
            found.into_iter().next()
        };
        let header = inside
            .iter()
            .find(|e| e.name == "header")
            .expect("a header");
        assert_eq!(header.depth, article.depth + 1);
        assert_eq!(
            one("section").as_deref(),
            l["section"].as_str(),
            "{id}: section"
        );
        assert_eq!(
            one("headline").as_deref(),
            p["headline"].as_str(),
            "{id}: headline"
        );
        assert_eq!(
            one("alt-headline").as_deref(),
            p["alt_headline"].as_str(),
            "{id}: alt"
        );
        assert_eq!(
            one("standfirst").as_deref(),
            p["standfirst"].as_str(),
            "{id}: standfirst"
        );
        let bylines: Vec<String> = p["bylines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(class("byline"), bylines, "{id}: bylines");
        let time = inside.iter().find(|e| e.name == "time");
        assert_eq!(
            time.and_then(|t| t.attr("datetime")),
            l["date"].as_str(),
            "{id}: date"
        );
        assert!(time.is_none_or(|t| !t.text.trim().is_empty()));
        // The body: paragraphs (no class) and intertitles, children of the article.
        let body: Vec<(String, String)> = inside
            .iter()
            .filter(|e| e.depth == article.depth + 1 && e.name != "header")
            .map(|e| {
                let kind = match e.attr("class") {
                    None if e.name == "p" => "paragraph",
                    Some("intertitle") if e.name.starts_with('h') => "intertitle",
                    other => panic!("{id}: unexpected <{} class={other:?}>", e.name),
                };
                (kind.to_owned(), e.text.clone())
            })
            .collect();
        let want: Vec<(String, String)> = p["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["kind"].as_str().unwrap().to_owned(),
                    b["text"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(body, want, "{id}: body");
        // Outermost quotation spans: those with no quotation span around them.
        let mut open: Vec<(usize, bool)> = Vec::new();
        let mut quotes = Vec::new();
        for e in &inside {
            while open.last().is_some_and(|&(d, _)| d >= e.depth) {
                open.pop();
            }
            let quote = e.name == "span" && e.attr("class") == Some("quote");
            if quote && !open.iter().any(|&(_, q)| q) {
                quotes.push(e.text.clone());
            }
            open.push((e.depth, quote));
        }
        assert_eq!(quotes, quotes_of(p), "{id}: quotations");
        ids.push(id);
    }
    ids
}

/// Checks the text of the hostile article in HTML or XHTML: every piece of markup in it shown
/// as text, nothing of its escape sequences or bidi override left.
pub fn check_hostile_xml(content: &str) {
    for part in [
        "Un titre &lt;/title&gt;&lt;/head&gt;&lt;body&gt;&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; fdp.exe rouge",
        "Il a dit <span class=\"quote\">« &lt;/body&gt;&lt;script&gt;alert('x')&lt;/script&gt; »</span> puis <span class=\"quote\">\"ceci\"</span> &amp; cela.",
        "<span class=\"quote\">« entre &lt;b&gt;guillemets&lt;/b&gt; »</span>",
        "&lt;![CDATA[ x ]]&gt; et &amp;amp; à l’envers.",
        "class=\"intertitle\">Un intertitre &lt;i&gt;</h",
    ] {
        assert!(content.contains(part), "{part} is not in the digest");
    }
    assert!(!content.contains("<script") && !content.contains("<![CDATA["));
    for raw in ["\u{1b}", "\u{7}", "\u{202e}", "pwned"] {
        assert!(!content.contains(raw), "{raw:?} reached the digest");
    }
}
