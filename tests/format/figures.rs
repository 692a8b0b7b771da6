//! Tables and figures (F25–F29): per-chapter numbers, caption position and look, the
//! "Sumber:" line, long tables, wide figures.

use crate::layout::*;

/// A caption as laid out: its label ("Tabel 2.1"), page and lines.
#[derive(Debug)]
struct Caption {
    /// "Tabel 2.1", "Gambar 3.1", "Tabel L1.1".
    label: String,
    /// The page it is on.
    page: usize,
    /// Its lines (a long caption wraps).
    lines: Vec<Line>,
}

/// Every caption of the document, in order: lines whose first two words are a bold
/// "Tabel"/"Gambar" and a number.
fn captions(laid: &Laid) -> Vec<Caption> {
    let mut out = vec![];
    for page in &laid.pages {
        let lines = page.body_lines(&MARGINS);
        for (i, line) in lines.iter().enumerate() {
            let w = &line.words;
            if w.len() >= 2 && w[0].bold && w[1].bold && ["Tabel", "Gambar"].contains(&w[0].text.as_str()) {
                let mut caption = vec![line.clone()];
                // Continuation lines of a long caption follow at the single line distance.
                for next in &lines[i + 1..] {
                    if (next.y - caption.last().unwrap().y - SINGLE).abs() < 0.05 && !next.bold() && next.size() == 12.0
                    {
                        caption.push(next.clone());
                    } else {
                        break;
                    }
                }
                out.push(Caption { label: format!("{} {}", w[0].text, w[1].text), page: page.number, lines: caption });
            }
        }
    }
    out
}

/// The caption labelled `label`.
fn caption<'a>(all: &'a [Caption], label: &str) -> &'a Caption {
    all.iter().find(|c| c.label == label).unwrap_or_else(|| panic!("no caption {label}: {all:?}"))
}

/// The rules (cell borders) of the table right below the caption `c`: those starting between
/// the caption and the next text that is not a table's.
fn table_rules(laid: &Laid, c: &Caption) -> Vec<Rect> {
    let top = c.lines.last().unwrap().y;
    let rules: Vec<Rect> =
        laid.page(c.page).rules.iter().filter(|r| r.y0 > top && r.y0 < top + 40.0).copied().collect();
    let first = rules.iter().map(|r| r.y0).fold(f64::MAX, f64::min);
    // Everything connected below the first row: rules of the same table start no lower than
    // the bottom of the rules found so far.
    let mut bottom = rules.iter().map(|r| r.y1).fold(first, f64::max);
    let mut out: Vec<Rect> = vec![];
    let mut all: Vec<Rect> = laid.page(c.page).rules.iter().filter(|r| r.y0 >= first - 0.01).copied().collect();
    all.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    for r in all {
        if r.y0 <= bottom + 0.01 {
            bottom = bottom.max(r.y1);
            out.push(r);
        }
    }
    assert!(!out.is_empty(), "no table under {}", c.label);
    out
}

/// The bounding box of some rules.
fn bbox(rules: &[Rect]) -> Rect {
    rules.iter().fold(Rect { x0: f64::MAX, y0: f64::MAX, x1: f64::MIN, y1: f64::MIN }, |a, r| Rect {
        x0: a.x0.min(r.x0),
        y0: a.y0.min(r.y0),
        x1: a.x1.max(r.x1),
        y1: a.y1.max(r.y1),
    })
}

/// The image right above the caption `c`.
fn image_above(laid: &Laid, c: &Caption) -> Rect {
    let y = c.lines[0].y;
    *laid
        .page(c.page)
        .images
        .iter()
        .filter(|r| r.y1 < y)
        .max_by(|a, b| a.y1.total_cmp(&b.y1))
        .unwrap_or_else(|| panic!("no image above {}", c.label))
}

#[test]
fn f25_tables_restart_per_chapter() {
    let laid = lengkap();
    let labels: Vec<String> = captions(laid).into_iter().map(|c| c.label).collect();
    assert_eq!(labels, ["Tabel 1.1", "Gambar 2.1", "Tabel 2.1", "Tabel 2.2", "Gambar 3.1", "Tabel L1.1"]);
    // A reference prints the same label.
    let all: String = laid.pages.iter().map(|p| p.text().replace('\n', " ")).collect::<Vec<_>>().join(" ");
    for needle in ["Seperti terlihat pada Tabel 1.1,", "Pada Gambar 2.1 terlihat", "lihat juga Gambar 3.1."] {
        assert!(all.contains(needle), "no {needle:?} in the text");
    }
}

#[test]
fn f26_caption_positions() {
    let laid = lengkap();
    let all = captions(laid);
    for c in &all {
        for line in &c.lines {
            assert_near(&format!("centre of the caption line {:?}", line.text()), line.centre(), MARGINS.centre(), 0.5);
        }
        // The label in bold, the caption text not.
        assert!(c.lines[0].words[2..].iter().all(|w| !w.bold), "{}: the caption text is bold", c.label);
        for pair in c.lines.windows(2) {
            assert_near(&format!("{}: caption line distance", c.label), pair[1].y - pair[0].y, SINGLE, 0.05);
        }
        if c.label.starts_with("Tabel") {
            let table = bbox(&table_rules(laid, c));
            let last = c.lines.last().unwrap();
            assert!(
                last.y + 0.2 * 12.0 <= table.y0,
                "{}: caption (baseline {:.2}) not above the table (top {:.2})",
                c.label,
                last.y,
                table.y0
            );
        } else {
            let image = image_above(laid, c);
            assert!(c.lines[0].y - 0.8 * 12.0 >= image.y1, "{}: caption not below the image", c.label);
        }
    }
    assert!(all.iter().any(|c| c.lines.len() > 1), "no caption runs over two lines");
}

#[test]
fn f27_source_line() {
    let laid = lengkap();
    let all = captions(laid);
    let source = |page: usize, text: &str| -> Line {
        laid.page(page)
            .body_lines(&MARGINS)
            .into_iter()
            .find(|l| l.text() == text)
            .unwrap_or_else(|| panic!("no {text:?} on page {page}"))
    };
    // A table: the source line under its last rule, from its left edge.
    let t = caption(&all, "Tabel 1.1");
    let table = bbox(&table_rules(laid, t));
    let line = source(t.page, "Sumber: Keohane dan Nye (1977)");
    assert_near("x of the table's source line", line.x0(), table.x0, 0.5);
    assert!(line.y - 0.8 * 10.0 >= table.y1, "the source line is not under the table");
    // A figure, at its natural width or half the block: from the image's left edge.
    for (label, text) in
        [("Gambar 2.1", "Sumber: Bappeda Kabupaten Bogor, 2015"), ("Gambar 3.1", "Sumber: Dokumen penulis")]
    {
        let c = caption(&all, label);
        let image = image_above(laid, c);
        let line = source(c.page, text);
        assert_near(&format!("x of the source line of {label}"), line.x0(), image.x0, 0.5);
        assert!(line.y > image.y1, "{label}: the source line is not under the image");
        assert!(line.y < c.lines[0].y, "{label}: the source line is not between the image and the caption");
    }
    for page in &laid.pages {
        for line in page.body_lines(&MARGINS).iter().filter(|l| l.text().starts_with("Sumber:")) {
            for w in &line.words {
                assert_near(&format!("size of {:?} on page {}", w.text, page.number), w.size, 10.0, 0.001);
            }
        }
    }
}

#[test]
fn f28_long_table_repeats_header() {
    let laid = lengkap();
    let all = captions(laid);
    let c = caption(&all, "Tabel 2.1");
    let header = "No Kegiatan Keterangan";
    // The pages the table's rows are on (rows are numbered 1…39 in the first column).
    let mut pages = vec![];
    for page in &laid.pages[c.page - 1..] {
        let lines = page.body_lines(&MARGINS);
        let rows: Vec<&Line> = lines
            .iter()
            .filter(|l| {
                l.text().starts_with(|ch: char| ch.is_ascii_digit())
                    && l.words[0].text.parse::<u32>().is_ok_and(|n| n <= 39)
                    && l.words.len() > 2
            })
            .collect();
        if rows.is_empty() {
            if !pages.is_empty() {
                break;
            }
            continue;
        }
        pages.push(page.number);
        let head =
            lines.iter().find(|l| l.text() == header).unwrap_or_else(|| panic!("page {}: no header row", page.number));
        assert!(head.bold(), "page {}: the header row is not bold", page.number);
        assert!(rows.iter().all(|r| r.y > head.y), "page {}: a row above the header", page.number);
        for r in page.rules.iter().chain(page.images.iter()) {
            // The border's centre line is the block's edge (half of the 0.5 pt stroke outside).
            assert!(
                r.x0 >= MARGINS.x0() - 0.3 && r.x1 <= MARGINS.x1() + 0.3,
                "page {}: the table reaches x {:.2}–{:.2}",
                page.number,
                r.x0,
                r.x1
            );
        }
    }
    assert!(pages.len() >= 2, "the long table is on pages {pages:?}");
    let last_row = laid.page(*pages.last().unwrap()).text();
    assert!(last_row.contains("39 Pendidikan pemerintah"), "the last row is missing");
}

#[test]
fn f29_wide_figure_scaled() {
    let laid = lengkap();
    let all = captions(laid);
    let wide = image_above(laid, caption(&all, "Gambar 2.1"));
    assert_near("width of the 1200 px figure", wide.w(), MARGINS.x1() - MARGINS.x0(), 0.05);
    assert_near("x of the 1200 px figure", wide.x0, MARGINS.x0(), 0.05);
    assert_near("height of the scaled 1200 × 500 figure", wide.y1 - wide.y0, wide.w() * 500.0 / 1200.0, 0.05);
    let half = image_above(laid, caption(&all, "Gambar 3.1"));
    assert_near("width of the figure with lebar: 50%", half.w(), (MARGINS.x1() - MARGINS.x0()) / 2.0, 0.05);
    assert_near("centre of the half-width figure", (half.x0 + half.x1) / 2.0, MARGINS.centre(), 0.05);
}
