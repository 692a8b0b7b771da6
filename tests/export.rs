//! `tesis export-typst`: the exported project compiles, in a plain Typst world that sees only the
//! exported folder and its fonts (what stock `typst compile OUT/main.typ --root OUT --font-path
//! OUT/fonts --ignore-system-fonts` does; no `typst` binary needed), to a PDF with the same pages
//! and text as `tesis build`.

mod common;
#[path = "export/plain_world.rs"]
mod plain_world;

use common::{TestProject, pdf_pages};
use plain_world::PlainWorld;

#[test]
fn exported_project_is_complete() {
    let p = TestProject::fixture("minimal");
    p.tesis(&["export-typst", "out"]).ok();
    for f in [
        "out/main.typ",
        "out/_tesis/thesis.json",
        "out/_tesis/md/thesis/bab1.typ",
        "out/thesis/bab2.typ",
        "out/thesis/pustaka.bib",
        "out/template/lib.typ",
        "out/fonts/LiberationSerif-Regular.ttf",
    ] {
        assert!(p.path(f).is_file(), "{f} missing from the export");
    }
}

#[test]
fn export_refuses_non_empty_folder() {
    let p = TestProject::fixture("minimal");
    p.write("out/keep.txt", "x");
    p.tesis(&["export-typst", "out"]).fails_with(&["not an empty folder"]);
}

/// Exports `p` to `out/`, compiles the export in the plain world, and asserts that its PDF has the
/// pages and text of `tesis build`'s.
fn plain_typst_builds_the_same_pdf(p: &TestProject) {
    p.build_ok();
    p.tesis(&["export-typst", "out"]).ok();
    let world = PlainWorld::new(&p.path("out"));
    let exported_fonts = std::fs::read_dir(p.path("out/fonts")).map(|d| d.count()).unwrap_or(0);
    assert!(exported_fonts > 0 && world.font_count() > exported_fonts, "the export has no fonts in out/fonts");
    // The Typst linked into this test has the patched hyphenator, which divides the thesis'
    // capitalised ordinary words once it is handed them, as `tesis build` does.
    let project = tesis::project::Project::load(&p.root).expect("the project loads");
    let turn = tesis::compile::vocabulary::lock();
    tesis::compile::vocabulary::hand_over(&project);
    let pdf = world.compile_pdf().unwrap_or_else(|e| panic!("the exported project does not compile:\n{e}"));
    drop(turn);
    assert!(!world.asked_today(), "the document asked for today's date: its PDF would depend on the clock");
    p.write("plain.pdf", pdf);
    let ours = pdf_pages(&p.path("thesis.pdf"));
    let theirs = pdf_pages(&p.path("plain.pdf"));
    eprintln!("comparing {} pages of tesis build with {} pages of the plain compile", ours.len(), theirs.len());
    assert!(ours.len() > 1, "tesis build wrote {} pages", ours.len());
    assert_eq!(ours.len(), theirs.len(), "page counts differ");
    for (n, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "the text of page {} differs", n + 1);
    }
}

#[test]
fn plain_typst_builds_the_same_pdf_minimal() {
    plain_typst_builds_the_same_pdf(&TestProject::fixture("minimal"));
}

#[test]
fn plain_typst_builds_the_same_pdf_default_thesis() {
    plain_typst_builds_the_same_pdf(&TestProject::default_thesis());
}
