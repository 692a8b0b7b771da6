//! The layout an annotated PDF was made from. A PDF tesis writes records a hash of its inputs
//! and, in a clean git checkout, the commit ([`crate::output::pdf::Record`]): when the sources
//! still hash the same, the thesis is built as it is; when they changed and the record names a
//! commit, the sources of that commit are built in a temporary copy of the project (the marks
//! are then carried onto today's text by [`super::carry`]); otherwise (no record, or no way back
//! to the recorded sources) today's build is used, and only the pages whose text is the PDF's
//! own take marks.

use std::path::{Path, PathBuf};

use crate::compile::{Compiled, Config, Mode, Session};
use crate::diag::Diagnostic;
use crate::output::pdf::Record;
use crate::pagemap::PageMap;
use crate::project::Project;
use crate::review::place::Sources;

/// Which sources the layout was built from.
#[derive(Debug)]
pub enum Basis {
    /// The sources on disk, which are those the PDF was built from.
    Same,
    /// The sources of the recorded commit, in a temporary copy of the project: `root` is the
    /// copy's project folder (the marks are carried onto today's files).
    Past { commit: String, root: PathBuf, _dir: tempfile::TempDir },
    /// Today's sources, which may not be the PDF's: only pages whose text is the PDF's own are
    /// used, and `why` says why (no record; the record's sources are gone).
    Unverified { why: String },
}

/// The laid-out pages, the texts of their files, and where they come from.
pub struct Laid {
    /// The glyphs of every page.
    pub map: PageMap,
    /// The text of every file the glyphs come from, as it was built.
    pub sources: Sources,
    /// The sources built.
    pub basis: Basis,
}

/// A compile of the sources a PDF was made from, not yet mapped.
pub struct Built {
    /// The record it was built for.
    record: Option<Record>,
    /// The kind of build.
    mode: Mode,
    /// The session (world and conversions) and its compile.
    session: Session,
    compiled: Compiled,
    /// The sources built.
    basis: Basis,
}

/// Compiles the sources a PDF with `record` was made from, for `project` as it is on disk, with
/// `config` (whose mode is the recorded one).
pub fn build(project: &Project, config: Config, record: Option<&Record>) -> Result<Built, Vec<Diagnostic>> {
    let today = crate::docx::inputs_hash(project);
    let basis = match record {
        Some(r) if r.inputs == today => Basis::Same,
        Some(r) => match r.commit.as_deref().map(|c| past(project, c, &r.inputs)) {
            Some(Ok(basis)) => basis,
            Some(Err(why)) => Basis::Unverified { why },
            None => Basis::Unverified {
                why: "the sources changed since the PDF was built, and the PDF names no git commit to rebuild it from"
                    .into(),
            },
        },
        None => Basis::Unverified {
            why: "the PDF does not say what it was built from (it was saved again by another program)".into(),
        },
    };
    let build_root = match &basis {
        Basis::Past { root, .. } => root.clone(),
        _ => project.root.clone(),
    };
    let mut session = Session::new(&build_root, config);
    let compiled = session.compile()?;
    Ok(Built { record: record.cloned(), mode: config.mode, session, compiled, basis })
}

impl Built {
    /// Whether this is the compile for a PDF with `record`, to be mapped in `mode`.
    pub fn is_for(&self, record: Option<&Record>, mode: Mode) -> bool {
        self.record.as_ref() == record && self.mode == mode
    }

    /// Maps the pages `wanted` takes (0 = page 1) and reads the files their glyphs come from.
    pub fn map(self, wanted: impl Fn(usize) -> bool + Sync) -> Laid {
        let Built { session, compiled, basis, .. } = self;
        let (world, conversions) = session.last_world().expect("the session compiled");
        let map = crate::pagemap::map_pages(world, conversions, &compiled.document, wanted);
        let mut sources = Sources::new();
        for file in &map.files {
            if let Ok(text) = std::fs::read_to_string(file) {
                sources.insert(file.clone(), text);
            }
        }
        // The compile's document and caches are large: freeing them is left to a thread of its
        // own (a tenth of a second on 300 pages that the import need not wait for).
        let _ = std::thread::Builder::new().spawn(move || drop((compiled, session)));
        Laid { map, sources, basis }
    }
}

/// The project as it was at `commit`, in a temporary folder: a copy of today's project (for the
/// files git does not track: fonts, figures) with every tracked file of the commit written over
/// it. Refused when the copy does not hash as `inputs`.
fn past(project: &Project, commit: &str, inputs: &str) -> Result<Basis, String> {
    let gone = |what: String| format!("the sources changed since the PDF was built, and {what}");
    let root = &project.root;
    let git = |args: &[&str], index: Option<&Path>| {
        let mut command = std::process::Command::new("git");
        command.arg("-C").arg(root).args(args);
        if let Some(index) = index {
            command.env("GIT_INDEX_FILE", index);
        }
        command.output()
    };
    let prefix = git(&["rev-parse", "--show-prefix"], None)
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .ok_or_else(|| gone("git cannot be run here to rebuild the recorded commit".into()))?;
    let dir = tempfile::tempdir().map_err(|e| gone(format!("no temporary folder could be made ({e})")))?;
    let old_root = dir.path().join("tree").join(&prefix);
    copy_project(root, &old_root).map_err(|e| gone(format!("the project could not be copied ({e})")))?;
    let work_tree = dir.path().join("tree");
    let index = dir.path().join("index");
    let out = git(&[&format!("--work-tree={}", work_tree.display()), "checkout", commit, "--", "."], Some(&index))
        .map_err(|e| gone(format!("git could not be run ({e})")))?;
    if !out.status.success() {
        return Err(gone(format!("the recorded commit {} is not in this repository", short(commit))));
    }
    let old =
        Project::load(&old_root).map_err(|_| gone(format!("thesis.yaml of commit {} does not load", short(commit))))?;
    if crate::docx::inputs_hash(&old) != inputs {
        return Err(gone(format!(
            "the files of commit {} are not those the PDF was built from (it was built from uncommitted changes)",
            short(commit)
        )));
    }
    Ok(Basis::Past { commit: commit.to_string(), root: old_root, _dir: dir })
}

/// Copies the project folder (without `.git` and the PDFs and Word files tesis writes at its
/// top) to `to`.
fn copy_project(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let path = entry.path();
        if name == ".git" || name == "target" {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_project(&path, &to.join(&name))?;
        } else if entry.file_type()?.is_file() {
            std::fs::copy(&path, to.join(&name))?;
        }
    }
    Ok(())
}

/// A commit's first twelve characters.
pub fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

/// The letters and digits of a text, lower-cased: what must be equal for a page of the PDF and
/// a page of the build to be the same page.
pub fn letters(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}
