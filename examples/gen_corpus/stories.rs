//! Planted stories (`--stories SHARE`), the truth a story detector is measured against.
//!
//! Article `i` is, with probability `SHARE`, a *variant* of an earlier article (drawn among the
//! `REACH` before it, itself perhaps a variant: stories grow by chains) and dated 1 hour to 3
//! days after it. Its story is the story of that article. What a variant does to its base:
//!
//! - `headline`: a new headline (and standfirst, byline), the same body;
//! - `rewrite`: about a third of the paragraphs written anew;
//! - `reorder`: the sentences of each paragraph shuffled, two paragraphs swapped;
//! - `edit`: about one word in ten replaced, one in thirty dropped;
//! - `follow-up`: one to four new paragraphs first (and sometimes one or two at the end);
//! - `cut`: the first half to two thirds of the body only;
//! - `mixed`: a rewrite, an edit and a new first paragraph at once.
//!
//! Each variant has a new headline except some edits, and a quarter move to another section
//! (the same event in two sections). The other articles are *originals*, each its own story;
//! `TOPIC_SHARE` of them are written in the small vocabulary of a topic (40 nouns, 15
//! adjectives, 15 verbs) shared with a few other originals of the same days: distinct
//! stories that share most of their words, the hard case for a detector. And `FOOTER_SHARE` of
//! all articles end with one of a few stock paragraphs (an app to download, a helpline), as
//! saved web pages do: text shared by hundreds of distinct stories, which must not join them.

use super::*;

const SALT: u64 = 0x5703_1e5a_17ed_0001;
/// A variant's base is one of the articles this far back at most.
const REACH: u64 = 150;
/// Originals written in a topic's words.
const TOPIC_SHARE: f64 = 0.3;
/// Topics live for this many articles, this many at a time.
const TOPIC_SPAN: u64 = 400;
const TOPICS_AT_ONCE: u64 = 6;

/// Articles ending with a stock paragraph.
const FOOTER_SHARE: f64 = 0.15;
const FOOTERS: &[&str] = &[
    "Retrouvez toute l’actualité de votre région et de la France sur notre application, \
     disponible gratuitement sur iOS et Android, et abonnez-vous à notre lettre d’information \
     quotidienne pour ne rien manquer des informations importantes du jour et des analyses de \
     notre rédaction. Chaque matin, nos journalistes sélectionnent pour vous les articles les \
     plus lus, les enquêtes exclusives et les reportages de nos correspondants partout dans le \
     pays, ainsi que les vidéos et les podcasts de la semaine. L’inscription est gratuite et \
     vous pouvez vous désabonner à tout moment depuis votre espace personnel.",
    "Cet article a été rédigé avec l’aide de nos correspondants et des agences de presse. Il \
     est susceptible d’être mis à jour au fil de la journée en fonction des nouvelles \
     informations dont nous disposerons. N’hésitez pas à nous signaler une erreur ou un oubli \
     en écrivant à notre rédaction, qui s’engage à vous répondre dans les meilleurs délais et \
     à publier un rectificatif lorsque cela est nécessaire, conformément à notre charte \
     déontologique consultable sur notre site internet dans la rubrique consacrée à nos \
     engagements envers les lecteurs.",
    "Si vous ou l’un de vos proches êtes concernés par ce sujet, vous pouvez contacter le \
     numéro d’écoute gratuit et anonyme, joignable tous les jours de la semaine, ou consulter \
     la liste des associations d’aide aux victimes sur le site du ministère. Des permanences \
     sont également organisées dans la plupart des départements, où des professionnels formés \
     vous accueillent sans rendez-vous pour vous écouter, vous conseiller et vous accompagner \
     dans vos démarches administratives et judiciaires.",
];

/// How a variant was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Headline,
    Rewrite,
    Reorder,
    Edit,
    FollowUp,
    Cut,
    Mixed,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Headline => "headline",
            Kind::Rewrite => "rewrite",
            Kind::Reorder => "reorder",
            Kind::Edit => "edit",
            Kind::FollowUp => "follow-up",
            Kind::Cut => "cut",
            Kind::Mixed => "mixed",
        }
    }
}

/// What article `i` is.
enum Plan {
    Original { topic: Option<u64> },
    Variant { base: u64, kind: Kind },
}

/// An article as planted.
pub struct Planted {
    pub article: Article,
    /// The number of the first article of its story.
    pub root: u64,
    /// How it was made from its base (`None`: an original).
    pub kind: Option<Kind>,
    /// The topic whose words an original is written in.
    pub topic: Option<u64>,
    /// Its modification time (seconds).
    pub mtime: u64,
}

/// What every article is made from.
pub struct World<'a> {
    pub seed: u64,
    pub n: u64,
    pub vocab: &'a Vocab,
    pub sections: &'a [String],
    pub weights: &'a [f64],
}

impl World<'_> {
    fn plan(&self, i: u64, share: f64) -> Plan {
        let mut r = Rng::new(mix(self.seed ^ SALT, i));
        if i > 0 && r.chance(share) {
            let base = i - 1 - r.below(REACH.min(i) as usize) as u64;
            let kind = match r.below(100) {
                0..=9 => Kind::Headline,
                10..=29 => Kind::Rewrite,
                30..=44 => Kind::Reorder,
                45..=59 => Kind::Edit,
                60..=79 => Kind::FollowUp,
                80..=89 => Kind::Cut,
                _ => Kind::Mixed,
            };
            Plan::Variant { base, kind }
        } else if r.chance(TOPIC_SHARE) {
            let topic = (i / TOPIC_SPAN) * TOPICS_AT_ONCE + r.below(TOPICS_AT_ONCE as usize) as u64;
            Plan::Original { topic: Some(topic) }
        } else {
            Plan::Original { topic: None }
        }
    }

    /// Article `i`, made as its plan says (its base made first, recursively), perhaps with a
    /// stock paragraph at its end.
    pub fn planted(&self, i: u64, share: f64) -> Planted {
        let mut p = self.made(i, share);
        let mut r = Rng::new(mix(self.seed ^ SALT ^ 0xf007, i));
        if r.chance(FOOTER_SHARE) {
            let footer = r.pick(FOOTERS);
            let t = &mut p.article.text;
            if !t.trim_end().ends_with(footer) {
                while t.ends_with('\n') {
                    t.pop();
                }
                t.push_str("\n\n");
                t.push_str(footer);
                t.push('\n');
            }
        }
        p
    }

    fn made(&self, i: u64, share: f64) -> Planted {
        match self.plan(i, share) {
            Plan::Original { topic } => {
                let topic_vocab = topic.map(|t| topic_vocab(self.vocab, self.seed, t));
                let vocab = topic_vocab.as_ref().unwrap_or(self.vocab);
                let article = article(self.seed, i, vocab, self.sections, self.weights);
                let mtime = mtime_of(i, self.n, article.hex);
                Planted {
                    article,
                    root: i,
                    kind: None,
                    topic,
                    mtime,
                }
            }
            Plan::Variant { base, kind } => {
                let from = self.planted(base, share);
                let mut g = Gen {
                    r: Rng::new(mix(self.seed ^ SALT ^ 0xffff, i)),
                    v: self.vocab,
                };
                let mtime = (from.mtime + g.r.range(3_600, 3 * 86_400) as u64).min(T1);
                let article = self.variant(&from.article, kind, &mut g);
                Planted {
                    article,
                    root: from.root,
                    kind: Some(kind),
                    topic: None,
                    mtime,
                }
            }
        }
    }

    fn variant(&self, base: &Article, kind: Kind, g: &mut Gen<'_>) -> Article {
        let paras: Vec<String> = base.text[base.body_start..]
            .trim_end_matches('\n')
            .split("\n\n")
            .map(str::to_owned)
            .collect();
        let body = match kind {
            Kind::Headline => paras,
            Kind::Rewrite => rewrite(paras, g, 0.35),
            Kind::Reorder => reorder(paras, g),
            Kind::Edit => edit(paras, g),
            Kind::FollowUp => follow_up(paras, g),
            Kind::Cut => {
                let keep = (paras.len() * g.r.range(50, 67)).div_ceil(100).max(1);
                paras.into_iter().take(keep).collect()
            }
            Kind::Mixed => follow_up_once(edit(rewrite(paras, g, 0.25), g), g),
        };
        let section = if g.r.chance(0.25) {
            let u = g.r.f64() * self.weights[self.weights.len() - 1];
            let si = self.weights.iter().position(|&w| u < w).unwrap_or(0);
            self.sections[si].clone()
        } else {
            base.section.clone()
        };
        let headline = if kind == Kind::Edit && g.r.chance(0.5) {
            base.headline.clone()
        } else {
            let mut h = String::new();
            g.headline(&mut h);
            h
        };
        let standfirst = if g.r.chance(0.6) {
            let mut s = String::new();
            g.standfirst(&mut s);
            Some(s)
        } else {
            base.standfirst.clone()
        };
        let byline = if g.r.chance(0.5) {
            let mut s = String::new();
            g.byline(&mut s);
            Some(s)
        } else {
            base.byline.clone()
        };
        let mut t = String::new();
        t.push_str(&section);
        t.push_str(&headline);
        t.push_str("\n\n");
        if let Some(s) = &standfirst {
            t.push_str(&section);
            t.push_str(s);
            t.push('\n');
        }
        if let Some(b) = &byline {
            t.push_str(b);
            t.push('\n');
        }
        t.push('\n');
        let body_start = t.len();
        t.push_str(&body.join("\n\n"));
        t.push('\n');
        Article {
            text: t,
            section,
            headline,
            alt: None,
            standfirst,
            byline,
            hex: g.r.next_u64(),
            long: base.long,
            body_start,
        }
    }
}

/// The words of topic `t`: a few of the vocabulary's, drawn evenly (rare words too, so two
/// articles of a topic share words no other article uses).
fn topic_vocab(vocab: &Vocab, seed: u64, t: u64) -> Vocab {
    let mut r = Rng::new(mix(seed ^ SALT ^ 0x7091c, t));
    let mut pick =
        |from: &[String], k: usize| (0..k).map(|_| from[r.below(from.len())].clone()).collect();
    let nouns = pick(&vocab.nouns, 40);
    let adjs = pick(&vocab.adjs, 15);
    let verbs = pick(&vocab.verbs, 15);
    Vocab { nouns, adjs, verbs }
}

/// Is this paragraph an intertitle (a short line without final punctuation)?
fn is_intertitle(p: &str) -> bool {
    p.len() < 80 && !p.ends_with(['.', '!', '?', '»', '”'])
}

fn rewrite(paras: Vec<String>, g: &mut Gen<'_>, share: f64) -> Vec<String> {
    paras
        .into_iter()
        .map(|p| {
            if is_intertitle(&p) || !g.r.chance(share) {
                return p;
            }
            let mut fresh = String::new();
            g.paragraph(&mut fresh, p.len());
            fresh
        })
        .collect()
}

/// The sentences of a paragraph (each with its final mark): a mark, a space, then a capital
/// or an opening quotation mark.
fn sentences(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in p.char_indices() {
        if matches!(c, '.' | '!' | '?')
            && p[i + 1..].starts_with(' ')
            && p[i + 2..]
                .chars()
                .next()
                .is_some_and(|n| n.is_uppercase() || n == '«' || n == '“')
        {
            out.push(p[start..=i].trim().to_owned());
            start = i + 2;
        }
    }
    if start < p.len() {
        out.push(p[start..].trim().to_owned());
    }
    out
}

fn reorder(mut paras: Vec<String>, g: &mut Gen<'_>) -> Vec<String> {
    for p in &mut paras {
        if is_intertitle(p) {
            continue;
        }
        let mut s = sentences(p);
        // Fisher–Yates.
        for k in (1..s.len()).rev() {
            let j = g.r.below(k + 1);
            s.swap(k, j);
        }
        *p = s.join(" ");
    }
    if paras.len() > 2 {
        let (a, b) = (g.r.below(paras.len()), g.r.below(paras.len()));
        paras.swap(a, b);
    }
    paras
}

fn edit(paras: Vec<String>, g: &mut Gen<'_>) -> Vec<String> {
    paras
        .into_iter()
        .map(|p| {
            let mut out = String::with_capacity(p.len());
            for w in p.split(' ') {
                let plain = w.chars().all(char::is_alphabetic) && w.chars().count() > 3;
                if plain && g.r.chance(1.0 / 30.0) {
                    continue;
                }
                if !out.is_empty() {
                    out.push(' ');
                }
                if plain && g.r.chance(0.1) {
                    out.push_str(if g.r.chance(0.5) { g.noun() } else { g.adj() });
                } else {
                    out.push_str(w);
                }
            }
            out
        })
        .collect()
}

/// A follow-up's first paragraph: what happened next.
fn news(g: &mut Gen<'_>) -> String {
    let mut p = String::new();
    p.push_str(g.r.pick(&[
        "Ce jeudi, ",
        "Le lendemain, ",
        "Dans la soirée, ",
        "Vendredi matin, ",
        "Quelques heures plus tard, ",
    ]));
    g.clause(&mut p);
    p.push_str(". ");
    g.paragraph(&mut p, 400);
    p
}

fn follow_up_once(mut paras: Vec<String>, g: &mut Gen<'_>) -> Vec<String> {
    paras.insert(0, news(g));
    paras
}

fn follow_up(mut paras: Vec<String>, g: &mut Gen<'_>) -> Vec<String> {
    let first = g.r.range(1, 4);
    for k in 0..first {
        let p = if k == 0 {
            news(g)
        } else {
            let mut p = String::new();
            g.paragraph(&mut p, 700);
            p
        };
        paras.insert(k, p);
    }
    if g.r.chance(0.4) {
        for _ in 0..g.r.range(1, 2) {
            let mut p = String::new();
            g.paragraph(&mut p, 600);
            paras.push(p);
        }
    }
    paras
}
