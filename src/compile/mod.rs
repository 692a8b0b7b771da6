//! The one compile path every verb uses: load the project, convert its Markdown chapters
//! ([`convert`]), compile in the sandboxed world, and map Typst's diagnostics back to the
//! student's files ([`crate::diag::compiler`]).
//!
//! A [`Session`] keeps one world and the conversions alive between compiles, so `watch`
//! recompiles incrementally; `build`, `check`, `stats`, `diff` and `export-typst` use a session
//! once. Writing the PDF is [`crate::output`]'s job; the preview's first look
//! ([`crate::watch::first_look`]) runs beside a compile through [`Session::compile_beside`].

mod config;
pub mod convert;
pub mod note_style;
mod own_notes;
pub mod pdf_pages;
pub mod vocabulary;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use typst::WorldExt;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::Bytes;
use typst::syntax::{DiagSpan, DiagSpanKind};
use typst_layout::PagedDocument;

pub use config::{Config, Mode};
use convert::Conversions;
pub use convert::read_text;

use crate::diag::compiler::{self, Locate, Place};
use crate::diag::{Diagnostic, Location};
use crate::project::Project;
use crate::revise::criticmarkup::{MARKS_PATH, MARKS_TYP};
use crate::world::{FIRST_LAYOUT_JSON, FileOrigin, THESIS_JSON, ThesisWorld};

/// How many compiles an unused cache entry survives: one, so the cache holds what the last
/// compile used, which is what the next one reuses. The Typst CLI's 10 made `tesis watch` grow
/// from 96 to 272 MiB over 100 edits of the sample thesis, with no faster rebuilds (issue 9, P3).
const EVICT_AGE: usize = 1;

/// How many errors are shown at most; the rest are counted.
const MAX_ERRORS: usize = 5;

/// The stack of a thread that compiles beside the main one: Typst recurses deeply on nested
/// markup and checks its own depth limits, which a small thread stack would not reach first.
const BESIDE_STACK: usize = 64 * 1024 * 1024;

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
    /// The kind of build it is.
    pub mode: Mode,
}

/// A loaded project with its Markdown chapters converted, ready to compile.
pub struct Loaded {
    /// The project.
    pub project: Project,
    /// Sources that could not be read (converter errors are in the conversions).
    unreadable: Vec<Diagnostic>,
    /// Time spent converting.
    convert_time: Duration,
}

/// Work that runs on a second thread beside a compile of the whole thesis, in the same world
/// (the preview's first look): the generated files it adds, and what it does with the world.
pub struct Beside<'a> {
    /// Generated files added to the world for this compile (compiler path, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// Runs on the second thread while the thesis compiles.
    pub run: Box<dyn FnOnce(&ThesisWorld) + Send + 'a>,
}

/// One project being compiled, possibly many times.
pub struct Session {
    /// The project folder as given.
    root: PathBuf,
    /// Options of every compile.
    config: Config,
    /// Whether the template records what references read (the preview's first look needs it).
    record_references: bool,
    /// The world, created on the first compile (its root is canonical).
    world: Option<ThesisWorld>,
    /// The Markdown conversions, kept while a file's text is unchanged.
    conversions: Conversions,
    /// The `.bib` files the last compile converted (Typst no longer reads them itself).
    bib_sources: Vec<PathBuf>,
    /// The pages of PDF appendices as SVG, in the final mode (Typst's PDF/A export cannot embed
    /// a PDF page; see [`pdf_pages`]).
    svg_sheets: Vec<pdf_pages::SvgSheet>,
}

impl Session {
    /// A session over the project at `root`.
    pub fn new(root: &Path, config: Config) -> Self {
        Self {
            root: root.to_path_buf(),
            config,
            record_references: false,
            world: None,
            conversions: Conversions::default(),
            bib_sources: Vec::new(),
            svg_sheets: Vec::new(),
        }
    }

    /// Makes the template record what each reference reads (`_pratinjau` in the thesis JSON),
    /// which a one-chapter compile of the preview reads back.
    pub fn recording_references(mut self) -> Self {
        self.record_references = true;
        self
    }

    /// Loads the project and converts the Markdown chapters that changed since the last load.
    /// Fails only when thesis.yaml does; a chapter that does not convert fails the compile.
    pub fn load(&mut self) -> Result<Loaded, Vec<Diagnostic>> {
        let project = Project::load(&self.root)?;
        let started = Instant::now();
        let unreadable = self.conversions.update(&project, self.config.mode);
        Ok(Loaded { project, unreadable, convert_time: started.elapsed() })
    }

    /// The conversions of the last load (for `check` and `stats`, which read what the compile
    /// reads).
    pub fn conversions(&self) -> &Conversions {
        &self.conversions
    }

    /// Loads, converts and compiles. On failure, the diagnostics hold the errors first, then
    /// the warnings.
    pub fn compile(&mut self) -> Result<Compiled, Vec<Diagnostic>> {
        let loaded = self.load()?;
        self.compile_loaded(loaded, None)
    }

    /// Compiles a loaded project; with `beside`, that work runs on a second thread in the same
    /// world while the thesis compiles (a failure there is its own business: the compile's
    /// outcome is the truth).
    pub fn compile_loaded(&mut self, loaded: Loaded, beside: Option<Beside<'_>>) -> Result<Compiled, Vec<Diagnostic>> {
        let Loaded { project, unreadable, convert_time } = loaded;
        let (mut errors, converter_warnings) = self.conversions.problems();
        errors.splice(0..0, unreadable);
        errors.extend(self.convert_pdf_sheets(&project));
        if !errors.is_empty() {
            errors.extend(converter_warnings);
            return Err(errors);
        }
        let extra = beside.as_ref().map(|b| b.files.clone()).unwrap_or_default();
        let _turn = vocabulary::lock();
        self.ready_world(&project, extra);
        let world = self.world.as_ref().expect("the world was just made");
        let started = Instant::now();
        let Warned { output, warnings } = std::thread::scope(|scope| {
            if let Some(beside) = beside {
                let run = beside.run;
                // No second thread to be had: the caller simply waits for the whole thesis.
                let _ = std::thread::Builder::new().stack_size(BESIDE_STACK).spawn_scoped(scope, move || run(world));
            }
            typst::compile::<PagedDocument>(world)
        });
        let typst_time = started.elapsed();
        let locate = Locator { world, conversions: &self.conversions };
        let mut all_warnings = converter_warnings;
        let mut mapped: Vec<Diagnostic> = warnings.iter().map(|w| compiler::map(w, &locate)).collect();
        mapped.dedup();
        all_warnings.extend(mapped);
        match output {
            Ok(document) => Ok(Compiled {
                document,
                project,
                warnings: all_warnings,
                convert_time,
                typst_time,
                mode: self.config.mode,
            }),
            Err(errors) => {
                let mut all: Vec<Diagnostic> = errors.iter().map(|e| compiler::map(e, &locate)).collect();
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
                all.extend(all_warnings);
                Err(all)
            }
        }
    }

    /// Runs `f` on the world a compile of `loaded` reads (its generated files plus `extra`)
    /// instead of compiling the thesis: another target of the same sources, template and fonts
    /// (`tesis docx` compiles them to HTML). `f` also gets the mapping of Typst's diagnostics to
    /// the student's files and the conversions behind the generated chapters.
    pub fn with_world<R>(
        &mut self,
        loaded: Loaded,
        extra: Vec<(String, Vec<u8>)>,
        f: impl FnOnce(&ThesisWorld, &Conversions, &dyn Fn(&SourceDiagnostic) -> Diagnostic) -> R,
    ) -> Result<(R, Project), Vec<Diagnostic>> {
        let Loaded { project, unreadable, .. } = loaded;
        let (mut errors, warnings) = self.conversions.problems();
        errors.splice(0..0, unreadable);
        errors.extend(self.convert_pdf_sheets(&project));
        if !errors.is_empty() {
            errors.extend(warnings);
            return Err(errors);
        }
        let _turn = vocabulary::lock();
        self.ready_world(&project, extra);
        let world = self.world.as_ref().expect("the world was just made");
        let locate = Locator { world, conversions: &self.conversions };
        let map = |d: &SourceDiagnostic| compiler::map(d, &locate);
        Ok((f(world, &self.conversions, &map), project))
    }

    /// In the final mode, draws the chosen pages of every PDF appendix as SVG for the template
    /// (handed over by [`Self::generated_files`]); the errors of PDFs that cannot be drawn.
    fn convert_pdf_sheets(&mut self, project: &Project) -> Vec<Diagnostic> {
        self.svg_sheets.clear();
        if self.config.mode != Mode::Final {
            return vec![];
        }
        match pdf_pages::final_sheets(project) {
            Ok(sheets) => {
                self.svg_sheets = sheets;
                vec![]
            }
            Err(errors) => errors,
        }
    }

    /// The world of a compile of `project`, its generated files (plus `extra`) in place, and the
    /// hyphenator handed this project's vocabulary (the caller holds [`vocabulary::lock`]).
    fn ready_world(&mut self, project: &Project, extra: Vec<(String, Vec<u8>)>) {
        vocabulary::hand_over(project);
        let mut generated = self.generated_files(project);
        self.bib_sources = project.bibliography_files();
        generated.extend(extra);
        // The world of the same root is kept, and Typst's cache with it; only a new one (a cold
        // cache) lays the thesis out the cheap way first.
        let (world, cold) = match &mut self.world {
            Some(w) if w.root() == project.root => (w, false),
            slot => (slot.insert(ThesisWorld::new(&project.root, self.config.fonts)), true),
        };
        let mut files: HashMap<_, _> = generated.into_iter().map(|(path, data)| (path, Bytes::new(data))).collect();
        files.insert(FIRST_LAYOUT_JSON.to_string(), Bytes::new(first_layout_json(cold)));
        world.reset(files);
    }

    /// The world and conversions of the last compile, to map its pages back to the student's
    /// files ([`crate::pagemap`]); `None` before the first compile.
    pub fn last_world(&self) -> Option<(&ThesisWorld, &Conversions)> {
        Some((self.world.as_ref()?, &self.conversions))
    }

    /// Drops what Typst's cache holds that the last compile did not use, and hands the freed
    /// memory back, so a long-lived session (`tesis watch`) stays flat over many builds.
    pub fn evict() {
        typst::comemo::evict(EVICT_AGE);
        release_free_memory();
    }

    /// The files on disk the last compile read, plus the Markdown chapters (for watching).
    pub fn dependencies(&mut self) -> Vec<PathBuf> {
        let mut deps = self.world.as_mut().map(|w| w.dependencies()).unwrap_or_default();
        deps.extend(self.conversions.iter().map(|(_, c)| c.md.clone()));
        deps.extend(self.bib_sources.iter().cloned());
        deps.sort();
        deps.dedup();
        deps
    }

    /// The generated files of a compile of `project` (converted chapters, converted
    /// bibliographies and the localised citation style, the thesis JSON, the revision marks, in
    /// the final mode the pages of PDF appendices as SVG), by compiler path; `export-typst`
    /// writes them out.
    pub fn generated_files(&self, project: &Project) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = self
            .conversions
            .iter()
            .filter_map(|(path, c)| Some((path.clone(), c.result.as_ref().ok()?.typst.to_vec())))
            .collect();
        let bib = crate::bib::prepare(project);
        files.push((THESIS_JSON.to_string(), self.thesis_json(project, &bib)));
        files.extend(bib.files);
        files.push((MARKS_PATH.to_string(), MARKS_TYP.as_bytes().to_vec()));
        files.extend(self.svg_sheets.iter().map(|s| (s.vpath.clone(), s.svg.clone())));
        note_style::add_in_note_style(&mut files, &project.root);
        // What an exported project is compiled with: once, from a cold cache.
        files.push((FIRST_LAYOUT_JSON.to_string(), first_layout_json(true)));
        files.sort();
        files
    }

    /// The resolved thesis and the build's mode as the JSON the template reads.
    fn thesis_json(&self, project: &Project, bib: &crate::bib::Prepared) -> Vec<u8> {
        let mut value = serde_json::to_value(&project.thesis).expect("the thesis serialises");
        if let Some(map) = value.as_object_mut() {
            map.insert("pustaka".into(), serde_json::json!(bib.pustaka));
            map.insert("_artikel".into(), serde_json::json!(bib.articles));
            let own = own_notes::chapters(&project.thesis.bab, &project.root);
            map.insert("_bab_catatan_sendiri".into(), serde_json::json!(own));
            if let Some(style) = &bib.style {
                map.insert("gaya_sitasi".into(), serde_json::json!(style));
            }
            map.insert("mode".into(), serde_json::to_value(self.config.mode).expect("the mode serialises"));
            if self.record_references {
                map.insert("_pratinjau".into(), serde_json::Value::Bool(true));
            }
            // The final mode places a PDF appendix's pages, and a signed page scanned to PDF, as
            // the SVG drawn of each.
            for s in &self.svg_sheets {
                match s.place {
                    pdf_pages::SheetPlace::Appendix { appendix, sheet } => {
                        if let Some(sheet) = map
                            .get_mut("lampiran")
                            .and_then(|l| l.get_mut(appendix)?.get_mut("halaman")?.get_mut(sheet))
                        {
                            *sheet =
                                serde_json::json!({ "file": s.vpath, "page": null, "pdf_page": sheet.get("page") });
                        }
                    }
                    pdf_pages::SheetPlace::Scan { part } => {
                        if let Some(scan) = map.get_mut("scan").and_then(|v| v.as_object_mut()) {
                            scan.insert(part.into(), serde_json::json!(s.vpath));
                        }
                    }
                }
            }
        }
        serde_json::to_vec_pretty(&value).expect("the thesis serialises")
    }
}

/// The content of [`FIRST_LAYOUT_JSON`]: the cheap first layout pays off only when Typst's
/// cache is cold. In `tesis watch` the rebuilds after the first find every paragraph the save
/// did not touch already laid out under the real rules, and a cheap first layout would only add
/// one more layout of the touched ones (about 15 % slower rebuilds of the 300-page thesis).
fn first_layout_json(cold: bool) -> Vec<u8> {
    format!("{{\"cheap\": {cold}}}\n").into_bytes()
}

/// Where the spans of a compile lie: the world's files, and the conversions behind the
/// generated chapters.
struct Locator<'a> {
    /// The world of the compile.
    world: &'a ThesisWorld,
    /// The conversions of the compile.
    conversions: &'a Conversions,
}

impl Locate for Locator<'_> {
    fn place(&self, span: DiagSpan) -> Option<Place> {
        let (id, range) = match span.get() {
            DiagSpanKind::Detached => return None,
            DiagSpanKind::Number { id, .. } => (id, self.world.range(span)?),
            DiagSpanKind::Range { id, range } => (id, range),
        };
        Some(match self.world.describe(id) {
            // The text this compile read, not the file as it may be now.
            FileOrigin::Disk(path) => Place::Student(match typst::World::source(self.world, id) {
                Ok(source) => Location::in_text(path, source.text(), range),
                Err(_) => Location::read(path, range),
            }),
            FileOrigin::Generated(vpath) => {
                match self.conversions.get(&vpath).and_then(|c| Some((c, c.result.as_ref().ok()?))) {
                    Some((c, generated)) => {
                        Place::Student(Location::in_text(c.md.clone(), c.text.clone(), generated.md_range(range)))
                    }
                    None => Place::Elsewhere(vpath),
                }
            }
            FileOrigin::Virtual(name) => Place::Elsewhere(name),
        })
    }

    fn bad_image(&self) -> Option<(Location, String)> {
        let mut chapters: Vec<_> = self.conversions.iter().collect();
        chapters.sort_by(|a, b| a.0.cmp(b.0));
        chapters.into_iter().find_map(|(_, c)| {
            let generated = c.result.as_ref().ok()?;
            let (offset, vpath, problem) = crate::world::find_bad_image(self.world.root(), generated.markup())?;
            let start = generated.md_offset(offset);
            let at = Location::in_text(c.md.clone(), c.text.clone(), start..start);
            Some((at, format!("{} {problem}", vpath.trim_start_matches('/'))))
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use typst::World;
    use typst::syntax::{RootedPath, VirtualPath, VirtualRoot};

    /// What the template is told about the first layout, in the session's world.
    fn first_layout(session: &Session) -> String {
        let world = session.world.as_ref().expect("a world");
        let id = RootedPath::new(VirtualRoot::Project, VirtualPath::new(FIRST_LAYOUT_JSON).unwrap()).intern();
        String::from_utf8(world.file(id).expect("first-layout.json is there").to_vec()).unwrap()
    }

    #[test]
    fn only_a_new_world_lays_out_the_cheap_way_first() {
        let dirs = [tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap()];
        for dir in &dirs {
            crate::scaffold::create(dir.path(), "tesis", 2026).unwrap();
        }
        let config = Config { mode: Mode::Draft, fonts: crate::world::FontOptions { system: false } };
        let mut session = Session::new(dirs[0].path(), config);
        let project = session.load().unwrap().project;
        session.ready_world(&project, Vec::new());
        assert_eq!(first_layout(&session), "{\"cheap\": true}\n");
        // The same project again (a watch rebuild): Typst's cache holds the real layouts.
        session.ready_world(&project, Vec::new());
        assert_eq!(first_layout(&session), "{\"cheap\": false}\n");
        // Another project's root gets a new world, cold again.
        let other = Project::load(dirs[1].path()).unwrap();
        session.ready_world(&other, Vec::new());
        assert_eq!(first_layout(&session), "{\"cheap\": true}\n");
    }
}
