//! Damaged and crafted library logs (issue 9): whatever the log holds, the load ends with the
//! library as the files say, clean text, no panic and no huge allocation.

use std::io::Write;

use super::tests::{copy_fixtures, events, ids, library};
use super::*;

/// The fixture library, its cold load's ids, and the path of its log.
fn cold() -> (
    tempfile::TempDir,
    Sources,
    std::path::PathBuf,
    Vec<(u64, String)>,
) {
    let (dir, lib) = copy_fixtures();
    let cache = dir.path().join("cache");
    let sources = Sources::Paths(vec![lib]);
    let want = ids(&library(events(&sources, Some(&cache), 2)).0);
    let log = cache::path_for(&cache, &sources).unwrap();
    (dir, sources, log, want)
}

/// Loads again from the damaged log, twice (the first load repairs it): the same library as
/// the files say, and nothing unclean ever sent to the reader (what it would draw at once).
/// A load that does not end within 20 s fails the test rather than hanging it.
fn check_rebuilt(dir: &tempfile::TempDir, sources: &Sources, want: &[(u64, String)]) {
    let cache = dir.path().join("cache");
    for round in 0..2 {
        let (tx, rx) = std::sync::mpsc::channel();
        let (s, c) = (sources.clone(), cache.clone());
        std::thread::spawn(move || {
            let _ = tx.send(events(&s, Some(&c), 2));
        });
        let ev = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("round {round}: the load hangs or panicked"));
        for e in &ev {
            let sent: Vec<&Entry> = match e {
                LoadEvent::Batch { entries, .. } => entries.iter().collect(),
                LoadEvent::Relabeled { updates, .. } => updates.iter().map(|u| &u.1).collect(),
                _ => Vec::new(),
            };
            for entry in sent {
                assert!(entry.is_clean(), "round {round}: sent {entry:?}");
            }
        }
        let (entries, _, _) = library(ev);
        assert_eq!(ids(&entries), want, "round {round}");
    }
}

/// A log with the good records of `log` and then `extra` appended as one framed record.
fn append_raw(log: &Path, payload: &[u8], checksum_ok: bool, claimed_len: Option<u32>) {
    let mut f = std::fs::File::options().append(true).open(log).unwrap();
    let len = claimed_len.unwrap_or(payload.len() as u32);
    let sum = (xxhash_rust::xxh3::xxh3_64(payload) & 0xffff_ffff) as u32;
    let sum = if checksum_ok { sum } else { sum ^ 1 };
    f.write_all(&len.to_le_bytes()).unwrap();
    f.write_all(&sum.to_le_bytes()).unwrap();
    f.write_all(payload).unwrap();
}

fn record_bytes(record: &Record) -> Vec<u8> {
    postcard::to_stdvec(record).unwrap()
}

#[test]
fn a_bidi_control_in_a_logged_headline_never_comes_back() {
    let (dir, sources, log, want) = cold();
    let mut article = crate::parse::parse("MONDEUn titre \u{202e}renversé\n\nCorps.", None);
    article.headline.text = "Un titre \u{202e}renversé".into();
    let entry = Entry::new(
        crate::source::Source::File("/nowhere.txt".into()),
        None,
        &article,
        crate::scan::Stamp::default(),
    );
    // A crafted batch after the good ones: it must not be taken.
    let n = ids(&library(events(&sources, None, 1)).0).len() as u32;
    let mut b = SegmentBuilder::new(n);
    b.add_texts([entry.headline.as_str()]);
    let record = Record::Batch {
        entries: vec![entry],
        segment: b.finish(),
    };
    let bytes = record_bytes(&record);
    append_raw(&log, &bytes, true, None);
    check_rebuilt(&dir, &sources, &want);
}

#[test]
fn a_huge_base_or_length_is_damage_not_a_panic_or_an_allocation() {
    let (dir, sources, log, want) = cold();
    let mut segment = SegmentBuilder::new(0).finish();
    segment.base = u32::MAX;
    segment.docs = 2;
    append_raw(&log, &record_bytes(&Record::Body(segment)), true, None);
    check_rebuilt(&dir, &sources, &want);

    let (dir, sources, log, want) = cold();
    // Claims 4 GiB; a reader that believed it would abort under a memory limit.
    append_raw(&log, b"short", true, Some(u32::MAX - 8));
    check_rebuilt(&dir, &sources, &want);
}

/// The postings' codes (issue 9: a bitmap for a frequent word): a bitmap too long, varints
/// cut short, an article past the segment's: each is damage.
#[test]
fn crafted_postings_give_a_rebuilt_index() {
    // "un" in every article (a bitmap), "mot0"… in one each (varints).
    let mut good = SegmentBuilder::new(0);
    for i in 0..40 {
        good.add_texts([format!("un mot{i}").as_str()]);
    }
    let good = good.finish();
    assert!(good.is_sound());
    let too_long = |s: &mut Segment| s.docs = 100;
    // Every byte with its continuation bit: the last varint never ends.
    let cut_short = |s: &mut Segment| s.postings_mut().iter_mut().for_each(|b| *b = 0x80);
    let past_the_end = |s: &mut Segment| s.docs = 1;
    let damages: [&dyn Fn(&mut Segment); 3] = [&too_long, &cut_short, &past_the_end];
    for damage in damages {
        let (dir, sources, log, want) = cold();
        let mut segment = good.clone();
        damage(&mut segment);
        assert!(!segment.is_sound());
        append_raw(&log, &record_bytes(&Record::Body(segment)), true, None);
        check_rebuilt(&dir, &sources, &want);
    }
}

#[test]
fn random_bytes_and_a_fifo_give_a_rebuilt_index() {
    let (dir, sources, log, want) = cold();
    let mut noise = Vec::new();
    let mut x = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        noise.push(x as u8);
    }
    append_raw(&log, &noise, true, None);
    check_rebuilt(&dir, &sources, &want);

    let (dir, sources, log, want) = cold();
    std::fs::remove_file(&log).unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&log)
            .status()
            .unwrap()
            .success()
    );
    let started = std::time::Instant::now();
    check_rebuilt(&dir, &sources, &want);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn crafted_signatures_and_stories_are_refused_without_a_panic_or_an_allocation() {
    let (dir, sources, log, want) = cold();
    // Signatures of an article far past the end (read again when the stories are found
    // again: refused there), then stories naming one: damage, the rest found again.
    let mut stored = crate::story::Stored::default();
    stored.push(u32::MAX - 1, &[7; crate::story::K]);
    append_raw(&log, &record_bytes(&Record::Signatures(stored)), true, None);
    check_rebuilt(&dir, &sources, &want);

    let (dir, sources, log, want) = cold();
    append_raw(
        &log,
        &record_bytes(&Record::Stories(vec![(0, u32::MAX)])),
        true,
        None,
    );
    check_rebuilt(&dir, &sources, &want);

    let (dir, sources, log, want) = cold();
    // Values that say "no signature" where one is claimed.
    let stored = crate::story::Stored {
        numbers: vec![0],
        values: vec![0xff; crate::story::K * 2],
    };
    append_raw(&log, &record_bytes(&Record::Signatures(stored)), true, None);
    check_rebuilt(&dir, &sources, &want);
}
