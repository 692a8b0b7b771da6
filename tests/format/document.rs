//! The PDF file itself (F1, F30, F31), built by the real binary and read with poppler:
//! page sizes, document metadata, bookmarks, language tag, selectable text, byte-identical
//! rebuilds.

use std::process::Command;

use crate::common::{TestProject, pdf_info, require};
use crate::layout::*;

/// The fixture built by `tesis build`, with "fi"/"fl" words added to BAB I (F30: ligatures
/// copy as their letters).
fn built() -> TestProject {
    let p = lengkap_project();
    p.edit(
        "thesis/bab1.typ",
        "Kabupaten Bogor adalah",
        "Definisi refleksi konfigurasi fleksibel. Kabupaten Bogor adalah",
    );
    p.build_ok();
    p
}

/// Whether the poppler tools these tests run are installed (`require`: fails under CI, else
/// prints SKIPPED).
fn poppler_installed() -> bool {
    ["pdfinfo", "pdftohtml", "pdftotext"].iter().all(|tool| require(tool, "poppler-utils"))
}

/// Runs a poppler tool and returns its standard output.
fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| panic!("{tool} (poppler-utils): {e}"));
    assert!(out.status.success(), "{tool} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The bookmarks of a PDF, flattened in order: (title, page), from `pdftohtml -xml`'s outline.
fn bookmarks(pdf: &str) -> Vec<(String, usize)> {
    let xml = poppler("pdftohtml", &["-xml", "-i", "-stdout", "-q", pdf]);
    let outline = &xml[xml.find("<outline>").expect("the PDF has no outline")..];
    outline
        .split("<item page=\"")
        .skip(1)
        .map(|item| {
            let (page, rest) = item.split_once("\">").unwrap();
            let title = rest.split("</item>").next().unwrap();
            let title = title.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"");
            (title, page.parse().unwrap())
        })
        .collect()
}

#[test]
fn f01_pdf_pages_are_a4() {
    if !poppler_installed() {
        return;
    }
    let p = built();
    let pdf = p.path("thesis.pdf");
    let pages: usize = pdf_info(&pdf)["Pages"].parse().unwrap();
    let out = poppler("pdfinfo", &["-f", "1", "-l", &pages.to_string(), pdf.to_str().unwrap()]);
    let sizes: Vec<&str> = out.lines().filter(|l| l.starts_with("Page") && l.contains("size:")).collect();
    assert_eq!(sizes.len(), pages);
    for line in sizes {
        assert!(line.ends_with("595.276 x 841.89 pts (A4)"), "{line}");
    }
}

#[test]
fn f30_pdf_metadata_and_bookmarks() {
    if !poppler_installed() {
        return;
    }
    let p = built();
    let pdf = p.path("thesis.pdf");
    let info = pdf_info(&pdf);
    assert_eq!(
        info["Title"],
        "KEBIJAKAN PEMERINTAH DAERAH DALAM PENATAAN KERJASAMA INTERNASIONAL (Studi Kasus: Proses Kerja sama Sister City Kabupaten Bogor dengan Nanning (RRT) pada tahun 2008-2015)"
    );
    assert_eq!(info["Author"], "KHOERO DARA FAZRA");
    assert_eq!(
        info["Keywords"],
        "sister city, kerja sama internasional, pemerintah daerah, international cooperation, local government"
    );
    // The bookmarks mirror DAFTAR ISI: the same entries (bookmarks keep the author's case where
    // the list upper-cases chapter titles), pointing at the same pages.
    let marks = bookmarks(pdf.to_str().unwrap());
    let laid = compile(&p);
    let toc = laid.entries("daftar-isi");
    let toc: Vec<(String, usize)> = toc.into_iter().map(|e| (e.title.to_uppercase(), e.target)).collect();
    let marks_upper: Vec<(String, usize)> = marks.iter().map(|(t, n)| (t.to_uppercase(), *n)).collect();
    assert_eq!(marks_upper, toc, "bookmarks differ from DAFTAR ISI");
    assert_eq!(marks[0], ("HALAMAN JUDUL".to_string(), 2));
    // The Indonesian language tag in the document catalog.
    let bytes = std::fs::read(&pdf).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    let catalog = &raw[raw.find("/Type/Catalog").expect("no catalog")..];
    let catalog = &catalog[..catalog.find("endobj").unwrap()];
    let lang = catalog.split("/Lang(").nth(1).and_then(|s| s.split(')').next()).expect("the catalog has no /Lang");
    assert!(lang == "id" || lang.starts_with("id-"), "catalog /Lang({lang})");
    // Selectable text that copies as the words, ligatures included.
    let text = p.pdf_text().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Definisi refleksi konfigurasi fleksibel."), "ligatures do not copy as letters");
    assert!(text.contains("Kabupaten Bogor adalah sebuah kabupaten di provinsi Jawa Barat"));
}

#[test]
fn f31_byte_identical_rebuild() {
    if !poppler_installed() {
        return;
    }
    let first = lengkap_project();
    first.build_ok();
    let a = std::fs::read(first.path("thesis.pdf")).unwrap();
    first.build_ok();
    let b = std::fs::read(first.path("thesis.pdf")).unwrap();
    assert!(a == b, "two builds in one folder differ");
    // Another folder, the same sources: the same bytes (no path, clock or randomness inside).
    let second = lengkap_project();
    second.build_ok();
    let c = std::fs::read(second.path("thesis.pdf")).unwrap();
    assert!(a == c, "builds of the same sources in two folders differ");
    let date = &pdf_info(&first.path("thesis.pdf"))["CreationDate"];
    assert!(date.contains("2015"), "the PDF date {date:?} is not thesis.yaml's tanggal");
}
