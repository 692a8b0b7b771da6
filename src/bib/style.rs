//! The built-in citation styles with an inline Indonesian locale.
//!
//! Typst looks a term up in the style's own `<locale>` for the document's language before its
//! built-in locale files; Hayagriva's `id-ID` file lacks several terms (the translator's
//! "terj.", "t.t." for no date, …), for which the English ones were printed. The style
//! Hayagriva ships (CC BY-SA 3.0, its `<rights>` kept in the generated file) is written back to
//! XML with citationberg and our Indonesian locale (`locale-id.xml`, our own terms) inserted.

use hayagriva::citationberg::Style;

/// Our Indonesian terms, as a CSL `<locale>` element.
const LOCALE_ID: &str = include_str!("locale-id.xml");

/// The compiler path of the localised built-in style `name`.
pub fn style_path(name: &str) -> String {
    format!("/_tesis/gaya/{name}.csl")
}

/// The CSL XML of the built-in style `name` with the Indonesian locale inline; None for an
/// unknown name (or a style that would not read back, then the built-in one is used as is).
pub fn localised_style(name: &str) -> Option<String> {
    let style = hayagriva::archive::ArchivedStyle::by_name(name)?.get();
    let xml = style.to_xml().ok()?;
    // A locale goes after `<info>` and before the style's other locales and macros.
    let at = xml.find("</info>")? + "</info>".len();
    let xml = format!("{}{}{}", &xml[..at], LOCALE_ID.trim(), &xml[at..]);
    Style::from_xml(&xml).ok()?;
    Some(xml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accepted_style_reads_back_with_the_locale() {
        for name in ["chicago-notes", "chicago-author-date", "apa", "ieee"] {
            let xml = localised_style(name).unwrap_or_else(|| panic!("{name} not localised"));
            let Ok(Style::Independent(style)) = Style::from_xml(&xml) else { panic!("{name} is not independent") };
            let lang = style.locale.first().and_then(|l| l.lang.as_ref()).map(|l| l.0.clone());
            assert_eq!(lang.as_deref(), Some("id"), "{name}");
            assert!(xml.contains("<rights"), "{name}: the licence notice is kept");
        }
        assert!(localised_style("no-such-style").is_none());
    }
}
