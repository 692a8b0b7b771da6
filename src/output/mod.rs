//! The one way output files are written: to a temporary file in the same folder, then renamed
//! over the target, so a reader (a PDF viewer, `watch`) never sees half a file and a failed build
//! leaves the previous file byte-identical.
//!
//! On Windows a viewer that holds the PDF open blocks the rename; we retry for a while, then say
//! what to do.

pub mod pdf;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::diag::Diagnostic;

/// How often to retry a blocked rename, and how long to wait between tries (Windows viewers
/// such as Adobe Reader lock an open PDF; a brief lock from an antivirus scan passes in < 1 s).
const RENAME_TRIES: u32 = 20;

/// The pause between two rename tries.
const RENAME_PAUSE: Duration = Duration::from_millis(150);

/// Writes `data` to `target` atomically.
pub fn write_atomic(target: &Path, data: &[u8]) -> Result<(), Diagnostic> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Diagnostic::error(format!(
            "cannot write {}: the folder {} does not exist",
            target.display(),
            dir.display()
        )));
    }
    let temp = temp_name(target);
    let written = std::fs::File::create(&temp).and_then(|mut f| {
        f.write_all(data)?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(Diagnostic::error(format!("cannot write {} ({e})", temp.display())));
    }
    rename_retrying(&temp, target).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        if is_lock(&e) {
            Diagnostic::error(format!("cannot replace {}: another program holds it open ({e})", target.display())).hint(
                "close the PDF in your viewer (or use a viewer that does not lock files, such as SumatraPDF) and build again",
            )
        } else {
            Diagnostic::error(format!("cannot replace {} ({e})", target.display()))
        }
    })
}

/// Writes a folder of files as one: every file into a temporary folder beside `target`, then
/// that folder renamed into place, so the folder is either the previous one or the new one,
/// whole — never a mix (a file of the previous pack that the new one lacks is gone with it).
/// `owns` tells whether an existing `target` is one tesis wrote (it is then replaced); any other
/// folder of that name is left alone and reported.
pub fn write_folder_atomic(
    target: &Path,
    files: &[(String, Vec<u8>)],
    owns: impl Fn(&Path) -> bool,
) -> Result<(), Diagnostic> {
    if target.exists() && !(target.is_dir() && owns(target)) {
        return Err(Diagnostic::error(format!(
            "cannot write {}: it exists and was not written by tesis",
            target.display()
        ))
        .hint("move or rename it, then build again"));
    }
    let temp = temp_name(target);
    let written = std::fs::create_dir(&temp).and_then(|()| {
        for (name, data) in files {
            let mut f = std::fs::File::create(temp.join(name))?;
            f.write_all(data)?;
            f.sync_all()?;
        }
        Ok(())
    });
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(Diagnostic::error(format!("cannot write {} ({e})", temp.display())));
    }
    // The previous folder steps aside first (a folder cannot be renamed over another).
    let old = target.with_file_name(format!(".{}.{}.old", file_name(target), std::process::id()));
    if target.exists()
        && let Err(e) = rename_retrying(target, &old)
    {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(blocked(target, e));
    }
    if let Err(e) = rename_retrying(&temp, target) {
        let _ = std::fs::remove_dir_all(&temp);
        let _ = std::fs::rename(&old, target);
        return Err(blocked(target, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Renames, retrying while another program holds the file (Windows).
fn rename_retrying(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut attempt = 0;
    loop {
        match std::fs::rename(from, to) {
            Err(e) if is_lock(&e) && attempt + 1 < RENAME_TRIES => {
                attempt += 1;
                std::thread::sleep(RENAME_PAUSE);
            }
            done => return done,
        }
    }
}

/// The message for a target that could not be replaced.
fn blocked(target: &Path, e: std::io::Error) -> Diagnostic {
    if is_lock(&e) {
        Diagnostic::error(format!("cannot replace {}: another program holds a file in it open ({e})", target.display()))
            .hint("close the PDFs of that folder in your viewer, then build again")
    } else {
        Diagnostic::error(format!("cannot replace {} ({e})", target.display()))
    }
}

/// The last component of a path, for naming files beside it.
fn file_name(target: &Path) -> String {
    target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into())
}

/// The temporary file next to `target`: hidden, named after it and this process.
fn temp_name(target: &Path) -> PathBuf {
    target.with_file_name(format!(".{}.{}.tmp", file_name(target), std::process::id()))
}

/// Whether a rename failed because another process holds the file.
fn is_lock(e: &std::io::Error) -> bool {
    // ERROR_ACCESS_DENIED (5) and ERROR_SHARING_VIOLATION (32); elsewhere a rename over an open
    // file succeeds, so there is nothing to wait for.
    cfg!(windows) && (e.kind() == std::io::ErrorKind::PermissionDenied || matches!(e.raw_os_error(), Some(5 | 32)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("thesis.pdf");
        std::fs::write(&target, b"old").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_folder_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("pack");
        let ours = |p: &Path| p.join("a.txt").exists();
        write_folder_atomic(&target, &[("a.txt".into(), b"1".to_vec()), ("b.txt".into(), b"2".to_vec())], ours)
            .unwrap();
        write_folder_atomic(&target, &[("a.txt".into(), b"3".to_vec())], ours).unwrap();
        assert_eq!(std::fs::read(target.join("a.txt")).unwrap(), b"3");
        assert!(!target.join("b.txt").exists(), "a file the new pack lacks is gone");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary folder is left");
    }

    #[test]
    fn a_folder_tesis_did_not_write_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("pack");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("mine.docx"), b"x").unwrap();
        let err =
            write_folder_atomic(&target, &[("a.txt".into(), b"1".to_vec())], |p| p.join("a.txt").exists()).unwrap_err();
        assert!(err.message.contains("not written by tesis"), "{}", err.message);
        assert_eq!(std::fs::read(target.join("mine.docx")).unwrap(), b"x");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_folder_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(&dir.path().join("nope/thesis.pdf"), b"x").unwrap_err();
        assert!(err.message.contains("does not exist"), "{}", err.message);
    }
}
