//! The one compile path every verb uses: project → converted chapters → world → document, with
//! Typst's diagnostics mapped back to the student's files (a converted Markdown chapter's errors
//! point at the `.md` line).
//!
//! A [`Session`] keeps one world and the conversions alive between builds, so `watch` recompiles
//! incrementally; `build` uses a session once. Writing the PDF is [`crate::output`]'s job.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use typst::WorldExt;
use typst::diag::{Severity as TypstSeverity, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::DiagSpanKind;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diag::{Diagnostic, Severity};
use crate::focus::{self, Anchors, FOCUS_JSON, FOCUS_MAIN, Focus};
use crate::markdown::{self, SourceMap};
use crate::project::{Mode, Project};
use crate::revise::criticmarkup::{self, MARKS_PATH, MARKS_TYP};
use crate::revise::offsets::OffsetMap;
use crate::world::{FOCUS_TYP, FileOrigin, FontOptions, THESIS_JSON, ThesisWorld};

/// How many compiles an unused cache entry survives: one, so the cache holds what the last
/// compile used, which is what the next one reuses. The Typst CLI's 10 made `tesis watch` grow
/// from 96 to 272 MiB over 100 edits of the sample thesis, with no faster rebuilds (issue 9, P3).
const EVICT_AGE: usize = 1;

/// How many errors are shown at most; the rest are counted.
const MAX_ERRORS: usize = 5;

/// What a verb asks of a compile.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    /// Draft, review or final.
    pub mode: Mode,
    /// Which fonts to use.
    pub fonts: FontOptions,
}

/// A laid-out thesis.
pub struct Compiled {
    /// The pages.
    pub document: PagedDocument,
    /// The project as it was loaded for this compile.
    pub project: Project,
    /// Warnings (the build succeeded).
    pub warnings: Vec<Diagnostic>,
    /// Time spent converting Markdown.
    pub convert_time: Duration,
    /// Time spent in Typst (evaluation and layout).
    pub typst_time: Duration,
}

/// A converted Markdown file, kept between builds while its text is unchanged.
struct Conversion {
    /// Hash of the Markdown text it came from.
    hash: u64,
    /// The `.md` on disk.
    md: PathBuf,
    /// The generated markup.
    typst: Bytes,
    /// Converter offsets → offsets of the Markdown it converted.
    map: SourceMap,
    /// Generated offsets → converter offsets (the CriticMarkup layer's calls).
    layer_map: OffsetMap,
    /// Offsets of the Markdown converted → `.md` offsets (marks rewritten before conversion).
    md_map: OffsetMap,
    /// The converter's warnings.
    warnings: Vec<Diagnostic>,
}

/// One project being compiled, possibly many times.
pub struct Session {
    /// The project folder as given.
    root: PathBuf,
    /// Options of every compile.
    options: BuildOptions,
    /// The world, created on the first compile (its root is canonical).
    world: Option<ThesisWorld>,
    /// Markdown conversions by generated path.
    conversions: HashMap<String, Conversion>,
    /// For the live preview (`tesis watch`): where each chapter stood in the last good build,
    /// so a save can be shown by laying out the edited chapter alone ([`crate::focus`]).
    anchors: Option<Anchors>,
    /// How long Typst took for the last compile (a first look is only worth it when long).
    last_typst_time: Duration,
}

/// The preview's first look at a save: the edited chapter laid out alone, while the whole
/// thesis is still compiling.
pub struct FirstLook<'a> {
    /// The chapter (0-based index into `bab:`).
    pub chapter: usize,
    /// The chapter's document.
    pub document: &'a PagedDocument,
    /// Its pages that show the chapter.
    pub shown: std::ops::Range<usize>,
    /// The pages of the last full build they replace.
    pub replaces: std::ops::Range<usize>,
}

/// What receives the first look, on the thread that made it.
pub type FirstLookHook<'a> = dyn FnMut(FirstLook<'_>) + Send + 'a;

/// A first look is made when the last compile took at least this long; `TESIS_FIRST_LOOK_MS`
/// sets another threshold (tests use 0).
const FIRST_LOOK_THRESHOLD: Duration = Duration::from_millis(250);

/// The threshold of a first look: [`FIRST_LOOK_THRESHOLD`] or `TESIS_FIRST_LOOK_MS`.
fn first_look_threshold() -> Duration {
    std::env::var("TESIS_FIRST_LOOK_MS")
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(FIRST_LOOK_THRESHOLD, Duration::from_millis)
}

/// The stack of the thread of the one-chapter compile: Typst recurses deeply on nested markup
/// and checks its own depth limits, which a small thread stack would not reach first.
const FOCUS_STACK: usize = 64 * 1024 * 1024;

impl Session {
    /// A session over the project at `root`.
    pub fn new(root: &Path, options: BuildOptions) -> Self {
        Self {
            root: root.to_path_buf(),
            options,
            world: None,
            conversions: HashMap::new(),
            anchors: None,
            last_typst_time: Duration::ZERO,
        }
    }

    /// The session of the live preview: the template adds what references to each chapter
    /// read, and each good build records where the chapters stand, for
    /// [`Session::compile_focused`].
    pub fn for_preview(mut self) -> Self {
        self.anchors = Some(Anchors::default());
        self
    }

    /// Loads the project, converts what changed and compiles. On failure, the diagnostics hold
    /// the errors first, then the warnings.
    pub fn compile(&mut self) -> Result<Compiled, Vec<Diagnostic>> {
        let result = self.compile_focused(&[], &mut |_| {});
        Self::evict();
        result
    }

    /// Drops what Typst's cache holds that the last compile did not use, so memory stays flat
    /// over many builds. [`Session::compile`] does it; a caller of
    /// [`Session::compile_focused`] does it once the preview and the PDF are out.
    pub fn evict() {
        typst::comemo::evict(EVICT_AGE);
        release_free_memory();
    }

    /// [`Session::compile`], and when `changed` is exactly one chapter's file (and this is a
    /// preview session whose last build placed that chapter), that chapter alone on a second
    /// thread beside it, handed to `first_look` as soon as it is laid out. A chapter that does
    /// not compile alone is simply not shown early; the full compile's outcome is the truth.
    pub fn compile_focused(
        &mut self,
        changed: &[PathBuf],
        first_look: &mut FirstLookHook<'_>,
    ) -> Result<Compiled, Vec<Diagnostic>> {
        let project = Project::load(&self.root, self.options.mode)?;
        let started = Instant::now();
        let mut generated = self.convert_markdown(&project)?;
        let convert_time = started.elapsed();
        let preview = self.anchors.is_some();
        generated.insert(THESIS_JSON.to_string(), Bytes::new(thesis_json(&project.thesis, preview)));
        generated.insert(MARKS_PATH.to_string(), Bytes::new(MARKS_TYP.as_bytes()));
        let focus = self.focus_for(changed, &project);
        if let Some(focus) = &focus {
            generated.insert(FOCUS_JSON.to_string(), Bytes::new(focus.json.clone()));
            generated.insert(FOCUS_TYP.to_string(), Bytes::new(FOCUS_MAIN.as_bytes()));
        }

        let world = match &mut self.world {
            Some(w) if w.root() == project.root => w,
            slot => slot.insert(ThesisWorld::new(&project.root, self.options.fonts)),
        };
        world.reset(generated);
        let world: &ThesisWorld = world;
        let started = Instant::now();
        let Warned { output, warnings } = std::thread::scope(|scope| {
            // The chapter alone on a second thread; the whole thesis here, as without a focus.
            if let Some(focus) = focus {
                let spawned = std::thread::Builder::new().stack_size(FOCUS_STACK).spawn_scoped(scope, move || {
                    if let Ok(document) = typst::compile::<PagedDocument>(&world.focused()).output {
                        let shown = focus::shown_pages(&document);
                        first_look(FirstLook {
                            chapter: focus.chapter,
                            document: &document,
                            shown,
                            replaces: focus.replaces,
                        });
                    }
                });
                // No second thread to be had: the preview waits for the whole thesis.
                drop(spawned);
            }
            typst::compile::<PagedDocument>(world)
        });
        let typst_time = started.elapsed();
        self.last_typst_time = typst_time;
        let mut converter_warnings: Vec<Diagnostic> =
            self.conversions.values().flat_map(|c| c.warnings.iter().cloned()).collect();
        converter_warnings.sort_by(|a, b| format!("{:?}", a.at).cmp(&format!("{:?}", b.at)));
        let world = self.world.as_ref().expect("created above");
        let mut mapped_warnings: Vec<Diagnostic> =
            warnings.iter().map(|w| map_diagnostic(world, &self.conversions, w)).collect();
        mapped_warnings.dedup();
        converter_warnings.extend(mapped_warnings);
        let result = match output {
            Ok(document) => {
                if let Some(anchors) = &mut self.anchors {
                    *anchors = Anchors::read(&document);
                }
                Ok(Compiled { document, project, warnings: converter_warnings, convert_time, typst_time })
            }
            Err(errors) => {
                let mut all: Vec<Diagnostic> =
                    errors.iter().map(|e| map_diagnostic(world, &self.conversions, e)).collect();
                all.dedup();
                if all.len() > MAX_ERRORS {
                    // A syntax error cascades ("expected comma" on every word that follows);
                    // the first ones are what the student needs.
                    let more = all.len() - MAX_ERRORS;
                    all.truncate(MAX_ERRORS);
                    all.push(Diagnostic::error(format!(
                        "… and {more} more errors, most likely caused by the ones above"
                    )));
                }
                all.extend(converter_warnings);
                Err(all)
            }
        };
        result
    }

    /// The one-chapter compile for a save of `changed`: when that is exactly one chapter's file
    /// and the last good build placed the chapter.
    fn focus_for(&self, changed: &[PathBuf], project: &Project) -> Option<Focus> {
        let anchors = self.anchors.as_ref()?;
        // A thesis that compiles in a blink gains nothing from a first look, and the chapter's
        // compile would hold its own cache (the 36-page sample: +35 MiB).
        if self.last_typst_time < first_look_threshold() {
            return None;
        }
        let [file] = changed else { return None };
        let file = file.canonicalize().ok()?;
        let include = &project.sources.iter().find(|s| s.disk.canonicalize().is_ok_and(|d| d == file))?.include;
        let chapter = project.thesis.bab.iter().position(|b| b == include)?;
        anchors.focus(chapter, project.thesis.format.nomor_catatan == "bab")
    }

    /// The files on disk the last compile read, plus the project's own inputs (for watching).
    pub fn dependencies(&mut self) -> Vec<PathBuf> {
        let mut deps = self.world.as_mut().map(|w| w.dependencies()).unwrap_or_default();
        deps.extend(self.conversions.values().map(|c| c.md.clone()));
        deps.sort();
        deps.dedup();
        deps
    }

    /// The generated files of the last compile (converted chapters and the thesis JSON), by
    /// compiler path, for `export-typst`.
    pub fn generated_files(&self, compiled: &Compiled) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> =
            self.conversions.iter().map(|(k, c)| (k.clone(), c.typst.to_vec())).collect();
        files.push((THESIS_JSON.to_string(), thesis_json(&compiled.project.thesis, false)));
        files.push((MARKS_PATH.to_string(), MARKS_TYP.as_bytes().to_vec()));
        files.sort();
        files
    }

    /// Converts the Markdown sources whose text changed since the last compile.
    fn convert_markdown(&mut self, project: &Project) -> Result<HashMap<String, Bytes>, Vec<Diagnostic>> {
        let mut generated = HashMap::new();
        let mut errors = Vec::new();
        let mut keep = Vec::new();
        for source in project.sources.iter().filter(|s| s.is_markdown()) {
            keep.push(source.include.clone());
            let text = match read_text(&source.disk) {
                Ok(text) => text,
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            };
            let hash = hash_of(&text);
            let fresh = self.conversions.get(&source.include).is_none_or(|c| c.hash != hash);
            if fresh {
                let ctx = markdown::Context { root: &project.root, md_path: &source.disk };
                // CriticMarkup: shown in draft and review builds, left out of the final one.
                let layer = criticmarkup::prepare(&text, !self.options.mode.final_);
                match markdown::convert(&layer.text, &ctx) {
                    Ok(converted) => {
                        let mut warnings: Vec<Diagnostic> = converted
                            .warnings
                            .iter()
                            .map(|w| md_diagnostic(&source.disk, &remap(w, &layer.map)))
                            .collect();
                        if self.options.mode.final_
                            && let Some(first) = layer.first_mark.clone()
                        {
                            warnings.push(final_marks_warning(&source.disk, layer.marks, first));
                        }
                        let (typst, layer_map) = layer.finish(&converted.typst);
                        self.conversions.insert(
                            source.include.clone(),
                            Conversion {
                                hash,
                                md: source.disk.clone(),
                                typst: Bytes::from_string(typst),
                                map: converted.map,
                                layer_map,
                                md_map: layer.map,
                                warnings,
                            },
                        );
                    }
                    Err(problems) => {
                        self.conversions.remove(&source.include);
                        errors.extend(problems.iter().map(|p| md_diagnostic(&source.disk, &remap(p, &layer.map))));
                        continue;
                    }
                }
            }
            if let Some(c) = self.conversions.get(&source.include) {
                generated.insert(source.include.clone(), c.typst.clone());
            }
        }
        self.conversions.retain(|k, _| keep.contains(k));
        if errors.is_empty() { Ok(generated) } else { Err(errors) }
    }
}

impl Conversion {
    /// The `.md` offset of a byte of the generated chapter.
    fn md_offset(&self, typst: usize) -> usize {
        self.md_map.source(self.map.md_offset(self.layer_map.source(typst)))
    }
}

/// A converter diagnostic moved from the converted text to the student's text.
fn remap(d: &markdown::MdDiagnostic, map: &OffsetMap) -> markdown::MdDiagnostic {
    let start = map.source(d.range.start);
    let end = map.source(d.range.end.saturating_sub(1)).max(start) + usize::from(!d.range.is_empty());
    markdown::MdDiagnostic { range: start..end, ..d.clone() }
}

/// The warning of a final build that left CriticMarkup out.
fn final_marks_warning(md: &Path, count: usize, first: std::ops::Range<usize>) -> Diagnostic {
    let marks = if count == 1 { "1 CriticMarkup mark".to_string() } else { format!("{count} CriticMarkup marks") };
    Diagnostic::warning(format!("{marks} left out of the final build (the text before the changes is printed)"))
        .at(md, first)
        .hint("apply them with `tesis accept FILE` or drop them with `tesis reject FILE`")
}

/// Exports a compiled thesis to PDF bytes. `archival` asks for PDF/A-2u (the `--final` build).
pub fn export_pdf(compiled: &Compiled, archival: bool) -> Result<Vec<u8>, Vec<Diagnostic>> {
    export_pdf_pages(compiled, archival, None)
}

/// Exports the working copy `tesis watch` writes after every save: the draft build without
/// the PDF's structure tags (for screen readers), which take about 40 % of the export (300
/// pages: 0.22 s instead of 0.36 s; bench/RESULTS.md). Metadata, bookmarks and the language tag
/// (F30) are there; `tesis build` writes the tagged PDF.
pub fn export_draft_pdf(compiled: &Compiled) -> Result<Vec<u8>, Vec<Diagnostic>> {
    export(compiled, false, None, false)
}

/// Exports some pages (1-based numbers, all when `None`) of a compiled thesis to PDF bytes.
pub fn export_pdf_pages(
    compiled: &Compiled,
    archival: bool,
    pages: Option<Vec<usize>>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    // Typst cannot tag a PDF of some pages only (`diff --only-changed`).
    let tagged = pages.is_none();
    export(compiled, archival, pages, tagged)
}

/// The one PDF export.
fn export(
    compiled: &Compiled,
    archival: bool,
    pages: Option<Vec<usize>>,
    tagged: bool,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let thesis = &compiled.project.thesis;
    let timestamp = thesis.date.and_then(|(y, m, d)| Datetime::from_ymd(y, m, d)).map(Timestamp::new_utc);
    let standards = if archival { vec![PdfStandard::A_2u] } else { vec![] };
    let standards = PdfStandards::new(&standards).map_err(|e| vec![Diagnostic::error(e.message().to_string())])?;
    let options = PdfOptions {
        // F31: a stable identifier, so that unchanged sources give identical bytes.
        ident: Smart::Custom(format!("tesis/{}/{}", thesis.penulis.nim.as_deref().unwrap_or(""), thesis.judul)),
        creator: Smart::Custom(Some(format!("tesis {} (Typst 0.15.1)", env!("CARGO_PKG_VERSION")))),
        timestamp,
        page_ranges: pages.clone().map(|pages| {
            typst::layout::PageRanges::new(
                pages.into_iter().filter_map(std::num::NonZeroUsize::new).map(|p| Some(p)..=Some(p)).collect(),
            )
        }),
        standards,
        tagged,
        pretty: false,
    };
    typst_pdf::pdf(&compiled.document, &options)
        .map_err(|errors| errors.iter().map(|e| export_error(&compiled.project, e)).collect())
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
        // Read the file again: the compile's world is gone, and span numbers are stable for
        // the same text.
        let disk = project.disk_path(id.vpath().get_with_slash());
        if let Ok(text) = std::fs::read_to_string(&disk) {
            let range = match number {
                Some((num, sub)) => typst::syntax::Source::new(id, text).range(num, sub),
                None => Some(range),
            };
            if let Some(range) = range {
                d = d.at(disk, range);
            }
        }
    }
    if d.at.is_none()
        && e.message.contains("embedding PDFs")
        && let Some(at) = scan_pdf_line(project)
    {
        d = d.at(project.yaml_path.clone(), at);
    }
    d
}

/// The line of thesis.yaml that names a scanned page in PDF (`scan:`), which the template
/// embeds.
fn scan_pdf_line(project: &Project) -> Option<std::ops::Range<usize>> {
    let scan = &project.thesis.scan;
    let pdf = [&scan.persetujuan, &scan.pengesahan].into_iter().flatten().find(|p| p.ends_with(".pdf"))?;
    let name = pdf.rsplit('/').next()?;
    let yaml = std::fs::read_to_string(&project.yaml_path).ok()?;
    let at = yaml.find(name)?;
    Some(at..at + name.len())
}

/// Hands the memory freed by the eviction back to the system. glibc keeps freed memory in each
/// thread's arena; with the first look compiled on a second thread, `tesis watch` on the sample
/// thesis otherwise held +72 % over its first build after 100 edits, most of it free. Other
/// allocators (Windows, macOS, musl) return memory on their own.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            /// glibc: releases free memory at the top of the heap and free pages inside it.
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: malloc_trim only walks glibc's own heaps; it takes no pointers of ours.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// The resolved thesis as the JSON the template reads.
/// `preview` adds `_pratinjau: true`, which makes the template record what references read
/// (for [`crate::focus`]).
fn thesis_json(thesis: &crate::project::Thesis, preview: bool) -> Vec<u8> {
    let mut value = serde_json::to_value(thesis).expect("the thesis serialises");
    if preview && let Some(map) = value.as_object_mut() {
        map.insert("_pratinjau".into(), serde_json::Value::Bool(true));
    }
    serde_json::to_vec_pretty(&value).expect("the thesis serialises")
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

/// A converter diagnostic as a diagnostic at the `.md` file.
fn md_diagnostic(md: &Path, d: &markdown::MdDiagnostic) -> Diagnostic {
    let severity = match d.severity {
        markdown::Severity::Error => Severity::Error,
        markdown::Severity::Warning => Severity::Warning,
    };
    let mut out = Diagnostic { severity, message: d.message.clone(), at: None, hints: vec![] }.at(md, d.range.clone());
    if let Some(h) = &d.hint {
        out = out.hint(h.clone());
    }
    out
}

/// Maps a Typst diagnostic to the student's files: a converted chapter's span goes back to the
/// `.md`; an error inside the template is shown at the chapter line that called it, when the
/// trace has one.
fn map_diagnostic(world: &ThesisWorld, conversions: &HashMap<String, Conversion>, d: &SourceDiagnostic) -> Diagnostic {
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
    if out.message.contains("failed to parse BibLaTeX") {
        // The parser stops where the damage shows (often the end of the file), not where it is.
        out.hints.push("check the entries above this line: every `{` needs its `}`, fields end with a comma, and each key is used once".into());
    }
    let candidates = std::iter::once(d.span).chain(d.trace.iter().map(|t| t.span.into()));
    let mut template_place = None;
    for span in candidates {
        let (id, range) = match span.get() {
            DiagSpanKind::Detached => continue,
            DiagSpanKind::Number { id, .. } => match world.range(span) {
                Some(range) => (id, range),
                None => continue,
            },
            DiagSpanKind::Range { id, range } => (id, range),
        };
        match world.describe(id) {
            FileOrigin::Disk(path) => {
                out.at = Some(crate::diag::Location { file: path, range });
                break;
            }
            FileOrigin::Generated(vpath) => {
                if let Some(c) = conversions.get(&vpath) {
                    let start = c.md_offset(range.start);
                    let end = c.md_offset(range.end.saturating_sub(1)).max(start);
                    out.at = Some(crate::diag::Location { file: c.md.clone(), range: start..end.max(start) });
                    break;
                }
                template_place.get_or_insert(vpath);
            }
            FileOrigin::Virtual(name) => {
                template_place.get_or_insert(name);
            }
        }
    }
    if out.at.is_none()
        && (out.message.contains("image") || out.message.contains("pixels"))
        && let Some((at, message)) = bad_image_place(world, conversions)
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

/// The Markdown line that names an image Typst cannot place, and what is wrong with it.
fn bad_image_place(
    world: &ThesisWorld,
    conversions: &HashMap<String, Conversion>,
) -> Option<(crate::diag::Location, String)> {
    let mut chapters: Vec<&String> = conversions.keys().collect();
    chapters.sort();
    chapters.into_iter().find_map(|k| {
        let c = &conversions[k];
        let markup = std::str::from_utf8(&c.typst).ok()?;
        let (offset, vpath, problem) = crate::world::find_bad_image(world.root(), markup)?;
        let start = c.md_offset(offset);
        let at = crate::diag::Location { file: c.md.clone(), range: start..start };
        Some((at, format!("{} {problem}", vpath.trim_start_matches('/'))))
    })
}
