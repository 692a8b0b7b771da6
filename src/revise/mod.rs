//! Revisions: CriticMarkup written into the chapters by a supervisor (shown, accepted or
//! rejected) and `tesis diff`, the PDF of one version with the changes since another marked.
//!
//! This module rewrites text and builds temporary projects; it compiles only through
//! [`crate::compile::Session`], like every other verb, and never edits the Markdown converter's
//! output except through [`criticmarkup::Layer::finish`].

pub mod apply;
pub mod blocks;
pub mod criticmarkup;
pub mod diff;
pub mod offsets;
pub mod summary;
pub mod typ;
pub mod versions;
pub mod words;

#[cfg(test)]
mod props;
