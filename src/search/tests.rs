//! The index: word starts across segments, folding, the postings' codes and their checks.

use super::*;

fn index(docs: &[&str], per_segment: usize) -> Index {
    let mut idx = Index::default();
    for (chunk_no, chunk) in docs.chunks(per_segment).enumerate() {
        let mut b = SegmentBuilder::new((chunk_no * per_segment) as u32);
        for d in chunk {
            b.add_texts([*d]);
        }
        idx.push(b.finish());
    }
    idx
}

#[test]
fn word_prefixes_across_segments() {
    let docs = [
        "La Russie et les États-Unis",
        "cybercriminalité en hausse",
        "Les États généraux",
        "rien à voir",
    ];
    for per in [1, 2, 4] {
        let idx = index(&docs, per);
        let hits = |q: &str| idx.find_text(q, docs.len()).iter().collect::<Vec<_>>();
        assert_eq!(hits("etats"), [0, 2]);
        assert_eq!(hits("etats-unis"), [0]);
        assert_eq!(hits("cyber"), [1]);
        assert_eq!(hits("CYBERCRIMINALITE"), [1]);
        assert_eq!(hits("criminalite"), Vec::<usize>::new());
        assert_eq!(hits(""), [0, 1, 2, 3]);
    }
}

#[test]
fn articles_are_indexed_by_their_folded_words() {
    let a = crate::parse::parse("MONDELa Russie\n\nLes États-Unis et l’OMS, 2024.", None);
    let mut b = SegmentBuilder::new(0);
    let texts = a.texts().map(|t| t.text.as_str());
    b.add_texts(texts.chain(["Jean Dupont"]));
    let seg = b.finish();
    let terms: Vec<&str> = (0..seg.term_count()).map(|i| seg.term(i)).collect();
    assert_eq!(
        terms,
        [
            "2024", "dupont", "et", "etats", "jean", "l", "la", "les", "oms", "russie", "unis"
        ]
    );
}

/// A deterministic pseudo-random generator (splitmix64).
fn rng(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Terms in every share of the articles, from one to all, and numbers at the edges.
fn lists(docs: u32, seed: &mut u64) -> Vec<(Box<str>, Vec<u32>)> {
    let mut out = Vec::new();
    for (t, one_in) in [1u64, 2, 3, 7, 8, 9, 16, 100, 1000, 5000, 1 << 20]
        .into_iter()
        .enumerate()
    {
        let list: Vec<u32> = (0..docs)
            .filter(|_| rng(seed).is_multiple_of(one_in))
            .collect();
        if !list.is_empty() {
            out.push((format!("t{t}").into(), list));
        }
    }
    out.push(("first".into(), vec![0]));
    out.push(("last".into(), vec![docs - 1]));
    if docs > 1 {
        out.push(("ends".into(), vec![0, docs - 1]));
    }
    out
}

#[test]
fn postings_round_trip_in_every_form() {
    let mut seed = 1;
    for docs in [1, 2, 63, 64, 65, 100, 4096, 100_000, u32::MAX / 2] {
        let want = if docs > 100_000 {
            vec![("huge".into(), vec![0, 1, 2, docs / 3, docs - 1])]
        } else {
            lists(docs, &mut seed)
        };
        let seg = Segment::from_postings(7, docs, want.clone());
        assert!(seg.is_sound(), "{docs}");
        let mut sorted = want;
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        for (i, (term, list)) in sorted.iter().enumerate() {
            assert_eq!(seg.term(i), &**term);
            assert_eq!(seg.docs_of(i).collect::<Vec<_>>(), *list, "{docs} {term}");
        }
        let back: Segment = postcard::from_bytes(&postcard::to_stdvec(&seg).unwrap()).unwrap();
        assert_eq!(back, seg);
    }
}

#[test]
fn each_word_takes_the_smallest_form() {
    let docs = 4096;
    let all: Vec<u32> = (0..docs).collect();
    let seg = Segment::from_postings(0, docs, vec![("a".into(), all)]);
    assert_eq!(seg.starts[0], postings::BITMAP);
    // The term, its end and two starts, a bit an article.
    assert_eq!(seg.heap_bytes(), 1 + 3 * 4 + 4096 / 8);
    // One article in 30 (137 of them): after the count, 4 low bits each (4096 / 137 is 29.9)
    // and 137 + 4095 / 16 high bits: 120 bytes, where varints took a byte each.
    let sparse: Vec<u32> = (0..docs).step_by(30).collect();
    let seg = Segment::from_postings(0, docs, vec![("a".into(), sparse)]);
    assert_eq!(seg.starts[0], postings::ELIAS_FANO);
    assert_eq!(
        seg.postings.len(),
        2 + (137 * 4_usize).div_ceil(8) + 392 / 8
    );
    assert!(seg.postings.len() < 137);
    // A word in two articles: two varints.
    let seg = Segment::from_postings(0, docs, vec![("a".into(), vec![5, 4000])]);
    assert_eq!(seg.starts[0], 0);
    assert_eq!(seg.postings.len(), 3);
}

/// Elias–Fano codes of every count in a small segment, and at the edges of the low bits.
#[test]
fn elias_fano_reads_back_every_shape() {
    let mut seed = 5;
    for docs in [1u32, 2, 3, 5, 8, 33, 64, 100, 1000, 4096, 70_000] {
        for count in [1u32, 2, 3, 7, 8, 9, 31, 64, 100, 999] {
            if count > docs {
                continue;
            }
            let mut list: Vec<u32> = Vec::new();
            while (list.len() as u32) < count {
                let d = (rng(&mut seed) % u64::from(docs)) as u32;
                if !list.contains(&d) {
                    list.push(d);
                }
            }
            list.sort_unstable();
            let mut code = Vec::new();
            let form = postings::put(&mut code, &list, docs);
            assert!(postings::check(&code, form, docs), "{docs} {count}");
            let back: Vec<u32> = postings::Docs::new(&code, form, docs).collect();
            assert_eq!(back, list, "{docs} {count} {form:?}");
            // The same numbers forced into Elias–Fano read back too.
            let mut forced = Vec::new();
            postings::put_elias_fano(&mut forced, &list, docs);
            assert!(postings::check(&forced, postings::Form::EliasFano, docs));
            let back: Vec<u32> =
                postings::Docs::new(&forced, postings::Form::EliasFano, docs).collect();
            assert_eq!(back, list, "{docs} {count}");
        }
    }
}

/// A look-up reads a term with `fold` (`for_each`); it must give what `next` would, from any
/// number on (a low part may start mid-byte).
#[test]
fn fold_after_next_reads_the_rest() {
    let docs = 5000;
    let list: Vec<u32> = (0..docs).filter(|d| d % 7 == 3 || d % 11 == 0).collect();
    for form in [postings::Form::EliasFano, postings::Form::Varints] {
        let mut code = Vec::new();
        if form == postings::Form::EliasFano {
            postings::put_elias_fano(&mut code, &list, docs);
        } else {
            assert_eq!(postings::put(&mut code, &list, 1 << 20), form);
        }
        for skip in [0, 1, 2, 3, 7, 8, 63, 64, 65, list.len() - 1, list.len()] {
            let mut read = postings::Docs::new(&code, form, docs);
            let first: Vec<u32> = read.by_ref().take(skip).collect();
            let mut rest = Vec::new();
            read.for_each(|d| rest.push(d));
            assert_eq!(first, list[..skip], "{form:?} {skip}");
            assert_eq!(rest, list[skip..], "{form:?} {skip}");
        }
    }
}

/// Every bit of Elias–Fano codes flipped in turn, every byte cut off: `check` never panics,
/// and a code it passes reads as increasing numbers within the segment.
#[test]
fn damaged_elias_fano_is_refused_or_stays_within_the_segment() {
    let mut seed = 9;
    for (docs, every) in [(300u32, 5u64), (4096, 40), (77, 2)] {
        let list: Vec<u32> = (0..docs)
            .filter(|_| rng(&mut seed).is_multiple_of(every))
            .collect();
        let mut code = Vec::new();
        postings::put_elias_fano(&mut code, &list, docs);
        assert!(postings::check(&code, postings::Form::EliasFano, docs));
        // Where the high bits start: after the count (a byte here) and the low bits.
        let count = list.len();
        assert!(count < 128);
        let low = (docs as usize / count).ilog2() as usize;
        let highs = 8 * (1 + (count * low).div_ceil(8));
        for at in 0..code.len() * 8 {
            let mut bad = code.clone();
            bad[at / 8] ^= 1 << (at % 8);
            if postings::check(&bad, postings::Form::EliasFano, docs) {
                // Only a low bit can change alone and still read as increasing numbers.
                assert!(at >= 8 && at < highs, "bit {at}");
                let back: Vec<u32> =
                    postings::Docs::new(&bad, postings::Form::EliasFano, docs).collect();
                assert_eq!(back.len(), count);
                assert!(back.windows(2).all(|w| w[0] < w[1]), "bit {at}");
                assert!(back.iter().all(|&d| d < docs), "bit {at}");
            }
        }
        for len in 0..code.len() {
            assert!(!postings::check(
                &code[..len],
                postings::Form::EliasFano,
                docs
            ));
        }
        let mut longer = code.clone();
        longer.push(0);
        assert!(!postings::check(&longer, postings::Form::EliasFano, docs));
        // A count past the segment's size, or none, or a huge one.
        for count in [0u32, docs + 1, u32::MAX] {
            let mut bad = Vec::new();
            postings::put_varint(&mut bad, count);
            bad.extend_from_slice(&code[1..]);
            assert!(!postings::check(&bad, postings::Form::EliasFano, docs));
            if count == 0 || count > docs {
                // Read anyway, it gives nothing.
                let mut read = postings::Docs::new(&bad, postings::Form::EliasFano, docs);
                assert_eq!(read.next(), None);
            }
        }
    }
}

/// Every byte of a segment's postings damaged in turn: `is_sound` never panics, and a segment
/// it passes gives only article numbers within the segment.
#[test]
fn damaged_postings_are_refused_or_stay_within_the_segment() {
    let mut seed = 3;
    let docs = 300;
    let seg = Segment::from_postings(0, docs, lists(docs, &mut seed));
    assert!(seg.is_sound());
    for at in 0..seg.postings.len() {
        for flip in [0x01, 0x10, 0x80, 0xff] {
            let mut bad = seg.clone();
            bad.postings[at] ^= flip;
            if bad.is_sound() {
                for i in 0..bad.term_count() {
                    assert!(bad.docs_of(i).all(|d| d < docs));
                }
            }
        }
    }
    for i in 0..seg.starts.len() {
        for flip in [1, 0x100, postings::BITMAP, postings::ELIAS_FANO] {
            let mut bad = seg.clone();
            bad.starts[i] ^= flip;
            if bad.is_sound() {
                for i in 0..bad.term_count() {
                    assert!(bad.docs_of(i).all(|d| d < docs), "start {i} ^ {flip:#x}");
                }
            }
        }
    }
    // A bitmap a byte short, or with an article past the segment's end; starts out of order.
    let eight = Segment::from_postings(0, 7, vec![("a".into(), (0..7).collect())]);
    assert!(eight.is_sound());
    let mut bad = eight.clone();
    bad.postings[0] |= 0x80;
    assert!(!bad.is_sound());
    let mut bad = eight.clone();
    bad.docs = 15;
    assert!(!bad.is_sound());
    let mut bad = seg.clone();
    bad.starts.swap(1, 2);
    assert!(!bad.is_sound());
    let mut bad = seg.clone();
    bad.starts[1] = 1 << 29;
    assert!(!bad.is_sound());
    // A start naming two forms at once.
    let mut bad = seg.clone();
    bad.starts[0] |= postings::FORM;
    assert!(!bad.is_sound());
}

#[test]
fn varints_round_trip() {
    let mut v = Vec::new();
    for n in [0, 1, 127, 128, 300, u32::MAX] {
        postings::put_varint(&mut v, n);
    }
    let mut b = &v[..];
    for n in [0, 1, 127, 128, 300, u32::MAX] {
        assert_eq!(postings::take_varint(&mut b), n);
    }
    assert!(b.is_empty());
}
