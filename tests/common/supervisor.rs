//! The supervisor in a real word processor (issue 16): runs `tests/supervisor/supervisor.py`,
//! which opens a .docx in LibreOffice (headless, through the Python UNO bridge), makes the edits
//! it is given with change recording on or off and saves the result as .docx; and reads what a
//! .docx holds (its parts, its paragraphs with their `_tesis_N` anchors and the text before and
//! after the tracked changes) so tests can assert on the XML.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quick_xml::events::Event;
use serde_json::{Value, json};

/// The name the supervisor's tracked changes and comments carry.
pub const AUTHOR: &str = "Dr. Pembimbing";

/// Seconds the script may take (it kills LibreOffice after that); this process waits a bit longer.
const TIMEOUT_S: u64 = 120;

/// Debian's python3-uno works with Debian's Python only (not a pyenv `python3` on PATH).
fn python() -> PathBuf {
    std::env::var_os("SUPERVISOR_PYTHON").map_or_else(|| PathBuf::from("/usr/bin/python3"), PathBuf::from)
}

/// Whether LibreOffice and its Python bridge are installed (`require`'s skip-or-fail otherwise).
#[track_caller]
pub fn available() -> bool {
    if !super::require("soffice", "libreoffice-writer-nogui") {
        return false;
    }
    let uno = Command::new(python())
        .args(["-c", "import uno"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    super::require_that(uno, &format!("{} -c 'import uno'", python().display()), "python3-uno")
}

/// One edit of the supervisor (the JSON the script reads).
pub fn replace(find: &str, with: &str) -> Value {
    json!({"kind": "replace", "find": find, "with": with})
}

/// Deletes `find`.
pub fn delete(find: &str) -> Value {
    json!({"kind": "delete", "find": find})
}

/// Inserts `text` right after `find`, in the one footnote that holds it.
pub fn insert_in_footnote(find: &str, text: &str) -> Value {
    json!({"kind": "insert_in_footnote", "find": find, "text": text})
}

/// A comment `text` on the phrase `find`.
pub fn comment(find: &str, text: &str) -> Value {
    json!({"kind": "comment", "find": find, "text": text})
}

/// Limits an edit to the paragraph that contains `paragraph`.
pub fn in_paragraph(mut edit: Value, paragraph: &str) -> Value {
    edit["paragraph"] = json!(paragraph);
    edit
}

/// Runs the supervisor on `input`: the edits, with change recording on (`track`) or off, saved
/// as `output`. Err(the script's message) when it fails; it then leaves no `output`.
pub fn try_play(input: &Path, output: &Path, track: bool, edits: &[Value]) -> Result<PathBuf, String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let job = dir.path().join("job.json");
    let instructions = json!({
        "input": input, "output": output, "track": track, "author": AUTHOR,
        "timeout": TIMEOUT_S, "edits": edits,
    });
    std::fs::write(&job, serde_json::to_vec_pretty(&instructions).unwrap()).unwrap();
    let script = super::repo().join("tests/supervisor/supervisor.py");
    let mut child = Command::new(python())
        .arg(&script)
        .arg(&job)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python().display()));
    let deadline = Instant::now() + Duration::from_secs(TIMEOUT_S + 30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the supervisor") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the supervisor script did not end within {} s", TIMEOUT_S + 30);
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let mut out = String::new();
    child.stdout.take().unwrap().read_to_string(&mut out).unwrap();
    if status.success() {
        assert!(out.is_empty() && err.is_empty(), "the supervisor is not quiet:\n{out}{err}");
        assert!(output.is_file(), "the supervisor exited 0 without writing {}", output.display());
        Ok(output.to_path_buf())
    } else {
        Err(err)
    }
}

/// [`try_play`], panicking with the script's message when it fails.
#[track_caller]
pub fn play(input: &Path, output: &Path, track: bool, edits: &[Value]) -> PathBuf {
    try_play(input, output, track, edits).unwrap_or_else(|e| panic!("the supervisor failed:\n{e}"))
}

/// The text of one part of a .docx (`word/document.xml`), if it has it.
pub fn part(docx: &Path, name: &str) -> Option<String> {
    let file = std::fs::File::open(docx).unwrap_or_else(|e| panic!("{}: {e}", docx.display()));
    let mut zip = zip::ZipArchive::new(file).unwrap_or_else(|e| panic!("{}: not a zip: {e}", docx.display()));
    let mut entry = zip.by_name(name).ok()?;
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    Some(text)
}

/// Writes a .docx (a zip) of the given parts.
pub fn write_docx(path: &Path, parts: &[(&str, String)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

/// A paragraph of a WordprocessingML part, as the tests look at it.
#[derive(Debug, Default, Clone)]
pub struct Para {
    /// Names of the bookmarks that start in it.
    pub bookmarks: Vec<String>,
    /// Its text with the tracked changes accepted (w:t; w:tab as a tab).
    pub accepted: String,
    /// Its text with the tracked changes rejected (w:t outside w:ins, and w:delText).
    pub original: String,
    /// Its XML, [`normalize`]d.
    pub xml: String,
}

/// The paragraphs (w:p) of a part, in order (table cells' paragraphs included, in reading order).
pub fn paragraphs(xml: &str) -> Vec<Para> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<(Para, usize)> = None;
    let (mut ins, mut text_open, mut deleted_text) = (0usize, false, false);
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().unwrap_or_else(|e| panic!("bad XML at {before}: {e}"));
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    b"p" if !empty => current = Some((Para::default(), before)),
                    b"ins" if !empty => ins += 1,
                    b"t" if !empty => (text_open, deleted_text) = (true, false),
                    b"delText" if !empty => (text_open, deleted_text) = (true, true),
                    b"tab" => {
                        if let Some((p, _)) = current.as_mut() {
                            p.accepted.push('\t');
                            p.original.push('\t');
                        }
                    }
                    b"bookmarkStart" => {
                        let name = e.try_get_attribute("w:name").ok().flatten();
                        if let (Some((p, _)), Some(name)) = (current.as_mut(), name) {
                            p.bookmarks.push(name.unescape_value().unwrap().into_owned());
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if text_open => {
                if let Some((p, _)) = current.as_mut() {
                    let s = t.xml_content().unwrap();
                    if !deleted_text {
                        p.accepted.push_str(&s);
                    }
                    if deleted_text || ins == 0 {
                        p.original.push_str(&s);
                    }
                }
            }
            Event::GeneralRef(r) if text_open => {
                let s = match &**r {
                    b"amp" => "&".to_string(),
                    b"lt" => "<".to_string(),
                    b"gt" => ">".to_string(),
                    b"quot" => "\"".to_string(),
                    b"apos" => "'".to_string(),
                    _ => r.resolve_char_ref().ok().flatten().expect("a known entity").to_string(),
                };
                let s = s.as_str();
                if let Some((p, _)) = current.as_mut() {
                    if !deleted_text {
                        p.accepted.push_str(s);
                    }
                    if deleted_text || ins == 0 {
                        p.original.push_str(s);
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"p" => {
                    if let Some((mut p, start)) = current.take() {
                        p.xml = normalize(&xml[start..reader.buffer_position() as usize]);
                        out.push(p);
                    }
                }
                b"ins" => ins = ins.saturating_sub(1),
                b"t" | b"delText" => text_open = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The one paragraph that carries the bookmark `name`.
#[track_caller]
pub fn anchored<'a>(paras: &'a [Para], name: &str) -> &'a Para {
    let hits: Vec<&Para> = paras.iter().filter(|p| p.bookmarks.iter().any(|b| b == name)).collect();
    assert_eq!(hits.len(), 1, "{name} starts in {} paragraphs: {hits:#?}", hits.len());
    hits[0]
}

/// XML with what varies from run to run or is formatting taken out: `w:id`, `w:date`,
/// `w:initials` and `w:rsid*` attributes, and the `w:rPr`/`w:pPr` elements.
pub fn normalize(xml: &str) -> String {
    let mut s = xml.to_string();
    for attr in [" w:id=\"", " w:date=\"", " w:initials=\"", " w:rsidR=\"", " w:rsidRPr=\"", " w:rsidDel=\""] {
        while let Some(at) = s.find(attr) {
            let end = s[at + attr.len()..].find('"').expect("closed attribute") + at + attr.len() + 1;
            s.replace_range(at..end, "");
        }
    }
    for tag in ["w:rPr", "w:pPr"] {
        let (open, empty, close) = (format!("<{tag}>"), format!("<{tag}/>"), format!("</{tag}>"));
        s = s.replace(&empty, "");
        while let Some(at) = s.find(&open) {
            let end = s[at..].find(&close).expect("closed element") + at + close.len();
            s.replace_range(at..end, "");
        }
    }
    s
}

/// Values of the attribute `attr` on every element `tag` (e.g. `w:ins`, `w:date`).
pub fn attribute_values(xml: &str, tag: &str, attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let open = format!("<{tag} ");
    let mut rest = xml;
    while let Some(at) = rest.find(&open) {
        let element = &rest[at..at + rest[at..].find('>').unwrap()];
        let key = format!(" {attr}=\"");
        if let Some(k) = element.find(&key) {
            let v = &element[k + key.len()..];
            out.push(v[..v.find('"').unwrap()].to_string());
        } else {
            out.push(String::new());
        }
        rest = &rest[at + open.len()..];
    }
    out
}
