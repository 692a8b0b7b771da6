//! Issue 23: a `lampiran` entry may be a PDF (every page or `halaman: 2-5`), an image, or a list
//! of images. The fixture `tests/fixtures/appendix` has a 3-page PDF whose second page is
//! landscape, pages 2-3 of a 5-page PDF, and a PNG and a JPEG photo; `rusak/` holds a PDF
//! encrypted with qpdf (empty user password) and a PDF cut short.

mod common;

use common::{TestProject, pdf_pages, require};

/// The index of the page whose text has `needle`.
fn page_with(pages: &[String], needle: &str) -> usize {
    let hits: Vec<usize> = pages.iter().enumerate().filter(|(_, p)| p.contains(needle)).map(|(i, _)| i).collect();
    assert_eq!(hits.len(), 1, "{needle:?} should be on exactly one page, is on {hits:?}");
    hits[0]
}

/// The printed page number of a page: its only line that is a number.
fn printed_number(page: &str) -> Option<u32> {
    page.lines().rev().find_map(|l| l.trim().parse().ok())
}

#[test]
fn pdf_pages_ranges_and_photos_are_appendices_with_titles_numbers_and_a_list() {
    if !require("pdftotext", "poppler-utils") {
        return;
    }
    let p = TestProject::fixture("appendix");
    p.build_ok();
    let pages = pdf_pages(&p.path("thesis.pdf"));

    // The LAMPIRAN part title, then 3 + 2 + 2 placed pages.
    let part = pages.iter().rposition(|pg| pg.trim().starts_with("LAMPIRAN")).expect("LAMPIRAN part title");
    assert_eq!(pages.len(), part + 1 + 7, "pages after LAMPIRAN: {:#?}", &pages[part..]);

    let first = page_with(&pages, "Kuesioner halaman satu");
    assert_eq!(first, part + 1);
    assert!(pages[first].contains("Lampiran 1") && pages[first].contains("Kuesioner Penelitian"));
    let landscape = page_with(&pages, "Kuesioner tabel lanskap");
    assert_eq!(landscape, first + 1);
    assert_eq!(page_with(&pages, "Kuesioner halaman tiga"), first + 2);

    // Only pages 2-3 of transkrip.pdf, the title on the first of them.
    let range = page_with(&pages, "Transkrip halaman dua");
    assert_eq!(range, first + 3);
    assert!(pages[range].contains("Lampiran 2") && pages[range].contains("Transkrip Wawancara"));
    assert_eq!(page_with(&pages, "Transkrip halaman tiga"), range + 1);
    for absent in ["Transkrip halaman satu", "Transkrip halaman empat", "Transkrip halaman lima"] {
        assert!(!pages.iter().any(|pg| pg.contains(absent)), "{absent} placed, outside halaman: 2-3");
    }

    // The photos: the title on the first, nothing but the page number on the second.
    let photos = range + 2;
    assert!(pages[photos].contains("Lampiran 3") && pages[photos].contains("Dokumentasi Lapangan"));
    assert_eq!(pages[photos + 1].split_whitespace().count(), 1, "{:?}", pages[photos + 1]);

    // Page numbers continue from the LAMPIRAN title page on every placed page.
    let base = printed_number(&pages[part]).expect("LAMPIRAN page number");
    for (k, page) in pages[part + 1..].iter().enumerate() {
        assert_eq!(printed_number(page), Some(base + 1 + k as u32), "page {}: {page:?}", part + 2 + k);
    }

    // DAFTAR LAMPIRAN lists each appendix with the printed number of its first page.
    let list = page_with(&pages, "DAFTAR LAMPIRAN\n");
    let entry = |title: &str| -> u32 {
        let line = pages[list].lines().find(|l| l.contains(title)).unwrap_or_else(|| panic!("{title} not listed"));
        line.rsplit(|c: char| !c.is_ascii_digit()).find(|s| !s.is_empty()).unwrap().parse().unwrap()
    };
    assert_eq!(entry("Kuesioner Penelitian"), base + 1);
    assert_eq!(entry("Transkrip Wawancara"), base + 4);
    assert_eq!(entry("Dokumentasi Lapangan"), base + 6);
}

/// Points `file:` of the second appendix at `name` and returns the failing build's message.
fn refused(name: &str, needles: &[&str]) {
    let p = TestProject::fixture("appendix");
    p.edit("thesis/thesis.yaml", "file: ../lampiran/transkrip.pdf", &format!("file: ../rusak/{name}"));
    let line = p.read("thesis/thesis.yaml").lines().position(|l| l.contains("judul: Transkrip")).unwrap() + 1;
    let yaml_at = format!("thesis.yaml:{line}:");
    let mut all = needles.to_vec();
    all.push(&yaml_at);
    p.tesis(&["build"]).fails_with(&all);
    assert!(!p.path("thesis.pdf").exists(), "a PDF was written");
}

#[test]
fn an_encrypted_pdf_is_refused_at_its_line() {
    refused("terkunci.pdf", &["terkunci.pdf", "encrypted", "qpdf --decrypt"]);
}

#[test]
fn a_damaged_pdf_is_refused_at_its_line() {
    refused("rusak.pdf", &["rusak.pdf", "damaged"]);
}

#[test]
fn a_range_outside_the_pdf_is_refused_at_the_halaman_line() {
    let p = TestProject::fixture("appendix");
    p.edit("thesis/thesis.yaml", "halaman: 2-3", "halaman: 4-9");
    let line = p.read("thesis/thesis.yaml").lines().position(|l| l.contains("halaman: 4-9")).unwrap() + 1;
    p.tesis(&["build"]).fails_with(&["page 9 asked for, but the PDF has 5 pages", &format!("thesis.yaml:{line}:")]);
}

#[test]
fn a_missing_image_is_refused_at_its_line() {
    let p = TestProject::fixture("appendix");
    p.edit("thesis/thesis.yaml", "foto2.jpg", "foto9.jpg");
    let line = p.read("thesis/thesis.yaml").lines().position(|l| l.contains("judul: Dokumentasi")).unwrap() + 1;
    p.tesis(&["build"]).fails_with(&["foto9.jpg", &format!("thesis.yaml:{line}:")]);
}

#[test]
fn check_warns_about_an_appendix_scan_below_150_dpi_at_its_entry() {
    let p = TestProject::fixture("appendix");
    // foto2.jpg has no dpi of its own (72 assumed): 300 pixels over 4.2 inches; foto1.png is
    // saved at 150 dpi and printed at its own size.
    let run = p.tesis(&["check"]).ok();
    let out = format!("{}{}", String::from_utf8_lossy(&run.output.stdout), run.stderr());
    let line = p.read("thesis/thesis.yaml").lines().position(|l| l.contains("judul: Dokumentasi")).unwrap() + 1;
    assert!(out.contains("appendix scan foto2.jpg prints at 72 dpi"), "{out}");
    assert!(out.contains(&format!("thesis.yaml:{line}:")), "{out}");
    assert!(!out.contains("foto1.png prints"), "{out}");
}

#[test]
fn check_notes_pdf_pages_without_a_text_layer() {
    let p = TestProject::fixture("appendix");
    let out = |run: common::Run| format!("{}{}", String::from_utf8_lossy(&run.output.stdout), run.stderr());
    // kuesioner.pdf and transkrip.pdf have text on every page.
    let clean = out(p.tesis(&["check"]).ok());
    assert!(!clean.contains("no text layer"), "{clean}");
    // pindaian.pdf is a drawing only, as a scan is an image only.
    p.edit("thesis/thesis.yaml", "kuesioner.pdf", "pindaian.pdf");
    let scan = out(p.tesis(&["check"]).ok());
    assert!(scan.contains("appendix pindaian.pdf: page 1 has no text layer"), "{scan}");
    let line = p.read("thesis/thesis.yaml").lines().position(|l| l.contains("judul: Kuesioner")).unwrap() + 1;
    assert!(scan.contains(&format!("thesis.yaml:{line}:")), "{scan}");
}

#[test]
fn final_refuses_a_pdf_appendix_at_its_entry_and_takes_images() {
    let p = TestProject::fixture("appendix");
    let line = p.read("thesis/thesis.yaml").lines().position(|l| l.contains("judul: Kuesioner")).unwrap() + 1;
    p.tesis(&["build", "--final"]).fails_with(&[
        "appendix kuesioner.pdf: the --final build (PDF/A) cannot embed PDF pages yet",
        &format!("thesis.yaml:{line}:"),
        "pdftoppm -png",
    ]);
    assert!(!p.path("thesis.pdf").exists(), "a PDF was written");
    // With only the photos left, the final build is PDF/A with the appendix in it.
    let yaml = p.read("thesis/thesis.yaml");
    let from = yaml.find("  - judul: Kuesioner").unwrap();
    let to = yaml.find("  - judul: Dokumentasi").unwrap();
    p.write("thesis/thesis.yaml", format!("{}{}", &yaml[..from], &yaml[to..]));
    p.tesis(&["build", "--final"]).ok();
    let text = common::pdf_text(&p.path("thesis.pdf"));
    assert!(text.contains("Lampiran 1") && text.contains("Dokumentasi Lapangan"), "{text}");
    let pdf = std::fs::read(p.path("thesis.pdf")).unwrap();
    let has = |needle: &str| pdf.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(has("pdfaid:part>2<") || has("pdfaid:part=\"2\""), "no PDF/A-2 part in the XMP");
}
