//! `kiosque mark`: changes the saved state as the reader would, safely beside a running reader
//! (each change is one line appended to this device's state file, see [`crate::state::Store`]).

use std::ffi::OsString;
use std::path::PathBuf;

use crate::article::format_id;
use crate::cli::{Context, MarkHow};
use crate::state::{Clock, Value};

/// Runs `kiosque mark`.
pub fn run(
    ctx: &Context,
    how: &MarkHow,
    targets: &[OsString],
    library: &[PathBuf],
) -> Result<i32, String> {
    let (library, found) = super::load_targets(ctx, library, targets)?;
    let mut ids = Vec::new();
    let mut failed = false;
    for target in found {
        match target {
            Ok(target) => ids.push(target.entry(&library).id),
            Err(why) => {
                super::warn(&why);
                failed = true;
            }
        }
    }
    if ids.is_empty() {
        return Ok(1);
    }
    // Each change is stamped after the one it replaces, whatever its time (a clock ahead
    // elsewhere cannot make this one lose), then appended and fsync'd: O(1), beside a running
    // reader or another `mark`.
    let mut opened = ctx.open_state(true)?;
    for notice in &opened.notices {
        super::warn(notice);
    }
    let clock = Clock::from_env();
    let changes: Vec<_> = ids
        .iter()
        .map(|&id| {
            let value = match (how.read, how.unread, how.star) {
                (true, _, _) => Value::Read(true),
                (_, true, _) => Value::Read(false),
                (_, _, true) => Value::Starred(true),
                _ => Value::Starred(false),
            };
            opened.state.change(id, value, clock.now(), opened.device)
        })
        .collect();
    opened.store.append(&changes)?;
    // Superseded lines are folded away now and then, so the file stays the size of the marks.
    match opened.store.compact() {
        Ok(Some(done)) => done.notices.iter().for_each(|n| super::warn(n)),
        Ok(None) => {}
        Err(why) => super::warn(&why),
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
