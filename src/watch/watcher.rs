//! Waiting for a change to one of the files the last build read.
//!
//! We watch the *folders* that hold those files, never the files themselves: an editor that
//! saves by writing a temporary file and renaming it over the chapter replaces the inode, and a
//! watch on the old inode would go quiet (typst-kit re-watches after such a rename; a folder
//! watch never loses it). Events are filtered to the files we depend on, access and metadata
//! events are dropped (reading a chapter or `touch -a` must not rebuild; typst's 100%-CPU bug
//! came from reacting to them), and bursts are batched.
//!
//! While the last build failed, every change below the project root counts: the chapter that
//! was deleted, or a file named in thesis.yaml that does not exist yet, is waited for there.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::event::RenameMode;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::diag::Diagnostic;

/// How long to wait for a further event before building: an editor's save is several events
/// (truncate, write, rename) within a few milliseconds (tests/watch.rs saves in two writes 10 ms
/// apart). Typst waits 100 ms; half of that is still five times what a save takes, and the
/// student sees the page 50 ms sooner.
const BATCH_QUIET: Duration = Duration::from_millis(50);

/// How long to wait after an editor's rename-save (a file renamed over a watched one): the new
/// file is complete, so this only gathers the events already queued.
const BATCH_AFTER_RENAME: Duration = Duration::from_millis(2);

/// The longest a burst may postpone a build, so a storm of events cannot starve rebuilds.
const BATCH_CAP: Duration = Duration::from_millis(500);

/// How often missing folders are checked while nothing happens.
const POLL: Duration = Duration::from_millis(250);

/// A relevant change, as [`Watcher::wait`] reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The files that changed (a rescan or a folder that appeared may name none).
    pub files: Vec<PathBuf>,
    /// When the first event of the burst arrived (the benchmark measures from here).
    pub first: Instant,
    /// Whether a [`Waker`] asked the loop to look at its requests (with no file changed, no build
    /// is needed).
    pub woken: bool,
}

/// Wakes a waiting [`Watcher::wait`] from another thread (the preview has a request only the
/// watch loop's world can answer).
#[derive(Clone)]
pub struct Waker {
    /// The watcher's own event channel.
    tx: std::sync::mpsc::Sender<notify::Result<Event>>,
}

impl Waker {
    /// Makes the next (or current) wait return with `woken`.
    pub fn wake(&self) {
        let _ = self.tx.send(Ok(Event::new(notify::EventKind::Other).set_info(WAKE)));
    }
}

impl std::fmt::Debug for Waker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Waker")
    }
}

/// The info of a wake-up event.
const WAKE: &str = "tesis-wake";

/// Whether an event is a [`Waker`]'s.
fn is_wake(event: &notify::Result<Event>) -> bool {
    matches!(event, Ok(e) if e.kind == notify::EventKind::Other && e.info() == Some(WAKE))
}

/// What to watch after a build.
#[derive(Debug, Default, Clone)]
pub struct WatchSet {
    /// The files whose change triggers a rebuild (their folders are watched).
    pub files: Vec<PathBuf>,
    /// Watch everything below this folder (recursively): set while builds fail.
    pub everything_below: Option<PathBuf>,
}

/// A file-system watcher over the folders of a build's dependencies.
pub struct Watcher {
    /// The notify watcher.
    inner: RecommendedWatcher,
    /// Its events.
    rx: Receiver<notify::Result<Event>>,
    /// A sender into the same channel, for [`Waker`]s.
    tx: std::sync::mpsc::Sender<notify::Result<Event>>,
    /// Folders watched non-recursively; the flag marks those still wanted during an update.
    folders: HashMap<PathBuf, bool>,
    /// The folder watched recursively, while builds fail.
    recursive: Option<PathBuf>,
    /// Files that matter.
    files: HashSet<PathBuf>,
    /// Folders that should be watched but do not exist (polled until they do).
    missing: Vec<PathBuf>,
    /// Files we write ourselves (the PDF): never a reason to rebuild.
    outputs: Vec<PathBuf>,
}

impl Watcher {
    /// A watcher that ignores changes to `outputs`.
    pub fn new(outputs: Vec<PathBuf>) -> Result<Self, Diagnostic> {
        let (tx, rx) = std::sync::mpsc::channel();
        let inner = notify::recommended_watcher(tx.clone())
            .map_err(|e| Diagnostic::error(format!("cannot watch files for changes ({e})")))?;
        Ok(Self {
            inner,
            rx,
            tx,
            folders: HashMap::new(),
            recursive: None,
            files: HashSet::new(),
            missing: Vec::new(),
            outputs,
        })
    }

    /// A waker for this watcher's [`Watcher::wait`].
    pub fn waker(&self) -> Waker {
        Waker { tx: self.tx.clone() }
    }

    /// Watches exactly what `set` asks for, unwatching what it no longer needs.
    pub fn update(&mut self, set: &WatchSet) -> Result<(), Diagnostic> {
        for seen in self.folders.values_mut() {
            *seen = false;
        }
        self.missing.clear();
        self.files = set.files.iter().cloned().collect();
        let wanted: HashSet<PathBuf> = set.files.iter().filter_map(|f| f.parent().map(Path::to_path_buf)).collect();
        for folder in wanted {
            if !folder.is_dir() {
                self.missing.push(folder);
                continue;
            }
            if !self.folders.contains_key(&folder) {
                self.inner
                    .watch(&folder, RecursiveMode::NonRecursive)
                    .map_err(|e| Diagnostic::error(format!("cannot watch {} ({e})", folder.display())))?;
            }
            self.folders.insert(folder, true);
        }
        self.folders.retain(|folder, seen| {
            if !*seen {
                let _ = self.inner.unwatch(folder);
            }
            *seen
        });
        if self.recursive != set.everything_below {
            if let Some(old) = self.recursive.take() {
                let _ = self.inner.unwatch(&old);
                // Unwatching the tree also dropped the watches on folders inside it.
                let inside: Vec<PathBuf> = self.folders.keys().filter(|f| f.starts_with(&old)).cloned().collect();
                for folder in inside {
                    let _ = self.inner.watch(&folder, RecursiveMode::NonRecursive);
                }
            }
            if let Some(new) = &set.everything_below {
                self.inner
                    .watch(new, RecursiveMode::Recursive)
                    .map_err(|e| Diagnostic::error(format!("cannot watch {} ({e})", new.display())))?;
                self.recursive = Some(new.clone());
            }
        }
        Ok(())
    }

    /// Blocks until a relevant change, then waits for the burst to end.
    pub fn wait(&mut self) -> Result<Change, Diagnostic> {
        let mut woken = false;
        loop {
            let first = match self.rx.recv_timeout(POLL) {
                Ok(event) if is_wake(&event) => {
                    return Ok(Change { files: vec![], first: Instant::now(), woken: true });
                }
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => {
                    if self.missing.iter().any(|f| f.is_dir()) {
                        return Ok(Change { files: vec![], first: Instant::now(), woken });
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Diagnostic::error("the file watcher stopped unexpectedly"));
                }
            };
            let started = Instant::now();
            let mut changed = Vec::new();
            let mut quiet = self.quiet_after(&first);
            let mut relevant = self.take(first, &mut changed);
            while started.elapsed() < BATCH_CAP {
                match self.rx.recv_timeout(quiet) {
                    Ok(event) if is_wake(&event) => woken = true,
                    Ok(event) => {
                        quiet = self.quiet_after(&event);
                        relevant |= self.take(event, &mut changed);
                    }
                    Err(_) => break,
                }
            }
            if relevant {
                changed.sort();
                changed.dedup();
                return Ok(Change { files: changed, first: started, woken });
            }
            if woken {
                return Ok(Change { files: vec![], first: started, woken });
            }
        }
    }

    /// How long to wait for a further event after `event`: briefly after a rename-save of a
    /// watched file (its new contents are complete), else until the writing has gone quiet.
    fn quiet_after(&self, event: &notify::Result<Event>) -> Duration {
        let Ok(event) = event else { return BATCH_QUIET };
        let renamed_onto = matches!(event.kind, EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)));
        // For a pair (`Both`), the last path is the new name.
        if renamed_onto && event.paths.last().is_some_and(|p| self.files.contains(p)) {
            BATCH_AFTER_RENAME
        } else {
            BATCH_QUIET
        }
    }

    /// Looks at one event: records the changed files it names and says whether it matters.
    fn take(&mut self, event: notify::Result<Event>, changed: &mut Vec<PathBuf>) -> bool {
        let event = match event {
            Ok(event) => event,
            // A lost event (the kernel's queue overflowed): rebuild to be safe.
            Err(_) => return true,
        };
        if event.need_rescan() {
            return true;
        }
        if !is_relevant_kind(&event.kind) {
            return false;
        }
        let mut relevant = false;
        for path in &event.paths {
            if self.outputs.iter().any(|o| o == path) || is_scratch(path) {
                continue;
            }
            if self.folders.contains_key(path) {
                // The folder itself was deleted or moved away: its watch is gone, and the next
                // update watches it (or its replacement) again.
                let _ = self.inner.unwatch(path);
                self.folders.remove(path);
                relevant = true;
                continue;
            }
            let below = self.recursive.as_ref().is_some_and(|r| path.starts_with(r) && !is_hidden_below(path, r));
            if self.files.contains(path) || below {
                changed.push(path.clone());
                relevant = true;
            }
        }
        relevant
    }
}

/// Whether a kind of event can change what a build reads (typst-kit's list).
fn is_relevant_kind(kind: &EventKind) -> bool {
    match kind {
        EventKind::Any | EventKind::Create(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Modify(kind) => matches!(kind, ModifyKind::Any | ModifyKind::Data(_) | ModifyKind::Name(_)),
        EventKind::Remove(_) => true,
    }
}

/// Editors' scratch files and our own temporary PDF: `.x.swp`, `x~`, `#x#`, `.thesis.pdf.1.tmp`,
/// and vim's write test `4913`.
fn is_scratch(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || (name.starts_with('.') && name.ends_with(".tmp"))
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a path below `root` passes through a hidden folder or is a hidden file (`.git/…`).
fn is_hidden_below(path: &Path, root: &Path) -> bool {
    path.strip_prefix(root)
        .map(|rel| rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_files_are_recognised() {
        for name in [".bab1.md.swp", "bab1.md~", ".#bab1.md", "#bab1.md#", "4913", ".thesis.pdf.77.tmp"] {
            assert!(is_scratch(Path::new(name)), "{name}");
        }
        for name in ["bab1.md", "thesis.yaml", "gambar-1.png", "2024.csv"] {
            assert!(!is_scratch(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn access_and_metadata_events_do_not_count() {
        use notify::event::{AccessKind, MetadataKind};
        assert!(!is_relevant_kind(&EventKind::Access(AccessKind::Any)));
        assert!(!is_relevant_kind(&EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any))));
        assert!(is_relevant_kind(&EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any))));
    }

    #[test]
    fn hidden_folders_below_the_root_are_ignored() {
        let root = Path::new("/p");
        assert!(is_hidden_below(Path::new("/p/.git/index"), root));
        assert!(!is_hidden_below(Path::new("/p/thesis/bab1.md"), root));
    }
}
