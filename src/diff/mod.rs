//! `tesis diff`: the new version of the thesis with the changes since the old one marked, built
//! through the one compile path.
//!
//! Both versions are laid out in temporary folders ([`versions`]). The new one's chapters
//! are rewritten with their changes marked (Markdown with CriticMarkup, `.typ` with the revision
//! layer's calls), a summary page is put in front, and the copy is compiled by a
//! [`Session`](crate::compile::Session) in a draft build. The PDF always comes out: when the
//! marked build fails, changes are marked by whole blocks, and at last not at all.

use std::path::{Path, PathBuf};

mod summary;
mod versions;

use versions::Version;

use crate::compile::{Compiled, Config, Session};
use crate::diag::Diagnostic;
use crate::project::Project;
use crate::revise::blocks::{self, Detail};
use crate::revise::criticmarkup::{self, Decision};
use crate::revise::typ;
use crate::revise::words::Counts;

/// What one chapter's changes were.
#[derive(Debug, Clone)]
pub struct ChapterChange {
    /// The file, relative to the project root (`thesis/bab1.md`).
    pub file: String,
    /// New, removed, changed or unchanged.
    pub status: Status,
    /// Words added and deleted.
    pub counts: Counts,
}

/// What happened to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The same in both versions.
    Same,
    /// Changed.
    Changed,
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
}

/// A changed value of thesis.yaml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlChange {
    /// The key (`judul`).
    pub key: String,
    /// The old value (empty when added).
    pub old: String,
    /// The new value (empty when removed).
    pub new: String,
}

/// A finished diff.
pub struct Diffed {
    /// The compiled marked thesis.
    pub compiled: Compiled,
    /// How finely the changes could be marked.
    pub detail: Detail,
    /// The chapters and their changes.
    pub chapters: Vec<ChapterChange>,
    /// Changed values of thesis.yaml.
    pub yaml: Vec<YamlChange>,
    /// Why a finer marking was given up, if it was.
    pub fallbacks: Vec<Diagnostic>,
    /// The temporary copies, kept until the PDF is written.
    _versions: (Version, Version),
}

/// Builds the marked thesis of the project at `root`: `old` against `new` (the working tree
/// when `None`).
pub fn diff(root: &Path, old: &str, new: Option<&str>, config: Config) -> Result<Diffed, Vec<Diagnostic>> {
    let old_v = versions::materialise(root, Some(old)).map_err(|d| vec![d])?;
    let new_v = versions::materialise(root, new).map_err(|d| vec![d])?;
    let new_project = Project::load(&new_v.root)?;
    let old_sources: Vec<String> = match Project::load(&old_v.root) {
        Ok(p) => p.sources.iter().map(|s| relative(&p.root, &s.disk)).collect(),
        Err(_) => vec![],
    };
    let mut files = Vec::new();
    for source in &new_project.sources {
        let rel = relative(&new_project.root, &source.disk);
        let new_text = std::fs::read_to_string(&source.disk).unwrap_or_default();
        let old_text = std::fs::read_to_string(old_v.root.join(&rel)).ok();
        files.push((rel, source.disk.clone(), old_text, new_text));
    }
    let yaml = yaml_changes(&old_v.root.join(crate::project::YAML_PATH), &new_project.yaml_path);
    let removed: Vec<ChapterChange> = old_sources
        .iter()
        .filter(|f| !files.iter().any(|(rel, ..)| rel == *f))
        .map(|f| ChapterChange { file: f.clone(), status: Status::Removed, counts: Counts::default() })
        .collect();

    let mut fallbacks = Vec::new();
    for detail in [Detail::Words, Detail::Blocks, Detail::None] {
        let mut chapters = Vec::new();
        for (rel, disk, old_text, new_text) in &files {
            let (marked, change) = mark_file(rel, old_text.as_deref(), new_text, detail);
            std::fs::write(disk, marked)
                .map_err(|e| vec![Diagnostic::error(format!("cannot write {} ({e})", disk.display()))])?;
            chapters.push(change);
        }
        chapters.extend(removed.iter().cloned());
        summary::install(&new_v.root, &old_v.name, &new_v.name, &chapters, &yaml, detail).map_err(|d| vec![d])?;
        match Session::new(&new_v.root, config).compile() {
            Ok(compiled) => {
                return Ok(Diffed { compiled, detail, chapters, yaml, fallbacks, _versions: (old_v, new_v) });
            }
            Err(errors) => {
                let first = crate::diag::summary_line(&errors, &new_v.root);
                let next = match detail {
                    Detail::Words => "marking whole blocks instead",
                    _ => "leaving the changes unmarked (the summary still counts them)",
                };
                fallbacks.push(Diagnostic::warning(format!("the marked thesis did not compile ({first}); {next}")));
                if detail == Detail::None {
                    let mut all = vec![
                        Diagnostic::error("the new version itself does not compile, so no diff can be drawn")
                            .hint("run `tesis build` on the new version and fix what it reports first"),
                    ];
                    all.extend(errors);
                    return Err(all);
                }
            }
        }
    }
    unreachable!("the last detail level returns")
}

/// Marks one source file; returns the text to write and its change.
fn mark_file(rel: &str, old: Option<&str>, new: &str, detail: Detail) -> (String, ChapterChange) {
    let is_md = rel.ends_with(".md") || rel.ends_with(".markdown");
    let is_typ = rel.ends_with(".typ");
    let new_plain = if is_md { criticmarkup::resolve(new, Decision::Accept) } else { new.to_string() };
    let status = match old {
        None => Status::Added,
        Some(o) if o == new => Status::Same,
        Some(_) => Status::Changed,
    };
    let old_plain = match old {
        Some(o) if is_md => criticmarkup::resolve(o, Decision::Accept),
        Some(o) => o.to_string(),
        None => String::new(),
    };
    let (text, counts) = if status == Status::Same {
        (new.to_string(), Counts::default())
    } else if is_md {
        blocks::mark(&old_plain, &new_plain, detail)
    } else if is_typ && detail != Detail::None {
        let (marked, counts) = typ::mark(&old_plain, &new_plain, detail == Detail::Words);
        if typ::parses(&marked) { (marked, counts) } else { (new.to_string(), counts) }
    } else {
        (new.to_string(), Counts::default())
    };
    (text, ChapterChange { file: rel.to_string(), status, counts })
}

/// `path` relative to `root`, with `/`.
fn relative(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf());
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The top-level values of thesis.yaml that differ (`key: value` lines, compared as text).
fn yaml_changes(old: &Path, new: &Path) -> Vec<YamlChange> {
    let read = |p: &Path| -> Vec<(String, String)> {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        text.lines()
            .filter(|l| !l.starts_with([' ', '\t', '#', '-']))
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
            .collect()
    };
    let (old, new) = (read(old), read(new));
    let mut changes = Vec::new();
    for (k, v) in &new {
        let before = old.iter().find(|(ok, _)| ok == k).map(|(_, v)| v.clone()).unwrap_or_default();
        if &before != v {
            changes.push(YamlChange { key: k.clone(), old: before, new: v.clone() });
        }
    }
    for (k, v) in &old {
        if !new.iter().any(|(nk, _)| nk == k) {
            changes.push(YamlChange { key: k.clone(), old: v.clone(), new: String::new() });
        }
    }
    changes
}

/// The pages to keep: all (`None`) unless `only_changed`, then the summary page and every page
/// that holds a change (the revision layer leaves a `<tesis-change>` metadata at each).
pub fn changed_pages(diffed: &Diffed, only_changed: bool) -> Option<Vec<usize>> {
    if !only_changed {
        return None;
    }
    let mut pages = crate::parts::pages_with(&diffed.compiled.document, crate::parts::CHANGE);
    pages.insert(0, 1);
    pages.dedup();
    Some(pages)
}
