//! Marking the changes of a `.typ` chapter at the level of Typst's syntax tree: the top-level
//! markup is cut into blocks at paragraph breaks, blocks are aligned, and inside a changed block
//! the top-level nodes are the tokens. Text and spaces are words; every other node (a function
//! call, heading, label, equation, reference) is atomic, so no mark ever splits it. Added runs
//! that are plain markup are wrapped in `#tesis-ins[…]`; deleted nodes become
//! `#tesis-del("…")`, their source as a string, so a deleted call, label or heading is only text.

use similar::{Algorithm, DiffOp, capture_diff_slices};
use typst::syntax::{SyntaxKind, SyntaxNode};

use super::words::Counts;

/// The line a marked `.typ` chapter starts with.
pub const IMPORT_LINE: &str = "#import \"/_tesis/revise.typ\": *\n";

/// A top-level node of a chapter, as text.
#[derive(Debug, Clone)]
struct Node {
    /// What it is.
    kind: SyntaxKind,
    /// Its source.
    text: String,
}

impl Node {
    /// Whether it may sit inside `#tesis-ins[…]` (plain markup).
    fn wrappable(&self) -> bool {
        matches!(
            self.kind,
            SyntaxKind::Text
                | SyntaxKind::Space
                | SyntaxKind::Strong
                | SyntaxKind::Emph
                | SyntaxKind::Escape
                | SyntaxKind::Shorthand
                | SyntaxKind::SmartQuote
        ) && !self.text.contains('\n')
    }

    /// Whether it is a word to count.
    fn is_word(&self) -> bool {
        !matches!(self.kind, SyntaxKind::Space | SyntaxKind::Parbreak) && self.text.chars().any(char::is_alphanumeric)
    }

    /// The comparison key (spaces compare equal).
    fn key(&self) -> &str {
        if self.kind == SyntaxKind::Space { " " } else { &self.text }
    }
}

/// The top-level blocks of a chapter (runs of nodes between paragraph breaks), with the breaks.
fn blocks(source: &str) -> Vec<Vec<Node>> {
    let root = typst::syntax::parse(source);
    let mut out = vec![Vec::new()];
    let mut hash = String::new();
    for child in root.children() {
        if child.kind() == SyntaxKind::Hash {
            // `#` and the expression after it are one call.
            hash.push_str(child.leaf_text());
            continue;
        }
        let text = std::mem::take(&mut hash) + &child.full_text();
        let block = out.last_mut().expect("never empty");
        if child.kind() == SyntaxKind::Text && !text.starts_with('#') {
            // A text node holds a whole run of words; each word is a token of its own.
            block.extend(split_words(&text).map(|(space, w)| Node {
                kind: if space { SyntaxKind::Space } else { SyntaxKind::Text },
                text: w.to_string(),
            }));
            continue;
        }
        let is_break = child.kind() == SyntaxKind::Parbreak;
        block.push(Node { kind: child.kind(), text });
        if is_break {
            out.push(Vec::new());
        }
    }
    out.retain(|b| !b.is_empty());
    out
}

/// The words and the runs of spaces of a text, in order (`true` for spaces).
fn split_words(text: &str) -> impl Iterator<Item = (bool, &str)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let space = first.is_whitespace();
        let len = rest.find(|c: char| c.is_whitespace() != space).unwrap_or(rest.len());
        let (piece, tail) = rest.split_at(len);
        rest = tail;
        Some((space, piece))
    })
}

/// The source of a block.
fn text_of(block: &[Node]) -> String {
    block.iter().map(|n| n.text.as_str()).collect()
}

/// Marks the changes from `old` to `new`; `words` false marks whole blocks only.
pub fn mark(old: &str, new: &str, words: bool) -> (String, Counts) {
    let old_blocks = blocks(old);
    let new_blocks = blocks(new);
    let old_keys: Vec<String> = old_blocks.iter().map(|b| key(b)).collect();
    let new_keys: Vec<String> = new_blocks.iter().map(|b| key(b)).collect();
    let mut out = String::from(IMPORT_LINE);
    let mut counts = Counts::default();
    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                for b in &new_blocks[new_index..new_index + len] {
                    out.push_str(&text_of(b));
                }
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                for b in &old_blocks[old_index..old_index + old_len] {
                    counts.deleted += deleted_block(&mut out, b);
                }
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                for b in &new_blocks[new_index..new_index + new_len] {
                    counts.added += inserted(&mut out, b);
                }
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let pairs = old_len.min(new_len);
                for k in 0..pairs {
                    let (o, n) = (&old_blocks[old_index + k], &new_blocks[new_index + k]);
                    if words {
                        counts.add(changed(&mut out, o, n));
                    } else {
                        counts.deleted += deleted_block(&mut out, o);
                        counts.added += inserted(&mut out, n);
                    }
                }
                for b in &old_blocks[old_index + pairs..old_index + old_len] {
                    counts.deleted += deleted_block(&mut out, b);
                }
                for b in &new_blocks[new_index + pairs..new_index + new_len] {
                    counts.added += inserted(&mut out, b);
                }
            }
        }
    }
    (out, counts)
}

/// A block's comparison key: its words, spaces collapsed.
fn key(block: &[Node]) -> String {
    text_of(block).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes a changed block with its words marked.
fn changed(out: &mut String, old: &[Node], new: &[Node]) -> Counts {
    let old_keys: Vec<&str> = old.iter().map(Node::key).collect();
    let new_keys: Vec<&str> = new.iter().map(Node::key).collect();
    let mut counts = Counts::default();
    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                new[new_index..new_index + len].iter().for_each(|n| out.push_str(&n.text))
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                counts.deleted += deleted(out, &old[old_index..old_index + old_len])
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                counts.added += inserted(out, &new[new_index..new_index + new_len])
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                counts.deleted += deleted(out, &old[old_index..old_index + old_len]);
                counts.added += inserted(out, &new[new_index..new_index + new_len]);
            }
        }
    }
    counts
}

/// Writes deleted nodes inline as one struck string; returns the word count.
fn deleted(out: &mut String, nodes: &[Node]) -> usize {
    let text: String = nodes.iter().filter(|n| n.kind != SyntaxKind::Parbreak).map(|n| n.text.as_str()).collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return 0;
    }
    out.push_str(&format!("#tesis-del({})", string_literal(&text)));
    if nodes.last().is_some_and(|n| n.kind == SyntaxKind::Space) {
        out.push(' ');
    }
    nodes.iter().filter(|n| n.is_word()).count()
}

/// Writes a deleted block as a struck paragraph of its own; returns the word count.
fn deleted_block(out: &mut String, block: &[Node]) -> usize {
    let text = key(block);
    if text.is_empty() {
        return 0;
    }
    out.push_str(&format!("#tesis-del-block({})\n\n", string_literal(&text)));
    block.iter().filter(|n| n.is_word()).count()
}

/// Writes inserted nodes, runs of plain markup wrapped; returns the word count.
fn inserted(out: &mut String, nodes: &[Node]) -> usize {
    let mut run = String::new();
    let flush = |out: &mut String, run: &mut String| {
        let body = run.trim_end();
        if !body.trim().is_empty() {
            out.push_str("#tesis-ins[");
            out.push_str(body);
            out.push(']');
        }
        out.push_str(&run[body.len()..]);
        run.clear();
    };
    for n in nodes {
        if n.wrappable() && !(run.is_empty() && n.kind == SyntaxKind::Space) {
            run.push_str(&n.text);
        } else {
            flush(out, &mut run);
            out.push_str(&n.text);
        }
    }
    flush(out, &mut run);
    nodes.iter().filter(|n| n.is_word()).count()
}

/// `s` as a Typst string literal, with line breaks and tabs written as spaces (deleted text is
/// shown inline).
fn string_literal(s: &str) -> String {
    crate::markdown::str_literal(&s.replace(['\n', '\r', '\t'], " "))
}

/// Whether a marked chapter parses (a last check before writing it).
pub fn parses(source: &str) -> bool {
    let root: SyntaxNode = typst::syntax::parse(source);
    root.errors_and_warnings().0.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_calls() {
        let old = "= Bab\n\nKota ini besar #cite(<a>) sekali.\n";
        let new = "= Bab\n\nKota ini kecil #cite(<b>) sekali.\n";
        let (out, counts) = mark(old, new, true);
        assert!(out.contains("#tesis-del(\"besar\")#tesis-ins[kecil]"), "{out}");
        assert!(out.contains("#tesis-del(\"#cite(<a>)\")#cite(<b>)"), "{out}");
        assert!(parses(&out), "{out}");
        assert_eq!(counts.deleted, 2);
    }
}
