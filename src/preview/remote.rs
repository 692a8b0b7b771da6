//! Reaching the running `tesis watch` of a project from another process (`tesis show`).
//!
//! While it runs, `tesis watch` keeps a small file in the system's temporary folder, named after
//! the project's folder, with the preview's port and the run's token (readable by the student
//! only). `tesis show` reads it and POSTs to that preview like its own page does. The file is
//! removed when the watch ends normally; after Ctrl+C it may stay, and is then found stale (no
//! server answers with that token) and removed by the next `tesis show`.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::diag::Diagnostic;

/// The handle file of the watch of the project at `root` (canonical).
pub fn handle_path(root: &Path) -> PathBuf {
    // FNV-1a of the folder's path: stable across runs and versions.
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in root.to_string_lossy().bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    std::env::temp_dir().join(format!("tesis-watch-{hash:016x}.json"))
}

/// Written by `tesis watch` while it runs; removed when dropped.
#[derive(Debug)]
pub struct Handle {
    /// The file.
    path: PathBuf,
}

impl Handle {
    /// Writes the handle of the watch of `root` on `port` with `token`. A failure only costs
    /// `tesis show` (it says so), so it is a warning line, not an error.
    pub fn write(root: &Path, port: u16, token: &str) -> Option<Self> {
        let path = handle_path(root);
        let body = serde_json::json!({ "port": port, "token": token, "root": root, "pid": std::process::id() });
        let written = write_private(&path, body.to_string().as_bytes());
        match written {
            Ok(()) => Some(Self { path }),
            Err(e) => {
                eprintln!("note: tesis show will not find this preview (cannot write {}: {e})", path.display());
                None
            }
        }
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Writes a file only its owner can read (the token is in it).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let _ = std::fs::remove_file(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(bytes)
}

/// Asks the running watch of the project at `root` to scroll its preview to `file` (relative to
/// the project folder, `/`-separated), `line`, `column`. Returns the page it scrolled to.
pub fn show(root: &Path, file: &str, line: usize, column: usize) -> Result<String, Diagnostic> {
    let path = handle_path(root);
    let not_running = || {
        Diagnostic::error(format!("no tesis watch is running for {}", root.display()))
            .hint("start `tesis watch` in the project folder (and open its preview), then try again")
    };
    let text = std::fs::read_to_string(&path).map_err(|_| not_running())?;
    let handle: serde_json::Value = serde_json::from_str(&text).map_err(|_| not_running())?;
    let (Some(port), Some(token)) = (handle["port"].as_u64(), handle["token"].as_str()) else {
        return Err(not_running());
    };
    let port = u16::try_from(port).map_err(|_| not_running())?;
    let body = serde_json::json!({ "file": file, "line": line, "column": column }).to_string();
    let reply = post(port, token, "/show", &body);
    match reply {
        Ok((200, text)) => {
            let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            Ok(format!("page {}", v["page"]))
        }
        Ok((403, text)) if text.contains("token") => {
            // Another program took the port after that watch ended.
            let _ = std::fs::remove_file(&path);
            Err(not_running())
        }
        Ok((_, text)) => Err(Diagnostic::error(text.trim().trim_start_matches("refused: ").to_string())),
        Err(_) => {
            let _ = std::fs::remove_file(&path);
            Err(not_running())
        }
    }
}

/// POSTs `body` to the preview on `port` with the token; returns status and body.
fn post(port: u16, token: &str, path: &str, body: &str) -> std::io::Result<(u16, String)> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Tesis-Token: {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let raw = String::from_utf8_lossy(&raw);
    let status = raw.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = raw.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((status, body))
}
