//! The review panel's list: every CriticMarkup change and comment of the Markdown chapters (and
//! every review mark of the Typst ones), per chapter in source order, with its text, its author
//! and the page it is on in the last build.
//!
//! Read from the files on disk after the pages are published (as the outline is), so it never
//! delays them, and so the panel shows exactly the bytes a later action is checked against.
//!
//! The page of a mark: every mark leaves `<tesis-change>` metadata where it is drawn (one per
//! change, two for a substitution, none for a `.typ` chapter's `#catatan`), in source order
//! inside its chapter's pages. When a chapter's count of them is not what its marks make (a mark
//! the layer had to drop), the chapter's marks go without a page rather than with a wrong one.

use std::ops::Range;
use std::path::PathBuf;

use typst::foundations::Selector;
use typst::introspection::Introspector;
use typst_layout::PagedDocument;

use crate::parts;
use crate::project::Project;
use crate::revise::criticmarkup::{self, Kind};
use crate::revise::typmarks;

/// The marks of one chapter file.
#[derive(Debug, Clone, PartialEq)]
pub struct ChapterMarks {
    /// The file as the project names it (`thesis/bab1.md`): what the panel sends back.
    pub name: String,
    /// The file on disk (what an action rewrites; never taken from a request).
    pub disk: PathBuf,
    /// Which BAB it is (0-based), when it is one.
    pub bab: Option<usize>,
    /// Its marks, in source order.
    pub marks: Vec<PanelMark>,
}

/// One mark as the panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelMark {
    /// Which mark.
    pub kind: Kind,
    /// Its bytes in the file, delimiters included.
    pub range: Range<usize>,
    /// Those bytes (sent back with an action, so a stale one is refused).
    pub source: String,
    /// The text inside (a substitution's old text; a comment without its author).
    pub text: String,
    /// A substitution's new text.
    pub new: Option<String>,
    /// Who wrote it, from `Name: …` at the start of the comment (a change takes the author of
    /// the comment right after it).
    pub author: Option<String>,
    /// The 1-based line it starts on.
    pub line: usize,
    /// The physical page (0-based) it is drawn on in the last build, when known.
    pub page: Option<usize>,
    /// The number printed on that page (`12`), empty when it has none.
    pub label: String,
    /// How far down that page it is drawn, in points, when known.
    pub y: Option<f64>,
}

/// The project's chapter files (as `tesis accept --all` takes them), each with its marks; the
/// files without marks are listed too, since the server only touches files of this list.
pub fn chapter_marks(project: &Project, document: &PagedDocument) -> Vec<ChapterMarks> {
    let mut chapters: Vec<ChapterMarks> = project
        .sources
        .iter()
        .filter(|s| s.is_markdown() || s.disk.extension().is_some_and(|e| e == "typ"))
        .map(|s| {
            let text = std::fs::read_to_string(&s.disk).unwrap_or_default();
            let typ = s.disk.extension().is_some_and(|e| e == "typ");
            let name = s.vpath.trim_start_matches('/').to_string();
            let bab = project.thesis.bab.iter().position(|b| *b == s.include);
            ChapterMarks { name, disk: s.disk.clone(), bab, marks: panel_marks(&text, typ) }
        })
        .collect();
    if chapters.iter().any(|c| !c.marks.is_empty()) {
        place_on_pages(document, &mut chapters);
    }
    chapters
}

/// The marks of one file's text.
fn panel_marks(text: &str, typ: bool) -> Vec<PanelMark> {
    let mut marks: Vec<PanelMark> = if typ {
        typmarks::find(text)
            .into_iter()
            .map(|m| {
                let body = |k: usize| m.bodies.get(k).map(|r| text[r.clone()].to_string());
                mark(text, m.kind, m.range.clone(), body(0).unwrap_or_default(), body(1))
            })
            .collect()
    } else {
        criticmarkup::find(text)
            .into_iter()
            .map(|m| {
                let new = m.new.clone().map(|r| text[r].to_string());
                mark(text, m.kind, m.range.clone(), text[m.body.clone()].to_string(), new)
            })
            .collect()
    };
    // A change followed at once by a comment is that commenter's.
    for k in 0..marks.len() {
        if marks[k].author.is_none()
            && let Some(next) = marks.get(k + 1)
            && next.kind == Kind::Comment
            && next.range.start == marks[k].range.end
        {
            marks[k].author = next.author.clone();
        }
    }
    marks
}

/// One mark, with a comment's author split off.
fn mark(text: &str, kind: Kind, range: Range<usize>, body: String, new: Option<String>) -> PanelMark {
    let (author, body) = match kind {
        Kind::Comment => split_author(&body),
        _ => (None, body),
    };
    let line = text[..range.start].matches('\n').count() + 1;
    PanelMark {
        kind,
        source: text[range.clone()].to_string(),
        range,
        text: body,
        new,
        author,
        line,
        page: None,
        y: None,
        label: String::new(),
    }
}

/// `Dr. Budi: kota mana?` → (`Dr. Budi`, `kota mana?`); a comment without a short name before a
/// colon has no author.
fn split_author(body: &str) -> (Option<String>, String) {
    match body.split_once(':') {
        Some((name, rest))
            if !name.trim().is_empty()
                && name.chars().count() <= 40
                && !name.contains('\n')
                && !name.contains("//") =>
        {
            (Some(name.trim().to_string()), rest.trim().to_string())
        }
        _ => (None, body.trim().to_string()),
    }
}

/// How many `<tesis-change>` markers a mark leaves in the document.
fn markers(kind: Kind, typ: bool) -> usize {
    match kind {
        Kind::Substitute => 2,
        Kind::Comment if typ => 0,
        _ => 1,
    }
}

/// Gives the marks of each BAB their pages from the markers inside the chapter's pages.
fn place_on_pages(document: &PagedDocument, chapters: &mut [ChapterMarks]) {
    let introspector = document.introspector();
    let places: Vec<(usize, f64)> = introspector
        .query(&Selector::Label(parts::label(parts::CHANGE)))
        .iter()
        .filter_map(|c| {
            let at = introspector.position(c.location()?)?;
            Some((at.page.get() - 1, at.point.y.to_pt()))
        })
        .collect();
    let bab_parts: Vec<Range<usize>> =
        parts::parts(document).into_iter().filter(|p| p.is_chapter()).map(|p| p.pages).collect();
    for chapter in chapters.iter_mut() {
        let Some(range) = chapter.bab.and_then(|k| bab_parts.get(k)) else { continue };
        let typ = chapter.disk.extension().is_some_and(|e| e == "typ");
        let inside: Vec<(usize, f64)> = places.iter().copied().filter(|(p, _)| range.contains(p)).collect();
        let expected: usize = chapter.marks.iter().map(|m| markers(m.kind, typ)).sum();
        if inside.len() != expected {
            continue;
        }
        let mut at: usize = 0;
        for mark in &mut chapter.marks {
            let n = markers(mark.kind, typ);
            // A `.typ` comment leaves no marker: the place of the mark before it, or its chapter's start.
            let place = if n == 0 { at.checked_sub(1).map(|i| inside[i]) } else { Some(inside[at]) };
            mark.page = Some(place.map_or(range.start, |(p, _)| p));
            mark.y = place.map(|(_, y)| y);
            at += n;
            mark.label = mark.page.map(|p| super::outline::page_label(document, p)).unwrap_or_default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_come_from_the_comment() {
        let text = "# BAB I\n\n{==Kota==}{>>Dr. Budi: kota mana?<<} {~~besar~>kecil~~} itu {++memang ++}.\n";
        let marks = panel_marks(text, false);
        assert_eq!(marks.len(), 4);
        assert_eq!(marks[0].author.as_deref(), Some("Dr. Budi"));
        assert_eq!(marks[1].author.as_deref(), Some("Dr. Budi"));
        assert_eq!(marks[1].text, "kota mana?");
        assert_eq!(marks[2].kind, Kind::Substitute);
        assert_eq!((marks[2].text.as_str(), marks[2].new.as_deref()), ("besar", Some("kecil")));
        assert_eq!(marks[2].author, None);
        assert_eq!(marks[3].source, "{++memang ++}");
        assert_eq!(&text[marks[3].range.clone()], "{++memang ++}");
        assert_eq!(marks[3].line, 3);
    }
}
