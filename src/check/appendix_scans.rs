//! Scans inside a PDF appendix (issue 23) that will print blurred: each raster image a chosen
//! page draws, its pixels against the size it prints at once the template has scaled the page
//! into the text block (the scale the template publishes with `<tesis-sheet>`), below 150 dpi.
//! One warning per appendix, at its thesis.yaml entry.

use std::collections::HashMap;

use typst::foundations::{Selector, Value};
use typst::introspection::{Introspector, MetadataElem};

use super::images::MIN_DPI;
use super::{Findings, Kind};
use crate::compile::Compiled;
use crate::compile::pdf_pages::{PdfPages, disk_path};
use crate::diag::Diagnostic;
use crate::parts::{SHEET, label};

/// One page of a PDF appendix drawing a scan below [`MIN_DPI`].
struct Blurred {
    /// The page of the PDF (1-based).
    pdf_page: u32,
    /// The page of the thesis (1-based).
    page: usize,
    /// The lowest resolution of a scan it draws, as printed.
    dpi: f64,
}

/// Warns about the scans of PDF appendices that print below [`MIN_DPI`].
pub fn check(compiled: &Compiled, findings: &mut Findings) {
    let project = &compiled.project;
    let mut blurred: HashMap<usize, Vec<Blurred>> = HashMap::new();
    let mut opened: HashMap<usize, Option<PdfPages>> = HashMap::new();
    for (appendix, sheet, scale, page) in placed_sheets(compiled) {
        let Some(a) = project.thesis.lampiran.get(appendix).filter(|a| a.jenis == "pdf") else { continue };
        let Some(pdf_page) = a.halaman.get(sheet).and_then(|s| s.page) else { continue };
        let pdf = opened.entry(appendix).or_insert_with(|| PdfPages::open(&disk_path(&project.root, &a.file)).ok());
        let Some(pdf) = pdf else { continue };
        let lowest = pdf.scan_dpi(pdf_page).into_iter().map(|dpi| dpi / scale).fold(f64::INFINITY, f64::min);
        // A scan made at exactly 150 dpi is 149.99… after rounding.
        if lowest < MIN_DPI - 0.5 {
            blurred.entry(appendix).or_default().push(Blurred { pdf_page, page, dpi: lowest });
        }
    }
    let mut appendices: Vec<_> = blurred.into_iter().collect();
    appendices.sort_by_key(|(i, _)| *i);
    for (i, pages) in appendices {
        let a = &project.thesis.lampiran[i];
        let name = a.file.rsplit('/').next().unwrap_or(&a.file);
        let worst = pages.iter().min_by(|x, y| x.dpi.total_cmp(&y.dpi)).expect("a page was recorded");
        let list: Vec<String> = pages.iter().map(|b| b.pdf_page.to_string()).collect();
        let d = Diagnostic::warning(format!(
            "appendix scan {name}: page {} of the PDF prints at {:.0} dpi (page {} of the thesis), below {MIN_DPI:.0} dpi{}",
            worst.pdf_page,
            worst.dpi,
            worst.page,
            if pages.len() > 1 { format!("; pages below it: {}", list.join(", ")) } else { String::new() }
        ))
        .hint("scan the pages again at 300 dpi and name the new PDF, so that they print sharp");
        findings.add(Kind::Advice, crate::project::resolve::at_entry(&project.yaml_path, a, d));
    }
}

/// Every sheet the template placed: (appendix index, sheet index, scale, 1-based page).
fn placed_sheets(compiled: &Compiled) -> Vec<(usize, usize, f64, usize)> {
    let introspector = compiled.document.introspector();
    introspector
        .query(&Selector::Label(label(SHEET)))
        .iter()
        .filter_map(|content| {
            let page = introspector.page(content.location()?)?.get();
            let meta = content.to_packed::<MetadataElem>()?;
            let Value::Dict(dict) = &meta.value else { return None };
            let int = |key: &str| match dict.get(key) {
                Ok(Value::Int(n)) => usize::try_from(*n).ok(),
                _ => None,
            };
            let scale = match dict.get("scale") {
                Ok(Value::Float(f)) => *f,
                Ok(Value::Int(n)) => *n as f64,
                _ => return None,
            };
            (scale > 0.0).then_some((int("appendix")?, int("sheet")?, scale, page))
        })
        .collect()
}
