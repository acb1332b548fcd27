//! The EPUB of `kiosque export`, opened as a reading system opens it: `mimetype` first and
//! stored, the container, the package document (metadata, manifest, spine), the navigation
//! document (a table of contents by section whose every link lands), every XHTML document
//! well-formed and each article whole (checked against `parse` and `list --json`), the same
//! book byte for byte for the same articles; and EPUBCheck where it is installed.

#[path = "support/export.rs"]
mod kx;
mod support;
#[path = "support/xml.rs"]
mod xml;

use std::collections::{BTreeSet, HashMap};
use std::io::Read;

use kx::{env, export_file, lib, list, out_path, text};
use xml::{Element, parse};

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
    assert_eq!(
        u16::from_le_bytes([bytes[8], bytes[9]]),
        0,
        "mimetype is stored"
    );
    assert_eq!(u16::from_le_bytes([bytes[26], bytes[27]]), 8);
    assert_eq!(
        u16::from_le_bytes([bytes[28], bytes[29]]),
        0,
        "no extra field"
    );
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..58], b"application/epub+zip");

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(zip.by_index(0).unwrap().name().unwrap(), "mimetype");
    assert_eq!(
        zip.by_index(0).unwrap().compression(),
        zip::CompressionMethod::Stored
    );
    assert_eq!(entry(&mut zip, "mimetype"), "application/epub+zip");
    let names: BTreeSet<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();

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
    assert_eq!(
        rootfile.attr("media-type"),
        Some("application/oebps-package+xml")
    );
    let opf_path = rootfile.attr("full-path").unwrap().to_owned();
    let opf = &docs[&opf_path];
    let package = &opf[0];
    assert_eq!(package.name, "package");
    assert_eq!(package.attr("version"), Some("3.0"));

    // Metadata: identifier (the unique one), title, language, modified.
    let uid = package.attr("unique-identifier").unwrap();
    let ident = opf.iter().find(|e| e.name == "dc:identifier").unwrap();
    assert_eq!(ident.attr("id"), Some(uid));
    assert!(
        ident.text.starts_with("urn:uuid:") && ident.text.len() == 45,
        "{}",
        ident.text
    );
    let title = opf.iter().find(|e| e.name == "dc:title").unwrap();
    assert_eq!(title.text, "kiosque digest");
    let lang = opf.iter().find(|e| e.name == "dc:language").unwrap();
    assert_eq!(lang.text, "fr", "most fixture articles are French");
    let modified = opf
        .iter()
        .find(|e| e.name == "meta" && e.attr("property") == Some("dcterms:modified"))
        .unwrap();
    let m = modified.text.as_bytes();
    assert!(
        m.len() == 20 && m[4] == b'-' && m[10] == b'T' && m[19] == b'Z',
        "{}",
        modified.text
    );

    // The manifest lists every file (but mimetype, the container and itself), each exists.
    let items: Vec<&Element> = opf.iter().filter(|e| e.name == "item").collect();
    let mut listed = BTreeSet::new();
    let mut ids_of = HashMap::new();
    for item in &items {
        let href = resolve(&opf_path, item.attr("href").unwrap());
        assert!(
            names.contains(&href),
            "{href} is in the manifest, not the archive"
        );
        ids_of.insert(item.attr("id").unwrap(), href.clone());
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
        assert!(ids_of[idref].ends_with(".xhtml"));
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
    assert!(
        nav.iter()
            .any(|e| e.name == "nav" && e.attr("epub:type") == Some("toc"))
    );
    let mut articles = 0;
    let mut sections = Vec::new();
    for a in nav.iter().filter(|e| e.name == "a") {
        let href = a.attr("href").unwrap();
        let (file, frag) = href.split_once('#').unwrap_or((href, ""));
        let target = resolve(&nav_path, file);
        let doc = docs
            .get(&target)
            .unwrap_or_else(|| panic!("{href}: no such document"));
        assert!(!a.text.trim().is_empty(), "a link with no text to {href}");
        if frag.is_empty() {
            sections.push(a.text.clone());
        } else {
            articles += 1;
            assert!(
                doc.iter().any(|e| e.attr("id") == Some(frag)),
                "{href}: no such anchor"
            );
        }
    }
    let listed = list(&env, "");
    assert_eq!(articles, listed.len(), "every article is in the toc");
    // The contents by section: each section of the library once, articles under it.
    let mut want: Vec<String> = listed.iter().map(|l| l.section.clone()).collect();
    want.sort();
    want.dedup();
    let mut got = sections.clone();
    got.sort();
    assert_eq!(got, want, "one entry per section");
    let nested = nav.iter().filter(|e| e.name == "ol").count();
    assert_eq!(
        nested,
        sections.len() + 1,
        "a list of sections, a list under each"
    );

    // XHTML: the right namespace and language, every article whole (checked against `parse`
    // and `list --json`), the hostile article's text as text.
    let parsed = kx::parsed(&env);
    let json = kx::list_json(&env);
    let mut content = String::new();
    let mut ids = Vec::new();
    for idref in &spine {
        let name = &ids_of[idref];
        let tree = &docs[name];
        assert_eq!(tree[0].name, "html");
        assert_eq!(tree[0].attr("xmlns"), Some("http://www.w3.org/1999/xhtml"));
        assert!(tree[0].attr("xml:lang").is_some());
        assert!(
            !tree.iter().any(|e| e.name == "script"),
            "{name} has a script"
        );
        ids.extend(kx::check_articles(tree, &parsed, &json));
        content.push_str(&entry(&mut zip, name));
    }
    let mut want: Vec<&str> = listed.iter().map(|l| l.id.as_str()).collect();
    want.sort_unstable();
    ids.sort_unstable();
    assert_eq!(ids, want, "each article once, in the spine's documents");
    kx::check_hostile_xml(&content);
}

#[test]
fn epub_of_the_same_articles_is_the_same_file_with_source_date_epoch() {
    let env = env();
    let lib = lib(&env);
    let run = |name: &str| {
        let path = out_path(&env, name);
        let o = env
            .command(&[
                "export",
                "-l",
                &lib,
                "--format",
                "epub",
                "-o",
                path.to_str().unwrap(),
            ])
            .env("SOURCE_DATE_EPOCH", "1710252309")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", text(&o.stderr));
        std::fs::read(path).unwrap()
    };
    assert_eq!(run("a.epub"), run("b.epub"));
}

/// EPUBCheck (the W3C's validator) as a command: `EPUBCHECK` (a command or a `.jar`), else an
/// `epubcheck` found on the PATH or in /usr/share/java; `None` when there is none.
fn epubcheck() -> Option<std::process::Command> {
    let mut candidates: Vec<std::path::PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("EPUBCHECK") {
        candidates.push(p.into());
    }
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        candidates.push(dir.join("epubcheck"));
    }
    candidates.push("/usr/share/java/epubcheck.jar".into());
    let found = candidates.into_iter().find(|p| p.is_file())?;
    // Debian's /usr/bin/epubcheck is the jar itself.
    let jar = std::fs::read(&found).is_ok_and(|b| b.starts_with(b"PK\x03\x04"));
    Some(if jar {
        let mut c = std::process::Command::new("java");
        c.arg("-jar").arg(found);
        c
    } else {
        std::process::Command::new(found)
    })
}

/// EPUBCheck, where it is installed (as on the project's build machine), finds no error and
/// no warning in a digest of the whole fixture library with the hostile article, nor in one
/// of over a hundred articles of a section (two content documents).
#[test]
fn epubcheck_finds_nothing_to_say() {
    let Some(mut check) = epubcheck() else {
        eprintln!("epubcheck is not installed: skipped (EPUBCHECK=path/to/epubcheck.jar)");
        return;
    };
    let env = env();
    let big = env.lib().join("big");
    std::fs::create_dir_all(&big).unwrap();
    for i in 0..103 {
        std::fs::write(
            big.join(format!("b{i:03}.txt")),
            format!("GROSTitre numéro {i}\n\nGROSUn chapeau « cité » {i}.\nA B pour 20 Minutes\n\nTexte {i}.\n"),
        )
        .unwrap();
    }
    export_file(&env, "epub", "", "all.epub");
    let o = check
        .arg(out_path(&env, "all.epub"))
        .output()
        .expect("epubcheck runs");
    let said = format!("{}{}", text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "{said}");
    assert!(said.contains("No errors or warnings detected"), "{said}");
}
