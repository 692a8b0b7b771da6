//! Stage 2, blocks: the parsed tree → Typst markup, one block after another.
//!
//! Owns the [`Converter`] (output, diagnostics, heading counters, footnote state). Blocks are
//! separated by a blank line. Paragraphs that belong to a neighbour — a `Table:` caption before a
//! table, a `Sumber:` line after a figure or table — are consumed by that neighbour
//! ([`super::figures`]). Inline content is written by [`super::inline`].

use std::collections::HashSet;

use super::emit::Out;
use super::parse::{Block, Doc, Inline};
use super::{Context, MdDiagnostic, PRELUDE};

/// The state of one conversion.
pub(crate) struct Converter<'a> {
    /// The Markdown text.
    pub md: &'a str,
    /// Where the chapter lives.
    pub ctx: &'a Context<'a>,
    /// The parsed chapter.
    pub doc: &'a Doc,
    /// The markup written so far.
    pub out: Out,
    /// Errors and warnings so far.
    pub diags: Vec<MdDiagnostic>,
    /// How many headings of each level (index 1..=6) since the enclosing heading.
    pub counters: [usize; 7],
    /// Footnotes being written (to refuse a footnote that contains itself).
    pub footnote_stack: Vec<String>,
    /// Footnotes referenced at least once.
    pub used_footnotes: HashSet<String>,
    /// Labels given to headings in this chapter (`{#x}`), which `@x` refers to.
    pub heading_labels: HashSet<String>,
    /// Whether a heading or caption is being written: its footnotes become `catatan-judul`,
    /// which DAFTAR ISI, the lists and the PDF bookmarks leave out.
    pub in_title: bool,
    /// How many block quotes, list items and footnotes enclose the block being written: a
    /// heading there cannot be a heading of the thesis (a page break is not allowed inside).
    pub nested: usize,
    /// Equations numbered so far in this chapter (`$$…$$ {#eq-x}`), for the warnings.
    pub equations: usize,
}

impl<'a> Converter<'a> {
    /// A converter for `doc`, parsed from `md`.
    pub fn new(md: &'a str, ctx: &'a Context<'a>, doc: &'a Doc) -> Self {
        Self {
            md,
            ctx,
            doc,
            out: Out::new(),
            diags: Vec::new(),
            counters: [0; 7],
            footnote_stack: Vec::new(),
            used_footnotes: HashSet::new(),
            heading_labels: heading_labels(&doc.blocks, doc),
            in_title: false,
            nested: 0,
            equations: 0,
        }
    }

    /// Converts the whole chapter.
    pub fn document(&mut self) {
        self.out.anchor(0);
        self.out.code(PRELUDE);
        self.out.code("\n");
        self.blocks(&self.doc.blocks);
        self.out.code("\n");
        let mut unused: Vec<_> = self
            .doc
            .footnotes
            .iter()
            .filter(|(key, _)| !self.used_footnotes.contains(*key))
            .map(|(_, note)| note)
            .collect();
        unused.sort_by_key(|note| note.range.start);
        for note in unused {
            self.diags.push(
                MdDiagnostic::warning(note.range.clone(), format!("footnote [^{}] is never referenced", note.label))
                    .with_hint(format!("write [^{}] where the note belongs, or delete the definition", note.label)),
            );
        }
    }

    /// The output and every diagnostic, in `.md` order, each once.
    pub fn finish(mut self) -> (Out, Vec<MdDiagnostic>) {
        self.diags.sort_by_key(|d| d.range.start);
        // A footnote referenced twice is written twice; report its problems once.
        self.diags.dedup();
        (self.out, self.diags)
    }

    /// Writes blocks separated by blank lines.
    pub fn blocks(&mut self, blocks: &[Block]) {
        let mut first = true;
        let mut i = 0;
        while i < blocks.len() {
            let before = self.out.as_str().len();
            if !first {
                self.out.code("\n\n");
            }
            let consumed = self.block(blocks, i);
            if consumed == 0 {
                // Nothing written (a dropped comment or rule): take back the separator.
                self.out.truncate(before);
                i += 1;
                continue;
            }
            first = false;
            i += consumed;
        }
    }

    /// Writes `blocks[i]` (and any neighbour it owns); returns how many blocks it used, or 0
    /// when it wrote nothing.
    fn block(&mut self, blocks: &[Block], i: usize) -> usize {
        let next = blocks.get(i + 1);
        match &blocks[i] {
            Block::Heading { level, id, unnumbered, inlines, range } => {
                if self.nested > 0 {
                    self.run_in_heading(inlines, range.clone());
                    return 1;
                }
                if self.heading(*level, id.as_deref(), *unnumbered, inlines, range.clone()) { 1 } else { 0 }
            }
            Block::Para { inlines, range, .. } => {
                if self.is_table_caption(inlines) && matches!(next, Some(Block::Table { .. })) {
                    // Written by the table that follows.
                    return self.skip_caption();
                }
                if let Some(used) = self.figure(inlines, range.clone(), next) {
                    return used;
                }
                if self.display_equation(inlines, range.clone()) {
                    return 1;
                }
                self.paragraph(inlines, range.start);
                1
            }
            Block::Quote { blocks: inner, range } => {
                self.out.anchor(range.start);
                self.out.code("#kutipan[");
                self.nested += 1;
                self.blocks(inner);
                self.nested -= 1;
                self.out.code("]");
                1
            }
            Block::List { start, items, range } => {
                self.list(*start, items, range.start);
                1
            }
            Block::Code { lang, text, range } => {
                self.out.anchor(range.start);
                self.out.code("#raw(block: true, ");
                if !lang.is_empty() {
                    self.out.code("lang: ");
                    self.out.str_lit(lang, range.start);
                    self.out.code(", ");
                }
                self.out.str_lit(text.strip_suffix('\n').unwrap_or(text), range.start);
                self.out.code(")");
                1
            }
            Block::Table { .. } => self.table(blocks, i),
            Block::Html { text, range } => {
                if super::parse::is_comment_only(text) {
                    return 0;
                }
                self.raw_html(text, range.start);
                1
            }
            Block::Rule { range } => {
                self.diags.push(
                    MdDiagnostic::warning(
                        range.clone(),
                        "a horizontal rule is not part of the thesis format; it is left out",
                    )
                    .with_hint("delete the line, or start a new heading instead"),
                );
                0
            }
        }
    }

    /// A caption paragraph owned by a neighbouring table writes nothing by itself.
    fn skip_caption(&mut self) -> usize {
        0
    }

    /// Writes a paragraph; `TODO:` paragraphs become draft markers.
    fn paragraph(&mut self, inlines: &[Inline], start: usize) {
        if let Some(rest) = strip_text_prefix(inlines, &["TODO:"]) {
            self.out.anchor(start);
            self.out.code("#draft[");
            self.inlines(&rest);
            self.out.code("]");
            return;
        }
        self.out.anchor(start);
        self.inlines(inlines);
    }

    /// Writes a heading inside a quote, list or footnote as a bold line, with a warning.
    fn run_in_heading(&mut self, inlines: &[Inline], range: std::ops::Range<usize>) {
        self.diags.push(
            MdDiagnostic::warning(range.clone(), "a heading inside a block quote, list or footnote is printed as a bold line")
                .with_hint("headings of the thesis stand on their own: move it out of the `>` or the list, or write **bold text** instead"),
        );
        if inlines.is_empty() {
            return;
        }
        self.out.anchor(range.start);
        self.out.code("#strong[");
        self.inlines(inlines);
        self.out.code("]");
    }

    /// Writes raw HTML as visible text, with a warning.
    pub fn raw_html(&mut self, text: &str, start: usize) {
        let end = start + text.len();
        let tag = text.trim().split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("<tag");
        self.diags.push(
            MdDiagnostic::warning(start..end, "raw HTML is shown as text").with_hint(format!(
                "write it in Markdown (only <sup>, <sub>, <br> and comments are understood); to print the tag itself, write a backslash before it: `\\{}>`",
                tag.trim_end_matches('/')
            )),
        );
        if self.md.get(start..end) == Some(text) {
            let offs: Vec<usize> = (start..end).collect();
            self.out.text(text.trim_end(), &offs[..text.trim_end().len()]);
        } else {
            self.out.text_at(text.trim_end(), start);
        }
    }

    /// Writes a list as a `#list(..)` / `#enum(..)` call with one content argument per item.
    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], md: usize) {
        let loose = items.iter().flatten().any(|b| matches!(b, Block::Para { implicit: false, .. }));
        self.out.anchor(md);
        match start {
            Some(n) => {
                self.out.code("#enum(");
                if n != 1 {
                    self.out.code(&format!("start: {n}, "));
                }
            }
            None => self.out.code("#list("),
        }
        if loose {
            self.out.code("tight: false, ");
        }
        for (k, item) in items.iter().enumerate() {
            if k > 0 {
                self.out.code(", ");
            }
            self.out.code("[");
            self.nested += 1;
            self.blocks(item);
            self.nested -= 1;
            self.out.code("]");
        }
        self.out.code(")");
    }

    /// Writes the blocks of a footnote or cell as content: inline when it is one paragraph.
    pub fn content(&mut self, blocks: &[Block]) {
        match blocks {
            [Block::Para { inlines, .. }] => self.inlines(inlines),
            _ => self.blocks(blocks),
        }
    }
}

/// The `{#id}` labels of all headings in `blocks` and in the footnotes.
fn heading_labels(blocks: &[Block], doc: &Doc) -> HashSet<String> {
    /// Collects from one list of blocks.
    fn walk(blocks: &[Block], out: &mut HashSet<String>) {
        for block in blocks {
            match block {
                Block::Heading { id: Some(id), .. } => {
                    out.insert(id.clone());
                }
                Block::Quote { blocks, .. } => walk(blocks, out),
                Block::List { items, .. } => items.iter().for_each(|item| walk(item, out)),
                _ => {}
            }
        }
    }
    let mut out = HashSet::new();
    walk(blocks, &mut out);
    doc.footnotes.values().for_each(|note| walk(&note.blocks, &mut out));
    out
}

/// When the first inline is text starting with one of `prefixes` (case as written), the inlines
/// with that prefix (and following spaces) removed.
pub(crate) fn strip_text_prefix(inlines: &[Inline], prefixes: &[&str]) -> Option<Vec<Inline>> {
    let Some(Inline::Text { text, offs }) = inlines.first() else {
        return None;
    };
    let len = prefixes.iter().find(|p| text.starts_with(*p))?.len();
    let trimmed = text[len..].trim_start();
    let cut = text.len() - trimmed.len();
    let mut rest = Vec::with_capacity(inlines.len());
    if !trimmed.is_empty() {
        rest.push(Inline::Text { text: trimmed.to_string(), offs: offs[cut..].to_vec() });
    }
    rest.extend_from_slice(&inlines[1..]);
    Some(rest)
}
