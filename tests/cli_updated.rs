//! "Updated since you read it" from the command line (issue 12): an article marked read with
//! `kiosque mark --read` whose file is corrected comes back `updated` in `list --json` and
//! matches `is:updated`, keeping its id and its read mark; marked read again, it is not.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const ARTICLE: &str = "tests/fixtures/library/fr/politique_senat.txt";
const OTHER: &str = "tests/fixtures/library/fr/sante_canicule.txt";

fn kiosque(dirs: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiosque"))
        .args(args)
        .env("KIOSQUE_CONFIG_DIR", dirs.join("config"))
        .env("KIOSQUE_CACHE_DIR", dirs.join("cache"))
        .env("XDG_CONFIG_HOME", dirs.join("xdg-config"))
        .env("XDG_DATA_HOME", dirs.join("xdg-data"))
        .env("HOME", dirs)
        .output()
        .unwrap()
}

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// `list --json` of `library`, by file name.
fn listed(dirs: &Path, library: &Path, query: &str) -> Vec<Value> {
    let lib = library.to_str().unwrap();
    let query = format!("--query={query}");
    let out = ok(&kiosque(dirs, &["list", "-l", lib, "--json", &query]));
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn row<'a>(rows: &'a [Value], file: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["path"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("{file} not listed: {rows:?}"))
}

/// A library of two fixture articles in a folder of its own.
fn library(root: &Path) -> std::path::PathBuf {
    let lib = root.join("news");
    std::fs::create_dir_all(&lib).unwrap();
    std::fs::copy(ARTICLE, lib.join("senat.txt")).unwrap();
    std::fs::copy(OTHER, lib.join("canicule.txt")).unwrap();
    lib
}

#[test]
fn a_corrected_article_comes_back_updated_and_reading_it_again_clears_it() {
    let root = tempfile::tempdir().unwrap();
    let dirs = root.path();
    let lib = library(dirs);
    let lib_s = lib.to_str().unwrap();
    let file = lib.join("senat.txt");
    let before = listed(dirs, &lib, "");
    let id = row(&before, "senat.txt")["id"].as_str().unwrap().to_owned();
    assert_eq!(row(&before, "senat.txt")["updated"], false);

    // Read by path, and the other one by id.
    ok(&kiosque(dirs, &["mark", "--read", file.to_str().unwrap()]));
    let other = row(&before, "canicule.txt")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(&kiosque(dirs, &["mark", "--read", &other, "-l", lib_s]));
    // A full-text query: the bodies are indexed, and their versions logged with them.
    let indexed = listed(dirs, &lib, "scrutin");
    assert_eq!(indexed.len(), 1);
    let now = listed(dirs, &lib, "");
    assert_eq!(row(&now, "senat.txt")["read"], true);
    assert_eq!(row(&now, "senat.txt")["updated"], false);

    // A correction: one paragraph rewritten; label, headline and standfirst as they were.
    let text = std::fs::read_to_string(&file).unwrap();
    let corrected = text.replace("Par 198 voix contre 112", "Par 189 voix contre 121");
    assert_ne!(text, corrected);
    std::fs::write(&file, corrected).unwrap();

    let after = listed(dirs, &lib, "");
    let r = row(&after, "senat.txt");
    assert_eq!(r["id"], id, "a body edit keeps the id");
    assert_eq!(r["read"], true, "an update is not unread");
    assert_eq!(r["updated"], true);
    assert_eq!(row(&after, "canicule.txt")["updated"], false);
    let updated = listed(dirs, &lib, "is:updated");
    assert_eq!(updated.len(), 1);
    assert_eq!(updated[0]["id"], id);
    assert!(listed(dirs, &lib, "is:updated is:unread").is_empty());
    assert_eq!(listed(dirs, &lib, "-is:updated").len(), 1);
    // With a term that needs the text, the articles read for it agree.
    assert_eq!(listed(dirs, &lib, "is:updated \"189 voix\"").len(), 1);
    // Text output keeps its columns.
    let text = ok(&kiosque(
        dirs,
        &["list", "-l", lib_s, "--query", "is:updated"],
    ));
    assert!(text.starts_with(&format!("{id}\tread\t")), "{text}");

    // Whitespace only (line endings, re-wrapping) is no update.
    let rewrapped = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\n", "\r\n")
        .replace("proposition de loi visant", "proposition de loi\r\nvisant");
    std::fs::write(lib.join("canicule.txt"), {
        std::fs::read_to_string(OTHER)
            .unwrap()
            .replace('\n', "\r\n")
    })
    .unwrap();
    let after = listed(dirs, &lib, "");
    assert_eq!(row(&after, "canicule.txt")["updated"], false);

    // Read again (by id): no longer updated.
    ok(&kiosque(dirs, &["mark", "--read", &id, "-l", lib_s]));
    assert!(listed(dirs, &lib, "is:updated").is_empty());
    std::fs::write(&file, rewrapped).unwrap();
    assert!(listed(dirs, &lib, "is:updated").is_empty());
}

#[test]
fn an_unread_article_is_not_updated() {
    // Read, then marked unread: its version read is kept, but an unread article is not
    // updated when its file changes (it is unread: all of it is to read).
    let root = tempfile::tempdir().unwrap();
    let dirs = root.path();
    let lib = library(dirs);
    let file = lib.join("senat.txt");
    let f = file.to_str().unwrap();
    ok(&kiosque(dirs, &["mark", "--read", f]));
    ok(&kiosque(dirs, &["mark", "--unread", f]));
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("jeudi", "mercredi")).unwrap();
    assert!(listed(dirs, &lib, "is:updated").is_empty());
    assert_eq!(listed(dirs, &lib, "is:unread").len(), 2);
    ok(&kiosque(dirs, &["mark", "--star", f]));
    assert!(listed(dirs, &lib, "is:updated").is_empty());
}
