//! The small model a .docx is read into: paragraphs with their style, runs with their
//! formatting, footnotes, tables, images and citation fields. [`super::read`] fills it from the
//! WordprocessingML; [`super::markdown`] writes it out as a draft for the Markdown import.

use std::collections::BTreeMap;

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text with its formatting.
    Text(Text),
    /// A footnote reference (the id of footnotes.xml).
    Note(String),
    /// A citation field: its instruction (`ADDIN ZOTERO_ITEM CSL_CITATION {…}` …).
    Cite(String),
    /// An image: the relationship id of the picture.
    Image(String),
    /// A line break inside the paragraph.
    Break,
}

/// A run of text with one formatting.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text {
    /// The characters.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Superscript.
    pub sup: bool,
    /// Subscript.
    pub sub: bool,
}

/// One paragraph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Para {
    /// The paragraph style's name (`heading 1`, `Quote`, `TOC 1` …), lower-cased.
    pub style: String,
    /// The outline level (0 = a chapter head), from the paragraph or its style.
    pub outline: Option<u8>,
    /// The list it belongs to: numbering id and level.
    pub list: Option<(String, u8)>,
    /// The left indent in twentieths of a point.
    pub indent: i32,
    /// The right indent in twentieths of a point.
    pub indent_right: i32,
    /// The contents.
    pub inlines: Vec<Inline>,
}

impl Para {
    /// The plain text (breaks as spaces), trimmed.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for inline in &self.inlines {
            match inline {
                Inline::Text(t) => out.push_str(&t.text),
                Inline::Break => out.push(' '),
                _ => {}
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Whether the paragraph holds nothing to import.
    pub fn is_empty(&self) -> bool {
        self.inlines.iter().all(|i| matches!(i, Inline::Text(t) if t.text.trim().is_empty()) || *i == Inline::Break)
    }
}

/// One table cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// Its paragraphs.
    pub paras: Vec<Para>,
    /// Whether it spans columns or rows (merged cells).
    pub merged: bool,
    /// How many grid columns it spans (0 or 1: one).
    pub span: usize,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A paragraph.
    Para(Para),
    /// A table: rows of cells.
    Table(Vec<Vec<Cell>>),
}

/// What the import reads from a .docx.
#[derive(Debug, Clone, Default)]
pub struct Docx {
    /// The body, in order, without Word's tables of contents.
    pub items: Vec<Item>,
    /// Footnotes by id, each a list of paragraphs.
    pub notes: BTreeMap<String, Vec<Para>>,
    /// The paragraphs of a Word bibliography field's result (not imported, compared).
    pub bibliography: Vec<String>,
    /// Relationship id → target (word/media/image1.png) of the images.
    pub images: BTreeMap<String, String>,
    /// Numbering id → level → whether the level is a bullet.
    pub bullets: BTreeMap<String, BTreeMap<u8, bool>>,
}
