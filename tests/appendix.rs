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

/// Asserts what the normal and the final build share: after the LAMPIRAN part title, 3 + 2 + 2
/// placed pages, "Lampiran N" and the title on each appendix's first page, the page numbers
/// continuing, DAFTAR LAMPIRAN listing each first page. Returns the index of the LAMPIRAN page.
fn assert_appendix_pages(pages: &[String]) -> usize {
    let part = pages.iter().rposition(|pg| pg.trim().starts_with("LAMPIRAN")).expect("LAMPIRAN part title");
    assert_eq!(pages.len(), part + 1 + 7, "pages after LAMPIRAN: {:#?}", &pages[part..]);
    let first = part + 1;
    assert!(pages[first].contains("Lampiran 1") && pages[first].contains("Kuesioner Penelitian"));
    let range = first + 3;
    assert!(pages[range].contains("Lampiran 2") && pages[range].contains("Transkrip Wawancara"));
    let photos = range + 2;
    assert!(pages[photos].contains("Lampiran 3") && pages[photos].contains("Dokumentasi Lapangan"));
    // No appendix title on the other placed pages.
    for (k, page) in pages[first..].iter().enumerate() {
        if ![0, 3, 5].contains(&k) {
            assert!(!page.contains("Lampiran"), "a title on placed page {k}: {page:?}");
        }
    }
    // The second photo: nothing but the page number.
    assert_eq!(pages[photos + 1].split_whitespace().count(), 1, "{:?}", pages[photos + 1]);

    // Page numbers continue from the LAMPIRAN title page on every placed page.
    let base = printed_number(&pages[part]).expect("LAMPIRAN page number");
    for (k, page) in pages[part + 1..].iter().enumerate() {
        assert_eq!(printed_number(page), Some(base + 1 + k as u32), "page {}: {page:?}", part + 2 + k);
    }

    // DAFTAR LAMPIRAN lists each appendix with the printed number of its first page.
    let list = page_with(pages, "DAFTAR LAMPIRAN\n");
    let entry = |title: &str| -> u32 {
        let line = pages[list].lines().find(|l| l.contains(title)).unwrap_or_else(|| panic!("{title} not listed"));
        line.rsplit(|c: char| !c.is_ascii_digit()).find(|s| !s.is_empty()).unwrap().parse().unwrap()
    };
    assert_eq!(entry("Kuesioner Penelitian"), base + 1);
    assert_eq!(entry("Transkrip Wawancara"), base + 4);
    assert_eq!(entry("Dokumentasi Lapangan"), base + 6);
    part
}

#[test]
fn pdf_pages_ranges_and_photos_are_appendices_with_titles_numbers_and_a_list() {
    if !require("pdftotext", "poppler-utils") {
        return;
    }
    let p = TestProject::fixture("appendix");
    p.build_ok();
    let pages = pdf_pages(&p.path("thesis.pdf"));
    let part = assert_appendix_pages(&pages);

    // The PDFs' own text, in order: all 3 pages of kuesioner.pdf, only pages 2-3 of transkrip.pdf.
    let first = page_with(&pages, "Kuesioner halaman satu");
    assert_eq!(first, part + 1);
    assert_eq!(page_with(&pages, "Kuesioner tabel lanskap"), first + 1);
    assert_eq!(page_with(&pages, "Kuesioner halaman tiga"), first + 2);
    assert_eq!(page_with(&pages, "Transkrip halaman dua"), first + 3);
    assert_eq!(page_with(&pages, "Transkrip halaman tiga"), first + 4);
    for absent in ["Transkrip halaman satu", "Transkrip halaman empat", "Transkrip halaman lima"] {
        assert!(!pages.iter().any(|pg| pg.contains(absent)), "{absent} placed, outside halaman: 2-3");
    }
}

/// Points `file:` of the second appendix at `name`: `build`, `build --final` and `check` each
/// fail (exit 1) with `needles` and the entry's thesis.yaml line, and the PDF already there
/// stays as it was.
fn refused(name: &str, needles: &[&str]) {
    let p = TestProject::fixture("appendix");
    p.edit("thesis/thesis.yaml", "file: ../lampiran/transkrip.pdf", &format!("file: {name}"));
    let line = p.read("thesis/thesis.yaml").lines().position(|l| l.contains("judul: Transkrip")).unwrap() + 1;
    let yaml_at = format!("thesis.yaml:{line}:");
    let mut all = needles.to_vec();
    all.push(&yaml_at);
    let previous = b"%PDF-1.7 the previous build".to_vec();
    p.write("thesis.pdf", &previous);
    for args in [&["build"][..], &["build", "--final"], &["check"], &["check", "--final"]] {
        let run = p.tesis(args);
        let out = format!("{}{}", String::from_utf8_lossy(&run.output.stdout), run.stderr());
        assert_eq!(run.code(), 1, "tesis {args:?}: {out}");
        for n in &all {
            assert!(out.contains(n), "tesis {args:?} lacks {n:?}:\n{out}");
        }
        assert!(!out.contains("panicked"), "{out}");
        assert_eq!(std::fs::read(p.path("thesis.pdf")).unwrap(), previous, "tesis {args:?} changed thesis.pdf");
    }
}

#[test]
fn an_encrypted_pdf_is_refused_at_its_line() {
    refused("../rusak/terkunci.pdf", &["terkunci.pdf", "encrypted", "qpdf --decrypt"]);
}

#[test]
fn a_damaged_pdf_is_refused_at_its_line() {
    refused("../rusak/rusak.pdf", &["rusak.pdf", "damaged"]);
}

#[test]
fn a_missing_pdf_is_refused_at_its_line() {
    refused("../lampiran/hilang.pdf", &["hilang.pdf"]);
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
fn check_measures_a_turned_appendix_image_at_its_turned_size() {
    let p = TestProject::fixture("appendix");
    // foto-lebar.png: 1200×500 pixels at 72 dpi, too wide for the text block, so it is turned a
    // quarter and prints at about 134 dpi (pdfimages on the built PDF says the same).
    p.edit("thesis/thesis.yaml", "foto2.jpg", "foto-lebar.png");
    let run = p.tesis(&["check"]).ok();
    let out = format!("{}{}", String::from_utf8_lossy(&run.output.stdout), run.stderr());
    let at = out.find("appendix scan foto-lebar.png prints at ").unwrap_or_else(|| panic!("{out}"));
    let dpi: f64 = out[at..].split("prints at ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!((100.0..150.0).contains(&dpi), "{dpi} dpi: {out}");
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
fn final_is_pdf_a_with_the_pdf_pages_ranges_and_photos_placed_as_in_the_draft_and_reproducible() {
    if !require("pdftoppm", "poppler-utils") || !require("pdfimages", "poppler-utils") {
        return;
    }
    let p = TestProject::fixture("appendix");
    p.tesis(&["build", "-o", "draft.pdf"]).ok();
    p.tesis(&["build", "--final"]).ok();
    let pdf = p.path("thesis.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    let has = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(has("pdfaid:part>2<") || has("pdfaid:part=\"2\""), "no PDF/A-2 part in the XMP");

    let pages = pdf_pages(&pdf);
    let part = assert_appendix_pages(&pages);
    let draft = p.path("draft.pdf");
    assert_eq!(pdf_pages(&draft).len(), pages.len(), "the draft and the final build differ in pages");

    // Each PDF page (the SVG drawn of it) stands where the draft puts the PDF page itself: the
    // blue frame the fixture pages draw has the same box, the landscape page's turned upright.
    for k in 1..=5 {
        let n = part + k;
        let (in_draft, in_final) = (blue_box(&draft, n), blue_box(&pdf, n));
        for (a, b) in in_draft.iter().zip(&in_final) {
            assert!(a.abs_diff(*b) <= 1, "page {n}: frame at {in_final:?} in the final PDF, {in_draft:?} in the draft");
        }
        let (w, h) = (in_final[2] - in_final[0], in_final[3] - in_final[1]);
        assert!(h > w, "page {n}: the frame is not upright ({w}×{h} px)");
    }
    // Text pages stay vector: no image on the pages of kuesioner.pdf and transkrip.pdf.
    for k in 1..=5 {
        assert_eq!(images_on(&pdf, part + k), 0, "an image on page {}", part + k);
    }
    // The photos are images.
    assert_eq!(images_on(&pdf, part + 7), 1);

    // The same bytes twice.
    p.tesis(&["build", "--final", "-o", "again.pdf"]).ok();
    assert!(std::fs::read(p.path("again.pdf")).unwrap() == bytes, "two final builds differ");
}

#[test]
fn final_keeps_a_scan_with_a_transparent_stamp_at_its_own_pixels() {
    if !require("pdfimages", "poppler-utils") {
        return;
    }
    let p = TestProject::fixture("appendix");
    p.edit("thesis/thesis.yaml", "kuesioner.pdf", "pindaian-rendah.pdf");
    // The PDF/A export validates: a soft mask it could not keep would fail the build.
    p.tesis(&["build", "--final"]).ok();
    let pages = pdf_pages(&p.path("thesis.pdf"));
    let part = pages.iter().rposition(|pg| pg.trim().starts_with("LAMPIRAN")).unwrap();
    let list = images_list(&p.path("thesis.pdf"), part + 1);
    // The 50-dpi scan with its 414×585 pixels, the stamp with its soft mask.
    assert!(list.iter().any(|l| l.contains(" 414 ") && l.contains(" 585 ") && l.contains("image")), "{list:#?}");
    assert!(list.iter().any(|l| l.contains(" 200 ") && l.contains("smask")), "{list:#?}");
}

#[test]
fn check_warns_about_a_scan_inside_a_pdf_appendix_below_150_dpi_at_its_entry() {
    let p = TestProject::fixture("appendix");
    let out = |run: common::Run| format!("{}{}", String::from_utf8_lossy(&run.output.stdout), run.stderr());
    // kuesioner.pdf and transkrip.pdf draw no image.
    let clean = out(p.tesis(&["check"]).ok());
    assert!(!clean.contains("of the PDF prints at"), "{clean}");
    // pindaian-rendah.pdf is a page scanned at 50 dpi, printed smaller in the text block.
    p.edit("thesis/thesis.yaml", "kuesioner.pdf", "pindaian-rendah.pdf");
    let line = p.read("thesis/thesis.yaml").lines().position(|l| l.contains("judul: Kuesioner")).unwrap() + 1;
    for args in [&["check"][..], &["check", "--final"]] {
        let scan = out(p.tesis(args));
        let at = scan
            .find("appendix scan pindaian-rendah.pdf: page 1 of the PDF prints at ")
            .unwrap_or_else(|| panic!("{scan}"));
        let dpi: f64 = scan[at..].split("prints at ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
        // 414 pixels over the 21 cm page: 50 dpi at its own size, more once it is scaled down.
        assert!((55.0..100.0).contains(&dpi), "{dpi} dpi: {scan}");
        assert!(scan[at..].contains(&format!("thesis.yaml:{line}:")), "{scan}");
    }
}

/// The box (left, top, right, bottom; pixels at 30 dpi) of the blue pixels of page `n`
/// (0-based) of `pdf`.
fn blue_box(pdf: &std::path::Path, n: usize) -> [u32; 4] {
    let page = (n + 1).to_string();
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "30", "-f", &page, "-l", &page])
        .arg(pdf)
        .output()
        .expect("pdftoppm");
    let ppm = out.stdout;
    // P6 header: magic, width, height, maxval, each followed by whitespace.
    let mut fields = vec![];
    let mut at = 0;
    while fields.len() < 4 {
        while ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&ppm[start..at]).to_string());
    }
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &ppm[at + 1..];
    let mut b = [u32::MAX, u32::MAX, 0, 0];
    for y in 0..h {
        for x in 0..w {
            let px = &pixels[(y * w + x) * 3..][..3];
            if px[2] > 150 && px[0] < 110 && px[1] < 110 {
                b = [b[0].min(x as u32), b[1].min(y as u32), b[2].max(x as u32), b[3].max(y as u32)];
            }
        }
    }
    assert!(b[0] != u32::MAX, "no blue on page {page} of {}", pdf.display());
    b
}

/// `pdfimages -list` of page `n` (0-based): one line per image.
fn images_list(pdf: &std::path::Path, n: usize) -> Vec<String> {
    let page = (n + 1).to_string();
    let out = std::process::Command::new("pdfimages")
        .args(["-list", "-f", &page, "-l", &page])
        .arg(pdf)
        .output()
        .expect("pdfimages");
    String::from_utf8_lossy(&out.stdout).lines().skip(2).map(str::to_string).collect()
}

/// How many images page `n` (0-based) draws.
fn images_on(pdf: &std::path::Path, n: usize) -> usize {
    images_list(pdf, n).len()
}

#[test]
fn final_places_signed_pages_scanned_to_pdf_and_refuses_a_damaged_one_at_its_line() {
    if !require("pdfimages", "poppler-utils") {
        return;
    }
    let p = TestProject::fixture("appendix");
    let yaml = p.read("thesis/thesis.yaml");
    p.write(
        "thesis/thesis.yaml",
        format!(
            "{yaml}scan:\n  persetujuan: ../lampiran/kuesioner.pdf\n  pengesahan: ../lampiran/pindaian-rendah.pdf\n"
        ),
    );
    p.tesis(&["build", "-o", "draft.pdf"]).ok();
    p.tesis(&["build", "--final"]).ok();
    let bytes = std::fs::read(p.path("thesis.pdf")).unwrap();
    assert!(bytes.windows(14).any(|w| w == b"pdfaid:part>2<" || w == b"pdfaid:part=\"2"), "not PDF/A-2");
    let (draft, last) = (pdf_pages(&p.path("draft.pdf")), pdf_pages(&p.path("thesis.pdf")));
    assert_eq!(draft.len(), last.len(), "the final build places the same pages");
    // Cover, title page, then the two signed pages; the ratification page is a scan, which keeps
    // its pixels in the PDF/A.
    let scan_page = 3;
    assert!(images_on(&p.path("draft.pdf"), scan_page) >= 1);
    assert!(images_on(&p.path("thesis.pdf"), scan_page) >= 1, "{:#?}", images_list(&p.path("thesis.pdf"), scan_page));
    // The signed pages replace the generated ones: nothing is printed on them but the number
    // (the PDF's letters become outlines in the PDF/A).
    assert_eq!([last[2].trim(), last[3].trim()], ["ii", "iii"], "{last:#?}");

    // A damaged scan: an error at its thesis.yaml line, and the PDF/A already there is kept.
    std::fs::copy(p.path("rusak/rusak.pdf"), p.path("lampiran/pengesahan-rusak.pdf")).unwrap();
    p.edit("thesis/thesis.yaml", "../lampiran/pindaian-rendah.pdf", "../lampiran/pengesahan-rusak.pdf");
    let line = p.read("thesis/thesis.yaml").lines().position(|l| l.contains("pengesahan-rusak.pdf")).unwrap() + 1;
    p.tesis(&["build", "--final"]).fails_with(&[&format!("thesis/thesis.yaml:{line}:"), "pengesahan-rusak.pdf"]);
    assert!(std::fs::read(p.path("thesis.pdf")).unwrap() == bytes, "the PDF/A was changed");
}
