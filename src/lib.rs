//! `tesis`: builds a UMY master's thesis into a PDF with the embedded Typst compiler.
//!
//! Stages, in the one direction data flows: [`project`] (thesis.yaml) → [`markdown`] (chapters)
//! → [`world`] (the Typst world) → [`compile`] (document, diagnostics) → [`output`] (the PDF).
//! The verbs in [`cmd`] only wire stages together; [`diag`] is how every stage talks to the user.

pub mod args;
pub mod check;
pub mod cmd;
pub mod compile;
pub mod diag;
pub mod focus;
pub mod import;
pub mod markdown;
pub mod output;
pub mod preview;
pub mod project;
pub mod revise;
pub mod scaffold;
pub mod stats;
pub mod watch;
pub mod world;
