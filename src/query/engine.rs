//! A query over a whole library, fast: word terms from the full-text index, everything else
//! the library holds in memory (sections, headlines, bylines, paths, dates, marks) article by
//! article, and what needs the text (phrases and regexes over bodies, `quote:`, phrases in
//! standfirsts) left as *maybe* for the caller to settle by reading those articles
//! ([`super::eval::matches`] on the article read whole).
//!
//! Work is saved where the logic allows: the terms of an `and` are taken cheapest first and
//! each is evaluated only on the articles the ones before left possible; an `or` skips the
//! articles already matched. A pasted paragraph (hundreds of words, all AND'ed) thus costs a
//! few index look-ups before nothing is left to look at. `stop` is asked often, so a search
//! made stale by the next key ends at once.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::eval::{self, Fields, Tri};
use super::{Expr, Field, Pattern, Plan, Term};
use crate::search::{Hits, Index, Scope};
use crate::source::Source;

/// A library as the engine sees it: per article number, whether it is still there and what is
/// known of it without reading its file.
pub trait Corpus {
    /// What is known of one article.
    type Doc<'a>: Fields
    where
        Self: 'a;
    /// Articles numbered `0..count()`.
    fn count(&self) -> usize;
    /// Is article `n` still in the library?
    fn live(&self, n: usize) -> bool;
    /// What is known of article `n`.
    fn doc(&self, n: usize) -> Self::Doc<'_>;
}

/// The articles that match (`yes`), and those that may, depending on their text (`maybe`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Sure matches.
    pub yes: Hits,
    /// Matches if their text says so.
    pub maybe: Hits,
}

/// The path of an article as its `path:` terms see it.
pub fn path_text(source: &Source) -> Cow<'_, str> {
    match source {
        Source::File(p) | Source::Item(p, _) => p.to_string_lossy(),
        Source::Bundled(i) => Cow::Owned(format!(
            "seeds/{}",
            crate::source::BUNDLED.get(*i).map_or("?", |b| b.0)
        )),
    }
}

/// How a term is answered.
enum Method<'t> {
    /// Exactly, by the index: words in a scope.
    Index(&'t [String], Scope),
    /// Article by article, from what the library holds (a maybe where that is not enough).
    Meta,
    /// Only articles with these words in this scope may match; then article by article when
    /// `scan`, else they all may.
    Prefiltered(&'t [String], Scope, bool),
    /// Any article may match.
    Unknown,
}

fn method(term: &Term) -> Method<'_> {
    let Term::Text { field, pattern } = term else {
        return Method::Meta;
    };
    match (field, pattern) {
        (Field::Any, Pattern::Words(w)) => Method::Index(w, Scope::Any),
        (Field::Body, Pattern::Words(w)) => Method::Index(w, Scope::Body),
        (Field::Any, Pattern::Phrase(w)) => Method::Prefiltered(w, Scope::Any, true),
        (Field::Body, Pattern::Phrase(w)) => Method::Prefiltered(w, Scope::Body, false),
        (Field::Quote, Pattern::Words(w) | Pattern::Phrase(w)) => {
            Method::Prefiltered(w, Scope::Any, false)
        }
        // Headlines, bylines and section names are header words: the index narrows them down
        // before each article's text is looked at.
        (Field::Title | Field::By, Pattern::Words(w) | Pattern::Phrase(w))
        | (Field::Section, Pattern::Name(w)) => Method::Prefiltered(w, Scope::Header, true),
        (Field::Body | Field::Quote, _) => Method::Unknown,
        _ => Method::Meta,
    }
}

/// Every word `plan` looks up in the index (as prefixes: [`Index::find`]): an index that holds
/// only the terms starting with one of them answers `plan` as the whole index would (a command
/// that answers one query keeps no more of the index than that).
pub fn index_words(plan: &Plan) -> Vec<String> {
    fn walk(expr: &Expr, words: &mut Vec<String>) {
        match expr {
            Expr::All => {}
            Expr::Term(term) => {
                if let Method::Index(w, _) | Method::Prefiltered(w, _, _) = method(term) {
                    words.extend(w.iter().cloned());
                }
            }
            Expr::Not(e) => walk(e, words),
            Expr::And(es) | Expr::Or(es) => es.iter().for_each(|e| walk(e, words)),
        }
    }
    let mut words = Vec::new();
    walk(&plan.query.expr, &mut words);
    words.sort_unstable();
    words.dedup();
    words
}

/// How costly `expr` is to answer (to take the cheap terms of an `and` first).
fn cost(expr: &Expr) -> u8 {
    match expr {
        Expr::All => 0,
        Expr::Term(t) => match (t, method(t)) {
            (_, Method::Index(..)) | (Term::Is(_) | Term::Date { .. }, _) => 0,
            (
                Term::Text {
                    field: Field::Section,
                    ..
                },
                _,
            ) => 0,
            (_, Method::Meta | Method::Prefiltered(_, Scope::Header, _)) => 1,
            _ => 2,
        },
        Expr::Not(e) => cost(e),
        Expr::And(es) | Expr::Or(es) => es.iter().map(cost).max().unwrap_or(0),
    }
}

/// The order the terms of an `and` or an `or` are taken in: cheapest first, and among words,
/// longest first (a long word is in few articles: the intersection empties soonest).
fn order_key(expr: &Expr) -> (u8, std::cmp::Reverse<usize>) {
    let longest = match expr {
        Expr::Term(Term::Text {
            pattern: Pattern::Words(w),
            ..
        }) => w.iter().map(String::len).max().unwrap_or(0),
        _ => 0,
    };
    (cost(expr), std::cmp::Reverse(longest))
}

/// Evaluates `plan` over `corpus`; `None` when `stop` said to stop.
pub fn evaluate<C: Corpus + Sync>(
    plan: &Plan,
    corpus: &C,
    index: &Index,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Answer> {
    let n = corpus.count();
    let mut live = Hits::none(n);
    for i in (0..n).filter(|&i| corpus.live(i)) {
        live.set(i);
    }
    let mut e = Eval {
        plan,
        corpus,
        index,
        stop,
        n,
        found: FxHashMap::default(),
    };
    e.node(&plan.query.expr, &live)
}

/// Look-ups kept during one evaluation (the same word in several places of a query).
const FOUND_KEPT: usize = 256;
/// Articles evaluated between two questions to `stop`.
const STOP_EVERY: usize = 1024;
/// From this many articles to look at one by one, the work is shared between the cores.
const PARALLEL_FROM: usize = 8192;

/// The cores to share work between (asked once: the answer comes from files under /sys).
fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(4)))
}

struct Eval<'a, C> {
    plan: &'a Plan,
    corpus: &'a C,
    index: &'a Index,
    stop: &'a (dyn Fn() -> bool + Sync),
    n: usize,
    found: FxHashMap<(Vec<String>, Scope), Hits>,
}

impl<C: Corpus + Sync> Eval<'_, C> {
    fn node(&mut self, expr: &Expr, mask: &Hits) -> Option<Answer> {
        match expr {
            Expr::All => Some(Answer {
                yes: mask.clone(),
                maybe: Hits::none(self.n),
            }),
            Expr::Term(t) => self.leaf(t, mask),
            Expr::Not(e) => {
                let a = self.node(e, mask)?;
                let mut yes = mask.clone();
                yes.and_not(&a.yes);
                yes.and_not(&a.maybe);
                Some(Answer {
                    yes,
                    maybe: a.maybe,
                })
            }
            Expr::And(es) => {
                let mut order: Vec<&Expr> = es.iter().collect();
                order.sort_by_key(|e| order_key(e));
                let mut acc = Answer {
                    yes: mask.clone(),
                    maybe: Hits::none(self.n),
                };
                let mut left = mask.clone();
                for e in order {
                    if left.is_empty() {
                        break;
                    }
                    let a = self.node(e, &left)?;
                    // Kleene: yes where both are yes; maybe where both may be, and not yes.
                    let mut possible = a.yes.clone();
                    possible.or(&a.maybe);
                    acc.yes.and(&a.yes);
                    left.and(&possible);
                    acc.maybe = left.clone();
                    acc.maybe.and_not(&acc.yes);
                }
                Some(acc)
            }
            Expr::Or(es) => {
                let mut order: Vec<&Expr> = es.iter().collect();
                order.sort_by_key(|e| order_key(e));
                let mut acc = Answer {
                    yes: Hits::none(self.n),
                    maybe: Hits::none(self.n),
                };
                let mut left = mask.clone();
                for e in order {
                    if left.is_empty() {
                        break;
                    }
                    let a = self.node(e, &left)?;
                    acc.yes.or(&a.yes);
                    acc.maybe.or(&a.maybe);
                    acc.maybe.and_not(&acc.yes);
                    left.and_not(&a.yes);
                }
                Some(acc)
            }
        }
    }

    /// The articles of the index with `words`, kept for the rest of the evaluation.
    fn find(&mut self, words: &[String], scope: Scope) -> Option<Hits> {
        let key = (words.to_vec(), scope);
        if let Some(h) = self.found.get(&key) {
            return Some(h.clone());
        }
        let hits = self.index.find(words, scope, self.n, self.stop)?;
        if self.found.len() < FOUND_KEPT {
            self.found.insert(key, hits.clone());
        }
        Some(hits)
    }

    fn leaf(&mut self, term: &Term, mask: &Hits) -> Option<Answer> {
        let none = Hits::none(self.n);
        match method(term) {
            Method::Index(words, scope) => {
                let mut yes = self.find(words, scope)?;
                yes.and(mask);
                Some(Answer { yes, maybe: none })
            }
            Method::Meta => self.article_by_article(term, mask),
            Method::Prefiltered(words, scope, scan) => {
                let mut possible = self.find(words, scope)?;
                possible.and(mask);
                if scan {
                    self.article_by_article(term, &possible)
                } else {
                    Some(Answer {
                        yes: none,
                        maybe: possible,
                    })
                }
            }
            Method::Unknown => Some(Answer {
                yes: none,
                maybe: mask.clone(),
            }),
        }
    }

    /// Each article of `mask` asked about `term`, on every core for a big mask.
    fn article_by_article(&self, term: &Term, mask: &Hits) -> Option<Answer> {
        let count = mask.count();
        let threads = threads();
        if count < PARALLEL_FROM || threads < 2 {
            return self.scan(term, mask, 0..self.n);
        }
        let per = self.n.div_ceil(threads);
        std::thread::scope(|scope| {
            let parts: Vec<_> = (0..threads)
                .map(|t| {
                    let range = t * per..((t + 1) * per).min(self.n);
                    scope.spawn(move || self.scan(term, mask, range))
                })
                .collect();
            let mut all = Answer {
                yes: Hits::none(self.n),
                maybe: Hits::none(self.n),
            };
            for part in parts {
                let a = part
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))?;
                all.yes.or(&a.yes);
                all.maybe.or(&a.maybe);
            }
            Some(all)
        })
    }

    /// The articles of `mask` in `range`, asked about `term` one by one.
    fn scan(&self, term: &Term, mask: &Hits, range: std::ops::Range<usize>) -> Option<Answer> {
        let mut a = Answer {
            yes: Hits::none(self.n),
            maybe: Hits::none(self.n),
        };
        let articles = mask
            .iter()
            .skip_while(|&i| i < range.start)
            .take_while(|&i| i < range.end);
        for (k, i) in articles.enumerate() {
            if k % STOP_EVERY == STOP_EVERY - 1 && (self.stop)() {
                return None;
            }
            match eval::term(self.plan, term, &self.corpus.doc(i)) {
                Tri::Yes => a.yes.set(i),
                Tri::Maybe => a.maybe.set(i),
                Tri::No => {}
            }
        }
        Some(a)
    }
}

/// Articles read per turn of a reading thread.
const SETTLE_CHUNK: usize = 16;
/// Results are reported at least this often while articles are read.
const REPORT_EVERY: std::time::Duration = std::time::Duration::from_millis(40);

/// Settles the *maybe* articles `candidates` (in that order, as far as `threads` threads
/// allow) with `check` (which reads the article and says whether it matches), reporting
/// `(article, matches)` in batches as they come and once more, with `true`, at the end.
/// Stops early, without the final report, when `stop` says so or `report` returns false.
pub fn settle(
    candidates: &[u32],
    threads: usize,
    stop: &(dyn Fn() -> bool + Sync),
    check: &(dyn Fn(u32) -> bool + Sync),
    report: &mut dyn FnMut(Vec<(u32, bool)>, bool) -> bool,
) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc::{RecvTimeoutError, channel};
    let next = AtomicUsize::new(0);
    let (tx, rx) = channel::<(u32, bool)>();
    std::thread::scope(|scope| {
        // Owned here: returning early drops it, and the readers' next send fails.
        let rx = rx;
        for _ in 0..threads.max(1) {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let from = next
                        .fetch_add(SETTLE_CHUNK, Ordering::Relaxed)
                        .min(candidates.len());
                    let chunk = &candidates[from..(from + SETTLE_CHUNK).min(candidates.len())];
                    if chunk.is_empty() {
                        return;
                    }
                    for &n in chunk {
                        if stop() || tx.send((n, check(n))).is_err() {
                            return;
                        }
                    }
                }
            });
        }
        drop(tx);
        let mut batch = Vec::new();
        let mut last = std::time::Instant::now();
        let mut got = 0;
        loop {
            match rx.recv_timeout(REPORT_EVERY) {
                Ok(result) => {
                    got += 1;
                    batch.push(result);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if stop() {
                return;
            }
            if !batch.is_empty() && last.elapsed() >= REPORT_EVERY {
                if !report(std::mem::take(&mut batch), false) {
                    return;
                }
                last = std::time::Instant::now();
            }
        }
        if got == candidates.len() && !stop() {
            report(batch, true);
        }
    });
}
