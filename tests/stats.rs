//! Issue 8, `tesis stats`: words (footnotes apart), pages, figures, tables, footnotes and
//! citations per chapter, as a table and as JSON.

mod common;

use common::TestProject;

/// The stats of the check-clean fixture as JSON.
fn stats_json(p: &TestProject) -> serde_json::Value {
    let run = p.tesis(&["stats", "--format", "json"]).ok();
    serde_json::from_slice(&run.output.stdout).expect("JSON on stdout")
}

#[test]
fn counts_per_chapter() {
    let p = TestProject::fixture("check-clean");
    let s = stats_json(&p);
    let chapters = s["chapters"].as_array().unwrap();
    assert_eq!(chapters.len(), 2, "{s}");
    let bab1 = &chapters[0];
    assert_eq!(bab1["file"], "thesis/bab1.md");
    assert_eq!(bab1["title"], "Pendahuluan");
    // "Kalimat pertama … kota kembar." (9) + "Menurut penulis terdahulu, kerja sama ini penting" (7)
    // + citation + "Peta kerja sama ada pada" (5) + reference + "Bagaimana kerja sama ini berjalan?" (5).
    assert_eq!(bab1["footnote_words"], 6, "{s}");
    assert_eq!(bab1["words"], 26, "{s}");
    assert_eq!(bab1["footnotes"], 1, "{s}");
    assert_eq!(bab1["figures"], 1, "{s}");
    assert_eq!(bab1["citations"], 1, "{s}");
    assert_eq!(chapters[1]["citations"], 1, "{s}");
    assert_eq!(s["references"], 1, "{s}");
    assert_eq!(s["total"]["citations"], 2, "{s}");
    // Pages, read independently off the PDF the build writes: from the page that opens BAB I to
    // the one that opens BAB II, and from there to DAFTAR PUSTAKA.
    p.build_ok();
    let pdf = common::pdf_pages(&p.path("thesis.pdf"));
    assert_eq!(s["pages"], pdf.len(), "{s}");
    let opening = |title: &str| pdf.iter().position(|page| page.trim_start().starts_with(title)).unwrap();
    let (bab1_at, bab2_at, pustaka_at) = (opening("BAB I\n"), opening("BAB II\n"), opening("DAFTAR PUSTAKA"));
    assert!(bab1_at < bab2_at && bab2_at < pustaka_at, "{pdf:#?}");
    assert_eq!(bab1["pages"], bab2_at - bab1_at, "{s}");
    assert_eq!(chapters[1]["pages"], pustaka_at - bab2_at, "{s}");
    assert_eq!(s["total"]["pages"], pustaka_at - bab1_at, "{s}");
}

/// Text a supervisor deleted in CriticMarkup is not printed (the build draws it struck out), so
/// stats does not count it; `check` reads the same converted chapter and reports the mark at its
/// line. One counting route: `{--dua kata--}` changes the words by exactly what stays.
#[test]
fn words_deleted_in_criticmarkup_are_not_counted() {
    let p = TestProject::fixture("check-clean");
    let before = stats_json(&p)["chapters"][0]["words"].as_u64().unwrap();
    p.edit(
        "thesis/bab1.md",
        "Bagaimana kerja sama ini berjalan?",
        "Bagaimana kerja sama ini berjalan?\n\nSatu {--dua kata--} tiga {++empat++}.",
    );
    let after = stats_json(&p);
    // "Satu", "tiga" and the inserted "empat": the deleted words do not count.
    assert_eq!(after["chapters"][0]["words"].as_u64().unwrap(), before + 3, "{after}");

    let check = p.tesis(&["check", "--format", "json"]).ok();
    let findings: serde_json::Value = serde_json::from_slice(&check.output.stdout).unwrap();
    let line = p.read("thesis/bab1.md").lines().position(|l| l.contains("{--dua kata--}")).unwrap() + 1;
    assert!(
        findings.as_array().unwrap().iter().any(|f| f["file"] == "thesis/bab1.md"
            && f["line"] == line
            && f["message"].as_str().unwrap().contains("CriticMarkup")),
        "{findings:#}"
    );

    p.build_ok();
    let text = common::pdf_pages(&p.path("thesis.pdf")).concat();
    assert!(text.contains("dua kata"), "the draft build draws the deletion");
}

#[test]
fn prints_a_table() {
    let p = TestProject::fixture("check-clean");
    let run = p.tesis(&["stats"]).ok();
    let out = String::from_utf8_lossy(&run.output.stdout).into_owned();
    assert!(out.contains("chapter") && out.contains("words") && out.contains("pages"), "{out}");
    assert!(out.contains("thesis/bab1.md") && out.contains("thesis/bab2.typ") && out.contains("total"), "{out}");
}

#[test]
fn default_thesis_has_five_chapters() {
    let p = TestProject::default_thesis();
    let s = stats_json(&p);
    assert_eq!(s["chapters"].as_array().unwrap().len(), 5, "{s}");
    assert!(s["chapters"][0]["words"].as_u64().unwrap() > 1000, "{s}");
}
