//! The .docx package: the parts of [`super::word`] and [`super::styles`], the relationships,
//! the document properties (the custom ones tie the document to its thesis and sources), all
//! zipped with the `zip` crate and written atomically.

use std::io::{Cursor, Write};
use std::path::Path;

use quick_xml::escape::escape;
use zip::write::SimpleFileOptions;

use super::Export;
use super::styles::{self, Page};
use super::word;
use crate::diag::Diagnostic;

/// Writes the Word document of `export` to `out` (atomically: nothing changes on failure).
pub fn write(export: &Export, out: &Path) -> Result<(), Diagnostic> {
    let bytes = package(export).map_err(|e| Diagnostic::error(format!("could not make the Word document: {e}")))?;
    crate::output::write_atomic(out, &bytes)
}

/// The bytes of the .docx.
pub fn package(export: &Export) -> std::io::Result<Vec<u8>> {
    let page = Page::of(&export.project);
    let (document, images) = word::document_xml(&export.document, &page)?;
    let footnotes = word::footnotes_xml(&export.document)?;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut add = |name: &str, data: &[u8]| -> std::io::Result<()> {
        zip.start_file(name, options).map_err(std::io::Error::other)?;
        zip.write_all(data)
    };
    add("[Content_Types].xml", CONTENT_TYPES.as_bytes())?;
    add("_rels/.rels", ROOT_RELS.as_bytes())?;
    add("word/document.xml", &document)?;
    add("word/_rels/document.xml.rels", document_rels(&images).as_bytes())?;
    add("word/styles.xml", styles::styles_xml(&page).as_bytes())?;
    add("word/settings.xml", SETTINGS.as_bytes())?;
    add("word/footnotes.xml", &footnotes)?;
    for (i, image) in images.iter().enumerate() {
        add(&format!("word/media/image{}.{}", i + 1, image.ext), &image.data)?;
    }
    add("docProps/core.xml", core_xml(export).as_bytes())?;
    add("docProps/app.xml", APP.as_bytes())?;
    add("docProps/custom.xml", custom_xml(export).as_bytes())?;
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

const CONTENT_TYPES: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Default Extension="png" ContentType="image/png"/>"#,
    r#"<Default Extension="jpeg" ContentType="image/jpeg"/>"#,
    r#"<Default Extension="gif" ContentType="image/gif"/>"#,
    r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
    r#"<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
    r#"<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>"#,
    r#"<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>"#,
    r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
    r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
    r#"<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>"#,
    r#"</Types>"#
);

const ROOT_RELS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#,
    r#"<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>"#,
    r#"</Relationships>"#
);

/// Word asks to update the fields (DAFTAR ISI) when the document is opened.
const SETTINGS: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:updateFields w:val="true"/><w:defaultTabStop w:val="709"/>"#,
    r#"<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>"#,
    r#"<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>"#,
    r#"</w:settings>"#
);

const APP: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">"#,
    r#"<Application>tesis</Application></Properties>"#
);

/// The relationships of the body: styles, settings, notes and the images.
fn document_rels(images: &[super::content::Image]) -> String {
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        r#"<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
        r#"<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#,
        r#"<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>"#,
    ));
    for (i, image) in images.iter().enumerate() {
        s += &format!(
            r#"<Relationship Id="rIdImage{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image{n}.{ext}"/>"#,
            n = i + 1,
            ext = image.ext
        );
    }
    s + "</Relationships>"
}

/// Title and author.
fn core_xml(export: &Export) -> String {
    let t = &export.project.thesis;
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">"#,
            r#"<dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>{}</dc:language></cp:coreProperties>"#
        ),
        escape(t.judul.as_str()),
        escape(t.penulis.nama.as_str()),
        escape(t.bahasa.as_str()),
    )
}

/// The custom properties `tesis review` reads (docs/design.md "Word export").
pub fn custom_properties(export: &Export) -> Vec<(&'static str, String)> {
    let mut props = vec![("tesis.inputs", export.model.inputs.clone())];
    if let Some(commit) = &export.model.commit {
        props.push(("tesis.commit", commit.clone()));
    }
    props.push(("tesis.judul", export.project.thesis.judul.clone()));
    props.push(("tesis.version", env!("CARGO_PKG_VERSION").to_string()));
    if let Some(chapters) = &export.chapters {
        let list: Vec<String> = chapters.iter().map(usize::to_string).collect();
        props.push(("tesis.bab", list.join(" ")));
    }
    props
}

/// `docProps/custom.xml`.
fn custom_xml(export: &Export) -> String {
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
    ));
    for (i, (name, value)) in custom_properties(export).iter().enumerate() {
        s += &format!(
            r#"<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{}" name="{}"><vt:lpwstr>{}</vt:lpwstr></property>"#,
            i + 2,
            name,
            escape(value.as_str())
        );
    }
    s + "</Properties>"
}
