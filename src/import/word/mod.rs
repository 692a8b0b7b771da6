//! `tesis import FILE.docx` (issue 21): a Word draft becomes a project.
//!
//! The package is opened by the review's reader ([`crate::review::package`]: it refuses a Word
//! 97 .doc, an encrypted, damaged or zip-bomb file), then [`read`] reads the body and footnotes
//! into the small [`model`], [`markdown`] writes it as a Markdown draft (citation fields through
//! [`cite`]), and the draft goes through the same route as `tesis import FILE.md`
//! ([`crate::import::import_word`]: chapter heads, cover values, heading levels from the typed
//! numbering, the report).

mod cite;
mod inline;
mod markdown;
mod model;
pub mod project;
mod read;
#[cfg(test)]
mod tests;

use std::io::Read;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::import::{Imported, Report};
use crate::review::package::{self, PART_LIMIT, TOTAL_LIMIT};

/// A Word draft imported: the chapters and values, the files that go with them.
#[derive(Debug)]
pub struct WordImport {
    /// Chapters, cover values and the report.
    pub imported: Imported,
    /// The Markdown draft the chapters came from (the report's lines are its lines).
    pub draft: String,
    /// Files for the project (figures, CSV tables): path relative to the root, bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// pustaka.bib from the citation fields (None when the draft cites nothing).
    pub bib: Option<String>,
}

/// The mimetype an OpenDocument text starts with.
const ODT_MIME: &[u8] = b"mimetypeapplication/vnd.oasis.opendocument.text";

/// Imports the .docx at `path`.
pub fn import(path: &Path) -> Result<WordImport, Diagnostic> {
    let name = path.display();
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::error(format!("cannot read {name} ({e})")))?;
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
    if ext == "odt" || bytes.get(30..30 + ODT_MIME.len()) == Some(ODT_MIME) {
        return Err(Diagnostic::error(format!("{name} is an OpenDocument text (.odt), not a Word .docx")).hint(
            "open it in LibreOffice Writer and save it as Word 2007-365 (.docx), then run tesis import on the .docx",
        ));
    }
    let pkg = package::parse(path, &bytes).map_err(|mut d| {
        d.hints = d
            .hints
            .iter()
            .map(|h| h.replace(", keeping the tracked changes", "").replace("tesis review", "tesis import"))
            .collect();
        d
    })?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..]))
        .map_err(|e| Diagnostic::error(format!("{name} is not a readable .docx ({e})")))?;
    let mut budget =
        TOTAL_LIMIT.saturating_sub((pkg.document.len() + pkg.footnotes.as_ref().map_or(0, String::len)) as u64);
    let mut part =
        |part: &str| -> Result<Option<Vec<u8>>, Diagnostic> { bounded(path, &mut archive, part, &mut budget) };
    let text = |b: Option<Vec<u8>>| b.map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    let styles = read::styles(&text(part("word/styles.xml")?));
    let mut docx = model::Docx {
        images: read::image_targets(&text(part("word/_rels/document.xml.rels")?)),
        bullets: read::bullets(&text(part("word/numbering.xml")?)),
        ..model::Docx::default()
    };
    let invalid = |what: &str, e: quick_xml::Error| Diagnostic::error(format!("{name}: {what} is not valid XML ({e})"));
    read::story(&pkg.document, &styles, &mut docx, false).map_err(|e| invalid("word/document.xml", e))?;
    if let Some(notes) = &pkg.footnotes {
        read::story(notes, &styles, &mut docx, true).map_err(|e| invalid("word/footnotes.xml", e))?;
    }
    let mut report = Report::default();
    let mut media_error = None;
    let mut media = |p: &str| match part(p) {
        Ok(b) => b,
        Err(d) => {
            media_error.get_or_insert(d);
            None
        }
    };
    let draft = markdown::draft(&docx, &mut report, &mut media).map_err(|why| {
        Diagnostic::error(format!("{name} cannot be imported: {why}")).hint(
            "mark each chapter head with the Heading 1 style, or type it as a line \"BAB I\" followed by its title",
        )
    })?;
    if let Some(d) = media_error {
        return Err(d);
    }
    compare_bibliography(&draft, &mut report);
    let bib = (!draft.library.works.is_empty()).then(|| draft.library.bib());
    let imported = crate::import::import_word(&draft.md, draft.notes.clone(), report);
    Ok(WordImport { imported, draft: draft.md, files: draft.files, bib })
}

/// Reports how a typed DAFTAR PUSTAKA (or a bibliography field) compares with the works cited.
fn compare_bibliography(draft: &markdown::Draft, report: &mut Report) {
    if draft.bibliography.is_empty() {
        return;
    }
    let works = &draft.library.works;
    let unmatched: Vec<&String> =
        draft.bibliography.iter().filter(|l| !works.iter().any(|(_, _, item)| cite::mentions(l, item))).collect();
    let uncited: Vec<&String> = works
        .iter()
        .filter(|(_, _, item)| !draft.bibliography.iter().any(|l| cite::mentions(l, item)))
        .map(|(_, k, _)| k)
        .collect();
    report.undecided(
        crate::import::DOCUMENT,
        format!(
            "DAFTAR PUSTAKA: {} entries in the document, {} works cited by fields; tesis prints the list from pustaka.bib, the document's list was not imported",
            draft.bibliography.len(),
            works.len()
        ),
    );
    for line in unmatched {
        let short: String = line.chars().take(80).collect();
        report.undecided(
            crate::import::DOCUMENT,
            format!("DAFTAR PUSTAKA entry matches no citation field (add it to pustaka.bib if you cite it): {short}"),
        );
    }
    for key in uncited {
        report.undecided(crate::import::DOCUMENT, format!("@{key} is cited but not in the document's DAFTAR PUSTAKA"));
    }
}

/// Reads one part's bytes, refusing parts that unpack beyond the review reader's limits.
fn bounded<R: Read + std::io::Seek>(
    path: &Path,
    archive: &mut zip::ZipArchive<R>,
    part: &str,
    budget: &mut u64,
) -> Result<Option<Vec<u8>>, Diagnostic> {
    let name = path.display();
    let entry = match archive.by_name(part) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(Diagnostic::error(format!("{name} is damaged: cannot unpack {part} ({e})"))),
    };
    let limit = PART_LIMIT.min(*budget);
    let mut data = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut data)
        .map_err(|e| Diagnostic::error(format!("{name} is damaged: cannot unpack {part} ({e})")))?;
    if data.len() as u64 > limit {
        return Err(Diagnostic::error(format!(
            "{name} is not a document tesis will unpack: {part} would grow beyond {} MB (a zip bomb or a damaged file)",
            limit >> 20
        )));
    }
    *budget -= data.len() as u64;
    Ok(Some(data))
}
