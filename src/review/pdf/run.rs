//! `tesis review FILE.pdf`: read the marks, refuse a PDF of another thesis, rebuild the layout
//! the PDF was made from, lay each mark on its glyphs and place it in the chapters — then write
//! every chapter at once or, with `--dry-run`, show the change as a unified diff.

use std::path::Path;

use super::annots::{self, Annotated};
use super::layout::{self, Basis};
use super::{carry, marks};
use crate::compile::{Config, Mode};
use crate::diag::Diagnostic;
use crate::output::pdf::Record;
use crate::review::place;
use crate::review::run::{Report, commit, diff};

/// The most marks one PDF may bring: more than any supervisor writes by hand (a PDF with more
/// was made by a program, and writing them all would bury the chapters).
const MAX_MARKS: usize = 5000;

/// The longest note written into a chapter, in characters; a longer one is cut there (and
/// the summary says so).
const MAX_NOTE: usize = 2000;

/// What an import of a PDF did, and on which sources its marks were laid.
pub struct PdfReport {
    /// The change (as for a Word document).
    pub report: Report,
    /// A sentence about the sources the marks were laid on, when they are not simply the files
    /// on disk.
    pub basis: Option<String>,
    /// How many marks the PDF holds.
    pub marks: usize,
    /// What the student should know about marks that were written (a note cut short).
    pub notes: Vec<String>,
    /// How long each phase took, for `TESIS_TIMING` (bench/review_pdf.sh).
    pub timing: Vec<(&'static str, std::time::Duration)>,
}

/// Imports the marks of `file` into the project at `root`; `config` gives the compile options
/// for the kind of build the PDF records.
pub fn run(
    file: &Path,
    root: &Path,
    config: impl Fn(Mode) -> Config,
    dry_run: bool,
) -> Result<PdfReport, Vec<Diagnostic>> {
    let name = file.display();
    let bytes = std::fs::read(file).map_err(|e| vec![Diagnostic::error(format!("cannot read {name}: {e}"))])?;
    let project = crate::project::Project::load(root)?;
    // Reading a PDF of hundreds of pages takes a while: the thesis compiles meanwhile, for the
    // record read off the end of the file, and again only if the PDF's parsed record differs.
    let guess = sniff(&bytes);
    let started = std::time::Instant::now();
    let mut timing = Vec::new();
    let (read, speculative) = std::thread::scope(|scope| {
        let reading = scope.spawn(|| {
            let read = annots::read(&bytes);
            (read, started.elapsed())
        });
        let built = (guess.as_ref().is_none_or(|r| r.mode.as_deref() != Some("diff")))
            .then(|| layout::build(&project, config(mode_of(guess.as_ref())), guess.as_ref()));
        (reading.join(), built)
    });
    let (read, read_time) =
        read.map_err(|_| vec![Diagnostic::error(format!("{name}: the PDF could not be read; nothing was changed"))])?;
    let Annotated { record, mut annotations, doc } =
        read.map_err(|e| vec![Diagnostic::error(format!("{name}: {e}; nothing was changed"))])?;
    timing.push(("read", read_time));
    timing.push(("read_compile", started.elapsed()));
    if annotations.len() > MAX_MARKS {
        return Err(vec![
            Diagnostic::error(format!(
                "{name} holds {} annotations, more than a supervisor writes by hand (tesis review takes at most \
                 {MAX_MARKS}); nothing was changed",
                annotations.len()
            ))
            .hint("the PDF was probably marked by a program: ask for the supervisor's own copy"),
        ]);
    }
    if let Some(t) = title(&doc)
        && !normalise(&t).starts_with(&normalise(&project.thesis.judul))
    {
        return Err(vec![
            Diagnostic::error(format!(
                "{name} is the PDF of another thesis («{}»), not of this one («{}»); nothing was changed",
                t.trim(),
                project.thesis.judul.trim()
            ))
            .hint("run tesis review in the folder of the thesis the PDF belongs to (--root DIR)"),
        ]);
    }
    let mut cut = Vec::new();
    for (i, a) in annotations.iter_mut().enumerate() {
        if a.contents.chars().count() > MAX_NOTE {
            a.contents = a.contents.chars().take(MAX_NOTE).collect::<String>() + "…";
            cut.push(format!(
                "the note of mark #{} (hal. {}) is longer than {MAX_NOTE} characters: only its start was written",
                i + 1,
                a.page
            ));
        }
    }
    if record.as_ref().is_some_and(|r| r.mode.as_deref() == Some("diff")) {
        return Err(vec![
            Diagnostic::error(format!(
                "{name} is a PDF of tesis diff (the changes since an older version marked on it), not of the thesis; \
                 nothing was changed"
            ))
            .hint("send the supervisor the PDF of tesis build (or tesis build --review) to annotate"),
        ]);
    }
    let mode = mode_of(record.as_ref());
    let built = match speculative {
        Some(Ok(built)) if built.is_for(record.as_ref(), mode) => built,
        Some(Err(errors)) if guess == record => return Err(errors),
        _ => layout::build(&project, config(mode), record.as_ref())?,
    };
    // The pages with marks, and the next ones (where a highlight may run on).
    let marked: std::collections::BTreeSet<usize> =
        annotations.iter().flat_map(|a| [a.page.saturating_sub(1), a.page]).collect();
    let mapping = std::time::Instant::now();
    let laid = built.map(|i| marked.contains(&i));
    timing.push(("map", mapping.elapsed()));
    let placing = std::time::Instant::now();
    let pdf_pages = doc.get_pages().len();
    // Marks on pages that are not the PDF's own, when the layout may not be the PDF's.
    let mut unplaced = Vec::new();
    let mut skip = vec![false; annotations.len()];
    if let Basis::Unverified { .. } = laid.basis {
        let mut checked: std::collections::BTreeMap<usize, bool> = Default::default();
        for (i, a) in annotations.iter().enumerate() {
            let same = *checked.entry(a.page).or_insert_with(|| {
                let theirs = doc.extract_text(&[a.page as u32]).ok().map(|t| layout::letters(&t));
                let ours = laid
                    .map
                    .pages
                    .get(a.page - 1)
                    .map(|p| layout::letters(&p.glyphs.iter().map(|g| g.text.as_str()).collect::<String>()));
                theirs.is_some_and(|t| !t.is_empty() && Some(t) == ours)
            });
            if !same {
                unplaced.push(format!(
                    "{} di hal. {}: not written, that page of the PDF is not the same as in today's build",
                    marks::kind_name(&a.kind),
                    a.page
                ));
                skip[i] = true;
            }
        }
    } else if pdf_pages != 0 && pdf_pages != laid.map.pages.len() {
        return Err(vec![Diagnostic::error(format!(
            "{name} has {pdf_pages} pages, but the thesis it records builds to {}; nothing was changed",
            laid.map.pages.len()
        ))]);
    }
    let count = annotations.len();
    let laid_marks = marks::lay(&annotations, &skip, &laid.map, &laid.sources);
    let mut plan = place::place(&laid_marks.model, &laid.sources, &laid_marks.items);
    plan.unplaced.splice(0..0, laid_marks.unplaced);
    plan.unplaced.splice(0..0, unplaced);
    let basis = match &laid.basis {
        Basis::Same => None,
        Basis::Past { commit, root: past, .. } => {
            plan = carry::carry(&plan, past, &project.root);
            Some(format!(
                "the sources changed since the PDF was built: its marks were laid on commit {} and carried onto today's text",
                layout::short(commit)
            ))
        }
        Basis::Unverified { why } => {
            Some(format!("{why}: marks were laid on today's build, on the pages whose text is the same as the PDF's"))
        }
    };
    timing.push(("place", placing.elapsed()));
    let writing = std::time::Instant::now();
    let mut report = Report { anchored: true, ..Report::default() };
    if dry_run {
        report.diff = Some(diff(&plan));
    } else {
        report.written = commit(&plan).map_err(|d| vec![d])?;
    }
    report.plan = plan;
    timing.push((if dry_run { "diff" } else { "write" }, writing.elapsed()));
    Ok(PdfReport { report, basis, marks: count, notes: cut, timing })
}

/// The kind of build a record names (a draft when it names none).
fn mode_of(record: Option<&Record>) -> Mode {
    record.and_then(|r| r.mode.as_deref()).and_then(Mode::from_name).unwrap_or(Mode::Draft)
}

/// The record as it stands in the last update of the file (`/TesisInputs(…)`, written in the
/// clear by tesis and kept so by an incremental save): a guess to start compiling on before
/// the PDF is parsed; the parsed record decides.
fn sniff(bytes: &[u8]) -> Option<Record> {
    let value = |key: &[u8]| {
        let at = bytes.windows(key.len()).rposition(|w| w == key)? + key.len();
        let rest = &bytes[at..];
        let rest = rest.strip_prefix(b" ").unwrap_or(rest).strip_prefix(b"(")?;
        let end = rest.iter().take(64).position(|&b| b == b')')?;
        std::str::from_utf8(&rest[..end]).ok().map(str::to_string)
    };
    Some(Record { inputs: value(b"/TesisInputs")?, commit: value(b"/TesisCommit"), mode: value(b"/TesisMode") })
}

/// The PDF's /Info title, if it has one.
fn title(doc: &lopdf::Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let (_, info) = doc.dereference(info).ok()?;
    let title = info.as_dict().ok()?.get(b"Title").ok()?;
    lopdf::decode_text_string(doc.dereference(title).ok()?.1).ok()
}

/// A title with runs of white space made one space and upper-cased, for comparing.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase()
}
