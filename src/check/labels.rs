//! Cross-references: `@gbr-x` / `#ref(<x>)` naming a label that no figure, table or heading
//! carries (the build would fail), and figures and tables the text never refers to (a numbered
//! figure (F25) that the text never introduces is a question every supervisor asks).

use std::collections::HashSet;

use super::bibliography::Bibliography;
use super::inventory::LabelKind;
use super::{Findings, Kind, Scanned};
use crate::diag::Diagnostic;

/// How labels are written, for a reference to a label that does not exist.
pub const LABEL_HINT: &str = "labels are written after what they label: `{#gbr-nama}` (or `{#fig-nama}`, `{#fig:nama}`) after an image, `{#tbl-nama}` at the end of a table caption, `{#bab-nama}` after a heading, `{#eq-nama}` after `$$…$$`; in Typst `<gbr-nama>` after the call";

/// Reports references to undefined labels and figures or tables never referred to.
pub fn check(bib: &Bibliography, scanned: &[Scanned], findings: &mut Findings) {
    if !super::all_complete(scanned) {
        // A chapter that did not convert may hold the labels and references; its errors come first.
        return;
    }
    let defined: Vec<&str> =
        scanned.iter().flat_map(|s| s.inventory.labels.iter().map(|(l, _)| l.name.as_str())).collect();
    let mut referenced = HashSet::new();
    for s in scanned {
        for r in &s.inventory.refs {
            referenced.insert(r.name.as_str());
            if defined.contains(&r.name.as_str()) || bib.contains(&r.name) {
                continue;
            }
            let mut d = Diagnostic::error(format!("`@{}` is neither a label nor a bibliography key", r.name))
                .at(&s.inventory.file, r.range.clone());
            if let Some(near) = crate::project::nearest(&r.name, &defined) {
                d = d.hint(format!("did you mean the label `@{near}`?"));
            }
            let keys: Vec<&str> = bib.files.iter().flat_map(|(_, e)| e.iter().map(|n| n.name.as_str())).collect();
            if let Some(near) = crate::project::nearest(&r.name, &keys) {
                d = d.hint(format!("did you mean the bibliography key `@{near}`?"));
            }
            d = d.hint(LABEL_HINT);
            findings.add(Kind::Broken, d);
        }
    }
    for s in scanned {
        for (label, kind) in &s.inventory.labels {
            let what = match kind {
                LabelKind::Figure => "figure",
                LabelKind::Table => "table",
                _ => continue,
            };
            if !referenced.contains(label.name.as_str()) {
                findings.add(
                    Kind::Advice,
                    Diagnostic::warning(format!("{what} `{}` is never referred to in the text", label.name))
                        .at(&s.inventory.file, label.range.clone())
                        .hint(format!("introduce it in the text before it appears, e.g. \"(lihat @{})\"", label.name)),
                );
            }
        }
        let mut starts: Vec<usize> = s.inventory.figures.iter().chain(&s.inventory.tables).map(|r| r.start).collect();
        starts.sort_unstable();
        for (ranges, what, wanted) in
            [(&s.inventory.figures, "figure", LabelKind::Figure), (&s.inventory.tables, "table", LabelKind::Table)]
        {
            for range in ranges.iter() {
                // A labelled figure has its label after it and before the next figure or table.
                let next = starts.iter().copied().find(|&x| x > range.start).unwrap_or(usize::MAX);
                let has_label = s
                    .inventory
                    .labels
                    .iter()
                    .any(|(l, k)| *k == wanted && l.range.start >= range.start && l.range.start < next);
                if !has_label {
                    findings.add(
                        Kind::Advice,
                        Diagnostic::warning(format!("this {what} has no label, so the text cannot refer to it"))
                            .at(&s.inventory.file, range.start..range.start + 1)
                            .hint(if what == "figure" {
                                "add `{#gbr-nama}` after the image (Markdown) or `<gbr-nama>` after the call (Typst), then write @gbr-nama in the text"
                            } else {
                                "add `{#tbl-nama}` to the table caption (Markdown) or `<tbl-nama>` after the call (Typst), then write @tbl-nama in the text"
                            }),
                    );
                }
            }
        }
    }
}
