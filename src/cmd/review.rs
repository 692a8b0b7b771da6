//! `tesis review FILE.docx`: bring the supervisor's changes from Word back into the chapters.
//! `tesis review FILE.pdf`: list the marks of an annotated PDF (placing them: issue 17).

use super::{Failure, VerbResult, message_base};
use crate::args::ReviewArgs;
use crate::compile::Mode;
use crate::review::{run, summary};

/// Runs `tesis review`.
pub fn run(args: &ReviewArgs) -> VerbResult {
    let root = &args.root.root;
    let base = message_base(root);
    if args.file.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        return pdf(args, &base);
    }
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

/// `tesis review FILE.pdf`: lists the marks and stops, since placing them is not built yet.
fn pdf(args: &ReviewArgs, base: &std::path::Path) -> VerbResult {
    let listing = crate::review::pdf::list::run(&args.file, &args.root.root).map_err(|d| Failure::one(d, base))?;
    eprint!("{listing}");
    Err(Failure::one(
        crate::diag::Diagnostic::error(format!(
            "{}: the marks above were read, but tesis cannot yet place a PDF's marks in the chapters; nothing was changed",
            args.file.display()
        ))
        .hint("copy them by hand for now, or send the supervisor a .docx (tesis docx) whose changes tesis review brings back"),
        base,
    ))
}
