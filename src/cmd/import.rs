//! `tesis import FILE.md`: clean a PDF-derived Markdown draft into chapter files and a
//! thesis.yaml suggestion, and report what was changed and what needs a person's eye.
//! `tesis import FILE.docx`: make a project of a Word draft (issue 21).

use std::path::Path;

use super::{Failure, VerbResult, message_base};
use crate::args::ImportArgs;
use crate::compile::read_text;
use crate::diag::{Diagnostic, display_path};

/// Whether `path` names a word-processor document rather than Markdown.
fn is_document(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    matches!(ext.as_str(), "docx" | "doc" | "odt" | "docm" | "dotx" | "rtf")
}

/// Runs `tesis import`.
pub fn run(args: &ImportArgs) -> VerbResult {
    let root = &args.root.root;
    let base = message_base(root);
    if is_document(&args.file) {
        return run_docx(args, &base);
    }
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

/// `tesis import FILE.docx`: everything is read and checked before anything is written.
fn run_docx(args: &ImportArgs, base: &Path) -> VerbResult {
    use crate::import::word;
    let root = &args.root.root;
    let fail = |d: Diagnostic| Failure::one(d, base);
    let ext = args.file.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    if ext == "rtf" {
        return Err(fail(
            Diagnostic::error(format!("{} is a Rich Text document (.rtf), not a Word .docx", args.file.display()))
                .hint("open it in Word or LibreOffice and save it as Word Document (.docx)"),
        ));
    }
    word::project::check_root(root).map_err(fail)?;
    let imported = word::import(&args.file).map_err(fail)?;
    let written = word::project::write(&imported, root, &args.file, super::new::this_year()).map_err(fail)?;
    eprint!("{}", imported.imported.report);
    for path in written {
        eprintln!("wrote {}", display_path(&path, base));
    }
    Ok(())
}
