//! The bibliography as Typst should see it: each `.bib` the thesis names is converted to
//! Hayagriva's YAML with every field a reference manager exports put where the citation styles
//! read it ([`normalise`]), and each built-in citation style is given an inline Indonesian
//! locale ([`style`]). Both are generated files of the compile (`/_tesis/pustaka/…`,
//! `/_tesis/gaya/…`), so `tesis export-typst` writes them too. The mapping is documented in
//! docs/design.md, section "Bibliography".

mod normalise;
mod style;

pub use normalise::{Normalised, normalise};
pub use style::{builtin_of_path, localised_style, style_path, with_locale};

use std::path::{Path, PathBuf};

use crate::memo::Memo;
use crate::project::Project;

/// What a compile hands Typst for the bibliography: the generated files, the paths
/// thesis.json names instead of the student's, and the `.bib` files read (to watch them).
#[derive(Debug, Default)]
pub struct Prepared {
    /// Generated files by compiler path (converted bibliographies, the localised style).
    pub files: Vec<(String, Vec<u8>)>,
    /// The bibliography paths for thesis.json, in the order of `pustaka`.
    pub pustaka: Vec<String>,
    /// The style path for thesis.json when the style is a localised built-in one.
    pub style: Option<String>,
    /// The `.bib` files read from disk.
    pub sources: Vec<PathBuf>,
    /// Keys of journal articles (for thesis.json's `_artikel`: the template prints their page
    /// bare after the colon in Chicago notes).
    pub articles: Vec<String>,
}

/// Converts the project's `.bib` files and localises its built-in style. A `.bib` that cannot
/// be read or converted is handed to Typst as written, so its error names the student's file
/// and line as before; a Hayagriva `.yml` is used as written.
pub fn prepare(project: &Project) -> Prepared {
    let mut out = Prepared::default();
    for vpath in &project.thesis.pustaka {
        let disk = project.disk_path(vpath);
        let is_bib = disk.extension().is_some_and(|e| e.eq_ignore_ascii_case("bib"));
        let converted =
            is_bib.then(|| crate::compile::read_text(&disk).ok()).flatten().and_then(|t| converted(&disk, &t));
        if is_bib {
            out.sources.push(disk);
        }
        match converted {
            Some(converted) => {
                let path = converted_path(vpath);
                out.files.push((path.clone(), converted.yaml.into_bytes()));
                out.pustaka.push(path);
                out.articles.extend(converted.articles);
            }
            None => out.pustaka.push(vpath.clone()),
        }
    }
    let name = &project.thesis.gaya_sitasi;
    if !name.ends_with(".csl")
        && let Some(xml) = localised(name)
    {
        let path = style_path(name);
        out.files.push((path.clone(), xml.into_bytes()));
        out.style = Some(path);
    }
    out
}

/// The conversion of a `.bib` file's text, made again only when the text changed (`tesis watch`
/// compiles after every save; converting a large bibliography takes tens of milliseconds).
fn converted(path: &Path, text: &str) -> Option<Normalised> {
    static CONVERTED: Memo<Option<Normalised>> = Memo::new();
    CONVERTED.get(&path.to_string_lossy(), typst::utils::hash128(text), || normalise(text).ok())
}

/// The localised built-in style `name`, made once per style.
fn localised(name: &str) -> Option<String> {
    static LOCALISED: Memo<Option<String>> = Memo::new();
    LOCALISED.get(name, 0, || localised_style(name))
}

/// The virtual folder of the converted bibliographies.
pub const BIB_DIR: &str = "/_tesis/pustaka/";

/// The compiler path of the converted form of the bibliography at compiler path `vpath`
/// (`/thesis/pustaka.bib` → `/_tesis/pustaka/thesis/pustaka.yml`).
pub fn converted_path(vpath: &str) -> String {
    let stem = vpath.trim_start_matches('/');
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    format!("{BIB_DIR}{stem}.yml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converted_paths() {
        assert_eq!(converted_path("/thesis/pustaka.bib"), "/_tesis/pustaka/thesis/pustaka.yml");
        assert_eq!(converted_path("/a.b/x.bib"), "/_tesis/pustaka/a.b/x.yml");
    }
}
