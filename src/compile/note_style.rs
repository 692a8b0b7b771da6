//! The in-text copies of a note citation style (issues 15 and 19).
//!
//! In a note style (Chicago notes, the default) Typst makes every citation a footnote of its
//! own. Two things the template wants differently take a copy of the style that differs from
//! it only in its class, `in-text`, so Typst prints the citation where it stands instead of
//! making it a footnote (Typst makes a footnote exactly when the style's class is `note`):
//! - **inside a footnote** (`gaya-dalam-catatan.csl`): Typst would make a second note, which
//!   examiners mark as an error. This copy also has no closing period, as the citation runs
//!   into the note's own sentence ("lihat Robert O. Keohane, *After Hegemony* (…, 1984), hlm. 5
//!   untuk rinciannya.").
//! - **the note of a Markdown chapter's citation** (`gaya-catatan.csl`): the converter writes
//!   `#sitasi(cite(..), ..)` and the template makes the footnote itself with this copy, period
//!   and all, so the note is the one Typst would make. Typst renders citations only from its
//!   second layout on, so the notes it makes itself are missing from the first, every later
//!   note number changes, and every paragraph with a note mark is laid out a third time; a
//!   footnote the template makes exists from the first layout on (docs/typography.md).
//!
//! Everything else (the full note the first time a work is cited, the short note after, the
//! locator, the terms) is the style's own: Hayagriva tracks the first and later citations of
//! a work over all citations of the bibliography, whatever style each is laid out in.
//! An author-date or numeric style needs no copy: its citations are never footnotes.

use std::path::Path;

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::{Style, StyleClass};

use crate::memo::Memo;
use crate::world::THESIS_JSON;

/// Where the copy for citations inside a footnote is handed to the template (a generated file,
/// see `Session::generated_files`).
pub const NOTE_STYLE_PATH: &str = "/_tesis/gaya-dalam-catatan.csl";

/// The key of thesis.json that names that copy for the template (absent: no copy).
const JSON_KEY: &str = "_gaya_dalam_catatan";

/// Where the copy for the notes the template makes is handed to the template.
pub const OWN_NOTE_STYLE_PATH: &str = "/_tesis/gaya-catatan.csl";

/// The key of thesis.json that names that copy (absent: no copy).
const OWN_JSON_KEY: &str = "_gaya_catatan";

/// Adds the two in-text copies of the citation style the compile uses to the generated `files`,
/// and names them in their thesis.json, when that style is a note style. The style is the one
/// thesis.json names (`gaya_sitasi`): a built-in name, or the compiler path of a `.csl` file,
/// generated (a localised built-in style) or in the project at `root`.
pub fn add_in_note_style(files: &mut Vec<(String, Vec<u8>)>, root: &Path) {
    let Some(json_at) = files.iter().position(|(path, _)| path == THESIS_JSON) else { return };
    let Ok(mut thesis) = serde_json::from_slice::<serde_json::Value>(&files[json_at].1) else { return };
    let Some(name) = thesis.get("gaya_sitasi").and_then(|s| s.as_str()) else { return };
    let xml = if name.ends_with(".csl") {
        match files.iter().find(|(path, _)| path == name) {
            Some((_, bytes)) => String::from_utf8(bytes.clone()).ok(),
            None => std::fs::read_to_string(root.join(name.trim_start_matches('/'))).ok(),
        }
    } else {
        None
    };
    let Some((in_note, own)) = in_text_copies_of(name, xml) else { return };
    if let Some(map) = thesis.as_object_mut() {
        map.insert(JSON_KEY.into(), NOTE_STYLE_PATH.into());
        map.insert(OWN_JSON_KEY.into(), OWN_NOTE_STYLE_PATH.into());
    }
    files[json_at].1 = serde_json::to_vec_pretty(&thesis).expect("the thesis serialises");
    files.push((NOTE_STYLE_PATH.to_string(), in_note));
    files.push((OWN_NOTE_STYLE_PATH.to_string(), own));
}

/// Both copies: for citations inside a note, for the notes the template makes.
type Copies = (Vec<u8>, Vec<u8>);

/// The two copies of the style `name` (its XML for a `.csl` file), made once per style and
/// text: `tesis watch` compiles after every save, and parsing a style takes milliseconds of it.
fn in_text_copies_of(name: &str, xml: Option<String>) -> Option<Copies> {
    static COPIES: Memo<Option<Copies>> = Memo::new();
    COPIES.get(name, typst::utils::hash128(&xml), || {
        // The localised copy of a built-in style (src/bib/style.rs) is the built-in style with
        // a locale inserted: it is made again from the built-in one, which is read from
        // Hayagriva's archive, not parsed from XML (a cold build spent as long parsing it as
        // laying out ten pages).
        if let Some(builtin) = crate::bib::builtin_of_path(name) {
            let style = ArchivedStyle::by_name(builtin)?.get();
            let localised = |copy: Vec<u8>| crate::bib::with_locale(String::from_utf8(copy).ok()?);
            let (in_note, own) = in_text_copies(style)?;
            return Some((localised(in_note)?.into_bytes(), localised(own)?.into_bytes()));
        }
        let style = match &xml {
            Some(xml) => Style::from_xml(xml).ok(),
            None if !name.ends_with(".csl") => ArchivedStyle::by_name(name).map(|s| s.get()),
            None => None,
        };
        style.and_then(in_text_copies)
    })
}

/// The two copies of a parsed style (see the module docs), or `None` for a style whose
/// citations are not footnotes.
fn in_text_copies(style: Style) -> Option<Copies> {
    let Style::Independent(mut independent) = style else { return None };
    if independent.settings.class != StyleClass::Note {
        return None;
    }
    independent.settings.class = StyleClass::InText;
    let own = Style::Independent(independent.clone()).to_xml().ok()?;
    let layout = &mut independent.citation.layout;
    if layout.suffix.as_deref().is_some_and(|s| s.trim() == ".") {
        layout.suffix = None;
    }
    let in_note = Style::Independent(independent).to_xml().ok()?;
    Some((in_note.into_bytes(), own.into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generated files of a thesis whose thesis.json names `style`.
    fn files_for(style: &str) -> Vec<(String, Vec<u8>)> {
        let json = serde_json::json!({ "judul": "X", "gaya_sitasi": style });
        let mut files = vec![(THESIS_JSON.to_string(), serde_json::to_vec(&json).unwrap())];
        add_in_note_style(&mut files, Path::new("."));
        files
    }

    /// What thesis.json says after the copy was (or was not) added.
    fn named(files: &[(String, Vec<u8>)]) -> Option<String> {
        let json: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
        json.get(JSON_KEY).map(|v| v.as_str().unwrap().to_string())
    }

    /// The copy of Chicago notes is an in-text style without the closing period, and the
    /// same style otherwise (it reads back with the same citation layout and macros).
    #[test]
    fn chicago_notes_copy() {
        let files = files_for("chicago-notes");
        assert_eq!(named(&files).as_deref(), Some(NOTE_STYLE_PATH));
        let (path, xml) = &files[1];
        assert_eq!(path, NOTE_STYLE_PATH);
        let Style::Independent(copy) = Style::from_xml(std::str::from_utf8(xml).unwrap()).unwrap() else {
            panic!("not independent")
        };
        assert_eq!(copy.settings.class, StyleClass::InText);
        assert_eq!(copy.citation.layout.suffix, None);
        let Some(Style::Independent(original)) = ArchivedStyle::by_name("chicago-notes").map(|s| s.get()) else {
            panic!("chicago-notes is built in")
        };
        assert_eq!(original.citation.layout.suffix.as_deref(), Some("."));
        assert_eq!(copy.citation.layout.elements, original.citation.layout.elements);
        assert_eq!(copy.macros, original.macros);

        // The copy for the notes the template makes keeps the period: only the class differs.
        let json: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
        assert_eq!(json[OWN_JSON_KEY].as_str(), Some(OWN_NOTE_STYLE_PATH));
        let (path, xml) = &files[2];
        assert_eq!(path, OWN_NOTE_STYLE_PATH);
        let Style::Independent(own) = Style::from_xml(std::str::from_utf8(xml).unwrap()).unwrap() else {
            panic!("not independent")
        };
        assert_eq!(own.settings.class, StyleClass::InText);
        let mut as_note = own.clone();
        as_note.settings.class = StyleClass::Note;
        assert_eq!(as_note.citation, original.citation);
        assert_eq!(as_note.bibliography, original.bibliography);
        assert_eq!(as_note.macros, original.macros);
    }

    /// A style given as a generated `.csl` file is read from the generated files.
    #[test]
    fn generated_style_file() {
        let xml = ArchivedStyle::by_name("chicago-notes").unwrap().get().to_xml().unwrap();
        let json = serde_json::json!({ "gaya_sitasi": "/_tesis/gaya/x.csl" });
        let mut files = vec![
            (THESIS_JSON.to_string(), serde_json::to_vec(&json).unwrap()),
            ("/_tesis/gaya/x.csl".to_string(), xml.into_bytes()),
        ];
        add_in_note_style(&mut files, Path::new("."));
        assert_eq!(named(&files).as_deref(), Some(NOTE_STYLE_PATH));
        assert_eq!(files.len(), 4);
    }

    /// The copy of a localised built-in style (the default: thesis.json names
    /// `/_tesis/gaya/chicago-notes.csl`) is made from the built-in style and keeps the
    /// Indonesian locale first, as the localised style has it.
    #[test]
    fn localised_builtin_copy_keeps_the_locale() {
        let path = crate::bib::style_path("chicago-notes");
        let xml = crate::bib::localised_style("chicago-notes").unwrap();
        let json = serde_json::json!({ "gaya_sitasi": path });
        let mut files =
            vec![(THESIS_JSON.to_string(), serde_json::to_vec(&json).unwrap()), (path.clone(), xml.into_bytes())];
        add_in_note_style(&mut files, Path::new("."));
        assert_eq!(named(&files).as_deref(), Some(NOTE_STYLE_PATH));
        let Style::Independent(copy) = Style::from_xml(std::str::from_utf8(&files[2].1).unwrap()).unwrap() else {
            panic!("not independent")
        };
        assert_eq!(copy.settings.class, StyleClass::InText);
        assert_eq!(copy.citation.layout.suffix, None);
        let lang = copy.locale.first().and_then(|l| l.lang.as_ref()).map(|l| l.0.clone());
        assert_eq!(lang.as_deref(), Some("id"));
        let Style::Independent(localised) = Style::from_xml(std::str::from_utf8(&files[1].1).unwrap()).unwrap() else {
            panic!("not independent")
        };
        assert_eq!(copy.locale, localised.locale);
        assert_eq!(copy.macros, localised.macros);
        assert_eq!(copy.citation.layout.elements, localised.citation.layout.elements);
        let Style::Independent(own) = Style::from_xml(std::str::from_utf8(&files[3].1).unwrap()).unwrap() else {
            panic!("not independent")
        };
        assert_eq!(own.locale, localised.locale);
        assert_eq!(own.citation, localised.citation);
    }

    /// Author-date and numeric styles need no copy; an unknown name or a missing file gives
    /// none, and thesis.json is left as it was.
    #[test]
    fn no_copy_for_in_text_styles() {
        for name in ["apa", "chicago-author-date", "ieee", "no-such-style", "/thesis/missing.csl"] {
            let files = files_for(name);
            assert_eq!(files.len(), 1, "{name}");
            assert_eq!(named(&files), None, "{name}");
        }
    }
}
