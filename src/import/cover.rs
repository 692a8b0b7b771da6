//! The cover and title page (everything before the first heading) read as `thesis.yaml` values.

use super::blocks::Block;
use super::{Change, Report};

/// Words that stay lower case inside a title-cased name.
const SMALL_WORDS: [&str; 12] =
    ["dan", "di", "ke", "dari", "dalam", "untuk", "yang", "pada", "atau", "of", "and", "the"];

/// Reads `thesis.yaml` values (dotted keys, e.g. `penulis.nama`) from the cover blocks.
pub fn values(blocks: &[Block], report: &mut Report) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut set = |key: &str, value: String, report: &mut Report| {
        let value = value.trim().to_string();
        if value.is_empty() || found.iter().any(|(k, _)| k == key && key != "pembimbing") {
            return;
        }
        report.count(Change::CoverValue);
        found.push((key.to_string(), value));
    };
    let mut expect: Option<&str> = None;
    for block in blocks {
        let lines: Vec<String> = block.lines.iter().map(|l| l.replace("**", "").trim().to_string()).collect();
        if let Some(key) = expect.take() {
            match key {
                "penulis.nama" => set(key, lines[0].clone(), report),
                _ => {
                    for l in &lines {
                        set(key, l.clone(), report);
                    }
                }
            }
            if let Some(nim) = lines
                .get(1)
                .filter(|_| key == "penulis.nama")
                .and_then(|l| parenthesised_number(l).or_else(|| typed_nim(&l.to_uppercase())))
            {
                set("penulis.nim", nim, report);
            }
            continue;
        }
        if let Some(at) = lines
            .iter()
            .position(|l| l.starts_with("(Studi Kasus") || l.starts_with("(Case Study"))
            .filter(|&at| at > 0)
        {
            let en = lines[at].starts_with("(Case Study");
            let (judul, sub) = if en { ("judul_en", "sub_judul_en") } else { ("judul", "sub_judul") };
            // "PROPOSAL TESIS" or "TESIS" above the title (no blank line between on a Word cover)
            // names the kind of document, not the title.
            let kind = lines[..at].iter().take_while(|l| is_kind_line(l)).count().min(at - 1);
            if lines[..kind].iter().any(|l| l.to_uppercase().contains("PROPOSAL")) {
                set("jenis", "proposal".to_string(), report);
            }
            set(judul, lines[kind..at].join(" "), report);
            set(sub, lines[at..].join(" "), report);
            continue;
        }
        for l in &lines {
            let upper = l.to_uppercase();
            if let Some(at) = l.find("gelar ") {
                set("gelar", l[at + 6..].split_whitespace().next().unwrap_or("").to_string(), report);
            } else if let Some(rest) = l.strip_prefix("Pada Program Studi ") {
                set("program_studi", rest.to_string(), report);
            } else if upper.starts_with("DISUSUN OLEH") {
                expect = Some("penulis.nama");
            } else if let Some(nim) = typed_nim(&upper) {
                set("penulis.nim", nim, report);
            } else if upper.starts_with("PEMBIMBING") || upper.starts_with("DOSEN PEMBIMBING") {
                match l.split_once(':').map(|(_, name)| name.trim()) {
                    Some(name) if !name.is_empty() => set("pembimbing", name.to_string(), report),
                    _ => expect = Some("pembimbing"),
                }
            } else if let Some(nim) = parenthesised_number(l) {
                set("penulis.nim", nim, report);
            } else if let Some(rest) = upper.strip_prefix("TAHUN AKADEMIK") {
                set("tahun_akademik", rest.trim().to_string(), report);
            } else if let Some(rest) = upper.strip_prefix("PROGRAM STUDI ") {
                set("program_studi", title_case(rest), report);
            } else if upper.starts_with("FAKULTAS ") {
                set("fakultas", title_case(l), report);
            } else if upper.replace(' ', "").contains("PASCASARJANA") {
                set("program", title_case(l), report);
            } else if upper.starts_with("UNIVERSITAS ") {
                set("universitas", title_case(l), report);
            } else if upper.contains("PROPOSAL") {
                set("jenis", "proposal".to_string(), report);
            }
        }
    }
    if let Some((_, uni)) = found.iter().find(|(k, _)| k == "universitas") {
        let city = uni.rsplit(' ').next().unwrap_or("").to_string();
        if !found.iter().any(|(k, _)| k == "kota") {
            report.undecided(0, format!("kota: taken from the university's name ({city})"));
            found.push(("kota".to_string(), city));
        }
    }
    for key in ["jenis", "judul", "penulis.nama", "penulis.nim", "tahun"] {
        if !found.iter().any(|(k, _)| k == key) {
            report.undecided(0, format!("the cover does not give `{key}`"));
        }
    }
    found
}

/// Whether a cover line only names the kind of document ("PROPOSAL TESIS", "TESIS").
fn is_kind_line(line: &str) -> bool {
    matches!(
        line.trim().to_uppercase().as_str(),
        "PROPOSAL TESIS" | "PROPOSAL" | "TESIS" | "USULAN PENELITIAN" | "USULAN PENELITIAN TESIS"
    )
}

/// The digits of a line like `NIM: 20141060051` or `NIM 20141060051` (a Word cover).
fn typed_nim(upper: &str) -> Option<String> {
    let rest = upper.strip_prefix("NIM")?.trim_start_matches([':', '.', ' ']);
    (rest.len() >= 5 && rest.chars().all(|c| c.is_ascii_digit())).then(|| rest.to_string())
}

/// The digits of a line like `(20141060051)`.
fn parenthesised_number(line: &str) -> Option<String> {
    let inner = line.trim().strip_prefix('(')?.strip_suffix(')')?.trim();
    (inner.len() >= 5 && inner.chars().all(|c| c.is_ascii_digit())).then(|| inner.to_string())
}

/// `FAKULTAS ILMU SOSIAL DAN POLITIK` → `Fakultas Ilmu Sosial dan Politik`.
pub fn title_case(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && SMALL_WORDS.contains(&lower.as_str()) {
                return lower;
            }
            let mut chars = lower.chars();
            match chars.next() {
                Some(c) => c.to_uppercase().chain(chars).collect(),
                None => lower,
            }
        })
        .collect();
    words.join(" ")
}
