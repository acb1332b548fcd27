use super::*;

const ARTICLE: &str = "MONDELa fin du monde\n\nMONDELe standfirst ici.\nAntoine Mercier pour 20 Minutes\n\n\
Premier paragraphe, avec « une citation ».\n\nUn intertitre\n\nDeuxième paragraphe\nsur deux lignes.\n";

fn paragraphs(text: &str) -> Vec<u32> {
    let article = crate::parse::parse(text, None);
    Fingerprints::of_blocks(&article.blocks)
        .paragraphs()
        .to_vec()
}

#[test]
fn the_body_as_text_and_the_article_read_give_the_same_fingerprints() {
    let (_, start) = crate::parse::parse_header(ARTICLE, None);
    let article = crate::parse::parse(ARTICLE, None);
    let from_text = Fingerprints::of_body(&ARTICLE[start..]);
    let from_blocks = Fingerprints::of_blocks(&article.blocks);
    assert_eq!(article.blocks.len(), 3);
    assert_eq!(from_text, from_blocks);
    assert_eq!(digest_of_body(&ARTICLE[start..]), from_blocks.digest());
}

#[test]
fn odd_spacing_is_read_the_same_from_the_text_and_from_the_blocks() {
    for body in [
        "Un\tmot  et\u{a0}un autre.\n  suite   \n\n\n\u{a0}\n\nB\r\nC",
        "\n\n  \n",
        "Seul",
        "a\x0bb c\n\nd  e\te",
    ] {
        let text = format!("MONDELe titre\n\n{body}\n");
        let (_, start) = crate::parse::parse_header(&text, None);
        let article = crate::parse::parse(&text, None);
        let from_text = Fingerprints::of_body(&text[start..]);
        assert_eq!(
            from_text,
            Fingerprints::of_blocks(&article.blocks),
            "{body:?}"
        );
        assert_eq!(
            from_text.paragraphs().len(),
            article.blocks.len(),
            "{body:?}"
        );
    }
    // Words are what count: runs of spaces and tabs are one space.
    assert_eq!(
        Fingerprints::of_body("a  b\tc\nd"),
        Fingerprints::of_body("a b c d")
    );
    assert_ne!(
        Fingerprints::of_body("a b c d"),
        Fingerprints::of_body("a b\n\nc d")
    );
}

#[test]
fn spacing_wrapping_and_line_endings_are_no_change() {
    let same = [
        ARTICLE.replace('\n', "\r\n"),
        ARTICLE.replace("Deuxième paragraphe\nsur", "Deuxième paragraphe sur"),
        ARTICLE.replace("Premier paragraphe, avec", "Premier  paragraphe,\twith"),
        ARTICLE.replace("lignes.\n", "lignes.   \n\n\n"),
    ];
    let base = paragraphs(ARTICLE);
    assert_eq!(paragraphs(&same[0]), base);
    assert_eq!(paragraphs(&same[1]), base);
    assert_eq!(paragraphs(&same[3]), base);
    // A word changed is a change of that paragraph only.
    let edited = paragraphs(&same[2]);
    assert_ne!(edited[0], base[0]);
    assert_eq!(edited[1..], base[1..]);
}

#[test]
fn hex_round_trip_and_bad_hex() {
    let f = Fingerprints::new(vec![0, 1, 0xdead_beef, u32::MAX]);
    let hex = f.to_hex();
    assert_eq!(hex, "0000000000000001deadbeefffffffff");
    assert_eq!(Fingerprints::from_hex(&hex), Some(f));
    assert_eq!(
        Fingerprints::from_hex("").map(|f| f.paragraphs().len()),
        Some(0)
    );
    for bad in ["abc", "0000000g", "+0000001", "0000000000000001x", "éééé"] {
        assert_eq!(Fingerprints::from_hex(bad), None, "{bad}");
    }
    let too_many = "00000000".repeat(MAX_PARAGRAPHS + 1);
    assert_eq!(Fingerprints::from_hex(&too_many), None);
    assert!(Fingerprints::from_hex(&too_many[8..]).is_some());
}

#[test]
fn digests_tell_versions_apart_and_are_never_zero() {
    let a = Fingerprints::new(vec![1, 2, 3]);
    let b = Fingerprints::new(vec![1, 3, 2]);
    assert_ne!(a.digest(), b.digest());
    assert_ne!(Fingerprints::new(Vec::new()).digest(), 0);
    assert_eq!(a.digest(), Fingerprints::new(vec![1, 2, 3]).digest());
}

#[test]
fn a_long_body_keeps_a_bounded_count_and_still_sees_its_tail() {
    let body = |changed: Option<usize>| -> String {
        (0..MAX_PARAGRAPHS + 100)
            .map(|i| {
                if Some(i) == changed {
                    format!("Paragraphe {i} corrigé.")
                } else {
                    format!("Paragraphe {i}.")
                }
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let base = Fingerprints::of_body(&body(None));
    assert_eq!(base.paragraphs().len(), MAX_PARAGRAPHS);
    let early = Fingerprints::of_body(&body(Some(10)));
    let late = Fingerprints::of_body(&body(Some(MAX_PARAGRAPHS + 50)));
    let diff = |a: &Fingerprints, b: &Fingerprints| -> Vec<usize> {
        (0..MAX_PARAGRAPHS)
            .filter(|&i| a.paragraphs()[i] != b.paragraphs()[i])
            .collect()
    };
    assert_eq!(diff(&base, &early), vec![10]);
    assert_eq!(diff(&base, &late), vec![MAX_PARAGRAPHS - 1]);
    assert_ne!(base.digest(), late.digest());
    // Exactly the bound: nothing folded.
    let exact: String = (0..MAX_PARAGRAPHS)
        .map(|i| format!("P{i}."))
        .collect::<Vec<_>>()
        .join("\n\n");
    let f = Fingerprints::of_body(&exact);
    assert_eq!(
        f.paragraphs()[MAX_PARAGRAPHS - 1],
        xxhash_rust::xxh3::xxh3_64(format!("P{}.", MAX_PARAGRAPHS - 1).as_bytes()) as u32
    );
}
