//! `kiosque [PATH]...`: the interactive reader. It needs a terminal.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::context::Context;

/// The subcommands, to recognise one mistyped as a path.
const COMMANDS: &[&str] = &[
    "list",
    "show",
    "mark",
    "parse",
    "config",
    "completions",
    "man",
];

/// Runs the reader.
pub fn run(ctx: &Context, paths: &[PathBuf]) -> Result<i32, String> {
    // A path that is not there is a typo (`kiosque lsit`, a wrong folder): said at once, as
    // `list -l` says it, rather than an empty reader.
    if let Some(missing) = paths.iter().find(|p| std::fs::symlink_metadata(p).is_err()) {
        return Err(missing_path(missing));
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(
            "the reader needs a terminal; in scripts use `kiosque list` or `kiosque show`".into(),
        );
    }
    let sources = ctx.sources(paths)?;
    // How the reader takes the terminal: `mouse = false` in config.toml leaves the mouse to
    // the terminal (its own selection and scrolling).
    let options = crate::run::RunOptions {
        mouse: ctx.settings.config.mouse,
        watch: ctx.settings.config.watch,
    };
    crate::run::run(ctx, sources, options)
}

/// The one line said for a path that does not exist, with the subcommand it may be a typo of.
fn missing_path(path: &std::path::Path) -> String {
    let shown = super::shown(path);
    let close = path
        .to_str()
        .and_then(|p| COMMANDS.iter().find(|c| typo_of(p, c)));
    match close {
        Some(c) => format!("{shown}: no such file or directory, nor a command (kiosque {c}?)"),
        None => format!("{shown}: no such file or directory"),
    }
}

/// Is `typed` one slip away from `word`: a letter wrong, missing or extra, or two swapped?
fn typo_of(typed: &str, word: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (typed.chars().collect(), word.chars().collect());
    if a == b {
        return false;
    }
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[common..], &b[common..]);
    let swapped = ra.len() == rb.len()
        && ra.len() >= 2
        && ra[0] == rb[1]
        && ra[1] == rb[0]
        && ra[2..] == rb[2..];
    swapped
        || (ra.len() == rb.len() && ra[1..] == rb[1..])
        || (ra.len() == rb.len() + 1 && ra[1..] == *rb)
        || (rb.len() == ra.len() + 1 && rb[1..] == *ra)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_of_commands() {
        for (typed, word) in [
            ("lsit", "list"),
            ("lst", "list"),
            ("lisst", "list"),
            ("shwo", "show"),
            ("mrak", "mark"),
        ] {
            assert!(typo_of(typed, word), "{typed} {word}");
        }
        for (typed, word) in [
            ("list", "list"),
            ("news", "list"),
            ("~/news", "show"),
            ("l", "list"),
        ] {
            assert!(!typo_of(typed, word), "{typed} {word}");
        }
        let m = missing_path(std::path::Path::new("lsit"));
        assert_eq!(
            m,
            "lsit: no such file or directory, nor a command (kiosque list?)"
        );
    }
}
