//! `tesis review FILE.pdf` (issue 17), first step: every PDF tesis writes records what it was
//! built from (a hash of thesis.yaml, the sources and the bibliography) in its `/Info`
//! dictionary, appended as an incremental update, so that a PDF the supervisor annotated can be
//! matched with the sources that produced it.

mod common;

use common::{TestProject, pdf_info, pdf_text, require};
use tesis::output::pdf::{Record, read_record};

/// The record of a PDF file, read with lopdf.
fn record(path: &std::path::Path) -> Option<Record> {
    let bytes = std::fs::read(path).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads the PDF tesis wrote");
    read_record(&doc)
}

#[test]
fn every_build_records_its_inputs_and_changes_with_them() {
    if !require("pdftotext", "poppler-utils") {
        return;
    }
    let p = TestProject::default_thesis();
    p.build_ok();
    let pdf = p.path("thesis.pdf");
    let first = record(&pdf).expect("the built PDF carries the record");
    assert_eq!(first.inputs.len(), 32, "a 128-bit hash in hex: {first:?}");
    assert!(first.inputs.bytes().all(|b| b.is_ascii_hexdigit()), "{first:?}");
    // A copied temp folder is no git checkout: no commit is claimed.
    assert_eq!(first.commit, None);
    // The update keeps the PDF readable, its metadata included.
    assert!(pdf_text(&pdf).contains("BAB I"), "the text is still there");
    let info = pdf_info(&pdf);
    assert!(info.get("Creator").is_some_and(|c| c.starts_with("tesis ")), "{info:?}");
    assert!(info.get("Title").is_some_and(|t| !t.is_empty()), "{info:?}");
    let bytes = std::fs::read(&pdf).unwrap();

    // Unchanged sources: identical bytes (F31), the record included.
    p.build_ok();
    assert_eq!(std::fs::read(&pdf).unwrap(), bytes, "the same inputs give the same PDF");

    // An edited chapter changes the record; undoing the edit gives the first one back.
    let bab1 = p.read("thesis/bab1.md");
    p.write("thesis/bab1.md", format!("{bab1}\nSatu kalimat tambahan.\n"));
    p.build_ok();
    let edited = record(&pdf).expect("the record");
    assert_ne!(edited.inputs, first.inputs, "the hash follows the sources");
    p.write("thesis/bab1.md", &bab1);
    p.build_ok();
    assert_eq!(record(&pdf), Some(first));

    // `tesis watch`'s working copy goes without it (appending costs a full read of the PDF).
    let working = common::fresh_working_copy(&p.root);
    assert_eq!(read_record(&lopdf::Document::load_mem(&working).unwrap()), None);
}

#[test]
fn a_pdf_from_elsewhere_has_no_record() {
    // A PDF that went through another program has no /TesisInputs: no record, no guess.
    let mut doc = lopdf::Document::with_version("1.7");
    let info = doc.add_object(lopdf::dictionary! { "Title" => lopdf::Object::string_literal("Skripsi lain") });
    doc.trailer.set("Info", info);
    assert_eq!(read_record(&doc), None);
}

/// Annotates `src` into `dst` with tests/annotate/annotate.py (PyMuPDF) following `marks`.
/// `None` (with the reason printed) when python3 or PyMuPDF is missing, as `require` does.
fn annotate(src: &std::path::Path, dst: &std::path::Path, marks: &serde_json::Value) -> bool {
    let has_fitz =
        std::process::Command::new("python3").args(["-c", "import pymupdf"]).output().is_ok_and(|o| o.status.success());
    if !common::require_that(has_fitz, "python3 with PyMuPDF", "python3 (pip install pymupdf)") {
        return false;
    }
    let json = dst.with_extension("json");
    std::fs::write(&json, marks.to_string()).unwrap();
    let out = std::process::Command::new("python3")
        .arg(common::repo().join("tests/annotate/annotate.py"))
        .arg(src)
        .arg(dst)
        .arg(&json)
        .output()
        .unwrap();
    assert!(out.status.success(), "annotate.py: {}", String::from_utf8_lossy(&out.stderr));
    true
}

#[test]
fn the_supervisors_annotations_are_read_with_page_text_author_and_replies() {
    use tesis::review::pdf::annots::{Kind, read};
    if !require("pdftotext", "poppler-utils") {
        return;
    }
    let p = TestProject::default_thesis();
    p.build_ok();
    let built = p.path("thesis.pdf");
    let record_before = record(&built).expect("the record");
    let marked = p.path("thesis-dibaca.pdf");
    let marks = serde_json::json!([
        {"kind": "highlight", "page": 6, "text": "Kabupaten Bogor adalah sebuah kabupaten",
         "note": "perlu sumber — 参考文献", "author": "Dr. Pembimbing", "date": "D:20261205093000+07'00'"},
        {"kind": "strikeout", "page": 6, "text": "bilateral", "author": "Dr. Pembimbing"},
        {"kind": "caret", "page": 6, "after": "Jawa Barat", "note": "bagian barat"},
        {"kind": "note", "page": 31, "near": "Kesamaan Kabupaten Bogor", "note": "Bab ini belum ada isinya."},
        {"kind": "reply", "to": 0, "note": "Sudah saya tambahkan.", "author": "Mahasiswa"},
        {"kind": "ink", "page": 7}
    ]);
    if !annotate(&built, &marked, &marks) {
        return;
    }
    let read = read(&std::fs::read(&marked).unwrap()).expect("the annotated PDF reads");
    // The record survives the supervisor's save (an incremental update, as Acrobat does).
    assert_eq!(read.record, Some(record_before));
    let a = &read.annotations;
    let kinds: Vec<(Kind, usize)> = a.iter().map(|a| (a.kind.clone(), a.page)).collect();
    assert_eq!(
        kinds,
        [
            (Kind::Highlight, 6),
            (Kind::StrikeOut, 6),
            (Kind::Caret, 6),
            (Kind::Text, 6),
            (Kind::Drawing("Ink".into()), 7),
            (Kind::Text, 31),
        ],
        "{a:#?}"
    );
    assert_eq!(a[0].contents, "perlu sumber — 参考文献", "non-Latin text in a note round trips");
    assert_eq!(a[0].author.as_deref(), Some("Dr. Pembimbing"));
    assert_eq!(a[0].date.as_deref(), Some("D:20261205093000+07'00'"));
    // The highlight's one quad (one line) lies inside its rectangle and is about a line high.
    assert_eq!(a[0].quads.len(), 1, "{:?}", a[0].quads);
    let q = a[0].quads[0];
    let (xs, ys) = ([q[0], q[2], q[4], q[6]], [q[1], q[3], q[5], q[7]]);
    let r = a[0].rect;
    assert!(xs.iter().all(|&x| x >= r[0] - 0.5 && x <= r[2] + 0.5), "{q:?} in {r:?}");
    let height = ys.iter().cloned().fold(f32::MIN, f32::max) - ys.iter().cloned().fold(f32::MAX, f32::min);
    assert!((8.0..30.0).contains(&height), "a 12 pt line: {height}");
    // The top of page 6 (A4, 842 pt high) is where BAB I's first sentence is.
    assert!(ys.iter().all(|&y| y > 421.0), "{q:?}");
    assert_eq!(a[1].quads.len(), 1);
    assert_eq!(a[2].contents, "bagian barat");
    assert_eq!(a[3].contents, "Sudah saya tambahkan.");
    assert_eq!(a[3].reply_to, Some(0), "the reply points at the highlight");
    assert_eq!(a[3].author.as_deref(), Some("Mahasiswa"));
    assert_eq!(a[5].contents, "Bab ini belum ada isinya.");
    assert!(a.iter().enumerate().all(|(i, x)| i == 3 || x.reply_to.is_none()));

    // A PDF nobody annotated: no annotations (the outline's links are not marks).
    let plain = tesis::review::pdf::annots::read(&std::fs::read(&built).unwrap()).unwrap();
    assert_eq!(plain.annotations, []);
}

#[test]
fn damaged_empty_and_encrypted_pdfs_are_refused_with_a_sentence() {
    use tesis::review::pdf::annots::read;
    let p = TestProject::default_thesis();
    p.build_ok();
    let built = std::fs::read(p.path("thesis.pdf")).unwrap();
    for (what, bytes) in
        [("empty", Vec::new()), ("half", built[..built.len() / 2].to_vec()), ("text", b"bukan PDF".to_vec())]
    {
        let err = read(&bytes).expect_err(what);
        assert!(err.starts_with("the PDF cannot be read, it may be damaged or incomplete"), "{what}: {err}");
    }
    let locked = p.path("terkunci.pdf");
    if !annotate(&p.path("thesis.pdf"), &locked, &serde_json::json!([{"encrypt": "rahasia"}])) {
        return;
    }
    let err = read(&std::fs::read(&locked).unwrap()).expect_err("encrypted");
    assert!(err.starts_with("the PDF is encrypted (password-protected)"), "{err}");
}

/// Fails with the unified diff when `got` is not `want`.
fn same_text(got: &str, want: &str, context: &str) {
    if got != want {
        let diff = similar::TextDiff::from_lines(want, got).unified_diff().header("expected", "written").to_string();
        panic!("other bytes were written:\n{}\n{context}", diff.chars().take(6000).collect::<String>());
    }
}

/// A place where a paragraph of `md` runs over a page break of `pdf`, from page `from` on: the
/// page, the last two words of that page and the first two of the next (each pair on one line,
/// and the four words once in `md`, with one space between them: in one paragraph).
fn page_break_in_a_paragraph(pdf: &std::path::Path, md: &str, from: usize) -> (usize, String, String) {
    let pages = common::pdf_pages(pdf);
    let plain = |w: &str| w.chars().all(|c| c.is_alphanumeric() || ",.;:".contains(c));
    for p in from..pages.len() - 1 {
        let next: Vec<&str> = pages[p].lines().filter(|l| l.split_whitespace().count() >= 4).take(2).collect();
        for line in pages[p - 1].lines() {
            let end: Vec<&str> = line.split_whitespace().collect();
            if end.len() < 4 || !end.iter().rev().take(2).all(|w| plain(w)) {
                continue;
            }
            for first in &next {
                let start: Vec<&str> = first.split_whitespace().take(2).collect();
                if !start.iter().all(|w| plain(w)) {
                    continue;
                }
                let before = end[end.len() - 2..].join(" ");
                let after = start.join(" ");
                if md.matches(&format!("{before} {after}")).count() == 1 {
                    return (p, before, after);
                }
            }
        }
    }
    panic!("no paragraph runs over a page break after page {from}");
}

/// `text` with the first `old` made `new` (the test fails when `old` is not there).
fn with(text: &str, old: &str, new: &str) -> String {
    assert!(text.contains(old), "{old:?} is not in the chapter");
    text.replacen(old, new, 1)
}

#[test]
fn the_supervisors_marks_land_on_the_bytes_they_were_made_on() {
    if !require("pdftotext", "poppler-utils") {
        return;
    }
    let p = TestProject::default_thesis();
    p.build_ok();
    let pdf = p.path("thesis.pdf");
    let (run_page, before, after) = page_break_in_a_paragraph(&pdf, &p.read("thesis/bab1.md"), 8);
    let note_page = page_with(&pdf, "Hasan Wirayudha mengenai", 0);
    let bab2_page = page_with(&pdf, "KERJASAMA SISTER CITY KABUPATEN BOGOR DENGAN", 6);
    let marked = p.path("thesis-dibaca.pdf");
    let marks = serde_json::json!([
        // 0: a highlight with a note on a sentence of BAB I, and 1: a reply to it.
        {"kind": "highlight", "page": 6, "text": "Kabupaten Bogor adalah sebuah kabupaten",
         "note": "perlu sumber", "author": "Dr. Pembimbing"},
        {"kind": "reply", "to": 0, "note": "Sudah saya tambahkan.", "author": "Mahasiswa"},
        // 2: a word struck out inside a footnote (note 11).
        {"kind": "strikeout", "page": note_page, "text": "Wirayudha", "author": "Dr. Pembimbing"},
        // 3: words inserted with a caret after "Jawa Barat".
        {"kind": "caret", "page": 6, "after": "Jawa Barat", "note": "bagian barat", "author": "Dr. Pembimbing"},
        // 4: a sticky note on the first page of BAB II.
        {"kind": "note", "page": bab2_page, "near": "Bab ini berisi", "note": "Bab ini belum ada isinya.", "author": "Dr. Pembimbing"},
        // 5 + 6: a highlight that runs over a page break inside a paragraph.
        {"kind": "highlight", "page": run_page, "text": before, "note": "dua halaman", "author": "Dr. Pembimbing"},
        {"kind": "highlight", "page": run_page + 1, "text": after, "author": "Dr. Pembimbing"},
        // 7: a highlight on the number of a heading, which tesis generates.
        {"kind": "highlight", "page": 6, "text": "A.", "note": "nomor?", "author": "Dr. Pembimbing"},
        // 8: a word struck out and replaced (a note that gives the new word).
        {"kind": "strikeout", "page": 6, "text": "bilateral", "note": "ganti: dua pihak", "author": "Dr. Pembimbing"}
    ]);
    if !annotate(&p.path("thesis.pdf"), &marked, &marks) {
        return;
    }
    let bab1 = p.read("thesis/bab1.md");
    let bab2 = p.read("thesis/bab2.md");
    let run = p.tesis(&["review", "thesis-dibaca.pdf"]).ok();
    let err = run.stderr();
    let mut want1 = with(
        &bab1,
        "Kabupaten Bogor adalah sebuah kabupaten di provinsi Jawa Barat, Indonesia.",
        "{==Kabupaten Bogor adalah sebuah kabupaten==}{>>Dr. Pembimbing: perlu sumber — Mahasiswa: Sudah saya \
         tambahkan.<<} di provinsi Jawa Barat{++ bagian barat++}, Indonesia.",
    );
    want1 = with(&want1, "hubungan bilateral dengan", "hubungan {~~bilateral~>dua pihak~~} dengan");
    want1 = with(&want1, "Hasan Wirayudha mengenai", "Hasan {--Wirayudha--} mengenai");
    want1 = with(
        &want1,
        &format!("{before} {after}"),
        &format!("{{=={before} {after}==}}{{>>Dr. Pembimbing: dua halaman<<}}"),
    );
    want1 = with(
        &want1,
        "## A. LATAR BELAKANG",
        "## A. {>>Dr. Pembimbing: nomor? [pada «A.»] (it is on text tesis generates (a number, a citation or a \
         reference))<<}LATAR BELAKANG",
    );
    same_text(&p.read("thesis/bab1.md"), &want1, &err);
    let want2 =
        with(&bab2, "TODO: Bab ini berisi", "TODO: Bab{>>Dr. Pembimbing: Bab ini belum ada isinya.<<} ini berisi");
    same_text(&p.read("thesis/bab2.md"), &want2, &err);
    assert!(err.contains("bab1.md: got 1 insertion, 1 deletion, 1 replacement, 3 comments"), "{err}");
    assert!(err.contains("placed as a comment instead: comment \"Dr. Pembimbing: nomor?\""), "{err}");
    assert!(err.contains("bab2.md: got 0 insertions, 0 deletions, 0 replacements, 1 comment"), "{err}");
    assert!(!err.contains("note:"), "the record matched the sources: {err}");
    // The chapters with the marks build, and the marks are drawn.
    p.build_ok();
    let text = pdf_text(&p.path("thesis.pdf"));
    assert!(text.split_whitespace().collect::<Vec<_>>().join(" ").contains("Jawa Barat bagian barat"), "{text}");
}

#[test]
fn bad_pdfs_are_refused_with_a_sentence_and_nothing_is_written() {
    let p = TestProject::default_thesis();
    p.build_ok();
    let bab1 = p.read("thesis/bab1.md");
    // A damaged PDF: a sentence naming the file, exit 1.
    p.write("rusak.pdf", b"%PDF-1.7\nbukan isi PDF");
    p.tesis(&["review", "rusak.pdf"]).fails_with(&["rusak.pdf: the PDF cannot be read, it may be damaged"]);

    // The PDF of another thesis.
    let other = TestProject::fixture("minimal");
    other.build_ok();
    std::fs::copy(other.path("thesis.pdf"), p.path("lain.pdf")).unwrap();
    p.tesis(&["review", "lain.pdf"]).fails_with(&["lain.pdf is the PDF of another thesis", "nothing was changed"]);
    assert_eq!(p.read("thesis/bab1.md"), bab1);
}

/// The first page (1-based) after page `after` of `pdf` whose text holds `needle`.
fn page_with(pdf: &std::path::Path, needle: &str, after: usize) -> usize {
    let pages = common::pdf_pages(pdf);
    let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let found = pages.iter().enumerate().skip(after).find(|(_, t)| flat(t).contains(needle));
    found.unwrap_or_else(|| panic!("{needle:?} is on no page after {after}")).0 + 1
}

#[test]
fn marks_on_a_typst_chapter_become_the_templates_review_calls() {
    if !require("pdftotext", "poppler-utils") {
        return;
    }
    const BAB2: &str = "thesis/bab2.typ";
    let p = TestProject::fixture("minimal");
    p.write(BAB2, common::TYP_BAB2);
    p.build_ok();
    let pdf = p.path("thesis.pdf");
    let page = page_with(&pdf, "Bab dua ditulis dalam Typst", 0);
    let who = "Dr. Pembimbing";
    let marks = serde_json::json!([
        {"kind": "highlight", "page": page, "text": "Paradiplomasi dibahas", "note": "sumbernya?", "author": who},
        {"kind": "strikeout", "page": page, "text": "banyak", "note": "ganti: sejumlah", "author": who},
        {"kind": "strikeout", "page": page, "text": "Kalimat ini akan dihapus oleh pembimbing.", "author": who},
        {"kind": "caret", "page": page, "after": "adalah contoh", "note": "lain", "author": who},
        {"kind": "strikeout", "page": page, "text": "Wirayudha", "author": who},
        {"kind": "highlight", "page": page, "text": "Konsep Paradiplomasi", "note": "judul terlalu umum", "author": who}
    ]);
    let marked = p.path("dibaca.pdf");
    if !annotate(&pdf, &marked, &marks) {
        return;
    }
    let bab1 = p.read("thesis/bab1.md");
    let original = p.read(BAB2);
    let err = p.tesis(&["review", "dibaca.pdf"]).ok().stderr();
    let mut want = with(
        &original,
        "Paradiplomasi dibahas oleh",
        "#sorot[Paradiplomasi dibahas]#catatan[Dr. Pembimbing: sumbernya?] oleh",
    );
    want = with(&want, "oleh banyak penulis", "oleh #ganti[banyak][sejumlah] penulis");
    want = with(
        &want,
        "Kalimat ini akan dihapus oleh pembimbing. Kerja",
        "#hapus[Kalimat ini akan dihapus oleh pembimbing.] Kerja",
    );
    want = with(&want, "adalah contoh yang", "adalah contoh#tambah[ lain] yang");
    want = with(&want, "Hasan Wirayudha mengenai", "Hasan #hapus[Wirayudha] mengenai");
    want = with(
        &want,
        "== Konsep Paradiplomasi",
        "== #sorot[Konsep Paradiplomasi]#catatan[Dr. Pembimbing: judul terlalu umum]",
    );
    same_text(&p.read(BAB2), &want, &err);
    assert_eq!(p.read("thesis/bab1.md"), bab1, "the chapter nobody marked is untouched");
    assert!(err.contains("bab2.typ: got 1 insertion, 2 deletions, 1 replacement, 2 comments"), "{err}");
    // The marks are Typst the template understands: the chapter builds.
    p.build_ok();
}

/// Runs git in the project.
fn git(p: &TestProject, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(&p.root)
        .args(["-c", "user.name=Mahasiswa", "-c", "user.email=m@example.org"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn marks_on_a_pdf_of_an_older_commit_are_carried_onto_todays_text() {
    if !require("pdftotext", "poppler-utils") || !require("git", "git") {
        return;
    }
    let p = TestProject::default_thesis();
    git(&p, &["init", "-q"]);
    std::fs::write(p.path(".gitignore"), "*.pdf\n*.json\n").unwrap();
    git(&p, &["add", "-A"]);
    git(&p, &["commit", "-q", "-m", "draf untuk pembimbing"]);
    p.build_ok();
    let pdf = p.path("thesis.pdf");
    let recorded = record(&pdf).expect("a record");
    assert_eq!(recorded.commit.as_deref().map(str::len), Some(40), "a clean checkout records its commit");
    let marks = serde_json::json!([
        {"kind": "highlight", "page": 6, "text": "Kabupaten Bogor adalah sebuah kabupaten", "note": "perlu sumber",
         "author": "Dr. Pembimbing"},
        {"kind": "strikeout", "page": 6, "text": "bilateral", "author": "Dr. Pembimbing"},
        {"kind": "caret", "page": 6, "after": "Jawa Barat", "note": "bagian barat", "author": "Dr. Pembimbing"}
    ]);
    let marked = p.path("dibaca.pdf");
    if !annotate(&pdf, &marked, &marks) {
        return;
    }
    // Meanwhile the student wrote on: a new paragraph before the marks (every byte after it
    // moves), and the sentence with "bilateral" rewritten (that mark has no place any more).
    let bab1 = p.read("thesis/bab1.md");
    let edited =
        with(&bab1, "## A. LATAR BELAKANG\n\n", "## A. LATAR BELAKANG\n\nParagraf baru yang ditulis kemudian.\n\n");
    let edited = with(&edited, "menjalin hubungan bilateral dengan", "menjalin kerja sama dengan");
    p.write("thesis/bab1.md", &edited);
    let err = p.tesis(&["review", "dibaca.pdf"]).ok().stderr();
    let want = with(
        &edited,
        "Kabupaten Bogor adalah sebuah kabupaten di provinsi Jawa Barat, Indonesia.",
        "{==Kabupaten Bogor adalah sebuah kabupaten==}{>>Dr. Pembimbing: perlu sumber<<} di provinsi Jawa \
         Barat{++ bagian barat++}, Indonesia.",
    );
    same_text(&p.read("thesis/bab1.md"), &want, &err);
    let short = &recorded.commit.as_deref().unwrap()[..12];
    assert!(
        err.contains(&format!(
            "note: the sources changed since the PDF was built: its marks were laid on commit {short}"
        )),
        "{err}"
    );
    assert!(
        err.contains("not written: Dr. Pembimbing deleted \"bilateral\": not written, thesis")
            && err.contains("changed there since the PDF was built"),
        "{err}"
    );
    // The commit's files were read into a temporary copy: the project's git state is untouched.
    let status =
        std::process::Command::new("git").arg("-C").arg(&p.root).args(["status", "--porcelain"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&status.stdout).trim(), "M thesis/bab1.md");
}

#[test]
fn a_pdf_without_the_record_is_matched_page_by_page_against_todays_build() {
    if !require("pdftotext", "poppler-utils") {
        return;
    }
    let p = TestProject::default_thesis();
    p.build_ok();
    let pdf = p.path("thesis.pdf");
    let bab2_page = page_with(&pdf, "KERJASAMA SISTER CITY KABUPATEN BOGOR DENGAN", 6);
    let marks = serde_json::json!([
        {"strip_record": true},
        {"kind": "highlight", "page": 6, "text": "Kabupaten Bogor adalah sebuah kabupaten", "note": "perlu sumber",
         "author": "Dr. Pembimbing"},
        {"kind": "note", "page": bab2_page, "near": "Bab ini berisi", "note": "Kapan ditulis?", "author": "Dr. Pembimbing"}
    ]);
    let marked = p.path("dicetak.pdf");
    if !annotate(&pdf, &marked, &marks) {
        return;
    }
    assert_eq!(record(&marked), None, "the record is gone, as after a printer driver");
    // BAB II changed since: its first page is no longer the PDF's page, BAB I's still is.
    let bab2 = p.read("thesis/bab2.md");
    p.write("thesis/bab2.md", with(&bab2, "TODO: Bab ini berisi", "Bab ini sekarang berisi"));
    let bab1 = p.read("thesis/bab1.md");
    let err = p.tesis(&["review", "dicetak.pdf"]).ok().stderr();
    assert!(err.contains("note: the PDF does not say what it was built from"), "{err}");
    assert_eq!(
        p.read("thesis/bab1.md"),
        with(
            &bab1,
            "Kabupaten Bogor adalah sebuah kabupaten di",
            "{==Kabupaten Bogor adalah sebuah kabupaten==}{>>Dr. Pembimbing: perlu sumber<<} di"
        ),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "not written: catatan di hal. {bab2_page}: not written, that page of the PDF is not the same as in today's build"
        )),
        "{err}"
    );
    assert_eq!(p.read("thesis/bab2.md"), with(&bab2, "TODO: Bab ini berisi", "Bab ini sekarang berisi"));
}

/// `pdf` with `count` highlights over the first line of page 6 added with lopdf (PyMuPDF takes
/// minutes for ten thousand).
fn with_many_highlights(pdf: &std::path::Path, count: usize) -> Vec<u8> {
    use lopdf::{Object, dictionary};
    let mut doc = lopdf::Document::load(pdf).unwrap();
    let page = doc.get_pages()[&6];
    let quad: Vec<Object> = [146.0, 640.0, 353.0, 640.0, 146.0, 628.0, 353.0, 628.0].map(Object::Real).into();
    let mut annots = Vec::new();
    for i in 0..count {
        let id = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Highlight",
            "Rect" => vec![146.0.into(), 628.0.into(), 353.0.into(), 640.0.into()],
            "QuadPoints" => quad.clone(),
            "Contents" => Object::string_literal(format!("catatan {i}")),
        });
        annots.push(Object::Reference(id));
    }
    doc.get_dictionary_mut(page).unwrap().set("Annots", annots);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn ten_thousand_marks_are_refused_with_a_sentence() {
    let p = TestProject::default_thesis();
    p.build_ok();
    p.write("banyak.pdf", with_many_highlights(&p.path("thesis.pdf"), 10_000));
    let bab1 = p.read("thesis/bab1.md");
    let run = p.tesis(&["review", "banyak.pdf"]).fails_with(&[
        "banyak.pdf holds 10000 annotations, more than a supervisor writes by hand (tesis review takes at most 5000); \
         nothing was changed",
    ]);
    assert!(!run.stderr().contains("panicked"));
    assert_eq!(p.read("thesis/bab1.md"), bab1);
    // Two hundred are an ordinary review: all read, all placed (they overlap, so all but the first
    // become comments beside it).
    p.write("dua-ratus.pdf", with_many_highlights(&p.path("thesis.pdf"), 200));
    let err = p.tesis(&["review", "dua-ratus.pdf", "--dry-run"]).ok().stderr();
    assert!(err.contains("bab1.md: would get 0 insertions, 0 deletions, 0 replacements, 200 comments"), "{err}");
}

#[test]
fn empty_enormous_and_non_latin_notes_are_written_as_they_are_or_cut_with_a_word() {
    if !require("pdftotext", "poppler-utils") {
        return;
    }
    let p = TestProject::default_thesis();
    p.build_ok();
    let huge = "sangat panjang ".repeat(10_000);
    let marks = serde_json::json!([
        {"kind": "highlight", "page": 6, "text": "Kabupaten Bogor adalah", "author": "Dr. Pembimbing"},
        {"kind": "underline", "page": 6, "text": "Pemerintah Pusat", "note": huge, "author": "Dr. Pembimbing"},
        {"kind": "squiggly", "page": 6, "text": "dasarnya", "note": "perlu sumber — 参考文献 — مصدر", "author": "Дмитрий"},
        {"kind": "caret", "page": 6, "after": "Jawa Barat", "note": "", "author": "Dr. Pembimbing"}
    ]);
    if !annotate(&p.path("thesis.pdf"), &p.path("dibaca.pdf"), &marks) {
        return;
    }
    let bab1 = p.read("thesis/bab1.md");
    let err = p.tesis(&["review", "dibaca.pdf"]).ok().stderr();
    let cut: String = huge.chars().take(2000).collect::<String>().trim().to_string();
    let mut want = with(
        &bab1,
        "Kabupaten Bogor adalah sebuah",
        "{==Kabupaten Bogor adalah==}{>>Dr. Pembimbing: (stabilo tanpa catatan)<<} sebuah",
    );
    want = with(&want, "Jawa Barat,", "Jawa Barat{>>Dr. Pembimbing: <<},");
    want = with(
        &want,
        "Pada dasarnya pelaksanaan",
        "Pada {==dasarnya==}{>>Дмитрий: perlu sumber — 参考文献 — مصدر<<} pelaksanaan",
    );
    want = with(
        &want,
        "kewenangan Pemerintah Pusat.",
        &format!("kewenangan {{==Pemerintah Pusat==}}{{>>Dr. Pembimbing: {cut}…<<}}."),
    );
    let got = p.read("thesis/bab1.md");
    if got != want {
        let tail = |t: &str| {
            t.split("Pemerintah Pusat==}").nth(1).map(|x| x.chars().take(2100).skip(1950).collect::<String>())
        };
        panic!("{:?}\n{:?}\n{err}", tail(&want), tail(&got));
    }
    assert!(
        err.contains("note: the note of mark #2 (hal. 6) is longer than 2000 characters: only its start was written"),
        "{err}"
    );
}

#[test]
fn an_encrypted_pdf_is_refused_by_the_verb() {
    let p = TestProject::default_thesis();
    p.build_ok();
    if !annotate(&p.path("thesis.pdf"), &p.path("terkunci.pdf"), &serde_json::json!([{"encrypt": "rahasia"}])) {
        return;
    }
    let bab1 = p.read("thesis/bab1.md");
    p.tesis(&["review", "terkunci.pdf"]).fails_with(&["terkunci.pdf: the PDF is encrypted (password-protected)"]);
    assert_eq!(p.read("thesis/bab1.md"), bab1);
}

#[test]
fn a_pdf_of_tesis_diff_is_refused() {
    if !require("git", "git") {
        return;
    }
    let p = TestProject::default_thesis();
    git(&p, &["init", "-q"]);
    git(&p, &["add", "-A"]);
    git(&p, &["commit", "-q", "-m", "bimbingan 1"]);
    let bab1 = p.read("thesis/bab1.md");
    p.write("thesis/bab1.md", with(&bab1, "sebuah kabupaten", "sebuah kabupaten besar"));
    p.tesis(&["diff", "HEAD"]).ok();
    let edited = p.read("thesis/bab1.md");
    p.tesis(&["review", "thesis-diff.pdf"]).fails_with(&[
        "thesis-diff.pdf is a PDF of tesis diff (the changes since an older version marked on it), not of the thesis; \
         nothing was changed",
    ]);
    assert_eq!(p.read("thesis/bab1.md"), edited);
}
