use super::*;

const DISPATCH: &str = "Le gouvernement a présenté mercredi un projet de loi sur l'énergie \
    qui prévoit la construction de six réacteurs nucléaires d'ici 2035. Le texte sera \
    examiné au Parlement à l'automne. Les associations écologistes dénoncent un choix \
    coûteux et risqué, tandis que les industriels saluent une décision attendue depuis des \
    années. Le ministre a défendu un investissement nécessaire pour garantir \
    l'indépendance du pays et tenir les objectifs climatiques.";

const OTHER: &str = "Le club lyonnais s'est imposé samedi soir face à Marseille au terme d'un \
    match disputé jusqu'au bout. Les supporters ont salué une victoire attendue après \
    trois défaites consécutives, et l'entraîneur a loué la solidarité de son équipe \
    dans les dernières minutes de la rencontre, avant un déplacement délicat à Lille.";

/// Day `d` of 2024, in ns.
fn day(d: i64) -> i64 {
    (1_704_067_200 + d * 86_400) * 1_000_000_000
}

fn stories(texts: &[&str], days: &[i64]) -> Vec<u32> {
    let mut sigs = Signatures::default();
    for (n, t) in texts.iter().enumerate() {
        sigs.set(n as u32, signature(t).as_ref());
    }
    let articles: Vec<Article> = days
        .iter()
        .map(|&d| Article {
            alive: true,
            date_ns: day(d),
        })
        .collect();
    let mut story: Vec<u32> = (0..texts.len() as u32).collect();
    for (m, s) in cluster(&sigs, &articles, &|a, b| a.cmp(&b)) {
        story[m as usize] = s;
    }
    story
}

#[test]
fn rewrites_reorderings_and_follow_ups_are_one_story_other_articles_are_not() {
    let rewritten = DISPATCH.replace("mercredi", "ce mercredi").replace(
        "dénoncent un choix coûteux et risqué",
        "critiquent une option chère",
    );
    let follow_up = format!(
        "{DISPATCH} Jeudi, le Premier ministre a confirmé le calendrier devant les députés, \
         et annoncé un débat public au printemps."
    );
    let reordered = {
        let mut s: Vec<&str> = DISPATCH.split(". ").collect();
        s.reverse();
        s.join(". ")
    };
    // The follow-up is the earliest: it names the story.
    let got = stories(
        &[DISPATCH, &rewritten, &follow_up, &reordered, OTHER],
        &[3, 4, 2, 5, 3],
    );
    assert_eq!(got, [2, 2, 2, 2, 4]);
}

#[test]
fn short_texts_have_no_signature_and_identical_ones_agree_everywhere() {
    assert!(signature("Trop court pour dire quoi que ce soit.").is_none());
    let a = signature(DISPATCH).unwrap();
    assert_eq!(similarity(&a, &a), 1.0);
    let b = signature(OTHER).unwrap();
    assert!(similarity(&a, &b) < 0.1, "{}", similarity(&a, &b));
    // Case, accents and punctuation do not count.
    let shouted = signature(&DISPATCH.to_uppercase().replace(['é', 'É'], "E")).unwrap();
    assert_eq!(similarity(&a, &shouted), 1.0);
    assert!(a.iter().all(|&v| v != NONE));
}

#[test]
fn near_duplicates_far_apart_in_time_are_not_linked() {
    let copy = DISPATCH.replace("six", "huit");
    assert_eq!(stories(&[DISPATCH, &copy], &[0, 10]), [0, 0]);
    assert_eq!(stories(&[DISPATCH, &copy], &[0, 400]), [0, 1]);
    // Through a follow-up in between, the story runs on.
    let between = DISPATCH.replace("2035", "2036");
    assert_eq!(
        stories(&[DISPATCH, &copy, &between], &[0, 50, 25]),
        [0, 0, 0]
    );
}

#[test]
fn removed_articles_and_articles_without_signature_stand_alone() {
    let copy = DISPATCH.replace("six", "huit");
    let mut sigs = Signatures::default();
    sigs.set(0, signature(DISPATCH).as_ref());
    sigs.set(2, signature(&copy).as_ref());
    sigs.set(3, signature(DISPATCH).as_ref());
    assert!(sigs.get(1).is_none() && sigs.get(9).is_none());
    let art = |alive| Article {
        alive,
        date_ns: day(1),
    };
    let articles = [art(true), art(true), art(true), art(false)];
    let got = cluster(&sigs, &articles, &|a, b| a.cmp(&b));
    assert_eq!(got, [(0, 0), (2, 0)]);
    sigs.set(0, None);
    assert!(sigs.get(0).is_none());
    assert!(cluster(&sigs, &articles, &|a, b| a.cmp(&b)).is_empty());
    // The tie-break names the story among articles of the same date.
    sigs.set(0, signature(DISPATCH).as_ref());
    let got = cluster(&sigs, &articles, &|a, b| b.cmp(&a));
    assert_eq!(got, [(0, 2), (2, 2)]);
}

#[test]
fn stored_signatures_round_trip_and_damage_is_seen() {
    let a = signature(DISPATCH).unwrap();
    let b = signature(OTHER).unwrap();
    let mut stored = Stored::default();
    stored.push(4, &a);
    stored.push(9, &b);
    assert!(stored.is_sound());
    let bytes = postcard::to_stdvec(&stored).unwrap();
    let back: Stored = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(back.iter().collect::<Vec<_>>(), [(4, a), (9, b)]);
    let mut short = back.clone();
    short.values.pop();
    assert!(!short.is_sound());
    let mut absent = back;
    absent.values[..2].copy_from_slice(&NONE.to_le_bytes());
    assert!(!absent.is_sound());
}

#[test]
fn a_footer_many_articles_share_does_not_make_them_one_story() {
    let footer = "Retrouvez toute l'actualité de votre région sur notre application gratuite, \
        et abonnez-vous à notre lettre d'information quotidienne pour ne rien manquer des \
        informations importantes du jour et des analyses de notre rédaction, chaque matin \
        dans votre boîte aux lettres, avec les articles les plus lus de la semaine.";
    // Sixty short articles of distinct words (a tiny PRNG over syllables), each with it.
    let syllables = [
        "ba", "ko", "ri", "mu", "te", "lo", "ni", "sa", "fe", "du", "pi", "go",
    ];
    let mut x = 7u64;
    let mut word = || {
        let mut w = String::new();
        for _ in 0..3 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            w.push_str(syllables[(x >> 60) as usize % syllables.len()]);
        }
        w
    };
    let texts: Vec<String> = (0..60)
        .map(|_| {
            let own: Vec<String> = (0..40).map(|_| word()).collect();
            format!("{} {footer}", own.join(" "))
        })
        .collect();
    let mut sigs = Signatures::default();
    for (n, t) in texts.iter().enumerate() {
        sigs.set(n as u32, signature(t).as_ref());
    }
    let articles = vec![
        Article {
            alive: true,
            date_ns: day(0),
        };
        60
    ];
    let tie = |a: u32, b: u32| a.cmp(&b);
    assert!(cluster(&sigs, &articles, &tie).is_empty());
    let counted = Tuning {
        ignore_common: false,
        ..Tuning::DEFAULT
    };
    assert!(
        cluster_with(&sigs, &articles, &tie, counted).len() > 30,
        "the footer alone would join them"
    );
    // The same dispatch printed many times over is still one story.
    let mut copies = Signatures::default();
    for n in 0..60 {
        copies.set(n, signature(&texts[0]).as_ref());
    }
    assert_eq!(cluster(&copies, &articles, &tie).len(), 60);
}

#[test]
fn the_loader_s_signature_read_from_the_index_s_words_is_signature() {
    let text = format!("{DISPATCH} « L’État\u{a0}» a-t-il dit, Œuvre ÉTATS-UNIS 2035.");
    let mut signer = Signer::default();
    let mut builder = crate::search::SegmentBuilder::new(0);
    builder.add_texts_as_with(0, [text.as_str()], |w| signer.word(w));
    assert_eq!(signer.finish(), signature(&text));
    assert!(signer.finish().is_some());
}
