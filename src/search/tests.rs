//! The index: word starts across segments, folding, varints.

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

#[test]
fn varints_round_trip() {
    let mut v = Vec::new();
    for n in [0, 1, 127, 128, 300, u32::MAX] {
        put_varint(&mut v, n);
    }
    let mut b = &v[..];
    for n in [0, 1, 127, 128, 300, u32::MAX] {
        assert_eq!(take_varint(&mut b), n);
    }
    assert!(b.is_empty());
}
