//! `tesis eject-template`: copy the embedded template into the project's `template/` folder,
//! which every later build then uses instead of the embedded one.

use super::{Failure, VerbResult, message_base};
use crate::args::EjectArgs;
use crate::diag::Diagnostic;
use crate::world::{TEMPLATE_DIR, embedded_template, template_ejected};

/// Runs `tesis eject-template`.
pub fn run(args: &EjectArgs) -> VerbResult {
    let root = &args.root.root;
    let base = message_base(root);
    let dir = root.join(TEMPLATE_DIR);
    if template_ejected(root) {
        return Err(Failure::one(
            Diagnostic::error(format!("{} already holds a template", crate::diag::display_path(&dir, &base)))
                .hint("delete or rename that folder first to eject the embedded template again"),
            &base,
        ));
    }
    for (name, data) in embedded_template() {
        let path = dir.join(name);
        let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, data));
        if let Err(e) = written {
            return Err(Failure::one(Diagnostic::error(format!("cannot write {} ({e})", path.display())), &base));
        }
    }
    eprintln!(
        "template copied to {}/ ({} files); tesis build now uses it instead of the embedded one",
        crate::diag::display_path(&dir, &base),
        embedded_template().len()
    );
    Ok(())
}
