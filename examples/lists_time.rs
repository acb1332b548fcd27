//! Times reading a lists file: `lists_time LOG` (the `.kix` beside it names the key).
fn main() {
    let log: std::path::PathBuf = std::env::args_os().nth(1).expect("a log").into();
    let key = kiosque::cache::LogKey::at(&log).expect("the log");
    let path = kiosque::lists::path_for(&log);
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let bytes = std::fs::read(&path).unwrap();
        let read = t.elapsed();
        let l = kiosque::lists::read(&path, key).expect("lists");
        let all = t.elapsed();
        let t2 = std::time::Instant::now();
        let sound = l.is_sound();
        println!(
            "read {:?}, read+decode+check {:?}, check alone {:?} ({} items, {} bytes, {sound})",
            read,
            all,
            t2.elapsed(),
            l.items.len(),
            bytes.len()
        );
    }
}
