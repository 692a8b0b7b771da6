//! `tesis docx`: write the thesis (or some chapters) as a Word document for the supervisor.

use std::time::Instant;

use super::{Failure, VerbResult, message_base};
use crate::args::DocxArgs;
use crate::compile::Mode;

/// Runs `tesis docx`.
pub fn run(args: &DocxArgs) -> VerbResult {
    let started = Instant::now();
    let root = &args.root.root;
    let base = message_base(root);
    let chapters = (!args.bab.is_empty()).then_some(args.bab.as_slice());
    let export =
        crate::docx::model(root, args.compile.config(Mode::Draft), chapters).map_err(|d| Failure::new(d, &base))?;
    let target = args.output.clone().unwrap_or_else(|| export.project.root.join("thesis.docx"));
    crate::docx::write(&export, &target).map_err(|d| Failure::one(d, &base))?;
    eprintln!(
        "{} paragraphs, {} notes in {:.1} s → {}",
        export.model.blocks.len(),
        export.document.notes.len(),
        started.elapsed().as_secs_f64(),
        crate::diag::display_path(&target, &base)
    );
    Ok(())
}
