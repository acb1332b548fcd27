//! `kiosque export` run as a user runs it, on a copy of the fixture library: a valid EPUB 3
//! (checked by opening the archive as a reading system does), HTML that escapes a hostile
//! article and styles quotations, Markdown with its table of contents and articles in order,
//! the same articles as `list --query`, standard output, and the exit codes of SPEC §5.

mod support;
#[path = "support/xml.rs"]
mod xml;

use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;

use support::Env;
use xml::{Element, parse};

/// An article written to break out of every format: markup in its headline, standfirst and
/// body, an escape sequence, quotations of several kinds.
const HOSTILE: &str = "SCIENCESUn titre </title></head><body><script>alert(1)</script>\n\n\
SCIENCESLe chapeau & « entre <b>guillemets</b> » fin\n\
Jean Dupont pour 20 Minutes\n\n\
Il a dit « </body><script>alert('x')</script> » puis \"ceci\" & cela.\u{1b}]0;pwned\u{7}\n\n\
Un intertitre <i>\n\n\
Dernier paragraphe, avec *étoiles* et _tirets_ et [lien](http://x).\n";

fn env() -> Env {
    let env = Env::with_library();
    let dir = env.lib().join("hostile");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("hostile.txt"), HOSTILE).unwrap();
    env
}

fn lib(env: &Env) -> String {
    env.lib().to_string_lossy().into_owned()
}

fn export(env: &Env, args: &[&str]) -> Output {
    let lib = lib(env);
    let mut all = vec!["export", "-l", &lib];
    all.extend_from_slice(args);
    env.command(&all).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A line of `list`: id and section.
struct Listed {
    id: String,
    section: String,
}

/// `list -l <library> --query q`, parsed.
fn list(env: &Env, query: &str) -> Vec<Listed> {
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

fn out_path(env: &Env, name: &str) -> PathBuf {
    env.root.path().join(name)
}

/// Exports to a file; panics unless it succeeds; returns the file's bytes.
fn export_file(env: &Env, format: &str, query: &str, name: &str) -> Vec<u8> {
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

type Archive = zip::ZipArchive<std::io::Cursor<Vec<u8>>>;

fn entry(zip: &mut Archive, name: &str) -> String {
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is missing"));
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

/// Resolves `href` relative to the archive path `base` (a file), `..` included.
fn resolve(base: &str, href: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for p in href.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[test]
fn epub_is_a_valid_epub_3_archive() {
    let env = env();
    let bytes = export_file(&env, "epub", "", "digest.epub");
    // The OCF's rules for `mimetype`, on the bytes: first local header, stored, no extra field.
    assert_eq!(&bytes[..4], b"PK\x03\x04");
    assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 0, "mimetype is stored");
    assert_eq!(u16::from_le_bytes([bytes[26], bytes[27]]), 8);
    assert_eq!(u16::from_le_bytes([bytes[28], bytes[29]]), 0, "no extra field");
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..58], b"application/epub+zip");

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(zip.by_index(0).unwrap().name(), "mimetype");
    assert_eq!(zip.by_index(0).unwrap().compression(), zip::CompressionMethod::Stored);
    assert_eq!(entry(&mut zip, "mimetype"), "application/epub+zip");
    let names: BTreeSet<String> = zip.file_names().map(str::to_owned).collect();

    // Every XML file of the archive is well-formed.
    let mut docs: HashMap<String, Vec<Element>> = HashMap::new();
    for name in &names {
        if name.ends_with(".xml") || name.ends_with(".opf") || name.ends_with(".xhtml") {
            let xml = entry(&mut zip, name);
            let tree = parse(&xml).unwrap_or_else(|e| panic!("{name}: {e}\n{xml}"));
            docs.insert(name.clone(), tree);
        }
    }

    // The container points at the package.
    let container = &docs["META-INF/container.xml"];
    let rootfile = container.iter().find(|e| e.name == "rootfile").unwrap();
    assert_eq!(rootfile.attr("media-type"), Some("application/oebps-package+xml"));
    let opf_path = rootfile.attr("full-path").unwrap().to_owned();
    let opf = &docs[&opf_path];
    let package = &opf[0];
    assert_eq!(package.name, "package");
    assert_eq!(package.attr("version"), Some("3.0"));

    // Metadata: identifier (the unique one), title, language, modified.
    let uid = package.attr("unique-identifier").unwrap();
    let ident = opf.iter().find(|e| e.name == "dc:identifier").unwrap();
    assert_eq!(ident.attr("id"), Some(uid));
    assert!(ident.text.starts_with("urn:uuid:") && ident.text.len() == 45, "{}", ident.text);
    let title = opf.iter().find(|e| e.name == "dc:title").unwrap();
    assert_eq!(title.text, "kiosque digest");
    let lang = opf.iter().find(|e| e.name == "dc:language").unwrap();
    assert_eq!(lang.text, "fr", "most fixture articles are French");
    let modified = opf
        .iter()
        .find(|e| e.name == "meta" && e.attr("property") == Some("dcterms:modified"))
        .unwrap();
    let m = modified.text.as_bytes();
    assert!(m.len() == 20 && m[4] == b'-' && m[10] == b'T' && m[19] == b'Z', "{}", modified.text);

    // The manifest lists every file (but mimetype, the container and itself), each exists.
    let items: Vec<&Element> = opf.iter().filter(|e| e.name == "item").collect();
    let mut listed = BTreeSet::new();
    let mut ids = HashMap::new();
    for item in &items {
        let href = resolve(&opf_path, item.attr("href").unwrap());
        assert!(names.contains(&href), "{href} is in the manifest, not the archive");
        ids.insert(item.attr("id").unwrap(), href.clone());
        listed.insert(href);
    }
    for name in &names {
        if name != "mimetype" && name != "META-INF/container.xml" && *name != opf_path {
            assert!(listed.contains(name), "{name} is not in the manifest");
        }
    }
    // The spine: existing items, each a content document.
    let spine: Vec<&str> = opf
        .iter()
        .filter(|e| e.name == "itemref")
        .map(|e| e.attr("idref").unwrap())
        .collect();
    assert!(spine.len() >= 2);
    for idref in &spine {
        assert!(ids[idref].ends_with(".xhtml"));
    }

    // The navigation document: one item with properties="nav", a nav epub:type="toc" whose
    // links all land on an element of a document of the archive.
    let navs: Vec<&&Element> = items
        .iter()
        .filter(|i| i.attr("properties") == Some("nav"))
        .collect();
    assert_eq!(navs.len(), 1);
    let nav_path = resolve(&opf_path, navs[0].attr("href").unwrap());
    let nav = &docs[&nav_path];
    assert!(nav.iter().any(|e| e.name == "nav" && e.attr("epub:type") == Some("toc")));
    let mut articles = 0;
    for a in nav.iter().filter(|e| e.name == "a") {
        let href = a.attr("href").unwrap();
        let (file, frag) = href.split_once('#').unwrap_or((href, ""));
        let target = resolve(&nav_path, file);
        let doc = docs.get(&target).unwrap_or_else(|| panic!("{href}: no such document"));
        assert!(!a.text.trim().is_empty(), "a link with no text to {href}");
        if !frag.is_empty() {
            articles += 1;
            assert!(
                doc.iter().any(|e| e.attr("id") == Some(frag)),
                "{href}: no such anchor"
            );
        }
    }
    assert_eq!(articles, list(&env, "").len(), "every article is in the toc");

    // XHTML: the right namespace and language, the hostile article's text as text.
    let mut content = String::new();
    for (name, tree) in &docs {
        if name.ends_with(".xhtml") {
            assert_eq!(tree[0].name, "html");
            assert_eq!(tree[0].attr("xmlns"), Some("http://www.w3.org/1999/xhtml"));
            assert!(tree[0].attr("xml:lang").is_some());
            assert!(!tree.iter().any(|e| e.name == "script"), "{name} has a script");
            content.push_str(&entry(&mut zip, name));
        }
    }
    assert!(content.contains("&lt;/body&gt;&lt;script&gt;alert('x')&lt;/script&gt;"));
    assert!(!content.contains("pwned") && !content.contains('\u{1b}'));
    assert!(content.contains("<span class=\"quote\">« entre &lt;b&gt;guillemets&lt;/b&gt; »</span>"));
}

#[test]
fn epub_of_the_same_articles_is_the_same_file_with_source_date_epoch() {
    let env = env();
    let lib = lib(&env);
    let run = |name: &str| {
        let path = out_path(&env, name);
        let o = env
            .command(&["export", "-l", &lib, "--format", "epub", "-o", path.to_str().unwrap()])
            .env("SOURCE_DATE_EPOCH", "1710252309")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
        std::fs::read(path).unwrap()
    };
    assert_eq!(run("a.epub"), run("b.epub"));
}

#[test]
fn html_escapes_a_hostile_article_and_styles_quotations() {
    let env = env();
    let html = text(&export_file(&env, "html", "section:sciences", "digest.html"));
    // One page, one body, no script: the article's markup is text.
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang="));
    assert_eq!(html.matches("<body>").count(), 1);
    assert_eq!(html.matches("</body>").count(), 1);
    assert!(!html.contains("<script"));
    assert!(html.contains("Un titre &lt;/title&gt;&lt;/head&gt;&lt;body&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains(
        "Il a dit <span class=\"quote\">« &lt;/body&gt;&lt;script&gt;alert('x')&lt;/script&gt; »</span> puis <span class=\"quote\">\"ceci\"</span> &amp; cela."
    ));
    assert!(!html.contains('\u{1b}') && !html.contains("pwned"));
    // Self-contained: the style inline, nothing fetched.
    assert!(html.contains("<style>") && html.contains(".quote {"));
    assert!(!html.contains("<link") && !html.contains(" src="));
    // Header: section, headline, standfirst, byline, date.
    for part in [
        "<p class=\"section\">SCIENCES</p>",
        "<p class=\"standfirst\">Le chapeau &amp; <span class=\"quote\">",
        "<p class=\"byline\">Jean Dupont pour 20 Minutes</p>",
        "<p class=\"date\"><time datetime=\"",
        "<h4 class=\"intertitle\">Un intertitre &lt;i&gt;</h4>",
    ] {
        assert!(html.contains(part), "{part} missing");
    }
    // The page is XML too (XHTML syntax), so any tool can read it.
    parse(html.trim_start_matches("<!DOCTYPE html>\n")).unwrap();
}

/// The table of contents and the articles of a Markdown digest: (section, article ids) in the
/// order of the contents, and the ids in the order of the articles.
fn markdown_order(md: &str) -> (Vec<(String, Vec<String>)>, Vec<String>) {
    let mut toc: Vec<(String, Vec<String>)> = Vec::new();
    let mut body = Vec::new();
    for line in md.lines() {
        if let Some(rest) = line.strip_prefix("- [") {
            toc.push((rest.split("](#s-").next().unwrap().to_owned(), Vec::new()));
        } else if let Some(rest) = line.strip_prefix("  - [") {
            let id = rest.rsplit("](#a-").next().unwrap()[..16].to_owned();
            toc.last_mut().unwrap().1.push(id);
        } else if let Some(rest) = line.strip_prefix("### <a id=\"a-") {
            body.push(rest[..16].to_owned());
        }
    }
    (toc, body)
}

/// Checks the Markdown digest of `query` against `list --query`: the same articles, grouped by
/// section in the order of the sections pane, the list's order within each.
fn check_against_list(env: &Env, query: &str) {
    let o = export(env, &["--format", "md", "--query", query, "-o", "-"]);
    assert!(o.status.success(), "{query}: {}", text(&o.stderr));
    let md = text(&o.stdout);
    let (toc, body) = markdown_order(&md);
    let listed = list(env, query);
    let toc_ids: Vec<String> = toc.iter().flat_map(|(_, ids)| ids.clone()).collect();
    assert_eq!(toc_ids, body, "{query}: the articles follow the contents");
    let want: BTreeSet<&str> = listed.iter().map(|l| l.id.as_str()).collect();
    let got: BTreeSet<&str> = body.iter().map(String::as_str).collect();
    assert_eq!(got, want, "{query}: the same articles as list");
    for (section, ids) in &toc {
        let section = section.replace('\\', "");
        let in_list: Vec<&str> = listed
            .iter()
            .filter(|l| l.section == section)
            .map(|l| l.id.as_str())
            .collect();
        assert_eq!(ids.iter().map(String::as_str).collect::<Vec<_>>(), in_list, "{query}: {section}");
    }
    let fold = |s: &str| s.to_lowercase();
    let names: Vec<String> = toc.iter().map(|(s, _)| s.clone()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|s| (s == "(no section)", fold(s)));
    let plain = |v: &[String]| v.iter().map(|s| fold(s)).collect::<Vec<_>>();
    assert_eq!(plain(&names), plain(&sorted), "{query}: sections in the pane's order");
}

#[test]
fn markdown_has_the_contents_and_the_articles_in_order_as_list_gives_them() {
    let env = env();
    for query in [
        "",
        "section:sport",
        "quote:nous",
        "sort:old",
        "sort:title -section:sport",
        "canicule or by:afp",
        "\"gazole\"",
    ] {
        check_against_list(&env, query);
    }
}

#[test]
fn markdown_keeps_the_text_escaped_and_quotations_in_italics() {
    let env = env();
    let o = export(&env, &["--format", "md", "--query", "section:sciences", "-o", "-"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let md = text(&o.stdout);
    assert!(md.starts_with("# kiosque digest: section:sciences\n"));
    assert!(md.contains("## Contents\n\n- [SCIENCES](#s-1) (1)\n  - [Un titre \\</title\\>"));
    assert!(md.contains("Il a dit *« \\</body\\>\\<script\\>alert('x')\\</script\\> »* puis *\"ceci\"* \\& cela."));
    assert!(md.contains("\\*étoiles\\* et \\_tirets\\_ et \\[lien\\](http://x)."));
    assert!(md.contains("#### Un intertitre \\<i\\>"));
    assert!(md.contains("*SCIENCES · Jean Dupont pour 20 Minutes · "));
    assert!(!md.contains('\u{1b}'));
}

#[test]
fn output_to_stdout_for_md_and_html_never_for_epub() {
    let env = env();
    let o = export(&env, &["--format", "html", "-o", "-"]);
    assert!(o.status.success());
    assert!(text(&o.stdout).ends_with("</html>\n"));
    let o = export(&env, &["--format", "epub", "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(text(&o.stderr).contains("EPUB"), "{}", text(&o.stderr));
}

#[test]
fn a_bad_query_exits_2_with_its_column_and_writes_nothing() {
    let env = env();
    let path = out_path(&env, "bad.md");
    let o = export(&env, &["--format", "md", "--query", "sport (title:bce", "-o", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(text(&o.stderr), "kiosque: query: column 7: this ( is never closed\n");
    assert!(!path.exists());
}

#[test]
fn no_match_exits_1_and_leaves_the_file_as_it_was() {
    let env = env();
    let path = out_path(&env, "digest.html");
    std::fs::write(&path, "before").unwrap();
    let o = export(&env, &["--format", "html", "--query", "zzzyyyxxx", "-o", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("no article matches"), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "before");
}

#[test]
fn a_file_is_replaced_whole_and_no_temporary_is_left() {
    let env = env();
    let path = out_path(&env, "digest.md");
    std::fs::write(&path, "old").unwrap();
    export_file(&env, "md", "sante", "digest.md");
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.starts_with("# kiosque digest: sante\n"));
    let left: Vec<_> = std::fs::read_dir(env.root.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // A folder that is not there: an error line, exit 1.
    let o = export(&env, &["--format", "md", "-o", "/nonexistent/dir/x.md"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(Path::new("/nonexistent/dir").metadata().is_err());
}
