//! The command line, declared once with clap derive: doc comments are the help text, shared
//! argument groups are flattened into each verb.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Builds a UMY master's thesis (tesis) into a correctly formatted PDF.
///
/// A project is a folder with thesis/thesis.yaml, the chapters (Markdown or Typst), a
/// bibliography and figures. Run `tesis build` in it to get thesis.pdf.
#[derive(Debug, Parser)]
#[command(name = "tesis", version = crate::VERSION, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The verbs.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the thesis PDF (thesis.pdf in the project folder)
    Build(BuildArgs),
    /// Write the exact Typst project tesis compiles, for stock `typst compile`
    #[command(name = "export-typst")]
    ExportTypst(ExportArgs),
    /// Copy the embedded UMY template into the project (template/) to adapt it
    #[command(name = "eject-template")]
    EjectTemplate(EjectArgs),
    /// Make a project of a Word draft (.docx), or clean chapters of a PDF-derived Markdown draft
    Import(ImportArgs),
    /// Mark the changes between two versions of the thesis in one PDF (thesis-diff.pdf)
    Diff(DiffArgs),
    /// Apply the CriticMarkup changes ({++…++}, {--…--}, {~~…~>…~~}) written into chapters
    Accept(ReviseArgs),
    /// Drop the CriticMarkup changes written into chapters, keeping the text as it was
    Reject(ReviseArgs),
    /// Build, then rebuild on every save and show the pages live in the browser
    Watch(WatchArgs),
    /// Start a new thesis project in an empty folder
    New(NewArgs),
    /// List what is wrong or unfinished (no PDF is written)
    Check(CheckArgs),
    /// Words, pages, figures, tables, footnotes and citations per chapter
    Stats(StatsArgs),
    /// Write the thesis as a Word document (thesis.docx) for a supervisor to review
    Docx(DocxArgs),
    /// Bring the supervisor's changes from a .docx or marks from an annotated PDF into the chapters
    Review(ReviewArgs),
    /// Scroll the running `tesis watch` preview to a chapter's line (for an editor's key binding)
    Show(ShowArgs),
}

/// Which project.
#[derive(Debug, Clone, Args)]
pub struct RootArgs {
    /// The project folder (the one holding thesis/thesis.yaml)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// Options of every verb that compiles.
#[derive(Debug, Clone, Args)]
pub struct CompileArgs {
    /// Also use the fonts installed on this machine (default: only the bundled fonts and the
    /// project's fonts/, so the PDF is the same on every machine)
    #[arg(long)]
    pub system_fonts: bool,
}

impl CompileArgs {
    /// The compile options of a verb: the one place they are put together.
    pub fn config(&self, mode: crate::compile::Mode) -> crate::compile::Config {
        crate::compile::Config { mode, fonts: crate::world::FontOptions { system: self.system_fonts } }
    }
}

/// `tesis build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub root: RootArgs,
    #[command(flatten)]
    pub compile: CompileArgs,
    /// Where to write the PDF (default: thesis.pdf in the project folder)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The submission build: refuse draft markers, CriticMarkup and warnings, hide draft
    /// marks, write PDF/A-2u with the date from thesis.yaml
    #[arg(long = "final", conflicts_with = "review")]
    pub final_: bool,
    /// With --final: also write the submission pack beside the PDF (thesis-bagian/): each part
    /// as its own PDF/A (title pages, abstract, each BAB, bibliography, appendices) and
    /// metadata.json/metadata.txt for the repository's upload form
    #[arg(long, requires = "final_")]
    pub parts: bool,
    /// A build for the supervisor: line numbers in the margin, a DRAFT watermark with the
    /// date, tracked changes and comments visible
    #[arg(long)]
    pub review: bool,
}

/// `tesis export-typst`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub root: RootArgs,
    #[command(flatten)]
    pub compile: CompileArgs,
    /// The folder to write the Typst project to (created if needed; must be empty)
    #[arg(value_name = "OUTDIR")]
    pub outdir: PathBuf,
}

/// `tesis docx`.
#[derive(Debug, Args)]
pub struct DocxArgs {
    #[command(flatten)]
    pub root: RootArgs,
    #[command(flatten)]
    pub compile: CompileArgs,
    /// Where to write the document (default: thesis.docx in the project folder)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only these chapters (numbers as in the whole thesis: `--bab 2 3`)
    #[arg(long, value_name = "N", num_args = 1..)]
    pub bab: Vec<usize>,
}

/// `tesis eject-template`.
#[derive(Debug, Args)]
pub struct EjectArgs {
    #[command(flatten)]
    pub root: RootArgs,
}

/// `tesis import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The draft: a Word document (.docx), or a Markdown file converted from its PDF
    #[arg(value_name = "FILE.docx|FILE.md")]
    pub file: PathBuf,
    #[command(flatten)]
    pub root: RootArgs,
    /// Overwrite chapter files that already exist
    #[arg(long)]
    pub force: bool,
}

/// `tesis watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub root: RootArgs,
    #[command(flatten)]
    pub compile: CompileArgs,
    /// The port of the preview on 127.0.0.1 (default: 3927, or the next free one; 0: any free)
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Open the preview in the default browser
    #[arg(long)]
    pub open: bool,
    /// The editor a double-click (or Ctrl/Cmd-click) on a page's word opens at that line: a preset
    /// (code, vim, nvim, emacs, subl, notepad++) or a command with {file}, {line} and {column}
    /// (default: $VISUAL or $EDITOR when it is a preset; else the place is shown to copy)
    #[arg(long, value_name = "CMD")]
    pub editor: Option<String>,
}

/// `tesis show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The place: a chapter file and its line, and optionally the column (thesis/bab2.md:14)
    #[arg(value_name = "FILE:LINE[:COL]")]
    pub place: String,
    #[command(flatten)]
    pub root: RootArgs,
}

/// `tesis new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The folder to create the project in (must be new or empty)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// A thesis proposal or the thesis itself
    #[arg(long, value_enum, default_value = "tesis")]
    pub jenis: Jenis,
}

/// The kind of document `tesis new` starts.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Jenis {
    /// A thesis proposal (usulan penelitian)
    Proposal,
    /// The thesis
    Tesis,
}

impl Jenis {
    /// The value written to thesis.yaml.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposal => "proposal",
            Self::Tesis => "tesis",
        }
    }
}

/// How findings and numbers are printed.
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum OutputFormat {
    /// Messages for a person, on standard error
    #[default]
    Human,
    /// A JSON array on standard output, for editors and CI
    Json,
}

/// `tesis check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub root: RootArgs,
    #[command(flatten)]
    pub compile: CompileArgs,
    /// The submission check: draft markers, CriticMarkup and warnings become errors
    #[arg(long = "final")]
    pub final_: bool,
    /// How to print the findings
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
}

/// `tesis stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub root: RootArgs,
    #[command(flatten)]
    pub compile: CompileArgs,
    /// How to print the numbers
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
}

/// `tesis diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version: a git revision of the project (HEAD~1, a tag, a commit) or a project folder
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The new version: a git revision or a project folder (default: the files as they are now)
    #[arg(value_name = "NEW")]
    pub new: Option<String>,
    #[command(flatten)]
    pub root: RootArgs,
    #[command(flatten)]
    pub compile: CompileArgs,
    /// Where to write the PDF (default: thesis-diff.pdf in the project folder)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Keep only the summary and the pages with changes
    #[arg(long)]
    pub only_changed: bool,
}

/// `tesis review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The .docx the supervisor sent back (written by tesis docx, edited in Word), or the PDF
    /// of tesis build they annotated (highlights, strike-outs, carets, sticky notes)
    #[arg(value_name = "FILE.docx|FILE.pdf")]
    pub file: PathBuf,
    #[command(flatten)]
    pub root: RootArgs,
    #[command(flatten)]
    pub compile: CompileArgs,
    /// Print the change to the chapters as a unified diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// `tesis accept` and `tesis reject`.
#[derive(Debug, Args)]
pub struct ReviseArgs {
    /// The Markdown chapters to rewrite
    #[arg(value_name = "FILE", required_unless_present = "all", conflicts_with = "all")]
    pub files: Vec<PathBuf>,
    /// Every Markdown chapter of the project
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub root: RootArgs,
}
