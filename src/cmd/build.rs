//! `tesis build`: compile the thesis and write the PDF atomically.

use std::time::Instant;

use super::{Failure, VerbResult, message_base};
use crate::args::BuildArgs;
use crate::compile::{Mode, Session};
use crate::output::pdf::{self, PdfExport};

/// Runs `tesis build`.
pub fn run(args: &BuildArgs) -> VerbResult {
    let started = Instant::now();
    let root = &args.root.root;
    let base = message_base(root);
    let mode = match (args.final_, args.review) {
        (true, _) => Mode::Final,
        (false, true) => Mode::Review,
        (false, false) => Mode::Draft,
    };
    let config = args.compile.config(mode);
    let compiled = if args.final_ {
        // The submission build: the `--final` check is the gate, and its compile is reused.
        let report = crate::check::run(root, config);
        if report.has_errors() {
            let mut findings = report.diagnostics();
            findings.push(crate::diag::Diagnostic::error("the final PDF was not written: fix the errors above").hint(
                "`tesis check --final` lists the same findings; `tesis build` without --final still writes a draft PDF",
            ));
            return Err(Failure::new(findings, &base));
        }
        report.compiled.expect("a check without errors has compiled the thesis")
    } else {
        Session::new(root, config).compile().map_err(|d| Failure::new(d, &base))?
    };
    let exporting = Instant::now();
    let pdf = pdf::export(&compiled, &PdfExport::document(args.final_)).map_err(|d| Failure::new(d, &base))?;
    let export_time = exporting.elapsed();
    let target = args.output.clone().unwrap_or_else(|| compiled.project.root.join("thesis.pdf"));
    if args.parts {
        // The pack first: when it cannot be written, the previous PDF stays with its pack.
        let files = crate::submit::files(&compiled).map_err(|d| Failure::new(d, &base))?;
        let folder = crate::submit::folder_for(&target);
        crate::output::write_folder_atomic(&folder, &files, crate::submit::is_pack)
            .map_err(|d| Failure::one(d, &base))?;
        eprintln!("{} files → {}", files.len(), crate::diag::display_path(&folder, &base));
    }
    crate::output::write_atomic(&target, &pdf).map_err(|d| Failure::one(d, &base))?;
    crate::diag::emit(&compiled.warnings, &base);
    let pages = compiled.document.pages().len();
    if std::env::var_os("TESIS_TIMING").is_some() {
        // The phases of one build, for bench/run.sh.
        eprintln!(
            "timing: convert_ms={:.1} typst_ms={:.1} pdf_ms={:.1}",
            compiled.convert_time.as_secs_f64() * 1e3,
            compiled.typst_time.as_secs_f64() * 1e3,
            export_time.as_secs_f64() * 1e3
        );
    }
    eprintln!(
        "{pages} pages in {:.1} s → {}",
        started.elapsed().as_secs_f64(),
        crate::diag::display_path(&target, &base)
    );
    Ok(())
}
