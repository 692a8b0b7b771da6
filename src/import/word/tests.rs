//! The reader and the citation fields on WordprocessingML written as the plug-ins write it.

use base64::Engine;
use serde_json::json;

use super::cite::{self, Library};
use super::inline::{self, Met};
use super::model::{Docx, Item};
use super::read;

/// The body paragraphs of `body` (WordprocessingML inside `w:body`), rendered as Markdown, with
/// what rendering met.
fn render(body: &str) -> (Vec<String>, Met, Library) {
    let xml = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut docx = Docx::default();
    read::story(&xml, &read::Styles::new(), &mut docx, false).expect("valid XML");
    let mut library = Library::default();
    let mut met = Met::default();
    let out = docx
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Para(p) => Some(inline::render(p, &mut library, &mut |_| String::new(), &mut met)),
            Item::Table(_) => None,
        })
        .collect();
    (out, met, library)
}

/// Runs of a complex field: begin, the instruction in pieces of `chunk` characters, separate,
/// the shown text, end.
fn field(instr: &str, shown: &str, chunk: usize) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let chars: Vec<char> = format!(" {instr} ").chars().collect();
    let pieces: String = chars
        .chunks(chunk)
        .map(|c| {
            format!(
                r#"<w:r><w:instrText xml:space="preserve">{}</w:instrText></w:r>"#,
                esc(&c.iter().collect::<String>())
            )
        })
        .collect();
    format!(
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r>{pieces}<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
        esc(shown)
    )
}

fn text(t: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#)
}

fn jatmika() -> serde_json::Value {
    json!({"id": 7, "type": "book", "title": "Otonomi Daerah", "author": [{"family": "Jatmika", "given": "Sidik"}],
           "issued": {"date-parts": [["2001"]]}})
}

#[test]
fn zotero_fields_split_over_runs_and_mendeley_desktop_fields_become_citations() {
    let zotero = format!(
        "ADDIN ZOTERO_ITEM CSL_CITATION {}",
        json!({"citationID": "x", "properties": {"noteIndex": 0},
               "citationItems": [{"id": 7, "uris": ["http://zotero.org/users/1/items/A"], "itemData": jatmika(),
                                  "locator": "12", "label": "page"}]})
    );
    let mendeley = r#"ADDIN CSL_CITATION { "citationItems" : [ { "id" : "ITEM-1", "itemData" : { "author" : [ { "family" : "Holsti", "given" : "K. J." } ], "id" : "ITEM-1", "issued" : { "date-parts" : [ [ "1998" ] ] }, "title" : "Politik Internasional", "type" : "book" }, "uris" : [ "http://www.mendeley.com/documents/?uuid=1" ] } ], "mendeley" : { "formattedCitation" : "(Holsti, 1998)" }, "properties" : { "noteIndex" : 0 } }"#;
    let body = format!(
        "<w:p>{}{}{}<w:fldSimple w:instr=\"{}\"><w:r><w:t>(Holsti, 1998)</w:t></w:r></w:fldSimple>{}</w:p>",
        text("Teks "),
        field(&zotero, "(Jatmika 2001, 12)", 40),
        text(" dan "),
        mendeley.replace('"', "&quot;"),
        text(".")
    );
    let (paras, met, library) = render(&body);
    assert_eq!(paras, vec!["Teks [@jatmikaotonomi2001, hlm. 12] dan [@holstipolitik1998]."]);
    assert_eq!(met.citations, 2);
    assert_eq!(library.works.len(), 2);
}

#[test]
fn an_old_mendeley_field_without_data_keeps_its_text_and_is_reported() {
    let body = format!(
        "<w:p>{}{}</w:p>",
        text("Menurut "),
        field("ADDIN Mendeley Citation{4b5f0d0e-1c2d}", "(Holsti, 1998)", 255)
    );
    let (paras, met, _) = render(&body);
    assert_eq!(paras, vec!["Menurut (Holsti, 1998)"]);
    assert_eq!(met.citations, 0);
    assert_eq!(met.bad_citations.len(), 1, "{:?}", met.bad_citations);
}

#[test]
fn a_mendeley_cite_content_control_is_a_citation() {
    let data = json!({"citationItems": [{"id": "u1", "itemData": jatmika(), "locator": "3"}]}).to_string();
    let tag = format!("MENDELEY_CITATION_v3_{}", base64::engine::general_purpose::STANDARD.encode(data));
    let body = format!(
        r#"<w:p>{}<w:sdt><w:sdtPr><w:tag w:val="{tag}"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>{}</w:p>"#,
        text("Lihat "),
        text("(Jatmika, 2001)"),
        text(".")
    );
    let (paras, _, _) = render(&body);
    assert_eq!(paras, vec!["Lihat [@jatmikaotonomi2001, hlm. 3]."]);
}

#[test]
fn a_table_of_contents_field_is_dropped_whole() {
    let body = format!(
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \o "1-3" \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}</w:p><w:p>{}</w:p><w:p>{}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><w:p>{}</w:p>"#,
        text("BAB I PENDAHULUAN 1"),
        text("A. Latar Belakang 1"),
        text("BAB II 5"),
        text("Teks sesudahnya.")
    );
    let (paras, _, _) = render(&body);
    assert_eq!(paras, vec!["Teks sesudahnya."]);
}

#[test]
fn keys_are_formed_as_better_bibtex_does_and_deduplicated() {
    let mut library = Library::default();
    let a = json!({"title": "The Paradiplomacy of Cities", "author": [{"family": "Mukti"}], "issued": {"date-parts": [[2013]]}});
    let b = json!({"title": "Paradiplomacy and Regions", "author": [{"family": "Mukti"}], "issued": {"date-parts": [[2013]]}});
    let c = json!({"title": "Kamus", "citation-key": "reading_kamus_1996"});
    assert_eq!(library.key(&a), "muktiparadiplomacy2013");
    assert_eq!(library.key(&b), "muktiparadiplomacy2013a");
    assert_eq!(library.key(&a), "muktiparadiplomacy2013", "the same work keeps its key");
    assert_eq!(library.key(&c), "reading_kamus_1996");
    let bib = library.bib();
    assert!(bib.contains("@misc{muktiparadiplomacy2013a,\n  author    = {{Mukti}},"), "{bib}");
    assert!(cite::parse("ADDIN CSL_CITATION {\"citationItems\": []}").is_err());
}

#[test]
fn a_title_in_heading_1_on_the_cover_is_not_a_chapter() {
    let h1 = |t: &str| format!(r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{}</w:p>"#, text(t));
    let p = |t: &str| format!("<w:p>{}</w:p>", text(t));
    let body = h1("PERAN DIASPORA") + &p("Disusun oleh:") + &h1("BAB I PENDAHULUAN") + &p("Teks.");
    let xml = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let styles = read::Styles::from([("Heading1".to_string(), ("heading 1".to_string(), Some(0), false))]);
    let mut docx = Docx::default();
    read::story(&xml, &styles, &mut docx, false).expect("valid XML");
    let mut report = crate::import::Report::default();
    let draft = super::markdown::draft(&docx, &mut report, &mut |_| None).expect("a chapter");
    assert_eq!(draft.md, "PERAN DIASPORA\nDisusun oleh:\n\n# BAB I PENDAHULUAN\n\nTeks.\n\n");
}
