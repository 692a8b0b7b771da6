//! Finding pandoc citations, cross-references and undefined footnote references in running text.
//!
//! Recognised (pandoc's syntax):
//! - `[@key]`, `[@key, hlm. 12]`, `[lihat @a; @b, hlm. 3]`, `[-@key]`: a bracketed group, items
//!   separated by `;`, each with optional prefix text, one `@key` and optional locator text;
//! - `@key` in running text, optionally followed by ` [hlm. 12]` as its locator;
//! - keys starting with a label prefix (`gbr-`, `tbl-`, `bab-`, Quarto's `fig-`, `sec-`, `eq-`,
//!   pandoc-crossref's `fig:`, `tbl:`, `sec:`, `eq:`; [`super::labels`]) are cross-references to
//!   figures, tables, headings and equations, not citations.
//!
//! A key starts with a letter, digit or `_` and continues with those or with one of
//! `:.#$%&-+?<>~/` *between* them (so `@key.` ends the key before the full stop). An `@` right
//! after a letter or digit (an e-mail address) or not followed by a key stays text. Scanning only
//! finds things; [`super::inline`] renders them.

use std::ops::Range;

/// One citation inside a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CiteItem {
    /// Text before the key (`lihat `), as a byte range of the scanned text.
    pub prefix: Range<usize>,
    /// The key without `@`.
    pub key: String,
    /// Byte index of the `@` in the scanned text.
    pub at: usize,
    /// `-@key`: suppress the author.
    pub suppress_author: bool,
    /// Text after the key (`, hlm. 12`), as a byte range of the scanned text.
    pub suffix: Range<usize>,
}

/// A piece of scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Literal text (byte range of the scanned text).
    Text(Range<usize>),
    /// A bracketed citation group (or a bare citation, `bracketed == false`).
    Cite { items: Vec<CiteItem>, bracketed: bool },
    /// `[^label]` left as text by the parser: a footnote with no definition.
    UndefinedFootnote { label: String, range: Range<usize> },
}

/// Whether `c` may start or end a citation key.
fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `c` may sit between key characters.
fn is_key_inner_punct(c: char) -> bool {
    matches!(c, ':' | '.' | '#' | '$' | '%' | '&' | '-' | '+' | '?' | '<' | '>' | '~' | '/')
}

/// The length in bytes of a citation key at the start of `s`, if one starts there.
pub(crate) fn key_len(s: &str) -> Option<usize> {
    let mut chars = s.char_indices().peekable();
    let (_, first) = chars.next()?;
    if !is_key_char(first) {
        return None;
    }
    let mut end = first.len_utf8();
    while let Some((i, c)) = chars.next() {
        if is_key_char(c) {
            end = i + c.len_utf8();
        } else if is_key_inner_punct(c) {
            match chars.peek() {
                Some(&(j, d)) if is_key_char(d) => {
                    chars.next();
                    end = j + d.len_utf8();
                }
                _ => break,
            }
        } else {
            break;
        }
    }
    Some(end)
}

/// Whether an `@` after `c` belongs to the word before it (an e-mail address such as
/// `nama.saya@contoh.id`), so that it cannot start a citation.
fn glued_to_word(c: char) -> bool {
    c.is_alphanumeric() || "_.-+@%&=/\\:".contains(c)
}

/// Whether `key` names a figure, table, heading or equation label.
pub(crate) fn is_ref_key(key: &str) -> bool {
    super::labels::kind_of(key).is_some()
}

/// Splits `text` into literal text, citations and undefined footnote references.
pub(crate) fn scan(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut lit_start = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or(' ');
        let found = if rest.starts_with("[^") {
            undefined_footnote(text, i)
        } else if c == '[' {
            bracket_group(text, i)
        } else if c == '@' && !text[..i].chars().next_back().is_some_and(glued_to_word) {
            bare_cite(text, i)
        } else {
            None
        };
        match found {
            Some((piece, end)) => {
                if lit_start < i {
                    pieces.push(Piece::Text(lit_start..i));
                }
                pieces.push(piece);
                i = end;
                lit_start = end;
            }
            None => i += c.len_utf8(),
        }
    }
    if lit_start < text.len() {
        pieces.push(Piece::Text(lit_start..text.len()));
    }
    pieces
}

/// `[^label]` at `i`.
fn undefined_footnote(text: &str, i: usize) -> Option<(Piece, usize)> {
    let inner_start = i + 2;
    let close = text[inner_start..].find(']')? + inner_start;
    let label = &text[inner_start..close];
    if label.is_empty() || label.chars().any(|c| c.is_whitespace() || c == '[') {
        return None;
    }
    Some((Piece::UndefinedFootnote { label: label.to_string(), range: i..close + 1 }, close + 1))
}

/// `@key` (and an optional ` [locator]`) at `i`.
fn bare_cite(text: &str, i: usize) -> Option<(Piece, usize)> {
    let key_start = i + 1;
    let len = key_len(&text[key_start..])?;
    let key_end = key_start + len;
    let mut end = key_end;
    let mut suffix = key_end..key_end;
    let after = if is_ref_key(&text[key_start..key_end]) { "" } else { &text[key_end..] };
    if let Some(bracket) = after.strip_prefix(' ').filter(|a| a.starts_with('[') && !a.starts_with("[^")) {
        let open = key_end + 1;
        if let Some(close) = bracket.find(']') {
            let inner = &bracket[1..close];
            if !inner.contains(['@', '[']) && !inner.trim().is_empty() {
                suffix = open + 1..open + close;
                end = open + close + 1;
            }
        }
    }
    let item =
        CiteItem { prefix: i..i, key: text[key_start..key_end].to_string(), at: i, suppress_author: false, suffix };
    Some((Piece::Cite { items: vec![item], bracketed: false }, end))
}

/// `[prefix @key suffix; …]` at `i`.
fn bracket_group(text: &str, i: usize) -> Option<(Piece, usize)> {
    let inner_start = i + 1;
    let close = text[inner_start..].find(']')? + inner_start;
    let inner = &text[inner_start..close];
    if !inner.contains('@') || inner.contains('[') {
        return None;
    }
    let mut items = Vec::new();
    let mut part_start = inner_start;
    for part in inner.split(';') {
        let item = group_item(text, part_start, part_start + part.len())?;
        items.push(item);
        part_start += part.len() + 1;
    }
    Some((Piece::Cite { items, bracketed: true }, close + 1))
}

/// One `prefix @key suffix` item of a bracketed group spanning `start..end` of `text`.
fn group_item(text: &str, start: usize, end: usize) -> Option<CiteItem> {
    let part = &text[start..end];
    let mut search = 0;
    while let Some(rel) = part[search..].find('@') {
        let at = start + search + rel;
        let before = text[start..at].chars().next_back();
        let word_start = before.is_none_or(|c| c.is_whitespace() || c == '-');
        if word_start && let Some(len) = key_len(&text[at + 1..end]) {
            let suppress = before == Some('-') && text[start..at - 1].trim().is_empty();
            let prefix_end = if suppress { at - 1 } else { at };
            let key_end = at + 1 + len;
            let trimmed_start = start + (part.len() - part.trim_start().len());
            return Some(CiteItem {
                prefix: trimmed_start.min(prefix_end)..prefix_end,
                key: text[at + 1..key_end].to_string(),
                at,
                suppress_author: suppress,
                suffix: key_end..end,
            });
        }
        search += rel + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of the first citation group in `text`.
    fn keys(text: &str) -> Vec<String> {
        scan(text)
            .into_iter()
            .find_map(|p| match p {
                Piece::Cite { items, .. } => Some(items.into_iter().map(|i| i.key).collect()),
                _ => None,
            })
            .unwrap_or_default()
    }

    #[test]
    fn key_shapes() {
        assert_eq!(key_len("smith2001."), Some(9));
        assert_eq!(key_len("a:b.c-d,"), Some(7));
        assert_eq!(key_len(" x"), None);
        assert_eq!(key_len("-x"), None);
    }

    #[test]
    fn bracketed_groups() {
        assert_eq!(keys("lihat [@jatmika2001, hlm. 12]."), ["jatmika2001"]);
        assert_eq!(keys("[lihat @a; @b, hlm. 3]"), ["a", "b"]);
        let pieces = scan("[lihat @a; -@b, hlm. 3]");
        let Piece::Cite { items, bracketed: true } = &pieces[0] else { panic!("{pieces:?}") };
        let text = "[lihat @a; -@b, hlm. 3]";
        assert_eq!(&text[items[0].prefix.clone()], "lihat ");
        assert!(items[1].suppress_author);
        assert_eq!(&text[items[1].suffix.clone()], ", hlm. 3");
    }

    #[test]
    fn bare_and_not_citations() {
        assert_eq!(keys("menurut @jatmika2001, kota"), ["jatmika2001"]);
        assert_eq!(keys("tulis ke nama@contoh.com"), Vec::<String>::new());
        assert_eq!(keys("harga @ 5"), Vec::<String>::new());
        assert_eq!(keys("[bukan sitasi]"), Vec::<String>::new());
        assert_eq!(keys("[a @ b]"), Vec::<String>::new());
    }

    #[test]
    fn in_text_locator() {
        let text = "@smith [hlm. 4] lalu";
        let pieces = scan(text);
        let Piece::Cite { items, .. } = &pieces[0] else { panic!() };
        assert_eq!(&text[items[0].suffix.clone()], "hlm. 4");
        assert_eq!(pieces[1], Piece::Text(15..text.len()));
    }

    #[test]
    fn undefined_footnotes() {
        assert!(matches!(&scan("x [^9] y")[1], Piece::UndefinedFootnote { label, .. } if label == "9"));
    }
}
