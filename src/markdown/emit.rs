//! The only writer of generated Typst: escaped text, string literals, and this module's own code.
//!
//! Text is written as Typst *markup* in which every ASCII punctuation character is escaped with a
//! backslash. In Typst markup a backslash before any punctuation character yields that character
//! literally, and no markup construct (`#`, `$`, `@`, `<`, `//`, `/*`, `=`, `-`, `+`, `*`, `_`,
//! `` ` ``, `~`, `[`, `]`, `"`, `'`, `...`, `http://`, `1.`) can start without an unescaped ASCII
//! punctuation character or a newline. Newline-like characters are written as spaces, so text can
//! never end a heading line or open a paragraph break. Letters and digits are never escaped,
//! because `\u{…}` is the one escape that starts with a letter.
//!
//! The markup this module writes itself (calls such as `#cite(…)`) is always followed either by
//! whitespace, by an escaped character, or by a letter, so text can never continue a call (with
//! `.field`, `(args)` or `[body]`).

use super::sourcemap::SourceMap;

/// Characters Typst's lexer treats as line breaks; text writes them as spaces.
fn is_newline(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Generated Typst markup and its source map, written front to back.
#[derive(Debug, Default)]
pub(crate) struct Out {
    /// The markup so far.
    buf: String,
    /// Anchors for the markup so far.
    map: SourceMap,
}

impl Out {
    /// An empty output.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records that the output written next stands for `.md` byte `md`.
    pub fn anchor(&mut self, md: usize) {
        self.map.push(self.buf.len(), md, 0);
    }

    /// Writes markup or code this module generated (never text from the chapter).
    pub fn code(&mut self, code: &str) {
        self.buf.push_str(code);
    }

    /// Writes text as literal markup; `offs[i]` is the `.md` offset of byte `i` of `text`.
    pub fn text(&mut self, text: &str, offs: &[usize]) {
        debug_assert_eq!(text.len(), offs.len());
        for (i, c) in text.char_indices() {
            let md = offs.get(i).copied().unwrap_or_else(|| offs.last().copied().unwrap_or(0));
            // A character whose bytes were not copied one for one from the `.md` text (smart
            // punctuation's “ for `"`, an entity) stands for its first byte only.
            let copied = (1..c.len_utf8()).all(|k| offs.get(i + k) == Some(&(md + k)));
            self.char_at(c, md, copied);
        }
    }

    /// Writes text as literal markup, all of it standing for `.md` byte `md`.
    pub fn text_at(&mut self, text: &str, md: usize) {
        self.anchor(md);
        for c in text.chars() {
            self.push_escaped(c);
        }
    }

    /// Writes one character of text standing for `.md` byte `md`.
    fn char_at(&mut self, c: char, md: usize, copied: bool) {
        let start = self.buf.len();
        if c.is_ascii_punctuation() {
            self.map.push(start, md, 0);
            self.buf.push('\\');
            self.map.push(start + 1, md, c.len_utf8());
            self.buf.push(c);
        } else {
            self.push_escaped(c);
            self.map.push(start, md, if copied { self.buf.len() - start } else { 0 });
        }
    }

    /// Pushes `c` escaped as markup text, without touching the map.
    fn push_escaped(&mut self, c: char) {
        if c.is_ascii_punctuation() {
            self.buf.push('\\');
            self.buf.push(c);
        } else if is_newline(c) {
            self.buf.push(' ');
        } else {
            self.buf.push(c);
        }
    }

    /// Writes `s` as a Typst string literal (`"…"`), standing for `.md` byte `md`.
    pub fn str_lit(&mut self, s: &str, md: usize) {
        self.anchor(md);
        self.buf.push_str(&str_literal(s));
    }

    /// Takes back everything written after byte `len` (a separator that turned out unneeded).
    pub fn truncate(&mut self, len: usize) {
        self.buf.truncate(len);
        self.map.truncate(len);
    }

    /// The markup and the source map.
    pub fn finish(self) -> (String, SourceMap) {
        (self.buf, self.map)
    }

    /// The markup written so far.
    pub fn as_str(&self) -> &str {
        &self.buf
    }
}

/// `s` as a Typst string literal: quotes and backslashes escaped, control and newline-like
/// characters written as `\u{…}`.
pub fn str_literal(s: &str) -> String {
    let mut lit = String::with_capacity(s.len() + 2);
    lit.push('"');
    for c in s.chars() {
        match c {
            '"' => lit.push_str("\\\""),
            '\\' => lit.push_str("\\\\"),
            '\n' => lit.push_str("\\n"),
            '\r' => lit.push_str("\\r"),
            '\t' => lit.push_str("\\t"),
            c if c.is_control() || is_newline(c) => {
                lit.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => lit.push(c),
        }
    }
    lit.push('"');
    lit
}

/// Whether `s` can be written as a Typst label literal (`<s>`) and referenced with `@s`:
/// ASCII letters and digits, `-`, `_`, `:` and `.`, starting with a letter or digit (a subset of
/// what Typst accepts, so that every label also works in a `.typ` chapter).
pub(crate) fn is_label(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_punctuation_is_escaped() {
        let mut out = Out::new();
        let text = "#read(\"/etc\") $x$ @k <l> // */ -1 = + _ * ` ~ \\u{41}";
        let offs: Vec<usize> = (0..text.len()).collect();
        out.text(text, &offs);
        let (s, _) = out.finish();
        assert_eq!(
            s,
            "\\#read\\(\\\"\\/etc\\\"\\) \\$x\\$ \\@k \\<l\\> \\/\\/ \\*\\/ \\-1 \\= \\+ \\_ \\* \\` \\~ \\\\u\\{41\\}"
        );
    }

    #[test]
    fn string_literals_escape_quotes_and_controls() {
        assert_eq!(str_literal("a\"b\\c\nd\u{2028}"), "\"a\\\"b\\\\c\\nd\\u{2028}\"");
    }

    #[test]
    fn labels() {
        assert!(is_label("gbr-peta_1:a.b"));
        assert!(!is_label("-x"));
        assert!(!is_label("a b"));
        assert!(!is_label("a>b"));
        assert!(!is_label(""));
    }
}
