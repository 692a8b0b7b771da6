//! Finding the page of a chapter's line in the last build (`tesis show FILE:LINE`).
//!
//! The chapter's pages come from its `<tesis-part>` marker; inside them, the line is placed at
//! the last heading written at or above it: the source's headings (Markdown `#` lines, Typst `=`
//! lines) are counted and matched, in order, to the heading elements laid out on those pages.

use typst::foundations::NativeElement;
use typst::introspection::Introspector;
use typst::model::HeadingElem;
use typst_layout::PagedDocument;

use super::marks::ChapterMarks;
use crate::parts;

/// The page (0-based) and the height on it (pt from the top) of `line` (1-based) of `chapter`.
pub fn page_of_line(
    document: &PagedDocument,
    _chapters: &[ChapterMarks],
    chapter: &ChapterMarks,
    line: usize,
) -> Option<(usize, Option<f64>)> {
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
