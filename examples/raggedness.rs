//! How ragged the right edge is with and without French hyphenation, and what hyphenation
//! costs: `cargo run --release --example raggedness [-- DIR...]` (default: the fixture library
//! `tests/fixtures/library` and the seed). `-- --show FILE WIDTH` prints one article laid out
//! hyphenated and justified instead; `-- --lang DIR...` says which articles are taken for
//! French.
//!
//! Raggedness is the cost optimal fit minimises: the sum, over every line of running text
//! (standfirst and paragraphs) but the last of each paragraph, of the square of the columns
//! left empty at the line's end. Lines, paragraphs and articles are those of the layout the
//! reader shows at that width. The time is that of `layout_with` over the whole set, the best
//! of several rounds, with and without hyphenation in the same run.

use std::path::{Path, PathBuf};
use std::time::Instant;

use kiosque::article::Article;
use kiosque::layout::{self, Layout, Options, Role};

const SEED: &str = include_str!("../seeds/000_2e7dbad873d5f945.txt");
const WIDTHS: [u16; 2] = [36, 60];
const ROUNDS: usize = 30;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--show") {
        let (Some(file), Some(width)) = (args.get(1), args.get(2)) else {
            eprintln!("usage: raggedness --show FILE WIDTH");
            std::process::exit(2);
        };
        let a = read(Path::new(file));
        let width = width.parse().unwrap_or(60);
        let options = Options {
            hyphenate: true,
            justify: true,
            ..Options::PLAIN
        };
        let l = layout::layout_with(&a, a.label.as_deref(), width, options);
        print!(
            "{}",
            kiosque::commands::show::render(&l, &kiosque::theme::Theme::default(), false)
        );
        return;
    }
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let dirs: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from("tests/fixtures/library")]
    } else {
        paths.into_iter().map(PathBuf::from).collect()
    };
    let mut files = Vec::new();
    for d in &dirs {
        walk(d, &mut files);
    }
    files.sort();
    let mut articles: Vec<Article> = files.iter().map(|p| read(p)).collect();
    if args.first().map(String::as_str) == Some("--lang") {
        for (p, a) in files.iter().zip(&articles) {
            let french = layout::lang::is_french(a);
            println!("{}\t{}", if french { "fr" } else { "-" }, p.display());
        }
        return;
    }
    articles.push(kiosque::parse::parse(SEED, None));
    let french = articles
        .iter()
        .filter(|a| layout::lang::is_french(a))
        .count();
    println!(
        "{} articles ({} French, hyphenated; {} not)",
        articles.len(),
        french,
        articles.len() - french
    );
    println!();
    println!(
        "| measure | hyphenation | lines | raggedness (Σ gap²) | French only | mean gap | lines ending in a hyphen | most in a row | layout time |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for width in WIDTHS {
        let mut base = None;
        for hyphenate in [false, true] {
            let options = Options {
                hyphenate,
                justify: false,
                ..Options::PLAIN
            };
            let mut r = Ragged::default();
            let mut fr = Ragged::default();
            for a in &articles {
                let l = layout::layout_with(a, None, width, options);
                r.add(&l, usize::from(width));
                if layout::lang::is_french(a) {
                    fr.add(&l, usize::from(width));
                }
            }
            let time = best_time(&articles, width, options);
            let base_time = *base.get_or_insert(time);
            println!(
                "| {width} | {} | {} | {} | {} | {:.2} | {} ({:.1} %) | {} | {:.2} ms (× {:.2}) |",
                if hyphenate { "on" } else { "off" },
                r.lines,
                r.squares,
                fr.squares,
                r.gaps as f64 / r.lines.max(1) as f64,
                r.hyphens,
                100.0 * r.hyphens as f64 / r.lines.max(1) as f64,
                r.run,
                time * 1e3,
                time / base_time
            );
        }
    }
}

/// Raggedness of the running text of laid-out articles.
#[derive(Default)]
struct Ragged {
    /// Lines counted (running text, not the last of a paragraph).
    lines: usize,
    /// Σ gap².
    squares: usize,
    /// Σ gap.
    gaps: usize,
    /// Lines ending with an inserted hyphen.
    hyphens: usize,
    /// The most lines in a row ending with one (French usage: no more than 3).
    run: usize,
}

impl Ragged {
    fn add(&mut self, l: &Layout, measure: usize) {
        let running: Vec<_> = l
            .lines
            .iter()
            .filter(|line| {
                line.pieces
                    .first()
                    .is_some_and(|p| matches!(p.role, Role::Body | Role::Standfirst))
            })
            .collect();
        let mut run = 0;
        for pair in running.windows(2) {
            // A line followed by one of the same paragraph is not its paragraph's last.
            if pair[0].anchor.part != pair[1].anchor.part {
                run = 0;
                continue;
            }
            let text = pair[0].text();
            let gap = measure.saturating_sub(kiosque::width::width(&text));
            self.lines += 1;
            self.squares += gap * gap;
            self.gaps += gap;
            // A line that ends with `-` and whose next line starts inside a word: the hyphen
            // was put there by the layout.
            if text.ends_with('-') && pair[1].anchor.offset > pair[0].anchor.offset {
                let next = pair[1].text();
                let starts_word = next.chars().next().is_some_and(char::is_alphabetic);
                let before = text.chars().rev().nth(1).is_some_and(char::is_alphabetic);
                if starts_word && before {
                    self.hyphens += 1;
                    run += 1;
                    self.run = self.run.max(run);
                    continue;
                }
            }
            run = 0;
        }
    }
}

/// The best time of [`ROUNDS`] layouts of every article.
fn best_time(articles: &[Article], width: u16, options: Options) -> f64 {
    (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            for a in articles {
                std::hint::black_box(layout::layout_with(a, None, width, options));
            }
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn read(p: &Path) -> Article {
    let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    kiosque::parse::parse(&kiosque::decode::decode(&bytes).text, None)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}
