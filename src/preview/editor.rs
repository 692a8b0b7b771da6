//! The student's editor, opened at a source line when a word of a page is double-clicked (or
//! Ctrl/Cmd-clicked): `tesis watch --editor CMD`, with `{file}`, `{line}` and `{column}` in CMD,
//! or a preset's name; the default comes from `$VISUAL` or `$EDITOR` when it names a preset.
//!
//! The command is split into arguments here (double or single quotes group words; no shell ever
//! sees it) and the placeholders are filled in each argument, so a file name with spaces stays
//! one argument. Only a chapter file of the project, a line and a column are ever put in.

use std::path::Path;

/// The presets: name (and other names), command.
const PRESETS: [(&[&str], &str); 6] = [
    (&["code", "vscode", "code-insiders", "codium"], "code --goto {file}:{line}:{column}"),
    (&["vim", "gvim", "mvim"], "gvim --remote-silent \"+call cursor({line},{column})\" {file}"),
    (&["nvim", "neovim", "nvim-qt"], "nvim-qt -- \"+call cursor({line},{column})\" {file}"),
    (&["emacs", "emacsclient"], "emacsclient -n +{line}:{column} {file}"),
    (&["subl", "sublime", "sublime_text"], "subl {file}:{line}:{column}"),
    (&["notepad++", "notepadpp"], "notepad++ -n{line} -c{column} {file}"),
];

/// The editor command from `--editor` (a preset's name or a command with placeholders), else
/// from `$VISUAL`/`$EDITOR` when its program is a preset's; `None`: show the place instead.
pub fn command(given: Option<&str>) -> Result<Option<Vec<String>>, String> {
    if let Some(given) = given {
        let words = split(given)?;
        if words.is_empty() {
            return Err("--editor is empty".into());
        }
        if words.len() == 1
            && let Some(preset) = preset(&words[0])
        {
            return Ok(Some(split(preset)?));
        }
        if !given.contains("{file}") {
            return Err(format!(
                "--editor \"{given}\" has no {{file}}; write where the file goes, e.g. \"{given} {{file}}\", or name a preset (code, vim, nvim, emacs, subl, notepad++)"
            ));
        }
        return Ok(Some(words));
    }
    for var in ["VISUAL", "EDITOR"] {
        if let Some(value) = std::env::var_os(var) {
            let value = value.to_string_lossy().into_owned();
            if let Some(program) = split(&value).ok().and_then(|w| w.into_iter().next())
                && let Some(preset) = preset(&program)
            {
                return Ok(Some(split(preset)?));
            }
        }
    }
    Ok(None)
}

/// The preset a program name stands for (`/usr/bin/code`, `Code.exe` → VS Code's).
fn preset(program: &str) -> Option<&'static str> {
    let name = Path::new(program).file_stem()?.to_string_lossy().to_lowercase();
    PRESETS.iter().find(|(names, _)| names.contains(&name.as_str())).map(|(_, c)| *c)
}

/// Splits a command line into words: whitespace separates, quotes group, `\"` inside double
/// quotes is a quote; every other backslash is kept (Windows paths).
pub fn split(command: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = command.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\\') if c == '"' && matches!(chars.peek(), Some('"') | Some('\\')) => {
                            word.push(chars.next().unwrap_or('\\'))
                        }
                        Some(d) if d == c => break,
                        Some(d) => word.push(d),
                        None => return Err(format!("unclosed {c} in the editor command {command}")),
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// The command's arguments with the place filled in.
pub fn fill(template: &[String], file: &Path, line: usize, column: usize) -> Vec<String> {
    let file = file.to_string_lossy();
    template
        .iter()
        .map(|w| {
            w.replace("{file}", &file).replace("{line}", &line.to_string()).replace("{column}", &column.to_string())
        })
        .collect()
}

/// Starts the editor (not waiting for it); the error says what could not be run.
pub fn open(template: &[String], file: &Path, line: usize, column: usize) -> Result<(), String> {
    let args = fill(template, file, line, column);
    let (program, rest) = args.split_first().ok_or("the editor command is empty")?;
    std::process::Command::new(program)
        .args(rest)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
        .map_err(|e| format!("cannot run {program} ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_split_without_a_shell() {
        assert_eq!(split("code --goto {file}:{line}").unwrap(), ["code", "--goto", "{file}:{line}"]);
        assert_eq!(
            split(r#""C:\Program Files\Notepad++\notepad++.exe" -n{line} {file}"#).unwrap(),
            [r"C:\Program Files\Notepad++\notepad++.exe", "-n{line}", "{file}"]
        );
        assert_eq!(split(r#"a "b \"c\"" 'd e'"#).unwrap(), ["a", r#"b "c""#, "d e"]);
        assert!(split("a \"b").is_err());
        let filled = fill(&split("ed {file} +{line}:{column}").unwrap(), Path::new("/t/my bab1.md; rm -rf"), 3, 4);
        assert_eq!(filled, ["ed", "/t/my bab1.md; rm -rf", "+3:4"]);
    }

    #[test]
    fn presets_by_name() {
        assert_eq!(command(Some("code")).unwrap().unwrap(), ["code", "--goto", "{file}:{line}:{column}"]);
        assert_eq!(command(Some("/usr/bin/emacs")).unwrap().unwrap()[0], "emacsclient");
        assert_eq!(command(Some("notepad++")).unwrap().unwrap()[1], "-n{line}");
        assert!(command(Some("myeditor --flag")).is_err(), "no {{file}} and not a preset");
        assert_eq!(command(Some("my {file} {line}")).unwrap().unwrap(), ["my", "{file}", "{line}"]);
    }
}
