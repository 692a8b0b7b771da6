//! `tesis import FILE.md`: clean a PDF-derived Markdown draft into chapter files and a
//! thesis.yaml suggestion, and report what was changed and what needs a person's eye.

use super::{Failure, VerbResult, message_base};
use crate::args::ImportArgs;
use crate::compile::read_text;
use crate::diag::{Diagnostic, display_path};

/// Runs `tesis import`.
pub fn run(args: &ImportArgs) -> VerbResult {
    let root = &args.root.root;
    let base = message_base(root);
    let text = read_text(&args.file).map_err(|d| Failure::one(d, &base))?;
    let imported = crate::import::import(&text);
    let written = crate::import::write(&imported, root, args.force).map_err(|e| {
        Failure::one(
            Diagnostic::error(format!("cannot write the chapters ({e})"))
                .hint("pass --force to overwrite existing chapter files, or import into another --root"),
            &base,
        )
    })?;
    eprint!("{}", imported.report);
    for path in written {
        eprintln!("wrote {}", display_path(&path, &base));
    }
    Ok(())
}
