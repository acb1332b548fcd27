use super::*;
use crate::scan::Stamp;
use crate::source::Source;

fn record() -> Record {
    let article = crate::parse::parse("MONDELa fin\n\nUn texte.", None);
    let entry = Entry::new(
        Source::File(std::ffi::OsStr::from_bytes(b"odd\xffname.txt").into()),
        Some("monde".into()),
        &article,
        Stamp {
            size: 34,
            mtime_ns: 12_000_000_001,
            ctime_ns: 13_000_000_002,
            ino: 77,
        },
    );
    let mut b = crate::search::SegmentBuilder::new(0);
    b.add_texts([entry.headline.as_str()]);
    Record::Batch {
        entries: vec![entry],
        segment: b.finish(),
    }
}

use std::os::unix::ffi::OsStrExt;

#[test]
fn records_round_trip_and_commit_is_atomic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("libraries/x.kix");
    let mut w = LogWriter::create(&path).unwrap();
    w.write(&record()).unwrap();
    w.write(&Record::Removed(vec![0])).unwrap();
    assert!(
        LogReader::open(&path).is_none(),
        "nothing in place before commit"
    );
    w.commit().unwrap();
    let mut r = LogReader::open(&path).unwrap();
    assert_eq!(r.next_record(false).unwrap().unwrap(), record());
    assert_eq!(
        r.next_record(false).unwrap().unwrap(),
        Record::Removed(vec![0])
    );
    assert!(r.next_record(false).is_none());
    // Appending keeps what was there.
    let len = {
        let mut r = LogReader::open(&path).unwrap();
        while r.next_record(false).is_some() {}
        r.valid_len()
    };
    assert_eq!(len, fs::metadata(&path).unwrap().len());
    let mut w = LogWriter::extend(&path, len).unwrap();
    w.write(&Record::Removed(vec![1])).unwrap();
    w.commit().unwrap();
    let mut r = LogReader::open(&path).unwrap();
    let all: Vec<Record> = std::iter::from_fn(|| r.next_record(false))
        .map(Result::unwrap)
        .collect();
    assert_eq!(all.len(), 3);
    let leftovers = fs::read_dir(path.parent().unwrap()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file left");
}

#[test]
fn temporary_logs_left_by_killed_writers_are_removed_live_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.kix");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let age = |f: &File| f.set_modified(hour_ago).unwrap();
    // A killed writer's: nobody holds its lock.
    let (dead, f) = crate::disk::create_temp(dir.path(), "x.kix").unwrap();
    age(&f);
    drop(f);
    // A live writer's (another process would hold it the same way), and another
    // library's.
    let live = LogWriter::create(&path).unwrap();
    age(live.out.get_ref());
    let (other, o) = crate::disk::create_temp(dir.path(), "y.kix").unwrap();
    age(&o);
    drop(o);
    let w = LogWriter::create(&path).unwrap();
    assert!(!dead.exists());
    assert!(live.tmp.exists(), "a live writer's file is kept");
    assert!(
        other.exists(),
        "another library's files are its own business"
    );
    drop((w, live));
}

#[test]
fn a_log_written_by_another_version_of_kiosque_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.kix");
    let mut w = LogWriter::create(&path).unwrap();
    w.write(&record()).unwrap();
    w.commit().unwrap();
    assert!(LogReader::open(&path).is_some());
    // The build stamp follows the format version in the header.
    let mut bytes = fs::read(&path).unwrap();
    bytes[12] ^= 1;
    fs::write(&path, &bytes).unwrap();
    assert!(LogReader::open(&path).is_none());
}

#[test]
fn a_torn_last_record_ends_the_log_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.kix");
    let mut w = LogWriter::create(&path).unwrap();
    w.write(&record()).unwrap();
    w.write(&Record::Removed(vec![0])).unwrap();
    w.commit().unwrap();
    let full = fs::metadata(&path).unwrap().len();
    // A crash in the middle of the last record.
    File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(full - 3)
        .unwrap();
    let mut r = LogReader::open(&path).unwrap();
    assert_eq!(r.next_record(false).unwrap().unwrap(), record());
    assert!(r.next_record(false).unwrap().is_err());
    let good = r.valid_len();
    assert!(good < full - 3);
    // Extending starts from the good part.
    let mut w = LogWriter::extend(&path, good).unwrap();
    w.write(&Record::Removed(vec![0])).unwrap();
    w.commit().unwrap();
    let mut r = LogReader::open(&path).unwrap();
    let all: Vec<_> = std::iter::from_fn(|| r.next_record(false)).collect();
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(Result::is_ok));
}

#[test]
fn damaged_logs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.kix");
    let mut w = LogWriter::create(&path).unwrap();
    w.write(&record()).unwrap();
    w.commit().unwrap();
    let mut bytes = fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    fs::write(&path, &bytes).unwrap();
    let mut r = LogReader::open(&path).unwrap();
    assert!(r.next_record(false).unwrap().is_err());
    fs::write(&path, b"not a log").unwrap();
    assert!(LogReader::open(&path).is_none());
    // A record that claims 4 GiB is refused before anything is allocated.
    let mut bytes = header().to_vec();
    bytes.extend_from_slice(&(u32::MAX - 8).to_le_bytes());
    bytes.extend_from_slice(&[0; 4]);
    bytes.extend_from_slice(b"short");
    fs::write(&path, &bytes).unwrap();
    let mut r = LogReader::open(&path).unwrap();
    let why = r.next_record(false).unwrap().unwrap_err();
    assert!(why.contains("longer than the log"), "{why}");
}

#[test]
fn a_body_record_starts_with_its_variant_number_and_skipping_it_keeps_its_span() {
    let mut b = crate::search::SegmentBuilder::new(300);
    b.add_texts(["un mot"]);
    b.add_texts(["deux mots"]);
    let body = Record::Body(b.finish());
    let bytes = postcard::to_stdvec(&body).unwrap();
    assert_eq!(bytes[0], BODY_VARIANT);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.kix");
    let mut w = LogWriter::create(&path).unwrap();
    w.write(&body).unwrap();
    w.commit().unwrap();
    let mut r = LogReader::open(&path).unwrap();
    assert_eq!(
        r.next_record(true).unwrap().unwrap(),
        Record::Skipped { base: 300, docs: 2 }
    );
}

#[test]
fn a_batch_read_without_words_keeps_its_entries_and_span_and_no_word() {
    let batch = record();
    assert_eq!(postcard::to_stdvec(&batch).unwrap()[0], BATCH_VARIANT);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.kix");
    let mut w = LogWriter::create(&path).unwrap();
    w.write(&batch).unwrap();
    w.write(&Record::Removed(vec![0])).unwrap();
    w.commit().unwrap();
    let mut r = LogReader::open(&path).unwrap().without_words();
    let Record::Batch { entries, segment } = r.next_record(false).unwrap().unwrap() else {
        panic!("not a batch");
    };
    let Record::Batch {
        entries: written,
        segment: words,
    } = batch
    else {
        unreachable!()
    };
    assert_eq!(entries, written);
    assert!(words.term_count() > 0, "the batch written has words");
    assert_eq!((segment.base, segment.docs), (words.base, words.docs));
    assert!(segment.term_count() == 0 && segment.is_sound());
    // The records after it read on.
    assert_eq!(
        r.next_record(false).unwrap().unwrap(),
        Record::Removed(vec![0])
    );
    // A batch cut short is damage, as when its words are read.
    let bytes = fs::read(&path).unwrap();
    fs::write(&path, &bytes[..bytes.len() - 20]).unwrap();
    let mut r = LogReader::open(&path).unwrap().without_words();
    assert!(r.next_record(false).unwrap().is_err());
}

#[test]
fn signatures_are_read_back_on_demand_from_the_log_as_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.kix");
    let body = "Un texte assez long pour avoir une signature, avec des mots qui se suivent \
        et forment des triplets en nombre suffisant pour que le calcul ait un sens ici, \
        puis encore quelques mots pour faire bonne mesure dans ce petit test.";
    let sig = story::signature(body).unwrap();
    let mut stored = story::Stored::default();
    stored.push(0, &sig);
    let signed = Record::Signatures(stored.clone());
    assert_eq!(postcard::to_stdvec(&signed).unwrap()[0], SIGNATURES_VARIANT);
    let mut w = LogWriter::create(&path).unwrap();
    w.write(&record()).unwrap();
    w.write(&signed).unwrap();
    w.write(&Record::Removed(vec![0])).unwrap();
    w.commit().unwrap();
    let mut r = LogReader::open(&path).unwrap();
    let all: Vec<Record> = std::iter::from_fn(|| r.next_record(true))
        .map(Result::unwrap)
        .collect();
    assert_eq!(all[1], Record::SkippedSignatures, "not decoded by a replay");
    let len = r.valid_len();
    // Another log put in place meanwhile is not read: the replay's file is.
    std::fs::remove_file(&path).unwrap();
    fs::write(&path, b"something else").unwrap();
    assert_eq!(r.signatures(len), [stored]);
}

#[test]
fn one_log_per_library() {
    let d = Path::new("/cache");
    let a = path_for(d, &Sources::Paths(vec!["/a".into()])).unwrap();
    let b = path_for(d, &Sources::Paths(vec!["/b".into()])).unwrap();
    assert_ne!(a, b);
    assert!(path_for(d, &Sources::Bundled).is_none());
}
