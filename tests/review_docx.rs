//! `tesis review FILE.docx`: the sample is exported with `tesis docx`, the document is edited as
//! Word stores a supervisor's work (tracked changes, comments with a reply, edits with Track
//! Changes off), and the import must put each change at the right bytes of the chapters so that
//! `tesis accept --all` gives exactly the edited text. Bad documents are refused with a message
//! and nothing written.

mod common;

use std::io::{Read, Write};

use common::TestProject;

/// The parts of a .docx, by name.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().to_string(), data)
        })
        .collect()
}

/// A .docx of these parts.
fn zip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The exported document with `edit` applied to the text of part `part`.
fn edited(p: &TestProject, edits: &[(&str, &dyn Fn(String) -> String)]) -> Vec<u8> {
    let mut parts = unzip(&std::fs::read(p.path("thesis.docx")).unwrap());
    for (part, edit) in edits {
        match parts.iter_mut().find(|(n, _)| n == part) {
            Some((_, data)) => *data = edit(String::from_utf8(data.clone()).unwrap()).into_bytes(),
            None => parts.push((part.to_string(), edit(String::new()).into_bytes())),
        }
    }
    zip(&parts)
}

/// `from` replaced once by `to`, asserting it is there.
fn swap(text: String, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the export lacks {from:?}");
    text.replacen(from, to, 1)
}

const BUDI: &str = r#"w:author="Dr. Budi Santoso" w:date="2025-03-01T10:00:00Z""#;

/// A tracked deletion of `old` followed by an insertion of `new`, cut into a plain run.
fn tracked(old: &str, new: &str) -> String {
    let del = if old.is_empty() {
        String::new()
    } else {
        format!(r#"<w:del w:id="901" {BUDI}><w:r><w:delText xml:space="preserve">{old}</w:delText></w:r></w:del>"#)
    };
    let ins = if new.is_empty() {
        String::new()
    } else {
        format!(r#"<w:ins w:id="902" {BUDI}><w:r><w:t xml:space="preserve">{new}</w:t></w:r></w:ins>"#)
    };
    format!(r#"</w:t></w:r>{del}{ins}<w:r><w:t xml:space="preserve">"#)
}

fn comments_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:comment w:id="5" {BUDI} w:initials="BS"><w:p w14:paraId="0A000001"><w:r><w:t>Sebutkan sumber data luasnya.</w:t></w:r></w:p></w:comment><w:comment w:id="6" w:author="Rina" w:date="2025-03-02T09:00:00Z"><w:p w14:paraId="0A000002"><w:r><w:t>Sudah saya tambahkan.</w:t></w:r></w:p></w:comment></w:comments>"#
    )
}

fn comments_extended_xml() -> String {
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:commentEx w15:paraId="0A000001" w15:done="0"/><w15:commentEx w15:paraId="0A000002" w15:paraIdParent="0A000001" w15:done="0"/></w15:commentsEx>"#.to_string()
}

/// The sample, exported.
fn exported() -> TestProject {
    let p = TestProject::default_thesis();
    p.tesis(&["docx"]).ok();
    p
}

#[test]
fn tracked_changes_comments_and_footnotes_come_back_as_criticmarkup() {
    let p = exported();
    let original = p.read("thesis/bab1.md");
    let docx = edited(
        &p,
        &[
            ("word/document.xml", &|x| {
                let x = swap(
                    x,
                    "Kabupaten Bogor adalah sebuah kabupaten",
                    &format!("Kabupaten Bogor adalah {}kabupaten", tracked("sebuah ", "salah satu ")),
                );
                let x = swap(
                    x,
                    " Pada dasarnya pelaksanaan hubungan luar negeri merupakan kewenangan Pemerintah Pusat.</w:t>",
                    &format!(
                        "{}</w:t>",
                        tracked(
                            " Pada dasarnya pelaksanaan hubungan luar negeri merupakan kewenangan Pemerintah Pusat.",
                            ""
                        )
                    ),
                );
                swap(
                    x,
                    "di provinsi Jawa Barat, Indonesia",
                    r#"di provinsi </w:t></w:r><w:commentRangeStart w:id="5"/><w:commentRangeStart w:id="6"/><w:r><w:t xml:space="preserve">Jawa Barat</w:t></w:r><w:commentRangeEnd w:id="5"/><w:commentRangeEnd w:id="6"/><w:r><w:commentReference w:id="5"/></w:r><w:r><w:t xml:space="preserve">, Indonesia"#,
                )
            }),
            ("word/footnotes.xml", &|x| {
                swap(
                    x,
                    "(www.city.kochi.kochi.jp).",
                    &format!("(www.city.kochi.kochi.jp).{}", tracked("", " Diakses 2015.")),
                )
            }),
            ("word/comments.xml", &|_| comments_xml()),
            ("word/commentsExtended.xml", &|_| comments_extended_xml()),
        ],
    );
    p.write("balik.docx", &docx);
    let run = p.tesis(&["review", "balik.docx"]).ok();
    let err = run.stderr();
    assert!(err.contains("thesis/bab1.md: got 1 insertion, 1 deletion, 1 replacement, 1 comment"), "{err}");
    let md = p.read("thesis/bab1.md");
    assert!(md.contains("Kabupaten Bogor adalah {~~sebuah~>salah satu~~} kabupaten"), "{md}");
    assert!(
        md.contains("{-- Pada dasarnya pelaksanaan hubungan luar negeri merupakan kewenangan Pemerintah Pusat.--}"),
        "{md}"
    );
    assert!(
        md.contains(
            "{==Jawa Barat==}{>>Dr. Budi Santoso: Sebutkan sumber data luasnya. — Rina: Sudah saya tambahkan.<<}"
        ),
        "{md}"
    );
    assert!(md.contains("[^6]: (www.city.kochi.kochi.jp).{++ Diakses 2015.++}"), "{md}");

    p.tesis(&["accept", "--all"]).ok();
    let expected = original
        .replacen("Kabupaten Bogor adalah sebuah kabupaten", "Kabupaten Bogor adalah salah satu kabupaten", 1)
        .replacen(" Pada dasarnya pelaksanaan hubungan luar negeri merupakan kewenangan Pemerintah Pusat.\n", "\n", 1)
        .replacen("[^6]: (www.city.kochi.kochi.jp).", "[^6]: (www.city.kochi.kochi.jp). Diakses 2015.", 1);
    assert_eq!(p.read("thesis/bab1.md"), expected);
}

#[test]
fn edits_with_track_changes_off_are_found_word_by_word() {
    let p = exported();
    let original = p.read("thesis/bab1.md");
    let docx = edited(
        &p,
        &[("word/document.xml", &|x| swap(x, "sebuah kabupaten di provinsi", "kabupaten besar di provinsi"))],
    );
    p.write("balik.docx", &docx);
    p.tesis(&["review", "balik.docx"]).ok();
    let md = p.read("thesis/bab1.md");
    assert!(md.contains("adalah {--sebuah --}kabupaten {++besar ++}di provinsi"), "{md}");
    p.tesis(&["accept", "--all"]).ok();
    assert_eq!(
        p.read("thesis/bab1.md"),
        original.replacen("sebuah kabupaten di provinsi", "kabupaten besar di provinsi", 1)
    );
}

#[test]
fn an_unchanged_export_changes_nothing_and_dry_run_writes_nothing() {
    let p = exported();
    let before: Vec<String> = (1..=5).map(|n| p.read(&format!("thesis/bab{n}.md"))).collect();
    let run = p.tesis(&["review", "thesis.docx"]).ok();
    assert!(run.stderr().contains("no tracked changes, comments or edits found"), "{}", run.stderr());
    let after: Vec<String> = (1..=5).map(|n| p.read(&format!("thesis/bab{n}.md"))).collect();
    assert_eq!(before, after);

    let docx = edited(
        &p,
        &[("word/document.xml", &|x| {
            swap(x, "Kabupaten Bogor adalah sebuah", &format!("Kabupaten Bogor adalah {}", tracked("sebuah", "satu")))
        })],
    );
    p.write("balik.docx", &docx);
    let run = p.tesis(&["review", "balik.docx", "--dry-run"]).ok();
    let out = String::from_utf8_lossy(&run.output.stdout).into_owned();
    assert!(out.contains("+Kabupaten Bogor adalah {~~sebuah~>satu~~} kabupaten"), "{out}");
    assert!(out.contains("-Kabupaten Bogor adalah sebuah kabupaten"), "{out}");
    assert!(run.stderr().contains("would get"), "{}", run.stderr());
    assert_eq!(p.read("thesis/bab1.md"), before[0]);
}

#[test]
fn newer_text_of_the_student_is_never_overwritten() {
    let p = exported();
    // The student rewrote the first sentence after the export.
    p.edit(
        "thesis/bab1.md",
        "Kabupaten Bogor adalah sebuah kabupaten di provinsi Jawa Barat, Indonesia.",
        "Bogor ialah kabupaten di Jawa Barat.",
    );
    let docx = edited(
        &p,
        &[("word/document.xml", &|x| {
            let x = swap(
                x,
                "Kabupaten Bogor adalah sebuah kabupaten",
                &format!("Kabupaten Bogor adalah {}kabupaten", tracked("sebuah ", "satu ")),
            );
            swap(
                x,
                "merupakan kewenangan Pemerintah Pusat. ",
                &format!("merupakan kewenangan {}Pemerintah Pusat. ", tracked("", "penuh ")),
            )
        })],
    );
    p.write("balik.docx", &docx);
    let run = p.tesis(&["review", "balik.docx"]).ok();
    let err = run.stderr();
    let md = p.read("thesis/bab1.md");
    assert!(md.contains("Bogor ialah kabupaten di Jawa Barat."), "{md}");
    assert!(!md.contains("{~~sebuah"), "{md}");
    assert!(err.contains("not written: Dr. Budi Santoso changed \"sebuah\" to \"satu\""), "{err}");
    // The change whose text is still there is placed.
    assert!(md.contains("kewenangan {++penuh ++}Pemerintah Pusat."), "{md}");
}

#[test]
fn a_document_without_anchors_is_placed_by_matching_text() {
    let p = exported();
    let docx = edited(
        &p,
        &[
            ("word/footnotes.xml", &|x| x.replace("w:name=\"_tesis_", "w:name=\"_lain_")),
            ("docProps/custom.xml", &|_| String::new()),
            ("word/document.xml", &|x| {
                let x = x.replace("w:name=\"_tesis_", "w:name=\"_lain_");
                swap(
                    x,
                    "Kabupaten Bogor adalah sebuah kabupaten",
                    &format!("Kabupaten Bogor adalah {}kabupaten", tracked("sebuah ", "satu ")),
                )
            }),
        ],
    );
    p.write("lain.docx", &docx);
    let run = p.tesis(&["review", "lain.docx"]).ok();
    assert!(run.stderr().contains("was not made by tesis docx"), "{}", run.stderr());
    assert!(p.read("thesis/bab1.md").contains("adalah {~~sebuah~>satu~~} kabupaten"));
}

/// Asserts the chapters are what they were.
fn untouched(p: &TestProject, before: &[String]) {
    let now: Vec<String> = (1..=5).map(|n| p.read(&format!("thesis/bab{n}.md"))).collect();
    assert_eq!(now, before, "a chapter was changed");
}

#[test]
fn bad_documents_are_refused_and_nothing_is_written() {
    let p = TestProject::default_thesis();
    let before: Vec<String> = (1..=5).map(|n| p.read(&format!("thesis/bab{n}.md"))).collect();

    p.write("rusak.docx", b"PK\x03\x04 this is not really a zip archive");
    p.tesis(&["review", "rusak.docx"]).fails_with(&["rusak.docx is not a readable .docx"]);

    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(vec![0u8; 600]);
    ole.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
    p.write("lama.doc", &ole);
    p.tesis(&["review", "lama.doc"]).fails_with(&["lama.doc is an old Word 97-2003 document (.doc)"]);

    let mut locked = ole[..608].to_vec();
    locked.extend("EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()));
    p.write("kunci.docx", &locked);
    p.tesis(&["review", "kunci.docx"]).fails_with(&["kunci.docx is protected with a password"]);

    // 80 MB of one letter packs into a small archive.
    let bomb = zip(&[("word/document.xml".to_string(), vec![b'a'; 80 << 20])]);
    assert!(bomb.len() < 1 << 20);
    p.write("bom.docx", &bomb);
    p.tesis(&["review", "bom.docx"]).fails_with(&["bom.docx is not a document tesis will unpack", "zip bomb"]);

    let other = zip(&[
        ("word/document.xml".to_string(), b"<w:document/>".to_vec()),
        (
            "docProps/custom.xml".to_string(),
            br#"<Properties><property name="tesis.judul"><vt:lpwstr>JUDUL TESIS ORANG LAIN</vt:lpwstr></property></Properties>"#.to_vec(),
        ),
    ]);
    p.write("lain.docx", &other);
    p.tesis(&["review", "lain.docx"])
        .fails_with(&["lain.docx was exported from another thesis («JUDUL TESIS ORANG LAIN»)"]);

    p.tesis(&["review", "tidak-ada.docx"]).fails_with(&["cannot read tidak-ada.docx"]);
    untouched(&p, &before);
}

#[test]
fn a_typst_chapter_gets_the_template_review_marks() {
    let p = TestProject::cross_referenced();
    p.tesis(&["docx"]).ok();
    let original = p.read("thesis/bab2.typ");
    let docx = edited(
        &p,
        &[
            ("word/document.xml", &|x| {
                let x = swap(
                    x,
                    "Bab dua ditulis dalam Typst",
                    &format!("Bab dua {}dalam Typst", tracked("ditulis ", "disusun ")),
                );
                swap(
                    x,
                    "Kalimat pengisi nomor 3 yang",
                    r#"Kalimat pengisi </w:t></w:r><w:commentRangeStart w:id="5"/><w:r><w:t xml:space="preserve">nomor 3</w:t></w:r><w:commentRangeEnd w:id="5"/><w:r><w:t xml:space="preserve"> yang"#,
                )
            }),
            ("word/comments.xml", &|_| comments_xml()),
            ("word/commentsExtended.xml", &|_| comments_extended_xml()),
        ],
    );
    p.write("balik.docx", &docx);
    p.tesis(&["review", "balik.docx"]).ok();
    let typ = p.read("thesis/bab2.typ");
    assert!(typ.contains("Bab dua #ganti[ditulis][disusun] dalam Typst"), "{typ}");
    assert!(
        typ.contains("Kalimat pengisi #sorot[nomor 3]#catatan[Dr. Budi Santoso: Sebutkan sumber data luasnya. — Rina: Sudah saya tambahkan.] yang"),
        "{typ}"
    );
    // The marked chapter compiles (draft build draws the marks) and --final shows no added word.
    p.build_ok();
    assert!(p.pdf_text().contains("disusun"));
    p.tesis(&["accept", "--all"]).ok();
    assert_eq!(p.read("thesis/bab2.typ"), original.replacen("Bab dua ditulis dalam", "Bab dua disusun dalam", 1));
}

#[test]
fn reject_gives_back_the_typst_chapter() {
    let p = TestProject::cross_referenced();
    let original = p.read("thesis/bab2.typ");
    p.edit("thesis/bab2.typ", "Bab dua ditulis", "Bab dua #hapus[ditulis]#tambah[disusun]");
    p.build_ok();
    p.tesis(&["reject", "thesis/bab2.typ"]).ok();
    assert_eq!(p.read("thesis/bab2.typ"), original);
}
