//! `tesis import`: turns a PDF-derived Markdown draft into clean chapter files (issue 5).
//!
//! [`import`] is pure (text in, chapters + `thesis.yaml` values + a report out); [`write`] is
//! the only part that touches the disk. The passes, in order: split into blocks ([`blocks`]),
//! pull the page-bottom notes out and turn markers into `[^N]` ([`notes`]), unwrap quotes set in
//! bold/italic ([`text`]), recover lost drawings as figures ([`figures`]), join paragraphs a page
//! break cut in two ([`text`]), set heading levels from their typed numbers ([`headings`]). The
//! cover (everything before the first heading) is read by [`cover`]. Nothing here guesses
//! silently: every change is counted and every doubt is listed in the [`Report`].

mod blocks;
mod cover;
mod figures;
mod headings;
mod notes;
#[cfg(test)]
mod tests;
mod text;
pub mod word;

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use blocks::{Block, Kind};

/// The "line" of a doubt about the document as a whole (a Word draft's DAFTAR PUSTAKA, its
/// front matter), listed last.
pub(crate) const DOCUMENT: usize = usize::MAX;

/// The chapter title used when the draft has no level-1 heading (BAB I is the introduction).
const DEFAULT_TITLE: &str = "PENDAHULUAN";

/// The result of importing a draft.
#[derive(Debug, Clone)]
pub struct Imported {
    /// Chapter files: the file name (`bab1.md`, …) and its Markdown.
    pub chapters: Vec<(String, String)>,
    /// `thesis.yaml` values read from the cover, as dotted keys (`penulis.nama`); `pembimbing`
    /// may repeat.
    pub yaml_values: Vec<(String, String)>,
    /// What the importer changed and what it could not decide.
    pub report: Report,
}

/// What the importer changed (counts per kind) and what it left for a person to decide.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// How many times each kind of change was made.
    pub counts: BTreeMap<Change, usize>,
    /// Doubts: the 1-based line of the draft (0: the cover as a whole) and what is in doubt.
    pub undecided: Vec<(usize, String)>,
}

/// A kind of change the importer makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A page-bottom note became a `[^N]:` definition next to its marker.
    FootnoteMoved,
    /// A marker glued to the next word or standing after a space was attached to its word.
    MarkerMoved,
    /// A note number alone on its own line became a marker at the end of the text before it.
    BareMarkerAttached,
    /// A "BAB I" line (and the title line after it) became the chapter's heading.
    ChapterHeadFound,
    /// A page-bottom rule (`---`) was removed.
    PageRuleRemoved,
    /// A note's link whose text repeated its address became `<address>`.
    LinkSimplified,
    /// Two parts of one paragraph (or quote) cut by a page break were joined.
    ParagraphRejoined,
    /// A word split with a hyphen at a page break was joined.
    HyphenationJoined,
    /// A stray opening quotation mark at the start of a continued paragraph was removed.
    StrayQuoteRemoved,
    /// Bold/italic markers around a whole quote were removed and the quote made a block quote.
    QuoteEmphasisRemoved,
    /// A drawing whose picture was lost became a figure pointing at an SVG to draw.
    FigureRecovered,
    /// A heading got the level its typed numbering gives it.
    HeadingLevelChanged,
    /// A heading's typed number was changed to the one the template prints (FORMAT F7).
    HeadingRenumbered,
    /// Bold markers around a heading's text were removed.
    HeadingEmphasisRemoved,
    /// A cover or title-page line gave a `thesis.yaml` value.
    CoverValue,
    /// A Word footnote became a `[^N]` note.
    WordNote,
    /// A Zotero or Mendeley citation field became a `[@key]` citation.
    FieldCitation,
    /// A Word table became a pipe table (or a CSV file).
    TableConverted,
    /// A Word image was saved in figures/.
    ImageSaved,
    /// An indented (or Quote-styled) paragraph became a block quote.
    IndentedQuote,
}

impl Change {
    /// What the change means, for the report.
    fn describe(self) -> &'static str {
        match self {
            Change::FootnoteMoved => "footnotes moved to their markers",
            Change::MarkerMoved => "note markers attached to their word",
            Change::BareMarkerAttached => "bare note numbers made markers",
            Change::ChapterHeadFound => "chapter heads (BAB …) recognised",
            Change::PageRuleRemoved => "page-bottom rules removed",
            Change::LinkSimplified => "note links simplified",
            Change::ParagraphRejoined => "paragraphs rejoined across page breaks",
            Change::HyphenationJoined => "hyphenated words joined",
            Change::StrayQuoteRemoved => "stray quotation marks removed",
            Change::QuoteEmphasisRemoved => "bold/italic quotes made block quotes",
            Change::FigureRecovered => "lost drawings made figures",
            Change::HeadingLevelChanged => "heading levels set from their numbering",
            Change::HeadingRenumbered => "heading numbers made to match the template's",
            Change::HeadingEmphasisRemoved => "bold removed from headings",
            Change::CoverValue => "thesis.yaml values read from the cover",
            Change::WordNote => "Word footnotes made [^N] notes",
            Change::FieldCitation => "Zotero/Mendeley citation fields made [@key] citations",
            Change::TableConverted => "Word tables made pipe tables or CSV files",
            Change::ImageSaved => "images saved in figures/",
            Change::IndentedQuote => "indented quotations made block quotes",
        }
    }
}

impl Report {
    /// Counts one change of `kind`.
    fn count(&mut self, kind: Change) {
        *self.counts.entry(kind).or_default() += 1;
    }

    /// Records a doubt at `line`.
    fn undecided(&mut self, line: usize, what: String) {
        self.undecided.push((line, what));
    }

    /// How many changes of `kind` were made.
    pub fn get(&self, kind: Change) -> usize {
        self.counts.get(&kind).copied().unwrap_or(0)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "changed:")?;
        for (kind, n) in &self.counts {
            writeln!(f, "  {n:>3} {}", kind.describe())?;
        }
        if !self.undecided.is_empty() {
            writeln!(f, "to check by hand:")?;
            for (line, what) in &self.undecided {
                match line {
                    0 => writeln!(f, "  cover: {what}")?,
                    &DOCUMENT => writeln!(f, "  document: {what}")?,
                    _ => writeln!(f, "  line {line}: {what}")?,
                }
            }
        }
        Ok(())
    }
}

/// Imports a PDF-derived Markdown draft: chapters, cover values and the report.
pub fn import(md: &str) -> Imported {
    let mut report = Report::default();
    let md = notes::normalise_superscripts(md);
    let all = headings::chapter_heads(blocks::parse(&md), &mut report);
    let body_start = all.iter().position(|b| matches!(b.kind, Kind::Heading(_))).unwrap_or(0);
    let yaml_values = cover::values(&all[..body_start], &mut report);

    let (body, notes) = notes::extract(all[body_start..].to_vec(), &mut report);
    let mut body = body;
    text::dehyphenate(&mut body, &mut report);
    text::quotes(&mut body, &mut report);
    let body = figures::figures(body, &mut report);
    let mut body = text::join(body, &mut report);
    headings::normalise(&mut body, &mut report);
    let first_line = all.get(body_start).map_or(1, |b| b.line);
    chapters(body, &notes, yaml_values, report, first_line)
}

/// Imports the Markdown draft [`word`] made of a .docx: `md` has `[^N]` references already and
/// `notes` their texts. The PDF-only passes (page-bottom notes, page-break joins, lost drawings)
/// are skipped; chapter heads, cover values and heading levels are read as for a PDF draft.
pub(crate) fn import_word(md: &str, notes: notes::Notes, mut report: Report) -> Imported {
    let parsed = blocks::parse(md).into_iter().map(word_block).collect();
    let all = headings::chapter_heads(parsed, &mut report);
    let body_start = all.iter().position(|b| matches!(b.kind, Kind::Heading(_))).unwrap_or(0);
    let yaml_values = cover::values(&all[..body_start], &mut report);
    let mut body = all[body_start..].to_vec();
    headings::normalise(&mut body, &mut report);
    let first_line = all.get(body_start).map_or(1, |b| b.line);
    chapters(body, &notes, yaml_values, report, first_line)
}

/// A block of a Word draft: a pipe table or a note definition written by the converter stays
/// as it is (lines kept); a paragraph the block parser took for a note definition is text.
fn word_block(block: Block) -> Block {
    if block.lines.first().is_some_and(|l| l.starts_with('|')) {
        let text = block.lines.join("\n");
        return Block { kind: Kind::Raw, text, ..block };
    }
    match block.kind {
        Kind::NoteDef(_) | Kind::Bare(_) | Kind::Rule => Block::new(block.line, Kind::Paragraph, block.lines),
        _ => block,
    }
}

/// Splits the body into chapters at each level-1 heading and renders them.
fn chapters(
    body: Vec<Block>,
    notes: &notes::Notes,
    yaml_values: Vec<(String, String)>,
    mut report: Report,
    first_line: usize,
) -> Imported {
    let mut chapters = Vec::new();
    let mut current: Vec<Block> = Vec::new();
    for block in body {
        if block.kind == Kind::Heading(1) && !current.is_empty() {
            chapters.push(std::mem::take(&mut current));
        }
        current.push(block);
    }
    if !current.is_empty() || chapters.is_empty() {
        chapters.push(current);
    }
    if chapters[0].first().is_none_or(|b| b.kind != Kind::Heading(1)) {
        report.undecided(
            first_line,
            format!("the draft has no chapter title; the first chapter is titled {DEFAULT_TITLE}"),
        );
        chapters[0].insert(0, Block::new(0, Kind::Heading(1), vec![DEFAULT_TITLE.to_string()]));
    }

    report.undecided.sort_by_key(|(line, _)| *line);
    let mut emitted = Vec::new();
    let count = chapters.len();
    let chapters = chapters
        .iter()
        .enumerate()
        .map(|(i, blocks)| {
            let rest = if i + 1 == count { Some(notes) } else { None };
            (format!("bab{}.md", i + 1), render(blocks, notes, &mut emitted, rest))
        })
        .collect();
    Imported { chapters, yaml_values, report }
}

/// Renders one chapter's blocks, each followed by the definitions of the notes it references;
/// `leftover` (for the last chapter) adds the notes no marker referenced.
fn render(blocks: &[Block], notes: &notes::Notes, emitted: &mut Vec<u32>, leftover: Option<&notes::Notes>) -> String {
    let mut out = String::new();
    for block in blocks {
        let md = match block.kind {
            Kind::Heading(level) => {
                let text = block.text.trim();
                // "BAB I PENDAHULUAN" → "PENDAHULUAN": the template prints "BAB I" (F6).
                let title = text.strip_prefix("BAB ").and_then(|t| t.split_once(' '));
                let text = match title {
                    Some((_, title)) if level == 1 && !title.trim().is_empty() => title,
                    _ => text,
                };
                format!("{} {}", "#".repeat(level), text.trim())
            }
            Kind::Quote => block.lines.iter().map(|l| format!("> {l}")).collect::<Vec<_>>().join("\n>\n"),
            _ => block.text.clone(),
        };
        out.push_str(&md);
        out.push_str("\n\n");
        for n in references(&md) {
            if let Some((_, text)) = notes.get(&n).filter(|_| !emitted.contains(&n)) {
                out.push_str(&format!("[^{n}]: {text}\n\n"));
                emitted.push(n);
            }
        }
    }
    if let Some(rest) = leftover {
        for (n, (_, text)) in rest.iter().filter(|(n, _)| !emitted.contains(n)) {
            out.push_str(&format!("[^{n}]: {text}\n\n"));
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The note numbers referenced (`[^N]`) in `md`, in order.
fn references(md: &str) -> Vec<u32> {
    md.match_indices("[^")
        .filter_map(|(at, _)| {
            let rest = &md[at + 2..];
            rest[..rest.find(']')?].parse().ok()
        })
        .collect()
}

/// A `thesis.yaml` suggestion from the imported values, in the schema's key order.
pub fn yaml_suggestion(imported: &Imported) -> String {
    let get = |key: &str| imported.yaml_values.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let mut out =
        String::from("# Suggested by `tesis import` from the draft's cover and title page: check every value.\n");
    field(&mut out, "", "jenis", get("jenis"), "proposal");
    for key in ["judul", "sub_judul", "judul_en", "sub_judul_en"] {
        field(&mut out, "", key, get(key), "\"\"");
    }
    out.push_str("penulis:\n");
    for key in ["nama", "nim"] {
        field(&mut out, "  ", key, get(&format!("penulis.{key}")), "\"\"");
    }
    for key in ["gelar", "program_studi", "program", "fakultas", "universitas", "kota", "tahun", "tahun_akademik"] {
        field(&mut out, "", key, get(key), "\"\"");
    }
    out.push_str("pembimbing:\n");
    for (_, name) in imported.yaml_values.iter().filter(|(k, _)| k == "pembimbing") {
        out.push_str(&format!("  - nama: {}\n", quote(name)));
    }
    out.push_str("bab:\n");
    for (name, _) in &imported.chapters {
        out.push_str(&format!("  - {name}\n"));
    }
    out
}

/// Appends `key: value`, or the key commented out with `fallback` when the cover lacks it.
fn field(out: &mut String, indent: &str, key: &str, value: Option<&str>, fallback: &str) {
    match value {
        Some(v) => out.push_str(&format!("{indent}{key}: {}\n", quote(v))),
        None => out.push_str(&format!("{indent}# {key}: {fallback}  # not on the cover\n")),
    }
}

/// `value` as a double-quoted YAML string.
fn quote(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Writes the chapters to `root/thesis/` and the `thesis.yaml` suggestion next to them
/// (`thesis.yaml` when there is none yet, else `thesis.import.yaml`); returns the paths written.
/// An existing chapter file is an error unless `overwrite` is set.
pub fn write(imported: &Imported, root: &Path, overwrite: bool) -> io::Result<Vec<PathBuf>> {
    let dir = root.join("thesis");
    std::fs::create_dir_all(&dir)?;
    for (name, _) in &imported.chapters {
        let path = dir.join(name);
        if !overwrite && path.exists() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} already exists (not overwritten)", path.display()),
            ));
        }
    }
    let mut written = Vec::new();
    for (name, md) in &imported.chapters {
        let path = dir.join(name);
        std::fs::write(&path, md)?;
        written.push(path);
    }
    let yaml = dir.join("thesis.yaml");
    let yaml = if yaml.exists() { dir.join("thesis.import.yaml") } else { yaml };
    std::fs::write(&yaml, yaml_suggestion(imported))?;
    written.push(yaml);
    Ok(written)
}
