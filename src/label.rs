//! Splitting the section label from the headline it is glued to (`CYBERCRIMINALITELa Russie…`).
//!
//! The label is an upper-case run with no separator before the headline, so several split points
//! are usually possible: `SANTEOMS : …` could be `SANT|EOMS`, `SANTE|OMS` or `SANTEO|MS`. Each
//! candidate is scored on every signal the article and its library offer:
//!
//! - the *shape* of the headline's first word: a capitalised word (`La`), an elision (`L’OMS`),
//!   a one-letter word (`À`, `Y`), an acronym (`OMS`), a number, an opening quotation mark;
//!   a word cut in two (`ELa`, `SUn`) rules the split out;
//! - labels have lost their accents, so an accented capital belongs to the headline;
//! - the standfirst is glued to the same label: the label must also start one of the next lines;
//! - the alternate headline often starts with the headline's first word;
//! - the headline's first word, and the label itself, usually appear elsewhere in the article;
//! - labels seen in other files of the library.
//!
//! The best candidate wins when it scores at least [`ACCEPT`]; otherwise the line is not in the
//! stored format and the caller treats the file as plain text.

use std::collections::HashMap;

use rustc_hash::FxHashSet;

use crate::fold;

/// Label counts seen across a library, keyed by label.
pub type KnownLabels = HashMap<String, u32>;

/// Below this score no split is believed.
const ACCEPT: i32 = 2;
/// Labels longer than this (in characters) are not labels.
const MAX_LABEL_CHARS: usize = 48;
/// How much of the article is searched for supporting words.
const EVIDENCE_BYTES: usize = 4 * 1024;

/// Section labels common in French and English news sites (as stored: capitals, no accents).
/// A file alone, with a headline opening on an acronym (`SCIENCESNASA et ESA …`) and nothing
/// else to confirm the split, is still an article when its header has an article's shape (an
/// alternate headline, a byline): these names then tell `SCIENCES|NASA` from `SCIENCESNA|SA`.
/// Weaker than what the library itself shows (its labels, a standfirst glued the same way).
const COMMON_LABELS: &[&str] = &[
    "ACTUALITE",
    "ACTUALITES",
    "ARGENT",
    "AUTO",
    "BASKET",
    "BORDEAUX",
    "BUSINESS",
    "CINEMA",
    "CLIMAT",
    "CONSOMMATION",
    "CULTURE",
    "CYBERCRIMINALITE",
    "CYCLISME",
    "DEFENSE",
    "ECONOMIE",
    "EDUCATION",
    "EMPLOI",
    "ENTERTAINMENT",
    "ENTREPRISES",
    "ENVIRONNEMENT",
    "EUROPE",
    "FAITS DIVERS",
    "FOOTBALL",
    "FORMULE 1",
    "FRANCE",
    "GASTRONOMIE",
    "GUERRE EN UKRAINE",
    "HEALTH",
    "HIGH-TECH",
    "IMMOBILIER",
    "INSOLITE",
    "INTERNATIONAL",
    "INTERNET",
    "JEUX VIDEO",
    "JUSTICE",
    "LIFESTYLE",
    "LIGUE 1",
    "LILLE",
    "LIVRES",
    "LOGEMENT",
    "LYON",
    "MARSEILLE",
    "MEDIAS",
    "MODE",
    "MONDE",
    "MONTPELLIER",
    "MUSIQUE",
    "NANTES",
    "NICE",
    "OPINION",
    "PARIS",
    "PEOPLE",
    "PLANETE",
    "POLITICS",
    "POLITIQUE",
    "RELIGION",
    "RENNES",
    "RUGBY",
    "SANTE",
    "SCIENCE",
    "SCIENCES",
    "SERIES",
    "SOCIETE",
    "SPORT",
    "SPORTS",
    "STRASBOURG",
    "TECH",
    "TECHNOLOGY",
    "TELEVISION",
    "TENNIS",
    "TOULOUSE",
    "TRANSPORTS",
    "TRAVEL",
    "VOYAGE",
    "WORLD",
];

/// Does the header around the first line look like an article's: an alternate headline and a
/// byline before the body?
fn article_shaped(evidence: &Evidence<'_>) -> bool {
    evidence.alt.is_some()
        && evidence
            .later_lines
            .iter()
            .any(|l| crate::byline::is_byline(l))
}

/// What the rest of the article and its library say about the first line.
#[derive(Default)]
pub struct Evidence<'a> {
    /// Lines after the first, before the body: the standfirst, if any, is among them.
    pub later_lines: &'a [&'a str],
    /// The line that would be the alternate headline.
    pub alt: Option<&'a str>,
    /// The rest of the article, searched (its beginning) for the headline's first word.
    pub rest: &'a str,
    /// Labels of the other files of the library.
    pub known: Option<&'a KnownLabels>,
}

/// A chosen split point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Byte offset in the line where the headline starts.
    pub at: usize,
    /// False when a close runner-up remains and nothing outside this file backed the choice; a
    /// library gives such files a second look once it knows every label.
    pub confident: bool,
}

/// The shape of the headline's first word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `La`, `Éric`.
    Capitalised,
    /// `McDonald`, `HiPhone`: capitalised, with a capital inside.
    InnerCapital,
    /// `L’OMS`, `D'après`.
    Elision,
    /// `A`, `À`, `Y`.
    Letter { accented: bool },
    /// `OMS`, `G7`, `PSG-OM`.
    Acronym,
    /// `3`, `2024,`, `10 000`.
    Number { leading_zero: bool },
    /// `«`, `“`, `"`, `(`.
    Opening,
    /// `iPhone`, `eBay`.
    Camel,
}

impl Shape {
    /// How a sentence usually starts; acronyms, brands and bare letters are possible but prove
    /// less.
    fn natural(self) -> bool {
        matches!(
            self,
            Shape::Capitalised
                | Shape::Elision
                | Shape::Opening
                | Shape::Number {
                    leading_zero: false
                }
                | Shape::Letter { accented: true }
        )
    }

    fn score(self) -> i32 {
        match self {
            Shape::Capitalised | Shape::Elision | Shape::Opening => 3,
            Shape::Letter { accented: true } | Shape::InnerCapital | Shape::Camel => 2,
            Shape::Number {
                leading_zero: false,
            } => 2,
            Shape::Letter { accented: false } | Shape::Acronym => 1,
            Shape::Number { leading_zero: true } => 0,
        }
    }
}

/// May `c` belong to a label?
fn is_label_char(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || matches!(c, ' ' | '-' | '&' | '\'' | '’' | '.')
}

/// The first word of `head`, without trailing punctuation.
fn first_word(head: &str) -> &str {
    let word = head.split(char::is_whitespace).next().unwrap_or("");
    word.trim_end_matches(|c: char| !c.is_alphanumeric())
}

/// Marks that open a quotation or an aside.
const OPENING: &[char] = &[
    '«', '“', '„', '‹', '"', '(', '[', '\'', '‘', '¿', '¡', '—', '–',
];

/// The second word of `s`, without trailing punctuation.
fn second_word(s: &str) -> Option<&str> {
    s.split_whitespace().nth(1).map(first_word)
}

/// Classifies the start of a would-be headline; `None` when no headline starts like this.
fn shape(head: &str) -> Option<Shape> {
    let mut chars = head.chars();
    let first = chars.next()?;
    if OPENING.contains(&first) {
        return Some(Shape::Opening);
    }
    if first.is_ascii_digit() {
        // Digits glued to a capital (`24Les`) are a label's year cut in two, not a number.
        let after = head.chars().find(|c| !c.is_ascii_digit());
        if after.is_some_and(char::is_uppercase) {
            return None;
        }
        let leading_zero = first == '0' && head[1..].starts_with(|c: char| c.is_ascii_digit());
        return Some(Shape::Number { leading_zero });
    }
    // Combining marks belong to the letter before them (`E` + U+0301 is an accented capital).
    let mut accented = !first.is_ascii();
    let mut second = chars.next();
    while let Some(c) = second.filter(|&c| unicode_normalization::char::is_combining_mark(c)) {
        let _ = c;
        accented = true;
        second = chars.next();
    }
    if first.is_lowercase() {
        // Only a camel-cased brand may start in lower case right after a label.
        let word = first_word(head);
        return word
            .chars()
            .skip(1)
            .any(char::is_uppercase)
            .then_some(Shape::Camel);
    }
    if !first.is_uppercase() {
        return None;
    }
    match second {
        None => Some(Shape::Letter { accented }),
        Some(s) if s.is_whitespace() || s == ',' => Some(Shape::Letter { accented }),
        Some('’' | '\'') => chars
            .next()
            .is_some_and(char::is_alphabetic)
            .then_some(Shape::Elision),
        Some(s) if s.is_lowercase() => {
            // A capital inside a part of the word (`McDonald`), not at the start of a part of a
            // compound (`Saint-Étienne`, `Jean-Marc`, `Aix-en-Provence`).
            let inner = first_word(head)
                .split(['-', '\'', '’'])
                .any(|part| part.chars().skip(1).any(char::is_uppercase));
            Some(if inner {
                Shape::InnerCapital
            } else {
                Shape::Capitalised
            })
        }
        Some(_) => {
            // Upper case, digits and inner punctuation up to the end of the word: an acronym. A
            // lower-case letter after two capitals means a word was cut (`ELa`, `SUn`).
            let word = first_word(head);
            let cut = word.chars().any(char::is_lowercase);
            // An opening mark glued to its end (`UE«`) is a label's end before a quotation.
            let token = head.split(char::is_whitespace).next().unwrap_or("");
            let glued_opening = token[word.len()..].contains(OPENING);
            (!cut && !glued_opening && word.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
                .then_some(Shape::Acronym)
        }
    }
}

/// Is `label` well formed: letters, no accent, no dangling separator?
fn label_ok(label: &str) -> bool {
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && label.chars().count() <= MAX_LABEL_CHARS
        && !label.ends_with([' ', '-', '&', '\'', '’', '.'])
        && !label.starts_with([' ', '-', '&', '\'', '’', '.'])
}

struct Candidate<'a> {
    at: usize,
    label: &'a str,
    head: &'a str,
    shape: Shape,
}

/// The words of the start of the article, gathered only when a decision needs them: hashes of
/// the words as written, and of their folded forms.
struct Words<'a> {
    rest: &'a str,
    exact: Option<FxHashSet<u64>>,
    folded: Option<FxHashSet<u64>>,
}

fn word_hash(w: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(w.as_bytes())
}

fn hashes(text: &str) -> FxHashSet<u64> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(word_hash)
        .collect()
}

impl<'a> Words<'a> {
    fn start(&self) -> &'a str {
        let mut end = self.rest.len().min(EVIDENCE_BYTES);
        while !self.rest.is_char_boundary(end) {
            end -= 1;
        }
        &self.rest[..end]
    }

    /// Does `word` appear as a whole word, with this very case, in the start of the article?
    /// Acronyms are written in capitals: `CE` must not be found in `ce`.
    fn contains_exact(&mut self, word: &str) -> bool {
        let start = self.start();
        let set = self.exact.get_or_insert_with(|| hashes(start));
        set.contains(&word_hash(word))
    }

    /// Does `word` appear, case and accents ignored, in the start of the article?
    fn contains(&mut self, word: &str) -> bool {
        let start = self.start();
        let set = self
            .folded
            .get_or_insert_with(|| hashes(&fold::fold(start)));
        set.contains(&word_hash(&fold::fold(word)))
    }
}

/// Finds where the headline starts in `line`, or `None` if the line carries no label.
pub fn split(line: &str, evidence: &Evidence<'_>) -> Option<Split> {
    let candidates = candidates(line);
    if candidates.is_empty() {
        return None;
    }
    let mut words = Words {
        rest: evidence.rest,
        exact: None,
        folded: None,
    };
    // Words of the article are costly to gather: they are looked at only when they could
    // change the outcome (they add at most WORD_BONUS to a candidate).
    let mut cheap: Vec<(i32, bool)> = candidates
        .iter()
        .map(|c| score(c, &candidates, evidence))
        .collect();
    let mut order: Vec<(i32, bool)> = cheap.clone();
    order.sort_unstable_by_key(|s| std::cmp::Reverse(s.0));
    // Decided when the best is accepted without them, no runner-up could catch up, and the
    // choice is certain either way (backed from outside, or by a margin words cannot close).
    let (best, backed) = order[0];
    let margin = order.get(1).map_or(i32::MAX, |s| best - s.0);
    let decided = best >= ACCEPT && margin > WORD_BONUS && (backed || margin >= WORD_BONUS + 3);
    if !decided {
        for (c, s) in candidates.iter().zip(cheap.iter_mut()) {
            s.0 += word_score(c, &mut words);
        }
    }
    let mut scored: Vec<(i32, bool, &Candidate<'_>)> = candidates
        .iter()
        .zip(cheap)
        .map(|(c, (score, external))| (score, external, c))
        .collect();
    // Highest score first; ties go to the longer label (labels are usually longer than the
    // acronym or number that may follow them).
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.2.at.cmp(&a.2.at)));
    let (best, external, chosen) = scored[0];
    if best < ACCEPT {
        return None;
    }
    let runner_up = scored.get(1).map_or(i32::MIN, |s| s.0);
    Some(Split {
        at: chosen.at,
        confident: external || best.saturating_sub(runner_up) >= 3,
    })
}

/// Every split point that leaves a well-formed label and a headline that can start that way.
fn candidates(line: &str) -> Vec<Candidate<'_>> {
    let mut out = Vec::new();
    // A label starts with a capital or a digit (a lower-case first letter is a plain line:
    // `iPadOS 18 : …`).
    if !line.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
        return out;
    }
    for (count, (at, c)) in line.char_indices().enumerate().skip(1) {
        if count > MAX_LABEL_CHARS {
            break;
        }
        let label = &line[..at];
        let head = &line[at..];
        if label_ok(label)
            && let Some(shape) = shape(head)
        {
            out.push(Candidate {
                at,
                label,
                head,
                shape,
            });
        }
        if !is_label_char(c) {
            break;
        }
    }
    out
}

/// Scores one candidate on everything but the article's words. The flag says whether a signal
/// from outside the first line backed it.
fn score(c: &Candidate<'_>, all: &[Candidate<'_>], evidence: &Evidence<'_>) -> (i32, bool) {
    let mut score = c.shape.score();
    let mut external = false;
    if !c.label.is_ascii() {
        score -= 6;
    }
    // Digits right after a letter (`SPORT3`) are a label eating a number; `COVID-19` and
    // `JO 2024` set theirs apart.
    let before_digits = c.label.trim_end_matches(|ch: char| ch.is_ascii_digit());
    if before_digits.len() < c.label.len() && before_digits.ends_with(char::is_alphabetic) {
        score -= 2;
    }
    // A split inside a number (`UTF-1|6`) is a number cut in two, unless the label's last word
    // is a number of its own (`JO 2024|10 000`).
    let cuts_number = c.label.ends_with(|ch: char| ch.is_ascii_digit())
        && c.head.starts_with(|ch: char| ch.is_ascii_digit());
    if cuts_number && !before_digits.ends_with(' ') {
        score -= 4;
    }
    // A headline that goes on with a number glued to a capital (`LIG|UE 1RATP`, `UE 1Bac`) has
    // kept the end of a label (`LIGUE 1`) that another split explains.
    score -= glued_label_end(c, all);
    if let Some(known) = evidence.known
        && let Some(&n) = known.get(c.label)
        && n > 0
        && !overshadowed(c, n, all, known)
    {
        // u32::MAX is the label the library already chose for this very file (parse_with_label).
        score += match n {
            u32::MAX => 100,
            3.. => 7,
            _ => 6,
        };
        external = true;
    }
    // A common section name, in a file shaped like an article: enough to tell a label from an
    // acronym glued to it when nothing else can (never enough alone to make a plain text file
    // an article: the shape must be there).
    if COMMON_LABELS.binary_search(&c.label).is_ok() && article_shaped(evidence) {
        score += 2;
    }
    // The standfirst glued to the same label. Only a natural start counts in full: a line that
    // merely begins with the same capitals (`COVID-19 : …` against the label `CO`) proves little.
    let glued = evidence
        .later_lines
        .iter()
        .filter(|l| l.len() > c.label.len() && l.starts_with(c.label))
        .filter_map(|l| shape(&l[c.label.len()..]))
        .map(|s| if s.natural() { 5 } else { 1 })
        .max();
    if let Some(bonus) = glued {
        score += bonus;
        // A standfirst glued the same way proves nothing about where a number was cut
        // (`COVID-1912 vols` / `COVID-1911 gouvernements`): only the library's labels can say.
        external |= bonus == 5 && !cuts_number;
    }
    let word = first_word(c.head);
    let word_is_letter = matches!(c.shape, Shape::Letter { .. });
    if let Some(alt) = evidence.alt
        && !word.is_empty()
    {
        if first_word(alt) == word {
            // A one-letter word (`A`, `À`, `Y`) starts many lines: it takes its next word too
            // (`A Lyon` / `A Lyon`, not `A :` / `A 40 ans`) to prove anything.
            if !word_is_letter || second_word(alt) == second_word(c.head) {
                score += 4;
                external = true;
            } else {
                score += 1;
            }
        } else if !word_is_letter && alt.split_whitespace().any(|w| first_word(w) == word) {
            score += 2;
        }
    }
    (score, external)
}

/// The penalty for a headline that another candidate splits between a digit and a capital.
/// A word glued to a number (`1Bac`, `1RATP`) is never written; a single letter may be
/// (`5G`, `4K`), so it costs less.
fn glued_label_end(c: &Candidate<'_>, all: &[Candidate<'_>]) -> i32 {
    all.iter()
        .filter(|d| {
            d.at > c.at
                && d.label.ends_with(|ch: char| ch.is_ascii_digit())
                && d.head.starts_with(char::is_uppercase)
        })
        .map(|d| {
            if matches!(d.shape, Shape::Letter { .. }) {
                3
            } else {
                6
            }
        })
        .max()
        .unwrap_or(0)
}

/// Is `c`'s label (seen `n` times in the library) the start of a label seen far more often that
/// this line could also start with? A rare `LIG` is a `LIGUE 1` split wrong once (by a headline
/// starting with an acronym, `UE 1RATP`); it must not draw other files after it.
fn overshadowed(c: &Candidate<'_>, n: u32, all: &[Candidate<'_>], known: &KnownLabels) -> bool {
    n != u32::MAX
        && all.iter().any(|d| {
            d.label.len() > c.label.len()
                && d.label.starts_with(c.label)
                && known
                    .get(d.label)
                    .is_some_and(|&m| m != u32::MAX && m >= n.saturating_mul(3))
        })
}

/// What a split depends on in `known`: each label with the class of its count (seen once or
/// twice, or three times or more: what the score above tells apart), and each pair of a label
/// and a longer one that starts with it and overshadows it ([`overshadowed`]). Two maps with
/// the same signature split every line alike: the loader's live updates rely on it to look
/// again only at the files they read, when their labels did not change the signature.
pub fn known_signature(known: &KnownLabels) -> KnownSignature {
    let mut labels: Vec<(&str, u32)> = known
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(l, n)| (l.as_str(), *n))
        .collect();
    labels.sort_unstable();
    let classes = labels
        .iter()
        .map(|(l, n)| ((*l).to_owned(), u8::from(*n >= 3)))
        .collect();
    let mut shadows = Vec::new();
    for (i, (c, n)) in labels.iter().enumerate() {
        // The labels starting with `c` follow it in sorted order.
        for (d, m) in labels[i + 1..].iter().take_while(|(d, _)| d.starts_with(c)) {
            if d.len() > c.len() && *n != u32::MAX && *m != u32::MAX && *m >= n.saturating_mul(3) {
                shadows.push(((*c).to_owned(), (*d).to_owned()));
            }
        }
    }
    KnownSignature { classes, shadows }
}

/// See [`known_signature`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownSignature {
    classes: Vec<(String, u8)>,
    shadows: Vec<(String, String)>,
}

/// The most [`word_score`] adds.
const WORD_BONUS: i32 = 4;

/// Support from the article's words: its headline's first word, and the label itself (`SANTE`
/// beside `santé`), appear elsewhere in it.
fn word_score(c: &Candidate<'_>, words: &mut Words<'_>) -> i32 {
    let mut score = 0;
    let word = first_word(c.head);
    let wordlike = matches!(
        c.shape,
        Shape::Acronym | Shape::Capitalised | Shape::InnerCapital | Shape::Camel
    );
    if c.shape == Shape::Acronym {
        if words.contains_exact(word) {
            score += 3;
        }
    } else if wordlike && words.contains(word) {
        score += 2;
    }
    if !c.label.contains(' ') && words.contains(c.label) {
        score += 1;
    }
    score
}

#[cfg(test)]
mod tests;
