//! `tesis reject [--all | FILE…]`: drop the CriticMarkup changes, keeping the text as it was.

use super::VerbResult;
use crate::args::ReviseArgs;
use crate::revise::criticmarkup::Decision;

/// Runs `tesis reject`.
pub fn run(args: &ReviseArgs) -> VerbResult {
    super::accept::resolve(args, Decision::Reject)
}
