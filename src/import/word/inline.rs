//! A paragraph's runs as Markdown: emphasis, super/subscript, footnote references and citation
//! fields, with the characters Markdown would read as syntax escaped.

use super::cite::{self, Library};
use super::model::{Inline, Para, Text};

/// What rendering a paragraph's inlines met besides text.
#[derive(Debug, Default)]
pub struct Met {
    /// Footnote ids referenced, in order (each rendered as `[^N]` by the caller's numbering).
    pub notes: Vec<String>,
    /// Image relationship ids, in order.
    pub images: Vec<String>,
    /// Citation fields converted.
    pub citations: usize,
    /// Citation fields that could not be read: (what is wrong, the field's instruction start).
    pub bad_citations: Vec<String>,
}

/// Renders `para`'s inlines; `note` gives what stands for a footnote id (`[^N]`, or the
/// citation a citation-only note becomes).
pub fn render(para: &Para, library: &mut Library, note: &mut dyn FnMut(&str) -> String, met: &mut Met) -> String {
    let mut out = String::new();
    let mut i = 0;
    let inlines = &para.inlines;
    while i < inlines.len() {
        match &inlines[i] {
            Inline::Text(t) => out.push_str(&styled(t)),
            Inline::Break => out.push(' '),
            Inline::Note(id) => {
                met.notes.push(id.clone());
                let mark = note(id);
                trim_end_spaces(&mut out);
                out.push_str(&mark);
            }
            Inline::Image(id) => met.images.push(id.clone()),
            Inline::Cite(instr) => match cite::parse(instr) {
                Ok(cited) => {
                    met.citations += 1;
                    out.push_str(&library.citation(&cited));
                }
                Err(why) => met.bad_citations.push(why),
            },
        }
        i += 1;
    }
    tidy(&out)
}

/// Removes trailing spaces of `s` (a note mark attaches to the word before it).
fn trim_end_spaces(s: &mut String) {
    let len = s.trim_end_matches([' ', '\t']).len();
    s.truncate(len);
}

/// Whitespace squeezed to single spaces and trimmed.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split([' ', '\t', '\n', '\u{a0}']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// One run with its formatting as Markdown; the spaces around it stay outside the markers.
fn styled(t: &Text) -> String {
    let body = t.text.trim_matches([' ', '\t']);
    if body.is_empty() {
        return t.text.replace('\t', " ");
    }
    let lead = &t.text[..t.text.len() - t.text.trim_start_matches([' ', '\t']).len()];
    let trail = &t.text[t.text.trim_end_matches([' ', '\t']).len()..];
    let mut s = escape(body);
    if t.sup {
        s = format!("<sup>{s}</sup>");
    } else if t.sub {
        s = format!("<sub>{s}</sub>");
    }
    let marks = match (t.bold, t.italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        _ => "",
    };
    format!("{}{marks}{s}{marks}{}", lead.replace('\t', " "), trail.replace('\t', " "))
}

/// `text` with Markdown's syntax characters escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '$' | '@' | '~' | '|' | '{' | '}') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `line` safe at the start of a paragraph: a leading `#`, `-`, `+`, `1.`/`1)` is escaped so it
/// is not read as a heading or a list.
pub fn guard_start(line: &str) -> String {
    if line.starts_with(['#', '-', '+', '=']) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

/// Plain text of a paragraph for a heading or caption (no emphasis), escaped.
pub fn plain(para: &Para) -> String {
    escape(&para.text())
}
