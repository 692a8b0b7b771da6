//! The one PDF export: a compiled thesis to PDF bytes, with the options the verbs need (PDF/A for
//! the submission, structure tags, a page selection). Writing the bytes is [`super::write_atomic`]'s
//! job.

use typst::diag::SourceDiagnostic;
use typst::foundations::{Datetime, Smart};
use typst::syntax::DiagSpanKind;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::compile::Compiled;
use crate::diag::Diagnostic;
use crate::project::Project;

/// How to export.
#[derive(Debug, Clone, Default)]
pub struct PdfExport {
    /// PDF/A-2u (the `--final` build).
    pub archival: bool,
    /// Structure tags for screen readers. `tesis watch` leaves them out of its working copy: they
    /// take about 40 % of the export (300 pages: 0.22 s instead of 0.36 s; bench/RESULTS.md).
    /// Typst cannot tag a PDF of some pages only, so a page selection is never tagged.
    pub tagged: bool,
    /// Only these pages (1-based), e.g. `diff --only-changed`; all when `None`.
    pub pages: Option<Vec<usize>>,
    /// Append the [`Record`] of what the PDF was built from. Left out of `tesis watch`'s working
    /// copy: lopdf reads the whole PDF to append it, 0.24 s for 288 pages, longer than the
    /// untagged export itself (a PDF without the record is reviewed by matching its text).
    pub record: bool,
    /// The PDF of `tesis diff`: its record says so (`/TesisMode (diff)`), since its pages are not
    /// the thesis's and `tesis review` must not lay marks on them.
    pub diff: bool,
    /// A piece of the submission pack (`tesis build --parts`), by its file name: it gets a
    /// document identifier of its own.
    pub piece: Option<String>,
}

impl PdfExport {
    /// The tagged PDF of `tesis build` (PDF/A when `archival`).
    pub fn document(archival: bool) -> Self {
        Self { archival, tagged: true, pages: None, record: true, diff: false, piece: None }
    }

    /// A piece of the submission pack: some pages of the final PDF, PDF/A like it, without the
    /// record (a piece is never reviewed) and untagged (Typst tags only a whole document).
    pub fn piece(pages: Vec<usize>, file: &str) -> Self {
        Self { archival: true, tagged: false, pages: Some(pages), record: false, diff: false, piece: Some(file.into()) }
    }

    /// The working copy `tesis watch` writes after every save: untagged, without the record.
    /// Metadata, bookmarks and the language tag (F30) are there.
    pub fn working_copy() -> Self {
        Self::default()
    }

    /// The PDF of `tesis diff`: some pages of the marked document (all when `None`).
    pub fn diff(pages: Option<Vec<usize>>) -> Self {
        Self { tagged: pages.is_none(), pages, archival: false, record: true, diff: true, piece: None }
    }
}

/// Exports a compiled thesis to PDF bytes.
pub fn export(compiled: &Compiled, how: &PdfExport) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let thesis = &compiled.project.thesis;
    let timestamp = thesis.date.and_then(|(y, m, d)| Datetime::from_ymd(y, m, d)).map(Timestamp::new_utc);
    let standards = if how.archival { vec![PdfStandard::A_2u] } else { vec![] };
    let standards = PdfStandards::new(&standards).map_err(|e| vec![Diagnostic::error(e.message().to_string())])?;
    let options = PdfOptions {
        // F31: a stable identifier, so that unchanged sources give identical bytes.
        ident: Smart::Custom(format!(
            "tesis/{}/{}{}",
            thesis.penulis.nim.as_deref().unwrap_or(""),
            thesis.judul,
            how.piece.as_deref().map(|f| format!("/{f}")).unwrap_or_default()
        )),
        creator: Smart::Custom(Some(format!("tesis {}", crate::VERSION))),
        timestamp,
        page_ranges: how.pages.clone().map(|pages| {
            typst::layout::PageRanges::new(
                pages.into_iter().filter_map(std::num::NonZeroUsize::new).map(|p| Some(p)..=Some(p)).collect(),
            )
        }),
        standards,
        tagged: how.tagged && how.pages.is_none(),
        pretty: false,
    };
    let bytes = typst_pdf::pdf(&compiled.document, &options)
        .map_err(|errors| errors.iter().map(|e| export_error(&compiled.project, e)).collect::<Vec<_>>())?;
    if !how.record {
        return Ok(bytes);
    }
    let record = Record {
        inputs: crate::docx::inputs_hash(&compiled.project),
        commit: crate::docx::git_commit(&compiled.project.root),
        mode: Some(if how.diff { "diff" } else { compiled.mode.name() }.to_string()),
    };
    stamp(bytes, &record).map_err(|e| vec![Diagnostic::error(format!("cannot record the build in the PDF: {e}"))])
}

/// What a PDF was built from, kept in its document information dictionary so that
/// `tesis review FILE.pdf` can tell whether the sources changed since (issue 17).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The hash of thesis.yaml, the sources and the bibliography (the same as the Word export's
    /// `tesis.inputs`).
    pub inputs: String,
    /// The commit of a clean git checkout, if the project is one.
    pub commit: Option<String>,
    /// The kind of build (`draft`, `review`, `final`): the layout differs between them.
    pub mode: Option<String>,
}

/// The keys of the record in the PDF's `/Info` dictionary.
const INPUTS_KEY: &[u8] = b"TesisInputs";
const COMMIT_KEY: &[u8] = b"TesisCommit";
const MODE_KEY: &[u8] = b"TesisMode";

/// Appends the record to a PDF as an incremental update (ISO 32000-1, 7.5.6): the bytes Typst
/// wrote stay as they are, followed by a new `/Info` dictionary (the old entries plus the
/// record), a cross-reference section and a trailer. Deterministic: the same PDF and record give
/// the same bytes (F31).
pub fn stamp(pdf: Vec<u8>, record: &Record) -> Result<Vec<u8>, lopdf::Error> {
    let prev = lopdf::Document::load_mem(&pdf)?;
    let mut doc = lopdf::IncrementalDocument::create_from(pdf, prev);
    let prev = doc.get_prev_documents();
    let old_info = prev.trailer.get(b"Info").and_then(lopdf::Object::as_reference).ok();
    let mut info = match old_info.and_then(|id| prev.get_dictionary(id).ok()) {
        Some(dict) => dict.clone(),
        None => lopdf::Dictionary::new(),
    };
    info.set(INPUTS_KEY, lopdf::Object::string_literal(record.inputs.as_str()));
    if let Some(commit) = &record.commit {
        info.set(COMMIT_KEY, lopdf::Object::string_literal(commit.as_str()));
    }
    if let Some(mode) = &record.mode {
        info.set(MODE_KEY, lopdf::Object::string_literal(mode.as_str()));
    }
    let id = match old_info {
        Some(id) => {
            doc.new_document.set_object(id, info);
            id
        }
        None => doc.new_document.add_object(info),
    };
    doc.new_document.trailer.set("Info", id);
    let mut out = Vec::with_capacity(doc.get_prev_documents_bytes().len() + 1024);
    doc.save_to(&mut out)?;
    Ok(out)
}

/// The record of a PDF tesis wrote; `None` when it has none (made by another program, or
/// rewritten by one: a printer driver, "save as").
pub fn read_record(doc: &lopdf::Document) -> Option<Record> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        lopdf::Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        lopdf::Object::Dictionary(dict) => dict,
        _ => return None,
    };
    let text =
        |key: &[u8]| info.get(key).ok().and_then(|o| o.as_str().ok()).map(|b| String::from_utf8_lossy(b).into_owned());
    Some(Record { inputs: text(INPUTS_KEY)?, commit: text(COMMIT_KEY), mode: text(MODE_KEY) })
}

/// A PDF export error, located in the student's `.typ` file when its span is there.
fn export_error(project: &Project, e: &SourceDiagnostic) -> Diagnostic {
    let mut d = Diagnostic::error(format!("cannot write the PDF: {}", e.message));
    if e.message.contains("embedding PDFs") {
        d = d.hint("the --final build is PDF/A, which cannot embed PDF files: convert the page to PNG or JPEG (e.g. `pdftoppm -png -r 300 FILE.pdf page`) and use that image");
    }
    let place = match e.span.get() {
        DiagSpanKind::Number { id, num, sub_range } => Some((id, Some((num, sub_range)), 0..0)),
        DiagSpanKind::Range { id, range } => Some((id, None, range)),
        DiagSpanKind::Detached => None,
    };
    if let Some((id, number, range)) = place
        && matches!(id.root(), typst::syntax::VirtualRoot::Project)
        && !id.vpath().get_with_slash().starts_with(crate::world::GENERATED_DIR)
    {
        // The export runs after the compile: read the file again (span numbers are stable for
        // the same text).
        let disk = project.disk_path(id.vpath().get_with_slash());
        if let Ok(text) = std::fs::read_to_string(&disk) {
            let range = match number {
                Some((num, sub)) => typst::syntax::Source::new(id, text.clone()).range(num, sub),
                None => Some(range),
            };
            if let Some(range) = range {
                d = d.at_text(disk, &text, range);
            }
        }
    }
    d
}
