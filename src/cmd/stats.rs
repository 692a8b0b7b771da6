//! `tesis stats`: words, pages, figures, tables, footnotes and citations per chapter, as a table
//! or as JSON.

use super::{Failure, VerbResult, message_base};
use crate::args::{OutputFormat, StatsArgs};

/// Runs `tesis stats`.
pub fn run(args: &StatsArgs) -> VerbResult {
    let root = &args.root.root;
    let base = message_base(root);
    let config = args.compile.config(crate::compile::Mode::Draft);
    let stats = crate::stats::collect(root, &base, config).map_err(|d| Failure::new(d, &base))?;
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&stats).expect("stats serialise")),
        OutputFormat::Human => print!("{}", crate::stats::table(&stats)),
    }
    Ok(())
}
