//! CriticMarkup in Markdown chapters: finding the marks, applying or dropping them (`tesis
//! accept` / `tesis reject`), and the layer that shows them in draft and review builds.
//!
//! The five marks: `{++added++}`, `{--deleted--}`, `{~~old~>new~~}`, `{==highlighted==}` and
//! `{>>comment<<}`. Marks do not nest; a mark inside a code span, a code block or math is text.
//!
//! The layer never hands the student's text to Typst as code. Before conversion
//! ([`prepare`]) each mark is rewritten into private-use characters the Markdown converter
//! copies as plain text: an *opener* and a *closer* around added or highlighted text (which stays
//! Markdown, so an added citation is a real citation), and one *payload* character standing for
//! deleted text or a comment, whose words are kept aside here and never parsed as Markdown (so a
//! deleted citation, footnote or heading cannot shift numbering). After conversion ([`Layer::finish`])
//! the generated Typst is parsed; an opener and its closer that sit in the same markup become
//! `#tesis-ins[`…`]`, and a payload in markup becomes `#tesis-del("…")` with a string literal.
//! Anything else (a mark split by emphasis, a character inside a string) is dropped, so the
//! chapter always compiles. The functions live in [`MARKS_TYP`], a virtual file of our own.

use std::ops::Range;

use typst::syntax::{LinkedNode, SyntaxKind};

use super::offsets::OffsetMap;

/// The compiler path of the functions the layer calls.
pub const MARKS_PATH: &str = "/_tesis/revise.typ";

/// The Typst source of the functions the layer calls (drawn in the document's colours).
pub const MARKS_TYP: &str = include_str!("marks.typ");

/// The line the layer adds after the converter's prelude when a chapter has marks.
const IMPORT_LINE: &str = "#import \"/_tesis/revise.typ\": *\n";

/// Opens added text.
const OPEN_INS: char = '\u{E000}';
/// Opens highlighted text.
const OPEN_HL: char = '\u{E001}';
/// Closes added or highlighted text.
const CLOSE: char = '\u{E002}';
/// The first payload character (plane 15, private use): payload `n` is `PAYLOAD_BASE + n`.
const PAYLOAD_BASE: u32 = 0xF0000;
/// How many payloads one chapter may hold (the plane's private-use range).
const MAX_PAYLOADS: usize = 0xFFFD;

/// Which CriticMarkup mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{++…++}`
    Insert,
    /// `{--…--}`
    Delete,
    /// `{~~old~>new~~}`
    Substitute,
    /// `{==…==}`
    Highlight,
    /// `{>>…<<}`
    Comment,
}

/// One mark in a Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Which mark.
    pub kind: Kind,
    /// The whole mark, delimiters included.
    pub range: Range<usize>,
    /// The text inside (for a substitution, the old text).
    pub body: Range<usize>,
    /// A substitution's new text.
    pub new: Option<Range<usize>>,
}

impl Mark {
    /// The text that stays when the change is accepted.
    pub fn accepted<'a>(&self, md: &'a str) -> &'a str {
        match self.kind {
            Kind::Insert | Kind::Highlight => &md[self.body.clone()],
            Kind::Substitute => &md[self.new.clone().unwrap_or(0..0)],
            Kind::Delete | Kind::Comment => "",
        }
    }

    /// The text that stays when the change is rejected.
    pub fn rejected<'a>(&self, md: &'a str) -> &'a str {
        match self.kind {
            Kind::Delete | Kind::Substitute | Kind::Highlight => &md[self.body.clone()],
            Kind::Insert | Kind::Comment => "",
        }
    }
}

/// The delimiters of each mark: opener, closer.
const DELIMITERS: [(Kind, &str, &str); 5] = [
    (Kind::Insert, "{++", "++}"),
    (Kind::Delete, "{--", "--}"),
    (Kind::Substitute, "{~~", "~~}"),
    (Kind::Highlight, "{==", "==}"),
    (Kind::Comment, "{>>", "<<}"),
];

/// Finds the marks of a Markdown text, in order. An opener without a closer is text.
pub fn find(md: &str) -> Vec<Mark> {
    if !DELIMITERS.iter().any(|(_, open, _)| md.contains(open)) {
        return Vec::new();
    }
    let verbatim = verbatim_ranges(md);
    let inside = |at: usize| verbatim.iter().any(|r| r.contains(&at));
    let mut marks = Vec::new();
    let mut i = 0;
    while let Some(found) = md[i..].find('{') {
        let start = i + found;
        i = start + 1;
        let Some(&(kind, open, close)) = DELIMITERS.iter().find(|(_, o, _)| md[start..].starts_with(o)) else {
            continue;
        };
        if inside(start) {
            continue;
        }
        let body_start = start + open.len();
        let Some(len) = md[body_start..].find(close) else { continue };
        let body_end = body_start + len;
        let end = body_end + close.len();
        if inside(body_end) {
            continue;
        }
        let (body, new) = match kind {
            Kind::Substitute => match md[body_start..body_end].find("~>") {
                Some(arrow) => (body_start..body_start + arrow, Some(body_start + arrow + 2..body_end)),
                None => continue,
            },
            _ => (body_start..body_end, None),
        };
        marks.push(Mark { kind, range: start..end, body, new });
        i = end;
    }
    marks
}

/// The byte ranges where marks are text: code spans, code blocks and math.
fn verbatim_ranges(md: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_MATH;
    Parser::new_ext(md, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => Some(range),
            Event::Start(Tag::CodeBlock(_)) => Some(range),
            _ => None,
        })
        .collect()
}

/// What to do with every mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Keep the changes (`tesis accept`).
    Accept,
    /// Drop the changes (`tesis reject`).
    Reject,
}

/// The text with every mark accepted or rejected; every byte outside the marks is kept. Comments
/// go either way.
pub fn resolve(md: &str, decision: Decision) -> String {
    resolve_marks(md, &find(md), decision).0
}

/// The text with only `marks` (some of [`find`]'s, in order) accepted or rejected, every other
/// byte kept: one change of the preview's review panel.
pub fn resolve_some(md: &str, marks: &[Mark], decision: Decision) -> String {
    resolve_marks(md, marks, decision).0
}

/// The text with `marks` resolved, and the map from the new text back to `md`.
fn resolve_marks(md: &str, marks: &[Mark], decision: Decision) -> (String, OffsetMap) {
    let mut out = String::with_capacity(md.len());
    let mut map = OffsetMap::default();
    let mut at = 0;
    for mark in marks {
        map.copy(&mut out, md, at..mark.range.start);
        let kept = match decision {
            Decision::Accept => mark.accepted(md),
            Decision::Reject => mark.rejected(md),
        };
        if !kept.is_empty() {
            let from = kept.as_ptr() as usize - md.as_ptr() as usize;
            map.copy(&mut out, md, from..from + kept.len());
        }
        at = mark.range.end;
    }
    map.copy(&mut out, md, at..md.len());
    (out, map)
}

/// A Markdown text prepared for conversion, and what finishing the converted chapter needs.
#[derive(Debug, Clone, Default)]
pub struct Layer {
    /// The Markdown to convert.
    pub text: String,
    /// Prepared text offsets → offsets of the student's text.
    pub map: OffsetMap,
    /// Deleted text and comments, by payload number.
    payloads: Vec<(Payload, String)>,
    /// How many marks the student's text holds.
    pub marks: usize,
    /// Where the first mark is, for messages.
    pub first_mark: Option<Range<usize>>,
    /// Whether the marks are shown (else they were stripped).
    shown: bool,
}

/// What a payload character stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Payload {
    /// Deleted words inside running text.
    Deleted,
    /// A deleted paragraph (a mark alone between blank lines).
    DeletedBlock,
    /// A comment for the margin.
    Comment,
}

/// Prepares a chapter's text: with `show`, marks become the layer's characters; without (the
/// final build), they are rejected, the student's own text kept. Characters of the layer that
/// the student typed are dropped first.
pub fn prepare(md: &str, show: bool) -> Layer {
    let marks = find(md);
    let count = marks.len();
    let first_mark = marks.first().map(|m| m.range.clone());
    if !show {
        let (text, map) = resolve_marks(md, &marks, Decision::Reject);
        return scrubbed(Layer { text, map, payloads: vec![], marks: count, first_mark, shown: false });
    }
    let mut layer = Layer { marks: count, first_mark, shown: true, ..Layer::default() };
    let mut at = 0;
    for mark in &marks {
        copy_scrubbed(&mut layer, md, at..mark.range.start);
        let start = mark.range.start;
        match mark.kind {
            Kind::Insert => wrap(&mut layer, md, OPEN_INS, mark.body.clone()),
            Kind::Highlight => wrap(&mut layer, md, OPEN_HL, mark.body.clone()),
            Kind::Delete => {
                let kind = if alone(md, &mark.range) { Payload::DeletedBlock } else { Payload::Deleted };
                payload(&mut layer, kind, &md[mark.body.clone()], start);
            }
            Kind::Comment => payload(&mut layer, Payload::Comment, &md[mark.body.clone()], start),
            Kind::Substitute => {
                payload(&mut layer, Payload::Deleted, &md[mark.body.clone()], start);
                wrap(&mut layer, md, OPEN_INS, mark.new.clone().unwrap_or(0..0));
            }
        }
        at = mark.range.end;
    }
    copy_scrubbed(&mut layer, md, at..md.len());
    layer
}

/// Whether a mark stands alone between blank lines (a whole deleted paragraph).
fn alone(md: &str, range: &Range<usize>) -> bool {
    let before = md[..range.start].trim_end_matches([' ', '\t']);
    let after = md[range.end..].trim_start_matches([' ', '\t', '\r']);
    (before.is_empty() || before.ends_with("\n\n") || before.ends_with("\n\r\n"))
        && (after.is_empty() || after.starts_with("\n\n") || after.starts_with("\n\r\n") || after.trim().is_empty())
}

/// Writes `body` between `open` and the closer; a blank line inside closes and reopens, so each
/// paragraph carries its own pair.
fn wrap(layer: &mut Layer, md: &str, open: char, body: Range<usize>) {
    layer.map.generated(&mut layer.text, &open.to_string(), body.start);
    let text = &md[body.clone()];
    let mut at = 0;
    let mut search = 0;
    while let Some(found) = text[search..].find('\n') {
        let nl = search + found;
        let rest = &text[nl + 1..];
        let blank = rest.len() - rest.trim_start_matches([' ', '\t', '\r']).len();
        if rest[blank..].starts_with('\n') {
            copy_scrubbed(layer, md, body.start + at..body.start + nl);
            layer.map.generated(&mut layer.text, &CLOSE.to_string(), body.start + nl);
            let end = nl + 1 + blank + 1;
            let gap = &text[nl..end];
            let gap_end = end + (text[end..].len() - text[end..].trim_start_matches([' ', '\t', '\r', '\n']).len());
            let gap = format!("{gap}{}", &text[end..gap_end]);
            layer.map.generated(&mut layer.text, &gap, body.start + nl);
            layer.map.generated(&mut layer.text, &open.to_string(), body.start + gap_end);
            at = gap_end;
            search = gap_end;
        } else {
            search = nl + 1;
        }
    }
    copy_scrubbed(layer, md, body.start + at..body.end);
    layer.map.generated(&mut layer.text, &CLOSE.to_string(), body.end);
}

/// Writes one payload character for `text`.
fn payload(layer: &mut Layer, kind: Payload, text: &str, md: usize) {
    if layer.payloads.len() >= MAX_PAYLOADS {
        return;
    }
    let c = char::from_u32(PAYLOAD_BASE + layer.payloads.len() as u32).expect("plane 15 is valid");
    layer.payloads.push((kind, text.to_string()));
    layer.map.generated(&mut layer.text, &c.to_string(), md);
}

/// Copies `range` of `md`, leaving out characters that belong to the layer.
fn copy_scrubbed(layer: &mut Layer, md: &str, range: Range<usize>) {
    let mut run = range.start;
    for (i, c) in md[range.clone()].char_indices() {
        if is_layer_char(c) {
            layer.map.copy(&mut layer.text, md, run..range.start + i);
            run = range.start + i + c.len_utf8();
        }
    }
    layer.map.copy(&mut layer.text, md, run..range.end);
}

/// A layer with the student's own layer characters dropped (the final build).
fn scrubbed(layer: Layer) -> Layer {
    if !layer.text.chars().any(is_layer_char) {
        return layer;
    }
    let mut out = Layer { marks: layer.marks, first_mark: layer.first_mark.clone(), ..Layer::default() };
    copy_scrubbed(&mut out, &layer.text, 0..layer.text.len());
    out.map = out.map.then(&layer.map);
    out
}

/// Whether `c` is one of the characters the layer writes.
fn is_layer_char(c: char) -> bool {
    matches!(c, OPEN_INS | OPEN_HL | CLOSE) || (PAYLOAD_BASE..PAYLOAD_BASE + MAX_PAYLOADS as u32).contains(&(c as u32))
}

/// One change of the converted chapter.
struct Edit {
    /// Byte range of the layer character in the converted chapter.
    range: Range<usize>,
    /// What replaces it.
    with: String,
}

impl Layer {
    /// Turns the layer characters of a converted chapter into calls of [`MARKS_TYP`]; returns
    /// the final Typst and the map from it back to the converted chapter.
    pub fn finish(&self, typst: &str) -> (String, OffsetMap) {
        if !self.shown || !typst.chars().any(is_layer_char) {
            let mut map = OffsetMap::default();
            let mut out = String::new();
            map.copy(&mut out, typst, 0..typst.len());
            return (out, map);
        }
        let edits = self.edits(typst);
        let mut out = String::with_capacity(typst.len() + edits.len() * 16);
        let mut map = OffsetMap::default();
        let prelude_end = typst.find('\n').map_or(0, |i| i + 1);
        map.copy(&mut out, typst, 0..prelude_end);
        map.generated(&mut out, IMPORT_LINE, prelude_end);
        let mut at = prelude_end;
        for edit in edits {
            map.copy(&mut out, typst, at..edit.range.start);
            map.generated(&mut out, &edit.with, edit.range.start);
            at = edit.range.end;
        }
        map.copy(&mut out, typst, at..typst.len());
        (out, map)
    }

    /// The replacement of every layer character of `typst`, in order.
    fn edits(&self, typst: &str) -> Vec<Edit> {
        let root = typst::syntax::parse(typst);
        let mut found = Vec::new();
        collect(&LinkedNode::new(&root), &mut found);
        // Pair openers with closers inside the same markup; everything unpaired is dropped.
        let mut with: Vec<Option<String>> = vec![None; found.len()];
        let mut open: Vec<usize> = Vec::new();
        for (k, f) in found.iter().enumerate() {
            match f.c {
                OPEN_INS | OPEN_HL if f.markup.is_some() => open.push(k),
                CLOSE => {
                    if let Some(&o) = open.last()
                        && found[o].markup == f.markup
                        && f.markup.is_some()
                    {
                        open.pop();
                        let name = if found[o].c == OPEN_INS { "tesis-ins" } else { "tesis-hl" };
                        with[o] = Some(format!("#{name}["));
                        with[k] = Some("]".into());
                    }
                }
                c if f.markup.is_some() => {
                    let n = (c as u32).wrapping_sub(PAYLOAD_BASE) as usize;
                    if let Some((kind, text)) = self.payloads.get(n) {
                        let name = match kind {
                            Payload::Deleted => "tesis-del",
                            Payload::DeletedBlock => "tesis-del-block",
                            Payload::Comment => "tesis-note",
                        };
                        with[k] = Some(format!("#{name}({})", string_literal(text)));
                    }
                }
                _ => {}
            }
        }
        found
            .into_iter()
            .zip(with)
            .map(|(f, w)| Edit { range: f.at..f.at + f.c.len_utf8(), with: w.unwrap_or_default() })
            .collect()
    }
}

/// A layer character found in a converted chapter.
struct Found {
    /// The character.
    c: char,
    /// Its byte offset.
    at: usize,
    /// The markup it sits in (by range), when it sits in markup text.
    markup: Option<Range<usize>>,
}

/// Collects the layer characters below `node`, noting which sit in markup text.
fn collect(node: &LinkedNode, found: &mut Vec<Found>) {
    if node.get().children().len() == 0 {
        let text = node.get().leaf_text();
        if !text.chars().any(is_layer_char) {
            return;
        }
        let in_markup =
            node.kind() == SyntaxKind::Text && node.parent().is_some_and(|p| p.kind() == SyntaxKind::Markup);
        let markup = in_markup.then(|| node.parent().map(|p| p.range())).flatten();
        for (i, c) in text.char_indices().filter(|(_, c)| is_layer_char(*c)) {
            found.push(Found { c, at: node.offset() + i, markup: markup.clone() });
        }
        return;
    }
    for child in node.children() {
        collect(&child, found);
    }
}

/// `s` as a Typst string literal, with line breaks and tabs written as spaces (deleted text is
/// shown inline).
fn string_literal(s: &str) -> String {
    crate::markdown::str_literal(&s.replace(['\n', '\r', '\t'], " "))
}

#[cfg(test)]
#[path = "criticmarkup_tests.rs"]
mod tests;
