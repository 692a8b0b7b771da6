//! `tesis watch`: build, serve the live preview, rebuild on every save.

use super::{Failure, VerbResult, message_base};
use crate::args::WatchArgs;
use crate::compile::{Mode, Session};
use crate::diag::Diagnostic;
use crate::preview::{Desk, Preview, editor, remote};
use crate::project::YAML_PATH;
use crate::watch::{self, Outcome, WatchConfig};

/// Runs `tesis watch` until the process is interrupted.
pub fn run(args: &WatchArgs) -> VerbResult {
    let root = &args.root.root;
    let base = message_base(root);
    let mut session = Session::new(root, args.compile.config(Mode::Draft)).recording_references();
    let canonical = match dunce::canonicalize(root) {
        Ok(r) if r.join(YAML_PATH).is_file() => r,
        // Not a project: nothing to wait for, so say why once (the one compile path words it).
        _ => return session.compile().map(|_| ()).map_err(|d| Failure::new(d, &base)),
    };
    let editor = editor::command(args.editor.as_deref()).map_err(|e| Failure::one(Diagnostic::error(e), &base))?;
    let desk = Desk { editor, ..Desk::default() };
    let clicks = desk.clicks.clone();
    let mut preview = Preview::start(args.port, desk).map_err(|d| Failure::one(d, &base))?;
    eprintln!("preview: {} (Ctrl+C to stop)", preview.url());
    // For `tesis show`; removed when this returns.
    let _handle = remote::Handle::write(&canonical, preview.server().port(), preview.server().token());
    if args.open {
        open_browser(&preview.url());
    }
    let config = WatchConfig {
        pdf: canonical.join("thesis.pdf"),
        root: canonical,
        base: base.clone(),
        timing: std::env::var_os("TESIS_TIMING").is_some_and(|v| v != "0" && !v.is_empty()),
    };
    let mut hook = |outcome: Outcome<'_>| match outcome {
        Outcome::FirstLook(look) => Some(preview.show_first_look(&look)),
        Outcome::Built(compiled) => Some(preview.show_document(compiled)),
        Outcome::Failed(diagnostics) => {
            preview.show_errors(diagnostics, &base);
            None
        }
        Outcome::Idle(idle) => {
            preview.idle(&idle);
            None
        }
    };
    // The loop wakes for clicks on pages (only its world maps them to the source).
    let waker = |w| *clicks.waker.lock().unwrap_or_else(|e| e.into_inner()) = Some(w);
    watch::run_waking(&mut session, &config, &mut hook, waker).map_err(|d| Failure::one(d, &base))
}

/// Opens the preview in the default browser; a failure only costs the student a click.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    let opened = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if opened.is_err() {
        eprintln!("note: could not open a browser; open {url} yourself");
    }
}
