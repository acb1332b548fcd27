//! Drawing the reader's lists costs what is visible: a 120×40 frame of a library of 100 000
//! articles against the same frame of a library of 40 (the baseline, in the same run).
//! BENCHMARKS.md reports the ratio.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kiosque::action::Action;
use kiosque::app::App;
use kiosque::article::{Article, Text};
use kiosque::library::Entry;
use kiosque::loader::{Load, LoadEvent};
use kiosque::scan::Stamp;
use kiosque::search::SegmentBuilder;
use kiosque::source::Source;
use kiosque::state::State;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// An app holding `n` articles in 24 sections, as the loader would send them.
fn app(n: u32) -> App {
    let mut app = App::new(State::default(), (120, 40));
    let mut entries = Vec::new();
    for i in 0..n {
        let article = Article {
            label: Some(format!("SECTION {}", i % 24)),
            headline: Text::plain(format!(
                "Titre numéro {i} : la réforme des retraites en débat"
            )),
            bylines: vec!["Jeanne Martin pour 20 Minutes".into()],
            ..Article::default()
        };
        let stamp = Stamp {
            size: 4000,
            mtime_ns: i64::from(i) * 1_000_000_000,
            ..Stamp::default()
        };
        let mut e = Entry::new(
            Source::File(format!("/lib/{i}.txt").into()),
            None,
            &article,
            stamp,
        );
        e.id = u64::from(i);
        entries.push(e);
    }
    let mut b = SegmentBuilder::new(0);
    for e in &entries {
        b.add_texts([e.headline.as_str()]);
    }
    for event in [
        LoadEvent::Started {
            files: n as usize,
            problems: Vec::new(),
        },
        LoadEvent::Batch {
            entries,
            segment: b.finish(),
            problems: Vec::new(),
        },
        LoadEvent::Done,
    ] {
        app.update(Action::Load(Load {
            generation: 0,
            event,
        }));
    }
    app.refresh();
    app
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("frame 120x40");
    for n in [40u32, 100_000] {
        let mut a = app(n);
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let name = if n == 40 {
            "baseline: a library of 40".to_owned()
        } else {
            format!("a library of {n}")
        };
        g.bench_function(name, |b| {
            b.iter(|| {
                // A key, then the frame: what a keystroke costs the UI thread.
                a.update(Action::Down);
                t.draw(|f| kiosque::ui::render(f, black_box(&a))).unwrap();
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
