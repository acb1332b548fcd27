//! Bytes of a file → decode → the other stored formats (Markdown front matter, RSS / Atom /
//! JSON Feed, HTML), whatever the bytes claim to be: no panic, no field holding a control
//! character (but '\n' in bodies) or a bidi control, every item an article with a headline.
#![no_main]

use kiosque::format::{self, Kind};
use kiosque::sanitize::is_bidi_control;
use kiosque::decode;
use libfuzzer_sys::fuzz_target;

fn clean(s: &str, lines: bool) -> bool {
    s.chars()
        .all(|c| !is_bidi_control(c) && (!c.is_control() || (lines && c == '\n')))
}

fuzz_target!(|data: &[u8]| {
    let decoded = decode::decode(data);
    // Every reader, forced, whatever `detect` says: each must cope with any text.
    for kind in [format::detect(&decoded.text), Kind::Markdown, Kind::Feed, Kind::Html] {
        if kind == Kind::Stored {
            continue;
        }
        let Ok(items) = format::items(&decoded.text, kind) else {
            continue;
        };
        for item in items {
            assert!(!item.headline.is_empty());
            let fields = [Some(&item.headline), item.section.as_ref(), item.alt_headline.as_ref(), item.standfirst.as_ref()];
            for f in fields.into_iter().flatten().chain(&item.bylines) {
                assert!(clean(f, false), "{f:?}");
            }
            assert!(clean(&item.body, true), "{:?}", item.body);
            let _ = item.article();
        }
    }
});
