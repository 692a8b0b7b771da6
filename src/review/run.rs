//! `tesis review FILE.docx`: read the document, refuse one of another thesis, rebuild the model
//! it was made from, place the changes, and write every chapter at once — or, with `--dry-run`,
//! show the change as a unified diff and write nothing.

use std::path::{Path, PathBuf};

use super::import::{self, Found};
use super::model::ExportModel;
use super::package::{self, Package};
use super::place::{self, Plan, Sources};
use super::wordml::Document;
use crate::diag::Diagnostic;

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The new text of each file and what was placed in it.
    pub plan: Plan,
    /// Whether the document carried tesis anchors.
    pub anchored: bool,
    /// The unified diff of the change (dry run only).
    pub diff: Option<String>,
    /// The files written.
    pub written: Vec<PathBuf>,
}

/// A document read for an import: its package, its content, and the chapters it was exported
/// with (`tesis.bab`; all when none).
pub type Opened = (Package, Document, Option<Vec<usize>>);

/// Reads `file` and checks it belongs to the project at `root`.
pub fn open(file: &Path, root: &Path) -> Result<Opened, Vec<Diagnostic>> {
    let package = package::open(file).map_err(|d| vec![d])?;
    let project = crate::project::Project::load(root)?;
    if let Some(judul) = package.properties.get("tesis.judul")
        && normalise(judul) != normalise(&project.thesis.judul)
    {
        return Err(vec![
            Diagnostic::error(format!(
                "{} was exported from another thesis («{}»), not from this one («{}»); nothing was changed",
                file.display(),
                judul.trim(),
                project.thesis.judul.trim()
            ))
            .hint("run tesis review in the folder of the thesis the document belongs to (--root DIR)"),
        ]);
    }
    let chapters = package
        .properties
        .get("tesis.bab")
        .map(|s| s.split_whitespace().filter_map(|n| n.parse().ok()).collect::<Vec<usize>>())
        .filter(|v| !v.is_empty());
    let doc = Document::read(&package, &file.display().to_string()).map_err(|d| vec![d])?;
    Ok((package, doc, chapters))
}

/// A title with runs of white space made one space, for comparing.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Places the document's changes into the chapters `model` was built from and writes them
/// (unless `dry_run`).
pub fn import(package: &Package, doc: &Document, model: &ExportModel, dry_run: bool) -> Result<Report, Diagnostic> {
    let sources = read_sources(model)?;
    let Found { items, unplaced, anchored } = import::changes(package, doc, model);
    let mut plan = place::place(model, &sources, &items);
    plan.unplaced.extend(unplaced);
    let mut report = Report { anchored, ..Report::default() };
    if dry_run {
        report.diff = Some(diff(&plan));
    } else {
        report.written = commit(&plan)?;
    }
    report.plan = plan;
    Ok(report)
}

/// The text of every chapter the model's blocks come from.
fn read_sources(model: &ExportModel) -> Result<Sources, Diagnostic> {
    let mut sources = Sources::new();
    for file in model.blocks.iter().filter_map(|b| b.file.as_ref()) {
        if sources.contains_key(file) || !(place::is_md(file) || place::is_typ(file)) {
            continue;
        }
        let text = std::fs::read_to_string(file)
            .map_err(|e| Diagnostic::error(format!("cannot read {} ({e}); nothing was changed", file.display())))?;
        sources.insert(file.clone(), text);
    }
    Ok(sources)
}

/// The change to every file as one unified diff.
pub fn diff(plan: &Plan) -> String {
    let mut out = String::new();
    for (file, (old, new)) in &plan.files {
        if old == new {
            continue;
        }
        let name = file.display().to_string();
        let text = similar::TextDiff::from_lines(old, new);
        out.push_str(&text.unified_diff().context_radius(2).header(&name, &name).to_string());
    }
    out
}

/// Writes every changed file, all or nothing: a file whose bytes are no longer those the
/// changes were placed on (the student saved it meanwhile) stops the import before anything is
/// written; a write that fails puts back the files already written.
pub fn commit(plan: &Plan) -> Result<Vec<PathBuf>, Diagnostic> {
    commit_with(plan, crate::output::write_atomic)
}

/// [`commit`] with the function that writes one file.
fn commit_with(
    plan: &Plan,
    write: impl Fn(&Path, &[u8]) -> Result<(), Diagnostic>,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let changed: Vec<(&PathBuf, &String, &String)> =
        plan.files.iter().filter(|(_, (old, new))| old != new).map(|(f, (old, new))| (f, old, new)).collect();
    for (file, old, _) in &changed {
        let now = std::fs::read(file)
            .map_err(|e| Diagnostic::error(format!("cannot read {} ({e}); nothing was changed", file.display())))?;
        if now != old.as_bytes() {
            return Err(Diagnostic::error(format!(
                "{} changed while tesis review was working; nothing was changed",
                file.display()
            ))
            .hint("save your work and run tesis review again"));
        }
    }
    let mut written: Vec<PathBuf> = Vec::new();
    for (file, _, new) in &changed {
        if let Err(e) = write(file, new.as_bytes()) {
            let mut failed = Vec::new();
            for back in &written {
                let old = &plan.files[back].0;
                if write(back, old.as_bytes()).is_err() {
                    failed.push(back.display().to_string());
                }
            }
            let what = if failed.is_empty() {
                "nothing was changed".to_string()
            } else {
                format!("could not put back {}", failed.join(", "))
            };
            return Err(Diagnostic::error(format!("{}; {what}", e.message)));
        }
        written.push((*file).clone());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(files: &[(&Path, &str, &str)]) -> Plan {
        let mut plan = Plan::default();
        for (path, old, new) in files {
            plan.files.insert(path.to_path_buf(), (old.to_string(), new.to_string()));
        }
        plan
    }

    #[test]
    fn a_failed_write_puts_back_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let (x, y) = (dir.path().join("bab1.md"), dir.path().join("bab2.md"));
        std::fs::write(&x, "lama satu\n").unwrap();
        std::fs::write(&y, "lama dua\n").unwrap();
        let plan = plan(&[(&x, "lama satu\n", "baru satu\n"), (&y, "lama dua\n", "baru dua\n")]);
        // bab1.md is written, then the disk refuses bab2.md.
        let write = |path: &Path, data: &[u8]| {
            if path.ends_with("bab2.md") {
                return Err(Diagnostic::error(format!("cannot write {} (disk full)", path.display())));
            }
            crate::output::write_atomic(path, data)
        };
        let err = commit_with(&plan, write).unwrap_err();
        assert!(err.message.contains("bab2.md (disk full); nothing was changed"), "{}", err.message);
        assert_eq!(std::fs::read_to_string(&x).unwrap(), "lama satu\n", "bab1.md was not put back");
        assert_eq!(std::fs::read_to_string(&y).unwrap(), "lama dua\n");
    }

    #[test]
    fn a_file_saved_meanwhile_stops_the_import_before_any_write() {
        let dir = tempfile::tempdir().unwrap();
        let (x, y) = (dir.path().join("bab1.md"), dir.path().join("bab2.md"));
        std::fs::write(&x, "lama satu\n").unwrap();
        std::fs::write(&y, "teks baru mahasiswa\n").unwrap();
        let plan = plan(&[(&x, "lama satu\n", "baru satu\n"), (&y, "lama dua\n", "baru dua\n")]);
        let err = commit(&plan).unwrap_err();
        assert!(err.message.contains("changed while tesis review was working"), "{}", err.message);
        assert_eq!(std::fs::read_to_string(&x).unwrap(), "lama satu\n");
        assert_eq!(std::fs::read_to_string(&y).unwrap(), "teks baru mahasiswa\n");
    }
}
