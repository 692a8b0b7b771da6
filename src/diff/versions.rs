//! The two versions `tesis diff` compares, each laid out as a whole project in a temporary
//! folder: a git revision of the project (through the `git` command), a project folder, or the
//! files as they are now.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::diag::Diagnostic;

/// Folders of a working tree that are never part of a thesis (build output, version control).
const SKIPPED_DIRS: [&str; 3] = ["target", "node_modules", "__pycache__"];

/// One version of the project, copied into a temporary folder that lives as long as this value.
pub struct Version {
    /// The temporary folder (removed on drop).
    _dir: tempfile::TempDir,
    /// The project root inside it.
    pub root: PathBuf,
    /// How the user named it (`HEAD~1`, a folder), for the summary page.
    pub name: String,
}

/// Lays out the version `spec` of the project at `root`: an existing folder is taken as a
/// project folder, anything else as a git revision. `None` is the working tree.
pub fn materialise(root: &Path, spec: Option<&str>) -> Result<Version, Diagnostic> {
    let dir = tempfile::Builder::new()
        .prefix("tesis-diff-")
        .tempdir()
        .map_err(|e| Diagnostic::error(format!("cannot create a temporary folder ({e})")))?;
    let target = dir.path().join("project");
    let name = match spec {
        None => {
            if working_tree_from_git(root, &target).is_err() {
                copy_tree(root, &target)?;
            }
            "berkas saat ini".to_string()
        }
        Some(s) if Path::new(s).is_dir() => {
            copy_tree(Path::new(s), &target)?;
            s.to_string()
        }
        Some(rev) => {
            from_git(root, rev, &target)?;
            rev.to_string()
        }
    };
    Ok(Version { _dir: dir, root: target, name })
}

/// Runs git in `dir` and returns its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Diagnostic> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().map_err(|e| {
        Diagnostic::error(format!("cannot run git ({e})")).hint("install git, or compare two project folders")
    })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(Diagnostic::error(format!("git {} failed ({})", args.join(" "), err.trim())));
    }
    Ok(out.stdout)
}

/// Writes the files of revision `rev` below the project folder into `target`.
fn from_git(root: &Path, rev: &str, target: &Path) -> Result<(), Diagnostic> {
    let prefix = String::from_utf8_lossy(&git(root, &["rev-parse", "--show-prefix"]).map_err(|d| {
        d.hint(format!(
            "`{rev}` is not a folder, so it must be a git revision, but the project is not in a git repository"
        ))
    })?)
    .trim()
    .to_string();
    let top = String::from_utf8_lossy(&git(root, &["rev-parse", "--show-toplevel"])?).trim().to_string();
    let top = PathBuf::from(top);
    git(&top, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")]).map_err(|_| {
        Diagnostic::error(format!("`{rev}` is neither a folder nor a git revision"))
            .hint("name a commit (HEAD~1, a tag, a hash) or a project folder")
    })?;
    let mut args = vec!["ls-tree", "-r", "-z", "--name-only", rev];
    if !prefix.is_empty() {
        args.extend(["--", prefix.as_str()]);
    }
    let listing = git(&top, &args)?;
    for path in listing.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path).into_owned();
        let rel = path.strip_prefix(&prefix).unwrap_or(&path);
        if rel.split('/').any(|part| SKIPPED_DIRS.contains(&part)) {
            continue;
        }
        let bytes = git(&top, &["show", &format!("{rev}:{path}")])?;
        let to = target.join(rel);
        write_file(&to, &bytes)?;
    }
    if !target.join(crate::project::YAML_PATH).is_file() {
        return Err(Diagnostic::error(format!("revision {rev} has no {}", crate::project::YAML_PATH)));
    }
    Ok(())
}

/// Copies the files of the working tree that git tracks or would track (ignored build output
/// such as `target/` left out) below the project folder into `target`.
fn working_tree_from_git(root: &Path, target: &Path) -> Result<(), Diagnostic> {
    let listing = git(root, &["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."])?;
    for rel in listing.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let rel = String::from_utf8_lossy(rel).into_owned();
        let from = root.join(&rel);
        if !from.is_file() {
            continue;
        }
        let to = target.join(&rel);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Diagnostic::error(format!("cannot create {} ({e})", dir.display())))?;
        }
        std::fs::copy(&from, &to).map_err(|e| Diagnostic::error(format!("cannot copy {} ({e})", from.display())))?;
    }
    if target.join(crate::project::YAML_PATH).is_file() {
        Ok(())
    } else {
        Err(Diagnostic::error("the working tree listing has no thesis.yaml"))
    }
}

/// Writes a file, creating its folder.
fn write_file(to: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Diagnostic::error(format!("cannot create {} ({e})", dir.display())))?;
    }
    std::fs::write(to, bytes).map_err(|e| Diagnostic::error(format!("cannot write {} ({e})", to.display())))
}

/// Copies a project folder, leaving out hidden entries, build output and PDFs at its top.
fn copy_tree(from: &Path, to: &Path) -> Result<(), Diagnostic> {
    copy_dir(from, to, true)
}

/// Copies one folder recursively.
fn copy_dir(from: &Path, to: &Path, top: bool) -> Result<(), Diagnostic> {
    let read = std::fs::read_dir(from)
        .map_err(|e| Diagnostic::error(format!("cannot read the folder {} ({e})", from.display())))?;
    std::fs::create_dir_all(to).map_err(|e| Diagnostic::error(format!("cannot create {} ({e})", to.display())))?;
    for entry in read.flatten() {
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        if name_str.starts_with('.') || SKIPPED_DIRS.contains(&name_str.as_ref()) {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Diagnostic::error(format!("cannot read {} ({e})", path.display())))?;
        if kind.is_dir() {
            copy_dir(&path, &to.join(&name), false)?;
        } else if kind.is_file() && !(top && name_str.ends_with(".pdf")) {
            std::fs::copy(&path, to.join(&name))
                .map_err(|e| Diagnostic::error(format!("cannot copy {} ({e})", path.display())))?;
        }
    }
    Ok(())
}
