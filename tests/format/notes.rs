//! Block quotes, footnotes, citations and the bibliography (F21–F24).

use crate::layout::*;

/// The indent of block quotes and of bibliography continuation lines (F21, F24).
const INDENT: f64 = 1.25 * CM;

/// Footnote text size (F22).
const NOTE: f64 = 10.0;

#[test]
fn f21_block_quote() {
    let laid = lengkap();
    let page = laid.page_with("Pemerintahan Daerah adalah");
    let lines = page.body_lines(&MARGINS);
    let start = lines.iter().position(|l| l.text().starts_with("Pemerintahan Daerah adalah")).unwrap();
    let end = lines.iter().position(|l| l.text().ends_with("Tahun 1945.")).unwrap();
    let quote = &lines[start..=end];
    assert!(quote.len() >= 4, "the quote has {} lines", quote.len());
    for (i, line) in quote.iter().enumerate() {
        assert_near(&format!("left edge of quote line {:?}", line.text()), line.x0(), MARGINS.x0() + INDENT, 0.05);
        assert!(line.x1() <= MARGINS.x1() - INDENT + 0.05, "quote line {:?} ends at {:.2}", line.text(), line.x1());
        if i + 1 < quote.len() {
            // Justified to the right indent.
            assert_near(&format!("right edge of quote line {:?}", line.text()), line.x1(), MARGINS.x1() - INDENT, 0.3);
        }
    }
    // Single-spaced inside, set off by a blank line before and after.
    for pair in quote.windows(2) {
        assert_near("line distance inside the quote", pair[1].y - pair[0].y, SINGLE, 0.05);
    }
    let before = &lines[start - 1];
    let after = &lines[end + 1];
    assert!(quote[0].y - before.y > 1.5 * SINGLE + 10.0, "no space before the quote");
    assert!(after.y - quote.last().unwrap().y > 1.5 * SINGLE + 10.0, "no space after the quote");
    // No quotation marks added.
    let text: String = quote.iter().map(Line::text).collect::<Vec<_>>().join(" ");
    assert!(!text.contains(['“', '”', '"']), "{text}");
}

/// A footnote as laid out: its number (the marker in the note area) and its lines.
#[derive(Debug)]
struct Note {
    /// The page it is on.
    page: usize,
    /// The number printed before it.
    number: String,
    /// Its text lines.
    lines: Vec<Line>,
}

/// The footnote separator of a page: a horizontal 5 cm rule from the left margin.
fn separator(page: &Page) -> Option<Rect> {
    page.rules
        .iter()
        .find(|r| r.y0 == r.y1 && (r.x0 - MARGINS.x0()).abs() < 0.05 && (r.w() - 5.0 * CM).abs() < 0.05)
        .copied()
}

/// The footnotes of every page, in order: the lines below the separator rule of a page.
fn footnotes(laid: &Laid) -> Vec<Note> {
    let mut out: Vec<Note> = vec![];
    for page in &laid.pages {
        // The separator: a short rule from the left margin (F22: 5 cm), under the text.
        let Some(rule) = separator(page) else { continue };
        let below: Vec<Line> = page.body_lines(&MARGINS).into_iter().filter(|l| l.y > rule.y0).collect();
        assert!(!below.is_empty(), "page {}: a footnote rule without notes", page.number);
        for line in below {
            if line.size() < NOTE - 1.0 {
                // A raised marker: it opens a note whose first line is the next line.
                out.push(Note { page: page.number, number: line.text(), lines: vec![] });
            } else {
                out.last_mut().expect("a footnote line before any marker").lines.push(line);
            }
        }
    }
    out
}

#[test]
fn f22_footnote_size_and_numbering() {
    let laid = lengkap();
    let notes = footnotes(laid);
    let numbers: Vec<&str> = notes.iter().map(|n| n.number.as_str()).collect();
    // BAB I has notes 1–4, BAB II 5, BAB III 6.
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "6"], "numbered continuously through the thesis");
    assert!(
        notes[3].page < laid.chapter_page(2)
            && notes[4].page >= laid.chapter_page(2)
            && notes[5].page >= laid.chapter_page(3)
    );
    let mut multi = 0;
    for note in &notes {
        assert!(!note.lines.is_empty(), "note {} has no text", note.number);
        for w in note.lines.iter().flat_map(|l| &l.words) {
            assert_near(&format!("size of {:?} in note {}", w.text, note.number), w.size, NOTE, 0.001);
        }
        for pair in note.lines.windows(2) {
            assert_near(&format!("line distance in note {}", note.number), pair[1].y - pair[0].y, 1.15 * NOTE, 0.05);
            multi += 1;
        }
    }
    assert!(multi > 0, "no footnote runs over two lines");
    // The markers in the text carry the same numbers, in the same order.
    let mut markers = vec![];
    for page in &laid.pages {
        let rule = separator(page).map(|r| r.y0);
        for line in page.body_lines(&MARGINS) {
            if line.size() < 9.0 && rule.is_none_or(|y| line.y < y) {
                markers.push(line.text());
            }
        }
    }
    assert_eq!(markers, numbers);
}

#[test]
fn f22_nomor_catatan_bab() {
    let laid = with_yaml("format:\n  nomor_catatan: bab");
    let numbers: Vec<(usize, String)> = footnotes(&laid).into_iter().map(|n| (n.page, n.number)).collect();
    let restarted: Vec<&str> = numbers.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(restarted, ["1", "2", "3", "4", "1", "1"], "{numbers:?}");
    assert!(numbers[4].0 >= laid.chapter_page(2) && numbers[5].0 >= laid.chapter_page(3));
}

#[test]
fn f23_citations_are_footnotes() {
    let laid = lengkap();
    let notes = footnotes(laid);
    // A word divided at a line end (a soft hyphen, issue 19) is read whole.
    let text = |n: &Note| n.lines.iter().map(Line::text).collect::<Vec<_>>().join(" ").replace("\u{ad} ", "");
    // `@jatmika2001` becomes a Chicago note, `@keohane1977[hlm. 24]` prints "hlm."
    assert_eq!(
        text(&notes[1]),
        "Sidik Jatmika, Otonomi Daerah Perspektif Hubungan Internasional (Yogyakarta: Bigraf Publishing, 2001)."
    );
    assert!(text(&notes[2]).ends_with("(Boston: Little, Brown, 1977), hlm. 24."), "{}", text(&notes[2]));
    let page = laid.page_with("bersaudara memerlukan program");
    let body: String =
        page.body_lines(&MARGINS).iter().filter(|l| l.size() == 12.0).map(Line::text).collect::<Vec<_>>().join("\n");
    assert!(!body.contains("(Jatmika") && !body.contains("2001)"), "a citation in the text:\n{body}");
    // An author-date style puts the citation in the text instead.
    let apa = with_yaml("gaya_sitasi: apa");
    let all: String = apa.pages.iter().map(|p| p.text().replace('\n', " ")).collect::<Vec<_>>().join(" ");
    assert!(all.contains("(Jatmika, 2001)"), "APA citation missing");
}

#[test]
fn f24_bibliography_order_and_indent() {
    let laid = lengkap();
    let lines = laid.page(laid.part("pustaka").page).body_lines(&MARGINS);
    let entries: Vec<&Line> = lines[1..].iter().filter(|l| (l.x0() - MARGINS.x0()).abs() < 0.05).collect();
    let names: Vec<&str> = entries.iter().map(|l| l.words[0].text.trim_end_matches(',')).collect();
    assert_eq!(names, ["Aldecoa", "Jatmika", "Kementerian", "Keohane"], "cited entries, alphabetical");
    let all: String = lines.iter().map(Line::text).collect();
    assert!(!all.contains("Tidak Dikutip"), "an uncited entry is listed");
    let mut continuations = 0;
    for pair in lines[1..].windows(2) {
        let next_is_entry = (pair[1].x0() - MARGINS.x0()).abs() < 0.05;
        if next_is_entry {
            assert_near("distance between entries (one blank line)", pair[1].y - pair[0].y, 2.0 * SINGLE, 0.05);
        } else {
            assert_near(&format!("hanging indent of {:?}", pair[1].text()), pair[1].x0(), MARGINS.x0() + INDENT, 0.05);
            assert_near("line distance inside an entry", pair[1].y - pair[0].y, SINGLE, 0.05);
            continuations += 1;
        }
    }
    assert!(continuations >= 4);
}
