//! `kiosque parse FILE...`: each file parsed, as one JSON object per line (SPEC §5). The files
//! are parsed together as one library, so labels seen in one help split another.

use std::path::PathBuf;

use serde::Serialize;

use crate::article::{Article, BlockKind, format_id};
use crate::library::{self, CATCH_ALL, Entry, Library, Sources};

#[derive(Serialize)]
struct Block<'a> {
    kind: BlockKind,
    text: &'a str,
}

#[derive(Serialize)]
struct Parsed<'a> {
    path: String,
    id: String,
    section: Option<&'a str>,
    headline: &'a str,
    alt_headline: Option<&'a str>,
    standfirst: Option<&'a str>,
    bylines: &'a [String],
    blocks: Vec<Block<'a>>,
    quotes: Vec<&'a str>,
    warnings: &'a [String],
}

/// The JSON object of one parsed file.
pub fn to_json(entry: &Entry, article: &Article) -> String {
    let parsed = Parsed {
        path: entry.source.display(),
        id: format_id(entry.id),
        section: (entry.section != CATCH_ALL).then_some(entry.section.as_str()),
        headline: &article.headline.text,
        alt_headline: article.alt_headline.as_ref().map(|t| t.text.as_str()),
        standfirst: article.standfirst.as_ref().map(|t| t.text.as_str()),
        bylines: &article.bylines,
        blocks: article
            .blocks
            .iter()
            .map(|b| Block {
                kind: b.kind,
                text: &b.text.text,
            })
            .collect(),
        quotes: article.quotes().collect(),
        warnings: &article.warnings,
    };
    // Plain strings and vectors always serialise.
    serde_json::to_string(&parsed).unwrap_or_default()
}

/// Runs `kiosque parse`.
pub fn run(files: &[PathBuf]) -> Result<i32, String> {
    // The files named, as one library, read afresh (no library log: it keys whole libraries).
    let (library, _) = Library::load(
        &Sources::Paths(files.to_vec()),
        None,
        crate::loader::Need::Lists,
        false,
    );
    let mut out = super::Out::new();
    let mut failed = false;
    for entry in &library.entries {
        if out.is_closed() {
            // A closed pipe (`| head`): nothing more to print, the problems are still told.
            break;
        }
        // Split with the label the library gave it, as the reader shows it.
        match library::read_article(&entry.source, entry.label.as_deref()) {
            Ok(article) => out.line(&to_json(entry, &article))?,
            Err(why) => {
                super::warn(&format!("{}: {why}", entry.source.display()));
                failed = true;
            }
        }
    }
    out.finish()?;
    for missing in &library.missing_roots {
        super::warn(&format!(
            "{}: no such file or directory",
            super::shown(missing)
        ));
        failed = true;
    }
    for p in &library.problems {
        super::warn(&format!("{}: {}", super::shown(&p.path), p.message));
        failed = true;
    }
    Ok(i32::from(failed))
}
