//! A small XML well-formedness check with quick-xml, for the documents `kiosque export` writes:
//! one root element, every tag closed in order, attributes unique and well quoted, references
//! only to characters and to XML's five entities (an XHTML document of an EPUB has no DTD:
//! `&nbsp;` would be an error), and the elements in document order for the tests to look at.

#![allow(dead_code)]

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

/// One element: its qualified name, its attributes (unescaped) and its text (the text of its
/// descendants included, references resolved).
#[derive(Debug, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub depth: usize,
}

impl Element {
    /// The value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn element(e: &BytesStart, depth: usize) -> Result<Element, String> {
    let name = e.name().as_ref().to_owned();
    let mut attrs = Vec::new();
    for a in e.attributes().with_checks(true) {
        let a = a.map_err(|e| format!("<{name}>: {e}"))?;
        let key = a.key.as_ref().to_owned();
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| format!("<{name} {key}>: {e}"))?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attrs,
        text: String::new(),
        depth,
    })
}

/// The elements of `xml` in document order, or why it is not well-formed.
pub fn parse(xml: &str) -> Result<Vec<Element>, String> {
    // XML 1.0's `Char` production: quick-xml does not check it, a reading system does.
    if let Some((at, c)) = xml.char_indices().find(|&(_, c)| {
        !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    }) {
        return Err(format!("at byte {at}: {c:?} is not an XML character"));
    }
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut out: Vec<Element> = Vec::new();
    // Indices in `out` of the elements open.
    let mut open: Vec<usize> = Vec::new();
    let mut roots = 0;
    let text_to = |out: &mut Vec<Element>, open: &[usize], t: &str| {
        for &i in open {
            out[i].text.push_str(t);
        }
    };
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {at}: {e}"))?;
        match event {
            Event::Start(e) => {
                if open.is_empty() {
                    roots += 1;
                }
                out.push(element(&e, open.len())?);
                open.push(out.len() - 1);
            }
            Event::Empty(e) => {
                if open.is_empty() {
                    roots += 1;
                }
                out.push(element(&e, open.len())?);
            }
            Event::End(_) => {
                open.pop().ok_or("a closing tag with nothing open")?;
            }
            Event::Text(t) => {
                let t = t.xml10_content();
                // Character data never holds `]]>` (XML 1.0 §2.4).
                if t.contains("]]>") {
                    return Err(format!("at byte {at}: ]]> in character data"));
                }
                if open.is_empty() && !t.trim().is_empty() {
                    return Err(format!("text outside the root: {t:?}"));
                }
                text_to(&mut out, &open, &t);
            }
            Event::CData(t) => {
                let t = t.xml10_content();
                text_to(&mut out, &open, &t);
            }
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref()
                        .map_err(|e| e.to_string())?
                        .ok_or("a character reference to nothing")?
                } else {
                    match r.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(format!("an undeclared entity &{other};")),
                    }
                };
                text_to(&mut out, &open, &c.to_string());
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !open.is_empty() {
        return Err(format!("{} element(s) never closed", open.len()));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(out)
}

#[test]
fn the_check_finds_what_is_not_well_formed() {
    assert!(parse("<a><b/>x &amp; &#233;</a>").is_ok());
    assert_eq!(parse("<a>x &amp; &#233;</a>").unwrap()[0].text, "x & é");
    for bad in [
        "<a><b></a></b>",
        "<a>",
        "<a/><b/>",
        "<a>&nbsp;</a>",
        "<a x='1' x='2'/>",
        "<a>1 < 2</a>",
        "<a>&#0;</a>",
        "<a>\u{1b}[31m</a>",
        "<a>x ]]> y</a>",
    ] {
        assert!(parse(bad).is_err(), "{bad} taken as well-formed");
    }
}
