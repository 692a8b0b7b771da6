//! Issue 8, `tesis new`: a complete project that builds at once, never written over a folder
//! that holds files.

mod common;

use common::TestProject;

#[test]
fn new_project_builds_immediately() {
    let p = TestProject::empty();
    p.tesis(&["new", "tesis-saya"]).ok();
    for file in [
        "thesis/thesis.yaml",
        "thesis/bab1.md",
        "thesis/bab5.md",
        "thesis/pustaka.bib",
        "figures/logo-umy.svg",
        ".gitignore",
    ] {
        assert!(p.path("tesis-saya").join(file).is_file(), "{file} missing");
    }
    let yaml = p.read("tesis-saya/thesis/thesis.yaml");
    assert!(yaml.contains("jenis: tesis"), "{yaml}");
    assert!(p.read("tesis-saya/.gitignore").contains("*.pdf"));
    p.tesis(&["build", "--root", "tesis-saya"]).ok();
    let text = common::pdf_text(&p.path("tesis-saya/thesis.pdf"));
    assert!(text.contains("PENDAHULUAN"), "{text}");
    assert!(text.contains("Latar Belakang Masalah"), "{text}");
}

#[test]
fn new_proposal_in_an_empty_folder_builds() {
    let p = TestProject::empty();
    std::fs::create_dir(p.path("usulan")).unwrap();
    p.tesis(&["new", "usulan", "--jenis", "proposal"]).ok();
    assert!(p.read("usulan/thesis/thesis.yaml").contains("jenis: proposal"));
    p.tesis(&["build", "--root", "usulan"]).ok();
    let text = common::pdf_text(&p.path("usulan/thesis.pdf"));
    assert!(text.contains("KESIMPULAN"), "{text}");
}

#[test]
fn new_project_checks_with_draft_warnings_only() {
    let p = TestProject::empty();
    p.tesis(&["new", "baru"]).ok();
    let run = p.tesis(&["check", "--root", "baru"]).ok();
    let err = run.stderr();
    assert!(err.contains("draft marker left") && err.contains("baru/thesis/bab1.md:5:1"), "{err}");
    assert!(!err.contains("error:"), "{err}");
}

#[test]
fn every_key_of_the_new_yaml_is_commented() {
    let p = TestProject::empty();
    p.tesis(&["new", "baru"]).ok();
    let yaml = p.read("baru/thesis/thesis.yaml");
    let lines: Vec<&str> = yaml.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let top_level_key = !line.starts_with([' ', '#', '-']) && line.contains(':');
        if top_level_key {
            assert!(
                i > 0 && lines[i - 1].starts_with('#') || lines[i - 2].starts_with('#'),
                "key without a comment: {line}"
            );
        }
    }
}

#[test]
fn new_refuses_a_folder_with_files() {
    let p = TestProject::empty();
    p.write("ada/catatan.txt", "jangan ditimpa");
    p.tesis(&["new", "ada"]).fails_with(&["is not empty", "does not overwrite"]);
    assert_eq!(p.read("ada/catatan.txt"), "jangan ditimpa");
    assert!(!p.path("ada/thesis").exists());
}
