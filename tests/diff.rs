//! `tesis diff`: pairs of versions of `tests/fixtures/diff-base`; the diff PDF compiles, shows
//! the inserted and deleted words, and numbers figures, tables, chapters and the bibliography
//! exactly as the new version's own build does.

mod common;

use std::process::Command;

use common::{TestProject, pdf_pages, pdf_text};

/// The old version, and a new one made from it by `edit`.
fn pair(edit: impl Fn(&TestProject)) -> (TestProject, TestProject) {
    let old = TestProject::fixture("diff-base");
    let new = TestProject::fixture("diff-base");
    edit(&new);
    (old, new)
}

/// Runs `tesis diff OLD` in the new project; returns the diff PDF's text.
fn diff_text(old: &TestProject, new: &TestProject) -> String {
    new.tesis(&["diff", old.root.to_str().unwrap()]).ok();
    pdf_text(&new.path("thesis-diff.pdf"))
}

/// What must be numbered alike: table of contents lines, figure and table captions, and the
/// bibliography.
fn numbering(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.contains(" . . .") || l.starts_with("Gambar ") || l.starts_with("Tabel "))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    if let Some(bib) = text.rfind("DAFTAR PUSTAKA") {
        out.push(
            text[bib..].split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).collect::<Vec<_>>().join(" "),
        );
    }
    out
}

/// Asserts the diff numbers things as the new version's plain build.
#[track_caller]
fn same_numbering(new: &TestProject, diff: &str) {
    new.build_ok();
    let plain = new.pdf_text();
    assert_eq!(numbering(diff), numbering(&plain), "diff:\n{diff}\n\nplain:\n{plain}");
}

/// Text with spaces collapsed (pdftotext breaks lines anywhere).
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn inserted_deleted_and_replaced_words() {
    let (old, new) = pair(|p| {
        p.edit("thesis/bab1.md", "tumbuh pesat setelah", "tumbuh sangat cepat setelah");
        p.edit("thesis/bab1.md", "sejarah singkat kerja", "sejarah kerja");
    });
    let text = diff_text(&old, &new);
    let flat = flat(&text);
    assert!(flat.contains("RINGKASAN PERUBAHAN"), "{flat}");
    assert!(flat.contains("pesat"), "the deleted word is shown: {flat}");
    assert!(flat.contains("sangat cepat"), "{flat}");
    assert!(flat.contains("singkat"), "{flat}");
    same_numbering(&new, &text);
}

#[test]
fn moved_paragraph() {
    let (old, new) = pair(|p| {
        let text = p.read("thesis/bab1.md");
        let second = "Paragraf kedua membahas sejarah singkat kerja sama tersebut secara umum.\n\n";
        let text = text.replacen(second, "", 1).replacen(
            "## B. Rumusan Masalah\n\n",
            &format!("## B. Rumusan Masalah\n\n{second}"),
            1,
        );
        p.write("thesis/bab1.md", text);
    });
    let text = diff_text(&old, &new);
    // Shown struck where it was and marked where it is now.
    assert_eq!(flat(&text).matches("Paragraf kedua membahas").count(), 2, "{text}");
    same_numbering(&new, &text);
}

#[test]
fn new_chapter() {
    let (old, new) = pair(|p| {
        p.write("thesis/bab3.md", "# Metode Penelitian\n\n## A. Jenis Penelitian\n\nPenelitian ini kualitatif.\n");
        p.edit("thesis/thesis.yaml", "  - bab2.typ\n", "  - bab2.typ\n  - bab3.md\n");
    });
    let text = diff_text(&old, &new);
    let flat = flat(&text);
    assert!(flat.contains("thesis/bab3.md baru"), "{flat}");
    assert!(flat.contains("BAB III"), "{flat}");
    same_numbering(&new, &text);
}

#[test]
fn removed_footnote_does_not_shift_the_others() {
    let (old, new) = pair(|p| {
        p.edit("thesis/bab1.md", "otonomi daerah.[^1]", "otonomi daerah.");
        p.edit("thesis/bab1.md", "[^1]: Catatan pertama tentang otonomi.\n\n", "");
    });
    let text = diff_text(&old, &new);
    let flat_diff = flat(&text);
    assert!(flat_diff.contains("Catatan pertama tentang otonomi"), "the removed note is shown: {flat_diff}");
    new.build_ok();
    let plain = flat(&new.pdf_text());
    // In the new version the citation is note 1 and the second note is 2, in both PDFs.
    for pdf in [&flat_diff, &plain] {
        assert!(pdf.contains("kegiatan meningkat.2"), "{pdf}");
    }
    same_numbering(&new, &text);
}

#[test]
fn changed_citation_keeps_the_bibliography_of_the_new_version() {
    let (old, new) = pair(|p| p.edit("thesis/bab1.md", "[@jatmika2001, hlm. 12]", "[@keohane1977, hlm. 30]"));
    let text = diff_text(&old, &new);
    let flat = flat(&text);
    assert!(flat.contains("[@jatmika2001, hlm. 12]"), "the old citation is struck text: {flat}");
    assert!(flat.contains("Power and Interdependence"), "{flat}");
    let bib = &flat[flat.rfind("DAFTAR PUSTAKA").unwrap()..];
    assert!(!bib.contains("Jatmika"), "a deleted citation is not in the bibliography: {bib}");
    same_numbering(&new, &text);
}

#[test]
fn changed_table_cell() {
    let (old, new) = pair(|p| p.edit("thesis/bab1.md", "| 2011  | 15       |", "| 2011  | 18       |"));
    let text = diff_text(&old, &new);
    let flat = flat(&text);
    assert!(flat.contains("15") && flat.contains("18"), "{flat}");
    same_numbering(&new, &text);
}

#[test]
fn changed_title_in_thesis_yaml() {
    let (old, new) = pair(|p| {
        p.edit(
            "thesis/thesis.yaml",
            "judul: KERJA SAMA SISTER CITY DALAM UJI",
            "judul: KERJA SAMA KOTA KEMBAR DALAM UJI",
        )
    });
    let text = diff_text(&old, &new);
    let pages = pdf_pages(&new.path("thesis-diff.pdf"));
    let summary = flat(&pages[0]);
    assert!(summary.contains("judul"), "{summary}");
    assert!(summary.contains("SISTER CITY") && summary.contains("KOTA KEMBAR"), "{summary}");
    same_numbering(&new, &text);
}

#[test]
fn changed_typst_chapter() {
    let (old, new) = pair(|p| p.edit("thesis/bab2.typ", "oleh banyak penulis", "oleh beberapa penulis"));
    let text = diff_text(&old, &new);
    let flat = flat(&text);
    assert!(flat.contains("banyak") && flat.contains("beberapa"), "{flat}");
    same_numbering(&new, &text);
}

#[test]
fn only_changed_keeps_the_summary_and_the_changed_pages() {
    let (old, new) = pair(|p| p.edit("thesis/bab2.typ", "oleh banyak penulis", "oleh beberapa penulis"));
    new.tesis(&["diff", old.root.to_str().unwrap(), "--only-changed", "-o", "sedikit.pdf"]).ok();
    let pages = pdf_pages(&new.path("sedikit.pdf"));
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(pages[1].contains("beberapa"), "{pages:?}");
}

/// Runs git in `dir`, asserting success.
fn git(dir: &std::path::Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=Uji", "-c", "user.email=uji@contoh.id", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git is needed by this test");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn diff_against_the_previous_commit() {
    let p = TestProject::fixture("diff-base");
    git(&p.root, &["init", "-q"]);
    git(&p.root, &["add", "."]);
    git(&p.root, &["commit", "-q", "-m", "versi satu"]);
    p.edit("thesis/bab1.md", "pertanyaan awal", "pertanyaan penelitian");
    git(&p.root, &["commit", "-q", "-am", "versi dua"]);
    p.edit("thesis/bab1.md", "Bagaimana kerja sama", "Mengapa kerja sama");
    // HEAD~1 against the working tree: both edits.
    p.tesis(&["diff", "HEAD~1"]).ok();
    let text = flat(&pdf_text(&p.path("thesis-diff.pdf")));
    assert!(text.contains("awal") && text.contains("penelitian"), "{text}");
    assert!(text.contains("Bagaimana") && text.contains("Mengapa"), "{text}");
    // Two revisions: only the committed edit.
    p.tesis(&["diff", "HEAD~1", "HEAD", "-o", "komit.pdf"]).ok();
    let text = flat(&pdf_text(&p.path("komit.pdf")));
    assert!(text.contains("penelitian") && !text.contains("Mengapa"), "{text}");
}

#[test]
fn unknown_revision_is_explained() {
    let p = TestProject::fixture("diff-base");
    p.tesis(&["diff", "tidak-ada"]).fails_with(&["tidak-ada"]);
}

#[test]
fn new_version_that_does_not_build_is_reported() {
    let (old, new) = pair(|p| p.edit("thesis/bab1.md", "tumbuh pesat", "tumbuh pesat[^tidak-ada]"));
    new.tesis(&["diff", old.root.to_str().unwrap()])
        .fails_with(&["the new version itself does not compile", "[^tidak-ada]"]);
    assert!(!new.path("thesis-diff.pdf").exists());
}

#[test]
fn summary_links_the_changed_pages() {
    let (old, new) = pair(|p| p.edit("thesis/bab2.typ", "oleh banyak penulis", "oleh beberapa penulis"));
    diff_text(&old, &new);
    let pages = pdf_pages(&new.path("thesis-diff.pdf"));
    assert!(flat(&pages[0]).contains("Halaman dengan perubahan: 2"), "{}", pages[0]);
}
