//! Style checks on drawn screens (issue 10): what the selection hides or not, the screen
//! without colour (`NO_COLOR`), the list's date column and its use of a wide terminal.

mod support;

use kiosque::action::Action;
use kiosque::app::App;
use kiosque::library::Sources;
use kiosque::loader;
use kiosque::state::State;
use ratatui::style::{Color, Modifier};
use support::screen::{act, buffer, cells_of, row};

const FIXTURES: &str = "tests/fixtures/library";

fn app(sources: &Sources, size: (u16, u16)) -> App {
    let mut app = App::new(State::default(), size);
    let mut loads = Vec::new();
    loader::load(sources, 0, loader::Options::default(), &mut |l| {
        loads.push(l);
        true
    });
    for l in loads {
        app.update(Action::Load(l));
    }
    app.refresh();
    app
}

fn fixtures(size: (u16, u16)) -> App {
    app(&Sources::Paths(vec![FIXTURES.into()]), size)
}

/// Every cell of the selected rows is legible: no text drawn in the colour of its background.
#[test]
fn the_selection_hides_nothing() {
    let mut a = fixtures((120, 40));
    act(&mut a, Action::FocusPrev);
    for focused in [true, false] {
        let buf = buffer(&a);
        // "All 40/40" is the selected row.
        let y = cells_of(&buf, "40/40")[0].1;
        for x in 1..20 {
            let c = &buf[(x, y)];
            let reversed = c.modifier.contains(Modifier::REVERSED);
            assert!(
                reversed || c.fg != c.bg,
                "focused={focused}: cell {x} {:?} is {:?} on {:?}",
                c.symbol(),
                c.fg,
                c.bg
            );
        }
        act(&mut a, Action::FocusNext);
    }
    // The article list's selected row: the unread dot is visible.
    let buf = buffer(&a);
    let dot = (0..120)
        .flat_map(|x| (1..3).map(move |y| (x, y)))
        .find(|&(x, y)| buf[(x, y)].symbol() == "●" && buf[(x, y)].bg != Color::Reset)
        .expect("the unread dot of the selected row");
    assert_ne!(buf[dot].fg, buf[dot].bg);
}

/// `NO_COLOR`: not a single colour on screen, and the selection, unread rows, quotations and
/// intertitles still stand out.
#[test]
fn without_colour_the_screen_keeps_its_distinctions() {
    let mut a = app(&Sources::Bundled, (200, 60));
    a.screen.mono = true;
    act(&mut a, Action::Open);
    act(&mut a, Action::FocusPrev);
    let buf = buffer(&a);
    for c in &buf.content {
        assert_eq!((c.fg, c.bg), (Color::Reset, Color::Reset), "{c:?}");
    }
    // The selected (focused) row is in reverse video.
    let sel = cells_of(&buf, "La Russie et les");
    assert!(buf[sel[0]].modifier.contains(Modifier::REVERSED));
    // The status line too.
    assert!(buf[(0, 59)].modifier.contains(Modifier::REVERSED));
    // A quotation is italic, the body around it is not.
    let quote = cells_of(&buf, "« Nous collaborerons");
    assert!(!quote.is_empty());
    for &c in &quote {
        assert!(buf[c].modifier.contains(Modifier::ITALIC), "{c:?}");
    }
    let body = cells_of(&buf, "et les arrêter.");
    for &c in &body {
        assert!(!buf[c].modifier.contains(Modifier::ITALIC), "{c:?}");
    }
    // An intertitle is bold and underlined.
    for c in cells_of(&buf, "Un mariage de convenance") {
        let m = buf[c].modifier;
        assert!(m.contains(Modifier::BOLD | Modifier::UNDERLINED), "{m:?}");
    }
    // An unread row is bold, a read one is not: the seed was opened, so it is read.
    let mut f = fixtures((120, 40));
    f.screen.mono = true;
    act(&mut f, Action::Down);
    act(&mut f, Action::ToggleRead);
    act(&mut f, Action::Down);
    let buf = buffer(&f);
    let head = |n: usize| -> String {
        f.entries[f.lists.view[n] as usize]
            .headline()
            .chars()
            .take(15)
            .collect()
    };
    let unread = cells_of(&buf, &head(0));
    let read = cells_of(&buf, &head(1));
    assert!(buf[unread[0]].modifier.contains(Modifier::BOLD));
    assert!(!buf[read[0]].modifier.contains(Modifier::BOLD));
}

/// Each row ends with its date; a wide terminal shows whole headlines, a narrow one the short
/// dates.
#[test]
fn the_list_has_a_date_column_and_uses_a_wide_terminal() {
    // The fixtures with their times pinned, a minute apart, the first path the newest: a checkout writes them
    // within a few milliseconds in an order of its own, which would choose the first row.
    let dir = tempfile::tempdir().unwrap();
    support::copy_tree(std::path::Path::new(FIXTURES), dir.path());
    let mut files = support::files_under(dir.path());
    files.sort();
    let start = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    for (k, f) in files.iter().enumerate() {
        let k = u64::try_from(k).unwrap();
        support::set_mtime(f, start - std::time::Duration::from_secs(60 * k));
    }
    let pinned = |size| app(&Sources::Paths(vec![dir.path().to_owned()]), size);
    let mut a = pinned((250, 50));
    // The fixtures' dates are their files' times: "now" is set an hour after the newest.
    let times: Vec<i64> = a
        .lists
        .view
        .iter()
        .map(|&n| a.entries[n as usize].mtime_ns)
        .collect();
    let top = times[0] / 1_000_000_000;
    a.screen.now = kiosque::date::Now::at(top + 3600, jiff::tz::TimeZone::UTC);
    let buf = buffer(&a);
    let first = row(&buf, 1);
    let when = kiosque::date::short(times[0], &a.screen.now, true);
    assert!(
        first.contains(&format!("{when}│")),
        "{first:?} ends with {when:?}"
    );
    // Whole headlines: the longest fixture headline that has a byline is not cut.
    let long = a
        .lists
        .view
        .iter()
        .map(|&n| &a.entries[n as usize])
        .filter(|e| e.byline().is_some())
        .map(|e| e.headline().to_string())
        .max_by_key(|h| h.chars().count())
        .unwrap();
    assert!(long.chars().count() > 60, "{long}");
    assert!(
        (0..50).any(|y| row(&buf, y).contains(&long)),
        "{long:?} shown whole at 250 columns"
    );
    // At 40 columns the short form still fits beside a headline.
    let mut n = pinned((40, 12));
    n.screen.now = a.screen.now.clone();
    let buf = buffer(&n);
    let first = row(&buf, 1);
    let short = kiosque::date::short(times[0], &n.screen.now, false);
    assert!(first.contains(&format!("{short}│")), "{first:?}");
    // Beside it, 20 characters of the newest headline at least.
    let newest = &n.entries[n.lists.view[0] as usize].headline();
    let start: String = newest.chars().take(20).collect();
    assert!(first.contains(&start), "{first:?} shows {start:?}");
}
