//! What a review import needs to know about an export: the blocks of text the exported document
//! holds (body paragraphs, headings, footnote paragraphs, table cells), each under the anchor the
//! document carries for it, with the exact text exported and, for every character of that text,
//! the byte of the student's file it came from (none for text the template or the citation
//! engine generated: numbers, citations, captions' "Gambar 2.1").
//!
//! `tesis docx` writes a document from an [`ExportModel`]; `tesis review FILE.docx` rebuilds the
//! model of the sources the document was made from and carries the supervisor's changes through
//! it onto the chapters' bytes.

use std::path::PathBuf;

/// The kind of an exported block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading (chapter title or sub-heading).
    Heading,
    /// A paragraph of running text (also a block quote's).
    Paragraph,
    /// A paragraph inside a footnote.
    Footnote,
    /// A paragraph inside a table cell.
    TableCell,
    /// A figure's or table's caption.
    Caption,
}

/// One anchored block of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The anchor's name in the document (a hidden Word bookmark, `_tesis_<n>`).
    pub anchor: String,
    /// What kind of block this is.
    pub kind: BlockKind,
    /// The file the block's text came from (absolute), when any of it came from a file.
    pub file: Option<PathBuf>,
    /// The text exactly as exported.
    pub text: String,
    /// For each character of `text` (by char index, not byte), the byte offset in `file` of
    /// the source character it shows; `None` for generated text.
    pub sources: Vec<Option<usize>>,
}

/// The blocks of one export, in document order, and what it was made from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportModel {
    /// The blocks.
    pub blocks: Vec<Block>,
    /// A hash of the inputs (thesis.yaml, chapters, bibliography) the export was made from.
    pub inputs: String,
    /// The git commit of the project when the export was made, if it is a clean git checkout.
    pub commit: Option<String>,
}

impl ExportModel {
    /// The block under `anchor`.
    pub fn block(&self, anchor: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.anchor == anchor)
    }
}
