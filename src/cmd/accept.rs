//! `tesis accept [--all | FILE…]`: apply the CriticMarkup changes written into chapters.

use super::{Failure, VerbResult, message_base};
use crate::args::ReviseArgs;
use crate::revise::criticmarkup::Decision;

/// Runs `tesis accept`.
pub fn run(args: &ReviseArgs) -> VerbResult {
    resolve(args, Decision::Accept)
}

/// Accepts or rejects the marks in the files `args` names (shared with `tesis reject`).
pub(super) fn resolve(args: &ReviseArgs, decision: Decision) -> VerbResult {
    let root = &args.root.root;
    let base = message_base(root);
    let files = if args.all {
        crate::revise::apply::markdown_sources(root).map_err(|d| Failure::new(d, &base))?
    } else {
        args.files.clone()
    };
    let done = crate::revise::apply::resolve_files(&files, decision).map_err(|d| Failure::one(d, &base))?;
    let verb = match decision {
        Decision::Accept => "accepted",
        Decision::Reject => "rejected",
    };
    for file in &done {
        let path = crate::diag::display_path(&file.path, &base);
        match file.marks {
            0 => eprintln!("{path}: no CriticMarkup, left as it was"),
            1 => eprintln!("{path}: 1 change {verb}"),
            n => eprintln!("{path}: {n} changes {verb}"),
        }
    }
    Ok(())
}
