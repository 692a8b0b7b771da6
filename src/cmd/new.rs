//! `tesis new`: write a buildable project into a new or empty folder.

use std::time::{SystemTime, UNIX_EPOCH};

use super::{Failure, VerbResult, message_base};
use crate::args::NewArgs;

/// Average days per year of the Gregorian calendar.
const DAYS_PER_YEAR: f64 = 365.2425;

/// Runs `tesis new`.
pub fn run(args: &NewArgs) -> VerbResult {
    let base = message_base(&args.dir);
    let jenis = args.jenis.as_str();
    crate::scaffold::create(&args.dir, jenis, this_year()).map_err(|d| Failure::one(d, &base))?;
    let dir = args.dir.display();
    eprintln!(
        "new {jenis} in {dir}: fill in thesis/thesis.yaml, write thesis/bab1.md …, then run `tesis build --root {dir}`"
    );
    Ok(())
}

/// The current year (for the cover of a new project).
pub(crate) fn this_year() -> i32 {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    1970 + (secs as f64 / 86_400.0 / DAYS_PER_YEAR) as i32
}
