//! Issue 10, the preview server under abuse: 50 clients that connect and drop (mid-request, or
//! right after opening the event stream) do not stop updates, and encoded traversals reach no
//! file of the project.

mod common;
mod watch_support;

use std::io::Write;
use std::net::TcpStream;

use common::TestProject;
use watch_support::{EventStream, Watching, hashes};

/// How many misbehaving clients.
const CLIENTS: usize = 50;

#[test]
fn fifty_dropped_clients_do_not_stop_updates() {
    let w = Watching::start(TestProject::fixture("minimal"));
    w.wait_build(1);

    let threads: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let addr = w.addr.clone();
            std::thread::spawn(move || {
                let Ok(mut s) = TcpStream::connect(&addr) else { return };
                match i % 3 {
                    // Half a request line, then gone.
                    0 => {
                        let _ = s.write_all(b"GET /page/1.sv");
                    }
                    // The event stream, dropped at once.
                    1 => {
                        let _ = write!(s, "GET /events HTTP/1.1\r\nHost: {addr}\r\n\r\n");
                    }
                    // Connect and close without a byte.
                    _ => {}
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }

    let mut events = EventStream::open(&w.addr);
    let before = hashes(&events.next_update());
    w.project.edit("thesis/bab1.md", "Kalimat pertama", "Kalimat setelah lima puluh klien");
    let after = hashes(&events.next_update());
    assert_ne!(before, after, "the edit reached the event stream");
    assert_eq!(w.get("/").status, 200, "the server still answers:\n{}", w.stderr());
    assert!(!w.stderr().contains("panicked"), "{}", w.stderr());
}

#[test]
fn encoded_traversals_are_not_found() {
    let w = Watching::start(TestProject::fixture("minimal"));
    w.wait_build(1);
    w.assert_not_served(&[
        "/%2E%2E%2Fthesis%2Fthesis.yaml",
        "/..%2fthesis/thesis.yaml",
        "/page/%2e%2e%2f%2e%2e%2fthesis.pdf",
        "/page/..%5c..%5cthesis%5cthesis.yaml",
        "//etc/passwd",
        "/page/1.svg%00.yaml",
        "/preview.js/../thesis/thesis.yaml",
        "/thesis%2fthesis.yaml",
    ]);
}
