//! Splits the draft into blank-line separated blocks and classifies each one.
//!
//! Classification only looks at a block's own lines; what a block means in context (a note
//! definition after a page break, a bare note number) is decided by the later passes.

/// What a block looks like on its own.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Running text, lines joined with spaces.
    Paragraph,
    /// Numbered or bulleted list items, one item per line.
    List,
    /// A block quotation (text without the `> ` prefixes).
    Quote,
    /// A heading with the number of `#` the draft used.
    Heading(usize),
    /// A thematic break (`---`), the page-bottom rule of a PDF conversion.
    Rule,
    /// A page-bottom note definition, `<sup>N</sup> text`.
    NoteDef(u32),
    /// A number alone on its line: a note marker that lost its superscript.
    Bare(u32),
    /// Markdown the importer wrote itself (a figure); never joined with its neighbours.
    Raw,
}

/// One block of the draft.
#[derive(Debug, Clone)]
pub struct Block {
    /// 1-based line of the draft where the block starts.
    pub line: usize,
    /// What the block looks like.
    pub kind: Kind,
    /// The block's lines, trailing spaces (Markdown hard breaks) removed.
    pub lines: Vec<String>,
    /// The block's text: lines joined with spaces, or with newlines for lists.
    pub text: String,
    /// A page bottom (rule or notes) was removed between this block and the previous one.
    pub page_break_before: bool,
}

impl Block {
    /// Builds a block of `kind` from its lines.
    pub fn new(line: usize, kind: Kind, lines: Vec<String>) -> Block {
        let sep = if kind == Kind::List { "\n" } else { " " };
        let text = lines.join(sep);
        Block { line, kind, lines, text, page_break_before: false }
    }

    /// Replaces the block's lines and rebuilds its text.
    pub fn set_lines(&mut self, lines: Vec<String>) {
        *self = Block { page_break_before: self.page_break_before, ..Block::new(self.line, self.kind.clone(), lines) };
    }
}

/// Splits `md` into classified blocks.
pub fn parse(md: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut group: Vec<(usize, String)> = Vec::new();
    for (i, raw) in md.lines().enumerate() {
        let line = raw.trim_end().trim_start_matches('\u{feff}');
        if line.trim().is_empty() {
            flush(&mut group, &mut blocks);
        } else {
            group.push((i + 1, line.to_string()));
        }
    }
    flush(&mut group, &mut blocks);
    blocks
}

/// Classifies the collected lines of one group and appends the resulting block(s).
fn flush(group: &mut Vec<(usize, String)>, blocks: &mut Vec<Block>) {
    if group.is_empty() {
        return;
    }
    let lines = std::mem::take(group);
    let first = lines[0].1.trim();
    if lines.len() == 1 && is_rule(first) {
        blocks.push(Block::new(lines[0].0, Kind::Rule, vec![first.to_string()]));
    } else if note_def(first).is_some() {
        // Several definitions may sit in one group; a line without a marker continues the last.
        for (line, text) in lines {
            match note_def(text.trim()) {
                Some((n, body)) => blocks.push(Block::new(line, Kind::NoteDef(n), vec![body.to_string()])),
                None => {
                    let last: &mut Block = blocks.last_mut().expect("a definition came first");
                    let mut more = last.lines.clone();
                    more.push(text.trim().to_string());
                    last.set_lines(more);
                }
            }
        }
    } else if lines.len() == 1 && is_bare_number(first) {
        let n = first.parse().unwrap_or(0);
        blocks.push(Block::new(lines[0].0, Kind::Bare(n), vec![first.to_string()]));
    } else if first.starts_with('#') {
        let level = first.chars().take_while(|&c| c == '#').count();
        let text = first[level..].trim().to_string();
        blocks.push(Block::new(lines[0].0, Kind::Heading(level), vec![text]));
    } else if first.starts_with('>') {
        // One line per paragraph of the quote; a bare `>` line separates paragraphs.
        let mut paragraphs: Vec<String> = vec![String::new()];
        for (_, l) in &lines {
            let text = l.trim().trim_start_matches('>').trim();
            let last = paragraphs.last_mut().expect("starts with one paragraph");
            if text.is_empty() {
                if !last.is_empty() {
                    paragraphs.push(String::new());
                }
            } else {
                if !last.is_empty() {
                    last.push(' ');
                }
                last.push_str(text);
            }
        }
        paragraphs.retain(|p| !p.is_empty());
        blocks.push(Block::new(lines[0].0, Kind::Quote, paragraphs));
    } else if list_marker(first).is_some() {
        let mut items: Vec<String> = Vec::new();
        for (_, l) in &lines {
            let l = l.trim();
            match items.last_mut() {
                Some(last) if list_marker(l).is_none() => {
                    last.push(' ');
                    last.push_str(l);
                }
                _ => items.push(l.to_string()),
            }
        }
        blocks.push(Block::new(lines[0].0, Kind::List, items));
    } else {
        let start = lines[0].0;
        let text = lines.into_iter().map(|(_, l)| l.trim().to_string()).collect();
        blocks.push(Block::new(start, Kind::Paragraph, text));
    }
}

/// True for a thematic break line (`---`, `***`, `___`).
fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3 && ['-', '*', '_'].iter().any(|&m| compact.chars().all(|c| c == m))
}

/// True for a line that is only a small number (a lost superscript).
fn is_bare_number(line: &str) -> bool {
    !line.is_empty() && line.len() <= 3 && line.chars().all(|c| c.is_ascii_digit())
}

/// Splits `<sup>N</sup> text` into the note number and its text.
pub fn note_def(line: &str) -> Option<(u32, &str)> {
    let (n, rest) = sup_number(line)?;
    Some((n, rest.trim()))
}

/// Parses a `<sup>N</sup>` at the start of `s`: the number and the text after it.
pub fn sup_number(s: &str) -> Option<(u32, &str)> {
    let rest = s.strip_prefix("<sup>")?;
    let end = rest.find("</sup>")?;
    let n = rest[..end].trim().parse().ok()?;
    Some((n, &rest[end + "</sup>".len()..]))
}

/// The length of a list-item marker (`1. `, `2) `, `- `, `* `) at the start of `line`.
pub fn list_marker(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        // `- · - ·` is a legend's line sample, not a bullet.
        let second = line[2..].chars().next();
        return (second != Some('·') && second != Some('-')).then_some(2);
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &line[digits..];
    (rest.starts_with(". ") || rest.starts_with(") ")).then_some(digits + 2)
}
