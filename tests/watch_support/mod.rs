//! Helpers of the watch and preview tests: run `tesis watch` as a child process on a temporary
//! project, follow its status lines, and talk HTTP to its preview with a bare TCP stream (so a
//! path such as `/../thesis/thesis.yaml` reaches the server unnormalised).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::TestProject;

/// How long a build may take before a test gives up (a debug build on a busy 2-core machine).
pub const BUILD_TIMEOUT: Duration = Duration::from_secs(90);

/// How long to wait after a build for a second one that should not come.
pub const SETTLE: Duration = Duration::from_millis(1200);

/// A running `tesis watch`.
pub struct Watching {
    /// The child process.
    child: Child,
    /// Every line it printed on stderr so far.
    lines: Arc<Mutex<Vec<String>>>,
    /// The preview's address, `127.0.0.1:PORT`.
    pub addr: String,
    /// The project it watches.
    pub project: TestProject,
}

impl Watching {
    /// Starts `tesis watch --port 0` in the project and waits for the preview address.
    pub fn start(project: TestProject) -> Self {
        Self::start_with(project, &[])
    }

    /// Same, with environment variables.
    pub fn start_with(project: TestProject, env: &[(&str, &str)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tesis"));
        command
            .args(["watch", "--port", "0"])
            .current_dir(&project.root)
            .env_remove("SOURCE_DATE_EPOCH")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("start tesis watch");
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                sink.lock().unwrap().push(line);
            }
        });
        let mut w = Self { child, lines, addr: String::new(), project };
        let line = w.wait_line(|l| l.starts_with("preview: "));
        w.addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        w
    }

    /// Everything printed so far.
    pub fn stderr(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    /// The status lines (`build N: …`) so far.
    pub fn builds(&self) -> Vec<String> {
        self.lines.lock().unwrap().iter().filter(|l| l.starts_with("build ")).cloned().collect()
    }

    /// Waits for a line that satisfies `pred` and returns it.
    #[track_caller]
    pub fn wait_line(&self, pred: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            if let Some(l) = self.lines.lock().unwrap().iter().find(|l| pred(l)) {
                return l.clone();
            }
            assert!(started.elapsed() < BUILD_TIMEOUT, "timed out; tesis watch printed:\n{}", self.stderr());
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Waits until `n` builds have been reported and returns the status line of build `n`.
    #[track_caller]
    pub fn wait_build(&self, n: usize) -> String {
        let prefix = format!("build {n}: ");
        self.wait_line(|l| l.starts_with(&prefix))
    }

    /// Waits for build `n`, then makes sure no further build follows within [`SETTLE`].
    #[track_caller]
    pub fn expect_builds(&self, n: usize) -> String {
        let line = self.wait_build(n);
        std::thread::sleep(SETTLE);
        let builds = self.builds();
        assert_eq!(builds.len(), n, "expected exactly {n} builds:\n{}", self.stderr());
        line
    }

    /// A GET request to the preview.
    /// Asserts that none of `paths` is served: each is a 404 that leaks no project or system file.
    #[track_caller]
    pub fn assert_not_served(&self, paths: &[&str]) {
        for path in paths {
            let reply = self.get(path);
            assert_eq!(reply.status, 404, "{path} must be a 404");
            let text = reply.text();
            assert!(!text.contains("judul") && !text.contains("root:"), "{path} leaked a file");
        }
    }

    /// Requests `path` from the preview server.
    pub fn get(&self, path: &str) -> HttpReply {
        http_get(&self.addr, path, &self.addr)
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response.
#[derive(Debug)]
pub struct HttpReply {
    /// The status code.
    pub status: u16,
    /// The header lines.
    pub headers: Vec<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpReply {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A header's value (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.iter().find_map(|h| {
            let (k, v) = h.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// Sends `GET path` with the given Host header, byte for byte, and reads the reply (to its
/// Content-Length, to the end of its chunks, or to the closed connection).
pub fn http_get(addr: &str, path: &str, host: &str) -> HttpReply {
    let mut stream = TcpStream::connect(addr).expect("connect to the preview");
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    loop {
        let n = stream.read(&mut buf).expect("read the reply");
        raw.extend_from_slice(&buf[..n]);
        if n == 0 || reply_complete(&raw) {
            break;
        }
    }
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("a status line");
    let headers: Vec<String> = lines.map(str::to_string).collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|h| h.to_ascii_lowercase().starts_with("transfer-encoding: chunked"));
    if chunked {
        body = dechunk(&body);
    }
    HttpReply { status, headers, body }
}

/// Whether a reply read so far is whole (by Content-Length or the last chunk).
fn reply_complete(raw: &[u8]) -> bool {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else { return false };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let body = &raw[split + 4..];
    if let Some(len) =
        head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok())
    {
        return body.len() >= len;
    }
    head.contains("transfer-encoding: chunked") && body.ends_with(b"0\r\n\r\n")
}

/// Decodes a chunked body.
fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 2 + size + 2..];
    }
    out
}

/// Reads server-sent events from `/events`.
pub struct EventStream {
    /// The open connection.
    reader: BufReader<TcpStream>,
}

impl EventStream {
    /// Opens the stream and skips the response header.
    pub fn open(addr: &str) -> Self {
        let mut stream = TcpStream::connect(addr).expect("connect to the preview");
        stream.set_read_timeout(Some(BUILD_TIMEOUT)).unwrap();
        write!(stream, "GET /events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        loop {
            line.clear();
            reader.read_line(&mut line).expect("read the event stream header");
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        Self { reader }
    }

    /// The data of the next `update` event, parsed.
    pub fn next_update(&mut self) -> serde_json::Value {
        let mut event = String::new();
        let mut data = String::new();
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("read an event");
            assert!(n > 0, "the event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if event == "update" {
                    return serde_json::from_str(&data).expect("event data is JSON");
                }
                event.clear();
                data.clear();
            } else if let Some(v) = line.strip_prefix("event: ") {
                event = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push_str(v);
            }
        }
    }
}

impl EventStream {
    /// The update that shows the outcome of build `n` of `w`, skipping the ones before it (the
    /// first look at a saved chapter comes before the whole thesis is built).
    pub fn update_of_build(&mut self, w: &Watching, n: usize) -> serde_json::Value {
        w.wait_build(n);
        let state: serde_json::Value = serde_json::from_str(&w.get("/state.json").text()).expect("state.json is JSON");
        let version = state["version"].as_u64().expect("a version");
        loop {
            let update = self.next_update();
            if update["version"].as_u64().is_some_and(|v| v >= version) {
                return update;
            }
        }
    }
}

/// The page hashes of an update.
pub fn hashes(update: &serde_json::Value) -> Vec<String> {
    update["pages"].as_array().expect("pages").iter().map(|p| p["hash"].as_str().unwrap().to_string()).collect()
}
