//! What a repository's upload form asks for, read from thesis.yaml and the laid-out thesis:
//! titles in both languages, author, programme, year, supervisors, examiners, the abstracts'
//! text and keywords, and the pages — as `metadata.json` and as plain text to copy from.

use serde::Serialize;
use typst::foundations::{Content, PlainText, Selector, Value};
use typst::introspection::{Introspector, MetadataElem};
use typst::model::{FootnoteElem, ParbreakElem};
use typst::text::{LinebreakElem, SpaceElem};
use typst_layout::PagedDocument;

use super::Piece;
use crate::compile::Compiled;
use crate::parts::{ABSTRACT_TEXT, label};
use crate::project::resolve::Person;

/// The metadata of a submitted thesis. Keys as in thesis.yaml, so a student finds each value
/// where she typed it.
#[derive(Debug, Clone, Serialize)]
pub struct Metadata {
    pub jenis: String,
    pub judul: String,
    pub sub_judul: Option<String>,
    pub judul_en: Option<String>,
    pub sub_judul_en: Option<String>,
    pub penulis: String,
    pub nim: Option<String>,
    pub gelar: String,
    pub program_studi: String,
    pub program: Option<String>,
    pub fakultas: Option<String>,
    pub universitas: String,
    pub kota: Option<String>,
    pub tahun: Option<String>,
    pub tanggal: Option<String>,
    pub tanggal_ujian: Option<String>,
    pub pembimbing: Vec<String>,
    pub penguji: Vec<Examiner>,
    pub abstrak: Option<AbstractText>,
    #[serde(rename = "abstract")]
    pub abstract_en: Option<AbstractText>,
    pub halaman: Pages,
    pub berkas: Vec<File>,
    /// The program that made the pack.
    pub dibuat_dengan: String,
}

/// An examiner and the role printed on the approval page.
#[derive(Debug, Clone, Serialize)]
pub struct Examiner {
    pub nama: String,
    pub peran: Option<String>,
}

/// An abstract's text (paragraphs apart by a blank line, footnotes left out) and keywords.
#[derive(Debug, Clone, Serialize)]
pub struct AbstractText {
    pub teks: String,
    pub kata_kunci: Vec<String>,
}

/// The pages: in all, the front matter (Roman numbers) and the rest (Arabic numbers).
#[derive(Debug, Clone, Serialize)]
pub struct Pages {
    pub jumlah: usize,
    pub awal: usize,
    pub isi: usize,
}

/// One file of the pack.
#[derive(Debug, Clone, Serialize)]
pub struct File {
    pub berkas: String,
    pub judul: String,
    /// Pages in the file.
    pub halaman: usize,
    /// The first and last page number printed in it (`i`, `iv`; empty when no page of it shows
    /// a number: the cover).
    pub dari: String,
    pub sampai: String,
}

impl Metadata {
    /// The metadata of a compiled thesis cut into `pieces`.
    pub fn of(compiled: &Compiled, pieces: &[Piece]) -> Self {
        let t = &compiled.project.thesis;
        let document = &compiled.document;
        let total = document.pages().len();
        let front = crate::parts::chapters(document).first().map_or(total, |c| c.pages.start);
        let abstract_of = |key: &str, words: Option<&Vec<String>>| {
            let words = words?;
            Some(AbstractText { teks: abstract_text(document, key).unwrap_or_default(), kata_kunci: words.clone() })
        };
        let label = |page: usize| crate::preview::outline::page_label(document, page);
        Self {
            jenis: t.jenis.clone(),
            judul: t.judul.clone(),
            sub_judul: t.sub_judul.clone(),
            judul_en: t.judul_en.clone(),
            sub_judul_en: t.sub_judul_en.clone(),
            penulis: t.penulis.nama.clone(),
            nim: t.penulis.nim.clone(),
            gelar: t.gelar.clone(),
            program_studi: t.program_studi.clone(),
            program: t.program.clone(),
            fakultas: t.fakultas.clone(),
            universitas: t.universitas.clone(),
            kota: t.kota.clone(),
            tahun: t.tahun.clone(),
            tanggal: t.tanggal.clone(),
            tanggal_ujian: t.tanggal_ujian.clone(),
            pembimbing: t.pembimbing.iter().map(|p| p.nama.clone()).collect(),
            penguji: t.penguji.iter().map(examiner).collect(),
            abstrak: abstract_of("abstrak", t.abstrak.as_ref().map(|a| &a.kata_kunci)),
            abstract_en: abstract_of("abstract", t.abstract_en.as_ref().map(|a| &a.keywords)),
            halaman: Pages { jumlah: total, awal: front, isi: total - front },
            berkas: pieces
                .iter()
                .map(|p| {
                    let numbers: Vec<String> = p.pages.clone().map(label).filter(|l| !l.is_empty()).collect();
                    File {
                        berkas: p.file.clone(),
                        judul: p.title.clone(),
                        halaman: p.pages.len(),
                        dari: numbers.first().cloned().unwrap_or_default(),
                        sampai: numbers.last().cloned().unwrap_or_default(),
                    }
                })
                .collect(),
            dibuat_dengan: format!("tesis {}", crate::VERSION),
        }
    }

    /// `metadata.json`: pretty, UTF-8, ending in a newline.
    pub fn json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("the metadata is plain data");
        out.push('\n');
        out
    }

    /// `metadata.txt`: the same values as labelled lines, to copy into a form field by field.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut line = |name: &str, value: Option<&str>| {
            if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
                out.push_str(&format!("{name}: {v}\n"));
            }
        };
        line("Jenis", Some(&self.jenis));
        line("Judul", Some(&self.judul));
        line("Sub judul", self.sub_judul.as_deref());
        line("Judul (bahasa Inggris)", self.judul_en.as_deref());
        line("Sub judul (bahasa Inggris)", self.sub_judul_en.as_deref());
        line("Penulis", Some(&self.penulis));
        line("NIM", self.nim.as_deref());
        line("Jenjang", Some(&self.gelar));
        line("Program studi", Some(&self.program_studi));
        line("Program", self.program.as_deref());
        line("Fakultas", self.fakultas.as_deref());
        line("Universitas", Some(&self.universitas));
        line("Kota", self.kota.as_deref());
        line("Tahun", self.tahun.as_deref());
        line("Tanggal", self.tanggal.as_deref());
        line("Tanggal ujian", self.tanggal_ujian.as_deref());
        line("Pembimbing", Some(&self.pembimbing.join("; ")));
        let examiners: Vec<String> = self
            .penguji
            .iter()
            .map(|e| match &e.peran {
                Some(role) => format!("{} ({role})", e.nama),
                None => e.nama.clone(),
            })
            .collect();
        line("Penguji", Some(&examiners.join("; ")));
        if let Some(a) = &self.abstrak {
            line("Kata kunci", Some(&a.kata_kunci.join(", ")));
        }
        if let Some(a) = &self.abstract_en {
            line("Keywords", Some(&a.kata_kunci.join(", ")));
        }
        let pages = &self.halaman;
        line("Jumlah halaman", Some(&format!("{} (awal {} + isi {})", pages.jumlah, pages.awal, pages.isi)));
        out.push_str("\nBerkas:\n");
        for f in &self.berkas {
            let numbers = match (f.dari.as_str(), f.sampai.as_str()) {
                ("", _) => String::new(),
                (one, last) if one == last => format!(", hlm. {one}"),
                (first, last) => format!(", hlm. {first}–{last}"),
            };
            out.push_str(&format!("  {}  {} ({} halaman{numbers})\n", f.berkas, f.judul, f.halaman));
        }
        for (name, a) in [("Abstrak", &self.abstrak), ("Abstract", &self.abstract_en)] {
            if let Some(a) = a {
                out.push_str(&format!("\n{name}:\n{}\n", a.teks));
            }
        }
        out
    }
}

/// An examiner as listed.
fn examiner(p: &Person) -> Examiner {
    Examiner { nama: p.nama.clone(), peran: p.peran.clone() }
}

/// The text of the abstract `key` ("abstrak" | "abstract") from the template's
/// `<tesis-abstract-text>` metadata: paragraphs apart by a blank line, footnotes left out.
fn abstract_text(document: &PagedDocument, key: &str) -> Option<String> {
    let found = document.introspector().query(&Selector::Label(label(ABSTRACT_TEXT)));
    let body = found.iter().find_map(|content| {
        let meta = content.to_packed::<MetadataElem>()?;
        let Value::Dict(dict) = &meta.value else { return None };
        let is_key = matches!(dict.get("key"), Ok(Value::Str(k)) if k.as_str() == key);
        match dict.get("body") {
            Ok(Value::Content(body)) if is_key => Some(body.clone()),
            _ => None,
        }
    })?;
    let mut raw = String::new();
    collect_text(&body, &mut raw);
    let paragraphs: Vec<String> = raw
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    Some(paragraphs.join("\n\n"))
}

/// Appends the text of `content`: paragraph breaks as a blank line, footnotes skipped.
fn collect_text(content: &Content, out: &mut String) {
    if content.is::<FootnoteElem>() {
        return;
    }
    if content.is::<ParbreakElem>() {
        out.push_str("\n\n");
        return;
    }
    if content.is::<SpaceElem>() || content.is::<LinebreakElem>() {
        out.push(' ');
        return;
    }
    if content.with::<dyn PlainText>().is_some() {
        out.push_str(&content.plain_text());
        return;
    }
    for (_, value) in content.fields() {
        collect_value(&value, out);
    }
}

/// The text in a field's value.
fn collect_value(value: &Value, out: &mut String) {
    match value {
        Value::Content(content) => collect_text(content, out),
        Value::Array(items) => items.iter().for_each(|v| collect_value(v, out)),
        _ => {}
    }
}
