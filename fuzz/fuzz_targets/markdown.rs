//! Fuzz target: any UTF-8 text as a Markdown chapter must convert (or be refused with located
//! diagnostics) without a panic, and every diagnostic range must lie inside the text.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

/// A project root with a figure and a CSV, shared by every run (the converter only reads).
static ROOT: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical root");
    std::fs::create_dir_all(root.join("thesis")).unwrap();
    std::fs::create_dir_all(root.join("figures")).unwrap();
    std::fs::write(root.join("figures/a.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    std::fs::write(root.join("figures/data.csv"), "a,b\n1,2\n").unwrap();
    (dir, root)
});

fuzz_target!(|text: &str| {
    let root = &ROOT.1;
    let md_path = root.join("thesis/bab1.md");
    let ctx = tesis::markdown::Context { root, md_path: &md_path };
    let diagnostics = match tesis::markdown::convert(text, &ctx) {
        Ok(converted) => {
            assert!(converted.typst.starts_with(tesis::markdown::PRELUDE));
            converted.warnings
        }
        Err(errors) => errors,
    };
    for d in diagnostics {
        assert!(d.range.start <= d.range.end && d.range.end <= text.len(), "{d:?} outside {} bytes", text.len());
        let _ = tesis::markdown::line_col(text, d.range.start);
    }
});
