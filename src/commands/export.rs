//! `kiosque export --query Q --format epub|md|html -o FILE`: the articles `list --query Q`
//! lists, in its order, written as one digest ([`crate::export`]).
//!
//! The selection is `list`'s own ([`super::list::select`]: the reader's loader, index and query
//! engine), so the two never disagree. The file is written beside its final name and renamed
//! over it once complete ([`crate::disk::write_atomically_with`]): an interrupted export, a
//! full disk or an article that fails leaves the old file (or none), never half a digest.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::Args;

use super::list;
use crate::cli::{Context, LibraryArgs};
use crate::export::{self, Digest, Format, Reader};
use crate::library::{self, Entry};

/// `kiosque export` options.
#[derive(Debug, Args)]
pub struct ExportArgs {
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
        Some(split(&args.output)?)
    };
    let (mut lib, index) = super::load(ctx, &args.library.library, list::need(&plan))?;
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
            crate::disk::write_atomically_with(&dir, &name, |file| match args.format {
                Format::Epub => export::epub::write(&digest, &read, &mut *file),
                _ => {
                    let mut out = BufWriter::with_capacity(256 * 1024, &mut *file);
                    write(args.format, &digest, &read, &mut out)?;
                    out.flush()
                }
            })
            .map_err(|e| format!("{}: {e}", super::shown(&args.output)))?;
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

/// The folder and the name of the file to write (a relative name is in the current folder).
fn split(output: &Path) -> Result<(PathBuf, String), String> {
    let name = output
        .file_name()
        .filter(|_| !output.as_os_str().to_string_lossy().ends_with('/'))
        .ok_or_else(|| format!("{}: not a file name", super::shown(output)))?;
    let name = name
        .to_str()
        .ok_or_else(|| format!("{}: a file name kiosque cannot write (not UTF-8)", super::shown(output)))?
        .to_owned();
    let dir = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(format!("{}: no such directory", super::shown(&dir)));
    }
    if output.is_dir() {
        return Err(format!("{}: is a directory", super::shown(output)));
    }
    Ok((dir, name))
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
