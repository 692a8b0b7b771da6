//! The [`Docx`] model written out as a Markdown draft for the shared import route: the cover
//! lines, then from the first BAB on headings (`#` from Word's outline level, typed numbers kept
//! for the import to set levels from), paragraphs, lists, block quotes, pipe tables (CSV files
//! for tables with merged cells), figures with their caption and `Sumber:` line; footnotes are
//! collected as note texts; the DAFTAR PUSTAKA typed at the end is set aside.

use std::collections::BTreeMap;

use super::cite::Library;
use super::inline::{self, Met, escape, guard_start, plain};
use super::model::{Cell, Docx, Item, Para};
use crate::import::{Change, Report};

/// Front-matter headings that are not chapters (tesis makes or holds them elsewhere).
const FRONT: [&str; 12] = [
    "DAFTAR ISI",
    "DAFTAR TABEL",
    "DAFTAR GAMBAR",
    "DAFTAR LAMPIRAN",
    "KATA PENGANTAR",
    "ABSTRAK",
    "ABSTRACT",
    "HALAMAN PENGESAHAN",
    "HALAMAN PERSETUJUAN",
    "PERNYATAAN",
    "MOTTO",
    "PERSEMBAHAN",
];

/// The draft and what goes with it.
#[derive(Debug, Default)]
pub struct Draft {
    /// The Markdown draft.
    pub md: String,
    /// The note texts by number, with the draft line of their reference.
    pub notes: BTreeMap<u32, (usize, String)>,
    /// Files for the project: path relative to the project root, bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// The works cited.
    pub library: Library,
    /// The lines of a typed DAFTAR PUSTAKA or a bibliography field.
    pub bibliography: Vec<String>,
}

/// Whether `text` is a typed chapter head ("BAB I", "BAB IV TINJAUAN PUSTAKA").
pub fn is_bab(text: &str) -> bool {
    let t = text.trim().trim_matches('*');
    t.strip_prefix("BAB ").and_then(|r| r.split_whitespace().next()).is_some_and(|n| {
        let n = n.trim_end_matches(['.', ':']);
        !n.is_empty() && n.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
    })
}

/// The heading level of a paragraph from its style or outline level (1 = chapter).
fn level(p: &Para) -> Option<usize> {
    if let Some(l) = p.outline {
        return Some(l as usize + 1);
    }
    let n = p.style.strip_prefix("heading ")?.trim().parse::<usize>().ok()?;
    (1..=9).contains(&n).then_some(n)
}

/// Whether a paragraph is a typed sub-heading: wholly bold, short, a typed number first
/// (`A.`, `1.`, `a.`, `1)`, `a)`), no final full stop.
fn typed_heading(p: &Para) -> bool {
    let text = p.text();
    let bold = p.inlines.iter().all(|i| match i {
        super::model::Inline::Text(t) => t.bold || t.text.trim().is_empty(),
        _ => true,
    });
    let Some((token, rest)) = text.split_once(' ') else { return false };
    let number = token.len() <= 4
        && (token.ends_with('.') || token.ends_with(')'))
        && token[..token.len() - 1].chars().all(|c| c.is_ascii_alphanumeric());
    bold && number && !rest.is_empty() && text.split_whitespace().count() <= 15 && !text.ends_with('.')
}

/// The number of a caption paragraph ("Gambar 1.2 …" → (kind, "1-2", rest)).
fn caption(p: &Para) -> Option<(&'static str, String, String)> {
    let text = p.text();
    let (kind, rest) =
        if let Some(r) = text.strip_prefix("Gambar ") { ("gbr", r) } else { ("tbl", text.strip_prefix("Tabel ")?) };
    let (num, title) = rest.split_once(' ').unwrap_or((rest, ""));
    let num = num.trim_end_matches(['.', ':']);
    let ok = !num.is_empty() && num.chars().all(|c| c.is_ascii_digit() || c == '.');
    let title = title.trim_start_matches([':', '.', '-', '–', ' ']).trim().to_string();
    ok.then(|| (kind, num.replace('.', "-"), title))
}

/// Builds the draft from `docx`; `media` reads an image's bytes by its path in the package.
pub fn draft(
    docx: &Docx,
    report: &mut Report,
    media: &mut dyn FnMut(&str) -> Option<Vec<u8>>,
) -> Result<Draft, String> {
    let mut d = Draft::default();
    // The body starts at the first "BAB …" (typed or styled); only a document without any starts
    // at its first Heading 1 (a title set in Heading 1 on the cover is then not a chapter).
    fn para_text(item: &Item) -> Option<(&Para, String)> {
        match item {
            Item::Para(p) => Some((p, p.text())),
            Item::Table(_) => None,
        }
    }
    let first_bab = docx.items.iter().position(|item| para_text(item).is_some_and(|(_, t)| is_bab(&t)));
    let first_heading = || {
        docx.items.iter().position(|item| {
            para_text(item).is_some_and(|(p, t)| level(p) == Some(1) && !FRONT.contains(&t.to_uppercase().as_str()))
        })
    };
    let start = first_bab
        .or_else(first_heading)
        .ok_or("it has no chapter: no \"BAB I\" line and no paragraph in the Heading 1 style")?;
    let mut w = Writer { d: &mut d, report, docx, numbers: BTreeMap::new(), heading: [0; 10], images: 0, tables: 0 };
    w.cover(&docx.items[..start]);
    let mut i = start;
    let mut in_biblio = false;
    while i < docx.items.len() {
        i += match &docx.items[i] {
            Item::Table(rows) if !in_biblio => w.table(rows, None),
            Item::Table(_) => 1,
            Item::Para(p) => {
                let upper = p.text().to_uppercase();
                if upper == "DAFTAR PUSTAKA" || upper == "BIBLIOGRAPHY" || upper == "REFERENSI" {
                    in_biblio = true;
                    1
                } else if upper.starts_with("LAMPIRAN") && (level(p) == Some(1) || in_biblio) {
                    let line = w.line();
                    w.report.undecided(
                        line,
                        "the appendices (LAMPIRAN …) were not imported: add them as `lampiran:` files in thesis.yaml"
                            .to_string(),
                    );
                    break;
                } else if in_biblio {
                    if !p.is_empty() {
                        w.d.bibliography.push(p.text());
                    }
                    1
                } else {
                    w.para(&docx.items[i..], media)
                }
            }
        };
    }
    d.bibliography.extend(docx.bibliography.iter().cloned());
    Ok(d)
}

/// The state of writing the draft.
struct Writer<'a> {
    d: &'a mut Draft,
    report: &'a mut Report,
    docx: &'a Docx,
    /// Footnote id → note number.
    numbers: BTreeMap<String, u32>,
    /// Heading counters per level, for headings without a typed number.
    heading: [u32; 10],
    images: usize,
    tables: usize,
}

impl Writer<'_> {
    /// The 1-based line the next block of the draft starts on.
    fn line(&self) -> usize {
        self.d.md.lines().count() + 1
    }

    fn block(&mut self, text: &str) {
        self.d.md.push_str(text);
        self.d.md.push_str("\n\n");
    }

    /// The cover: one block per run of non-empty paragraphs, as plain text.
    fn cover(&mut self, items: &[Item]) {
        let mut group: Vec<String> = Vec::new();
        let mut front = false;
        for item in items {
            let Item::Para(p) = item else { continue };
            let text = p.text();
            if FRONT.contains(&text.to_uppercase().as_str()) {
                front = true;
                self.report.undecided(crate::import::DOCUMENT, format!("the front matter \"{text}\" was not imported (tesis makes its lists; abstrak and kata pengantar are files named in thesis.yaml)"));
            }
            if front {
                continue;
            }
            if text.is_empty() {
                if !group.is_empty() {
                    let lines = std::mem::take(&mut group);
                    self.block(&lines.join("\n"));
                }
            } else {
                group.push(guard_start(&text.replace('#', "")));
            }
        }
        if !group.is_empty() {
            self.block(&group.join("\n"));
        }
    }

    /// Renders a paragraph's inlines, numbering its notes and converting its citations.
    fn inlines(&mut self, p: &Para, met: &mut Met) -> String {
        let line = self.line();
        let mut fresh: Vec<(u32, String)> = Vec::new();
        // Notes that are one citation field become that citation at the mark's place.
        let mut inline_cites: BTreeMap<String, String> = BTreeMap::new();
        for inline in &p.inlines {
            if let super::model::Inline::Note(id) = inline
                && let Some(paras) = self.docx.notes.get(id)
                && let Some(citation) = super::cite::note_citation(paras, &mut self.d.library)
            {
                met.citations += 1;
                inline_cites.insert(id.clone(), citation);
            }
        }
        let numbers = &mut self.numbers;
        let mut number = |id: &str| {
            if let Some(citation) = inline_cites.get(id) {
                return citation.clone();
            }
            let next = numbers.len() as u32 + 1;
            let n = *numbers.entry(id.to_string()).or_insert(next);
            if n == next {
                fresh.push((n, id.to_string()));
            }
            format!("[^{n}]")
        };
        let text = inline::render(p, &mut self.d.library, &mut number, met);
        for (n, id) in fresh {
            let paras = self.docx.notes.get(&id).cloned().unwrap_or_default();
            let mut inner = Met::default();
            let body: Vec<String> = paras
                .iter()
                .map(|q| inline::render(q, &mut self.d.library, &mut |_| String::new(), &mut inner))
                .filter(|s| !s.is_empty())
                .collect();
            self.report.count(Change::WordNote);
            met.citations += inner.citations;
            met.bad_citations.extend(inner.bad_citations);
            self.d.notes.insert(n, (line, body.join(" ")));
        }
        for _ in 0..met.citations {
            self.report.count(Change::FieldCitation);
        }
        for why in met.bad_citations.drain(..) {
            self.report.undecided(line, format!("a citation field was left as its displayed text: {why}"));
        }
        text
    }

    /// Writes the paragraph at `items[0]` (with a caption or table it governs); returns how
    /// many items it used.
    fn para(&mut self, items: &[Item], media: &mut dyn FnMut(&str) -> Option<Vec<u8>>) -> usize {
        let Item::Para(p) = &items[0] else { return 1 };
        if p.is_empty() {
            return 1;
        }
        let text = p.text();
        if is_bab(&text) || level(p).is_some() || typed_heading(p) {
            self.heading(p, &text);
            return 1;
        }
        if let Some((kind, num, title)) = caption(p) {
            match (kind, items.get(1)) {
                ("tbl", Some(Item::Table(rows))) => return 1 + self.table(rows, Some((num, title))),
                ("gbr", Some(Item::Para(next))) if has_image(next) => {
                    self.figure(next, Some((num, title)), media);
                    return 2;
                }
                _ => {}
            }
        }
        if has_image(p) {
            let figure_caption = |k: usize| match items.get(k) {
                Some(Item::Para(q)) => caption(q).filter(|c| c.0 == "gbr").map(|c| (c.1, c.2)),
                _ => None,
            };
            if let Some(cap) = figure_caption(1) {
                self.figure(p, Some(cap), media);
                return 2;
            }
            // The caption after the "Sumber:" line (as `tesis docx` writes a figure).
            let source = matches!(items.get(1), Some(Item::Para(q)) if q.text().starts_with("Sumber"));
            if let (true, Some(cap)) = (source, figure_caption(2)) {
                self.figure(p, Some(cap), media);
                self.para(&items[1..2], media);
                return 3;
            }
            self.figure(p, None, media);
            return 1;
        }
        let mut met = Met::default();
        let md = self.inlines(p, &mut met);
        if md.is_empty() {
            return 1;
        }
        let item = match (typed_item(&md), &p.list) {
            (Some((marker, rest)), _) => Some((marker, rest.to_string())),
            (None, Some((id, lvl))) => {
                let by_name = !p.style.contains("number");
                let bullet = self.docx.bullets.get(id).and_then(|l| l.get(lvl)).copied().unwrap_or(by_name);
                Some((if bullet { "-".to_string() } else { "1.".to_string() }, md.clone()))
            }
            (None, None) => None,
        };
        if let Some((marker, md)) = item {
            // Items of one list stay in one block.
            if self.d.md.ends_with("\n\n") && self.last_was_list() {
                self.d.md.truncate(self.d.md.len() - 1);
            }
            self.block(&format!("{marker} {md}"));
            return 1;
        }
        let quote_style = ["quote", "intense quote", "block text", "quotation"].contains(&p.style.as_str());
        if quote_style || (p.indent >= 567 && p.indent_right >= 567) {
            self.report.count(Change::IndentedQuote);
            self.block(&format!("> {md}"));
            return 1;
        }
        self.block(&guard_start(&md));
        1
    }

    /// Whether the last block written is a list item.
    fn last_was_list(&self) -> bool {
        let last = self.d.md.trim_end().rsplit("\n\n").next().unwrap_or("");
        let line = last.lines().last().unwrap_or("");
        line.starts_with("- ") || line.starts_with("1. ")
    }

    fn heading(&mut self, p: &Para, text: &str) {
        let styled = level(p);
        let level = if is_bab(text) { 1 } else { styled.unwrap_or(2).clamp(1, 6) };
        let mut title = plain(p);
        if level == 1 {
            self.heading = [0; 10];
        } else {
            self.heading[level] += 1;
            self.heading[level + 1..].fill(0);
            let numbered = title.split_once(' ').is_some_and(|(t, _)| {
                t.len() <= 4
                    && (t.ends_with('.') || t.ends_with(')'))
                    && t[..t.len() - 1].chars().all(|c| c.is_ascii_alphanumeric())
            });
            if !numbered && styled.is_some() {
                // A style heading without a typed number: the number its level has (FORMAT F7),
                // so the import keeps the level Word gave it.
                let v = self.heading[level];
                let letter = |upper: bool| {
                    let c = char::from_u32('a' as u32 + (v.max(1) - 1) % 26).unwrap_or('a');
                    if upper { c.to_ascii_uppercase() } else { c }
                };
                let typed = match level {
                    2 => format!("{}.", letter(true)),
                    3 => format!("{v}."),
                    4 => format!("{}.", letter(false)),
                    5 => format!("{v})"),
                    _ => format!("{})", letter(false)),
                };
                title = format!("{typed} {title}");
            }
        }
        self.block(&format!("{} {title}", "#".repeat(level)));
    }

    /// Writes an image paragraph as a figure with its caption.
    fn figure(&mut self, p: &Para, cap: Option<(String, String)>, media: &mut dyn FnMut(&str) -> Option<Vec<u8>>) {
        let line = self.line();
        for id in p.inlines.iter().filter_map(|i| match i {
            super::model::Inline::Image(id) => Some(id),
            _ => None,
        }) {
            self.images += 1;
            let Some(target) = self.docx.images.get(id) else {
                self.report.undecided(
                    line,
                    "an image whose picture is not in the document (linked, not embedded) was left out".to_string(),
                );
                continue;
            };
            let part = target.trim_start_matches('/');
            let part = if part.starts_with("word/") { part.to_string() } else { format!("word/{part}") };
            let ext = part.rsplit('.').next().unwrap_or("png").to_lowercase();
            let Some(bytes) = media(&part) else {
                self.report.undecided(line, format!("the image {part} could not be read from the document; left out"));
                continue;
            };
            let (num, title) = match &cap {
                Some((n, t)) => (n.clone(), t.clone()),
                None => {
                    self.report
                        .undecided(line, format!("image {} has no \"Gambar X.Y\" caption; give it one", self.images));
                    (format!("x{}", self.images), String::new())
                }
            };
            let name = format!("figures/gambar-{num}.{ext}");
            self.d.files.push((name.clone(), bytes));
            self.report.count(Change::ImageSaved);
            self.block(&format!("![{}](../{name}){{#gbr-{num}}}", escape(&title)));
        }
    }

    /// Writes a table (with its caption, when given or on the next paragraph); returns how many
    /// items it used.
    fn table(&mut self, rows: &[Vec<Cell>], cap: Option<(String, String)>) -> usize {
        self.tables += 1;
        let line = self.line();
        let (num, title) = cap.unwrap_or_else(|| (format!("x{}", self.tables), String::new()));
        if title.is_empty() {
            self.report
                .undecided(line, format!("table {} has no \"Tabel X.Y\" caption before it; give it one", self.tables));
        }
        let mut library = std::mem::take(&mut self.d.library);
        let mut cell = |c: &Cell| -> String {
            let mut met = Met::default();
            let texts: Vec<String> = c
                .paras
                .iter()
                .map(|p| inline::render(p, &mut library, &mut |_| String::new(), &mut met))
                .filter(|s| !s.is_empty())
                .collect();
            texts.join(" ")
        };
        let grid: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .flat_map(|c| std::iter::once(cell(c)).chain(std::iter::repeat_n(String::new(), c.span.max(1) - 1)))
                    .collect()
            })
            .collect();
        self.d.library = library;
        let merged = rows.iter().flatten().any(|c| c.merged);
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return 1;
        }
        self.report.count(Change::TableConverted);
        if merged {
            let name = format!("figures/tabel-{num}.csv");
            let csv: String = grid
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    r.resize(width, String::new());
                    r.iter()
                        .map(|c| format!("\"{}\"", c.replace('\\', "").replace('"', "\"\"")))
                        .collect::<Vec<_>>()
                        .join(",")
                        + "\n"
                })
                .collect();
            self.d.files.push((name.clone(), csv.into_bytes()));
            self.report.undecided(
                line,
                format!("table {num} has merged cells: written as {name} (merged cells repeated empty); check it"),
            );
            self.block(&format!("![{}](../{name}){{#tbl-{num}}}", escape(&title)));
        } else {
            let mut out = String::new();
            for (i, r) in grid.iter().enumerate() {
                let mut r = r.clone();
                r.resize(width, String::new());
                out.push_str(&format!("| {} |\n", r.join(" | ")));
                if i == 0 {
                    out.push_str(&format!("|{}\n", "---|".repeat(width)));
                }
            }
            out.push_str(&format!("\nTable: {} {{#tbl-{num}}}", title));
            self.block(&out);
        }
        1
    }
}

/// A list item typed by hand: `1. `, `2) `, `- `, `• ` at the start of the text; the marker
/// (bullets as `-`) and the rest.
fn typed_item(md: &str) -> Option<(String, &str)> {
    for bullet in ["- ", "• ", "· "] {
        if let Some(rest) = md.strip_prefix(bullet) {
            return Some(("-".to_string(), rest.trim_start()));
        }
    }
    let digits = md.chars().take_while(char::is_ascii_digit).count();
    let rest = &md[digits..];
    let ok = (1..=3).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") "));
    ok.then(|| (md[..digits + 1].to_string(), rest[2..].trim_start()))
}

/// Whether a paragraph holds an image.
fn has_image(p: &Para) -> bool {
    p.inlines.iter().any(|i| matches!(i, super::model::Inline::Image(_)))
}
