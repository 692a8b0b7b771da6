//! The supervisor harness itself (tests/supervisor/supervisor.py through common::supervisor):
//! on a small .docx written here — paragraphs wrapped in `_tesis_N` bookmarks as `tesis docx`
//! writes them, a footnote, custom properties — LibreOffice makes the supervisor's edits with
//! change recording on and off, and the saved .docx holds exactly the WordprocessingML the review
//! import has to read. These assertions are the record of what LibreOffice writes.

mod common;

use common::supervisor::{self as sv, AUTHOR, Para};

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

const P0: &str =
    "Kabupaten Bogor adalah sebuah kabupaten di provinsi Jawa Barat. Ibu kotanya adalah Cibinong. Kabupaten ini luas.";
const P0_EDITED: &str = "Kabupaten Bogor adalah sebuah kota di provinsi Jawa Barat. Kabupaten ini luas.";
const P1: &str = "Kerjasama sister city antara Bogor & Nanning dimulai tahun 2008.";
const P2: &str = "Paragraf ketiga tanpa perubahan.";
const NOTE: &str = " Sambutan menteri luar negeri Hasan Wirayudha tentang panduan.";
const NOTE_EDITED: &str = " Sambutan menteri luar negeri Hasan Wirayudha (2003) tentang panduan.";

/// A paragraph wrapped in the bookmark `_tesis_<n>` as the export contract says.
fn para(n: usize, runs: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:bookmarkStart w:id="{n}" w:name="_tesis_{n}"/>{runs}<w:bookmarkEnd w:id="{n}"/></w:p>"#
    )
}

fn run(text: &str, italic: bool) -> String {
    let rpr = if italic { "<w:rPr><w:i/></w:rPr>" } else { "" };
    format!(r#"<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#, text.replace('&', "&amp;"))
}

/// The test document: three body paragraphs (the second with an italic phrase and a footnote
/// reference in the middle), one footnote, custom properties like the export's.
fn write_input(path: &std::path::Path) {
    let fref = r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="2"/></w:r>"#;
    let body = [
        para(0, &run(P0, false)),
        para(
            1,
            &format!(
                "{}{}{}{}",
                run("Kerjasama ", false),
                run("sister city", true),
                fref,
                run(" antara Bogor & Nanning dimulai tahun 2008.", false)
            ),
        ),
        para(2, &run(P2, false)),
    ]
    .concat();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    );
    let footnotes = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NS}><w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="1"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:bookmarkStart w:id="3" w:name="_tesis_3"/><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>{}<w:bookmarkEnd w:id="3"/></w:p></w:footnote></w:footnotes>"#,
        run(NOTE, false)
    );
    let custom = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="tesis.inputs"><vt:lpwstr>0123abcd</vt:lpwstr></property><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="tesis.judul"><vt:lpwstr>Proses Kerja Sama Sister City</vt:lpwstr></property></Properties>"#;
    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>"#;
    let doc_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>"#;
    sv::write_docx(
        path,
        &[
            ("[Content_Types].xml", types.into()),
            ("_rels/.rels", rels.into()),
            ("word/_rels/document.xml.rels", doc_rels.into()),
            ("word/document.xml", document),
            ("word/footnotes.xml", footnotes),
            ("docProps/custom.xml", custom.into()),
        ],
    );
}

fn edits() -> Vec<serde_json::Value> {
    vec![
        sv::in_paragraph(sv::replace("kabupaten", "kota"), "Kabupaten Bogor adalah"),
        sv::delete("Ibu kotanya adalah Cibinong. "),
        sv::insert_in_footnote("Hasan Wirayudha", " (2003)"),
        sv::comment("sister city", "Definisikan dulu."),
    ]
}

/// The parts the supervisor saved: (document paragraphs, footnote paragraphs, raw XML of both).
struct Saved {
    body: Vec<Para>,
    notes: Vec<Para>,
    document: String,
    footnotes: String,
    docx: std::path::PathBuf,
}

fn supervise(dir: &std::path::Path, track: bool) -> Saved {
    let input = dir.join("thesis.docx");
    write_input(&input);
    let docx = sv::play(&input, &dir.join(if track { "tracked.docx" } else { "untracked.docx" }), track, &edits());
    let document = sv::part(&docx, "word/document.xml").expect("word/document.xml");
    let footnotes = sv::part(&docx, "word/footnotes.xml").expect("word/footnotes.xml");
    Saved { body: sv::paragraphs(&document), notes: sv::paragraphs(&footnotes), document, footnotes, docx }
}

/// What must hold in both modes: the text after the edits, each anchor still on its paragraph,
/// the comment with its author and range, the custom properties.
fn common_checks(s: &Saved) {
    let p0 = sv::anchored(&s.body, "_tesis_0");
    assert_eq!(p0.accepted, P0_EDITED);
    let p1 = sv::anchored(&s.body, "_tesis_1");
    assert_eq!(p1.accepted, P1, "the comment changes no text");
    assert_eq!(sv::anchored(&s.body, "_tesis_2").accepted, P2);
    let note = sv::anchored(&s.notes, "_tesis_3");
    assert_eq!(note.accepted, NOTE_EDITED);
    // Every anchor once, by name (LibreOffice renumbers the w:id of bookmarks, keeps the names).
    for n in 0..4 {
        let all = format!("{}{}", s.document, s.footnotes);
        assert_eq!(all.matches(&format!("w:name=\"_tesis_{n}\"")).count(), 1, "_tesis_{n} once");
    }

    // The comment: commentRangeStart right before the phrase's run (the run was split at the
    // phrase's edges), commentRangeEnd after it, then a run with the commentReference.
    let comments = sv::part(&s.docx, "word/comments.xml").expect("word/comments.xml");
    assert_eq!(sv::attribute_values(&comments, "w:comment", "w:author"), [AUTHOR]);
    let ids = sv::attribute_values(&comments, "w:comment", "w:id");
    assert!(comments.contains("<w:t>Definisikan dulu.</w:t>"), "{comments}");
    assert_eq!(sv::attribute_values(&s.document, "w:commentRangeStart", "w:id"), ids);
    assert_eq!(sv::attribute_values(&s.document, "w:commentRangeEnd", "w:id"), ids);
    assert_eq!(sv::attribute_values(&s.document, "w:commentReference", "w:id"), ids);
    let start = p1.xml.find("<w:commentRangeStart/>").expect("range start in _tesis_1");
    let end = p1.xml.find("<w:commentRangeEnd/>").expect("range end in _tesis_1");
    assert!(p1.xml[start..].starts_with("<w:commentRangeStart/><w:r><w:t>sister city</w:t></w:r>"), "{}", p1.xml);
    assert!(p1.xml[end..].starts_with("<w:commentRangeEnd/><w:r><w:commentReference/></w:r>"), "{}", p1.xml);
    let covered = &p1.xml[start..end];
    assert!(!covered.contains("Kerjasama") && !covered.contains("antara"), "{covered}");

    let custom = sv::part(&s.docx, "docProps/custom.xml").expect("custom properties survive");
    assert!(custom.contains(r#"name="tesis.inputs"><vt:lpwstr>0123abcd</vt:lpwstr>"#), "{custom}");
    assert!(custom.contains(r#"name="tesis.judul"><vt:lpwstr>Proses Kerja Sama Sister City</vt:lpwstr>"#), "{custom}");
}

#[test]
fn tracked_edits_come_out_as_word_revisions() {
    if !sv::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let s = supervise(dir.path(), true);
    common_checks(&s);

    // Replace = w:del of the old word, then w:ins of the new one; delete = w:del with delText.
    let p0 = sv::anchored(&s.body, "_tesis_0");
    assert_eq!(p0.original, P0, "rejecting every change gives the exported text back");
    let who = format!("w:author=\"{AUTHOR}\"");
    assert!(
        p0.xml.contains(&format!(
            "<w:del {who}><w:r><w:delText>kabupaten</w:delText></w:r></w:del><w:ins {who}><w:r><w:t>kota</w:t></w:r></w:ins>"
        )),
        "{}",
        p0.xml
    );
    assert!(
        p0.xml.contains(&format!(
            "<w:del {who}><w:r><w:delText xml:space=\"preserve\">Ibu kotanya adalah Cibinong. </w:delText></w:r></w:del>"
        )),
        "{}",
        p0.xml
    );
    // The insertion into the footnote, in footnotes.xml.
    let note = sv::anchored(&s.notes, "_tesis_3");
    assert_eq!(note.original, NOTE);
    assert!(
        note.xml.contains(&format!("<w:ins {who}><w:r><w:t xml:space=\"preserve\"> (2003)</w:t></w:r></w:ins>")),
        "{}",
        note.xml
    );
    // LibreOffice records the comment's anchor as an insertion too: an empty w:ins (a run with
    // no text) right before commentRangeEnd. The import must ignore it.
    let p1 = sv::anchored(&s.body, "_tesis_1");
    assert!(p1.xml.contains(&format!("<w:ins {who}><w:r></w:r></w:ins><w:commentRangeEnd/>")), "{}", p1.xml);

    // Every revision carries the author and an ISO date.
    for xml in [&s.document, &s.footnotes] {
        for tag in ["w:ins", "w:del"] {
            for author in sv::attribute_values(xml, tag, "w:author") {
                assert_eq!(author, AUTHOR);
            }
            for date in sv::attribute_values(xml, tag, "w:date") {
                let b = date.as_bytes();
                assert!(
                    date.len() == 20 && b[4] == b'-' && b[10] == b'T' && date.ends_with('Z'),
                    "{tag} w:date={date:?}"
                );
            }
        }
    }
    assert_eq!(sv::attribute_values(&s.document, "w:ins", "w:author").len(), 2);
    assert_eq!(sv::attribute_values(&s.document, "w:del", "w:author").len(), 2);
    let settings = sv::part(&s.docx, "word/settings.xml").expect("settings.xml");
    assert!(settings.contains("<w:trackRevisions/>"), "{settings}");
}

#[test]
fn untracked_edits_leave_no_revision_marks() {
    if !sv::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let s = supervise(dir.path(), false);
    common_checks(&s);
    for xml in [&s.document, &s.footnotes] {
        assert!(!xml.contains("<w:ins ") && !xml.contains("<w:del "), "{xml}");
    }
    assert_eq!(sv::anchored(&s.body, "_tesis_0").original, P0_EDITED, "nothing to reject");
    let settings = sv::part(&s.docx, "word/settings.xml").expect("settings.xml");
    assert!(!settings.contains("trackRevisions"), "{settings}");
}

#[test]
fn an_edit_that_does_not_match_once_fails_with_its_reason() {
    if !sv::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("thesis.docx");
    write_input(&input);
    let out = dir.path().join("out.docx");
    let err = sv::try_play(&input, &out, true, &[sv::delete("tidak ada di dokumen")]).unwrap_err();
    assert_eq!(
        err.trim(),
        "supervisor: edit 1 (delete 'tidak ada di dokumen'): found 0 times in the document, expected once"
    );
    assert!(!out.exists());
    let err = sv::try_play(&input, &out, true, &[sv::replace("Bogor", "B")]).unwrap_err();
    assert!(err.contains("found 2 times in the document, expected once"), "{err}");
    let err = sv::try_play(&input, &out, true, &[sv::insert_in_footnote("Cibinong", "x")]).unwrap_err();
    assert!(err.contains("found 0 times in the footnotes"), "{err}");
    assert!(!out.exists());
}
