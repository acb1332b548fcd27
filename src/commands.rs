//! The subcommands of SPEC §5, and what they share: loading the library and finding the article
//! a command names by id or by file.

pub mod list;
pub mod mark;
pub mod parse;
pub mod read;
pub mod show;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::cli::Context;
use crate::library::{self, Entry, Library};
use crate::sanitize::one_line;
use crate::search::Index;
use crate::source::Source;

/// Loads the library a subcommand names with `-l` (or the default one), in load order (see
/// [`Library::load`]); `bodies` when a full-text query needs their words. A path given with
/// `-l` that does not exist is an error (a typo should not list nothing quietly); one from
/// `config.toml` is only warned about, as the reader does, so a library on an unplugged disk
/// does not stop the others from being used.
pub fn load(ctx: &Context, given: &[PathBuf], bodies: bool) -> Result<(Library, Index), String> {
    let sources = ctx.sources(given)?;
    let (library, index) = Library::load(&sources, bodies);
    for missing in &library.missing_roots {
        let message = format!("{}: no such file or directory", shown(missing));
        if !given.is_empty() {
            return Err(message);
        }
        eprintln!("kiosque: {message} (a library in config.toml); going on without it");
    }
    Ok((library, index))
}

/// A path as it may be printed.
pub fn shown(path: &Path) -> String {
    one_line(&path.to_string_lossy())
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
        eprintln!(
            "kiosque: {files} file{} had problems; `kiosque list --warnings` shows them",
            if files == 1 { "" } else { "s" }
        );
    }
}

/// The article a command names.
pub enum Target {
    /// An article of the loaded library, by index.
    InLibrary(usize),
    /// A file outside the library, parsed on its own.
    Standalone(Box<(Entry, Article)>),
}

/// Finds what `target` names: a file (in the library or not), else an id of the library. A path
/// that exists in any form (a dangling link or a link loop included) is a file, so its problem
/// is reported as such.
pub fn resolve(target: &OsStr, library: &Library) -> Result<Target, String> {
    let path = Path::new(target);
    if std::fs::symlink_metadata(path).is_ok() {
        if let Some(i) = library.by_path(path) {
            return Ok(Target::InLibrary(i));
        }
        let source = Source::File(path.to_owned());
        return library::load_one(&source, None)
            .map(|pair| Target::Standalone(Box::new(pair)))
            .map_err(|why| format!("{}: {why}", shown(path)));
    }
    let target = target.to_str().unwrap_or("");
    let is_id = target.len() == 16 && target.bytes().all(|b| b.is_ascii_hexdigit());
    if !is_id {
        return Err(format!(
            "{}: no such file, and not an article id (16 hex digits)",
            shown(path)
        ));
    }
    let id = u64::from_str_radix(&target.to_ascii_lowercase(), 16).map_err(|e| e.to_string())?;
    library.by_id(id).map(Target::InLibrary).ok_or_else(|| {
        format!("no article with id {target} in the library (`kiosque list` shows the ids)")
    })
}
