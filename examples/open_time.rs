//! How long opening one article takes, step by step:
//! `cargo run --release --example open_time -- FILE [WIDTH] [hyphenate|justify|both]` (the last
//! argument: the `[layout]` options to lay out with; none by default).

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let width: u16 = std::env::args()
        .nth(2)
        .map_or(80, |w| w.parse().expect("a width"));
    let options = match std::env::args().nth(3).as_deref() {
        None => kiosque::layout::Options::default(),
        Some(o) => kiosque::layout::Options {
            hyphenate: matches!(o, "hyphenate" | "both"),
            justify: matches!(o, "justify" | "both"),
            ..kiosque::layout::Options::PLAIN
        },
    };
    let source = kiosque::source::Source::File(path.into());
    for _ in 0..3 {
        let t = Instant::now();
        let bytes = kiosque::source::read(&source).expect("readable");
        let t_read = t.elapsed();
        let d = kiosque::decode::decode_owned(bytes.bytes);
        let t_decode = t.elapsed();
        let a = kiosque::parse::parse(&d.text, None);
        let t_parse = t.elapsed();
        let l = kiosque::layout::layout_with(&a, a.label.as_deref(), width, options);
        let t_layout = t.elapsed();
        println!(
            "read {:.1} ms, decode {:.1} ms, parse {:.1} ms, layout {:.1} ms ({} lines): {:.1} ms",
            t_read.as_secs_f64() * 1e3,
            (t_decode - t_read).as_secs_f64() * 1e3,
            (t_parse - t_decode).as_secs_f64() * 1e3,
            (t_layout - t_parse).as_secs_f64() * 1e3,
            l.lines.len(),
            t_layout.as_secs_f64() * 1e3
        );
    }
}
