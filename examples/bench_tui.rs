//! End-to-end benchmark of the reader in a real pseudo-terminal: time to first frame (cold: no
//! library index yet; warm: index present), key-to-frame latency for moving, opening an article
//! and typing a filter character (p50, p99), and peak memory.
//!
//! ```sh
//! cargo build --release && cargo run --release --example bench_tui -- \
//!     --library /work/corpora/c100k [--runs 3] [--words gouvernement,ministre] [--settle] [--out bench.json] \
//!     [--config config.toml]
//!
//! `--settle` types the words once the bodies are indexed (else while they are, on a cold start),
//! and reports when they were.
//! ```
//!
//! It runs `target/release/kiosque` under `/usr/bin/time -v` in a 120×40 pty, with its own
//! config, cache and data dirs (`XDG_DATA_HOME`: the device id and the query history), and
//! reads the frame trace kiosque writes when `KIOSQUE_TRACE` is set (`frame <µs> view=…
//! total=… loading=…` and `key <code> <µs read> <µs drawn>` lines). Latency
//! is measured inside kiosque, from the moment a key is read to the moment its frame is written
//! to the terminal; first-frame times are measured from the moment the harness spawns the
//! process.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn now_us() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

struct Args {
    library: PathBuf,
    bin: PathBuf,
    runs: usize,
    words: Vec<String>,
    /// Type the words only once the bodies are indexed too.
    settle: bool,
    /// Say each query key's latencies.
    verbose: bool,
    opens: usize,
    moves: usize,
    out: Option<PathBuf>,
    /// A config.toml to run with (saved views, keys, theme).
    config: Option<PathBuf>,
}

fn args() -> Args {
    let mut a = Args {
        library: PathBuf::new(),
        bin: PathBuf::from("target/release/kiosque"),
        runs: 3,
        words: vec!["gouvernement".into(), "ministre".into(), "president".into()],
        opens: 50,
        moves: 200,
        out: None,
        config: None,
        settle: false,
        verbose: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut val = || it.next().expect("a value after each flag");
        match flag.as_str() {
            "--library" => a.library = val().into(),
            "--bin" => a.bin = val().into(),
            "--runs" => a.runs = val().parse().expect("--runs N"),
            "--words" => a.words = val().split(',').map(str::to_owned).collect(),
            "--opens" => a.opens = val().parse().expect("--opens N"),
            "--moves" => a.moves = val().parse().expect("--moves N"),
            "--out" => a.out = Some(val().into()),
            "--config" => a.config = Some(val().into()),
            "--settle" => a.settle = true,
            "--verbose" => a.verbose = true,
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(
        !a.library.as_os_str().is_empty(),
        "--library DIR is required"
    );
    // The pty's shell starts elsewhere: paths must not depend on the current directory.
    a.bin = std::fs::canonicalize(&a.bin).expect("the kiosque binary (cargo build --release)");
    a.library = std::fs::canonicalize(&a.library).expect("the library");
    a
}

/// A run's own config, cache and data dirs (the warm run reuses the cold run's).
struct Dirs {
    config: PathBuf,
    cache: PathBuf,
    data: PathBuf,
}

/// One kiosque process in a pty.
struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    trace: PathBuf,
    time_out: PathBuf,
    spawned_us: u64,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(bin: &Path, library: &Path, dirs: &Dirs, work: &Path) -> Session {
        let trace = work.join(format!("trace-{}.txt", now_us()));
        let time_out = work.join(format!("time-{}.txt", now_us()));
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new("/usr/bin/time");
        cmd.arg("-v");
        cmd.arg("-o");
        cmd.arg(&time_out);
        cmd.arg(bin);
        cmd.arg(library);
        cmd.env("KIOSQUE_CONFIG_DIR", &dirs.config);
        cmd.env("KIOSQUE_CACHE_DIR", &dirs.cache);
        // The device id and the query history too, so that no run reads another's.
        cmd.env("XDG_DATA_HOME", &dirs.data);
        cmd.env("KIOSQUE_TRACE", &trace);
        cmd.env("TERM", "xterm-256color");
        let spawned_us = now_us();
        let child = pair.slave.spawn_command(cmd).expect("spawn kiosque");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        // The screen output is drained (and dropped) so kiosque never blocks on a full pty.
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while matches!(reader.read(&mut buf), Ok(n) if n > 0) {}
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Session {
            child,
            writer,
            trace,
            time_out,
            spawned_us,
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

    /// Waits until the trace satisfies `cond`, polling every millisecond, up to `limit`.
    fn wait(
        &mut self,
        limit: Duration,
        what: &str,
        cond: impl Fn(&[String]) -> bool,
    ) -> Vec<String> {
        let end = Instant::now() + limit;
        loop {
            let lines = self.lines();
            if cond(&lines) {
                return lines;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("kiosque ended ({status:?}) while waiting for {what}");
            }
            assert!(Instant::now() < end, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Sends one key and waits for the frame that answers it; returns the key's latency (µs).
    fn key(&mut self, bytes: &[u8]) -> u64 {
        let before = self
            .lines()
            .iter()
            .filter(|l| l.starts_with("key "))
            .count();
        self.writer.write_all(bytes).expect("write key");
        self.writer.flush().expect("flush key");
        let lines = self.wait(Duration::from_secs(30), "a key's frame", |l| {
            l.iter().filter(|l| l.starts_with("key ")).count() > before
        });
        let line = lines
            .iter()
            .filter(|l| l.starts_with("key "))
            .nth(before)
            .expect("the key line");
        let f: Vec<&str> = line.split(' ').collect();
        let read: u64 = f[2].parse().expect("read time");
        let drawn: u64 = f[3].parse().expect("draw time");
        drawn.saturating_sub(read)
    }

    /// Sends one key of a query and waits for the frame showing its answer (the search done,
    /// the uncertain articles read): the key's own frame when nothing was left to search,
    /// else the first frame after it that is not searching. Returns both latencies (µs).
    fn query_key(&mut self, bytes: &[u8]) -> (u64, u64) {
        let frame = self.key(bytes);
        let n_keys = self
            .lines()
            .iter()
            .filter(|l| l.starts_with("key "))
            .count();
        // The key's line follows the frame that answered it.
        let key_at = |l: &[String]| {
            let mut seen = 0;
            l.iter().position(|x| {
                seen += usize::from(x.starts_with("key "));
                x.starts_with("key ") && seen == n_keys
            })
        };
        let answered = |l: &[String], at: usize| {
            let own = l[..at].iter().rposition(|x| x.starts_with("frame "));
            own.into_iter()
                .chain(at + 1..l.len())
                .find(|&i| l[i].starts_with("frame ") && l[i].contains("searching=0"))
        };
        let lines = self.wait(Duration::from_secs(30), "a query's answer", |l| {
            key_at(l).is_some_and(|at| answered(l, at).is_some())
        });
        let at = key_at(&lines).expect("the key line");
        let read: u64 = lines[at]
            .split(' ')
            .nth(2)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let done = answered(&lines, at).map_or(0, |i| frame_time(&lines[i]));
        (frame, done.saturating_sub(read))
    }

    /// Quits and returns the peak resident set size in KB.
    fn quit(mut self) -> u64 {
        let _ = self.writer.write_all(b"Q");
        let _ = self.writer.flush();
        let end = Instant::now() + Duration::from_secs(30);
        while self.child.try_wait().ok().flatten().is_none() {
            assert!(Instant::now() < end, "kiosque did not quit");
            std::thread::sleep(Duration::from_millis(5));
        }
        let time = std::fs::read_to_string(&self.time_out).unwrap_or_default();
        time.lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }
}

fn field(line: &str, name: &str) -> Option<u64> {
    line.split(' ')
        .find_map(|f| f.strip_prefix(name)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
}

fn frame_time(line: &str) -> u64 {
    line.split(' ')
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[derive(Default)]
struct Run {
    first_frame_ms: f64,
    all_loaded_ms: f64,
    /// With `--settle`: the first frame with the lists complete and every body indexed.
    indexed_ms: Option<f64>,
    moves: Vec<u64>,
    opens: Vec<u64>,
    filter_chars: Vec<u64>,
    /// Key to the frame showing the query's answer.
    answered: Vec<u64>,
    word_ends: Vec<u64>,
    rss_kb: u64,
}

fn one_run(a: &Args, dirs: &Dirs, work: &Path) -> Run {
    let mut s = Session::start(&a.bin, &a.library, dirs, work);
    let lines = s.wait(Duration::from_secs(600), "the whole library", |l| {
        l.iter()
            .any(|l| l.starts_with("frame ") && l.contains("loading=0"))
    });
    let first = lines
        .iter()
        .find(|l| l.starts_with("frame ") && field(l, "view").is_some_and(|v| v > 0))
        .map_or(0, |l| frame_time(l));
    let loaded = lines
        .iter()
        .find(|l| l.starts_with("frame ") && l.contains("loading=0"))
        .map_or(0, |l| frame_time(l));
    if a.config.is_some() {
        // Saved views: how long after the library is listed they are all found.
        let lines = s.wait(Duration::from_secs(600), "the views counted", |l| {
            l.iter().any(|l| {
                l.starts_with("frame ") && l.contains("loading=0") && l.ends_with("views=0")
            })
        });
        let counted = lines
            .iter()
            .find(|l| l.starts_with("frame ") && l.contains("loading=0") && l.ends_with("views=0"))
            .map_or(0, |l| frame_time(l));
        eprintln!(
            "views found {:.1} ms after the library was listed",
            counted.saturating_sub(loaded) as f64 / 1000.0
        );
    }
    let mut run = Run {
        first_frame_ms: first.saturating_sub(s.spawned_us) as f64 / 1000.0,
        all_loaded_ms: loaded.saturating_sub(s.spawned_us) as f64 / 1000.0,
        ..Run::default()
    };
    for _ in 0..a.moves {
        run.moves.push(s.key(b"j"));
    }
    for _ in 0..a.opens {
        run.opens.push(s.key(b"\r"));
        s.key(b"q");
        s.key(b"j");
    }
    if a.settle {
        let lines = s.wait(Duration::from_secs(600), "the bodies indexed", |l| {
            l.iter()
                .rev()
                .find(|l| l.starts_with("frame "))
                .is_some_and(|l| l.contains("indexing=0"))
        });
        // The lists end (loading=0) when the body pass starts (indexing=1) or, with nothing
        // left to index, in the same frame.
        run.indexed_ms = lines
            .iter()
            .find(|l| l.starts_with("frame ") && l.contains("loading=0 indexing=0"))
            .map(|l| frame_time(l).saturating_sub(s.spawned_us) as f64 / 1000.0);
    }
    for word in &a.words {
        s.key(b"/");
        for (i, c) in word.chars().enumerate() {
            let mut buf = [0u8; 4];
            let (lat, answered) = s.query_key(c.encode_utf8(&mut buf).as_bytes());
            if a.verbose {
                let typed: String = word.chars().take(i + 1).collect();
                eprintln!(
                    "  /{typed}: frame {:.2} ms, answered {:.2} ms",
                    lat as f64 / 1000.0,
                    answered as f64 / 1000.0
                );
            }
            run.filter_chars.push(lat);
            run.answered.push(answered);
            if i + 1 == word.chars().count() {
                run.word_ends.push(answered);
            }
        }
        s.key(b"\r");
        s.key(b"\x1b");
    }
    run.rss_kb = s.quit();
    run
}

fn pct(v: &[u64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let mut v = v.to_vec();
    v.sort_unstable();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i] as f64 / 1000.0
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn report(name: &str, runs: &[Run]) -> String {
    let all = |f: fn(&Run) -> &Vec<u64>| {
        runs.iter()
            .flat_map(|r| f(r).iter().copied())
            .collect::<Vec<_>>()
    };
    let moves = all(|r| &r.moves);
    let opens = all(|r| &r.opens);
    let chars = all(|r| &r.filter_chars);
    let answered = all(|r| &r.answered);
    let ends = all(|r| &r.word_ends);
    let first: Vec<f64> = runs.iter().map(|r| r.first_frame_ms).collect();
    let loaded: Vec<f64> = runs.iter().map(|r| r.all_loaded_ms).collect();
    let indexed: Vec<f64> = runs.iter().filter_map(|r| r.indexed_ms).collect();
    let rss: Vec<f64> = runs.iter().map(|r| r.rss_kb as f64 / 1024.0).collect();
    println!("{name}: {} runs", runs.len());
    println!(
        "  first frame with articles   median {:>8.1} ms   runs {first:.1?}",
        median(&first)
    );
    println!(
        "  whole library listed        median {:>8.1} ms   runs {loaded:.1?}",
        median(&loaded)
    );
    if !indexed.is_empty() {
        println!(
            "  bodies indexed too          median {:>8.1} ms   runs {indexed:.1?}",
            median(&indexed)
        );
    }
    println!(
        "  move (j)        p50 {:>6.2} ms  p99 {:>6.2} ms  ({} keys)",
        pct(&moves, 0.5),
        pct(&moves, 0.99),
        moves.len()
    );
    println!(
        "  open (Enter)    p50 {:>6.2} ms  p99 {:>6.2} ms  ({} keys)",
        pct(&opens, 0.5),
        pct(&opens, 0.99),
        opens.len()
    );
    println!(
        "  filter char     p50 {:>6.2} ms  p99 {:>6.2} ms  ({} keys)",
        pct(&chars, 0.5),
        pct(&chars, 0.99),
        chars.len()
    );
    println!(
        "  query answered  p50 {:>6.2} ms  p99 {:>6.2} ms  ({} keys: key to the frame showing the answer)",
        pct(&answered, 0.5),
        pct(&answered, 0.99),
        answered.len()
    );
    println!(
        "  word complete   p50 {:>6.2} ms  max {:>6.2} ms  ({} words)",
        pct(&ends, 0.5),
        pct(&ends, 1.0),
        ends.len()
    );
    println!(
        "  peak RSS        median {:>6.1} MB   runs {rss:.1?}",
        median(&rss)
    );
    format!(
        "{{\"name\":\"{name}\",\"first_frame_ms\":{:.1},\"all_loaded_ms\":{:.1},\"move_p50\":{:.2},\"move_p99\":{:.2},\"open_p50\":{:.2},\"open_p99\":{:.2},\"char_p50\":{:.2},\"char_p99\":{:.2},\"word_max\":{:.2},\"rss_mb\":{:.1}}}",
        median(&first),
        median(&loaded),
        pct(&moves, 0.5),
        pct(&moves, 0.99),
        pct(&opens, 0.5),
        pct(&opens, 0.99),
        pct(&chars, 0.5),
        pct(&chars, 0.99),
        pct(&ends, 1.0),
        median(&rss)
    )
}

fn main() {
    let a = args();
    let work = std::env::temp_dir().join(format!("kiosque-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("work dir");
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    for i in 0..a.runs {
        let dirs = Dirs {
            config: work.join(format!("config-{i}")),
            cache: work.join(format!("cache-{i}")),
            data: work.join(format!("data-{i}")),
        };
        if let Some(file) = &a.config {
            std::fs::create_dir_all(&dirs.config).expect("config dir");
            std::fs::copy(file, dirs.config.join("config.toml")).expect("--config FILE");
        }
        eprintln!("run {}: cold", i + 1);
        cold.push(one_run(&a, &dirs, &work));
        eprintln!("run {}: warm", i + 1);
        warm.push(one_run(&a, &dirs, &work));
    }
    let json = format!(
        "[{},{}]",
        report("cold (no index)", &cold),
        report("warm (index present)", &warm)
    );
    if let Some(out) = &a.out {
        std::fs::write(out, json).expect("write --out");
    }
    let _ = std::fs::remove_dir_all(&work);
}
