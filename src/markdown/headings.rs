//! Headings: `#` is the chapter title, `##`… the A./1./a./1)/a) levels, numbered by the template.
//!
//! `## A. LATAR BELAKANG` → `== LATAR BELAKANG`: a number the student typed before the text
//! (`A.`, `1.`, `a.`, `1)`, `(a)`, roman `IV.`) is dropped, and when it differs from the number the
//! template will print (A, B, C… for `##` within a chapter; 1, 2, 3 for `###`; a, b for `####`;
//! 1), 2) for `#####`; a), b) for `######`) that is a warning at the typed number. A chapter title
//! `# BAB I PENDAHULUAN` loses its `BAB I` (the template prints it). Bold or italic markers around
//! the whole heading are dropped, since the template styles headings. A heading that skips a
//! level (`####` right under `##`) is a warning: its number would read "A.0.a". `{#bab-x}` after the
//! title becomes the label `<bab-x>` (Quarto's `{#sec-x}` and pandoc-crossref's `{#sec:x}` too).
//! `{.unnumbered}` or `{-}` → `#heading(level: n, numbering: none)[…]`. A heading inside a
//! quote, list or footnote is written by [`super::blocks`] as a bold line.

use std::ops::Range;

use super::MdDiagnostic;
use super::blocks::Converter;
use super::emit::is_label;
use super::labels::{self, LabelKind};
use super::parse::Inline;

impl Converter<'_> {
    /// Writes a heading; returns false when it wrote nothing (an empty heading).
    pub fn heading(
        &mut self,
        level: usize,
        id: Option<&str>,
        unnumbered: bool,
        inlines: &[Inline],
        range: Range<usize>,
    ) -> bool {
        let parent = (1..level).rev().find(|&l| self.counters[l] > 0);
        if level > 1 && parent.is_some_and(|p| p + 1 < level) {
            let parent = parent.unwrap_or(1);
            self.diags.push(
                MdDiagnostic::warning(
                    range.start..range.start + level,
                    format!("heading level {level} follows level {parent} directly"),
                )
                .with_hint(format!("use {} here, or add the missing level above it", "#".repeat(parent + 1))),
            );
        }
        self.counters[level] += 1;
        for deeper in &mut self.counters[level + 1..] {
            *deeper = 0;
        }
        let mut inlines = unwrap_styling(inlines);
        if let Some(Inline::Text { text, offs }) = inlines.first_mut() {
            let cut = if level == 1 { chapter_prefix(text) } else { self.manual_number(level, text, offs) };
            if cut > 0 {
                text.replace_range(..cut, "");
                offs.drain(..cut);
                if text.is_empty() {
                    inlines.remove(0);
                }
            }
        }
        if inlines.is_empty() {
            self.diags.push(MdDiagnostic::warning(range, "empty heading is left out"));
            return false;
        }
        self.out.anchor(range.start);
        if unnumbered {
            // `{.unnumbered}` / `{-}`: a heading without a number (still in DAFTAR ISI).
            self.out.code(&format!("#heading(level: {level}, numbering: none)["));
        } else {
            self.out.code(&"=".repeat(level));
            self.out.code(" ");
        }
        self.in_title = true;
        self.inlines(&inlines);
        self.in_title = false;
        if unnumbered {
            self.out.code("]");
        }
        if let Some(id) = id {
            self.heading_label(level, id, range);
        }
        true
    }

    /// Writes ` <id>` after a heading, checking the label.
    fn heading_label(&mut self, level: usize, id: &str, range: Range<usize>) {
        if !is_label(id) {
            self.diags.push(
                MdDiagnostic::error(range, format!("`{{#{id}}}` is not a valid label"))
                    .with_hint("labels use letters, digits, `-`, `_`, `:` and `.`"),
            );
            return;
        }
        if level == 1 && labels::kind_of(id) != Some(LabelKind::Section) {
            self.diags.push(
                MdDiagnostic::warning(
                    range.clone(),
                    format!("chapter label `{id}` does not start with {}", labels::prefix_list(LabelKind::Section)),
                )
                .with_hint(format!("write {{#bab-{id}}} so that `@bab-{id}` refers to it")),
            );
        }
        self.out.code(" <");
        self.out.code(id);
        self.out.code(">");
    }

    /// The number of bytes of a typed heading number at the start of `text` (0 when none),
    /// warning when it differs from the automatic number.
    fn manual_number(&mut self, level: usize, text: &str, offs: &[usize]) -> usize {
        let Some((token, cut)) = typed_number(text) else {
            return 0;
        };
        let expected = automatic_number(level, self.counters[level]);
        if token != expected {
            let start = offs[0];
            let end = offs[cut.min(offs.len()) - 1] + 1;
            self.diags.push(
                MdDiagnostic::warning(
                    start..end,
                    format!(
                        "typed heading number `{}` differs from the automatic number `{expected}`",
                        text[..cut].trim_end()
                    ),
                )
                .with_hint("the template numbers headings itself; the typed number is left out"),
            );
        }
        cut
    }
}

/// The heading's inlines without bold/italic wrapped around all of them.
fn unwrap_styling(inlines: &[Inline]) -> Vec<Inline> {
    let mut current = inlines;
    loop {
        match current {
            [Inline::Strong { children, .. } | Inline::Emph { children, .. }] => current = children,
            _ => return current.to_vec(),
        }
    }
}

/// The number the template prints for the `count`th heading of `level` (2..=6), without its
/// delimiter.
fn automatic_number(level: usize, count: usize) -> String {
    let letter = |upper: bool| {
        let base = if upper { b'A' } else { b'a' };
        let mut n = count.max(1);
        let mut s = Vec::new();
        while n > 0 {
            n -= 1;
            s.push(base + (n % 26) as u8);
            n /= 26;
        }
        s.reverse();
        String::from_utf8(s).unwrap_or_default()
    };
    match level {
        2 => letter(true),
        4 | 6 => letter(false),
        _ => count.to_string(),
    }
}

/// A typed number at the start of a heading: `A. `, `12. `, `a) `, `(1) `, `IV. `. Returns the
/// token and how many bytes to cut (number, delimiter and the spaces after it). Text must follow.
fn typed_number(text: &str) -> Option<(String, usize)> {
    if let Some(dotted) = dotted_number(text) {
        return Some(dotted);
    }
    let (open, rest) = match text.strip_prefix('(') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let token_len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let token = &rest[..token_len];
    let is_digits = !token.is_empty() && token.len() <= 3 && token.bytes().all(|b| b.is_ascii_digit());
    let is_letter = token.len() == 1 && token.bytes().all(|b| b.is_ascii_alphabetic());
    let is_roman = (1..=6).contains(&token.len()) && token.bytes().all(|b| b"IVXLC".contains(&b));
    if !(is_digits || is_letter || is_roman) {
        return None;
    }
    let after = &rest[token_len..];
    let delim = after.chars().next()?;
    if !(delim == ')' || (!open && delim == '.')) {
        return None;
    }
    let after = &after[1..];
    let body = after.trim_start();
    if body.len() == after.len() || body.is_empty() {
        return None;
    }
    let cut = text.len() - body.len();
    Some((token.to_string(), cut))
}

/// A decimal outline number such as `1.2 ` or `2.1.3. ` before heading text: the token (never
/// equal to an automatic number, which has no dots) and the bytes to cut.
fn dotted_number(text: &str) -> Option<(String, usize)> {
    let len = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let token = text[..len].trim_end_matches('.');
    let parts: Vec<&str> = token.split('.').collect();
    let well_formed = parts.len() >= 2 && parts.iter().all(|p| (1..=3).contains(&p.len()));
    let after = &text[len..];
    let body = after.trim_start();
    if !well_formed || body.len() == after.len() || body.is_empty() {
        return None;
    }
    Some((token.to_string(), text.len() - body.len()))
}

/// Bytes to cut from a chapter title that starts with `BAB I` / `Bab 1` (and a separator).
fn chapter_prefix(text: &str) -> usize {
    if !text.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("bab")) {
        return 0;
    }
    let rest = &text[3..];
    let after_space = rest.trim_start();
    if after_space.len() == rest.len() {
        return 0;
    }
    let num_len = after_space.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(after_space.len());
    let num = &after_space[..num_len];
    let numeric =
        !num.is_empty() && (num.bytes().all(|b| b.is_ascii_digit()) || num.bytes().all(|b| b"IVXLC".contains(&b)));
    if !numeric {
        return 0;
    }
    let tail = after_space[num_len..].trim_start_matches(|c: char| c.is_whitespace() || ".:-–—".contains(c));
    if tail.is_empty() {
        return 0;
    }
    text.len() - tail.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers() {
        assert_eq!(typed_number("A. LATAR BELAKANG"), Some(("A".into(), 3)));
        assert_eq!(typed_number("12. Konsep"), Some(("12".into(), 4)));
        assert_eq!(typed_number("(a) Dokumen"), Some(("a".into(), 4)));
        assert_eq!(typed_number("IV. Hasil"), Some(("IV".into(), 4)));
        assert_eq!(typed_number("Apa. Itu"), None);
        assert_eq!(typed_number("A.B"), None);
        assert_eq!(typed_number("2015 dan"), None);
        assert_eq!(typed_number("A. "), None);
        assert_eq!(typed_number("1.2 Konsep"), Some(("1.2".into(), 4)));
        assert_eq!(typed_number("2.1.3. Data"), Some(("2.1.3".into(), 7)));
        assert_eq!(typed_number("1.5 juta"), Some(("1.5".into(), 4)));
        assert_eq!(typed_number("2015. Tahun"), None);
    }

    #[test]
    fn automatic_numbers() {
        assert_eq!(automatic_number(2, 3), "C");
        assert_eq!(automatic_number(2, 27), "AA");
        assert_eq!(automatic_number(3, 2), "2");
        assert_eq!(automatic_number(4, 1), "a");
        assert_eq!(automatic_number(5, 4), "4");
    }

    #[test]
    fn chapter_prefixes() {
        assert_eq!(chapter_prefix("BAB I PENDAHULUAN"), 6);
        assert_eq!(chapter_prefix("Bab 2: Kajian"), 7);
        assert_eq!(chapter_prefix("BAB I"), 0);
        assert_eq!(chapter_prefix("Babak baru"), 0);
        assert_eq!(chapter_prefix("BAB IKAN"), 0);
    }
}
