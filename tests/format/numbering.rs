//! Page numbers (F9–F11): the uncounted cover, roman front matter, arabic from BAB I, the
//! Indonesian placement and its knob, and DAFTAR ISI showing each number as printed.

use crate::layout::*;

/// Asserts that page `n` of `laid` shows `number` at the bottom centre.
#[track_caller]
fn assert_bottom_centre(laid: &Laid, n: usize, number: &str) {
    let (zone, w) = laid.page(n).printed_number(&MARGINS).unwrap_or_else(|| panic!("page {n} has no number"));
    assert_eq!((zone, w.text.as_str()), (Zone::Bottom, number), "page {n}");
    assert_near(&format!("centre of the number on page {n}"), w.centre(), MARGINS.centre(), 0.3);
}

/// Asserts that page `n` of `laid` shows `number` at the top right.
#[track_caller]
fn assert_top_right(laid: &Laid, n: usize, number: &str) {
    let (zone, w) = laid.page(n).printed_number(&MARGINS).unwrap_or_else(|| panic!("page {n} has no number"));
    assert_eq!((zone, w.text.as_str()), (Zone::Top, number), "page {n}");
    assert_near(&format!("right end of the number on page {n}"), w.x1(), MARGINS.x1(), 0.3);
}

/// The pages that open a chapter, DAFTAR PUSTAKA, LAMPIRAN or an appendix ("Lampiran 1").
fn opening_pages(laid: &Laid) -> Vec<usize> {
    let mut pages: Vec<usize> = laid
        .parts
        .iter()
        .filter(|p| ["bab", "pustaka", "lampiran"].contains(&p.name.as_str()))
        .map(|p| p.page)
        .collect();
    for page in &laid.pages[laid.part("lampiran").page..] {
        let first = &page.body_lines(&MARGINS)[0];
        if first.bold() && first.text().starts_with("Lampiran ") {
            pages.push(page.number);
        }
    }
    pages.sort();
    pages
}

#[test]
fn f09_roman_front_matter() {
    let laid = lengkap();
    assert!(laid.page(1).printed_number(&MARGINS).is_none(), "the cover has a page number");
    assert_eq!(laid.part("judul").page, 2);
    let bab1 = laid.chapter_page(1);
    assert!(bab1 > 10, "BAB I starts on page {bab1}");
    // The title page is i: the cover is not counted.
    for n in 2..bab1 {
        assert_bottom_centre(laid, n, &roman(n - 1));
    }
}

#[test]
fn f10_number_placement() {
    let laid = lengkap();
    let bab1 = laid.chapter_page(1);
    let openings = opening_pages(laid);
    assert_eq!(openings.len(), 3 + 1 + 1 + 2, "openings: {openings:?}");
    let mut top = 0;
    for n in bab1..=laid.pages.len() {
        // Arabic, restarting at 1 on BAB I.
        let number = (n - bab1 + 1).to_string();
        if openings.contains(&n) {
            assert_bottom_centre(laid, n, &number);
        } else {
            assert_top_right(laid, n, &number);
            top += 1;
        }
    }
    assert!(top > 10, "only {top} pages with the number top right");
}

#[test]
fn f10_bawah_tengah_knob() {
    let laid = with_yaml("format:\n  nomor_halaman: bawah-tengah");
    let bab1 = laid.chapter_page(1);
    assert!(laid.page(1).printed_number(&MARGINS).is_none(), "the cover has a page number");
    for n in 2..=laid.pages.len() {
        let number = if n < bab1 { roman(n - 1) } else { (n - bab1 + 1).to_string() };
        assert_bottom_centre(&laid, n, &number);
    }
}

#[test]
fn f11_toc_numbers_equal_printed_numbers() {
    let laid = lengkap();
    let bab1 = laid.chapter_page(1);
    for list in ["daftar-isi", "daftar-tabel", "daftar-gambar", "daftar-lampiran"] {
        let entries = laid.entries(list);
        assert!(!entries.is_empty(), "{list} has no entries");
        for e in &entries {
            let printed =
                laid.page(e.target).printed_number(&MARGINS).map(|(_, w)| w.text).unwrap_or_else(|| {
                    panic!("{list}: {:?} points at page {}, which has no number", e.title, e.target)
                });
            assert_eq!(e.number, printed, "{list}: {:?} (page {})", e.title, e.target);
            let expected = if e.target < bab1 { roman(e.target - 1) } else { (e.target - bab1 + 1).to_string() };
            assert_eq!(e.number, expected, "{list}: {:?} is not numbered roman/arabic as its part", e.title);
            assert!(e.leaders, "{list}: {:?} has no dot leaders", e.title);
        }
    }
    // DAFTAR ISI lists every part and chapter, with roman numbers in the front matter.
    let toc = laid.entries("daftar-isi");
    let titles: Vec<&str> = toc.iter().map(|e| e.title.as_str()).collect();
    for expected in [
        "HALAMAN JUDUL",
        "KATA PENGANTAR",
        "ABSTRAK",
        "BAB I PENDAHULUAN",
        "A. Latar Belakang",
        "1. Konsep Otonomi Daerah",
        "BAB III PENUTUP",
        "DAFTAR PUSTAKA",
        "LAMPIRAN",
    ] {
        assert!(titles.contains(&expected), "DAFTAR ISI lacks {expected:?}: {titles:?}");
    }
    assert_eq!(toc[0].number, "i");
    // Every outlined heading down to the 1. level is listed, pointing at its page.
    for h in laid.headings.iter().filter(|h| h.outlined && h.level <= 3) {
        let body = h.body.to_uppercase();
        assert!(
            toc.iter().any(|e| e.target == h.page && e.title.to_uppercase().ends_with(&body)),
            "DAFTAR ISI lacks {:?} (page {})",
            h.body,
            h.page
        );
    }
    assert_eq!(toc.len(), laid.headings.iter().filter(|h| h.outlined && h.level <= 3).count());
    // Deeper than the 1. level is not listed.
    assert!(!titles.iter().any(|t| t.starts_with("a. ") || t.starts_with("1) ")), "{titles:?}");
}
