//! The preview's HTTP server: bound to 127.0.0.1 only, it serves the page, its script and
//! style, each thesis page as SVG and text, and a stream of server-sent events that tells the
//! browsers which pages changed.
//!
//! The server never compiles and never reads the disk for a GET: it serves what the watch loop
//! last published ([`Published`]), so any other path — `/../thesis/thesis.yaml` included — is a
//! 404. Requests that write or run something (the review panel's actions, `tesis show`, opening
//! the editor) are POSTs handled in [`super::desk`], and only with the run's token: a random
//! value the page receives inside `index.html` (which another site in the same browser cannot
//! read: the Host and Origin checks and the absence of CORS headers keep it same-origin).

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use super::http::{self, Reply, Request};
use super::pages::PageView;
use crate::diag::Diagnostic;

/// The port tried first when none is given ("TESIS" would be too long; 3927 is unassigned).
pub const DEFAULT_PORT: u16 = 3927;

/// How many ports after the default are tried when it is taken (other previews running).
const PORT_TRIES: u16 = 10;

/// How often an idle event stream sends a comment, so a closed tab ends its thread.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The page shell (the thesis state is inserted where `/*STATE*/null` stands).
const INDEX_HTML: &str = include_str!("index.html");

/// The script that keeps the pages current.
const PREVIEW_JS: &str = include_str!("preview.js");

/// The page's style.
const PREVIEW_CSS: &str = include_str!("preview.css");

/// A build error as the overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorView {
    /// The first error in one line: `thesis/bab1.md:3:5: unclosed delimiter`.
    pub summary: String,
    /// All diagnostics as the terminal shows them (source line, caret, hints).
    pub details: String,
}

/// What the browsers see: the last good pages and, when the last build failed, its error.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Increases with every publication, so event streams know what they have sent.
    pub version: u64,
    /// The pages of the last good build.
    pub pages: Vec<PageView>,
    /// The error of the last build, if it failed.
    pub error: Option<ErrorView>,
    /// The thesis title (the tab's title).
    pub title: String,
    /// The outline of the last good build.
    pub outline: Vec<super::Entry>,
    /// The project's chapter files and their review marks (the only files a POST may touch).
    pub chapters: Vec<super::marks::ChapterMarks>,
    /// The last good build's pages, for finding a source place (`tesis show`, clicks).
    pub document: Option<typst_layout::PagedDocument>,
    /// The last place `tesis show` asked the pages to scroll to.
    pub show: Option<ShowAt>,
}

/// A place the preview is asked to scroll to and mark briefly (`tesis show`).
#[derive(Debug, Clone, PartialEq)]
pub struct ShowAt {
    /// Increases with every request, so a browser acts on each one once.
    pub seq: u64,
    /// The physical page (0-based).
    pub page: usize,
    /// How far down the page, in points, when known.
    pub y: Option<f64>,
    /// What was asked for (`thesis/bab2.md:5`), shown beside the mark.
    pub what: String,
}

/// The snapshot shared between the watch loop (writer) and the request threads (readers).
#[derive(Debug, Default)]
pub struct Published {
    /// The current snapshot.
    snapshot: Mutex<Snapshot>,
    /// Signalled on every publication.
    changed: Condvar,
}

impl Published {
    /// Changes the snapshot and wakes every event stream.
    pub fn publish(&self, change: impl FnOnce(&mut Snapshot)) {
        let mut s = self.lock();
        change(&mut s);
        s.version += 1;
        drop(s);
        self.changed.notify_all();
    }

    /// The current snapshot.
    pub fn lock(&self) -> MutexGuard<'_, Snapshot> {
        // A panicking request thread cannot leave the snapshot half-changed (it only reads).
        self.snapshot.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running preview server.
pub struct Server {
    /// Where it listens.
    addr: SocketAddr,
    /// What it serves.
    published: Arc<Published>,
    /// The run's token (hex), required on every POST.
    token: String,
}

impl Server {
    /// Binds 127.0.0.1 (`port` 0 lets the system choose; no port tries [`DEFAULT_PORT`] and the
    /// next few) and serves on a background thread.
    pub fn start(port: Option<u16>, desk: super::desk::Desk) -> Result<Self, Diagnostic> {
        let token = new_token()?;
        let listener = bind(port)?;
        let addr =
            listener.local_addr().map_err(|e| Diagnostic::error(format!("cannot start the preview server ({e})")))?;
        let published = Arc::new(Published::default());
        let shared = published.clone();
        let guard = Guard { port: addr.port(), token: token.clone() };
        std::thread::Builder::new()
            .name("preview-server".into())
            .spawn(move || http::serve(listener, move |request| handle(request, &shared, &guard, &desk)))
            .map_err(|e| Diagnostic::error(format!("cannot start the preview server ({e})")))?;
        Ok(Self { addr, published, token })
    }

    /// The run's token (what `tesis show` sends back).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The address of the preview page.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// What the server serves.
    pub fn published(&self) -> &Published {
        &self.published
    }
}

/// Binds the listener: the given port, or the default one and the next free one after it.
fn bind(port: Option<u16>) -> Result<TcpListener, Diagnostic> {
    let candidates: Vec<u16> = match port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES).collect(),
    };
    let mut last = None;
    for p in &candidates {
        match TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, *p))) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e),
        }
    }
    let e = last.map(|e| e.to_string()).unwrap_or_default();
    Err(match port {
        Some(p) => Diagnostic::error(format!("cannot use port {p} for the preview ({e})"))
            .hint("choose another with --port, or --port 0 for any free one"),
        None => Diagnostic::error(format!(
            "no free port for the preview between {DEFAULT_PORT} and {} ({e})",
            DEFAULT_PORT + PORT_TRIES - 1
        ))
        .hint("choose one with --port, or --port 0 for any free one"),
    })
}

/// 128 bits from the operating system's random source, as hex.
fn new_token() -> Result<String, Diagnostic> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| Diagnostic::error(format!("cannot start the preview server (no random source: {e})")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What every request is checked against.
pub struct Guard {
    /// The port we listen on (the only one Host and Origin may name).
    port: u16,
    /// The run's token.
    token: String,
}

impl Guard {
    /// Whether a POST carries the run's token (compared without an early exit).
    fn token_ok(&self, request: &Request) -> bool {
        let given = request.header("x-tesis-token").unwrap_or("").as_bytes();
        let want = self.token.as_bytes();
        given.len() == want.len() && given.iter().zip(want).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

/// Answers one request.
fn handle(request: &Request, published: &Arc<Published>, guard: &Guard, desk: &super::desk::Desk) -> Reply {
    if !host_allowed(request, guard.port) {
        // A page on another site that rebinds its name to 127.0.0.1 must not read the thesis.
        return Reply::message(403, "refused: the Host header does not name this preview");
    }
    if let Some(origin) = request.header("origin")
        && !origin_allowed(origin, guard.port)
    {
        // A page of another site may send requests here, but none is answered.
        return Reply::message(403, format!("refused: a request from another site ({origin})"));
    }
    if request.method == "POST" {
        if request.header("host").is_none() {
            return Reply::message(403, "refused: a request without a Host header");
        }
        if !guard.token_ok(request) {
            return Reply::message(403, "refused: the request does not carry this preview's token");
        }
        return desk.post(request.path(), &request.body, published);
    }
    if request.method != "GET" && request.method != "HEAD" {
        return Reply::status(405);
    }
    match request.path() {
        "/" | "/index.html" => {
            let body = index_html(&published.lock(), &guard.token).into_bytes();
            // The page acts (accept, reject, open the editor): no other site may frame it and
            // trick a click, and it names no address to the sites it links to.
            let headers = vec![
                ("Content-Type", "text/html; charset=utf-8".to_string()),
                ("X-Frame-Options", "DENY".to_string()),
                ("Content-Security-Policy", "frame-ancestors 'none'".to_string()),
                ("Referrer-Policy", "no-referrer".to_string()),
                ("Cache-Control", "no-store".to_string()),
            ];
            Reply::Full { status: 200, headers, body }
        }
        "/preview.js" => Reply::ok("text/javascript; charset=utf-8", PREVIEW_JS.into()),
        "/preview.css" => Reply::ok("text/css; charset=utf-8", PREVIEW_CSS.into()),
        "/state.json" => Reply::ok("application/json", state_json(&published.lock()).to_string().into_bytes()),
        "/events" => {
            let shared = published.clone();
            Reply::Stream(Box::new(move |stream| {
                let _ = stream_events(stream, &shared);
            }))
        }
        path => match page_asset(path) {
            Some((n, kind)) => {
                let page = published.lock().pages.get(n).cloned();
                match (page, kind) {
                    (Some(p), Asset::Svg) => asset(request, "image/svg+xml", p.svg.as_bytes(), p.hash),
                    (Some(p), Asset::Text) => asset(request, "text/plain; charset=utf-8", p.text.as_bytes(), p.hash),
                    (None, _) => Reply::status(404),
                }
            }
            None => Reply::status(404),
        },
    }
}

/// What a `/page/…` path asks for.
enum Asset {
    /// `/page/N.svg`.
    Svg,
    /// `/page/N.txt`.
    Text,
}

/// Parses `/page/N.svg` or `/page/N.txt` (N from 1) into a 0-based page number.
fn page_asset(path: &str) -> Option<(usize, Asset)> {
    let rest = path.strip_prefix("/page/")?;
    let (number, kind) = match rest.rsplit_once('.')? {
        (n, "svg") => (n, Asset::Svg),
        (n, "txt") => (n, Asset::Text),
        _ => return None,
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: usize = number.parse().ok()?;
    Some((n.checked_sub(1)?, kind))
}

/// Whether the Host header names this server (127.0.0.1 or localhost at our port).
fn host_allowed(request: &Request, port: u16) -> bool {
    let Some(host) = request.header("host") else {
        return true;
    };
    ["127.0.0.1", "localhost", "[::1]"].iter().any(|name| host == format!("{name}:{port}"))
}

/// Whether an Origin header is this server's own page (`http://127.0.0.1:PORT`, `localhost`).
fn origin_allowed(origin: &str, port: u16) -> bool {
    ["127.0.0.1", "localhost", "[::1]"].iter().any(|name| origin == format!("http://{name}:{port}"))
}

/// A page asset with its hash as ETag; answered 304 when the browser has it already.
fn asset(request: &Request, mime: &str, body: &[u8], hash: u128) -> Reply {
    let etag = format!("\"{hash:032x}\"");
    let cache = ("Cache-Control", "no-cache".to_string());
    if request.header("if-none-match") == Some(etag.as_str()) {
        return Reply::Full { status: 304, headers: vec![("ETag", etag), cache], body: vec![] };
    }
    let headers = vec![("Content-Type", mime.to_string()), ("ETag", etag), cache];
    Reply::Full { status: 200, headers, body: body.to_vec() }
}

/// Keeps a server-sent event stream open: the current state first, then one event per
/// publication (several quick ones coalesce into the latest).
fn stream_events(mut writer: TcpStream, published: &Published) -> std::io::Result<()> {
    write!(writer, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\r\n")?;
    writer.flush()?;
    let mut sent = None;
    loop {
        let message = {
            let guard = published.lock();
            let (guard, _) = published
                .changed
                .wait_timeout_while(guard, KEEPALIVE, |s| sent == Some(s.version))
                .unwrap_or_else(|e| e.into_inner());
            if sent == Some(guard.version) {
                None
            } else {
                sent = Some(guard.version);
                Some(state_json(&guard).to_string())
            }
        };
        match message {
            Some(data) => write!(writer, "event: update\ndata: {data}\n\n")?,
            None => write!(writer, ": keep-alive\n\n")?,
        }
        writer.flush()?;
    }
}

/// The state as the script reads it: page hashes and sizes, and the error.
fn state_json(s: &Snapshot) -> serde_json::Value {
    let pages: Vec<serde_json::Value> = s
        .pages
        .iter()
        .map(|p| serde_json::json!({ "hash": format!("{:032x}", p.hash), "width": p.width, "height": p.height }))
        .collect();
    let error = s.error.as_ref().map(|e| serde_json::json!({ "summary": e.summary, "details": e.details }));
    let outline: Vec<serde_json::Value> = s
        .outline
        .iter()
        .map(|e| {
            serde_json::json!({ "level": e.level, "title": e.title, "page": e.page + 1, "label": e.label, "part": e.part })
        })
        .collect();
    let review: Vec<serde_json::Value> =
        s.chapters.iter().filter(|c| !c.marks.is_empty()).map(super::desk::chapter_json).collect();
    let show =
        s.show.as_ref().map(|w| serde_json::json!({ "seq": w.seq, "page": w.page + 1, "y": w.y, "what": w.what }));
    serde_json::json!({
        "version": s.version, "title": s.title, "pages": pages, "error": error, "outline": outline,
        "review": review, "show": show,
    })
}

/// The page with the current state and the run's token inlined, so the first paint needs no
/// extra request (and the token is only ever in this same-origin page).
fn index_html(s: &Snapshot, token: &str) -> String {
    // `</` inside the inline JSON would end the script element.
    let state = state_json(s).to_string().replace("</", "<\\/");
    INDEX_HTML.replace("/*STATE*/null", &state).replace("{TITLE}", &html_escape(&s.title)).replace("{TOKEN}", token)
}

/// Escapes text for HTML.
fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_parse_strictly() {
        assert!(matches!(page_asset("/page/1.svg"), Some((0, Asset::Svg))));
        assert!(matches!(page_asset("/page/12.txt"), Some((11, Asset::Text))));
        for bad in ["/page/0.svg", "/page/.svg", "/page/1.png", "/page/-1.svg", "/page/../1.svg", "/page/1"] {
            assert!(page_asset(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn inline_state_cannot_close_the_script() {
        let s = Snapshot { title: "</script><b>".into(), ..Default::default() };
        let html = index_html(&s, "00");
        assert!(!html.contains("</script><b>"), "{html}");
    }
}
