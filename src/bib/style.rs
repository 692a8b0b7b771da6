//! The built-in citation styles with an inline Indonesian locale.
//!
//! Typst looks a term up in the style's own `<locale>` for the document's language before its
//! built-in locale files; Hayagriva's `id-ID` file lacks several terms (the translator's
//! "terj.", "t.t." for no date, …), for which the English ones were printed. The style
//! Hayagriva ships (CC BY-SA 3.0, its `<rights>` kept in the generated file) is written back to
//! XML with citationberg and our Indonesian locale (`locale-id.xml`, our own terms) inserted.

/// Our Indonesian terms, as a CSL `<locale>` element.
const LOCALE_ID: &str = include_str!("locale-id.xml");

/// The compiler path of the localised built-in style `name`.
pub fn style_path(name: &str) -> String {
    format!("/_tesis/gaya/{name}.csl")
}

/// The CSL XML of the built-in style `name` with the Indonesian locale inline; None for an
/// unknown name. That every style tesis accepts reads back with the locale is the test below:
/// the XML is not parsed again at run time (a cold build spent as long on it as on laying out
/// ten pages).
pub fn localised_style(name: &str) -> Option<String> {
    let style = hayagriva::archive::ArchivedStyle::by_name(name)?.get();
    with_locale(style.to_xml().ok()?)
}

/// The built-in style name of `path` when it is the compiler path of a localised built-in
/// style ([`style_path`]).
pub fn builtin_of_path(path: &str) -> Option<&str> {
    let name = path.strip_prefix("/_tesis/gaya/")?.strip_suffix(".csl")?;
    hayagriva::archive::ArchivedStyle::by_name(name).map(|_| name)
}

/// A style's CSL XML (as citationberg writes it) with the Indonesian locale inserted: after
/// `<info>` and before the style's other locales and macros.
pub fn with_locale(xml: String) -> Option<String> {
    let at = xml.find("</info>")? + "</info>".len();
    Some(format!("{}{}{}", &xml[..at], LOCALE_ID.trim(), &xml[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hayagriva::citationberg::Style;

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
