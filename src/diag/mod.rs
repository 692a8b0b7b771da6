//! Messages for the student: one diagnostic type for every stage, printed in the codespan style
//! of the Typst CLI (`error: what` / `┌─ thesis/bab2.md:14:3` / the source line / `= hint: …`).
//!
//! Stages build [`Diagnostic`]s with a file (relative to the project root), a byte range in it
//! and a message in the user's terms; only `main` decides where they are printed.

pub mod compiler;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// The build goes on, but something should be looked at.
    Warning,
}

/// Where in which file a diagnostic points. The line and column are resolved when the
/// diagnostic is made, from the text the stage read, so a file saved again before the message is
/// printed cannot move it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file on disk (absolute, or relative to the working directory).
    pub file: PathBuf,
    /// The byte range in the file (empty when only a line is known).
    pub range: Range<usize>,
    /// The 1-based line of the range's start.
    pub line: u32,
    /// The 1-based column (in characters) of the range's start.
    pub column: u32,
    /// The text the range points into, for the quoted source line (none when unreadable).
    text: Option<Arc<str>>,
}

impl Location {
    /// A location in `text`, the contents of `file` as the stage read them.
    pub fn in_text(file: impl Into<PathBuf>, text: impl Into<Arc<str>>, range: Range<usize>) -> Self {
        let text: Arc<str> = text.into();
        let (line, column) = line_col(text.as_bytes(), range.start);
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self { file: file.into(), range, line: narrow(line), column: narrow(column), text: Some(text) }
    }

    /// A location in `file` as it is on disk now.
    pub fn read(file: impl Into<PathBuf>, range: Range<usize>) -> Self {
        let file = file.into();
        match std::fs::read(&file) {
            Ok(bytes) => Self::in_text(file, String::from_utf8_lossy(&bytes).into_owned(), range),
            Err(_) => Self { file, range, line: 1, column: 1, text: None },
        }
    }
}

/// One message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in lower case with no final period.
    pub message: String,
    /// Where, when known.
    pub at: Option<Location>,
    /// What to do about it.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error with no location.
    pub fn error(message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, message: message.into(), at: None, hints: vec![] }
    }

    /// A warning with no location.
    pub fn warning(message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(message) }
    }

    /// Points the diagnostic at a byte range of a file as it is on disk now.
    pub fn at(mut self, file: impl Into<PathBuf>, range: Range<usize>) -> Self {
        self.at = Some(Location::read(file, range));
        self
    }

    /// Points the diagnostic at a byte range of `text`, which the stage read from `file`.
    pub fn at_text(mut self, file: impl Into<PathBuf>, text: &str, range: Range<usize>) -> Self {
        self.at = Some(Location::in_text(file, text, range));
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The `file:line:col` of the diagnostic, for one-line summaries (watch status, JSON).
    pub fn position(&self, base: &Path) -> Option<(String, usize, usize)> {
        let at = self.at.as_ref()?;
        Some((display_path(&at.file, base), at.line as usize, at.column as usize))
    }
}

/// One line for a failed build: the first error (else the first diagnostic) as
/// `file:line:col: message`, for the watch status line and the preview's overlay.
pub fn summary_line(diagnostics: &[Diagnostic], base: &Path) -> String {
    let first = diagnostics.iter().find(|d| d.is_error()).or(diagnostics.first());
    match first {
        Some(d) => match d.position(base) {
            Some((file, line, col)) => format!("{file}:{line}:{col}: {}", d.message),
            None => d.message.clone(),
        },
        None => "the build failed".to_string(),
    }
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, col)
}

/// The byte range of the 1-based `line` in `text` (without its line break).
pub fn line_range(text: &str, line: usize) -> Range<usize> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let end = start + l.trim_end_matches(['\n', '\r']).len();
            return start..end;
        }
        start += l.len();
    }
    text.len()..text.len()
}

/// A path for messages: relative to `base` when inside it, with `/` separators.
pub fn display_path(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() { ".".into() } else { s }
}

/// Prints diagnostics to stderr; file names are shown relative to `base`.
pub fn emit(diagnostics: &[Diagnostic], base: &Path) {
    let choice = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        termcolor::ColorChoice::Auto
    } else {
        termcolor::ColorChoice::Never
    };
    let mut out = termcolor::StandardStream::stderr(choice);
    let _ = write_to(&mut out, diagnostics, base);
}

/// Renders diagnostics to a string without colour (tests, JSON, the preview overlay).
pub fn render(diagnostics: &[Diagnostic], base: &Path) -> String {
    let mut buf = termcolor::NoColor::new(Vec::new());
    let _ = write_to(&mut buf, diagnostics, base);
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

/// Writes diagnostics in the codespan style.
fn write_to(out: &mut dyn termcolor::WriteColor, diagnostics: &[Diagnostic], base: &Path) -> std::io::Result<()> {
    let mut files = SimpleFiles::new();
    let mut ids: Vec<(PathBuf, Arc<str>, usize)> = Vec::new();
    let config = term::Config { tab_width: 2, ..Default::default() };
    for diag in diagnostics {
        let mut cs = match diag.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_message(&diag.message)
        .with_notes(diag.hints.iter().map(|h| format!("hint: {h}")).collect());
        let mut printed = false;
        if let Some(at) = &diag.at {
            let id = match (ids.iter().find(|(p, t, _)| p == &at.file && Some(t) == at.text.as_ref()), &at.text) {
                (Some((_, _, id)), _) => Some(*id),
                (None, Some(text)) => {
                    let id = files.add(display_path(&at.file, base), text.to_string());
                    ids.push((at.file.clone(), text.clone(), id));
                    Some(id)
                }
                (None, None) => None,
            };
            if let Some(id) = id {
                let len = files.get(id).map(|f| f.source().len()).unwrap_or(0);
                let start = at.range.start.min(len);
                let end = at.range.end.clamp(start, len);
                cs = cs.with_labels(vec![Label::primary(id, start..end)]);
                printed = term::emit(out, &config, &files, &cs).is_ok();
            } else {
                cs.message = format!("{}: {}", display_path(&at.file, base), cs.message);
            }
        }
        if !printed {
            term::emit(out, &config, &files, &cs).map_err(std::io::Error::other)?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
        assert_eq!(line_col("é\nx".as_bytes(), 2), (1, 2));
        assert_eq!(line_col(b"", 10), (1, 1));
    }

    #[test]
    fn renders_file_line_and_hint() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bab1.md");
        std::fs::write(&file, "# Judul\n\nteks @salah di sini\n").unwrap();
        let d = Diagnostic::error("citation key `salah` is not in the bibliography")
            .at(&file, 14..20)
            .hint("add it to pustaka.bib");
        let text = render(&[d], dir.path());
        assert!(text.contains("bab1.md:3:6"), "{text}");
        assert!(text.contains("hint: add it to pustaka.bib"), "{text}");
    }
}
