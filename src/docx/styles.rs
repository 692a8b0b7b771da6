//! The page and the paragraph styles of the Word document, from the format knobs of
//! thesis.yaml (F1–F5, F22, F24, F26): A4, the margins, the size, the spacing and the
//! first-line indent of the PDF; the font named Times New Roman (Word has it; the bundled
//! metric-compatible font stays for the PDF).

use crate::project::Project;

/// The body font named in the document.
pub const FONT: &str = "Times New Roman";

/// Twips (1/20 pt) per centimetre.
const TWIPS_PER_CM: f64 = 1440.0 / 2.54;

/// The first-line indent (F5) and the quote and list indent: 1.25 cm.
pub const INDENT: i64 = 709;

/// A4 in twips.
pub const A4: (i64, i64) = (11906, 16838);

/// The page of the document.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Margins in twips: top, left, bottom, right.
    pub margins: (i64, i64, i64, i64),
    /// The body size in half-points.
    pub size: i64,
    /// The line spacing in 240ths of a line (1.5 → 360).
    pub line: i64,
}

impl Page {
    /// The page of `project`'s format knobs.
    pub fn of(project: &Project) -> Self {
        let f = &project.thesis.format;
        let m = &f.margin;
        let size = length_pt(&f.ukuran_font).unwrap_or(12.0);
        Self {
            margins: (twips(&m.atas, 4.0), twips(&m.kiri, 4.0), twips(&m.bawah, 3.0), twips(&m.kanan, 3.0)),
            size: (size * 2.0).round() as i64,
            line: (f.spasi * 240.0).round() as i64,
        }
    }

    /// The width of the text block in points.
    pub fn text_width_pt(&self) -> f64 {
        (A4.0 - self.margins.1 - self.margins.3) as f64 / 20.0
    }
}

/// A Typst length (`4cm`, `30mm`, `1in`, `72pt`) in points.
fn length_pt(s: &str) -> Option<f64> {
    let s = s.trim();
    let split = s.find(|c: char| c.is_ascii_alphabetic())?;
    let value: f64 = s[..split].trim().parse().ok()?;
    Some(match &s[split..] {
        "cm" => value * 72.0 / 2.54,
        "mm" => value * 72.0 / 25.4,
        "in" => value * 72.0,
        "pt" => value,
        _ => return None,
    })
}

/// A margin in twips (`default` cm when it cannot be read; the template has checked it).
fn twips(s: &str, default_cm: f64) -> i64 {
    length_pt(s).map_or(default_cm * TWIPS_PER_CM, |pt| pt * 20.0).round() as i64
}

/// The paragraph style id of a content style.
pub fn style_id(style: super::content::Style) -> String {
    use super::content::Style::*;
    match style {
        Title => "Title".into(),
        Heading(n) => format!("Heading{n}"),
        PartTitle => "Heading1".into(),
        Body => "Normal".into(),
        Quote => "Quote".into(),
        ListItem => "ListParagraph".into(),
        Caption => "Caption".into(),
        FigureText => "FigureText".into(),
        Bibliography => "Bibliography".into(),
        Cell => "TableText".into(),
        Note => "FootnoteText".into(),
    }
}

/// `word/styles.xml`.
pub fn styles_xml(page: &Page) -> String {
    let single = 240;
    let line = page.line;
    let size = page.size;
    let small = size - 4;
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#
    ));
    s += &format!(
        r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/><w:lang w:val="id-ID"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="{line}" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#
    );
    let para = |id: &str, name: &str, ppr: String, rpr: &str, extra: &str| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="{id}"{extra}><w:name w:val="{name}"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
        )
    };
    s += &format!(
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLine="{INDENT}"/><w:jc w:val="both"/></w:pPr></w:style>"#
    );
    let flush = r#"<w:ind w:firstLine="0"/>"#;
    s += &para(
        "Title",
        "Title",
        format!(r#"<w:spacing w:after="480"/>{flush}<w:jc w:val="center"/>"#),
        r#"<w:b/><w:sz w:val="28"/>"#,
        "",
    );
    // F6: the chapter head, centred, bold, 14 pt, on a new page, one blank line below.
    s += &para(
        "Heading1",
        "heading 1",
        format!(
            r#"<w:keepNext/><w:pageBreakBefore/><w:spacing w:after="{line}"/>{flush}<w:jc w:val="center"/><w:outlineLvl w:val="0"/>"#
        ),
        r#"<w:b/><w:caps/><w:sz w:val="28"/><w:szCs w:val="28"/>"#,
        "",
    );
    // F7: sub-headings bold, flush left, one blank line above.
    for level in 2..=5 {
        s += &para(
            &format!("Heading{level}"),
            &format!("heading {level}"),
            format!(
                r#"<w:keepNext/><w:spacing w:before="{line}"/>{flush}<w:jc w:val="left"/><w:outlineLvl w:val="{}"/>"#,
                level - 1
            ),
            "<w:b/>",
            "",
        );
    }
    let single_spacing = format!(r#"<w:spacing w:line="{single}" w:lineRule="auto"/>"#);
    // F21: quotations single-spaced, indented on both sides.
    s += &para(
        "Quote",
        "Quote",
        format!(
            r#"<w:spacing w:before="{line}" w:after="{line}" w:line="{single}" w:lineRule="auto"/><w:ind w:left="{INDENT}" w:right="{INDENT}" w:firstLine="0"/>"#
        ),
        "",
        "",
    );
    s += &para("ListParagraph", "List Paragraph", format!(r#"<w:ind w:left="{INDENT}" w:hanging="357"/>"#), "", "");
    // F26: captions centred, single-spaced.
    s += &para(
        "Caption",
        "caption",
        format!(
            r#"<w:spacing w:before="120" w:after="240" w:line="{single}" w:lineRule="auto"/>{flush}<w:jc w:val="center"/>"#
        ),
        "",
        "",
    );
    // F27: figures centred; the source line 10 pt, single-spaced.
    s += &para(
        "FigureText",
        "Figure Text",
        format!(r#"{single_spacing}{flush}<w:jc w:val="left"/>"#),
        &format!(r#"<w:sz w:val="{small}"/>"#),
        "",
    );
    s += &para("Figure", "Figure", format!(r#"<w:keepNext/>{flush}<w:jc w:val="center"/>"#), "", "");
    // F24: entries single-spaced, a blank line between, continuation lines indented 1.25 cm.
    s += &para(
        "Bibliography",
        "Bibliography",
        format!(
            r#"<w:spacing w:after="240" w:line="{single}" w:lineRule="auto"/><w:ind w:left="{INDENT}" w:hanging="{INDENT}"/><w:jc w:val="left"/>"#
        ),
        "",
        "",
    );
    // F28: table text single-spaced.
    s += &para("TableText", "Table Text", format!(r#"{single_spacing}{flush}<w:jc w:val="left"/>"#), "", "");
    // F22: notes 10 pt, single-spaced, justified.
    s += &para(
        "FootnoteText",
        "footnote text",
        format!(r#"{single_spacing}{flush}<w:jc w:val="both"/>"#),
        &format!(r#"<w:sz w:val="{small}"/><w:szCs w:val="{small}"/>"#),
        "",
    );
    s += r#"<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>"#;
    s += &para(
        "TOCHeading",
        "TOC Heading",
        format!(r#"<w:spacing w:after="{line}"/>{flush}<w:jc w:val="center"/>"#),
        r#"<w:b/><w:sz w:val="28"/>"#,
        "",
    );
    for level in 1..=3 {
        s += &para(
            &format!("TOC{level}"),
            &format!("toc {level}"),
            format!(
                r#"<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{}"/></w:tabs><w:ind w:left="{}" w:firstLine="0"/>"#,
                A4.0 - page.margins.1 - page.margins.3,
                (level - 1) * 400
            ),
            "",
            "",
        );
    }
    s += r#"<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"#;
    s += "</w:styles>";
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths() {
        assert_eq!(twips("4cm", 0.0), 2268);
        assert_eq!(twips("30mm", 0.0), 1701);
        assert_eq!(twips("1in", 0.0), 1440);
        assert_eq!(twips("nonsense", 3.0), 1701);
    }
}
