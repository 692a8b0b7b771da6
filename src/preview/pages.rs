//! The pages the preview shows: one SVG per page, rendered again only when the page's frame
//! changed (a one-word edit in chapter 3 re-renders the few pages it moved, not 300).
//!
//! This is the only place the preview calls Typst, and only to turn a laid-out page into SVG
//! and plain text; it never compiles.

use std::sync::Arc;

use typst::layout::{Frame, FrameItem, Point};
use typst_layout::{Page, PagedDocument};
use typst_svg::SvgOptions;

/// One page as the browser gets it.
#[derive(Debug, Clone)]
pub struct PageView {
    /// A hash of the SVG: what the browser compares (equal hashes, identical picture).
    pub hash: u128,
    /// A hash of the page's frame: when it is unchanged, so is the SVG and nothing is rendered.
    /// It is not the browser's hash because it also covers source positions, which move when a
    /// file is re-parsed even if the page looks the same.
    frame_hash: u128,
    /// The page as an SVG document.
    pub svg: Arc<str>,
    /// The page's text in reading order (for search, screen readers and tests).
    pub text: Arc<str>,
    /// Width in points.
    pub width: f64,
    /// Height in points.
    pub height: f64,
}

/// The rendered pages the preview shows, and the renderings it may reuse.
#[derive(Debug, Default)]
pub struct Pages {
    /// One entry per shown page, in order.
    views: Vec<PageView>,
    /// The pages of the last good build of the whole thesis (reused while a page's frame is
    /// unchanged, even if a first look showed another rendering in between).
    built: Vec<PageView>,
    /// The last first look: its chapter and its pages (reused while the same chapter is edited).
    first_look: Option<(usize, Vec<PageView>)>,
}

impl Pages {
    /// Takes the pages of a new build of the whole thesis, rendering only those whose frame
    /// changed since the last one. Returns the numbers (0-based) of the pages whose picture
    /// differs from the last build's, including added ones.
    pub fn update(&mut self, document: &PagedDocument) -> Vec<usize> {
        let mut changed = Vec::new();
        let mut built = Vec::with_capacity(document.pages().len());
        for (i, page) in document.pages().iter().enumerate() {
            let view = reuse_or_render(page, self.built.get(i));
            if self.built.get(i).is_none_or(|old| old.hash != view.hash) {
                changed.push(i);
            }
            built.push(view);
        }
        self.views = built.clone();
        self.built = built;
        changed
    }

    /// Shows `pages` (the first look at `chapter`, laid out alone) in the place of the pages
    /// `replaces`. Returns the numbers of the shown pages whose picture changed (all of them
    /// after the chapter when its page count changed, since they move).
    pub fn splice(&mut self, chapter: usize, replaces: std::ops::Range<usize>, pages: &[Page]) -> Vec<usize> {
        let replaces = replaces.start.min(self.views.len())..replaces.end.min(self.views.len());
        let cached = match &self.first_look {
            Some((c, views)) if *c == chapter => views.as_slice(),
            _ => &[],
        };
        let new: Vec<PageView> =
            pages.iter().enumerate().map(|(i, page)| reuse_or_render(page, cached.get(i))).collect();
        let mut changed: Vec<usize> = new
            .iter()
            .enumerate()
            .filter(|(i, view)| *i >= replaces.len() || self.views[replaces.start + i].hash != view.hash)
            .map(|(i, _)| replaces.start + i)
            .collect();
        if pages.len() != replaces.len() {
            let after = self.views.len() - replaces.end;
            changed.extend((0..after).map(|k| replaces.start + pages.len() + k));
        }
        self.views.splice(replaces, new.iter().cloned());
        self.first_look = Some((chapter, new));
        changed
    }

    /// The pages, in order.
    pub fn views(&self) -> &[PageView] {
        &self.views
    }
}

/// The view of `page`: `old` when it was rendered from the same frame, else a new rendering.
fn reuse_or_render(page: &Page, old: Option<&PageView>) -> PageView {
    let frame_hash = typst::utils::hash128(page);
    match old {
        Some(old) if old.frame_hash == frame_hash => old.clone(),
        _ => render(page, frame_hash),
    }
}

/// Renders one page.
fn render(page: &Page, frame_hash: u128) -> PageView {
    let svg = typst_svg::svg(page, &SvgOptions::default());
    let size = page.frame.size();
    PageView {
        hash: typst::utils::hash128(&svg),
        frame_hash,
        svg: svg.into(),
        text: page_text(&page.frame).into(),
        width: size.x.to_pt(),
        height: size.y.to_pt(),
    }
}

/// The text of a frame: text runs in layout order, a line break where the baseline moves.
pub fn page_text(frame: &Frame) -> String {
    let mut runs = Vec::new();
    collect_text(frame, Point::zero(), &mut runs);
    let mut out = String::new();
    let mut last_y: Option<f64> = None;
    for (y, text) in runs {
        if let Some(prev) = last_y {
            // A baseline more than a point away starts a new line (sub- and superscripts
            // stay on theirs).
            out.push(if (y - prev).abs() > 1.0 { '\n' } else { ' ' });
        }
        out.push_str(&text);
        last_y = Some(y);
    }
    out
}

/// Collects (baseline in points, text) of every text run, with group offsets applied.
fn collect_text(frame: &Frame, origin: Point, out: &mut Vec<(f64, String)>) {
    for (pos, item) in frame.items() {
        let at = origin + *pos;
        match item {
            FrameItem::Group(group) => {
                let offset = Point::new(group.transform.tx, group.transform.ty);
                collect_text(&group.frame, at + offset, out);
            }
            FrameItem::Text(text) => out.push((at.y.to_pt(), text.text.to_string())),
            _ => {}
        }
    }
}
