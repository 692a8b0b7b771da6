//! The summary `tesis review` prints: per file how many insertions, deletions, replacements and
//! comments were placed, each change placed as a comment instead (with why), and what was not
//! written at all.

use std::path::Path;

use super::place::Placed;
use super::run::Report;

/// The summary of `report`, paths relative to `base`.
pub fn render(report: &Report, base: &Path, file: &Path, dry_run: bool) -> String {
    let mut out = String::new();
    let verb = if dry_run { "would get" } else { "got" };
    if !report.anchored {
        out.push_str(&format!(
            "note: {} was not made by tesis docx: changes were placed by matching their text, and edits made \
             with Track Changes off cannot be found\n",
            file.display()
        ));
    }
    let mut total = 0;
    for (path, placed) in &report.plan.placed {
        let count = |f: fn(&Placed) -> bool| placed.iter().filter(|(p, _)| f(p)).count();
        let ins = count(|p| *p == Placed::Insert);
        let del = count(|p| *p == Placed::Delete);
        let sub = count(|p| *p == Placed::Substitute);
        let com = count(|p| matches!(p, Placed::Comment | Placed::AsComment(_)));
        total += placed.len();
        out.push_str(&format!(
            "{}: {verb} {}, {}, {}, {}\n",
            crate::diag::display_path(path, base),
            plural(ins, "insertion"),
            plural(del, "deletion"),
            plural(sub, "replacement"),
            plural(com, "comment"),
        ));
        for (p, what) in placed {
            if let Placed::AsComment(reason) = p {
                out.push_str(&format!("  placed as a comment instead: {what} ({reason})\n"));
            }
        }
    }
    for line in &report.plan.unplaced {
        out.push_str(&format!("not written: {line}\n"));
    }
    if total == 0 && report.plan.unplaced.is_empty() {
        out.push_str(&format!("{}: no tracked changes, comments or edits found\n", file.display()));
    } else if !dry_run && !report.written.is_empty() {
        out.push_str("next: look at the marks (tesis build --review), then tesis accept / tesis reject\n");
    }
    out
}

/// `n thing` / `n things`.
fn plural(n: usize, thing: &str) -> String {
    if n == 1 { format!("1 {thing}") } else { format!("{n} {thing}s") }
}
