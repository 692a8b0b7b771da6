//! Stage 1: pulldown-cmark events → a small tree of blocks and inlines with `.md` byte ranges.
//!
//! The tree keeps what the later stages need to look around (a caption paragraph before a table,
//! a `Sumber:` paragraph after a figure) and sets footnote definitions aside, since they may be
//! defined anywhere in the file. Adjacent text (and soft breaks, as spaces) is merged into one
//! [`Inline::Text`] with the `.md` offset of every byte, so citations and undefined footnote
//! references that pulldown-cmark splits over several events are seen whole. Nothing here
//! reports problems; it only records.

use std::collections::HashMap;
use std::iter::Peekable;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, CodeBlockKind, Event, HeadingLevel, LinkType, OffsetIter, Options, Parser, Tag, TagEnd,
};

/// A parsed chapter.
#[derive(Debug, Default)]
pub(crate) struct Doc {
    /// The chapter's blocks, footnote definitions removed.
    pub blocks: Vec<Block>,
    /// Footnote definitions by lower-cased label.
    pub footnotes: HashMap<String, Footnote>,
}

/// A footnote definition.
#[derive(Debug)]
pub(crate) struct Footnote {
    /// The label as written.
    pub label: String,
    /// Its content.
    pub blocks: Vec<Block>,
    /// Where it is defined.
    pub range: Range<usize>,
}

/// A block-level element.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    /// `#`…`######` with an optional `{#id}`; `unnumbered` for `{.unnumbered}` or `{-}`.
    Heading { level: usize, id: Option<String>, unnumbered: bool, inlines: Vec<Inline>, range: Range<usize> },
    /// A paragraph; `implicit` for the bare text of a tight list item.
    Para { inlines: Vec<Inline>, implicit: bool, range: Range<usize> },
    /// `> …`
    Quote { blocks: Vec<Block>, range: Range<usize> },
    /// A bullet (`start == None`) or ordered list.
    List { start: Option<u64>, items: Vec<Vec<Block>>, range: Range<usize> },
    /// A fenced or indented code block.
    Code { lang: String, text: String, range: Range<usize> },
    /// A GFM pipe table: one header row, then body rows of cells.
    Table { aligns: Vec<Alignment>, head: Vec<Vec<Inline>>, rows: Vec<Vec<Vec<Inline>>>, range: Range<usize> },
    /// A block of raw HTML, as written.
    Html { text: String, range: Range<usize> },
    /// A thematic break (`---`).
    Rule { range: Range<usize> },
}

/// An inline element.
#[derive(Debug, Clone)]
pub(crate) enum Inline {
    /// Text, with the `.md` offset of each byte (`offs.len() == text.len()`).
    Text { text: String, offs: Vec<usize> },
    /// `` `code` ``
    Code { text: String, range: Range<usize> },
    /// `$…$` (`display == false`) or `$$…$$`: the LaTeX between the dollars, and where it
    /// starts in the `.md` text (`None` when the parser changed it, e.g. inside a quote).
    Math { tex: String, display: bool, tex_at: Option<usize>, range: Range<usize> },
    /// `*…*`
    Emph { children: Vec<Inline>, range: Range<usize> },
    /// `**…**`
    Strong { children: Vec<Inline>, range: Range<usize> },
    /// `~~…~~`
    Strike { children: Vec<Inline>, range: Range<usize> },
    /// `<sup>…</sup>`
    Sup { children: Vec<Inline>, range: Range<usize> },
    /// `<sub>…</sub>`
    Sub { children: Vec<Inline>, range: Range<usize> },
    /// `[text](url)` or `<url>`.
    Link { url: String, children: Vec<Inline>, range: Range<usize> },
    /// `![alt](url "title")`
    Image { url: String, children: Vec<Inline>, range: Range<usize> },
    /// `[^label]` with a definition somewhere in the file.
    FootnoteRef { label: String, range: Range<usize> },
    /// A hard line break.
    HardBreak { range: Range<usize> },
    /// Raw inline HTML other than the tags understood here, as written.
    Html { text: String, range: Range<usize> },
}

/// The pulldown-cmark extensions a chapter may use.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
}

/// How deeply blocks and inline spans may nest (`> > > …`, lists in lists, `***…`). The tree
/// is built and converted recursively, so thousands of levels would overflow the stack; Typst
/// stops at 64 nested show rules anyway (a quotation 40 levels deep already fails there).
pub(crate) const MAX_NESTING: usize = 32;

/// The byte range where nesting first goes deeper than [`MAX_NESTING`], if it does. Walks the
/// events without recursion, so it is safe on any input.
pub(crate) fn too_deep(md: &str) -> Option<std::ops::Range<usize>> {
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(range);
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Parses a chapter.
pub(crate) fn parse(md: &str) -> Doc {
    let mut reader =
        Reader { md, events: Parser::new_ext(md, options()).into_offset_iter().peekable(), doc: Doc::default() };
    let blocks = reader.blocks();
    // Stray end events cannot occur at the top level; drain defensively.
    let mut doc = reader.doc;
    doc.blocks = blocks;
    doc
}

/// Walks the event stream once, building the tree.
struct Reader<'a> {
    /// The Markdown text.
    md: &'a str,
    /// The events with their byte ranges.
    events: Peekable<OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>>,
    /// Footnotes found so far.
    doc: Doc,
}

/// Whether an event belongs inside a paragraph.
fn is_inline(event: &Event) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(_) | Event::Rule => false,
        _ => true,
    }
}

/// The tag name of an HTML tag such as `<sup>` or `</SUB >`, lower-cased, with whether it closes.
fn html_tag(html: &str) -> Option<(bool, String)> {
    let inner = html.trim().strip_prefix('<')?.strip_suffix('>')?.trim();
    let (closing, name) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim()),
        None => (false, inner.trim_end_matches('/').trim()),
    };
    name.chars().all(|c| c.is_ascii_alphanumeric()).then(|| (closing, name.to_ascii_lowercase()))
}

/// Whether `html` consists only of HTML comments and whitespace.
pub(crate) fn is_comment_only(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(end) => rest = after[end + 3..].trim(),
            None => return false,
        }
    }
    rest.is_empty()
}

impl<'a> Reader<'a> {
    /// Reads blocks until an end event (not consumed) or the end of input.
    fn blocks(&mut self) -> Vec<Block> {
        let mut blocks = Vec::new();
        while let Some((event, range)) = self.events.peek().cloned() {
            if is_inline(&event) {
                let inlines = self.inlines(None);
                let end = self.events.peek().map_or(self.md.len(), |(_, r)| r.start);
                blocks.push(Block::Para { inlines, implicit: true, range: range.start..end });
                continue;
            }
            if let Event::End(_) = event {
                return blocks;
            }
            self.events.next();
            match event {
                Event::Rule => blocks.push(Block::Rule { range }),
                Event::Start(Tag::Paragraph) => {
                    let inlines = self.inlines(None);
                    self.events.next();
                    blocks.push(Block::Para { inlines, implicit: false, range });
                }
                Event::Start(Tag::Heading { level, id, classes, .. }) => {
                    let inlines = self.inlines(None);
                    self.events.next();
                    let level = heading_level(level);
                    let unnumbered =
                        classes.iter().any(|c| &**c == "unnumbered") || dash_attribute(&self.md[range.clone()]);
                    let id = id.map(|s| s.to_string());
                    blocks.push(Block::Heading { level, id, unnumbered, inlines, range });
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    let inner = self.blocks();
                    self.events.next();
                    blocks.push(Block::Quote { blocks: inner, range });
                }
                Event::Start(Tag::List(start)) => {
                    let mut items = Vec::new();
                    while let Some((Event::Start(Tag::Item), _)) = self.events.peek() {
                        self.events.next();
                        items.push(self.blocks());
                        self.events.next();
                    }
                    self.skip_to_end();
                    blocks.push(Block::List { start, items, range });
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    let text = self.raw_text();
                    blocks.push(Block::Code { lang, text, range });
                }
                Event::Start(Tag::HtmlBlock) => {
                    let text = self.raw_text();
                    blocks.push(Block::Html { text, range });
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let inner = self.blocks();
                    self.events.next();
                    let key = label.to_lowercase();
                    self.doc.footnotes.entry(key).or_insert(Footnote {
                        label: label.to_string(),
                        blocks: inner,
                        range,
                    });
                }
                Event::Start(Tag::Table(aligns)) => {
                    let (head, rows) = self.table();
                    blocks.push(Block::Table { aligns, head, rows, range });
                }
                Event::Start(_) => {
                    // Extensions not enabled (metadata, definition lists) never start; skip
                    // anything else whole rather than misread it.
                    self.skip_to_end();
                }
                _ => {}
            }
        }
        blocks
    }

    /// Skips events up to and including the end event of the element just started.
    fn skip_to_end(&mut self) {
        let mut depth = 0usize;
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return,
                Event::End(_) => depth -= 1,
                _ => {}
            }
        }
    }

    /// Collects the text of a code or HTML block, consuming its end event.
    fn raw_text(&mut self) -> String {
        let mut text = String::new();
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => text.push_str(&t),
                Event::End(_) => break,
                _ => {}
            }
        }
        text
    }

    /// Reads a table's header and body rows, consuming its end event.
    #[allow(clippy::type_complexity)]
    fn table(&mut self) -> (Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>) {
        let mut head = Vec::new();
        let mut rows = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::TableHead) => head = self.cells(),
                Event::Start(Tag::TableRow) => rows.push(self.cells()),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        (head, rows)
    }

    /// Reads the cells of a row, consuming the row's end event.
    fn cells(&mut self) -> Vec<Vec<Inline>> {
        let mut cells = Vec::new();
        while let Some((event, _)) = self.events.next() {
            match event {
                Event::Start(Tag::TableCell) => {
                    cells.push(self.inlines(None));
                    self.events.next();
                }
                Event::End(_) => break,
                _ => {}
            }
        }
        cells
    }

    /// Reads inlines until a non-inline event (not consumed) or, inside `<sup>`/`<sub>`, the
    /// matching closing tag (consumed).
    fn inlines(&mut self, close_html: Option<&str>) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        while let Some((event, range)) = self.events.peek().cloned() {
            if !is_inline(&event) {
                return out;
            }
            self.events.next();
            match event {
                Event::Text(text) => {
                    let offs = if self.md.get(range.clone()) == Some(&*text) {
                        (range.start..range.end).collect()
                    } else {
                        vec![range.start; text.len()]
                    };
                    push_text(&mut out, &text, offs);
                }
                Event::SoftBreak => push_text(&mut out, " ", vec![range.start]),
                Event::HardBreak => out.push(Inline::HardBreak { range }),
                Event::Code(text) => out.push(Inline::Code { text: text.to_string(), range }),
                Event::InlineMath(ref tex) | Event::DisplayMath(ref tex) => {
                    let display = matches!(event, Event::DisplayMath(_));
                    let source = &self.md[range.clone()];
                    // pandoc's rule: a closing `$` followed by a digit closes nothing.
                    if !display && self.md[range.end..].starts_with(|c: char| c.is_ascii_digit()) {
                        push_text(&mut out, source, (range.start..range.end).collect());
                        continue;
                    }
                    let marks = if display { 2 } else { 1 };
                    let tex_at = (source.get(marks..source.len().saturating_sub(marks)) == Some(&**tex))
                        .then_some(range.start + marks);
                    out.push(Inline::Math { tex: tex.to_string(), display, tex_at, range })
                }
                Event::TaskListMarker(done) => {
                    push_text(&mut out, if done { "[x]" } else { "[ ]" }, vec![range.start; 3])
                }
                Event::FootnoteReference(label) => out.push(Inline::FootnoteRef { label: label.to_string(), range }),
                Event::Html(html) | Event::InlineHtml(html) => {
                    if is_comment_only(&html) {
                        continue;
                    }
                    match html_tag(&html) {
                        Some((true, name)) if Some(name.as_str()) == close_html => return out,
                        Some((false, name)) if name == "sup" || name == "sub" => {
                            let children = self.inlines(Some(&name));
                            let range = range.start..self.events.peek().map_or(self.md.len(), |(_, r)| r.start);
                            out.push(if name == "sup" {
                                Inline::Sup { children, range }
                            } else {
                                Inline::Sub { children, range }
                            });
                        }
                        Some((false, name)) if name == "br" => out.push(Inline::HardBreak { range }),
                        _ => out.push(Inline::Html { text: html.to_string(), range }),
                    }
                }
                Event::Start(tag) => {
                    let children = self.inlines(None);
                    self.events.next();
                    out.push(match tag {
                        Tag::Emphasis => Inline::Emph { children, range },
                        Tag::Strong => Inline::Strong { children, range },
                        Tag::Strikethrough => Inline::Strike { children, range },
                        Tag::Superscript => Inline::Sup { children, range },
                        Tag::Subscript => Inline::Sub { children, range },
                        Tag::Link { link_type: LinkType::Email, dest_url, .. } => {
                            Inline::Link { url: format!("mailto:{dest_url}"), children, range }
                        }
                        Tag::Link { dest_url, .. } => Inline::Link { url: dest_url.to_string(), children, range },
                        Tag::Image { dest_url, .. } => Inline::Image { url: dest_url.to_string(), children, range },
                        _ => Inline::Strong { children, range },
                    });
                }
                _ => {}
            }
        }
        out
    }
}

/// Appends text, merging it into a preceding text inline.
fn push_text(out: &mut Vec<Inline>, text: &str, offs: Vec<usize>) {
    if let Some(Inline::Text { text: prev, offs: prev_offs }) = out.last_mut() {
        prev.push_str(text);
        prev_offs.extend(offs);
    } else {
        out.push(Inline::Text { text: text.to_string(), offs });
    }
}

/// Whether a heading's source ends in an attribute block holding pandoc's `-` (`{-}`,
/// `{#id -}`), which pulldown-cmark reads but does not report.
fn dash_attribute(source: &str) -> bool {
    let line = source.lines().next().unwrap_or("").trim_end().trim_end_matches('#').trim_end();
    let Some(open) = line.rfind('{').filter(|_| line.ends_with('}')) else {
        return false;
    };
    line[open + 1..line.len() - 1].split_whitespace().any(|item| item == "-")
}

/// A heading level as a number.
fn heading_level(level: HeadingLevel) -> usize {
    level as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_merged_with_offsets() {
        let doc = parse("a [@k, hlm.\n3] b");
        let Block::Para { inlines, .. } = &doc.blocks[0] else { panic!() };
        let Inline::Text { text, offs } = &inlines[0] else { panic!() };
        assert_eq!(text, "a [@k, hlm. 3] b");
        assert_eq!(offs.len(), text.len());
        assert_eq!(offs[3], 3);
        assert_eq!(inlines.len(), 1);
    }

    #[test]
    fn footnotes_are_set_aside() {
        let doc = parse("x[^1]\n\n[^1]: note\n\ny");
        assert_eq!(doc.blocks.len(), 2);
        assert!(doc.footnotes.contains_key("1"));
    }

    #[test]
    fn sup_html_pairs() {
        let doc = parse("x<sup>2</sup> y<!-- gone -->z");
        let Block::Para { inlines, .. } = &doc.blocks[0] else { panic!() };
        assert!(matches!(inlines[1], Inline::Sup { .. }));
        assert!(!inlines.iter().any(|i| matches!(i, Inline::Html { .. })));
    }
}
