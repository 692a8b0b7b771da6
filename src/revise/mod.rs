//! Revisions as text: CriticMarkup written into the chapters by a supervisor (the layer that
//! draws it, accepted or rejected), and the word-by-word marking of two versions that
//! `tesis diff` ([`crate::diff`]) compiles.
//!
//! This module only rewrites text; it never compiles, and never edits the Markdown converter's
//! output except through [`criticmarkup::Layer::finish`].

pub mod apply;
pub mod blocks;
pub mod criticmarkup;
pub mod offsets;
pub mod typ;
pub mod typmarks;
pub mod words;

#[cfg(test)]
mod props;
