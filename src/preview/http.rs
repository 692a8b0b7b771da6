//! Just enough HTTP/1.1 for the preview, over std's `TcpListener`: one thread per connection,
//! keep-alive, GET and HEAD, POST with a small body of known length (the review panel's and
//! `tesis show`'s requests), and a connection handed over for server-sent events.
//!
//! Written by hand because the preview needs every browser connection served at once: a
//! browser keeps up to six connections open and idle between requests, and tiny_http 0.12's
//! thread pool can queue a new connection behind idle ones until they close (a page text the
//! browser asked for never arrived).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

/// The largest request head we read; the preview's requests are a few hundred bytes.
const MAX_HEAD: usize = 16 * 1024;

/// The largest request body we read (a panel action names a few marks).
const MAX_BODY: usize = 256 * 1024;

/// How long an idle keep-alive connection stays open.
const IDLE: Duration = Duration::from_secs(120);

/// A request: method, target (path and query) and headers.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The request target as sent (`/page/3.svg?v=…`), not normalised.
    pub target: String,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body (POST), empty otherwise.
    pub body: Vec<u8>,
}

impl Request {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(self.target.as_str(), |(p, _)| p)
    }
}

/// What a handler answers.
pub enum Reply {
    /// A whole response.
    Full {
        /// The status code.
        status: u16,
        /// Extra headers (Content-Type, ETag, …).
        headers: Vec<(&'static str, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Take over the connection (server-sent events); it is not used for requests again.
    Stream(Box<dyn FnOnce(TcpStream) + Send>),
}

impl Reply {
    /// A response with a body of the given type.
    pub fn ok(mime: &str, body: Vec<u8>) -> Self {
        Reply::Full { status: 200, headers: vec![("Content-Type", mime.to_string())], body }
    }

    /// A plain-text message with this status (why a request was refused).
    pub fn message(status: u16, text: impl Into<String>) -> Self {
        let headers = vec![("Content-Type", "text/plain; charset=utf-8".to_string())];
        Reply::Full { status, headers, body: text.into().into_bytes() }
    }

    /// An empty response with this status.
    pub fn status(status: u16) -> Self {
        Reply::Full { status, headers: vec![], body: vec![] }
    }
}

/// Accepts connections forever, each on its own thread, answering requests with `handler`.
pub fn serve<H>(listener: TcpListener, handler: H)
where
    H: Fn(&Request) -> Reply + Send + Sync + 'static,
{
    let handler = std::sync::Arc::new(handler);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let handler = handler.clone();
        let _ = std::thread::Builder::new().name("preview-connection".into()).spawn(move || {
            let _ = connection(stream, &*handler);
        });
    }
}

/// Serves the requests of one connection until it closes or is handed to a stream.
fn connection(stream: TcpStream, handler: &dyn Fn(&Request) -> Reply) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let Some(request) = read_request(&mut reader)? else { return Ok(()) };
        let close = request.header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
        match handler(&request) {
            Reply::Full { status, headers, body } => {
                write_response(&mut writer, status, &headers, &body, request.method == "HEAD", close)?;
            }
            Reply::Stream(take) => {
                take(writer);
                return Ok(());
            }
        }
        if close {
            return Ok(());
        }
    }
}

/// Reads one request; `None` when the client closed the connection. A body must come with a
/// Content-Length of at most [`MAX_BODY`]; a chunked one is refused.
fn read_request(reader: &mut BufReader<TcpStream>) -> io::Result<Option<Request>> {
    let mut lines = Vec::new();
    let mut size = 0;
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line)?;
        if n == 0 {
            return Ok(None);
        }
        size += n;
        if size > MAX_HEAD {
            return Err(io::Error::other("request head too large"));
        }
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        if line.is_empty() {
            if lines.is_empty() {
                continue; // a stray line break between requests
            }
            break;
        }
        lines.push(line);
    }
    let mut first = lines[0].split(' ');
    let (Some(method), Some(target)) = (first.next(), first.next()) else {
        return Err(io::Error::other("malformed request line"));
    };
    let headers: Vec<(String, String)> = lines[1..]
        .iter()
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string())))
        .collect();
    if headers.iter().any(|(k, _)| k == "transfer-encoding") {
        return Err(io::Error::other("chunked request body"));
    }
    let length = match headers.iter().find(|(k, _)| k == "content-length") {
        Some((_, v)) => v.parse::<usize>().map_err(|_| io::Error::other("bad content-length"))?,
        None => 0,
    };
    if length > MAX_BODY {
        return Err(io::Error::other("request body too large"));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some(Request { method: method.to_string(), target: target.to_string(), headers, body }))
}

/// Writes a response with its length.
fn write_response(
    out: &mut TcpStream,
    status: u16,
    headers: &[(&'static str, String)],
    body: &[u8],
    head_only: bool,
    close: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\nContent-Length: {}\r\n", reason(status), body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(if close { "Connection: close\r\n\r\n" } else { "Connection: keep-alive\r\n\r\n" });
    let mut all = head.into_bytes();
    if !head_only {
        all.extend_from_slice(body);
    }
    out.write_all(&all)?;
    out.flush()
}

/// The reason phrase of a status code.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        _ => "Status",
    }
}
