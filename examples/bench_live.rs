//! Live folders, measured: what a check of the library costs, and a burst of new files while
//! the reader runs.
//!
//! ```sh
//! cp -r /work/corpora/c100k /tmp/c100k-live          # the library is written to: a copy
//! cargo build --release --examples
//! target/release/examples/bench_live --library /tmp/c100k-live --burst 10000 \
//!     [--from /work/corpora/c1k] [--runs 3] [--skip-loader] [--skip-reader] [--skip-warm]
//! ```
//!
//! 1. **The loader alone** (in this process, `kiosque::loader`): a warm load kept for updates,
//!    then `loader::update` when nothing changed (the walk that `stat`s every file), after one
//!    file is added, after the burst is added (all at once), after it is removed.
//! 2. **The reader** (`target/release/kiosque` in a 120×40 pty, with `KIOSQUE_TRACE`), its
//!    index warm: the time until the whole library is listed, the CPU it uses idle for 10 s
//!    and its peak RSS, with `watch = true` and `watch = false` (alternated, `--runs` times);
//!    then, watching: `r` (from the key to the library listed again), one new file (from
//!    written to listed), and the burst written file by file into a new folder of the
//!    library: the time from the first file written to the frame listing them all, the checks
//!    made (`live` lines of the trace), the CPU used and the peak RSS (`VmHWM`).
//!
//! The burst's files are the files of `--from` (default `/work/corpora/c1k`), each headline
//! numbered so no two are the same article. They are removed at the end.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kiosque::library::Sources;
use kiosque::loader::{self, LoadEvent};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

struct Args {
    library: PathBuf,
    from: PathBuf,
    burst: usize,
    runs: usize,
    bin: PathBuf,
    /// Keep the index here between runs (else a temp dir).
    cache: Option<PathBuf>,
    loader: bool,
    reader: bool,
    /// Skip the warm starts and the idle CPU (the burst only).
    warm: bool,
}

fn args() -> Args {
    let mut a = Args {
        library: PathBuf::new(),
        from: "/work/corpora/c1k".into(),
        burst: 10_000,
        runs: 3,
        bin: "target/release/kiosque".into(),
        cache: None,
        loader: true,
        reader: true,
        warm: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut val = || it.next().expect("a value after each flag");
        match flag.as_str() {
            "--library" => a.library = val().into(),
            "--from" => a.from = val().into(),
            "--burst" => a.burst = val().parse().expect("--burst N"),
            "--runs" => a.runs = val().parse().expect("--runs N"),
            "--bin" => a.bin = val().into(),
            "--cache" => a.cache = Some(val().into()),
            "--skip-loader" => a.loader = false,
            "--skip-reader" => a.reader = false,
            "--skip-warm" => a.warm = false,
            other => panic!("unknown flag {other}"),
        }
    }
    a.library = std::fs::canonicalize(&a.library).expect("--library DIR (a copy: it is written)");
    a.bin = std::fs::canonicalize(&a.bin).expect("the kiosque binary (cargo build --release)");
    a
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// The texts of the burst: the files of `from`, each headline numbered.
fn burst_texts(from: &Path, n: usize) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    let mut stack = vec![from.to_owned()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("--from DIR").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(!files.is_empty(), "no .txt file in {}", from.display());
    (0..n)
        .map(|i| {
            let text = std::fs::read_to_string(&files[i % files.len()]).expect("a burst file");
            let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
            format!("{first} n°{i}\n{rest}").into_bytes()
        })
        .collect()
}

fn write_burst(dir: &Path, texts: &[Vec<u8>]) {
    std::fs::create_dir_all(dir).expect("the burst folder");
    for (i, t) in texts.iter().enumerate() {
        std::fs::write(dir.join(format!("burst-{i:05}.txt")), t).expect("a burst file");
    }
}

/// Part 1: the loader's update, in this process.
fn loader_part(a: &Args, texts: &[Vec<u8>], work: &Path) {
    let cache = a.cache.clone().unwrap_or_else(|| work.join("cache-loader"));
    let sources = Sources::Paths(vec![a.library.clone()]);
    let options = loader::Options {
        cache_dir: Some(&cache),
        threads: 0,
        ..loader::Options::default()
    };
    let mut count = |_: kiosque::loader::Load| true;
    let t = Instant::now();
    loader::load(&sources, 0, options, &mut count);
    eprintln!(
        "first load (writes the index, unless --cache holds it): {:.0} ms",
        ms(t.elapsed())
    );
    let t = Instant::now();
    let mut kept = loader::load_and_keep(&sources, 0, options, &mut count).expect("a load");
    eprintln!(
        "warm load, kept for updates: {:.0} ms ({} articles)",
        ms(t.elapsed()),
        kept.articles()
    );
    let update = |what: &str, kept: &mut loader::Kept| {
        let mut events = Vec::new();
        let t = Instant::now();
        loader::update(&sources, kept, 0, 0, &mut |l| {
            events.push(match l.event {
                LoadEvent::Update { .. } => "update".to_owned(),
                LoadEvent::Batch { entries, .. } => format!("batch {}", entries.len()),
                LoadEvent::Removed(n) => format!("removed {}", n.len()),
                LoadEvent::Listed { bodies } => format!("listed ({bodies} bodies)"),
                LoadEvent::Done => "done".to_owned(),
                _ => String::new(),
            });
            true
        });
        let took = ms(t.elapsed());
        events.retain(|e| !e.is_empty() && !e.starts_with("batch"));
        eprintln!("update, {what}: {took:.1} ms {events:?}");
        took
    };
    let idle: Vec<f64> = (0..5)
        .map(|_| update("nothing changed", &mut kept))
        .collect();
    eprintln!(
        "=> a check that finds nothing: median {:.1} ms",
        median(idle)
    );
    // The floor: the same `stat` of every file, by find(1).
    let floor: Vec<f64> = (0..3)
        .map(|_| {
            let t = Instant::now();
            let out = std::process::Command::new("find")
                .arg(&a.library)
                .args(["-type", "f", "-printf", "%s %T@ %C@ %i\\n"])
                .output()
                .expect("find(1)");
            assert!(out.status.success());
            ms(t.elapsed())
        })
        .collect();
    eprintln!(
        "=> floor, find -printf (size, times, inode of every file): median {:.1} ms",
        median(floor)
    );
    let dir = a.library.join("live-burst");
    write_burst(&dir, &texts[..1]);
    update("1 file added", &mut kept);
    std::fs::remove_dir_all(&dir).expect("remove the burst");
    update("1 file removed", &mut kept);
    write_burst(&dir, texts);
    update(&format!("{} files added", texts.len()), &mut kept);
    std::fs::remove_dir_all(&dir).expect("remove the burst");
    update(&format!("{} files removed", texts.len()), &mut kept);
}

/// One reader in a pty.
struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    trace: PathBuf,
    pid: u32,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(bin: &Path, library: &Path, config: &Path, cache: &Path, work: &Path) -> Session {
        let trace = work.join(format!(
            "trace-{}.txt",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let _ = std::fs::remove_file(&trace);
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(bin);
        cmd.arg(library);
        cmd.env("KIOSQUE_CONFIG_DIR", config);
        cmd.env("KIOSQUE_CACHE_DIR", cache);
        cmd.env("KIOSQUE_TRACE", &trace);
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).expect("spawn kiosque");
        drop(pair.slave);
        let pid = child.process_id().expect("a pid");
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while matches!(reader.read(&mut buf), Ok(n) if n > 0) {}
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Session {
            child,
            writer,
            trace,
            pid,
            _master: pair.master,
        }
    }

    fn lines(&self) -> Vec<String> {
        std::fs::read_to_string(&self.trace)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    fn wait(&mut self, what: &str, cond: impl Fn(&[String]) -> bool) -> Vec<String> {
        let end = Instant::now() + Duration::from_secs(600);
        loop {
            let lines = self.lines();
            if cond(&lines) {
                return lines;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("kiosque ended ({status:?}) while waiting for {what}");
            }
            assert!(Instant::now() < end, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// CPU time used so far (user + system), in clock ticks.
    fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid)).unwrap_or_default();
        let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let f: Vec<&str> = after.split_whitespace().collect();
        let num = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        // After the name: state is field 0; utime is 11, stime 12.
        num(11) + num(12)
    }

    fn peak_rss_kb(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid)).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    fn quit(mut self) {
        let _ = self.writer.write_all(b"Q");
        let _ = self.writer.flush();
        let end = Instant::now() + Duration::from_secs(30);
        while self.child.try_wait().ok().flatten().is_none() {
            assert!(Instant::now() < end, "kiosque did not quit");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

fn field(line: &str, name: &str) -> Option<u64> {
    line.split(' ')
        .find_map(|f| f.strip_prefix(name)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
}

fn us(line: &str) -> u64 {
    line.split(' ')
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Starts a reader, waits until the library is listed (and indexed): (ms from spawn to the
/// whole library listed, the session).
fn start_listed(a: &Args, config: &Path, cache: &Path, work: &Path) -> (f64, Session) {
    let spawned = Instant::now();
    let mut s = Session::start(&a.bin, &a.library, config, cache, work);
    let lines = s.wait("the library listed", |l| {
        l.iter()
            .any(|l| l.starts_with("frame ") && l.contains("loading=0"))
    });
    let start = lines.first().map_or(0, |l| us(l));
    let listed = lines
        .iter()
        .find(|l| l.starts_with("frame ") && l.contains("loading=0"))
        .map_or(0, |l| us(l));
    let _ = spawned;
    s.wait("the bodies indexed", |l| {
        l.iter()
            .any(|l| l.starts_with("frame ") && l.contains("loading=0 indexing=0"))
    });
    (listed.saturating_sub(start) as f64 / 1000.0, s)
}

/// CPU used idle for 10 s, in ms.
fn idle_cpu(s: &Session) -> f64 {
    // Settle first: the first seconds after a load free memory, fold the metadata.
    std::thread::sleep(Duration::from_secs(3));
    let before = s.cpu_ticks();
    std::thread::sleep(Duration::from_secs(10));
    let ticks = s.cpu_ticks() - before;
    ticks as f64 * 1000.0 / 100.0
}

fn reader_part(a: &Args, texts: &[Vec<u8>], work: &Path) {
    let cache = work.join("cache-reader");
    let watching = work.join("config-watch");
    let not_watching = work.join("config-nowatch");
    std::fs::create_dir_all(&watching).expect("config dir");
    std::fs::create_dir_all(&not_watching).expect("config dir");
    std::fs::write(not_watching.join("config.toml"), "watch = false\n").expect("config");
    // Index the library once (a cold start).
    let (cold, s) = start_listed(a, &watching, &cache, work);
    eprintln!("cold start, the index written: listed in {cold:.0} ms");
    s.quit();
    let pristine = work.join("cache-pristine");
    copy_dir(&cache, &pristine);
    let (mut warm_on, mut warm_off, mut idle_on, mut idle_off) = (vec![], vec![], vec![], vec![]);
    let (mut rss_on, mut rss_off) = (vec![], vec![]);
    for run in 0..if a.warm { a.runs } else { 0 } {
        for (config, warm, idle, rss, name) in [
            (
                &watching,
                &mut warm_on,
                &mut idle_on,
                &mut rss_on,
                "watch = true",
            ),
            (
                &not_watching,
                &mut warm_off,
                &mut idle_off,
                &mut rss_off,
                "watch = false",
            ),
        ] {
            restore(&pristine, &cache);
            let (listed, s) = start_listed(a, config, &cache, work);
            let cpu = idle_cpu(&s);
            let peak = s.peak_rss_kb() as f64 / 1024.0;
            eprintln!(
                "run {}: {name}: warm start listed in {listed:.0} ms; idle CPU {cpu:.0} ms in \
                 10 s; peak RSS {peak:.0} MB",
                run + 1
            );
            warm.push(listed);
            idle.push(cpu);
            rss.push(peak);
            s.quit();
        }
    }
    eprintln!(
        "=> peak RSS once loaded: median {:.0} MB watching, {:.0} MB not",
        median(rss_on),
        median(rss_off)
    );
    eprintln!(
        "=> warm start, whole library listed: median {:.0} ms watching, {:.0} ms not ({:.2}×)",
        median(warm_on.clone()),
        median(warm_off.clone()),
        median(warm_on) / median(warm_off).max(1e-9)
    );
    eprintln!(
        "=> idle CPU over 10 s: median {:.0} ms watching, {:.0} ms not",
        median(idle_on),
        median(idle_off)
    );
    // The burst, then one file, then `r`, watching; each run from the index the cold start
    // wrote (a burst removed leaves its articles in the log as removed ones).
    for run in 0..a.runs {
        restore(&pristine, &cache);
        let (_, mut s) = start_listed(a, &watching, &cache, work);
        let lines = s.lines();
        let total = lines
            .iter()
            .rev()
            .find(|l| l.starts_with("frame "))
            .and_then(|l| field(l, "total"))
            .unwrap_or(0);
        let dir = a.library.join("live-burst");
        // The burst.
        let before = s.lines().len();
        let rss_before = s.peak_rss_kb();
        let cpu_before = s.cpu_ticks();
        let t0 = Instant::now();
        let t0_us = now_us();
        write_burst(&dir, texts);
        let written = t0.elapsed();
        let want = total + texts.len() as u64;
        let lines = s.wait("the burst listed", |l| {
            l[before..]
                .iter()
                .any(|l| l.starts_with("frame ") && field(l, "total") == Some(want))
        });
        let listed = lines[before..]
            .iter()
            .find(|l| l.starts_with("frame ") && field(l, "total") == Some(want))
            .map_or(0, |l| us(l));
        let lines = s.wait("the last check done", |l| {
            l.last()
                .is_some_and(|x| x.starts_with("frame ") && x.contains("indexing=0"))
                && l[before..].iter().any(|x| x.ends_with(" done"))
        });
        let new = &lines[before..];
        let asked = new.iter().filter(|l| l.contains(" changed ")).count();
        let updates = new.iter().filter(|l| l.ends_with(" update")).count();
        let cpu = (s.cpu_ticks() - cpu_before) as f64 * 10.0;
        eprintln!(
            "run {}: {} files written in {:.0} ms; all listed {:.0} ms after the first was \
             written; {asked} checks asked, {updates} made; CPU {cpu:.0} ms; peak RSS {} MB \
             (before the burst {} MB)",
            run + 1,
            texts.len(),
            ms(written),
            listed.saturating_sub(t0_us) as f64 / 1000.0,
            s.peak_rss_kb() / 1024,
            rss_before / 1024,
        );
        std::fs::remove_dir_all(&dir).expect("remove the burst");
        wait_total(&mut s, total);
        // One new file: from written to listed.
        let before = s.lines().len();
        let cpu_before = s.cpu_ticks();
        let t0_us = now_us();
        write_burst(&dir, &texts[..1]);
        let lines = s.wait("one file listed", |l| {
            l[before..]
                .iter()
                .any(|l| l.starts_with("frame ") && field(l, "total") == Some(total + 1))
        });
        let shown = lines[before..]
            .iter()
            .find(|l| l.starts_with("frame ") && field(l, "total") == Some(total + 1))
            .map_or(0, |l| us(l));
        s.wait("its check done", |l| {
            l.last()
                .is_some_and(|x| x.starts_with("frame ") && x.contains("indexing=0"))
                && l[before..].iter().any(|x| x.ends_with(" done"))
        });
        eprintln!(
            "run {}: one new file listed {:.0} ms after it was written; CPU {:.0} ms",
            run + 1,
            shown.saturating_sub(t0_us) as f64 / 1000.0,
            (s.cpu_ticks() - cpu_before) as f64 * 10.0
        );
        std::fs::remove_dir_all(&dir).expect("remove it");
        wait_total(&mut s, total);
        // `r`, for comparison: from the key to the library listed again.
        let before = s.lines().len();
        let cpu_before = s.cpu_ticks();
        s.writer.write_all(b"r").expect("r");
        s.writer.flush().expect("r");
        let lines = s.wait("the reload", |l| {
            let Some(k) = l[before..].iter().position(|x| x.starts_with("key ")) else {
                return false;
            };
            l[before + k..]
                .iter()
                .any(|x| x.starts_with("frame ") && x.contains("loading=0 indexing=0"))
        });
        let k = before
            + lines[before..]
                .iter()
                .position(|x| x.starts_with("key "))
                .unwrap_or(0);
        let key = lines[k]
            .split(' ')
            .nth(2)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        let listed = lines[k..]
            .iter()
            .find(|x| x.starts_with("frame ") && x.contains("loading=0"))
            .map_or(0, |x| us(x));
        eprintln!(
            "run {}: r: listed again {:.0} ms after the key; CPU {:.0} ms",
            run + 1,
            listed.saturating_sub(key) as f64 / 1000.0,
            (s.cpu_ticks() - cpu_before) as f64 * 10.0
        );
        s.quit();
    }
}

fn now_us() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

/// Waits until the list holds `total` articles again.
fn wait_total(s: &mut Session, total: u64) {
    s.wait("the files removed", |l| {
        l.iter()
            .rev()
            .find(|l| l.starts_with("frame "))
            .is_some_and(|l| field(l, "total") == Some(total))
    });
}

/// Puts the index `pristine` holds back in `cache`.
fn restore(pristine: &Path, cache: &Path) {
    let _ = std::fs::remove_dir_all(cache);
    copy_dir(pristine, cache);
}

// The tests' helper (one copy of it).
#[path = "../tests/support/tree.rs"]
mod tree;
use tree::copy_tree as copy_dir;

fn main() {
    let a = args();
    let work = std::env::temp_dir().join(format!("kiosque-bench-live-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("work dir");
    let texts = burst_texts(&a.from, a.burst);
    if a.loader {
        loader_part(&a, &texts, &work);
    }
    if a.reader {
        reader_part(&a, &texts, &work);
    }
    let _ = std::fs::remove_dir_all(a.library.join("live-burst"));
    let _ = std::fs::remove_dir_all(&work);
}
