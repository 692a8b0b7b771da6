//! Images that will print blurred: a raster image whose pixels, spread over the size it is laid
//! out at, give fewer than 150 dots per inch. Read from the compiled document, so the size is
//! the real one (after `lebar:` and the F29 shrink to the text block).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use typst::layout::{Frame, FrameItem};
use typst::visualize::ImageKind;

use super::{Findings, Kind, Scanned};
use crate::compile::Compiled;
use crate::diag::Diagnostic;

/// The least resolution that prints sharp on paper.
pub const MIN_DPI: f64 = 150.0;

/// Points per inch.
const PT_PER_INCH: f64 = 72.0;

/// One placement of an image: its resolution and the page it is on.
struct Placed {
    /// Dots per inch at its laid-out size.
    dpi: f64,
    /// Its width in pixels.
    pixels: u32,
    /// Its laid-out width in points.
    width_pt: f64,
    /// 1-based page.
    page: usize,
}

/// Reports raster images printed below [`MIN_DPI`], at the place the chapter names them.
pub fn check(compiled: &Compiled, scanned: &[Scanned], findings: &mut Findings) {
    // Every placement of each image, in page order: two figures sharing one file are two
    // placements, and the n-th use of the file in the chapters is its n-th placement.
    let mut placed: HashMap<u64, Vec<Placed>> = HashMap::new();
    for (i, page) in compiled.document.pages().iter().enumerate() {
        walk(&page.frame, 1.0, 1.0, i + 1, &mut placed);
    }
    appendix_text_layers(compiled, findings);
    if placed.is_empty() {
        return;
    }
    appendix_images(compiled, &placed, findings);
    let root = &compiled.project.root;
    let mut uses: HashMap<u64, usize> = HashMap::new();
    for s in scanned {
        for image in &s.inventory.images {
            let disk = image_path(root, &s.source.disk, &image.name);
            let Ok(bytes) = std::fs::read(&disk) else { continue };
            let key = hash(&bytes);
            let Some(all) = placed.get(&key) else { continue };
            let n = uses.entry(key).or_insert(0);
            let Some(p) = all.get(*n).or(all.last()) else { continue };
            *n += 1;
            if p.dpi >= MIN_DPI {
                continue;
            }
            let needed = (p.width_pt / PT_PER_INCH * MIN_DPI).ceil();
            findings.add(
                Kind::Advice,
                Diagnostic::warning(format!(
                    "image {} prints at {:.0} dpi on page {} ({} pixels over {:.1} cm), below {MIN_DPI:.0} dpi",
                    image.name,
                    p.dpi,
                    p.page,
                    p.pixels,
                    p.width_pt / PT_PER_INCH * 2.54
                ))
                .at(&s.inventory.file, image.range.clone())
                .hint(format!(
                    "use an image at least {needed:.0} pixels wide, or print it smaller (`width=50%` / `lebar: 50%`)"
                )),
            );
        }
    }
}

/// Reports appendix images (issue 23) printed below [`MIN_DPI`], at their thesis.yaml entry.
fn appendix_images(compiled: &Compiled, placed: &HashMap<u64, Vec<Placed>>, findings: &mut Findings) {
    let project = &compiled.project;
    let yaml = std::fs::read_to_string(&project.yaml_path).unwrap_or_default();
    for a in &project.thesis.lampiran {
        for sheet in a.halaman.iter().filter(|s| s.page.is_none()) {
            let Ok(bytes) = std::fs::read(image_path(&project.root, &project.root, &sheet.file)) else { continue };
            let Some(p) = placed.get(&hash(&bytes)).and_then(|all| all.first()) else { continue };
            // A scan saved at exactly 150 dpi and printed at its own size is 149.99… after rounding.
            if p.dpi >= MIN_DPI - 0.5 {
                continue;
            }
            let name = sheet.file.rsplit('/').next().unwrap_or(&sheet.file);
            let mut d = Diagnostic::warning(format!(
                "appendix scan {name} prints at {:.0} dpi on page {}, below {MIN_DPI:.0} dpi",
                p.dpi, p.page
            ))
            .hint("scan it again at 300 dpi (or give the file its real dpi) so that it prints sharp");
            if a.line > 0 && a.line <= yaml.lines().count() {
                d = d.at_text(project.yaml_path.clone(), &yaml, crate::diag::line_range(&yaml, a.line));
            }
            findings.add(Kind::Advice, d);
        }
    }
}

/// Notes the pages of a PDF appendix with no text layer (issue 23): a scan, which prints fine
/// but cannot be searched or copied from. One note per appendix, naming its pages.
fn appendix_text_layers(compiled: &Compiled, findings: &mut Findings) {
    let project = &compiled.project;
    let yaml = std::fs::read_to_string(&project.yaml_path).unwrap_or_default();
    for a in project.thesis.lampiran.iter().filter(|a| a.jenis == "pdf") {
        let disk = image_path(&project.root, &project.root, &a.file);
        let Ok(doc) = lopdf::Document::load(&disk) else { continue };
        let ids = doc.get_pages();
        let scanned: Vec<String> = a
            .halaman
            .iter()
            .filter_map(|s| s.page)
            .filter(|n| ids.get(n).is_some_and(|id| doc.get_page_fonts(*id).map_or(true, |f| f.is_empty())))
            .map(|n| n.to_string())
            .collect();
        if scanned.is_empty() {
            continue;
        }
        let name = a.file.rsplit('/').next().unwrap_or(&a.file);
        let mut d = Diagnostic::warning(format!(
            "appendix {name}: page {} has no text layer (a scan; informational)",
            scanned.join(", ")
        ))
        .hint("it prints as it is; only its text cannot be searched or copied from the PDF");
        if a.line > 0 && a.line <= yaml.lines().count() {
            d = d.at_text(project.yaml_path.clone(), &yaml, crate::diag::line_range(&yaml, a.line));
        }
        findings.add(Kind::Advice, d);
    }
}

/// Records every raster image of a frame with its resolution and page.
fn walk(frame: &Frame, sx: f64, sy: f64, page: usize, placed: &mut HashMap<u64, Vec<Placed>>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                // The lengths of the transformed axes: a turned appendix sheet (rotate -90deg)
                // keeps its size, where sx and sy alone are 0.
                let t = group.transform;
                let (gx, gy) = (t.sx.get().hypot(t.ky.get()), t.kx.get().hypot(t.sy.get()));
                walk(&group.frame, sx * gx, sy * gy, page, placed);
            }
            FrameItem::Image(image, size, _) => {
                let ImageKind::Raster(raster) = image.kind() else { continue };
                let (w, h) = (size.x.to_pt() * sx, size.y.to_pt() * sy);
                if w <= 0.0 || h <= 0.0 {
                    continue;
                }
                let dpi = (raster.width() as f64 / (w / PT_PER_INCH)).min(raster.height() as f64 / (h / PT_PER_INCH));
                let key = hash(raster.data().as_slice());
                placed.entry(key).or_default().push(Placed { dpi, pixels: raster.width(), width_pt: w, page });
            }
            _ => {}
        }
    }
}

/// The file on disk of an image path written in a chapter.
fn image_path(root: &std::path::Path, chapter: &std::path::Path, written: &str) -> PathBuf {
    if let Some(abs) = written.strip_prefix('/') {
        let mut p = root.to_path_buf();
        p.extend(abs.split('/'));
        p
    } else {
        chapter.parent().unwrap_or(root).join(written)
    }
}

/// A hash of image bytes, to find a laid-out image's file.
fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}
