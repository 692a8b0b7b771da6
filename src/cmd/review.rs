//! `tesis review FILE.docx` / `tesis review FILE.pdf`: bring the supervisor's changes from Word,
//! or the marks of an annotated PDF, back into the chapters.

use super::{Failure, VerbResult, message_base};
use crate::args::ReviewArgs;
use crate::compile::Mode;
use crate::review::{pdf, run, summary};

/// Runs `tesis review`.
pub fn run(args: &ReviewArgs) -> VerbResult {
    let root = &args.root.root;
    let base = message_base(root);
    if args.file.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        let done = pdf::run::run(&args.file, root, |mode| args.compile.config(mode), args.dry_run)
            .map_err(|d| Failure::new(d, &base))?;
        if let Some(diff) = &done.report.diff {
            print!("{diff}");
        }
        if let Some(basis) = &done.basis {
            eprintln!("note: {basis}");
        }
        for note in &done.notes {
            eprintln!("note: {note}");
        }
        eprint!("{}", summary::render(&done.report, &base, &args.file, args.dry_run));
        if std::env::var_os("TESIS_TIMING").is_some() {
            // The phases of one import, for bench/review_pdf.sh.
            let phases: Vec<String> =
                done.timing.iter().map(|(what, t)| format!("{what}_ms={:.1}", t.as_secs_f64() * 1e3)).collect();
            eprintln!("timing: {}", phases.join(" "));
        }
        return Ok(());
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
