//! Mouse events as actions: a press of the main button is a click (the second within a short
//! time on the same cell, a double click), the wheel a wheel; the rest (releases, drags,
//! other buttons) is nothing.

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use crate::action::Action;

/// Two clicks on one cell within this time are a double click.
const DOUBLE: Duration = Duration::from_millis(400);

/// The last click, to tell a double click.
#[derive(Debug, Default)]
pub struct Clicks {
    last: Option<(Instant, u16, u16)>,
}

impl Clicks {
    /// The action of mouse event `ev`, received at `now`.
    pub fn action(&mut self, ev: &MouseEvent, now: Instant) -> Option<Action> {
        let (x, y) = (ev.column, ev.row);
        match ev.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let double = self
                    .last
                    .is_some_and(|(at, lx, ly)| (lx, ly) == (x, y) && now - at <= DOUBLE);
                // A third click starts again: it is not the second of a double click.
                self.last = if double { None } else { Some((now, x, y)) };
                Some(Action::Click { x, y, double })
            }
            MouseEventKind::ScrollDown => Some(Action::Wheel { x, y, down: true }),
            MouseEventKind::ScrollUp => Some(Action::Wheel { x, y, down: false }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn ev(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
        MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }
    }

    fn double(a: Option<Action>) -> bool {
        matches!(a, Some(Action::Click { double: true, .. }))
    }

    #[test]
    fn double_clicks_are_quick_and_on_one_cell() {
        let mut c = Clicks::default();
        let t = Instant::now();
        let press = MouseEventKind::Down(MouseButton::Left);
        assert!(!double(c.action(&ev(press, 3, 4), t)));
        assert!(double(c.action(&ev(press, 3, 4), t + DOUBLE / 2)));
        assert!(!double(c.action(&ev(press, 3, 4), t + DOUBLE)), "a third");
        assert!(
            !double(c.action(&ev(press, 3, 5), t + DOUBLE)),
            "another cell"
        );
        assert!(
            !double(c.action(&ev(press, 3, 5), t + DOUBLE * 3)),
            "too late"
        );
        let up = c.action(&ev(MouseEventKind::ScrollUp, 1, 2), t);
        assert!(matches!(
            up,
            Some(Action::Wheel {
                x: 1,
                y: 2,
                down: false
            })
        ));
        let release = MouseEventKind::Up(MouseButton::Left);
        assert!(c.action(&ev(release, 3, 5), t).is_none());
        let right = MouseEventKind::Down(MouseButton::Right);
        assert!(c.action(&ev(right, 3, 5), t).is_none());
    }
}
