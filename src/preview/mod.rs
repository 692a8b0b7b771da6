//! The live preview of `tesis watch`: after each build the watch loop hands the pages (or the
//! errors) to [`Preview`], which renders the pages that changed and publishes them to the
//! browsers over server-sent events.
//!
//! This is mdBook's post-build hook, not a compiler: it only ever sees finished documents and
//! diagnostics. The browser side (`index.html`, `preview.js`, `preview.css`) replaces only the
//! changed pages, so the reader keeps their place; an error is an overlay above the last good
//! pages.

mod click;
mod desk;
pub mod editor;
mod http;
mod locate;
mod marks;
pub mod outline;
mod pages;
pub mod remote;
mod server;

use std::path::Path;

pub use desk::Desk;
pub use marks::{ChapterMarks, PanelMark, chapter_marks};
pub use outline::{Entry, outline};
pub use pages::{PageView, Pages, page_text};
pub use server::{DEFAULT_PORT, ErrorView, Server, ShowAt, Snapshot};

use crate::compile::Compiled;
use crate::diag::{self, Diagnostic};

/// A running preview: the server and the pages it shows.
pub struct Preview {
    /// The HTTP server.
    server: Server,
    /// The rendered pages.
    pages: Pages,
    /// The POST handlers' state (the clicks waiting for the watch loop).
    desk: Desk,
}

impl Preview {
    /// Starts the server (see [`Server::start`] for `port`).
    pub fn start(port: Option<u16>, desk: Desk) -> Result<Self, Diagnostic> {
        Ok(Self { server: Server::start(port, desk.clone())?, pages: Pages::default(), desk })
    }

    /// The server (its port and token, for `tesis show`).
    pub fn server(&self) -> &Server {
        &self.server
    }

    /// The address to open in a browser.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Shows a good build: renders the pages that changed and clears the error overlay.
    /// Returns how many pages changed since the last good build (a first look in between
    /// does not count).
    pub fn show_document(&mut self, compiled: &Compiled) -> usize {
        let document = &compiled.document;
        let title = &compiled.project.thesis.judul;
        let changed = self.pages.update(document).len();
        let views = self.pages.views().to_vec();
        self.server.published().publish(|s| {
            s.pages = views;
            s.error = None;
            s.title = title.to_string();
        });
        // The outline and the review marks come after the pages are out, so they never delay them.
        let entries = outline(document);
        let chapters = chapter_marks(&compiled.project, document);
        self.server.published().publish(|s| {
            s.outline = entries;
            s.chapters = chapters;
            s.document = Some(document.clone());
        });
        changed
    }

    /// Shows the first look at a save ([`crate::watch::first_look`]): the chapter's pages, laid out alone,
    /// take the place of its pages in the last good build; the error overlay stays until the
    /// whole thesis has compiled. Returns how many pages changed.
    pub fn show_first_look(&mut self, look: &crate::watch::FirstLook<'_>) -> usize {
        let Some(shown) = look.document.pages().get(look.shown.clone()) else { return 0 };
        let changed = self.pages.splice(look.chapter, look.replaces.clone(), shown).len();
        let views = self.pages.views().to_vec();
        self.server.published().publish(|s| s.pages = views);
        changed
    }

    /// Between builds: answers the clicks on pages (their source lines).
    pub fn idle(&self, idle: &crate::watch::Idle<'_>) {
        click::serve(&self.desk, self.server.published(), idle);
    }

    /// Shows a failed build: the overlay with the first error and all the diagnostics; the last
    /// good pages stay.
    pub fn show_errors(&mut self, diagnostics: &[Diagnostic], base: &Path) {
        let error = error_view(diagnostics, base);
        self.server.published().publish(|s| s.error = Some(error));
    }
}

/// The overlay of a failed build.
pub fn error_view(diagnostics: &[Diagnostic], base: &Path) -> ErrorView {
    let summary = diag::summary_line(diagnostics, base);
    ErrorView { summary, details: diag::render(diagnostics, base) }
}
