//! A library: every article found in the sources, as entries that lists, filters and saved
//! state work on, plus every file that had a problem (never dropped in silence, SPEC §2).
//!
//! Loading is two passes, because labels seen in other files help split an uncertain one:
//! parse every file, count the labels of the confident splits, then parse again the files whose
//! split was a close call (or found no label) with those counts in hand.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::article::Article;
use crate::decode;
use crate::label::KnownLabels;
use crate::parse;
use crate::scan::{self, Found, Problem};
use crate::source::{self, Source};

/// The section of articles that have neither a label nor a folder.
pub const CATCH_ALL: &str = "(no section)";

/// One article of a library: what lists, filters and state need, without the body.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Modification time (seconds since the epoch; 0 for bundled seeds).
    pub mtime: i64,
    /// Size in bytes.
    pub size: u64,
    /// The label split was a close call.
    pub label_uncertain: bool,
}

impl Entry {
    /// Builds the entry of a parsed article.
    pub fn new(
        source: Source,
        folder: Option<String>,
        article: &Article,
        mtime: i64,
        size: u64,
    ) -> Entry {
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
            body_hash: article.body_hash(),
            mtime,
            size,
            label_uncertain: article.label_uncertain,
        }
    }
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

/// A problem with one file, shown in the warnings view and by `kiosque list --warnings`.
pub type FileProblem = Problem;

/// Reads and parses one article. Errors are the reason it could not be read at all.
pub fn load_one(
    source: &Source,
    folder: Option<String>,
    known: Option<&KnownLabels>,
) -> Result<(Entry, Article), String> {
    let bytes = source::read(source)?;
    let mtime = match source {
        Source::File(p) => mtime_of(p),
        Source::Bundled(_) => 0,
    };
    let size = bytes.truncated_from.unwrap_or(bytes.bytes.len() as u64);
    let decoded = decode::decode(&bytes.bytes);
    let mut article = parse::parse(&decoded.text, known);
    let mut warnings = decoded.warnings;
    if let Some(full) = bytes.truncated_from {
        warnings.insert(
            0,
            format!(
                "the file is {} MB; only its first {} MB are shown",
                full / (1024 * 1024),
                source::MAX_BYTES / (1024 * 1024)
            ),
        );
    }
    warnings.append(&mut article.warnings);
    article.warnings = warnings;
    let entry = Entry::new(source.clone(), folder, &article, mtime, size);
    Ok((entry, article))
}

fn mtime_of(path: &Path) -> i64 {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Label counts over the confident entries.
pub fn known_labels<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> KnownLabels {
    let mut known = KnownLabels::new();
    for e in entries {
        if let Some(label) = &e.label
            && !e.label_uncertain
        {
            *known.entry(label.clone()).or_default() += 1;
        }
    }
    known
}

/// Should this entry be parsed again once the library's labels are known?
pub fn needs_second_look(e: &Entry, known: &KnownLabels) -> bool {
    !known.is_empty() && (e.label_uncertain || e.label.is_none())
}

/// Gives every entry a distinct id: the first file of a shared identity (by path) keeps it, the
/// others get one derived from their body, then from their rank.
pub fn assign_ids(entries: &mut [Entry]) {
    let mut groups: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        groups.entry(e.identity).or_default().push(i);
    }
    let mut taken: std::collections::HashSet<u64> = groups.keys().copied().collect();
    for (identity, mut members) in groups {
        entries[members[0]].id = identity;
        if members.len() == 1 {
            continue;
        }
        members.sort_by(|&a, &b| entries[a].source.cmp(&entries[b].source));
        entries[members[0]].id = identity;
        for (rank, &m) in members.iter().enumerate().skip(1) {
            let mut key = [0u8; 24];
            key[..8].copy_from_slice(&identity.to_le_bytes());
            key[8..16].copy_from_slice(&entries[m].body_hash.to_le_bytes());
            let mut id = xxhash_rust::xxh3::xxh3_64(&key[..16]);
            while taken.contains(&id) {
                key[16..].copy_from_slice(&(rank as u64).to_le_bytes());
                id = xxhash_rust::xxh3::xxh3_64(&key).wrapping_add(1);
                key[8..16].copy_from_slice(&id.to_le_bytes());
            }
            taken.insert(id);
            entries[m].id = id;
        }
    }
}

/// Newest first, then by path: the order of every article list.
pub fn sort_entries(entries: &mut [Entry]) {
    entries.sort_by(|a, b| b.mtime.cmp(&a.mtime).then_with(|| a.source.cmp(&b.source)));
}

/// A library loaded in full, for the command-line subcommands.
#[derive(Debug, Default)]
pub struct Library {
    /// The articles, newest first.
    pub entries: Vec<Entry>,
    /// Files that could not be read.
    pub problems: Vec<FileProblem>,
}

/// What was loaded, articles included.
pub struct Loaded {
    /// The library.
    pub library: Library,
    /// The parsed articles, in the order of `library.entries`.
    pub articles: Vec<Article>,
}

impl Library {
    /// Loads every article of `sources` (keeping the parsed articles), in two passes. Roots that
    /// do not exist are an error: a typo on the command line should not look like an empty
    /// library.
    pub fn load_full(sources: &Sources) -> Result<Loaded, String> {
        let (found, problems): (Vec<(Source, Option<String>)>, Vec<Problem>) = match sources {
            Sources::Bundled => (
                (0..source::BUNDLED.len())
                    .map(|i| (Source::Bundled(i), None))
                    .collect(),
                Vec::new(),
            ),
            Sources::Paths(paths) => {
                let scan = scan::scan(paths);
                if let Some(missing) = scan.missing_roots.first() {
                    return Err(format!(
                        "{}: no such file or directory",
                        crate::sanitize::one_line(&missing.to_string_lossy())
                    ));
                }
                let found = scan
                    .files
                    .into_iter()
                    .map(|Found { path, folder }| (Source::File(path), folder))
                    .collect();
                (found, scan.problems)
            }
        };
        let mut library = Library {
            entries: Vec::new(),
            problems,
        };
        let mut pairs: Vec<(Entry, Article)> = Vec::with_capacity(found.len());
        for (source, folder) in found {
            match load_one(&source, folder, None) {
                Ok(pair) => pairs.push(pair),
                Err(message) => library.problems.push(Problem {
                    path: source.path().map(Path::to_owned).unwrap_or_default(),
                    message,
                }),
            }
        }
        let known = known_labels(pairs.iter().map(|p| &p.0));
        for pair in &mut pairs {
            if needs_second_look(&pair.0, &known)
                && let Ok(again) = load_one(&pair.0.source, pair.0.folder.clone(), Some(&known))
            {
                *pair = again;
            }
        }
        let mut entries: Vec<Entry> = pairs.iter().map(|p| p.0.clone()).collect();
        assign_ids(&mut entries);
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by(|&a, &b| {
            entries[b]
                .mtime
                .cmp(&entries[a].mtime)
                .then_with(|| entries[a].source.cmp(&entries[b].source))
        });
        let mut articles_by_index: Vec<Option<Article>> =
            pairs.into_iter().map(|p| Some(p.1)).collect();
        let articles = order
            .iter()
            .filter_map(|&i| articles_by_index[i].take())
            .collect();
        let mut sorted: Vec<Entry> = order.iter().map(|&i| entries[i].clone()).collect();
        entries.clear();
        library.entries.append(&mut sorted);
        Ok(Loaded { library, articles })
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

    /// Entries with a warning, as problems to report.
    pub fn warnings(&self) -> impl Iterator<Item = (String, &str)> {
        self.entries.iter().flat_map(|e| {
            e.warnings
                .iter()
                .map(move |w| (e.source.display(), w.as_str()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(identity: u64, path: &str, body: u64) -> Entry {
        let article = Article::default();
        let mut e = Entry::new(Source::File(path.into()), None, &article, 0, 0);
        e.identity = identity;
        e.body_hash = body;
        e
    }

    #[test]
    fn shared_identities_get_distinct_stable_ids() {
        let mut v = vec![
            entry(7, "/b.txt", 1),
            entry(7, "/a.txt", 2),
            entry(9, "/c.txt", 3),
        ];
        assign_ids(&mut v);
        assert_eq!(v[1].id, 7, "the first by path keeps the identity");
        assert_ne!(v[0].id, 7);
        assert_eq!(v[2].id, 9);
        let again = {
            let mut w = vec![
                entry(7, "/a.txt", 2),
                entry(7, "/b.txt", 1),
                entry(9, "/c.txt", 3),
            ];
            assign_ids(&mut w);
            w[1].id
        };
        assert_eq!(again, v[0].id, "ids do not depend on load order");
        // Identical copies of one file still get distinct ids.
        let mut dup = vec![
            entry(5, "/x.txt", 1),
            entry(5, "/y.txt", 1),
            entry(5, "/z.txt", 1),
        ];
        assign_ids(&mut dup);
        let ids: std::collections::HashSet<u64> = dup.iter().map(|e| e.id).collect();
        assert_eq!(ids.len(), 3);
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
        let loaded = Library::load_full(&Sources::Bundled).unwrap();
        assert_eq!(loaded.library.entries.len(), 1);
        assert_eq!(loaded.library.entries[0].section, "CYBERCRIMINALITE");
        assert!(loaded.library.problems.is_empty());
    }
}
