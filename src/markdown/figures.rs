//! Figures and tables: image paragraphs, CSV tables, pipe tables, captions, labels and sources.
//!
//! The syntax (pandoc's, which students meet in other tools):
//! - a paragraph holding only `![Caption](../figures/x.png){#gbr-x width=80%}` →
//!   `#gambar("/figures/x.png", caption: [Caption], lebar: 80%) <gbr-x>` (SVG, PNG, JPEG);
//! - the same with a `.csv` file → `#tabel-csv("/figures/data.csv", caption: [Caption]) <tbl-data>`
//!   (`delimiter=;` in the braces, or detected when the header line has `;` or tabs but no comma);
//! - labels in any style of [`super::labels`]: `{#gbr-x}`, `{#fig-x}`, `{#fig:x}`, `{#tbl:x}`;
//! - a pipe table with a paragraph `Table: Caption {#tbl-x}` (or `Tabel:`, or pandoc's
//!   `: Caption`) right before or after
//!   it → `#tabel(columns: n, header: 1, caption: [Caption], [cell], …) <tbl-x>`;
//! - a paragraph starting `Sumber:` right after any of these (for an image also the next line of
//!   the image's own paragraph) becomes its `sumber: [...]`.
//!
//! Paths go through [`crate::project::paths::resolve`]: the chapter's folder first, then the
//! project root, never outside it. A missing file, a file outside the project, another format,
//! or a CSV file Typst could not read is an error at the `.md` line.

use std::ops::Range;

use pulldown_cmark::Alignment;

use super::MdDiagnostic;
use super::blocks::{Converter, strip_text_prefix};
use super::emit::is_label;
use super::labels::{self, LabelKind};
use super::parse::{Block, Inline};
use crate::project::paths;

/// Paragraph prefixes that introduce a table caption.
/// (`: Caption` is pandoc's short form.)
const CAPTION_PREFIXES: [&str; 3] = ["Table:", "Tabel:", ": "];
/// Paragraph prefixes that introduce a figure's or table's source line.
const SOURCE_PREFIXES: [&str; 4] = ["Sumber:", "Sumber :", "Source:", "Source :"];
/// Units a figure width may use, as Typst spells them.
const WIDTH_UNITS: [&str; 6] = ["%", "cm", "mm", "in", "pt", "em"];

/// The attributes in `{#id key=value}` after an image or a caption.
#[derive(Debug, Default)]
struct Attrs {
    /// `#id`
    id: Option<String>,
    /// `width=` / `lebar=`, already checked and normalised (`80%`, `12.5cm`).
    width: Option<String>,
    /// `delimiter=;` for a CSV table.
    delimiter: Option<char>,
    /// `daftar="Short caption"`: what DAFTAR GAMBAR / DAFTAR TABEL print instead of the caption.
    daftar: Option<String>,
}

impl Converter<'_> {
    /// Writes the figure when `inlines` is an image paragraph; returns how many blocks it used
    /// (the paragraph and an optional `Sumber:` paragraph), or `None` when it is no figure.
    pub fn figure(&mut self, inlines: &[Inline], range: Range<usize>, next: Option<&Block>) -> Option<usize> {
        let [Inline::Image { url, children: caption, range: img_range }, after @ ..] = inlines else {
            return None;
        };
        let img_range = img_range.clone();
        let tail = figure_tail(after)?;
        let attrs = match tail.attrs {
            Some((text, offs)) => self.attrs(text, offs),
            None => Attrs::default(),
        };
        // `Sumber:` on the next line of the same paragraph, or as the next paragraph.
        let next_source = if tail.source.is_none() { next.and_then(source_line) } else { None };
        let sumber = tail.source.or_else(|| next_source.clone());
        let used = 1 + usize::from(next_source.is_some());
        let Some(file) = self.project_file(url, img_range.clone()) else {
            return Some(used);
        };
        let ext = file.vpath.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        let (func, prefix) = match ext.as_str() {
            "svg" | "png" | "jpg" | "jpeg" => ("#gambar(", LabelKind::Figure),
            "csv" => ("#tabel-csv(", LabelKind::Table),
            _ => {
                self.diags.push(
                    MdDiagnostic::error(img_range, format!("`{url}` is not a format a figure can use"))
                        .with_hint("use SVG, PNG or JPEG for figures, or CSV for a table"),
                );
                return Some(used);
            }
        };
        let mut delimiter = None;
        if ext == "csv" {
            match self.check_csv(&file.disk, url, attrs.delimiter, img_range.clone()) {
                Some(d) => delimiter = Some(d),
                None => return Some(used),
            }
        }
        self.out.anchor(range.start);
        self.out.code(func);
        self.out.str_lit(&file.vpath, img_range.start);
        self.caption_arg(caption, attrs.daftar.as_deref(), img_range.clone());
        if let Some(d) = delimiter.filter(|&d| d != ',') {
            self.out.code(", delimiter: ");
            self.out.str_lit(&d.to_string(), img_range.start);
        }
        if let Some(width) = &attrs.width {
            if ext == "csv" {
                self.diags
                    .push(MdDiagnostic::warning(img_range.clone(), "a CSV table has no width; `width=` is ignored"));
            } else {
                self.out.code(", lebar: ");
                self.out.code(width);
            }
        }
        if let Some(sumber) = &sumber {
            self.sumber_arg(sumber);
        }
        self.out.code(")");
        self.label(attrs.id.as_deref(), prefix, img_range);
        Some(used)
    }

    /// Resolves a path a chapter names, reporting why it cannot be used.
    fn project_file(&mut self, url: &str, range: Range<usize>) -> Option<paths::ProjectFile> {
        if url.contains("://") {
            self.diags.push(
                MdDiagnostic::error(range, format!("`{url}` is not a file in the project"))
                    .with_hint("download the file into the project (e.g. figures/) and name it by its path"),
            );
            return None;
        }
        let md_dir = self.ctx.md_path.parent().unwrap_or(self.ctx.root);
        match paths::resolve(self.ctx.root, md_dir, url) {
            Ok(file) => Some(file),
            Err(problem) => {
                self.diags.push(MdDiagnostic::error(range, format!("cannot use `{url}`: {problem}")));
                None
            }
        }
    }

    /// Checks a CSV table (with the given or detected delimiter); returns the delimiter, or
    /// `None` after reporting why Typst could not read the file.
    fn check_csv(
        &mut self,
        disk: &std::path::Path,
        url: &str,
        delimiter: Option<char>,
        range: Range<usize>,
    ) -> Option<char> {
        let result = std::fs::read(disk).map_err(|e| format!("cannot read `{url}` ({e})")).and_then(|bytes| {
            let delimiter = delimiter.unwrap_or_else(|| super::csv::detect_delimiter(&bytes));
            super::csv::check(&bytes, delimiter).map(|_| delimiter).map_err(|p| format!("bad CSV table `{url}`: {p}"))
        });
        match result {
            Ok(delimiter) => Some(delimiter),
            Err(message) => {
                self.diags.push(MdDiagnostic::error(range, message));
                None
            }
        }
    }

    /// Writes `, caption: [..]` and the short caption `, daftar: [..]` of the lists, or warns
    /// when there is no caption.
    fn caption_arg(&mut self, caption: &[Inline], daftar: Option<&str>, range: Range<usize>) {
        if caption.is_empty() {
            self.diags.push(
                MdDiagnostic::warning(range, "figure or table without a caption")
                    .with_hint("write the caption between the brackets: ![Caption](path)"),
            );
            return;
        }
        self.out.code(", caption: [");
        self.in_title = true;
        self.inlines(caption);
        self.in_title = false;
        self.out.code("]");
        if let Some(short) = daftar {
            self.out.code(", daftar: [");
            let offs = vec![range.start; short.len()];
            self.smart_text(short, &offs);
            self.out.code("]");
        }
    }

    /// Writes `, sumber: [..]`.
    fn sumber_arg(&mut self, sumber: &[Inline]) {
        self.out.code(", sumber: [");
        self.inlines(sumber);
        self.out.code("]");
    }

    /// Writes ` <id>` after a figure or table, checking it.
    fn label(&mut self, id: Option<&str>, kind: LabelKind, range: Range<usize>) {
        let Some(id) = id else { return };
        if !is_label(id) {
            self.diags.push(
                MdDiagnostic::error(range, format!("`#{id}` is not a valid label"))
                    .with_hint("labels use letters, digits, `-`, `_`, `:` and `.`"),
            );
            return;
        }
        if labels::kind_of(id) != Some(kind) {
            let prefix = labels::prefixes(kind)[0];
            self.diags.push(
                MdDiagnostic::warning(range, format!("label `{id}` does not start with {}", labels::prefix_list(kind)))
                    .with_hint(format!("write {{#{prefix}{id}}}; only such labels can be referred to with @")),
            );
        }
        self.out.code(" <");
        self.out.code(id);
        self.out.code(">");
    }

    /// Parses `{#id width=80%}` (`text` is the whole attribute block with its offsets).
    fn attrs(&mut self, text: &str, offs: &[usize]) -> Attrs {
        let trimmed = text.trim();
        let lead = text.len() - text.trim_start().len();
        let range = offs[lead]..offs[lead + trimmed.len() - 1] + 1;
        let inner = &trimmed[1..trimmed.len() - 1];
        let mut attrs = Attrs::default();
        for item in attr_items(inner) {
            if let Some(id) = item.strip_prefix('#') {
                attrs.id = Some(id.to_string());
            } else if let Some((key, value)) = item.split_once('=') {
                let value = value.trim_matches('"');
                if key == "daftar" {
                    match value.trim() {
                        "" => self.diags.push(
                            MdDiagnostic::warning(range.clone(), "`daftar=` is empty and is ignored")
                                .with_hint("write daftar=\"Short caption\" for the list of figures or tables"),
                        ),
                        short => attrs.daftar = Some(short.to_string()),
                    }
                } else if key == "delimiter" {
                    let mut chars = value.chars();
                    match (chars.next(), chars.next()) {
                        (Some(d), None) if d.is_ascii_punctuation() && d != '"' => attrs.delimiter = Some(d),
                        _ => self.diags.push(
                            MdDiagnostic::error(range.clone(), format!("`{value}` is not a delimiter"))
                                .with_hint("write one character, e.g. delimiter=;"),
                        ),
                    }
                } else if matches!(key, "width" | "lebar") {
                    match width(value) {
                        Some(w) => attrs.width = Some(w),
                        None => self.diags.push(
                            MdDiagnostic::error(range.clone(), format!("`{value}` is not a width"))
                                .with_hint("write e.g. width=80% or width=10cm"),
                        ),
                    }
                } else {
                    self.diags
                        .push(MdDiagnostic::warning(range.clone(), format!("unknown attribute `{key}` is ignored")));
                }
            } else {
                self.diags.push(MdDiagnostic::warning(range.clone(), format!("attribute `{item}` is ignored")));
            }
        }
        attrs
    }

    /// Whether a paragraph is a table caption (`Table: …`).
    pub fn is_table_caption(&self, inlines: &[Inline]) -> bool {
        strip_text_prefix(inlines, &CAPTION_PREFIXES).is_some()
    }

    /// Writes a pipe table with the caption paragraph before or after it and a `Sumber:` line
    /// after; returns how many blocks it used.
    pub fn table(&mut self, blocks: &[Block], i: usize) -> usize {
        let Block::Table { aligns, head, rows, range } = &blocks[i] else {
            return 0;
        };
        let caption_para = |b: Option<&Block>| match b {
            Some(Block::Para { inlines, .. }) => strip_text_prefix(inlines, &CAPTION_PREFIXES),
            _ => None,
        };
        let before = i.checked_sub(1).and_then(|j| caption_para(blocks.get(j)));
        // `Table: …` typed on the line right below the table is read as its last row.
        let (rows, row_caption) = match rows.split_last() {
            Some((last, body)) if before.is_none() => match last.split_first() {
                Some((first, others))
                    if others.iter().all(|c| c.is_empty()) && strip_text_prefix(first, &CAPTION_PREFIXES).is_some() =>
                {
                    (body, strip_text_prefix(first, &CAPTION_PREFIXES))
                }
                _ => (rows.as_slice(), None),
            },
            _ => (rows.as_slice(), None),
        };
        let after_para =
            if before.is_none() && row_caption.is_none() && !matches!(blocks.get(i + 2), Some(Block::Table { .. })) {
                caption_para(blocks.get(i + 1))
            } else {
                None
            };
        let mut used = 1 + usize::from(after_para.is_some());
        let after = row_caption.or(after_para);
        let sumber = blocks.get(i + used).and_then(source_line);
        used += usize::from(sumber.is_some());
        let columns = aligns.len().max(head.len()).max(1);
        self.out.anchor(range.start);
        self.out.code(&format!("#tabel(columns: {columns}, header: 1"));
        if aligns.iter().any(|a| *a != Alignment::None) {
            let names: Vec<&str> = aligns.iter().map(|a| align_name(*a)).collect();
            self.out.code(&format!(", align: ({},)", names.join(", ")));
        }
        let mut id = None;
        if let Some(caption) = &before {
            id = self.caption_with_id(caption, range.clone());
        }
        for row in std::iter::once(head).chain(rows) {
            for k in 0..columns {
                self.out.code(", [");
                if let Some(cell) = row.get(k) {
                    self.inlines(cell);
                }
                self.out.code("]");
            }
        }
        if let Some(caption) = &after {
            id = self.caption_with_id(caption, range.clone());
        }
        if before.is_none() && after.is_none() {
            self.diags.push(
                MdDiagnostic::warning(range.clone(), "table without a caption")
                    .with_hint("write a paragraph `Table: Caption {#tbl-name}` right before or after the table"),
            );
        }
        if let Some(sumber) = &sumber {
            self.sumber_arg(sumber);
        }
        self.out.code(")");
        self.label(id.as_deref(), LabelKind::Table, range.clone());
        used
    }

    /// Writes a table caption whose last text may end in `{#tbl-x}` (and `daftar="…"`);
    /// returns the id.
    fn caption_with_id(&mut self, caption: &[Inline], range: Range<usize>) -> Option<String> {
        let mut caption = caption.to_vec();
        let mut id = None;
        let mut daftar = None;
        if let Some(Inline::Text { text, offs }) = caption.last_mut() {
            let trimmed = text.trim_end();
            if let Some(open) = trimmed.rfind('{').filter(|_| trimmed.ends_with('}')) {
                let attrs = self.attrs(&trimmed[open..], &offs[open..trimmed.len()]);
                id = attrs.id;
                daftar = attrs.daftar;
                let keep = text[..open].trim_end().len();
                text.truncate(keep);
                offs.truncate(keep);
                if text.is_empty() {
                    caption.pop();
                }
            }
        }
        self.caption_arg(&caption, daftar.as_deref(), range);
        id
    }
}

/// What may follow the image in a figure paragraph.
struct FigureTail<'t> {
    /// The attribute block `{…}` and its offsets.
    attrs: Option<(&'t str, &'t [usize])>,
    /// A `Sumber: …` line in the same paragraph.
    source: Option<Vec<Inline>>,
}

/// Splits what follows the image into `{attributes}` and a `Sumber:` line; `None` when anything
/// else follows (then the image sits in running text).
fn figure_tail(after: &[Inline]) -> Option<FigureTail<'_>> {
    let Some((Inline::Text { text, offs }, more)) = after.split_first() else {
        return after.is_empty().then_some(FigureTail { attrs: None, source: None });
    };
    let lead = text.len() - text.trim_start().len();
    let attr_len = match text[lead..].find('}') {
        Some(close) if is_attr_block(&text[lead..lead + close + 1]) => close + 1,
        _ => 0,
    };
    let attrs = (attr_len > 0).then(|| (&text[lead..lead + attr_len], &offs[lead..lead + attr_len]));
    let rest_at = text.len() - text[lead + attr_len..].trim_start().len();
    let mut rest = Vec::with_capacity(more.len() + 1);
    if rest_at < text.len() {
        rest.push(Inline::Text { text: text[rest_at..].to_string(), offs: offs[rest_at..].to_vec() });
    }
    rest.extend_from_slice(more);
    if rest.is_empty() {
        return Some(FigureTail { attrs, source: None });
    }
    let source = strip_text_prefix(&rest, &SOURCE_PREFIXES).filter(|s| !s.is_empty())?;
    Some(FigureTail { attrs, source: Some(source) })
}

/// The items of an attribute block's inside, split at spaces outside double quotes
/// (`#gbr-x daftar="Peta kota" width=80%` → `#gbr-x`, `daftar="Peta kota"`, `width=80%`).
fn attr_items(inner: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut start = None;
    let mut quoted = false;
    for (i, c) in inner.char_indices() {
        match (c, start) {
            ('"', _) => {
                quoted = !quoted;
                start.get_or_insert(i);
            }
            (c, Some(s)) if c.is_whitespace() && !quoted => {
                items.push(&inner[s..i]);
                start = None;
            }
            (c, None) if !c.is_whitespace() => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        items.push(&inner[s..]);
    }
    items
}

/// Whether `text` is an attribute block `{…}` (surrounding spaces allowed).
fn is_attr_block(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 2 && t.starts_with('{') && t.ends_with('}') && !t[1..t.len() - 1].contains(['{', '}'])
}

/// The rest of a `Sumber: …` paragraph.
fn source_line(block: &Block) -> Option<Vec<Inline>> {
    match block {
        Block::Para { inlines, .. } => strip_text_prefix(inlines, &SOURCE_PREFIXES).filter(|rest| !rest.is_empty()),
        _ => None,
    }
}

/// A width such as `80%` or `12.5cm`, normalised, or `None` when it is not one.
fn width(value: &str) -> Option<String> {
    let unit = WIDTH_UNITS.iter().find(|u| value.ends_with(*u))?;
    let number = &value[..value.len() - unit.len()];
    let valid = !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && number.bytes().filter(|&b| b == b'.').count() <= 1
        && number.bytes().any(|b| b.is_ascii_digit());
    let parsed: f64 = number.parse().ok().filter(|_| valid)?;
    (parsed > 0.0 && parsed.is_finite()).then(|| format!("{parsed}{unit}"))
}

/// The Typst alignment for a pipe table column.
fn align_name(align: Alignment) -> &'static str {
    match align {
        Alignment::None => "auto",
        Alignment::Left => "left",
        Alignment::Center => "center",
        Alignment::Right => "right",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_items() {
        assert_eq!(
            attr_items(r#"#gbr-x daftar="Peta kota" width=80%"#),
            ["#gbr-x", r#"daftar="Peta kota""#, "width=80%"]
        );
        assert_eq!(attr_items("  #tbl-a   delimiter=; "), ["#tbl-a", "delimiter=;"]);
        assert_eq!(attr_items(r#"daftar="a  b"#), [r#"daftar="a  b"#]);
    }

    #[test]
    fn widths() {
        assert_eq!(width("80%").as_deref(), Some("80%"));
        assert_eq!(width("12.50cm").as_deref(), Some("12.5cm"));
        assert_eq!(width("1e3cm"), None);
        assert_eq!(width("cm"), None);
        assert_eq!(width(".cm"), None);
        assert_eq!(width("0%"), None);
        assert_eq!(width("80)%"), None);
    }
}
