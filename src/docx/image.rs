//! The images of the Word document. Typst's HTML export hands every image over as a data URL
//! (the file's own bytes); Word shows PNG, JPEG and GIF as they are, and an SVG (which older
//! Word and LibreOffice draw badly or not at all) is rasterised with resvg, the SVG renderer
//! Typst's own PDF export already uses for SVG (through krilla-svg), so no new renderer enters
//! the build. Text in an SVG is drawn with the fonts bundled for the PDF.

use std::sync::{Arc, OnceLock};

use base64::Engine as _;
use resvg::{tiny_skia, usvg};

use super::content::Image;

/// The resolution SVGs are rasterised at (issue 16: at least 200 dpi).
pub const SVG_DPI: f64 = 220.0;

/// EMU (Word's unit) per point.
pub const EMU_PER_PT: f64 = 12_700.0;

/// The image a data URL holds, at its natural size (1 px = 1 pt, as Typst lays out an image
/// without a resolution of its own) scaled down to `max_width` points.
pub fn from_data_url(url: &str, max_width: f64) -> Option<Image> {
    let (head, data) = url.strip_prefix("data:")?.split_once(',')?;
    let bytes = if head.ends_with(";base64") {
        base64::engine::general_purpose::STANDARD.decode(data).ok()?
    } else {
        data.as_bytes().to_vec()
    };
    let mime = head.split(';').next().unwrap_or_default();
    let (data, ext, width, height) = match mime {
        "image/svg+xml" => rasterise(&bytes)?,
        "image/png" | "image/jpeg" | "image/gif" => {
            let (w, h) = crate::world::image_dimensions(&bytes)?;
            let ext = match mime {
                "image/png" => "png",
                "image/jpeg" => "jpeg",
                _ => "gif",
            };
            (bytes, ext, f64::from(w) * 0.75, f64::from(h) * 0.75)
        }
        _ => return None,
    };
    let scale = if width > max_width { max_width / width } else { 1.0 };
    let emu = |pt: f64| (pt * scale * EMU_PER_PT).round().max(1.0) as u64;
    Some(Image { data, ext, size: (emu(width), emu(height)) })
}

/// An SVG as a PNG at [`SVG_DPI`], and its size in points.
fn rasterise(svg: &[u8]) -> Option<(Vec<u8>, &'static str, f64, f64)> {
    let mut options = usvg::Options { fontdb: fonts(), ..usvg::Options::default() };
    options.font_family = "Liberation Serif".to_string();
    let tree = usvg::Tree::from_data(svg, &options).ok()?;
    let size = tree.size();
    let (width, height) = (f64::from(size.width()), f64::from(size.height()));
    let scale = (SVG_DPI / 72.0) as f32;
    let pixels = |v: f64| ((v * SVG_DPI / 72.0).ceil() as u32).clamp(1, 20_000);
    let mut pixmap = tiny_skia::Pixmap::new(pixels(width), pixels(height))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Some((pixmap.encode_png().ok()?, "png", width, height))
}

/// The bundled fonts, loaded once.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for (_, data) in crate::world::bundled_fonts() {
            db.load_font_data(data.to_vec());
        }
        db.set_serif_family("Liberation Serif");
        db.set_sans_serif_family("Liberation Serif");
        Arc::new(db)
    })
    .clone()
}
