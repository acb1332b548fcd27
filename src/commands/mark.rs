//! `kiosque mark`: changes the saved state as the reader would, safely beside a running reader
//! (the save takes the state lock and merges, see [`crate::state::save`]).

use std::ffi::OsString;
use std::path::PathBuf;

use crate::article::format_id;
use crate::cli::{Context, MarkHow};
use crate::state::{self, Clock};

use super::Target;

/// Runs `kiosque mark`.
pub fn run(
    ctx: &Context,
    how: &MarkHow,
    targets: &[OsString],
    library: &[PathBuf],
) -> Result<i32, String> {
    let (library, _) = super::load(ctx, library, false)?;
    let mut ids = Vec::new();
    let mut failed = false;
    for target in targets {
        match super::resolve(target, &library) {
            Ok(Target::InLibrary(i)) => ids.push(library.entries[i].id),
            Ok(Target::Standalone(pair)) => ids.push(pair.0.id),
            Err(why) => {
                eprintln!("kiosque: {why}");
                failed = true;
            }
        }
    }
    if ids.is_empty() {
        return Ok(1);
    }
    // Only the changes go to disk: the save merges them with whatever is there now.
    let mut changes = state::State::default();
    let mut clock = Clock::default();
    for &id in &ids {
        let now = clock.now();
        if how.read || how.unread {
            changes.set_read(id, how.read, now);
        } else {
            changes.set_starred(id, how.star, now);
        }
    }
    if let Some(notice) = state::save(&ctx.config_dir, &mut changes)? {
        eprintln!("kiosque: {notice}");
    }
    let verb = match (how.read, how.unread, how.star) {
        (true, _, _) => "read",
        (_, true, _) => "unread",
        (_, _, true) => "starred",
        _ => "unstarred",
    };
    let mut out = super::Out::new();
    for id in &ids {
        out.line(&format!("{}\t{verb}", format_id(*id)))?;
    }
    out.finish()?;
    Ok(i32::from(failed))
}
