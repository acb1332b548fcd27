//! A library: every article found in the sources, as entries that lists, filters and saved
//! state work on, plus every file that had a problem (never dropped in silence, SPEC §2).
//!
//! Loading is two passes, because labels seen in other files help split an uncertain one:
//! parse every file, count the labels of the confident splits, then parse again the files whose
//! split was a close call (or found no label) with those counts in hand.

use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::decode;
use crate::format;
use crate::label::KnownLabels;
use crate::parse;
use crate::scan::{self, Problem, Stamp};
use crate::source::{self, Source};

/// The section of articles that have neither a label nor a folder.
pub const CATCH_ALL: &str = "(no section)";

/// One article of a library: what lists, filters and state need, without the body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// Its id (SPEC §4): the content identity, made distinct from other files that share it.
    pub id: u64,
    /// Where to read it again.
    pub source: Source,
    /// The folder it was found in, inside a directory given.
    pub folder: Option<String>,
    /// The section it is listed under: its label, else its folder, else [`CATCH_ALL`].
    pub section: String,
    /// The label glued to its headline, if any.
    pub label: Option<String>,
    /// Headline.
    pub headline: String,
    /// Alternate headline.
    pub alt_headline: Option<String>,
    /// Standfirst.
    pub standfirst: Option<String>,
    /// Bylines.
    pub bylines: Vec<String>,
    /// Problems met reading or parsing it.
    pub warnings: Vec<String>,
    /// The content identity before disambiguation.
    pub identity: u64,
    /// A hash of the body, to tell apart files sharing an identity.
    pub body_hash: u64,
    /// The file's size and modification time when read (zero for bundled seeds).
    pub stamp: Stamp,
    /// Where the body starts in the file's cleaned text (so the body can be indexed later
    /// without parsing the header again).
    pub body_start: u32,
    /// The label split was a close call.
    pub label_uncertain: bool,
    /// The date the file states (front matter, feed item, page metadata), in nanoseconds
    /// since the epoch; else the article's date is its file's modification time.
    pub stated_date: Option<i64>,
    /// The digest of its body's version ([`crate::fingerprint`]), once its body is indexed
    /// (sent apart from the entry: [`crate::cache::Record::Versions`]).
    #[serde(skip)]
    pub version: Option<u64>,
}

impl Entry {
    /// Is every text of it clean (SPEC §8)? Entries read back from the library log are checked:
    /// a damaged or crafted log must not carry an escape or a bidi control to the screen.
    pub fn is_clean(&self) -> bool {
        let clean = crate::sanitize::is_clean;
        [&self.section, &self.headline]
            .into_iter()
            .chain(&self.folder)
            .chain(&self.label)
            .chain(&self.alt_headline)
            .chain(&self.standfirst)
            .chain(&self.bylines)
            .chain(&self.warnings)
            .all(|t| clean(t))
    }

    /// Builds the entry of a parsed article.
    pub fn new(source: Source, folder: Option<String>, article: &Article, stamp: Stamp) -> Entry {
        let identity = article.identity();
        Entry {
            id: identity,
            section: section_name(article.label.as_deref(), folder.as_deref()),
            source,
            folder,
            label: article.label.clone(),
            headline: article.headline.text.clone(),
            alt_headline: article.alt_headline.as_ref().map(|t| t.text.clone()),
            standfirst: article.standfirst.as_ref().map(|t| t.text.clone()),
            bylines: article.bylines.clone(),
            warnings: article.warnings.clone(),
            identity,
            body_hash: article.body_hash,
            stamp,
            body_start: 0,
            label_uncertain: article.label_uncertain,
            stated_date: None,
            version: None,
        }
    }

    /// Its date (SPEC §2): the one its file states, else the file's modification time.
    pub fn date_ns(&self) -> i64 {
        self.stated_date.unwrap_or(self.stamp.mtime_ns)
    }
}

impl Entry {
    /// The entry as the reader keeps it, for 100 000 of them: what the lists show, what the
    /// query language filters on without reading the file (headlines and bylines), and what
    /// opening needs. The standfirst is dropped (its words are in the search index; the reader
    /// parses the file when opened).
    pub fn for_reader(mut self) -> Entry {
        self.standfirst = None;
        self
    }

    /// Folded headline, alternate headline, standfirst, bylines and section: what the
    /// metadata filter searches.
    pub fn folded_meta(&self) -> String {
        let mut out = crate::fold::fold(&self.headline);
        for part in self
            .alt_headline
            .iter()
            .chain(self.standfirst.iter())
            .chain(self.bylines.iter())
            .chain(std::iter::once(&self.section))
        {
            out.push('\n');
            out.push_str(&crate::fold::fold(part));
        }
        out
    }
}

/// The order of every list: newest first (by date), then by source.
pub fn newest_first(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    b.date_ns()
        .cmp(&a.date_ns())
        .then_with(|| a.source.cmp(&b.source))
}

/// The section an article is listed under.
pub fn section_name(label: Option<&str>, folder: Option<&str>) -> String {
    match (label, folder) {
        (Some(l), _) if !l.trim().is_empty() => l.split_whitespace().collect::<Vec<_>>().join(" "),
        (_, Some(f)) if !f.trim().is_empty() => crate::sanitize::one_line(f),
        _ => CATCH_ALL.to_owned(),
    }
}

/// Where a library's articles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sources {
    /// Files and directories.
    Paths(Vec<PathBuf>),
    /// The seeds compiled into the binary.
    Bundled,
}

/// A file's clean text, what mending it needed, its time and size.
struct Read {
    text: String,
    warnings: Vec<String>,
    stamp: Stamp,
}

fn read_text(source: &Source) -> Result<Read, String> {
    let bytes = source::read(source)?;
    let stamp = bytes.stamp;
    let decoded = decode::decode_owned(bytes.bytes);
    let mut warnings = decoded.warnings;
    if let Some(full) = bytes.truncated_from {
        warnings.insert(0, truncation_warning(full));
    }
    Ok(Read {
        text: decoded.text,
        warnings,
        stamp,
    })
}

/// Puts the reading warnings before the parser's.
fn with_warnings(mut article: Article, mut warnings: Vec<String>) -> Article {
    warnings.append(&mut article.warnings);
    article.warnings = warnings;
    article
}

/// Reads and parses one article (a file named outside the library). Errors are the reason it
/// could not be read at all.
pub fn load_one(source: &Source, folder: Option<String>) -> Result<(Entry, Article), String> {
    let read = read_text(source)?;
    if let Some(items) = formatted(source, read.stamp, &read.text) {
        let items = items?;
        let item = items.get(source.item()).ok_or_else(no_such_item)?;
        let article = with_warnings(item.article(), read.warnings);
        let mut entry = Entry::new(source.clone(), folder, &article, read.stamp);
        entry.stated_date = item.date_ns;
        return Ok((entry, article));
    }
    let article = with_warnings(parse::parse(&read.text, None), read.warnings);
    let entry = Entry::new(source.clone(), folder, &article, read.stamp);
    Ok((entry, article))
}

fn no_such_item() -> String {
    "the file no longer holds this article".into()
}

/// The items of the last file of another format read, per thread: the items of one feed are
/// indexed and opened one after the other, and each would otherwise read, clean and parse the
/// whole feed again.
type Last = Option<(Source, Stamp, std::rc::Rc<Vec<format::Item>>)>;
thread_local! {
    static LAST: std::cell::RefCell<Last> = const { std::cell::RefCell::new(None) };
}

/// The items kept for `file` (a [`Source::File`]) as it was at `stamp`, if they are.
fn kept_items(file: &Source, stamp: Stamp) -> Option<std::rc::Rc<Vec<format::Item>>> {
    LAST.with_borrow(|last| {
        last.as_ref()
            .filter(|(s, t, _)| s == file && *t == stamp && stamp != Stamp::default())
            .map(|(_, _, items)| items.clone())
    })
}

/// The articles of a file in another format ([`crate::format`]), or `None` when it is in the
/// stored format (or plain text). A file that says it is a feed (or has front matter) but
/// cannot be read as one is an error here: the caller reads it as plain text, warned.
fn formatted(
    source: &Source,
    stamp: Stamp,
    text: &str,
) -> Option<Result<std::rc::Rc<Vec<format::Item>>, String>> {
    let kind = format::detect(text);
    if kind == format::Kind::Stored {
        return None;
    }
    let file = source.file();
    if let Some(items) = kept_items(&file, stamp) {
        return Some(Ok(items));
    }
    Some(format::items(text, kind).map(|items| {
        let items = std::rc::Rc::new(items);
        LAST.with_borrow_mut(|last| *last = Some((file, stamp, items.clone())));
        items
    }))
}

/// Reads the articles of a file for the library's list: their headers only (the body is hashed,
/// not parsed), with where each body starts; the articles returned have no blocks. A file in
/// the stored format gives one; a feed gives one per item (sources [`Source::Item`]), or only
/// the one `source` names when it is an item already.
pub fn load_listing(
    source: &Source,
    folder: Option<String>,
    known: Option<&KnownLabels>,
) -> Result<Vec<(Entry, Article)>, String> {
    let bytes = source::read(source)?;
    let (text, mut warnings) = decode::decode_borrowed(&bytes.bytes);
    if let Some(full) = bytes.truncated_from {
        warnings.insert(0, truncation_warning(full));
    }
    match formatted(source, bytes.stamp, &text) {
        Some(Ok(items)) => {
            let feed = format::detect(&text) == format::Kind::Feed;
            if feed && items.is_empty() {
                return Err("a feed with no item".into());
            }
            let path = source.path().map(Path::to_owned);
            let listed = items.iter().enumerate().filter(|(i, _)| match source {
                Source::Item(_, n) => *i == *n as usize,
                _ => true,
            });
            let mut out = Vec::new();
            for (i, item) in listed {
                let article = with_warnings(item.header(), warnings.clone());
                let src = match (&path, feed) {
                    (Some(p), true) => {
                        Source::Item(p.clone(), u32::try_from(i).unwrap_or(u32::MAX))
                    }
                    _ => source.clone(),
                };
                let mut entry = Entry::new(src, folder.clone(), &article, bytes.stamp);
                entry.stated_date = item.date_ns;
                out.push((entry, article));
            }
            if out.is_empty() {
                return Err(no_such_item());
            }
            Ok(out)
        }
        other => {
            if let Some(Err(why)) = other {
                warnings.push(format!("{why}; read as plain text"));
            }
            let (article, body_start) = parse::parse_header(&text, known);
            let article = with_warnings(article, warnings);
            let mut entry = Entry::new(source.clone(), folder, &article, bytes.stamp);
            entry.body_hash = parse::body_hash(&text[body_start..]);
            entry.body_start = u32::try_from(body_start).unwrap_or(u32::MAX);
            Ok(vec![(entry, article)])
        }
    }
}

fn truncation_warning(full: u64) -> String {
    format!(
        "the file is {} MB; only its first {} MB are shown",
        full / (1024 * 1024),
        source::MAX_BYTES / (1024 * 1024)
    )
}

/// Calls `f` with the body of an article listed earlier, to index it; `None` when the file
/// changed since (its stamp differs) or cannot be read any more.
pub fn with_body<T>(
    source: &Source,
    stamp: Stamp,
    body_start: u32,
    f: impl FnOnce(&str) -> T,
) -> Option<T> {
    // An item of the feed read last, unchanged since (its stamp, asked of the system): its
    // items are kept, so a feed of 30 items is read and cleaned once for its bodies, not 30
    // times.
    if let Source::Item(path, _) = source
        && let Some(items) = kept_items(&source.file(), stamp)
        && std::fs::metadata(path).is_ok_and(|m| Stamp::of(&m) == stamp)
    {
        return items.get(source.item()).map(|item| f(&item.body));
    }
    let bytes = source::read(source).ok()?;
    if bytes.stamp != stamp {
        return None;
    }
    let (text, _) = decode::decode_borrowed(&bytes.bytes);
    match formatted(source, stamp, &text) {
        Some(Ok(items)) => items.get(source.item()).map(|item| f(&item.body)),
        _ => {
            let start = body_start as usize;
            text.get(start..).map(f)
        }
    }
}

/// Reads an article again to show it, split with the label its entry was listed with.
pub fn read_article(source: &Source, label: Option<&str>) -> Result<Article, String> {
    let bytes = source::read(source)?;
    let (text, mut warnings) = decode::decode_borrowed(&bytes.bytes);
    if let Some(full) = bytes.truncated_from {
        warnings.insert(0, truncation_warning(full));
    }
    match formatted(source, bytes.stamp, &text) {
        Some(Ok(items)) => {
            let item = items.get(source.item()).ok_or_else(no_such_item)?;
            Ok(with_warnings(item.article(), warnings))
        }
        other => {
            if let Some(Err(why)) = other {
                warnings.push(format!("{why}; read as plain text"));
            }
            Ok(with_warnings(
                parse::parse_with_label(&text, label),
                warnings,
            ))
        }
    }
}

/// A library loaded at once, for the command-line subcommands.
#[derive(Debug, Default)]
pub struct Library {
    /// The articles.
    pub entries: Vec<Entry>,
    /// The number of each entry in the load (its document in the index), entry by entry.
    pub numbers: Vec<u32>,
    /// Files that could not be read.
    pub problems: Vec<Problem>,
    /// Paths given that do not exist.
    pub missing_roots: Vec<PathBuf>,
    /// The id of the story of each article of a story of two or more (the id of the story's
    /// earliest article), by number; when loaded with its stories ([`crate::loader::Need`]).
    pub stories: std::collections::HashMap<u32, u64>,
}

/// A file of a library, before reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    /// Where it is.
    pub source: Source,
    /// The folder it was found in, inside a directory given.
    pub folder: Option<String>,
    /// Its size and time when found.
    pub stamp: Stamp,
}

/// The files of a library, before reading.
#[derive(Debug, Default)]
pub struct Found {
    /// Each file, in scan order.
    pub files: Vec<FoundFile>,
    /// Paths that could not be used.
    pub problems: Vec<Problem>,
    /// Paths given that do not exist.
    pub missing_roots: Vec<PathBuf>,
}

/// What [`walk`] meets.
#[derive(Debug)]
pub enum Walked {
    /// A file to read.
    File(FoundFile),
    /// A path that could not be used (a root that does not exist included).
    Problem(Problem),
}

/// Finds the files of `sources`, handing each to `emit` as soon as it is found (until `emit`
/// returns false). Files are not `stat`ed: reading them gives their stamps.
pub fn walk(sources: &Sources, emit: &mut dyn FnMut(Walked) -> bool) {
    walk_dirs(sources, &mut |_| {}, emit);
}

/// [`walk`], calling `on_dir` with each folder just before it is listed ([`scan::walk_dirs`]).
pub fn walk_dirs(
    sources: &Sources,
    on_dir: &mut dyn FnMut(&Path),
    emit: &mut dyn FnMut(Walked) -> bool,
) {
    match sources {
        Sources::Bundled => {
            for i in 0..source::BUNDLED.len() {
                let f = FoundFile {
                    source: Source::Bundled(i),
                    folder: None,
                    stamp: Stamp::default(),
                };
                if !emit(Walked::File(f)) {
                    return;
                }
            }
        }
        Sources::Paths(paths) => scan::walk_dirs(paths, false, on_dir, &mut |item| match item {
            scan::Item::File(f) => emit(Walked::File(FoundFile {
                source: Source::File(f.path),
                folder: f.folder,
                stamp: f.stamp,
            })),
            scan::Item::Problem(p) => emit(Walked::Problem(p)),
            scan::Item::Missing(path) => emit(Walked::Problem(Problem {
                path,
                message: "no such file or directory".into(),
            })),
        }),
    }
}

/// The files of `sources` with their stamps, and the problems met finding them.
pub fn find(sources: &Sources) -> Found {
    match sources {
        Sources::Bundled => Found {
            files: (0..source::BUNDLED.len())
                .map(|i| FoundFile {
                    source: Source::Bundled(i),
                    folder: None,
                    stamp: Stamp::default(),
                })
                .collect(),
            ..Found::default()
        },
        Sources::Paths(paths) => {
            let scan = scan::scan(paths);
            Found {
                files: scan
                    .files
                    .into_iter()
                    .map(|f| FoundFile {
                        source: Source::File(f.path),
                        folder: f.folder,
                        stamp: f.stamp,
                    })
                    .collect(),
                problems: scan.problems,
                missing_roots: scan.missing_roots,
            }
        }
    }
}

impl Library {
    /// Sorts the entries newest first (then by path), the order of every list.
    pub fn sort(&mut self) {
        // The entries moved once, in place: moving them into a new list would hold two lists
        // of them at once (40 MB more at 100 000).
        let mut order = self.newest_first(0..self.entries.len());
        let numbered = self.numbers.len() == self.entries.len();
        permute(&mut order, |a, b| {
            self.entries.swap(a, b);
            if numbered {
                self.numbers.swap(a, b);
            }
        });
        if !numbered {
            self.numbers.clear();
        }
    }

    /// The entries `picked` (indices), newest first (then by path): the order of every list,
    /// found without moving an entry (a few hundred bytes each: moving them all was a tenth of
    /// a warm `list`).
    pub fn newest_first(&self, picked: impl Iterator<Item = usize>) -> Vec<usize> {
        // As `newest_first`, with each date found once and beside its index (the comparisons
        // read the entries, a few hundred bytes apart, only for equal dates).
        let mut keyed: Vec<(std::cmp::Reverse<i64>, usize)> = picked
            .map(|i| (std::cmp::Reverse(self.entries[i].date_ns()), i))
            .collect();
        keyed.sort_by(|a, b| {
            (a.0.cmp(&b.0)).then_with(|| self.entries[a.1].source.cmp(&self.entries[b.1].source))
        });
        keyed.into_iter().map(|(_, i)| i).collect()
    }

    /// Keeps the entries at `order` (indices, each at most once), in that order.
    pub fn arrange(&mut self, order: &[usize]) {
        let numbers = std::mem::take(&mut self.numbers);
        let numbered = numbers.len() == self.entries.len();
        let mut entries: Vec<Option<Entry>> = std::mem::take(&mut self.entries)
            .into_iter()
            .map(Some)
            .collect();
        self.entries = (order.iter())
            .filter_map(|&i| entries.get_mut(i)?.take())
            .collect();
        if numbered {
            self.numbers = order
                .iter()
                .filter_map(|&i| numbers.get(i).copied())
                .collect();
        }
    }

    /// Keeps the entries whose number `keep` accepts.
    pub fn retain_numbers(&mut self, keep: impl Fn(u32) -> bool) {
        let pairs: Vec<(Entry, u32)> = std::mem::take(&mut self.entries)
            .into_iter()
            .zip(std::mem::take(&mut self.numbers))
            .filter(|(_, n)| keep(*n))
            .collect();
        (self.entries, self.numbers) = pairs.into_iter().unzip();
    }

    /// The entry with this id.
    pub fn by_id(&self, id: u64) -> Option<usize> {
        self.entries.iter().position(|e| e.id == id)
    }

    /// The entry read from this file (paths compared after resolving links and `..`).
    pub fn by_path(&self, path: &Path) -> Option<usize> {
        let want = std::fs::canonicalize(path).ok()?;
        self.entries.iter().position(|e| {
            e.source
                .path()
                .and_then(|p| std::fs::canonicalize(p).ok())
                .is_some_and(|p| p == want)
        })
    }

    /// Finds the version on disk ([`Entry::version`]) of the entries `wanted` picks that do
    /// not have it yet (their bodies were not indexed: a cold load that stopped at the lists,
    /// a file changed since the index was written), by reading their bodies.
    pub fn read_versions(&mut self, wanted: impl Fn(&Entry) -> bool) {
        for e in self.entries.iter_mut() {
            if e.version.is_none() && wanted(e) {
                e.version = with_body(
                    &e.source,
                    e.stamp,
                    e.body_start,
                    crate::fingerprint::digest_of_body,
                );
            }
        }
    }

    /// Entries with a warning, as problems to report.
    pub fn warnings(&self) -> impl Iterator<Item = (String, &str)> {
        self.entries.iter().flat_map(|e| {
            e.warnings
                .iter()
                .map(move |w| (e.source.display(), w.as_str()))
        })
    }
}

/// Puts what was at `order[k]` at `k`, for every `k`, by swaps along the permutation's cycles
/// (`swap(a, b)` exchanges positions `a` and `b`); `order` is used up. `order` must be a
/// permutation of `0..order.len()`.
fn permute(order: &mut [usize], mut swap: impl FnMut(usize, usize)) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        // Following the cycle through `start`: each position gets its element by one swap
        // (the last one has it once the others are placed).
        while order[at] != DONE {
            let from = std::mem::replace(&mut order[at], DONE);
            if from == start || from >= order.len() {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_puts_each_element_where_the_order_says() {
        // Every permutation of 5, and a long one made of many cycles.
        let mut all = vec![vec![]];
        for n in 0..5 {
            all = all
                .into_iter()
                .flat_map(|p: Vec<usize>| {
                    (0..=n).map(move |at| {
                        let mut q = p.clone();
                        q.insert(at, n);
                        q
                    })
                })
                .collect();
        }
        all.push((0..1000).map(|i| (i * 7919) % 1000).collect());
        for order in all {
            let mut items: Vec<usize> = (0..order.len()).map(|i| i * 10).collect();
            let want: Vec<usize> = order.iter().map(|&i| items[i]).collect();
            permute(&mut order.clone(), |a, b| items.swap(a, b));
            assert_eq!(items, want, "{order:?}");
        }
    }

    #[test]
    fn section_names() {
        assert_eq!(
            section_name(Some("FAITS  DIVERS"), Some("x")),
            "FAITS DIVERS"
        );
        assert_eq!(section_name(None, Some("notes")), "notes");
        assert_eq!(section_name(None, None), CATCH_ALL);
    }

    #[test]
    fn bundled_library_holds_the_seed() {
        let (library, _) = Library::load(&Sources::Bundled, None, crate::loader::Need::Lists, true);
        assert_eq!(library.entries.len(), 1);
        assert_eq!(library.entries[0].section, "CYBERCRIMINALITE");
        assert!(library.problems.is_empty());
    }

    fn json_feed(bodies: &[&str]) -> String {
        let items: Vec<String> = bodies
            .iter()
            .enumerate()
            .map(|(i, b)| format!(r#"{{"id":"{i}","title":"T{i}","content_text":"{b}"}}"#))
            .collect();
        format!(
            r#"{{"version":"https://jsonfeed.org/version/1.1","title":"F","items":[{}]}}"#,
            items.join(",")
        )
    }

    /// A feed's bodies are indexed from the items kept after reading it once, but only while
    /// the file is the one that was read: a feed rewritten since gives nothing for the stamp it
    /// was listed with (the loader then reads it again), and its new bodies for the new one.
    #[test]
    fn feed_bodies_come_from_the_feed_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fil.feed.json");
        std::fs::write(&path, json_feed(&["Un.", "Deux."])).unwrap();
        let listed = load_listing(&Source::File(path.clone()), None, None).unwrap();
        assert_eq!(listed.len(), 2);
        let body = |entry: &Entry| with_body(&entry.source, entry.stamp, 0, str::to_owned);
        assert_eq!(body(&listed[0].0).as_deref(), Some("Un."));
        assert_eq!(body(&listed[1].0).as_deref(), Some("Deux."));
        // Rewritten (the same size): the old stamp is stale, the items kept are not used.
        std::fs::write(&path, json_feed(&["Uno", "Dos."])).unwrap();
        assert_eq!(body(&listed[1].0), None);
        let relisted = load_listing(&Source::File(path.clone()), None, None).unwrap();
        assert_ne!(relisted[1].0.stamp, listed[1].0.stamp);
        assert_eq!(body(&relisted[0].0).as_deref(), Some("Uno"));
        assert_eq!(body(&relisted[1].0).as_deref(), Some("Dos."));
    }
}
