//! Smart punctuation, as pandoc's default `smart` extension and Typst's own markup do it:
//! straight quotes typed in running text become curly (`"kutipan"` → “kutipan”, `'istilah'` →
//! ‘istilah’, `Mas'oed` → Mas’oed), `--` → –, `---` → —, `...` → ….
//!
//! The converter applies it to the text pieces it writes (never to inline code, math, URLs,
//! citation keys, labels or attribute blocks, which are parsed from the straight text before and
//! written by other paths). pulldown-cmark's own `ENABLE_SMART_PUNCTUATION` is not used: it would
//! curl the quotes of `daftar="…"` before the attribute parser reads them.
//!
//! A character the student escaped (`\"`, `\-`, `\.`) or wrote as an entity (`&quot;`) stays as
//! typed. Offsets are kept per output byte: a replacement stands for the first `.md` byte of what
//! it replaces, so the source map stays right.

/// The smartened `text` and the `.md` offset of each of its bytes.
///
/// `offs` holds the `.md` offset of each byte of `text`; `md` is the chapter text, read for the
/// characters around a piece (is a quote at the start of the piece preceded by a space?) and to
/// tell typed characters from escaped ones.
pub fn smarten(text: &str, offs: &[usize], md: &str) -> (String, Vec<usize>) {
    debug_assert_eq!(text.len(), offs.len());
    if !text.contains(['"', '\'', '-', '.']) {
        return (text.to_string(), offs.to_vec());
    }
    let protected = url_ranges(text);
    let mut out = String::with_capacity(text.len());
    let mut out_offs = Vec::with_capacity(offs.len());
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let typed = !protected.iter().any(|r| r.contains(&i)) && is_typed(md, offs[i], c);
        let (replacement, used) = match c {
            _ if !typed => (None, c.len_utf8()),
            '"' | '\'' => (Some(quote(c, before(text, offs, md, i), after(text, offs, md, i))), 1),
            '-' if run(text, offs, md, i, "---") => (Some('\u{2014}'), 3),
            '-' if run(text, offs, md, i, "--") => (Some('\u{2013}'), 2),
            '.' if run(text, offs, md, i, "...") => (Some('\u{2026}'), 3),
            _ => (None, c.len_utf8()),
        };
        match replacement {
            Some(r) => {
                out.push(r);
                out_offs.extend(std::iter::repeat_n(offs[i], r.len_utf8()));
            }
            None => {
                out.push_str(&text[i..i + used]);
                out_offs.extend_from_slice(&offs[i..i + used]);
            }
        }
        i += used;
    }
    (out, out_offs)
}

/// Whether `c` at `.md` byte `at` was typed as itself (not an escape, an entity or a character
/// pulldown-cmark made up).
fn is_typed(md: &str, at: usize, c: char) -> bool {
    let typed_here = md.get(at..).is_some_and(|rest| rest.starts_with(c));
    typed_here && !(at > 0 && md.as_bytes()[at - 1] == b'\\')
}

/// Whether `pattern` starts at byte `i` of `text` and every character of it was typed, one
/// after the other in the `.md` text (not joined across an escape or a line break).
fn run(text: &str, offs: &[usize], md: &str, i: usize, pattern: &str) -> bool {
    text[i..].starts_with(pattern)
        && pattern.chars().enumerate().all(|(k, c)| offs[i + k] == offs[i] + k && is_typed(md, offs[i + k], c))
}

/// The character before byte `i`: in the piece, else in the `.md` text before it.
fn before(text: &str, offs: &[usize], md: &str, i: usize) -> Option<char> {
    if let Some(c) = text[..i].chars().next_back() {
        return Some(c);
    }
    md.get(..offs[i]).and_then(|s| s.chars().next_back())
}

/// The character after the one-byte character at `i`: in the piece, else in the `.md` text.
fn after(text: &str, offs: &[usize], md: &str, i: usize) -> Option<char> {
    if let Some(c) = text[i + 1..].chars().next() {
        return Some(c);
    }
    md.get(offs[i] + 1..).and_then(|s| s.chars().next())
}

/// The curly form of the straight quote `c` between `prev` and `next`.
fn quote(c: char, prev: Option<char>, next: Option<char>) -> char {
    let next_is_word =
        next.is_some_and(|n| !n.is_whitespace() && !matches!(n, '.' | ',' | ';' | ':' | '!' | '?' | ')'));
    let prev_opens = prev.is_none_or(|p| {
        p.is_whitespace()
            || "([{<\u{201c}\u{2018}\"'\u{2014}\u{2013}-/*_~".contains(p)
            || ('\u{e000}'..='\u{e0ff}').contains(&p)
    });
    let opening = next_is_word && prev_opens;
    match c {
        // An apostrophe before a year ('90-an) is not an opening quote.
        '\'' if opening && next.is_some_and(|n| n.is_ascii_digit()) => '\u{2019}',
        '\'' if opening => '\u{2018}',
        '\'' => '\u{2019}',
        _ if opening => '\u{201c}',
        _ => '\u{201d}',
    }
}

/// The byte ranges of web addresses typed in `text` (`http://…`, `https://…`, `www.…` up to the
/// next space), which stay as typed.
fn url_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(at) = ["http://", "https://", "www."].iter().filter_map(|p| text[from..].find(p)).min() {
        let start = from + at;
        let end = text[start..].find(char::is_whitespace).map_or(text.len(), |e| start + e);
        ranges.push(start..end);
        from = end;
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::smarten;

    /// Smartens a whole `.md` text (offsets = positions).
    fn s(md: &str) -> String {
        let offs: Vec<usize> = (0..md.len()).collect();
        smarten(md, &offs, md).0
    }

    #[test]
    fn quotes_dashes_and_ellipsis() {
        assert_eq!(s("\"kutipan\" dan 'istilah'"), "“kutipan” dan ‘istilah’");
        assert_eq!(s("Mas'oed (\"a\"), 1998--2004 --- lalu..."), "Mas’oed (“a”), 1998–2004 — lalu…");
        assert_eq!(s("tahun '90-an"), "tahun ’90-an");
        assert_eq!(s("\"'kata'\""), "“‘kata’”");
    }

    #[test]
    fn escapes_and_urls_stay() {
        let md = "a \\\"b\\\" c";
        let text = "a \"b\" c";
        let offs = vec![0, 1, 3, 4, 6, 7, 8];
        assert_eq!(smarten(text, &offs, md).0, "a \"b\" c");
        assert_eq!(s("lihat https://x.id/a--b...c 'ok'"), "lihat https://x.id/a--b...c ‘ok’");
    }

    #[test]
    fn offsets_follow_the_output_bytes() {
        let md = "a--b";
        let (out, offs) = smarten(md, &[0, 1, 2, 3], md);
        assert_eq!(out, "a–b");
        assert_eq!(offs, [0, 1, 1, 1, 3]);
    }

    #[test]
    fn made_up_text_stays() {
        // pulldown-cmark's text for an entity (`&quot;`) has all offsets at the entity.
        let md = "&quot;";
        assert_eq!(smarten("\"", &[0], md).0, "\"");
    }
}
