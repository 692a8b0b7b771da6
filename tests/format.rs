//! Issue 3: the rules of docs/format-rules.md (F1–F31) measured on the laid-out thesis.
//!
//! The fixture `tests/template/lengkap/` is a complete thesis in Typst chapters with every page
//! kind; variants edit its `thesis.yaml` and rebuild, never the template. Most tests compile it
//! in-process and measure the frames of the `PagedDocument` (`format/layout.rs`: positions in pt
//! from the page's top-left corner); the PDF-level rules run the real binary and read the file
//! with poppler. Each test names the rule it measures (`fNN_…`); docs/format-coverage.md maps
//! every F-id to its tests.

mod common;

#[path = "format/layout.rs"]
mod layout;

#[path = "format/page.rs"]
mod page;

#[path = "format/text.rs"]
mod text;

#[path = "format/headings.rs"]
mod headings;

#[path = "format/numbering.rs"]
mod numbering;

#[path = "format/front.rs"]
mod front;

#[path = "format/figures.rs"]
mod figures;

#[path = "format/notes.rs"]
mod notes;

#[path = "format/document.rs"]
mod document;
