//! The outline beside the preview's pages: the parts of the thesis (front matter, each BAB,
//! DAFTAR PUSTAKA, LAMPIRAN) and the headings inside them, each with the page it starts on.
//!
//! It is read from the last good build's introspector (the `<tesis-part>` markers through
//! [`crate::parts`] and the heading elements) after the pages are published, so it never delays
//! them.

use typst::foundations::{NativeElement, StyleChain};
use typst::introspection::Introspector;
use typst::model::{HeadingElem, Numbering};
use typst_layout::PagedDocument;

use crate::parts;

/// One line of the outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 0 for a part without a heading of its own, else the heading's level (1 = BAB title).
    pub level: usize,
    /// What the line says: `BAB I PENDAHULUAN`, `1.1 Latar Belakang`, `Sampul`.
    pub title: String,
    /// The physical page (0-based) it starts on.
    pub page: usize,
    /// The number printed on that page (`iv`, `12`), empty when the page has none.
    pub label: String,
    /// The part it belongs to (`bab`, `kata-pengantar` …), for highlighting the part in view.
    pub part: String,
}

/// The outline of a laid-out thesis, in page order.
pub fn outline(document: &PagedDocument) -> Vec<Entry> {
    let introspector = document.introspector();
    let all_parts = parts::parts(document);
    let mut headings: Vec<(usize, usize, String)> = introspector
        .query(&HeadingElem::ELEM.select())
        .iter()
        .filter_map(|content| {
            let page = introspector.page(content.location()?)?.get() - 1;
            let heading = content.to_packed::<HeadingElem>()?;
            let level = heading.resolve_level(StyleChain::default()).get();
            let title = clean(&heading.body.plain_text());
            (!title.is_empty()).then_some((page, level, title))
        })
        .collect();
    headings.sort_by_key(|(page, _, _)| *page);

    let mut entries = Vec::new();
    let mut chapter = 0;
    for part in &all_parts {
        let inside: Vec<&(usize, usize, String)> =
            headings.iter().filter(|(page, _, _)| part.pages.contains(page)).collect();
        if part.is_chapter() {
            chapter += 1;
        }
        if inside.first().is_none_or(|(page, _, _)| *page != part.pages.start) {
            entries.push(entry(document, 0, part_title(&part.name, chapter), part.pages.start, &part.name));
        }
        for (page, level, title) in inside {
            let shown = if part.is_chapter() { number_heading(chapter, *level, title) } else { title.clone() };
            entries.push(entry(document, *level, shown, *page, &part.name));
        }
    }
    // Headings outside every part (a document without the template's markers).
    if all_parts.is_empty() {
        for (page, level, title) in &headings {
            entries.push(entry(document, *level, title.clone(), *page, ""));
        }
    }
    entries
}

/// One entry, with the number printed on its page.
fn entry(document: &PagedDocument, level: usize, title: String, page: usize, part: &str) -> Entry {
    Entry { level, title, page, label: page_label(document, page), part: part.to_string() }
}

/// The page number as printed (`iv`, `12`), or empty when the page is not numbered.
pub(crate) fn page_label(document: &PagedDocument, page: usize) -> String {
    let Some(p) = document.pages().get(page) else { return String::new() };
    match &p.numbering {
        Some(Numbering::Pattern(pattern)) => {
            pattern.apply(None, &[p.number]).map(|s| s.trim().to_string()).unwrap_or_else(|_| p.number.to_string())
        }
        Some(Numbering::Func(_)) => p.number.to_string(),
        None => String::new(),
    }
}

/// The heading inside chapter `chapter`: `BAB I PENDAHULUAN` for its title (the template
/// prints the number above it), a sub-heading as written.
fn number_heading(chapter: usize, level: usize, title: &str) -> String {
    if level <= 1 { format!("BAB {} {}", roman(chapter), title.to_uppercase()) } else { title.to_string() }
}

/// A part without a heading, by the name the student knows.
fn part_title(name: &str, chapter: usize) -> String {
    match name {
        "cover" => "Sampul".into(),
        "judul" => "Halaman Judul".into(),
        "persetujuan" => "Halaman Persetujuan".into(),
        "pengesahan" => "Halaman Pengesahan".into(),
        "pernyataan" => "Pernyataan Keaslian".into(),
        "motto" => "Motto".into(),
        "persembahan" => "Persembahan".into(),
        "kata-pengantar" => "Kata Pengantar".into(),
        "abstrak" => "Abstrak".into(),
        "abstract" => "Abstract".into(),
        "daftar-isi" => "Daftar Isi".into(),
        "daftar-tabel" => "Daftar Tabel".into(),
        "daftar-gambar" => "Daftar Gambar".into(),
        "daftar-lampiran" => "Daftar Lampiran".into(),
        "bab" => format!("BAB {}", roman(chapter)),
        "pustaka" => "Daftar Pustaka".into(),
        "lampiran" => "Lampiran".into(),
        other => other.to_string(),
    }
}

/// Whitespace collapsed to single spaces.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Upper-case Roman numerals (chapters are few).
fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 9] =
        [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"), (0, ""), (0, "")];
    let mut out = String::new();
    for (value, digit) in DIGITS.iter().filter(|(v, _)| *v > 0) {
        while n >= *value {
            out.push_str(digit);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_read_like_the_template() {
        assert_eq!(number_heading(2, 1, "Tinjauan  Pustaka"), "BAB II TINJAUAN  PUSTAKA");
        assert_eq!(number_heading(2, 2, "Teori"), "Teori");
        assert_eq!(roman(14), "XIV");
        assert_eq!(part_title("bab", 4), "BAB IV");
    }
}
