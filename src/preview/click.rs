//! A click on a page → the source line (`/open`): answered by the watch loop between builds
//! ([`crate::watch::Outcome::Idle`]), since only the world of the last compile can map the
//! glyph under the pointer to its file and byte ([`crate::pagemap`], through the same spans and
//! Markdown source maps as `tesis review`). Only the clicked page is mapped, so nothing of this
//! runs on the way from a save to the pages.

use serde_json::json;

use typst_layout::PagedDocument;

use super::desk::{Ask, Click, Desk};
use super::http::Reply;
use super::marks::ChapterMarks;
use super::server::{Published, ShowAt};
use crate::pagemap::{self, Mapper};
use crate::watch::Idle;

/// Answers the waiting clicks.
pub fn serve(desk: &Desk, published: &Published, idle: &Idle<'_>) {
    let clicks: Vec<Click> = std::mem::take(&mut *desk.clicks.queue.lock().unwrap_or_else(|e| e.into_inner()));
    for click in clicks {
        let reply = answer(desk, published, idle, &click);
        let _ = click.reply.send(reply);
    }
}

/// The answer to one request.
fn answer(desk: &Desk, published: &Published, idle: &Idle<'_>, click: &Click) -> Reply {
    let (document, chapters, failed) = {
        let s = published.lock();
        (s.document.clone(), s.chapters.clone(), s.error.is_some())
    };
    if failed {
        return Reply::message(
            409,
            "the last build failed, so the pages are older than your files: fix the error first",
        );
    }
    let Some(document) = document else { return Reply::message(503, "no build yet") };
    let mut mapper = Mapper::new(idle.world, idle.conversions);
    match &click.ask {
        Ask::Open { page, x, y } => open(desk, &document, &chapters, &mut mapper, (*page, *x, *y)),
        Ask::Show { chapter, line, column } => {
            let Some((page, y)) = super::locate::place_of_line(&document, chapter, *line, *column, &mut mapper) else {
                return Reply::message(404, format!("{}:{line} is not on a page of the last build", chapter.name));
            };
            let what = match column {
                1 => format!("{}:{line}", chapter.name),
                column => format!("{}:{line}:{column}", chapter.name),
            };
            published.publish(|s| {
                let seq = s.show.as_ref().map_or(1, |w| w.seq + 1);
                s.show = Some(ShowAt { seq, page, y, what: what.clone() });
            });
            Reply::ok("application/json", json!({ "page": page + 1, "what": what }).to_string().into_bytes())
        }
    }
}

/// The source of the word under a point (page, x, y) of a page; the editor is opened there.
fn open(
    desk: &Desk,
    document: &PagedDocument,
    chapters: &[ChapterMarks],
    mapper: &mut Mapper<'_>,
    (page, x, y): (usize, f64, f64),
) -> Reply {
    let Some(page) = document.pages().get(page) else {
        return Reply::message(404, "that page is not in the last build");
    };
    let mapped = mapper.page(page);
    let Some(glyph) = pagemap::glyph_at(&mapped, x, y) else {
        return Reply::message(404, "no text there");
    };
    let Some((file, byte)) = glyph.source else {
        return Reply::message(
            404,
            "this text is made by the template (a number, a citation, a running head): it has no line in your files",
        );
    };
    let Some(path) = mapper.files().get(file) else { return Reply::message(404, "no source") };
    let same = |a: &std::path::Path| a == path || dunce::canonicalize(a).ok() == dunce::canonicalize(path).ok();
    let Some(chapter) = chapters.iter().find(|c| same(&c.disk)) else {
        return Reply::message(403, "this text is not in a chapter file of the thesis");
    };
    let Ok(text) = std::fs::read_to_string(&chapter.disk) else {
        return Reply::message(404, format!("cannot read {}", chapter.name));
    };
    let (line, column) = pagemap::line_column(&text, byte);
    let opened = desk.editor.as_ref().map(|e| super::editor::open(e, &chapter.disk, line, column));
    let body = json!({
        "file": chapter.name, "line": line, "column": column,
        "opened": matches!(opened, Some(Ok(()))),
        "error": match &opened { Some(Err(e)) => Some(e.clone()), _ => None },
    });
    Reply::ok("application/json", body.to_string().into_bytes())
}
