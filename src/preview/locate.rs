//! Finding the page of a chapter's line in the last build (`tesis show FILE:LINE`).
//!
//! The chapter's pages come from its `<tesis-part>` marker; inside them, the line is first placed
//! at the last heading written at or above it: the source's headings (Markdown `#` lines, Typst
//! `=` lines) are counted and matched, in order, to the heading elements laid out on those pages.
//! From that page on, the pages are mapped ([`crate::pagemap`]) until a glyph drawn from that
//! line is found: its page and height are the place. A line that draws nothing (a blank line, a
//! label) goes to the first glyph after it.

use typst::foundations::NativeElement;
use typst::introspection::Introspector;
use typst::model::HeadingElem;
use typst_layout::PagedDocument;

use super::marks::ChapterMarks;
use crate::pagemap::Mapper;
use crate::parts;

/// The page (0-based) and the height on it (pt from the top) of the last heading at or above
/// `line` (1-based) of `chapter`, or the chapter's first page.
fn page_of_line(document: &PagedDocument, chapter: &ChapterMarks, line: usize) -> Option<(usize, Option<f64>)> {
    let bab = chapter.bab?;
    let range = parts::parts(document).into_iter().filter(|p| p.is_chapter()).nth(bab)?.pages;
    let text = std::fs::read_to_string(&chapter.disk).ok()?;
    let typ = chapter.disk.extension().is_some_and(|e| e == "typ");
    let above = headings_above(&text, line, typ);
    if above == 0 {
        return Some((range.start, None));
    }
    let introspector = document.introspector();
    let mut placed: Vec<(usize, f64)> = introspector
        .query(&HeadingElem::ELEM.select())
        .iter()
        .filter_map(|h| {
            let position = introspector.position(h.location()?)?;
            let page = position.page.get() - 1;
            range.contains(&page).then_some((page, position.point.y.to_pt()))
        })
        .collect();
    placed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    match placed.get(above - 1).or(placed.last()) {
        Some(&(page, y)) => Some((page, Some(y))),
        None => Some((range.start, None)),
    }
}

/// The page and height of `line`:`column` of `chapter`, through the glyphs' sources.
pub fn place_of_line(
    document: &PagedDocument,
    chapter: &ChapterMarks,
    line: usize,
    column: usize,
    mapper: &mut Mapper<'_>,
) -> Option<(usize, Option<f64>)> {
    let (start, at_heading) = page_of_line(document, chapter, line)?;
    let bab = chapter.bab?;
    let range = parts::parts(document).into_iter().filter(|p| p.is_chapter()).nth(bab)?.pages;
    let text = std::fs::read_to_string(&chapter.disk).ok()?;
    let line_start: usize = text.split_inclusive('\n').take(line - 1).map(str::len).sum();
    let line_end = text[line_start.min(text.len())..].find('\n').map_or(text.len(), |n| line_start + n);
    let target = text[line_start.min(text.len())..line_end]
        .char_indices()
        .nth(column - 1)
        .map_or(line_start, |(i, _)| line_start + i);
    // The best glyph so far: (byte, page, top).
    let mut best: Option<(usize, usize, f64)> = None;
    for p in start..range.end {
        let mapped = mapper.page(&document.pages()[p]);
        let Some(file) = mapper.files().iter().position(|f| same_file(f, &chapter.disk)) else { continue };
        for g in &mapped.glyphs {
            let Some((f, byte)) = g.source else { continue };
            if f == file && byte >= target && best.is_none_or(|(b, _, _)| byte < b) {
                best = Some((byte, p, g.rect.y0));
            }
        }
        // A glyph of the line itself is the place (a footnote lower on an earlier page may
        // hold bytes after the line, so only the line's own bytes end the search early).
        if best.is_some_and(|(b, _, _)| b < line_end.max(target + 1)) {
            break;
        }
    }
    match best {
        Some((_, page, y)) => Some((page, Some(y))),
        None => Some((start, at_heading)),
    }
}

/// Whether two paths name the same file.
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    a == b || dunce::canonicalize(a).ok().zip(dunce::canonicalize(b).ok()).is_some_and(|(x, y)| x == y)
}

/// How many headings the source has on lines 1..=`line` (outside fenced code in Markdown).
fn headings_above(text: &str, line: usize, typ: bool) -> usize {
    let mut fenced = false;
    let mut count = 0;
    for l in text.lines().take(line) {
        let t = l.trim_start();
        if !typ && (t.starts_with("```") || t.starts_with("~~~")) {
            fenced = !fenced;
            continue;
        }
        let mark = if typ { '=' } else { '#' };
        let level = t.chars().take_while(|&c| c == mark).count();
        if !fenced && level > 0 && t[level..].starts_with(' ') {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_counted_up_to_the_line() {
        let md = "# Pendahuluan\n\n## A. Latar\n\n```\n# not\n```\n\n## B. Rumusan\n#hashtag\n";
        assert_eq!(headings_above(md, 1, false), 1);
        assert_eq!(headings_above(md, 8, false), 2);
        assert_eq!(headings_above(md, 10, false), 3);
        assert_eq!(headings_above("= Bab\n\nteks\n== Sub\n", 3, true), 1);
    }
}
