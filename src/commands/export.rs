//! `kiosque export --query Q --format epub|md|html -o FILE`: the articles `list --query Q`
//! lists, in its order, written as one digest ([`crate::export`]).
//!
//! The selection is `list`'s own ([`super::list::select`]: the reader's loader, index and query
//! engine), so the two never disagree. The file is written beside its final name and renamed
//! over it once complete ([`crate::disk::write_atomically_with`]): an interrupted export, a
//! full disk or an article that fails leaves the old file (or none), never half a digest.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Args;

use super::LibraryArgs;
use super::list;
use crate::context::Context;
use crate::export::{self, Digest, Format, Reader};
use crate::library::{self, Entry};

/// `kiosque export` options.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Files and directories of articles, as with -l.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub library: LibraryArgs,
    /// Only the articles matching this query (the query language of `/`; default: every article).
    #[arg(long, value_name = "Q")]
    pub query: Option<String>,
    /// The format of the digest.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Format,
    /// The file to write (`-`: standard output, for md and html).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
}

/// Runs `kiosque export`.
pub fn run(ctx: &Context, args: &ExportArgs) -> Result<i32, String> {
    let to_stdout = args.output.as_os_str() == "-";
    if to_stdout && args.format == Format::Epub {
        super::warn("an EPUB is a ZIP archive: give it a file with -o FILE, not standard output");
        return Ok(2);
    }
    let Some(plan) = list::plan(args.query.as_deref()) else {
        return Ok(2);
    };
    // A place that cannot be written to is said before the library is loaded, not after.
    let target = if to_stdout {
        None
    } else {
        Some(target(&args.output)?)
    };
    // `export PATH` is `export -l PATH`, as for `list`.
    let given: Vec<PathBuf> = args
        .paths
        .iter()
        .chain(&args.library.library)
        .cloned()
        .collect();
    let keep = crate::query::engine::index_words(&plan);
    let words = list::index_words(&plan, &keep);
    let (mut lib, index) = super::load(ctx, &given, list::need(&plan), words)?;
    let state = list::saved_state(ctx);
    list::select(&plan, &mut lib, &index, &state);
    if lib.entries.is_empty() {
        super::warn("no article matches the query; nothing written");
        super::report_problems(&lib);
        return Ok(1);
    }
    let digest = Digest::new(
        &lib.entries,
        args.query.as_deref().unwrap_or(""),
        made_ms(),
        jiff::tz::TimeZone::system(),
    );
    let unreadable = AtomicUsize::new(0);
    let read = |e: &Entry| {
        library::read_article(&e.source, e.label.as_deref()).inspect_err(|_| {
            unreadable.fetch_add(1, Ordering::Relaxed);
        })
    };
    match target {
        None => {
            let mut out = BufWriter::with_capacity(256 * 1024, io::stdout().lock());
            let written = write(args.format, &digest, &read, &mut out).and_then(|()| out.flush());
            match written {
                // A reader that went away (`| head`) is not an error (as for `list`).
                Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                    return Err(format!("cannot write the output: {e}"));
                }
                _ => {}
            }
        }
        Some((dir, name)) => {
            if let Some(root) = inside_library(ctx, &given, &dir, &name) {
                super::warn(&format!(
                    "{} is inside the library ({}): kiosque will read it as an article",
                    super::shown(&args.output),
                    super::shown(&root)
                ));
            }
            // A new digest gets the permissions any tool gives a new file (0666 less the
            // umask): it is a document to share, not kiosque's own state.
            crate::disk::write_atomically_with(&dir, &name, 0o666, |file| match args.format {
                Format::Epub => export::epub::write(&digest, &read, &mut *file),
                _ => {
                    let mut out = BufWriter::with_capacity(256 * 1024, &mut *file);
                    write(args.format, &digest, &read, &mut out)?;
                    out.flush()
                }
            })
            .map_err(|e| format!("cannot write {}: {e}", super::shown(&args.output)))?;
            super::warn(&format!(
                "{} written to {}",
                digest.about_count(),
                super::shown(&args.output)
            ));
        }
    }
    let failed = unreadable.into_inner();
    if failed > 0 {
        super::warn(&format!(
            "{failed} article{} could not be read again (changed or removed since listed); \
             the digest says so in their place",
            if failed == 1 { "" } else { "s" }
        ));
    }
    super::report_problems(&lib);
    Ok(0)
}

/// Writes `digest` as Markdown or HTML to `out`.
fn write(format: Format, digest: &Digest, read: &Reader, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Md => export::markdown::write(digest, read, out),
        Format::Html => export::html::write(digest, read, out),
        Format::Epub => Err(io::Error::other("an EPUB needs a file")),
    }
}

/// The folder and the name of the file to write (a relative name is in the current folder),
/// or why it cannot be written: checked before the library is loaded. A symbolic link is
/// followed (the file it points at is replaced, the link kept); a directory, a FIFO or a device
/// is refused (`-o -` writes to standard output); the folder must exist and take a new file.
fn target(output: &Path) -> Result<(PathBuf, String), String> {
    let shown = super::shown(output);
    if output.as_os_str().to_string_lossy().ends_with('/') || output.file_name().is_none() {
        return Err(format!("{shown}: not a file name"));
    }
    let path = follow_links(output).ok_or_else(|| format!("{shown}: too many symbolic links"))?;
    if let Ok(meta) = fs::metadata(&path) {
        crate::disk::check_regular(&meta, u64::MAX).map_err(|e| {
            let hint = if meta.is_dir() {
                ""
            } else {
                " (standard output: -o -)"
            };
            format!("{shown}: {e}{hint}")
        })?;
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("{shown}: a file name kiosque cannot write (not UTF-8)"))?
        .to_owned();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(format!("{}: no such directory", super::shown(&dir)));
    }
    // Leftovers of an export killed before its rename, then a try at making the temporary
    // file: a read-only folder is said now, not after the library is read.
    crate::disk::remove_stale_temporaries(&dir, &name);
    crate::disk::check_writable(&dir, &name).map_err(|e| {
        format!(
            "cannot write {shown}: {e} (in the folder {})",
            super::shown(&dir)
        )
    })?;
    Ok((dir, name))
}

/// Where `path` leads when the symbolic links at its name (not its folders') are followed, to
/// a file that may not exist yet (a link made for the digest to come); `None` past 40 links.
fn follow_links(path: &Path) -> Option<PathBuf> {
    let mut path = path.to_owned();
    for _ in 0..40 {
        let Ok(to) = fs::read_link(&path) else {
            return Some(path);
        };
        path = match path.parent() {
            Some(dir) => dir.join(to),
            None => to,
        };
    }
    None
}

/// The library folder `dir/name` (the digest) is in, if any, when its name is one kiosque
/// reads in a folder ([`crate::scan::EXTENSIONS`], not hidden): a Markdown or HTML digest
/// written there would be read back as an article next time.
fn inside_library(ctx: &Context, given: &[PathBuf], dir: &Path, name: &str) -> Option<PathBuf> {
    let read = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            crate::scan::EXTENSIONS
                .iter()
                .any(|x| x.eq_ignore_ascii_case(e))
        });
    if !read || name.starts_with('.') {
        return None;
    }
    let crate::library::Sources::Paths(roots) = ctx.sources(given).ok()? else {
        return None;
    };
    let dir = fs::canonicalize(dir).ok()?;
    roots.into_iter().find(|root| {
        fs::canonicalize(root)
            .is_ok_and(|r| fs::metadata(&r).is_ok_and(|m| m.is_dir()) && dir.starts_with(&r))
    })
}

/// When the digest is made, in milliseconds: `SOURCE_DATE_EPOCH` (seconds) when set, so that
/// the same articles give the same file byte for byte (reproducible builds' convention), else
/// now.
fn made_ms() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .map(|s| s.saturating_mul(1000))
        .unwrap_or_else(|| crate::state::Clock::from_env().now())
}
