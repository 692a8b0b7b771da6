//! `tesis docx` (issue 16): the sample thesis as a Word document — heading styles with the PDF's
//! numbers and titles, every footnote of the PDF as a Word footnote with the same text, both
//! figure captions, an anchor per paragraph that maps back to the right bytes of the chapter,
//! the custom properties; and LibreOffice's PDF of it.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use common::TestProject;
use quick_xml::Reader;
use quick_xml::events::Event;

/// The chapter titles of the sample, as the PDF prints them.
const CHAPTERS: [(&str, &str); 5] = [
    ("BAB I", "PENDAHULUAN"),
    ("BAB II", "KERJASAMA SISTER CITY KABUPATEN BOGOR DENGAN NANNING (RRT)"),
    ("BAB III", "DINAMIKA KERJASAMA SISTER CITY ANTARA KABUPATEN BOGOR DENGAN NANNING"),
    ("BAB IV", "PROSES DAN UPAYA KERJASAMA SISTER CITY KABUPATEN BOGOR DENGAN NANNING (RRT)"),
    ("BAB V", "KESIMPULAN"),
];

/// The figure captions of the sample.
const CAPTIONS: [&str; 2] = [
    "Gambar 1.1 Pola hubungan politik luar negeri yang bersifat state centric",
    "Gambar 1.2 Pola hubungan internasional yang bersifat transnasional",
];

/// A paragraph of a WordprocessingML part: its style, text (w:br as a line break) and bookmarks.
#[derive(Debug, Default)]
struct Par {
    style: String,
    text: String,
    bookmarks: Vec<String>,
    /// The footnote this paragraph belongs to (footnotes.xml).
    note: Option<i64>,
}

/// A part of the package.
fn part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("{name} is missing")).read_to_string(&mut s).unwrap();
    s
}

/// The paragraphs of a part, read with quick-xml.
fn paragraphs(xml: &str) -> Vec<Par> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur: Option<Par> = None;
    let mut in_text = false;
    let mut note = None;
    let attr = |e: &quick_xml::events::BytesStart, name: &[u8]| {
        e.attributes().flatten().find(|a| a.key.as_ref() == name).map(|a| String::from_utf8_lossy(&a.value).to_string())
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"w:footnote" => {
                note = attr(&e, b"w:id").and_then(|v| v.parse().ok());
            }
            Event::Start(e) if e.name().as_ref() == b"w:p" => cur = Some(Par { note, ..Par::default() }),
            Event::End(e) if e.name().as_ref() == b"w:p" => out.extend(cur.take()),
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::Empty(e) => {
                if let Some(p) = cur.as_mut() {
                    match e.name().as_ref() {
                        b"w:pStyle" => p.style = attr(&e, b"w:val").unwrap_or_default(),
                        b"w:br" => p.text.push('\n'),
                        b"w:bookmarkStart" => p.bookmarks.push(attr(&e, b"w:name").unwrap_or_default()),
                        _ => {}
                    }
                }
            }
            Event::Text(t) if in_text => {
                if let Some(p) = cur.as_mut() {
                    p.text.push_str(&t.decode().unwrap());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = cur.as_mut() {
                    let name = String::from_utf8_lossy(r.as_ref()).to_string();
                    p.text.push_str(match name.as_str() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "?",
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Text without any white space (line ends and a URL broken at a line end do not matter).
fn solid(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The notes of footnotes.xml, by id (the separators left out), each one text.
fn notes(docx: &Path) -> BTreeMap<i64, String> {
    let mut notes: BTreeMap<i64, String> = BTreeMap::new();
    for p in paragraphs(&part(docx, "word/footnotes.xml")) {
        if let Some(id) = p.note.filter(|id| *id > 0) {
            let text = notes.entry(id).or_default();
            text.push_str(p.text.trim());
        }
    }
    notes
}

/// The sample thesis built (PDF) and exported (docx).
fn sample() -> TestProject {
    let p = TestProject::default_thesis();
    p.build_ok();
    p.tesis(&["docx"]).ok();
    p
}

#[test]
fn the_sample_as_a_word_document() {
    let p = sample();
    let docx = p.path("thesis.docx");
    let body = paragraphs(&part(&docx, "word/document.xml"));
    let styled = |style: &str| body.iter().filter(|b| b.style == style).map(|b| b.text.clone()).collect::<Vec<_>>();

    // Heading 1 carries "BAB I" and the title on the next line, as the PDF prints it.
    let h1 = styled("Heading1");
    for (number, title) in CHAPTERS {
        assert!(h1.contains(&format!("{number}\n{title}")), "no Heading 1 {number} {title} in {h1:?}");
    }
    assert!(h1.contains(&"DAFTAR PUSTAKA".to_string()), "{h1:?}");
    let h2 = styled("Heading2");
    assert_eq!(h2.first().map(String::as_str), Some("A. LATAR BELAKANG"), "{h2:?}");
    assert!(h2.contains(&"B. Rumusan Masalah :".to_string()), "{h2:?}");
    let h3 = styled("Heading3");
    assert!(h3.contains(&"1. Tujuan Tesis :".to_string()), "{h3:?}");

    // Both captions, below their images (the paragraph before each caption shows the image).
    let captions: Vec<String> = styled("Caption").iter().map(|c| c.replace('\u{a0}', " ")).collect();
    for caption in CAPTIONS {
        assert!(captions.iter().any(|c| c.starts_with(caption)), "no caption {caption:?} in {captions:?}");
    }
    let xml = part(&docx, "word/document.xml");
    assert_eq!(xml.matches("<w:drawing>").count(), 2);
    assert!(xml.contains(r#"TOC \o &quot;1-3&quot;"#), "no table of contents field");

    // Every footnote of the docx is in the PDF with the same text, and there are as many as the
    // PDF's note marks of the chapters.
    // Hyphens left out on both sides: pdftotext drops a "-" that ends a line (a URL broken
    // after one of its hyphens reads joined).
    let pdf = solid(&p.pdf_text()).replace('-', "");
    let notes = notes(&docx);
    assert!(notes.len() >= 19, "{notes:?}");
    for (id, text) in &notes {
        assert!(pdf.contains(&solid(text).replace('-', "")), "note {id} is not in the PDF as {text:?}");
    }
    assert!(notes.values().any(|n| n.starts_with(
        "Sidik Jatmika, Otonomi Daerah Perspektif Hubungan Internasional (Yogyakarta: Bigraf Publishing, 2001)"
    )));
    assert!(notes.values().any(|n| n == "(www.city.kochi.kochi.jp)."), "{notes:?}");
    let marks = xml.matches("<w:footnoteReference ").count();
    assert_eq!(marks, notes.len());

    // The page: A4, the format's margins (4/4/3/3 cm), Times New Roman 12 pt, 1.5 lines,
    // first-line indent 1.25 cm.
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#));
    assert!(xml.contains(r#"<w:pgMar w:top="2268" w:right="1701" w:bottom="1701" w:left="2268""#));
    let styles = part(&docx, "word/styles.xml");
    for needle in [r#"w:ascii="Times New Roman""#, r#"<w:sz w:val="24"/>"#, r#"w:line="360""#, r#"w:firstLine="709""#] {
        assert!(styles.contains(needle), "styles.xml lacks {needle}");
    }

    // One anchor per paragraph of text, numbered in order across body and notes.
    let anchored: Vec<&String> = body.iter().flat_map(|b| &b.bookmarks).collect();
    assert_eq!(anchored.first().map(|s| s.as_str()), Some("_tesis_0"));
    for b in body
        .iter()
        .filter(|b| !b.text.trim().is_empty() && b.style != "TOCHeading" && !b.text.starts_with("Daftar isi:"))
    {
        assert_eq!(b.bookmarks.len(), 1, "paragraph without its anchor: {:?}", b.text);
    }
    let in_notes = paragraphs(&part(&docx, "word/footnotes.xml")).into_iter().filter(|p| p.note.unwrap_or(0) > 0);
    for p in in_notes {
        assert_eq!(p.bookmarks.len(), 1, "note paragraph without its anchor: {:?}", p.text);
    }

    let custom = part(&docx, "docProps/custom.xml");
    for name in ["tesis.inputs", "tesis.judul", "tesis.version"] {
        assert!(custom.contains(&format!(r#"name="{name}""#)), "{custom}");
    }
    assert!(custom.contains("KEBIJAKAN PEMERINTAH DAERAH DALAM PENATAAN KERJASAMA INTERNASIONAL"));
}

#[test]
fn the_model_maps_blocks_back_to_the_bytes_of_bab1() {
    use tesis::review::model::BlockKind;
    let p = TestProject::default_thesis();
    let config = tesis::compile::Config { mode: tesis::compile::Mode::Draft, fonts: Default::default() };
    let export = tesis::docx::model(&p.root, config, None).unwrap_or_else(|d| panic!("{d:?}"));
    let model = &export.model;
    let md = p.read("thesis/bab1.md");
    let bab1 = |b: &&tesis::review::model::Block| b.file.as_ref().is_some_and(|f| f.ends_with("bab1.md"));
    // Where each character of a block comes from, checked against the file.
    let check = |text: &str, kind: BlockKind, after: &str| {
        let block = model
            .blocks
            .iter()
            .find(|b| b.kind == kind && b.text.contains(text))
            .unwrap_or_else(|| panic!("no block with {text:?}"));
        assert!(bab1(&block), "{block:?}");
        let start = block.text.find(text).unwrap();
        let first = block.text[..start].chars().count();
        let from = md.find(after).unwrap();
        let at = from + md[from..].find(text).unwrap();
        let mapped: Vec<Option<usize>> = block.sources[first..first + text.chars().count()].to_vec();
        let expected: Vec<Option<usize>> = text.char_indices().map(|(i, _)| Some(at + i)).collect();
        assert_eq!(mapped, expected, "{text:?}");
        block
    };
    // A paragraph, word for word.
    let para = check("Kabupaten Bogor adalah sebuah kabupaten di provinsi Jawa Barat", BlockKind::Paragraph, "");
    assert_eq!(model.block(&para.anchor), Some(para));
    // A heading: the generated number has no source, the title maps to the .md.
    let head = check("LATAR BELAKANG", BlockKind::Heading, "");
    assert_eq!(head.text, "A. LATAR BELAKANG");
    assert_eq!(&head.sources[..3], &[None, None, None]);
    // Italic text (`*sister city*` in the .md) maps to the words, not the asterisks.
    check("sister city", BlockKind::Paragraph, "");
    // A student's own footnote; a citation's note is generated text.
    let note = check("(www.city.kochi.kochi.jp).", BlockKind::Footnote, "");
    assert_eq!(note.kind, BlockKind::Footnote);
    let cited = model.blocks.iter().find(|b| b.text.starts_with("Sidik Jatmika, Otonomi Daerah")).unwrap();
    assert_eq!(cited.kind, BlockKind::Footnote);
    assert!(cited.sources.iter().all(Option::is_none), "{cited:?}");
    // The caption: "Gambar 1.1 " generated, its text from the .md.
    let caption = check("Pola hubungan politik luar negeri", BlockKind::Caption, "![");
    assert!(caption.text.starts_with("Gambar\u{a0}1.1 "), "{:?}", caption.text);
    assert_eq!(&caption.sources[..11], &[None; 11]);
    // Every sourced character of bab1.md's blocks is the character at that byte (or an escape's).
    let (mut same, mut all) = (0, 0);
    for block in model.blocks.iter().filter(bab1) {
        for (c, s) in block.text.chars().zip(&block.sources) {
            if let Some(b) = s {
                all += 1;
                same += usize::from(md[*b..].starts_with(c));
            }
        }
    }
    assert!(all > 10_000 && same * 100 >= all * 99, "{same} of {all} characters map to themselves");
    assert_eq!(model.inputs.len(), 32);
}

#[test]
fn only_the_chapters_asked_for() {
    let p = TestProject::default_thesis();
    p.tesis(&["docx", "--bab", "2", "-o", "bab2.docx"]).ok();
    let docx = p.path("bab2.docx");
    let h1: Vec<String> = paragraphs(&part(&docx, "word/document.xml"))
        .into_iter()
        .filter(|b| b.style == "Heading1")
        .map(|b| b.text)
        .collect();
    assert_eq!(h1, vec![format!("{}\n{}", CHAPTERS[1].0, CHAPTERS[1].1), "DAFTAR PUSTAKA".to_string()]);
    assert!(part(&docx, "docProps/custom.xml").contains("<vt:lpwstr>2</vt:lpwstr>"));
    p.tesis(&["docx", "--bab", "9"]).fails_with(&["--bab 9", "5 chapters"]);
}

#[test]
fn libreoffice_prints_the_chapters_notes_and_captions() {
    if !common::require("soffice", "libreoffice-writer-nogui") || !common::require("pdftotext", "poppler-utils") {
        return;
    }
    let p = sample();
    let out = p.path("lo");
    let profile = p.path("lo-profile");
    let status = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(p.path("thesis.docx"))
        .output()
        .unwrap();
    let lo_pdf = out.join("thesis.pdf");
    assert!(lo_pdf.is_file(), "soffice wrote no PDF: {}", String::from_utf8_lossy(&status.stderr));
    let raw = common::pdf_text(&lo_pdf);
    let text = solid(&raw);
    // pdftotext reads LibreOffice's justified notes word by word, out of order: a note is
    // there when each of its words is (a long URL, broken over lines, as one piece; pdftotext
    // drops the hyphen LibreOffice breaks it at).
    let words: std::collections::HashSet<&str> = raw.split_whitespace().collect();
    let unhyphenated = text.replace('-', "");
    for (number, title) in CHAPTERS {
        assert!(text.contains(&solid(&format!("{number} {title}"))), "{number} {title} missing");
    }
    for caption in CAPTIONS {
        assert!(text.contains(&solid(caption)), "{caption} missing");
    }
    for (id, note) in notes(&p.path("thesis.docx")) {
        let missing: Vec<&str> = note
            .split_whitespace()
            .filter(|w| !words.contains(w) && !unhyphenated.contains(&w.replace('-', "")))
            .collect();
        assert!(missing.is_empty(), "note {id} lacks {missing:?}: {note}");
    }
    let pages = |pdf: &Path| common::pdf_info(pdf)["Pages"].parse::<f64>().unwrap();
    let (ours, theirs) = (pages(&p.path("thesis.pdf")), pages(&lo_pdf));
    assert!((theirs - ours).abs() <= 0.15 * ours, "LibreOffice: {theirs} pages, thesis.pdf: {ours}");
}
