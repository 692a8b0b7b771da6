//! `tesis import FILE.docx` (issue 21): what is not a Word draft it can read is refused with a
//! message naming the file, exit 1 and nothing written; a folder holding a thesis is refused.

mod common;

use std::io::Write;
use std::path::Path;

use common::TestProject;

/// A minimal .docx (content types, document.xml) whose body is `body` (WordprocessingML).
fn docx(body: &str) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).expect("zip");
    zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).expect("zip");
    zip.start_file("word/document.xml", opts).expect("zip");
    let doc = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip.write_all(doc.as_bytes()).expect("zip");
    zip.finish().expect("zip");
    out.into_inner()
}

/// A paragraph of plain text.
fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// An OLE compound file's first bytes followed by `stream` named in UTF-16 (as a directory entry).
fn ole(stream: &str) -> Vec<u8> {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend(std::iter::repeat_n(0u8, 504));
    bytes.extend(stream.encode_utf16().flat_map(|u| u.to_le_bytes()));
    bytes.extend(std::iter::repeat_n(0u8, 512));
    bytes
}

/// Runs `tesis import NAME --root out` in an empty project holding `bytes` as NAME; asserts
/// exit 1, the messages and that nothing was written.
#[track_caller]
fn refused(name: &str, bytes: &[u8], needles: &[&str]) {
    let project = TestProject::empty();
    project.write(name, bytes);
    project.tesis(&["import", name, "--root", "out"]).fails_with(needles);
    assert!(!project.path("out").exists(), "{name}: something was written");
    let left: Vec<_> = std::fs::read_dir(project.path("")).expect("read").flatten().map(|e| e.file_name()).collect();
    assert_eq!(left.len(), 1, "{name}: files appeared next to it: {left:?}");
}

#[test]
fn a_word_97_document_is_refused_naming_the_file() {
    refused("draf.doc", &ole("WordDocument"), &["draf.doc", "old Word 97-2003 document (.doc)", "tesis import"]);
}

#[test]
fn a_password_protected_document_is_refused() {
    refused("draf.docx", &ole("EncryptedPackage"), &["draf.docx", "protected with a password"]);
}

#[test]
fn an_opendocument_text_is_refused() {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("zip");
    zip.write_all(b"application/vnd.oasis.opendocument.text").expect("zip");
    zip.start_file("content.xml", stored).expect("zip");
    zip.write_all(b"<office:document-content/>").expect("zip");
    zip.finish().expect("zip");
    let bytes = out.into_inner();
    refused("draf.odt", &bytes, &["draf.odt", "OpenDocument text (.odt)", "save it as Word"]);
    // Named .docx, an .odt is still told apart.
    refused("salah-nama.docx", &bytes, &["salah-nama.docx", "OpenDocument text (.odt)"]);
}

#[test]
fn a_damaged_document_is_refused() {
    let good = docx(&(p("BAB I PENDAHULUAN") + &p("Teks.")));
    refused("rusak.docx", &good[..good.len() / 2], &["rusak.docx", "damaged"]);
}

#[test]
fn a_document_without_a_chapter_is_refused() {
    let body = p("JUDUL TESIS") + &p("Ini hanya catatan tanpa bab.") + &p("Babak baru dimulai.");
    refused("catatan.docx", &docx(&body), &["catatan.docx", "no chapter", "BAB I", "Heading 1"]);
}

#[test]
fn a_folder_that_holds_a_thesis_is_refused() {
    let project = TestProject::default_thesis();
    let before = project.read("thesis/thesis.yaml");
    project.write("draf.docx", docx(&(p("BAB I PENDAHULUAN") + &p("Teks."))));
    project.tesis(&["import", "draf.docx"]).fails_with(&["holds a thesis already", "thesis.yaml"]);
    assert_eq!(project.read("thesis/thesis.yaml"), before, "thesis.yaml was changed");
    assert!(!project.path("thesis/draft/draf.md").exists(), "the draft was written");
}

#[test]
fn a_minimal_document_with_typed_chapter_heads_becomes_a_project() {
    let body = p("JUDUL")
        + &p("BAB I")
        + &p("PENDAHULUAN")
        + &p("Paragraf pertama.")
        + &p("BAB II")
        + &p("TINJAUAN PUSTAKA")
        + &p("Paragraf kedua.");
    let project = TestProject::empty();
    project.write("draf.docx", docx(&body));
    project.tesis(&["import", "draf.docx", "--root", "out"]).ok();
    let out = Path::new("out/thesis");
    let bab1 = project.read(&out.join("bab1.md").to_string_lossy());
    let bab2 = project.read(&out.join("bab2.md").to_string_lossy());
    assert_eq!(bab1, "# PENDAHULUAN\n\nParagraf pertama.\n");
    assert_eq!(bab2, "# TINJAUAN PUSTAKA\n\nParagraf kedua.\n");
    let yaml = project.read("out/thesis/thesis.yaml");
    assert!(yaml.contains("bab:\n  - bab1.md\n  - bab2.md\n"), "{yaml}");
    assert!(project.path("out/figures/logo-umy.svg").exists());
}
