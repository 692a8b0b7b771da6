//! Citation fields for `tesis docx` (issue 21): a note the citation style made of a citation
//! (`[@key, hlm. N]` in the chapter, one `#cite` group in the generated markup) is written as a
//! Zotero-style field — `ADDIN ZOTERO_ITEM CSL_CITATION {…}` with each work's CSL-JSON (its
//! `citation-key` the project's key) and locator — around the note's printed text, so that
//! `tesis import` of the exported document gives the same keys and locators back.
//!
//! Which note is which: the generated markup of the exported chapters is parsed with Typst's
//! parser, and every note producer is listed in order — a `#footnote[…]` (a note of its own, not
//! entered), a `#sitasi(cite(..), ..)` (a Markdown citation group) or a group of `#cite` calls
//! with only spaces between them (one note in a notes style). When the list is as long as the
//! document's notes, note n is producer n; a citation note is only written as a field when none
//! of its text comes from the student's file.

use serde_json::{Value, json};
use typst::syntax::{SyntaxKind, SyntaxNode};

/// One cited work of a citation group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteItem {
    /// The key.
    pub key: String,
    /// The supplement (`hlm. 12`), if any.
    pub supplement: Option<String>,
    /// Text before it inside a note of its own (`Dikutip dari`), if any.
    pub prefix: Option<String>,
    /// Text after the last work of such a note, if any.
    pub suffix: Option<String>,
}

/// The note producers of a chapter's markup, in order: `None` for a footnote, the items of a
/// citation group otherwise (also a footnote holding only text and citations, the text their
/// prefixes: `[Dikutip dari @key, hlm. 5]`).
pub fn producers(markup: &str) -> Vec<Option<Vec<CiteItem>>> {
    let root = typst::syntax::parse(markup);
    let mut out = Vec::new();
    let mut last_end: Option<usize> = None;
    walk(&root, 0, markup, &mut out, &mut last_end);
    out
}

/// Walks `node` (starting at byte `at`), pushing producers.
fn walk(node: &SyntaxNode, at: usize, text: &str, out: &mut Vec<Option<Vec<CiteItem>>>, last_end: &mut Option<usize>) {
    if node.kind() == SyntaxKind::FuncCall {
        let callee = node.children().next().map(|c| c.full_text().to_string()).unwrap_or_default();
        let end = at + node.len();
        match callee.as_str() {
            "footnote" => {
                out.push(footnote_cites(node));
                *last_end = None;
                return;
            }
            // `#sitasi(cite(..), cite(..))`: one group, the note the template makes of it.
            "sitasi" => {
                let args = node.children().find(|c| c.kind() == SyntaxKind::Args);
                let calls = args.iter().flat_map(|a| a.children()).filter(|c| c.kind() == SyntaxKind::FuncCall);
                let items: Option<Vec<CiteItem>> = calls.map(cite_item).collect();
                out.push(items.filter(|items| !items.is_empty()));
                *last_end = None;
                return;
            }
            "cite" => {
                let item = cite_item(node);
                // `#` before the call belongs to the embedded code: the group continues when only
                // spaces (and that `#`) lie between the previous call and this one.
                let joined = last_end.is_some_and(|e| {
                    text.get(e..at).is_some_and(|between| between.chars().all(|c| c.is_whitespace() || c == '#'))
                });
                match (joined, out.last_mut(), item) {
                    (true, Some(Some(group)), Some(item)) => group.push(item),
                    (_, _, Some(item)) => out.push(Some(vec![item])),
                    (_, _, None) => out.push(None),
                }
                *last_end = Some(end);
                return;
            }
            _ => {}
        }
    }
    let mut offset = at;
    for child in node.children() {
        walk(child, offset, text, out, last_end);
        offset += child.len();
    }
}

/// The citations of a footnote made only of plain text and `cite` calls, the text before each
/// its prefix (a leading `;` dropped) and the text after the last its suffix.
fn footnote_cites(call: &SyntaxNode) -> Option<Vec<CiteItem>> {
    let args = call.children().find(|c| c.kind() == SyntaxKind::Args)?;
    let content = args.children().find(|c| c.kind() == SyntaxKind::ContentBlock)?;
    let markup = content.children().find(|c| c.kind() == SyntaxKind::Markup)?;
    let mut items: Vec<CiteItem> = Vec::new();
    let mut pending = String::new();
    for child in markup.children() {
        match child.kind() {
            SyntaxKind::Text | SyntaxKind::Space | SyntaxKind::SmartQuote => pending.push_str(&child.full_text()),
            SyntaxKind::Escape => pending.push_str(child.full_text().get(1..).unwrap_or("")),
            SyntaxKind::Hash => {}
            SyntaxKind::FuncCall if child.children().next().is_some_and(|c| c.full_text() == "cite") => {
                let mut item = cite_item(child)?;
                let prefix = std::mem::take(&mut pending);
                let prefix = prefix.trim().trim_start_matches(';').trim();
                item.prefix = (!prefix.is_empty()).then(|| prefix.to_string());
                items.push(item);
            }
            _ => return None,
        }
    }
    let suffix = pending.trim();
    if let (Some(last), false) = (items.last_mut(), suffix.is_empty()) {
        last.suffix = Some(suffix.to_string());
    }
    (!items.is_empty()).then_some(items)
}

/// The key (`label("key")` or `<key>`) and supplement of a `cite` call.
fn cite_item(call: &SyntaxNode) -> Option<CiteItem> {
    let none = None;
    let args = call.children().find(|c| c.kind() == SyntaxKind::Args)?;
    let mut key = None;
    let mut supplement = None;
    for arg in args.children() {
        match arg.kind() {
            SyntaxKind::Label => key = Some(arg.full_text().trim_start_matches('<').trim_end_matches('>').to_string()),
            SyntaxKind::FuncCall => {
                let inner = arg.children().find(|c| c.kind() == SyntaxKind::Args)?;
                let s = inner.children().find(|c| c.kind() == SyntaxKind::Str)?;
                key = Some(s.full_text().trim_matches('"').to_string());
            }
            SyntaxKind::Named => {
                let name = arg.children().next().map(|c| c.full_text().to_string()).unwrap_or_default();
                if name == "supplement"
                    && let Some(content) = arg.children().find(|c| c.kind() == SyntaxKind::ContentBlock)
                {
                    supplement = Some(plain(&content.full_text()));
                }
            }
            _ => {}
        }
    }
    Some(CiteItem { key: key?, supplement, prefix: none.clone(), suffix: none })
}

/// The text of a content block's markup `[hlm\. 1\-2]` without brackets and escapes.
fn plain(markup: &str) -> String {
    let inner = markup.strip_prefix('[').and_then(|m| m.strip_suffix(']')).unwrap_or(markup);
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// The field instruction for a citation group whose note prints `shown`; `entry` gives a
/// key's CSL-JSON (without the key), `index` numbers the note.
pub fn instruction(items: &[CiteItem], shown: &str, index: usize, entry: &dyn Fn(&str) -> Value) -> String {
    let citation_items: Vec<Value> = items
        .iter()
        .map(|CiteItem { key, supplement, prefix, suffix }| {
            let mut data = entry(key);
            if let Some(map) = data.as_object_mut() {
                map.insert("id".into(), json!(key));
                map.insert("citation-key".into(), json!(key));
            }
            let mut item = json!({"id": key, "uris": [format!("tesis:{key}")], "itemData": data});
            let mut after = String::new();
            if let Some(s) = supplement {
                match s.strip_prefix("hlm.") {
                    Some(rest) => {
                        item["locator"] = json!(rest.trim());
                        item["label"] = json!("page");
                    }
                    None => after = format!(", {s}"),
                }
            }
            if let Some(x) = suffix {
                after.push(' ');
                after.push_str(x);
            }
            if !after.is_empty() {
                item["suffix"] = json!(after);
            }
            if let Some(p) = prefix {
                item["prefix"] = json!(p);
            }
            item
        })
        .collect();
    let data = json!({
        "citationID": format!("tesis{index}"),
        "properties": {"formattedCitation": shown, "plainCitation": shown, "noteIndex": index},
        "citationItems": citation_items,
        "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json",
    });
    format!(" ADDIN ZOTERO_ITEM CSL_CITATION {data} ")
}

/// The CSL-JSON of a bibliography entry (type, title, authors, year, publisher, container).
pub fn csl(entry: &hayagriva::Entry) -> Value {
    use hayagriva::types::EntryType;
    let kind = match entry.entry_type() {
        EntryType::Book => "book",
        EntryType::Article => "article-journal",
        EntryType::Chapter => "chapter",
        EntryType::Report => "report",
        EntryType::Thesis => "thesis",
        EntryType::Web => "webpage",
        _ => "document",
    };
    let mut data = json!({"type": kind});
    if let Some(t) = entry.title() {
        data["title"] = json!(t.value.to_str());
    }
    if let Some(authors) = entry.authors() {
        let names: Vec<Value> = authors
            .iter()
            .map(|p| match &p.given_name {
                Some(g) => json!({"family": p.name, "given": g}),
                None => json!({"literal": p.name}),
            })
            .collect();
        data["author"] = json!(names);
    }
    if let Some(date) = entry.date() {
        data["issued"] = json!({"date-parts": [[date.year.to_string()]]});
    }
    if let Some(p) = entry.publisher().and_then(|p| p.name()) {
        data["publisher"] = json!(p.value.to_str());
    }
    if let Some(url) = entry.url() {
        data["URL"] = json!(url.value.to_string());
        if let Some(d) = &url.visit_date {
            let parts: Vec<String> = [Some(d.year), d.month.map(|m| m as i32 + 1), d.day.map(|x| x as i32 + 1)]
                .into_iter()
                .flatten()
                .map(|n| n.to_string())
                .collect();
            data["accessed"] = json!({"date-parts": [parts]});
        }
    }
    if let Some(parent) = entry.parents().first().and_then(|p| p.title()) {
        data["container-title"] = json!(parent.value.to_str());
    }
    data
}
