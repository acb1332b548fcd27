//! "Updated since you read it" end to end (issue 12), the real binary in a pty: an article
//! opened and read, the reader quit, its file corrected, the reader started again: the list
//! marks it `↻`, the status line counts it, and opening it shows what changed (the note under
//! the header, `~` in the margin of the corrected paragraph); after that it is updated no more.

#![cfg(unix)]

mod support;

use support::*;

#[test]
fn read_quit_correct_restart_and_see_what_changed() {
    let env = Env::with_library();
    let id = id_of(&env.list(), "Le Sénat rejette");
    let file = env.lib().join("fr/politique_senat.txt");

    let mut t = env.reader(120, 40);
    t.wait_loaded(40);
    t.open_by_filter("luxembourg", &id);
    t.wait_for("Le texte n’aura");
    t.close_reader(&id);
    t.send("Q");
    t.wait_exit();
    env.wait_state("the version read", |s| {
        s["articles"][&id]["seen"].is_string() && flag(s, &id, "read")
    });

    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Par 198 voix", "Par 189 voix")).unwrap();

    let mut t = env.reader(120, 40);
    t.wait_loaded(40);
    t.wait_until("the article marked updated", |t| {
        t.marks_before("Le Sénat rejette")
            .is_some_and(|m| m.contains('↻'))
    });
    t.wait_for("1 updated");
    t.open_by_filter("luxembourg", &id);
    t.wait_for("Updated since you read it");
    t.wait_until("the corrected paragraph marked in the margin", |t| {
        t.row_with("Le texte n’aura")
            .is_some_and(|r| r.contains("~ Le texte n’aura"))
    });
    // Read again: no longer updated, in this run and in the saved state.
    t.close_reader(&id);
    t.wait_gone("1 updated");
    t.send("Q");
    t.wait_exit();
    let listed = env.run_ok(&[
        "list",
        "-l",
        &env.lib().to_string_lossy(),
        "--query",
        "is:updated",
    ]);
    assert!(listed.stdout.is_empty(), "{listed:?}");
}
