//! The submission pack (`tesis build --final --parts`): next to the PDF/A, a folder holding the
//! thesis cut into the files Indonesian university repositories show one by one (title pages,
//! approval pages, abstract, contents, each BAB, bibliography, appendices), and the metadata their
//! upload form asks for (`metadata.json` and the same as plain text).
//!
//! The pieces come from the parts the template marks ([`crate::parts`]) in the one compiled
//! document, and each piece is exported from it through the one PDF export, so a piece's pages
//! are exactly the PDF/A's pages.

pub mod metadata;

use std::ops::Range;
use std::path::{Path, PathBuf};

use typst_layout::PagedDocument;

use crate::compile::Compiled;
use crate::diag::Diagnostic;
use crate::output::pdf::{self, PdfExport};

/// The file each group of parts goes to, the title the upload form shows for it, and its parts,
/// in the order of the thesis (F12–F20). A BAB is a file of its own, in place of `bab`.
const GROUPS: &[(&str, &str, &[&str])] = &[
    ("halaman-judul", "Halaman Judul", &["cover", "judul"]),
    ("halaman-pengesahan", "Halaman Persetujuan dan Pengesahan", &["persetujuan", "pengesahan"]),
    ("pernyataan-keaslian", "Pernyataan Keaslian", &["pernyataan"]),
    ("motto-persembahan", "Motto dan Persembahan", &["motto", "persembahan"]),
    ("kata-pengantar", "Kata Pengantar", &["kata-pengantar"]),
    ("abstrak", "Abstrak dan Abstract", &["abstrak", "abstract"]),
    (
        "daftar-isi",
        "Daftar Isi, Tabel, Gambar dan Lampiran",
        &["daftar-isi", "daftar-tabel", "daftar-gambar", "daftar-lampiran"],
    ),
    ("bab", "BAB", &["bab"]),
    ("daftar-pustaka", "Daftar Pustaka", &["pustaka"]),
    ("lampiran", "Lampiran", &["lampiran"]),
];

/// One file of the pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The file name: `01-halaman-judul.pdf`, `07-bab-1.pdf`.
    pub file: String,
    /// What the upload form calls it: `Halaman Judul`, `BAB I PENDAHULUAN`.
    pub title: String,
    /// Its physical pages (0-based) in the whole PDF.
    pub pages: Range<usize>,
}

/// The pieces of a laid-out thesis, in page order, covering every page once.
pub fn pieces(document: &PagedDocument) -> Vec<Piece> {
    let chapter_titles: Vec<String> = crate::preview::outline::outline(document)
        .into_iter()
        .filter(|e| e.part == "bab" && e.level <= 1)
        .map(|e| e.title)
        .collect();
    let mut pieces: Vec<(String, String, Range<usize>)> = Vec::new();
    let mut chapter = 0;
    for part in crate::parts::parts(document) {
        let Some((stem, title, _)) = GROUPS.iter().find(|(_, _, names)| names.contains(&part.name.as_str())) else {
            continue;
        };
        let (stem, title) = if part.is_chapter() {
            chapter += 1;
            // The outline has one title line per BAB (its heading, or `BAB N` without one).
            let title = chapter_titles.get(chapter - 1).cloned().unwrap_or_else(|| format!("BAB {chapter}"));
            (format!("bab-{chapter}"), title)
        } else {
            (stem.to_string(), title.to_string())
        };
        match pieces.last_mut() {
            Some(last) if last.0 == stem => last.2.end = part.pages.end,
            _ => pieces.push((stem, title, part.pages)),
        }
    }
    // Pages before the first marked part (none with the template) go with the first piece.
    if let Some(first) = pieces.first_mut() {
        first.2.start = 0;
    }
    pieces
        .into_iter()
        .enumerate()
        .map(|(i, (stem, title, pages))| Piece { file: format!("{:02}-{stem}.pdf", i + 1), title, pages })
        .collect()
}

/// The folder of the pack beside the PDF: `thesis.pdf` → `thesis-bagian/`.
pub fn folder_for(pdf: &Path) -> PathBuf {
    let stem = pdf.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "thesis".into());
    pdf.with_file_name(format!("{stem}-bagian"))
}

/// Whether an existing folder is a pack tesis wrote (it holds `metadata.json`), which a new
/// pack may replace.
pub fn is_pack(folder: &Path) -> bool {
    folder.join("metadata.json").is_file()
}

/// Makes the files of the pack: each piece as PDF/A (the pages of the final PDF, untagged, since
/// Typst tags only a whole document), then `metadata.json` and `metadata.txt`.
pub fn files(compiled: &Compiled) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let pieces = pieces(&compiled.document);
    let mut files = Vec::with_capacity(pieces.len() + 2);
    for piece in &pieces {
        let pages = (piece.pages.start + 1..=piece.pages.end).collect();
        let bytes = pdf::export(compiled, &PdfExport::piece(pages, &piece.file))?;
        files.push((piece.file.clone(), bytes));
    }
    let meta = metadata::Metadata::of(compiled, &pieces);
    files.push(("metadata.json".into(), meta.json().into_bytes()));
    files.push(("metadata.txt".into(), meta.text().into_bytes()));
    Ok(files)
}
