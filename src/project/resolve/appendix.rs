//! A `lampiran` entry: a text (.md/.typ), a PDF (all pages or `halaman: 2-5`), an image or a
//! list of images (issue 23). A PDF is opened here, so an encrypted or damaged file and a
//! range outside it are reported at the entry's line of thesis.yaml, before Typst sees it.

use std::path::Path;

use serde::Serialize;
use serde_saphyr::{Location, Spanned};

use super::super::schema::{RawAppendix, RawAppendixFiles, RawPages};
use super::{Resolver, location_range};
use crate::diag::{Diagnostic, line_range};

/// An appendix as the template draws it.
#[derive(Debug, Clone, Serialize)]
pub struct Appendix {
    pub judul: Option<String>,
    /// `teks` (an included chapter-like file), `pdf` or `gambar` (images).
    pub jenis: &'static str,
    /// The included `.typ` (teks), the PDF, or the first image (compiler path).
    pub file: String,
    /// What is placed one per page (pdf and gambar; empty for teks).
    pub halaman: Vec<Sheet>,
    /// The 1-based line of thesis.yaml the entry starts at (for `tesis check`).
    #[serde(skip)]
    pub line: usize,
}

/// One placed page: an image, or a page of a PDF (1-based).
#[derive(Debug, Clone, Serialize)]
pub struct Sheet {
    pub file: String,
    pub page: Option<u32>,
}

const TEXT: &[&str] = &["md", "typ"];
const IMAGES: &[&str] = &["png", "jpg", "jpeg", "svg"];
const ANY: &[&str] = &["md", "typ", "pdf", "png", "jpg", "jpeg", "svg"];
const ONLY_IMAGES: &[&str] = &["png", "jpg", "jpeg", "svg"];

impl Resolver<'_> {
    /// Resolves one `lampiran` item, reporting problems at its line.
    pub(super) fn appendix(&mut self, a: &Spanned<RawAppendix>) -> Option<Appendix> {
        let (judul, files, halaman) = match &a.value {
            RawAppendix::File(f) => (None, RawAppendixFiles::One(f.clone()), None),
            RawAppendix::Titled { judul, file, halaman } => (judul.clone(), file.clone(), halaman.clone()),
            RawAppendix::Invalid(_) => {
                self.err_at(
                    &a.referenced,
                    "each `lampiran` item must be a file name or `{ judul: …, file: … }` (with `halaman: 2-5` for part of a PDF)",
                );
                return None;
            }
        };
        let at = a.referenced;
        let line = at.line() as usize;
        let spanned = |f: &str| Spanned::new(f.to_string(), a.referenced, a.defined);
        match files {
            RawAppendixFiles::Many(list) => {
                if list.is_empty() {
                    self.err_at(&at, "`lampiran`: `file:` lists no images");
                    return None;
                }
                self.refuse_pages(&at, &halaman, "a list of images")?;
                let sheets: Vec<Sheet> = list
                    .iter()
                    .filter_map(|f| self.file(&spanned(f), ONLY_IMAGES))
                    .map(|file| Sheet { file, page: None })
                    .collect();
                (sheets.len() == list.len()).then(|| Appendix {
                    judul,
                    jenis: "gambar",
                    file: sheets[0].file.clone(),
                    halaman: sheets,
                    line,
                })
            }
            RawAppendixFiles::One(f) => {
                let ext = extension(&f);
                if TEXT.contains(&ext.as_str()) {
                    self.refuse_pages(&at, &halaman, "a text appendix")?;
                    let file = self.source(&spanned(&f), TEXT)?;
                    return Some(Appendix { judul, jenis: "teks", file, halaman: vec![], line });
                }
                if IMAGES.contains(&ext.as_str()) {
                    self.refuse_pages(&at, &halaman, "an image")?;
                    let file = self.file(&spanned(&f), IMAGES)?;
                    let halaman = vec![Sheet { file: file.clone(), page: None }];
                    return Some(Appendix { judul, jenis: "gambar", file, halaman, line });
                }
                let found = self.locate(&spanned(&f), ANY)?;
                let count = match pdf_page_count(&found.disk) {
                    Ok(n) => n,
                    Err(problem) => {
                        let d = self.diag_at(&at, &format!("`{f}`: {problem}")).hint(problem.hint());
                        self.errors.push(d);
                        return None;
                    }
                };
                let pages = match &halaman {
                    None => (1..=count).collect(),
                    Some(p) => match parse_pages(p, count) {
                        Ok(pages) => pages,
                        Err(e) => {
                            self.err_at_key(&at, "halaman", &format!("`halaman` of `{f}`: {e}"));
                            return None;
                        }
                    },
                };
                let halaman = pages.into_iter().map(|p| Sheet { file: found.vpath.clone(), page: Some(p) }).collect();
                Some(Appendix { judul, jenis: "pdf", file: found.vpath, halaman, line })
            }
        }
    }

    /// Refuses `halaman:` on what is not a PDF.
    fn refuse_pages(&mut self, at: &Location, halaman: &Option<RawPages>, what: &str) -> Option<()> {
        if halaman.is_some() {
            self.err_at_key(at, "halaman", &format!("`halaman` chooses pages of a PDF; {what} has none"));
            return None;
        }
        Some(())
    }

    /// Records an error at the line of `key:` inside the item that starts at `at` (or at `at`).
    fn err_at_key(&mut self, at: &Location, key: &str, message: &str) {
        let mut range = location_range(self.yaml, at);
        let start_line = at.line() as usize;
        let needle = format!("{key}:");
        for (i, line) in self.yaml.lines().enumerate().skip(start_line.saturating_sub(1)).take(8) {
            if i + 1 > start_line && (line.trim_start().starts_with("- ") || line.trim().is_empty()) {
                break;
            }
            if let Some(col) = line.find(&needle) {
                let whole = line_range(self.yaml, i + 1);
                range = (whole.start + col)..whole.end;
                break;
            }
        }
        let d = Diagnostic::error(message).at(self.yaml_path, range);
        self.errors.push(d);
    }
}

/// `d` placed at the appendix's entry in thesis.yaml (for what is found about it after loading).
pub fn at_entry(yaml_path: &Path, a: &Appendix, d: Diagnostic) -> Diagnostic {
    let yaml = std::fs::read_to_string(yaml_path).unwrap_or_default();
    if a.line > 0 && a.line <= yaml.lines().count() {
        d.at_text(yaml_path.to_path_buf(), &yaml, line_range(&yaml, a.line))
    } else {
        d
    }
}

/// Why a PDF cannot be placed.
#[derive(Debug, PartialEq, Eq)]
pub enum PdfProblem {
    Encrypted,
    Damaged(String),
    Empty,
    Unreadable(String),
}

impl std::fmt::Display for PdfProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfProblem::Encrypted => {
                write!(f, "the PDF is encrypted (password-protected), so its pages cannot be placed")
            }
            PdfProblem::Damaged(why) => write!(f, "the PDF is damaged and cannot be read ({why})"),
            PdfProblem::Empty => write!(f, "the PDF has no pages"),
            PdfProblem::Unreadable(why) => write!(f, "cannot read the file: {why}"),
        }
    }
}

impl PdfProblem {
    /// What the student can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            PdfProblem::Encrypted => {
                "save an unprotected copy (print it to PDF, or `qpdf --decrypt in.pdf out.pdf`) and name that copy"
            }
            PdfProblem::Damaged(_) | PdfProblem::Empty => {
                "open the file in a PDF viewer; export or scan it again and name the new file"
            }
            PdfProblem::Unreadable(_) => "check that the file is not open elsewhere and that you may read it",
        }
    }
}

/// The number of pages of a PDF, refusing an encrypted or damaged one.
pub fn pdf_page_count(path: &Path) -> Result<u32, PdfProblem> {
    let bytes = std::fs::read(path).map_err(|e| PdfProblem::Unreadable(e.to_string()))?;
    let encrypt_marker = bytes.windows(8).any(|w| w == b"/Encrypt");
    let doc = match lopdf::Document::load_mem(&bytes) {
        Ok(doc) => doc,
        Err(_) if encrypt_marker => return Err(PdfProblem::Encrypted),
        Err(e) => return Err(PdfProblem::Damaged(e.to_string())),
    };
    if doc.is_encrypted() || doc.was_encrypted() {
        return Err(PdfProblem::Encrypted);
    }
    // lopdf repairs a file cut short and finds pages Typst's reader does not: a PDF ends with
    // `%%EOF` (within its last kilobyte, some writers add bytes after it).
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(PdfProblem::Damaged("the file ends before its end marker: was it copied only in part?".into()));
    }
    match doc.get_pages().len() {
        0 => Err(PdfProblem::Empty),
        n => Ok(n as u32),
    }
}

/// Parses `halaman:` (`3`, `2-5`, `1, 3-4`) against a PDF of `count` pages.
pub fn parse_pages(p: &RawPages, count: u32) -> Result<Vec<u32>, String> {
    let text = match p {
        RawPages::Number(n) => n.to_string(),
        RawPages::Text(t) => t.clone(),
    };
    let bad = || format!("`{text}` is not a page range; write `3`, `2-5` or `1, 3-4`");
    let mut pages = vec![];
    for part in text.split(',') {
        let (a, b) = match part.split_once(['-', '–']) {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part.trim(), part.trim()),
        };
        let a: u32 = a.parse().map_err(|_| bad())?;
        let b: u32 = b.parse().map_err(|_| bad())?;
        if a == 0 || b < a {
            return Err(bad());
        }
        if b > count {
            return Err(format!(
                "page {b} asked for, but the PDF has {count} page{}",
                if count == 1 { "" } else { "s" }
            ));
        }
        pages.extend(a..=b);
    }
    Ok(pages)
}

fn extension(f: &str) -> String {
    Path::new(f).extension().and_then(|e| e.to_str()).map(str::to_lowercase).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_ranges() {
        assert_eq!(parse_pages(&RawPages::Text("2-4".into()), 5), Ok(vec![2, 3, 4]));
        assert_eq!(parse_pages(&RawPages::Text("1, 3-4".into()), 5), Ok(vec![1, 3, 4]));
        assert_eq!(parse_pages(&RawPages::Number(5), 5), Ok(vec![5]));
        assert!(parse_pages(&RawPages::Text("4-2".into()), 5).unwrap_err().contains("not a page range"));
        assert!(parse_pages(&RawPages::Text("0".into()), 5).is_err());
        assert!(parse_pages(&RawPages::Text("2-9".into()), 5).unwrap_err().contains("has 5 pages"));
        assert!(parse_pages(&RawPages::Text("dua".into()), 5).is_err());
    }
}
