use super::*;
use proptest::prelude::*;

fn stamp(t: i64, n: u32, device: u64) -> Stamp {
    Stamp { t, n, device }
}

fn read(id: u64, v: bool, s: Stamp) -> Change {
    Change {
        id,
        value: Value::Read(v),
        stamp: s,
    }
}

#[test]
fn the_later_change_wins_per_article_and_flag() {
    let mut s = State::default();
    assert!(s.apply(&read(1, true, stamp(10, 0, 1))));
    assert!(!s.apply(&read(1, false, stamp(5, 0, 2))), "older loses");
    assert!(s.is_read(1));
    let star = Change {
        id: 1,
        value: Value::Starred(true),
        stamp: stamp(1, 0, 2),
    };
    assert!(s.apply(&star), "each flag on its own");
    assert!(s.is_read(1) && s.is_starred(1));
    assert!(
        s.apply(&read(1, false, stamp(10, 1, 1))),
        "the counter orders"
    );
    assert!(!s.is_read(1));
}

#[test]
fn a_change_made_here_beats_a_future_one() {
    let mut s = State::default();
    // Written by a clock in 2100.
    s.apply(&read(1, true, stamp(4_102_444_800_000, 0, 9)));
    let mine = s.change(1, Value::Read(false), 1_764_000_000_000, 2);
    assert!(!s.is_read(1));
    // Merged again, in any order, the future change does not come back.
    s.apply(&read(1, true, stamp(4_102_444_800_000, 0, 9)));
    assert!(!s.is_read(1));
    let mut other = State::default();
    other.apply(&mine);
    other.apply(&read(1, true, stamp(4_102_444_800_000, 0, 9)));
    assert!(!other.is_read(1));
}

#[test]
fn positions_are_a_flag_of_their_own() {
    let mut s = State::default();
    let p = Position {
        block: 3,
        offset: 40,
    };
    s.change(7, Value::Position(p), 100, 1);
    s.change(7, Value::Read(true), 100, 1);
    assert_eq!(s.get(7).position(), p);
    assert!(s.is_read(7));
    assert_eq!(s.get(8).position(), Position::default());
    assert_eq!(s.changes().count(), 2);
}

#[test]
fn the_version_read_merges_across_devices_as_the_other_flags_do() {
    let v1 = Fingerprints::new(vec![1, 2, 3]);
    let v2 = Fingerprints::new(vec![1, 9, 3]);
    let seen = |v: &Fingerprints, s: Stamp| Change {
        id: 5,
        value: Value::Seen(v.clone()),
        stamp: s,
    };
    // Read on a laptop (version 1), later on a phone (version 2): the phone's wins, merged in
    // either order.
    let (laptop, phone) = (seen(&v1, stamp(10, 0, 1)), seen(&v2, stamp(20, 0, 2)));
    for order in [[&laptop, &phone], [&phone, &laptop]] {
        let mut s = State::default();
        s.apply(&read(5, true, stamp(9, 0, 1)));
        for c in order {
            s.apply(c);
        }
        assert_eq!(s.seen(5), Some(&v2));
        assert!(!s.is_updated(5, v2.digest()));
        assert!(
            s.is_updated(5, v1.digest()),
            "version 1 on disk: not the one read"
        );
    }
    // Unknown version on disk, or never read in a known version: never updated.
    let mut s = State::default();
    s.apply(&read(5, true, stamp(9, 0, 1)));
    assert!(!s.is_updated(5, v1.digest()));
    s.apply(&laptop);
    assert!(!s.is_updated(5, 0));
    // Unread: not updated (it is unread), the version read is kept for when it is read.
    s.apply(&read(5, false, stamp(30, 0, 1)));
    assert!(!s.is_updated(5, v2.digest()));
    assert_eq!(s.seen(5), Some(&v1));
    // A flag of its own: the read mark's stamps do not decide it.
    assert_eq!(s.stamp(5, Flag::Seen), Some(stamp(10, 0, 1)));
    assert_eq!(s.changes().count(), 2);
}

fn arb_change() -> impl Strategy<Value = Change> {
    (
        0u64..4,
        0u8..4,
        any::<bool>(),
        0i64..5,
        0u32..3,
        0u64..3,
        0u32..3,
    )
        .prop_map(|(id, flag, b, t, n, device, block)| Change {
            id,
            value: match flag {
                0 => Value::Read(b),
                1 => Value::Starred(b),
                2 => Value::Position(Position {
                    block,
                    offset: u32::from(b),
                }),
                _ => Value::Seen(Fingerprints::new(vec![block, u32::from(b)])),
            },
            stamp: stamp(t, n, device),
        })
}

fn state_of(changes: &[Change]) -> State {
    let mut s = State::default();
    for c in changes {
        s.apply(c);
    }
    s
}

fn merged(a: &State, b: &State) -> State {
    let mut m = a.clone();
    m.merge(b);
    m
}

proptest! {
    #[test]
    fn merging_is_commutative_associative_and_idempotent(
        a in prop::collection::vec(arb_change(), 0..12),
        b in prop::collection::vec(arb_change(), 0..12),
        c in prop::collection::vec(arb_change(), 0..12),
    ) {
        let (a, b, c) = (state_of(&a), state_of(&b), state_of(&c));
        prop_assert_eq!(merged(&a, &b), merged(&b, &a));
        prop_assert_eq!(merged(&merged(&a, &b), &c), merged(&a, &merged(&b, &c)));
        prop_assert_eq!(merged(&a, &a), a.clone());
        prop_assert_eq!(merged(&merged(&a, &b), &b), merged(&a, &b));
    }

    #[test]
    fn the_order_changes_are_met_in_does_not_matter(
        mut changes in prop::collection::vec(arb_change(), 0..20),
        seed in any::<u64>(),
    ) {
        let forward = state_of(&changes);
        // A cheap shuffle from the seed.
        let n = changes.len();
        for i in 0..n {
            let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) % n as u64) as usize;
            changes.swap(i, j);
        }
        prop_assert_eq!(state_of(&changes), forward);
    }

    #[test]
    fn a_later_local_change_always_wins(
        known in prop::collection::vec(arb_change(), 0..20),
        wall in 0i64..6,
        id in 0u64..4,
        value in any::<bool>(),
        device in 0u64..3,
    ) {
        let mut here = state_of(&known);
        let mine = here.change(id, Value::Read(value), wall, device);
        // Whatever was known, merged again in any order, on any device, loses to it.
        let mut elsewhere = State::default();
        elsewhere.apply(&mine);
        for c in &known {
            here.apply(c);
            elsewhere.apply(c);
        }
        prop_assert_eq!(here.is_read(id), value);
        prop_assert_eq!(elsewhere.is_read(id), value);
    }
}
