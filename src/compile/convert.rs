//! The one place Markdown chapters are converted: read the `.md`, run the CriticMarkup layer for
//! the build's mode, convert to Typst markup, keep the result (and every offset map back to the
//! `.md` byte) while the file's text is unchanged. The compile, `tesis check` and `tesis stats`
//! all read these conversions.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use typst::foundations::Bytes;

use super::Mode;
use crate::diag::{Diagnostic, Severity};
use crate::markdown::{self, SourceMap};
use crate::project::{Project, SourceFile};
use crate::revise::criticmarkup;
use crate::revise::offsets::OffsetMap;

/// A converted Markdown file.
pub struct Conversion {
    /// Hash of the Markdown text it came from.
    hash: u64,
    /// The `.md` on disk.
    pub md: PathBuf,
    /// The `.md` text as read.
    pub text: Arc<str>,
    /// The generated markup, or why the file could not be converted.
    pub result: Result<Generated, Vec<Diagnostic>>,
}

/// The markup generated from one Markdown file.
pub struct Generated {
    /// The markup the compiler reads.
    pub typst: Bytes,
    /// Converter offsets → offsets of the Markdown it converted.
    map: SourceMap,
    /// Generated offsets → converter offsets (the CriticMarkup layer's calls).
    layer_map: OffsetMap,
    /// Offsets of the Markdown converted → `.md` offsets (marks rewritten before conversion).
    md_map: OffsetMap,
    /// The converter's warnings.
    pub warnings: Vec<Diagnostic>,
}

impl Generated {
    /// The generated markup as text.
    pub fn markup(&self) -> &str {
        std::str::from_utf8(&self.typst).unwrap_or_default()
    }

    /// The `.md` offset of a byte of the generated markup.
    pub fn md_offset(&self, typst: usize) -> usize {
        self.md_map.source(self.map.md_offset(self.layer_map.source(typst)))
    }

    /// The `.md` range of a range of the generated markup (never empty for a non-empty range).
    pub fn md_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.md_offset(range.start);
        let end = self.md_offset(range.end.saturating_sub(1)).max(start);
        start..end + usize::from(!range.is_empty())
    }
}

/// The conversions of a project's Markdown sources, by the compiler path of the generated file.
#[derive(Default)]
pub struct Conversions {
    /// By generated path (`/_tesis/md/thesis/bab1.typ`).
    by_include: HashMap<String, Conversion>,
    /// The mode they were made for (a change of mode converts again).
    mode: Option<Mode>,
}

impl Conversions {
    /// Converts the Markdown sources of `project` whose text changed since the last call; drops
    /// those no longer in the project. A file that cannot be read is an error in the list.
    pub fn update(&mut self, project: &Project, mode: Mode) -> Vec<Diagnostic> {
        if self.mode != Some(mode) {
            self.by_include.clear();
            self.mode = Some(mode);
        }
        let mut unreadable = Vec::new();
        let mut keep = Vec::new();
        for source in project.sources.iter().filter(|s| s.is_markdown()) {
            keep.push(source.include.clone());
            let text = match read_text(&source.disk) {
                Ok(text) => text,
                Err(d) => {
                    self.by_include.remove(&source.include);
                    unreadable.push(d);
                    continue;
                }
            };
            let hash = hash_of(&text);
            if self.by_include.get(&source.include).is_none_or(|c| c.hash != hash) {
                let conversion = convert(source, &project.root, text, hash, mode);
                self.by_include.insert(source.include.clone(), conversion);
            }
        }
        self.by_include.retain(|k, _| keep.contains(k));
        unreadable
    }

    /// The conversion of a source (by its include path), when it was read.
    pub fn get(&self, include: &str) -> Option<&Conversion> {
        self.by_include.get(include)
    }

    /// Every conversion, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Conversion)> {
        self.by_include.iter()
    }

    /// The errors of the files that did not convert, then every warning, by file.
    pub fn problems(&self) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let mut all: Vec<&Conversion> = self.by_include.values().collect();
        all.sort_by(|a, b| a.md.cmp(&b.md));
        let (mut errors, mut warnings) = (Vec::new(), Vec::new());
        for c in all {
            match &c.result {
                Ok(generated) => warnings.extend(generated.warnings.iter().cloned()),
                Err(problems) => {
                    errors.extend(problems.iter().filter(|d| d.is_error()).cloned());
                    warnings.extend(problems.iter().filter(|d| !d.is_error()).cloned());
                }
            }
        }
        (errors, warnings)
    }
}

/// Converts one Markdown source for a build of `mode`.
fn convert(source: &SourceFile, root: &Path, text: String, hash: u64, mode: Mode) -> Conversion {
    let ctx = markdown::Context { root, md_path: &source.disk };
    // CriticMarkup: drawn in draft and review builds, left out of the final one.
    let layer = criticmarkup::prepare(&text, mode.shows_marks());
    let result = match markdown::convert(&layer.text, &ctx) {
        Ok(converted) => {
            let mut warnings: Vec<Diagnostic> =
                converted.warnings.iter().map(|w| md_diagnostic(&source.disk, &text, &remap(w, &layer.map))).collect();
            if !mode.shows_marks()
                && let Some(first) = layer.first_mark.clone()
            {
                warnings.push(final_marks_warning(&source.disk, &text, layer.marks, first));
            }
            let (typst, layer_map) = layer.finish(&converted.typst);
            Ok(Generated {
                typst: Bytes::from_string(typst),
                map: converted.map,
                layer_map,
                md_map: layer.map,
                warnings,
            })
        }
        Err(problems) => {
            Err(problems.iter().map(|p| md_diagnostic(&source.disk, &text, &remap(p, &layer.map))).collect())
        }
    };
    Conversion { hash, md: source.disk.clone(), text: text.into(), result }
}

/// A converter diagnostic moved from the converted text to the student's text.
fn remap(d: &markdown::MdDiagnostic, map: &OffsetMap) -> markdown::MdDiagnostic {
    let start = map.source(d.range.start);
    let end = map.source(d.range.end.saturating_sub(1)).max(start) + usize::from(!d.range.is_empty());
    markdown::MdDiagnostic { range: start..end, ..d.clone() }
}

/// The warning of a final build that left CriticMarkup out.
fn final_marks_warning(md: &Path, text: &str, count: usize, first: Range<usize>) -> Diagnostic {
    let marks = if count == 1 { "1 CriticMarkup mark".to_string() } else { format!("{count} CriticMarkup marks") };
    Diagnostic::warning(format!("{marks} left out of the final build (the text before the changes is printed)"))
        .at_text(md, text, first)
        .hint("apply them with `tesis accept FILE` or drop them with `tesis reject FILE`")
}

/// A converter diagnostic as a diagnostic at the `.md` file.
pub fn md_diagnostic(md: &Path, text: &str, d: &markdown::MdDiagnostic) -> Diagnostic {
    let severity = match d.severity {
        markdown::Severity::Error => Severity::Error,
        markdown::Severity::Warning => Severity::Warning,
    };
    let mut out =
        Diagnostic { severity, message: d.message.clone(), at: None, hints: vec![] }.at_text(md, text, d.range.clone());
    if let Some(h) = &d.hint {
        out = out.hint(h.clone());
    }
    out
}

/// Reads a source file as UTF-8 text (a BOM is dropped; a bad byte is an error at its line).
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::error(format!("cannot read {} ({e})", path.display())))?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").map(<[u8]>::to_vec).unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        Diagnostic::error("the file is not UTF-8 text (perhaps saved as Windows-1252 / ANSI)")
            .at(path, at..at + 1)
            .hint("save it again as UTF-8 in your editor")
    })
}

/// A hash of a text, to notice changed chapters.
fn hash_of(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}
