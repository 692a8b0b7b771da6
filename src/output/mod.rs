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
    let mut last = None;
    for attempt in 0..RENAME_TRIES {
        match std::fs::rename(&temp, target) {
            Ok(()) => return Ok(()),
            Err(e) if is_lock(&e) => {
                last = Some(e);
                if attempt + 1 < RENAME_TRIES {
                    std::thread::sleep(RENAME_PAUSE);
                }
            }
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                return Err(Diagnostic::error(format!("cannot replace {} ({e})", target.display())));
            }
        }
    }
    let _ = std::fs::remove_file(&temp);
    let e = last.map(|e| e.to_string()).unwrap_or_default();
    Err(Diagnostic::error(format!("cannot replace {}: another program holds it open ({e})", target.display())).hint(
        "close the PDF in your viewer (or use a viewer that does not lock files, such as SumatraPDF) and build again",
    ))
}

/// The temporary file next to `target`: hidden, named after it and this process.
fn temp_name(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    target.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
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
    fn missing_folder_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(&dir.path().join("nope/thesis.pdf"), b"x").unwrap_err();
        assert!(err.message.contains("does not exist"), "{}", err.message);
    }
}
