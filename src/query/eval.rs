//! What a query means for one article: every term answered on the article's fields, and the
//! logic of `and`, `or` and `-` over the answers. This is the plain evaluator: the engine
//! ([`super::engine`]) answers the same questions faster over a library, and asks this one
//! about the articles whose text it has not read.
//!
//! Answers are three-valued ([`Tri`]) because an article may be known only in part: the
//! reader holds every article's section, headlines, bylines, path, date and marks, not its
//! body. A term on what is missing is `Maybe`; `and`, `or` and `-` follow Kleene's logic, so
//! `Maybe` stays only where the missing text could change the outcome.

use std::borrow::Cow;

use super::text::{contains, find_words, has_phrase, is_name};
use super::{Expr, Field, Flag, Pattern, Plan, Term};
use crate::article::Article;

/// Yes, no, or cannot tell without the article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    /// Does not match.
    No,
    /// Cannot tell yet.
    Maybe,
    /// Matches.
    Yes,
}

impl Tri {
    fn not(self) -> Tri {
        match self {
            Tri::No => Tri::Yes,
            Tri::Maybe => Tri::Maybe,
            Tri::Yes => Tri::No,
        }
    }
}

impl From<bool> for Tri {
    fn from(b: bool) -> Tri {
        if b { Tri::Yes } else { Tri::No }
    }
}

/// How much of a field [`Fields::scan`] could show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// Every part of the field.
    All,
    /// Some parts only (the rest is in the article's text, not read).
    Some,
}

/// An article as far as it is known.
pub trait Fields {
    /// The section name.
    fn section(&self) -> &str;
    /// The file's path as text.
    fn path(&self) -> Cow<'_, str>;
    /// Its date, ns since the epoch.
    fn date_ns(&self) -> i64;
    /// Read?
    fn read(&self) -> bool;
    /// Starred?
    fn starred(&self) -> bool;
    /// Read, in a version other than the one on disk now (`is:updated`)?
    fn updated(&self) -> bool;
    /// Calls `f` on each part of `field` it knows (a headline, a byline, a paragraph, a
    /// quotation) until `f` returns true; says whether those were all the parts.
    fn scan(&self, field: Field, f: &mut dyn FnMut(&str) -> bool) -> Seen;

    /// As [`Fields::scan`], on the parts already folded, for an article that keeps them so;
    /// with whether `f` said yes. `None`: not kept folded, ask [`Fields::scan`].
    fn scan_folded(&self, _field: Field, _f: &mut dyn FnMut(&str) -> bool) -> Option<(bool, Seen)> {
        None
    }
}

/// The answer of one term.
pub fn term(plan: &Plan, term: &Term, doc: &dyn Fields) -> Tri {
    match term {
        Term::Is(flag) => Tri::from(match flag {
            Flag::Unread => !doc.read(),
            Flag::Read => doc.read(),
            Flag::Starred => doc.starred(),
            Flag::Updated => doc.updated(),
        }),
        Term::Date { op, when } => {
            let (from, to) = plan.range(*op, *when);
            let d = doc.date_ns();
            Tri::from(from <= d && d < to)
        }
        Term::Text { field, pattern } => text(*field, pattern, doc),
    }
}

/// The answer of a text term.
pub fn text(field: Field, pattern: &Pattern, doc: &dyn Fields) -> Tri {
    match (field, pattern) {
        (Field::Section, Pattern::Name(words)) => Tri::from(is_name(doc.section(), words)),
        (Field::Section, Pattern::Regex(rx)) => Tri::from(rx.matches(doc.section())),
        (Field::Path, Pattern::Substring(s)) => Tri::from(
            doc.scan_folded(Field::Path, &mut |p| p.contains(s.as_str()))
                .map_or_else(|| contains(&doc.path(), s), |(found, _)| found),
        ),
        (Field::Path, Pattern::Regex(rx)) => Tri::from(rx.matches(&doc.path())),
        (_, Pattern::Words(words)) => {
            if words.is_empty() {
                return Tri::Yes;
            }
            // Most queries have a word or two: no allocation per article for them.
            let mut few = [false; 8];
            let mut many = Vec::new();
            let found = if words.len() <= few.len() {
                &mut few[..words.len()]
            } else {
                many.resize(words.len(), false);
                &mut many[..]
            };
            if let Some(answer) =
                doc.scan_folded(field, &mut |part| find_words(part, true, words, found))
            {
                return seen(answer);
            }
            seen(scan(doc, field, &mut |part| {
                find_words(part, false, words, found)
            }))
        }
        (_, Pattern::Phrase(words)) => {
            if let Some(answer) = doc.scan_folded(field, &mut |part| has_phrase(part, true, words))
            {
                return seen(answer);
            }
            seen(scan(doc, field, &mut |part| has_phrase(part, false, words)))
        }
        (_, Pattern::Regex(rx)) => seen(scan(doc, field, &mut |part| rx.matches(part))),
        // The parser gives names to sections and substrings to paths only.
        (_, Pattern::Name(_) | Pattern::Substring(_)) => Tri::No,
    }
}

/// The answer once `f` was called on the parts: found, or not in any part, or not in the
/// parts known.
fn seen(found_and_seen: (bool, Seen)) -> Tri {
    match found_and_seen {
        (true, _) => Tri::Yes,
        (false, Seen::All) => Tri::No,
        (false, Seen::Some) => Tri::Maybe,
    }
}

/// Calls `f` on the parts of `field` as [`Fields::scan`] does; whether `f` said yes for one.
fn scan(doc: &dyn Fields, field: Field, f: &mut dyn FnMut(&str) -> bool) -> (bool, Seen) {
    let mut found = false;
    let seen = doc.scan(field, &mut |part| {
        found = f(part);
        found
    });
    (found, seen)
}

/// Combines the answers of `expr`'s terms, given by `leaf`.
pub fn combine(expr: &Expr, leaf: &mut dyn FnMut(&Term) -> Tri) -> Tri {
    match expr {
        Expr::All => Tri::Yes,
        Expr::Term(t) => leaf(t),
        Expr::Not(e) => combine(e, leaf).not(),
        Expr::And(es) => {
            let mut acc = Tri::Yes;
            for e in es {
                match combine(e, leaf) {
                    Tri::No => return Tri::No,
                    Tri::Maybe => acc = Tri::Maybe,
                    Tri::Yes => {}
                }
            }
            acc
        }
        Expr::Or(es) => {
            let mut acc = Tri::No;
            for e in es {
                match combine(e, leaf) {
                    Tri::Yes => return Tri::Yes,
                    Tri::Maybe => acc = Tri::Maybe,
                    Tri::No => {}
                }
            }
            acc
        }
    }
}

/// The answer of the whole query for an article known as far as `doc` goes.
pub fn answer(plan: &Plan, doc: &dyn Fields) -> Tri {
    combine(&plan.query.expr, &mut |t| term(plan, t, doc))
}

/// Does a wholly known article match?
pub fn matches(plan: &Plan, doc: &dyn Fields) -> bool {
    answer(plan, doc) == Tri::Yes
}

/// An article read whole: its parsed text and what the library knows of it.
#[derive(Debug, Clone, Copy)]
pub struct FullDoc<'a> {
    /// The section it is listed under.
    pub section: &'a str,
    /// Its path as text ([`crate::query::engine::path_text`]).
    pub path: &'a str,
    /// Its date.
    pub date_ns: i64,
    /// Read?
    pub read: bool,
    /// Starred?
    pub starred: bool,
    /// Read, in another version?
    pub updated: bool,
    /// The article.
    pub article: &'a Article,
}

impl Fields for FullDoc<'_> {
    fn section(&self) -> &str {
        self.section
    }

    fn path(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.path)
    }

    fn date_ns(&self) -> i64 {
        self.date_ns
    }

    fn read(&self) -> bool {
        self.read
    }

    fn starred(&self) -> bool {
        self.starred
    }

    fn updated(&self) -> bool {
        self.updated
    }

    fn scan(&self, field: Field, f: &mut dyn FnMut(&str) -> bool) -> Seen {
        let a = self.article;
        let titles = || {
            std::iter::once(a.headline.text.as_str())
                .chain(a.alt_headline.iter().map(|t| t.text.as_str()))
        };
        let bylines = || a.bylines.iter().map(String::as_str);
        let body = || a.blocks.iter().map(|b| b.text.text.as_str());
        let mut parts: Box<dyn Iterator<Item = &str>> = match field {
            Field::Title => Box::new(titles()),
            Field::By => Box::new(bylines()),
            Field::Body => Box::new(body()),
            Field::Quote => Box::new(a.quotes()),
            Field::Section => Box::new(std::iter::once(self.section)),
            Field::Path => return Seen::All,
            Field::Any => Box::new(
                std::iter::once(self.section)
                    .chain(titles())
                    .chain(a.standfirst.iter().map(|t| t.text.as_str()))
                    .chain(bylines())
                    .chain(body()),
            ),
        };
        let _ = parts.any(f);
        Seen::All
    }
}
