//! `kiosque [PATH]...`: the interactive reader. It needs a terminal.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::Context;

/// Runs the reader.
pub fn run(ctx: &Context, paths: &[PathBuf]) -> Result<i32, String> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(
            "the reader needs a terminal; in scripts use `kiosque list` or `kiosque show`".into(),
        );
    }
    let sources = ctx.sources(paths)?;
    crate::run::run(ctx, sources)
}
