//! The CommonMark audit (issue 20): every example of the CommonMark specification 0.31.2
//! (tests/commonmark/spec.json, taken from the `commonmark-spec` npm package; CC-BY-SA 4.0, see
//! tests/commonmark/LICENSE) is a chapter of a thesis, and each must build, or fail only with a
//! message about an image or file it names; no message may name a file of the template.
//!
//! The examples are built in batches of chapters (one thesis per batch) to keep the audit fast;
//! a chapter that fails with an image message is taken out of its batch and the rest is built
//! again, so every other example is shown to build.

mod common;

use common::TestProject;

/// How many examples one thesis holds.
const BATCH: usize = 110;
// (Six batches: the whole audit runs in well under a minute once the binary is built.)

/// One example of the specification.
struct Example {
    number: u64,
    markdown: String,
}

fn examples() -> Vec<Example> {
    let text = std::fs::read_to_string(common::repo().join("tests/commonmark/spec.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|e| Example {
            number: e["example"].as_u64().unwrap(),
            markdown: e["markdown"].as_str().unwrap().to_string(),
        })
        .collect()
}

/// Whether an error message is about an image or a file a chapter names.
fn is_image_message(message: &str) -> bool {
    message.contains("image")
        || message.contains("cannot use `")
        || message.contains("is not a file in the project")
        || message.contains("is not a format a figure can use")
}

/// The thesis.yaml of a batch.
fn yaml(chapters: &[u64]) -> String {
    let mut y = String::from(
        "jenis: tesis\njudul: AUDIT COMMONMARK\npenulis:\n  nama: PENGUJI\n  nim: \"1\"\ngelar: S-2\n\
         program_studi: Magister Uji\nprogram: Program Pascasarjana\nuniversitas: Universitas Muhammadiyah Yogyakarta\n\
         kota: Yogyakarta\ntahun: 2026\ntanggal: 2026-05-10\npembimbing:\n  - nama: Dr. Satu\nbab:\n",
    );
    for n in chapters {
        y.push_str(&format!("  - cm{n:03}.md\n"));
    }
    y
}

/// Errors of a failed build: (message, file it names).
fn errors(stderr: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in stderr.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            out.push((message.to_string(), String::new()));
        } else if let Some(at) = line.trim_start().strip_prefix("┌─ ")
            && let Some(last) = out.last_mut()
            && last.1.is_empty()
        {
            last.1 = at.to_string();
        }
    }
    out
}

#[test]
fn every_spec_example_builds_or_names_its_image() {
    let all = examples();
    assert_eq!(all.len(), 652, "the specification has 652 examples");
    let mut built = 0;
    let mut image_only = Vec::new();
    for batch in all.chunks(BATCH) {
        let p = TestProject::empty();
        for e in batch {
            p.write(&format!("thesis/cm{:03}.md", e.number), &e.markdown);
        }
        let mut chapters: Vec<u64> = batch.iter().map(|e| e.number).collect();
        loop {
            p.write("thesis/thesis.yaml", yaml(&chapters));
            let run = p.tesis(&["build"]);
            let stderr = run.stderr();
            for name in ["template/", "lib.typ", "api.typ", "rules/", "matter.typ"] {
                assert!(!stderr.contains(name), "a message names the template ({name}):\n{stderr}");
            }
            if run.code() == 0 {
                built += chapters.len();
                break;
            }
            let errs = errors(&stderr);
            assert!(!errs.is_empty(), "build failed without an error message:\n{stderr}");
            let mut dropped = false;
            for (message, at) in &errs {
                let example =
                    at.strip_prefix("thesis/cm").and_then(|rest| rest.get(..3)).and_then(|n| n.parse::<u64>().ok());
                assert!(
                    is_image_message(message) && example.is_some(),
                    "example {example:?} fails with a message that is not about an image: {message} (at {at})\n{stderr}"
                );
                let n = example.unwrap();
                if let Some(i) = chapters.iter().position(|&c| c == n) {
                    chapters.remove(i);
                    image_only.push(n);
                    dropped = true;
                }
            }
            assert!(dropped, "no chapter to take out:\n{stderr}");
            if chapters.is_empty() {
                break;
            }
        }
    }
    assert_eq!(built + image_only.len(), 652);
    // Most examples have no image; those that do are the image section and a few links.
    assert!(built > 600, "only {built} examples built; image failures: {image_only:?}");
}
