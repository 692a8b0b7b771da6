//! The project: `thesis/thesis.yaml`, its schema, validation and the files it names.
//!
//! [`Project::load`] reads the YAML (raw, with unknown keys refused) and resolves it into a
//! [`Thesis`]; every problem is a [`Diagnostic`] at a line of thesis.yaml. Nothing downstream
//! sees raw YAML.

pub mod paths;
pub mod resolve;
pub mod schema;

use std::path::{Path, PathBuf};

pub use resolve::{Mode, SourceFile, Thesis};

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
    pub fn load(root: &Path, mode: Mode) -> Result<Self, Vec<Diagnostic>> {
        let root = find_root(root)?;
        let yaml_path = root.join(YAML_PATH);
        let yaml = read_yaml(&yaml_path)?;
        let raw = parse(&yaml, &yaml_path)?;
        let (mut thesis, sources) = resolve::resolve(raw, &root, &yaml_path, &yaml)?;
        thesis.mode = mode;
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
    let canonical = root.canonicalize().map_err(|e| {
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
        return Err(vec![Diagnostic::error(format!("thesis.yaml is {size} bytes; a thesis description is a few kilobytes")).at(path, 0..0)]);
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

/// Parses the YAML into the raw schema.
fn parse(yaml: &str, path: &Path) -> Result<schema::RawThesis, Vec<Diagnostic>> {
    if yaml.trim().is_empty() {
        return Err(vec![Diagnostic::error("thesis.yaml is empty").at(path, 0..0).hint("see README.md, section thesis.yaml, for the keys")]);
    }
    let options = serde_saphyr::Options::default();
    serde_saphyr::from_str_with_options(yaml, options).map_err(|e| vec![yaml_error(&e, yaml, path)])
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
    let mut d = Diagnostic::error(format!("thesis.yaml: {}", humanise(&message))).at(path, range);
    if let Some(unknown) = unknown {
        if let Some(near) = nearest(&unknown, schema::KNOWN_KEYS) {
            d = d.hint(format!("did you mean `{near}`?"));
        }
        d = d.hint("README.md, section thesis.yaml, lists every key");
    } else if message.contains("indent") || message.contains("mapping") || message.contains("while parsing") {
        d = d.hint("check the indentation: nested keys use the same number of spaces, and no tabs");
    }
    d
}

/// The byte range of the first `key:` at or after `from` (a key at the start of a line, maybe
/// after indentation or a list dash).
fn key_position(yaml: &str, key: &str, from: usize) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if offset <= from {
            continue;
        }
        let body = line.trim_start_matches([' ', '-']);
        let indent = line.len() - body.len();
        if body.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')) {
            return Some(start + indent..start + indent + key.len());
        }
    }
    None
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

/// Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_nearest_key() {
        assert_eq!(nearest("judl", schema::KNOWN_KEYS), Some("judul"));
        assert_eq!(nearest("pembimbimg", schema::KNOWN_KEYS), Some("pembimbing"));
        assert_eq!(nearest("zzzzzzzz", schema::KNOWN_KEYS), None);
    }
}
