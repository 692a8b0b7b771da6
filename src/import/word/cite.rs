//! Citation fields of Zotero and Mendeley: the CSL-JSON each field embeds becomes a
//! `[@key, hlm. N]` citation and a `pustaka.bib` entry, keyed as Better BibTeX forms keys
//! (first author's family name + first significant title word + year, lower case, a/b/…
//! suffixes for different works with the same key).
//!
//! The instruction forms read: Zotero `ADDIN ZOTERO_ITEM CSL_CITATION {…}`, Mendeley Desktop
//! `ADDIN CSL_CITATION { "citationItems" : [ … ], "mendeley" : {…} … }` (JSON with spaces), Mendeley
//! Cite's `ADDIN CSL_CITATION {…}` (also from its content control's tag). The oldest Mendeley
//! form, `ADDIN Mendeley Citation{uuid}`, holds no data: it is reported, its text kept.

use serde_json::Value;

/// Words a key never takes from a title.
const SKIP: [&str; 24] = [
    "a", "an", "the", "of", "on", "in", "at", "to", "for", "and", "or", "from", "with", "by", "di", "ke", "dari",
    "dan", "yang", "untuk", "dalam", "pada", "atau", "sebuah",
];

/// One cited work with what the citation says of it.
#[derive(Debug, Clone)]
pub struct Cited {
    /// The work's CSL-JSON (itemData).
    pub item: Value,
    /// The locator (`12`, `1-2`), if any.
    pub locator: Option<String>,
    /// The locator's label (`page` …).
    pub label: Option<String>,
    /// Text before and after, as the plug-in stored them.
    pub prefix: Option<String>,
    pub suffix: Option<String>,
}

/// The works of the citation field `instr`; `Err` with what is wrong when it holds none.
pub fn parse(instr: &str) -> Result<Vec<Cited>, String> {
    let Some(at) = instr.find('{') else {
        return Err("a citation field without CSL data (an old Mendeley field?)".to_string());
    };
    if instr[..at].contains("Mendeley Citation") && !instr[..at].contains("CSL_CITATION") {
        return Err("an old Mendeley citation field that holds only an id, no data".to_string());
    }
    let json: Value = serde_json::from_str(instr[at..].trim())
        .or_else(|_| {
            serde_json::Deserializer::from_str(&instr[at..]).into_iter::<Value>().next().unwrap_or(Ok(Value::Null))
        })
        .map_err(|e| format!("the citation field's data is not valid JSON ({e})"))?;
    let items = json.get("citationItems").and_then(Value::as_array).ok_or("the citation field lists no works")?;
    let text = |v: &Value, k: &str| {
        v.get(k).and_then(|x| x.as_str().map(str::to_string).or_else(|| x.as_i64().map(|n| n.to_string())))
    };
    let out: Vec<Cited> = items
        .iter()
        .filter_map(|c| {
            let item = c.get("itemData")?.clone();
            Some(Cited {
                item,
                locator: text(c, "locator").filter(|l| !l.trim().is_empty()),
                label: text(c, "label"),
                prefix: text(c, "prefix").filter(|l| !l.trim().is_empty()),
                suffix: text(c, "suffix").filter(|l| !l.trim().is_empty()),
            })
        })
        .collect();
    if out.is_empty() {
        return Err("the citation field's works carry no data (itemData)".to_string());
    }
    Ok(out)
}

/// The citation of a note that holds nothing but one citation field (a notes style's
/// citation, as Zotero or `tesis docx` writes it), to stand where the note's mark stood.
pub fn note_citation(paras: &[super::model::Para], library: &mut Library) -> Option<String> {
    use super::model::Inline;
    let inlines = || paras.iter().flat_map(|p| p.inlines.iter());
    let mut cites = inlines().filter_map(|i| match i {
        Inline::Cite(instr) => Some(instr),
        _ => None,
    });
    let instr = cites.next()?;
    let only = cites.next().is_none()
        && inlines().all(|i| match i {
            Inline::Text(t) => t.text.trim().is_empty(),
            Inline::Cite(_) | Inline::Break => true,
            _ => false,
        });
    let cited = parse(instr).ok().filter(|_| only)?;
    Some(library.citation(&cited))
}

/// The works cited so far, each once, with its key.
#[derive(Debug, Default)]
pub struct Library {
    /// (identity, key, CSL-JSON), in the order first cited.
    pub works: Vec<(String, String, Value)>,
}

impl Library {
    /// The key of `item`, adding it when new.
    pub fn key(&mut self, item: &Value) -> String {
        let id = identity(item);
        if let Some((_, key, _)) = self.works.iter().find(|(i, _, _)| *i == id) {
            return key.clone();
        }
        // A key the document carries (Better BibTeX's or tesis docx's `citation-key`) is kept.
        let given = ["citation-key", "citationKey"].iter().find_map(|k| item.get(*k).and_then(Value::as_str));
        let base = given.map_or_else(|| base_key(item), str::to_string);
        let mut key = base.clone();
        let mut n = 0u8;
        while self.works.iter().any(|(_, k, _)| *k == key) {
            key = format!("{base}{}", (b'a' + n) as char);
            n = n.saturating_add(1);
        }
        self.works.push((id, key.clone(), item.clone()));
        key
    }

    /// The citation `[@key, hlm. N; …]` for the works of one field.
    pub fn citation(&mut self, cited: &[Cited]) -> String {
        let parts: Vec<String> = cited
            .iter()
            .map(|c| {
                let mut s = String::new();
                if let Some(p) = &c.prefix {
                    s.push_str(p.trim());
                    s.push(' ');
                }
                s.push('@');
                s.push_str(&self.key(&c.item));
                if let Some(l) = &c.locator {
                    let label = match c.label.as_deref().unwrap_or("page") {
                        "page" => "hlm.",
                        "chapter" => "bab",
                        "section" => "subbab",
                        other => other,
                    };
                    s.push_str(&format!(", {label} {}", l.trim()));
                }
                if let Some(x) = &c.suffix {
                    if !x.starts_with(',') {
                        s.push(' ');
                    }
                    s.push_str(x.trim_end());
                }
                s
            })
            .collect();
        format!("[{}]", parts.join("; "))
    }

    /// pustaka.bib for the works.
    pub fn bib(&self) -> String {
        let mut out = String::from("% Ditulis oleh `tesis import` dari data sitasi Zotero/Mendeley di dokumen Word.\n");
        for (_, key, item) in &self.works {
            out.push('\n');
            out.push_str(&entry(key, item));
        }
        out
    }
}

/// What makes two citations cite the same work: its URI, else author, title and year.
fn identity(item: &Value) -> String {
    if let Some(uri) = item.get("uris").or(item.get("uri")).and_then(|u| u.get(0)).and_then(Value::as_str) {
        return uri.to_string();
    }
    format!("{}|{}|{}", family(item).unwrap_or_default(), str_of(item, "title").to_lowercase(), year(item))
}

/// The first author's (else editor's) family name or institution.
fn family(item: &Value) -> Option<String> {
    let names = item.get("author").or(item.get("editor"))?.as_array()?;
    let first = names.first()?;
    first.get("family").or(first.get("literal")).and_then(Value::as_str).map(str::to_string)
}

/// A string field of the item ("" when absent).
fn str_of(item: &Value, key: &str) -> String {
    match item.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The year of `issued` (date-parts or raw).
fn year(item: &Value) -> String {
    date_parts(item, "issued").first().cloned().unwrap_or_default()
}

/// The date parts of a CSL date field as strings.
fn date_parts(item: &Value, key: &str) -> Vec<String> {
    let Some(date) = item.get(key) else { return vec![] };
    if let Some(parts) = date.get("date-parts").and_then(|p| p.get(0)).and_then(Value::as_array) {
        return parts
            .iter()
            .filter_map(|p| p.as_str().map(str::to_string).or_else(|| p.as_i64().map(|n| n.to_string())))
            .collect();
    }
    let raw = date.get("raw").and_then(Value::as_str).unwrap_or("");
    raw.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 4).map(|y| vec![y.to_string()]).unwrap_or_default()
}

/// Lower-case ASCII letters and digits of `s`.
fn fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                'ñ' => 'n',
                c => c,
            };
            c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())
        })
        .collect()
}

/// The key before deduplication.
fn base_key(item: &Value) -> String {
    let author = family(item).map(|f| fold(f.split_whitespace().next().unwrap_or(""))).unwrap_or_default();
    let title = str_of(item, "title");
    let word = title
        .split(|c: char| c.is_whitespace() || c == '-' || c == ':')
        .map(fold)
        .find(|w| !w.is_empty() && !SKIP.contains(&w.as_str()));
    let key = format!("{author}{}{}", word.unwrap_or_default(), fold(&year(item)));
    if key.is_empty() { "anon".to_string() } else { key }
}

/// One BibTeX entry from CSL-JSON.
fn entry(key: &str, item: &Value) -> String {
    let kind = str_of(item, "type");
    let bib_type = match kind.as_str() {
        "book" => "book",
        "article-journal" | "article-magazine" | "article-newspaper" | "article" => "article",
        "chapter" => "incollection",
        "paper-conference" => "inproceedings",
        "report" => "report",
        "thesis" => "thesis",
        "webpage" | "post-weblog" | "post" => "online",
        _ => "misc",
    };
    let mut fields: Vec<(&str, String)> = Vec::new();
    for (role, field) in [("author", "author"), ("editor", "editor")] {
        if let Some(names) = item.get(role).and_then(Value::as_array).filter(|n| !n.is_empty()) {
            fields.push((field, names.iter().map(name).collect::<Vec<_>>().join(" and ")));
        }
    }
    fields.push(("title", escape(&str_of(item, "title"))));
    let container = match bib_type {
        "article" => "journal",
        "incollection" | "inproceedings" => "booktitle",
        _ => "howpublished",
    };
    let map = [
        ("container-title", container),
        ("publisher", "publisher"),
        ("publisher-place", "address"),
        ("volume", "volume"),
        ("issue", "number"),
        ("page", "pages"),
        ("edition", "edition"),
        ("ISBN", "isbn"),
        ("note", "note"),
    ];
    for (csl, bib) in map {
        let v = str_of(item, csl);
        if !v.trim().is_empty() {
            fields.push((bib, escape(&v)));
        }
    }
    let y = year(item);
    if !y.is_empty() {
        fields.push(("year", y));
    }
    for (csl, bib) in [("DOI", "doi"), ("URL", "url")] {
        let v = str_of(item, csl);
        if !v.trim().is_empty() {
            fields.push((bib, v.replace(['{', '}'], "")));
        }
    }
    let accessed = date_parts(item, "accessed");
    if accessed.len() == 3 {
        fields.push(("urldate", format!("{}-{:0>2}-{:0>2}", accessed[0], accessed[1], accessed[2])));
    }
    let mut out = format!("@{bib_type}{{{key},\n");
    for (k, v) in fields.iter().filter(|(_, v)| !v.is_empty()) {
        out.push_str(&format!("  {k:<9} = {{{v}}},\n"));
    }
    out.push_str("}\n");
    out
}

/// A CSL name as BibTeX: `Family, Given`, or `{Institution}`.
fn name(n: &Value) -> String {
    let get = |k: &str| n.get(k).and_then(Value::as_str).unwrap_or("").trim().to_string();
    let (family, given, literal) = (get("family"), get("given"), get("literal"));
    let particle = get("non-dropping-particle");
    let family = if particle.is_empty() { family } else { format!("{particle} {family}") };
    match (family.is_empty(), given.is_empty()) {
        (true, _) if !literal.is_empty() => format!("{{{}}}", escape(&literal)),
        (false, false) => format!("{}, {}", escape(&family), escape(&given)),
        (false, true) => format!("{{{}}}", escape(&family)),
        _ => escape(&given),
    }
}

/// `s` with BibTeX's special characters escaped and unbalanced braces removed.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.split_whitespace().collect::<Vec<_>>().join(" ").chars() {
        match c {
            '&' | '%' | '#' | '$' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '{' | '}' | '\\' => {}
            c => out.push(c),
        }
    }
    out
}

/// The key-relevant facts of a bibliography line: whether `line` names the work `item`.
pub fn mentions(line: &str, item: &Value) -> bool {
    let line = line.to_lowercase();
    let fam = family(item).map(|f| f.to_lowercase()).unwrap_or_default();
    let y = year(item);
    (!fam.is_empty() && line.contains(&fam)) && (y.is_empty() || line.contains(&y))
}
