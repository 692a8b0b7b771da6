//! Issue 10, the bad-input corpus: every case in `tests/bad-input/<NN-name>/` starts from the
//! good project `tests/bad-input/_base/`, builds it once, breaks it (the case's `files/` are copied
//! over the project, then its `setup` lines run), runs tesis again and checks the `expect` file:
//! the exit code, the message substrings (file:line included), no panic, nothing on stdout, and
//! — when the run fails — the previous thesis.pdf byte-identical and no temporary file left.
//!
//! One test runs the whole corpus and reports every failing case at once. How to add a case:
//! tests/README.md.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{TestProject, copy_dir, repo};

/// How long one run may take; a case that hangs (infinite recursion, a decompression bomb)
/// fails instead of blocking the suite.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The address space one run may use (KiB): the build of the base project needs far less, so a
/// case that tries to allocate gigabytes fails here rather than on the student's laptop.
const MEMORY_LIMIT_KIB: u64 = 2 * 1024 * 1024;

/// What a case expects.
#[derive(Debug, Default)]
struct Expect {
    /// The exit code.
    exit: i32,
    /// Substrings stderr must contain.
    stderr: Vec<String>,
    /// Substrings stderr must not contain.
    not_stderr: Vec<String>,
    /// Substrings the text of the written PDF must contain (exit 0 cases).
    pdf: Vec<String>,
}

/// What one run printed and returned.
struct Outcome {
    /// The exit code (-1 when killed by a signal or the timeout).
    code: i32,
    /// Standard output.
    stdout: String,
    /// Standard error.
    stderr: String,
    /// How long it took.
    took: Duration,
}

#[test]
fn bad_input_corpus() {
    let dir = repo().join("tests/bad-input");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "the corpus has only {} cases", cases.len());
    let only = std::env::var("BAD_INPUT_CASE").ok();
    let cases: Vec<PathBuf> = cases
        .into_iter()
        .filter(|c| only.as_ref().is_none_or(|o| c.file_name().unwrap().to_string_lossy().contains(o.as_str())))
        .collect();

    // Two workers: the machine running CI may have two cores, and each build uses one.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    let name = case.file_name().unwrap().to_string_lossy().into_owned();
                    if let Err(why) = run_case(case) {
                        failures.lock().unwrap().push(format!("── {name}\n{why}"));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

/// Runs one case; `Err` says everything that did not hold.
fn run_case(case: &Path) -> Result<(), String> {
    let expect = read_expect(&case.join("expect"))?;
    let setup = std::fs::read_to_string(case.join("setup")).unwrap_or_default();
    let p = TestProject::copy_of(&repo().join("tests/bad-input/_base"));
    let mut args: Vec<String> = vec!["build".into()];

    // Lines that must run before the good build (`run …`).
    for line in setup.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        if let Some(cmd) = line.strip_prefix("run ") {
            let out = tesis(&p.root, &cmd.split_whitespace().collect::<Vec<_>>());
            if out.code != 0 {
                return Err(format!("setup `{line}` failed:\n{}", out.stderr));
            }
        }
    }
    let good = tesis(&p.root, &["build"]);
    if good.code != 0 {
        return Err(format!("the base project does not build:\n{}", good.stderr));
    }
    let before =
        std::fs::read(p.path("thesis.pdf")).map_err(|e| format!("no thesis.pdf after the good build ({e})"))?;

    // Break it.
    if case.join("files").is_dir() {
        copy_dir(&case.join("files"), &p.root);
    }
    for line in setup.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let (verb, rest) = line.split_once(' ').unwrap_or((line, ""));
        match verb {
            "run" => {}
            "args" => args = rest.split_whitespace().map(str::to_string).collect(),
            "skip-if-root-reads" => {
                if can_read(&p.path(rest.trim())) {
                    eprintln!("{}: skipped (this user can read files whatever their mode)", case.display());
                    return Ok(());
                }
            }
            other => apply(&p, other, rest).map_err(|e| format!("setup `{line}`: {e}"))?,
        }
    }

    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = tesis(&p.root, &args);
    if std::env::var_os("BAD_INPUT_SHOW").is_some() {
        // For reviewing the messages (docs/reliability.md): `BAD_INPUT_SHOW=1 … -- --nocapture`.
        eprintln!("── {} (exit {})\n{}", case.display(), out.code, out.stderr);
    }
    let mut problems = Vec::new();
    if out.code != expect.exit {
        problems.push(format!("exit code {} (expected {})", out.code, expect.exit));
    }
    if !out.stdout.is_empty() {
        problems.push(format!("stdout is not empty: {:?}", out.stdout));
    }
    for bad in ["panicked", "internal bug", "RUST_BACKTRACE"] {
        if out.stderr.contains(bad) {
            problems.push(format!("stderr contains {bad:?}"));
        }
    }
    for needle in &expect.stderr {
        if !out.stderr.contains(needle.as_str()) {
            problems.push(format!("stderr lacks {needle:?}"));
        }
    }
    for needle in &expect.not_stderr {
        if out.stderr.contains(needle.as_str()) {
            problems.push(format!("stderr contains {needle:?}"));
        }
    }
    let after = std::fs::read(p.path("thesis.pdf")).unwrap_or_default();
    if expect.exit != 0 && after != before {
        problems.push("the previous thesis.pdf changed".into());
    }
    if expect.exit == 0 && !after.starts_with(b"%PDF") {
        problems.push("no PDF was written".into());
    }
    if expect.exit == 0 && out.code == 0 && !expect.pdf.is_empty() {
        // pdftotext may break a line anywhere; compare with whitespace squeezed.
        let text = squeeze(&p.pdf_text());
        for needle in &expect.pdf {
            if !text.contains(&squeeze(needle)) {
                problems.push(format!("the PDF lacks {needle:?}"));
            }
        }
    }
    let leftovers: Vec<String> = std::fs::read_dir(&p.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    if !leftovers.is_empty() {
        problems.push(format!("temporary files left: {leftovers:?}"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n(took {:.1} s) stderr:\n{}", problems.join("\n"), out.took.as_secs_f64(), out.stderr))
    }
}

/// Reads an `expect` file: `exit N`, `stderr TEXT`, `not-stderr TEXT`, `pdf TEXT` lines.
fn read_expect(path: &Path) -> Result<Expect, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {} ({e})", path.display()))?;
    let mut expect = Expect { exit: 1, ..Expect::default() };
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let (key, value) = line.split_once(' ').unwrap_or((line, ""));
        match key {
            "exit" => expect.exit = value.trim().parse().map_err(|_| format!("bad exit line {line:?}"))?,
            "stderr" => expect.stderr.push(unescape(value)),
            "not-stderr" => expect.not_stderr.push(unescape(value)),
            "pdf" => expect.pdf.push(unescape(value)),
            _ => return Err(format!("{}: unknown line {line:?}", path.display())),
        }
    }
    Ok(expect)
}

/// Applies one `setup` line that changes the broken project.
fn apply(p: &TestProject, verb: &str, rest: &str) -> Result<(), String> {
    let words: Vec<&str> = rest.split_whitespace().collect();
    let arg = |i: usize| words.get(i).copied().ok_or_else(|| format!("`{verb}` needs {} arguments", i + 1));
    match verb {
        // delete PATH
        "delete" => std::fs::remove_file(p.path(arg(0)?)).map_err(|e| e.to_string()),
        // bytes PATH TEXT — writes TEXT with \xNN, \r, \n escapes.
        "bytes" => {
            let (path, text) = rest.split_once(' ').ok_or("`bytes` needs PATH TEXT")?;
            write(p, path, &unescape_bytes(text))
        }
        // append PATH TEXT — appends TEXT (escapes as for `bytes`).
        "append" => {
            let (path, text) = rest.split_once(' ').ok_or("`append` needs PATH TEXT")?;
            let mut data = std::fs::read(p.path(path)).map_err(|e| e.to_string())?;
            data.extend(unescape_bytes(text));
            write(p, path, &data)
        }
        // crlf PATH — converts line ends to CRLF.
        "crlf" => {
            let text = p.read(arg(0)?);
            write(p, arg(0)?, text.replace('\n', "\r\n").as_bytes())
        }
        // bom PATH — prepends a UTF-8 byte-order mark.
        "bom" => {
            let mut data = b"\xef\xbb\xbf".to_vec();
            data.extend(std::fs::read(p.path(arg(0)?)).map_err(|e| e.to_string())?);
            write(p, arg(0)?, &data)
        }
        // truncate PATH N — keeps the first N bytes.
        "truncate" => {
            let n: usize = arg(1)?.parse().map_err(|_| "N must be a number")?;
            let data = std::fs::read(p.path(arg(0)?)).map_err(|e| e.to_string())?;
            write(p, arg(0)?, &data[..n.min(data.len())])
        }
        // repeat PATH N TEXT — writes TEXT N times (huge files).
        "repeat" => {
            let n: usize = arg(1)?.parse().map_err(|_| "N must be a number")?;
            let text = rest.splitn(3, ' ').nth(2).ok_or("`repeat` needs PATH N TEXT")?;
            write(p, arg(0)?, &unescape_bytes(text).repeat(n))
        }
        // png PATH W H — a PNG whose header claims W×H pixels (one row of pixel data).
        "png" => {
            let w: u32 = arg(1)?.parse().map_err(|_| "W must be a number")?;
            let h: u32 = arg(2)?.parse().map_err(|_| "H must be a number")?;
            write(p, arg(0)?, &png_header_only(w, h))
        }
        // symlink TARGET LINK — LINK (in the project) points at TARGET (anywhere).
        "symlink" => {
            #[cfg(unix)]
            {
                let link = p.path(arg(1)?);
                let _ = std::fs::remove_file(&link);
                std::os::unix::fs::symlink(arg(0)?, link).map_err(|e| e.to_string())
            }
            #[cfg(not(unix))]
            Ok(())
        }
        // chmod MODE PATH (octal)
        "chmod" => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = u32::from_str_radix(arg(0)?, 8).map_err(|_| "MODE must be octal")?;
                std::fs::set_permissions(p.path(arg(1)?), std::fs::Permissions::from_mode(mode))
                    .map_err(|e| e.to_string())
            }
            #[cfg(not(unix))]
            Ok(())
        }
        other => Err(format!("unknown setup verb `{other}`")),
    }
}

/// Writes a file of the project, creating folders.
fn write(p: &TestProject, rel: &str, data: &[u8]) -> Result<(), String> {
    let path = p.path(rel);
    std::fs::create_dir_all(path.parent().unwrap()).map_err(|e| e.to_string())?;
    std::fs::write(path, data).map_err(|e| e.to_string())
}

/// Whether this process can read `path` (root can read a file whatever its mode).
fn can_read(path: &Path) -> bool {
    std::fs::File::open(path).and_then(|mut f| f.read(&mut [0u8; 1])).is_ok()
}

/// Runs tesis in `root` under the time and memory bounds.
fn tesis(root: &Path, args: &[&str]) -> Outcome {
    let started = Instant::now();
    let mut cmd = if cfg!(unix) {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!("ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_tesis"))
            .args(args);
        c
    } else {
        let mut c = Command::new(env!("CARGO_BIN_EXE_tesis"));
        c.args(args);
        c
    };
    let mut child = cmd
        .current_dir(root)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tesis");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let code = loop {
        if let Some(status) = child.try_wait().expect("wait for tesis") {
            break status.code().unwrap_or(-1);
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break -1;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let mut stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    if started.elapsed() > TIMEOUT {
        stderr.push_str("\n[killed after the timeout]");
    }
    Outcome { code, stdout, stderr, took: started.elapsed() }
}

/// `\n`, `\t`, `\\` escapes in an expected substring.
fn unescape(s: &str) -> String {
    String::from_utf8_lossy(&unescape_bytes(s)).into_owned()
}

/// `\xNN`, `\r`, `\n`, `\t`, `\\` escapes.
fn unescape_bytes(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            match b[i + 1] {
                b'n' => out.push(b'\n'),
                b'r' => out.push(b'\r'),
                b't' => out.push(b'\t'),
                b'\\' => out.push(b'\\'),
                b'x' if i + 3 < b.len() + 1 => {
                    let hex = std::str::from_utf8(&b[i + 2..(i + 4).min(b.len())]).unwrap_or("");
                    out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                    i += 4;
                    continue;
                }
                other => out.extend([b'\\', other]),
            }
            i += 2;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

/// A PNG that claims `w`×`h` RGB pixels but carries one row of data: enough for a decoder to
/// read the size (and refuse it), tiny on disk.
fn png_header_only(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    // One filtered row of zeros in a stored (uncompressed) zlib stream, cut at 1 KiB.
    let row_len = (w as usize * 3 + 1).min(1024) as u16;
    let mut idat = vec![0x78, 0x01, 0x00];
    idat.extend(row_len.to_le_bytes());
    idat.extend((!row_len).to_le_bytes());
    idat.extend(std::iter::repeat_n(0u8, row_len as usize));
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(&b"IHDR"[..], ihdr), (b"IDAT", idat), (b"IEND", vec![])] {
        png.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(&data);
        png.extend(&body);
        png.extend(crc32(&body).to_be_bytes());
    }
    png
}

/// CRC-32 (IEEE), as PNG chunks need.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Text with every run of whitespace turned into one space.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
