//! Digests (SPEC §5, `kiosque export`): the articles a query selects, written as one document
//! — EPUB 3, a self-contained HTML page, or Markdown — with a table of contents by section, each
//! article's header (section, headlines, standfirst, bylines, date) and its body, quotations
//! styled where the format allows.
//!
//! The plan of a digest ([`Digest`]) is made from the library's entries alone: sections in the
//! order the reader's sections pane lists them, articles in the order of the list within each.
//! The table of contents needs nothing more. Articles are then read again and parsed
//! [`BATCH`] at a time, on every core, written, and dropped ([`each_article`]): exporting ten
//! thousand articles never holds them all parsed at once.
//!
//! Text reaching these writers is clean already (SPEC §8, at the one choke point where files
//! are read); escaping it for XML, HTML and Markdown is theirs ([`markup`], [`markdown`]).

pub mod epub;
pub mod html;
pub mod markdown;
pub mod markup;

use std::collections::HashSet;

use jiff::tz::TimeZone;

use crate::article::{Article, format_id};
use crate::fold::fold;
use crate::library::{CATCH_ALL, Entry};

/// Articles parsed at once (per batch, spread over the cores): enough to keep two cores busy,
/// few enough that a digest of any size holds a bounded number of parsed articles.
pub const BATCH: usize = 64;

/// The formats of a digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An EPUB 3 book (for an e-reader).
    Epub,
    /// Markdown (CommonMark).
    Md,
    /// One self-contained HTML page (inline CSS).
    Html,
}

/// One article of a digest.
#[derive(Debug)]
pub struct Item<'a> {
    /// Its entry in the library.
    pub entry: &'a Entry,
    /// Its anchor (`a-` and its id), unique in the digest.
    pub anchor: String,
    /// Its section (index in [`Digest::sections`]).
    pub section: usize,
    /// Its rank in its section, from 0.
    pub rank: usize,
}

/// One section of a digest.
#[derive(Debug)]
pub struct Section<'a> {
    /// Its name, as the sections pane shows it.
    pub name: &'a str,
    /// Its anchor (`s-` and its rank, from 1).
    pub anchor: String,
    /// Its articles, in the order of the list.
    pub items: Vec<Item<'a>>,
}

/// What a digest holds, before any article is read again.
#[derive(Debug)]
pub struct Digest<'a> {
    /// Its title: "kiosque digest", and the query when there is one.
    pub title: String,
    /// The query, cleaned (empty: every article).
    pub query: String,
    /// When it was made, in milliseconds since the epoch.
    pub made_ms: i64,
    /// The time zone its dates are given in (the local one).
    pub tz: TimeZone,
    /// Its sections, in the order of the sections pane.
    pub sections: Vec<Section<'a>>,
    /// Are most of its articles French, as far as their headlines tell? The language of an
    /// HTML page is said before any article is read; each article says its own besides.
    pub french: bool,
}

impl<'a> Digest<'a> {
    /// The digest of `entries`, given in the order of the list (`list --query` with the same
    /// query): grouped by section in the order of the sections pane (by name, accents and case
    /// ignored, the catch-all last), the list's order kept within each section.
    pub fn new(entries: &'a [Entry], query: &str, made_ms: i64, tz: TimeZone) -> Digest<'a> {
        let mut names: Vec<&str> = entries.iter().map(|e| e.section.as_str()).collect();
        names.sort_by_cached_key(|&n| (n == CATCH_ALL, fold(n), n));
        names.dedup();
        let mut sections: Vec<Section<'a>> = names
            .iter()
            .enumerate()
            .map(|(i, &name)| Section {
                name,
                anchor: format!("s-{}", i + 1),
                items: Vec::new(),
            })
            .collect();
        let mut seen = HashSet::new();
        for entry in entries {
            // Ids are unique in one library; the same file given twice (`-l a -l a/b`) is not.
            let base = format!("a-{}", format_id(entry.id));
            let mut anchor = base.clone();
            let mut n = 1;
            while !seen.insert(anchor.clone()) {
                n += 1;
                anchor = format!("{base}-{n}");
            }
            if let Ok(i) =
                names.binary_search_by_key(&section_key(&entry.section), |n| section_key(n))
            {
                let rank = sections[i].items.len();
                sections[i].items.push(Item {
                    entry,
                    anchor,
                    section: i,
                    rank,
                });
            }
        }
        let query = crate::sanitize::one_line(query.trim());
        let title = if query.is_empty() {
            "kiosque digest".to_owned()
        } else {
            format!("kiosque digest: {query}")
        };
        let french = entries.iter().filter(|e| headline_is_french(e)).count();
        Digest {
            title,
            query,
            made_ms,
            tz,
            sections,
            french: french * 2 > entries.len(),
        }
    }

    /// How many articles it holds.
    pub fn len(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }

    /// Its articles in order: section by section, each in the order of the list.
    pub fn items(&self) -> Vec<&Item<'a>> {
        self.sections.iter().flat_map(|s| &s.items).collect()
    }

    /// Does it hold no article?
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// "12 articles in 3 sections".
    pub fn about_count(&self) -> String {
        let n = self.len();
        let s = self.sections.len();
        format!("{n} article{} in {s} section{}", plural(n), plural(s))
    }

    /// "12 articles in 3 sections, made Tuesday 12 March 2024, 14:05" (the query aside).
    pub fn about(&self) -> String {
        let mut about = self.about_count();
        if let Some(made) = crate::date::long(self.made_ms.saturating_mul(1_000_000), &self.tz) {
            about.push_str(", made ");
            about.push_str(&made);
        }
        about
    }

    /// The date of an article as the reader's header gives it, and as RFC 3339 (for
    /// `<time datetime>`); `None` when it has none (the bundled seed).
    pub fn date_of(&self, entry: &Entry) -> Option<(String, String)> {
        let ns = entry.date_ns();
        Some((
            crate::date::long(ns, &self.tz)?,
            crate::date::rfc3339(ns, &self.tz)?,
        ))
    }
}

/// The key sections are sorted and found by.
fn section_key(name: &str) -> (bool, String, &str) {
    (name == CATCH_ALL, fold(name), name)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Do the headlines and standfirst of `entry` read as French ([`crate::layout::lang`])?
fn headline_is_french(entry: &Entry) -> bool {
    let mut text = entry.headline.clone();
    for part in entry.alt_headline.iter().chain(&entry.standfirst) {
        text.push('\n');
        text.push_str(part);
    }
    crate::layout::lang::text_is_french(&text)
}

/// An article read again for the digest, or why it could not be (a file removed or changed
/// since the library was loaded: the digest says so in its place, and goes on).
pub type Read = Result<Article, String>;

/// How an article is read again (by the command: [`crate::library::read_article`]).
pub type Reader<'r> = dyn Fn(&Entry) -> Read + Sync + 'r;

/// Calls `each` with every article of `items`, in order, each read by `read`: [`BATCH`] at a
/// time, the batch's reading shared by every core, each article dropped once written. The next
/// batch is read while `each` writes this one (the writing — escaping, compressing — overlaps
/// the reading), so at most two batches are held. Stops at the first error `each` returns.
pub fn each_article<'i, 'e, E>(
    items: &'i [&'i Item<'e>],
    read: &Reader,
    each: &mut dyn FnMut(&Item, Read) -> Result<(), E>,
) -> Result<(), E> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut batches = items.chunks(BATCH);
    std::thread::scope(|scope| {
        let start = |batch: &'i [&'i Item<'e>]| {
            let handle = scope.spawn(move || read_batch(batch, read, threads));
            (batch, handle)
        };
        let mut next = batches.next().map(start);
        while let Some((batch, handle)) = next.take() {
            // A reading thread that panicked (a parser bug) costs its articles, not the
            // digest: each is said to be unreadable in its place.
            let articles = handle.join().unwrap_or_else(|_| failed(batch.len()));
            next = batches.next().map(start);
            for (item, article) in batch.iter().zip(articles) {
                each(item, article)?;
            }
        }
        Ok(())
    })
}

/// `n` articles a bug kept from being read.
fn failed(n: usize) -> Vec<Read> {
    (0..n)
        .map(|_| Err("kiosque failed reading it (a bug)".to_owned()))
        .collect()
}

/// Reads the articles of `batch` on `threads` threads, in order.
fn read_batch(batch: &[&Item], read: &Reader, threads: usize) -> Vec<Read> {
    if threads <= 1 || batch.len() <= 1 {
        return batch.iter().map(|i| read(i.entry)).collect();
    }
    let per = batch.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = batch
            .chunks(per)
            .map(|part| scope.spawn(move || part.iter().map(|i| read(i.entry)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .zip(batch.chunks(per))
            .flat_map(|(h, part)| h.join().unwrap_or_else(|_| failed(part.len())))
            .collect()
    })
}

/// The headline of `entry` as the table of contents gives it: on one line, never empty (a link
/// needs words to be followed).
pub fn toc_headline(entry: &Entry) -> String {
    let words: Vec<&str> = entry.headline.split_whitespace().collect();
    if words.is_empty() {
        "(untitled)".to_owned()
    } else {
        words.join(" ")
    }
}

/// The day of an RFC 3339 date (`2024-03-12`), for the table of contents.
pub fn day(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

/// Is `article` French? Said on each article of HTML and EPUB (`lang`), so that a reading
/// system hyphenates and speaks it as it is.
pub fn lang_of(article: &Article) -> &'static str {
    if crate::layout::lang::is_french(article) {
        "fr"
    } else {
        "en"
    }
}

#[cfg(test)]
mod tests;
