//! The query language of SPEC §9: what `/` in the reader, `kiosque list --query`, saved views
//! and `export` all take. One parser ([`parse`]), one meaning ([`eval`]), one engine that
//! answers it fast on a whole library ([`engine`]).
//!
//! ```text
//!  "unread politique -budget or title:/^BCE/ sort:old"
//!        │ parse (pure; errors carry their column)
//!        ▼
//!  Query { expr: Or[And[is:unread, politique, Not(budget)], title:/^BCE/], sort: Old }
//!        │ Plan::new(query, now)            (dates relative to now)
//!        ▼
//!  engine::evaluate(plan, library metadata, word index)  ─► yes / maybe per article
//!        │ maybe: the text must be read (phrases, regexes, quote:, body: other than words)
//!        ▼
//!  eval::matches(plan, full article)  ─► the plain meaning, the last word on every article
//! ```
//!
//! Semantics, in one place (the README has the user's version):
//! - A **word** matches a word *starting* with it, accents and case ignored (`cyber` finds
//!   `cybercriminalité`); a token that folds to several words (`etats-unis`) needs them all,
//!   anywhere in the field. A token with no letter or digit (`«`) matches everything.
//! - A **phrase** `"a b"` needs words starting with `a`, `b`, next to each other in that order,
//!   inside one part (the headline, one byline, one paragraph, one quotation).
//! - **Fields** restrict where: `section:` compares the whole section name word by word,
//!   `title:` the headline and alternate headline, `by:` the bylines, `quote:` the outermost
//!   quotations, `body:` the paragraphs and intertitles, `path:` the file's path (a substring,
//!   case and accents ignored). No field: section, headlines, standfirst, bylines and body.
//! - A **regex** `/…/` (the `regex` crate, case-insensitive) matches a part as written or its
//!   folded form (accents removed, lower case), so `/etats-unis/` finds `États-Unis`.
//! - **Dates** are the file's modification time, in UTC: `newer:7d` (d = 24 h, w = 7 d,
//!   m = 30 d, y = 365 d before now), `newer:2024-03-01` (that day or later), `older:…` (before),
//!   `date:2024`, `date:2024-03`, `date:2024-03-15` (that year, month, day).
//! - `is:updated`: read, in a version other than the file's now (a paragraph added,
//!   changed or removed since; [`crate::fingerprint`]).
//! - Juxtaposition is AND; `or`/`OR` binds looser; `-` negates a term or a group; `( )` group;
//!   `sort:new|old|section|title` orders the result and must stand at the top level.

mod date;
pub mod engine;
pub mod entries;
pub mod eval;
mod lex;
mod parse;
mod text;

#[cfg(test)]
mod tests;

pub use date::{Civil, DAY_NS};
pub use parse::parse;

use std::fmt;

/// Where a term looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Every text field: section, headline, alternate headline, standfirst, bylines, body.
    Any,
    /// The section name, whole.
    Section,
    /// Headline and alternate headline.
    Title,
    /// Bylines.
    By,
    /// Text inside quotations.
    Quote,
    /// Paragraphs and intertitles.
    Body,
    /// The file's path.
    Path,
}

/// A regular expression with the text it was written as (two are equal when written alike).
#[derive(Debug, Clone)]
pub struct Rx {
    /// The pattern as written between the slashes (`\/` already made `/`).
    pub source: String,
    /// Compiled, case-insensitive.
    pub re: regex::Regex,
}

impl PartialEq for Rx {
    fn eq(&self, other: &Rx) -> bool {
        self.source == other.source
    }
}

impl Eq for Rx {}

/// What a text term looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// Folded words, each starting a word somewhere in the field.
    Words(Vec<String>),
    /// Folded words, starting consecutive words of one part, in order.
    Phrase(Vec<String>),
    /// The whole name, as folded words (`section:`).
    Name(Vec<String>),
    /// A folded substring (`path:`).
    Substring(String),
    /// A regular expression.
    Regex(Rx),
}

/// An article's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Not read.
    Unread,
    /// Read.
    Read,
    /// Starred.
    Starred,
    /// Read, and changed on disk since (another version than the one read).
    Updated,
}

/// How a date term compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOp {
    /// On or after.
    Newer,
    /// Before.
    Older,
    /// Within (a day, a month, a year).
    On,
}

/// A moment or a stretch of time, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// So long before now, in nanoseconds.
    Ago(i64),
    /// A calendar day.
    Day(Civil),
    /// A calendar month (its day is 1).
    Month(Civil),
    /// A calendar year (month and day are 1).
    Year(Civil),
}

/// One term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Text in a field.
    Text {
        /// Where.
        field: Field,
        /// What.
        pattern: Pattern,
    },
    /// `is:…`.
    Is(Flag),
    /// `newer:` `older:` `date:`.
    Date {
        /// How it compares.
        op: DateOp,
        /// To what.
        when: When,
    },
}

/// A query's logical form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Expr {
    /// Everything (the empty query).
    #[default]
    All,
    /// One term.
    Term(Term),
    /// Not.
    Not(Box<Expr>),
    /// Every one.
    And(Vec<Expr>),
    /// Any one.
    Or(Vec<Expr>),
}

/// The order of the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Newest first (the default).
    #[default]
    New,
    /// Oldest first.
    Old,
    /// By section (as the sections pane lists them), newest first within each.
    Section,
    /// By headline (accents and case ignored), newest first among equal ones.
    Title,
}

impl Sort {
    /// The next order of the order key's cycle.
    pub fn next(self) -> Sort {
        match self {
            Sort::New => Sort::Old,
            Sort::Old => Sort::Section,
            Sort::Section => Sort::Title,
            Sort::Title => Sort::New,
        }
    }

    /// How the status line names it.
    pub fn name(self) -> &'static str {
        match self {
            Sort::New => "newest first",
            Sort::Old => "oldest first",
            Sort::Section => "by section",
            Sort::Title => "by headline",
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// What matches.
    pub expr: Expr,
    /// In which order.
    pub sort: Sort,
}

impl Query {
    /// Does it match every article (whatever its order)?
    pub fn is_all(&self) -> bool {
        self.expr == Expr::All
    }

    /// Its terms, depth first.
    pub fn terms(&self) -> Vec<&Term> {
        fn walk<'q>(e: &'q Expr, out: &mut Vec<&'q Term>) {
            match e {
                Expr::All => {}
                Expr::Term(t) => out.push(t),
                Expr::Not(e) => walk(e, out),
                Expr::And(es) | Expr::Or(es) => es.iter().for_each(|e| walk(e, out)),
            }
        }
        let mut out = Vec::new();
        walk(&self.expr, &mut out);
        out
    }
}

/// A query that does not parse: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The column of the offending character (1 = the first; counted in characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for Error {}

/// A query ready to evaluate: relative dates are taken from `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The query.
    pub query: Query,
    /// Now, in nanoseconds since the epoch.
    pub now_ns: i64,
}

impl Plan {
    /// `query` as of `now_ms` (milliseconds since the epoch).
    pub fn new(query: Query, now_ms: i64) -> Plan {
        Plan {
            query,
            now_ns: now_ms.saturating_mul(1_000_000),
        }
    }

    /// Must the words of the bodies be indexed to answer it (any term other than state, dates,
    /// section, title, by and path)?
    pub fn needs_bodies(&self) -> bool {
        self.query.terms().iter().any(|t| {
            matches!(
                t,
                Term::Text {
                    field: Field::Any | Field::Body | Field::Quote,
                    ..
                }
            )
        })
    }

    /// The stretch `[from, to)` of dates (ns) a date term accepts.
    pub fn range(&self, op: DateOp, when: When) -> (i64, i64) {
        date::range(op, when, self.now_ns)
    }
}
