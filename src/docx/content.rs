//! What the Word document holds, read off the HTML compile: paragraphs of runs (each character
//! with the byte of the student's file it shows, when any), tables, images and notes. The
//! writer ([`super::word`]) turns it into WordprocessingML; [`super::model`] lists its anchored
//! blocks.

use std::path::PathBuf;

/// The style of a paragraph (Word style ids in [`super::styles`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The thesis title on the first page.
    Title,
    /// A heading: 1 for a chapter (BAB), 2–5 for A./1./a./1).
    Heading(u8),
    /// Running text.
    Body,
    /// A block quotation.
    Quote,
    /// A list item.
    ListItem,
    /// A figure's or table's caption.
    Caption,
    /// A "Sumber: …" line or other text inside a figure.
    FigureText,
    /// An entry of DAFTAR PUSTAKA.
    Bibliography,
    /// A paragraph inside a table cell.
    Cell,
    /// A paragraph inside a footnote.
    Note,
    /// An unnumbered part title (DAFTAR PUSTAKA), a Heading 1 in Word.
    PartTitle,
}

/// A run of text with one look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Run {
    /// The text.
    pub text: String,
    /// For each character of `text`, the file and byte it shows (none: generated).
    pub sources: Vec<Option<(usize, usize)>>,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Superscript.
    pub superscript: bool,
}

/// An inline piece of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Text.
    Text(Run),
    /// The reference mark of footnote `n` (index into [`Document::notes`]).
    Note(usize),
    /// A line break inside the paragraph.
    Break,
}

/// A paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    /// Its style.
    pub style: Style,
    /// What it shows.
    pub inlines: Vec<Inline>,
    /// A prefix the style numbers with ("BAB I", "A.", "1."), generated text shown before it.
    pub number: Option<String>,
    /// The index of its block in the export model, set when the document is anchored.
    pub anchor: Option<usize>,
}

impl Para {
    /// An empty paragraph of `style`.
    pub fn new(style: Style) -> Self {
        Self { style, inlines: Vec::new(), number: None, anchor: None }
    }

    /// Whether it shows no text and no note mark.
    pub fn is_blank(&self) -> bool {
        self.inlines.iter().all(|i| match i {
            Inline::Text(r) => r.text.trim().is_empty(),
            Inline::Note(_) => false,
            Inline::Break => true,
        })
    }

    /// The text the supervisor sees and the source of each character (note marks left out).
    pub fn text(&self) -> (String, Vec<Option<(usize, usize)>>) {
        let mut text = String::new();
        let mut sources = Vec::new();
        if let Some(n) = &self.number {
            text.push_str(n);
            text.push(' ');
            sources.extend(std::iter::repeat_n(None, n.chars().count() + 1));
        }
        for inline in &self.inlines {
            match inline {
                Inline::Text(r) => {
                    text.push_str(&r.text);
                    sources.extend(r.sources.iter().copied());
                }
                Inline::Break => {
                    text.push('\n');
                    sources.push(None);
                }
                Inline::Note(_) => {}
            }
        }
        (text, sources)
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Its paragraphs.
    pub paras: Vec<Para>,
    /// A header cell (bold, repeated on each page).
    pub header: bool,
}

/// An image as Word shows it: PNG (a rasterised SVG) or the JPEG/GIF as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The image file's bytes.
    pub data: Vec<u8>,
    /// Its file extension (`png`, `jpeg`, `gif`).
    pub ext: &'static str,
    /// Shown width and height in EMU (1 cm = 360000).
    pub size: (u64, u64),
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A paragraph.
    Para(Para),
    /// A table: rows of cells.
    Table(Vec<Vec<Cell>>),
    /// An image on a line of its own.
    Image(Image),
    /// Word's table of contents (a field Word fills in).
    Contents,
    /// A page break before what follows.
    PageBreak,
}

/// The Word document's content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The body.
    pub items: Vec<Item>,
    /// Footnotes in order, each its paragraphs.
    pub notes: Vec<Vec<Para>>,
    /// The files characters come from (indexes of [`Run::sources`]).
    pub files: Vec<PathBuf>,
    /// Per note: the citation field instruction its text is wrapped in (a citation's note).
    pub fields: Vec<Option<String>>,
}
