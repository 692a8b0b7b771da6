//! `tesis import FILE.md`: clean a PDF-derived Markdown draft into chapter files.

use super::{Failure, VerbResult, message_base};
use crate::args::ImportArgs;
use crate::diag::Diagnostic;

/// Runs `tesis import` (wired to `crate::import` once it lands).
pub fn run(args: &ImportArgs) -> VerbResult {
    let base = message_base(&args.root.root);
    Err(Failure::one(Diagnostic::error(format!("import of {} is not available yet", args.file.display())), &base))
}
