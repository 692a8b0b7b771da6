//! Unfinished text: draft markers (`TODO:` paragraphs in Markdown, `#draft[..]` in Typst) and
//! CriticMarkup or review notes not yet accepted or rejected. Warnings while writing; errors in
//! the `--final` check, since the submission PDF must not carry them.

use super::{Findings, Kind, Scanned};
use crate::diag::Diagnostic;

/// Reports every draft marker and every CriticMarkup mark.
pub fn check(scanned: &[Scanned], findings: &mut Findings) {
    for s in scanned {
        let inv = &s.inventory;
        for range in &inv.drafts {
            let line = first_line(&inv.text, range.start);
            findings.add(
                Kind::Draft,
                Diagnostic::warning(format!("draft marker left: {line}"))
                    .at(&inv.file, range.clone())
                    .hint("write the text and remove the `TODO:` (or `#draft[..]`) before submitting"),
            );
        }
        let mut last = None;
        for range in &inv.critic {
            if last.is_some_and(|end| range.start < end) {
                continue;
            }
            last = Some(range.end);
            findings.add(
                Kind::Critic,
                Diagnostic::warning("tracked change or comment (CriticMarkup) left in the text")
                    .at(&inv.file, range.clone())
                    .hint("accept or reject the change and delete the comment before submitting"),
            );
        }
    }
}

/// The first line of the text at `offset`, shortened for a message.
fn first_line(text: &str, offset: usize) -> String {
    let rest = text.get(offset..).unwrap_or("");
    let line = rest.lines().next().unwrap_or("").trim();
    let mut short: String = line.chars().take(60).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    short
}
