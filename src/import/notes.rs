//! Page-bottom notes: `<sup>N</sup>` markers become `[^N]` references, the note texts found
//! after a page's `---` rule become `[^N]:` definitions, and a note number left alone on its
//! own line (its superscript lost) is attached to the text before it.

use std::collections::BTreeMap;

use super::blocks::{Block, Kind, sup_number};
use super::{Change, Report};

/// The note texts of the draft, by number, with the line each was found on.
pub type Notes = BTreeMap<u32, (usize, String)>;

/// Removes rules and note definitions from `blocks`, marking the block after each removed page
/// bottom, turns inline markers and bare numbers into `[^N]`, and returns the note texts.
pub fn extract(blocks: Vec<Block>, report: &mut Report) -> (Vec<Block>, Notes) {
    let mut notes = Notes::new();
    let mut out: Vec<Block> = Vec::new();
    let mut page_break = false;
    for mut block in blocks {
        match block.kind {
            Kind::Rule => {
                report.count(Change::PageRuleRemoved);
                page_break = true;
            }
            Kind::NoteDef(n) => {
                match notes.entry(n) {
                    std::collections::btree_map::Entry::Occupied(_) => {
                        report.undecided(block.line, format!("note {n} is defined twice; kept the first"))
                    }
                    std::collections::btree_map::Entry::Vacant(slot) => {
                        slot.insert((block.line, clean_note(&block.text, report)));
                    }
                }
                page_break = true;
            }
            _ => {
                block.page_break_before = page_break;
                page_break = false;
                out.push(block);
            }
        }
    }

    // Markers in the text, counted so that a bare number is only taken for an unmarked note.
    let mut marked = Vec::new();
    for block in &mut out {
        let lines = block.lines.iter().map(|l| convert_markers(l, &mut marked, report)).collect();
        block.set_lines(lines);
    }

    let mut kept: Vec<Block> = Vec::new();
    for block in out {
        if let Kind::Bare(n) = block.kind {
            let attachable = notes.contains_key(&n) && !marked.contains(&n);
            match kept.last_mut() {
                Some(prev) if attachable && prev.kind != Kind::Rule => {
                    let mut lines = prev.lines.clone();
                    if let Some(last) = lines.last_mut() {
                        last.push_str(&format!("[^{n}]"));
                    }
                    prev.set_lines(lines);
                    marked.push(n);
                    report.count(Change::BareMarkerAttached);
                    continue;
                }
                _ => report.undecided(
                    block.line,
                    format!("the number {n} stands alone on its line but is not an unmarked note; kept as text"),
                ),
            }
            let mut block = block;
            block.kind = Kind::Paragraph;
            kept.push(block);
            continue;
        }
        kept.push(block);
    }

    for (n, (line, text)) in &notes {
        if marked.contains(n) {
            report.count(Change::FootnoteMoved);
        } else {
            report.undecided(*line, format!("note {n} has no marker in the text; its definition ends the chapter"));
        }
        if looks_like_reference(text) {
            report.undecided(
                *line,
                format!(
                    "note {n} cites a published work: make it a [@key, hlm. N] citation with an entry in pustaka.bib"
                ),
            );
        }
    }
    (kept, notes)
}

/// Turns every `<sup>N</sup>` in `s` into `[^N]`, attached to the word before it (a marker the
/// conversion put before a space or glued to the next word is moved), recording the numbers.
pub fn convert_markers(s: &str, marked: &mut Vec<u32>, report: &mut Report) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("<sup>") {
        out.push_str(&rest[..at]);
        match sup_number(&rest[at..]) {
            Some((n, after)) => {
                let trimmed = out.trim_end().len();
                let moved = trimmed < out.len() || after.starts_with(char::is_alphanumeric);
                out.truncate(trimmed);
                out.push_str(&format!("[^{n}]"));
                if after.starts_with(char::is_alphanumeric) {
                    out.push(' ');
                }
                if moved {
                    report.count(Change::MarkerMoved);
                }
                marked.push(n);
                rest = after;
            }
            None => {
                out.push_str("<sup>");
                rest = &rest[at + "<sup>".len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Tidies a note's text: a link whose text is its own (escaped) address becomes `<address>`.
fn clean_note(text: &str, report: &mut Report) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let tail = &rest[open..];
        let Some(mid) = tail.find("](") else { break };
        let Some(close) = tail[mid..].find(')') else {
            break;
        };
        let label: String = tail[1..mid].replace('\\', "");
        let url = &tail[mid + 2..mid + close];
        if label == url && !url.contains(' ') {
            out.push_str(&rest[..open]);
            out.push_str(&format!("<{url}>"));
            report.count(Change::LinkSimplified);
            rest = &tail[mid + close + 1..];
        } else {
            out.push_str(&rest[..open + 1]);
            rest = &rest[open + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// True when a note reads like a bibliographic reference (a year, and no web address).
fn looks_like_reference(text: &str) -> bool {
    let has_year =
        text.split(|c: char| !c.is_ascii_digit()).any(|w| w.len() == 4 && (w.starts_with("19") || w.starts_with("20")));
    has_year && !text.contains("http") && !text.contains("www.")
}

/// The value of a Unicode superscript digit (`¹` → 1).
fn superscript_digit(c: char) -> Option<u32> {
    match c {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => Some(c as u32 - '⁴' as u32 + 4),
        _ => None,
    }
}

/// Rewrites notes typed with Unicode superscript digits (`kalimat.¹` and a page-bottom line
/// `¹ Penulis, …`), as some converters write them, into `<sup>N</sup>`. Only numbers that also
/// start a line (a definition) are rewritten, so `m²` stays a unit.
pub fn normalise_superscripts(md: &str) -> String {
    let run = |s: &str| -> Option<(u32, usize)> {
        let digits: Vec<u32> = s.chars().map_while(superscript_digit).collect();
        let len: usize = s.chars().take(digits.len()).map(char::len_utf8).sum();
        (!digits.is_empty()).then(|| (digits.iter().fold(0, |n, d| n * 10 + d), len))
    };
    let defined: Vec<u32> = md.lines().filter_map(|l| run(l.trim_start()).map(|(n, _)| n)).collect();
    if defined.is_empty() {
        return md.to_string();
    }
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    while let Some(at) = rest.find(|c: char| superscript_digit(c).is_some()) {
        out.push_str(&rest[..at]);
        let (n, len) = run(&rest[at..]).expect("a superscript digit starts here");
        if defined.contains(&n) {
            out.push_str(&format!("<sup>{n}</sup>"));
        } else {
            out.push_str(&rest[at..at + len]);
        }
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}
