//! Stage 2, inlines: text, emphasis, code, links, footnotes, citations and cross-references.
//!
//! Emitted markup:
//! - text → escaped markup ([`super::emit`]) with smart punctuation ([`super::smart`]: “ ” ‘ ’ – — …); `*x*` → `#emph[x]`; `**x**` → `#strong[x]`;
//!   `~~x~~` → `#strike[x]`; `<sup>x</sup>` → `#super[x]`; `<sub>x</sub>` → `#sub[x]`;
//!   `` `x` `` → `#raw("x")`; hard break → `#linebreak()`; `$x$` → `#rumus("x")` ([`super::math`]);
//! - `[t](url)` → `#link("url")[t]`; `<url>` → `#link("url")[url]` (the URL is printed);
//!   `[t](#bab-x)` → `#link(label("bab-x"))[t]`; `<a@b.id>` → `#link("mailto:a@b.id")[a@b.id]`;
//! - `[^id]` → `#footnote[definition]` at the reference; in a heading or caption
//!   `#catatan-judul[definition]`, a footnote that DAFTAR ISI, the lists and the PDF bookmarks
//!   leave out;
//! - `@key`, `[@key]` → `#sitasi(cite(label("key")))`; a locator (`[@key, hlm. 12]`, `@key [hlm.
//!   12]`) → `supplement: [hlm. 12]`; several keys `[@a; @b]` → one `#sitasi(cite(..), cite(..))`:
//!   in a note style one footnote, which the template makes (api.typ; it exists from Typst's
//!   first layout on), otherwise the citations as Typst groups them. Inside a note, and with
//!   `[-@key]` (→ `form: "year"`), the citations are plain adjacent `#cite`s, which Typst groups
//!   into one citation;
//! - a group with prefix text (`[lihat @a; @b, hlm. 3]`) → `#footnote[lihat #cite(label("a"));
//!   #cite(label("b"), supplement: [hlm. 3])]`: Typst's `cite` has no prefix, and in the default
//!   Chicago notes style a citation *is* a footnote, so the prefix goes into a note of its own;
//!   the citations inside it are printed in that note's text, each in the note form for its
//!   position (full the first time, short after; rules/footnotes.typ);
//! - `@gbr-x`, `@tbl-x`, `@bab-x`, `@eq-x` and the Quarto / pandoc-crossref spellings (`@fig-x`,
//!   `@fig:x`, `@tbl:x`, `@sec-x`, `@sec:x`, `@eq:x`; [`super::labels`]) → `#ref(label("gbr-x"))`
//!   ("Gambar 2.1", "Tabel 2.3", "BAB III", "Persamaan (2.1)"); so is `@x` for a heading labelled
//!   `{#x}` in the same chapter. In a group (`[@fig:a; @fig:b]`) each is a reference.

use std::ops::Range;

use super::MdDiagnostic;
use super::blocks::Converter;
use super::cite::{self, CiteItem, Piece};
use super::emit::is_label;
use super::parse::Inline;
use super::smart;

impl Converter<'_> {
    /// Writes inline content.
    pub fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    /// Writes one inline.
    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text { text, offs } => self.running_text(text, offs),
            Inline::Code { text, range } => {
                self.out.anchor(range.start);
                self.out.code("#raw(");
                self.out.str_lit(text, range.start);
                self.out.code(")");
            }
            Inline::Math { tex, display, tex_at, range } => self.math(tex, *display, *tex_at, range.clone()),
            Inline::Emph { children, range } => self.wrapped("#emph[", children, range.start),
            Inline::Strong { children, range } => self.wrapped("#strong[", children, range.start),
            Inline::Strike { children, range } => self.wrapped("#strike[", children, range.start),
            Inline::Sup { children, range } => self.wrapped("#super[", children, range.start),
            Inline::Sub { children, range } => self.wrapped("#sub[", children, range.start),
            Inline::Link { url, children, range } => self.link(url, children, range.start),
            Inline::Image { range, .. } => {
                self.diags.push(
                    MdDiagnostic::warning(range.clone(), "an image inside running text is shown as text")
                        .with_hint("put the image in a paragraph of its own to make it a figure"),
                );
                let offs: Vec<usize> = range.clone().collect();
                self.out.text(&self.md[range.clone()], &offs);
            }
            Inline::FootnoteRef { label, range } => self.footnote(label, range.clone()),
            Inline::HardBreak { range } => {
                self.out.anchor(range.start);
                self.out.code("#linebreak()");
            }
            Inline::Html { text, range } => self.raw_html(text, range.start),
        }
    }

    /// Writes `open`, the children, and `]`.
    fn wrapped(&mut self, open: &str, children: &[Inline], md: usize) {
        self.out.anchor(md);
        self.out.code(open);
        self.inlines(children);
        self.out.code("]");
    }

    /// Writes a link; its text is the URL itself when it has none.
    fn link(&mut self, url: &str, children: &[Inline], md: usize) {
        if url.trim().is_empty() {
            self.inlines(children);
            return;
        }
        if let Some(id) = url.strip_prefix('#')
            && !(is_label(id) && (cite::is_ref_key(id) || self.heading_labels.contains(id)))
        {
            // A fragment no label of the thesis can have: the text, without a link.
            self.diags.push(
                MdDiagnostic::warning(
                    md..md + 1,
                    format!("the link to `{url}` leads nowhere; its text is printed without a link"),
                )
                .with_hint("link to a label such as `#bab-teori` (a heading with {#bab-teori}), or to a web address"),
            );
            if children.is_empty() {
                // `[](#x)`: the fragment is all the student wrote; it is not dropped.
                self.out.text_at(url, md);
            }
            self.inlines(children);
            return;
        }
        self.out.anchor(md);
        self.out.code("#link(");
        match url.strip_prefix('#').filter(|id| is_label(id)) {
            // `[teks](#bab-x)` links to a label in the thesis, not to a web page.
            Some(id) => {
                self.out.code("label(");
                self.out.str_lit(id, md);
                self.out.code(")");
            }
            None => self.out.str_lit(url, md),
        }
        self.out.code(")[");
        if children.is_empty() {
            self.out.text_at(url, md);
        } else {
            self.inlines(children);
        }
        self.out.code("]");
    }

    /// Writes a footnote at its reference.
    fn footnote(&mut self, label: &str, range: Range<usize>) {
        let key = label.to_lowercase();
        let Some(note) = self.doc.footnotes.get(&key) else {
            self.undefined_footnote(label, range);
            return;
        };
        if self.footnote_stack.contains(&key) {
            self.diags.push(MdDiagnostic::error(range, format!("footnote [^{label}] refers to itself")));
            return;
        }
        self.used_footnotes.insert(key.clone());
        self.footnote_stack.push(key);
        self.out.anchor(range.start);
        let in_title = std::mem::replace(&mut self.in_title, false);
        self.out.code(note_call(in_title));
        self.nested += 1;
        self.content(&note.blocks);
        self.nested -= 1;
        self.out.code("]");
        self.in_title = in_title;
        self.footnote_stack.pop();
    }

    /// Reports a footnote reference with no definition.
    fn undefined_footnote(&mut self, label: &str, range: Range<usize>) {
        self.diags.push(
            MdDiagnostic::error(range, format!("footnote [^{label}] has no definition"))
                .with_hint(format!("add a line `[^{label}]: text of the note` anywhere in the file")),
        );
    }

    /// Writes running text with smart punctuation ([`super::smart`]).
    pub(super) fn smart_text(&mut self, text: &str, offs: &[usize]) {
        let (text, offs) = smart::smarten(text, offs, self.md);
        self.out.text(&text, &offs);
    }

    /// Writes text, turning citations and cross-references into calls.
    fn running_text(&mut self, text: &str, offs: &[usize]) {
        for piece in cite::scan(text) {
            match piece {
                Piece::Text(r) => self.smart_text(&text[r.clone()], &offs[r]),
                Piece::UndefinedFootnote { label, range } => {
                    let md = offs[range.start]..offs[range.end - 1] + 1;
                    self.undefined_footnote(&label, md);
                    self.out.text(&text[range.clone()], &offs[range]);
                }
                Piece::Cite { items, bracketed } => self.citation(&items, bracketed, text, offs),
            }
        }
    }

    /// Writes a citation group (see the module docs for the forms).
    fn citation(&mut self, items: &[CiteItem], bracketed: bool, text: &str, offs: &[usize]) {
        let prefixed = items.iter().any(|it| !self.is_ref(&it.key) && !text[it.prefix.clone()].trim().is_empty());
        if prefixed {
            self.out.anchor(offs[items[0].at]);
            self.out.code(note_call(self.in_title));
        }
        for (k, item) in items.iter().enumerate() {
            let is_ref = self.is_ref(&item.key);
            let prev_cite = k > 0 && !self.is_ref(&items[k - 1].key);
            if k > 0 && (prefixed || is_ref || !prev_cite) {
                self.out.text_at("; ", offs[item.prefix.start.min(offs.len() - 1)]);
            }
            if prefixed || is_ref {
                self.smart_text(&text[item.prefix.clone()], &offs[item.prefix.clone()]);
            }
            let at = offs[item.at];
            let key_md = offs[(item.at + 1).min(offs.len() - 1)];
            if is_ref {
                self.reference(&item.key, at..key_md + item.key.len());
                if bracketed {
                    self.out.text(&text[item.suffix.clone()], &offs[item.suffix.clone()]);
                }
                continue;
            }
            // A run of citations between cross-references (or the whole group) outside a note is
            // one `#sitasi(cite(..), ..)` when all are in the normal form: in a note style the
            // template makes its footnote (api.typ). Inside a note, in a prefixed group and with a
            // suppressed author they stay `#cite` calls, which Typst groups.
            let start = (0..=k).rev().take_while(|&j| !self.is_ref(&items[j].key)).last().unwrap_or(k);
            let end = (k..items.len()).take_while(|&j| !self.is_ref(&items[j].key)).last().unwrap_or(k);
            if !prefixed && self.footnote_stack.is_empty() && items[start..=end].iter().all(|it| !it.suppress_author) {
                if k == start {
                    self.out.anchor(at);
                    self.out.code("#sitasi(");
                } else {
                    self.out.code(", ");
                }
                self.cite_call(item, "cite(label(", text, offs);
                if k == end {
                    self.out.code(")");
                }
                continue;
            }
            self.cite_call(item, "#cite(label(", text, offs);
        }
        if prefixed {
            self.out.code("]");
        }
    }

    /// Writes the `cite` call of one citation, opened with `open` (`#cite(label(` in markup).
    fn cite_call(&mut self, item: &CiteItem, open: &str, text: &str, offs: &[usize]) {
        let key_md = offs[(item.at + 1).min(offs.len() - 1)];
        self.out.anchor(offs[item.at]);
        self.out.code(open);
        self.out.str_lit(&item.key, key_md);
        self.out.code(")");
        if item.suppress_author {
            self.out.code(", form: \"year\"");
        }
        let suffix = &text[item.suffix.clone()];
        let locator = suffix.trim_start().trim_start_matches(',').trim();
        if !locator.is_empty() {
            let start = item.suffix.start + suffix.find(locator).unwrap_or(0);
            self.out.code(", supplement: [");
            self.smart_text(locator, &offs[start..start + locator.len()]);
            self.out.code("]");
        }
        self.out.code(")");
    }

    /// Whether `@key` refers to a label rather than a bibliography entry: a `gbr-`/`tbl-`/`bab-`
    /// label anywhere in the thesis, or a heading label of this chapter.
    fn is_ref(&self, key: &str) -> bool {
        cite::is_ref_key(key) || self.heading_labels.contains(key)
    }

    /// Writes a cross-reference to a figure, table or chapter label.
    fn reference(&mut self, key: &str, md: Range<usize>) {
        if !is_label(key) {
            self.diags.push(
                MdDiagnostic::error(md, format!("`@{key}` is not a valid label"))
                    .with_hint("labels use letters, digits, `-`, `_`, `:` and `.`"),
            );
            return;
        }
        self.out.anchor(md.start);
        self.out.code("#ref(label(");
        self.out.str_lit(key, md.start + 1);
        self.out.code("))");
    }
}

/// The call that opens a footnote: `catatan-judul` in a heading or caption (see the module docs).
fn note_call(in_title: bool) -> &'static str {
    if in_title { "#catatan-judul[" } else { "#footnote[" }
}
