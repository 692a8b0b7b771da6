//! `tesis diff OLD [NEW]`: one PDF of the new version with the changes since the old one marked
//! (thesis-diff.pdf in the project folder).

use std::time::Instant;

use super::{Failure, VerbResult, message_base};
use crate::args::DiffArgs;
use crate::compile::Mode;
use crate::output::pdf::{self, PdfExport};

/// The default output file, in the project folder.
const DEFAULT_OUTPUT: &str = "thesis-diff.pdf";

/// Runs `tesis diff`.
pub fn run(args: &DiffArgs) -> VerbResult {
    let started = Instant::now();
    let root = &args.root.root;
    let base = message_base(root);
    let config = args.compile.config(Mode::Draft);
    let diffed = crate::diff::diff(root, &args.old, args.new.as_deref(), config).map_err(|d| Failure::new(d, &base))?;
    let pages = crate::diff::changed_pages(&diffed, args.only_changed);
    let pdf = pdf::export(&diffed.compiled, &PdfExport::diff(pages)).map_err(|d| Failure::new(d, &base))?;
    let target = args.output.clone().unwrap_or_else(|| root.join(DEFAULT_OUTPUT));
    crate::output::write_atomic(&target, &pdf).map_err(|d| Failure::one(d, &base))?;
    crate::diag::emit(&diffed.fallbacks, &base);
    let (added, deleted) = diffed.chapters.iter().fold((0, 0), |(a, d), c| (a + c.counts.added, d + c.counts.deleted));
    let changed = diffed.chapters.iter().filter(|c| c.status != crate::diff::Status::Same).count();
    eprintln!(
        "{changed} files changed, {added} words added, {deleted} deleted; {} pages in {:.1} s → {}",
        diffed.compiled.document.pages().len(),
        started.elapsed().as_secs_f64(),
        crate::diag::display_path(&target, &base)
    );
    Ok(())
}
