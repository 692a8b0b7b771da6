//! Resolving the paths a student writes (in thesis.yaml or a Markdown chapter) to files inside the
//! project root.
//!
//! Rule: a relative path is tried against the folder of the file that names it first, then
//! against the project root (so both `../figures/x.png`, which editors' previews understand, and
//! `figures/x.png` work). A path that leads outside the root — by `..`, an absolute path or a
//! symlink — is refused. Nothing here reads file contents.

use std::fmt;
use std::path::{Component, Path, PathBuf};

/// Why a path a student wrote cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    /// No file at any of the places tried.
    NotFound { tried: Vec<String> },
    /// The path (or a symlink on it) leads outside the project folder.
    OutsideRoot,
    /// The path names a folder, not a file.
    IsDirectory,
}

impl fmt::Display for PathProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound { tried } => write!(f, "file not found (looked at {})", tried.join(", ")),
            Self::OutsideRoot => write!(f, "the path leads outside the project folder"),
            Self::IsDirectory => write!(f, "the path is a folder, not a file"),
        }
    }
}

/// A file inside the project, as the compiler sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFile {
    /// The file on disk (root joined with the relative path; not canonicalised).
    pub disk: PathBuf,
    /// The path relative to the root with `/` separators and a leading `/` (`/figures/x.png`).
    pub vpath: String,
}

/// Resolves `written` (as the student typed it) named by a file in `base_dir` (absolute, inside
/// `root`), trying `base_dir` first and `root` second.
pub fn resolve(root: &Path, base_dir: &Path, written: &str) -> Result<ProjectFile, PathProblem> {
    let written = written.trim();
    let rel = Path::new(written);
    if rel.is_absolute() || written.starts_with('/') || written.starts_with('\\') || has_prefix(rel) {
        return Err(PathProblem::OutsideRoot);
    }
    let mut tried = Vec::new();
    let mut outside = false;
    for base in [base_dir, root] {
        let Some(inside) = normalise_within(root, &base.join(rel)) else {
            outside = true;
            continue;
        };
        let disk = root.join(&inside);
        tried.push(display_rel(&inside));
        if tried.len() == 2 && tried[0] == tried[1] {
            tried.pop();
            continue;
        }
        match std::fs::metadata(&disk) {
            Ok(meta) => {
                if !stays_inside(root, &disk) {
                    return Err(PathProblem::OutsideRoot);
                }
                if meta.is_dir() {
                    return Err(PathProblem::IsDirectory);
                }
                return Ok(ProjectFile { vpath: vpath_of(&inside), disk });
            }
            Err(_) => continue,
        }
    }
    if tried.is_empty() && outside {
        return Err(PathProblem::OutsideRoot);
    }
    Err(PathProblem::NotFound { tried })
}

/// Lexically normalises `path` (absolute, under `root`) and returns it relative to `root`, or
/// `None` when `..` climbs above the root.
pub fn normalise_within(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let mut out = PathBuf::new();
    for comp in rel.components() {
        match comp {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Whether `disk` still lies inside `root` once symlinks are followed.
pub fn stays_inside(root: &Path, disk: &Path) -> bool {
    match (dunce::canonicalize(root), dunce::canonicalize(disk)) {
        (Ok(root), Ok(real)) => real.starts_with(root),
        // A file that cannot be canonicalised does not exist yet: nothing to follow.
        (Ok(_), Err(_)) => true,
        (Err(_), _) => false,
    }
}

/// The compiler's path (`/a/b.png`) for a path relative to the root.
pub fn vpath_of(rel: &Path) -> String {
    let mut s = String::new();
    for comp in rel.components() {
        if let Component::Normal(part) = comp {
            s.push('/');
            s.push_str(&part.to_string_lossy());
        }
    }
    if s.is_empty() { "/".into() } else { s }
}

/// A relative path for messages, with `/` separators on every platform.
pub fn display_rel(rel: &Path) -> String {
    vpath_of(rel).trim_start_matches('/').to_string()
}

/// Whether a path starts with a Windows drive or UNC prefix.
fn has_prefix(path: &Path) -> bool {
    matches!(path.components().next(), Some(Component::Prefix(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("thesis")).unwrap();
        std::fs::create_dir_all(root.join("figures")).unwrap();
        std::fs::write(root.join("figures/a.png"), b"x").unwrap();
        std::fs::write(root.join("thesis/local.png"), b"x").unwrap();
        (dir, root)
    }

    #[test]
    fn file_folder_first_then_root() {
        let (_d, root) = project();
        let base = root.join("thesis");
        assert_eq!(resolve(&root, &base, "../figures/a.png").unwrap().vpath, "/figures/a.png");
        assert_eq!(resolve(&root, &base, "figures/a.png").unwrap().vpath, "/figures/a.png");
        assert_eq!(resolve(&root, &base, "local.png").unwrap().vpath, "/thesis/local.png");
    }

    #[test]
    fn outside_root_is_refused() {
        let (_d, root) = project();
        let base = root.join("thesis");
        assert_eq!(resolve(&root, &base, "../../etc/passwd"), Err(PathProblem::OutsideRoot));
        assert_eq!(resolve(&root, &base, "/etc/passwd"), Err(PathProblem::OutsideRoot));
    }

    #[test]
    fn missing_names_both_places() {
        let (_d, root) = project();
        let base = root.join("thesis");
        match resolve(&root, &base, "nope.png") {
            Err(PathProblem::NotFound { tried }) => assert_eq!(tried, ["thesis/nope.png", "nope.png"]),
            other => panic!("{other:?}"),
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlink_out_is_refused() {
        let (_d, root) = project();
        std::os::unix::fs::symlink("/etc/hostname", root.join("figures/link.png")).unwrap();
        assert_eq!(resolve(&root, &root.join("thesis"), "../figures/link.png"), Err(PathProblem::OutsideRoot));
    }
}
