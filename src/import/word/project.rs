//! Writing an imported Word draft as a project: the files of `tesis new` (logo, .gitignore),
//! thesis.yaml with the cover's values in place of the defaults, the chapters, pustaka.bib from
//! the citation fields, the figures and CSV tables, the Markdown draft and IMPORT-NOTES.md.

use std::path::{Path, PathBuf};

use super::WordImport;
use crate::diag::Diagnostic;

/// Keys of thesis.yaml that are commented out in a new project and set when the cover gives them.
const OPTIONAL: [&str; 2] = ["fakultas", "tahun_akademik"];

/// Keys of a new project's thesis.yaml that are commented out when the cover lacks them (their
/// defaults would print a made-up subtitle or English title).
const DROPPED_WHEN_ABSENT: [&str; 3] = ["sub_judul", "judul_en", "sub_judul_en"];

/// Refuses a folder that holds a thesis already.
pub fn check_root(root: &Path) -> Result<(), Diagnostic> {
    let yaml = root.join("thesis").join("thesis.yaml");
    if yaml.exists() {
        return Err(Diagnostic::error(format!(
            "{} holds a thesis already ({} exists); tesis import FILE.docx writes a new project",
            root.display(),
            yaml.display()
        ))
        .hint("import into a new folder: tesis import FILE.docx --root tesis-baru"));
    }
    Ok(())
}

/// Writes the project into `root`; `source` names the document. Returns the paths written.
pub fn write(w: &WordImport, root: &Path, source: &Path, year: i32) -> Result<Vec<PathBuf>, Diagnostic> {
    check_root(root)?;
    let get = |key: &str| w.imported.yaml_values.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let jenis = get("jenis").unwrap_or_else(|| "proposal".to_string());
    let keep_bib = w.bib.is_none();
    let scaffold = |p: &str| {
        !(p.starts_with("thesis/bab") || p == "thesis/thesis.yaml" || (p == "thesis/pustaka.bib" && !keep_bib))
    };
    let mut out: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let thesis = root.join("thesis");
    out.push((thesis.join("thesis.yaml"), yaml(w, &jenis, year).into_bytes()));
    for (name, md) in &w.imported.chapters {
        out.push((thesis.join(name), md.clone().into_bytes()));
    }
    if let Some(bib) = &w.bib {
        out.push((thesis.join("pustaka.bib"), bib.clone().into_bytes()));
    }
    for (path, bytes) in &w.files {
        out.push((root.join(path), bytes.clone()));
    }
    let stem = source.file_stem().and_then(|s| s.to_str()).unwrap_or("draft");
    let draft = format!("draft/{stem}.md");
    out.push((thesis.join(&draft), w.draft.clone().into_bytes()));
    let notes = format!(
        "# How this project was made from {}\n\nWritten by `tesis import`. The lines named below are lines of \
         `thesis/{draft}` (the document as Markdown, before the chapters were cut from it).\n\n```\n{}```\n",
        source.file_name().and_then(|s| s.to_str()).unwrap_or("the document"),
        w.imported.report
    );
    out.push((thesis.join("IMPORT-NOTES.md"), notes.into_bytes()));
    // Nothing the student has is overwritten: every path is checked before the first write.
    let scaffold_paths: Vec<PathBuf> = crate::scaffold::paths().filter(|p| scaffold(p)).map(|p| root.join(p)).collect();
    if let Some(taken) = out.iter().map(|(p, _)| p).chain(&scaffold_paths).find(|p| p.exists()) {
        return Err(Diagnostic::error(format!(
            "{} already exists; tesis import FILE.docx does not overwrite files",
            taken.display()
        ))
        .hint("import into a new folder: tesis import FILE.docx --root tesis-baru"));
    }
    crate::scaffold::write(root, &jenis, year, &scaffold)?;
    let mut written = Vec::new();
    for (path, bytes) in out {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Diagnostic::error(format!("cannot create the folder {} ({e})", parent.display())))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| Diagnostic::error(format!("cannot write {} ({e})", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

/// `value` as a double-quoted YAML string.
fn quote(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A new project's thesis.yaml with the cover's values and the imported chapters.
fn yaml(w: &WordImport, jenis: &str, year: i32) -> String {
    let values = &w.imported.yaml_values;
    let get = |key: &str| values.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let mut out = String::new();
    let mut section = "";
    let mut skip_list = false;
    for line in crate::scaffold::yaml(jenis, year).lines() {
        if skip_list {
            if line.starts_with("  ") {
                continue;
            }
            skip_list = false;
        }
        let top = !line.starts_with(' ') && !line.starts_with('#');
        if top {
            section = line.split(':').next().unwrap_or("");
        }
        let uncommented = line.strip_prefix("# ").unwrap_or(line);
        let key = uncommented.trim_start().split(':').next().unwrap_or("");
        let indent = &uncommented[..uncommented.len() - uncommented.trim_start().len()];
        let dotted = if indent.is_empty() { key.to_string() } else { format!("{section}.{key}") };
        let is_key = uncommented.contains(": ") && !key.contains(' ');
        match () {
            _ if section == "pembimbing" && line.starts_with("  - nama:") => {
                let names: Vec<&str> =
                    values.iter().filter(|(k, _)| k == "pembimbing").map(|(_, v)| v.as_str()).collect();
                if names.is_empty() {
                    out.push_str(line);
                    out.push('\n');
                }
                for n in names {
                    out.push_str(&format!("  - nama: {}\n", quote(n)));
                }
            }
            _ if top && key == "bab" => {
                out.push_str("bab:\n");
                for (name, _) in &w.imported.chapters {
                    out.push_str(&format!("  - {name}\n"));
                }
                skip_list = true;
            }
            _ if is_key && (line == uncommented || OPTIONAL.contains(&key)) && get(&dotted).is_some() => {
                out.push_str(&format!("{indent}{key}: {}\n", quote(get(&dotted).unwrap_or_default())));
            }
            _ if is_key && line == uncommented && DROPPED_WHEN_ABSENT.contains(&dotted.as_str()) => {
                out.push_str(&format!("# {line}\n"));
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}
