//! Reads the HTML compile of the thesis (template `html.typ`) into the Word document's
//! [`Document`]: chapters, headings with their numbers, paragraphs, lists, quotes, figures,
//! tables, notes and DAFTAR PUSTAKA, each character traced to the student's byte.

use typst_html::{HtmlElement, HtmlNode};

use super::content::{Cell, Document, Inline, Item, Para, Run, Style};
use super::image;
use crate::trace::Tracer;

/// The look of inline text.
#[derive(Debug, Clone, Copy, Default)]
struct Look {
    bold: bool,
    italic: bool,
    superscript: bool,
}

/// Walks the HTML tree into a [`Document`].
pub struct Reader<'a> {
    /// Traces text to the student's files.
    tracer: Tracer<'a>,
    /// The chapters to keep (numbers from 1); all when none.
    keep: Option<Vec<usize>>,
    /// The body read so far.
    items: Vec<Item>,
    /// For each note mark of the HTML in order: its index among the kept notes.
    note_map: Vec<Option<usize>>,
    /// The notes, filled when the endnote section is read.
    notes: Vec<Vec<Para>>,
    /// Whether the chapter being read is kept.
    keeping: bool,
    /// The width of the text block in points (images are scaled down to it).
    text_width: f64,
}

/// The tag name of an element.
fn tag(el: &HtmlElement) -> String {
    el.tag.resolve().to_string()
}

/// An attribute of an element.
fn attr<'e>(el: &'e HtmlElement, name: &str) -> Option<&'e str> {
    el.attrs.0.iter().find(|(k, _)| k.resolve().as_str() == name).map(|(_, v)| v.as_str())
}

/// The elements that are paragraphs or hold blocks (everything else is inline).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "ul"
            | "ol"
            | "li"
            | "figure"
            | "figcaption"
            | "table"
            | "img"
            | "body"
            | "html"
            | "head"
            | "nav"
            | "pre"
    )
}

impl<'a> Reader<'a> {
    /// A reader keeping the chapters `keep` (all when none).
    pub fn new(tracer: Tracer<'a>, keep: Option<Vec<usize>>, text_width: f64) -> Self {
        Self { tracer, keep, items: Vec::new(), note_map: Vec::new(), notes: Vec::new(), keeping: true, text_width }
    }

    /// Reads the document's root element.
    pub fn read(mut self, root: &HtmlElement) -> Document {
        let mut items = Vec::new();
        self.blocks(root, Style::Body, &mut items);
        self.items.extend(items);
        Document { items: self.items, notes: self.notes, files: self.tracer.files, fields: Vec::new() }
    }

    /// Reads the children of `el` as blocks of `style` into `out`.
    fn blocks(&mut self, el: &HtmlElement, style: Style, out: &mut Vec<Item>) {
        let mut para = Para::new(style);
        for child in &el.children {
            match child {
                HtmlNode::Element(e) if is_block(&tag(e)) => {
                    flush(&mut para, out);
                    self.block(e, style, out);
                }
                other => self.inline(other, Look::default(), &mut para),
            }
        }
        flush(&mut para, out);
    }

    /// Reads one block element.
    fn block(&mut self, el: &HtmlElement, style: Style, out: &mut Vec<Item>) {
        let name = tag(el);
        if attr(el, "role") == Some("doc-endnotes") {
            return self.endnotes(el);
        }
        if let Some(n) = attr(el, "data-tesis-bab") {
            let n: usize = n.parse().unwrap_or(0);
            self.keeping = self.keep.as_ref().is_none_or(|k| k.contains(&n));
            if !self.keeping {
                self.count_marks(el);
                return;
            }
            if !out.is_empty() || !self.items.is_empty() {
                out.push(Item::PageBreak);
            }
            self.blocks(el, Style::Body, out);
            return;
        }
        if let Some(title) = attr(el, "data-tesis-pustaka") {
            self.keeping = true;
            out.push(Item::PageBreak);
            let mut head = Para::new(Style::PartTitle);
            head.inlines.push(Inline::Text(generated(title)));
            out.push(Item::Para(head));
            return self.blocks(el, Style::Bibliography, out);
        }
        if attr(el, "data-tesis-judul").is_some() {
            let mut title = Para::new(Style::Title);
            self.inlines(el, Look { bold: true, ..Look::default() }, &mut title);
            out.push(Item::Para(title));
            out.push(Item::Contents);
            return;
        }
        match name.as_str() {
            "head" => {}
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse::<u8>().unwrap_or(2).saturating_sub(1).clamp(1, 5);
                let mut head = Para::new(Style::Heading(level));
                head.number = attr(el, "data-tesis-number").filter(|n| !n.is_empty()).map(str::to_string);
                self.inlines(el, Look::default(), &mut head);
                if level == 1 {
                    upper(&mut head);
                }
                out.push(Item::Para(head));
            }
            "p" => {
                let mut para = Para::new(style);
                self.inlines(el, Look::default(), &mut para);
                flush(&mut para, out);
            }
            "blockquote" => self.blocks(el, Style::Quote, out),
            "ul" | "ol" => self.list(el, name == "ol", style, out),
            "figure" => self.blocks(el, Style::FigureText, out),
            "figcaption" => {
                let mut caption = Para::new(Style::Caption);
                self.inlines(el, Look::default(), &mut caption);
                flush(&mut caption, out);
            }
            "table" => out.push(Item::Table(self.table(el))),
            "img" => {
                if let Some(img) = attr(el, "src").and_then(|src| image::from_data_url(src, self.text_width)) {
                    out.push(Item::Image(img));
                }
            }
            _ => self.blocks(el, style, out),
        }
    }

    /// Reads a list: each item's first paragraph gets its number or bullet.
    fn list(&mut self, el: &HtmlElement, ordered: bool, style: Style, out: &mut Vec<Item>) {
        let item_style = if style == Style::Bibliography { style } else { Style::ListItem };
        let mut n: i64 = attr(el, "start").and_then(|s| s.parse().ok()).unwrap_or(1);
        for child in &el.children {
            let HtmlNode::Element(li) = child else { continue };
            if tag(li) != "li" {
                continue;
            }
            if let Some(v) = attr(li, "value").and_then(|s| s.parse().ok()) {
                n = v;
            }
            let mut items = Vec::new();
            self.blocks(li, item_style, &mut items);
            if item_style == Style::ListItem
                && let Some(Item::Para(p)) = items.first_mut()
            {
                p.number = Some(if ordered { format!("{n}.") } else { "•".to_string() });
            }
            out.extend(items);
            n += 1;
        }
    }

    /// Reads a table's rows and cells.
    fn table(&mut self, el: &HtmlElement) -> Vec<Vec<Cell>> {
        let mut rows = Vec::new();
        self.rows(el, false, &mut rows);
        rows
    }

    /// Collects the rows below `el` (through thead/tbody/tfoot).
    fn rows(&mut self, el: &HtmlElement, header: bool, rows: &mut Vec<Vec<Cell>>) {
        for child in &el.children {
            let HtmlNode::Element(e) = child else { continue };
            match tag(e).as_str() {
                "thead" => self.rows(e, true, rows),
                "tbody" | "tfoot" => self.rows(e, header, rows),
                "tr" => {
                    let mut row = Vec::new();
                    for cell in &e.children {
                        let HtmlNode::Element(c) = cell else { continue };
                        let name = tag(c);
                        if name != "td" && name != "th" {
                            continue;
                        }
                        let mut items = Vec::new();
                        self.blocks(c, Style::Cell, &mut items);
                        let mut paras: Vec<Para> = items
                            .into_iter()
                            .filter_map(|i| match i {
                                Item::Para(p) => Some(p),
                                _ => None,
                            })
                            .collect();
                        if paras.is_empty() {
                            paras.push(Para::new(Style::Cell));
                        }
                        row.push(Cell { paras, header: header || name == "th" });
                    }
                    rows.push(row);
                }
                _ => {}
            }
        }
    }

    /// Reads Typst's endnote section: the nth item is the nth note mark's text.
    fn endnotes(&mut self, el: &HtmlElement) {
        let mut k = 0;
        let mut visit = |li: &HtmlElement, this: &mut Self| {
            let mut items = Vec::new();
            this.blocks(li, Style::Note, &mut items);
            if let Some(Some(i)) = this.note_map.get(k) {
                let paras = items
                    .into_iter()
                    .filter_map(|i| match i {
                        Item::Para(p) => Some(p),
                        _ => None,
                    })
                    .collect();
                this.notes[*i] = paras;
            }
            k += 1;
        };
        for child in &el.children {
            let HtmlNode::Element(ol) = child else { continue };
            for item in &ol.children {
                if let HtmlNode::Element(li) = item
                    && tag(li) == "li"
                {
                    visit(li, self);
                }
            }
        }
    }

    /// Counts the note marks of a chapter left out, so the kept ones find their text.
    fn count_marks(&mut self, el: &HtmlElement) {
        for child in &el.children {
            if let HtmlNode::Element(e) = child {
                if tag(e) == "sup" && attr(e, "role") == Some("doc-noteref") {
                    self.note_map.push(None);
                } else {
                    self.count_marks(e);
                }
            }
        }
    }

    /// Reads the children of `el` as inline content of `para`.
    fn inlines(&mut self, el: &HtmlElement, look: Look, para: &mut Para) {
        for child in &el.children {
            self.inline(child, look, para);
        }
    }

    /// Reads one inline node.
    fn inline(&mut self, node: &HtmlNode, look: Look, para: &mut Para) {
        match node {
            HtmlNode::Text(text, span) => {
                let sources = self.tracer.trace(text, *span);
                push_text(para, text, sources, look);
            }
            HtmlNode::Element(e) => {
                let name = tag(e);
                let role = attr(e, "role");
                match name.as_str() {
                    _ if role == Some("doc-backlink") => {}
                    "sup" if role == Some("doc-noteref") => {
                        let index = if self.keeping {
                            self.notes.push(Vec::new());
                            Some(self.notes.len() - 1)
                        } else {
                            None
                        };
                        self.note_map.push(index);
                        if let Some(i) = index {
                            para.inlines.push(Inline::Note(i));
                        }
                    }
                    "br" => para.inlines.push(Inline::Break),
                    "strong" | "b" => self.inlines(e, Look { bold: true, ..look }, para),
                    "em" | "i" => self.inlines(e, Look { italic: !look.italic, ..look }, para),
                    "sup" => self.inlines(e, Look { superscript: true, ..look }, para),
                    _ => self.inlines(e, look, para),
                }
            }
            HtmlNode::Tag(_) | HtmlNode::Frame(_) => {}
        }
    }
}

/// Appends text to a paragraph, joining it to the last run of the same look.
fn push_text(para: &mut Para, text: &str, sources: Vec<Option<(usize, usize)>>, look: Look) {
    if let Some(Inline::Text(last)) = para.inlines.last_mut()
        && (last.bold, last.italic, last.superscript) == (look.bold, look.italic, look.superscript)
    {
        last.text.push_str(text);
        last.sources.extend(sources);
        return;
    }
    para.inlines.push(Inline::Text(Run {
        text: text.to_string(),
        sources,
        bold: look.bold,
        italic: look.italic,
        superscript: look.superscript,
    }));
}

/// A run of generated text.
fn generated(text: &str) -> Run {
    Run { text: text.to_string(), sources: vec![None; text.chars().count()], ..Run::default() }
}

/// Upper-cases a chapter title as the PDF prints it, keeping each character's source.
fn upper(para: &mut Para) {
    for inline in &mut para.inlines {
        if let Inline::Text(run) = inline {
            let mut text = String::new();
            let mut sources = Vec::new();
            for (c, s) in run.text.chars().zip(run.sources.iter()) {
                for u in c.to_uppercase() {
                    text.push(u);
                    sources.push(*s);
                }
            }
            run.text = text;
            run.sources = sources;
        }
    }
}

/// Ends a paragraph: kept when it shows anything, trimmed of the spaces at its ends.
fn flush(para: &mut Para, out: &mut Vec<Item>) {
    let style = para.style;
    let mut done = std::mem::replace(para, Para::new(style));
    if done.is_blank() {
        return;
    }
    trim(&mut done);
    out.push(Item::Para(done));
}

/// Drops the white space at the start and end of a paragraph.
fn trim(para: &mut Para) {
    if let Some(Inline::Text(first)) = para.inlines.first_mut() {
        let cut = first.text.len() - first.text.trim_start().len();
        let chars = first.text[..cut].chars().count();
        first.text.drain(..cut);
        first.sources.drain(..chars);
    }
    if let Some(Inline::Text(last)) = para.inlines.last_mut() {
        let keep = last.text.trim_end().len();
        let chars = last.text[..keep].chars().count();
        last.text.truncate(keep);
        last.sources.truncate(chars);
    }
}
