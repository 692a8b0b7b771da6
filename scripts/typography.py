#!/usr/bin/env python3
"""Measures the justified page of a built thesis PDF (issue 19).

    scripts/typography.py thesis.pdf [more.pdf ...] [--json]

Reads the glyph boxes with PyMuPDF (installed by scripts/test) and the text layer with
pdftotext, and reports for the body text (the most common font size) and the footnotes (the
second most common):

- letter-spaced words: words in justified lines drawn more than 1 % wider or narrower than the
  same word (same font and size) in lines that are not justified (last lines of paragraphs),
  or than its median width when it never occurs there (at least three times seen);
- loose lines: justified lines whose median word space is more than twice the normal space
  (the median space of lines that are not justified, per size);
- hyphenated line ends (a line ending in "-" or Typst's soft hyphen), and runs of more than two
  in a row;
- headings at a page bottom: an outline entry after which its page holds no text of body size
  that is not bold (the heading is the last thing on the page);
- orphans (a paragraph's indented first line alone at a page bottom, its paragraph going on
  overleaf) and widows (a paragraph's last line alone at the top of a page), and how many of
  them are beside a note reference (the line Typst moved holds one);
- soft hyphens (U+00AD) in pdftotext's text: Typst writes a divided word's hyphen as one at the
  line end; any other would sit inside an undivided word.

Justified line: its right end within 0.6 pt of the text block's right edge (the 90th percentile
of line ends), starting at the block's left edge or at the first-line indent, three words or more.
Exit status 0; the figures are the output (the tests assert on them).
"""

import json
import statistics
import subprocess
import sys
from collections import defaultdict

import pymupdf


def words_of(page):
    """Words of a page: (text, x0, x1, y baseline, size, font, bold)."""
    out = []
    raw = page.get_text("rawdict")
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            for span in line["spans"]:
                size = round(span["size"], 1)
                font = span["font"]
                bold = bool(span["flags"] & 16) or "Bold" in font
                cur = []
                for ch in span["chars"] + [None]:
                    if ch is None or ch["c"].isspace():
                        if cur:
                            text = "".join(c["c"] for c in cur)
                            out.append((text, cur[0]["bbox"][0], cur[-1]["bbox"][2], round(cur[0]["origin"][1], 1), size, font, bold))
                            cur = []
                    else:
                        cur.append(ch)
    return out


def lines_of(words):
    """Visual lines: words grouped by baseline and size, left to right; top to bottom."""
    groups = defaultdict(list)
    for w in words:
        groups[(round(w[3]), w[4])].append(w)
    lines = [sorted(ws, key=lambda w: w[1]) for ws in groups.values()]
    return sorted(lines, key=lambda ws: ws[0][3])


def is_number(text):
    return text.strip("-–").isdigit() or all(c in "ivxlcdm" for c in text.lower())


def measure(path):
    doc = pymupdf.open(path)
    pages = []
    sizes = defaultdict(int)
    for page in doc:
        words = words_of(page)
        for w in words:
            sizes[w[4]] += len(w[0])
        pages.append(lines_of(words))
    ranked = sorted(sizes, key=sizes.get, reverse=True)
    body = ranked[0]
    note = next((s for s in ranked[1:] if s < body), None)

    all_lines = [l for p in pages for l in p if l[0][4] == body and not (len(l) == 1 and is_number(l[0][0]))]
    left = statistics.median_low(sorted(l[0][1] for l in all_lines))
    ends = sorted(l[-1][2] for l in all_lines)
    right = ends[int(len(ends) * 0.9)]

    def justified(line):
        return len(line) >= 3 and abs(line[-1][2] - right) < 0.6

    result = {"file": path, "pages": len(doc), "body_size": body, "note_size": note}
    for label, size in (("body", body), ("notes", note)):
        if size is None:
            continue
        lines = [l for p in pages for l in p if l[0][4] == size and not (len(l) == 1 and is_number(l[0][0]))]
        if size != body:
            ends_s = sorted(l[-1][2] for l in lines) or [right]
            r = ends_s[int(len(ends_s) * 0.9)]
        else:
            r = right
        just = [l for l in lines if len(l) >= 3 and abs(l[-1][2] - r) < 0.6]
        ragged = [l for l in lines if not (len(l) >= 3 and abs(l[-1][2] - r) < 0.6) and len(l) >= 2]
        # Natural widths: the same word in lines that are not justified.
        natural = defaultdict(list)
        seen = defaultdict(list)
        for l in ragged:
            for w in l:
                natural[(w[0], w[5])].append(w[2] - w[1])
        for l in just:
            for w in l:
                seen[(w[0], w[5])].append(w[2] - w[1])
        measured = off = 0
        for l in just:
            for w in l:
                key = (w[0], w[5])
                if len(w[0]) < 2 or w[0].endswith(("-", "\u00ad", "\u2010")):
                    continue
                if natural[key]:
                    nat = statistics.median(natural[key])
                elif len(seen[key]) >= 3:
                    nat = statistics.median(seen[key])
                else:
                    continue
                measured += 1
                if abs((w[2] - w[1]) - nat) > 0.01 * nat:
                    off += 1
        gaps = [b[1] - a[2] for l in ragged for a, b in zip(l, l[1:]) if b[1] - a[2] > 0.3]
        normal = statistics.median(gaps) if gaps else size * 0.25
        loose = 0
        for l in just:
            g = [b[1] - a[2] for a, b in zip(l, l[1:])]
            if statistics.median(g) > 2 * normal:
                loose += 1
        # Hyphenated line ends and runs of them (per page, in reading order).
        hyph = 0
        longest = 0
        runs_over_two = 0
        for p in pages:
            run = 0
            for l in (x for x in p if x[0][4] == size):
                if l[-1][0].endswith(("-", "\u00ad", "\u2010")) and len(l[-1][0]) > 1:
                    hyph += 1
                    run += 1
                    longest = max(longest, run)
                    if run == 3:
                        runs_over_two += 1
                else:
                    run = 0
        result[label] = {
            "lines": len(lines),
            "justified_lines": len(just),
            "words_measured": measured,
            "letter_spaced_words": off,
            "letter_spaced_share": round(off / measured, 4) if measured else 0.0,
            "normal_space_pt": round(normal, 2),
            "loose_lines": loose,
            "loose_share": round(loose / len(just), 4) if just else 0.0,
            "hyphenated_line_ends": hyph,
            "longest_hyphen_run": longest,
            "hyphen_runs_over_two": runs_over_two,
        }

    # Headings at a page bottom, from the outline.
    bottom_headings = []
    for entry in doc.get_toc(simple=False):
        level, title, pno, dest = entry[0], entry[1], entry[2], entry[3]
        to = dest.get("to")
        if pno < 1 or to is None:
            continue
        lines = pages[pno - 1]
        y = to.y
        after = [l for l in lines if l[0][3] > y + 2 * body and l[0][4] == body and not all(w[6] for w in l)
                 and not (len(l) == 1 and is_number(l[0][0]))]
        body_lines = [l for l in lines if l[0][4] == body and not (len(l) == 1 and is_number(l[0][0]))]
        if body_lines and not after and any(l[0][3] > y for l in body_lines):
            # Something follows on the next page only: the heading ends this page.
            if pno < len(pages):
                bottom_headings.append(f"p. {pno}: {title}")
    # Orphans and widows: body lines at the left edge (continuing) or the indent (first lines).
    indent = None
    firsts = [l[0][1] - left for l in all_lines if 20 < l[0][1] - left < 50]
    if firsts:
        indent = statistics.median(firsts)
    orphans, widows = [], []
    # The raised text over a body line: groups of a smaller size whose baseline lies within one
    # body size above the line's (note references are drawn so).
    def raised(page, line):
        y = line[0][3]
        return [l for l in page if l[0][4] < 0.8 * body and y - body < l[0][3] < y]
    # Whether a body line carries a note reference (a raised figure within the line): Typst
    # moves such a line to the next page with its note when the note does not fit, whatever the
    # widow and orphan costs (typst/typst#5376).
    def noted(page, line):
        return any(any(w[0].rstrip(".,;:").isdigit() for w in l) and line[0][1] - 1 < l[0][1] < line[-1][2] + 1
                   for l in raised(page, line))
    # A line whose last word is followed by a note reference is justified when the raised
    # reference reaches the right margin (it is not of the body size, so not in `line`).
    def justified_or_marked(page, line):
        return justified(line) or any(abs(l[-1][2] - right) < 0.6 and l[0][1] > line[-1][2] - 1
                                      for l in raised(page, line))
    orphans_at_notes, widows_at_notes = 0, 0
    # The front matter's lists (DAFTAR ISI …) are not paragraphs: from the first BAB on.
    first_bab = next((e[2] for e in doc.get_toc() if e[1].upper().startswith("BAB")), 1)
    for i, p in enumerate(pages):
        if i + 1 < first_bab:
            continue
        text_lines = [l for l in p if l[0][4] == body and not (len(l) == 1 and is_number(l[0][0]))
                      and not all(w[6] for w in l)]
        if not text_lines:
            continue
        last, first = text_lines[-1], text_lines[0]
        at_indent = indent is not None and abs(last[0][1] - left - indent) < 1.0
        if at_indent and justified(last) and len(text_lines) > 1:
            orphans.append(f"p. {i + 1}: {' '.join(w[0] for w in last)[:60]}")
            overleaf = [l for l in pages[i + 1] if l[0][4] == body] if i + 1 < len(pages) else []
            overleaf = [l for l in overleaf if not (len(l) == 1 and is_number(l[0][0]))]
            if overleaf and noted(pages[i + 1], overleaf[0]):
                orphans_at_notes += 1
        if i > 0 and abs(first[0][1] - left) < 1.0 and not justified_or_marked(p, first) and len(first) >= 1:
            prev = [l for l in pages[i - 1] if l[0][4] == body and not (len(l) == 1 and is_number(l[0][0]))]
            nxt = text_lines[1] if len(text_lines) > 1 else None
            if prev and justified(prev[-1]) and abs(prev[-1][0][1] - left) < 1.0 + (indent or 0) \
                    and (nxt is None or nxt[0][3] - first[0][3] > 0):
                widows.append(f"p. {i + 1}: {' '.join(w[0] for w in first)[:60]}")
                if noted(p, first):
                    widows_at_notes += 1
    result["headings_at_page_bottom"] = bottom_headings
    result["orphans"] = orphans
    result["widows"] = widows
    result["orphans_at_notes"] = orphans_at_notes
    result["widows_at_notes"] = widows_at_notes
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True).stdout
    # Typst writes a divided word's hyphen as U+00AD at the line end; one anywhere else would
    # sit inside an undivided word.
    result["soft_hyphens_at_line_ends"] = sum(line.endswith("\u00ad") for line in text.splitlines())
    result["soft_hyphens_inside_words"] = text.count("\u00ad") - result["soft_hyphens_at_line_ends"]
    return result


def report(r):
    print(f"{r['file']}: {r['pages']} pages, body {r['body_size']} pt, notes {r['note_size']} pt")
    for label in ("body", "notes"):
        if label not in r:
            continue
        m = r[label]
        print(f"  {label}: {m['justified_lines']} justified of {m['lines']} lines; "
              f"letter-spaced words {m['letter_spaced_words']}/{m['words_measured']} = {100 * m['letter_spaced_share']:.1f} %; "
              f"loose lines {m['loose_lines']} = {100 * m['loose_share']:.1f} % (normal space {m['normal_space_pt']} pt); "
              f"hyphenated ends {m['hyphenated_line_ends']}, longest run {m['longest_hyphen_run']}, runs over two {m['hyphen_runs_over_two']}")
    print(f"  headings at a page bottom: {len(r['headings_at_page_bottom'])} {r['headings_at_page_bottom']}")
    print(f"  orphans: {len(r['orphans'])} ({r['orphans_at_notes']} whose second line holds a note reference) {r['orphans']}")
    print(f"  widows: {len(r['widows'])} ({r['widows_at_notes']} holding a note reference) {r['widows']}")
    print(f"  soft hyphens in pdftotext's text: {r['soft_hyphens_at_line_ends']} at divided line ends, "
          f"{r['soft_hyphens_inside_words']} inside words")


if __name__ == "__main__":
    files = [a for a in sys.argv[1:] if not a.startswith("--")]
    results = [measure(f) for f in files]
    if "--json" in sys.argv:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        for r in results:
            report(r)
