//! `.bib` → Hayagriva YAML with an explicit mapping of the fields Zotero's and Mendeley's BibTeX
//! exports (and Better BibLaTeX) write.
//!
//! Hayagriva's own BibLaTeX conversion does most of the work (names, dates, pages, parents);
//! its result is serialised to JSON (which is YAML) and corrected where it loses or misplaces
//! what Indonesian guides print:
//!
//! - place and publisher become one publisher name "Place: Publisher" (the built-in Chicago and
//!   APA styles print no place at all); a thesis's `school` and a report's `institution` are
//!   its publisher when it has none;
//! - a numeric `edition` N becomes "ed. ke-N" (the styles would print "3 ed.");
//! - the default genres of `@techreport`, `@mastersthesis`, `@phdthesis` become Indonesian;
//! - a chapter of an edited book (`@incollection`, `@inbook`) hangs under a `book` (as an
//!   `anthology` the styles print its title twice);
//! - a conference paper (`@inproceedings`) is a `chapter` of a `book` (the proceedings; as an
//!   `article` the styles print "special issue" and lose the publisher);
//! - a `@misc` with a `url` is a `web` page, its `journal`/`howpublished` the site's name.

use biblatex::{Bibliography, ChunksExt, EntryType as Tex};
use serde_json::{Map, Value, json};

/// The failure of a conversion: the message (Typst reports the same file with its line when it
/// reads the `.bib` itself, which is what the compile then does).
pub type Error = String;

/// A converted bibliography: Hayagriva YAML, and the keys of its articles in periodicals (a
/// Chicago note puts their page bare after a colon: "(2018): 120", not "(2018): hlm. 120").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalised {
    /// The YAML text.
    pub yaml: String,
    /// Keys of articles in journals (and other periodicals).
    pub articles: Vec<String>,
}

/// Converts the text of a `.bib` file into Hayagriva YAML.
pub fn normalise(text: &str) -> Result<Normalised, Error> {
    let raw = Bibliography::parse(text).map_err(|e| e.to_string())?;
    let library = hayagriva::io::from_biblatex(&raw).map_err(|e| format!("{} type errors", e.len()))?;
    let mut value = serde_json::to_value(&library).map_err(|e| e.to_string())?;
    let Some(entries) = value.as_object_mut() else {
        return Err("the converted bibliography is not a map".into());
    };
    for entry in raw.iter() {
        if let Some(Value::Object(item)) = entries.get_mut(&entry.key) {
            fix(entry, item);
        }
    }
    let articles = entries
        .iter()
        .filter(|(_, item)| item["type"] == "article" && parent_type(item) == Some("periodical"))
        .map(|(key, _)| key.clone())
        .collect();
    // What the compile reads must be what Hayagriva accepts.
    hayagriva::io::from_yaml_str(&value.to_string()).map_err(|e| e.to_string())?;
    Ok(Normalised { yaml: serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?, articles })
}

/// The type of an entry's (first) parent.
fn parent_type(item: &Value) -> Option<&str> {
    let parent = &item["parent"];
    let parent = if parent.is_array() { &parent[0] } else { parent };
    parent["type"].as_str()
}

/// A raw field's text as written (braces removed), when present and not empty.
fn field(entry: &biblatex::Entry, name: &str) -> Option<String> {
    let text = entry.get(name)?.format_verbatim();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Applies the corrections of the module's list to one converted entry.
fn fix(entry: &biblatex::Entry, item: &mut Map<String, Value>) {
    let kind = &entry.entry_type;
    match kind {
        Tex::InCollection | Tex::InBook => {
            retype_parent(item, "book");
            item.insert("type".into(), json!("chapter"));
        }
        Tex::InProceedings => {
            item.insert("type".into(), json!("chapter"));
            retype_parent(item, "book");
        }
        Tex::Misc if field(entry, "url").is_some() => {
            item.insert("type".into(), json!("web"));
            if let Some(site) = field(entry, "journal").or_else(|| field(entry, "howpublished")) {
                item.remove("note");
                let parents = item.entry("parent").or_insert_with(|| json!([]));
                if let Some(list) = parents.as_array_mut() {
                    list.push(json!({ "type": "web", "title": site }));
                }
            }
        }
        _ => {}
    }
    // Genres: the exporter's `type` wins; otherwise the BibTeX type's default, in Indonesian.
    if field(entry, "type").is_none() {
        let genre = match kind {
            Tex::TechReport => Some("Laporan teknis"),
            Tex::MastersThesis => Some("Tesis"),
            Tex::PhdThesis => Some("Disertasi"),
            _ => None,
        };
        if let Some(genre) = genre {
            item.insert("genre".into(), json!(genre));
        }
    }
    // The publisher: on the parent when the entry has one (a chapter's book), else the entry.
    single_names(item);
    let holder = publisher_holder(item);
    let named = holder.get("publisher").is_some_and(|p| p.is_string() || p.get("name").is_some_and(|n| !n.is_null()));
    if !named {
        let body = match kind {
            Tex::MastersThesis | Tex::PhdThesis | Tex::Thesis => field(entry, "school").or(field(entry, "institution")),
            Tex::TechReport | Tex::Report => field(entry, "institution"),
            _ => None,
        };
        if let Some(body) = body {
            holder.insert("publisher".into(), json!({ "name": body }));
            holder.remove("organization");
            if let Some(place) = field(entry, "location").or_else(|| field(entry, "address")) {
                holder.remove("location");
                holder.insert("publisher".into(), json!({ "name": body, "location": place }));
            }
        }
    }
    fold_place(holder);
    ordinal_edition(item);
    parents_mut(item).for_each(ordinal_edition);
}

/// A name without a comma is one without given names (an organisation written `{{…}}`): as a
/// plain string Hayagriva would split it into given and family names again.
fn single_names(item: &mut Map<String, Value>) {
    for role in ["author", "editor"] {
        let names = match item.get_mut(role) {
            Some(Value::Array(list)) => list.iter_mut().collect::<Vec<_>>(),
            Some(v @ Value::String(_)) => vec![v],
            _ => continue,
        };
        for name in names {
            if let Value::String(s) = name
                && !s.contains(',')
            {
                *name = json!({ "name": s.clone() });
            }
        }
    }
}

/// Makes the first parent of `item` of type `kind`.
fn retype_parent(item: &mut Map<String, Value>, kind: &str) {
    if let Some(parent) = parents_mut(item).next() {
        parent.insert("type".into(), json!(kind));
    }
}

/// The parents of an entry (Hayagriva writes one parent as an object, several as a list).
fn parents_mut(item: &mut Map<String, Value>) -> impl Iterator<Item = &mut Map<String, Value>> {
    let list: Vec<&mut Map<String, Value>> = match item.get_mut("parent") {
        Some(Value::Object(p)) => vec![p],
        Some(Value::Array(ps)) => ps.iter_mut().filter_map(Value::as_object_mut).collect(),
        _ => vec![],
    };
    list.into_iter()
}

/// The entry whose publisher the styles read: the first parent when it has one, else the entry.
fn publisher_holder(item: &mut Map<String, Value>) -> &mut Map<String, Value> {
    let parent_has = parents_mut(item).next().is_some_and(|p| p.contains_key("publisher"));
    if parent_has {
        return parents_mut(item).next().expect("checked above");
    }
    item
}

/// "Place: Publisher" as the publisher's name; a place alone stays the publisher's location.
fn fold_place(holder: &mut Map<String, Value>) {
    let Some(Value::Object(publisher)) = holder.get_mut("publisher") else { return };
    let (Some(Value::String(name)), Some(Value::String(place))) = (publisher.get("name"), publisher.get("location"))
    else {
        return;
    };
    let folded = format!("{place}: {name}");
    publisher.insert("name".into(), json!(folded));
    publisher.remove("location");
}

/// A numeric edition N as "ed. ke-N" (the styles would print the English "N ed.").
fn ordinal_edition(item: &mut Map<String, Value>) {
    let n = match item.get("edition") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    if let Some(n) = n.filter(|n| *n > 1) {
        item.insert("edition".into(), json!(format!("ed. ke-{n}")));
    }
}
