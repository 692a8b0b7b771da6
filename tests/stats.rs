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
    assert!(bab1["pages"].as_u64().unwrap() >= 1, "{s}");
    assert_eq!(chapters[1]["citations"], 1, "{s}");
    assert_eq!(s["references"], 1, "{s}");
    assert_eq!(s["total"]["citations"], 2, "{s}");
    assert!(s["pages"].as_u64().unwrap() > s["total"]["pages"].as_u64().unwrap(), "{s}");
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
