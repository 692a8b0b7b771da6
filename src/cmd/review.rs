//! `tesis review FILE.docx`: bring the supervisor's changes from Word back into the chapters.

use super::{Failure, VerbResult, message_base};
use crate::args::ReviewArgs;
use crate::compile::Mode;
use crate::review::{run, summary};

/// Runs `tesis review`.
pub fn run(args: &ReviewArgs) -> VerbResult {
    let root = &args.root.root;
    let base = message_base(root);
    let (package, doc, chapters) = run::open(&args.file, root).map_err(|d| Failure::new(d, &base))?;
    let export = crate::docx::model(root, args.compile.config(Mode::Draft), chapters.as_deref())
        .map_err(|d| Failure::new(d, &base))?;
    let report = run::import(&package, &doc, &export.model, args.dry_run).map_err(|d| Failure::one(d, &base))?;
    if let Some(diff) = &report.diff {
        print!("{diff}");
    }
    eprint!("{}", summary::render(&report, &base, &args.file, args.dry_run));
    Ok(())
}
