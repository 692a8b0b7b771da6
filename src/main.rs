//! The `tesis` binary: parses the command line, dispatches to a verb in `cmd`, prints the
//! verb's diagnostics and sets the exit code.
//!
//! Exit codes: 0 success, 1 a problem in the student's input (the message says what), 2 a bug
//! in tesis (a panic; the message asks to report it).

use std::process::ExitCode;

use clap::Parser;

use tesis::args::{Cli, Command};
use tesis::cmd;

fn main() -> ExitCode {
    install_panic_hook();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => cmd::build::run(&args),
        Command::ExportTypst(args) => cmd::export::run(&args),
        Command::EjectTemplate(args) => cmd::eject::run(&args),
        Command::Import(args) => cmd::import::run(&args),
        Command::Diff(args) => cmd::diff::run(&args),
        Command::Accept(args) => cmd::accept::run(&args),
        Command::Reject(args) => cmd::reject::run(&args),
        Command::Watch(args) => cmd::watch::run(&args),
        Command::New(args) => cmd::new::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::Stats(args) => cmd::stats::run(&args),
        Command::Docx(args) => cmd::docx::run(&args),
        Command::Review(args) => cmd::review::run(&args),
        Command::Show(args) => cmd::show::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            tesis::diag::emit(&failure.diagnostics, &failure.base);
            ExitCode::from(1)
        }
    }
}

/// A panic is our bug, never the student's: say so briefly and exit with code 2.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "error: tesis hit an internal bug ({what}{place})\n  \
             = hint: your files were not changed; please report this with the command you ran"
        );
        std::process::exit(2);
    }));
}
