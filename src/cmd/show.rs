//! `tesis show FILE:LINE[:COL]`: scroll the running preview to that place (for an editor's key
//! binding or task).

use std::path::{Path, PathBuf};

use super::{Failure, VerbResult, message_base};
use crate::args::ShowArgs;
use crate::diag::Diagnostic;

/// Runs `tesis show`.
pub fn run(args: &ShowArgs) -> VerbResult {
    let base = message_base(&args.root.root);
    let fail = |d: Diagnostic| Failure::one(d, &base);
    let (file, line, column) = parse_place(&args.place).ok_or_else(|| {
        fail(
            Diagnostic::error(format!("{} is not FILE:LINE or FILE:LINE:COLUMN", args.place))
                .hint("for example: tesis show thesis/bab2.md:14"),
        )
    })?;
    let root = dunce::canonicalize(&args.root.root).map_err(|e| {
        fail(Diagnostic::error(format!("cannot open the project folder {} ({e})", args.root.root.display())))
    })?;
    let name = project_name(&root, &file).ok_or_else(|| {
        fail(
            Diagnostic::error(format!("{} is not a file of the project in {}", file.display(), root.display()))
                .hint("name a chapter file, e.g. thesis/bab1.md:10, or pass --root"),
        )
    })?;
    let page = crate::preview::remote::show(&root, &name, line, column).map_err(fail)?;
    eprintln!("preview: {name}:{line} shown ({page})");
    Ok(())
}

/// `thesis/bab2.md:5` or `C:\t\bab2.md:5:3` → file, line, column (column 1 when not given).
fn parse_place(place: &str) -> Option<(PathBuf, usize, usize)> {
    let number = |s: &str| s.parse::<usize>().ok().filter(|n| *n > 0);
    let (rest, last) = place.rsplit_once(':')?;
    let last = number(last)?;
    match rest.rsplit_once(':') {
        Some((file, line)) if number(line).is_some() && !file.is_empty() => {
            Some((PathBuf::from(file), number(line)?, last))
        }
        _ if !rest.is_empty() => Some((PathBuf::from(rest), last, 1)),
        _ => None,
    }
}

/// The file's name inside the project (`thesis/bab2.md`), when it is inside `root`.
fn project_name(root: &Path, file: &Path) -> Option<String> {
    let full = if file.is_absolute() { file.to_path_buf() } else { std::env::current_dir().ok()?.join(file) };
    let full = dunce::canonicalize(full).ok()?;
    let inside = full.strip_prefix(root).ok()?;
    let parts: Vec<String> = inside.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_parse_from_the_right() {
        assert_eq!(parse_place("thesis/bab2.md:5"), Some((PathBuf::from("thesis/bab2.md"), 5, 1)));
        assert_eq!(parse_place("thesis/bab2.md:5:7"), Some((PathBuf::from("thesis/bab2.md"), 5, 7)));
        assert_eq!(parse_place(r"C:\t\bab2.md:5"), Some((PathBuf::from(r"C:\t\bab2.md"), 5, 1)));
        assert_eq!(parse_place(r"C:\t\bab2.md:5:2"), Some((PathBuf::from(r"C:\t\bab2.md"), 5, 2)));
        for bad in ["thesis/bab2.md", "thesis/bab2.md:", "thesis/bab2.md:x", ":5", "bab2.md:0"] {
            assert_eq!(parse_place(bad), None, "{bad}");
        }
    }
}
