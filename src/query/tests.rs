//! The grammar: every form of SPEC §9, precedence, negation, nesting, and errors with their
//! columns; then what the forms mean on articles.

use super::*;

fn q(text: &str) -> Query {
    parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn e(text: &str) -> Expr {
    q(text).expr
}

fn words(field: Field, w: &[&str]) -> Expr {
    Expr::Term(Term::Text {
        field,
        pattern: Pattern::Words(w.iter().map(|s| (*s).to_owned()).collect()),
    })
}

fn w(s: &str) -> Expr {
    words(Field::Any, &[s])
}

fn error(text: &str) -> (usize, String) {
    let err = parse(text).expect_err(text);
    (err.column, err.message)
}

#[test]
fn empty_query_is_everything() {
    assert!(q("").is_all());
    assert!(q("   ").is_all());
    assert_eq!(q("sort:old").sort, Sort::Old);
    assert!(q("sort:old").is_all());
}

#[test]
fn words_fold_and_split() {
    assert_eq!(e("ÉTATS"), w("etats"));
    assert_eq!(e("etats-unis"), words(Field::Any, &["etats", "unis"]));
    assert_eq!(e("l’OMS"), words(Field::Any, &["l", "oms"]));
    // No letter or digit: nothing to look for, every article matches.
    assert_eq!(e("«"), words(Field::Any, &[]));
}

#[test]
fn juxtaposition_is_and_and_or_binds_looser() {
    assert_eq!(e("a b"), Expr::And(vec![w("a"), w("b")]));
    assert_eq!(
        e("a b or c"),
        Expr::Or(vec![Expr::And(vec![w("a"), w("b")]), w("c")])
    );
    assert_eq!(e("a b or c"), e("(a b) or c"));
    assert_ne!(e("a b or c"), e("a (b or c)"));
    assert_eq!(e("a OR b or c"), Expr::Or(vec![w("a"), w("b"), w("c")]));
    // `Or` is a word: only `or` and `OR` join.
    assert_eq!(e("a Or b"), Expr::And(vec![w("a"), w("or"), w("b")]));
}

#[test]
fn negation_of_terms_and_groups() {
    assert_eq!(e("-a"), Expr::Not(Box::new(w("a"))));
    assert_eq!(
        e("a -(b or c)"),
        Expr::And(vec![
            w("a"),
            Expr::Not(Box::new(Expr::Or(vec![w("b"), w("c")])))
        ])
    );
    assert_eq!(e("--a"), Expr::Not(Box::new(Expr::Not(Box::new(w("a"))))));
    assert_eq!(
        e("-title:x"),
        Expr::Not(Box::new(words(Field::Title, &["x"])))
    );
    // A hyphen inside a word is part of it.
    assert_eq!(e("a-b"), words(Field::Any, &["a", "b"]));
}

#[test]
fn nesting() {
    assert_eq!(
        e("((a or (b -c)) d)"),
        Expr::And(vec![
            Expr::Or(vec![
                w("a"),
                Expr::And(vec![w("b"), Expr::Not(Box::new(w("c")))])
            ]),
            w("d")
        ])
    );
    assert_eq!(e("(a)"), w("a"));
}

#[test]
fn phrases() {
    let phrase = |field, ws: &[&str]| {
        Expr::Term(Term::Text {
            field,
            pattern: Pattern::Phrase(ws.iter().map(|s| (*s).to_owned()).collect()),
        })
    };
    assert_eq!(
        e("\"Banque centrale\""),
        phrase(Field::Any, &["banque", "centrale"])
    );
    assert_eq!(e("\"or\""), w("or"));
    assert_eq!(
        e("body:\"taux directeurs\""),
        phrase(Field::Body, &["taux", "directeurs"])
    );
    assert_eq!(
        e("a\"b c\""),
        Expr::And(vec![w("a"), phrase(Field::Any, &["b", "c"])])
    );
}

#[test]
fn fields() {
    assert_eq!(e("title:BCE"), words(Field::Title, &["bce"]));
    assert_eq!(e("Title:bce"), words(Field::Title, &["bce"]));
    assert_eq!(e("by:dupont"), words(Field::By, &["dupont"]));
    assert_eq!(e("quote:nous"), words(Field::Quote, &["nous"]));
    assert_eq!(e("body:taux"), words(Field::Body, &["taux"]));
    let name = |ws: &[&str]| {
        Expr::Term(Term::Text {
            field: Field::Section,
            pattern: Pattern::Name(ws.iter().map(|s| (*s).to_owned()).collect()),
        })
    };
    assert_eq!(e("section:\"faits divers\""), name(&["faits", "divers"]));
    assert_eq!(e("section:faits-divers"), name(&["faits", "divers"]));
    assert_eq!(e("section:ÉCONOMIE"), name(&["economie"]));
    let sub = |s: &str| {
        Expr::Term(Term::Text {
            field: Field::Path,
            pattern: Pattern::Substring(s.into()),
        })
    };
    assert_eq!(e("path:2024/03"), sub("2024/03"));
    assert_eq!(e("path:/srv/News/x.txt"), sub("/srv/news/x.txt"));
    assert_eq!(e("path:\"mes notes\""), sub("mes notes"));
}

#[test]
fn regexes() {
    let Expr::Term(Term::Text {
        field: Field::Title,
        pattern: Pattern::Regex(rx),
    }) = e("title:/^la (banque|bce)/")
    else {
        panic!("a title regex");
    };
    assert_eq!(rx.source, "^la (banque|bce)");
    assert!(rx.matches("LA BCE"));
    let Expr::Term(Term::Text {
        field: Field::Any,
        pattern: Pattern::Regex(rx),
    }) = e(r"/a\/b/")
    else {
        panic!("a regex");
    };
    assert!(rx.matches("a/b"));
    // A path regex is one whole /…/; anything else is a path.
    assert!(matches!(
        e("path:/2024/"),
        Expr::Term(Term::Text {
            pattern: Pattern::Regex(_),
            ..
        })
    ));
}

#[test]
fn states_and_dates() {
    assert_eq!(e("is:unread"), Expr::Term(Term::Is(Flag::Unread)));
    assert_eq!(e("is:READ"), Expr::Term(Term::Is(Flag::Read)));
    assert_eq!(e("is:starred"), Expr::Term(Term::Is(Flag::Starred)));
    assert_eq!(e("is:updated"), Expr::Term(Term::Is(Flag::Updated)));
    assert_eq!(
        e("newer:7d"),
        Expr::Term(Term::Date {
            op: DateOp::Newer,
            when: When::Ago(7 * DAY_NS)
        })
    );
    let day = Civil {
        year: 2024,
        month: 3,
        day: 15,
    };
    assert_eq!(
        e("date:2024-03-15"),
        Expr::Term(Term::Date {
            op: DateOp::On,
            when: When::Day(day)
        })
    );
    assert!(matches!(
        e("older:2w"),
        Expr::Term(Term::Date {
            op: DateOp::Older,
            ..
        })
    ));
    assert!(matches!(
        e("date:2024-03"),
        Expr::Term(Term::Date {
            when: When::Month(_),
            ..
        })
    ));
}

#[test]
fn sort_orders_the_whole_query() {
    let x = q("is:unread sort:title politique");
    assert_eq!(x.sort, Sort::Title);
    assert_eq!(x.expr, e("is:unread politique"));
    assert_eq!(q("a or b sort:section").expr, e("a or b"));
    assert_eq!(q("").sort, Sort::New);
    assert_eq!(q("SORT:NEW").sort, Sort::New);
}

#[test]
fn errors_say_where() {
    assert_eq!(error("a \"b c").0, 3);
    assert!(error("a \"b c").1.contains("never closed"));
    assert_eq!(error("(a b").0, 1);
    assert_eq!(error("a (b or c").0, 3);
    assert_eq!(error("a b)").0, 4);
    assert_eq!(error("or a").0, 1);
    assert!(error("or a").1.contains("before"));
    assert_eq!(error("a or").0, 3);
    assert!(error("a or").1.contains("after"));
    assert_eq!(error("a or or b").0, 3);
    assert_eq!(error("a ()").0, 4);
    assert_eq!(error("a - b").0, 3);
    assert_eq!(error("a -").0, 3);
    assert_eq!(error("(a -)").0, 4);
    assert_eq!(error("-or a").0, 1);
    assert_eq!(error("tilte:x").0, 1);
    assert!(error("tilte:x").1.contains("unknown field"));
    assert_eq!(error("a title: x").0, 3);
    assert!(error("a title: x").1.contains("needs a value"));
    assert_eq!(error("is:sleeping").0, 4);
    assert_eq!(error("x newer:7x").0, 9);
    assert_eq!(error("date:2024-02-30").0, 6);
    assert!(error("date:7d").1.contains("newer:7d"));
    assert_eq!(error("is:\"read\"").0, 4);
    assert_eq!(error("sort:random").0, 6);
    assert_eq!(error("(a sort:old)").0, 4);
    assert_eq!(error("-sort:old").0, 2);
    assert_eq!(error("sort:old x sort:new").0, 12);
    assert_eq!(error("/abc").0, 1);
    assert_eq!(error("/a/b").0, 4);
    // A regex's own mistake, at its column.
    assert_eq!(error("x /ab(c/").0, 6);
    assert!(error("x /ab(c/").1.starts_with("regex:"));
    assert_eq!(error("title:/[z-a]/").0, 9);
    // Columns count characters, not bytes.
    assert_eq!(error("éé (").0, 4);
    assert_eq!(
        parse("(a").unwrap_err().to_string(),
        "column 1: this ( is never closed"
    );
}

mod meaning {
    use super::super::eval::{FullDoc, matches};
    use super::*;
    use crate::article::Article;

    fn article() -> Article {
        crate::parse::parse(
            "ECONOMIEBCE : la Banque centrale européenne baisse ses taux\n\n\
             Les taux directeurs baissent\n\n\
             ECONOMIELa BCE a tranché.\n\
             Antoine Mercier pour 20 Minutes\n\n\
             Sa présidente a dit : « Nous ne sommes pas sur une trajectoire prédéterminée. »\n\n\
             L’inflation est revenue à 1,8 % dans la zone euro.",
            None,
        )
    }

    fn m(text: &str, a: &Article, read: bool) -> bool {
        let plan = Plan::new(q(text), 20 * 365 * 86_400_000);
        let doc = FullDoc {
            section: "ECONOMIE",
            path: "/news/2024/03/bce.txt",
            date_ns: 19 * 365 * DAY_NS,
            read,
            starred: false,
            updated: read,
            article: a,
        };
        matches(&plan, &doc)
    }

    #[test]
    fn every_form_on_one_article() {
        let a = article();
        let yes = [
            "bce",
            "bce inflation",
            "\"banque centrale\"",
            "\"banque centr europ\"",
            "title:directeurs",
            "title:/^bce/",
            "by:mercier",
            "section:economie",
            "section:/^eco/",
            "quote:trajectoire",
            "quote:\"pas sur une\"",
            "body:inflation",
            "body:\"zone euro\"",
            "/zone euro/",
            "/prédéterminée/",
            "/predeterminee/",
            "path:2024/03",
            "path:/bce\\.txt$/",
            "is:unread",
            "newer:2y",
            "older:6m",
            "-is:starred",
            "-is:updated",
            "sport or bce",
            "-(sport or rugby)",
            "tranche",
            "sort:title",
        ];
        for text in yes {
            assert!(m(text, &a, false), "{text} should match");
        }
        let no = [
            "sport",
            "criminalite",
            "\"centrale banque\"",
            "title:inflation",
            "by:bce",
            "section:eco",
            "quote:inflation",
            "body:mercier",
            "body:\"banque centrale\"",
            "/^nous/",
            "path:2023",
            "is:read",
            "is:starred",
            "is:updated",
            "newer:6m",
            "older:2y",
            "bce -inflation",
            "sport or rugby",
            "date:2024",
        ];
        for text in no {
            assert!(!m(text, &a, false), "{text} should not match");
        }
        assert!(m("is:read", &a, true));
        assert!(m("is:updated -is:unread", &a, true));
    }
}
