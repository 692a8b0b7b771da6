//! `tesis watch`'s loop: build once, then rebuild whenever a file the last build read changes.
//!
//! This is the Typst CLI's watch loop around the one compile path: one long-lived
//! [`Session`] (sources are kept, so a one-word edit recompiles only what it touches; the
//! cache is evicted after each build, so memory stays flat), a [`Watcher`] over the
//! folders of the dependencies, and after each build a post-build hook (mdBook's design) that
//! the verb uses to update the preview. The PDF is exported and written atomically on a second
//! thread while the hook runs, so neither waits for the other. This module knows nothing about
//! the preview.

pub mod first_look;
mod watcher;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use first_look::FirstLook;
use first_look::FirstLooks;
pub use watcher::{Change, Waker, WatchSet, Watcher};

use crate::compile::convert::Conversions;
use crate::compile::{Compiled, Session};
use crate::diag::{self, Diagnostic};
use crate::output::pdf::{self, PdfExport};
use crate::project::Project;
use crate::world::ThesisWorld;

/// Where and how the loop works.
#[derive(Debug, Clone)]
pub struct WatchConfig {
    /// The project root (canonical).
    pub root: PathBuf,
    /// The PDF written after each good build.
    pub pdf: PathBuf,
    /// The folder file names are shown relative to.
    pub base: PathBuf,
    /// Append machine-readable timings to each status line (`TESIS_TIMING=1`).
    pub timing: bool,
}

/// What a build gives the post-build hook.
pub enum Outcome<'a> {
    /// The edited chapter laid out alone, before the whole thesis is ([`first_look`]); called
    /// from the thread that compiled it.
    FirstLook(FirstLook<'a>),
    /// The thesis compiled.
    Built(&'a Compiled),
    /// It did not: the errors (then the warnings).
    Failed(&'a [Diagnostic]),
    /// Between builds (after each, and whenever a [`Waker`] asks): the world and conversions of
    /// the last compile, for requests only they can answer (a click on a page → its source).
    Idle(Idle<'a>),
}

/// What the loop lends the hook between builds.
pub struct Idle<'a> {
    /// The world of the last compile.
    pub world: &'a ThesisWorld,
    /// The Markdown conversions of the last compile.
    pub conversions: &'a Conversions,
}

/// The post-build hook: shows the outcome and, for a good build, says how many pages changed.
pub type Hook<'a> = dyn FnMut(Outcome<'_>) -> Option<usize> + Send + 'a;

/// Builds, then rebuilds on every relevant change, until the process is interrupted. Only a
/// broken file watcher ends the loop, with an error; build errors go to the hook and the status
/// line.
pub fn run(session: &mut Session, config: &WatchConfig, hook: &mut Hook<'_>) -> Result<(), Diagnostic> {
    run_waking(session, config, hook, |_| {})
}

/// [`run`], handing `waker` a [`Waker`] that makes the loop call the hook with
/// [`Outcome::Idle`] while it waits for a save.
pub fn run_waking(
    session: &mut Session,
    config: &WatchConfig,
    hook: &mut Hook<'_>,
    waker: impl FnOnce(Waker),
) -> Result<(), Diagnostic> {
    let mut watcher = Watcher::new(vec![config.pdf.clone()])?;
    waker(watcher.waker());
    // Until the first build says which files it reads, everything below the root is watched, so
    // a save made while it runs is not lost (its event waits in the queue).
    watcher.update(&WatchSet { files: vec![], everything_below: Some(config.root.clone()) })?;
    let mut first_looks = FirstLooks::default();
    let mut builds = 0;
    let mut previous: Vec<Diagnostic> = Vec::new();
    let mut since = Instant::now();
    let mut changed: Vec<PathBuf> = Vec::new();
    loop {
        builds += 1;
        let report = build_once(session, &mut first_looks, config, hook, builds, since, &changed);
        // After the preview and the PDF, so neither waits for it.
        Session::evict();
        // Watch what this build read before saying it is done: a save right after the status
        // line must be seen. Events of saves during the build are still queued.
        let mut files = session.dependencies();
        files.push(config.root.join(crate::project::YAML_PATH));
        let set = WatchSet { files, everything_below: report.failed.then(|| config.root.clone()) };
        watcher.update(&set)?;
        eprintln!("{}", report.line(config));
        // The full diagnostics only when they differ from the last build's: an unchanged
        // warning is not news on every save.
        if report.diagnostics != previous {
            let shown: Vec<Diagnostic> = report.diagnostics.iter().filter(|d| !previous.contains(d)).cloned().collect();
            diag::emit(&shown, &config.base);
        }
        previous = report.diagnostics;
        let change = loop {
            // Requests that came during the build, then those that wake the wait.
            if let Some((world, conversions)) = session.last_world() {
                hook(Outcome::Idle(Idle { world, conversions }));
            }
            let change = watcher.wait()?;
            if !(change.woken && change.files.is_empty()) {
                break change;
            }
        };
        since = change.first;
        changed = change.files;
    }
}

/// The chapter (0-based index into `bab:`) whose file is the one file that changed.
fn changed_chapter(project: &Project, changed: &[PathBuf]) -> Option<usize> {
    let [file] = changed else { return None };
    let same = |disk: &Path| {
        disk == file || dunce::canonicalize(disk).is_ok_and(|d| dunce::canonicalize(file).is_ok_and(|f| d == f))
    };
    let include = &project.sources.iter().find(|s| same(&s.disk))?.include;
    project.thesis.bab.iter().position(|b| b == include)
}

/// What one build did, for the status line.
struct BuildReport {
    /// The build's number, from 1.
    number: usize,
    /// Pages, and how many of them changed in the preview (good builds).
    pages: Option<(usize, Option<usize>)>,
    /// Whether the build failed.
    failed: bool,
    /// The diagnostics (errors of a failed build, or warnings).
    diagnostics: Vec<Diagnostic>,
    /// Compiling.
    compile: Duration,
    /// Of which in Typst (both compiles, side by side).
    typst: Duration,
    /// From the first change event to the preview's first look (the edited chapter alone).
    first_look: Option<Duration>,
    /// From the first change event (or the start) to the preview being updated.
    to_preview: Duration,
    /// Exporting and writing the PDF, or why it could not be written.
    pdf: Result<Duration, Diagnostic>,
    /// From the first change event to the PDF being on disk.
    to_pdf: Duration,
}

/// Compiles once (with a first look at the saved chapter beside it, when one is worth it),
/// hands the outcome to the hook, then writes the PDF.
fn build_once(
    session: &mut Session,
    first_looks: &mut FirstLooks,
    config: &WatchConfig,
    hook: &mut Hook<'_>,
    number: usize,
    since: Instant,
    changed: &[PathBuf],
) -> BuildReport {
    let started = Instant::now();
    let mut first_look = None;
    let result = session.load().and_then(|loaded| {
        let per_chapter_notes = loaded.project.thesis.format.nomor_catatan == "bab";
        let beside = changed_chapter(&loaded.project, changed).and_then(|chapter| {
            first_looks.beside(chapter, per_chapter_notes, |look| {
                hook(Outcome::FirstLook(look));
                first_look = Some(since.elapsed());
            })
        });
        session.compile_loaded(loaded, beside)
    });
    let compile = started.elapsed();
    match result {
        Ok(compiled) => {
            first_looks.record(&compiled);
            // The PDF is exported on a second thread while the hook renders the preview, so a
            // save reaches the disk no later than with `typst watch` (bench/watch.sh, P2).
            let (changed, to_preview, pdf) = std::thread::scope(|scope| {
                let writer = scope.spawn(|| {
                    let pdf_started = Instant::now();
                    pdf::export(&compiled, &PdfExport::working_copy())
                        .map_err(|d| d.into_iter().next().unwrap_or_else(|| Diagnostic::error("cannot write the PDF")))
                        .and_then(|bytes| crate::output::write_atomic(&config.pdf, &bytes))
                        .map(|()| pdf_started.elapsed())
                });
                let changed = hook(Outcome::Built(&compiled));
                let to_preview = since.elapsed();
                let pdf = writer
                    .join()
                    .unwrap_or_else(|_| Err(Diagnostic::error("cannot write the PDF (the export failed)")));
                (changed, to_preview, pdf)
            });
            BuildReport {
                number,
                pages: Some((compiled.document.pages().len(), changed)),
                failed: false,
                diagnostics: compiled.warnings.clone(),
                compile,
                typst: compiled.typst_time,
                first_look,
                to_preview,
                pdf,
                to_pdf: since.elapsed(),
            }
        }
        Err(diagnostics) => {
            hook(Outcome::Failed(&diagnostics));
            let to_preview = since.elapsed();
            BuildReport {
                number,
                pages: None,
                failed: true,
                diagnostics,
                compile,
                typst: Duration::ZERO,
                first_look,
                to_preview,
                pdf: Ok(Duration::ZERO),
                to_pdf: Duration::ZERO,
            }
        }
    }
}

impl BuildReport {
    /// The status line: `build 3: 212 pages (2 changed), preview 0.21 s, PDF 0.64 s → thesis.pdf`
    /// or `build 4: error: thesis/bab2.md:14:3: unclosed delimiter`.
    fn line(&self, config: &WatchConfig) -> String {
        let mut line = format!("build {}: ", self.number);
        match (&self.pages, self.failed) {
            (Some((pages, changed)), false) => {
                line.push_str(&format!("{pages} pages"));
                if let Some(changed) = changed {
                    line.push_str(&format!(" ({changed} changed)"));
                }
                match self.first_look {
                    Some(t) => line.push_str(&format!(
                        ", preview {:.2} s (chapter) / {:.2} s",
                        t.as_secs_f64(),
                        self.to_preview.as_secs_f64()
                    )),
                    None => line.push_str(&format!(", preview {:.2} s", self.to_preview.as_secs_f64())),
                }
                match &self.pdf {
                    Ok(t) => line.push_str(&format!(
                        ", PDF {:.2} s → {}",
                        t.as_secs_f64(),
                        diag::display_path(&config.pdf, &config.base)
                    )),
                    Err(d) => line.push_str(&format!(", PDF not written: {}", d.message)),
                }
                let warnings = self.diagnostics.iter().filter(|d| !d.is_error()).count();
                if warnings > 0 {
                    line.push_str(&format!(", {warnings} warning{}", if warnings == 1 { "" } else { "s" }));
                }
            }
            _ => {
                line.push_str("error: ");
                line.push_str(&diag::summary_line(&self.diagnostics, &config.base));
            }
        }
        if config.timing {
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            let pdf = self.pdf.as_ref().map(|d| ms(*d)).unwrap_or(0.0);
            line.push_str(&format!(
                "  [timing compile_ms={:.1} typst_ms={:.1} first_look_ms={:.1} preview_ms={:.1} pdf_ms={:.1} pdf_total_ms={:.1}]",
                ms(self.compile),
                ms(self.typst),
                self.first_look.map_or(0.0, ms),
                ms(self.to_preview),
                pdf,
                ms(self.to_pdf)
            ));
        }
        line
    }
}
