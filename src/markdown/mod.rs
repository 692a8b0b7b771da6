//! Markdown chapters to Typst markup, with a source map back to the `.md` bytes.
//!
//! Owned by the Markdown work (issue 4); the spine calls [`convert`].
