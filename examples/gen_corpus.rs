//! Synthetic corpus generator for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --n 100000 --sections 24 --out DIR \
//!     [--seed 42] [--flat] [--manifest FILE.jsonl] [--threads N] [--stories P] [--formats P]
//! ```
//!
//! Writes `n` articles in the stored plain-text format of SPEC.md §3 (the shape of
//! `seeds/000_*.txt`): the section label glued to the headline and to the standfirst, an optional
//! alternate headline, bylines of several shapes (sometimes repeated in their own block), body
//! paragraphs of French-like prose with intertitles and quotations (« » with a regular space,
//! U+00A0 or U+202F inside, “ ”, a few nested, the odd „ “, ‹ › and "..."), apostrophes ’.
//!
//! Sizes: mean ~4 KB, 1 % long articles of 40–55 KB. Files go to `<section-slug>/<6 digits>_<16
//! hex>.txt` (or straight into DIR with `--flat`); modification times are spread over 2019–2025.
//! `--manifest` writes one JSON object per article with the intended section, headline,
//! alternate headline, standfirst and bylines, for checking a parser against.
//!
//! `--stories P` plants stories (see [`stories`]): a share `P` of the articles are variants of
//! an earlier one (rewritten paragraphs, reordered sentences, changed headlines, follow-ups
//! adding paragraphs, ...), and some of the others are distinct stories written in the words
//! of a topic they share with their neighbours; the manifest then says each article's story
//! (`"story"`: the number of its first article), how it was made (`"variant"`) and the topic
//! an original's words were drawn from (`"topic"`). Without
//! it, the corpus is the one earlier versions wrote, byte for byte.
//!
//! `--formats P` writes a share `P` of the articles in the other stored formats of SPEC §3b
//! (see [`formats`]): Markdown with YAML or TOML front matter (`.md`), saved HTML pages with
//! their scripts, styles and navigation (`.html`), and RSS 2.0, Atom and JSON Feed files of 10
//! to 30 items each (in `feeds/`). The manifest then gives each article's `"format"` and, for
//! the other formats, the `"body"` kiosque should read (blocks separated by a blank line); a
//! feed item's `"path"` is its feed's file. Without it, the output is unchanged, byte for byte.
//!
//! Only std. Deterministic for a given `--seed` (whatever the thread count): every article is
//! generated from its own PRNG stream seeded by (seed, index).

#[path = "gen_corpus/formats.rs"]
mod formats;
#[path = "gen_corpus/stories.rs"]
mod stories;

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64.

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    /// Uniform in [0, n).
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
    /// Uniform in [lo, hi].
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    /// Skewed towards the front of the list (a rough Zipf).
    fn pick_skewed<'a>(&mut self, xs: &'a [String]) -> &'a str {
        let u = self.f64();
        &xs[((u * u * u) * xs.len() as f64) as usize]
    }
}

fn mix(seed: u64, i: u64) -> u64 {
    let mut r = Rng::new(seed ^ i.wrapping_mul(0xD1B5_4A32_D192_ED03));
    r.next_u64();
    r.next_u64()
}

// ---------------------------------------------------------------------------------------------
// Word lists.

const SECTIONS: &[&str] = &[
    "MONDE",
    "FRANCE",
    "FAITS DIVERS",
    "ECONOMIE",
    "SPORT",
    "HIGH-TECH",
    "JO 2024",
    "SANTE",
    "POLITIQUE",
    "CULTURE",
    "PLANETE",
    "SOCIETE",
    "CYBERCRIMINALITE",
    "PEOPLE",
    "CINEMA",
    "JUSTICE",
    "COVID-19",
    "LIGUE 1",
    "TELEVISION",
    "EDUCATION",
    "SCIENCES",
    "GUERRE EN UKRAINE",
    "IMMOBILIER",
    "MUSIQUE",
    "ELECTIONS 2022",
    "AUTOMOBILE",
    "RUGBY",
    "ESPACE",
    "JEUX VIDEO",
    "CONSO",
    "TOUR DE FRANCE",
    "LITTERATURE",
    "GASTRONOMIE",
    "VOYAGE",
    "MODE",
    "INSOLITE",
    "PARIS",
    "LYON",
    "MARSEILLE",
    "BORDEAUX",
    "TOULOUSE",
    "LILLE",
    "NANTES",
    "PRESIDENTIELLE 2027",
    "ENVIRONNEMENT",
    "EUROPE",
    "SERIES TV",
    "ARTS-SCENES",
];

const NOUNS_M: &[&str] = &[
    "gouvernement",
    "ministre",
    "président",
    "projet",
    "accord",
    "rapport",
    "marché",
    "secteur",
    "quartier",
    "maire",
    "syndicat",
    "salarié",
    "procès",
    "tribunal",
    "juge",
    "suspect",
    "match",
    "joueur",
    "entraîneur",
    "club",
    "public",
    "film",
    "réalisateur",
    "festival",
    "concert",
    "album",
    "livre",
    "auteur",
    "hôpital",
    "médecin",
    "patient",
    "vaccin",
    "virus",
    "traitement",
    "budget",
    "impôt",
    "salaire",
    "prix",
    "logement",
    "loyer",
    "réseau",
    "service",
    "site",
    "téléphone",
    "logiciel",
    "système",
    "climat",
    "réchauffement",
    "incendie",
    "territoire",
    "village",
    "pays",
    "État",
    "conseil",
    "député",
    "sénateur",
    "parti",
    "vote",
    "scrutin",
    "débat",
    "texte",
    "amendement",
    "enfant",
    "parent",
    "élève",
    "professeur",
    "lycée",
    "collège",
    "chantier",
    "transport",
    "train",
    "métro",
    "bus",
    "aéroport",
    "vol",
    "voyageur",
    "bilan",
    "chiffre",
    "dossier",
    "témoin",
    "enquêteur",
    "policier",
    "gendarme",
    "commissariat",
    "habitant",
    "événement",
    "été",
    "hiver",
    "printemps",
    "automne",
    "week-end",
    "mois",
    "siècle",
    "moment",
    "outil",
    "objectif",
    "risque",
    "danger",
    "choix",
    "problème",
    "scandale",
    "succès",
    "échec",
    "espoir",
    "avenir",
    "passé",
    "terrain",
    "stade",
    "championnat",
    "titre",
    "record",
    "but",
    "entretien",
    "témoignage",
    "sondage",
    "électeur",
    "candidat",
    "programme",
    "emploi",
    "chômage",
    "investissement",
    "euro",
    "dollar",
    "pétrole",
    "gaz",
    "nucléaire",
    "océan",
    "animal",
    "loup",
    "ours",
    "agriculteur",
    "producteur",
    "consommateur",
    "client",
    "magasin",
];

const NOUNS_F: &[&str] = &[
    "France",
    "ville",
    "région",
    "commune",
    "police",
    "justice",
    "enquête",
    "victime",
    "famille",
    "loi",
    "réforme",
    "mesure",
    "décision",
    "crise",
    "guerre",
    "paix",
    "négociation",
    "grève",
    "manifestation",
    "entreprise",
    "société",
    "banque",
    "économie",
    "croissance",
    "inflation",
    "dette",
    "santé",
    "maladie",
    "épidémie",
    "étude",
    "recherche",
    "équipe",
    "saison",
    "victoire",
    "défaite",
    "finale",
    "compétition",
    "course",
    "médaille",
    "série",
    "chanson",
    "exposition",
    "œuvre",
    "histoire",
    "école",
    "université",
    "classe",
    "rentrée",
    "planète",
    "forêt",
    "région",
    "sécheresse",
    "pollution",
    "énergie",
    "électricité",
    "voiture",
    "route",
    "autoroute",
    "gare",
    "ligne",
    "application",
    "plateforme",
    "donnée",
    "intelligence",
    "technologie",
    "attaque",
    "sécurité",
    "frontière",
    "armée",
    "opposition",
    "majorité",
    "assemblée",
    "élection",
    "campagne",
    "candidate",
    "présidente",
    "ministre",
    "maire",
    "association",
    "population",
    "jeunesse",
    "retraite",
    "pension",
    "aide",
    "subvention",
    "facture",
    "hausse",
    "baisse",
    "situation",
    "question",
    "réponse",
    "annonce",
    "déclaration",
    "interview",
    "semaine",
    "journée",
    "nuit",
    "année",
    "date",
    "période",
    "fin",
    "suite",
    "solution",
    "piste",
    "hypothèse",
    "colère",
    "inquiétude",
    "polémique",
    "affaire",
    "plainte",
    "garde à vue",
    "prison",
    "peine",
    "audience",
    "cour",
    "vidéo",
    "photo",
    "image",
    "chaîne",
    "émission",
];

const ADJS: &[&str] = &[
    "nouveau",
    "grand",
    "petit",
    "important",
    "national",
    "public",
    "local",
    "européen",
    "français",
    "international",
    "économique",
    "politique",
    "social",
    "historique",
    "récent",
    "dernier",
    "premier",
    "prochain",
    "long",
    "difficile",
    "possible",
    "nécessaire",
    "majeur",
    "principal",
    "fort",
    "faible",
    "rapide",
    "lent",
    "inédit",
    "exceptionnel",
    "énorme",
    "sérieux",
    "grave",
    "léger",
    "officiel",
    "secret",
    "numérique",
    "médical",
    "sanitaire",
    "judiciaire",
    "municipal",
    "régional",
    "présidentiel",
    "sportif",
    "culturel",
    "scientifique",
    "écologique",
    "énergétique",
    "industriel",
    "agricole",
    "urbain",
    "rural",
    "étranger",
    "âgé",
    "jeune",
    "célèbre",
    "discret",
    "étonnant",
    "inquiétant",
    "prometteur",
    "décisif",
    "complexe",
];

const VERBS: &[&str] = &[
    "a annoncé",
    "a déclaré",
    "a indiqué",
    "a confirmé",
    "a précisé",
    "a expliqué",
    "a assuré",
    "a rappelé",
    "a souligné",
    "a reconnu",
    "a dénoncé",
    "a réclamé",
    "a obtenu",
    "a lancé",
    "a présenté",
    "a publié",
    "a révélé",
    "a décidé",
    "a refusé",
    "a accepté",
    "annonce",
    "affirme",
    "estime",
    "prévoit",
    "envisage",
    "prépare",
    "propose",
    "défend",
    "critique",
    "soutient",
    "rejette",
    "examine",
    "étudie",
    "attend",
    "craint",
    "espère",
    "souhaite",
    "demande",
    "exige",
    "dénonce",
    "relance",
    "suspend",
    "reporte",
    "accélère",
    "freine",
    "menace",
    "rassure",
    "inquiète",
    "divise",
    "mobilise",
    "relève",
    "baisse",
    "augmente",
    "double",
    "dépasse",
    "atteint",
    "franchit",
    "remporte",
    "perd",
    "gagne",
    "signe",
    "quitte",
    "rejoint",
    "ouvre",
    "ferme",
    "interdit",
    "autorise",
    "impose",
    "évoque",
    "confirme",
    "va présenter",
    "doit rendre",
    "pourrait changer",
    "devrait durer",
    "vient de publier",
];

const ADVS: &[&str] = &[
    "désormais",
    "notamment",
    "également",
    "toujours",
    "encore",
    "déjà",
    "bientôt",
    "enfin",
    "pourtant",
    "surtout",
    "aussi",
    "rapidement",
    "finalement",
    "officiellement",
    "clairement",
    "largement",
    "particulièrement",
    "actuellement",
    "récemment",
    "longtemps",
];

const PREPS: &[&str] = &[
    "dans",
    "pour",
    "avec",
    "sur",
    "sous",
    "selon",
    "après",
    "avant",
    "depuis",
    "entre",
    "contre",
    "vers",
    "chez",
    "malgré",
    "pendant",
    "face à",
    "auprès de",
    "près de",
    "autour de",
];

const CONNECTORS: &[&str] = &[
    "mais",
    "et",
    "car",
    "alors que",
    "tandis que",
    "puisque",
    "même si",
    "lorsque",
    "parce que",
    "si bien que",
    "avant que",
    "bien que",
];

const SENTENCE_OPENERS: &[&str] = &[
    "Selon nos informations,",
    "Pour l’instant,",
    "Dans la foulée,",
    "Depuis plusieurs mois,",
    "En attendant,",
    "Par ailleurs,",
    "De son côté,",
    "Au total,",
    "En effet,",
    "Toutefois,",
    "Dès lors,",
    "À ce stade,",
    "À terme,",
    "En revanche,",
    "D’après le parquet,",
    "Lundi,",
    "Mardi,",
    "Mercredi,",
    "Jeudi,",
    "Vendredi,",
    "Samedi,",
    "Dimanche,",
    "Ce week-end,",
    "Cette semaine,",
    "L’an dernier,",
    "Il y a quelques jours,",
];

const PLACES: &[&str] = &[
    "Paris",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Bordeaux",
    "Lille",
    "Nantes",
    "Strasbourg",
    "Rennes",
    "Nice",
    "Montpellier",
    "Grenoble",
    "Brest",
    "Dijon",
    "Angers",
    "Reims",
    "Rouen",
    "Orléans",
    "Clermont-Ferrand",
    "Saint-Étienne",
    "Besançon",
    "Perpignan",
    "Ajaccio",
    "Bruxelles",
    "Genève",
    "Berlin",
    "Londres",
    "Madrid",
    "Rome",
    "Washington",
    "Moscou",
    "Kiev",
    "Pékin",
    "Tokyo",
    "New York",
    "Montréal",
    "Dakar",
    "Alger",
    "Tunis",
    "Rabat",
    "Île-de-France",
    "Bretagne",
    "Normandie",
    "Occitanie",
    "Provence",
    "Alsace",
    "Corse",
    "Évry",
    "Épinal",
    "Écully",
    "Amiens",
    "Avignon",
    "Annecy",
    "Orange",
    "Arras",
];

const FIRST_NAMES: &[&str] = &[
    "Étienne",
    "Hélène",
    "Frédéric",
    "Zoé",
    "Chloé",
    "Jérôme",
    "Céline",
    "Léa",
    "Noémie",
    "Thomas",
    "Camille",
    "Julien",
    "Marie",
    "Nicolas",
    "Sophie",
    "Mathieu",
    "Anaïs",
    "Benoît",
    "Élise",
    "Raphaël",
    "Clément",
    "Margaux",
    "Adrien",
    "Pauline",
    "Hugo",
    "Manon",
    "Lucas",
    "Inès",
    "Romain",
    "Laure",
    "Jean-Marc",
    "Anne-Sophie",
    "Marc-Olivier",
    "Sébastien",
    "Gaëlle",
    "Joël",
    "Agnès",
    "François",
    "Françoise",
    "Théo",
    "Maëlle",
    "Loïc",
    "Océane",
    "Yann",
    "Aurélie",
    "Cédric",
    "Delphine",
    "Grégoire",
    "Héloïse",
    "Ibrahim",
    "Karim",
    "Fatou",
    "Nadia",
    "Mehdi",
    "Yasmine",
    "Olivier",
    "Vincent",
    "Caroline",
    "Émilie",
    "Antoine",
];

const LAST_NAMES: &[&str] = &[
    "Froment",
    "Martin",
    "Bernard",
    "Dubois",
    "Durand",
    "Lefèvre",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Gautier",
    "Roger",
    "Roche",
    "Leroy",
    "Le Gall",
    "de La Tour",
    "Benali",
    "Diallo",
    "Kowalski",
    "N’Diaye",
    "Ménard",
    "Prévost",
    "Bézier",
];

const ACRONYMS: &[&str] = &[
    "OMS", "SNCF", "RATP", "BCE", "FMI", "ONU", "OTAN", "UE", "PSG", "OM", "OL", "CGT", "CFDT",
    "EDF", "CNIL", "INSEE", "CNRS", "PMA", "SMIC", "TVA", "RN", "LR", "PS", "LFI", "NASA", "FBI",
    "UEFA", "FIFA", "CIO", "BTS", "HLM", "IVG", "TGV", "TER", "Arcom", "Urssaf", "Anses",
];

const HEADLINE_ACCENTED: &[&str] = &[
    "À",
    "État",
    "Élections",
    "Écoles",
    "Énergie",
    "Été",
    "Éducation",
    "Épidémie",
    "Écologie",
    "Étudiants",
    "Économie",
    "Égalité",
    "Évasion",
    "Éric",
    "Édouard",
    "Émeutes",
    "Élisabeth",
];

const HEADLINE_ELISION: &[&str] = &[
    "L’Assemblée",
    "L’ancien",
    "L’ancienne",
    "L’OMS",
    "L’Etat",
    "L’équipe",
    "L’enquête",
    "L’usine",
    "L’hôpital",
    "L’Europe",
    "L’inflation",
    "L’école",
    "L’été",
    "L’affaire",
    "L’armée",
    "L’Elysée",
    "L’UE",
    "L’Ukraine",
    "L’IA",
    "L’ex-ministre",
    "L’association",
];

const HEADLINE_CAP_WORDS: &[&str] = &[
    "Le",
    "La",
    "Les",
    "Un",
    "Une",
    "Des",
    "Pourquoi",
    "Comment",
    "Face",
    "Après",
    "Vers",
    "Quand",
    "Qui",
    "Ce",
    "Cette",
    "Deux",
    "Trois",
    "Faut-il",
    "Malgré",
    "Dans",
    "Avec",
    "Sur",
    "Pour",
    "Entre",
    "Plus",
    "Moins",
    "Sans",
    "Coup",
    "Grève",
    "Incendie",
    "Mort",
    "Nouvelle",
    "Nouveau",
    "Record",
    "Bac",
    "Retraites",
    "Inflation",
    "Canicule",
    "Tempête",
];

const SPEECH_VERBS: &[&str] = &[
    "a déclaré",
    "a affirmé",
    "a expliqué",
    "a assuré",
    "a lancé",
    "a ajouté",
    "a souligné",
    "a estimé",
    "a confié",
    "a martelé",
    "a reconnu",
    "a regretté",
    "a prévenu",
    "a insisté",
    "explique",
    "confie",
    "assure",
    "raconte",
    "détaille",
    "résume",
    "insiste",
    "ajoute",
];

const QUOTE_SUBJECTS: &[&str] = &[
    "Nous",
    "Je",
    "On",
    "Il",
    "Elle",
    "C’est",
    "Ce n’est pas",
    "Il faut",
    "Nous allons",
    "Il y a",
    "Tout",
    "Rien",
    "Personne",
    "Ce dossier",
    "Cette réforme",
    "Les gens",
    "La situation",
    "Le problème",
    "Notre équipe",
    "L’objectif",
    "Chacun",
];

const SCARE_QUOTE_TERMS: &[&str] = &[
    "gilets jaunes",
    "bouclier tarifaire",
    "quoi qu’il en coûte",
    "zones blanches",
    "pass sanitaire",
    "ensauvagement",
    "sobriété",
    "start-up nation",
    "fake news",
    "grand remplacement",
    "apaisement",
    "souveraineté",
    "réarmement",
    "smart city",
];

// ---------------------------------------------------------------------------------------------
// Vocabulary: the real words above plus a few thousand pseudo-words built from French
// syllables (fixed seed, so the same whatever --seed).

struct Vocab {
    nouns: Vec<String>,
    adjs: Vec<String>,
    verbs: Vec<String>,
}

fn pseudo_stem(r: &mut Rng) -> String {
    const ONSETS: &[&str] = &[
        "b", "c", "ch", "d", "f", "g", "j", "l", "m", "n", "p", "pr", "tr", "r", "s", "t", "v",
        "gr", "br", "cl", "pl", "fr", "cr", "qu", "v", "m", "d", "", "",
    ];
    const VOWELS: &[&str] = &[
        "a", "e", "i", "o", "u", "é", "è", "ou", "ai", "au", "eu", "on", "an", "in", "ê", "oi",
        "a", "é", "i", "o", "â", "ô", "ui",
    ];
    const CODAS: &[&str] = &["", "", "", "", "r", "s", "n", "l", "t", "c"];
    let mut s = String::new();
    let n = r.range(1, 3);
    for k in 0..n {
        let onset = r.pick(ONSETS);
        if k > 0 && onset.is_empty() {
            s.push('r');
        } else {
            s.push_str(onset);
        }
        s.push_str(r.pick(VOWELS));
        if k + 1 == n || r.chance(0.2) {
            s.push_str(r.pick(CODAS));
        }
    }
    s
}

impl Vocab {
    fn build() -> Self {
        let mut r = Rng::new(0x006b_696f_7371_7565);
        let mut nouns: Vec<String> = Vec::new();
        let mut adjs: Vec<String> = Vec::new();
        let mut verbs: Vec<String> = Vec::new();
        // Real words first so the skewed pick favours them.
        for w in NOUNS_M.iter().chain(NOUNS_F) {
            nouns.push(w.to_string());
        }
        adjs.extend(ADJS.iter().map(|w| w.to_string()));
        verbs.extend(VERBS.iter().map(|w| w.to_string()));
        const NOUN_SUFFIXES: &[&str] = &[
            "tion", "ment", "eur", "ence", "age", "ette", "ier", "isme", "ée", "ure", "ance",
            "ité", "oir", "aire", "erie", "iste", "at", "is", "on", "ade",
        ];
        const ADJ_SUFFIXES: &[&str] = &[
            "ique", "al", "eux", "ible", "able", "if", "ant", "é", "ien", "aire", "el", "ain",
        ];
        const VERB_ENDINGS: &[&str] = &["e", "ent", "ait", "ira", "era"];
        const PARTICIPLES: &[&str] = &["é", "i", "u"];
        while nouns.len() < 2200 {
            let mut w = pseudo_stem(&mut r);
            w.push_str(r.pick(NOUN_SUFFIXES));
            nouns.push(w);
        }
        while adjs.len() < 700 {
            let mut w = pseudo_stem(&mut r);
            w.push_str(r.pick(ADJ_SUFFIXES));
            adjs.push(w);
        }
        while verbs.len() < 600 {
            let mut w = String::new();
            if r.chance(0.5) {
                w.push_str("a ");
                w.push_str(&pseudo_stem(&mut r));
                w.push_str(r.pick(PARTICIPLES));
            } else {
                w.push_str(&pseudo_stem(&mut r));
                w.push_str(r.pick(VERB_ENDINGS));
            }
            verbs.push(w);
        }
        // Real words stay at the front, so the skewed pick draws them about half the time.
        Vocab { nouns, adjs, verbs }
    }

    fn size(&self) -> usize {
        self.nouns.len() + self.adjs.len() + self.verbs.len()
    }
}

// ---------------------------------------------------------------------------------------------
// Text building.

fn starts_with_vowel(w: &str) -> bool {
    matches!(
        w.chars().next(),
        Some(
            'a' | 'e'
                | 'i'
                | 'o'
                | 'u'
                | 'é'
                | 'è'
                | 'ê'
                | 'â'
                | 'î'
                | 'ô'
                | 'œ'
                | 'h'
                | 'A'
                | 'E'
                | 'I'
                | 'O'
                | 'U'
                | 'É'
                | 'È'
                | 'Î'
                | 'Œ'
        )
    )
}

fn capitalise(s: &mut String, start: usize) {
    if let Some(c) = s[start..].chars().next()
        && c.is_lowercase()
    {
        let up: String = c.to_uppercase().collect();
        s.replace_range(start..start + c.len_utf8(), &up);
    }
}

struct Gen<'v> {
    r: Rng,
    v: &'v Vocab,
}

const NBSP: char = '\u{A0}';
const NNBSP: char = '\u{202F}';

impl<'v> Gen<'v> {
    fn noun(&mut self) -> &'v str {
        self.r.pick_skewed(&self.v.nouns)
    }
    fn adj(&mut self) -> &'v str {
        self.r.pick_skewed(&self.v.adjs)
    }
    fn verb(&mut self) -> &'v str {
        self.r.pick_skewed(&self.v.verbs)
    }

    fn person(&mut self, out: &mut String) {
        out.push_str(self.r.pick(FIRST_NAMES));
        out.push(' ');
        out.push_str(self.r.pick(LAST_NAMES));
    }

    fn number(&mut self, out: &mut String) {
        match self.r.below(6) {
            0 => {
                let _ = write!(out, "{}", self.r.range(2, 99));
            }
            1 => {
                // Thousands separated by a (narrow) no-break space, as French typography does.
                let sep = if self.r.chance(0.5) { NNBSP } else { NBSP };
                let _ = write!(
                    out,
                    "{}{}{:03}",
                    self.r.range(1, 99),
                    sep,
                    self.r.below(1000)
                );
            }
            2 => {
                let _ = write!(out, "{}", self.r.range(1990, 2025));
            }
            3 => {
                let _ = write!(out, "{},{}{}%", self.r.range(1, 60), self.r.below(10), NBSP);
            }
            4 => {
                let _ = write!(out, "{} millions d’euros", self.r.range(2, 900));
            }
            _ => {
                let _ = write!(out, "{}{}%", self.r.range(2, 95), NBSP);
            }
        }
    }

    /// A noun phrase with determiner, elided where French elides.
    fn noun_phrase(&mut self, out: &mut String) {
        let roll = self.r.below(100);
        if roll < 6 {
            out.push_str(self.r.pick(PLACES));
            return;
        }
        if roll < 11 {
            self.person(out);
            return;
        }
        if roll < 15 {
            out.push_str(if self.r.chance(0.5) { "la " } else { "le " });
            out.push_str(self.r.pick(ACRONYMS));
            return;
        }
        if roll < 20 {
            self.number(out);
            out.push(' ');
            out.push_str(self.noun());
            out.push('s');
            return;
        }
        let n = self.noun();
        let det = self.r.pick(&[
            "le",
            "la",
            "les",
            "un",
            "une",
            "des",
            "ce",
            "cette",
            "son",
            "sa",
            "leur",
            "le",
            "la",
            "plusieurs",
            "chaque",
            "notre",
        ]);
        let plural = matches!(det, "les" | "des" | "plusieurs");
        if (det == "le" || det == "la") && starts_with_vowel(n) {
            out.push_str("l’");
        } else {
            out.push_str(det);
            out.push(' ');
        }
        out.push_str(n);
        if plural && !n.ends_with('s') && !n.ends_with('x') && !n.contains(' ') {
            out.push('s');
        }
        if self.r.chance(0.35) {
            out.push(' ');
            out.push_str(self.adj());
        }
        if self.r.chance(0.18) {
            let n2 = self.noun();
            if starts_with_vowel(n2) {
                out.push_str(" d’");
            } else {
                out.push_str(if self.r.chance(0.5) {
                    " de la "
                } else {
                    " du "
                });
            }
            out.push_str(n2);
        }
    }

    fn clause(&mut self, out: &mut String) {
        self.noun_phrase(out);
        out.push(' ');
        out.push_str(self.verb());
        if self.r.chance(0.2) {
            out.push(' ');
            out.push_str(self.r.pick(ADVS));
        }
        out.push(' ');
        self.noun_phrase(out);
        if self.r.chance(0.45) {
            out.push(' ');
            out.push_str(self.r.pick(PREPS));
            out.push(' ');
            self.noun_phrase(out);
        }
    }

    /// One declarative sentence, capitalised, with final punctuation.
    fn sentence(&mut self, out: &mut String) {
        let start = out.len();
        if self.r.chance(0.18) {
            out.push_str(self.r.pick(SENTENCE_OPENERS));
            out.push(' ');
        }
        self.clause(out);
        let extra = self.r.below(10);
        if extra < 3 {
            out.push_str(", ");
            out.push_str(self.r.pick(CONNECTORS));
            out.push(' ');
            self.clause(out);
        } else if extra < 4 {
            out.push_str(", ");
            self.noun_phrase(out);
            out.push_str(" et ");
            self.noun_phrase(out);
        }
        capitalise(out, start);
        out.push(if self.r.chance(0.03) { '!' } else { '.' });
    }

    /// Words for a quotation's inside (no final punctuation).
    fn quote_inner(&mut self, out: &mut String) {
        out.push_str(self.r.pick(QUOTE_SUBJECTS));
        out.push(' ');
        out.push_str(self.verb());
        out.push(' ');
        self.noun_phrase(out);
        if self.r.chance(0.5) {
            out.push(' ');
            out.push_str(self.r.pick(PREPS));
            out.push(' ');
            self.noun_phrase(out);
        }
    }

    fn guillemets(&mut self, out: &mut String, inner: impl FnOnce(&mut Self, &mut String)) {
        let sp = match self.r.below(10) {
            0..=4 => ' ',
            5..=7 => NBSP,
            _ => NNBSP,
        };
        out.push('«');
        out.push(sp);
        inner(self, out);
        out.push(sp);
        out.push('»');
    }

    /// A quotation, in one of the styles French news prose uses.
    fn quotation(&mut self, out: &mut String) {
        match self.r.below(100) {
            0..=71 => self.guillemets(out, |g, o| {
                g.quote_inner(o);
                if g.r.chance(0.3) {
                    o.push_str(if g.r.chance(0.5) { "." } else { " !" });
                }
            }),
            72..=85 => {
                out.push('“');
                self.quote_inner(out);
                out.push('”');
            }
            86..=93 => {
                // Nested: « … “ … ” … »
                self.guillemets(out, |g, o| {
                    g.quote_inner(o);
                    o.push_str(", c’est ce qu’il appelle ");
                    o.push('“');
                    o.push_str(g.r.pick(SCARE_QUOTE_TERMS));
                    o.push('”');
                    if g.r.chance(0.5) {
                        o.push(' ');
                        o.push_str(g.r.pick(PREPS));
                        o.push(' ');
                        g.noun_phrase(o);
                    }
                });
            }
            94..=95 => {
                // Nested the other way: “ … « … » … ”
                out.push('“');
                self.quote_inner(out);
                out.push_str(" avec ses ");
                self.guillemets(out, |g, o| o.push_str(g.r.pick(SCARE_QUOTE_TERMS)));
                out.push('”');
            }
            96 => {
                out.push('„');
                self.quote_inner(out);
                out.push('“');
            }
            97 => {
                out.push('‹');
                out.push(NBSP);
                self.quote_inner(out);
                out.push(NBSP);
                out.push('›');
            }
            _ => {
                out.push('"');
                self.quote_inner(out);
                out.push('"');
            }
        }
    }

    /// A sentence that carries a quotation.
    fn quoted_sentence(&mut self, out: &mut String) {
        let start = out.len();
        match self.r.below(4) {
            0 => {
                // « … », a déclaré X.
                self.quotation(out);
                out.push_str(", ");
                out.push_str(self.r.pick(SPEECH_VERBS));
                out.push(' ');
                self.person(out);
                out.push('.');
            }
            1 => {
                // X a déclaré : « … ».
                self.person(out);
                out.push(' ');
                out.push_str(self.r.pick(SPEECH_VERBS));
                out.push_str(if self.r.chance(0.5) {
                    " : "
                } else {
                    "\u{A0}: "
                });
                self.quotation(out);
                out.push('.');
            }
            2 => {
                // Scare quotes around a term inside an ordinary sentence.
                self.noun_phrase(out);
                out.push(' ');
                out.push_str(self.verb());
                out.push_str(" les ");
                let term = self.r.pick(SCARE_QUOTE_TERMS);
                if self.r.chance(0.8) {
                    self.guillemets(out, |_, o| o.push_str(term));
                } else {
                    out.push('“');
                    out.push_str(term);
                    out.push('”');
                }
                out.push(' ');
                out.push_str(self.r.pick(PREPS));
                out.push(' ');
                self.noun_phrase(out);
                out.push('.');
            }
            _ => {
                // Ordinary sentence, then the quotation as a second sentence.
                self.clause(out);
                out.push_str(". ");
                self.quotation(out);
                out.push_str(", ");
                out.push_str(self.r.pick(SPEECH_VERBS));
                out.push_str(if self.r.chance(0.5) { " l’" } else { " le " });
                out.push_str(self.noun());
                out.push('.');
            }
        }
        capitalise(out, start);
    }

    fn paragraph(&mut self, out: &mut String, budget: usize) {
        let start = out.len();
        let sentences = self.r.range(2, 6);
        for k in 0..sentences {
            if k > 0 {
                out.push(' ');
            }
            if self.r.chance(0.22) {
                self.quoted_sentence(out);
            } else {
                self.sentence(out);
            }
            if out.len() - start >= budget {
                break;
            }
        }
    }

    /// A short line without final punctuation.
    fn intertitle(&mut self, out: &mut String) {
        let start = out.len();
        match self.r.below(5) {
            0 => {
                out.push_str(self.r.pick(&["Un", "Une", "Le", "La", "Des"]));
                out.push(' ');
                out.push_str(self.noun());
                out.push(' ');
                out.push_str(self.adj());
            }
            1 => {
                self.noun_phrase(out);
                out.push_str(" en question");
            }
            2 => {
                out.push_str(
                    self.r
                        .pick(&["Vers", "Après", "Face à", "Entre", "Sans", "Pour"]),
                );
                out.push(' ');
                self.noun_phrase(out);
            }
            3 => {
                self.guillemets(out, |g, o| {
                    o.push_str(g.r.pick(QUOTE_SUBJECTS));
                    o.push(' ');
                    o.push_str(g.verb());
                });
            }
            _ => {
                out.push_str(self.r.pick(&["Des", "Les", "Une", "Un"]));
                out.push(' ');
                out.push_str(self.noun());
                out.push_str(" et des ");
                out.push_str(self.noun());
            }
        }
        if out.len() - start > 70 {
            // keep it short: cut back to a word boundary
            let mut lim = start + 60;
            while !out.is_char_boundary(lim) {
                lim -= 1;
            }
            let cut = out[..lim].rfind(' ').filter(|&c| c > start).unwrap_or(lim);
            out.truncate(cut);
        }
        capitalise(out, start);
        while out.ends_with([',', ' ', '’']) {
            out.pop();
        }
    }

    fn headline(&mut self, out: &mut String) {
        let start = out.len();
        let roll = self.r.below(100);
        match roll {
            0..=29 => {
                out.push_str(self.r.pick(HEADLINE_CAP_WORDS));
                out.push(' ');
                self.clause(out);
            }
            30..=36 => {
                self.person(out);
                out.push(' ');
                out.push_str(self.verb());
                out.push(' ');
                self.noun_phrase(out);
            }
            37..=49 => {
                out.push_str(self.r.pick(ACRONYMS));
                if self.r.chance(0.6) {
                    out.push_str(if self.r.chance(0.7) {
                        " : "
                    } else {
                        "\u{A0}: "
                    });
                    self.clause(out);
                } else {
                    out.push(' ');
                    out.push_str(self.verb());
                    out.push(' ');
                    self.noun_phrase(out);
                }
            }
            50..=59 => {
                self.number(out);
                if self.r.chance(0.3) {
                    out.push_str(" : ");
                    self.clause(out);
                } else {
                    out.push(' ');
                    out.push_str(self.noun());
                    out.push_str("s ");
                    out.push_str(self.verb());
                    out.push(' ');
                    self.noun_phrase(out);
                }
            }
            60..=70 => {
                let w = self.r.pick(HEADLINE_ACCENTED);
                out.push_str(w);
                out.push(' ');
                if w == "À" {
                    out.push_str(self.r.pick(PLACES));
                    out.push_str(", ");
                }
                self.clause(out);
            }
            71..=81 => {
                out.push_str(self.r.pick(HEADLINE_ELISION));
                out.push(' ');
                out.push_str(self.verb());
                out.push(' ');
                self.noun_phrase(out);
            }
            82..=88 => {
                self.guillemets(out, |g, o| g.quote_inner(o));
                if self.r.chance(0.6) {
                    out.push_str(" : ");
                    self.noun_phrase(out);
                    out.push(' ');
                    out.push_str(self.verb());
                    out.push(' ');
                    self.noun_phrase(out);
                }
            }
            89..=93 => {
                // One-letter words.
                out.push_str(
                    self.r
                        .pick(&["A quoi sert", "Y a-t-il", "A ", "Y aura-t-il"]),
                );
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                if out[start..].starts_with("A ") && out.len() - start == 2 {
                    let _ = write!(out, "{} ans, ", self.r.range(12, 95));
                }
                self.noun_phrase(out);
                if out[start..].starts_with('Y') {
                    out.push_str(" ?");
                }
            }
            _ => {
                out.push_str(self.r.pick(&["Pourquoi", "Comment", "Faut-il", "Qui"]));
                out.push(' ');
                self.clause(out);
                out.push_str(if self.r.chance(0.6) { " ?" } else { "\u{A0}?" });
            }
        }
        capitalise(out, start);
    }

    fn standfirst(&mut self, out: &mut String) {
        let start = out.len();
        match self.r.below(10) {
            0 => {
                out.push_str(self.r.pick(HEADLINE_ELISION));
                out.push(' ');
                out.push_str(self.verb());
                out.push(' ');
                self.noun_phrase(out);
                out.push('.');
            }
            1 => {
                out.push_str("À ");
                out.push_str(self.r.pick(PLACES));
                out.push_str(", ");
                self.clause(out);
                out.push('.');
            }
            2 => self.quoted_sentence(out),
            _ => self.sentence(out),
        }
        if self.r.chance(0.4) {
            out.push(' ');
            self.sentence(out);
        }
        capitalise(out, start);
    }

    fn byline(&mut self, out: &mut String) {
        match self.r.below(100) {
            0..=54 => {
                self.person(out);
                out.push_str(" pour 20 Minutes");
            }
            55..=69 => {
                self.person(out);
                out.push_str(self.r.pick(&[" avec AFP", " avec AFP", " avec agences"]));
            }
            70..=81 => out.push_str("20 Minutes avec agences"),
            82..=89 => {
                out.push_str("Propos recueillis par ");
                self.person(out);
            }
            _ => {
                self.person(out);
                out.push_str(" et ");
                self.person(out);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One article.

struct Article {
    text: String,
    section: String,
    headline: String,
    alt: Option<String>,
    standfirst: Option<String>,
    byline: Option<String>,
    hex: u64,
    long: bool,
    /// Where the body starts in `text`.
    body_start: usize,
}

fn article(seed: u64, i: u64, vocab: &Vocab, sections: &[String], weights: &[f64]) -> Article {
    let mut g = Gen {
        r: Rng::new(mix(seed, i)),
        v: vocab,
    };
    let hex = g.r.next_u64();
    // Section: skewed so a few sections are big, like a real site.
    let u = g.r.f64() * weights[weights.len() - 1];
    let si = weights
        .iter()
        .position(|&w| u < w)
        .unwrap_or(weights.len() - 1);
    let section = sections[si].clone();

    let long = g.r.chance(0.01);
    // Target file size in bytes.
    let target = if long {
        g.r.range(40_400, 54_000)
    } else {
        // 1 KB floor plus an exponential tail, capped: mean ~3.6 KB.
        let e = -(1.0 - g.r.f64()).ln();
        (1_000.0 + (e * 2_700.0).min(16_000.0)) as usize
    };

    let mut headline = String::new();
    g.headline(&mut headline);
    let alt = g.r.chance(0.55).then(|| {
        let mut s = String::new();
        if g.r.chance(0.5) {
            g.headline(&mut s);
        } else {
            g.clause(&mut s);
            capitalise(&mut s, 0);
        }
        s
    });
    let standfirst = g.r.chance(0.85).then(|| {
        let mut s = String::new();
        g.standfirst(&mut s);
        s
    });
    let byline = g.r.chance(0.88).then(|| {
        let mut s = String::new();
        g.byline(&mut s);
        s
    });
    let repeat_byline = byline.is_some() && g.r.chance(0.4);

    let mut t = String::with_capacity(target + 1024);
    t.push_str(&section);
    t.push_str(&headline);
    t.push_str("\n\n");
    if let Some(a) = &alt {
        t.push_str(a);
        t.push_str("\n\n");
    }
    match (&standfirst, &byline) {
        (Some(s), Some(b)) => {
            t.push_str(&section);
            t.push_str(s);
            t.push('\n');
            t.push_str(b);
            t.push_str("\n\n");
        }
        (Some(s), None) => {
            t.push_str(&section);
            t.push_str(s);
            t.push_str("\n\n");
        }
        (None, Some(b)) => {
            t.push_str(b);
            t.push_str("\n\n");
        }
        (None, None) => {}
    }
    if repeat_byline {
        t.push_str(byline.as_deref().unwrap());
        t.push_str("\n\n");
    }

    // Body.
    let body_start = t.len();
    let mut paras = 0;
    let mut since_title = 0;
    loop {
        let remaining = target.saturating_sub(t.len());
        if paras >= 1 && remaining < 80 {
            break;
        }
        if paras > 0 {
            t.push_str("\n\n");
        }
        if paras >= 2 && since_title >= 2 && remaining > 600 && g.r.chance(0.3) {
            g.intertitle(&mut t);
            t.push_str("\n\n");
            since_title = 0;
        }
        let budget = remaining.min(g.r.range(250, 1100));
        g.paragraph(&mut t, budget);
        paras += 1;
        since_title += 1;
    }
    if g.r.chance(0.3) {
        t.push('\n');
    }

    Article {
        text: t,
        section,
        headline,
        alt,
        standfirst,
        byline,
        hex,
        long,
        body_start,
    }
}

// ---------------------------------------------------------------------------------------------
// Command line, output.

struct Opts {
    n: u64,
    sections: usize,
    out: PathBuf,
    seed: u64,
    flat: bool,
    manifest: Option<PathBuf>,
    threads: usize,
    /// The share of articles planted as variants of an earlier one (`--stories`).
    stories: Option<f64>,
    /// The share of articles written in the other stored formats (`--formats`).
    formats: Option<f64>,
}

const USAGE: &str = "usage: gen_corpus --n N --sections K --out DIR [--seed S] [--flat] \
[--manifest FILE.jsonl] [--threads T] [--stories SHARE] [--formats SHARE]";

fn parse_args() -> Result<Opts, String> {
    let mut n = None;
    let mut sections = 24usize;
    let mut out = None;
    let mut seed = 42u64;
    let mut flat = false;
    let mut manifest = None;
    let mut stories = None;
    let mut formats = None;
    let mut threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let mut args = std::env::args().skip(1);
    fn num<T: std::str::FromStr>(flag: &str, v: Option<String>) -> Result<T, String> {
        let v = v.ok_or_else(|| format!("{flag} needs a value"))?;
        v.parse().map_err(|_| format!("{flag}: not a number: {v}"))
    }
    while let Some(a) = args.next() {
        match a.as_str() {
            "--n" => n = Some(num("--n", args.next())?),
            "--sections" => sections = num("--sections", args.next())?,
            "--out" => out = Some(PathBuf::from(args.next().ok_or("--out needs a value")?)),
            "--seed" => seed = num("--seed", args.next())?,
            "--flat" => flat = true,
            "--manifest" => {
                manifest = Some(PathBuf::from(
                    args.next().ok_or("--manifest needs a value")?,
                ))
            }
            "--threads" => threads = num("--threads", args.next())?,
            "--stories" => {
                let share: f64 = num("--stories", args.next())?;
                if !(0.0..=0.9).contains(&share) {
                    return Err("--stories takes a share between 0 and 0.9".into());
                }
                stories = Some(share);
            }
            "--formats" => {
                let share: f64 = num("--formats", args.next())?;
                if !(0.0..=1.0).contains(&share) {
                    return Err("--formats takes a share between 0 and 1".into());
                }
                formats = Some(share);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    let n = n.ok_or("--n is required")?;
    let out = out.ok_or("--out is required")?;
    if sections == 0 {
        return Err("--sections must be at least 1".into());
    }
    Ok(Opts {
        n,
        sections,
        out,
        seed,
        flat,
        manifest,
        threads: threads.max(1),
        stories,
        formats,
    })
}

fn section_labels(k: usize) -> Vec<String> {
    (0..k)
        .map(|i| {
            if i < SECTIONS.len() {
                SECTIONS[i].to_string()
            } else {
                format!(
                    "{} {}",
                    SECTIONS[i % SECTIONS.len()],
                    i / SECTIONS.len() + 1
                )
            }
        })
        .collect()
}

fn slug(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_opt(out: &mut String, s: &Option<String>) {
    match s {
        Some(s) => json_str(out, s),
        None => out.push_str("null"),
    }
}

// mtimes: 2019-01-01 .. 2025-12-31, rising with the article number, a few days of jitter.
const T0: u64 = 1_546_300_800;
const T1: u64 = 1_767_139_200;

/// The modification time of article `i` of `n` (seconds).
fn mtime_of(i: u64, n: u64, hex: u64) -> u64 {
    let span = T1 - T0;
    let base = T0 + (span as f64 * (i as f64 + 0.5) / n as f64) as u64;
    let jitter = (hex >> 40) % (6 * 86_400);
    (base + jitter).saturating_sub(3 * 86_400).clamp(T0, T1)
}

fn main() {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("gen_corpus: {e}\n{USAGE}");
            std::process::exit(2);
        }
    };
    let started = Instant::now();
    let vocab = Vocab::build();
    let labels = section_labels(opts.sections);
    let slugs: Vec<String> = labels.iter().map(|l| slug(l)).collect();
    let mut acc = 0.0;
    let weights: Vec<f64> = (0..labels.len())
        .map(|i| {
            acc += 1.0 / (i as f64 + 2.0).powf(0.7);
            acc
        })
        .collect();

    if let Err(e) = fs::create_dir_all(&opts.out) {
        eprintln!("gen_corpus: cannot create {}: {e}", opts.out.display());
        std::process::exit(1);
    }
    if !opts.flat {
        let feeds = opts.formats.map(|_| "feeds".to_owned());
        for s in slugs.iter().chain(&feeds) {
            if let Err(e) = fs::create_dir_all(opts.out.join(s)) {
                eprintln!(
                    "gen_corpus: cannot create {}: {e}",
                    opts.out.join(s).display()
                );
                std::process::exit(1);
            }
        }
    }

    let width = opts.n.saturating_sub(1).to_string().len().max(6);
    let want_manifest = opts.manifest.is_some();

    struct Stats {
        files: u64,
        articles: u64,
        bytes: u64,
        long: u64,
        long_bytes: u64,
        min: u64,
        max: u64,
        manifest: Vec<(u64, String)>,
    }

    let world = stories::World {
        seed: opts.seed,
        n: opts.n,
        vocab: &vocab,
        sections: &labels,
        weights: &weights,
    };
    // Article `i` and, with `--stories`, how it was planted: (story, variant, mtime, topic).
    type Planted = Option<(u64, Option<stories::Kind>, u64, Option<u64>)>;
    let make = |i: u64| -> (Article, Planted) {
        match opts.stories {
            Some(share) => {
                let p = world.planted(i, share);
                (p.article, Some((p.root, p.kind, p.mtime, p.topic)))
            }
            None => (article(opts.seed, i, &vocab, &labels, &weights), None),
        }
    };
    let mtime = |i: u64, a: &Article, planted: &Planted| match planted {
        Some((_, _, mt, _)) => *mt,
        None => mtime_of(i, opts.n, a.hex),
    };
    // Where article `i` goes, as a file of its own with this ending, or as a feed's first item.
    let rel_of = |i: u64, a: &Article, ext: &str, feed: bool| -> PathBuf {
        let name = format!("{:0width$}_{:016x}.{ext}", i, a.hex, width = width);
        if opts.flat {
            PathBuf::from(&name)
        } else if feed {
            Path::new("feeds").join(&name)
        } else {
            let si = labels.iter().position(|l| *l == a.section).unwrap();
            Path::new(&slugs[si]).join(&name)
        }
    };
    let write = |st: &mut Stats, rel: &Path, text: &str, mt: u64| -> Result<PathBuf, String> {
        let path = opts.out.join(rel);
        let mut f = fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        f.write_all(text.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(mt))
            .map_err(|e| format!("{}: set_modified: {e}", path.display()))?;
        let len = text.len() as u64;
        st.files += 1;
        st.bytes += len;
        st.min = st.min.min(len);
        st.max = st.max.max(len);
        Ok(path)
    };
    // One article counted, and its line of the manifest; `format` with `--formats`.
    let record = |st: &mut Stats,
                  i: u64,
                  a: &Article,
                  path: &Path,
                  len: u64,
                  mt: u64,
                  planted: &Planted,
                  format: Option<formats::Format>| {
        st.articles += 1;
        if a.long {
            st.long += 1;
            st.long_bytes += len;
        }
        if !want_manifest {
            return;
        }
        let plain = format.is_none_or(|f| f == formats::Format::Plain);
        let mut m = String::with_capacity(512);
        m.push_str("{\"path\":");
        json_str(&mut m, &path.to_string_lossy());
        m.push_str(",\"section\":");
        json_str(&mut m, &a.section);
        m.push_str(",\"headline\":");
        json_str(&mut m, &a.headline);
        m.push_str(",\"alt_headline\":");
        // The other formats have no place for an alternate headline.
        json_opt(&mut m, if plain { &a.alt } else { &None });
        m.push_str(",\"standfirst\":");
        json_opt(&mut m, &a.standfirst);
        m.push_str(",\"bylines\":[");
        if let Some(b) = &a.byline {
            json_str(&mut m, b);
        }
        let _ = write!(m, "],\"bytes\":{len},\"mtime\":{mt}");
        if let Some((root, kind, _, topic)) = planted {
            let _ = write!(m, ",\"story\":{root},\"variant\":");
            match kind {
                Some(k) => json_str(&mut m, k.name()),
                None => m.push_str("null"),
            }
            match topic {
                Some(t) => {
                    let _ = write!(m, ",\"topic\":{t}");
                }
                None => m.push_str(",\"topic\":null"),
            }
        }
        if let Some(f) = format {
            m.push_str(",\"format\":");
            json_str(&mut m, f.name());
            if !plain {
                // What the body should read as, to check a parser against.
                m.push_str(",\"body\":");
                json_str(&mut m, &formats::body(a));
            }
        }
        m.push_str("}\n");
        st.manifest.push((i, m));
    };
    let new_stats = || Stats {
        files: 0,
        articles: 0,
        bytes: 0,
        long: 0,
        long_bytes: 0,
        min: u64::MAX,
        max: 0,
        manifest: Vec::new(),
    };

    let run = |t: usize| -> Result<Stats, String> {
        let mut st = new_stats();
        let mut i = t as u64;
        while i < opts.n {
            let (a, planted) = make(i);
            let rel = rel_of(i, &a, "txt", false);
            let path = write(&mut st, &rel, &a.text, mtime(i, &a, &planted))?;
            let mt = mtime(i, &a, &planted);
            record(
                &mut st,
                i,
                &a,
                &path,
                a.text.len() as u64,
                mt,
                &planted,
                None,
            );
            i += opts.threads as u64;
        }
        Ok(st)
    };

    // With `--formats`, a thread writes whole runs of articles (a feed holds several).
    let run_formats = |t: usize, share: f64| -> Result<Stats, String> {
        use formats::Format;
        let mut st = new_stats();
        let mut g = t as u64;
        while g * formats::GROUP < opts.n {
            let first = g * formats::GROUP;
            let last = (first + formats::GROUP).min(opts.n);
            let plan = formats::plan(opts.seed, g, (last - first) as usize, share);
            let mut r = Rng::new(mix(opts.seed ^ 0xf0a7, g));
            let mut feed: Vec<(u64, Article, Planted, u64)> = Vec::new();
            for (i, &format) in (first..last).zip(&plan) {
                let (a, planted) = make(i);
                let mt = mtime(i, &a, &planted);
                if format.is_feed() {
                    feed.push((i, a, planted, mt));
                    continue;
                }
                let text = match format {
                    Format::MarkdownYaml => formats::markdown(&a, mt, false, &mut r),
                    Format::MarkdownToml => formats::markdown(&a, mt, true, &mut r),
                    Format::Html => formats::html(&a, mt, &mut r),
                    _ => a.text.clone(),
                };
                let rel = rel_of(i, &a, format.extension(), false);
                let path = write(&mut st, &rel, &text, mt)?;
                record(
                    &mut st,
                    i,
                    &a,
                    &path,
                    text.len() as u64,
                    mt,
                    &planted,
                    Some(format),
                );
            }
            if let Some((i0, a0, _, _)) = feed.first() {
                let format = plan[0];
                let items: Vec<(&Article, u64)> =
                    feed.iter().map(|(_, a, _, mt)| (a, *mt)).collect();
                let text = formats::feed(format, g, &items);
                let newest = items.iter().map(|(_, mt)| *mt).max().unwrap_or(T0);
                let rel = rel_of(*i0, a0, format.extension(), true);
                let path = write(&mut st, &rel, &text, newest)?;
                for (i, a, planted, mt) in &feed {
                    let len = a.text.len() as u64;
                    record(&mut st, *i, a, &path, len, *mt, planted, Some(format));
                }
            }
            g += opts.threads as u64;
        }
        Ok(st)
    };

    let results: Vec<Result<Stats, String>> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..opts.threads)
            .map(|t| {
                s.spawn(move || match opts.formats {
                    Some(share) => run_formats(t, share),
                    None => run(t),
                })
            })
            .collect();
        hs.into_iter()
            .map(|h| h.join().expect("worker panicked"))
            .collect()
    });

    let (mut files, mut bytes, mut long, mut long_bytes, mut min, mut max) =
        (0, 0, 0, 0, u64::MAX, 0);
    let mut articles = 0;
    let mut manifest = Vec::new();
    for r in results {
        match r {
            Ok(st) => {
                files += st.files;
                articles += st.articles;
                bytes += st.bytes;
                long += st.long;
                long_bytes += st.long_bytes;
                min = min.min(st.min);
                max = max.max(st.max);
                manifest.extend(st.manifest);
            }
            Err(e) => {
                eprintln!("gen_corpus: {e}");
                std::process::exit(1);
            }
        }
    }
    if let Some(p) = &opts.manifest {
        manifest.sort_by_key(|(i, _)| *i);
        let mut buf = String::with_capacity(manifest.len() * 400);
        for (_, m) in &manifest {
            buf.push_str(m);
        }
        if let Err(e) = fs::write(p, buf) {
            eprintln!("gen_corpus: cannot write manifest {}: {e}", p.display());
            std::process::exit(1);
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let mean = if files > 0 {
        bytes as f64 / files as f64
    } else {
        0.0
    };
    println!(
        "gen_corpus: {files} files in {} ({} sections{}), seed {}",
        opts.out.display(),
        labels.len(),
        if opts.flat { ", flat" } else { "" },
        opts.seed
    );
    println!(
        "  total {bytes} bytes ({:.1} MiB), mean {:.0} bytes, min {}, max {}",
        bytes as f64 / 1_048_576.0,
        mean,
        if files > 0 { min } else { 0 },
        max
    );
    if opts.formats.is_some() {
        println!("  {articles} articles (a feed file holds several)");
    }
    println!(
        "  long (40-55 KB): {long} ({:.2} %), mean {:.0} bytes; vocabulary {} words",
        if articles > 0 {
            100.0 * long as f64 / articles as f64
        } else {
            0.0
        },
        if long > 0 {
            long_bytes as f64 / long as f64
        } else {
            0.0
        },
        vocab.size()
    );
    println!(
        "  time {secs:.2} s ({:.0} files/s, {} threads)",
        files as f64 / secs.max(1e-9),
        opts.threads
    );
}
