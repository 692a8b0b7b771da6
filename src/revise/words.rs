//! Word-level marking inside one Markdown block: tokens, their diff, and the block rewritten with
//! CriticMarkup.
//!
//! Tokens are words, spaces, line breaks, *structure* (line prefixes such as `## ` or `- `,
//! table pipes, emphasis markers, `{#label}` attributes, `Table:` / `Sumber:` captions) and
//! *atoms* that must never be split: citations, footnote references, code spans, math, links,
//! images and inline HTML. Added runs are wrapped in `{++…++}` but never across structure or a
//! line break, so the Markdown keeps its shape; deleted words become `{--…--}` holding only
//! words and atoms (as text), so a deleted citation or footnote is shown, never made.

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// A word (or punctuation run).
    Word,
    /// Spaces or tabs.
    Space,
    /// A line break.
    Newline,
    /// Markdown structure: never wrapped, dropped when deleted.
    Struct,
    /// A citation, footnote reference, code span, math, link, image or HTML tag.
    Atom,
}

/// A token of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// What it is.
    pub kind: Tok,
    /// Its text.
    pub text: &'a str,
}

/// Counts of a block's changes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Words added.
    pub added: usize,
    /// Words deleted.
    pub deleted: usize,
}

impl Counts {
    /// Adds another count.
    pub fn add(&mut self, other: Counts) {
        self.added += other.added;
        self.deleted += other.deleted;
    }
}

/// Splits a block into tokens.
pub fn tokenize(block: &str) -> Vec<Token<'_>> {
    let mut toks = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    let is_table = block.trim_start().starts_with('|');
    while i < block.len() {
        let rest = &block[i..];
        let (kind, len) = if line_start && let Some(len) = line_prefix(rest, is_table) {
            (Tok::Struct, len)
        } else {
            next_token(rest, i == 0 || line_start)
        };
        let len = len.max(rest.chars().next().map_or(1, char::len_utf8));
        toks.push(Token { kind, text: &rest[..len] });
        line_start = kind == Tok::Newline || (line_start && kind == Tok::Struct);
        i += len;
    }
    toks
}

/// The length of a line's structural prefix (indentation, heading hashes, quote and list
/// markers, a footnote label, a table's delimiter row), if any.
fn line_prefix(rest: &str, is_table: bool) -> Option<usize> {
    let line = rest.split('\n').next().unwrap_or("");
    if is_table && !line.trim().is_empty() && line.trim().chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')) {
        return Some(line.len());
    }
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let body = &line[indent..];
    let marker = if let Some(h) = body.strip_prefix('#') {
        let hashes = 1 + h.len() - h.trim_start_matches('#').len();
        (body[hashes..].starts_with(' ')).then(|| hashes + 1 + typed_number(&body[hashes + 1..]))
    } else if body.starts_with("> ") || body.starts_with("- ") || body.starts_with("* ") || body.starts_with("+ ") {
        Some(2)
    } else if body.starts_with("[^")
        && let Some(close) = body.find("]:")
    {
        Some(close + 2)
    } else {
        let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        (digits > 0 && (body[digits..].starts_with(". ") || body[digits..].starts_with(") "))).then_some(digits + 2)
    };
    let len = indent + marker.unwrap_or(0);
    (len > 0).then_some(len)
}

/// The length of a heading's typed number (`A. `, `1. `, `a) `), which the converter drops
/// only when it opens the heading.
fn typed_number(title: &str) -> usize {
    let number = title.len() - title.trim_start_matches(|c: char| c.is_ascii_alphanumeric()).len();
    let short = number > 0 && (number <= 3 || title[..number].chars().all(|c| c.is_ascii_digit()));
    if short && (title[number..].starts_with(". ") || title[number..].starts_with(") ")) { number + 2 } else { 0 }
}

/// The next token of `rest`; `block_start` at the start of a block or line (for captions).
fn next_token(rest: &str, block_start: bool) -> (Tok, usize) {
    let c = rest.chars().next().unwrap_or(' ');
    if block_start {
        for caption in ["Table:", "Tabel:", "Sumber:", "TODO:"] {
            if rest.starts_with(caption) {
                return (Tok::Struct, caption.len());
            }
        }
    }
    match c {
        '\n' => (Tok::Newline, 1),
        '\r' if rest.starts_with("\r\n") => (Tok::Newline, 2),
        ' ' | '\t' => (Tok::Space, rest.len() - rest.trim_start_matches([' ', '\t']).len()),
        '*' | '_' | '~' | '|' => (Tok::Struct, rest.len() - rest.trim_start_matches(c).len()),
        '`' => atom_until(rest, &"`".repeat(rest.len() - rest.trim_start_matches('`').len())),
        '$' => atom_until(rest, if rest.starts_with("$$") { "$$" } else { "$" }),
        '<' => match rest.find('>') {
            Some(end) if !rest[..end].contains(['\n', ' ']) || rest[1..].starts_with(char::is_alphabetic) => {
                (Tok::Atom, end + 1)
            }
            _ => (Tok::Word, 1),
        },
        '{' if rest.starts_with("{#") || rest.starts_with("{.") || rest.starts_with("{width") => match rest.find('}') {
            Some(end) => (Tok::Struct, end + 1),
            None => (Tok::Word, 1),
        },
        '!' if rest.starts_with("![") => bracketed(rest, 1).map_or((Tok::Word, 1), |l| (Tok::Atom, l)),
        '[' => bracketed(rest, 0).map_or((Tok::Word, 1), |l| (Tok::Atom, l)),
        '@' => {
            let key = crate_key_len(&rest[1..]);
            if key > 0 { (Tok::Atom, 1 + key) } else { (Tok::Word, 1) }
        }
        '\\' => (Tok::Word, 1 + rest[1..].chars().next().map_or(0, char::len_utf8)),
        _ => {
            let end = rest
                .char_indices()
                .find(|&(_, c)| c.is_whitespace() || "*_~|`$<[@\\{!".contains(c))
                .map_or(rest.len(), |(i, _)| i);
            (Tok::Word, end.max(c.len_utf8()))
        }
    }
}

/// A citation key's length after `@` (letters, digits and inner punctuation).
fn crate_key_len(s: &str) -> usize {
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            end = i + c.len_utf8();
        } else if ":.#$%&-+?<>~/".contains(c) && chars.peek().is_some_and(|&(_, d)| d.is_alphanumeric() || d == '_') {
            continue;
        } else {
            break;
        }
    }
    end
}

/// An atom made of `rest` up to and including the closing `close` (or one character).
fn atom_until(rest: &str, close: &str) -> (Tok, usize) {
    match rest[close.len()..].find(close) {
        Some(end) => (Tok::Atom, close.len() + end + close.len()),
        None => (Tok::Word, close.len()),
    }
}

/// The length of a `[…]` group starting at `skip` (an image's `!`), with a following `(…)` and
/// `{…}`, when it is a citation, footnote reference, link or image; `None` for a plain bracket.
fn bracketed(rest: &str, skip: usize) -> Option<usize> {
    let inner = &rest[skip..];
    let mut depth = 0;
    let mut close = None;
    for (i, c) in inner.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            '\n' if inner[..i].ends_with('\n') => return None,
            _ => {}
        }
    }
    let close = close?;
    let mut end = skip + close + 1;
    let after = &rest[end..];
    if after.starts_with('(')
        && let Some(paren) = after.find(')')
    {
        end += paren + 1;
        if rest[end..].starts_with('{')
            && let Some(brace) = rest[end..].find('}')
        {
            end += brace + 1;
        }
        return Some(end);
    }
    let label = &inner[1..close];
    (label.starts_with('^') || label.contains('@')).then_some(end)
}

/// A token's text for comparing: spaces and line breaks compare equal.
fn key<'a>(t: &Token<'a>) -> &'a str {
    match t.kind {
        Tok::Space | Tok::Newline => " ",
        _ => t.text,
    }
}

/// Rewrites the new block with its changes against the old one marked; returns the counts.
pub fn mark_block(old: &str, new: &str) -> (String, Counts) {
    let old_toks = tokenize(old);
    let new_toks = tokenize(new);
    let old_keys: Vec<&str> = old_toks.iter().map(key).collect();
    let new_keys: Vec<&str> = new_toks.iter().map(key).collect();
    let ops = capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys);
    let mut out = String::with_capacity(new.len() + 64);
    let mut counts = Counts::default();
    for op in ops {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                for t in &new_toks[new_index..new_index + len] {
                    out.push_str(t.text);
                }
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                counts.deleted += deleted(&mut out, &old_toks[old_index..old_index + old_len]);
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                counts.added += inserted(&mut out, &new_toks[new_index..new_index + new_len]);
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                counts.deleted += deleted(&mut out, &old_toks[old_index..old_index + old_len]);
                counts.added += inserted(&mut out, &new_toks[new_index..new_index + new_len]);
            }
        }
    }
    (out, counts)
}

/// Marks a whole new block as added; returns the counts.
pub fn mark_added(new: &str) -> (String, Counts) {
    let toks = tokenize(new);
    let mut out = String::with_capacity(new.len() + 16);
    let added = inserted(&mut out, &toks);
    (out, Counts { added, deleted: 0 })
}

/// Writes deleted tokens as one `{--…--}` of their words and atoms; returns the word count.
fn deleted(out: &mut String, toks: &[Token]) -> usize {
    let text = deleted_text(toks);
    if text.trim().is_empty() {
        return 0;
    }
    out.push_str("{--");
    out.push_str(text.trim());
    out.push_str("--}");
    if toks.last().is_some_and(|t| matches!(t.kind, Tok::Space | Tok::Newline)) && !out.ends_with(' ') {
        out.push(' ');
    }
    count_words(toks)
}

/// The words and atoms of deleted tokens as one line of text, safe inside `{--…--}`.
pub fn deleted_text(toks: &[Token]) -> String {
    let mut text = String::new();
    for t in toks {
        match t.kind {
            Tok::Word | Tok::Atom => text.push_str(t.text),
            Tok::Space | Tok::Newline => {
                if !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            Tok::Struct => {}
        }
    }
    text.replace("--}", "-- }").replace(['\n', '\r'], " ")
}

/// Writes inserted tokens, wrapping each run of words and atoms on one line in `{++…++}`;
/// returns the word count.
fn inserted(out: &mut String, toks: &[Token]) -> usize {
    let mut run: Vec<&Token> = Vec::new();
    for t in toks {
        match t.kind {
            Tok::Word | Tok::Atom => run.push(t),
            Tok::Space if !run.is_empty() => run.push(t),
            _ => {
                flush(out, &mut run);
                out.push_str(t.text);
            }
        }
    }
    flush(out, &mut run);
    count_words(toks)
}

/// Writes a run of inserted tokens wrapped, trailing spaces outside the mark.
fn flush(out: &mut String, run: &mut Vec<&Token>) {
    let trailing = run.iter().rev().take_while(|t| t.kind == Tok::Space).count();
    let body: String = run[..run.len() - trailing].iter().map(|t| t.text).collect();
    if !body.is_empty() {
        if body.contains("++}") {
            out.push_str(&body);
        } else {
            out.push_str("{++");
            out.push_str(&body);
            out.push_str("++}");
        }
    }
    for t in &run[run.len() - trailing..] {
        out.push_str(t.text);
    }
    run.clear();
}

/// How many words tokens hold (atoms count as one).
fn count_words(toks: &[Token]) -> usize {
    toks.iter()
        .filter(|t| matches!(t.kind, Tok::Atom) || (t.kind == Tok::Word && t.text.chars().any(char::is_alphanumeric)))
        .count()
}

/// The words of a block, for counting whole added or deleted blocks.
pub fn word_count(block: &str) -> usize {
    count_words(&tokenize(block))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaced_word() {
        let (out, counts) = mark_block("Kota ini besar sekali.", "Kota ini kecil sekali.");
        assert_eq!(out, "Kota ini {--besar--}{++kecil++} sekali.");
        assert_eq!(counts, Counts { added: 1, deleted: 1 });
    }

    #[test]
    fn citation_is_one_token_and_deleted_as_text() {
        let (out, _) = mark_block("Penting [@a, hlm. 2] sekali.", "Penting [@b, hlm. 2] sekali.");
        assert_eq!(out, "Penting {--[@a, hlm. 2]--}{++[@b, hlm. 2]++} sekali.");
    }

    #[test]
    fn structure_is_never_wrapped() {
        let (out, _) = mark_added("## Judul Baru {#bab-x}\n");
        assert_eq!(out, "## {++Judul Baru++} {#bab-x}\n");
        let (out, _) = mark_added("## C. Bagian Baru\n");
        assert_eq!(out, "## C. {++Bagian Baru++}\n");
        let (out, _) = mark_added("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(out, "| {++a++} | {++b++} |\n|---|---|\n| {++1++} | {++2++} |\n");
    }

    #[test]
    fn emphasis_markers_stay_outside() {
        let (out, _) = mark_block("ini *lama* saja", "ini *baru* saja");
        assert_eq!(out, "ini *{--lama--}{++baru++}* saja");
    }

    #[test]
    fn footnote_reference_is_atomic() {
        let toks = tokenize("kata[^12] lain");
        assert!(toks.iter().any(|t| t.kind == Tok::Atom && t.text == "[^12]"));
    }
}
