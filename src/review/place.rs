//! Placing a supervisor's changes on the bytes of the chapters: through each block's
//! per-character sources, as CriticMarkup in Markdown and the template's review marks in Typst.
//! A change that cannot be placed exactly (on generated text, across markup, over another mark)
//! becomes a comment at the nearest place that says what the supervisor changed.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use typst::syntax::LinkedNode;

use super::model::ExportModel;
use crate::revise::{criticmarkup, typmarks};

/// What the supervisor did at one place of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// Replaced the chars of the range by `new` (an insertion when the range is empty, a
    /// deletion when `new` is empty).
    Edit {
        /// The new text.
        new: String,
    },
    /// Commented on the range (a point when empty); the text carries author and replies.
    Comment {
        /// The comment as it is written into the chapter (`Nama: komentar`).
        text: String,
    },
}

/// One change to place: block index in the model, chars of its text, what, by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The block (index into the model's blocks).
    pub block: usize,
    /// The chars of the block's text.
    pub range: Range<usize>,
    /// What was done.
    pub what: What,
    /// Who did it.
    pub author: String,
}

/// How a change ended up in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    /// Words added.
    Insert,
    /// Words deleted.
    Delete,
    /// Words replaced.
    Substitute,
    /// A comment (with its highlighted range, if any).
    Comment,
    /// Placed as a comment instead, for the reason given.
    AsComment(String),
}

/// One change written into one file.
#[derive(Debug, Clone)]
struct Op {
    /// The bytes replaced (empty: inserted at `range.start`).
    range: Range<usize>,
    /// The text written there.
    text: String,
    /// What it is.
    placed: Placed,
    /// The item, for degrading it into a comment when it collides with another change.
    item: Item,
}

/// The new text of every file touched, and what happened to each change.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Per file: the text the model was built from and the text with the changes.
    pub files: BTreeMap<PathBuf, (String, String)>,
    /// Per file, what was placed (in order).
    pub placed: BTreeMap<PathBuf, Vec<(Placed, String)>>,
    /// Changes not written at all, with why.
    pub unplaced: Vec<String>,
    /// Per file, every piece of text written, in order: what `files` holds is the text with
    /// these applied (`tesis review FILE.pdf` carries them onto a file edited since).
    pub writes: BTreeMap<PathBuf, Vec<Write>>,
}

/// One piece of text written into a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    /// The bytes replaced (empty: inserted at `range.start`).
    pub range: Range<usize>,
    /// The text written there.
    pub text: String,
    /// What it is.
    pub placed: Placed,
    /// The change, for the summary.
    pub what: String,
}

/// The sources of the project, by path: the text the model was built from.
pub type Sources = BTreeMap<PathBuf, String>;

/// Places `items` into the files of `sources`.
pub fn place(model: &ExportModel, sources: &Sources, items: &[Item]) -> Plan {
    let mut ops: BTreeMap<PathBuf, Vec<Op>> = BTreeMap::new();
    let mut plan = Plan::default();
    let mut parsed = Parsed::default();
    for item in items {
        match exact(model, sources, &mut parsed, item) {
            Ok((file, op)) => ops.entry(file).or_default().push(op),
            Err(reason) => match fallback(model, sources, &mut parsed, item, &reason) {
                Some((file, op)) => ops.entry(file).or_default().push(op),
                None => plan.unplaced.push(format!("{} ({reason}; no chapter text near it)", describe(model, item))),
            },
        }
    }
    for (file, mut list) in ops {
        let Some(text) = sources.get(&file) else { continue };
        list.sort_by_key(|op| (op.range.start, op.range.end));
        let list = untangle(model, sources, &file, list);
        let mut out = String::with_capacity(text.len() + list.len() * 24);
        let mut at = 0;
        let mut placed = Vec::new();
        for op in &list {
            out.push_str(&text[at..op.range.start]);
            out.push_str(&op.text);
            at = op.range.end;
            placed.push((op.placed.clone(), describe(model, &op.item)));
        }
        out.push_str(&text[at..]);
        let writes = list.iter().zip(&placed).map(|(op, (p, what))| Write {
            range: op.range.clone(),
            text: op.text.clone(),
            placed: p.clone(),
            what: what.clone(),
        });
        plan.writes.insert(file.clone(), writes.collect());
        plan.placed.insert(file.clone(), placed);
        plan.files.insert(file, (text.clone(), out));
    }
    plan
}

/// Turns changes that collide with an earlier one (overlapping bytes) into comments right
/// after it, so marks never nest.
fn untangle(model: &ExportModel, sources: &Sources, file: &Path, list: Vec<Op>) -> Vec<Op> {
    let mut out: Vec<Op> = Vec::new();
    for op in list {
        let clash = out.last().is_some_and(|last| {
            op.range.start < last.range.end || (op.range.start == last.range.start && !last.range.is_empty())
        });
        if !clash {
            out.push(op);
            continue;
        }
        if let Some(last) = out.pop_if(|l| is_comment(&l.item) && !is_comment(&op.item)) {
            // An edit wins over a comment's highlight: the comment stays, as a point before it.
            let start = last.range.start;
            let text = comment_mark(file, &sources[file], &explain(model, &last.item));
            out.push(Op { range: start..start, text, placed: Placed::Comment, item: last.item });
            out.push(op);
            continue;
        }
        let end = out.last().map_or(op.range.start, |l| l.range.end);
        let reason = "it overlaps another change of the supervisor".to_string();
        let text = comment_mark(file, &sources[file], &format!("{} ({})", explain(model, &op.item), reason));
        out.push(Op { range: end..end, text, placed: Placed::AsComment(reason), item: op.item });
    }
    out.sort_by_key(|op| (op.range.start, op.range.end));
    out
}

/// Whether an item is a comment.
fn is_comment(item: &Item) -> bool {
    matches!(item.what, What::Comment { .. })
}

/// Each file's marks and Typst syntax tree, found once for all the changes placed in it.
#[derive(Default)]
struct Parsed {
    files: BTreeMap<PathBuf, (Vec<criticmarkup::Mark>, Option<typst::syntax::SyntaxNode>)>,
}

impl Parsed {
    /// The CriticMarkup marks of a Markdown file (none for Typst) and the tree of a Typst file.
    fn of(&mut self, file: &Path, text: &str) -> &(Vec<criticmarkup::Mark>, Option<typst::syntax::SyntaxNode>) {
        self.files.entry(file.to_path_buf()).or_insert_with(|| {
            if is_typ(file) { (Vec::new(), Some(typst::syntax::parse(text))) } else { (criticmarkup::find(text), None) }
        })
    }
}

/// The exact place of a change, or why there is none.
fn exact(model: &ExportModel, sources: &Sources, parsed: &mut Parsed, item: &Item) -> Result<(PathBuf, Op), String> {
    let block = &model.blocks[item.block];
    let file = block.file.clone().ok_or("it is on text tesis generates (from thesis.yaml or a CSV table)")?;
    let text = sources.get(&file).ok_or("it is on text from a file that is not a chapter")?;
    let typ = is_typ(&file);
    if !typ && !is_md(&file) {
        return Err(format!("it is on text generated from {}", file_name(&file)));
    }
    let range = bytes_of(&block.sources, text, item.range.clone())?;
    let old = &text[range.clone()];
    let (marks, root) = parsed.of(&file, text);
    if !typ && marks.iter().any(|m| m.range.start < range.end.max(range.start + 1) && range.start < m.range.end) {
        return Err("it touches a change already marked there".into());
    }
    if let Some(root) = root {
        let node = LinkedNode::new(root);
        if !typmarks::in_markup(text, &node, range.start) || !typmarks::in_markup(text, &node, range.end) {
            return Err("it is inside Typst code, not text".into());
        }
    }
    let (rendered, placed) = match &item.what {
        What::Edit { new } if typ => {
            let new = typmarks::escape(new);
            match (old.is_empty(), new.is_empty()) {
                (true, _) => (typmarks::render(typmarks::Kind::Insert, &[&new]), Placed::Insert),
                (false, true) => (typmarks::render(typmarks::Kind::Delete, &[old]), Placed::Delete),
                (false, false) => (typmarks::render(typmarks::Kind::Substitute, &[old, &new]), Placed::Substitute),
            }
        }
        What::Edit { new } => {
            if ["++}", "--}", "~~}", "~>", "==}", "<<}"].iter().any(|d| old.contains(d)) {
                return Err("the text there holds CriticMarkup delimiters".into());
            }
            let new = critic_safe(new);
            match (old.is_empty(), new.is_empty()) {
                (true, _) => (format!("{{++{new}++}}"), Placed::Insert),
                (false, true) => (format!("{{--{old}--}}"), Placed::Delete),
                (false, false) => (format!("{{~~{old}~>{new}~~}}"), Placed::Substitute),
            }
        }
        What::Comment { text: note } if typ => {
            let note = typmarks::render(typmarks::Kind::Comment, &[&typmarks::escape(note)]);
            if old.is_empty() {
                (note, Placed::Comment)
            } else {
                (typmarks::render(typmarks::Kind::Highlight, &[old]) + &note, Placed::Comment)
            }
        }
        What::Comment { text: note } => {
            let note = critic_safe(note);
            if old.is_empty() || old.contains("==}") {
                (format!("{{>>{note}<<}}"), Placed::Comment)
            } else {
                (format!("{{=={old}==}}{{>>{note}<<}}"), Placed::Comment)
            }
        }
    };
    let rendered = if typ { typ_terminated(rendered, &text[range.end..]) } else { rendered };
    Ok((file, Op { range, text: rendered, placed, item: item.clone() }))
}

/// The bytes of `file` that chars `range` of a block show: every char from the file, one after
/// the other. An empty range is the place between two chars.
fn bytes_of(sources: &[Option<usize>], text: &str, range: Range<usize>) -> Result<Range<usize>, String> {
    let generated = || "it is on text tesis generates (a number, a citation or a reference)".to_string();
    let end_of = |at: usize| text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    if range.is_empty() {
        let before = range.start.checked_sub(1).and_then(|i| sources.get(i).copied().flatten());
        let after = sources.get(range.start).copied().flatten();
        return match (before, after) {
            (Some(b), _) if b < text.len() => Ok(end_of(b)..end_of(b)),
            (None, Some(a)) if a <= text.len() => Ok(a..a),
            _ => Err(generated()),
        };
    }
    let mut start = None;
    let mut end = 0;
    for i in range {
        let at = sources.get(i).copied().flatten().filter(|&a| a < text.len() && text.is_char_boundary(a));
        let at = at.ok_or_else(generated)?;
        match start {
            None => start = Some(at),
            Some(_) if at != end => return Err("it crosses Markdown or Typst markup".into()),
            Some(_) => {}
        }
        end = end_of(at);
    }
    Ok(start.unwrap_or(0)..end)
}

/// The change as a comment at the nearest place of a chapter.
fn fallback(
    model: &ExportModel,
    sources: &Sources,
    parsed: &mut Parsed,
    item: &Item,
    reason: &str,
) -> Option<(PathBuf, Op)> {
    let (file, at) = nearest(model, sources, item)?;
    let text = &sources[&file];
    let note = format!("{} ({reason})", explain(model, item));
    let at = if is_typ(&file) {
        let root = parsed.of(&file, text).1.as_ref()?;
        let node = LinkedNode::new(root);
        if typmarks::in_markup(text, &node, at) { at } else { typmarks::markup_place(&node, at) }
    } else {
        // Never inside a mark that is already there.
        parsed.of(&file, text).0.iter().find(|m| m.range.start < at && at < m.range.end).map_or(at, |m| m.range.end)
    };
    let mark = comment_mark(&file, text, &note);
    let op = Op { range: at..at, text: mark, placed: Placed::AsComment(reason.to_string()), item: item.clone() };
    Some((file, op))
}

/// A comment mark for `file` (CriticMarkup or `#catatan`).
fn comment_mark(file: &Path, text: &str, note: &str) -> String {
    let _ = text;
    if is_typ(file) {
        typmarks::render(typmarks::Kind::Comment, &[&typmarks::escape(note)])
    } else {
        format!("{{>>{}<<}}", critic_safe(note))
    }
}

/// The nearest byte of a chapter to an item: in its block around the range, else the end of
/// the closest block before it with text from a chapter, else the start of the next one.
fn nearest(model: &ExportModel, sources: &Sources, item: &Item) -> Option<(PathBuf, usize)> {
    let usable = |b: usize| {
        let block = &model.blocks[b];
        block.file.clone().filter(|f| (is_md(f) || is_typ(f)) && sources.contains_key(f))
    };
    let end_of = |file: &Path, at: usize| {
        let text = &sources[file];
        text.get(at..).and_then(|s| s.chars().next()).map_or(at.min(text.len()), |c| at + c.len_utf8())
    };
    if let Some(file) = usable(item.block) {
        let s = &model.blocks[item.block].sources;
        let left = (0..item.range.start.min(s.len())).rev().find_map(|i| s[i]);
        let right = (item.range.end.min(s.len())..s.len()).find_map(|i| s[i]);
        match (left, right) {
            (Some(l), _) => return Some((file.clone(), end_of(&file, l))),
            (None, Some(r)) => return Some((file, r)),
            _ => {}
        }
    }
    for b in (0..item.block).rev() {
        if let Some(file) = usable(b)
            && let Some(last) = model.blocks[b].sources.iter().rev().find_map(|s| *s)
        {
            return Some((file.clone(), end_of(&file, last)));
        }
    }
    for b in item.block + 1..model.blocks.len() {
        if let Some(file) = usable(b)
            && let Some(first) = model.blocks[b].sources.iter().find_map(|s| *s)
        {
            return Some((file, first));
        }
    }
    None
}

/// What the supervisor did, in the student's language, for a comment.
fn explain(model: &ExportModel, item: &Item) -> String {
    let block = &model.blocks[item.block];
    let old: String = block.text.chars().skip(item.range.start).take(item.range.len()).collect();
    let body = match &item.what {
        What::Edit { new } if old.is_empty() => format!("menambahkan «{new}»"),
        What::Edit { new } if new.is_empty() => format!("menghapus «{old}»"),
        What::Edit { new } => format!("mengganti «{old}» menjadi «{new}»"),
        What::Comment { text } if old.is_empty() => return text.clone(),
        What::Comment { text } => return format!("{text} [pada «{old}»]"),
    };
    format!("{}: {body}", item.author)
}

/// One line of the summary about an item.
fn describe(model: &ExportModel, item: &Item) -> String {
    let block = &model.blocks[item.block];
    let old: String = block.text.chars().skip(item.range.start).take(item.range.len()).collect();
    let short = |s: &str| {
        let s = s.replace('\n', " ");
        if s.chars().count() > 60 { format!("{}…", s.chars().take(60).collect::<String>()) } else { s }
    };
    match &item.what {
        What::Edit { new } if old.is_empty() => format!("{} inserted \"{}\"", item.author, short(new)),
        What::Edit { new } if new.is_empty() => format!("{} deleted \"{}\"", item.author, short(&old)),
        What::Edit { new } => format!("{} replaced \"{}\" with \"{}\"", item.author, short(&old), short(new)),
        What::Comment { text } => format!("comment \"{}\"", short(text)),
    }
}

/// Text written inside a CriticMarkup mark, with any closing delimiter broken up.
fn critic_safe(text: &str) -> String {
    let mut out = text.to_string();
    for d in ["++}", "--}", "~~}", "==}", "<<}", "~>"] {
        let mut spaced = d.to_string();
        spaced.insert(d.len() - 1, ' ');
        out = out.replace(d, &spaced);
    }
    out
}

/// A Typst mark followed by text that would continue the call (`[`, `(`, `.`) gets a `;`.
fn typ_terminated(mark: String, after: &str) -> String {
    if after.starts_with(['[', '(', '.', ';']) { mark + ";" } else { mark }
}

/// Whether a file is a Typst chapter.
pub fn is_typ(file: &Path) -> bool {
    file.extension().is_some_and(|e| e == "typ")
}

/// Whether a file is a Markdown chapter.
pub fn is_md(file: &Path) -> bool {
    file.extension().is_some_and(|e| e == "md" || e == "markdown")
}

/// The file name for messages.
fn file_name(file: &Path) -> String {
    file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
#[path = "place_tests.rs"]
mod tests;
