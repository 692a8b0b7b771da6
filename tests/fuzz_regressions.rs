//! Issue 10: one test per crash found by fuzzing or review of the fuzz targets (fuzz/). Each
//! calls the same entry point as its fuzz target with the input that crashed it.

use std::path::Path;

/// Converts `md` as `thesis/bab1.md` of an empty project.
fn convert(md: &str) -> Result<tesis::markdown::Converted, Vec<tesis::markdown::MdDiagnostic>> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let md_path = root.join("thesis/bab1.md");
    tesis::markdown::convert(md, &tesis::markdown::Context { root: &root, md_path: &md_path })
}

/// Deeply nested block quotes, lists and emphasis overflowed the stack (the converter builds
/// and walks its tree recursively): the process aborted with exit 134 and no message. Now an
/// error at the line, found without recursion.
#[test]
fn r_deep_nesting_is_an_error_not_a_stack_overflow() {
    // Run on a thread with a small stack, so a recursion that comes back fails here first.
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            for md in [
                ">".repeat(20_000) + " teks\n",
                (0..3000).map(|i| format!("{}- a\n", "  ".repeat(i))).collect(),
                "*".repeat(5000) + "x" + &"*".repeat(5000),
            ] {
                let errors = convert(&md).expect_err("refused");
                assert!(errors[0].message.contains("nested more than"), "{:?}", errors[0]);
                assert!(errors[0].range.end <= md.len());
            }
        })
        .unwrap()
        .join()
        .unwrap();
}

/// A thesis.yaml alias bomb must be refused quickly, with a located message.
#[test]
fn r_yaml_alias_bomb_is_refused_fast() {
    let mut yaml = String::from("judul: X\nlampiran:\n  - [&a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"]) {
        yaml.push_str(&format!(", &{name} [{}]", vec![format!("*{prev}"); 10].join(", ")));
    }
    yaml.push_str("]\n");
    let started = std::time::Instant::now();
    let errors = tesis::project::parse_yaml_str(&yaml, Path::new("/nonexistent")).expect_err("refused");
    assert!(started.elapsed().as_secs_f64() < 2.0, "took {:?}", started.elapsed());
    assert!(errors[0].message.contains("alias"), "{}", errors[0].message);
    assert!(errors[0].at.is_some());
}
