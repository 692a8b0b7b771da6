//! `tesis export-typst`: the exported project compiles with stock `typst` 0.15.1 to a PDF with the
//! same pages and text as `tesis build`.

mod common;

use std::process::Command;

use common::{TestProject, pdf_pages};

/// The stock typst binary, when installed (CI installs typst-cli 0.15.1).
fn stock_typst() -> Option<String> {
    let out = Command::new("typst").arg("--version").output().ok()?;
    String::from_utf8_lossy(&out.stdout).contains("0.15.1").then(|| "typst".to_string())
}

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

#[test]
fn stock_typst_builds_the_same_pdf() {
    let Some(typst) = stock_typst() else {
        eprintln!("SKIPPED: stock typst 0.15.1 is not installed (.ci/run installs it)");
        if std::env::var_os("CI").is_some() {
            panic!("CI must have typst 0.15.1 installed");
        }
        return;
    };
    let p = TestProject::fixture("minimal");
    p.build_ok();
    p.tesis(&["export-typst", "out"]).ok();
    let status = Command::new(typst)
        .args(["compile", "--ignore-system-fonts", "--font-path", "out/fonts", "out/main.typ", "stock.pdf"])
        .current_dir(&p.root)
        .status()
        .unwrap();
    assert!(status.success(), "typst compile failed on the export");
    let ours = pdf_pages(&p.path("thesis.pdf"));
    let theirs = pdf_pages(&p.path("stock.pdf"));
    assert_eq!(ours.len(), theirs.len(), "page counts differ");
    assert_eq!(ours, theirs, "texts differ");
}
