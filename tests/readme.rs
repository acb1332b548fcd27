//! The README's key table is the one `?` shows with the default keys, written from the same
//! table (`src/keymap.rs`): this test fails when they drift apart, and prints the table to
//! paste. (`?` in the reader shows the keys as `config.toml` sets them.)

#[test]
fn the_readme_key_table_is_the_key_table() {
    let rows: Vec<String> = kiosque::keymap::help_rows()
        .into_iter()
        .map(|row| {
            let keys: Vec<String> = row.keys.split(' ').map(|k| format!("`{k}`")).collect();
            format!("| {} | `{}` | {} |", keys.join(" "), row.name, row.help)
        })
        .collect();
    let want = format!(
        "| key | name in `[keys]` | action |\n|---|---|---|\n{}\n",
        rows.join("\n")
    );
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = readme
        .find("| key | name in `[keys]` | action |")
        .expect("a key table in the README");
    let end = readme[start..]
        .find("\n\n")
        .map_or(readme.len(), |e| start + e + 1);
    assert!(
        readme[start..end] == want,
        "the README's key table is not src/keymap.rs's; it should read:\n\n{want}"
    );
}

/// The README's annotated `config.toml` is read without a problem, and says what it says.
#[test]
fn the_readme_config_example_is_a_valid_config() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let section = readme
        .find("## Configuration")
        .expect("a Configuration section");
    let start = readme[section..].find("```toml\n").expect("an example") + section + 8;
    let end = readme[start..].find("```").expect("its end") + start;
    let settings = kiosque::config::Settings::parse(&readme[start..end], "README".into());
    assert!(settings.problems.is_empty(), "{:?}", settings.problems);
    assert_eq!(settings.views.len(), 2);
    assert_eq!(settings.config.layout.measure, 72);
    assert_eq!(settings.config.library.len(), 2);
}
