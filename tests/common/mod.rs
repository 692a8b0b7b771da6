//! Shared helpers of the integration tests: copy a fixture project into a temporary folder, run
//! the real `tesis` binary on it, and read the PDF it wrote (text via poppler's `pdftotext`,
//! metadata via `pdfinfo`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod supervisor;

/// BAB II of the minimal fixture written in Typst, for the review round trips (Word and PDF): a
/// sub-heading, sentences to change and a footnote.
#[allow(dead_code)]
pub const TYP_BAB2: &str = "#import \"/template/lib.typ\": *\n\n= Tinjauan Pustaka\n\n== Konsep Paradiplomasi\n\n\
     Bab dua ditulis dalam Typst. Paradiplomasi dibahas oleh banyak penulis dari berbagai negara. \
     Kalimat ini akan dihapus oleh pembimbing. Kerja sama kota kembar adalah contoh yang \
     baik.#footnote[Catatan tentang Hasan Wirayudha mengenai kerja sama.]\n";

/// A project in a temporary folder.
pub struct TestProject {
    /// Keeps the folder alive.
    _dir: tempfile::TempDir,
    /// The project root.
    pub root: PathBuf,
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl TestProject {
    /// Copies `tests/fixtures/<name>` into a fresh temporary folder.
    pub fn fixture(name: &str) -> Self {
        Self::copy_of(&repo().join("tests/fixtures").join(name))
    }

    /// Copies the repository's own default project (thesis/, figures/).
    pub fn default_thesis() -> Self {
        let p = Self::empty();
        for sub in ["thesis", "figures"] {
            copy_dir(&repo().join(sub), &p.root.join(sub));
        }
        p
    }

    /// The `minimal` fixture with a figure in BAB I that BAB II refers to, a note and a citation
    /// in BAB II, and BAB II long enough to run over several pages (the preview's first look).
    pub fn cross_referenced() -> Self {
        let p = Self::fixture("minimal");
        p.write(
            "figures/kotak.svg",
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="gray"/></svg>"#,
        );
        p.edit(
            "thesis/bab1.md",
            "## B. Rumusan Masalah",
            "![Peta kerja sama](../figures/kotak.svg){#gbr-peta width=40%}\n\n## B. Rumusan Masalah",
        );
        let long: String =
            (0..40).map(|i| format!("Kalimat pengisi nomor {i} yang menambah panjang bab dua. ")).collect();
        p.write(
            "thesis/bab2.typ",
            format!(
                "#import \"/template/lib.typ\": *\n\n= Tinjauan Pustaka\n\n== Konsep Paradiplomasi\n\n\
                 Bab dua ditulis dalam Typst, lihat @gbr-peta.#footnote[Catatan bab dua.] \
                 Jatmika membahasnya @jatmika2001. {long}\n\n{long}\n\n{long}\n\n\
                 #figure(rect(width: 3cm, height: 1cm), caption: [Kotak bab dua]) <gbr-dua>\n\nSeperti @gbr-dua.\n"
            ),
        );
        p
    }

    /// An empty project folder.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().unwrap();
        Self { _dir: dir, root }
    }

    /// Copies any folder as a project.
    pub fn copy_of(src: &Path) -> Self {
        let p = Self::empty();
        copy_dir(src, &p.root);
        p
    }

    /// A path inside the project.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes a file (creating folders).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Reads a text file.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Replaces `from` by `to` in a file, asserting that `from` is there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }

    /// Runs `tesis ARGS` in the project folder.
    pub fn tesis(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_tesis"))
            .args(args)
            .current_dir(&self.root)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("run tesis");
        Run { output }
    }

    /// Runs `tesis build` and asserts success.
    pub fn build_ok(&self) -> Run {
        self.tesis(&["build"]).ok()
    }

    /// The text of the built thesis.pdf.
    pub fn pdf_text(&self) -> String {
        pdf_text(&self.path("thesis.pdf"))
    }
}

/// What a run of tesis did.
pub struct Run {
    /// Exit status and output.
    pub output: Output,
}

impl Run {
    /// Standard error as text.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    /// The exit code.
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    /// Asserts exit code 0.
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(self.code(), 0, "tesis failed:\n{}", self.stderr());
        self
    }

    /// Asserts exit code 1 and that stderr mentions every one of `needles`.
    #[track_caller]
    pub fn fails_with(self, needles: &[&str]) -> Self {
        let err = self.stderr();
        assert_eq!(self.code(), 1, "expected exit 1, got {}:\n{err}", self.code());
        for n in needles {
            assert!(err.contains(n), "stderr lacks {n:?}:\n{err}");
        }
        assert!(!err.contains("panicked"), "a panic:\n{err}");
        self
    }
}

/// Whether the external program `tool` (Debian package `package`) is installed, for a test that
/// needs it: `if !require("pdftotext", "poppler-utils") { return; }`. When it is missing, under
/// CI (`CI` set and not `false`/`0`) the test fails here; elsewhere a `SKIPPED:` line is written
/// straight to stderr (past the test harness's capture, so it shows in every run) and the test
/// returns. `tool` may be a path (e.g. from `CHROMIUM`).
#[track_caller]
pub fn require(tool: &str, package: &str) -> bool {
    require_that(installed(tool), tool, package)
}

/// [`require`] for a prerequisite that is not a program on PATH (e.g. a Python module): `ok` says
/// whether it is there, `what` names it.
#[track_caller]
pub fn require_that(ok: bool, what: &str, package: &str) -> bool {
    if ok {
        return true;
    }
    let test = std::thread::current().name().unwrap_or("a test").to_string();
    let why = missing(what, package);
    if std::env::var("CI").is_ok_and(|v| v != "false" && v != "0") {
        panic!("{test}: {why}");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {test}: {why}");
    false
}

/// Whether `tool` is a file, or a program in a folder of PATH.
fn installed(tool: &str) -> bool {
    let exe = |p: PathBuf| p.is_file() || p.with_extension(std::env::consts::EXE_EXTENSION).is_file();
    if Path::new(tool).components().count() > 1 {
        return exe(PathBuf::from(tool));
    }
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| exe(dir.join(tool))))
}

/// What to say when `tool` is missing.
fn missing(tool: &str, package: &str) -> String {
    format!("{tool} is not installed (install {package}, or run scripts/test)")
}

/// The text of a PDF (pdftotext, reading order). A word Typst divided at a line end (its
/// hyphen is a soft hyphen in the text layer, issue 19) is joined again, as a reader copying
/// the text gets it.
pub fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{} ({e})", missing("pdftotext", "poppler-utils")));
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).replace("\u{ad}\n", "")
}

/// The text of each page of a PDF.
pub fn pdf_pages(pdf: &Path) -> Vec<String> {
    let text = pdf_text(pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The PDF `tesis watch` should have written for the project at `root` as it is now: the draft
/// export (`PdfExport::working_copy`) of a fresh draft compile.
pub fn fresh_working_copy(root: &Path) -> Vec<u8> {
    use tesis::compile::{Config, Mode, Session};
    use tesis::output::pdf::{PdfExport, export};
    let config = Config { mode: Mode::Draft, fonts: tesis::world::FontOptions::default() };
    let compiled = Session::new(root, config).compile().expect("the project compiles");
    export(&compiled, &PdfExport::working_copy()).expect("the draft export")
}

/// `pdfinfo` key → value.
pub fn pdf_info(pdf: &Path) -> std::collections::HashMap<String, String> {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("{} ({e})", missing("pdfinfo", "poppler-utils")));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string())))
        .collect()
}

/// Copies a folder recursively.
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap_or_else(|e| panic!("{}: {e}", src.display())) {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
}

/// Words of a text: lower-cased alphanumeric runs.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}
