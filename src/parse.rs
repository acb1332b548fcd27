//! Parsing the stored-article format (SPEC §3) from cleaned text into an [`Article`].
//!
//! ```text
//! LABELHeadline              ← label::split finds where the label ends
//!
//! Alternate headline         ← optional: one line, unglued, before the standfirst
//!
//! LABELStandfirst            ← optional: glued to the same label
//! Byline                     ← optional, may repeat; a repeated line is one byline
//!
//! Body blocks                ← paragraphs; short lines without final punctuation are intertitles
//! ```
//!
//! A file whose first line carries no label is plain text: its first non-empty line is the
//! headline and the rest is body. Parsing never fails; what is odd becomes a warning.

use crate::article::{Article, Block, BlockKind, Text};
use crate::byline::is_byline;
use crate::fold;
use crate::label::{self, Evidence, KnownLabels};

/// How many lines after the first may hold the header (alternate headline, standfirst, bylines).
const HEADER_LINES: usize = 12;
/// How many blocks after the first may hold the header.
const HEADER_BLOCKS: usize = 4;
/// An intertitle is at most this many characters…
const INTERTITLE_MAX_CHARS: usize = 100;
/// …and this many words.
const INTERTITLE_MAX_WORDS: usize = 15;
/// An alternate headline is at most this many characters.
const ALT_MAX_CHARS: usize = 300;

/// Parses cleaned article text, quotations included. `known` holds labels seen in the other
/// files of the library.
pub fn parse(text: &str, known: Option<&KnownLabels>) -> Article {
    let mut article = parse_structure(text, known);
    find_quotes(&mut article);
    article
}

/// Parses the structure only, without looking for quotations.
pub fn parse_structure(text: &str, known: Option<&KnownLabels>) -> Article {
    let (mut article, body_start) = parse_header(text, known);
    article.blocks = body(&blocks(&text[body_start..]));
    article.body_hash = body_hash(&text[body_start..]);
    article
}

/// How many blocks after the first line are read to find the header.
const HEADER_READ: usize = HEADER_BLOCKS + 3;

/// Parses the header only (label, headline, alternate headline, standfirst, bylines): the
/// article without its blocks, and the byte offset where the body starts. The body is not even
/// split into lines: what the library's list needs costs the same for a long article as for a
/// short one.
pub fn parse_header(text: &str, known: Option<&KnownLabels>) -> (Article, usize) {
    let mut pos = 0;
    let Some(first_block) = next_block(text, &mut pos) else {
        let article = Article {
            warnings: vec!["the file holds no text".into()],
            ..Article::default()
        };
        return (article, text.len());
    };
    let first = first_block.lines[0];
    // The first block's other lines come next, as a block of their own.
    let mut after: Vec<Lines<'_>> = Vec::with_capacity(HEADER_READ + 1);
    if first_block.lines.len() > 1 {
        after.push(Lines {
            start: offset_in(text, first_block.lines[1]),
            lines: first_block.lines[1..].to_vec(),
        });
    }
    while after.len() < HEADER_READ
        && let Some(b) = next_block(text, &mut pos)
    {
        after.push(b);
    }
    let lines: Vec<Vec<&str>> = after.iter().map(|b| b.lines.clone()).collect();
    // The standfirst, if any, is in the first few blocks; the body is no evidence.
    let later_lines: Vec<&str> = lines
        .iter()
        .take(HEADER_BLOCKS)
        .flatten()
        .copied()
        .take(HEADER_LINES)
        .collect();
    let alt_candidate = lines.first().filter(|b| b.len() == 1).map(|b| b[0]);
    let rest_start = offset_in(text, first) + first.len();
    let evidence = Evidence {
        later_lines: &later_lines,
        alt: alt_candidate,
        rest: &text[rest_start.min(text.len())..],
        known,
    };
    let (article, header_blocks) = match label::split(first, &evidence) {
        Some(split) => {
            let label = &first[..split.at];
            let (mut article, n) = structured(label, &first[split.at..], &lines);
            article.label_uncertain = !split.confident;
            (article, n)
        }
        None => (plain(first), 0),
    };
    // The body starts at the first block that is not header (or after all those read).
    let body_start = after.get(header_blocks).map_or(pos, |b| b.start);
    (article, body_start)
}

/// The byte offset of `part`, a slice of `text`, in `text`.
fn offset_in(text: &str, part: &str) -> usize {
    // Both are views of one string: the difference of their addresses is the offset.
    (part.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len())
}

/// A block of non-blank lines (trimmed), and where it starts in the text.
struct Lines<'a> {
    start: usize,
    lines: Vec<&'a str>,
}

/// The next block of `text` from byte `pos` on (blank lines skipped); `pos` moves past it.
fn next_block<'a>(text: &'a str, pos: &mut usize) -> Option<Lines<'a>> {
    let mut lines = Vec::new();
    let mut start = None;
    while *pos < text.len() {
        let rest = &text[*pos..];
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = rest[..end].trim();
        let at = *pos;
        if line.is_empty() {
            if !lines.is_empty() {
                break;
            }
        } else {
            start.get_or_insert(at);
            lines.push(line);
        }
        *pos += end;
    }
    start.map(|start| Lines { start, lines })
}

/// The hash of a body: of its cleaned text from where the body starts, as it is (the listing
/// and the full parse both hash it this way, so ids agree).
pub fn body_hash(body: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(body.as_bytes())
}

/// Parses again an article whose label is already known (from its library entry), so that
/// opening it gives exactly the article that was listed, whatever labels the library holds now.
pub fn parse_with_label(text: &str, label: Option<&str>) -> Article {
    let Some(label) = label else {
        return parse(text, None);
    };
    let known: KnownLabels = [(label.to_owned(), u32::MAX)].into_iter().collect();
    parse(text, Some(&known))
}

/// Splits text into blocks of non-blank lines, each line trimmed.
fn blocks(text: &str) -> Vec<Vec<&str>> {
    let mut pos = 0;
    std::iter::from_fn(|| next_block(text, &mut pos))
        .map(|b| b.lines)
        .collect()
}

/// A plain text file: first line headline (a Markdown heading marker dropped), the rest body.
fn plain(first: &str) -> Article {
    let headline = strip_heading_marker(first);
    Article {
        headline: Text::plain(headline.to_owned()),
        ..Article::default()
    }
}

fn strip_heading_marker(line: &str) -> &str {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        line[hashes..].trim_start()
    } else {
        line
    }
}

/// A file in the stored format, its label already split off the headline: the article without
/// its body, and how many of the blocks `after` the first line are header.
fn structured(label: &str, headline: &str, after: &[Vec<&str>]) -> (Article, usize) {
    let header_end = after.len().min(HEADER_BLOCKS + 2);
    let standfirst_at = after[..header_end]
        .iter()
        .position(|b| glued_remainder(label, b[0]).is_some());

    let mut alt: Option<&str> = None;
    let mut standfirst: Option<String> = None;
    let mut bylines: Vec<String> = Vec::new();
    let mut i = 0;
    while i < header_end {
        let block = &after[i];
        if standfirst.is_none()
            && let Some(sf) = glued_remainder(label, block[0])
        {
            // Lines right under the standfirst are bylines; a long sentence there is the
            // standfirst running on.
            let mut sf = sf.to_owned();
            for line in &block[1..] {
                if line.chars().count() <= 150 && !line.ends_with('.') {
                    push_byline(&mut bylines, line);
                } else {
                    sf.push('\n');
                    sf.push_str(line);
                }
            }
            standfirst = Some(sf);
        } else if alt.is_none()
            && standfirst.is_none()
            && bylines.is_empty()
            && block.len() == 1
            && (standfirst_at.is_some_and(|s| s > i) || looks_like_alt(block[0], headline))
        {
            alt = Some(block[0]);
        } else if block
            .iter()
            .all(|l| is_byline(l) || bylines.iter().any(|b| same_byline(b, l)))
            && (standfirst.is_some() || standfirst_at.is_none())
        {
            for line in block {
                push_byline(&mut bylines, line);
            }
        } else {
            break;
        }
        i += 1;
    }
    let article = Article {
        label: Some(label.to_owned()),
        headline: Text::plain(headline.to_owned()),
        alt_headline: alt.map(|a| Text::plain(a.to_owned())),
        standfirst: standfirst.map(Text::plain),
        bylines,
        ..Article::default()
    };
    (article, i)
}

/// The rest of `line` when it starts with `label` glued to a plausible start of text.
fn glued_remainder<'a>(label: &str, line: &'a str) -> Option<&'a str> {
    let rest = line.strip_prefix(label)?;
    let first = rest.chars().next()?;
    (!first.is_whitespace() && !first.is_lowercase()
        || rest.chars().skip(1).any(char::is_uppercase))
    .then_some(rest)
}

/// Could `line`, alone in its block after the headline, be the alternate headline rather than
/// the first paragraph? Headlines carry no final full stop; a line that does still counts when
/// it shares words with the headline.
fn looks_like_alt(line: &str, headline: &str) -> bool {
    let chars = line.chars().count();
    if !(8..=ALT_MAX_CHARS).contains(&chars) || is_byline(line) {
        return false;
    }
    let ends_sentence = line.ends_with(['.', '…', ':', ';', ',']);
    // A headline is one sentence: a full stop followed by more text means a paragraph.
    let sentences = line
        .match_indices(". ")
        .filter(|(i, _)| line[i + 2..].starts_with(char::is_uppercase))
        .count();
    sentences == 0 && (!ends_sentence || shared_words(line, headline) >= 3)
}

fn shared_words(a: &str, b: &str) -> usize {
    let (fa, fb) = (fold::fold(a), fold::fold(b));
    let wb: Vec<&str> = fold::words(&fb).filter(|w| w.len() > 3).collect();
    fold::words(&fa)
        .filter(|w| w.len() > 3 && wb.contains(w))
        .count()
}

fn same_byline(a: &str, b: &str) -> bool {
    let norm = |s: &str| fold::fold(&s.split_whitespace().collect::<Vec<_>>().join(" "));
    norm(a) == norm(b)
}

fn push_byline(bylines: &mut Vec<String>, line: &str) {
    if !bylines.iter().any(|b| same_byline(b, line)) {
        bylines.push(line.to_owned());
    }
}

/// The blocks of a body given as text (blocks separated by blank lines), without their
/// quotations: what other formats' bodies become ([`crate::format`]).
pub fn body_blocks(text: &str) -> Vec<Block> {
    body(&blocks(text))
}

/// Body blocks: paragraphs and intertitles.
fn body(blocks: &[Vec<&str>]) -> Vec<Block> {
    blocks
        .iter()
        .map(|lines| {
            let kind = if lines.len() == 1 && is_intertitle(lines[0]) {
                BlockKind::Intertitle
            } else {
                BlockKind::Paragraph
            };
            Block {
                kind,
                text: Text::plain(lines.join("\n")),
            }
        })
        .collect()
}

/// Finds the quotations of every text. A quotation left open at a paragraph's end continues
/// into the next paragraph when that one reopens with a quotation mark; headline, alternate
/// headline, standfirst and intertitles stand alone.
pub fn find_quotes(article: &mut Article) {
    for t in [
        Some(&mut article.headline),
        article.alt_headline.as_mut(),
        article.standfirst.as_mut(),
    ]
    .into_iter()
    .flatten()
    {
        t.quotes = crate::quote::find(&t.text, false).quotes;
    }
    let mut open = false;
    for block in &mut article.blocks {
        let paragraph = block.kind == BlockKind::Paragraph;
        let scan = crate::quote::find(&block.text.text, open && paragraph);
        block.text.quotes = scan.quotes;
        open = scan.open_at_end && paragraph;
    }
}

/// A short line without final punctuation (looking inside closing quotation marks).
pub fn is_intertitle(line: &str) -> bool {
    let chars = line.chars().count();
    if chars > INTERTITLE_MAX_CHARS
        || line.split_whitespace().count() > INTERTITLE_MAX_WORDS
        || !line.chars().any(char::is_alphabetic)
    {
        return false;
    }
    let core = line.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '»' | '”' | '"' | '“' | '›' | ')' | ']' | '’' | '\'')
    });
    !core.ends_with(['.', '!', '?', '…', ':', ';', ','])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../seeds/000_2e7dbad873d5f945.txt");

    #[test]
    fn seed_parses_exactly() {
        let a = parse(SEED, None);
        assert_eq!(a.label.as_deref(), Some("CYBERCRIMINALITE"));
        assert_eq!(
            a.headline.text,
            "La Russie et les États-Unis vont lutter ensemble contre la cybercriminalité"
        );
        assert_eq!(
            a.alt_headline.as_ref().map(|t| t.text.as_str()),
            Some(
                "La Russie et les États-Unis acceptent de collaborer pour lutter contre la cybercriminalité"
            )
        );
        assert_eq!(
            a.standfirst.as_ref().map(|t| t.text.as_str()),
            Some(
                "Le FSB collaborera avec les autorités américaines sur une série de dossiers liés à la cybersécurité"
            )
        );
        assert_eq!(a.bylines, ["Etienne Froment pour 20 Minutes"]);
        let kinds: Vec<_> = a.blocks.iter().map(|b| b.kind).collect();
        use BlockKind::*;
        assert_eq!(
            kinds,
            [Paragraph, Paragraph, Intertitle, Paragraph, Paragraph]
        );
        assert_eq!(a.blocks[2].text.text, "Un mariage de convenance");
        let quotes: Vec<_> = a.quotes().collect();
        assert_eq!(
            quotes,
            [
                "« Nous collaborerons avec les Etats-Unis mais espérons de la réciprocité »",
                "« La situation en Europe est explosive, elle requiert une désescalade »",
                "« être prêt à avancer dans cette direction. »",
            ]
        );
        assert!(a.warnings.is_empty());
        assert!(!a.label_uncertain);
    }

    #[test]
    fn minimal_article_without_optional_parts() {
        let a = parse(
            "MONDELa guerre continue\n\nLes combats ont repris ce matin.\n",
            None,
        );
        assert_eq!(a.label.as_deref(), Some("MONDE"));
        assert!(a.alt_headline.is_none() && a.standfirst.is_none() && a.bylines.is_empty());
        assert_eq!(a.blocks.len(), 1);
    }

    #[test]
    fn byline_without_standfirst() {
        let a = parse(
            "SPORTLe PSG gagne\n\nJean Dupont avec AFP\n\nLe club a gagné hier soir.",
            None,
        );
        assert!(a.alt_headline.is_none());
        assert_eq!(a.bylines, ["Jean Dupont avec AFP"]);
    }

    #[test]
    fn plain_text_file() {
        let a = parse("# My notes\n\nFirst paragraph.\n\nSecond one.", None);
        assert_eq!(a.label, None);
        assert_eq!(a.headline.text, "My notes");
        assert_eq!(a.blocks.len(), 2);
    }

    #[test]
    fn empty_file_is_an_article_with_a_warning() {
        let a = parse("  \n\n", None);
        assert_eq!(a.headline.text, "");
        assert_eq!(a.warnings.len(), 1);
    }

    #[test]
    fn continued_quotation_over_paragraphs() {
        let a = parse(
            "MONDELa fin\n\n« Nous irons loin.\n\n« Et plus loin encore. »\n\nFin.",
            None,
        );
        assert_eq!(
            a.quotes().collect::<Vec<_>>(),
            ["« Nous irons loin.", "« Et plus loin encore. »"]
        );
        assert!(a.blocks[1].text.quotes[0].continuation);
    }

    /// The header-only parse agrees with the full parse, and the body hash computed from the
    /// raw body agrees with the one computed from parsed blocks, on every fixture.
    #[test]
    fn header_parse_agrees_with_the_full_parse() {
        let mut texts = vec![
            SEED.to_owned(),
            "  \n\n".to_owned(),
            "# Title\nsecond line\n\npara".to_owned(),
        ];
        for dir in ["tests/fixtures/library", "tests/fixtures/holdout/library"] {
            for f in crate::scan::scan(&[dir.into()]).files {
                texts.push(crate::decode::decode(&std::fs::read(&f.path).unwrap()).text);
            }
        }
        for text in &texts {
            let full = parse(text, None);
            let (head, start) = parse_header(text, None);
            assert_eq!(head.label, full.label, "{text:.60}");
            assert_eq!(head.headline.text, full.headline.text);
            let text_of = |t: &Option<Text>| t.as_ref().map(|t| t.text.clone());
            assert_eq!(text_of(&head.alt_headline), text_of(&full.alt_headline));
            assert_eq!(text_of(&head.standfirst), text_of(&full.standfirst));
            assert_eq!(head.bylines, full.bylines);
            assert_eq!(body_hash(&text[start..]), full.body_hash, "{text:.60}");
        }
    }

    #[test]
    fn intertitles() {
        assert!(is_intertitle("Un mariage de convenance"));
        assert!(is_intertitle("« Une aubaine »"));
        assert!(!is_intertitle("« Nous irons. »"));
        assert!(!is_intertitle("Pourquoi maintenant ?"));
        assert!(!is_intertitle("C’est fini."));
    }
}
