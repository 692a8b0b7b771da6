//! From what the document holds to the changes to place: each anchored paragraph lined up with
//! its block (tracked changes, comments, and untracked edits found by comparison); paragraphs
//! without an anchor, or whose chapter changed since the export, placed by matching text where
//! that is unambiguous and reported where it is not.

use super::align::{self, Who};
use super::model::{BlockKind, ExportModel};
use super::package::Package;
use super::place::{Item, What};
use super::wordml::{Document, Para};

/// The changes to place, and what could not be placed (one line each, with why).
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The changes, block by block.
    pub items: Vec<Item>,
    /// What was not placed.
    pub unplaced: Vec<String>,
    /// Whether the document carries tesis anchors.
    pub anchored: bool,
}

/// The anchor of each paragraph of `doc`. LibreOffice keeps the anchor of the first footnote
/// paragraph only when it saves a document (tests/supervisor/README.md); footnote paragraphs
/// stay in the export's note order, so when the document holds exactly as many as the export
/// has footnote blocks, and those that kept an anchor sit at their block's place, the k-th
/// footnote paragraph takes the k-th footnote block's anchor. Otherwise the paragraph keeps
/// what it carries (and is placed by its text).
fn footnote_anchors(doc: &Document, model: &ExportModel) -> Vec<Option<String>> {
    let mut anchors: Vec<Option<String>> = doc.paras.iter().map(|p| p.anchor.clone()).collect();
    let notes: Vec<usize> = (0..doc.paras.len()).filter(|&i| doc.paras[i].footnote).collect();
    let blocks: Vec<&str> =
        model.blocks.iter().filter(|b| b.kind == BlockKind::Footnote).map(|b| b.anchor.as_str()).collect();
    let in_order = notes.len() == blocks.len()
        && notes.iter().zip(&blocks).all(|(&i, b)| doc.paras[i].anchor.as_deref().is_none_or(|a| a == *b));
    if in_order {
        for (&i, b) in notes.iter().zip(&blocks) {
            anchors[i] = Some(b.to_string());
        }
    }
    anchors
}

/// The author of edits made with Track Changes off.
fn untracked_author(package: &Package) -> String {
    package.last_modified_by.clone().unwrap_or_else(|| "Pembimbing".to_string())
}

/// Reads the changes of `doc` against `model`.
pub fn changes(package: &Package, doc: &Document, model: &ExportModel) -> Found {
    let stale = package.properties.get("tesis.inputs").is_none_or(|i| *i != model.inputs);
    let mut found = Found { anchored: doc.paras.iter().any(|p| p.anchor.is_some()), ..Found::default() };
    let untracked = untracked_author(package);
    let author = |who: Who| match who {
        Who::Tracked(r) => doc.revisions.get(r).map(|r| r.author.clone()).filter(|a| !a.trim().is_empty()),
        Who::Untracked => None,
    };
    let anchors = footnote_anchors(doc, model);
    for (para, anchor) in doc.paras.iter().zip(&anchors) {
        let block = anchor.as_deref().and_then(|a| model.blocks.iter().position(|b| b.anchor == a));
        let before = para.before();
        match block {
            Some(b) if !stale || model.blocks[b].text == before => {
                let text = &model.blocks[b].text;
                let aligned = align::align(para, text);
                for e in aligned.edits.into_iter().filter(|e| !spacing_only(text, e)) {
                    let who = author(e.who).unwrap_or_else(|| untracked.clone());
                    found.items.push(Item { block: b, range: e.range, what: What::Edit { new: e.new }, author: who });
                }
                for span in aligned.comments {
                    if let Some(item) = comment_item(doc, &span.id, b, span.range) {
                        found.items.push(item);
                    }
                }
            }
            _ if !para.has_changes() && block.is_none() => {}
            _ => by_text(doc, para, model, block, stale, &untracked, &mut found),
        }
    }
    found
}

/// Places the tracked changes and comments of a paragraph by matching the text around them
/// (no anchor, or the chapter changed since the export); edits made with Track Changes off
/// cannot be told from the student's newer text there, so they are reported.
fn by_text(
    doc: &Document,
    para: &Para,
    model: &ExportModel,
    block: Option<usize>,
    stale: bool,
    untracked: &str,
    found: &mut Found,
) {
    let before = para.before();
    let chars: Vec<char> = before.chars().collect();
    let own = align::align(para, &before);
    // Look in the anchored block first, then in every block.
    let texts: Vec<&str> = model.blocks.iter().map(|b| b.text.as_str()).collect();
    // An anchored paragraph is looked for in its own block only, or, when it moved, in the one
    // block with exactly its text: a similar sentence elsewhere is not its place.
    let moved = texts.iter().enumerate().filter(|(_, t)| **t == before).map(|(b, _)| b).collect::<Vec<_>>();
    let find = |range: std::ops::Range<usize>| match block {
        Some(b) => align::locate(&texts[b..=b], &chars, range.clone())
            .map(|(_, at)| (b, at))
            .or_else(|| (moved.len() == 1).then(|| (moved[0], range.start))),
        None => align::locate(&texts, &chars, range),
    };
    let why = if stale && block.is_some() {
        "the chapter changed there since the export"
    } else {
        "its text is not found exactly once in the chapters"
    };
    for e in own.edits {
        let who = match e.who {
            Who::Tracked(r) => doc.revisions.get(r).map_or(untracked.to_string(), |r| r.author.clone()),
            Who::Untracked => untracked.to_string(),
        };
        match find(e.range.clone()) {
            Some((b, at)) => found.items.push(Item {
                block: b,
                range: at..at + e.range.len(),
                what: What::Edit { new: e.new },
                author: who,
            }),
            None => {
                let old: String = chars[e.range.clone()].iter().collect();
                found.unplaced.push(format!("{who} changed \"{old}\" to \"{}\": not written, {why}", e.new));
            }
        }
    }
    for span in own.comments {
        let Some(mut item) = comment_item(doc, &span.id, 0, span.range.clone()) else { continue };
        match find(span.range.clone()) {
            Some((b, at)) => {
                item.block = b;
                item.range = at..at + span.range.len();
                found.items.push(item);
            }
            None => {
                let What::Comment { text } = item.what else { continue };
                found.unplaced.push(format!("comment \"{text}\": not written, {why}"));
            }
        }
    }
    if let Some(b) = block
        && stale
    {
        let text = &model.blocks[b].text;
        let edits = align::align(para, text).edits;
        let differences = edits.iter().filter(|e| e.who == Who::Untracked && !spacing_only(text, e)).count();
        if differences > 0 {
            let start: String = before.chars().take(40).collect();
            found.unplaced.push(format!(
                "{differences} difference(s) between the document and the chapter in the paragraph \"{start}…\": not written, \
                 the chapter changed since the export and edits made with Track Changes off cannot be told from your newer text"
            ));
        }
    }
}

/// Whether an edit found by comparison only changes white space (a line break Word shows as a
/// space, a space Word adds after a note mark): not an edit of the supervisor.
fn spacing_only(text: &str, e: &align::Edit) -> bool {
    e.who == Who::Untracked
        && e.new.trim().is_empty()
        && text.chars().skip(e.range.start).take(e.range.len()).all(char::is_whitespace)
}

/// A comment (with its replies) as an item, unless it is itself a reply.
fn comment_item(doc: &Document, id: &str, block: usize, range: std::ops::Range<usize>) -> Option<Item> {
    let comment = doc.comment(id)?;
    if comment.parent.is_some() {
        return None;
    }
    let mut text = format!("{}: {}", name(&comment.author), comment.text);
    for reply in doc.replies(id) {
        text.push_str(&format!(" — {}: {}", name(&reply.author), reply.text));
    }
    Some(Item { block, range, what: What::Comment { text }, author: name(&comment.author) })
}

/// An author's name, or "Pembimbing" when Word recorded none.
fn name(author: &str) -> String {
    if author.trim().is_empty() { "Pembimbing".to_string() } else { author.trim().to_string() }
}
