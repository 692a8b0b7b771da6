//! What is drawn where on a laid-out page, and which byte of the student's files each glyph
//! shows: the map `tesis review FILE.pdf` lays a supervisor's marks on, and the preview's click
//! finds the source line with. Built from the document the compile laid out, through the same
//! spans and Markdown source maps as every other way back to the sources ([`crate::trace`]).

use std::ops::Range;
use std::path::PathBuf;

use typst::layout::{Frame, FrameItem, Point, Transform};
use typst_layout::{Page, PagedDocument};

use crate::compile::convert::Conversions;
use crate::trace::Tracer;
use crate::world::ThesisWorld;

/// A rectangle in points, from the page's top-left corner (y downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    /// The centre.
    pub fn centre(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    /// Whether the point is inside (edges included).
    pub fn contains(&self, x: f64, y: f64) -> bool {
        self.x0 <= x && x <= self.x1 && self.y0 <= y && y <= self.y1
    }

    /// The distance from a point to the rectangle (0 inside).
    pub fn distance(&self, x: f64, y: f64) -> f64 {
        let dx = (self.x0 - x).max(0.0).max(x - self.x1);
        let dy = (self.y0 - y).max(0.0).max(y - self.y1);
        (dx * dx + dy * dy).sqrt()
    }
}

/// One glyph (or ligature) drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Where it is drawn: its advance by the line's height (ascender to descender).
    pub rect: Rect,
    /// The characters it shows (more than one for a ligature).
    pub text: String,
    /// The file (index into [`PageMap::files`]) and byte it shows; `None` for what the template,
    /// a function call or the citation engine made (numbers, citations, running heads).
    pub source: Option<(usize, usize)>,
    /// The font size, in points.
    pub size: f64,
}

/// The glyphs of some pages in drawing order (within a line: left to right; lines from the top;
/// the footnotes after the body), and the files their sources are in.
#[derive(Debug, Clone, Default)]
pub struct PageMap {
    /// The student's files met (absolute paths).
    pub files: Vec<PathBuf>,
    /// Per page (index 0 = page 1): its size in points and its glyphs.
    pub pages: Vec<MappedPage>,
}

/// One page of a [`PageMap`].
#[derive(Debug, Clone, Default)]
pub struct MappedPage {
    /// Width and height, in points.
    pub size: (f64, f64),
    /// The glyphs in drawing order.
    pub glyphs: Vec<Glyph>,
}

/// Maps glyphs of a compile's pages to the student's files.
pub struct Mapper<'a> {
    tracer: Tracer<'a>,
}

impl<'a> Mapper<'a> {
    /// A mapper over the world and conversions the document was compiled from.
    pub fn new(world: &'a ThesisWorld, conversions: &'a Conversions) -> Self {
        Self { tracer: Tracer::new(world, conversions) }
    }

    /// The files met so far.
    pub fn files(&self) -> &[PathBuf] {
        &self.tracer.files
    }

    /// The glyphs of one page.
    pub fn page(&mut self, page: &Page) -> MappedPage {
        let size = page.frame.size();
        let mut glyphs = Vec::new();
        self.frame(&page.frame, Transform::identity(), &mut glyphs);
        MappedPage { size: (size.x.to_pt(), size.y.to_pt()), glyphs }
    }

    /// The pages of a document whose index (0 = page 1) `wanted` takes; the others are left
    /// empty (their size is kept).
    pub fn pages(mut self, document: &PagedDocument, wanted: impl Fn(usize) -> bool) -> PageMap {
        let pages = self.range(document, 0..document.pages().len(), &wanted);
        PageMap { files: self.tracer.files, pages }
    }

    /// Pages `range` of a document, those `wanted` takes mapped.
    fn range(
        &mut self,
        document: &PagedDocument,
        range: Range<usize>,
        wanted: &dyn Fn(usize) -> bool,
    ) -> Vec<MappedPage> {
        range
            .map(|i| {
                let page = &document.pages()[i];
                if wanted(i) {
                    self.page(page)
                } else {
                    let size = page.frame.size();
                    MappedPage { size: (size.x.to_pt(), size.y.to_pt()), glyphs: Vec::new() }
                }
            })
            .collect()
    }

    /// The glyphs of a frame placed by `ts`.
    fn frame(&mut self, frame: &Frame, ts: Transform, out: &mut Vec<Glyph>) {
        for (pos, item) in frame.items() {
            match item {
                FrameItem::Group(group) => {
                    let ts = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(group.transform);
                    self.frame(&group.frame, ts, out);
                }
                FrameItem::Text(text) => {
                    let size = text.size;
                    let (ascent, descent) =
                        (text.font.metrics().ascender.at(size), text.font.metrics().descender.at(size));
                    let mut x = pos.x;
                    for glyph in &text.glyphs {
                        let advance = glyph.x_advance.at(size);
                        let offset = glyph.x_offset.at(size);
                        let a = Point::new(x + offset, pos.y - ascent).transform(ts);
                        let b = Point::new(x + offset + advance, pos.y - descent).transform(ts);
                        x += advance;
                        let shown = text.text.get(glyph.range()).unwrap_or_default();
                        let source = self.tracer.glyph(glyph.span.0, glyph.span.1);
                        out.push(Glyph {
                            rect: Rect {
                                x0: a.x.to_pt().min(b.x.to_pt()),
                                y0: a.y.to_pt().min(b.y.to_pt()),
                                x1: a.x.to_pt().max(b.x.to_pt()),
                                y1: a.y.to_pt().max(b.y.to_pt()),
                            },
                            text: shown.to_string(),
                            source,
                            size: size.to_pt(),
                        });
                    }
                }
                _ => {}
            }
        }
    }
}

/// The pages `wanted` takes (0 = page 1) of a document compiled in `world`, mapped on two
/// threads (the first half of the pages and the second), the others left empty.
pub fn map_pages(
    world: &ThesisWorld,
    conversions: &Conversions,
    document: &PagedDocument,
    wanted: impl Fn(usize) -> bool + Sync,
) -> PageMap {
    let count = document.pages().len();
    let middle = count / 2;
    let (mut first, (files, second)) = std::thread::scope(|scope| {
        let later = scope.spawn(|| {
            let mut mapper = Mapper::new(world, conversions);
            let pages = mapper.range(document, middle..count, &wanted);
            (mapper.tracer.files, pages)
        });
        let mut mapper = Mapper::new(world, conversions);
        let pages = mapper.range(document, 0..middle, &wanted);
        let first = PageMap { files: mapper.tracer.files, pages };
        // A thread that cannot be had (or failed) leaves its half to this one.
        let second = later.join().unwrap_or_else(|_| {
            let mut mapper = Mapper::new(world, conversions);
            let pages = mapper.range(document, middle..count, &wanted);
            (mapper.tracer.files, pages)
        });
        (first, second)
    });
    // The second half's file numbers, in the first half's list.
    let renumber: Vec<usize> = files
        .iter()
        .map(|f| match first.files.iter().position(|g| g == f) {
            Some(i) => i,
            None => {
                first.files.push(f.clone());
                first.files.len() - 1
            }
        })
        .collect();
    for mut page in second {
        for glyph in &mut page.glyphs {
            glyph.source = glyph.source.map(|(f, byte)| (renumber[f], byte));
        }
        first.pages.push(page);
    }
    first
}

/// The glyph under a point of a page (points from the top-left), if any: the one whose
/// rectangle holds it, else the nearest within half a line.
pub fn glyph_at(page: &MappedPage, x: f64, y: f64) -> Option<&Glyph> {
    if let Some(g) = page.glyphs.iter().find(|g| g.rect.contains(x, y)) {
        return Some(g);
    }
    page.glyphs
        .iter()
        .map(|g| (g.rect.distance(x, y), g))
        .filter(|(d, g)| *d <= g.size / 2.0)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, g)| g)
}

/// The 1-based line and column (in characters) of a byte of a text.
pub fn line_column(text: &str, byte: usize) -> (usize, usize) {
    let mut at = byte.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        assert_eq!(line_column("ab\ncdé f", 0), (1, 1));
        assert_eq!(line_column("ab\ncdé f", 3), (2, 1));
        assert_eq!(line_column("ab\ncdé f", 8), (2, 5));
        assert_eq!(line_column("ab", 99), (1, 3));
    }

    #[test]
    fn a_point_finds_the_glyph_under_it_or_the_nearest() {
        let g = |x0: f64, text: &str| Glyph {
            rect: Rect { x0, y0: 100.0, x1: x0 + 6.0, y1: 112.0 },
            text: text.into(),
            source: None,
            size: 12.0,
        };
        let page = MappedPage { size: (595.0, 842.0), glyphs: vec![g(10.0, "a"), g(16.0, "b")] };
        assert_eq!(glyph_at(&page, 17.0, 105.0).map(|g| g.text.as_str()), Some("b"));
        assert_eq!(glyph_at(&page, 24.0, 105.0).map(|g| g.text.as_str()), Some("b"), "just right of it");
        assert_eq!(glyph_at(&page, 100.0, 105.0), None, "far from any glyph");
    }
}
