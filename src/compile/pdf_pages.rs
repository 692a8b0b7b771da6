//! The pages of a PDF appendix (issue 23) read with hayro, the PDF reader Typst itself uses.
//!
//! Typst 0.15's PDF/A export cannot embed a PDF page, so the `--final` build hands Typst each
//! chosen page as an SVG drawn by hayro-svg ([`final_sheets`]): vector paths stay vector (sharp
//! text and lines), glyphs become outlines (no font to embed; the page's text can no longer be
//! searched or copied), raster images keep their own pixels (a scan keeps its resolution), and
//! soft masks and opacity become SVG masks and opacity, which the PDF/A-2 export keeps.
//! `tesis check` reads through the same interpreter the resolution of the scans a page draws
//! ([`PdfPages::scan_dpi`]).

use std::path::Path;
use std::sync::Arc;

use hayro_svg::hayro_interpret::font::{FontData, FontQuery, Glyph, StandardFont};
use hayro_svg::hayro_interpret::{
    BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache, InterpreterSettings, Paint,
    PathDrawMode, SoftMask, TransformExt, interpret_page,
};
use hayro_svg::hayro_syntax::Pdf;
use hayro_svg::{RenderCache, SvgRenderSettings};
use kurbo::{Affine, BezPath, Rect};

use crate::diag::Diagnostic;
use crate::project::Project;
use crate::project::resolve::at_entry;

/// Where the `--final` build's SVG pages are handed to the template.
const SHEETS_DIR: &str = "/_tesis/lampiran/";

/// Points per inch.
const PT_PER_INCH: f64 = 72.0;

/// One page of a PDF as SVG, for the `--final` build.
#[derive(Debug, Clone)]
pub struct SvgSheet {
    /// Where the page is printed.
    pub place: SheetPlace,
    /// The compiler path the template reads it from.
    pub vpath: String,
    /// The SVG.
    pub svg: Vec<u8>,
}

/// Where a page drawn as SVG is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetPlace {
    /// A sheet of an appendix: the appendix (index into `lampiran`) and the sheet (index into
    /// its `halaman`).
    Appendix { appendix: usize, sheet: usize },
    /// The scanned signed page `scan.persetujuan` or `scan.pengesahan` (its first page, as the
    /// template places it).
    Scan { part: &'static str },
}

/// A PDF opened for drawing its pages.
pub struct PdfPages {
    pdf: Pdf,
}

impl PdfPages {
    /// Opens the PDF at `path`.
    pub fn open(path: &Path) -> Result<Self, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
        let pdf = Pdf::new(Arc::new(bytes)).map_err(|e| format!("the PDF cannot be read ({e:?})"))?;
        Ok(Self { pdf })
    }

    /// Page `page` (1-based) as SVG, its size the page's own in points.
    pub fn svg<'a>(&'a self, page: u32, cache: &RenderCache<'a>) -> Option<String> {
        let page = self.pdf.pages().get(page.checked_sub(1)? as usize)?;
        Some(hayro_svg::convert(page, cache, &settings(), &SvgRenderSettings { bg_color: [0, 0, 0, 0] }))
    }

    /// The resolution (dots per inch, at the page's own size) of each raster image page `page`
    /// (1-based) draws: a scan's pixels against the size the page gives it.
    pub fn scan_dpi(&self, page: u32) -> Vec<f64> {
        let Some(page) = page.checked_sub(1).and_then(|i| self.pdf.pages().get(i as usize)) else {
            return vec![];
        };
        let (w, h) = page.render_dimensions();
        let cache = InterpreterCache::new();
        let mut context = Context::new(
            page.initial_transform(true).to_kurbo(),
            Rect::new(0.0, 0.0, w as f64, h as f64),
            &cache,
            page.xref(),
            settings(),
        );
        let mut scans = Scans(vec![]);
        interpret_page(page, &mut context, &mut scans);
        scans.0
    }
}

/// The chosen pages of every PDF appendix, and the first page of a signed page scanned to PDF,
/// as SVG, for the `--final` build; a PDF hayro cannot open is an error at its thesis.yaml entry.
pub fn final_sheets(project: &Project) -> Result<Vec<SvgSheet>, Vec<Diagnostic>> {
    let mut sheets = vec![];
    let mut errors = vec![];
    let scan = &project.thesis.scan;
    for (part, file) in [("persetujuan", &scan.persetujuan), ("pengesahan", &scan.pengesahan)] {
        let Some(file) = file.as_ref().filter(|f| f.to_lowercase().ends_with(".pdf")) else { continue };
        let name = file.rsplit('/').next().unwrap_or(file);
        let drawn = PdfPages::open(&disk_path(&project.root, file))
            .and_then(|pdf| pdf.svg(1, &RenderCache::new()).ok_or_else(|| "it has no page".to_string()));
        match drawn {
            Ok(svg) => sheets.push(SvgSheet {
                place: SheetPlace::Scan { part },
                vpath: format!("{SHEETS_DIR}{part}.svg"),
                svg: svg.into_bytes(),
            }),
            Err(problem) => {
                let mut d = Diagnostic::error(format!("`{name}` (scan.{part}): {problem}"))
                    .hint("open the file in a PDF viewer; export or scan it again and name the new file");
                if let Ok(yaml) = std::fs::read_to_string(&project.yaml_path)
                    && let Some(at) = yaml.find(name)
                {
                    d = d.at_text(project.yaml_path.clone(), &yaml, at..at + name.len());
                }
                errors.push(d);
            }
        }
    }
    for (i, a) in project.thesis.lampiran.iter().enumerate().filter(|(_, a)| a.jenis == "pdf") {
        let pdf = match PdfPages::open(&disk_path(&project.root, &a.file)) {
            Ok(pdf) => pdf,
            Err(problem) => {
                let name = a.file.rsplit('/').next().unwrap_or(&a.file);
                let d = Diagnostic::error(format!("`{name}`: {problem}"))
                    .hint("open the file in a PDF viewer; export or scan it again and name the new file");
                errors.push(at_entry(&project.yaml_path, a, d));
                continue;
            }
        };
        let cache = RenderCache::new();
        for (j, sheet) in a.halaman.iter().enumerate() {
            let Some(page) = sheet.page else { continue };
            let Some(svg) = pdf.svg(page, &cache) else { continue };
            let vpath = format!("{SHEETS_DIR}{}-{page}.svg", i + 1);
            sheets.push(SvgSheet {
                place: SheetPlace::Appendix { appendix: i, sheet: j },
                vpath,
                svg: svg.into_bytes(),
            });
        }
    }
    if errors.is_empty() { Ok(sheets) } else { Err(errors) }
}

/// The file on disk of a compiler path (`/lampiran/surat.pdf`).
pub fn disk_path(root: &Path, vpath: &str) -> std::path::PathBuf {
    let mut path = root.to_path_buf();
    path.extend(vpath.split('/').filter(|s| !s.is_empty()));
    path
}

/// The interpreter's settings: the 14 standard fonts are Typst's own substitutes (as when Typst
/// draws a PDF image), annotations are left out (as Typst's PDF export embeds a page).
fn settings() -> InterpreterSettings {
    InterpreterSettings {
        font_resolver: Arc::new(|query| match query {
            FontQuery::Standard(s) => Some(standard_font(*s)),
            FontQuery::Fallback(f) => Some(standard_font(f.pick_standard_font())),
        }),
        cmap_resolver: Arc::new(|_| None),
        warning_sink: Arc::new(|_| {}),
        render_annotations: false,
    }
}

/// The font program standing in for a standard font.
fn standard_font(font: StandardFont) -> (FontData, u32) {
    use typst_assets::pdf;
    let bytes: &'static [u8] = match font {
        StandardFont::Helvetica => pdf::SANS,
        StandardFont::HelveticaBold => pdf::SANS_BOLD,
        StandardFont::HelveticaOblique => pdf::SANS_ITALIC,
        StandardFont::HelveticaBoldOblique => pdf::SANS_BOLD_ITALIC,
        StandardFont::Courier => pdf::FIXED,
        StandardFont::CourierBold => pdf::FIXED_BOLD,
        StandardFont::CourierOblique => pdf::FIXED_ITALIC,
        StandardFont::CourierBoldOblique => pdf::FIXED_BOLD_ITALIC,
        StandardFont::TimesRoman => pdf::SERIF,
        StandardFont::TimesBold => pdf::SERIF_BOLD,
        StandardFont::TimesItalic => pdf::SERIF_ITALIC,
        StandardFont::TimesBoldItalic => pdf::SERIF_BOLD_ITALIC,
        StandardFont::ZapfDingBats => pdf::DING_BATS,
        StandardFont::Symbol => pdf::SYMBOL,
    };
    (Arc::new(bytes), 0)
}

/// A drawing device that only records the resolution of each raster image drawn.
struct Scans(Vec<f64>);

impl<'a> Device<'a> for Scans {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn draw_path(&mut self, _: &BezPath, _: Affine, _: &Paint<'a>, _: &PathDrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph(&mut self, _: &Glyph<'a>, _: Affine, _: Affine, _: &Paint<'a>, _: &GlyphDrawMode) {}
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}

    fn draw_image(&mut self, image: Image<'a, '_>, transform: Affine) {
        // The transform maps the image's pixel grid onto the page (in points): the length of a
        // pixel's side in points, the larger of the two, gives the resolution (of a colour or
        // grey scan, or of a black-and-white one drawn as a stencil).
        let _ = image;
        let [a, b, c, d, _, _] = transform.as_coeffs();
        let pixel = a.hypot(b).max(c.hypot(d));
        if pixel > 0.0 && pixel.is_finite() {
            self.0.push(PT_PER_INCH / pixel);
        }
    }
}
