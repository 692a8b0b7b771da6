//! The preview's writing requests over plain HTTP against the real `tesis watch`: the review
//! panel's actions and `tesis show`'s scroll request need the run's token (found only inside
//! the page), the preview's own Host and Origin, and a chapter file of the project; an action
//! whose mark moved is refused. A refused request writes nothing.

mod common;
mod watch_support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

use common::TestProject;
use watch_support::Watching;

/// BAB I of the minimal fixture with two changes and a comment.
const MARKED: &str =
    "Kalimat pertama {++sangat ++}bab satu tentang {~~kerja sama~>kolaborasi~~} kota kembar.{>>Dr. Budi: sumber?<<}";

/// A running watch on the minimal fixture whose BAB I has [`MARKED`]'s marks.
fn marked_project() -> Watching {
    let p = TestProject::fixture("minimal");
    p.edit("thesis/bab1.md", "Kalimat pertama bab satu tentang kerja sama kota kembar.", MARKED);
    let w = Watching::start(p);
    w.wait_build(1);
    w
}

/// The token inside the preview's page.
fn token(w: &Watching) -> String {
    let html = w.get("/").text();
    let at = html.find("name=\"tesis-token\" content=\"").expect("the page carries the token") + 28;
    html[at..at + 32].to_string()
}

/// The marks of BAB I as the panel gets them.
fn marks(w: &Watching) -> Vec<Value> {
    let state: Value = serde_json::from_str(&w.get("/state.json").text()).unwrap();
    let review = state["review"].as_array().expect("review in the state");
    let bab1 = review.iter().find(|c| c["file"] == "thesis/bab1.md").unwrap_or_else(|| panic!("{review:?}"));
    bab1["marks"].as_array().unwrap().clone()
}

/// Sends a POST with the given headers and JSON body; returns status and body.
fn post(addr: &str, path: &str, headers: &[(&str, &str)], body: &Value) -> (u16, String) {
    let body = body.to_string();
    let mut stream = TcpStream::connect(addr).expect("connect to the preview");
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut head = format!("POST {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// An action on one mark as the panel would send it.
fn action(file: &str, what: &str, mark: &Value) -> Value {
    json!({ "file": file, "action": what, "marks": [{ "start": mark["start"], "end": mark["end"], "text": mark["source"] }] })
}

#[test]
fn the_token_is_only_in_the_page() {
    let w = marked_project();
    let token = token(&w);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    assert!(!w.get("/state.json").text().contains(&token));
    // The page that carries it cannot be framed by another site (a tricked click on Accept).
    let index = w.get("/");
    assert_eq!(index.header("X-Frame-Options").as_deref(), Some("DENY"));
    assert_eq!(index.header("Content-Security-Policy").as_deref(), Some("frame-ancestors 'none'"));
    assert!(!w.get("/preview.js").text().contains(&token));
    // Another run has another token.
    let other = Watching::start(TestProject::fixture("minimal"));
    assert_ne!(self::token(&other), token);
}

#[test]
fn a_write_without_token_from_another_site_or_outside_the_chapters_is_refused() {
    let w = marked_project();
    let token = token(&w);
    let before = w.project.read("thesis/bab1.md");
    let yaml = w.project.read("thesis/thesis.yaml");
    let marks = marks(&w);
    assert_eq!(marks.len(), 3, "{marks:?}");
    let insert = &marks[0];
    assert_eq!(insert["source"], "{++sangat ++}");
    let own = format!("http://{}", w.addr);
    let body = action("thesis/bab1.md", "accept", insert);

    // No token, a wrong token, a token in the query string.
    for headers in [
        vec![("Host", w.addr.as_str()), ("Origin", own.as_str())],
        vec![
            ("Host", w.addr.as_str()),
            ("Origin", own.as_str()),
            ("X-Tesis-Token", "00000000000000000000000000000000"),
        ],
    ] {
        let (status, text) = post(&w.addr, "/review", &headers, &body);
        assert_eq!(status, 403, "{text}");
        assert!(text.contains("token"), "{text}");
    }
    let (status, _) = post(&w.addr, &format!("/review?token={token}"), &[("Host", &w.addr), ("Origin", &own)], &body);
    assert_eq!(status, 403);

    // The right token, but sent by a page of another site, or to another host name.
    let (status, text) = post(
        &w.addr,
        "/review",
        &[("Host", &w.addr), ("Origin", "http://evil.example"), ("X-Tesis-Token", &token)],
        &body,
    );
    assert_eq!(status, 403, "{text}");
    assert!(text.contains("another site"), "{text}");
    let (status, _) = post(&w.addr, "/review", &[("Host", "evil.example:80"), ("X-Tesis-Token", &token)], &body);
    assert_eq!(status, 403);

    // A file that is not a chapter: thesis.yaml, a path out of the project, a made-up chapter.
    for file in ["thesis/thesis.yaml", "../thesis/bab1.md", "/etc/passwd", "thesis/bab9.md", "thesis/pustaka.bib"] {
        let body = action(file, "accept", insert);
        let (status, text) =
            post(&w.addr, "/review", &[("Host", &w.addr), ("Origin", &own), ("X-Tesis-Token", &token)], &body);
        assert_eq!(status, 403, "{file}: {text}");
        assert!(text.contains("not a chapter file"), "{text}");
    }
    // Opening the editor at a click: refused without the token and from another site.
    let click = json!({ "page": 1, "x": 100.0, "y": 100.0 });
    let (status, _) = post(&w.addr, "/open", &[("Host", &w.addr), ("Origin", &own)], &click);
    assert_eq!(status, 403);
    let (status, _) = post(
        &w.addr,
        "/open",
        &[("Host", &w.addr), ("Origin", "http://evil.example"), ("X-Tesis-Token", &token)],
        &click,
    );
    assert_eq!(status, 403);
    // A POST to show a place needs the token too.
    let (status, _) = post(&w.addr, "/show", &[("Host", &w.addr)], &json!({ "file": "thesis/bab1.md", "line": 3 }));
    assert_eq!(status, 403);

    assert_eq!(w.project.read("thesis/bab1.md"), before, "nothing was written");
    assert_eq!(w.project.read("thesis/thesis.yaml"), yaml, "nothing was written");
    w.assert_builds_settle_at(1);
}

#[test]
fn an_accept_changes_exactly_that_mark_and_a_moved_mark_is_refused() {
    let w = marked_project();
    let token = token(&w);
    let own = format!("http://{}", w.addr);
    let headers = [("Host", w.addr.as_str()), ("Origin", own.as_str()), ("X-Tesis-Token", token.as_str())];
    let marks = marks(&w);
    let before = w.project.read("thesis/bab1.md");

    // The substitution is accepted: only its bytes change; the build that follows shows it.
    let substitute = &marks[1];
    assert_eq!(substitute["kind"], "substitute");
    assert_eq!(substitute["author"], Value::Null);
    assert_eq!(marks[2]["author"], "Dr. Budi");
    let (status, text) = post(&w.addr, "/review", &headers, &action("thesis/bab1.md", "accept", substitute));
    assert_eq!(status, 200, "{text}");
    let after = w.project.read("thesis/bab1.md");
    assert_eq!(after, before.replace("{~~kerja sama~>kolaborasi~~}", "kolaborasi"));
    w.wait_build(2);
    let left = self::marks(&w);
    assert_eq!(left.len(), 2, "{left:?}");

    // The same request again: that mark is gone from that place, so it is refused.
    let (status, text) = post(&w.addr, "/review", &headers, &action("thesis/bab1.md", "accept", substitute));
    assert_eq!(status, 409, "{text}");
    assert!(text.contains("nothing was written"), "{text}");

    // The student types before the comment: the panel's range is stale, the comment moved.
    let comment = left[1].clone();
    assert_eq!(comment["kind"], "comment");
    w.project.edit("thesis/bab1.md", "Kalimat pertama", "Kalimat yang pertama");
    let typed = w.project.read("thesis/bab1.md");
    let (status, text) = post(&w.addr, "/review", &headers, &action("thesis/bab1.md", "resolve", &comment));
    assert_eq!(status, 409, "{text}");
    assert_eq!(w.project.read("thesis/bab1.md"), typed, "a refused action writes nothing");

    // A change cannot be "resolved" (only comments are).
    let insert = &self::marks(&w)[0];
    let (status, _) = post(&w.addr, "/review", &headers, &action("thesis/bab1.md", "resolve", insert));
    assert_eq!(status, 400);
    assert_eq!(w.project.read("thesis/bab1.md"), typed);
}

/// A Typst chapter's review marks (`#tambah`, `#ganti`, `#catatan`) are in the panel's list
/// with their pages, and a chapter's "accept all" rewrites every named mark and nothing else.
#[test]
fn typst_marks_are_listed_and_accepted_all_at_once() {
    let p = TestProject::fixture("minimal");
    p.edit(
        "thesis/bab2.typ",
        "Bab dua ditulis dalam Typst.",
        "Bab dua #tambah[sudah ]ditulis dalam #ganti[Typst][bahasa Typst].#catatan[Dr. Budi: bagus]",
    );
    let w = Watching::start(p);
    w.wait_build(1);
    let token = token(&w);
    let own = format!("http://{}", w.addr);
    let headers = [("Host", w.addr.as_str()), ("Origin", own.as_str()), ("X-Tesis-Token", token.as_str())];
    let state: Value = serde_json::from_str(&w.get("/state.json").text()).unwrap();
    let bab2 = state["review"].as_array().unwrap().iter().find(|c| c["file"] == "thesis/bab2.typ").cloned();
    let marks = bab2.expect("bab2.typ in the panel")["marks"].as_array().unwrap().clone();
    let kinds: Vec<&str> = marks.iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["insert", "substitute", "comment"], "{marks:?}");
    assert_eq!(marks[1]["text"], "Typst");
    assert_eq!(marks[1]["new"], "bahasa Typst");
    assert_eq!(marks[2]["author"], "Dr. Budi");
    let page = marks[0]["page"].as_u64().expect("a page");
    let text = w.get(&format!("/page/{page}.txt")).text();
    assert!(text.contains("sudah"), "page {page}: {text}");

    // Accept all changes of the chapter (the comment stays).
    let before = w.project.read("thesis/bab2.typ");
    let changes: Vec<Value> =
        marks[..2].iter().map(|m| json!({ "start": m["start"], "end": m["end"], "text": m["source"] })).collect();
    let (status, text) =
        post(&w.addr, "/review", &headers, &json!({ "file": "thesis/bab2.typ", "action": "accept", "marks": changes }));
    assert_eq!(status, 200, "{text}");
    assert_eq!(
        w.project.read("thesis/bab2.typ"),
        before.replace("#tambah[sudah ]", "sudah ").replace("#ganti[Typst][bahasa Typst]", "bahasa Typst")
    );
}
