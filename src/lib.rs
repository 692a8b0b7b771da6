//! `tesis`: builds a UMY master's thesis into a PDF with the embedded Typst compiler.
//!
//! Stages, in the one direction data flows: [`project`] (thesis.yaml) → [`markdown`] (chapters)
//! → `world` (the Typst world) → `compile` (PDF, diagnostics). Verbs live in `cmd`.

pub mod import;
pub mod markdown;
pub mod project;
