//! `tesis watch` as a student uses it: edits saved in the ways editors save, a chapter deleted
//! and restored, a chapter listed before it exists. Each test asserts how many builds ran (one
//! per save, none for reads or permission changes) and what the last PDF says.
//!
//! The tests wait on the watcher's status lines (`build N: …`, printed once the PDF is on disk)
//! and, before they change anything, for its watches on the project (`Watching::wait_build`),
//! never for a fixed time; they sleep only to prove that no build comes
//! (`Watching::assert_builds_settle_at`) and inside a save that an editor makes in two steps.

mod common;
mod watch_support;

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::time::Duration;

use common::{TestProject, pdf_text};
use watch_support::Watching;

/// Edit in place, truncate-then-write, rename-save, read and chmod, delete and restore: one
/// build per change that alters the thesis, none for the rest, and the final PDF is current.
#[test]
fn rebuilds_once_per_save_and_recovers_from_a_deleted_chapter() {
    let w = Watching::start(TestProject::fixture("minimal"));
    let first = w.expect_builds(1);
    assert!(first.contains(" pages"), "{first}");
    let pdf = w.project.path("thesis.pdf");
    assert!(pdf_text(&pdf).contains("Kalimat pertama"));

    // 1. A plain save (open with truncation, write).
    w.project.edit("thesis/bab1.md", "Kalimat pertama", "Kalimat disunting");
    let line = w.expect_builds(2);
    assert!(line.contains("(1 changed)"), "one page changes: {line}");
    assert!(pdf_text(&pdf).contains("Kalimat disunting"));

    // 2. Truncate, then write a moment later (two events, one build).
    let text = w.project.read("thesis/bab1.md").replace("disunting", "terpotong");
    let mut file = OpenOptions::new().write(true).truncate(true).open(w.project.path("thesis/bab1.md")).unwrap();
    file.flush().unwrap();
    // Not a wait: the editor's pause between its two writes is part of the save under test, and
    // no build of the empty file may come from it (src/watch/watcher.rs, BATCH_QUIET).
    std::thread::sleep(Duration::from_millis(10));
    file.write_all(text.as_bytes()).unwrap();
    drop(file);
    w.expect_builds(3);
    assert!(pdf_text(&pdf).contains("Kalimat terpotong"));

    // 3. A rename-save (vim, VS Code, gedit): write a temporary file, rename it over the chapter.
    let text = w.project.read("thesis/bab1.md").replace("terpotong", "diganti");
    let temp = w.project.path("thesis/.bab1.md.tmp-save");
    fs::write(&temp, text).unwrap();
    fs::rename(&temp, w.project.path("thesis/bab1.md")).unwrap();
    w.expect_builds(4);
    assert!(pdf_text(&pdf).contains("Kalimat diganti"));

    // 4. The renamed-over file is still watched: a second save after the rename counts too.
    w.project.edit("thesis/bab1.md", "Kalimat diganti", "Kalimat kedua kali");
    w.expect_builds(5);

    // 5. Reading a chapter and changing its permissions are not changes.
    let _ = w.project.read("thesis/bab1.md");
    let mut perms = fs::metadata(w.project.path("thesis/bab1.md")).unwrap().permissions();
    perms.set_readonly(true);
    fs::set_permissions(w.project.path("thesis/bab1.md"), perms.clone()).unwrap();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(w.project.path("thesis/bab1.md"), perms).unwrap();
    // No build comes for a read or a chmod (this waits, as nothing happens).
    w.assert_builds_settle_at(5);

    // 6. A deleted chapter is an error (at the thesis.yaml line naming it)...
    let saved = w.project.read("thesis/bab1.md");
    fs::remove_file(w.project.path("thesis/bab1.md")).unwrap();
    let line = w.expect_builds(6);
    assert!(line.contains("error: thesis/thesis.yaml:") && line.contains("bab1.md"), "{line}");
    assert!(pdf_text(&pdf).contains("Kalimat kedua kali"), "a failed build keeps the last PDF");

    // 7. ...until it returns; the build recovers by itself.
    w.project.write("thesis/bab1.md", saved.replace("kedua kali", "kembali"));
    let line = w.expect_builds(7);
    assert!(line.contains(" pages"), "{line}");
    assert!(pdf_text(&pdf).contains("Kalimat kembali"));
    // Seven changes, seven builds: none of them was built twice (this waits, as nothing happens).
    w.assert_builds_settle_at(7);
    assert!(!w.stderr().contains("panicked"), "{}", w.stderr());
}

/// A chapter added to thesis.yaml before the file exists (in a folder that does not exist yet
/// either) is waited for: creating it is enough to rebuild.
#[test]
fn waits_for_a_listed_chapter_that_does_not_exist_yet() {
    let w = Watching::start(TestProject::fixture("minimal"));
    w.expect_builds(1);
    w.project.edit("thesis/thesis.yaml", "  - bab2.typ\n", "  - bab2.typ\n  - bab3/bab3.md\n");
    let line = w.expect_builds(2);
    assert!(line.contains("error: thesis/thesis.yaml:") && line.contains("bab3"), "{line}");

    fs::create_dir(w.project.path("thesis/bab3")).unwrap();
    w.project.write("thesis/bab3/bab3.md", "# Metode Penelitian\n\nBab tiga yang baru ditulis.\n");
    let line = w.wait_build(3);
    let line = if line.contains("error") { w.wait_build(4) } else { line };
    assert!(line.contains(" pages"), "{line}\n{}", w.stderr());
    let text = pdf_text(&w.project.path("thesis.pdf"));
    assert!(text.contains("Bab tiga yang baru ditulis"), "{text}");
}

/// A syntax error in a Typst chapter is reported at its file and line; the last PDF stays, and
/// the status line names the error; fixing it rebuilds.
#[test]
fn a_syntax_error_names_file_and_line_and_the_fix_recovers() {
    let w = Watching::start_with(TestProject::fixture("minimal"), &[("TESIS_TIMING", "1")]);
    let first = w.expect_builds(1);
    assert!(first.contains("preview_ms=") && first.contains("pdf_ms="), "{first}");
    let before = fs::read(w.project.path("thesis.pdf")).unwrap();
    let good = w.project.read("thesis/bab2.typ");
    w.project.write("thesis/bab2.typ", good.replace("Bab dua ditulis", "Bab dua #let x = ( ditulis"));
    let line = w.expect_builds(2);
    assert!(line.contains("error: thesis/bab2.typ:7:"), "{line}");
    assert_eq!(fs::read(w.project.path("thesis.pdf")).unwrap(), before, "the PDF of the last good build stays");
    w.project.write("thesis/bab2.typ", good);
    let line = w.expect_builds(3);
    assert!(line.contains(" pages"), "{line}");
}

/// The PDF `tesis watch` writes after every save is the working copy: its export leaves out the
/// structure tags (40 % of the export time) but keeps the title, the bookmarks and the language
/// tag of F30; `tesis build` writes the tagged PDF.
#[test]
fn the_working_copy_is_untagged_and_the_built_pdf_is_tagged() {
    let w = Watching::start(TestProject::fixture("minimal"));
    w.expect_builds(1);
    let pdf = w.project.path("thesis.pdf");
    let info = common::pdf_info(&pdf);
    assert_eq!(info.get("Tagged").map(String::as_str), Some("no"), "{info:?}");
    assert!(info.get("Title").is_some_and(|t| t.contains("KERJA SAMA SISTER CITY")), "{info:?}");
    let bytes = std::fs::read(&pdf).unwrap();
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"/Lang") && has(b"/Outlines"), "F30: language tag and bookmarks");
    // Nothing of the preview's own bookkeeping reaches the PDF: it is the draft export of a
    // fresh compile, byte for byte.
    assert!(bytes == common::fresh_working_copy(&w.project.root), "the working copy differs from a fresh draft export");
    drop(w);

    let built = TestProject::fixture("minimal");
    built.build_ok();
    let info = common::pdf_info(&built.path("thesis.pdf"));
    assert_eq!(info.get("Tagged").map(String::as_str), Some("yes"), "{info:?}");
}

/// A save made just after the first build's status line (or while the first build runs, as a
/// student does while a big thesis builds for the first time) must be built: the watches of a
/// build are armed before its status line, and everything below the root is watched while the
/// first build runs.
#[test]
fn a_save_right_after_the_first_build_is_built() {
    let w = Watching::start(TestProject::fixture("minimal"));
    // Not `wait_build`, which waits for the watches: this test is about the moment before them.
    w.wait_for("the status line of build 1", |l| l.starts_with("build 1: "));
    w.project.edit("thesis/bab1.md", "Kalimat pertama", "Kalimat segera");
    let line = w.wait_for_within("the build of the save", Duration::from_secs(20), |l| l.starts_with("build 2: "));
    assert!(line.contains(" pages"), "{line}");
    assert!(pdf_text(&w.project.path("thesis.pdf")).contains("Kalimat segera"));
}

/// A save while the first build runs is built too (or read by the first build itself): the PDF
/// ends up with the saved text either way.
#[test]
fn a_save_during_the_first_build_is_not_lost() {
    let w = Watching::start(TestProject::fixture("minimal"));
    w.project.edit("thesis/bab1.md", "Kalimat pertama", "Kalimat saat build pertama");
    w.wait_for("the status line of build 1", |l| l.starts_with("build 1: "));
    if !pdf_text(&w.project.path("thesis.pdf")).contains("Kalimat saat build pertama") {
        w.wait_for_within("the build of the save", Duration::from_secs(20), |l| l.starts_with("build 2: "));
        assert!(pdf_text(&w.project.path("thesis.pdf")).contains("Kalimat saat build pertama"));
    }
}
