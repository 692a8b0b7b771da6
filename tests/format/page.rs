//! The page (F1, F2): paper size and the text block inside the margins on every page.

use crate::layout::*;

/// How far (pt) a box may stray over a margin line: rounding of the layout, nothing more.
const EDGE: f64 = 0.05;

/// How far (pt) a raised footnote marker on a page's first line may reach over the top margin
/// line: the superscript rises a quarter of the body size above the capitals.
const SUPERSCRIPT: f64 = 3.0;

/// How far a rule may reach over a margin line: a table's 0.5 pt border is centred on the
/// cell edge (which is the margin) and its ends are extended by half its width to close the
/// corners, so a quarter point of ink lies outside.
const STROKE: f64 = 0.25 + EDGE;

/// Asserts that every word, image and rule of `laid` lies inside the text block of `m`, except
/// the one page number of a page, which lies in the top or bottom margin.
fn assert_inside(laid: &Laid, m: &Margins) {
    for page in &laid.pages {
        let number = page.printed_number(m);
        if let Some((_, w)) = &number {
            let (top, bottom) = (w.y - 0.8 * w.size, w.y + 0.2 * w.size);
            assert!(
                bottom <= m.top + EDGE || top >= m.y1() - EDGE,
                "page {}: the page number {:?} reaches into the text block",
                page.number,
                w.text
            );
            assert!(top >= 0.0 && bottom <= page.height, "page {}: the page number is off the page", page.number);
        }
        for w in page.words.iter().filter(|w| w.y > m.top && w.y < m.y1()) {
            let (top, bottom) = (w.y - 0.8 * w.size, w.y + 0.2 * w.size);
            // A footnote marker raised over the first line of a page rises above the line's
            // cap height (as in any typesetting); it may reach SUPERSCRIPT into the top margin.
            let raised = w.size < 11.0 && w.text.chars().all(|c| c.is_ascii_digit());
            let ceiling = if raised { m.top - SUPERSCRIPT } else { m.top - EDGE };
            assert!(
                w.x >= m.x0() - EDGE && w.x1() <= m.x1() + EDGE && top >= ceiling && bottom <= m.y1() + EDGE,
                "page {}: {:?} at x {:.2}–{:.2}, y {:.2}–{:.2} leaves the text block x {:.2}–{:.2}, y {:.2}–{:.2}",
                page.number,
                w.text,
                w.x,
                w.x1(),
                top,
                bottom,
                m.x0(),
                m.x1(),
                m.top,
                m.y1()
            );
        }
        for (what, r, tol) in
            page.images.iter().map(|r| ("image", r, EDGE)).chain(page.rules.iter().map(|r| ("rule", r, STROKE)))
        {
            assert!(
                r.x0 >= m.x0() - tol && r.x1 <= m.x1() + tol && r.y0 >= m.top - tol && r.y1 <= m.y1() + tol,
                "page {}: {what} {r:?} leaves the text block",
                page.number
            );
        }
    }
}

#[test]
fn f01_every_page_is_a4_portrait() {
    let laid = lengkap();
    assert!(laid.pages.len() > 30, "the fixture has {} pages", laid.pages.len());
    for page in &laid.pages {
        assert_near(&format!("page {} width", page.number), page.width, A4.0, 0.01);
        assert_near(&format!("page {} height", page.number), page.height, A4.1, 0.01);
    }
}

#[test]
fn f02_text_block_inside_margins() {
    let laid = lengkap();
    assert_inside(laid, &MARGINS);
    // The block is used up to its edges: full body lines reach both sides.
    let body = laid.page(laid.chapter_page(1) + 1).body_lines(&MARGINS);
    assert!(body.iter().any(|l| (l.x0() - MARGINS.x0()).abs() < 0.05), "no line starts at the left margin");
    assert!(body.iter().any(|l| (l.x1() - MARGINS.x1()).abs() < 0.3), "no line ends at the right margin");
}

#[test]
fn f02_margin_knob_moves_text_block() {
    let m = Margins { left: 3.0 * CM, top: 3.0 * CM, ..MARGINS };
    let laid = with_yaml("format:\n  margin:\n    kiri: 3cm\n    atas: 3cm");
    assert_inside(&laid, &m);
    let page = laid.page(laid.chapter_page(1) + 1);
    let lines = page.body_lines(&m);
    let left = lines.iter().map(Line::x0).fold(f64::MAX, f64::min);
    assert_near("left edge of the body lines with kiri: 3cm", left, 3.0 * CM, 0.05);
    let right = lines.iter().map(Line::x1).fold(f64::MIN, f64::max);
    assert_near("right edge of the body lines (kanan unchanged)", right, MARGINS.x1(), 0.3);
    // A chapter head sits at the top of the (now higher) text block.
    let head = &laid.page(laid.chapter_page(1)).body_lines(&m)[0];
    assert_near("baseline of BAB I with atas: 3cm", head.y, 3.0 * CM + 0.8 * 14.0, 0.05);
}
