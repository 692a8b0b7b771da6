//! Figures whose drawing the PDF conversion lost: a "Tabel 1.1" / "Gambar 1.1" line, its caption,
//! and the legend lines left behind ("Keterangan:", line samples, "G = Government").
//!
//! A caption followed by a legend is a drawing, so it becomes a figure (Gambar, FORMAT F25) that
//! points at an SVG still to be drawn; a table label without a legend is left as it is.

use super::blocks::{Block, Kind};
use super::{Change, Report};

/// Replaces each lost drawing (label, caption, legend) by one [`Kind::Raw`] figure block.
pub fn figures(blocks: Vec<Block>, report: &mut Report) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let Some((chapter, number)) = label(&blocks[i]) else {
            out.push(blocks[i].clone());
            i += 1;
            continue;
        };
        let Some(caption_block) = blocks.get(i + 1).filter(|b| b.kind == Kind::Paragraph) else {
            out.push(blocks[i].clone());
            i += 1;
            continue;
        };
        let caption = strip_strong(&caption_block.lines[0]);
        let mut legend: Vec<String> = caption_block.lines[1..].iter().map(|l| strip_strong(l)).collect();
        let mut j = i + 2;
        while let Some(b) = blocks.get(j).filter(|b| b.lines.iter().all(|l| is_legend(l))) {
            legend.extend(b.lines.iter().map(|l| strip_strong(l)));
            j += 1;
        }
        if !legend.iter().any(|l| l.starts_with("Keterangan") || l.contains(" = ")) {
            report.undecided(blocks[i].line, format!("\"{}\" has no legend; check what it held", blocks[i].text));
            out.push(blocks[i].clone());
            i += 1;
            continue;
        }
        let (text, notes) = split_notes(&caption);
        let file = format!("gambar-{chapter}-{number}");
        let mut md = format!("![{text}](../figures/{file}.svg){{#gbr-{chapter}-{number}}}");
        if !notes.is_empty() {
            md.push_str(&format!("\n\nSumber:{notes}"));
        }
        md.push_str(&format!(
            "\n\nTODO: gambar asli hilang saat konversi dari PDF; gambar ulang figures/{file}.svg dari keterangannya: {}",
            legend.join(" | ")
        ));
        report.count(Change::FigureRecovered);
        report.undecided(
            blocks[i].line,
            format!("{} is a drawing whose picture was lost: draw figures/{file}.svg from its legend; its caption note went to the Sumber line", blocks[i].text.trim_matches('*')),
        );
        out.push(Block::new(blocks[i].line, Kind::Raw, vec![md]));
        i = j;
    }
    out
}

/// The chapter and figure numbers of a `Tabel 1.1` / `Gambar 1.1` label paragraph.
fn label(block: &Block) -> Option<(u32, u32)> {
    if block.kind != Kind::Paragraph || block.lines.len() != 1 {
        return None;
    }
    let text = strip_strong(&block.lines[0]);
    let rest = text.strip_prefix("Tabel ").or_else(|| text.strip_prefix("Gambar "))?;
    let (a, b) = rest.trim().split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// `text` without emphasis markers around it.
fn strip_strong(text: &str) -> String {
    text.trim().trim_matches('*').trim().to_string()
}

/// True for what a lost drawing leaves behind: short labels, line samples, `X = meaning`.
fn is_legend(line: &str) -> bool {
    let t = strip_strong(line);
    let short_label = !t.is_empty() && t.len() <= 6 && t.chars().all(|c| c.is_ascii_uppercase());
    let sample = t.starts_with(['—', '–', '-', '.', '·', '_']);
    let key = t.split_once(" = ").is_some_and(|(k, _)| k.len() <= 4 && k.chars().all(|c| c.is_ascii_uppercase()));
    short_label || sample || key || t.starts_with("Keterangan")
}

/// Splits the `[^N]` references off a caption: the caption text and the references.
fn split_notes(caption: &str) -> (String, String) {
    let mut text = String::new();
    let mut notes = String::new();
    let mut rest = caption;
    while let Some(at) = rest.find("[^") {
        let Some(end) = rest[at..].find(']') else {
            break;
        };
        text.push_str(&rest[..at]);
        notes.push_str(&rest[at..at + end + 1]);
        rest = &rest[at + end + 1..];
    }
    text.push_str(rest);
    (text.trim().to_string(), notes)
}
