//! Lining a paragraph the supervisor edited up with the block it was exported from: which
//! characters of the exported text were deleted or replaced, what was inserted where (tracked, or
//! found by comparing word by word when Track Changes was off), and which text comments cover.
//! Everything is in chars of the exported text; changes are widened to whole words.

use std::ops::Range;

use similar::{Algorithm, DiffOp};

use super::wordml::{Mark, Para};

/// Who made a change: a tracked revision, or an edit found by comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// A tracked change (index into the document's revisions).
    Tracked(usize),
    /// An edit made with Track Changes off.
    Untracked,
}

/// One change to an exported text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The chars of the exported text replaced (empty: an insertion before `range.start`).
    pub range: Range<usize>,
    /// What replaces them (empty: a deletion).
    pub new: String,
    /// Who made it.
    pub who: Who,
}

/// A comment's place in an exported text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The comment id.
    pub id: String,
    /// The chars it covers (empty: a point).
    pub range: Range<usize>,
}

/// The changes of one paragraph against the exported text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aligned {
    /// The edits, in order, not overlapping.
    pub edits: Vec<Edit>,
    /// The comments.
    pub comments: Vec<Span>,
}

/// One step of the paragraph read against the exported text.
#[derive(Debug, Clone, Copy)]
enum Atom {
    /// Exported char kept.
    Keep(usize),
    /// Exported char deleted.
    Del(usize, Who),
    /// A char inserted.
    Ins(char, Who),
}

/// Aligns `para` with `exported` (the block's text as exported).
pub fn align(para: &Para, exported: &str) -> Aligned {
    let e: Vec<char> = exported.chars().collect();
    // The text before tracked changes, char by char with its mark, and the insertions before
    // each of its positions.
    let mut before: Vec<(char, Mark)> = Vec::new();
    let mut inserted: Vec<Vec<(char, Who)>> = vec![Vec::new()];
    for piece in &para.pieces {
        match piece.mark {
            Mark::Ins(r) => {
                inserted.last_mut().expect("one slot").extend(piece.text.chars().map(|c| (c, Who::Tracked(r))))
            }
            mark => {
                for c in piece.text.chars() {
                    before.push((c, mark));
                    inserted.push(Vec::new());
                }
            }
        }
    }
    let b: Vec<char> = before.iter().map(|(c, _)| *c).collect();
    let (e_tokens, e_starts) = tokens(&e);
    let (b_tokens, b_starts) = tokens(&b);
    let ops = slide_deletions(similar::capture_diff_slices(Algorithm::Myers, &e_tokens, &b_tokens), &e_tokens);
    let chars = |starts: &[usize], tokens: Range<usize>| starts[tokens.start]..starts[tokens.end];

    let mut atoms = Vec::new();
    // Before-text position → exported position (for comments).
    let mut to_export = vec![0usize; b.len() + 1];
    let mut e_at = 0;
    let emit_before = |k: usize, atoms: &mut Vec<Atom>| {
        atoms.extend(inserted[k].iter().map(|&(c, w)| Atom::Ins(c, w)));
    };
    for op in ops {
        let (old, new) = match op {
            DiffOp::Equal { old_index, new_index, len } => {
                let (er, br) =
                    (chars(&e_starts, old_index..old_index + len), chars(&b_starts, new_index..new_index + len));
                for k in br.clone().skip(er.len()) {
                    to_export[k] = er.end;
                }
                for (i, k) in er.zip(br) {
                    emit_before(k, &mut atoms);
                    to_export[k] = i;
                    atoms.push(match before[k].1 {
                        Mark::Del(r) => Atom::Del(i, Who::Tracked(r)),
                        _ => Atom::Keep(i),
                    });
                    e_at = i + 1;
                }
                continue;
            }
            DiffOp::Delete { old_index, old_len, new_index } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert { old_index, new_index, new_len } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                (old_index..old_index + old_len, new_index..new_index + new_len)
            }
        };
        for i in chars(&e_starts, old) {
            atoms.push(Atom::Del(i, Who::Untracked));
            e_at = i + 1;
        }
        for k in chars(&b_starts, new) {
            emit_before(k, &mut atoms);
            to_export[k] = e_at;
            if before[k].1 == Mark::Same {
                atoms.push(Atom::Ins(b[k], Who::Untracked));
            }
        }
    }
    emit_before(b.len(), &mut atoms);
    to_export[b.len()] = e.len();

    let edits = widen(&e, group(&atoms, e.len()));
    let comments = comment_spans(para, &to_export, &e);
    Aligned { edits, comments }
}

/// Moves each deletion that starts with punctuation to start with a word instead, when the diff
/// could as well have deleted the same tokens one place further (". Kalimat … pembimbing"
/// before ". Kerja" becomes "Kalimat … pembimbing. "): a supervisor deletes sentences and
/// words, and the mark should hold what they deleted.
fn slide_deletions(ops: Vec<DiffOp>, old: &[String]) -> Vec<DiffOp> {
    let mut ops = ops;
    let word = |t: &str| t.chars().next().is_some_and(char::is_alphanumeric);
    for i in 0..ops.len() {
        let DiffOp::Delete { old_index, old_len, new_index } = ops[i] else { continue };
        let Some(&DiffOp::Equal { old_index: eo, new_index: en, len }) = ops.get(i + 1) else { continue };
        let mut shift = 0;
        while shift < len
            && !word(&old[old_index + shift])
            && old[old_index + shift] == old[old_index + old_len + shift]
        {
            shift += 1;
        }
        if shift == 0 {
            continue;
        }
        // The tokens slid over are kept before the deletion: the equal run before it grows (or
        // one is made), the one after it shrinks.
        ops[i] = DiffOp::Delete { old_index: old_index + shift, old_len, new_index: new_index + shift };
        ops[i + 1] = DiffOp::Equal { old_index: eo + shift, new_index: en + shift, len: len - shift };
        match i.checked_sub(1).map(|p| ops[p]) {
            Some(DiffOp::Equal { old_index: po, new_index: pn, len: pl }) if po + pl == old_index => {
                ops[i - 1] = DiffOp::Equal { old_index: po, new_index: pn, len: pl + shift };
            }
            _ => ops.insert(i, DiffOp::Equal { old_index, new_index, len: shift }),
        }
    }
    ops.retain(|op| !matches!(op, DiffOp::Equal { len: 0, .. }));
    ops
}

/// Splits text into tokens: a run of letters and digits, or one other char, each with the white
/// space after it (so a kept word is kept with its space). Returns the tokens and the char
/// offset of each (plus the end).
fn tokens(chars: &[char]) -> (Vec<String>, Vec<usize>) {
    let mut out = Vec::new();
    let mut starts = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let mut j = i + 1;
        if chars[i].is_alphanumeric() {
            while j < chars.len() && chars[j].is_alphanumeric() {
                j += 1;
            }
        }
        while j < chars.len() && chars[j].is_whitespace() {
            j += 1;
        }
        starts.push(i);
        // Compared with its white space made one space: a line break Word shows as a space
        // is no edit.
        let core = chars[i..j].iter().take_while(|c| !c.is_whitespace() || j - i == 1).collect::<String>();
        let spaced = core.chars().count() < j - i;
        out.push(if spaced && !core.is_empty() {
            core + " "
        } else if core.is_empty() {
            " ".into()
        } else {
            core
        });
        i = j;
    }
    starts.push(chars.len());
    (out, starts)
}

/// Groups atoms into edits: a run of deletions and insertions by the same hand is one edit.
fn group(atoms: &[Atom], len: usize) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    let mut current: Option<Edit> = None;
    let mut at = 0;
    for atom in atoms {
        match *atom {
            Atom::Keep(i) => {
                edits.extend(current.take());
                at = i + 1;
            }
            Atom::Del(i, who) => {
                match current.as_mut() {
                    Some(c) if c.who == who && c.range.end == i => c.range.end = i + 1,
                    _ => {
                        edits.extend(current.take());
                        current = Some(Edit { range: i..i + 1, new: String::new(), who });
                    }
                }
                at = i + 1;
            }
            Atom::Ins(ch, who) => match current.as_mut() {
                Some(c) if c.who == who && c.range.end == at => c.new.push(ch),
                _ => {
                    edits.extend(current.take());
                    current = Some(Edit { range: at..at, new: ch.to_string(), who });
                }
            },
        }
    }
    edits.extend(current);
    edits.retain(|e| e.range.end <= len && !(e.range.is_empty() && e.new.is_empty()));
    edits
}

/// Widens edits that start or end inside a word to the whole word, merging edits that then
/// touch the same word, so `rumah` → `rumahnya` reads as one word replaced.
fn widen(e: &[char], edits: Vec<Edit>) -> Vec<Edit> {
    let word = |c: char| c.is_alphanumeric();
    let mut out: Vec<(Range<usize>, Vec<Edit>)> = Vec::new();
    for edit in edits {
        let old: String = e[edit.range.clone()].iter().collect();
        let first = old.chars().next().or(edit.new.chars().next());
        let last = old.chars().last().or(edit.new.chars().last());
        let mut r = edit.range.clone();
        if first.is_some_and(word) {
            while r.start > 0 && word(e[r.start - 1]) {
                r.start -= 1;
            }
        }
        if last.is_some_and(word) {
            while r.end < e.len() && word(e[r.end]) {
                r.end += 1;
            }
        }
        match out.last_mut() {
            Some((range, group)) if r.start < range.end || (r.start == range.end && r.start > edit.range.start) => {
                range.end = range.end.max(r.end);
                group.push(edit);
            }
            _ => out.push((r, vec![edit])),
        }
    }
    out.into_iter()
        .map(|(range, group)| {
            let mut new = String::new();
            let mut at = range.start;
            for g in &group {
                new.extend(&e[at..g.range.start.max(at)]);
                new.push_str(&g.new);
                at = at.max(g.range.end);
            }
            new.extend(&e[at..range.end]);
            let who = group[0].who;
            trim_spaces(e, Edit { range, new, who })
        })
        .collect()
}

/// An edit without the white space its old and new text share at either end (`sebuah ` →
/// `satu ` is `sebuah` → `satu`).
fn trim_spaces(e: &[char], mut edit: Edit) -> Edit {
    while !edit.range.is_empty()
        && let Some(last) = edit.new.chars().last()
        && last.is_whitespace()
        && e[edit.range.end - 1] == last
        && (edit.range.len() > 1 || edit.new.chars().count() > 1)
    {
        edit.range.end -= 1;
        edit.new.pop();
    }
    while !edit.range.is_empty()
        && let Some(first) = edit.new.chars().next()
        && first.is_whitespace()
        && e[edit.range.start] == first
        && (edit.range.len() > 1 || edit.new.chars().count() > 1)
    {
        edit.range.start += 1;
        edit.new.remove(0);
    }
    edit
}

/// The comments of a paragraph in exported chars, widened to whole words.
fn comment_spans(para: &Para, to_export: &[usize], e: &[char]) -> Vec<Span> {
    let word = |c: char| c.is_alphanumeric();
    let at = |k: usize| to_export[k.min(to_export.len() - 1)];
    let mut out = Vec::new();
    for (id, start) in &para.comment_starts {
        let end = para.comment_ends.iter().find(|(i, _)| i == id).map(|(_, k)| *k).unwrap_or(to_export.len() - 1);
        let mut r = at(*start)..at(end).max(at(*start));
        while r.start > 0 && r.start < e.len() && word(e[r.start]) && word(e[r.start - 1]) {
            r.start -= 1;
        }
        while r.end > r.start && r.end < e.len() && word(e[r.end - 1]) && word(e[r.end]) {
            r.end += 1;
        }
        out.push(Span { id: id.clone(), range: r });
    }
    for (id, k) in &para.comment_refs {
        if !out.iter().any(|s| s.id == *id) {
            out.push(Span { id: id.clone(), range: at(*k)..at(*k) });
        }
    }
    out
}

/// Finds where `needle` (with `before`/`after` context taken from `para_text`) sits in one of
/// `texts`: the text index and char offset of the needle, when exactly one place matches.
/// Context grows until the place is unique; no match at all gives up.
pub fn locate(texts: &[&str], para_text: &[char], range: Range<usize>) -> Option<(usize, usize)> {
    for size in [8usize, 20, 40, 80, usize::MAX] {
        let from = range.start.saturating_sub(size);
        let to = range.end.saturating_add(size).min(para_text.len());
        let needle: String = para_text[from..to].iter().collect();
        if needle.trim().is_empty() {
            return None;
        }
        let mut found = Vec::new();
        for (t, text) in texts.iter().enumerate() {
            for (byte, _) in text.match_indices(needle.as_str()) {
                found.push((t, text[..byte].chars().count() + (range.start - from)));
                if found.len() > 1 {
                    break;
                }
            }
        }
        match found.len() {
            0 => return None,
            1 => return Some(found[0]),
            _ if from == 0 && to == para_text.len() => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
#[path = "align_tests.rs"]
mod tests;
