//! What the preview does beyond showing pages, each a POST the server lets through only with
//! the run's token (see [`super::server`]): the review panel's actions (`/review`), `tesis
//! show`'s scroll request (`/show`) and a click on a page's word (`/open`: the student's editor
//! at that source line).
//!
//! A request names a file only as the project names its chapters (`thesis/bab1.md`); the file
//! rewritten or opened is the one of the server's own chapter list, never a path from the
//! request. A review action rewrites only the marks it names, with the code of `tesis accept` /
//! `tesis reject`, and only when the file still holds each at the place the panel saw it.

use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use serde::Deserialize;
use serde_json::json;

use super::http::Reply;
use super::marks::ChapterMarks;
use super::server::Published;
use crate::revise::apply::{self, Refused, Seen};
use crate::revise::criticmarkup::{Decision, Kind};
use crate::watch::Waker;

/// The POST handlers and what they need from the verb.
#[derive(Debug, Clone, Default)]
pub struct Desk {
    /// The editor command (`code --goto {file}:{line}:{column}`), split into argv; `None`: the
    /// location is only shown in the preview.
    pub editor: Option<Vec<String>>,
    /// Clicks waiting for the watch loop (only its world maps a glyph to its source).
    pub clicks: Arc<Clicks>,
}

/// The clicks on pages not answered yet, and how to wake the watch loop for them.
#[derive(Debug, Default)]
pub struct Clicks {
    /// Waiting clicks.
    pub queue: Mutex<Vec<Click>>,
    /// Wakes the watch loop's wait.
    pub waker: Mutex<Option<Waker>>,
}

/// A request only the watch loop can answer, and where its answer goes.
#[derive(Debug)]
pub struct Click {
    /// What is asked.
    pub ask: Ask,
    /// The request thread waiting for the answer.
    pub reply: mpsc::Sender<Reply>,
}

/// What a [`Click`] asks.
#[derive(Debug)]
pub enum Ask {
    /// The source of the word under a point of a page (and the editor opened there).
    Open {
        /// The physical page (0-based).
        page: usize,
        /// Points from the page's left edge.
        x: f64,
        /// Points from the page's top edge.
        y: f64,
    },
    /// The pages scrolled to a chapter's line (`tesis show`).
    Show {
        /// The chapter, from the server's list.
        chapter: ChapterMarks,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
}

/// A click as the page sends it.
#[derive(Debug, Deserialize)]
struct At {
    /// The page, from 1.
    page: usize,
    /// Points from the left.
    x: f64,
    /// Points from the top.
    y: f64,
}

/// How long a click waits for the watch loop (a build may be running).
const CLICK_WAIT: Duration = Duration::from_secs(60);

/// A review action as the panel sends it.
#[derive(Debug, Deserialize)]
struct Action {
    /// The chapter, as the panel got it.
    file: String,
    /// `accept`, `reject` or `resolve` (a comment).
    action: String,
    /// The marks, as the panel saw them.
    marks: Vec<SeenMark>,
}

/// One mark of an action.
#[derive(Debug, Deserialize)]
struct SeenMark {
    /// Its first byte.
    start: usize,
    /// Past its last byte.
    end: usize,
    /// Its bytes.
    text: String,
}

/// A place in a chapter (`tesis show`, a click on a page).
#[derive(Debug, Deserialize)]
pub struct Place {
    /// The chapter, as the project names it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    #[serde(default = "one")]
    pub column: usize,
}

/// The default column.
fn one() -> usize {
    1
}

impl Desk {
    /// Answers a POST that already passed the Host, Origin and token checks.
    pub fn post(&self, path: &str, body: &[u8], published: &Published) -> Reply {
        match path {
            "/review" => match serde_json::from_slice::<Action>(body) {
                Ok(action) => review(&action, published),
                Err(e) => Reply::message(400, format!("refused: not a review action ({e})")),
            },
            "/show" => match serde_json::from_slice::<Place>(body) {
                Ok(place) => match chapter(published, &place.file) {
                    Some(chapter) => {
                        self.ask(Ask::Show { chapter, line: place.line.max(1), column: place.column.max(1) })
                    }
                    None => {
                        Reply::message(403, format!("refused: {} is not a chapter file of this thesis", place.file))
                    }
                },
                Err(e) => Reply::message(400, format!("refused: not a place ({e})")),
            },
            "/open" => match serde_json::from_slice::<At>(body) {
                Ok(at) => self.open(&at, published),
                Err(e) => Reply::message(400, format!("refused: not a place on a page ({e})")),
            },
            _ => Reply::message(404, "no such action"),
        }
    }

    /// Hands a click to the watch loop and waits for its answer.
    fn open(&self, at: &At, published: &Published) -> Reply {
        let pages = published.lock().pages.len();
        if at.page == 0 || at.page > pages || !at.x.is_finite() || !at.y.is_finite() {
            return Reply::message(404, format!("there is no page {}", at.page));
        }
        self.ask(Ask::Open { page: at.page - 1, x: at.x, y: at.y })
    }

    /// Hands a request to the watch loop and waits for its answer.
    fn ask(&self, ask: Ask) -> Reply {
        let waker = self.clicks.waker.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let Some(waker) = waker else { return Reply::message(503, "tesis watch is starting; try again") };
        let (tx, rx) = mpsc::channel();
        let click = Click { ask, reply: tx };
        self.clicks.queue.lock().unwrap_or_else(|e| e.into_inner()).push(click);
        waker.wake();
        rx.recv_timeout(CLICK_WAIT).unwrap_or_else(|_| Reply::message(503, "tesis watch did not answer in time"))
    }
}

/// The chapter a request names, from the server's own list.
fn chapter(published: &Published, name: &str) -> Option<ChapterMarks> {
    let name = name.replace('\\', "/");
    let name = name.trim_start_matches("./");
    published.lock().chapters.iter().find(|c| c.name == name).cloned()
}

/// Accepts, rejects or resolves the marks of one review action.
fn review(action: &Action, published: &Published) -> Reply {
    let Some(chapter) = chapter(published, &action.file) else {
        return Reply::message(403, format!("refused: {} is not a chapter file of this thesis", action.file));
    };
    let decision = match action.action.as_str() {
        "accept" | "resolve" => Decision::Accept,
        "reject" => Decision::Reject,
        other => return Reply::message(400, format!("refused: unknown action {other}")),
    };
    if action.action == "resolve"
        && action.marks.iter().any(|m| !m.text.starts_with("{>>") && !m.text.starts_with("#catatan"))
    {
        return Reply::message(400, "refused: only a comment is resolved; a change is accepted or rejected");
    }
    if action.marks.is_empty() {
        return Reply::message(400, "refused: no mark named");
    }
    let seen: Vec<Seen> = action.marks.iter().map(|m| Seen { range: m.start..m.end, text: m.text.clone() }).collect();
    match apply::resolve_seen(&chapter.disk, &seen, decision) {
        Ok(n) => Reply::ok("application/json", json!({ "resolved": n, "file": chapter.name }).to_string().into_bytes()),
        Err(Refused::Moved(d)) => Reply::message(
            409,
            format!(
                "{}: {} (nothing was written; the panel will show the marks as they are now)",
                chapter.name, d.message
            ),
        ),
        Err(Refused::Failed(d)) => Reply::message(500, d.message),
    }
}

/// A chapter's marks as the panel reads them.
pub fn chapter_json(c: &ChapterMarks) -> serde_json::Value {
    let marks: Vec<serde_json::Value> = c
        .marks
        .iter()
        .map(|m| {
            json!({
                "kind": kind_name(m.kind), "start": m.range.start, "end": m.range.end, "source": m.source,
                "text": m.text, "new": m.new, "author": m.author, "line": m.line, "page": m.page.map(|p| p + 1), "label": m.label, "y": m.y,
            })
        })
        .collect();
    json!({ "file": c.name, "marks": marks })
}

/// The panel's name of a mark.
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Insert => "insert",
        Kind::Delete => "delete",
        Kind::Substitute => "substitute",
        Kind::Highlight => "highlight",
        Kind::Comment => "comment",
    }
}
