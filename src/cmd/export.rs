//! `tesis export-typst OUTDIR`: write the exact Typst project tesis compiles — generated main
//! and thesis JSON, converted chapters, template, the project files the build read, fonts — so
//! that stock `typst compile OUTDIR/main.typ --font-path OUTDIR/fonts` builds the same PDF.

use std::path::Path;

use super::{Failure, VerbResult, message_base};
use crate::args::ExportArgs;
use crate::compile::{Mode, Session};
use crate::diag::Diagnostic;
use crate::world::{MAIN_TYP, bundled_fonts, embedded_template, template_ejected};

/// Runs `tesis export-typst`.
pub fn run(args: &ExportArgs) -> VerbResult {
    let root = &args.root.root;
    let base = message_base(root);
    let out = &args.outdir;
    if out.exists() && std::fs::read_dir(out).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(Failure::one(
            Diagnostic::error(format!("{} is not an empty folder", out.display())).hint("name a new or empty folder"),
            &base,
        ));
    }
    let mut session = Session::new(root, args.compile.config(Mode::Draft));
    let compiled = session.compile().map_err(|d| Failure::new(d, &base))?;
    let write = |rel: &str, data: &[u8]| -> Result<(), Failure> {
        let path = out.join(rel.trim_start_matches('/'));
        path.parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, data))
            .map_err(|e| Failure::one(Diagnostic::error(format!("cannot write {} ({e})", path.display())), &base))
    };
    write("main.typ", MAIN_TYP.as_bytes())?;
    for (vpath, data) in session.generated_files(&compiled.project) {
        write(&vpath, &data)?;
    }
    let project_root = compiled.project.root.clone();
    if !template_ejected(&project_root) {
        for (name, data) in embedded_template() {
            write(&format!("template/{name}"), data)?;
        }
    }
    let mut copied = 0;
    for dep in session.dependencies() {
        let Ok(rel) = dep.strip_prefix(&project_root) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let data = std::fs::read(&dep)
            .map_err(|e| Failure::one(Diagnostic::error(format!("cannot read {} ({e})", dep.display())), &base))?;
        write(&rel, &data)?;
        copied += 1;
    }
    for (name, data) in bundled_fonts() {
        write(&format!("fonts/{name}"), data)?;
    }
    eprintln!(
        "Typst project written to {} ({copied} project files); build it with:\n  typst compile {} --font-path {}",
        out.display(),
        Path::new(out).join("main.typ").display(),
        Path::new(out).join("fonts").display()
    );
    Ok(())
}
