//! CriticMarkup in Markdown chapters: shown in draft and review builds, and `tesis accept` /
//! `tesis reject` rewriting the sources (every byte outside the marks kept).

mod common;

use common::TestProject;

/// The sentence of the minimal fixture the tests mark up.
const SENTENCE: &str = "Kalimat pertama bab satu tentang kerja sama kota kembar.";

/// The same sentence with one mark of each kind.
const MARKED: &str = "Kalimat {++paling ++}pertama {--bab satu [@jatmika2001]--} {~~tentang~>mengenai~~} {==kerja sama==}{>>istilah ini perlu definisi<<} kota kembar.";

/// The sentence with every change accepted.
const ACCEPTED: &str = "Kalimat paling pertama  mengenai kerja sama kota kembar.";

/// A project whose first chapter carries the marks.
fn marked() -> TestProject {
    let p = TestProject::fixture("minimal");
    p.edit("thesis/bab1.md", SENTENCE, MARKED);
    p
}

/// Text with spaces collapsed.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn review_build_shows_changes_and_comments() {
    let p = marked();
    p.tesis(&["build", "--review"]).ok();
    let text = flat(&p.pdf_text());
    assert!(text.contains("paling"), "{text}");
    assert!(text.contains("bab satu [@jatmika2001]"), "deleted text is shown as text: {text}");
    assert!(text.contains("tentangmengenai"), "{text}");
    assert!(text.contains("istilah ini perlu definisi"), "{text}");
    assert!(!text.contains("{++") && !text.contains("~>"), "{text}");
}

#[test]
fn deleted_citation_does_not_count() {
    let p = marked();
    p.build_ok();
    let text = flat(&p.pdf_text());
    // Chicago notes: the first real citation of a source is the full note. The deleted one is
    // text, so the full note is the later citation, with its page.
    assert!(text.contains("(Yogyakarta: Bigraf Publishing, 2001), hlm. 12"), "{text}");
}

#[test]
fn typst_in_a_comment_stays_text() {
    let p = TestProject::fixture("minimal");
    p.edit("thesis/bab1.md", SENTENCE, "Teks {>>#read(\"/etc/passwd\") \"]) <<} {--#panic()--} selesai.");
    p.build_ok();
    // The comment is a margin note: narrow, so compare without the line breaks it gets.
    let text: String = p.pdf_text().split_whitespace().collect();
    assert!(text.contains("#read(\"/etc/passwd\")\"])"), "{text}");
    assert!(text.contains("#panic()"), "{text}");
}

#[test]
fn accept_all_applies_the_changes() {
    let p = marked();
    let before = p.read("thesis/bab1.md");
    p.tesis(&["accept", "--all"]).ok();
    assert_eq!(p.read("thesis/bab1.md"), before.replace(MARKED, ACCEPTED));
}

#[test]
fn reject_all_gives_the_original_back() {
    let original = TestProject::fixture("minimal");
    let p = marked();
    p.tesis(&["reject", "thesis/bab1.md"]).ok();
    let expected = original
        .read("thesis/bab1.md")
        .replace(SENTENCE, "Kalimat pertama bab satu [@jatmika2001] tentang kerja sama kota kembar.");
    assert_eq!(p.read("thesis/bab1.md"), expected);
}

#[test]
fn round_trip_of_a_supervisor_edit() {
    let p = TestProject::fixture("minimal");
    let original = p.read("thesis/bab1.md");
    p.edit("thesis/bab1.md", "bab satu", "{~~bab satu~>bab pertama~~}{>>lebih jelas<<}");
    p.tesis(&["reject", "--all"]).ok();
    assert_eq!(p.read("thesis/bab1.md"), original);
    p.edit("thesis/bab1.md", "bab satu", "{~~bab satu~>bab pertama~~}{>>lebih jelas<<}");
    p.tesis(&["accept", "--all"]).ok();
    assert_eq!(p.read("thesis/bab1.md"), original.replace("bab satu", "bab pertama"));
}

#[test]
fn file_without_marks_is_untouched() {
    let p = TestProject::fixture("minimal");
    // Bytes that a careless rewrite would change: CRLF, a BOM, trailing spaces, braces.
    let bytes = b"\xef\xbb\xbf# Judul\r\n\r\nTeks {bukan tanda} dan `{++kode++}`.  \r\n".to_vec();
    p.write("thesis/bab1.md", &bytes);
    let modified = std::fs::metadata(p.path("thesis/bab1.md")).unwrap().modified().unwrap();
    let run = p.tesis(&["accept", "thesis/bab1.md"]).ok();
    assert!(run.stderr().contains("no CriticMarkup"), "{}", run.stderr());
    assert_eq!(std::fs::read(p.path("thesis/bab1.md")).unwrap(), bytes);
    assert_eq!(std::fs::metadata(p.path("thesis/bab1.md")).unwrap().modified().unwrap(), modified);
}

#[test]
fn accept_needs_files_or_all() {
    let p = TestProject::fixture("minimal");
    let run = p.tesis(&["accept"]);
    assert_eq!(run.code(), 2, "clap's usage error: {}", run.stderr());
}

#[test]
fn accept_refuses_files_that_are_not_chapters() {
    let p = TestProject::fixture("minimal");
    let before = p.read("thesis/thesis.yaml");
    p.tesis(&["accept", "thesis/thesis.yaml"]).fails_with(&["not a Markdown or Typst chapter"]);
    assert_eq!(p.read("thesis/thesis.yaml"), before);
    // A Typst chapter without review marks (#tambah, #hapus, …) is left byte for byte.
    let typ = p.read("thesis/bab2.typ");
    let run = p.tesis(&["accept", "thesis/bab2.typ"]).ok();
    assert!(run.stderr().contains("no CriticMarkup, left as it was"), "{}", run.stderr());
    assert_eq!(p.read("thesis/bab2.typ"), typ);
}
