//! Markdown chapters to Typst markup, with a source map back to the `.md` bytes.
//!
//! Owned by the Markdown work (issue 4); the spine calls [`convert`].
//!
//! The conversion runs in three stages, one module each:
//! 1. [`parse`]: pulldown-cmark events → a small block/inline tree with byte ranges, footnote
//!    definitions set aside (they may sit anywhere in the file);
//! 2. [`blocks`] / [`inline`] (with [`headings`], [`figures`], [`cite`], [`csv`]): the tree →
//!    Typst markup calling the template API of `docs/design.md`;
//! 3. [`emit`]: the only writer of output text. Every character that comes from the student's text
//!    goes through [`emit::Out::text`], which escapes *all* ASCII punctuation with a backslash, or
//!    through [`emit::Out::str_lit`], which writes a Typst string literal. Nothing the student wrote
//!    can therefore become Typst code: the generated file only ever calls functions this module
//!    chose (`cite`, `footnote`, `gambar`, …) with literal arguments.
//!
//! Every piece of output records an anchor in a [`SourceMap`], so a Typst diagnostic at any span of
//! the generated file maps back to a byte (hence line and column) of the `.md` file.
//!
//! The syntax a student writes is described in README.md, section "Menulis bab dalam Markdown" (
//! section "Menulis bab dalam Markdown"); each submodule lists the markup it emits.
//!
//! This module must not read anything but the files a chapter names (images, CSV tables), and only
//! through [`crate::project::paths::resolve`].

mod blocks;
mod cite;
mod csv;
mod emit;
mod figures;
mod headings;
mod inline;
mod labels;
mod math;
mod parse;
mod smart;
mod sourcemap;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_props;

use std::ops::Range;
use std::path::Path;

pub use emit::str_literal;
pub use sourcemap::SourceMap;

/// What a Markdown chapter is converted against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The canonical project root; every file a chapter names must lie inside it.
    pub root: &'a Path,
    /// The absolute path of the `.md` file; relative paths are tried against its folder first.
    pub md_path: &'a Path,
}

/// A converted chapter.
#[derive(Debug, Clone)]
pub struct Converted {
    /// Typst markup, starting with `#import "/template/lib.typ": *`.
    pub typst: String,
    /// Maps byte offsets of [`Converted::typst`] back to byte offsets of the `.md` text.
    pub map: SourceMap,
    /// Things worth telling the student that do not stop the build.
    pub warnings: Vec<MdDiagnostic>,
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The chapter cannot be built as written.
    Error,
    /// The chapter builds, but probably not as the student meant.
    Warning,
}

/// A problem found in a Markdown chapter, located in the `.md` text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MdDiagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The byte range in the `.md` text the problem is about.
    pub range: Range<usize>,
    /// What is wrong, in lower case without a final period.
    pub message: String,
    /// What the student can do about it.
    pub hint: Option<String>,
}

impl MdDiagnostic {
    /// An error at `range`.
    pub(crate) fn error(range: Range<usize>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, range, message: message.into(), hint: None }
    }

    /// A warning at `range`.
    pub(crate) fn warning(range: Range<usize>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, range, message: message.into(), hint: None }
    }

    /// The same diagnostic with a hint.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The first line of every converted chapter: the template API, nothing else.
pub const PRELUDE: &str = "#import \"/template/lib.typ\": *\n";

/// Converts one Markdown chapter to Typst markup.
///
/// Returns every error found (not just the first) when the chapter cannot be built; warnings
/// travel with the successful result.
pub fn convert(md: &str, ctx: &Context) -> Result<Converted, Vec<MdDiagnostic>> {
    if let Some(range) = parse::too_deep(md) {
        let message = format!("blocks or emphasis nested more than {} levels deep", parse::MAX_NESTING);
        return Err(vec![
            MdDiagnostic::error(range, message)
                .with_hint("remove the extra `>`, list indentation or `*` here; a thesis needs a few levels at most"),
        ]);
    }
    let doc = parse::parse(md);
    let mut conv = blocks::Converter::new(md, ctx, &doc);
    conv.document();
    let (out, diags) = conv.finish();
    let (errors, warnings): (Vec<_>, Vec<_>) = diags.into_iter().partition(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(errors);
    }
    let (typst, map) = out.finish();
    Ok(Converted { typst, map, warnings })
}

/// The 1-based line and column (in characters) of byte `offset` in `text`, for messages.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}
