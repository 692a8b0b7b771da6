//! `tesis stats`: how far the thesis is: words per chapter (running text and footnotes apart),
//! pages per chapter, figures, tables, footnotes, citations and references.
//!
//! Words and counts come from the same [`crate::check::inventory`] the checks use, over the
//! chapters as the build converts them (text deleted in CriticMarkup is not counted); pages from
//! the compiled document's parts ([`crate::parts`]). One session loads, converts and compiles.

use std::collections::HashSet;
use std::path::Path;

use serde::Serialize;

use crate::check::{self, Findings, bibliography};
use crate::compile::{Config, Session};
use crate::diag::{Diagnostic, display_path};

/// The figures of one chapter.
#[derive(Debug, Clone, Serialize, Default, PartialEq, Eq)]
pub struct Counts {
    /// Words of the running text.
    pub words: usize,
    /// Words in footnotes.
    pub footnote_words: usize,
    /// Pages (from the chapter's first page to the page before the next part).
    pub pages: usize,
    /// Figures.
    pub figures: usize,
    /// Tables.
    pub tables: usize,
    /// Footnotes.
    pub footnotes: usize,
    /// Citations.
    pub citations: usize,
}

/// One chapter.
#[derive(Debug, Clone, Serialize)]
pub struct Chapter {
    /// The file, relative to the message base.
    pub file: String,
    /// The chapter title (its level-1 heading).
    pub title: String,
    /// Its numbers.
    #[serde(flatten)]
    pub counts: Counts,
}

/// The whole thesis.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    /// The chapters, in order.
    pub chapters: Vec<Chapter>,
    /// The sums over the chapters.
    pub total: Counts,
    /// Pages of the whole PDF.
    pub pages: usize,
    /// Distinct bibliography entries cited (the length of DAFTAR PUSTAKA).
    pub references: usize,
    /// Entries in the bibliography files.
    pub bibliography_entries: usize,
}

/// Counts the thesis at `root`; file names are shown relative to `base`.
pub fn collect(root: &Path, base: &Path, config: Config) -> Result<Stats, Vec<Diagnostic>> {
    let mut session = Session::new(root, config);
    let loaded = session.load()?;
    let mut findings = Findings { final_: false, list: vec![] };
    let scanned = check::scan_sources(&loaded.project, session.conversions(), &mut findings);
    let errors: Vec<Diagnostic> =
        findings.list.into_iter().map(|f| f.diagnostic).filter(Diagnostic::is_error).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut ignored = Findings { final_: false, list: vec![] };
    let bib = bibliography::load(&loaded.project, &mut ignored);
    let compiled = session.compile_loaded(loaded, None)?;
    let total_pages = compiled.document.pages().len();
    let pages: Vec<usize> = crate::parts::chapters(&compiled.document).iter().map(|p| p.pages.len()).collect();

    let mut cited = HashSet::new();
    let mut chapters = vec![];
    for (i, s) in check::chapters(&compiled.project, &scanned).into_iter().enumerate() {
        let inv = &s.inventory;
        let mut citations = inv.cites.len();
        for c in &inv.cites {
            cited.insert(c.name.clone());
        }
        for r in inv.refs.iter().filter(|r| bib.contains(&r.name)) {
            citations += 1;
            cited.insert(r.name.clone());
        }
        chapters.push(Chapter {
            file: display_path(&inv.file, base),
            title: inv.headings.iter().find(|h| h.level == 1).map(|h| h.title.clone()).unwrap_or_default(),
            counts: Counts {
                words: inv.words,
                footnote_words: inv.footnote_words,
                pages: pages.get(i).copied().unwrap_or(0),
                figures: inv.figures.len(),
                tables: inv.tables.len(),
                footnotes: inv.footnotes.len(),
                citations,
            },
        });
    }
    let mut total = Counts::default();
    for c in &chapters {
        let c = &c.counts;
        total.words += c.words;
        total.footnote_words += c.footnote_words;
        total.pages += c.pages;
        total.figures += c.figures;
        total.tables += c.tables;
        total.footnotes += c.footnotes;
        total.citations += c.citations;
    }
    let references = cited.iter().filter(|k| bib.contains(k)).count();
    Ok(Stats { chapters, total, pages: total_pages, references, bibliography_entries: bib.len() })
}

/// The stats as a table for the terminal.
pub fn table(stats: &Stats) -> String {
    let mut rows = vec![[
        "chapter".to_string(),
        "words".into(),
        "notes".into(),
        "pages".into(),
        "figures".into(),
        "tables".into(),
        "footnotes".into(),
        "citations".into(),
    ]];
    let row = |name: String, c: &Counts| {
        [
            name,
            c.words.to_string(),
            c.footnote_words.to_string(),
            c.pages.to_string(),
            c.figures.to_string(),
            c.tables.to_string(),
            c.footnotes.to_string(),
            c.citations.to_string(),
        ]
    };
    for c in &stats.chapters {
        rows.push(row(c.file.clone(), &c.counts));
    }
    rows.push(row("total".into(), &stats.total));
    let widths: Vec<usize> = (0..8).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for (n, r) in rows.iter().enumerate() {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| if i == 0 { format!("{c:<w$}", w = widths[i]) } else { format!("{c:>w$}", w = widths[i]) })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
        if n == 0 || n == rows.len() - 2 {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * 7));
            out.push('\n');
        }
    }
    out.push_str(&format!(
        "{} pages in the PDF; {} references cited of {} bibliography entries\n",
        stats.pages, stats.references, stats.bibliography_entries
    ));
    out
}
