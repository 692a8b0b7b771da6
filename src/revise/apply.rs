//! `tesis accept` / `tesis reject` on files: which chapters, and rewriting each one with its
//! marks resolved (CriticMarkup in Markdown, the template's review marks in Typst). A file without marks is not written at all, so it stays
//! byte for byte what it was (and keeps its modification time).

use std::path::{Path, PathBuf};

use super::criticmarkup::{self, Decision};
use super::typmarks;
use crate::diag::Diagnostic;
use crate::project::Project;

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The file.
    pub path: PathBuf,
    /// How many marks were resolved (0: the file was not touched).
    pub marks: usize,
}

/// The Markdown and Typst chapters of the project at `root` (for `--all`).
pub fn markdown_sources(root: &Path) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let project = Project::load(root)?;
    Ok(project.sources.iter().filter(|s| s.is_markdown() || is_typ(&s.disk)).map(|s| s.disk.clone()).collect())
}

/// Whether a chapter is written in Typst.
fn is_typ(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "typ")
}

/// Accepts or rejects every mark in each file, writing only the files that had marks. Stops at
/// the first file that cannot be read or written; the files before it are already done.
pub fn resolve_files(files: &[PathBuf], decision: Decision) -> Result<Vec<Resolved>, Diagnostic> {
    let mut done = Vec::new();
    if let Some(other) =
        files.iter().find(|p| !is_typ(p) && !p.extension().is_some_and(|e| e == "md" || e == "markdown"))
    {
        return Err(Diagnostic::error(format!("{} is not a Markdown or Typst chapter", other.display()))
            .hint("marks are read in .md and .typ chapters only; name the chapters, or pass --all"));
    }
    for path in files {
        let bytes =
            std::fs::read(path).map_err(|e| Diagnostic::error(format!("cannot read {} ({e})", path.display())))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            Diagnostic::error("the file is not UTF-8 text").at(path, at..at + 1)
        })?;
        let typ = is_typ(path);
        let marks = if typ { typmarks::find(&text).len() } else { criticmarkup::find(&text).len() };
        if marks > 0 {
            let resolved =
                if typ { typmarks::resolve(&text, decision) } else { criticmarkup::resolve(&text, decision) };
            crate::output::write_atomic(path, resolved.as_bytes())?;
        }
        done.push(Resolved { path: path.clone(), marks });
    }
    Ok(done)
}

/// One mark as the preview's review panel saw it: where it was and what it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// The mark's bytes in the file, delimiters included.
    pub range: std::ops::Range<usize>,
    /// The mark's text as the panel showed it.
    pub text: String,
}

/// Why [`resolve_seen`] wrote nothing.
#[derive(Debug)]
pub enum Refused {
    /// The file no longer holds a mark the panel saw at that place (it was edited since).
    Moved(Diagnostic),
    /// The file could not be read or written.
    Failed(Diagnostic),
}

/// Accepts or rejects the marks `seen` of one chapter (the preview's review panel), with the
/// same code as `tesis accept`/`reject`, only if the file still holds each of them, byte for
/// byte, at the place the panel saw it; else nothing is written. Returns how many were resolved.
pub fn resolve_seen(path: &Path, seen: &[Seen], decision: Decision) -> Result<usize, Refused> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Refused::Failed(Diagnostic::error(format!("cannot read {} ({e})", path.display()))))?;
    let same = |range: &std::ops::Range<usize>, s: &Seen| {
        *range == s.range && text.get(range.clone()) == Some(s.text.as_str())
    };
    let moved = |s: &Seen| {
        let at = s.range.start.min(text.len());
        Refused::Moved(
            Diagnostic::error("the file changed since the review panel was drawn: this mark is no longer there")
                .at(path, at..at)
                .hint("nothing was written; the panel shows the marks as they are now"),
        )
    };
    let resolved = if is_typ(path) {
        let all = typmarks::find(&text);
        let mut chosen: Vec<typmarks::Mark> = Vec::new();
        for s in seen {
            chosen.push(all.iter().find(|m| same(&m.range, s)).cloned().ok_or_else(|| moved(s))?);
        }
        chosen.sort_by_key(|m| m.range.start);
        chosen.dedup();
        typmarks::resolve_some(&text, &chosen, decision)
    } else {
        let all = criticmarkup::find(&text);
        let mut chosen: Vec<criticmarkup::Mark> = Vec::new();
        for s in seen {
            chosen.push(all.iter().find(|m| same(&m.range, s)).cloned().ok_or_else(|| moved(s))?);
        }
        chosen.sort_by_key(|m| m.range.start);
        chosen.dedup();
        criticmarkup::resolve_some(&text, &chosen, decision)
    };
    if seen.is_empty() {
        return Ok(0);
    }
    crate::output::write_atomic(path, resolved.as_bytes()).map_err(Refused::Failed)?;
    Ok(seen.len())
}
