//! `tesis check`: everything a supervisor or the library's format check would find, without
//! writing a PDF. One small module per family of findings; this module runs them in order and
//! decides how bad each finding is.
//!
//! The checks read the project ([`crate::project`]), an [`inventory`] of every source file, the
//! bibliography, and the compiled document ([`crate::compile`]). They never write a file.
//! Findings are ordinary [`Diagnostic`]s, so they print like every other message of tesis.

pub mod abstracts;
pub mod appendix_scans;
pub mod bibliography;
pub mod images;
pub mod inventory;
pub mod labels;
pub mod markers;
pub mod structure;

use std::path::Path;

use crate::compile::convert::Conversions;
use crate::compile::{Compiled, Config, Mode, Session};
use crate::diag::{Diagnostic, Severity};
use crate::project::{Project, SourceFile};

pub use inventory::Inventory;

/// The family of a finding: decides whether `--final` makes it an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Stops the build (thesis.yaml, a missing file, an unknown key or label, a Typst error).
    Broken,
    /// A draft marker (`TODO:`, `#draft[..]`).
    Draft,
    /// CriticMarkup or a review note left in the text.
    Critic,
    /// A warning of the compiler or of the Markdown converter.
    Compiler,
    /// A chapter with nothing in it.
    Empty,
    /// Advice that never blocks: uncited entries, unreferenced figures, small images, abstract
    /// length, heading levels.
    Advice,
}

/// One finding.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Its family.
    pub kind: Kind,
    /// The message (its severity already decided by [`Finding::new`]).
    pub diagnostic: Diagnostic,
}

impl Finding {
    /// A finding of `kind`; its severity follows from the kind and from `--final`.
    pub fn new(kind: Kind, diagnostic: Diagnostic, final_: bool) -> Self {
        let error = match kind {
            Kind::Broken => true,
            Kind::Draft | Kind::Critic | Kind::Compiler | Kind::Empty => final_,
            Kind::Advice => false,
        };
        let severity = if error { Severity::Error } else { Severity::Warning };
        Self { kind, diagnostic: Diagnostic { severity, ..diagnostic } }
    }
}

/// What `tesis check` found.
pub struct Report {
    /// The findings, in the order the checks ran.
    pub findings: Vec<Finding>,
    /// The compiled thesis, when it compiled (`build --final` reuses it).
    pub compiled: Option<Compiled>,
}

impl Report {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.diagnostic.is_error())
    }

    /// The diagnostics, errors first.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.findings.iter().map(|f| f.diagnostic.clone()).collect();
        all.sort_by_key(|d| d.severity);
        all
    }
}

/// Collects findings while the checks run.
pub struct Findings {
    /// Whether this is the `--final` check.
    pub final_: bool,
    /// What was found.
    pub list: Vec<Finding>,
}

impl Findings {
    /// Records a finding (an exact duplicate is dropped).
    pub fn add(&mut self, kind: Kind, diagnostic: Diagnostic) {
        let finding = Finding::new(kind, diagnostic, self.final_);
        if !self.list.iter().any(|f| f.diagnostic == finding.diagnostic) {
            self.list.push(finding);
        }
    }
}

/// Whether every source was read whole (else checks across files hold back their verdicts).
pub fn all_complete(scanned: &[Scanned]) -> bool {
    scanned.iter().all(|s| s.inventory.complete)
}

/// A source file with what it contains.
pub struct Scanned {
    /// The file.
    pub source: SourceFile,
    /// What it contains.
    pub inventory: Inventory,
}

/// The inventories of the project's sources; files that cannot be read or converted add their
/// errors to `findings` (a file that cannot be converted keeps an incomplete inventory).
pub fn scan_sources(project: &Project, conversions: &Conversions, findings: &mut Findings) -> Vec<Scanned> {
    let mut scanned = vec![];
    for source in &project.sources {
        let (inventory, problems) = inventory::scan(source, conversions.get(&source.include));
        for d in problems {
            let kind = if d.is_error() { Kind::Broken } else { Kind::Compiler };
            findings.add(kind, d);
        }
        if let Some(inventory) = inventory {
            scanned.push(Scanned { source: source.clone(), inventory });
        }
    }
    scanned
}

/// The sources that are chapters, in order.
pub fn chapters<'a>(project: &Project, scanned: &'a [Scanned]) -> Vec<&'a Scanned> {
    project.thesis.bab.iter().filter_map(|include| scanned.iter().find(|s| &s.source.include == include)).collect()
}

/// Runs every check on the project at `root`, on the chapters as a build of `config` converts
/// them; a [`Mode::Final`] config is the submission check.
pub fn run(root: &Path, config: Config) -> Report {
    let final_ = config.mode == Mode::Final;
    let mut findings = Findings { final_, list: vec![] };
    let mut session = Session::new(root, config);
    let loaded = match session.load() {
        Ok(loaded) => loaded,
        Err(problems) => {
            for d in problems {
                findings.add(Kind::Broken, d);
            }
            return Report { findings: findings.list, compiled: None };
        }
    };
    let project = &loaded.project;
    if final_ && project.thesis.date.is_none() {
        findings.add(
            Kind::Broken,
            Diagnostic::error("the final PDF (PDF/A) needs a document date, and thesis.yaml has no `tanggal`")
                .at(&project.yaml_path, 0..0)
                .hint("add `tanggal: YYYY-MM-DD` to thesis.yaml (the date printed and stored in the PDF)"),
        );
    }
    let scanned = scan_sources(project, session.conversions(), &mut findings);
    let bib = bibliography::load(project, &mut findings);
    bibliography::check(&bib, &scanned, &mut findings);
    labels::check(&bib, &scanned, &mut findings);
    markers::check(&scanned, &mut findings);
    structure::check(project, &scanned, &mut findings);
    abstracts::check(project, &scanned, &mut findings);

    let compiled = match session.compile_loaded(loaded, None) {
        Ok(compiled) => {
            for w in &compiled.warnings {
                if !already_reported(&findings, w) {
                    findings.add(Kind::Compiler, w.clone());
                }
            }
            images::check(&compiled, &scanned, &mut findings);
            appendix_scans::check(&compiled, &mut findings);
            Some(compiled)
        }
        Err(problems) => {
            for d in problems {
                let kind = if d.is_error() { Kind::Broken } else { Kind::Compiler };
                if already_reported(&findings, &d) {
                    continue;
                }
                findings.add(kind, d);
            }
            None
        }
    };
    Report { findings: findings.list, compiled }
}

/// Whether a compile diagnostic repeats what a check already reported on the same line (an
/// unknown citation key, an undefined label, CriticMarkup the final build strips), so it is
/// shown once.
fn already_reported(findings: &Findings, d: &Diagnostic) -> bool {
    let Some(at) = &d.at else { return false };
    findings.list.iter().any(|f| {
        matches!(f.kind, Kind::Broken | Kind::Draft | Kind::Critic)
            && f.diagnostic.at.as_ref().is_some_and(|o| o.file == at.file && o.line == at.line)
    })
}
