//! The shape of the chapters: headings that skip a level (F7: BAB → A. → 1. → a.) and chapters
//! with nothing in them but headings. Skipped levels of Markdown chapters are the converter's
//! warning (shown with the compiler's), so only Typst chapters are looked at here.

use super::{Findings, Kind, Scanned, chapters};
use crate::diag::Diagnostic;
use crate::project::Project;

/// Reports skipped heading levels in every source and empty chapters.
pub fn check(project: &Project, scanned: &[Scanned], findings: &mut Findings) {
    for s in scanned.iter().filter(|s| !s.source.is_markdown()) {
        let mut previous = 0;
        for h in &s.inventory.headings {
            if h.level > previous + 1 {
                let d = if previous == 0 {
                    Diagnostic::warning(format!("the first heading is level {}, the chapter title is level 1", h.level))
                        .hint("start the chapter with `= Judul Bab`")
                } else {
                    Diagnostic::warning(format!(
                        "heading level {} follows level {previous}, skipping level {}",
                        h.level,
                        previous + 1
                    ))
                    .hint(format!(
                        "use {} for the level after {}",
                        "=".repeat(previous + 1),
                        "=".repeat(previous)
                    ))
                };
                findings.add(Kind::Advice, d.at(&s.inventory.file, h.range.clone()));
            }
            previous = h.level;
        }
    }
    for s in chapters(project, scanned) {
        if s.inventory.complete && s.inventory.is_empty() {
            let at = s.inventory.headings.first().map_or(0..0, |h| h.range.clone());
            findings.add(
                Kind::Empty,
                Diagnostic::warning("this chapter has no text, figures or tables")
                    .at(&s.inventory.file, at)
                    .hint("write the chapter, or mark what is missing with a `TODO:` paragraph"),
            );
        }
    }
}
