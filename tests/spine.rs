//! Issue 2, the spine: `tesis build` turns a project into a PDF; bad input exits 1 with the file
//! and line named and leaves the previous PDF byte-identical; rebuilding gives identical bytes.

mod common;

use common::{TestProject, pdf_info};

/// A built minimal project, plus the bytes of its PDF.
fn built() -> (TestProject, Vec<u8>) {
    let p = TestProject::fixture("minimal");
    p.build_ok();
    let pdf = std::fs::read(p.path("thesis.pdf")).unwrap();
    (p, pdf)
}

#[test]
fn build_writes_pdf_with_title_and_author_f30() {
    let (p, pdf) = built();
    assert!(pdf.starts_with(b"%PDF"));
    let info = pdf_info(&p.path("thesis.pdf"));
    let title = info.get("Title").cloned().unwrap_or_default();
    assert!(title.starts_with("KERJA SAMA SISTER CITY DALAM UJI"), "{info:?}");
    assert_eq!(info.get("Author").map(String::as_str), Some("MAHASISWA PENGUJI"), "{info:?}");
    let text = p.pdf_text();
    assert!(text.contains("Kalimat pertama bab satu"), "{text}");
    assert!(text.contains("Bab dua ditulis dalam Typst"), "{text}");
}

#[test]
fn success_prints_one_line_with_pages_and_path() {
    let p = TestProject::fixture("minimal");
    let run = p.build_ok();
    let err = run.stderr();
    assert!(err.contains("pages in") && err.contains("thesis.pdf"), "{err}");
}

#[test]
fn rebuild_is_byte_identical_f31() {
    let (p, first) = built();
    p.build_ok();
    let second = std::fs::read(p.path("thesis.pdf")).unwrap();
    assert!(first == second, "two builds of unchanged sources differ");
}

#[test]
fn output_flag_writes_elsewhere() {
    let p = TestProject::fixture("minimal");
    p.tesis(&["build", "-o", "out.pdf"]).ok();
    assert!(p.path("out.pdf").is_file());
    assert!(!p.path("thesis.pdf").exists());
}

/// Builds once, breaks the project with `edit`, builds again: exit 1, stderr names every
/// needle, and thesis.pdf keeps its bytes.
fn breaks(edit: impl FnOnce(&TestProject), needles: &[&str]) {
    let (p, before) = built();
    edit(&p);
    p.tesis(&["build"]).fails_with(needles);
    let after = std::fs::read(p.path("thesis.pdf")).unwrap();
    assert!(before == after, "the previous PDF changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(&p.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn yaml_bad_indentation_names_line() {
    breaks(
        |p| p.edit("thesis/thesis.yaml", "  nim: \"20990000001\"", "    nim: \"20990000001\""),
        &["thesis/thesis.yaml:"],
    );
}

#[test]
fn yaml_unknown_key_names_line_and_suggests() {
    breaks(
        |p| p.edit("thesis/thesis.yaml", "judul_en:", "judl_en:"),
        &["thesis/thesis.yaml:5", "unknown key `judl_en`", "did you mean `judul_en`?"],
    );
}

#[test]
fn yaml_missing_chapter_file_names_listing_line() {
    breaks(
        |p| p.edit("thesis/thesis.yaml", "  - bab2.typ", "  - bab3.typ"),
        &["thesis/thesis.yaml:20", "bab3.typ", "not found"],
    );
}

#[test]
fn yaml_missing_required_key_is_named() {
    breaks(
        |p| p.edit("thesis/thesis.yaml", "universitas: Universitas Muhammadiyah Yogyakarta\n", ""),
        &["thesis.yaml has no `universitas`"],
    );
}

#[test]
fn typst_syntax_error_in_typ_chapter_names_line() {
    breaks(|p| p.edit("thesis/bab2.typ", "Bab dua ditulis", "#let x = (\nBab dua ditulis"), &["thesis/bab2.typ:7"]);
}

#[test]
fn read_outside_root_is_refused() {
    breaks(
        |p| p.edit("thesis/bab2.typ", "Bab dua ditulis", "#read(\"/etc/passwd\")\nBab dua ditulis"),
        &["thesis/bab2.typ:7", "not found"],
    );
}

#[test]
fn image_escaping_root_is_refused() {
    breaks(
        |p| p.edit("thesis/bab2.typ", "Bab dua ditulis", "#image(\"../../x.png\")\nBab dua ditulis"),
        &["thesis/bab2.typ:7", "escape the project root"],
    );
}

#[cfg(unix)]
#[test]
fn symlink_out_of_root_is_refused() {
    breaks(
        |p| {
            std::os::unix::fs::symlink("/etc/hostname", p.path("thesis/host.txt")).unwrap();
            p.edit("thesis/bab2.typ", "Bab dua ditulis", "#read(\"host.txt\")\nBab dua ditulis");
        },
        &["thesis/bab2.typ:7", "outside the project"],
    );
}

#[test]
fn missing_project_is_explained() {
    let p = TestProject::empty();
    p.tesis(&["build"]).fails_with(&["no thesis project here", "tesis new"]);
}

#[test]
fn help_describes_every_verb() {
    let p = TestProject::empty();
    let run = p.tesis(&["--help"]).ok();
    let out = String::from_utf8_lossy(&run.output.stdout).into_owned();
    for verb in ["build", "export-typst", "eject-template", "import"] {
        assert!(out.contains(verb), "--help lacks {verb}:\n{out}");
    }
    let run = p.tesis(&["build", "--help"]).ok();
    let out = String::from_utf8_lossy(&run.output.stdout).into_owned();
    assert!(out.contains("--root") && out.contains("--output"), "{out}");
}
