//! From a PDF's annotations to the changes [`crate::review::place`] writes: each mark is laid on
//! the glyphs of the layout that produced the PDF ([`crate::pagemap`]), and becomes one block of
//! a review model (the glyphs around it, with the byte of the student's file each one shows) and
//! one item on that block. Text markups take the glyphs their QuadPoints cover; a caret the
//! place after the glyph it stands at; a sticky note, a text box or a drawing the end of the
//! nearest word.

use std::collections::BTreeMap;

use super::annots::{Annotation, Kind};
use crate::pagemap::{Glyph, MappedPage, PageMap, Rect};
use crate::review::model::{Block, BlockKind, ExportModel};
use crate::review::place::{Item, Sources, What};

/// The changes of an annotated PDF, ready to place.
#[derive(Debug, Default)]
pub struct Marks {
    /// One block per placed mark.
    pub model: ExportModel,
    /// The changes, on those blocks.
    pub items: Vec<Item>,
    /// Marks that could not be laid on the pages, with why.
    pub unplaced: Vec<String>,
}

/// Lays `annotations` (but those `skip` marks) on the pages of `map`, whose files' texts are in
/// `sources`.
pub fn lay(annotations: &[Annotation], skip: &[bool], map: &PageMap, sources: &Sources) -> Marks {
    let mut marks = Marks::default();
    let replies = replies(annotations);
    let texts: Vec<Option<&String>> = map.files.iter().map(|f| sources.get(f)).collect();
    let mut used: Vec<bool> = (0..annotations.len()).map(|i| skip.get(i).copied().unwrap_or(false)).collect();
    // Acrobat's "replace text": a strike-out and a caret grouped together (`/IRT` + `/RT /Group`).
    let mut carets: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, a) in annotations.iter().enumerate().filter(|(_, a)| a.kind == Kind::StrikeOut) {
        let paired = annotations.iter().enumerate().find(|(j, c)| {
            c.kind == Kind::Caret && (c.grouped && c.reply_to == Some(i) || a.grouped && a.reply_to == Some(*j))
        });
        if let Some((j, _)) = paired {
            carets.insert(i, j);
            used[j] = true;
        }
    }
    for (i, a) in annotations.iter().enumerate() {
        if used[i] || a.reply_to.is_some_and(|p| !a.grouped && p < annotations.len()) {
            continue;
        }
        used[i] = true;
        let Some(page) = a.page.checked_sub(1).and_then(|p| map.pages.get(p)) else {
            marks.unplaced.push(format!("{}: the page is not in the thesis built from the sources", label(a)));
            continue;
        };
        let author = author(a);
        let note = with_replies(i, &replies, annotations);
        let height = page.size.1;
        match &a.kind {
            Kind::Highlight | Kind::Underline | Kind::Squiggly | Kind::StrikeOut => {
                // A highlight that runs on over the page break is a second mark of the same kind on
                // the next page, by the same author, with no note of its own, whose words follow on
                // from the first's in the source.
                let mut parts = vec![(a.page - 1, covered(a, page, height))];
                for (j, b) in annotations.iter().enumerate().skip(i + 1) {
                    let (last, ref sel) = *parts.last().expect("one part at least");
                    let candidate = !used[j]
                        && b.kind == a.kind
                        && b.page == last + 2
                        && b.author == a.author
                        && b.contents.trim().is_empty();
                    let Some(next) = map.pages.get(b.page - 1).filter(|_| candidate) else { continue };
                    let more = covered(b, next, next.size.1);
                    let end = sel.iter().max().map(|&g| &map.pages[last].glyphs[g]);
                    let start = more.iter().min().map(|&g| &next.glyphs[g]);
                    if let (Some(end), Some(start)) = (end, start)
                        && follows(end, start, &texts)
                    {
                        used[j] = true;
                        parts.push((b.page - 1, more));
                    }
                }
                if parts.iter().all(|(_, g)| g.is_empty()) {
                    // Nothing of the chapters' text under it (text inside a figure): a comment
                    // beside the nearest word, saying what was marked where.
                    let what = match a.kind {
                        Kind::StrikeOut if a.contents.trim().is_empty() => format!("{author}: coret"),
                        _ => note,
                    };
                    let r = flip(&a.rect, height);
                    let (x, y) = r.centre();
                    marks.beside(
                        a,
                        page,
                        texts.as_slice(),
                        map,
                        x,
                        y,
                        format!("{what} [{} di hal. {}]", kind_name(&a.kind), a.page),
                        &author,
                    );
                    continue;
                }
                let Some((glyphs, range)) = run_of(map, &parts) else { continue };
                let what = if a.kind == Kind::StrikeOut {
                    // Replaced words: a caret grouped with the strike-out (Acrobat's "replace
                    // text"), or a note that says what to write instead.
                    if let Some(&j) = carets.get(&i) {
                        What::Edit { new: annotations[j].contents.trim().to_string() }
                    } else if let Some(new) = replacement(&a.contents) {
                        What::Edit { new }
                    } else {
                        if !a.contents.trim().is_empty() {
                            marks.push(
                                &glyphs,
                                texts.as_slice(),
                                map,
                                range.clone(),
                                What::Comment { text: note.clone() },
                                &author,
                            );
                        }
                        What::Edit { new: String::new() }
                    }
                } else {
                    let note = if a.contents.trim().is_empty() && !replies.contains_key(&i) {
                        format!("{author}: ({} tanpa catatan)", kind_name(&a.kind))
                    } else {
                        note
                    };
                    What::Comment { text: note }
                };
                marks.push(&glyphs, texts.as_slice(), map, range, what, &author);
            }
            Kind::Caret => {
                let (x, y) = caret_point(&flip(&a.rect, height));
                let Some(at) = caret_glyph(&page.glyphs, x, y) else {
                    let text = format!("{author}: sisipan «{}» di hal. {}", a.contents.trim(), a.page);
                    marks.beside(a, page, texts.as_slice(), map, x, y, text, &author);
                    continue;
                };
                let glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
                let new = spaced(&page.glyphs, at, a.contents.trim());
                let what = if new.trim().is_empty() { What::Comment { text: note } } else { What::Edit { new } };
                marks.push(&glyphs, texts.as_slice(), map, at + 1..at + 1, what, &author);
            }
            Kind::Text | Kind::FreeText | Kind::Drawing(_) => {
                let r = flip(&a.rect, height);
                let (x, y) = if matches!(a.kind, Kind::Drawing(_)) { r.centre() } else { (r.x0, r.y0) };
                let Some(at) = nearest_word_end(&page.glyphs, x, y) else {
                    marks.unplaced.push(format!("{}: the page has no text", label(a)));
                    continue;
                };
                let text = match &a.kind {
                    Kind::Drawing(_) if a.contents.trim().is_empty() => {
                        format!("{author}: coretan di hal. {}", a.page)
                    }
                    Kind::Drawing(_) => format!("{note} (coretan di hal. {})", a.page),
                    _ => note,
                };
                let glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
                marks.push(&glyphs, texts.as_slice(), map, at..at, What::Comment { text }, &author);
            }
        }
    }
    marks
}

impl Marks {
    /// Adds a comment after the word nearest to (x, y) of `page`, or reports the mark when the
    /// page has no text.
    #[allow(clippy::too_many_arguments)]
    fn beside(
        &mut self,
        a: &Annotation,
        page: &MappedPage,
        texts: &[Option<&String>],
        map: &PageMap,
        x: f64,
        y: f64,
        text: String,
        author: &str,
    ) {
        let Some(at) = nearest_word_end(&page.glyphs, x, y) else {
            self.unplaced.push(format!("{}: the page has no text", label(a)));
            return;
        };
        let glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
        self.push(&glyphs, texts, map, at..at, What::Comment { text }, author);
    }

    /// Adds one block made of `glyphs` and an item on chars `range` of it (glyph indexes; the
    /// block's text puts back the white space of the source between two lines).
    fn push(
        &mut self,
        glyphs: &[&Glyph],
        texts: &[Option<&String>],
        map: &PageMap,
        range: std::ops::Range<usize>,
        what: What,
        author: &str,
    ) {
        let file = block_file(glyphs, &range);
        let mut text = String::new();
        let mut sources: Vec<Option<usize>> = Vec::new();
        let (mut start, mut end) = (None, 0);
        let mut last: Option<usize> = None;
        for (i, g) in glyphs.iter().enumerate() {
            if i == range.start {
                start = Some(sources.len());
            }
            if i == range.end {
                end = sources.len();
            }
            let mine = g.source.filter(|(f, _)| Some(*f) == file).map(|(_, b)| b);
            let body = file.and_then(|f| texts.get(f).copied().flatten());
            match (mine, body) {
                (Some(b), Some(body)) if b < body.len() && body.is_char_boundary(b) => {
                    if is_break_hyphen(g, body, b) {
                        continue;
                    }
                    // The white space between two lines is not drawn: take it from the source.
                    if let Some(prev) = last
                        && prev < b
                        && let Some(gap) = body.get(prev..b)
                        && !gap.is_empty()
                        && gap.chars().all(char::is_whitespace)
                    {
                        for (k, c) in gap.char_indices() {
                            text.push(c);
                            sources.push(Some(prev + k));
                        }
                    }
                    let mut at = b;
                    for c in g.text.chars() {
                        text.push(c);
                        sources.push((at < body.len()).then_some(at));
                        at += body[at.min(body.len())..].chars().next().map_or(1, char::len_utf8);
                    }
                    last = Some(at.min(body.len()));
                }
                _ => {
                    for c in g.text.chars() {
                        text.push(c);
                        sources.push(None);
                    }
                    if g.source.is_some() {
                        last = None;
                    }
                }
            }
        }
        if range.end >= glyphs.len() {
            end = sources.len();
        }
        let start = start.unwrap_or(sources.len()).min(sources.len());
        let end = if range.is_empty() { start } else { end.max(start) };
        let block = self.model.blocks.len();
        self.model.blocks.push(Block {
            anchor: format!("pdf-{block}"),
            kind: BlockKind::Paragraph,
            file: file.and_then(|f| map.files.get(f).cloned()),
            text,
            sources,
        });
        self.items.push(Item { block, range: start..end, what, author: author.to_string() });
    }
}

/// The glyph indexes of a page a markup's quads cover (a glyph is covered when its centre is).
fn covered(a: &Annotation, page: &crate::pagemap::MappedPage, height: f64) -> Vec<usize> {
    let quads: Vec<Rect> = if a.quads.is_empty() {
        vec![flip(&a.rect, height)]
    } else {
        a.quads
            .iter()
            .map(|q| {
                let xs = [q[0], q[2], q[4], q[6]].map(f64::from);
                let ys = [q[1], q[3], q[5], q[7]].map(|y| height - f64::from(y));
                Rect {
                    x0: xs.iter().cloned().fold(f64::MAX, f64::min),
                    x1: xs.iter().cloned().fold(f64::MIN, f64::max),
                    y0: ys.iter().cloned().fold(f64::MAX, f64::min),
                    y1: ys.iter().cloned().fold(f64::MIN, f64::max),
                }
            })
            .collect()
    };
    let glyphs = &page.glyphs;
    let inside = |i: usize| {
        let (x, y) = glyphs[i].rect.centre();
        !glyphs[i].text.trim().is_empty() && quads.iter().any(|q| q.contains(x, y))
    };
    let mut out = Vec::new();
    // Word by word: a word most of whose letters are covered is covered whole (viewers place
    // letters a little differently in a justified line, by up to a letter at its end).
    let mut i = 0;
    while i < glyphs.len() {
        let mut end = i + 1;
        if !glyphs[i].text.trim().is_empty() {
            while end < glyphs.len()
                && !glyphs[end].text.trim().is_empty()
                && (glyphs[end].rect.y0 - glyphs[i].rect.y0).abs() < 1.0
                && (glyphs[end].rect.x0 - glyphs[end - 1].rect.x1).abs() < glyphs[end].size / 10.0
            {
                end += 1;
            }
        }
        let hit: Vec<usize> = (i..end).filter(|&g| inside(g)).collect();
        if hit.len() * 2 > end - i {
            // The word's letters; punctuation around it only where the mark covers it.
            let letter = |g: usize| glyphs[g].text.chars().all(char::is_alphanumeric);
            out.extend((i..end).filter(|&g| letter(g) || hit.contains(&g)));
        } else {
            out.extend(hit);
        }
        i = end;
    }
    out
}

/// The glyphs a block is made of for a markup covering `parts` (page, glyph indexes), and the
/// covered range among them: the line the mark starts on up to the mark, the covered glyphs of
/// every page, and the rest of the last page.
fn run_of<'a>(map: &'a PageMap, parts: &[(usize, Vec<usize>)]) -> Option<(Vec<&'a Glyph>, std::ops::Range<usize>)> {
    let parts: Vec<&(usize, Vec<usize>)> = parts.iter().filter(|(_, g)| !g.is_empty()).collect();
    let (first_page, first) = parts.first()?;
    let (last_page, last) = parts.last()?;
    let page = &map.pages[*first_page].glyphs;
    let lo = *first.iter().min()?;
    let line_start = line_start(page, lo);
    let mut glyphs: Vec<&Glyph> = page[line_start..lo].iter().collect();
    let start = glyphs.len();
    for (p, sel) in &parts {
        let (a, b) = (*sel.iter().min()?, *sel.iter().max()?);
        glyphs.extend(map.pages[*p].glyphs[a..=b].iter());
    }
    let end = glyphs.len();
    let hi = *last.iter().max()?;
    glyphs.extend(map.pages[*last_page].glyphs[hi + 1..].iter());
    Some((glyphs, start..end))
}

/// Whether glyph `b` shows the source text right after glyph `a` (white space between them).
fn follows(a: &Glyph, b: &Glyph, texts: &[Option<&String>]) -> bool {
    let (Some((fa, ba)), Some((fb, bb))) = (a.source, b.source) else { return false };
    let Some(text) = texts.get(fa).copied().flatten().filter(|_| fa == fb) else { return false };
    let after = ba + a.text.len().max(1);
    after <= bb && text.get(after.min(bb)..bb).is_some_and(|gap| gap.chars().all(char::is_whitespace))
}

/// The first glyph of the line glyph `at` is on (the glyphs before it at the same height).
fn line_start(glyphs: &[Glyph], at: usize) -> usize {
    let row = glyphs[at].rect;
    let mut i = at;
    while i > 0 {
        let r = glyphs[i - 1].rect;
        let (_, y) = r.centre();
        if y < row.y0 || y > row.y1 || r.x0 > row.x0 {
            break;
        }
        i -= 1;
    }
    i
}

/// The file most of the covered glyphs come from, else that of the nearest traced glyph (before
/// the range on its line, else after it).
fn block_file(glyphs: &[&Glyph], range: &std::ops::Range<usize>) -> Option<usize> {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for g in glyphs.get(range.clone()).unwrap_or_default() {
        if let Some((f, _)) = g.source {
            *counts.entry(f).or_default() += 1;
        }
    }
    if let Some((f, _)) = counts.into_iter().max_by_key(|(f, n)| (*n, usize::MAX - f)) {
        return Some(f);
    }
    let before = glyphs[..range.start.min(glyphs.len())].iter().rev().find_map(|g| g.source);
    let after = glyphs[range.end.min(glyphs.len())..].iter().find_map(|g| g.source);
    before.or(after).map(|(f, _)| f)
}

/// Whether a glyph is the hyphen Typst adds where it divides a word at a line end (a soft
/// hyphen in the text layer, with the byte of the letter after it).
fn is_break_hyphen(g: &Glyph, body: &str, byte: usize) -> bool {
    matches!(g.text.as_str(), "-" | "\u{2010}" | "\u{ad}") && !body[byte..].starts_with(['-', '\u{2010}'])
}

/// The glyph a caret at (x, y) stands after: on the line that holds y, the one whose right edge
/// is nearest to x.
fn caret_glyph(glyphs: &[Glyph], x: f64, y: f64) -> Option<usize> {
    let off_line = |r: &Rect| (r.y0 - y).max(0.0).max(y - r.y1);
    (0..glyphs.len())
        .filter(|&i| !glyphs[i].text.trim().is_empty())
        .min_by(|&a, &b| {
            let cost = |i: usize| (glyphs[i].rect.x1 - x).abs() + 4.0 * off_line(&glyphs[i].rect);
            cost(a).total_cmp(&cost(b))
        })
        .filter(|&i| off_line(&glyphs[i].rect) <= glyphs[i].size)
}

/// Where a caret points: its apex at the top of its rectangle (just under the line it inserts
/// into), horizontally at the rectangle's centre (Acrobat draws a narrow caret centred on the
/// place) or, for a rectangle wider than a caret, near its left edge (PyMuPDF puts the place at
/// the top-left corner of a 20-point box).
fn caret_point(r: &Rect) -> (f64, f64) {
    let x = if r.x1 - r.x0 > 12.0 { r.x0 + 1.0 } else { (r.x0 + r.x1) / 2.0 };
    (x, r.y0 - 2.0)
}

/// Words inserted after glyph `at`, with the space they need between the words around them.
fn spaced(glyphs: &[Glyph], at: usize, new: &str) -> String {
    if new.is_empty() {
        return String::new();
    }
    let word = |g: Option<&Glyph>| g.and_then(|g| g.text.chars().next()).is_some_and(char::is_alphanumeric);
    let before_word = word(glyphs.get(at));
    let next = glyphs.get(at + 1);
    let next_is_word = word(next) && next.is_some_and(|n| (n.rect.y0 - glyphs[at].rect.y0).abs() < 1.0);
    if next_is_word {
        format!("{new} ")
    } else if before_word {
        format!(" {new}")
    } else {
        new.to_string()
    }
}

/// The index after the last glyph of the word nearest to (x, y).
fn nearest_word_end(glyphs: &[Glyph], x: f64, y: f64) -> Option<usize> {
    let near = (0..glyphs.len())
        .filter(|&i| glyphs[i].text.chars().any(char::is_alphanumeric) && glyphs[i].source.is_some())
        .min_by(|&a, &b| glyphs[a].rect.distance(x, y).total_cmp(&glyphs[b].rect.distance(x, y)))
        .or_else(|| (0..glyphs.len()).find(|&i| !glyphs[i].text.trim().is_empty()))?;
    let row = glyphs[near].rect;
    let mut end = near + 1;
    while end < glyphs.len()
        && glyphs[end].text.chars().any(char::is_alphanumeric)
        && (glyphs[end].rect.y0 - row.y0).abs() < 1.0
    {
        end += 1;
    }
    Some(end)
}

/// A rectangle in PDF points (y upwards) on a page `height` high, from the top-left.
fn flip(r: &[f32; 4], height: f64) -> Rect {
    let (y0, y1) = (height - f64::from(r[3].max(r[1])), height - f64::from(r[1].min(r[3])));
    Rect { x0: f64::from(r[0].min(r[2])), x1: f64::from(r[0].max(r[2])), y0, y1 }
}

/// The new words a strike-out's note asks for ("ganti: …", "menjadi …", "→ …"), if it does.
fn replacement(note: &str) -> Option<String> {
    let note = note.trim();
    let lower = note.to_lowercase();
    for cue in [
        "ganti dengan",
        "diganti dengan",
        "ganti menjadi",
        "diganti menjadi",
        "ganti:",
        "menjadi",
        "→",
        "->",
        "replace with",
        "replace:",
    ] {
        if let Some(rest) = lower.strip_prefix(cue) {
            let rest = note[note.len() - rest.len()..].trim_start_matches([':', ' ']).trim();
            if !rest.is_empty() {
                return Some(rest.to_string());
            }
        }
    }
    None
}

/// The replies to each annotation, in the order they were read.
fn replies(annotations: &[Annotation]) -> BTreeMap<usize, Vec<usize>> {
    let mut out: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, a) in annotations.iter().enumerate() {
        if let Some(p) = a.reply_to.filter(|_| !a.grouped) {
            out.entry(p).or_default().push(i);
        }
    }
    out
}

/// A mark's note with its replies: `Nama: catatan — Nama: balasan`.
fn with_replies(index: usize, replies: &BTreeMap<usize, Vec<usize>>, all: &[Annotation]) -> String {
    let a = &all[index];
    let mut text = format!("{}: {}", author(a), a.contents.trim());
    for &r in replies.get(&index).map(Vec::as_slice).unwrap_or_default() {
        text.push_str(&format!(" — {}: {}", author(&all[r]), all[r].contents.trim()));
    }
    text
}

/// The author of a mark, "Pembimbing" when the PDF names none.
fn author(a: &Annotation) -> String {
    a.author.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or("Pembimbing").to_string()
}

/// The name of a kind of mark, in Indonesian.
pub fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::Highlight => "stabilo",
        Kind::Underline => "garis bawah",
        Kind::Squiggly => "garis berombak",
        Kind::StrikeOut => "coret",
        Kind::Caret => "sisipan",
        Kind::Text => "catatan",
        Kind::FreeText => "teks",
        Kind::Drawing(_) => "coretan",
    }
}

/// A mark for messages: `stabilo di hal. 6`.
fn label(a: &Annotation) -> String {
    format!("{} di hal. {}", kind_name(&a.kind), a.page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::place;

    /// The glyphs of `lines` (text, first byte in the file), one line under the other, each
    /// glyph 5 pt wide; a soft hyphen takes the byte of the letter after it, as Typst's does.
    fn page(lines: &[(&str, usize)]) -> MappedPage {
        let mut glyphs = Vec::new();
        for (row, (text, start)) in lines.iter().enumerate() {
            let y0 = 100.0 + 20.0 * row as f64;
            let mut byte = *start;
            for (i, c) in text.chars().enumerate() {
                let x0 = 100.0 + 5.0 * i as f64;
                glyphs.push(Glyph {
                    rect: Rect { x0, y0, x1: x0 + 5.0, y1: y0 + 12.0 },
                    text: c.to_string(),
                    source: Some((0, byte)),
                    size: 12.0,
                });
                if c != '\u{ad}' {
                    byte += c.len_utf8();
                }
            }
        }
        MappedPage { size: (595.0, 842.0), glyphs }
    }

    /// A highlight over the rectangles (x0, y0 from the top, x1, y1), as QuadPoints.
    fn highlight(rects: &[(f32, f32, f32, f32)], note: &str) -> Annotation {
        let h = 842.0;
        Annotation {
            kind: Kind::Highlight,
            page: 1,
            rect: [0.0; 4],
            quads: rects.iter().map(|&(x0, y0, x1, y1)| [x0, h - y0, x1, h - y0, x0, h - y1, x1, h - y1]).collect(),
            contents: note.into(),
            author: Some("Dr. P".into()),
            date: None,
            reply_to: None,
            grouped: false,
        }
    }

    #[test]
    fn a_word_divided_at_a_line_end_is_marked_whole_without_its_hyphen() {
        let file = std::path::PathBuf::from("/t/bab1.md");
        let text = "Ini kewenangan pusat.\n";
        // "Ini kewe-" / "nangan pusat."
        let map =
            PageMap { files: vec![file.clone()], pages: vec![page(&[("Ini kewe\u{ad}", 0), ("nangan pusat.", 8)])] };
        let sources: Sources = [(file.clone(), text.to_string())].into();
        // "kewe-" on the first line, "nangan" on the second.
        let a = highlight(&[(120.0, 101.0, 145.0, 111.0), (100.0, 121.0, 130.0, 131.0)], "cek");
        let marks = lay(&[a], &[false], &map, &sources);
        assert_eq!(marks.unplaced, Vec::<String>::new());
        let plan = place::place(&marks.model, &sources, &marks.items);
        assert_eq!(plan.files[&file].1, "Ini {==kewenangan==}{>>Dr. P: cek<<} pusat.\n");
    }
}
