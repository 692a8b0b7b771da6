//! Block-level alignment of two versions of a Markdown chapter, then word-level marking inside
//! the blocks that were paired ([`super::words`]). The result is the new chapter with
//! CriticMarkup, which the build's revision layer draws.
//!
//! Blocks are the top-level elements pulldown-cmark finds (paragraphs, headings, lists, tables,
//! code, footnote definitions). Equal blocks stay byte for byte. A changed block is paired with
//! an old block of the same kind that shares enough words; an old block left over is shown
//! struck as a paragraph of its own (never a heading, figure or note, so the new numbering holds).

use std::ops::Range;

use similar::{Algorithm, DiffOp, TextDiff, capture_diff_slices};

use super::words::{self, Counts};

/// How much of a changed block must stay for it to be paired with an old one (word ratio).
const PAIR_RATIO: f32 = 0.35;

/// How finely changes are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Words inside blocks.
    Words,
    /// Whole blocks: the old block struck, the new one as it is.
    Blocks,
    /// Nothing marked (the summary page still counts).
    None,
}

/// What a block is, for pairing and for what may be marked inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `#` heading.
    Heading,
    /// A pipe table.
    Table,
    /// A list.
    List,
    /// A fenced or indented code block, or HTML.
    Verbatim,
    /// A paragraph that is only an image (a figure).
    Figure,
    /// A footnote definition.
    Footnote,
    /// Any other paragraph.
    Para,
}

/// One top-level block.
#[derive(Debug, Clone)]
struct Block<'a> {
    /// Its text (trailing line breaks left out).
    text: &'a str,
    /// Where it sits.
    range: Range<usize>,
    /// What it is.
    kind: Kind,
    /// Its words, spaces collapsed, for comparing.
    key: String,
}

/// The top-level blocks of a Markdown text.
fn blocks(md: &str) -> Vec<Block<'_>> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH;
    let mut out: Vec<Block> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(md, options).into_offset_iter() {
        let top = depth == 0;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if !top || matches!(event, Event::End(_)) {
            continue;
        }
        let end = range.start + md[range.clone()].trim_end_matches(['\n', '\r']).len();
        let range = range.start..end;
        if range.is_empty() || out.last().is_some_and(|b| b.range.end > range.start) {
            continue;
        }
        let text = &md[range.clone()];
        let kind = match event {
            Event::Start(Tag::Heading { .. }) => Kind::Heading,
            Event::Start(Tag::Table(_)) => Kind::Table,
            Event::Start(Tag::List(_)) => Kind::List,
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => Kind::Verbatim,
            Event::Start(Tag::FootnoteDefinition(_)) => Kind::Footnote,
            _ if text.trim_start().starts_with("![") && !text.trim().contains("\n\n") => Kind::Figure,
            _ => Kind::Para,
        };
        let key = text.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push(Block { text, range, kind, key });
    }
    out
}

/// What happened to the blocks of one chapter, in new order.
enum Step<'a> {
    /// Unchanged.
    Same(usize),
    /// New block `.1` replaces old block `.0`.
    Changed(usize, usize),
    /// A new block.
    Added(usize),
    /// An old block that is gone.
    Removed(&'a Block<'a>),
}

/// Marks the changes from `old` to `new`; returns the marked new text and its counts.
pub fn mark(old: &str, new: &str, detail: Detail) -> (String, Counts) {
    let old_blocks = blocks(old);
    let new_blocks = blocks(new);
    let steps = align(&old_blocks, &new_blocks);
    let mut out = String::with_capacity(new.len() * 2);
    let mut counts = Counts::default();
    let mut at = 0;
    let mut removed: Vec<&Block> = Vec::new();
    for step in steps {
        let (n, rewritten) = match step {
            Step::Removed(b) => {
                counts.deleted += words::word_count(b.text);
                removed.push(b);
                continue;
            }
            Step::Same(n) => (n, None),
            Step::Changed(o, n) => {
                let (text, c) = changed(&old_blocks[o], &new_blocks[n], detail, &mut removed);
                counts.add(c);
                (n, text)
            }
            Step::Added(n) => {
                let b = &new_blocks[n];
                counts.added += words::word_count(b.text);
                let text = match (detail, b.kind) {
                    (Detail::Words, Kind::Para | Kind::Heading | Kind::List | Kind::Table | Kind::Footnote) => {
                        Some(words::mark_added(b.text).0)
                    }
                    (Detail::None, _) => None,
                    _ => Some(format!("{{>>baru<<}}\n\n{}", b.text)),
                };
                (n, text)
            }
        };
        let b = &new_blocks[n];
        out.push_str(&new[at..b.range.start]);
        if !removed.is_empty() && !attached(b) && detail != Detail::None {
            for gone in removed.drain(..) {
                out.push_str(&struck_block(gone.text));
            }
        }
        out.push_str(rewritten.as_deref().unwrap_or(b.text));
        at = b.range.end;
    }
    out.push_str(&new[at..]);
    if detail != Detail::None {
        for gone in removed {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&struck_block(gone.text));
        }
    }
    (out, counts)
}

/// Marks one changed block; old blocks that cannot be paired inside it go to `removed`.
fn changed<'a>(
    old: &'a Block<'a>,
    new: &Block,
    detail: Detail,
    removed: &mut Vec<&'a Block<'a>>,
) -> (Option<String>, Counts) {
    let (_, counts) = words::mark_block(old.text, new.text);
    match (detail, new.kind) {
        (Detail::None, _) => (None, counts),
        (Detail::Words, Kind::Para | Kind::Heading | Kind::List | Kind::Table | Kind::Footnote) => {
            (Some(words::mark_block(old.text, new.text).0), counts)
        }
        (Detail::Words, Kind::Figure | Kind::Verbatim) => {
            let what = if new.kind == Kind::Figure { "gambar diubah" } else { "diubah" };
            (Some(format!("{{>>{what}<<}}\n\n{}", new.text)), counts)
        }
        (Detail::Blocks, _) => {
            removed.push(old);
            (None, counts)
        }
    }
}

/// Whether a new block belongs to the one before it (a figure's `Sumber:` line, a table and its
/// caption), so that no struck block may come between them.
fn attached(b: &Block) -> bool {
    let t = b.text.trim_start();
    b.kind == Kind::Table || t.starts_with("Sumber:") || t.starts_with("Table:") || t.starts_with("Tabel:")
}

/// A removed block as a struck paragraph of its own.
fn struck_block(text: &str) -> String {
    let body = words::deleted_text(&words::tokenize(text));
    format!("\n\n{{--{}--}}\n\n", body.trim())
}

/// Pairs the blocks of two versions, in new order with removed blocks where they stood.
fn align<'a>(old: &'a [Block<'a>], new: &[Block]) -> Vec<Step<'a>> {
    let old_keys: Vec<&str> = old.iter().map(|b| b.key.as_str()).collect();
    let new_keys: Vec<&str> = new.iter().map(|b| b.key.as_str()).collect();
    let mut steps = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal { new_index, len, .. } => steps.extend((new_index..new_index + len).map(Step::Same)),
            DiffOp::Delete { old_index, old_len, .. } => {
                steps.extend(old[old_index..old_index + old_len].iter().map(Step::Removed))
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                steps.extend((new_index..new_index + new_len).map(Step::Added))
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let mut next_old = old_index;
                for (n, block) in new.iter().enumerate().skip(new_index).take(new_len) {
                    let pair = (next_old..old_index + old_len).find(|&o| {
                        old[o].kind == block.kind
                            && TextDiff::from_words(old[o].key.as_str(), block.key.as_str()).ratio() >= PAIR_RATIO
                    });
                    match pair {
                        Some(o) => {
                            steps.extend(old[next_old..o].iter().map(Step::Removed));
                            steps.push(Step::Changed(o, n));
                            next_old = o + 1;
                        }
                        None => steps.push(Step::Added(n)),
                    }
                }
                steps.extend(old[next_old..old_index + old_len].iter().map(Step::Removed));
            }
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_text_is_kept() {
        let md = "# Judul\n\nSatu dua.\n\n- a\n- b\n";
        assert_eq!(mark(md, md, Detail::Words).0, md);
    }

    #[test]
    fn removed_and_moved_paragraphs() {
        let old = "# J\n\nPertama di sini.\n\nKedua di sana.\n\nKetiga hilang.\n";
        let new = "# J\n\nKedua di sana.\n\nPertama di sini.\n";
        let (out, counts) = mark(old, new, Detail::Words);
        assert!(out.contains("{--Ketiga hilang.--}"), "{out}");
        assert!(out.contains("{++Pertama di sini.++}") || out.contains("{++Kedua di sana.++}"), "{out}");
        assert!(counts.deleted >= 2);
    }

    #[test]
    fn removed_heading_becomes_a_struck_paragraph() {
        let (out, _) = mark("# J\n\n## B. Lama\n\nTeks.\n", "# J\n\nTeks.\n", Detail::Words);
        assert!(out.contains("{--Lama--}"), "{out}");
        assert!(!out.contains("## "), "{out}");
    }
}
