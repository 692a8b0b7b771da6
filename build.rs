//! Embeds the bundled fonts (`fonts/`) and the UMY template (`src/template/`) into the binary,
//! so that a thesis builds the same on every machine with nothing installed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let mut code = String::new();

    let fonts = files_below(&manifest.join("fonts"), &["ttf", "otf", "ttc"]);
    code.push_str("/// Bundled fonts: (file name, data).\npub static FONTS: &[(&str, &[u8])] = &[\n");
    for (rel, abs) in &fonts {
        writeln!(code, "    ({rel:?}, include_bytes!({abs:?})),").unwrap();
    }
    code.push_str("];\n");

    let template = files_below(&manifest.join("src/template"), &[]);
    code.push_str(
        "/// Template files: (path below template/, contents).\npub static TEMPLATE: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in &template {
        writeln!(code, "    ({rel:?}, include_bytes!({abs:?})),").unwrap();
    }
    code.push_str("];\n");

    std::fs::write(out.join("embedded.rs"), code).unwrap();

    // `tesis --version` and the PDF's creator name the Typst compiler that is linked in: the
    // version Cargo.lock resolved, so it cannot drift from the manifest's pin.
    let lock = std::fs::read_to_string(manifest.join("Cargo.lock")).unwrap_or_default();
    println!("cargo:rustc-env=TESIS_TYPST_VERSION={}", locked_version(&lock, "typst").unwrap_or("unknown"));
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=fonts");
    println!("cargo:rerun-if-changed=src/template");
    for (_, abs) in fonts.iter().chain(&template) {
        println!("cargo:rerun-if-changed={abs}");
    }
}

/// The version of package `name` in a Cargo.lock (`[[package]]`, `name = "…"`, `version = "…"`).
fn locked_version<'a>(lock: &'a str, name: &str) -> Option<&'a str> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return version.strip_suffix('"');
        }
    }
    None
}

/// Files below `dir` (recursively, sorted), as (path relative to `dir` with `/`, absolute path).
/// An empty `extensions` takes every file except Markdown notes.
fn files_below(dir: &Path, extensions: &[&str]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                println!("cargo:rerun-if-changed={}", path.display());
                stack.push(path);
                continue;
            }
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_lowercase();
            let wanted = if extensions.is_empty() { ext != "md" } else { extensions.contains(&ext.as_str()) };
            if wanted {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                found.push((rel, path.to_string_lossy().into_owned()));
            }
        }
    }
    found.sort();
    found
}
