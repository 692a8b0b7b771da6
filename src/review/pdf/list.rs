//! `tesis review FILE.pdf` for now: checks that the PDF belongs to this thesis, lists its marks
//! page by page, and stops (exit 1, nothing written) because placing them in the chapters is not
//! built yet (issue 17).

use std::path::Path;

use super::annots::{self, Annotated, Kind};
use crate::diag::Diagnostic;

/// Reads `file`, checks it against the project at `root` and returns the listing of its marks
/// together with the error that stops the verb. Every failure is an error naming the file.
pub fn run(file: &Path, root: &Path) -> Result<String, Diagnostic> {
    let name = file.display();
    let bytes = std::fs::read(file).map_err(|e| Diagnostic::error(format!("cannot read {name}: {e}")))?;
    let project = crate::project::Project::load(root).map_err(|mut d| d.remove(0))?;
    let doc_title = title(&bytes);
    let annotated = annots::read(&bytes).map_err(|e| Diagnostic::error(format!("{name}: {e}; nothing was changed")))?;
    if let Some(t) = doc_title
        && !normalise(&t).starts_with(&normalise(&project.thesis.judul))
    {
        return Err(Diagnostic::error(format!(
            "{name} is the PDF of another thesis («{}»), not of this one («{}»); nothing was changed",
            t.trim(),
            project.thesis.judul.trim()
        ))
        .hint("run tesis review in the folder of the thesis the PDF belongs to (--root DIR)"));
    }
    Ok(listing(&annotated))
}

/// The marks, one line each: `hal. 6  stabilo  Dr. Pembimbing: perlu sumber`.
pub fn listing(a: &Annotated) -> String {
    let mut out = String::new();
    for (i, x) in a.annotations.iter().enumerate() {
        let what = match &x.kind {
            Kind::Highlight => "stabilo",
            Kind::Underline => "garis bawah",
            Kind::Squiggly => "garis berombak",
            Kind::StrikeOut => "coret",
            Kind::Caret => "sisipan",
            Kind::Text => "catatan",
            Kind::FreeText => "teks",
            Kind::Drawing(_) => "coretan",
        };
        let reply = x.reply_to.map(|r| format!(" (balasan untuk #{})", r + 1)).unwrap_or_default();
        let who = x.author.as_deref().map(|a| format!("{a}: ")).unwrap_or_default();
        // One line per mark, at most 200 characters of its note.
        let note: String = x.contents.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(200).collect();
        out.push_str(&format!("#{} hal. {} {what}{reply} {who}{note}\n", i + 1, x.page));
    }
    out
}

/// The PDF's /Info title, if it has one.
fn title(bytes: &[u8]) -> Option<String> {
    let doc = lopdf::Document::load_mem(bytes).ok()?;
    let info = doc.trailer.get(b"Info").ok()?;
    let (_, info) = doc.dereference(info).ok()?;
    let title = info.as_dict().ok()?.get(b"Title").ok()?;
    lopdf::decode_text_string(doc.dereference(title).ok()?.1).ok()
}

/// A title with runs of white space made one space and upper-cased, for comparing.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase()
}
