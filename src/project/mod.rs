//! The project: `thesis/thesis.yaml`, its schema, validation and the files it names.
//!
//! [`Project::load`] reads the YAML (raw, with unknown keys refused) and resolves it into a
//! [`Thesis`]; every problem is a [`Diagnostic`] at a line of thesis.yaml. Nothing downstream
//! sees raw YAML.

pub mod paths;
pub mod resolve;
pub mod schema;

use std::path::{Path, PathBuf};

pub use resolve::{SourceFile, Thesis};

use crate::diag::Diagnostic;

/// Where thesis.yaml lives inside a project root.
pub const YAML_PATH: &str = "thesis/thesis.yaml";

/// The largest thesis.yaml we read; anything bigger is not a thesis description.
const MAX_YAML_BYTES: u64 = 1 << 20;

/// A loaded project.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project root (canonical).
    pub root: PathBuf,
    /// thesis.yaml on disk.
    pub yaml_path: PathBuf,
    /// The resolved metadata.
    pub thesis: Thesis,
    /// The thesis' source files (chapters, abstracts, …), in first-use order.
    pub sources: Vec<SourceFile>,
}

impl Project {
    /// Loads and resolves the project at `root`.
    pub fn load(root: &Path) -> Result<Self, Vec<Diagnostic>> {
        let root = find_root(root)?;
        let yaml_path = root.join(YAML_PATH);
        let yaml = read_yaml(&yaml_path)?;
        let raw = parse(&yaml, &yaml_path)?;
        let (thesis, sources) = resolve::resolve(raw, &root, &yaml_path, &yaml)?;
        Ok(Self { root, yaml_path, thesis, sources })
    }

    /// The bibliography files on disk.
    pub fn bibliography_files(&self) -> Vec<PathBuf> {
        self.thesis.pustaka.iter().map(|v| self.disk_path(v)).collect()
    }

    /// The disk path of a compiler path of the project.
    pub fn disk_path(&self, vpath: &str) -> PathBuf {
        let mut p = self.root.clone();
        p.extend(vpath.split('/').filter(|s| !s.is_empty()));
        p
    }
}

/// Checks the root folder and canonicalises it.
fn find_root(root: &Path) -> Result<PathBuf, Vec<Diagnostic>> {
    let canonical = dunce::canonicalize(root).map_err(|e| {
        vec![Diagnostic::error(format!("project folder not found (looked at {}) ({e})", root.display()))]
    })?;
    if !canonical.join(YAML_PATH).is_file() {
        return Err(vec![
            Diagnostic::error(format!(
                "no thesis project here: {} does not exist",
                canonical.join(YAML_PATH).display()
            ))
            .hint("run tesis in the project folder, pass --root DIR, or start one with `tesis new DIR`"),
        ]);
    }
    Ok(canonical)
}

/// Reads thesis.yaml as UTF-8 text (a BOM is dropped).
fn read_yaml(path: &Path) -> Result<String, Vec<Diagnostic>> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_YAML_BYTES {
        return Err(vec![
            Diagnostic::error(format!("thesis.yaml is {size} bytes; a thesis description is a few kilobytes"))
                .at(path, 0..0),
        ]);
    }
    let bytes = std::fs::read(path)
        .map_err(|e| vec![Diagnostic::error(format!("cannot read thesis.yaml ({e})")).at(path, 0..0)])?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        vec![
            Diagnostic::error("thesis.yaml is not UTF-8 text")
                .at(path, e.utf8_error().valid_up_to()..e.utf8_error().valid_up_to() + 1)
                .hint("save it as UTF-8 in your editor"),
        ]
    })
}

/// Parses and resolves the text of a thesis.yaml as if it lay at `root/thesis/thesis.yaml`,
/// without reading that file (the fuzz target and tests call this; files it names are looked up
/// under `root`).
pub fn parse_yaml_str(yaml: &str, root: &Path) -> Result<Thesis, Vec<Diagnostic>> {
    let yaml_path = root.join(YAML_PATH);
    let raw = parse(yaml, &yaml_path)?;
    resolve::resolve(raw, root, &yaml_path, yaml).map(|(thesis, _)| thesis)
}

/// Parses the YAML into the raw schema.
fn parse(yaml: &str, path: &Path) -> Result<schema::RawThesis, Vec<Diagnostic>> {
    if yaml.trim().is_empty() {
        return Err(vec![
            Diagnostic::error("thesis.yaml is empty")
                .at(path, 0..0)
                .hint("see README.md, section thesis.yaml, for the keys"),
        ]);
    }
    serde_saphyr::from_str_with_options(yaml, yaml_options()).map_err(|e| vec![yaml_error(&e, yaml, path)])
}

/// Parser limits sized for a thesis description (a few hundred values), far below the
/// library's defaults: an alias bomb ("billion laughs") is refused within milliseconds.
fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(serde_saphyr::Budget {
        max_events: 50_000,
        max_aliases: 1_000,
        max_anchors: 1_000,
        max_depth: 64,
        max_nodes: 20_000,
        max_total_scalar_bytes: MAX_YAML_BYTES as usize,
        max_merge_keys: 1_000,
        ..serde_saphyr::Budget::default()
    });
    options.alias_limits = serde_saphyr::options::AliasLimits {
        max_total_replayed_events: 20_000,
        max_replay_stack_depth: 16,
        ..serde_saphyr::options::AliasLimits::default()
    };
    options
}

/// Turns a YAML error into a diagnostic in the student's terms.
fn yaml_error(e: &serde_saphyr::Error, yaml: &str, path: &Path) -> Diagnostic {
    let inner = e.without_snippet();
    let message = match inner {
        serde_saphyr::Error::Message { msg, .. } => msg.clone(),
        other => first_line(&other.to_string()),
    };
    let mut range = inner.location().map_or(0..0, |l| resolve::location_range(yaml, &l));
    let unknown = unknown_field(&message);
    if let Some(key) = &unknown
        && let Some(at) = key_position(yaml, key, range.start)
    {
        // The parser points at the mapping that holds the key; the key's own line is clearer.
        range = at;
    }
    if let Some(d) = shape_error(inner, &message, yaml, range.clone(), path) {
        return d;
    }
    if message.contains("tab")
        && let Some(tab) = first_indenting_tab(yaml, range.start)
    {
        // The scanner reports the value before the tab; the tab's own line is what to fix.
        return Diagnostic::error("thesis.yaml: a tab in the indentation")
            .at(path, tab..tab + 1)
            .hint("indent with spaces: YAML does not allow tabs");
    }
    if (message.contains("quoted scalar") || message.contains("unexpected end of input"))
        && let Some(quote) = yaml.get(..range.start.min(yaml.len())).and_then(|before| before.rfind('"'))
    {
        // An unclosed quote swallows the lines after it; point at where it opened.
        return Diagnostic::error("thesis.yaml: a quoted value is not closed")
            .at(path, quote..quote + 1)
            .hint("add the closing `\"` at the end of the value");
    }
    if message.contains("mapping values are not allowed") && deeper_than_line_above(yaml, range.start) {
        return Diagnostic::error("thesis.yaml: this line is indented deeper than the line above it")
            .at(path, range)
            .hint("keys of the same group line up: use the same number of spaces as the key above");
    }
    if message.contains("mapping values are not allowed") {
        return Diagnostic::error(
            "thesis.yaml: a value contains `: ` (a colon and a space), which YAML reads as a new key",
        )
        .at(path, range)
        .hint("put the whole value in double quotes, e.g. judul: \"KEBIJAKAN: STUDI KASUS\"");
    }
    let mut d = Diagnostic::error(format!("thesis.yaml: {}", humanise(&message))).at(path, range);
    if let Some(unknown) = unknown {
        let expected = expected_fields(&message);
        let known: Vec<&str> = if expected.is_empty() {
            schema::KNOWN_KEYS.to_vec()
        } else {
            expected.iter().map(String::as_str).collect()
        };
        if let Some(key) = schema::synonym(&unknown) {
            d = d.hint(format!("did you mean {key}?"));
        } else if let Some(near) = nearest(&unknown, &known) {
            d = d.hint(format!("did you mean `{near}`?"));
        }
        d = d.hint("README.md, section thesis.yaml, lists every key");
    } else if message.contains("tab") {
        d = d.hint("indent with spaces: YAML does not allow tabs");
    } else if message.contains("indent") || message.contains("mapping") || message.contains("while parsing") {
        d = d.hint("check the indentation: nested keys use the same number of spaces, and no tabs");
    }
    d
}

/// A diagnostic for a value of the wrong shape or kind (a number where a list belongs, an
/// alias bomb, two documents), naming the key; `None` for other errors.
fn shape_error(
    e: &serde_saphyr::Error,
    message: &str,
    yaml: &str,
    range: std::ops::Range<usize>,
    path: &Path,
) -> Option<Diagnostic> {
    let key = key_at(yaml, range.start);
    let named = |what: &str| match &key {
        Some(k) => format!("`{k}` must be {what}"),
        None => format!("thesis.yaml must be {what}"),
    };
    let value = yaml.get(range.clone()).unwrap_or("").trim();
    let (message, hint) = match e {
        _ if message.contains("recursion limit")
            || matches!(
                e,
                serde_saphyr::Error::Budget { breach: serde_saphyr::budget::BudgetBreach::Depth { .. }, .. }
            ) =>
        {
            (
                "thesis.yaml: values nested too deeply".to_string(),
                "a thesis.yaml nests two or three levels; look for stray `[` or `{`".to_string(),
            )
        }
        _ if matches!(e, serde_saphyr::Error::Budget { .. })
            || message.contains("alias replay")
            || message.contains("replay stack") =>
        {
            (
                "thesis.yaml has too many values or `*alias` repetitions to be a thesis description".to_string(),
                "a thesis.yaml holds a few hundred values; remove the `&anchor`/`*alias` repetitions".to_string(),
            )
        }
        serde_saphyr::Error::Unexpected { expected, .. } if expected.contains("sequence") => (
            named("a list"),
            format!("write one item per line, for example:\n{}:\n  - bab1.md", key.as_deref().unwrap_or("bab")),
        ),
        serde_saphyr::Error::Unexpected { expected, .. } if expected.contains("mapping") => (
            match &key {
                Some(_) => named("a group of `key: value` lines"),
                None => "thesis.yaml must be a list of `key: value` lines".to_string(),
            },
            "for example:\npenulis:\n  nama: NAMA LENGKAP\n  nim: \"20141060051\"".to_string(),
        ),
        serde_saphyr::Error::Unexpected { expected, .. } if expected.contains("scalar") => (
            named("a single value (text)"),
            "write it on the same line after the colon, not as a list or group".to_string(),
        ),
        _ if message.contains("bool") => {
            (format!("{}, not `{value}`", named("`true` or `false`")), "write true or false".to_string())
        }
        _ if message.contains("floating point") || message.contains("invalid integer") => {
            (format!("{}, not `{value}`", named("a number")), "write digits, such as 1.5".to_string())
        }
        _ if message.contains("duplicate mapping key") => {
            let dup = message.rsplit(": ").next().unwrap_or("").trim();
            (
                format!("the key `{dup}` appears twice"),
                "keep one of them (a later one would silently win in other tools)".to_string(),
            )
        }
        _ if message.contains("multiple YAML documents") => (
            "thesis.yaml holds more than one YAML document (a `---` line)".to_string(),
            "remove the `---` line and merge what follows it into the keys above".to_string(),
        ),
        _ => return None,
    };
    let message = if message.starts_with("thesis.yaml") { message } else { format!("thesis.yaml: {message}") };
    Some(Diagnostic::error(message).at(path, range).hint(hint))
}

/// The key whose value starts at byte `at`: the `key:` before it on its line, else the nearest
/// less-indented `key:` line above (the parent of a nested value or list item).
fn key_at(yaml: &str, at: usize) -> Option<String> {
    let at = at.min(yaml.len());
    let at = (0..=at).rev().find(|&i| yaml.is_char_boundary(i))?;
    let line_start = yaml[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &yaml[line_start..at];
    if let Some((k, _)) = before.rsplit_once(':')
        && let Some(key) = bare_key(k)
    {
        return Some(key);
    }
    let indent = before.len() - before.trim_start_matches([' ', '-']).len();
    for line in yaml[..line_start].lines().rev() {
        let body = line.trim_start_matches([' ', '-']);
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if line.len() - body.len() < indent || indent == 0 {
            return body.split_once(':').and_then(|(k, _)| bare_key(k));
        }
    }
    None
}

/// The byte offset of the first tab in the indentation of a line at or after the line of `from`.
fn first_indenting_tab(yaml: &str, from: usize) -> Option<usize> {
    lines_from(yaml, from).find_map(|(start, line)| {
        let indent = line.len() - line.trim_start_matches([' ', '\t', '-']).len();
        line[..indent].find('\t').map(|i| start + i)
    })
}

/// The lines of `yaml` from the one holding byte `from` on, each with its start offset.
fn lines_from(yaml: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    yaml.split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .filter(move |(start, line)| start + line.len() > from)
}

/// Whether the line holding byte `at` is indented deeper than the nearest non-empty line above
/// it, which holds a `key: value` (so it cannot be nested under it).
fn deeper_than_line_above(yaml: &str, at: usize) -> bool {
    let at = at.min(yaml.len());
    let Some(line_start) = yaml.get(..at).map(|b| b.rfind('\n').map_or(0, |i| i + 1)) else { return false };
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let line = yaml[line_start..].lines().next().unwrap_or("");
    let above = yaml[..line_start].lines().rev().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    above.is_some_and(|a| {
        let value = a.split_once(": ").map_or("", |(_, v)| v.trim());
        indent(line) > indent(a) && !value.is_empty()
    })
}

/// A plain key (`nama`, `- judul` → `judul`), or `None` for anything else.
fn bare_key(text: &str) -> Option<String> {
    let k = text.trim_start_matches([' ', '-']).trim();
    (!k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_')).then(|| k.to_string())
}

/// The keys in serde's "…, expected one of `a`, `b`" message.
fn expected_fields(msg: &str) -> Vec<String> {
    let Some(rest) = msg.split("expected").nth(1) else { return vec![] };
    rest.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// The byte range of the first `key:` at or after `from` (a key at the start of a line, maybe
/// after indentation or a list dash).
fn key_position(yaml: &str, key: &str, from: usize) -> Option<std::ops::Range<usize>> {
    lines_from(yaml, from).find_map(|(start, line)| {
        let body = line.trim_start_matches([' ', '-']);
        let indent = line.len() - body.len();
        body.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
            .then(|| start + indent..start + indent + key.len())
    })
}

/// The first line of a message.
fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).trim().to_string()
}

/// Rewords serde's messages where they are cryptic.
fn humanise(msg: &str) -> String {
    let msg = first_line(msg);
    if let Some(f) = unknown_field(&msg) {
        return format!("unknown key `{f}`");
    }
    msg.replace("missing field", "missing key")
}

/// The name in serde's "unknown field `x`, expected …" message.
fn unknown_field(msg: &str) -> Option<String> {
    let rest = msg.split("unknown field `").nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

/// The known key closest to `word` (by edit distance), when it is close enough to be a typo.
pub fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Edit distance between two short strings, counting a swap of neighbours as one edit
/// (`nmi` is one edit from `nim`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_nearest_key() {
        assert_eq!(nearest("judl", schema::KNOWN_KEYS), Some("judul"));
        assert_eq!(nearest("pembimbimg", schema::KNOWN_KEYS), Some("pembimbing"));
        assert_eq!(nearest("zzzzzzzz", schema::KNOWN_KEYS), None);
        assert_eq!(nearest("nmi", &["nama", "nim", "peran", "jabatan", "nik"]), Some("nim"));
        assert_eq!(schema::synonym("catatan_kaki"), Some("`nomor_catatan` (under `format:`)"));
        assert_eq!(schema::synonym("Supervisor"), Some("`pembimbing`"));
    }

    #[test]
    fn key_of_a_value() {
        let yaml = "judul: x\nbab: 3\npenulis:\n  nama: A\npembimbing:\n  - Dr. B\n";
        assert_eq!(key_at(yaml, yaml.find('3').unwrap()).as_deref(), Some("bab"));
        assert_eq!(key_at(yaml, yaml.find("Dr.").unwrap()).as_deref(), Some("pembimbing"));
        assert_eq!(key_at(yaml, yaml.find(" A").unwrap() + 1).as_deref(), Some("nama"));
        assert_eq!(key_at(yaml, 0), None);
    }
}
