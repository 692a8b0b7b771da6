//! Headings (F6–F8): chapter heads, the A. → 1. → a. → 1) → a) sub-headings, and the
//! unnumbered part titles.

use crate::layout::*;

/// Chapter and part titles are 14 pt (F6, F8).
const TITLE: f64 = 14.0;

/// The body baseline distance at the default `spasi: 1.5`.
const BASELINE: f64 = 1.5 * SINGLE;

/// The baseline of a 14 pt line set at the very top of the text block (1em tall line boxes
/// with their baseline 0.8em below the top).
fn top_baseline(size: f64) -> f64 {
    MARGINS.top + 0.8 * size
}

/// Asserts that `line` is a title line: 14 pt, bold, centred in the text block, upper case.
#[track_caller]
fn assert_title_line(line: &Line, what: &str) {
    assert_near(&format!("size of {what} {:?}", line.text()), line.size(), TITLE, 0.001);
    assert!(line.bold(), "{what} {:?} is not bold", line.text());
    assert_near(&format!("centre of {what} {:?}", line.text()), line.centre(), MARGINS.centre(), 0.5);
    assert_eq!(line.text(), line.text().to_uppercase(), "{what} is not upper case");
}

#[test]
fn f06_chapter_head() {
    let laid = lengkap();
    let chapters = [
        ("BAB I", vec!["PENDAHULUAN"]),
        ("BAB II", vec!["KERJA SAMA SISTER CITY KABUPATEN BOGOR DENGAN", "NANNING"]),
        ("BAB III", vec!["PENUTUP"]),
    ];
    for (n, (bab, title)) in chapters.iter().enumerate() {
        let page = laid.page(laid.chapter_page(n as i64 + 1));
        let lines = page.body_lines(&MARGINS);
        // A new page: the head is the first thing on it, at the top of the text block.
        assert_eq!(lines[0].text(), *bab, "page {}", page.number);
        assert_near(&format!("baseline of {bab}"), lines[0].y, top_baseline(TITLE), 0.05);
        assert_title_line(&lines[0], bab);
        for (i, expected) in title.iter().enumerate() {
            let line = &lines[i + 1];
            assert_eq!(line.text(), *expected, "title line {i} of {bab}");
            assert_title_line(line, bab);
            // Title lines follow each other at the line spacing of 14 pt text.
            assert_near(&format!("{bab} title line {i}"), line.y - lines[i].y, 1.5 * 1.15 * TITLE, 0.05);
        }
        // Then one blank body line before the text: below the title line's descent come the
        // leading of a body line and a whole body line, then the next line's ascent.
        let last = &lines[title.len()];
        let next = &lines[title.len() + 1];
        let leading = BASELINE - 12.0;
        assert_near(
            &format!("space between the {bab} head and {:?}", next.text()),
            next.y - last.y,
            0.2 * TITLE + leading + BASELINE + 0.8 * 12.0,
            0.1,
        );
    }
}

#[test]
fn f07_subheading_numbers_and_position() {
    let laid = lengkap();
    let first = laid.chapter_page(1);
    let last = laid.part("pustaka").page;
    let mut heads = vec![];
    for n in first..last {
        let lines = laid.page(n).body_lines(&MARGINS);
        for (i, line) in lines.iter().enumerate() {
            let sub = line.bold() && (line.size() - 12.0).abs() < 0.01 && (line.x0() - MARGINS.x0()).abs() < 0.05;
            // Table header rows are bold too, but never start at the margin; captions are centred.
            if !sub {
                continue;
            }
            heads.push(line.text());
            // One blank line above (when the head follows body text on its page), none below.
            let body = |l: &&Line| (l.size() - 12.0).abs() < 0.01;
            let paragraph_line = |l: &Line| {
                !l.bold() && [MARGINS.x0(), MARGINS.x0() + 1.25 * CM].iter().any(|x| (l.x0() - x).abs() < 0.05)
            };
            if let Some(prev) = lines[..i].iter().rev().find(body)
                && paragraph_line(prev)
            {
                assert_near(&format!("space above {:?}", line.text()), line.y - prev.y, 2.0 * BASELINE, 0.1);
            }
            if let Some(next) = lines[i + 1..].iter().find(body) {
                assert_near(&format!("space below {:?}", line.text()), next.y - line.y, BASELINE, 0.1);
            }
        }
    }
    assert_eq!(
        heads,
        [
            "A. Latar Belakang",
            "1. Konsep Otonomi Daerah",
            "a. Kewenangan daerah",
            "1) Urusan wajib",
            "a) Pendidikan",
            "B. Rumusan Masalah",
            "C. Tinjauan Pustaka",
            "A. Gambaran Umum Kabupaten Bogor",
            "B. Gambaran Umum Nanning",
            "A. Kesimpulan",
            "B. Saran",
        ],
        "sub-headings by depth A. → 1. → a. → 1) → a), the author's capitalisation kept, no decimal numbers"
    );
}

#[test]
fn f08_part_titles() {
    let laid = lengkap();
    let titles = [
        ("persetujuan", "HALAMAN PERSETUJUAN"),
        ("pengesahan", "HALAMAN PENGESAHAN"),
        ("pernyataan", "PERNYATAAN KEASLIAN"),
        ("motto", "MOTTO"),
        ("persembahan", "PERSEMBAHAN"),
        ("kata-pengantar", "KATA PENGANTAR"),
        ("abstrak", "ABSTRAK"),
        ("abstract", "ABSTRACT"),
        ("daftar-isi", "DAFTAR ISI"),
        ("daftar-tabel", "DAFTAR TABEL"),
        ("daftar-gambar", "DAFTAR GAMBAR"),
        ("daftar-lampiran", "DAFTAR LAMPIRAN"),
        ("pustaka", "DAFTAR PUSTAKA"),
        ("lampiran", "LAMPIRAN"),
    ];
    let mut previous = 0;
    for (part, title) in titles {
        let page = laid.page(laid.part(part).page);
        // Each on a new page: the title is the page's first line, at the top of the block.
        assert!(page.number > previous, "{title} shares page {} with the part before", page.number);
        previous = page.number;
        let first = &page.body_lines(&MARGINS)[0];
        assert_eq!(first.text(), title, "first line of page {}", page.number);
        assert_title_line(first, title);
        assert_near(&format!("baseline of {title}"), first.y, top_baseline(TITLE), 0.05);
    }
}
