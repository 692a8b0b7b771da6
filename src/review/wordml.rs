//! Reading what a supervisor did in a .docx: each paragraph (body, table cell, footnote) as
//! pieces of unchanged, inserted and deleted text with the revision's author and date, under the
//! `_tesis_<n>` anchor it carries; comments with the range they cover, and reply threads.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};

use super::package::{Package, attr, resolve_ref};
use crate::diag::Diagnostic;

/// What a piece of a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Text that was there and still is (as far as tracked changes tell).
    Same,
    /// A tracked insertion (index into [`Document::revisions`]).
    Ins(usize),
    /// A tracked deletion (index into [`Document::revisions`]).
    Del(usize),
}

/// Who made a tracked change, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The author as Word recorded it.
    pub author: String,
    /// The date (ISO 8601), when recorded.
    pub date: Option<String>,
}

/// A run of text with one mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// What it is.
    pub mark: Mark,
}

/// One paragraph (or several under one anchor) of the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Para {
    /// The `_tesis_<n>` anchor, when the paragraph carries one.
    pub anchor: Option<String>,
    /// Whether it is a footnote's paragraph.
    pub footnote: bool,
    /// The text, piece by piece.
    pub pieces: Vec<Piece>,
    /// Where comments start, by comment id, in chars of the text before the tracked changes.
    pub comment_starts: Vec<(String, usize)>,
    /// Where comments end (same positions).
    pub comment_ends: Vec<(String, usize)>,
    /// Where comments are referenced (a comment without a range is a point).
    pub comment_refs: Vec<(String, usize)>,
}

impl Para {
    /// The text before the tracked changes (unchanged and deleted pieces).
    pub fn before(&self) -> String {
        self.pieces.iter().filter(|p| !matches!(p.mark, Mark::Ins(_))).map(|p| p.text.as_str()).collect()
    }

    /// The text with the tracked changes accepted.
    pub fn after(&self) -> String {
        self.pieces.iter().filter(|p| !matches!(p.mark, Mark::Del(_))).map(|p| p.text.as_str()).collect()
    }

    /// Whether the paragraph holds tracked changes or comments.
    pub fn has_changes(&self) -> bool {
        self.pieces.iter().any(|p| p.mark != Mark::Same)
            || !self.comment_starts.is_empty()
            || !self.comment_refs.is_empty()
    }

    /// The length of the text before changes, in chars.
    fn before_len(&self) -> usize {
        self.pieces.iter().filter(|p| !matches!(p.mark, Mark::Ins(_))).map(|p| p.text.chars().count()).sum()
    }

    /// Appends text, merging with the last piece when the mark is the same.
    fn push(&mut self, text: &str, mark: Mark) {
        match self.pieces.last_mut() {
            Some(last) if last.mark == mark => last.text.push_str(text),
            _ => self.pieces.push(Piece { text: text.to_string(), mark }),
        }
    }
}

/// A comment of comments.xml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comment {
    /// Its id (what commentRangeStart/End refer to).
    pub id: String,
    /// The author as Word recorded it.
    pub author: String,
    /// The date, when recorded.
    pub date: Option<String>,
    /// The text (paragraphs joined by a space).
    pub text: String,
    /// The paragraph ids of its paragraphs (threads refer to the last).
    para_ids: Vec<String>,
    /// The id of the comment it replies to.
    pub parent: Option<String>,
}

/// What the import reads from a document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Body paragraphs and table cells in order, then footnote paragraphs.
    pub paras: Vec<Para>,
    /// The tracked changes' authors and dates.
    pub revisions: Vec<Revision>,
    /// The comments, in the order of comments.xml.
    pub comments: Vec<Comment>,
}

impl Document {
    /// Reads the paragraphs, tracked changes and comments of a package.
    pub fn read(package: &Package, name: &str) -> Result<Self, Diagnostic> {
        let mut doc = Document::default();
        let mut revisions = Revisions::default();
        doc.paras = paragraphs(&package.document, false, &mut revisions)
            .map_err(|e| Diagnostic::error(format!("{name}: word/document.xml is not valid XML ({e})")))?;
        if let Some(notes) = &package.footnotes {
            let notes = paragraphs(notes, true, &mut revisions)
                .map_err(|e| Diagnostic::error(format!("{name}: word/footnotes.xml is not valid XML ({e})")))?;
            doc.paras.extend(notes);
        }
        doc.revisions = revisions.list;
        if let Some(xml) = &package.comments {
            doc.comments = comments(xml)
                .map_err(|e| Diagnostic::error(format!("{name}: word/comments.xml is not valid XML ({e})")))?;
        }
        if let Some(xml) = &package.comments_extended {
            link_replies(&mut doc.comments, xml);
        }
        Ok(doc)
    }

    /// The comment with `id`.
    pub fn comment(&self, id: &str) -> Option<&Comment> {
        self.comments.iter().find(|c| c.id == id)
    }

    /// The replies to comment `id`, in order.
    pub fn replies(&self, id: &str) -> Vec<&Comment> {
        self.comments.iter().filter(|c| c.parent.as_deref() == Some(id)).collect()
    }
}

/// The revisions met so far, deduplicated by author and date.
#[derive(Default)]
struct Revisions {
    list: Vec<Revision>,
}

impl Revisions {
    /// The index of the revision of element `e` (w:ins, w:del, …).
    fn of(&mut self, e: &BytesStart) -> usize {
        let rev = Revision { author: attr(e, b"author").unwrap_or_default(), date: attr(e, b"date") };
        if let Some(i) = self.list.iter().position(|r| *r == rev) {
            return i;
        }
        self.list.push(rev);
        self.list.len() - 1
    }
}

/// Reads the paragraphs of document.xml or footnotes.xml.
fn paragraphs(xml: &str, footnotes: bool, revisions: &mut Revisions) -> Result<Vec<Para>, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut paras: Vec<Para> = Vec::new();
    let mut current: Option<Para> = None;
    // Tesis anchors open: bookmark id → name.
    let mut open: Vec<(String, String)> = Vec::new();
    let mut ins: Option<usize> = None;
    let mut del: Option<usize> = None;
    let mut in_text = false;
    let mut in_run = false;
    // Depth inside content the import skips (text boxes, fallbacks, separator notes, properties).
    let mut skip = 0usize;
    loop {
        let event = reader.read_event()?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.local_name();
            let name = name.as_ref();
            if skip > 0 || is_skipped(name, e) {
                if !empty {
                    skip += 1;
                }
                continue;
            }
            match name {
                b"p" if !empty => current = Some(Para { footnote: footnotes, ..Para::default() }),
                b"bookmarkStart" => {
                    if let (Some(id), Some(n)) = (attr(e, b"id"), attr(e, b"name"))
                        && n.starts_with("_tesis_")
                    {
                        if let Some(p) = current.as_mut()
                            && p.anchor.is_none()
                        {
                            p.anchor = Some(n.clone());
                        }
                        open.push((id, n));
                    }
                }
                b"bookmarkEnd" => {
                    if let Some(id) = attr(e, b"id") {
                        open.retain(|(k, _)| *k != id);
                    }
                }
                b"ins" | b"moveTo" if !empty => ins = Some(revisions.of(e)),
                b"del" | b"moveFrom" if !empty => del = Some(revisions.of(e)),
                b"r" if !empty => in_run = true,
                b"t" | b"delText" if !empty => in_text = true,
                b"tab" | b"br" | b"cr" | b"noBreakHyphen" if in_run => {
                    let text = if name == b"noBreakHyphen" {
                        "-"
                    } else if name == b"tab" {
                        "\t"
                    } else {
                        "\n"
                    };
                    push(&mut current, text, ins, del);
                }
                b"commentRangeStart" | b"commentRangeEnd" | b"commentReference" => {
                    if let (Some(p), Some(id)) = (current.as_mut(), attr(e, b"id")) {
                        let at = p.before_len();
                        match name {
                            b"commentRangeStart" => p.comment_starts.push((id, at)),
                            b"commentRangeEnd" => p.comment_ends.push((id, at)),
                            _ => p.comment_refs.push((id, at)),
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    b"p" => {
                        if let Some(mut p) = current.take() {
                            if p.anchor.is_none() {
                                p.anchor = open.last().map(|(_, n)| n.clone());
                            }
                            paras.push(p);
                        }
                    }
                    b"ins" | b"moveTo" => ins = None,
                    b"del" | b"moveFrom" => del = None,
                    b"r" => in_run = false,
                    b"t" | b"delText" => in_text = false,
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skip == 0 => {
                let text = t.xml_content().unwrap_or_default();
                push(&mut current, &text, ins, del);
            }
            Event::GeneralRef(r) if in_text && skip == 0 => push(&mut current, &resolve_ref(&r), ins, del),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(merge_anchored(paras))
}

/// Whether an element's content is skipped: paragraph and run properties (they hold no text,
/// only formatting changes), text boxes and alternate content (their paragraphs are not the
/// thesis'), field instructions and the separator "footnotes".
fn is_skipped(name: &[u8], e: &BytesStart) -> bool {
    match name {
        b"pPr" | b"rPr" | b"txbxContent" | b"Fallback" | b"instrText" | b"delInstrText" => true,
        b"footnote" => matches!(attr(e, b"type").as_deref(), Some("separator" | "continuationSeparator")),
        _ => false,
    }
}

/// Appends text to the current paragraph with the mark in force.
fn push(current: &mut Option<Para>, text: &str, ins: Option<usize>, del: Option<usize>) {
    let mark = match (del, ins) {
        (Some(d), _) => Mark::Del(d),
        (None, Some(i)) => Mark::Ins(i),
        (None, None) => Mark::Same,
    };
    if let Some(p) = current.as_mut() {
        p.push(text, mark);
    }
}

/// Joins consecutive paragraphs under the same anchor (a block exported as several Word
/// paragraphs, or a paragraph the supervisor split) with a line break.
fn merge_anchored(paras: Vec<Para>) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    for p in paras {
        match out.last_mut() {
            Some(last) if last.anchor.is_some() && last.anchor == p.anchor && last.footnote == p.footnote => {
                let offset = last.before_len() + 1;
                last.push("\n", Mark::Same);
                let shift = |v: Vec<(String, usize)>| v.into_iter().map(move |(id, at)| (id, at + offset));
                last.comment_starts.extend(shift(p.comment_starts));
                last.comment_ends.extend(shift(p.comment_ends));
                last.comment_refs.extend(shift(p.comment_refs));
                for piece in p.pieces {
                    last.push(&piece.text, piece.mark);
                }
            }
            _ => out.push(p),
        }
    }
    out
}

/// Reads comments.xml.
fn comments(xml: &str) -> Result<Vec<Comment>, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<Comment> = None;
    let mut in_text = false;
    let mut paragraph = false;
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"comment" => {
                current = Some(Comment {
                    id: attr(&e, b"id").unwrap_or_default(),
                    author: attr(&e, b"author").unwrap_or_default(),
                    date: attr(&e, b"date"),
                    ..Comment::default()
                });
            }
            Event::Start(e) if e.local_name().as_ref() == b"p" => {
                if let Some(c) = current.as_mut() {
                    if let Some(id) = attr(&e, b"paraId") {
                        c.para_ids.push(id);
                    }
                    if paragraph && !c.text.is_empty() {
                        c.text.push(' ');
                    }
                    paragraph = true;
                }
            }
            Event::Start(e) if e.local_name().as_ref() == b"t" => in_text = true,
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"comment" => {
                    if let Some(mut c) = current.take() {
                        c.text = c.text.trim().to_string();
                        out.push(c);
                    }
                    paragraph = false;
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(c) = current.as_mut() {
                    c.text.push_str(&t.xml_content().unwrap_or_default());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(c) = current.as_mut() {
                    c.text.push_str(&resolve_ref(&r));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Sets each reply's parent from commentsExtended.xml (`w15:paraIdParent` names the parent's
/// last paragraph).
fn link_replies(comments: &mut [Comment], xml: &str) {
    let mut parents: BTreeMap<String, String> = BTreeMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"commentEx" => {
                if let (Some(id), Some(parent)) = (attr(&e, b"paraId"), attr(&e, b"paraIdParent")) {
                    parents.insert(id, parent);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let owner: BTreeMap<String, String> =
        comments.iter().flat_map(|c| c.para_ids.iter().map(|p| (p.clone(), c.id.clone()))).collect();
    for c in comments.iter_mut() {
        let parent = c.para_ids.last().and_then(|p| parents.get(p)).and_then(|p| owner.get(p));
        c.parent = parent.filter(|p| **p != c.id).cloned();
    }
}
