//! Compaction of this device's file: one line per article and flag, written atomically under
//! the file's exclusive lock (appenders hold it shared), so no append is lost to it.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;

use super::record::{self, Header};
use super::store::{CAP, Refresh, Store, aside_name, show};
use super::{Change, Flag};
use crate::disk;

/// Compacts `store`'s own file (see [`Store::compact`]).
pub(super) fn run(store: &mut Store) -> Result<Option<Refresh>, String> {
    let path = store.own_path();
    let (file, _) = match disk::open_regular(&path, CAP, disk::Links::Refuse) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot compact: {e} ({})", show(&path))),
    };
    // Held until the new file is in place: appenders wait (briefly) rather than append to a
    // file about to be replaced.
    store.lock_exclusive(&file, &path)?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !disk::same_file(&meta, &path) {
        // Another process compacted it meanwhile.
        return Ok(None);
    }
    let bytes = disk::read_to_cap(&file, meta.len(), CAP).map_err(|e| e.to_string())?;
    let mut lines = bytes.split(|&b| b == b'\n');
    let header = match lines.next().map(record::parse_header) {
        Some(Ok(h)) => h,
        // Not ours to rewrite (the next look at the folder reports it).
        _ => return Ok(None),
    };
    let mut best: BTreeMap<(u64, Flag), Change> = BTreeMap::new();
    let (mut total, mut bad) = (0usize, 0usize);
    for line in lines {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        total += 1;
        let parsed = record::parse_change(line, header.device, |c| {
            let key = (c.id, c.value.flag());
            match best.get(&key) {
                Some(old) if !c.beats(old) => {}
                _ => {
                    best.insert(key, c);
                }
            }
        });
        if parsed.is_err() {
            bad += 1;
        }
    }
    let mut found = Refresh {
        changes: best.values().cloned().collect(),
        notices: Vec::new(),
    };
    // Only the lines of the file being replaced count: what this process read before may be
    // of an older file, already replaced (and kept aside) by another process's compaction.
    if bad > 0 {
        // Lines that cannot be read are not dropped silently: the old file is kept beside.
        let aside = keep_aside(&path, &meta).map_err(|e| {
            format!(
                "cannot keep a copy before compacting: {e} ({})",
                show(&path)
            )
        })?;
        found.notices.push(format!(
            "{bad} unreadable line{} of {} kept in {}",
            if bad == 1 { "" } else { "s" },
            show(&path),
            show(&aside)
        ));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A compaction or a first write killed before its rename leaves a temporary that nothing
    // else removes (found by tests/durability.rs; a sync tool would copy them to every
    // machine). No other compaction runs while the lock is held.
    disk::remove_stale_temporaries(store.dir(), &name);
    let mut text = record::header_line(&Header {
        version: record::VERSION,
        device: store.device(),
        imported: header.imported,
    });
    for c in best.values() {
        record::change_line(c, store.device(), &mut text);
    }
    disk::write_atomically(store.dir(), &name, text.as_bytes())
        .map_err(|e| format!("cannot compact: {e} ({})", show(&path)))?;
    let new = std::fs::symlink_metadata(&path).map_err(|e| e.to_string())?;
    let keys: FxHashSet<(u64, Flag)> = best.keys().copied().collect();
    debug_assert!(keys.len() <= total);
    store.compacted(&new, text.len() as u64, keys);
    drop(file);
    Ok(Some(found))
}

/// Keeps `path` (opened as `meta`) beside itself under `<name>.corrupt-<unix seconds>`, a hard
/// link, and returns that name. A link to this very file already there is the copy to keep: a
/// compaction killed (or failed, a full disk) between its copy and its rename leaves one, and
/// the next compaction used to make another of the same file (tests/durability.rs, run 595: two
/// copies a second apart of one file, kept from one torn line).
fn keep_aside(path: &Path, meta: &std::fs::Metadata) -> std::io::Result<PathBuf> {
    if meta.nlink() > 1
        && let Some(dir) = path.parent()
        && let Some(name) = path.file_name().and_then(|n| n.to_str())
    {
        let prefix = format!("{name}.corrupt-");
        for e in std::fs::read_dir(dir)?.flatten() {
            if !e
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(&prefix))
            {
                continue;
            }
            // Not followed: a link elsewhere is not a copy of this file.
            if e.metadata()
                .is_ok_and(|m| m.is_file() && (m.dev(), m.ino()) == (meta.dev(), meta.ino()))
            {
                return Ok(e.path());
            }
        }
    }
    let aside = aside_name(path);
    std::fs::hard_link(path, &aside)?;
    Ok(aside)
}
