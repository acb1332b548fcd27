//! The reader without a terminal, for the render tests: actions applied with the work they ask
//! for, the screen drawn into ratatui's `TestBackend`, and its rows and cells read back.

use kiosque::action::Action;
use kiosque::app::App;
use kiosque::{run, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// Applies `action`, then the effects it asks for and the effects of their answers (a search
/// answers, then reads), until none is left.
pub fn act(app: &mut App, action: Action) {
    app.update(action);
    loop {
        let effects = app.take_effects();
        if effects.is_empty() {
            return;
        }
        for e in effects {
            for a in run::perform(e) {
                app.update(a);
            }
        }
    }
}

/// The screen drawn at the app's size.
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.screen.size.0, app.screen.size.1)).unwrap();
    t.draw(|f| ui::render(f, app)).unwrap();
    t
}

/// The cells of the screen drawn at the app's size.
pub fn buffer(app: &App) -> Buffer {
    draw(app).backend().buffer().clone()
}

/// The text of row `y`.
pub fn row(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

/// The cells of the first row holding `text`.
pub fn cells_of(buf: &Buffer, text: &str) -> Vec<(u16, u16)> {
    for y in 0..buf.area.height {
        let line = row(buf, y);
        if let Some(byte) = line.find(text) {
            let start = line[..byte].chars().count() as u16;
            return (start..start + text.chars().count() as u16)
                .map(|x| (x, y))
                .collect();
        }
    }
    Vec::new()
}
