//! Body text (F3–F5): font and size, line spacing and its knob, first-line indent,
//! justification, no gap between paragraphs, hyphenation by the PUEBI rules.

use crate::common::TestProject;
use crate::layout::*;

/// Body text size (F3).
const BODY: f64 = 12.0;

/// The first-line indent of F5.
const INDENT: f64 = 1.25 * CM;

/// The chapter sources of the fixture.
fn chapter_sources() -> Vec<String> {
    let dir = crate::common::repo().join("tests/template/lengkap/thesis");
    ["bab1.typ", "bab2.typ", "bab3.typ", "lampiran1.typ", "lampiran2.typ"]
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap())
        .collect()
}

/// The first words of every plain paragraph of the chapters (blocks of text that are neither
/// markup calls, headings nor tables): up to three, as printed (none with markup in it).
fn paragraph_starts() -> Vec<String> {
    chapter_sources()
        .iter()
        .flat_map(|src| src.split("\n\n").map(str::trim).map(str::to_string).collect::<Vec<_>>())
        .filter(|p| p.chars().next().is_some_and(char::is_alphabetic))
        .filter_map(|p| {
            let words: Vec<&str> =
                p.split_whitespace().take(3).take_while(|w| !w.contains(['@', '#', '_', '*', '<', '['])).collect();
            (words.len() >= 2).then(|| words.join(" "))
        })
        .collect()
}

/// A body paragraph as laid out on the page where it starts: its lines on that page, whether
/// it continues on the next page, and the line that follows it on the page, if any.
#[derive(Debug)]
pub struct Paragraph {
    /// The lines of the paragraph on its first page.
    pub lines: Vec<Line>,
    /// Whether the paragraph runs over to the next page.
    pub continues: bool,
    /// The next body line on the same page.
    pub next: Option<Line>,
}

/// Finds the body paragraph (12 pt, not bold, from BAB I on) starting with `start`.
pub fn paragraph(laid: &Laid, start: &str, m: &Margins) -> Paragraph {
    let body = |l: &Line| (l.size() - BODY).abs() < 0.01 && !l.bold();
    let full = |l: &Line| (l.x1() - m.x1()).abs() <= 0.3;
    for page in &laid.pages[laid.chapter_page(1) - 1..] {
        // Footnote markers are lines of their own (a smaller size, a raised baseline).
        let lines: Vec<Line> = page.body_lines(m).into_iter().filter(|l| l.size() >= 9.0).collect();
        let Some(i) = lines.iter().position(|l| body(l) && l.text().starts_with(start)) else { continue };
        let mut para = vec![lines[i].clone()];
        let mut j = i + 1;
        while full(para.last().unwrap()) && j < lines.len() && body(&lines[j]) && (lines[j].x0() - m.x0()).abs() < 0.05
        {
            para.push(lines[j].clone());
            j += 1;
        }
        // Only footnotes (10 pt) may follow a paragraph that runs over to the next page.
        let continues = full(para.last().unwrap()) && lines[j..].iter().all(|l| l.size() < BODY - 0.5);
        let next = lines.get(j).filter(|l| (l.size() - BODY).abs() < 0.01).cloned();
        return Paragraph { lines: para, continues, next };
    }
    panic!("no paragraph starts with {start:?}");
}

#[test]
fn f03_body_font_and_size() {
    let laid = lengkap();
    let starts = paragraph_starts();
    assert!(starts.len() >= 20, "only {} paragraphs found in the fixture", starts.len());
    let mut words = 0;
    for start in &starts {
        for line in paragraph(laid, start, &MARGINS).lines {
            for w in &line.words {
                assert_eq!(w.family, "Liberation Serif", "{:?} in {start:?}", w.text);
                assert_near(&format!("size of {:?}", w.text), w.size, BODY, 0.001);
                assert!(!w.bold, "{:?} is bold", w.text);
                words += 1;
            }
        }
    }
    assert!(words > 1000, "only {words} body words measured");
    // No glyph anywhere falls back to another font.
    for page in &laid.pages {
        for w in &page.words {
            assert_eq!(w.family, "Liberation Serif", "page {}: {:?}", page.number, w.text);
        }
    }
}

#[test]
fn f03_font_knob_changes_body_font() {
    let laid = with_yaml("format:\n  font: Libertinus Serif");
    let first = paragraph(&laid, "Kabupaten Bogor adalah", &MARGINS);
    for w in first.lines.iter().flat_map(|l| &l.words) {
        assert_eq!(w.family, "Libertinus Serif", "{:?}", w.text);
    }
}

/// Baseline distances of consecutive lines inside the fixture's body paragraphs.
fn baseline_distances(laid: &Laid, m: &Margins) -> Vec<(String, f64)> {
    let mut out = vec![];
    for start in paragraph_starts() {
        let p = paragraph(laid, &start, m);
        for pair in p.lines.windows(2) {
            out.push((format!("{start:?}: {:?}", pair[1].text()), pair[1].y - pair[0].y));
        }
    }
    out
}

#[test]
fn f04_line_spacing_15_and_2() {
    for (yaml, spasi) in [("", 1.5), ("format:\n  spasi: 2", 2.0)] {
        let owned;
        let laid = if yaml.is_empty() {
            lengkap()
        } else {
            owned = with_yaml(yaml);
            &owned
        };
        let expected = spasi * SINGLE;
        let distances = baseline_distances(laid, &MARGINS);
        assert!(distances.len() > 100, "only {} line pairs measured", distances.len());
        for (what, d) in distances {
            assert_near(&format!("spasi {spasi}, baseline distance before {what}"), d, expected, 0.05);
        }
    }
}

#[test]
fn f04_other_spacing_is_rejected_with_the_yaml_line() {
    let p = TestProject::copy_of(&crate::common::repo().join("tests/template/lengkap"));
    let yaml = p.read("thesis/thesis.yaml");
    let line = yaml.lines().count() + 2;
    p.write("thesis/thesis.yaml", format!("{yaml}format:\n  spasi: 3\n"));
    p.tesis(&["build"]).fails_with(&[&format!("thesis/thesis.yaml:{line}"), "format.spasi", "must be 1.5 or 2, not 3"]);
}

#[test]
fn f05_indent_justify_no_paragraph_gap() {
    let laid = lengkap();
    let mut gaps = 0;
    for start in paragraph_starts() {
        let p = paragraph(laid, &start, &MARGINS);
        let first = &p.lines[0];
        assert_near(&format!("first line of {start:?}"), first.x0(), MARGINS.x0() + INDENT, 0.05);
        for line in &p.lines[1..] {
            assert_near(&format!("continuation line {:?}", line.text()), line.x0(), MARGINS.x0(), 0.05);
        }
        // Justified: every line but the paragraph's last reaches the right margin.
        let full = if p.continues { &p.lines[..] } else { &p.lines[..p.lines.len() - 1] };
        for line in full {
            assert_near(&format!("right end of {:?}", line.text()), line.x1(), MARGINS.x1(), 0.3);
        }
        // No blank line: the next paragraph's first line follows at the line distance.
        if let Some(next) = &p.next
            && !next.bold()
            && (next.x0() - MARGINS.x0() - INDENT).abs() < 0.05
            && (next.x1() - MARGINS.x1()).abs() < 0.3
        {
            let last = p.lines.last().unwrap();
            assert_near(&format!("gap between {start:?} and {:?}", next.text()), next.y - last.y, 1.5 * SINGLE, 0.05);
            gaps += 1;
        }
    }
    assert!(gaps >= 10, "only {gaps} paragraph gaps measured");
}

#[test]
fn f05_hyphenation_by_puebi_and_even_spaces() {
    let laid = lengkap();
    let sources: String = chapter_sources().concat();
    let id = hypher::Lang::from_iso(*b"id").unwrap();
    let en = hypher::Lang::from_iso(*b"en").unwrap();
    let mut divided = 0;
    for (n, line) in laid.all_lines() {
        let Some(last) = line.words.last() else { continue };
        let lines = laid.page(n).lines();
        let i = lines.iter().position(|l| (l.y - line.y).abs() < 0.01).unwrap();
        let next = lines.get(i + 1).and_then(|l| l.words.first()).map_or(String::new(), |w| w.text.clone());
        if let Some(head) = last.text.strip_suffix('\u{ad}') {
            // Typst divided a word (its hyphen is a soft hyphen in the text): only where the
            // hyphenator of the language offers a break (Indonesian: PUEBI, crates/hypher-id).
            let head: String =
                head.chars().rev().take_while(|c| c.is_alphabetic()).collect::<Vec<_>>().into_iter().rev().collect();
            let tail: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
            let word = format!("{head}{tail}");
            let at = |lang| {
                let mut end = 0;
                hypher::hyphenate(&word, lang).any(|piece| {
                    end += piece.len();
                    end == head.len()
                })
            };
            assert!(at(id) || at(en), "page {n}: {head}-{tail} is divided where no rule allows it");
            divided += 1;
        } else if last.text.ends_with('-') || last.text.ends_with('\u{2010}') {
            // A typed hyphen ("seluas-luasnya"): the line may end there.
            let joined = format!("{}{}", last.text, next);
            assert!(sources.contains(&joined), "page {n}: a hyphen the author did not write: {joined:?}");
        }
    }
    assert!(divided >= 5, "only {divided} divided words: is hyphenation on?");
    // Rivers: justification stretches spaces, but most lines stay within the limits the template
    // sets (150% of a space), and wide spaces (twice a normal one) never
    // line up on three consecutive lines.
    let space = 0.25 * BODY;
    let mut widths = vec![];
    let mut rivers = vec![];
    for start in paragraph_starts() {
        let p = paragraph(laid, &start, &MARGINS);
        let full = if p.continues { &p.lines[..] } else { &p.lines[..p.lines.len() - 1] };
        let wide: Vec<Vec<(f64, f64)>> = full
            .iter()
            .map(|l| l.words.windows(2).map(|w| (w[0].x1(), w[1].x)).filter(|(a, b)| b - a >= 2.0 * space).collect())
            .collect();
        for line in full {
            widths.push(line.words.windows(2).map(|w| w[1].x - w[0].x1()).fold(0.0, f64::max));
        }
        let overlaps = |a: &(f64, f64), b: &(f64, f64)| a.0 < b.1 && b.0 < a.1;
        for k in 2..wide.len() {
            for g in &wide[k] {
                if wide[k - 1].iter().any(|h| overlaps(g, h) && wide[k - 2].iter().any(|i| overlaps(h, i))) {
                    rivers.push(full[k].text());
                }
            }
        }
    }
    widths.sort_by(f64::total_cmp);
    let median = widths[widths.len() / 2];
    assert!(widths.len() > 200, "only {} justified lines measured", widths.len());
    assert!(median <= 1.5 * space, "the median justified space is {median:.2} pt, above 150% of {space} pt");
    assert!(rivers.is_empty(), "rivers of wide spaces over three lines, ending at: {rivers:#?}");
}
