//! The verbs: each file turns its arguments into a config, runs the shared pipeline and returns
//! a [`Failure`] with the diagnostics to print. No verb calls Typst directly.

pub mod accept;
pub mod build;
pub mod check;
pub mod diff;
pub mod docx;
pub mod eject;
pub mod export;
pub mod import;
pub mod new;
pub mod reject;
pub mod review;
pub mod show;
pub mod stats;
pub mod watch;

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// Why a verb failed: the diagnostics to print, with file names relative to `base`.
#[derive(Debug)]
pub struct Failure {
    /// What went wrong (and any warnings).
    pub diagnostics: Vec<Diagnostic>,
    /// The folder file names are shown relative to.
    pub base: PathBuf,
}

impl Failure {
    /// A failure with these diagnostics.
    pub fn new(diagnostics: Vec<Diagnostic>, base: &Path) -> Self {
        Self { diagnostics, base: base.to_path_buf() }
    }

    /// A failure with one error.
    pub fn one(d: Diagnostic, base: &Path) -> Self {
        Self::new(vec![d], base)
    }
}

/// The result of a verb.
pub type VerbResult = Result<(), Failure>;

/// The folder messages show paths relative to: the working directory when the project is
/// inside it (so `thesis/bab1.md:3:5` can be clicked in a terminal), else the project root.
pub fn message_base(root: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let root = dunce::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if root.starts_with(&cwd) { cwd } else { root }
}
