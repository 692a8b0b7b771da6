//! Opening a .docx for `tesis review`: refusing what is not one (a Word 97 .doc, a password-
//! protected document, a corrupt archive, a zip bomb) with a message that names the file, and
//! reading the parts the import needs as text.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use crate::diag::Diagnostic;

/// The most one part of the document may hold once unpacked (a thesis' document.xml is a few
/// MB; anything far above is not a thesis but a zip bomb).
pub const PART_LIMIT: u64 = 64 << 20;

/// The most all parts read may hold together once unpacked.
pub const TOTAL_LIMIT: u64 = 160 << 20;

/// The first bytes of an OLE compound file: a Word 97–2003 .doc, or a password-protected
/// (encrypted) Office document.
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The parts of a .docx the import reads.
#[derive(Debug, Clone, Default)]
pub struct Package {
    /// word/document.xml.
    pub document: String,
    /// word/footnotes.xml, if any.
    pub footnotes: Option<String>,
    /// word/comments.xml, if any.
    pub comments: Option<String>,
    /// word/commentsExtended.xml (reply threads), if any.
    pub comments_extended: Option<String>,
    /// The custom document properties (docProps/custom.xml), by name.
    pub properties: BTreeMap<String, String>,
    /// Who saved the document last (docProps/core.xml), the author of untracked edits.
    pub last_modified_by: Option<String>,
}

/// Reads the .docx at `path`.
pub fn open(path: &Path) -> Result<Package, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::error(format!("cannot read {} ({e})", path.display())))?;
    parse(path, &bytes)
}

/// Reads a .docx from its bytes; `path` names it in messages.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Package, Diagnostic> {
    let name = path.display();
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(ole_error(path, bytes));
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        Diagnostic::error(format!("{name} is not a readable .docx: the file is damaged or not a Word document ({e})"))
            .hint("open it in Word and save it again as a Word Document (.docx), then run tesis review on that copy")
    })?;
    let mut budget = TOTAL_LIMIT;
    let document = read_part(path, &mut archive, "word/document.xml", &mut budget)?.ok_or_else(|| {
        Diagnostic::error(format!("{name} is a zip archive but not a Word document (it has no word/document.xml)"))
    })?;
    let footnotes = read_part(path, &mut archive, "word/footnotes.xml", &mut budget)?;
    let comments = read_part(path, &mut archive, "word/comments.xml", &mut budget)?;
    let comments_extended = read_part(path, &mut archive, "word/commentsExtended.xml", &mut budget)?;
    let custom = read_part(path, &mut archive, "docProps/custom.xml", &mut budget)?;
    let core = read_part(path, &mut archive, "docProps/core.xml", &mut budget)?;
    let properties = custom.as_deref().map(custom_properties).unwrap_or_default();
    let last_modified_by = core.as_deref().and_then(last_modified_by).filter(|s| !s.trim().is_empty());
    Ok(Package { document, footnotes, comments, comments_extended, properties, last_modified_by })
}

/// The message for an OLE compound file: encrypted .docx or Word 97 .doc.
fn ole_error(path: &Path, bytes: &[u8]) -> Diagnostic {
    let name = path.display();
    if contains_utf16(bytes, "EncryptionInfo") || contains_utf16(bytes, "EncryptedPackage") {
        Diagnostic::error(format!("{name} is protected with a password (encrypted), so tesis cannot read it"))
            .hint("ask your supervisor for a copy without a password, or open it in Word, remove the password (File > Info > Protect Document) and save it as .docx")
    } else {
        Diagnostic::error(format!("{name} is an old Word 97-2003 document (.doc), not a .docx"))
            .hint("open it in Word or LibreOffice and save it as Word Document (.docx), keeping the tracked changes, then run tesis review on the .docx")
    }
}

/// Whether `bytes` hold `name` written as UTF-16LE (how OLE directory entries name streams).
fn contains_utf16(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Reads one part as UTF-8 text, refusing parts that unpack beyond the limits.
fn read_part<R: Read + std::io::Seek>(
    path: &Path,
    archive: &mut zip::ZipArchive<R>,
    part: &str,
    budget: &mut u64,
) -> Result<Option<String>, Diagnostic> {
    let name = path.display();
    let damaged =
        |e: &dyn std::fmt::Display| Diagnostic::error(format!("{name} is damaged: cannot unpack {part} ({e})"));
    let entry = match archive.by_name(part) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(damaged(&e)),
    };
    let limit = PART_LIMIT.min(*budget);
    let too_big = || {
        Diagnostic::error(format!(
            "{name} is not a document tesis will unpack: {part} would grow beyond {} MB (a zip bomb or a damaged file)",
            limit >> 20
        ))
    };
    if entry.size() > limit {
        return Err(too_big());
    }
    let mut data = Vec::with_capacity(entry.size() as usize);
    // The declared size can lie: read at most one byte more than allowed, whatever it says.
    entry.take(limit + 1).read_to_end(&mut data).map_err(|e| damaged(&e))?;
    if data.len() as u64 > limit {
        return Err(too_big());
    }
    *budget -= data.len() as u64;
    let text = String::from_utf8(data).map_err(|_| damaged(&"the part is not UTF-8 text"))?;
    Ok(Some(text))
}

/// The custom properties (`<property name="…"><vt:lpwstr>value</vt:lpwstr></property>`).
fn custom_properties(xml: &str) -> BTreeMap<String, String> {
    use quick_xml::events::Event;
    let mut out = BTreeMap::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut current: Option<String> = None;
    let mut value = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"property" => {
                current = attr(&e, b"name");
                value.clear();
            }
            Ok(Event::Text(t)) if current.is_some() => {
                value.push_str(&t.xml_content().unwrap_or_default());
            }
            Ok(Event::GeneralRef(r)) if current.is_some() => value.push_str(&resolve_ref(&r)),
            Ok(Event::End(e)) if e.local_name().as_ref() == b"property" => {
                if let Some(name) = current.take() {
                    out.insert(name, std::mem::take(&mut value));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// `cp:lastModifiedBy` of docProps/core.xml.
fn last_modified_by(xml: &str) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    let mut value = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == b"lastModifiedBy" => inside = true,
            Ok(Event::Text(t)) if inside => value.push_str(&t.xml_content().unwrap_or_default()),
            Ok(Event::GeneralRef(r)) if inside => value.push_str(&resolve_ref(&r)),
            Ok(Event::End(e)) if e.local_name().as_ref() == b"lastModifiedBy" => return Some(value),
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// The value of attribute `key` (matched by local name), unescaped.
pub fn attr(e: &quick_xml::events::BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// The text of an entity or character reference (`&amp;`, `&#233;`).
pub fn resolve_ref(r: &quick_xml::events::BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.decode().unwrap_or_default();
    match name.as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_string()
}
