//! Typst's diagnostics in the student's terms: the message and hints reworded where Typst's
//! advice does not apply, and the place resolved through a [`Locate`] that the compile provides
//! (a span in a converted chapter goes back to the `.md` byte, a span in a `.typ` file to the text
//! the compile read). An error inside the template is shown at the chapter line that called it
//! when the trace has one.

use typst::diag::{Severity as TypstSeverity, SourceDiagnostic};
use typst::syntax::DiagSpan;

use super::{Diagnostic, Location, Severity};

/// Where a span of the compile lies.
pub enum Place {
    /// In a file the student wrote (a `.typ` file, or the `.md` a chapter was converted from).
    Student(Location),
    /// In the template or a generated file, named for messages.
    Elsewhere(String),
}

/// What the mapping needs to know about the files of a compile.
pub trait Locate {
    /// Where a span lies, when it is attached to a file.
    fn place(&self, span: DiagSpan) -> Option<Place>;
    /// A chapter line naming an image Typst cannot read, and what is wrong with the image.
    fn bad_image(&self) -> Option<(Location, String)>;
}

/// Maps a Typst diagnostic to the student's files.
pub fn map(d: &SourceDiagnostic, files: &dyn Locate) -> Diagnostic {
    let severity = match d.severity {
        TypstSeverity::Error => Severity::Error,
        TypstSeverity::Warning => Severity::Warning,
    };
    let mut out = Diagnostic { severity, message: d.message.to_string(), at: None, hints: vec![] };
    for hint in &d.hints {
        // Typst's CLI advice to move the root does not apply: the project folder is the root.
        if hint.v.contains("--root") {
            continue;
        }
        if hint.v.contains("outside of the project sandbox") {
            out.hints.push("keep every file of the thesis inside the project folder".into());
            continue;
        }
        out.hints.push(hint.v.to_string());
    }
    if let Some(name) =
        out.message.strip_prefix("label `<").and_then(|m| m.strip_suffix(">` does not exist in the document"))
    {
        // `@x` in a chapter: say that it is neither, and how labels are written.
        out.message = format!("`@{name}` is neither a label nor a bibliography key");
        out.hints.clear();
        out.hints.push(crate::check::labels::LABEL_HINT.into());
        out.hints.push("`tesis check` names the nearest label and bibliography key".into());
    }
    if out.message.contains("failed to parse BibLaTeX") {
        // The parser stops where the damage shows (often the end of the file), not where it is.
        out.hints.push(
            "check the entries above this line: every `{` needs its `}`, fields end with a comma, and each key is used once"
                .into(),
        );
    }
    let candidates = std::iter::once(d.span).chain(d.trace.iter().map(|t| t.span.into()));
    let mut template_place = None;
    for span in candidates {
        match files.place(span) {
            Some(Place::Student(at)) => {
                out.at = Some(at);
                break;
            }
            Some(Place::Elsewhere(name)) => {
                template_place.get_or_insert(name);
            }
            None => {}
        }
    }
    if out.at.is_none()
        && (out.message.contains("image") || out.message.contains("pixels"))
        && let Some((at, message)) = files.bad_image()
    {
        // A bad image fails inside the template's `gambar`, with no trace to the chapter.
        out.at = Some(at);
        out.message = message;
        out.hints.push("open the image in an image editor and export it again as PNG or JPEG".into());
    }
    if out.at.is_none()
        && let Some(place) = template_place
    {
        out.message = format!("{} (in {place})", out.message);
    }
    out
}
