//! `kiosque mark`: changes the saved state as the reader would, safely beside a running reader
//! (each change is one line appended to this device's state file, see [`crate::state::Store`]).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::Args;

use crate::article::format_id;
use crate::context::Context;
use crate::fingerprint::Fingerprints;
use crate::library::read_article;
use crate::state::{Clock, Value};

/// Which changes `kiosque mark` makes: one of read/unread, one of star/unstar, or one of each.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct MarkHow {
    /// Mark read.
    #[arg(long, conflicts_with = "unread")]
    pub read: bool,
    /// Mark unread.
    #[arg(long)]
    pub unread: bool,
    /// Star.
    #[arg(long, conflicts_with = "unstar")]
    pub star: bool,
    /// Remove the star.
    #[arg(long)]
    pub unstar: bool,
}

/// Runs `kiosque mark`.
pub fn run(
    ctx: &Context,
    how: &MarkHow,
    targets: &[OsString],
    library: &[PathBuf],
) -> Result<i32, String> {
    let (library, found) = super::load_targets(ctx, library, targets)?;
    let mut ids = Vec::new();
    // The version of each article marked read, as the reader would keep it when opening it:
    // the file is read again (one file per article named), so that a later change of it
    // shows as an update.
    let mut versions = Vec::new();
    let mut failed = false;
    for target in found {
        match target {
            Ok(target) => {
                let entry = target.entry(&library);
                ids.push(entry.id);
                versions.push(
                    how.read
                        .then(|| read_article(&entry.source, entry.label.as_deref()).ok())
                        .flatten()
                        .map(|article| Fingerprints::of_blocks(&article.blocks)),
                );
            }
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
    // One of read/unread and one of star/unstar (clap refuses both of a pair): each article
    // gets every change asked for, in one append.
    let mut asked: Vec<(Value, &str)> = Vec::new();
    if how.read || how.unread {
        asked.push((
            Value::Read(how.read),
            if how.read { "read" } else { "unread" },
        ));
    }
    if how.star || how.unstar {
        asked.push((
            Value::Starred(how.star),
            if how.star { "starred" } else { "unstarred" },
        ));
    }
    let mut changes = Vec::new();
    for (&id, version) in ids.iter().zip(versions) {
        for (value, _) in &asked {
            changes.push(
                opened
                    .state
                    .change(id, value.clone(), clock.now(), opened.device),
            );
        }
        if let Some(version) = version
            && opened.state.seen(id) != Some(&version)
        {
            changes.push(
                opened
                    .state
                    .change(id, Value::Seen(version), clock.now(), opened.device),
            );
        }
    }
    opened.store.append(&changes)?;
    // Superseded lines are folded away now and then, so the file stays the size of the marks.
    match opened.store.compact() {
        Ok(Some(done)) => done.notices.iter().for_each(|n| super::warn(n)),
        Ok(None) => {}
        Err(why) => super::warn(&why),
    }
    let mut out = super::Out::new();
    for id in &ids {
        for (_, verb) in &asked {
            out.line(&format!("{}\t{verb}", format_id(*id)))?;
        }
    }
    out.finish()?;
    Ok(i32::from(failed))
}
