//! WordprocessingML for the body (`word/document.xml`) and the notes (`word/footnotes.xml`),
//! written with quick-xml. Each paragraph carries the hidden bookmark of its block
//! (`_tesis_<n>`, docs/design.md "Word export"): `w:bookmarkStart` right after `w:pPr`,
//! `w:bookmarkEnd` closing the paragraph.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::content::{Cell, Document, Image, Inline, Item, Para, Style};
use super::styles::{self, A4, Page};

/// The namespaces of the parts.
const NS: [(&str, &str); 6] = [
    ("xmlns:w", "http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    ("xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    ("xmlns:wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
    ("xmlns:a", "http://schemas.openxmlformats.org/drawingml/2006/main"),
    ("xmlns:pic", "http://schemas.openxmlformats.org/drawingml/2006/picture"),
    ("xml:space", "preserve"),
];

/// What the DAFTAR ISI field shows until Word fills it in.
const TOC_PLACEHOLDER: &str = "Daftar isi: klik kanan di sini lalu pilih Perbarui Bidang (Update Field).";

/// An XML writer with the few shapes the parts need.
struct Xml {
    /// The writer.
    w: Writer<Vec<u8>>,
    /// The next bookmark id.
    bookmark: usize,
    /// The images met, in order (their relationship ids are `rIdImage<n>`).
    images: Vec<Image>,
    /// A field to open after the next note mark (its instruction).
    field_begin: Option<String>,
    /// Whether the next paragraph closes the open field at its end.
    field_end: bool,
}

type Res = io::Result<()>;

impl Xml {
    fn new() -> Self {
        Self { w: Writer::new(Vec::new()), bookmark: 0, images: Vec::new(), field_begin: None, field_end: false }
    }
    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) -> Res {
        self.w.write_event(Event::Start(BytesStart::new(name).with_attributes(attrs.iter().copied())))
    }
    fn end(&mut self, name: &str) -> Res {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }
    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Res {
        self.w.write_event(Event::Empty(BytesStart::new(name).with_attributes(attrs.iter().copied())))
    }
    fn text_el(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> Res {
        self.start(name, attrs)?;
        self.w.write_event(Event::Text(BytesText::new(text)))?;
        self.end(name)
    }
    fn decl(&mut self) -> Res {
        self.w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), Some("yes"))))
    }

    /// A run of text (tabs and line breaks as Word's own elements).
    fn run(&mut self, text: &str, bold: bool, italic: bool, superscript: bool) -> Res {
        self.start("w:r", &[])?;
        if bold || italic || superscript {
            self.start("w:rPr", &[])?;
            if bold {
                self.empty("w:b", &[])?;
            }
            if italic {
                self.empty("w:i", &[])?;
            }
            if superscript {
                self.empty("w:vertAlign", &[("w:val", "superscript")])?;
            }
            self.end("w:rPr")?;
        }
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.empty("w:br", &[])?;
            }
            if !line.is_empty() {
                self.text_el("w:t", &[("xml:space", "preserve")], line)?;
            }
        }
        self.end("w:r")
    }

    /// A paragraph; `note_mark` starts a note's first paragraph with its number.
    fn para(&mut self, para: &Para, note_mark: bool) -> Res {
        self.start("w:p", &[])?;
        self.start("w:pPr", &[])?;
        self.empty("w:pStyle", &[("w:val", &styles::style_id(para.style))])?;
        self.end("w:pPr")?;
        let bookmark = para.anchor.map(|n| {
            self.bookmark += 1;
            (self.bookmark.to_string(), super::anchor(n))
        });
        if let Some((id, name)) = &bookmark {
            self.empty("w:bookmarkStart", &[("w:id", id), ("w:name", name)])?;
        }
        if note_mark {
            self.start("w:r", &[])?;
            self.start("w:rPr", &[])?;
            self.empty("w:rStyle", &[("w:val", "FootnoteReference")])?;
            self.end("w:rPr")?;
            self.empty("w:footnoteRef", &[])?;
            self.end("w:r")?;
            self.run(" ", false, false, false)?;
            if let Some(instr) = self.field_begin.take() {
                self.field_char("begin")?;
                self.start("w:r", &[])?;
                self.text_el("w:instrText", &[("xml:space", "preserve")], &instr)?;
                self.end("w:r")?;
                self.field_char("separate")?;
            }
        }
        if let Some(number) = &para.number {
            let gap = if para.style == Style::Heading(1) { "\n" } else { " " };
            self.run(&format!("{number}{gap}"), false, false, false)?;
        }
        for inline in &para.inlines {
            match inline {
                Inline::Text(r) => self.run(&r.text, r.bold, r.italic, r.superscript)?,
                Inline::Break => self.run("\n", false, false, false)?,
                Inline::Note(i) => {
                    self.start("w:r", &[])?;
                    self.start("w:rPr", &[])?;
                    self.empty("w:rStyle", &[("w:val", "FootnoteReference")])?;
                    self.end("w:rPr")?;
                    self.empty("w:footnoteReference", &[("w:id", &(i + 1).to_string())])?;
                    self.end("w:r")?;
                }
            }
        }
        if std::mem::take(&mut self.field_end) {
            self.field_char("end")?;
        }
        if let Some((id, _)) = &bookmark {
            self.empty("w:bookmarkEnd", &[("w:id", id)])?;
        }
        self.end("w:p")
    }

    /// A run holding one field character (`begin`, `separate`, `end`).
    fn field_char(&mut self, kind: &str) -> Res {
        self.start("w:r", &[])?;
        self.empty("w:fldChar", &[("w:fldCharType", kind)])?;
        self.end("w:r")
    }

    /// A paragraph of one style and one plain text.
    fn plain(&mut self, style: &str, text: &str) -> Res {
        self.start("w:p", &[])?;
        self.start("w:pPr", &[])?;
        self.empty("w:pStyle", &[("w:val", style)])?;
        self.end("w:pPr")?;
        self.run(text, false, false, false)?;
        self.end("w:p")
    }

    /// Word's table of contents: a field over the heading levels 1–3 (DAFTAR ISI).
    fn contents(&mut self) -> Res {
        self.plain("TOCHeading", "DAFTAR ISI")?;
        self.start("w:p", &[])?;
        self.start("w:r", &[])?;
        self.empty("w:fldChar", &[("w:fldCharType", "begin"), ("w:dirty", "true")])?;
        self.end("w:r")?;
        self.start("w:r", &[])?;
        self.text_el("w:instrText", &[("xml:space", "preserve")], r#" TOC \o "1-3" \h \z \u "#)?;
        self.end("w:r")?;
        self.start("w:r", &[])?;
        self.empty("w:fldChar", &[("w:fldCharType", "separate")])?;
        self.end("w:r")?;
        self.run(TOC_PLACEHOLDER, false, false, false)?;
        self.start("w:r", &[])?;
        self.empty("w:fldChar", &[("w:fldCharType", "end")])?;
        self.end("w:r")?;
        self.end("w:p")
    }

    /// A table with thin rules on every cell (F28), header rows repeated on each page.
    fn table(&mut self, rows: &[Vec<Cell>], width: i64) -> Res {
        let columns = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
        self.start("w:tbl", &[])?;
        self.start("w:tblPr", &[])?;
        self.empty("w:tblW", &[("w:w", "5000"), ("w:type", "pct")])?;
        self.start("w:tblBorders", &[])?;
        for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
            self.empty(side, &[("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")])?;
        }
        self.end("w:tblBorders")?;
        self.empty("w:tblLook", &[("w:val", "04A0")])?;
        self.end("w:tblPr")?;
        self.start("w:tblGrid", &[])?;
        let col = (width / columns as i64).to_string();
        for _ in 0..columns {
            self.empty("w:gridCol", &[("w:w", &col)])?;
        }
        self.end("w:tblGrid")?;
        for row in rows {
            self.start("w:tr", &[])?;
            if row.iter().all(|c| c.header) && !row.is_empty() {
                self.start("w:trPr", &[])?;
                self.empty("w:tblHeader", &[])?;
                self.end("w:trPr")?;
            }
            for i in 0..columns {
                self.start("w:tc", &[])?;
                self.start("w:tcPr", &[])?;
                self.empty("w:tcW", &[("w:w", &col), ("w:type", "dxa")])?;
                self.end("w:tcPr")?;
                match row.get(i) {
                    Some(cell) => {
                        for p in &cell.paras {
                            let mut p = p.clone();
                            if cell.header {
                                bold(&mut p);
                            }
                            self.para(&p, false)?;
                        }
                    }
                    None => self.plain("TableText", "")?,
                }
                self.end("w:tc")?;
            }
            self.end("w:tr")?;
        }
        self.end("w:tbl")
    }

    /// An image on a centred line of its own.
    fn image(&mut self, image: &Image) -> Res {
        self.images.push(image.clone());
        let n = self.images.len().to_string();
        let (cx, cy) = (image.size.0.to_string(), image.size.1.to_string());
        let rel = format!("rIdImage{n}");
        let name = format!("Gambar {n}");
        self.start("w:p", &[])?;
        self.start("w:pPr", &[])?;
        self.empty("w:pStyle", &[("w:val", "Figure")])?;
        self.end("w:pPr")?;
        self.start("w:r", &[])?;
        self.start("w:drawing", &[])?;
        self.start("wp:inline", &[("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0")])?;
        self.empty("wp:extent", &[("cx", &cx), ("cy", &cy)])?;
        self.empty("wp:docPr", &[("id", &n), ("name", &name)])?;
        self.start("wp:cNvGraphicFramePr", &[])?;
        self.empty("a:graphicFrameLocks", &[("noChangeAspect", "1")])?;
        self.end("wp:cNvGraphicFramePr")?;
        self.start("a:graphic", &[])?;
        self.start("a:graphicData", &[("uri", "http://schemas.openxmlformats.org/drawingml/2006/picture")])?;
        self.start("pic:pic", &[])?;
        self.start("pic:nvPicPr", &[])?;
        self.empty("pic:cNvPr", &[("id", &n), ("name", &name)])?;
        self.empty("pic:cNvPicPr", &[])?;
        self.end("pic:nvPicPr")?;
        self.start("pic:blipFill", &[])?;
        self.empty("a:blip", &[("r:embed", &rel)])?;
        self.start("a:stretch", &[])?;
        self.empty("a:fillRect", &[])?;
        self.end("a:stretch")?;
        self.end("pic:blipFill")?;
        self.start("pic:spPr", &[])?;
        self.start("a:xfrm", &[])?;
        self.empty("a:off", &[("x", "0"), ("y", "0")])?;
        self.empty("a:ext", &[("cx", &cx), ("cy", &cy)])?;
        self.end("a:xfrm")?;
        self.start("a:prstGeom", &[("prst", "rect")])?;
        self.empty("a:avLst", &[])?;
        self.end("a:prstGeom")?;
        self.end("pic:spPr")?;
        self.end("pic:pic")?;
        self.end("a:graphicData")?;
        self.end("a:graphic")?;
        self.end("wp:inline")?;
        self.end("w:drawing")?;
        self.end("w:r")?;
        self.end("w:p")
    }

    /// A paragraph holding only a page break.
    fn page_break(&mut self) -> Res {
        self.start("w:p", &[])?;
        self.start("w:r", &[])?;
        self.empty("w:br", &[("w:type", "page")])?;
        self.end("w:r")?;
        self.end("w:p")
    }
}

/// Makes every run of a paragraph bold (a table's header cells, F28).
fn bold(para: &mut Para) {
    for inline in &mut para.inlines {
        if let Inline::Text(r) = inline {
            r.bold = true;
        }
    }
}

/// `word/document.xml` and the images it shows, in the order of their relationship ids.
pub fn document_xml(doc: &Document, page: &Page) -> io::Result<(Vec<u8>, Vec<Image>)> {
    let mut x = Xml::new();
    x.decl()?;
    x.start("w:document", &NS[..5])?;
    x.start("w:body", &[])?;
    let width = A4.0 - page.margins.1 - page.margins.3;
    for (i, item) in doc.items.iter().enumerate() {
        match item {
            Item::Para(p) => x.para(p, false)?,
            Item::Table(rows) => x.table(rows, width)?,
            Item::Image(img) => x.image(img)?,
            Item::Contents => x.contents()?,
            Item::PageBreak => {
                // A chapter head and DAFTAR PUSTAKA start a page of their own already.
                let next_opens = matches!(doc.items.get(i + 1), Some(Item::Para(p)) if matches!(p.style, Style::Heading(1) | Style::PartTitle));
                if !next_opens {
                    x.page_break()?;
                }
            }
        }
    }
    let (top, left, bottom, right) = page.margins;
    x.start("w:sectPr", &[])?;
    x.empty("w:pgSz", &[("w:w", &A4.0.to_string()), ("w:h", &A4.1.to_string())])?;
    x.empty(
        "w:pgMar",
        &[
            ("w:top", &top.to_string()),
            ("w:right", &right.to_string()),
            ("w:bottom", &bottom.to_string()),
            ("w:left", &left.to_string()),
            ("w:header", "709"),
            ("w:footer", "709"),
            ("w:gutter", "0"),
        ],
    )?;
    x.end("w:sectPr")?;
    x.end("w:body")?;
    x.end("w:document")?;
    Ok((x.w.into_inner(), x.images))
}

/// `word/footnotes.xml`: Word's two separators, then note n under id n + 1.
pub fn footnotes_xml(doc: &Document) -> io::Result<Vec<u8>> {
    let mut x = Xml::new();
    // Bookmark ids must not repeat those of the body.
    x.bookmark = 1_000_000;
    x.decl()?;
    x.start("w:footnotes", &NS[..2])?;
    for (id, kind, mark) in
        [("-1", "separator", "w:separator"), ("0", "continuationSeparator", "w:continuationSeparator")]
    {
        x.start("w:footnote", &[("w:type", kind), ("w:id", id)])?;
        x.start("w:p", &[])?;
        x.start("w:r", &[])?;
        x.empty(mark, &[])?;
        x.end("w:r")?;
        x.end("w:p")?;
        x.end("w:footnote")?;
    }
    for (i, note) in doc.notes.iter().enumerate() {
        x.start("w:footnote", &[("w:id", &(i + 1).to_string())])?;
        if note.is_empty() {
            x.para(&Para::new(Style::Note), true)?;
        }
        let field = doc.fields.get(i).cloned().flatten().filter(|_| !note.is_empty());
        for (k, p) in note.iter().enumerate() {
            if k == 0 {
                x.field_begin = field.clone();
            }
            x.field_end = field.is_some() && k + 1 == note.len();
            x.para(p, k == 0)?;
        }
        x.end("w:footnote")?;
    }
    x.end("w:footnotes")?;
    Ok(x.w.into_inner())
}
