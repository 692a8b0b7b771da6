//! Review marks in Typst chapters: the template's `#tambah[…]`, `#hapus[…]`, `#ganti[lama][baru]`,
//! `#sorot[…]` and `#catatan[…]` (src/template/api.typ), which `tesis review` writes into `.typ`
//! chapters and `tesis accept` / `tesis reject` resolve, like CriticMarkup in Markdown.
//!
//! A mark is a call in markup (`#name` followed only by content blocks); anything else with
//! the same name (a call with parentheses, inside code) is left alone.

use std::ops::Range;

use typst::syntax::{LinkedNode, Side, SyntaxKind};

use super::criticmarkup::Decision;

/// Which review mark: the same five as CriticMarkup's (`#tambah`, `#hapus`, `#ganti`, `#sorot`,
/// `#catatan`).
pub use super::criticmarkup::Kind;

/// One mark in a Typst chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Which mark.
    pub kind: Kind,
    /// The whole call, `#` (and a closing `;`) included.
    pub range: Range<usize>,
    /// The source inside each content block.
    pub bodies: Vec<Range<usize>>,
}

/// The function name of each mark and how many content blocks it takes.
const NAMES: [(Kind, &str, usize); 5] = [
    (Kind::Insert, "tambah", 1),
    (Kind::Delete, "hapus", 1),
    (Kind::Substitute, "ganti", 2),
    (Kind::Highlight, "sorot", 1),
    (Kind::Comment, "catatan", 1),
];

/// The call that writes a mark (`#tambah`), for [`render`].
pub fn name(kind: Kind) -> &'static str {
    NAMES.iter().find(|(k, _, _)| *k == kind).map(|(_, n, _)| *n).unwrap_or("catatan")
}

/// Finds the marks of a Typst source, outermost only, in order.
pub fn find(source: &str) -> Vec<Mark> {
    if !NAMES.iter().any(|(_, n, _)| source.contains(n)) {
        return Vec::new();
    }
    let root = typst::syntax::parse(source);
    let mut out = Vec::new();
    collect(&LinkedNode::new(&root), &mut out);
    out
}

/// Collects the marks below `node`.
fn collect(node: &LinkedNode, out: &mut Vec<Mark>) {
    if node.kind() == SyntaxKind::FuncCall
        && let Some(mark) = as_mark(node)
    {
        out.push(mark);
        return;
    }
    for child in node.children() {
        collect(&child, out);
    }
}

/// The mark a call is, if it is one.
fn as_mark(call: &LinkedNode) -> Option<Mark> {
    let parent = call.parent()?;
    let hash = call.prev_sibling_with_trivia().filter(|h| h.kind() == SyntaxKind::Hash)?;
    if parent.kind() != SyntaxKind::Markup {
        return None;
    }
    let mut children = call.children();
    let callee = children.next()?;
    let &(kind, _, blocks) =
        NAMES.iter().find(|(_, n, _)| callee.kind() == SyntaxKind::Ident && callee.get().leaf_text().as_str() == *n)?;
    let args = children.next().filter(|a| a.kind() == SyntaxKind::Args)?;
    let mut bodies = Vec::new();
    for arg in args.children() {
        if arg.kind() != SyntaxKind::ContentBlock {
            return None;
        }
        let inner = arg.children().find(|c| c.kind() == SyntaxKind::Markup);
        let start = arg.offset() + 1;
        bodies.push(inner.map_or(start..start, |m| m.range()));
    }
    if bodies.len() != blocks {
        return None;
    }
    let mut end = call.range().end;
    if let Some(semi) = call.next_sibling_with_trivia().filter(|s| s.kind() == SyntaxKind::Semicolon) {
        end = semi.range().end;
    }
    Some(Mark { kind, range: hash.offset()..end, bodies })
}

/// The source with every mark accepted or rejected; every byte outside the marks is kept.
pub fn resolve(source: &str, decision: Decision) -> String {
    resolve_some(source, &find(source), decision)
}

/// The source with only `marks` (some of [`find`]'s, in order) accepted or rejected, every
/// other byte kept (marks inside a resolved one go the same way).
pub fn resolve_some(source: &str, marks: &[Mark], decision: Decision) -> String {
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for mark in marks {
        out.push_str(&source[at..mark.range.start]);
        let keep = match (mark.kind, decision) {
            (Kind::Insert, Decision::Accept) | (Kind::Delete, Decision::Reject) | (Kind::Highlight, _) => {
                Some(&mark.bodies[0])
            }
            (Kind::Substitute, Decision::Accept) => Some(&mark.bodies[1]),
            (Kind::Substitute, Decision::Reject) => Some(&mark.bodies[0]),
            _ => None,
        };
        if let Some(body) = keep {
            out.push_str(&resolve(&source[body.clone()], decision));
        }
        at = mark.range.end;
    }
    out.push_str(&source[at..]);
    out
}

/// A mark's call with plain `text` (escaped) or source (as is) in its blocks.
pub fn render(kind: Kind, blocks: &[&str]) -> String {
    let mut out = format!("#{}", name(kind));
    for b in blocks {
        out.push('[');
        out.push_str(b);
        out.push(']');
    }
    out
}

/// Plain text written as Typst markup: every character markup would read as syntax escaped,
/// line breaks as spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '#' | '[' | ']' | '*' | '_' | '$' | '@' | '<' | '>' | '`' | '~' | '=' | '-' | '+' | '/' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Whether a mark may be written at byte `at` of `source`: it is plain markup text there (not
/// inside code, a string, math, a label or raw text), on both sides.
pub fn in_markup(source: &str, root: &LinkedNode, at: usize) -> bool {
    let ok = |leaf: Option<LinkedNode>| match leaf {
        None => true,
        Some(leaf) => {
            matches!(
                leaf.kind(),
                SyntaxKind::Text
                    | SyntaxKind::Space
                    | SyntaxKind::Parbreak
                    | SyntaxKind::Escape
                    | SyntaxKind::Shorthand
                    | SyntaxKind::SmartQuote
            ) && leaf.parent().is_some_and(|p| p.kind() == SyntaxKind::Markup)
                // The space after a heading's or a list item's marker, before its text.
                || leaf.kind() == SyntaxKind::Space
                    && leaf.prev_sibling_with_trivia().is_some_and(|m| {
                        matches!(
                            m.kind(),
                            SyntaxKind::HeadingMarker
                                | SyntaxKind::ListMarker
                                | SyntaxKind::EnumMarker
                                | SyntaxKind::TermMarker
                        )
                    })
        }
    };
    at <= source.len()
        && source.is_char_boundary(at)
        && ok(root.leaf_at(at, Side::Before))
        && ok(root.leaf_at(at, Side::After))
}

/// The nearest byte at or before `at` where a mark can stand on its own: before the top-level
/// element (a call, an equation) that holds `at`.
pub fn markup_place(root: &LinkedNode, at: usize) -> usize {
    let Some(mut node) = root.leaf_at(at, Side::After) else { return at };
    loop {
        let Some(parent) = node.parent().cloned() else { return node.offset() };
        if parent.kind() == SyntaxKind::Markup && parent.parent().is_none() {
            let hash = node.prev_sibling_with_trivia().filter(|h| h.kind() == SyntaxKind::Hash);
            return hash.map_or(node.offset(), |h| h.offset());
        }
        node = parent;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_and_reject_each_mark() {
        let src = "A #tambah[baru] B #hapus[lama] C #ganti[x][y]; D #sorot[kata]#catatan[Dr. B: cek] E.";
        assert_eq!(resolve(src, Decision::Accept), "A baru B  C y D kata E.");
        assert_eq!(resolve(src, Decision::Reject), "A  B lama C x D kata E.");
    }

    #[test]
    fn calls_that_are_not_marks_stay() {
        let src = "#let hapus(x) = x\n#hapus(\"a\") dan `#tambah[b]` dan #f(tambah)[c]\n";
        assert_eq!(resolve(src, Decision::Accept), src);
        assert!(find(src).is_empty());
    }

    #[test]
    fn escaped_text_reads_back_as_the_same_text() {
        let text = "a #b [c] *d* _e_ $f$ @g <h> `i` ~ = - + // j \\ k";
        let src = format!("#tambah[{}]", escape(text));
        let marks = find(&src);
        assert_eq!(marks.len(), 1, "{src}");
        let root = typst::syntax::parse(&src);
        assert!(root.errors_and_warnings().0.is_empty(), "{src}");
        let body = &src[marks[0].bodies[0].clone()];
        let unescaped: String = {
            let mut out = String::new();
            let mut it = body.chars();
            while let Some(c) = it.next() {
                out.push(if c == '\\' { it.next().unwrap() } else { c });
            }
            out
        };
        assert_eq!(unescaped, text);
    }

    #[test]
    fn marks_are_written_only_into_markup() {
        let src = "Teks biasa #gambar(\"peta.svg\", caption: [Peta]) akhir.";
        let root = typst::syntax::parse(src);
        let root = LinkedNode::new(&root);
        assert!(in_markup(src, &root, 5));
        let in_string = src.find("peta.svg").unwrap() + 2;
        assert!(!in_markup(src, &root, in_string));
        assert_eq!(markup_place(&root, in_string), src.find('#').unwrap());
        assert!(in_markup(src, &root, src.find("Peta]").unwrap() + 2));
    }
}
