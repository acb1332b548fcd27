//! The second pass of a load: the body of every listed article not indexed yet is read again
//! (from where its header ended), its words indexed, its version digested and its story
//! signature computed, on every core; each chunk is sent (and logged) as it is done.

use super::pipeline::{self, Flow, Producer};
use super::{LoadEvent, Out, Sent, number};
use crate::cache::Record;
use crate::library;
use crate::scan::Stamp;
use crate::search::{Segment, SegmentBuilder};
use crate::source::Source;
use crate::story::{self, Signatures};

/// Bodies indexed by one worker in one go (one segment).
const BODY_CHUNK: usize = 4096;

/// A body to index: its entry number, file, stamp when listed, and where the body starts.
type BodyJob = (u32, Source, Stamp, u32);

/// What indexing a chunk of bodies gives: their words, their versions (number, digest) and
/// their story signatures.
type Indexed = (Segment, Vec<(u32, u64)>, story::Stored);

/// Indexes the words of a chunk of bodies, computes the version of each
/// ([`crate::fingerprint::digest_of_body`]: (number, digest)) and signs them for stories.
fn index_chunk(jobs: Vec<BodyJob>) -> Indexed {
    let base = jobs.first().map_or(0, |j| j.0);
    let mut builder = SegmentBuilder::new(base);
    let mut versions = Vec::with_capacity(jobs.len());
    let mut signed = story::Stored::default();
    for (n, source, stamp, body_start) in jobs {
        // A file changed since it was listed is left out; the next start sees its new stamp.
        library::with_body(&source, stamp, body_start, |body| {
            // One pass over the words for the index and the signature.
            let mut signer = story::Signer::default();
            builder.add_texts_as_with(n - base, [body], |w| signer.word(w));
            if let Some(sig) = signer.finish() {
                signed.push(n, &sig);
            }
            versions.push((n, crate::fingerprint::digest_of_body(body)));
        });
    }
    (builder.finish(), versions, signed)
}

/// Pass 2: indexes the bodies of every live entry not indexed yet, and signs them.
pub(super) fn index_bodies(
    seen: &mut Sent,
    sigs: &mut Signatures,
    threads: usize,
    out: &mut Out<'_>,
) {
    let todo: Vec<BodyJob> = seen
        .iter()
        .enumerate()
        .filter(|(_, s)| s.alive && !s.indexed)
        .map(|(n, s)| (number(n), seen.source(n), s.stamp, s.body_start))
        .collect();
    if !out.emit(LoadEvent::Listed { bodies: todo.len() }) {
        return;
    }
    let produce = |p: &mut Producer<'_, Vec<BodyJob>, Indexed, ()>| {
        for chunk in todo.chunks(BODY_CHUNK) {
            if !p.job(chunk.to_vec()) {
                return;
            }
        }
    };
    pipeline::run(threads, produce, index_chunk, &mut |flow| match flow {
        Flow::Result((segment, versions, signed)) => {
            let (from, to) = (
                segment.base as usize,
                (segment.base + segment.docs) as usize,
            );
            for s in seen.get_mut(from..to).into_iter().flatten() {
                s.indexed = true;
            }
            for (n, sig) in signed.iter() {
                sigs.set(n, Some(&sig));
            }
            // The versions and the signatures first: a log cut before the body record indexes
            // these bodies again at the next start, rather than keeping their words without
            // their versions; a body in the log has its signature before it.
            out.record(Record::Versions(versions), Vec::new())
                && (signed.numbers.is_empty() || out.record(Record::Signatures(signed), Vec::new()))
                && out.record(Record::Body(segment), Vec::new())
        }
        Flow::Side(()) => true,
    });
}
