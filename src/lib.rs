//! `tesis`: builds a UMY master's thesis into a PDF with the embedded Typst compiler.
//!
//! Stages, in the one direction data flows: [`project`] (thesis.yaml) → [`markdown`] (chapters,
//! with the CriticMarkup layer of [`revise`]) → [`world`] (the Typst world) → [`compile`]
//! (document, diagnostics) → [`output`] (the PDF). [`parts`] reads what the template publishes in
//! a document; [`check`], [`stats`], [`diff`] and [`watch`] (with the [`preview`]) are built on
//! the one compile path. The verbs in [`cmd`] only turn arguments into a configuration and call
//! them; [`diag`] is how every stage talks to the user.

/// The version `tesis --version` prints: tesis's own and the embedded Typst compiler's.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (Typst ", env!("TESIS_TYPST_VERSION"), ")");

pub mod args;
pub mod bib;
pub mod check;
pub mod cmd;
pub mod compile;
pub mod diag;
pub mod diff;
pub mod docx;
pub mod import;
pub mod markdown;
pub mod memo;
pub mod output;
pub mod pagemap;
pub mod parts;
pub mod preview;
pub mod project;
pub mod review;
pub mod revise;
pub mod scaffold;
pub mod stats;
pub mod submit;
pub mod trace;
pub mod watch;
pub mod world;
