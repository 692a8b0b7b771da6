//! `tesis eject-template`: the embedded template is copied into the project, later builds use
//! the project's copy (so a programme can adapt it), and a second eject refuses to overwrite.

mod common;

use common::TestProject;

#[test]
fn ejected_template_is_used_by_later_builds() {
    let p = TestProject::fixture("minimal");
    p.build_ok();
    assert!(p.pdf_text().contains("DAFTAR ISI"));
    p.tesis(&["eject-template"]).ok();
    assert!(p.path("template/lib.typ").is_file());
    assert!(p.path("template/labels.typ").is_file());
    p.edit("template/labels.typ", "daftar-isi: (id: \"DAFTAR ISI\"", "daftar-isi: (id: \"ISI TESIS INI\"");
    p.build_ok();
    let text = p.pdf_text();
    assert!(text.contains("ISI TESIS INI") && !text.contains("DAFTAR ISI"), "{text}");
}

#[test]
fn second_eject_refuses_to_overwrite() {
    let p = TestProject::fixture("minimal");
    p.tesis(&["eject-template"]).ok();
    p.write("template/lib.typ", "// mine");
    p.tesis(&["eject-template"]).fails_with(&["already holds a template"]);
    assert_eq!(p.read("template/lib.typ"), "// mine");
}
