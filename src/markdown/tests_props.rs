//! Property test: random Markdown made of Typst's and Markdown's special characters never panics,
//! always yields Typst that parses without errors, and keeps the student's words.
//!
//! "Keeps the words" is checked on the text a reader would see: the Text, Escape and string
//! nodes of the parsed output (our own identifiers like `cite` are not text). Every input word of
//! two or more characters containing a lower-case letter (other than this syntax's own keywords)
//! must appear in order; single letters
//! and bare numbers are exempt because `A.` before a heading and `1.` before a list item are
//! replaced by the template's own numbering by design. When the output holds a footnote, link or
//! table, content moves (a footnote definition is written at its reference, a link's URL comes
//! before its text), so only presence is checked, not order.

use proptest::prelude::*;
use typst_syntax::{SyntaxKind, SyntaxNode};

use super::tests::{Project, assert_parses};

/// Pieces random chapters are built from: every special character, plus words and line breaks.
const PIECES: &[&str] = &[
    "#", "$", "@", "<", ">", "/", "*", "_", "-", "=", "+", "`", "\\", "[", "]", "{", "}", "\"", "'", "~", "^", "!",
    "|", ":", "(", ")", ".", ",", ";", "%", "&", "?", " ", " ", " ", "\n", "\n", "\n\n", "  \n", "0", "7", "12", "a",
    "Z", "kata", "teks", "bogor", "x1", "Nanning", "sitasi", "é", "\u{2028}", "\t", "    ", "## ", "> ", "- ", "1. ",
    "[^", "![", "](", "<!--", "-->", "<sup>", "</sup>", "@gbr-", "{#", "| ", "|---|", "TODO:", "Sumber:", "Table:",
    "*/", "//", "http://", "$$",
];

/// A random chapter.
fn chapter() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|pieces| pieces.concat())
}

/// The text a reader sees in the generated markup, in order.
fn visible_text(typst: &str) -> String {
    let mut text = String::new();
    collect_visible(&typst_syntax::parse(typst), &mut text);
    text
}

/// Appends the visible text under `node`.
fn collect_visible(node: &SyntaxNode, out: &mut String) {
    match node.kind() {
        SyntaxKind::Text => out.push_str(node.leaf_text()),
        SyntaxKind::Escape => out.push_str(&node.leaf_text()[1..]),
        SyntaxKind::Str => {
            out.push(' ');
            out.push_str(node.leaf_text());
            out.push(' ');
        }
        SyntaxKind::Label => {
            out.push(' ');
            out.push_str(node.leaf_text());
            out.push(' ');
        }
        SyntaxKind::Space | SyntaxKind::Parbreak => out.push(' '),
        _ => {
            // Element boundaries (`#emph[..]`) separate words.
            out.push(' ');
            for child in node.children() {
                collect_visible(child, out);
            }
            out.push(' ');
        }
    }
}

/// Alphanumeric runs.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Words of this syntax (`Table:`, `Sumber:`, `TODO:`) that the conversion consumes by design.
const KEYWORDS: [&str; 5] = ["Table", "Tabel", "Sumber", "Source", "TODO"];

/// The input words the check insists on (see the module docs).
fn checked_words(md: &str) -> Vec<String> {
    // An HTML comment is dropped by design, and so is a link reference definition
    // (`[x]: url`, CommonMark prints nothing for it).
    if md.contains("<!--") || md.contains("]:") {
        return Vec::new();
    }
    // The tags of `<sup>`/`<sub>` are markup, not words.
    // A code fence's info string (`~~~python`, "~~~## kata") names the language and is not
    // printed: the words after a fence on its line are exempt.
    let mut md: String = md
        .split('\n')
        .map(|line| match [line.find("```"), line.find("~~~")].into_iter().flatten().min() {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    for tag in ["<sup>", "</sup>", "<sub>", "</sub>"] {
        md = md.replace(tag, " ");
    }
    words(&md)
        .into_iter()
        .filter(|w| w.chars().count() >= 2 && w.chars().any(char::is_lowercase))
        .filter(|w| !KEYWORDS.contains(&w.as_str()))
        .collect()
}

/// Whether `needles` occur in `hay` in order.
fn in_order(needles: &[String], hay: &str) -> Result<(), String> {
    let mut from = 0;
    for needle in needles {
        match hay[from..].find(needle.as_str()) {
            Some(at) => from += at + needle.len(),
            None => return Err(needle.clone()),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_markdown_is_safe(md in chapter()) {
        let project = Project::new();
        let Ok(conv) = project.convert(&md) else { return Ok(()) };
        assert_parses(&conv.typst);
        for off in 0..=conv.typst.len() {
            prop_assert!(conv.map.md_offset(off) <= md.len());
        }
        // An unreferenced footnote definition is left out (with a warning) by design. So is the fragment of a link that leads nowhere (`[text](#x)` prints its text only).
        if conv.warnings.iter().any(|w| w.message.contains("never referenced") || w.message.contains("leads nowhere")) {
            return Ok(());
        }
        // A formula's letters become math (`$gbr$` → `g b r`) by design.
        if conv.typst.contains("#rumus(") {
            return Ok(());
        }
        let seen = visible_text(&conv.typst);
        let expected = checked_words(&md);
        let moved = ["#footnote", "#link", "#tabel"].iter().any(|f| conv.typst.contains(f));
        if moved {
            for word in &expected {
                prop_assert!(seen.contains(word.as_str()), "lost {word:?}\nmd: {md:?}\nout:\n{}", conv.typst);
            }
        } else if let Err(word) = in_order(&expected, &seen) {
            prop_assert!(false, "lost {word:?} (in order)\nmd: {md:?}\nout:\n{}", conv.typst);
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(md in "\\PC{0,200}") {
        let project = Project::new();
        if let Ok(conv) = project.convert(&md) {
            assert_parses(&conv.typst);
        }
    }
}
