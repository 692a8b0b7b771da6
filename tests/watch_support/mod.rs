//! Helpers of the watch and preview tests: run `tesis watch` as a child process on a temporary
//! project, follow its status lines, and talk HTTP to its preview with a bare TCP stream (so a
//! path such as `/../thesis/thesis.yaml` reaches the server unnormalised).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::common::TestProject;

/// How long a build may take before a test gives up (a debug build on a busy 2-core machine).
pub const BUILD_TIMEOUT: Duration = Duration::from_secs(90);

/// How long a test watches for a build that must not come. Only [`Watching::assert_builds_settle_at`]
/// sleeps this long: proving that nothing happens has no event to wait for.
pub const SETTLE: Duration = Duration::from_millis(1200);

/// What `tesis watch` printed on stderr so far, and whether it closed stderr (it exited).
#[derive(Default)]
struct Log {
    /// Every line, in order.
    lines: Vec<String>,
    /// The stream ended.
    closed: bool,
}

/// The log, and the signal the reader thread gives after each line and at the end.
type SharedLog = Arc<(Mutex<Log>, Condvar)>;

/// A running `tesis watch`.
pub struct Watching {
    /// The child process.
    child: Child,
    /// What it printed on stderr, filled by a reader thread.
    log: SharedLog,
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
        Self::start_with_args(project, env, &[])
    }

    /// Same, with more arguments after `watch --port 0`.
    pub fn start_with_args(project: TestProject, env: &[(&str, &str)], args: &[&str]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tesis"));
        command
            .args(["watch", "--port", "0"])
            .args(args)
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
        let log: SharedLog = Arc::default();
        let sink = log.clone();
        std::thread::spawn(move || {
            let (log, signal) = &*sink;
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                log.lock().unwrap().lines.push(line);
                signal.notify_all();
            }
            log.lock().unwrap().closed = true;
            signal.notify_all();
        });
        let mut w = Self { child, log, addr: String::new(), project };
        let line = w.wait_for("the preview's address", |l| l.starts_with("preview: "));
        w.addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        w
    }

    /// The log, locked.
    fn log(&self) -> MutexGuard<'_, Log> {
        self.log.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Everything printed so far.
    pub fn stderr(&self) -> String {
        self.log().lines.join("\n")
    }

    /// The status lines (`build N: …`) so far.
    pub fn builds(&self) -> Vec<String> {
        self.log().lines.iter().filter(|l| l.starts_with("build ")).cloned().collect()
    }

    /// Waits for a line that satisfies `pred` and returns it.
    #[track_caller]
    pub fn wait_line(&self, pred: impl Fn(&str) -> bool) -> String {
        self.wait_for("the line the test waits for", pred)
    }

    /// Waits, woken by each line the watcher prints, until a line satisfies `pred`; fails the
    /// test, naming `what` and showing the output, when [`BUILD_TIMEOUT`] passes or the watcher
    /// exits first.
    #[track_caller]
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait_for_within(what, BUILD_TIMEOUT, pred)
    }

    /// [`Self::wait_for`] with another time limit.
    #[track_caller]
    pub fn wait_for_within(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        let mut log = self.log();
        loop {
            if let Some(line) = log.lines.iter().find(|l| pred(l)) {
                return line.clone();
            }
            let now = Instant::now();
            if log.closed || now >= deadline {
                let printed = log.lines.join("\n");
                drop(log);
                if now >= deadline {
                    panic!("waited {} s for {what} in vain; tesis watch printed:\n{printed}", timeout.as_secs());
                }
                panic!("tesis watch exited before {what}; it printed:\n{printed}");
            }
            log = self.log.1.wait_timeout(log, deadline - now).unwrap_or_else(|p| p.into_inner()).0;
        }
    }

    /// Waits until build `n` has been reported and the watcher watches the project for the next
    /// change; returns the status line of build `n`.
    ///
    /// The status line comes before the watcher has (re)armed its watches on the folders the
    /// build read: a save in that moment, or during the first build, is never built (a bug of
    /// src/watch, shown by `tests/watch.rs`'s ignored `a_save_right_after_the_first_build_is_built`).
    /// So the tests change nothing before the watches are there.
    #[track_caller]
    pub fn wait_build(&self, n: usize) -> String {
        let prefix = format!("build {n}: ");
        let line = self.wait_for(&format!("status line `{prefix}…`"), |l| l.starts_with(&prefix));
        let mut folders = vec![self.project.path("thesis")];
        if line.starts_with(&format!("{prefix}error: ")) {
            // While builds fail, everything below the root is watched.
            folders.push(self.project.root.clone());
        }
        self.wait_watching(&folders);
        line
    }

    /// Waits until the watcher has an inotify watch on every one of `folders` (Linux: read from
    /// /proc/PID/fdinfo, polled, as the kernel sends no event when a watch is added).
    #[cfg(target_os = "linux")]
    #[track_caller]
    fn wait_watching(&self, folders: &[std::path::PathBuf]) {
        let deadline = Instant::now() + BUILD_TIMEOUT;
        while !folders.iter().all(|f| inotify_watches(self.child.id(), f)) {
            assert!(
                Instant::now() < deadline,
                "tesis watch never watched {folders:?} within {} s; it printed:\n{}",
                BUILD_TIMEOUT.as_secs(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Elsewhere the watches cannot be seen: this gives the watcher the moment it takes to arm
    /// them after the status line (milliseconds; the tests run on Linux, where this is exact).
    #[cfg(not(target_os = "linux"))]
    fn wait_watching(&self, _folders: &[std::path::PathBuf]) {
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Waits for build `n` and asserts that it is the last one so far (a build `n + 1` already
    /// reported means one change was built twice). Returns its status line. Whether a build
    /// follows later is [`Self::assert_builds_settle_at`]'s to prove.
    #[track_caller]
    pub fn expect_builds(&self, n: usize) -> String {
        let line = self.wait_build(n);
        let builds = self.builds();
        assert_eq!(builds.len(), n, "expected exactly {n} builds:\n{}", self.stderr());
        line
    }

    /// Asserts that the watcher stays at `n` builds: no build is still to come for the changes
    /// made so far. Sleeps [`SETTLE`]: a build that must not happen has no event to wait for.
    #[track_caller]
    pub fn assert_builds_settle_at(&self, n: usize) {
        self.wait_build(n);
        std::thread::sleep(SETTLE);
        let builds = self.builds();
        assert_eq!(builds.len(), n, "expected exactly {n} builds, and no more:\n{}", self.stderr());
    }

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

/// Whether process `pid` has an inotify watch on `folder` (its inode, as /proc/PID/fdinfo shows
/// each watch: `inotify wd:1 ino:98e072 sdev:… mask:…`).
#[cfg(target_os = "linux")]
fn inotify_watches(pid: u32, folder: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(folder) else { return false };
    let needle = format!(" ino:{:x} ", meta.ino());
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else { return false };
    fds.flatten()
        .filter(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target.as_os_str() == "anon_inode:inotify"))
        .filter_map(|fd| {
            std::fs::read_to_string(format!("/proc/{pid}/fdinfo/{}", fd.file_name().to_string_lossy())).ok()
        })
        .any(|info| info.lines().any(|l| l.starts_with("inotify ") && l.contains(&needle)))
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
