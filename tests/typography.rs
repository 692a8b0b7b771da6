//! The justified page of the sample thesis, measured by scripts/typography.py (issue 19; the
//! figures of the sample and the synthetic theses are in docs/typography.md): no word is
//! letter-spaced, no soft hyphen sits inside an undivided word, every divided word breaks where
//! the Indonesian rules allow, no heading ends a page, no widow or orphan.

mod common;

use common::TestProject;
use std::process::Command;

#[test]
fn the_samples_justified_page() {
    let has_fitz = Command::new("python3").args(["-c", "import pymupdf"]).output().is_ok_and(|o| o.status.success());
    if !common::require("pdftotext", "poppler-utils")
        || !common::require_that(has_fitz, "python3 with PyMuPDF", "python3 (pip install pymupdf)")
    {
        return;
    }
    let p = TestProject::default_thesis();
    p.build_ok();
    let out = Command::new("python3")
        .arg(common::repo().join("scripts/typography.py"))
        .arg(p.path("thesis.pdf"))
        .arg("--json")
        .output()
        .expect("run scripts/typography.py");
    assert!(out.status.success(), "typography.py: {}", String::from_utf8_lossy(&out.stderr));
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).expect("typography.py prints JSON");
    let r = &all[0];
    let body = &r["body"];
    let share = |key: &str| body[key].as_f64().unwrap_or_else(|| panic!("no {key} in {body}"));
    assert!(body["words_measured"].as_u64().unwrap() > 3000, "{body}");
    // Letter-spacing is off: every word keeps its width (it was 54 % of the words before).
    assert!(share("letter_spaced_share") <= 0.02, "{body}");
    // Word spaces over twice the normal one: 3.2 % of the justified lines before, 1.6 % now.
    assert!(share("loose_share") <= 0.02, "{body}");
    // Words are divided (the sample has no divided word without hyphenation), and never with a
    // soft hyphen left inside a word that is not divided.
    assert!(body["hyphenated_line_ends"].as_u64().unwrap() > 50, "{body}");
    assert_eq!(r["soft_hyphens_inside_words"], 0, "{r}");
    assert!(r["soft_hyphens_at_line_ends"].as_u64().unwrap() > 50, "{r}");
    // Three hyphenated lines in a row: twice in the sample (the issue wants none; Typst's line
    // breaker only charges extra for two in a row); a cheaper hyphen gives more (three at cost
    // 50 % without two-letter word ends, docs/typography.md). Never four.
    assert!(body["longest_hyphen_run"].as_u64().unwrap() <= 3, "{body}");
    assert!(body["hyphen_runs_over_two"].as_u64().unwrap() <= 2, "{body}");
    for key in ["headings_at_page_bottom", "orphans", "widows"] {
        assert_eq!(r[key].as_array().map(Vec::len), Some(0), "{key}: {}", r[key]);
    }
}
