//! The README's key table is the one `?` shows, written from the same table
//! (`src/keymap.rs`): this test fails when they drift apart, and prints the table to paste.

#[test]
fn the_readme_key_table_is_the_key_table() {
    let rows: Vec<String> = kiosque::keymap::help_rows()
        .into_iter()
        .map(|(keys, help)| {
            let keys: Vec<String> = keys.split(' ').map(|k| format!("`{k}`")).collect();
            format!("| {} | {} |", keys.join(" "), help)
        })
        .collect();
    let want = format!("| key | action |\n|---|---|\n{}\n", rows.join("\n"));
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let start = readme
        .find("| key | action |")
        .expect("a key table in the README");
    let end = readme[start..]
        .find("\n\n")
        .map_or(readme.len(), |e| start + e + 1);
    assert!(
        readme[start..end] == want,
        "the README's key table is not src/keymap.rs's; it should read:\n\n{want}"
    );
}
