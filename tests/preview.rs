//! The preview server over plain HTTP: what it serves, what it refuses, and what its event
//! stream says after an edit (only the changed page gets a new hash; an error keeps the pages).

mod common;
mod watch_support;

use common::TestProject;
use watch_support::{EventStream, Watching, hashes, http_get};

/// The page, its assets and the thesis pages are served; nothing else is, and no file of the
/// project can be reached through the server.
#[test]
fn serves_pages_and_nothing_from_disk() {
    let w = Watching::start(TestProject::fixture("minimal"));
    w.wait_build(1);

    let index = w.get("/");
    assert_eq!(index.status, 200);
    let html = index.text();
    assert!(html.contains("/preview.js") && html.contains("KERJA SAMA SISTER CITY DALAM UJI"), "{html}");
    assert_eq!(w.get("/preview.js").status, 200);
    assert_eq!(w.get("/preview.css").status, 200);

    let svg = w.get("/page/1.svg?v=anything");
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("Content-Type").as_deref(), Some("image/svg+xml"));
    assert!(svg.text().starts_with("<svg"), "{}", &svg.text()[..80.min(svg.text().len())]);
    let pages = w.get("/state.json").text();
    let state: serde_json::Value = serde_json::from_str(&pages).unwrap();
    let count = state["pages"].as_array().unwrap().len();
    assert!(count >= 5, "{pages}");
    assert_eq!(w.get(&format!("/page/{count}.svg")).status, 200);
    assert_eq!(w.get(&format!("/page/{}.svg", count + 1)).status, 404);
    assert_eq!(w.get("/page/0.svg").status, 404);

    // The text of a page is there for search and tests.
    let all: String = (1..=count).map(|n| w.get(&format!("/page/{n}.txt")).text()).collect();
    assert!(all.contains("Kalimat pertama bab satu"), "{all}");

    w.assert_not_served(&[
        "/../thesis/thesis.yaml",
        "/thesis/thesis.yaml",
        "/%2e%2e/thesis/thesis.yaml",
        "/page/../thesis/thesis.yaml",
        "/thesis.pdf",
        "/etc/passwd",
        "/page/1.svg/../../thesis/bab1.md",
    ]);

    // A page of another site that rebinds its name to 127.0.0.1 cannot read the thesis.
    assert_eq!(http_get(&w.addr, "/page/1.svg", "evil.example:80").status, 403);
    let port = w.addr.rsplit(':').next().unwrap();
    assert_eq!(http_get(&w.addr, "/", &format!("localhost:{port}")).status, 200);
}

/// After an edit, the event stream names a new hash only for the page that changed; after a
/// syntax error it carries the error and the same pages; after the fix, no error.
#[test]
fn events_carry_only_changed_pages_and_errors() {
    let w = Watching::start(TestProject::fixture("minimal"));
    w.wait_build(1);
    let mut events = EventStream::open(&w.addr);
    let initial = events.next_update();
    assert!(initial["error"].is_null());
    let before = hashes(&initial);

    w.project.edit("thesis/bab1.md", "Kalimat pertama", "Kalimat yang diubah");
    let after_edit = events.update_of_build(&w, 2);
    let after = hashes(&after_edit);
    assert_eq!(before.len(), after.len());
    let changed: Vec<usize> = (0..before.len()).filter(|&i| before[i] != after[i]).collect();
    assert_eq!(changed.len(), 1, "only the edited page changes: {changed:?}");
    let n = changed[0] + 1;
    assert!(w.get(&format!("/page/{n}.txt")).text().contains("Kalimat yang diubah"));

    let good = w.project.read("thesis/bab2.typ");
    w.project.write("thesis/bab2.typ", good.replace("Bab dua ditulis", "Bab dua #let x = ( ditulis"));
    let failed = events.update_of_build(&w, 3);
    let summary = failed["error"]["summary"].as_str().expect("an error");
    assert!(summary.starts_with("thesis/bab2.typ:7:"), "{summary}");
    assert!(failed["error"]["details"].as_str().unwrap().contains("Bab dua #let x = ("), "the source line is shown");
    assert_eq!(hashes(&failed), after, "the last good pages stay");

    w.project.write("thesis/bab2.typ", good);
    let fixed = events.update_of_build(&w, 4);
    assert!(fixed["error"].is_null(), "{fixed}");
    assert_eq!(hashes(&fixed), after);
}

/// A save of one chapter is shown first by laying out that chapter alone (the status line says
/// "(chapter)"), then the whole thesis replaces it. That the first look is the same picture as
/// the full build's is proven in tests/first_look.rs, where both are caught apart; here the
/// event stream may send only the latest state.
#[test]
fn a_saved_chapter_is_shown_first_then_the_whole_thesis() {
    let project = TestProject::cross_referenced();
    // A thesis this small compiles too fast for a first look to be made unless asked.
    let w = Watching::start_with(project, &[("TESIS_FIRST_LOOK_MS", "0")]);
    w.wait_build(1);
    let mut events = EventStream::open(&w.addr);
    let initial = events.next_update();
    let before = hashes(&initial);

    w.project.edit("thesis/bab2.typ", "Bab dua ditulis", "Bab dua telah ditulis");
    let line = w.wait_build(2);
    assert!(line.contains("(chapter)"), "the chapter was shown first: {line}");
    // The state after build 2 (when the full build draws exactly the first look's pages, no
    // further event is sent, so the state is read, not awaited on the stream).
    let full: serde_json::Value = serde_json::from_str(&w.get("/state.json").text()).unwrap();
    assert!(full["error"].is_null(), "{full}");
    assert_ne!(hashes(&full), before, "the edit shows");
    let texts: String = (1..=hashes(&full).len()).map(|n| w.get(&format!("/page/{n}.txt")).text()).collect();
    for expected in ["Bab dua telah ditulis", "Gambar 1.1", "Gambar 2.1", "BAB II"] {
        assert!(texts.contains(expected), "{expected:?} in {texts}");
    }
}
