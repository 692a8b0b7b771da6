//! Reading word/document.xml and word/footnotes.xml into the [`Docx`] model with quick-xml:
//! paragraphs with their style and outline level, runs with bold/italic/super/subscript,
//! footnote references, images, tables, and fields — a citation field (Zotero, Mendeley)
//! becomes one [`Inline::Cite`] with its displayed result dropped, a table of contents (or list
//! of figures) is dropped whole, a bibliography field's result is kept aside for the report.

use std::collections::BTreeMap;

use base64::Engine;
use quick_xml::events::{BytesStart, Event};

use super::model::{Cell, Docx, Inline, Item, Para, Text};
use crate::review::package::{attr, resolve_ref};

/// What a field is, decided from its instruction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    /// A citation: replaced by one citation, its result dropped.
    Cite,
    /// A table of contents or list of figures/tables: dropped.
    Toc,
    /// A bibliography: its result set aside.
    Bibliography,
    /// Anything else: its result kept as text.
    Other,
}

/// The kind of the field with instruction `instr`.
fn kind_of(instr: &str) -> FieldKind {
    let upper = instr.trim().to_uppercase();
    if upper.starts_with("TOC") {
        FieldKind::Toc
    } else if upper.contains("BIBLIOGRAPHY") || upper.contains("ZOTERO_BIBL") {
        FieldKind::Bibliography
    } else if upper.starts_with("ADDIN") && (upper.contains("CSL_CITATION") || upper.contains("MENDELEY CITATION")) {
        FieldKind::Cite
    } else {
        FieldKind::Other
    }
}

/// An open field.
struct Field {
    instr: String,
    /// Past `separate`: the runs are the displayed result.
    result: bool,
    /// The displayed result's text (kept when a citation field holds no readable data).
    shown: String,
}

impl Field {
    fn kind(&self) -> FieldKind {
        kind_of(&self.instr)
    }
}

/// Paragraph styles: id → (name lower-cased, outline level, whether it numbers its paragraphs).
pub type Styles = BTreeMap<String, (String, Option<u8>, bool)>;

/// Reads styles.xml: each paragraph style's name and outline level (through `basedOn`).
pub fn styles(xml: &str) -> Styles {
    let mut raw: BTreeMap<String, (String, Option<u8>, Option<String>, bool)> = BTreeMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"style" => {
                current = attr(&e, b"styleId");
                if let Some(id) = &current {
                    raw.insert(id.clone(), (id.to_lowercase(), None, None, false));
                }
            }
            Ok(Event::Empty(e) | Event::Start(e)) if current.is_some() => {
                let id = current.clone().unwrap_or_default();
                let Some(entry) = raw.get_mut(&id) else { continue };
                match e.local_name().as_ref() {
                    b"name" => entry.0 = attr(&e, b"val").unwrap_or_default().to_lowercase(),
                    b"outlineLvl" => entry.1 = attr(&e, b"val").and_then(|v| v.parse().ok()),
                    b"basedOn" => entry.2 = attr(&e, b"val"),
                    b"numId" => entry.3 = attr(&e, b"val").is_some_and(|v| v != "0"),
                    _ => {}
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == b"style" => current = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let mut out = Styles::new();
    for (id, (name, level, _, numbered)) in &raw {
        let mut level = *level;
        let mut parent = raw.get(id).and_then(|s| s.2.clone());
        let mut hops = 0;
        while level.is_none() && hops < 10 {
            let Some(p) = parent.and_then(|p| raw.get(&p)) else { break };
            level = p.1;
            parent = p.2.clone();
            hops += 1;
        }
        out.insert(id.clone(), (name.clone(), level, *numbered));
    }
    out
}

/// Reads numbering.xml: numbering id → level → whether it is a bullet.
pub fn bullets(xml: &str) -> BTreeMap<String, BTreeMap<u8, bool>> {
    let mut abstracts: BTreeMap<String, BTreeMap<u8, bool>> = BTreeMap::new();
    let mut nums: Vec<(String, String)> = Vec::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut abs, mut lvl, mut num): (Option<String>, u8, Option<String>) = (None, 0, None);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                b"abstractNum" => abs = attr(&e, b"abstractNumId"),
                b"lvl" => lvl = attr(&e, b"ilvl").and_then(|v| v.parse().ok()).unwrap_or(0),
                b"numFmt" => {
                    if let Some(a) = &abs {
                        let bullet = attr(&e, b"val").as_deref() == Some("bullet");
                        abstracts.entry(a.clone()).or_default().insert(lvl, bullet);
                    }
                }
                b"num" => num = attr(&e, b"numId"),
                b"abstractNumId" => {
                    if let (Some(n), Some(a)) = (num.take(), attr(&e, b"val")) {
                        nums.push((n, a));
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == b"abstractNum" => abs = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    nums.into_iter().filter_map(|(n, a)| abstracts.get(&a).map(|l| (n, l.clone()))).collect()
}

/// Reads the images' relationships (document.xml.rels): id → target under word/.
pub fn image_targets(xml: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Relationship" => {
                let image = attr(&e, b"Type").is_some_and(|t| t.ends_with("/image"));
                if let (true, Some(id), Some(target)) = (image, attr(&e, b"Id"), attr(&e, b"Target")) {
                    out.insert(id, target);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// Where finished paragraphs go.
enum Sink<'a> {
    Body(&'a mut Docx),
    Notes(&'a mut Docx),
}

/// Reads the body of document.xml (`notes` false) or the footnotes of footnotes.xml into `docx`.
pub fn story(xml: &str, styles: &Styles, docx: &mut Docx, notes: bool) -> Result<(), quick_xml::Error> {
    let mut sink = if notes { Sink::Notes(docx) } else { Sink::Body(docx) };
    let mut r = Reader { styles: Some(styles), ..Reader::default() };
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        let event = reader.read_event()?;
        match &event {
            Event::Start(e) => r.start(e, false, &mut sink),
            Event::Empty(e) => r.start(e, true, &mut sink),
            Event::End(e) => r.end(e.local_name().as_ref(), &mut sink),
            Event::Text(t) if r.in_text && r.skip == 0 => r.text(&t.xml_content().unwrap_or_default()),
            Event::GeneralRef(g) if r.in_text && r.skip == 0 => r.text(&resolve_ref(g)),
            Event::Text(t) if r.in_instr && r.skip == 0 => {
                let text = t.xml_content().unwrap_or_default();
                r.instr(&text);
            }
            Event::GeneralRef(g) if r.in_instr && r.skip == 0 => r.instr(&resolve_ref(g)),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(())
}

/// A table being read: its rows, the row being read, the cell being read.
type OpenTable = (Vec<Vec<Cell>>, Vec<Cell>, Option<Cell>);

/// The state of the reader.
#[derive(Default)]
struct Reader<'s> {
    styles: Option<&'s Styles>,
    para: Option<Para>,
    /// Whether the paragraph lost text to a table of contents or bibliography field.
    dropped: bool,
    /// The paragraph's text inside a bibliography field.
    biblio: String,
    tables: Vec<OpenTable>,
    fields: Vec<Field>,
    /// Per open `w:sdt`: a Mendeley Cite citation it holds, and whether its content is open.
    sdts: Vec<(Option<String>, bool)>,
    note: Option<String>,
    run: Text,
    in_ppr: bool,
    in_rpr: bool,
    in_text: bool,
    in_instr: bool,
    skip: usize,
}

impl Reader<'_> {
    /// Whether the text now read is a dropped field result.
    fn suppressed(&self) -> Option<FieldKind> {
        let field = self.fields.iter().find(|f| f.result && f.kind() != FieldKind::Other).map(Field::kind);
        field.or_else(|| self.sdts.iter().any(|(c, open)| c.is_some() && *open).then_some(FieldKind::Cite))
    }

    fn push(&mut self, inline: Inline) {
        if let Some(kind) = self.suppressed() {
            self.dropped |= kind != FieldKind::Cite;
            match (kind, &inline) {
                (FieldKind::Bibliography, Inline::Text(t)) => self.biblio.push_str(&t.text),
                (FieldKind::Cite, Inline::Text(t)) => {
                    if let Some(f) = self.fields.iter_mut().rev().find(|f| f.result && f.kind() == FieldKind::Cite) {
                        f.shown.push_str(&t.text);
                    }
                }
                _ => {}
            }
            return;
        }
        if let Some(p) = self.para.as_mut() {
            if let (Inline::Text(t), Some(Inline::Text(last))) = (&inline, p.inlines.last_mut())
                && (last.bold, last.italic, last.sup, last.sub) == (t.bold, t.italic, t.sup, t.sub)
            {
                last.text.push_str(&t.text);
                return;
            }
            p.inlines.push(inline);
        }
    }

    fn text(&mut self, text: &str) {
        let run = Text { text: text.to_string(), ..self.run.clone() };
        self.push(Inline::Text(run));
    }

    fn instr(&mut self, text: &str) {
        if let Some(f) = self.fields.iter_mut().rev().find(|f| !f.result) {
            f.instr.push_str(text);
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool, sink: &mut Sink) {
        let name = e.local_name();
        let name = name.as_ref();
        if self.skip > 0 || matches!(name, b"Fallback" | b"txbxContent" | b"del" | b"moveFrom") {
            if !empty {
                self.skip += 1;
            }
            return;
        }
        let on = || attr(e, b"val").is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"));
        match name {
            b"footnote" if matches!(sink, Sink::Notes(_)) => {
                let separator = attr(e, b"type").is_some_and(|t| t != "normal");
                self.note = attr(e, b"id").filter(|_| !separator);
                if separator && !empty {
                    self.skip += 1;
                }
            }
            b"p" if !empty => {
                self.para = Some(Para::default());
                self.dropped = false;
            }
            b"pPr" if !empty => self.in_ppr = true,
            b"rPr" if !empty && !self.in_ppr => self.in_rpr = true,
            b"pStyle" if self.in_ppr => {
                let id = attr(e, b"val").unwrap_or_default();
                let (style, level, numbered) =
                    self.styles.and_then(|s| s.get(&id)).cloned().unwrap_or((id.to_lowercase(), None, false));
                if let Some(p) = self.para.as_mut() {
                    p.style = style;
                    p.outline = p.outline.or(level);
                    // A list style (List Bullet, List Number) numbers through the style.
                    if numbered && p.list.is_none() && level.is_none() {
                        p.list = Some((String::new(), 0));
                    }
                }
            }
            b"outlineLvl" if self.in_ppr => {
                if let Some(p) = self.para.as_mut() {
                    p.outline = attr(e, b"val").and_then(|v| v.parse().ok()).filter(|l| *l < 9);
                }
            }
            b"numId" if self.in_ppr => {
                if let (Some(p), Some(id)) = (self.para.as_mut(), attr(e, b"val")) {
                    let level = p.list.as_ref().map_or(0, |l| l.1);
                    p.list = (id != "0").then_some((id, level));
                }
            }
            b"ilvl" if self.in_ppr => {
                if let Some(p) = self.para.as_mut() {
                    let level = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    let id = p.list.as_ref().map_or(String::new(), |l| l.0.clone());
                    p.list = Some((id, level));
                }
            }
            b"ind" if self.in_ppr => {
                let twips = |a: &[u8], b: &[u8]| attr(e, a).or_else(|| attr(e, b)).and_then(|v| v.parse().ok());
                if let Some(p) = self.para.as_mut() {
                    p.indent = twips(b"left", b"start").unwrap_or(p.indent);
                    p.indent_right = twips(b"right", b"end").unwrap_or(p.indent_right);
                }
            }
            b"r" if !empty => self.run = Text::default(),
            b"b" if self.in_rpr => self.run.bold = on(),
            b"i" if self.in_rpr => self.run.italic = on(),
            b"vertAlign" if self.in_rpr => {
                let v = attr(e, b"val").unwrap_or_default();
                self.run.sup = v == "superscript";
                self.run.sub = v == "subscript";
            }
            b"t" if !empty => self.in_text = true,
            b"instrText" if !empty => self.in_instr = true,
            b"tab" if !self.in_ppr => self.text("\t"),
            b"br" | b"cr" => self.push(Inline::Break),
            b"noBreakHyphen" => self.text("-"),
            b"footnoteReference" => {
                if let Some(id) = attr(e, b"id") {
                    self.push(Inline::Note(id));
                }
            }
            b"blip" => {
                if let Some(id) = attr(e, b"embed") {
                    self.push(Inline::Image(id));
                }
            }
            b"imagedata" => {
                if let Some(id) = attr(e, b"id") {
                    self.push(Inline::Image(id));
                }
            }
            b"fldChar" => match attr(e, b"fldCharType").as_deref() {
                Some("begin") => self.fields.push(Field { instr: String::new(), result: false, shown: String::new() }),
                Some("separate") => {
                    if let Some(f) = self.fields.last_mut() {
                        f.result = true;
                    }
                }
                Some("end") => self.close_field(),
                _ => {}
            },
            b"fldSimple" => {
                let instr = attr(e, b"instr").unwrap_or_default();
                self.fields.push(Field { instr, result: true, shown: String::new() });
                if empty {
                    self.close_field();
                }
            }
            b"sdt" if !empty => self.sdts.push((None, false)),
            b"tag" => {
                let tag = attr(e, b"val").unwrap_or_default();
                if let (Some(json), Some(last)) = (mendeley_v3(&tag), self.sdts.last_mut()) {
                    last.0 = Some(json);
                }
            }
            b"sdtContent" if !empty => {
                if let Some(last) = self.sdts.last_mut() {
                    last.1 = true;
                }
            }
            b"tbl" if !empty => self.tables.push((Vec::new(), Vec::new(), None)),
            b"tc" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.2 = Some(Cell::default());
                }
            }
            b"gridSpan" | b"vMerge" | b"hMerge" => {
                let n: usize = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(1);
                let span = name != b"gridSpan" || n > 1;
                if let Some(cell) = self.tables.last_mut().and_then(|t| t.2.as_mut()) {
                    cell.merged |= span;
                    if name == b"gridSpan" {
                        cell.span = n;
                    }
                }
            }
            _ => {}
        }
    }

    fn close_field(&mut self) {
        if let Some(f) = self.fields.pop()
            && f.kind() == FieldKind::Cite
        {
            // A field without data keeps the text it shows (the report says so).
            if super::cite::parse(&f.instr).is_err() && !f.shown.is_empty() {
                self.text(&f.shown);
            }
            self.push(Inline::Cite(f.instr.trim().to_string()));
        }
    }

    fn end(&mut self, name: &[u8], sink: &mut Sink) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        match name {
            b"pPr" => self.in_ppr = false,
            b"rPr" => self.in_rpr = false,
            b"t" => self.in_text = false,
            b"instrText" => self.in_instr = false,
            b"fldSimple" => self.close_field(),
            b"sdt" => {
                if let Some((Some(json), _)) = self.sdts.pop() {
                    self.push(Inline::Cite(format!("ADDIN CSL_CITATION {json}")));
                }
            }
            b"footnote" => self.note = None,
            b"p" => self.end_para(sink),
            b"tc" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(cell) = t.2.take()
                {
                    t.1.push(cell);
                }
            }
            b"tr" => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.1);
                    t.0.push(row);
                }
            }
            b"tbl" => {
                if let Some((rows, _, _)) = self.tables.pop() {
                    match (self.tables.last_mut().and_then(|t| t.2.as_mut()), sink) {
                        // A table in a table cell: its text joins the cell.
                        (Some(cell), _) => cell.paras.extend(rows.into_iter().flatten().flat_map(|c| c.paras)),
                        (None, Sink::Body(docx)) => docx.items.push(Item::Table(rows)),
                        (None, Sink::Notes(_)) => {}
                    }
                }
            }
            _ => {}
        }
    }

    fn end_para(&mut self, sink: &mut Sink) {
        let Some(p) = self.para.take() else { return };
        let biblio = std::mem::take(&mut self.biblio);
        if let Sink::Body(docx) = sink
            && !biblio.trim().is_empty()
        {
            docx.bibliography.push(biblio.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        let toc =
            p.style.starts_with("toc") || p.style.starts_with("table of figures") || p.style.starts_with("contents");
        if toc || (self.dropped && p.is_empty()) {
            return;
        }
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.2.as_mut()) {
            cell.paras.push(p);
            return;
        }
        match sink {
            Sink::Body(docx) => docx.items.push(Item::Para(p)),
            Sink::Notes(docx) => {
                if let Some(id) = &self.note {
                    docx.notes.entry(id.clone()).or_default().push(p);
                }
            }
        }
    }
}

/// The CSL citation JSON of a Mendeley Cite content control's tag
/// (`MENDELEY_CITATION_v3_<base64 JSON>`).
fn mendeley_v3(tag: &str) -> Option<String> {
    let data = tag.strip_prefix("MENDELEY_CITATION_v3_")?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(data.trim()).ok()?;
    String::from_utf8(bytes).ok()
}
