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
}

#[test]
fn a_pdf_from_elsewhere_has_no_record() {
    // A PDF that went through another program has no /TesisInputs: no record, no guess.
    let mut doc = lopdf::Document::with_version("1.7");
    let info = doc.add_object(lopdf::dictionary! { "Title" => lopdf::Object::string_literal("Skripsi lain") });
    doc.trailer.set("Info", info);
    assert_eq!(read_record(&doc), None);
}
