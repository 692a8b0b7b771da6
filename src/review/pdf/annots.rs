//! The annotations of a PDF, read with lopdf: kind, page, rectangle, QuadPoints, text, author,
//! date and the note each one answers (`/IRT`).

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::output::pdf::{Record, read_record};

/// What kind of mark an annotation is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Highlight,
    Underline,
    Squiggly,
    StrikeOut,
    /// An insertion point; the inserted words are its `/Contents`.
    Caret,
    /// A sticky note.
    Text,
    FreeText,
    /// A drawing: Ink, Square, Circle, Line, Polygon, PolyLine (the subtype is kept).
    Drawing(String),
}

/// One annotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub kind: Kind,
    /// 1-based page number.
    pub page: usize,
    /// `/Rect`: x0, y0, x1, y1 in PDF points, y upwards from the page's bottom.
    pub rect: [f32; 4],
    /// `/QuadPoints` in groups of eight numbers (four corners), for the text markups.
    pub quads: Vec<[f32; 8]>,
    /// `/Contents` (the note), empty when there is none.
    pub contents: String,
    /// `/T`, the author.
    pub author: Option<String>,
    /// `/M`, the date as the PDF stores it (`D:20261205…`).
    pub date: Option<String>,
    /// The index (in the returned list) of the annotation this one replies to.
    pub reply_to: Option<usize>,
    /// Whether it is grouped with that annotation (`/RT /Group`: Acrobat's "replace text" is a
    /// strike-out and a caret grouped) rather than a reply to it.
    pub grouped: bool,
}

/// A PDF's record and annotations.
#[derive(Debug)]
pub struct Annotated {
    pub record: Option<Record>,
    pub annotations: Vec<Annotation>,
    /// The PDF itself (for its title, page count and text).
    pub doc: Document,
}

/// Reads the annotations of a PDF. Fails, with a sentence for the student, on a PDF that is
/// damaged or encrypted.
pub fn read(bytes: &[u8]) -> Result<Annotated, String> {
    let doc = Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword | lopdf::Error::UnsupportedSecurityHandler(_) => {
            "the PDF is encrypted (password-protected): ask for a copy without a password, or print it again to PDF without protection".to_string()
        }
        e => format!("the PDF cannot be read, it may be damaged or incomplete ({e})"),
    })?;
    // lopdf opens a PDF encrypted with an empty user password (decrypting it); one that needs a
    // password keeps its /Encrypt entry without a decryption state.
    if doc.trailer.get(b"Encrypt").is_ok() && doc.encryption_state.is_none() || doc.is_encrypted() {
        return Err("the PDF is encrypted (password-protected): ask for a copy without a password".into());
    }
    let mut annotations = Vec::new();
    let mut ids: HashMap<ObjectId, usize> = HashMap::new();
    let mut replies: Vec<(usize, ObjectId)> = Vec::new();
    for (page, page_id) in doc.get_pages() {
        let Ok(page_dict) = doc.get_dictionary(page_id) else { continue };
        let Some(list) = page_dict.get(b"Annots").ok().and_then(|o| doc.dereference(o).ok()) else { continue };
        let Ok(list) = list.1.as_array() else { continue };
        for entry in list {
            let id = entry.as_reference().ok();
            let Ok((_, Object::Dictionary(dict))) = doc.dereference(entry) else { continue };
            let Some(kind) = kind(dict) else { continue };
            let index = annotations.len();
            if let Some(id) = id {
                ids.insert(id, index);
            }
            if let Ok(Object::Reference(target)) = dict.get(b"IRT") {
                replies.push((index, *target));
            }
            annotations.push(Annotation {
                kind,
                page: page as usize,
                rect: numbers(&doc, dict, b"Rect").and_then(|n| n.try_into().ok()).unwrap_or([0.0; 4]),
                quads: numbers(&doc, dict, b"QuadPoints")
                    .map(|n| n.chunks_exact(8).filter_map(|c| c.try_into().ok()).collect())
                    .unwrap_or_default(),
                contents: text(&doc, dict, b"Contents").unwrap_or_default(),
                author: text(&doc, dict, b"T"),
                date: text(&doc, dict, b"M"),
                reply_to: None,
                grouped: dict.get(b"RT").and_then(Object::as_name).is_ok_and(|n| n == b"Group"),
            });
        }
    }
    for (index, target) in replies {
        annotations[index].reply_to = ids.get(&target).copied().filter(|&t| t != index);
    }
    Ok(Annotated { record: read_record(&doc), annotations, doc })
}

/// The kind of a markup annotation; `None` for links, popups, widgets and the like.
fn kind(dict: &Dictionary) -> Option<Kind> {
    let subtype = dict.get(b"Subtype").ok()?.as_name().ok()?;
    Some(match subtype {
        b"Highlight" => Kind::Highlight,
        b"Underline" => Kind::Underline,
        b"Squiggly" => Kind::Squiggly,
        b"StrikeOut" => Kind::StrikeOut,
        b"Caret" => Kind::Caret,
        b"Text" => Kind::Text,
        b"FreeText" => Kind::FreeText,
        b"Ink" | b"Square" | b"Circle" | b"Line" | b"Polygon" | b"PolyLine" => {
            Kind::Drawing(String::from_utf8_lossy(subtype).into_owned())
        }
        _ => return None,
    })
}

/// A text string entry (PDFDocEncoding, UTF-16BE or UTF-8), references followed.
fn text(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<String> {
    let (_, object) = doc.dereference(dict.get(key).ok()?).ok()?;
    lopdf::decode_text_string(object).ok()
}

/// An array of numbers, references followed; `None` when any entry is not a number.
fn numbers(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<Vec<f32>> {
    let (_, object) = doc.dereference(dict.get(key).ok()?).ok()?;
    object.as_array().ok()?.iter().map(|n| n.as_float().ok()).collect()
}
