//! `tesis check`: run every check without writing a PDF; print the findings (or JSON) and fail
//! when one of them is an error.

use super::{Failure, VerbResult, message_base};
use crate::args::{CheckArgs, OutputFormat};
use crate::check;
use crate::diag::{Diagnostic, Severity};

/// Runs `tesis check`.
pub fn run(args: &CheckArgs) -> VerbResult {
    let root = &args.root.root;
    let base = message_base(root);
    let mode = if args.final_ { crate::compile::Mode::Final } else { crate::compile::Mode::Draft };
    let report = check::run(root, args.compile.config(mode));
    let diagnostics = report.diagnostics();
    match args.format {
        OutputFormat::Json => println!("{}", json(&diagnostics, &base)),
        OutputFormat::Human => {
            crate::diag::emit(&diagnostics, &base);
            eprintln!("{}", summary(&diagnostics, args.final_));
        }
    }
    if report.has_errors() { Err(Failure::new(vec![], &base)) } else { Ok(()) }
}

/// The last line: how many errors and warnings, and what that means.
fn summary(diagnostics: &[Diagnostic], final_: bool) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    let verdict = match (errors, final_) {
        (0, true) => "ready for submission",
        (0, false) => "the thesis builds",
        (_, true) => "not ready for submission",
        (_, false) => "the thesis does not build",
    };
    format!("check: {}, {}: {verdict}", plural(errors, "error"), plural(warnings, "warning"))
}

/// The findings as a JSON array of `{severity, file, line, column, message, hint}`.
pub fn json(diagnostics: &[Diagnostic], base: &std::path::Path) -> String {
    let items: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let position = d.position(base);
            serde_json::json!({
                "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "file": position.as_ref().map(|p| p.0.clone()),
                "line": position.as_ref().map(|p| p.1),
                "column": position.as_ref().map(|p| p.2),
                "message": d.message,
                "hint": if d.hints.is_empty() { None } else { Some(d.hints.join("\n")) },
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).expect("findings serialise")
}
