//! Fuzz target: any text as thesis.yaml must load or be refused with diagnostics located inside
//! the text, quickly and without a panic.
#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

/// A project root with a chapter and a bibliography, shared by every run.
static ROOT: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical root");
    std::fs::create_dir_all(root.join("thesis")).unwrap();
    std::fs::write(root.join("thesis/bab1.md"), "# Bab\n").unwrap();
    std::fs::write(root.join("thesis/pustaka.bib"), "").unwrap();
    (dir, root)
});

fuzz_target!(|text: &str| {
    let root = &ROOT.1;
    if let Err(diagnostics) = tesis::project::parse_yaml_str(text, root) {
        for d in diagnostics {
            if let Some(at) = &d.at {
                assert!(at.range.start <= at.range.end && at.range.end <= text.len(), "{d:?} outside {} bytes", text.len());
            }
        }
    }
});
