//! What one source file of the thesis contains: headings, citations, cross-references, labels,
//! figures, tables, footnotes, draft markers, CriticMarkup, images and words, each with its byte
//! range in the file the student wrote.
//!
//! Markdown and Typst chapters are read the same way: for a `.md` file the markup the compile
//! generated from it ([`crate::compile::convert`], CriticMarkup layer included: text deleted in a
//! `{-- --}` mark is not counted, as it is not printed) is walked, its ranges mapped back to the
//! `.md`; a `.typ` file is walked as written. Nothing here judges what it
//! finds; the checks in the sibling modules and [`crate::stats`] do.

use std::ops::Range;
use std::path::{Path, PathBuf};

use typst::syntax::{LinkedNode, SyntaxKind};

use crate::compile::convert::{Conversion, read_text};
use crate::diag::Diagnostic;
use crate::project::SourceFile;

/// What a label is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// A figure (`gambar`, `figure(image(..))`).
    Figure,
    /// A table (`tabel`, `tabel-csv`, `figure(table(..))`).
    Table,
    /// A heading (a chapter or section).
    Heading,
    /// Anything else.
    Other,
}

/// A name at a place: a citation key, a referenced or defined label, an image path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The key, label or path.
    pub name: String,
    /// Where it is written in the source file.
    pub range: Range<usize>,
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for the chapter title, 2 for `A.`, 3 for `1.`, …
    pub level: usize,
    /// Its text.
    pub title: String,
    /// Where it is written.
    pub range: Range<usize>,
}

/// Everything found in one source file.
#[derive(Debug, Clone)]
pub struct Inventory {
    /// The file on disk.
    pub file: PathBuf,
    /// Its text as read.
    pub text: String,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Citations (`[@key]`, `#cite(<key>)`, and `@key` naming a bibliography entry).
    pub cites: Vec<Named>,
    /// `@name` / `#ref(<name>)` whose target is decided later (a label or a bibliography key).
    pub refs: Vec<Named>,
    /// Labels defined, with what they label.
    pub labels: Vec<(Named, LabelKind)>,
    /// Figures, labelled or not (their ranges).
    pub figures: Vec<Range<usize>>,
    /// Tables, labelled or not (their ranges).
    pub tables: Vec<Range<usize>>,
    /// Footnotes (their ranges).
    pub footnotes: Vec<Range<usize>>,
    /// Draft markers (`TODO:` paragraphs, `#draft[..]`).
    pub drafts: Vec<Range<usize>>,
    /// CriticMarkup left in the text (`{++`, `{--`, `{~~`, `{==`, `{>>`) and `#catatan[..]`.
    pub critic: Vec<Range<usize>>,
    /// Images, by the path written in the call (absolute compiler path, or relative to the file).
    pub images: Vec<Named>,
    /// Words of the running text (headings, figures, tables, footnotes, draft markers and code
    /// not counted).
    pub words: usize,
    /// Words inside footnotes.
    pub footnote_words: usize,
    /// False when the file could not be converted: only draft markers and CriticMarkup were
    /// found (in the raw text), so checks across files must not trust what is missing.
    pub complete: bool,
}

/// The openers of CriticMarkup's five marks.
pub const CRITIC_OPENERS: [&str; 5] = ["{++", "{--", "{~~", "{==", "{>>"];

/// Walks one source file: a Markdown chapter as the compile converted it (`conversion`), a
/// `.typ` file as written. A Markdown file that could not be converted gives its errors and an
/// incomplete inventory (draft markers and CriticMarkup of the raw text).
pub fn scan(source: &SourceFile, conversion: Option<&Conversion>) -> (Option<Inventory>, Vec<Diagnostic>) {
    let mut inv = if source.is_markdown() {
        // A Markdown source the compile could not read has no conversion: say why.
        let Some(conversion) = conversion else {
            return (None, read_text(&source.disk).err().into_iter().collect());
        };
        let mut inv = Inventory::empty(&source.disk, &conversion.text);
        match &conversion.result {
            Ok(generated) => walk_typst(generated.markup(), &|o| generated.md_offset(o), &mut inv),
            Err(problems) => {
                inv.complete = false;
                inv.critic = critic_marks(&inv.text);
                inv.critic.sort_by_key(|r| r.start);
                inv.drafts = todo_paragraphs(&inv.text);
                return (Some(inv), problems.clone());
            }
        }
        inv
    } else {
        let text = match read_text(&source.disk) {
            Ok(text) => text,
            Err(d) => return (None, vec![d]),
        };
        let mut inv = Inventory::empty(&source.disk, &text);
        walk_typst(&text, &|o| o, &mut inv);
        inv
    };
    inv.critic.extend(critic_marks(&inv.text));
    inv.critic.sort_by_key(|r| r.start);
    (Some(inv), vec![])
}

impl Inventory {
    /// An inventory with nothing found yet.
    fn empty(file: &Path, text: &str) -> Self {
        Self {
            file: file.to_path_buf(),
            text: text.to_string(),
            headings: vec![],
            cites: vec![],
            refs: vec![],
            labels: vec![],
            figures: vec![],
            tables: vec![],
            footnotes: vec![],
            drafts: vec![],
            critic: vec![],
            images: vec![],
            words: 0,
            footnote_words: 0,
            complete: true,
        }
    }

    /// Whether the file has nothing but headings.
    pub fn is_empty(&self) -> bool {
        self.words == 0 && self.figures.is_empty() && self.tables.is_empty() && self.drafts.is_empty()
    }
}

/// The byte ranges of CriticMarkup openers in a source text.
pub fn critic_marks(text: &str) -> Vec<Range<usize>> {
    let mut found = vec![];
    for opener in CRITIC_OPENERS {
        found.extend(text.match_indices(opener).map(|(i, m)| i..i + m.len()));
    }
    found
}

/// The ranges of the `TODO:` lines that open a paragraph of Markdown, read from the raw text.
fn todo_paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut found = vec![];
    let mut offset = 0;
    let mut after_blank = true;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end();
        if after_blank && body.starts_with("TODO:") {
            found.push(offset..offset + body.len());
        }
        after_blank = body.trim().is_empty();
        offset += line.len();
    }
    found
}

/// Counts the words of a piece of plain text: runs between spaces holding a letter or digit.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// What the walker is inside of.
#[derive(Debug, Clone, Copy, Default)]
struct Within {
    /// A footnote: words count apart.
    footnote: bool,
    /// A draft marker or a heading: words do not count.
    uncounted: bool,
}

/// Walks Typst markup (generated from Markdown when `map` is given) into `inv`.
fn walk_typst(markup: &str, map: &dyn Fn(usize) -> usize, inv: &mut Inventory) {
    let root = typst::syntax::parse(markup);
    let mut walker = Walker { map, inv, body: String::new(), notes: String::new() };
    walker.node(&LinkedNode::new(&root), Within::default());
    walker.inv.words += count_words(&walker.body);
    walker.inv.footnote_words += count_words(&walker.notes);
}

/// The state of one walk.
struct Walker<'a> {
    /// Offsets of the walked markup → offsets of the student's file.
    map: &'a dyn Fn(usize) -> usize,
    /// Where findings go.
    inv: &'a mut Inventory,
    /// The running text seen so far.
    body: String,
    /// The footnote text seen so far.
    notes: String,
}

impl Walker<'_> {
    /// The range in the student's file of a range of the walked markup.
    fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let start = (self.map)(range.start);
        let end = if range.is_empty() { start } else { (self.map)(range.end - 1).max(start) + 1 };
        start..end.max(start + 1).min(self.inv.text.len().max(start))
    }

    /// The range of `@name` in the student's file: a converted call maps to the `@` only.
    fn name_range(&self, range: Range<usize>, name: &str) -> Range<usize> {
        let at = self.source_range(range);
        let written = format!("@{name}");
        if self.inv.text.get(at.start..).is_some_and(|t| t.starts_with(&written)) {
            at.start..at.start + written.len()
        } else {
            at
        }
    }

    /// Adds text to the running or footnote text.
    fn text(&mut self, s: &str, within: Within) {
        if within.uncounted {
            return;
        }
        if within.footnote { self.notes.push_str(s) } else { self.body.push_str(s) }
    }

    /// Visits a node and its children.
    fn node(&mut self, node: &LinkedNode, within: Within) {
        match node.kind() {
            SyntaxKind::Text => self.text(node.get().leaf_text(), within),
            SyntaxKind::Space | SyntaxKind::Parbreak | SyntaxKind::Linebreak => self.text(" ", within),
            SyntaxKind::Escape => {
                let t = node.get().leaf_text();
                let c = if t.starts_with("\\u{") { "x" } else { t.get(1..).unwrap_or("") };
                self.text(c, within);
            }
            SyntaxKind::Shorthand => self.text(if node.get().leaf_text() == "~" { " " } else { "-" }, within),
            SyntaxKind::Raw | SyntaxKind::Equation | SyntaxKind::LineComment | SyntaxKind::BlockComment => {
                self.text(" ", within)
            }
            SyntaxKind::Heading => self.heading(node, within),
            SyntaxKind::Ref => self.reference(node, within),
            SyntaxKind::Markup => self.markup(node, within),
            SyntaxKind::FuncCall => self.call(node, within),
            SyntaxKind::ModuleImport | SyntaxKind::LetBinding | SyntaxKind::SetRule | SyntaxKind::ShowRule => {}
            _ => self.children(node, within),
        }
    }

    /// Visits every child.
    fn children(&mut self, node: &LinkedNode, within: Within) {
        for child in node.children() {
            self.node(&child, within);
        }
    }

    /// Visits markup, noting what each label follows.
    fn markup(&mut self, node: &LinkedNode, within: Within) {
        let mut last = LabelKind::Other;
        for child in node.children() {
            match child.kind() {
                SyntaxKind::Label => {
                    let text = child.get().leaf_text();
                    let name = text.trim_start_matches('<').trim_end_matches('>').to_string();
                    let range = self.source_range(child.range());
                    self.inv.labels.push((Named { name, range }, last));
                }
                // A space keeps what the label follows, but still separates words
                // (`tiga #tesis-ins[empat]` is two words).
                SyntaxKind::Space => self.text(" ", within),
                SyntaxKind::Hash => {}
                SyntaxKind::Heading => {
                    last = LabelKind::Heading;
                    self.node(&child, within);
                }
                SyntaxKind::FuncCall => {
                    last = call_kind(&child);
                    self.node(&child, within);
                }
                _ => {
                    last = LabelKind::Other;
                    self.node(&child, within);
                }
            }
        }
    }

    /// Records a heading; its words are not counted.
    fn heading(&mut self, node: &LinkedNode, within: Within) {
        let level =
            node.children().find(|c| c.kind() == SyntaxKind::HeadingMarker).map_or(1, |m| m.get().leaf_text().len());
        let title =
            node.children().find(|c| c.kind() == SyntaxKind::Markup).map(|m| plain_text(&m)).unwrap_or_default();
        let range = self.source_range(node.range());
        self.inv.headings.push(Heading { level, title: title.trim().to_string(), range });
        self.children(node, Within { uncounted: true, ..within });
        self.text(" ", within);
    }

    /// Records `@name` (a citation or a cross-reference; decided against the bibliography).
    fn reference(&mut self, node: &LinkedNode, within: Within) {
        if let Some(marker) = node.children().find(|c| c.kind() == SyntaxKind::RefMarker) {
            let name = marker.get().leaf_text().trim_start_matches('@').to_string();
            let range = self.source_range(node.range());
            self.inv.refs.push(Named { name, range });
        }
        self.text(" ", within);
        self.children(node, within);
    }

    /// Records what a call of the template API or of Typst's model stands for.
    fn call(&mut self, node: &LinkedNode, within: Within) {
        let name = callee(node);
        let range = self.source_range(node.range());
        let mut inner = within;
        match name.as_str() {
            "cite" | "ref" => {
                if let Some(target) = label_argument(node) {
                    let range = self.name_range(node.range(), &target);
                    let named = Named { name: target, range };
                    if name == "cite" { self.inv.cites.push(named) } else { self.inv.refs.push(named) }
                }
                // The locator (`supplement: [hlm. 12]`) is printed in the note, not the text.
                inner.uncounted = true;
                self.text(" ", within);
            }
            "draft" => {
                self.inv.drafts.push(range);
                inner.uncounted = true;
            }
            // A review note, and the review marks of a `.typ` chapter (`tesis review`): left
            // in the text, they are what `--final` refuses, as CriticMarkup in Markdown.
            "catatan" | "hapus" => {
                self.inv.critic.push(range);
                inner.uncounted = true;
            }
            "tambah" | "sorot" => self.inv.critic.push(range),
            "ganti" => {
                // `#ganti[lama][baru]`: only the new words are the text.
                self.inv.critic.push(range);
                let blocks: Vec<LinkedNode> = node
                    .children()
                    .filter(|c| c.kind() == SyntaxKind::Args)
                    .flat_map(|a| a.children().filter(|c| c.kind() == SyntaxKind::ContentBlock).collect::<Vec<_>>())
                    .collect();
                if let Some(baru) = blocks.last() {
                    self.node(baru, within);
                }
                self.text(" ", within);
                return;
            }
            "footnote" | "catatan-judul" => {
                self.inv.footnotes.push(range);
                inner.footnote = true;
                self.text(" ", within);
            }
            "gambar" | "image" => {
                inner.uncounted = true;
                if name == "gambar" {
                    self.inv.figures.push(range);
                }
                if let Some(path) = string_argument(node) {
                    let at = self.source_range(node.range());
                    self.inv.images.push(Named { name: path, range: at });
                }
            }
            "tabel" | "tabel-csv" => {
                inner.uncounted = true;
                self.inv.tables.push(range);
            }
            "figure" => {
                inner.uncounted = true;
                match call_kind(node) {
                    LabelKind::Table => self.inv.tables.push(range),
                    _ => self.inv.figures.push(range),
                }
            }
            _ => {}
        }
        self.children(node, inner);
        self.text(" ", within);
    }
}

/// The name of the function a call calls (`gambar`, `table.cell`).
fn callee(node: &LinkedNode) -> String {
    node.children().next().map(|c| c.get().full_text().to_string()).unwrap_or_default()
}

/// What a call produces, for the label after it.
fn call_kind(node: &LinkedNode) -> LabelKind {
    match callee(node).as_str() {
        "gambar" => LabelKind::Figure,
        "tabel" | "tabel-csv" => LabelKind::Table,
        "figure" => {
            let text = node.get().full_text();
            if text.contains("table(") || text.contains("tabel") { LabelKind::Table } else { LabelKind::Figure }
        }
        _ => LabelKind::Other,
    }
}

/// The label named by the first argument of `cite`/`ref`: `<key>` or `label("key")`.
fn label_argument(node: &LinkedNode) -> Option<String> {
    let args = node.children().find(|c| c.kind() == SyntaxKind::Args)?;
    for arg in args.children() {
        match arg.kind() {
            SyntaxKind::Label => {
                let t = arg.get().leaf_text();
                return Some(t.trim_start_matches('<').trim_end_matches('>').to_string());
            }
            SyntaxKind::FuncCall if callee(&arg) == "label" => return string_argument(&arg),
            _ => {}
        }
    }
    None
}

/// The first string argument of a call.
fn string_argument(node: &LinkedNode) -> Option<String> {
    let args = node.children().find(|c| c.kind() == SyntaxKind::Args)?;
    let s = args.children().find(|c| c.kind() == SyntaxKind::Str)?;
    let t = s.get().leaf_text();
    Some(t.trim_matches('"').replace("\\\"", "\"").replace("\\\\", "\\"))
}

/// The plain text of markup (escapes resolved), for heading titles.
fn plain_text(node: &LinkedNode) -> String {
    let mut out = String::new();
    for child in node.children() {
        match child.kind() {
            SyntaxKind::Text => out.push_str(child.get().leaf_text()),
            SyntaxKind::Space => out.push(' '),
            SyntaxKind::Escape => out.push_str(child.get().leaf_text().get(1..).unwrap_or("")),
            _ => out.push_str(&plain_text(&child)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks a Typst text.
    fn typ(text: &str) -> Inventory {
        let mut inv = Inventory::empty(Path::new("bab.typ"), text);
        walk_typst(text, &|o| o, &mut inv);
        inv
    }

    #[test]
    fn typ_review_marks_are_critic_and_count_the_new_words() {
        let inv = typ("= Judul\n\nSatu #hapus[dua] tiga #tambah[empat] #ganti[lima][enam] #sorot[tujuh].\n");
        assert_eq!(inv.critic.len(), 4);
        // Satu, tiga, empat, enam, tujuh: deleted and replaced words are not the text.
        assert_eq!(inv.words, 5);
    }

    #[test]
    fn finds_headings_refs_labels_and_words() {
        let text = "= Judul\n\n== Sub\n\nSatu dua tiga @gbr-a dan @kunci.#footnote[Catatan empat]\n\n#gambar(\"/figures/a.png\", caption: [Peta]) <gbr-a>\n\n#draft[belum]\n";
        let inv = typ(text);
        assert_eq!(inv.headings.iter().map(|h| h.level).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(inv.refs.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), vec!["gbr-a", "kunci"]);
        assert_eq!(inv.labels[0].0.name, "gbr-a");
        assert_eq!(inv.labels[0].1, LabelKind::Figure);
        assert_eq!(inv.footnote_words, 2);
        assert_eq!(inv.drafts.len(), 1);
        assert_eq!(inv.images[0].name, "/figures/a.png");
        assert_eq!(&text[inv.refs[0].range.clone()], "@gbr-a");
    }

    #[test]
    fn cite_calls_and_critic_marks() {
        let inv = typ("Teks #cite(label(\"a\")) dan #cite(<b>).\n");
        assert_eq!(inv.cites.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["a", "b"]);
        assert_eq!(critic_marks("a {++b++} {>>c<<}"), vec![2..5, 10..13]);
        assert_eq!(count_words("Sub-Nasional , kata 12"), 3);
    }

    #[test]
    fn todo_paragraphs_of_raw_markdown() {
        let md = "# A\n\nTODO: satu\nlanjut TODO: bukan\n\nTODO: dua\n";
        let found: Vec<&str> = todo_paragraphs(md).into_iter().map(|r| &md[r]).collect();
        assert_eq!(found, vec!["TODO: satu", "TODO: dua"]);
    }
}
