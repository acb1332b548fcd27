//! The cost of one mark beside 0, 10 000 and 100 000 existing ones (issue 8: a change must cost
//! the same whatever the number of marks). Each group also measures, in the same run, the
//! baseline every append pays whatever kiosque does: a 64-byte append and fsync to a plain file
//! in the same folder. BENCHMARKS.md reports the ratios.
//!
//! The one cost that does grow with the marks is opening the state (reading every file), paid
//! once by the reader and by each `kiosque mark`: measured too, for the record.

use std::hint::black_box;
use std::io::Write;

use criterion::{Criterion, criterion_group, criterion_main};
use kiosque::state::{self, Change, Stamp, State, Store, Value};

const DEVICE: u64 = 0x1234_5678_9abc_def0;

/// A state folder holding `n` read marks (and as many stars for a tenth), compacted.
fn folder(n: u64) -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("state");
    let (mut store, _) = Store::open(root.path(), &dir, DEVICE, true).unwrap();
    let changes: Vec<Change> = (0..n)
        .flat_map(|i| {
            let stamp = Stamp {
                t: 1_764_000_000_000 + i as i64,
                n: 0,
                device: DEVICE,
            };
            let star = (i % 10 == 0).then_some(Change {
                id: i.wrapping_mul(0x9e37_79b9_7f4a_7c15),
                value: Value::Starred(true),
                stamp,
            });
            [
                Some(Change {
                    id: i.wrapping_mul(0x9e37_79b9_7f4a_7c15),
                    value: Value::Read(true),
                    stamp,
                }),
                star,
            ]
        })
        .flatten()
        .collect();
    store.append(&changes).unwrap();
    (root, dir)
}

fn bench(c: &mut Criterion) {
    for n in [0u64, 10_000, 100_000] {
        let (root, dir) = folder(n);
        let mut group = c.benchmark_group(format!("state/{n}"));
        group.sample_size(60);
        let (mut store, found) = Store::open(root.path(), &dir, DEVICE, true).unwrap();
        let mut s = State::default();
        for ch in &found.changes {
            s.apply(ch);
        }
        let mut i = 0u64;
        let size = || std::fs::metadata(dir.join(state::file_name(DEVICE))).map_or(0, |m| m.len());
        let before = size();
        let mut marks = 0u64;
        group.bench_function("mark (append + fsync)", |b| {
            b.iter(|| {
                i += 1;
                marks += 1;
                let change = s.change(
                    i,
                    Value::Read(i.is_multiple_of(2)),
                    1_764_100_000_000,
                    DEVICE,
                );
                store.append(black_box(&[change])).unwrap();
            })
        });
        let after = size();
        eprintln!(
            "state/{n}: {:.1} bytes written per mark ({marks} marks)",
            (after - before) as f64 / marks as f64
        );
        let baseline = root.path().join("baseline");
        let mut f = std::fs::File::create(&baseline).unwrap();
        group.bench_function("baseline (64-byte append + fsync)", |b| {
            b.iter(|| {
                f.write_all(black_box(&[b'x'; 64])).unwrap();
                f.sync_data().unwrap();
            })
        });
        group.sample_size(10);
        group.bench_function("open (read every mark)", |b| {
            b.iter(|| {
                let (store, found) = Store::open(root.path(), &dir, DEVICE, false).unwrap();
                black_box((store, found.changes.len()))
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
