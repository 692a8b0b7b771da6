//! Issue 8, `tesis build --final`: the `--final` check is the gate (no PDF while a draft marker
//! is left), then a PDF/A-2u file whose XMP metadata names the PDF/A part and conformance.

mod common;

use common::TestProject;

/// Whether `haystack` contains `needle`.
fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn final_build_writes_pdf_a_2u() {
    let p = TestProject::fixture("check-clean");
    p.tesis(&["build", "--final"]).ok();
    let pdf = std::fs::read(p.path("thesis.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(contains(&pdf, "pdfaid:part>2<") || contains(&pdf, "pdfaid:part=\"2\""), "no PDF/A-2 part in the XMP");
    assert!(
        contains(&pdf, "pdfaid:conformance>U<") || contains(&pdf, "pdfaid:conformance=\"U\""),
        "no conformance U in the XMP"
    );
}

#[test]
fn final_build_refuses_draft_markers_and_writes_nothing() {
    let p = TestProject::fixture("check-clean");
    let text = p.read("thesis/bab1.md");
    p.write("thesis/bab1.md", format!("{text}\nTODO: tulis kesimpulan.\n"));
    let line = text.lines().count() + 2;
    p.tesis(&["build", "--final"]).fails_with(&[
        &format!("thesis/bab1.md:{line}:1"),
        "error: draft marker left",
        "the final PDF was not written",
    ]);
    assert!(!p.path("thesis.pdf").exists());
    // The draft build still works.
    p.build_ok();
}

#[test]
fn final_build_asks_for_tanggal() {
    let p = TestProject::fixture("check-clean");
    p.edit("thesis/thesis.yaml", "tanggal: 2026-05-10\n", "");
    p.tesis(&["build", "--final"]).fails_with(&["thesis/thesis.yaml", "needs a document date", "tanggal: YYYY-MM-DD"]);
    assert!(!p.path("thesis.pdf").exists());
}

#[test]
fn source_date_epoch_stands_in_for_tanggal() {
    let p = TestProject::fixture("check-clean");
    p.edit("thesis/thesis.yaml", "tanggal: 2026-05-10\n", "");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tesis"))
        .args(["build", "--final"])
        .current_dir(&p.root)
        .env("SOURCE_DATE_EPOCH", "1778371200")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(p.path("thesis.pdf").is_file());
}

/// The review marks `tesis review` writes into a `.typ` chapter (`#hapus[..]`, `#tambah[..]`,
/// `#ganti[..][..]`) are refused by the final build like CriticMarkup in Markdown.
#[test]
fn final_build_refuses_typ_review_marks() {
    let p = TestProject::fixture("check-clean");
    let text = p.read("thesis/bab2.typ");
    p.write("thesis/bab2.typ", format!("{text}\nKata #hapus[lama] #tambah[baru] tetap.\n"));
    let line = text.lines().count() + 2;
    p.tesis(&["build", "--final"]).fails_with(&[&format!("thesis/bab2.typ:{line}:"), "the final PDF was not written"]);
    assert!(!p.path("thesis.pdf").exists());
}
