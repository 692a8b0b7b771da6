//! The preview in a real browser (headless Chromium driven over the DevTools protocol): an
//! edit appears on the page without a reload and without losing the scroll position, only the
//! changed page's image is replaced, a syntax error shows the overlay over the last good pages,
//! and the fix removes it.
//!
//! Needs Debian's `chromium` (`scripts/test` installs it); `CHROMIUM=/path` picks another binary.

mod common;
mod watch_support;

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

use common::TestProject;
use watch_support::{BUILD_TIMEOUT, Watching, http_get};

/// A headless Chromium with one tab, and a DevTools connection to that tab.
struct Browser {
    /// The browser process.
    child: Child,
    /// Its profile folder (removed at the end).
    _profile: tempfile::TempDir,
    /// The DevTools connection.
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    /// The id of the next DevTools command.
    next_id: u64,
}

impl Browser {
    /// Starts Chromium on `url` and connects to its tab.
    fn open(url: &str) -> Self {
        let profile = tempfile::tempdir().unwrap();
        let binary = chromium();
        let child = Command::new(&binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--window-size=1200,900",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {binary} ({e}); install Debian's chromium (apt-get install chromium)")
            });
        let port = wait_for_port(&profile.path().join("DevToolsActivePort"));
        let devtools = format!("127.0.0.1:{port}");
        let ws_url = wait_for(|| {
            let list: Value = serde_json::from_slice(&http_get(&devtools, "/json/list", &devtools).body).ok()?;
            list.as_array()?
                .iter()
                .find(|t| t["type"] == "page" && t["url"].as_str().is_some_and(|u| u.starts_with(url)))
                .and_then(|t| t["webSocketDebuggerUrl"].as_str().map(str::to_string))
        });
        let (socket, _) = tungstenite::connect(ws_url.as_str()).expect("connect to DevTools");
        if let MaybeTlsStream::Plain(s) = socket.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        }
        Self { child, _profile: profile, socket, next_id: 1 }
    }

    /// Sends a DevTools command and returns its result.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let message = json!({ "id": id, "method": method, "params": params }).to_string();
        self.socket.send(Message::Text(message.into())).expect("send to DevTools");
        loop {
            let reply = self.socket.read().expect("read from DevTools");
            let Message::Text(text) = reply else { continue };
            let value: Value = serde_json::from_str(text.as_str()).unwrap();
            if value["id"] == id {
                assert!(value["error"].is_null(), "{method} failed: {value}");
                return value["result"].clone();
            }
        }
    }

    /// Evaluates JavaScript in the page and returns its value.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self
            .call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }));
        assert!(result["exceptionDetails"].is_null(), "{expression} threw: {result}");
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is true in the page.
    #[track_caller]
    fn wait_until(&mut self, expression: &str, what: &str) {
        let started = Instant::now();
        // Before the document exists the expression may throw; that counts as not yet.
        let guarded = format!("(() => {{ try {{ return Boolean({expression}); }} catch (e) {{ return false; }} }})()");
        while self.eval(&guarded) != Value::Bool(true) {
            assert!(
                started.elapsed() < BUILD_TIMEOUT,
                "timed out waiting for {what}; page state: {}",
                self.eval(STATE)
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Saves a screenshot of the viewport.
    fn screenshot(&mut self, path: &std::path::Path) {
        let shot = self.call("Page.captureScreenshot", json!({ "format": "png" }));
        std::fs::write(path, decode_base64(shot["data"].as_str().unwrap())).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A summary of what the page shows, for assertions and failure messages.
const STATE: &str = r#"(() => {
  const pages = [...document.querySelectorAll('.page')];
  const overlay = document.getElementById('overlay');
  return {
    loads: window.__tesisLoads,
    marker: window.__marker ?? null,
    state: document.body.dataset.state,
    scrollY: window.scrollY,
    pages: pages.length,
    shown: pages.filter(p => p.dataset.shown).length,
    oldImages: pages.filter(p => p.querySelector('img').__old).length,
    overlayVisible: !overlay.hidden && overlay.getBoundingClientRect().height > 0,
    summary: document.getElementById('error-summary').textContent,
    status: document.getElementById('status').textContent,
    waiting: pages.filter(p => !p.dataset.shown).map(p => p.id),
    fetched: performance.getEntriesByType('resource').map(e => e.name.replace(location.origin, '') + ' ' + Math.round(e.duration)),
  };
})()"#;

/// Waits for the file Chromium writes its DevTools port to, and reads the port.
fn wait_for_port(file: &std::path::Path) -> u16 {
    wait_for(|| std::fs::read_to_string(file).ok()?.lines().next()?.trim().parse().ok())
}

/// Polls `f` until it gives a value (30 s at most).
fn wait_for<T>(mut f: impl FnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "Chromium did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Decodes standard base64 (DevTools screenshots).
fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = text.bytes().filter(|&c| c != b'=' && !c.is_ascii_whitespace()).map(value).collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (18 - 6 * i)));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

/// The Chromium binary: `CHROMIUM`, or `chromium` on PATH.
fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into())
}

/// Where to save screenshots, when `TESIS_SCREENSHOTS=DIR` asks for them (for the README).
fn screenshot_dir() -> Option<PathBuf> {
    std::env::var_os("TESIS_SCREENSHOTS").map(PathBuf::from)
}

/// The whole loop a student lives in: edit → the page changes in place; syntax error → overlay
/// over the last good pages; fix → overlay gone. The document is never reloaded.
#[test]
fn edits_appear_in_place_and_errors_overlay_the_last_good_pages() {
    if !common::require(&chromium(), "chromium") {
        return;
    }
    let w = Watching::start(TestProject::fixture("minimal"));
    w.wait_build(1);
    let url = format!("http://{}/", w.addr);
    let mut b = Browser::open(&url);

    b.wait_until(
        "document.readyState === 'complete' && document.body.dataset.state === 'ok' && [...document.querySelectorAll('.page')].every(p => p.dataset.shown)",
        "the first pages",
    );
    let pages = b.eval("document.querySelectorAll('.page').length").as_u64().unwrap();
    assert!(pages >= 5, "{}", b.eval(STATE));
    assert_eq!(
        b.eval("document.querySelector('.page img').complete && document.querySelector('.page img').naturalWidth > 0"),
        json!(true)
    );
    assert_eq!(b.eval("document.title"), json!("KERJA SAMA SISTER CITY DALAM UJI · pratinjau tesis"));

    // Follow-the-edit off (it is on by default): the reader keeps their place.
    assert_eq!(b.eval("document.getElementById('follow').checked"), json!(true));
    b.eval("document.getElementById('follow').click()");
    assert_eq!(b.eval("localStorage.getItem('tesis-follow')"), json!("0"));

    // Remember this document, its images and the scroll position.
    b.eval("window.__marker = 'dokumen yang sama'; document.querySelectorAll('.page img').forEach(i => i.__old = true); window.scrollTo(0, 1500)");
    let scroll = b.eval("window.scrollY").as_f64().unwrap();
    assert!(scroll > 1000.0, "the page scrolled: {scroll}");

    // An edit: the new words appear, in the one page that changed, in this same document.
    w.project.edit("thesis/bab1.md", "Kalimat pertama bab satu", "Kalimat KATABARU bab satu");
    b.wait_until(
        "[...document.querySelectorAll('.page')].some(p => p.dataset.shown && p.querySelector('.text').textContent.includes('KATABARU'))",
        "the edited text",
    );
    let s = b.eval(STATE);
    assert_eq!(s["loads"], json!(1), "no reload: {s}");
    assert_eq!(s["marker"], json!("dokumen yang sama"), "no reload: {s}");
    assert_eq!(s["oldImages"], json!(pages - 1), "only the changed page's image is replaced: {s}");
    assert!((s["scrollY"].as_f64().unwrap() - scroll).abs() < 2.0, "the scroll position stays: {s}");
    let changed =
        "[...document.querySelectorAll('.page')].find(p => p.querySelector('.text').textContent.includes('KATABARU'))";
    assert_eq!(
        b.eval(&format!("(() => {{ const p = {changed}; const i = p.querySelector('img'); return i.complete && i.naturalWidth > 0 && i.src.endsWith('?v=' + p.dataset.shown); }})()")),
        json!(true),
        "the new picture of the page is loaded"
    );
    if let Some(dir) = screenshot_dir() {
        b.eval(&format!("{changed}.scrollIntoView()"));
        std::thread::sleep(Duration::from_millis(300));
        b.screenshot(&dir.join("preview-minimal.png"));
        b.eval(&format!("window.scrollTo(0, {scroll})"));
    }

    // A syntax error: the overlay names file and line; the last good pages stay underneath.
    let good = w.project.read("thesis/bab2.typ");
    w.project.write("thesis/bab2.typ", good.replace("Bab dua ditulis", "Bab dua #let x = ( ditulis"));
    b.wait_until("!document.getElementById('overlay').hidden", "the error overlay");
    let s = b.eval(STATE);
    assert_eq!(s["overlayVisible"], json!(true), "{s}");
    assert!(s["summary"].as_str().unwrap().starts_with("thesis/bab2.typ:7:"), "{s}");
    assert_eq!(s["state"], json!("error"), "{s}");
    assert_eq!(s["pages"], json!(pages), "the pages stay: {s}");
    assert_eq!(s["shown"], json!(pages), "the pages stay: {s}");
    assert!(
        b.eval("document.getElementById('error-details').textContent").as_str().unwrap().contains("Bab dua #let x = (")
    );
    if let Some(dir) = screenshot_dir() {
        b.screenshot(&dir.join("preview-error-minimal.png"));
    }

    // The fix: the overlay goes away by itself, still the same document.
    w.project.write("thesis/bab2.typ", good);
    b.wait_until(
        "document.getElementById('overlay').hidden && document.body.dataset.state === 'ok'",
        "the overlay to go",
    );
    let s = b.eval(STATE);
    assert_eq!(s["loads"], json!(1), "{s}");
    assert_eq!(s["marker"], json!("dokumen yang sama"), "{s}");
    assert_eq!(s["overlayVisible"], json!(false), "{s}");
    assert!((s["scrollY"].as_f64().unwrap() - scroll).abs() < 2.0, "the scroll position stays: {s}");

    // Follow-the-edit on: at the top of the thesis, a save in BAB I scrolls to its changed page.
    // (After the fix's build has said it is done, so the save is not one of its own.)
    w.wait_build(4);
    b.eval("document.getElementById('follow').click(); window.scrollTo(0, 0)");
    assert_eq!(b.eval("localStorage.getItem('tesis-follow')"), json!("1"));
    w.project.edit("thesis/bab1.md", "Kalimat KATABARU bab satu", "Kalimat KATALAIN bab satu");
    b.wait_until("document.body.dataset.followed !== undefined", "the scroll to the edit");
    let followed = b.eval("Number(document.body.dataset.followed)").as_u64().unwrap();
    let text = b.eval(&format!("document.querySelector('#page-{followed} .text').textContent"));
    assert!(text.as_str().unwrap().contains("Kalimat"), "page {followed} holds the edit: {text}");
    let top =
        b.eval(&format!("document.getElementById('page-{followed}').getBoundingClientRect().top")).as_f64().unwrap();
    assert!((0.0..80.0).contains(&top), "page {followed} at the top of the window: {top}");
}

/// The outline beside the pages: parts and headings with their page numbers; a click scrolls
/// to that page, and the entry of the part in view is highlighted.
#[test]
fn clicking_an_outline_entry_scrolls_to_its_page() {
    if !common::require(&chromium(), "chromium") {
        return;
    }
    let w = Watching::start(TestProject::fixture("minimal"));
    w.wait_build(1);
    let mut b = Browser::open(&format!("http://{}/", w.addr));
    b.wait_until(
        "document.body.dataset.state === 'ok' && document.querySelectorAll('#outline-list li').length > 3 && [...document.querySelectorAll('.page')].every(p => p.dataset.shown)",
        "the pages and the outline",
    );
    let entries = b.eval(
        "[...document.querySelectorAll('#outline-list li')].map(li => [li.textContent, Number(li.dataset.page)])",
    );
    let entries = entries.as_array().unwrap();
    let find = |prefix: &str| {
        entries
            .iter()
            .find(|e| e[0].as_str().unwrap().starts_with(prefix))
            .unwrap_or_else(|| panic!("no outline entry {prefix}: {entries:?}"))
    };
    // BAB II's entry points at the page whose text opens BAB II.
    let bab2 = find("BAB II").clone();
    let page = bab2[1].as_u64().unwrap();
    let text = b.eval(&format!("document.querySelector('#page-{page} .text').textContent"));
    assert!(text.as_str().unwrap().contains("BAB II"), "page {page} is BAB II: {text}");
    assert!(find("Sampul")[1].as_u64() == Some(1), "{entries:?}");
    assert!(page > 3, "{entries:?}");

    // A click scrolls there: that page's top is at the top of the window.
    assert_eq!(b.eval("window.scrollY"), json!(0));
    b.eval(&format!("document.querySelector('#outline-list li[data-page=\"{page}\"] a').click()"));
    b.wait_until(&format!("document.body.dataset.pageInView === '{page}'"), "the scroll to BAB II");
    let top = b.eval(&format!("document.getElementById('page-{page}').getBoundingClientRect().top")).as_f64().unwrap();
    assert!((0.0..80.0).contains(&top), "page {page} at the top of the window: {top}");
    let current = b.eval("document.querySelector('#outline-list li.current').textContent");
    assert!(current.as_str().unwrap().starts_with("BAB II"), "{current}");

    // Collapsible: the toggle hides it.
    b.eval("document.getElementById('outline-toggle').click()");
    assert_eq!(b.eval("document.getElementById('outline').getBoundingClientRect().width"), json!(0));
    b.eval("document.getElementById('outline-toggle').click()");
    if let Some(dir) = screenshot_dir() {
        std::thread::sleep(Duration::from_millis(500));
        b.screenshot(&dir.join("preview-outline.png"));
    }
}

/// The review panel: the marks of BAB I with their author and page; a click on one scrolls to
/// its page; accepting one change rewrites exactly that mark and the page shows it; an accept
/// the panel sends for a mark that has moved since it was drawn is refused and writes nothing.
#[test]
fn the_review_panel_accepts_one_change_and_refuses_a_stale_one() {
    if !common::require(&chromium(), "chromium") {
        return;
    }
    let p = TestProject::fixture("minimal");
    let marked = "Kalimat pertama {++sangat ++}bab satu tentang {~~kerja sama~>kolaborasi~~} kota kembar.{>>Dr. Budi: sumber?<<}";
    p.edit("thesis/bab1.md", "Kalimat pertama bab satu tentang kerja sama kota kembar.", marked);
    let w = Watching::start(p);
    w.wait_build(1);
    let mut b = Browser::open(&format!("http://{}/", w.addr));
    b.wait_until(
        "document.querySelectorAll('#review .mark').length === 3 && [...document.querySelectorAll('.page')].every(p => p.dataset.shown)",
        "the review panel",
    );
    let items = b.eval(
        "[...document.querySelectorAll('#review .mark')].map(m => [m.className, m.querySelector('.meta').textContent, m.querySelector('.body').textContent, Number(m.dataset.page)])",
    );
    let items = items.as_array().unwrap().clone();
    assert_eq!(b.eval("document.querySelector('#review .chapter h3 span').textContent"), json!("thesis/bab1.md"));
    assert!(items[0][0].as_str().unwrap().contains("insert"), "{items:?}");
    assert_eq!(items[1][2], json!("kerja sama → kolaborasi"), "{items:?}");
    assert!(items[1][1].as_str().unwrap().contains("Ganti"), "{items:?}");
    assert!(items[2][1].as_str().unwrap().contains("Dr. Budi"), "{items:?}");
    assert_eq!(items[2][2], json!("sumber?"), "{items:?}");
    // Each on the page that holds it.
    let page = items[1][3].as_u64().expect("a page for the change");
    let text = b.eval(&format!("document.querySelector('#page-{page} .text').textContent"));
    assert!(text.as_str().unwrap().contains("kolaborasi"), "page {page}: {text}");
    assert_eq!(items[0][3], items[1][3]);

    // A click on the item scrolls to its page.
    b.eval("document.querySelectorAll('#review .mark')[1].click()");
    b.wait_until(&format!("document.body.dataset.pageInView === '{page}'"), "the scroll to the change's page");
    assert_eq!(
        b.eval(&format!("document.querySelectorAll('#page-{page} .flash').length")),
        json!(1),
        "the place is marked"
    );
    if let Some(dir) = screenshot_dir() {
        b.eval("window.scrollBy(0, -60)");
        std::thread::sleep(Duration::from_millis(500));
        b.screenshot(&dir.join("preview-review.png"));
    }

    // The student types before the marks; the panel's old Accept button is kept and clicked
    // after the panel was drawn again: the mark is no longer at that place, nothing is written.
    b.eval("window.__stale = document.querySelector('#review .mark.insert button[data-action=accept]')");
    w.project.edit("thesis/bab1.md", "Kalimat pertama", "Kalimat yang pertama");
    let typed = w.project.read("thesis/bab1.md");
    w.wait_build(2);
    b.wait_until("!document.body.contains(window.__stale)", "the panel drawn again");
    b.eval("window.__stale.click()");
    b.wait_until("(document.body.dataset.reviewMessage || '').includes('409')", "the refusal");
    let message = b.eval("document.getElementById('review-message').textContent");
    assert!(message.as_str().unwrap().contains("no longer there"), "{message}");
    assert_eq!(w.project.read("thesis/bab1.md"), typed, "a stale accept writes nothing");

    // Accept the substitution from the panel as it is now: exactly that mark changes.
    b.eval("document.querySelector('#review .mark.substitute button[data-action=accept]').click()");
    w.wait_build(3);
    assert_eq!(w.project.read("thesis/bab1.md"), typed.replace("{~~kerja sama~>kolaborasi~~}", "kolaborasi"));
    b.wait_until(
        "document.querySelectorAll('#review .mark').length === 2 && [...document.querySelectorAll('.page')].some(p => p.dataset.shown && p.querySelector('.text').textContent.replace(/\\s+/g, ' ').includes('tentang kolaborasi kota'))",
        "the page with the accepted change",
    );
    assert_eq!(b.eval("window.__tesisLoads"), json!(1), "no reload");
}

/// `tesis show FILE:LINE` (an editor's key binding) scrolls the open preview to the page that
/// holds that line and marks the place briefly; without a running watch it says so.
#[test]
fn tesis_show_scrolls_the_open_page_to_the_line() {
    if !common::require(&chromium(), "chromium") {
        return;
    }
    let w = Watching::start(TestProject::default_thesis());
    w.wait_build(1);
    let mut b = Browser::open(&format!("http://{}/", w.addr));
    b.wait_until(
        "document.body.dataset.state === 'ok' && document.querySelectorAll('#outline-list li').length > 5",
        "the pages and the outline",
    );
    let bab2 = b.eval(
        "Number([...document.querySelectorAll('#outline-list li')].find(li => li.textContent.startsWith('BAB II')).dataset.page)",
    );
    let bab2 = bab2.as_u64().unwrap();
    assert_eq!(b.eval("window.scrollY"), json!(0));

    let run = w.project.tesis(&["show", "thesis/bab2.md:5"]).ok();
    assert!(run.stderr().contains("thesis/bab2.md:5"), "{}", run.stderr());
    b.wait_until("(document.body.dataset.shownPlace || '').startsWith('thesis/bab2.md:5@')", "the scroll");
    let shown = b.eval("document.body.dataset.shownPlace").as_str().unwrap().to_string();
    let page: u64 = shown.rsplit('@').next().unwrap().parse().unwrap();
    assert_eq!(page, bab2, "line 5 of bab2.md is on BAB II's first page: {shown}");
    b.wait_until(&format!("document.body.dataset.pageInView === '{page}'"), "BAB II in view");
    assert_eq!(b.eval(&format!("document.querySelectorAll('#page-{page} .flash').length")), json!(1), "marked");
    let text = b.eval(&format!("document.querySelector('#page-{page} .text').textContent"));
    assert!(text.as_str().unwrap().contains("Kesamaan Kabupaten Bogor"), "{text}");

    // A line deep in a long section, pages after its heading: the page that holds that line.
    let line = w.project.read("thesis/bab1.md").lines().nth(199).unwrap().to_string();
    assert!(line.starts_with("Sementara itu, jika"), "{line}");
    w.project.tesis(&["show", "thesis/bab1.md:200"]).ok();
    b.wait_until("(document.body.dataset.shownPlace || '').startsWith('thesis/bab1.md:200@')", "the second scroll");
    let shown = b.eval("document.body.dataset.shownPlace").as_str().unwrap().to_string();
    let page: u64 = shown.rsplit('@').next().unwrap().parse().unwrap();
    let text = b.eval(&format!("document.querySelector('#page-{page} .text').textContent.replace(/\\s+/g, ' ')"));
    assert!(text.as_str().unwrap().contains("Sementara itu, jika"), "page {page}: {text}");
    let heading = b.eval(
        "Number([...document.querySelectorAll('#outline-list li')].find(li => li.textContent.includes('Konsep Paradiplomacy')).dataset.page)",
    );
    assert!(page > heading.as_u64().unwrap(), "the line is pages after its heading ({heading}): {page}");

    // A file that is not a chapter is refused; a project without a running watch says so.
    w.project.tesis(&["show", "thesis/thesis.yaml:3"]).fails_with(&["not a chapter file"]);
    TestProject::fixture("minimal").tesis(&["show", "thesis/bab1.md:3"]).fails_with(&["no tesis watch is running"]);
    w.project.tesis(&["show", "thesis/bab2.md"]).fails_with(&["is not FILE:LINE"]);
}

/// Page → source: a double-click on a word of a BAB I page runs the editor given with
/// `--editor` (a fake one that writes down its arguments) with `thesis/bab1.md` and the line
/// that holds the word; the place is shown in the page. Without the token nothing is run.
#[test]
fn a_double_click_on_a_word_opens_the_editor_at_its_line() {
    if !common::require(&chromium(), "chromium") || !common::require("pdftotext", "poppler-utils") {
        return;
    }
    let p = TestProject::fixture("minimal");
    p.edit("thesis/bab1.md", "kerja sama ini penting", "kerja sama ini KLIKDISINI penting");
    let out = p.path("editor-args.txt");
    let script = p.path("editor.sh");
    std::fs::write(&script, format!("#!/bin/sh\necho \"$1|$2|$3\" >> '{}'\n", out.display())).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let editor = format!("{} {{file}} {{line}} {{column}}", script.display());
    let w = Watching::start_with_args(p, &[], &["--editor", &editor]);
    w.wait_build(1);

    // Where the word is: its page and box in the PDF the same build wrote (points from the top).
    let bbox = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(w.project.path("thesis.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext");
    let bbox = String::from_utf8_lossy(&bbox.stdout).into_owned();
    let (page, x, y) = word_box(&bbox, "KLIKDISINI").expect("the word in the PDF");

    let mut b = Browser::open(&format!("http://{}/", w.addr));
    b.wait_until("[...document.querySelectorAll('.page')].length > 3 && [...document.querySelectorAll('.page')].every(p => p.dataset.shown)", "the pages");
    // Without the token, nothing is run.
    let status = b.eval(&format!(
        "fetch('/open', {{ method: 'POST', body: JSON.stringify({{ page: {page}, x: {x}, y: {y} }}) }}).then(r => r.status)"
    ));
    assert_eq!(status, json!(403));
    std::thread::sleep(Duration::from_millis(300));
    assert!(!out.exists(), "a request without the token ran the editor");

    // With the token, a click on the cover (its title comes from thesis.yaml, not a chapter): no
    // source in a chapter file, nothing run.
    let (cover_page, cx0, cy0) = word_box(&bbox, "SISTER").expect("the title on the cover");
    assert_eq!(cover_page, 1);
    let cover = b.eval(&format!(
        "(() => {{ const t = document.querySelector('meta[name=tesis-token]').content; return fetch('/open', {{ method: 'POST', headers: {{ 'X-Tesis-Token': t }}, body: JSON.stringify({{ page: 1, x: {cx0}, y: {cy0} }}) }}).then(async r => [r.status, await r.text()]); }})()"
    ));
    assert!(cover[0] == json!(403) || cover[0] == json!(404), "{cover}");
    assert!(!cover[1].as_str().unwrap().contains("no text there"), "the click was on the title: {cover}");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!out.exists(), "a click outside the chapters ran the editor");

    // A real double-click at the word.
    b.eval(&format!("document.getElementById('page-{page}').scrollIntoView()"));
    let at = b.eval(&format!(
        "(() => {{ const r = document.getElementById('page-{page}').getBoundingClientRect(); const s = r.width / {w}; return [r.left + {x} * s, r.top + {y} * s]; }})()",
        w = page_width(&bbox, page)
    ));
    let (cx, cy) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
    for count in [1, 2] {
        for kind in ["mousePressed", "mouseReleased"] {
            b.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": cx, "y": cy, "button": "left", "clickCount": count }),
            );
        }
    }
    b.wait_until("document.body.dataset.sourcePlace !== undefined", "the source place");
    let place = b.eval("document.body.dataset.sourcePlace");
    assert!(place.as_str().unwrap().starts_with("thesis/bab1.md:6:"), "{place}");
    let started = Instant::now();
    while !out.exists() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let args = std::fs::read_to_string(&out).expect("the editor ran");
    let args: Vec<&str> = args.trim().split('|').collect();
    let bab1 = w.project.path("thesis/bab1.md").canonicalize().unwrap();
    assert_eq!(std::path::Path::new(args[0]).canonicalize().unwrap(), bab1, "{args:?}");
    assert_eq!(args[1], "6", "the line of the word: {args:?}");
    let line = w.project.read("thesis/bab1.md").lines().nth(5).unwrap().to_string();
    let column: usize = args[2].parse().unwrap();
    let word_at = line.find("KLIKDISINI").unwrap() + 1;
    assert!((word_at..word_at + 10).contains(&column), "column {column} in the word at {word_at}: {line}");
}

/// The page (from 1) and the centre (points from the top-left) of `word` in `pdftotext -bbox`.
fn word_box(bbox: &str, word: &str) -> Option<(usize, f64, f64)> {
    let mut page = 0;
    for line in bbox.lines() {
        if line.trim_start().starts_with("<page ") {
            page += 1;
        }
        if line.contains(&format!(">{word}</word>")) {
            let num = |key: &str| -> f64 {
                let at = line.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
                line[at..].split('"').next().unwrap().parse().unwrap()
            };
            return Some((page, (num("xMin") + num("xMax")) / 2.0, (num("yMin") + num("yMax")) / 2.0));
        }
    }
    None
}

/// The width in points of page `n` (from 1) in `pdftotext -bbox`.
fn page_width(bbox: &str, n: usize) -> f64 {
    let line = bbox.lines().filter(|l| l.trim_start().starts_with("<page ")).nth(n - 1).unwrap();
    let at = line.find("width=\"").unwrap() + 7;
    line[at..].split('"').next().unwrap().parse().unwrap()
}
