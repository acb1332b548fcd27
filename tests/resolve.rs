//! A file named to `mark` or `show` resolves to the id the reader gives it (SPEC §4), with or
//! without `-l`, by a relative or absolute path or through a symlink, in a library where two
//! files share an identity.

#![cfg(unix)]

mod support;

use std::collections::BTreeMap;

use support::*;

/// `list --json -l LIB`: path → id.
fn ids_by_path(env: &Env) -> BTreeMap<String, String> {
    let lib = env.lib().to_string_lossy().into_owned();
    let out = env.run_ok(&["list", "--json", "-l", &lib]);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["path"].as_str().unwrap().to_owned(),
                v["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_file_named_without_a_library_gets_the_readers_id_and_label() {
    let env = Env::with_library();
    let original = env.lib().join("fr/economie_bce.txt");
    // A later copy with another body: the same identity, a distinct article.
    let copy = env.lib().join("fr/economie_bce_suite.txt");
    let text = std::fs::read_to_string(&original).unwrap();
    std::fs::write(&copy, text.replace("Francfort", "Francfort-sur-le-Main")).unwrap();
    let later = std::fs::metadata(&original).unwrap().modified().unwrap()
        + std::time::Duration::from_secs(3600);
    support::set_mtime(&copy, later);
    // The reader's ids (list indexes the library in the cache, as the reader does).
    let ids = ids_by_path(&env);
    let id_of_path = |p: &std::path::Path| ids[&p.to_string_lossy().into_owned()].clone();
    let (id_original, id_copy) = (id_of_path(&original), id_of_path(&copy));
    assert_ne!(id_original, id_copy, "two files, two ids");

    // No -l (the default library is the bundled seed): absolute path of the later copy.
    let out = env.run_ok(&["mark", "--read", &copy.to_string_lossy()]);
    let said = String::from_utf8(out.stdout).unwrap();
    assert_eq!(said.split('\t').next(), Some(id_copy.as_str()), "{said}");

    // A relative path, from the file's folder.
    let out = env
        .command(&["mark", "--star", "economie_bce.txt"])
        .current_dir(env.lib().join("fr"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        said.split('\t').next(),
        Some(id_original.as_str()),
        "{said}"
    );

    // Through a symlink outside the library: `show` splits the label as the reader does.
    let link = env.root.path().join("lien.txt");
    std::os::unix::fs::symlink(&original, &link).unwrap();
    let out = env.run_ok(&["show", &link.to_string_lossy(), "--width", "70"]);
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.starts_with("ECONOMIE\n"), "{shown}");
    assert!(shown.contains("\nBCE : la Banque centrale"), "{shown}");
    assert!(!shown.contains("ECONOMIEBCE"), "{shown}");

    // What the reader's library now says.
    let state = env.state();
    assert!(flag(&state, &id_copy, "read"));
    assert!(flag(&state, &id_original, "starred"));
    assert!(!flag(&state, &id_original, "read"));
}
