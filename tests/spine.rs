//! Issue 2, the spine: `tesis build` turns a project into a PDF; bad input exits 1 with the file
//! and line named and leaves the previous PDF byte-identical; rebuilding gives identical bytes.

mod common;

use clap::CommandFactory;
use common::{TestProject, pdf_info};
use tesis::args::Cli;

/// A built minimal project, plus the bytes of its PDF.
fn built() -> (TestProject, Vec<u8>) {
    let p = TestProject::fixture("minimal");
    p.build_ok();
    let pdf = std::fs::read(p.path("thesis.pdf")).unwrap();
    (p, pdf)
}

#[test]
fn build_writes_pdf_with_title_and_author_f30() {
    let (p, pdf) = built();
    assert!(pdf.starts_with(b"%PDF"));
    let info = pdf_info(&p.path("thesis.pdf"));
    let title = info.get("Title").cloned().unwrap_or_default();
    assert!(title.starts_with("KERJA SAMA SISTER CITY DALAM UJI"), "{info:?}");
    assert_eq!(info.get("Author").map(String::as_str), Some("MAHASISWA PENGUJI"), "{info:?}");
    let text = p.pdf_text();
    assert!(text.contains("Kalimat pertama bab satu"), "{text}");
    assert!(text.contains("Bab dua ditulis dalam Typst"), "{text}");
}

#[test]
fn success_prints_one_line_with_pages_and_path() {
    let p = TestProject::fixture("minimal");
    let run = p.build_ok();
    let err = run.stderr();
    assert!(err.contains("pages in") && err.contains("thesis.pdf"), "{err}");
}

#[test]
fn rebuild_is_byte_identical_f31() {
    let (p, first) = built();
    p.build_ok();
    let second = std::fs::read(p.path("thesis.pdf")).unwrap();
    assert!(first == second, "two builds of unchanged sources differ");
}

#[test]
fn output_flag_writes_elsewhere() {
    let p = TestProject::fixture("minimal");
    p.tesis(&["build", "-o", "out.pdf"]).ok();
    assert!(p.path("out.pdf").is_file());
    assert!(!p.path("thesis.pdf").exists());
}

/// Builds once, breaks the project with `edit`, builds again: exit 1, stderr names every
/// needle, and thesis.pdf keeps its bytes. Returns the message.
fn breaks(edit: impl FnOnce(&TestProject), needles: &[&str]) -> String {
    let (p, before) = built();
    edit(&p);
    let err = p.tesis(&["build"]).fails_with(needles).stderr();
    let after = std::fs::read(p.path("thesis.pdf")).unwrap();
    assert!(before == after, "the previous PDF changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(&p.root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    err
}

/// The 1-based line and column (in characters) of the first character of `at` in `text`, where
/// `at` must occur exactly once.
fn position_of(text: &str, at: &str) -> (usize, usize) {
    assert_eq!(text.matches(at).count(), 1, "{at:?} must occur once in:\n{text}");
    let before = &text[..text.find(at).unwrap()];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Every `thesis/thesis.yaml:LINE:COL` a message names, in order.
fn yaml_places(message: &str) -> Vec<(usize, usize)> {
    const FILE: &str = "thesis/thesis.yaml:";
    let number = |s: &str| -> Option<(usize, usize)> {
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        Some((s[..digits].parse().ok()?, digits))
    };
    message
        .match_indices(FILE)
        .filter_map(|(i, _)| {
            let rest = &message[i + FILE.len()..];
            let (line, len) = number(rest)?;
            let (column, _) = number(rest[len..].strip_prefix(':')?)?;
            Some((line, column))
        })
        .collect()
}

/// How exactly the message must point at the broken place.
#[derive(Clone, Copy)]
enum Points {
    /// At the first character of the marked text.
    Exactly,
    /// At its line, anywhere within the line's text.
    AtTheLine,
}

/// Replaces `from` by `to` in the fixture's thesis.yaml, builds, and checks that the first place
/// the message names is that of `at` in the broken file (see [`Points`]), and that the message
/// says every one of `says`.
fn yaml_error_at(from: &str, to: &str, at: &str, points: Points, says: &[&str]) {
    let original = std::fs::read_to_string(common::repo().join("tests/fixtures/minimal/thesis/thesis.yaml")).unwrap();
    assert!(original.contains(from), "the fixture's thesis.yaml lacks {from:?}");
    let broken = original.replacen(from, to, 1);
    let (line, column) = position_of(&broken, at);
    let err = breaks(|p| p.write("thesis/thesis.yaml", &broken), says);
    let places = yaml_places(&err);
    let Some(&(got_line, got_column)) = places.first() else {
        panic!("no thesis/thesis.yaml:LINE:COL in the message (the error is at {line}:{column}):\n{err}")
    };
    match points {
        Points::Exactly => assert_eq!(
            (got_line, got_column),
            (line, column),
            "the message points at thesis/thesis.yaml:{got_line}:{got_column}, the error is at {line}:{column}:\n{err}"
        ),
        Points::AtTheLine => {
            let width = broken.lines().nth(line - 1).unwrap().chars().count();
            assert!(
                got_line == line && (1..=width).contains(&got_column),
                "the message points at thesis/thesis.yaml:{got_line}:{got_column}, the error is on line {line} \
                 (columns 1 to {width}):\n{err}"
            );
        }
    }
}

#[test]
fn yaml_unknown_key_names_line_column_and_suggests() {
    yaml_error_at(
        "judul_en:",
        "judl_en:",
        "judl_en",
        Points::Exactly,
        &["unknown key `judl_en`", "did you mean `judul_en`?"],
    );
}

#[test]
fn yaml_unknown_nested_keys_name_line_and_column() {
    yaml_error_at("  nim:", "  nmi:", "nmi", Points::Exactly, &["unknown key `nmi`", "did you mean `nim`?"]);
    yaml_error_at("  - nama: Dr.", "  - nma: Dr.", "nma", Points::Exactly, &["unknown key `nma`", "`nama`"]);
}

#[test]
fn yaml_bad_indentation_names_the_line() {
    // Deeper than its sibling above: the parser notices at the colon, so only the line is fixed.
    yaml_error_at("  nim: \"2099", "    nim: \"2099", "    nim:", Points::AtTheLine, &["indent"]);
    // Shallower than its sibling, deeper than its parent.
    yaml_error_at("  nim: \"2099", " nim: \"2099", " nim:", Points::AtTheLine, &["indent"]);
    // A tab in the indentation.
    yaml_error_at("  nim: \"2099", "\tnim: \"2099", "\tnim:", Points::Exactly, &["tab"]);
}

#[test]
fn yaml_wrong_types_name_the_value() {
    yaml_error_at("tahun: 2026", "tahun: [2026]", "[2026]", Points::Exactly, &["`tahun` must be a year"]);
    yaml_error_at(
        "bab:\n  - bab1.md\n  - bab2.typ",
        "bab: bab1.md",
        "bab1.md",
        Points::Exactly,
        &["`bab` must be a list"],
    );
    yaml_error_at(
        "penulis:\n  nama: MAHASISWA PENGUJI\n  nim: \"20990000001\"",
        "penulis: [a, b]",
        "[a, b]",
        Points::Exactly,
        &["`penulis` must be a group"],
    );
    yaml_error_at(
        "kota: Yogyakarta",
        "kota: Yogyakarta\npernyataan: ya",
        "ya\n",
        Points::Exactly,
        &["`pernyataan` must be `true` or `false`, not `ya`"],
    );
    yaml_error_at(
        "tanggal: 2026-05-10",
        "tanggal: 2026-13-45",
        "2026-13-45",
        Points::Exactly,
        &["`tanggal` must be a date written YYYY-MM-DD"],
    );
}

#[test]
fn yaml_syntax_errors_name_line_and_column() {
    yaml_error_at("judul_en: SISTER", "judul_en: \"SISTER", "\"SISTER", Points::Exactly, &["not closed"]);
    yaml_error_at(
        "kota: Yogyakarta",
        "kota: Yogyakarta\nkota: Bantul",
        "kota: Bantul",
        Points::Exactly,
        &["`kota` appears twice"],
    );
}

#[test]
fn yaml_missing_chapter_file_names_listing_line() {
    yaml_error_at("  - bab2.typ", "  - bab3.typ", "bab3.typ", Points::Exactly, &["bab3.typ", "not found"]);
}

#[test]
fn yaml_missing_required_key_is_named() {
    breaks(
        |p| p.edit("thesis/thesis.yaml", "universitas: Universitas Muhammadiyah Yogyakarta\n", ""),
        &["thesis.yaml has no `universitas`"],
    );
}

#[test]
fn typst_syntax_error_in_typ_chapter_names_line() {
    breaks(|p| p.edit("thesis/bab2.typ", "Bab dua ditulis", "#let x = (\nBab dua ditulis"), &["thesis/bab2.typ:7"]);
}

#[test]
fn read_outside_root_is_refused() {
    breaks(
        |p| p.edit("thesis/bab2.typ", "Bab dua ditulis", "#read(\"/etc/passwd\")\nBab dua ditulis"),
        &["thesis/bab2.typ:7", "not found"],
    );
}

#[test]
fn image_escaping_root_is_refused() {
    breaks(
        |p| p.edit("thesis/bab2.typ", "Bab dua ditulis", "#image(\"../../x.png\")\nBab dua ditulis"),
        &["thesis/bab2.typ:7", "escape the project root"],
    );
}

#[cfg(unix)]
#[test]
fn symlink_out_of_root_is_refused() {
    breaks(
        |p| {
            std::os::unix::fs::symlink("/etc/hostname", p.path("thesis/host.txt")).unwrap();
            p.edit("thesis/bab2.typ", "Bab dua ditulis", "#read(\"host.txt\")\nBab dua ditulis");
        },
        &["thesis/bab2.typ:7", "outside the project"],
    );
}

#[test]
fn missing_project_is_explained() {
    let p = TestProject::empty();
    p.tesis(&["build"]).fails_with(&["no thesis project here", "tesis new"]);
}

/// Each verb and what its `--help` must describe (its flags, and its arguments as the usage line
/// writes them), written out by hand so that the test does not take src/args.rs's word for what
/// it declares. A verb that `tesis --help` lists but this table lacks fails the test.
const VERB_HELP: &[(&str, &[&str])] = &[
    ("build", &["--root", "--system-fonts", "-o, --output", "--final", "--parts", "--review"]),
    ("export-typst", &["<OUTDIR>", "--root", "--system-fonts"]),
    ("eject-template", &["--root"]),
    ("import", &["<FILE.docx|FILE.md>", "--root", "--force"]),
    ("new", &["<DIR>", "--jenis"]),
    ("check", &["--root", "--system-fonts", "--final", "--format"]),
    ("stats", &["--root", "--system-fonts", "--format"]),
    ("watch", &["--root", "--system-fonts", "--port", "--open", "--editor"]),
    ("diff", &["<OLD>", "[NEW]", "--root", "--system-fonts", "-o, --output", "--only-changed"]),
    ("accept", &["[FILE]...", "--all", "--root"]),
    ("reject", &["[FILE]...", "--all", "--root"]),
    ("docx", &["--root", "--system-fonts", "-o, --output", "--bab"]),
    ("review", &["<FILE.docx|FILE.pdf>", "--root", "--system-fonts", "--dry-run"]),
    ("show", &["<FILE:LINE[:COL]>", "--root"]),
];

/// Whitespace squeezed to single spaces (clap wraps help text at the terminal width).
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The verbs `tesis --help` lists under `Commands:`, each with its one-line description
/// (continuation lines joined); clap's own `help` is left out.
fn listed_verbs(help: &str) -> Vec<(String, String)> {
    let mut verbs: Vec<(String, String)> = Vec::new();
    for line in help.lines().skip_while(|l| l.trim_end() != "Commands:").skip(1) {
        if line.trim().is_empty() {
            break;
        }
        let indent = line.len() - line.trim_start().len();
        if indent == 2 {
            let (verb, about) = line.trim().split_once(char::is_whitespace).unwrap_or((line.trim(), ""));
            verbs.push((verb.to_string(), about.trim().to_string()));
        } else if let Some((_, about)) = verbs.last_mut() {
            about.push(' ');
            about.push_str(line.trim());
        }
    }
    verbs.retain(|(verb, _)| verb != "help");
    verbs.into_iter().map(|(verb, about)| (verb, squeeze(&about))).collect()
}

/// The long flags a help text declares in its `Options:` section (`-o, --output <FILE>` gives
/// `--output`), in order; description lines, indented deeper, are not read.
fn declared_flags(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim_end() != "Options:")
        .skip(1)
        .filter(|l| l.len() - l.trim_start().len() <= 6 && l.trim_start().starts_with('-'))
        .flat_map(|l| {
            l.split_whitespace()
                .take_while(|t| t.starts_with('-'))
                .map(|t| t.trim_end_matches(','))
                .filter(|t| t.starts_with("--"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `tesis ARGS` in an empty folder, asserted to exit 0 with nothing on stderr; its stdout.
fn help_of(args: &[&str]) -> String {
    let run = TestProject::empty().tesis(args).ok();
    assert!(run.output.stderr.is_empty(), "tesis {args:?} wrote to stderr:\n{}", run.stderr());
    String::from_utf8_lossy(&run.output.stdout).into_owned()
}

#[test]
fn help_lists_every_verb_of_args_rs() {
    let help = help_of(&["--help"]);
    let listed: Vec<String> = listed_verbs(&help).into_iter().map(|(verb, _)| verb).collect();
    // src/args.rs, read through clap: the verbs the binary accepts, in their declared order.
    let declared: Vec<String> =
        Cli::command().get_subcommands().map(|c| c.get_name().to_string()).filter(|name| name != "help").collect();
    assert_eq!(listed, declared, "`tesis --help` must list every verb of src/args.rs:\n{help}");
    let mut expected: Vec<&str> = VERB_HELP.iter().map(|(verb, _)| *verb).collect();
    let mut got: Vec<&str> = listed.iter().map(String::as_str).collect();
    expected.sort_unstable();
    got.sort_unstable();
    assert_eq!(got, expected, "a verb was added or removed: update VERB_HELP in tests/spine.rs");
    assert!(help.contains("Usage: tesis <COMMAND>"), "{help}");
    assert!(squeeze(&help).contains("Run `tesis build` in it to get thesis.pdf"), "{help}");
}

#[test]
fn every_verb_has_a_help_that_describes_its_own_flags() {
    let cli = Cli::command();
    let listed = listed_verbs(&help_of(&["--help"]));
    assert!(listed.len() >= VERB_HELP.len(), "`tesis --help` lists too few verbs: {listed:?}");
    for (verb, about) in &listed {
        let help = help_of(&[verb, "--help"]);
        let squeezed = squeeze(&help);
        // Opens with the sentence `tesis --help` shows for the verb, then the usage line.
        assert!(
            !about.is_empty() && squeezed.starts_with(about.as_str()),
            "`{verb} --help` must open with {about:?}:\n{help}"
        );
        assert!(help.contains(&format!("Usage: tesis {verb} ")), "{verb}:\n{help}");

        // The flags and arguments this test expects, and no flag of another verb.
        let (_, expected) = VERB_HELP.iter().find(|(v, _)| v == verb).unwrap_or_else(|| {
            panic!("`{verb}` is not in VERB_HELP (tests/spine.rs): say what its help must describe")
        });
        for item in *expected {
            assert!(help.contains(item), "`{verb} --help` lacks {item}:\n{help}");
        }
        let mut flags = declared_flags(&help);
        flags.sort();
        let mut own: Vec<String> = expected
            .iter()
            .filter_map(|item| item.split_whitespace().last())
            .filter(|t| t.starts_with("--"))
            .map(str::to_string)
            .chain(["--help".to_string()])
            .collect();
        own.sort();
        assert_eq!(flags, own, "the flags `{verb} --help` declares:\n{help}");
        if expected.contains(&"--root") {
            assert!(
                squeezed.contains("--root <DIR> The project folder (the one holding thesis/thesis.yaml)"),
                "{verb}:\n{help}"
            );
        }

        // Every argument src/args.rs gives the verb is there with its own description.
        let command = cli.find_subcommand(verb).unwrap_or_else(|| panic!("clap does not know `{verb}`"));
        for arg in command.get_arguments().filter(|a| a.get_id() != "help") {
            let text = squeeze(&arg.get_help().map(|h| h.to_string()).unwrap_or_default());
            assert!(!text.is_empty(), "`{verb}`'s argument {} has no help text in src/args.rs", arg.get_id());
            assert!(squeezed.contains(&text), "`{verb} --help` lacks {text:?}:\n{help}");
        }
    }
}

#[test]
fn version_names_tesis_and_the_typst_it_embeds() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tesis")).arg("--version").output().unwrap();
    assert!(out.status.success());
    let lock = std::fs::read_to_string(common::repo().join("Cargo.lock")).unwrap();
    let typst = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"typst\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"'))
        .expect("typst in Cargo.lock");
    let expected = format!("tesis {} (Typst {typst})\n", env!("CARGO_PKG_VERSION"));
    assert_eq!(String::from_utf8_lossy(&out.stdout), expected);
}
