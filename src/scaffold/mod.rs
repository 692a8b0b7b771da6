//! The files of a new project (`tesis new`): thesis.yaml with every key explained in
//! Indonesian, BAB I–V with the usual sub-headings of an International Relations thesis and a
//! `TODO:` under each, a bibliography with one example entry, the placeholder emblem and a
//! .gitignore for the PDFs. The files live in `src/scaffold/files/` and are compiled in.

use std::path::Path;

use crate::diag::Diagnostic;

/// Each file of a new project: its path in the project and its contents.
const FILES: &[(&str, &[u8])] = &[
    ("thesis/thesis.yaml", include_bytes!("files/thesis.yaml")),
    ("thesis/bab1.md", include_bytes!("files/bab1.md")),
    ("thesis/bab2.md", include_bytes!("files/bab2.md")),
    ("thesis/bab3.md", include_bytes!("files/bab3.md")),
    ("thesis/bab4.md", include_bytes!("files/bab4.md")),
    ("thesis/bab5.md", include_bytes!("files/bab5.md")),
    ("thesis/pustaka.bib", include_bytes!("files/pustaka.bib")),
    ("figures/logo-umy.svg", include_bytes!("../../figures/logo-umy.svg")),
    (".gitignore", include_bytes!("files/gitignore")),
];

/// The kinds of document a project can start as.
pub const JENIS: [&str; 2] = ["proposal", "tesis"];

/// The paths a new project consists of, for messages and tests.
pub fn paths() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(p, _)| *p)
}

/// Writes a new project into `dir` (created if needed; it must be empty).
pub fn create(dir: &Path, jenis: &str, year: i32) -> Result<(), Diagnostic> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Diagnostic::error(format!("{} is a file, not a folder", dir.display()))
                .hint("name a new folder for the project"));
        }
        let not_empty = std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true);
        if not_empty {
            return Err(Diagnostic::error(format!(
                "{} is not empty; tesis new does not overwrite files",
                dir.display()
            ))
            .hint("name a new folder, e.g. `tesis new tesis-saya`"));
        }
    }
    write(dir, jenis, year, &|_| true)
}

/// `thesis.yaml` of a new project of `jenis` in `year`.
pub fn yaml(jenis: &str, year: i32) -> String {
    let text = String::from_utf8_lossy(FILES[0].1);
    text.replace("{{jenis}}", jenis).replace("{{tahun}}", &year.to_string())
}

/// Writes the files of a new project whose path `keep` accepts into `dir` (no check that it
/// is empty: `tesis import FILE.docx` writes its own chapters and thesis.yaml next to them).
pub fn write(dir: &Path, jenis: &str, year: i32, keep: &dyn Fn(&str) -> bool) -> Result<(), Diagnostic> {
    for (path, contents) in FILES.iter().filter(|(p, _)| keep(p)) {
        let target = dir.join(path);
        let contents = if *path == "thesis/thesis.yaml" { yaml(jenis, year).into_bytes() } else { contents.to_vec() };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::error(format!("cannot create the folder {} ({e})", parent.display())))?;
        }
        std::fs::write(&target, contents)
            .map_err(|e| Diagnostic::error(format!("cannot write {} ({e})", target.display())))?;
    }
    Ok(())
}
