//! The laid-out thesis as the format tests measure it: every page's words (position of the
//! baseline start, width, font, size), images, rules and links, in pt from the page's top-left
//! corner, plus the `<tesis-part>` metadata and the headings the template publishes.
//!
//! The thesis is compiled in-process through the library's one compile path
//! (`tesis::compile::Session`), so the numbers are Typst's own, not a PDF extractor's guess.
//! A build of the unchanged fixture is shared by every test that needs no variant.

use std::path::Path;
use std::sync::OnceLock;

use tesis::compile::{Config, Mode, Session};
use tesis::world::FontOptions;
use typst::foundations::{Label, NativeElement, Selector, Value};
use typst::introspection::Introspector;
use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::model::Destination;
use typst::utils::PicoStr;
use typst::visualize::Geometry;
use typst_layout::PagedDocument;

use crate::common::TestProject;

/// One centimetre in pt.
pub const CM: f64 = 72.0 / 2.54;

/// The A4 page (F1), in pt.
pub const A4: (f64, f64) = (210.0 / 25.4 * 72.0, 297.0 / 25.4 * 72.0);

/// The default margins of F2 (top, left, bottom, right), in pt.
pub const MARGINS: Margins = Margins { top: 4.0 * CM, left: 4.0 * CM, bottom: 3.0 * CM, right: 3.0 * CM };

/// Word's "single" line distance of a Times-metric font (1.15 em, FORMAT F4) at 12 pt.
pub const SINGLE: f64 = 1.15 * 12.0;

/// The page margins a measurement assumes, in pt.
#[derive(Debug, Clone, Copy)]
pub struct Margins {
    /// Top margin (header zone).
    pub top: f64,
    /// Left margin (binding).
    pub left: f64,
    /// Bottom margin (footer zone).
    pub bottom: f64,
    /// Right margin.
    pub right: f64,
}

impl Margins {
    /// The left edge of the text block.
    pub fn x0(&self) -> f64 {
        self.left
    }

    /// The right edge of the text block on an A4 page.
    pub fn x1(&self) -> f64 {
        A4.0 - self.right
    }

    /// The bottom edge of the text block on an A4 page.
    pub fn y1(&self) -> f64 {
        A4.1 - self.bottom
    }

    /// The horizontal centre of the text block.
    pub fn centre(&self) -> f64 {
        (self.x0() + self.x1()) / 2.0
    }
}

/// A word: a run of non-space glyphs of one text item.
#[derive(Debug, Clone)]
pub struct Word {
    /// The characters.
    pub text: String,
    /// Left edge of the first glyph's advance.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// Advance width.
    pub w: f64,
    /// Font size (scaled by any transform around it).
    pub size: f64,
    /// The font family ("Liberation Serif").
    pub family: String,
    /// Font weight ≥ 600.
    pub bold: bool,
}

impl Word {
    /// The right edge.
    pub fn x1(&self) -> f64 {
        self.x + self.w
    }

    /// The horizontal centre.
    pub fn centre(&self) -> f64 {
        self.x + self.w / 2.0
    }
}

/// Words sharing a baseline, left to right.
#[derive(Debug, Clone)]
pub struct Line {
    /// Baseline.
    pub y: f64,
    /// The words, sorted by x.
    pub words: Vec<Word>,
}

impl Line {
    /// The words joined by single spaces.
    pub fn text(&self) -> String {
        self.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
    }

    /// The left edge of the first word.
    pub fn x0(&self) -> f64 {
        self.words.first().map_or(0.0, |w| w.x)
    }

    /// The right edge of the last word.
    pub fn x1(&self) -> f64 {
        self.words.iter().map(Word::x1).fold(f64::MIN, f64::max)
    }

    /// The horizontal centre of the line's ink span.
    pub fn centre(&self) -> f64 {
        (self.x0() + self.x1()) / 2.0
    }

    /// The largest font size on the line.
    pub fn size(&self) -> f64 {
        self.words.iter().map(|w| w.size).fold(0.0, f64::max)
    }

    /// Whether every word is bold.
    pub fn bold(&self) -> bool {
        self.words.iter().all(|w| w.bold)
    }
}

/// An axis-aligned rectangle on a page.
#[derive(Debug, Clone, Copy)]
pub struct Rect {
    /// Left.
    pub x0: f64,
    /// Top.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Bottom.
    pub y1: f64,
}

impl Rect {
    /// Width.
    pub fn w(&self) -> f64 {
        self.x1 - self.x0
    }
}

/// A link on a page and the page its target is on (1-based), for internal links.
#[derive(Debug, Clone)]
pub struct Link {
    /// Where the link is.
    pub rect: Rect,
    /// The target page (1-based).
    pub target_page: Option<usize>,
}

/// One laid-out page.
#[derive(Debug, Clone)]
pub struct Page {
    /// 1-based physical page number.
    pub number: usize,
    /// Width in pt.
    pub width: f64,
    /// Height in pt.
    pub height: f64,
    /// Every word on the page, in frame order.
    pub words: Vec<Word>,
    /// Images.
    pub images: Vec<Rect>,
    /// Straight lines (rules): their bounding boxes.
    pub rules: Vec<Rect>,
    /// Links.
    pub links: Vec<Link>,
}

impl Page {
    /// The words grouped into lines, top to bottom.
    pub fn lines(&self) -> Vec<Line> {
        lines_of(self.words.clone())
    }

    /// The lines inside the text block (between the top and bottom margins).
    pub fn body_lines(&self, m: &Margins) -> Vec<Line> {
        lines_of(self.words.iter().filter(|w| w.y > m.top && w.y < m.y1()).cloned().collect())
    }

    /// The words in the header zone (the top margin).
    pub fn header_words(&self, m: &Margins) -> Vec<&Word> {
        self.words.iter().filter(|w| w.y <= m.top).collect()
    }

    /// The words in the footer zone (the bottom margin).
    pub fn footer_words(&self, m: &Margins) -> Vec<&Word> {
        self.words.iter().filter(|w| w.y >= m.y1()).collect()
    }

    /// The page number printed on the page, where it is, and its word; `None` when the page
    /// has none. There must be at most one word in the margins.
    pub fn printed_number(&self, m: &Margins) -> Option<(Zone, Word)> {
        let head = self.header_words(m);
        let foot = self.footer_words(m);
        assert!(
            head.len() + foot.len() <= 1,
            "page {}: more than one word in the margins: {:?} {:?}",
            self.number,
            head,
            foot
        );
        head.first().map(|w| (Zone::Top, (*w).clone())).or_else(|| foot.first().map(|w| (Zone::Bottom, (*w).clone())))
    }

    /// The page's text, line by line.
    pub fn text(&self) -> String {
        self.lines().iter().map(Line::text).collect::<Vec<_>>().join("\n")
    }
}

/// Where a page number sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// In the top margin.
    Top,
    /// In the bottom margin.
    Bottom,
}

/// A `<tesis-part>` metadata entry.
#[derive(Debug, Clone)]
pub struct Part {
    /// The part's name (`cover`, `judul`, …, `bab`, `pustaka`, `lampiran`).
    pub name: String,
    /// The chapter number of a `bab`.
    pub number: Option<i64>,
    /// Whether the part is a scanned page.
    pub scan: bool,
    /// The 1-based page the part starts on.
    pub page: usize,
}

/// A heading of the document.
#[derive(Debug, Clone)]
pub struct Heading {
    /// Its level (1 = chapter or part title).
    pub level: usize,
    /// Its plain text.
    pub body: String,
    /// The 1-based page it is on.
    pub page: usize,
    /// Whether DAFTAR ISI lists it.
    pub outlined: bool,
}

/// One entry of DAFTAR ISI (or of a list of tables, figures, appendices), as printed.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The entry's words without the dot leaders and the page number.
    pub title: String,
    /// The page number printed at its right end.
    pub number: String,
    /// The page the entry links to (1-based).
    pub target: usize,
    /// Whether the line holding the number has dot leaders.
    pub leaders: bool,
}

/// A compiled thesis, reduced to what the tests measure.
#[derive(Debug)]
pub struct Laid {
    /// Every page.
    pub pages: Vec<Page>,
    /// The part starts, in document order.
    pub parts: Vec<Part>,
    /// The headings, in document order.
    pub headings: Vec<Heading>,
}

impl Laid {
    /// The page (1-based).
    pub fn page(&self, number: usize) -> &Page {
        &self.pages[number - 1]
    }

    /// The names of the parts, in order.
    pub fn part_names(&self) -> Vec<&str> {
        self.parts.iter().map(|p| p.name.as_str()).collect()
    }

    /// The first part named `name`.
    pub fn part(&self, name: &str) -> &Part {
        self.parts.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no part {name}: {:?}", self.part_names()))
    }

    /// The first page of chapter `n` (1-based).
    pub fn chapter_page(&self, n: i64) -> usize {
        self.parts.iter().find(|p| p.name == "bab" && p.number == Some(n)).expect("chapter part").page
    }

    /// The page a part ends on (the page before the next part starts, or the last page).
    pub fn part_end(&self, name: &str) -> usize {
        let i = self.parts.iter().position(|p| p.name == name).expect("part");
        self.parts.get(i + 1).map_or(self.pages.len(), |next| next.page.max(self.parts[i].page + 1) - 1)
    }

    /// The pages a part covers.
    pub fn part_pages(&self, name: &str) -> std::ops::RangeInclusive<usize> {
        self.part(name).page..=self.part_end(name)
    }

    /// The first page whose text contains `needle`.
    pub fn page_with(&self, needle: &str) -> &Page {
        self.pages.iter().find(|p| p.text().contains(needle)).unwrap_or_else(|| panic!("no page contains {needle:?}"))
    }

    /// The entries of a list part (`daftar-isi`, `daftar-tabel`, …): every link on its pages,
    /// with the words of the lines it covers.
    pub fn entries(&self, part: &str) -> Vec<Entry> {
        let mut out = vec![];
        for n in self.part_pages(part) {
            let page = self.page(n);
            let lines = page.body_lines(&MARGINS);
            for link in &page.links {
                let Some(target) = link.target_page else { continue };
                let covered: Vec<&Line> =
                    lines.iter().filter(|l| l.y > link.rect.y0 && l.y < link.rect.y1 + 0.01).collect();
                let Some(last) = covered.last() else { continue };
                let mut words: Vec<String> =
                    covered.iter().flat_map(|l| l.words.iter().map(|w| w.text.clone())).collect();
                let number = words.pop().unwrap_or_default();
                let leaders = last.text().contains(". . .");
                while words.last().is_some_and(|w| w == ".") {
                    words.pop();
                }
                out.push(Entry { title: words.join(" "), number, target, leaders });
            }
        }
        out
    }

    /// Every line of the document with the page it is on.
    pub fn all_lines(&self) -> Vec<(usize, Line)> {
        self.pages.iter().flat_map(|p| p.lines().into_iter().map(move |l| (p.number, l))).collect()
    }
}

/// The unchanged fixture `tests/template/lengkap`, compiled once per test run.
pub fn lengkap() -> &'static Laid {
    static LAID: OnceLock<Laid> = OnceLock::new();
    LAID.get_or_init(|| compile(&lengkap_project()))
}

/// A fresh copy of the fixture `tests/template/lengkap`.
pub fn lengkap_project() -> TestProject {
    TestProject::copy_of(&crate::common::repo().join("tests/template/lengkap"))
}

/// The fixture with `edits` applied to `thesis/thesis.yaml` (each `(from, to)` replaces the
/// first occurrence), compiled.
pub fn variant(edits: &[(&str, &str)]) -> Laid {
    let p = lengkap_project();
    for (from, to) in edits {
        p.edit("thesis/thesis.yaml", from, to);
    }
    compile(&p)
}

/// The fixture with `yaml` appended to `thesis/thesis.yaml`, compiled.
pub fn with_yaml(yaml: &str) -> Laid {
    let p = lengkap_project();
    let text = p.read("thesis/thesis.yaml");
    p.write("thesis/thesis.yaml", format!("{text}{yaml}\n"));
    compile(&p)
}

/// Compiles the project at its root and reduces the document.
pub fn compile(project: &TestProject) -> Laid {
    compile_root(&project.root)
}

/// Compiles the project at `root` and reduces the document.
pub fn compile_root(root: &Path) -> Laid {
    // The page as submitted: draft markers and CriticMarkup (some fixtures hold them) left out.
    let mut session = Session::new(root, Config { mode: Mode::Final, fonts: FontOptions::default() });
    let compiled = session.compile().unwrap_or_else(|diags| panic!("the fixture does not compile: {diags:#?}"));
    reduce(&compiled.document)
}

/// The measurable content of a document.
fn reduce(doc: &PagedDocument) -> Laid {
    let intro = doc.introspector();
    let pages = doc
        .pages()
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut out = Page {
                number: i + 1,
                width: page.frame.width().to_pt(),
                height: page.frame.height().to_pt(),
                words: vec![],
                images: vec![],
                rules: vec![],
                links: vec![],
            };
            walk(&page.frame, Transform::identity(), intro.as_ref(), &mut out);
            out
        })
        .collect();

    let label = Label::new(PicoStr::intern("tesis-part")).expect("label");
    let parts = intro
        .query(&Selector::Label(label))
        .iter()
        .map(|c| {
            let Ok(Value::Dict(d)) = c.get_by_name("value") else { panic!("<tesis-part> without a dictionary: {c:?}") };
            let name = match d.get("part") {
                Ok(Value::Str(s)) => s.to_string(),
                other => panic!("<tesis-part> without a part name: {other:?}"),
            };
            let number = match d.get("number") {
                Ok(Value::Int(n)) => Some(*n),
                _ => None,
            };
            let scan = d.get("scan").is_ok();
            let page = c.location().and_then(|l| intro.page(l)).expect("part page").get();
            Part { name, number, scan, page }
        })
        .collect();

    let headings = intro
        .query(&Selector::Elem(typst::model::HeadingElem::ELEM, None))
        .iter()
        .map(|c| {
            let level = match c.get_by_name("level") {
                Ok(Value::Int(n)) => n as usize,
                _ => match c.get_by_name("depth") {
                    Ok(Value::Int(n)) => n as usize,
                    _ => 1,
                },
            };
            let body = match c.get_by_name("body") {
                Ok(Value::Content(b)) => b.plain_text().to_string(),
                _ => String::new(),
            };
            let page = c.location().and_then(|l| intro.page(l)).expect("heading page").get();
            let outlined = !matches!(c.get_by_name("outlined"), Ok(Value::Bool(false)));
            Heading { level, body, page, outlined }
        })
        .collect();

    Laid { pages, parts, headings }
}

/// Collects the items of `frame` under the transform `ts` into `out`.
fn walk(frame: &Frame, ts: Transform, intro: &dyn Introspector, out: &mut Page) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let inner = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(group.transform);
                walk(&group.frame, inner, intro, out);
            }
            FrameItem::Text(text) => {
                let scale = ts.sy.get();
                let size = text.size.to_pt() * scale;
                let info = text.font.font().info();
                let family = info.family.clone();
                let bold = info.variant.weight.to_number() >= 600;
                let origin = pos.transform(ts);
                let mut pen = 0.0;
                let mut current: Option<Word> = None;
                for glyph in &text.glyphs {
                    let piece = &text.text[glyph.range()];
                    let advance = glyph.x_advance.at(text.size).to_pt() * scale;
                    let x = origin.x.to_pt() + pen;
                    // A cluster may hold a space and the word joiner Typst puts before a page
                    // number in an outline: spaces end a word, invisible characters are dropped.
                    // The hyphen Typst draws where it divided a word is a glyph whose text is a
                    // soft hyphen: it is kept (the word's width includes it).
                    let clean: String = if piece == "\u{ad}" {
                        piece.to_string()
                    } else {
                        piece.chars().filter(|c| !c.is_whitespace() && !INVISIBLE.contains(c)).collect()
                    };
                    if piece.chars().any(char::is_whitespace) {
                        out.words.extend(current.take());
                    }
                    if !clean.is_empty() {
                        match &mut current {
                            Some(word) => {
                                word.text.push_str(&clean);
                                word.w = x + advance - word.x;
                            }
                            None => {
                                current = Some(Word {
                                    text: clean,
                                    x,
                                    y: origin.y.to_pt(),
                                    w: advance,
                                    size,
                                    family: family.clone(),
                                    bold,
                                })
                            }
                        }
                    }
                    pen += advance;
                }
                out.words.extend(current.take());
            }
            FrameItem::Image(_, size, _) => {
                let a = pos.transform(ts);
                let b = Point::new(pos.x + size.x, pos.y + size.y).transform(ts);
                out.images.push(rect(a, b));
            }
            FrameItem::Shape(shape, _) => {
                if let Geometry::Line(to) = shape.geometry {
                    let a = pos.transform(ts);
                    let b = (*pos + to).transform(ts);
                    out.rules.push(rect(a, b));
                }
            }
            FrameItem::Link(dest, size) => {
                let a = pos.transform(ts);
                let b = Point::new(pos.x + size.x, pos.y + size.y).transform(ts);
                let target_page = match dest {
                    Destination::Location(loc) => intro.page(*loc).map(|p| p.get()),
                    Destination::Position(p) => Some(p.page.get()),
                    Destination::Url(_) => None,
                };
                out.links.push(Link { rect: rect(a, b), target_page });
            }
            FrameItem::Tag(_) => {}
        }
    }
}

/// The rectangle spanned by two corners.
fn rect(a: Point, b: Point) -> Rect {
    Rect {
        x0: a.x.to_pt().min(b.x.to_pt()),
        y0: a.y.to_pt().min(b.y.to_pt()),
        x1: a.x.to_pt().max(b.x.to_pt()),
        y1: a.y.to_pt().max(b.y.to_pt()),
    }
}

/// Characters that take no room and are not part of a word: the word joiner Typst puts
/// before outline page numbers, zero-width space, soft hyphen, BOM.
const INVISIBLE: &[char] = &['\u{2060}', '\u{200b}', '\u{ad}', '\u{feff}'];

/// How far apart two baselines may be and still count as one line, in pt.
const SAME_LINE: f64 = 0.5;

/// Groups words into lines by baseline, top to bottom, each left to right; words that touch
/// (a word split over two text items, such as a bold label and its number) are joined.
pub fn lines_of(mut words: Vec<Word>) -> Vec<Line> {
    words.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Line> = vec![];
    for w in words {
        match lines.last_mut() {
            Some(line) if (line.y - w.y).abs() <= SAME_LINE => line.words.push(w),
            _ => lines.push(Line { y: w.y, words: vec![w] }),
        }
    }
    for line in &mut lines {
        line.words.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut joined: Vec<Word> = vec![];
        for w in line.words.drain(..) {
            match joined.last_mut() {
                Some(prev) if (w.x - prev.x1()).abs() < 0.05 && w.size == prev.size => {
                    prev.text.push_str(&w.text);
                    prev.w = w.x1() - prev.x;
                }
                _ => joined.push(w),
            }
        }
        line.words = joined;
    }
    lines
}

/// Asserts `|actual - expected| <= tol`, naming what was measured.
#[track_caller]
pub fn assert_near(what: &str, actual: f64, expected: f64, tol: f64) {
    assert!((actual - expected).abs() <= tol, "{what}: measured {actual:.2} pt, expected {expected:.2} ± {tol} pt");
}

/// Lower-case roman numeral of `n` (1 ≤ n < 40 is all a front matter needs).
pub fn roman(mut n: usize) -> String {
    let mut s = String::new();
    for (value, digits) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while n >= value {
            s.push_str(digits);
            n -= value;
        }
    }
    s
}
