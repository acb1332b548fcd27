//! The subcommands of SPEC §5, and what they share: loading the library and finding the article
//! a command names by id or by file.

pub mod config;
pub mod export;
pub mod list;
pub mod mark;
pub mod parse;
pub mod read;
pub mod show;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::article::Article;
use crate::context::Context;
use crate::library::{self, Entry, Library, Sources};
use crate::loader::Need;
pub use crate::output::{Out, shown, warn};
use crate::search::Index;
use crate::source::Source;

/// Loads the library a subcommand names with `-l` (or the default one), in load order (see
/// [`Library::load`]), as far as `need` says. A path given with
/// `-l` that does not exist is an error (a typo should not list nothing quietly); one from
/// `config.toml` is only warned about, as the reader does, so a library on an unplugged disk
/// does not stop the others from being used.
pub fn load(
    ctx: &Context,
    given: &[PathBuf],
    need: Need,
    words: crate::loader::Words<'_>,
) -> Result<(Library, Index), String> {
    let sources = ctx.sources(given)?;
    let (library, index) =
        Library::load_words(&sources, crate::config::cache_dir().as_deref(), need, words);
    for missing in &library.missing_roots {
        let message = format!("{}: no such file or directory", shown(missing));
        if !given.is_empty() {
            return Err(message);
        }
        warn(&format!(
            "{message} (a library in config.toml); going on without it"
        ));
    }
    Ok((library, index))
}

/// `-l/--library`, shared by the subcommands that read a library.
#[derive(Debug, Args, Default)]
pub struct LibraryArgs {
    /// A file or directory of articles (repeatable). Default as for the reader.
    #[arg(short = 'l', long = "library", value_name = "PATH")]
    pub library: Vec<PathBuf>,
}

/// Says on stderr how many files had problems, pointing at `kiosque list --warnings`.
pub fn report_problems(library: &Library) {
    let files = library.problems.len()
        + library
            .entries
            .iter()
            .filter(|e| !e.warnings.is_empty())
            .count();
    if files > 0 {
        warn(&format!(
            "{files} file{} had problems; `kiosque list --warnings` shows them",
            if files == 1 { "" } else { "s" }
        ));
    }
}

/// The article a command names.
pub enum Target {
    /// An article of the loaded library, by index.
    InLibrary(usize),
    /// A file of another library kiosque has indexed (the reader gave it this entry).
    Indexed(Box<Entry>),
    /// A file of no library kiosque knows, parsed on its own.
    Standalone(Box<(Entry, Article)>),
}

impl Target {
    /// The entry named, in `library`.
    pub fn entry<'a>(&'a self, library: &'a Library) -> &'a Entry {
        match self {
            Target::InLibrary(i) => &library.entries[*i],
            Target::Indexed(e) => e,
            Target::Standalone(pair) => &pair.0,
        }
    }
}

/// Loads the library and finds what each of `targets` names. Ids alone are looked up in the
/// library's log as the reader last listed it, without reading or checking a single article
/// file (`mark ID` costs the log's reading, not the library's); when one is not there, or a
/// target is a file, the library is loaded as the files are now.
pub fn load_targets<T: AsRef<OsStr>>(
    ctx: &Context,
    given: &[PathBuf],
    targets: &[T],
) -> Result<(Library, Vec<Result<Target, String>>), String> {
    let ids_only = targets
        .iter()
        .all(|t| as_id(t.as_ref()).is_some() && std::fs::symlink_metadata(t.as_ref()).is_err());
    if ids_only {
        // First the lookup of ids beside the library's log: a few reads, whatever the size of
        // the library.
        let sources = ctx.sources(given)?;
        let ids: Vec<u64> = targets.iter().filter_map(|t| as_id(t.as_ref())).collect();
        let log = crate::config::cache_dir().and_then(|d| crate::cache::path_for(&d, &sources));
        if let Some(found) = log.and_then(|log| crate::lookup::find(&log, &ids))
            && found.iter().all(Option::is_some)
        {
            let entries: Vec<Entry> = found.into_iter().flatten().map(|r| r.entry()).collect();
            let library = Library {
                numbers: (0..u32::try_from(entries.len()).unwrap_or(u32::MAX)).collect(),
                entries,
                ..Library::default()
            };
            let found = resolve_all(targets, &library);
            return Ok((library, found));
        }
        let (library, _) = load(ctx, given, Need::Ids, crate::loader::Words::Lists)?;
        let found = resolve_all(targets, &library);
        if found.iter().all(Result::is_ok) {
            return Ok((library, found));
        }
    } else if let Some(found) = files_by_inode(ctx, given, targets) {
        return Ok(found);
    }
    let (library, _) = load(ctx, given, Need::Lists, crate::loader::Words::Lists)?;
    let found = resolve_all(targets, &library);
    Ok((library, found))
}

/// Files named by path, found by their inode in the lookup of the library (or of a library
/// the reader has indexed that holds them), without loading any: `None` unless every target is
/// a file listed there, unchanged since (its recorded path leads to the same device and inode,
/// with the same size and times), alone with its identity (so no change elsewhere in the
/// library can move its id). Whatever is not that certain takes the full way.
fn files_by_inode<T: AsRef<OsStr>>(
    ctx: &Context,
    given: &[PathBuf],
    targets: &[T],
) -> Option<(Library, Vec<Result<Target, String>>)> {
    use std::os::unix::fs::MetadataExt;
    let cache_dir = crate::config::cache_dir()?;
    let own = crate::cache::path_for(&cache_dir, &ctx.sources(given).ok()?);
    let mut entries = Vec::with_capacity(targets.len());
    for t in targets {
        let path = Path::new(t.as_ref());
        // Followed, as the library's walk follows links to files.
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let holders = || {
            crate::cache::libraries_holding(&cache_dir, path)
                .into_iter()
                .filter_map(|roots| crate::cache::path_for(&cache_dir, &Sources::Paths(roots)))
        };
        let record = own.clone().into_iter().chain(holders()).find_map(|log| {
            let mut records = crate::lookup::find_inode(&log, meta.ino())?;
            (records.len() == 1).then(|| records.pop()).flatten()
        })?;
        let Source::File(recorded) = &record.source else {
            return None;
        };
        let there = std::fs::metadata(recorded).ok()?;
        let same = there.dev() == meta.dev()
            && there.ino() == meta.ino()
            && crate::scan::Stamp::of(&there) == record.stamp;
        if !same || record.id != record.identity {
            return None;
        }
        entries.push(record.entry());
    }
    let library = Library {
        numbers: (0..u32::try_from(entries.len()).ok()?).collect(),
        entries,
        ..Library::default()
    };
    let found = (0..library.entries.len())
        .map(|i| Ok(Target::InLibrary(i)))
        .collect();
    Some((library, found))
}

fn resolve_all<T: AsRef<OsStr>>(targets: &[T], library: &Library) -> Vec<Result<Target, String>> {
    let ids: std::collections::HashMap<u64, usize> = library
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id, i))
        .collect();
    targets
        .iter()
        .map(|t| resolve(t.as_ref(), library, &ids))
        .collect()
}

/// The article id `target` spells (16 hex digits), if it does.
fn as_id(target: &OsStr) -> Option<u64> {
    let t = target.to_str()?;
    (t.len() == 16 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| u64::from_str_radix(t, 16).ok())
        .flatten()
}

/// Finds what `target` names: a file (in the library or not), else an id of the library (`ids`:
/// entry by id). A path that exists in any form (a dangling link or a link loop included) is
/// a file, so its problem is reported as such.
fn resolve(
    target: &OsStr,
    library: &Library,
    ids: &std::collections::HashMap<u64, usize>,
) -> Result<Target, String> {
    let path = Path::new(target);
    if std::fs::symlink_metadata(path).is_ok() {
        if let Some(i) = library.by_path(path) {
            return Ok(Target::InLibrary(i));
        }
        // A file of a library the reader has indexed gets the id the reader gives it (SPEC §4),
        // whichever library the command was given: its label, and its place among files
        // sharing its identity, are the library's.
        if let Some(cache_dir) = crate::config::cache_dir() {
            for roots in crate::cache::libraries_holding(&cache_dir, path) {
                let (other, _) =
                    Library::load(&Sources::Paths(roots), Some(&cache_dir), Need::Lists, false);
                if let Some(i) = other.by_path(path) {
                    return Ok(Target::Indexed(Box::new(other.entries[i].clone())));
                }
            }
        }
        let source = Source::File(path.to_owned());
        return library::load_one(&source, None)
            .map(|pair| Target::Standalone(Box::new(pair)))
            .map_err(|why| format!("{}: {why}", shown(path)));
    }
    let Some(id) = as_id(target) else {
        return Err(format!(
            "{}: no such file, and not an article id (16 hex digits)",
            shown(path)
        ));
    };
    ids.get(&id).copied().map(Target::InLibrary).ok_or_else(|| {
        format!("no article with id {id:016x} in the library (`kiosque list` shows the ids)")
    })
}
