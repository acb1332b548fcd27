//! A digest as an EPUB 3 book (the Open Container Format, the Package and Content Documents
//! of EPUB 3.3):
//!
//! ```text
//! mimetype                  first, stored (no compression, no extra field): application/epub+zip
//! META-INF/container.xml    points at EPUB/package.opf
//! EPUB/style.css
//! EPUB/text/s001-01.xhtml   a section's articles, PART at a time (e-readers choke on huge files)
//! EPUB/nav.xhtml            the navigation document: epub:type="toc", by section, each article
//! EPUB/package.opf          metadata, manifest, spine
//! ```
//!
//! The navigation and package documents come last in the archive (its order is free but for
//! `mimetype`): by then the language of every article is known, so `dc:language` says the
//! language of most articles, and the identifier is a hash of the content (the same digest
//! exported twice is the same book to an e-reader, a changed one is another).

use std::fmt::Write as _;
use std::io::{self, BufWriter, Seek, Write};

use xxhash_rust::xxh3::Xxh3;
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::markup::{self, Setting, attr_into, escape_into};
use super::{Digest, Reader, each_article};

/// Articles per content document.
pub const PART: usize = 100;

/// The media type, which `mimetype` holds.
pub const MEDIA_TYPE: &str = "application/epub+zip";

/// Where the package document is.
pub const PACKAGE: &str = "EPUB/package.opf";

const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">
<rootfiles>
<rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>
</rootfiles>
</container>
";

/// A content document written: its file (under `EPUB/`) and id.
struct Doc {
    href: String,
    id: String,
}

/// Counts of article languages, to say the language of a document and of the book.
#[derive(Default, Clone, Copy)]
struct Langs {
    fr: usize,
    all: usize,
}

impl Langs {
    fn add(&mut self, lang: Option<&str>) {
        self.all += 1;
        self.fr += usize::from(lang == Some("fr"));
    }

    /// "fr" when most articles are French, else "en".
    fn lang(self) -> &'static str {
        if self.fr * 2 > self.all { "fr" } else { "en" }
    }
}

/// What an EPUB gathers while its content documents are written.
struct Book {
    /// Of the content written, for the identifier.
    hash: Xxh3,
    /// Of every article.
    langs: Langs,
    /// The content documents, in order.
    docs: Vec<Doc>,
    /// The documents (indices in `docs`) of each section, for the navigation document.
    parts_of: Vec<Vec<usize>>,
    /// A buffer for a document.
    out: String,
}

impl Book {
    /// Writes the content document of `part` (a section and the rank of its part in it):
    /// `body`, its articles, whose languages are `langs`.
    fn add_part<W: Write + Seek>(
        &mut self,
        zip: &mut ZipWriter<W>,
        options: SimpleFileOptions,
        digest: &Digest,
        (s, p): (usize, usize),
        body: &str,
        langs: Langs,
    ) -> io::Result<()> {
        let section = &digest.sections[s];
        let doc = Doc {
            href: format!("text/s{:03}-{:02}.xhtml", s + 1, p + 1),
            id: format!("s{:03}-{:02}", s + 1, p + 1),
        };
        let out = &mut self.out;
        out.clear();
        xhtml_head(out, section.name, langs.lang(), "../style.css");
        if p == 0 {
            let _ = write!(out, "<section id=\"{}\">\n<h1>", section.anchor);
        } else {
            out.push_str("<section>\n<h1>");
        }
        escape_into(out, section.name);
        out.push_str("</h1>\n");
        out.push_str(body);
        out.push_str("</section>\n</body>\n</html>\n");
        self.hash.update(out.as_bytes());
        zip.start_file(format!("EPUB/{}", doc.href), options)
            .map_err(io::Error::other)?;
        zip.write_all(out.as_bytes())?;
        self.langs.fr += langs.fr;
        self.langs.all += langs.all;
        self.parts_of[s].push(self.docs.len());
        self.docs.push(doc);
        Ok(())
    }
}

/// Writes `digest` as an EPUB to `file`, reading each article with `read`.
pub fn write<W: Write + Seek>(digest: &Digest, read: &Reader, file: W) -> io::Result<()> {
    let mut zip = ZipWriter::new(BufWriter::with_capacity(256 * 1024, file));
    let time = zip_time(digest.made_ms);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time);
    zip.start_file("mimetype", stored)
        .map_err(io::Error::other)?;
    zip.write_all(MEDIA_TYPE.as_bytes())?;
    zip.start_file("META-INF/container.xml", deflated)
        .map_err(io::Error::other)?;
    zip.write_all(CONTAINER.as_bytes())?;
    zip.start_file("EPUB/style.css", deflated)
        .map_err(io::Error::other)?;
    zip.write_all(markup::CSS.as_bytes())?;

    let mut book = Book {
        hash: Xxh3::new(),
        langs: Langs::default(),
        docs: Vec::new(),
        parts_of: vec![Vec::new(); digest.sections.len()],
        out: String::with_capacity(512 * 1024),
    };
    book.hash.update(digest.title.as_bytes());
    // The articles of all sections in one stream (the next batch read while this one is
    // written, across sections), cut into documents of at most PART articles of one section.
    let items = digest.items();
    let mut part: Option<(usize, usize)> = None;
    let mut body = String::with_capacity(512 * 1024);
    let mut langs = Langs::default();
    each_article(&items, read, &mut |item, article| {
        let here = (item.section, item.rank / PART);
        if part != Some(here) {
            if let Some(done) = part {
                book.add_part(&mut zip, deflated, digest, done, &body, langs)?;
            }
            body.clear();
            langs = Langs::default();
            part = Some(here);
        }
        let set = Setting { top: 1, xml: true };
        langs.add(markup::article_into(&mut body, digest, item, &article, set));
        Ok::<(), io::Error>(())
    })?;
    if let Some(done) = part {
        book.add_part(&mut zip, deflated, digest, done, &body, langs)?;
    }
    let Book {
        mut hash,
        langs: book,
        docs,
        parts_of,
        mut out,
    } = book;

    out.clear();
    navigation(&mut out, digest, &docs, &parts_of, book.lang());
    hash.update(out.as_bytes());
    zip.start_file("EPUB/nav.xhtml", deflated)
        .map_err(io::Error::other)?;
    zip.write_all(out.as_bytes())?;

    out.clear();
    package(
        &mut out,
        digest,
        &docs,
        book.lang(),
        &uuid(hash.digest128()),
    );
    zip.start_file(PACKAGE, deflated)
        .map_err(io::Error::other)?;
    zip.write_all(out.as_bytes())?;
    let mut inner = zip.finish().map_err(io::Error::other)?;
    inner.flush()
}

/// The start of an XHTML content document, through `<body>`.
fn xhtml_head(out: &mut String, title: &str, lang: &str, css: &str) {
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>"
    );
    escape_into(out, title);
    out.push_str("</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"");
    attr_into(out, css);
    out.push_str("\"/>\n</head>\n<body>\n");
}

/// The navigation document: the table of contents by section, each article under its section,
/// linked to the document and place it is in.
fn navigation(
    out: &mut String,
    digest: &Digest,
    docs: &[Doc],
    parts_of: &[Vec<usize>],
    lang: &str,
) {
    xhtml_head(out, "Contents", lang, "style.css");
    out.push_str("<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>");
    escape_into(out, &digest.title);
    out.push_str("</h1>\n<ol>\n");
    for (section, parts) in digest.sections.iter().zip(parts_of) {
        let Some(first) = parts.first().and_then(|&d| docs.get(d)) else {
            continue;
        };
        out.push_str("<li><a href=\"");
        attr_into(out, &first.href);
        out.push_str("\">");
        escape_into(out, section.name);
        out.push_str("</a>\n<ol>\n");
        for (i, item) in section.items.iter().enumerate() {
            let Some(doc) = parts.get(i / PART).and_then(|&d| docs.get(d)) else {
                continue;
            };
            out.push_str("<li><a href=\"");
            attr_into(out, &doc.href);
            let _ = write!(out, "#{}\">", item.anchor);
            escape_into(out, &super::toc_headline(item.entry));
            out.push_str("</a></li>\n");
        }
        out.push_str("</ol>\n</li>\n");
    }
    out.push_str("</ol>\n</nav>\n</body>\n</html>\n");
}

/// The package document: metadata, every file but itself and `mimetype` in the manifest, the
/// navigation document and then the sections in the spine.
fn package(out: &mut String, digest: &Digest, docs: &[Doc], lang: &str, uuid: &str) {
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" \
         unique-identifier=\"uid\" xml:lang=\"{lang}\">\n\
         <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n\
         <dc:identifier id=\"uid\">urn:uuid:{uuid}</dc:identifier>\n<dc:title>"
    );
    escape_into(out, &digest.title);
    let _ = write!(
        out,
        "</dc:title>\n<dc:language>{lang}</dc:language>\n<dc:creator>kiosque</dc:creator>\n\
         <dc:description>"
    );
    escape_into(out, &digest.about());
    let _ = write!(
        out,
        "</dc:description>\n<meta property=\"dcterms:modified\">{}</meta>\n</metadata>\n\
         <manifest>\n\
         <item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n\
         <item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n",
        modified(digest.made_ms)
    );
    for doc in docs {
        let _ = write!(out, "<item id=\"{}\" href=\"", doc.id);
        attr_into(out, &doc.href);
        out.push_str("\" media-type=\"application/xhtml+xml\"/>\n");
    }
    out.push_str("</manifest>\n<spine>\n<itemref idref=\"nav\"/>\n");
    for doc in docs {
        let _ = writeln!(out, "<itemref idref=\"{}\"/>", doc.id);
    }
    out.push_str("</spine>\n</package>\n");
}

/// A hash as a UUID (version 8, RFC 9562: laid out by the application), for `dc:identifier`.
pub fn uuid(hash: u128) -> String {
    let mut b = hash.to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `dcterms:modified` as EPUB wants it: UTC, to the second, `2024-03-12T14:05:09Z`.
pub fn modified(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// The time of the archive's files: the digest's, in UTC (a ZIP stores no zone), or 1980 (the
/// earliest a ZIP can say) out of range.
fn zip_time(ms: i64) -> zip::DateTime {
    let at = jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let dt = jiff::tz::TimeZone::UTC.to_datetime(at);
    let narrow = |v: i8| u8::try_from(v).unwrap_or(0);
    u16::try_from(dt.year())
        .ok()
        .and_then(|y| {
            zip::DateTime::from_date_and_time(
                y,
                narrow(dt.month()),
                narrow(dt.day()),
                narrow(dt.hour()),
                narrow(dt.minute()),
                narrow(dt.second()),
            )
            .ok()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_8_and_stable() {
        let u = uuid(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        assert_eq!(u, "01234567-89ab-8def-8123-456789abcdef");
        assert_eq!(u.len(), 36);
        assert_ne!(uuid(1), uuid(2));
    }

    #[test]
    fn modified_is_utc_to_the_second() {
        assert_eq!(modified(1_710_252_309_123), "2024-03-12T14:05:09Z");
    }

    #[test]
    fn zip_times_clamp_to_what_a_zip_can_say() {
        assert_eq!(zip_time(0), zip::DateTime::default());
        let t = zip_time(1_710_252_309_000);
        assert_eq!((t.year(), t.month(), t.day()), (2024, 3, 12));
    }
}
