//! What the template publishes in a laid-out thesis for tesis to read back: the labels of its
//! metadata and the parts of the document with their pages. Every reader of a document (stats,
//! the preview's first look, `diff --only-changed`) goes through here.

use std::ops::Range;

use typst::foundations::{Label, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

/// `metadata((part: "bab", number: 2)) <tesis-part>` at the start of every part.
pub const PART: &str = "tesis-part";
/// The preview's table of what references read (`template/matter.typ`).
pub const REFERENCES: &str = "tesis-rujukan";
/// The end of the chapter in a first-look compile.
pub const FOCUS_END: &str = "tesis-focus-end";
/// `metadata((key: "abstrak" | "abstract", body: content))` on each abstract page.
pub const ABSTRACT_TEXT: &str = "tesis-abstract-text";
/// A change marked by `tesis diff`'s revision layer.
pub const CHANGE: &str = "tesis-change";
/// A page or image of an appendix as placed (`pages/back.typ`): `appendix`, `sheet`, `scale`.
pub const SHEET: &str = "tesis-sheet";

/// A label of the template.
pub fn label(name: &str) -> Label {
    Label::new(PicoStr::intern(name)).expect("the template's labels are valid")
}

/// One part of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// `cover`, `judul`, …, `bab`, `pustaka`, `lampiran`.
    pub name: String,
    /// Its pages (0-based physical page numbers): from its marker's page to the page before the
    /// next part's (at least one page).
    pub pages: Range<usize>,
}

impl Part {
    /// Whether this part is a chapter (BAB).
    pub fn is_chapter(&self) -> bool {
        self.name == "bab"
    }
}

/// The parts of a laid-out thesis, in page order.
pub fn parts(document: &PagedDocument) -> Vec<Part> {
    let introspector = document.introspector();
    let total = document.pages().len();
    let mut starts: Vec<(usize, String)> = introspector
        .query(&Selector::Label(label(PART)))
        .iter()
        .filter_map(|content| {
            let page = introspector.page(content.location()?)?.get() - 1;
            let meta = content.to_packed::<MetadataElem>()?;
            let Value::Dict(dict) = &meta.value else { return None };
            let Ok(Value::Str(name)) = dict.get("part") else { return None };
            Some((page, name.to_string()))
        })
        .collect();
    starts.sort_by_key(|(page, _)| *page);
    (0..starts.len())
        .map(|i| {
            let (start, name) = &starts[i];
            let end = starts.get(i + 1).map_or(total, |(p, _)| *p).max(start + 1);
            Part { name: name.clone(), pages: *start..end }
        })
        .collect()
}

/// The chapters' parts, in order.
pub fn chapters(document: &PagedDocument) -> Vec<Part> {
    parts(document).into_iter().filter(Part::is_chapter).collect()
}

/// The pages (1-based, in order, each once) that hold an element with the template's label
/// `name`.
pub fn pages_with(document: &PagedDocument, name: &str) -> Vec<usize> {
    let introspector = document.introspector();
    let mut pages: Vec<usize> = introspector
        .query(&Selector::Label(label(name)))
        .iter()
        .filter_map(|e| introspector.page(e.location()?))
        .map(|p| p.get())
        .collect();
    pages.sort_unstable();
    pages.dedup();
    pages
}
