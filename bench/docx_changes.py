#!/usr/bin/env python3
"""Adds N tracked changes to a .docx written by `tesis docx`, the way Word stores them.

Usage: bench/docx_changes.py IN.docx OUT.docx [--changes N] [--author NAME]

A supervisor's review for `tesis review` to import (issue 16's benchmark). The changes go into
body paragraphs (style Normal) that carry a `_tesis_<n>` anchor, one per paragraph, spread
evenly from the first chapter to the last; each is a word of a plain text run turned, in turn,
into a replacement (`<w:del>` of the word then `<w:ins>` of another), a deletion (`<w:del>`)
or an insertion (`<w:ins>` of a word before it). Prints on stdout how many of each, and on
stderr the anchors touched per chapter (Heading1).
"""

import argparse
import re
import sys
import zipfile
from xml.sax.saxutils import escape

PARA = re.compile(r"<w:p>.*?</w:p>", re.S)
ANCHOR = re.compile(r'<w:bookmarkStart w:id="\d+" w:name="(_tesis_\d+)"/>')
# A run without run properties holding only text.
RUN = re.compile(r'<w:r><w:t xml:space="preserve">([^<]*)</w:t></w:r>')
WORD = re.compile(r"(?<= )[a-z]{4,}(?=[ ,.])")
NEW_WORDS = ["baru", "tersebut", "berbeda", "penting", "terkait", "signifikan"]
KINDS = ["replacement", "deletion", "insertion"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--changes", type=int, default=200)
    ap.add_argument("--author", default="Dr. Pembimbing")
    ap.add_argument("--date", default="2026-12-01T10:00:00Z")
    a = ap.parse_args()

    with zipfile.ZipFile(a.input) as z:
        infos = z.infolist()
        parts = {i.filename: z.read(i.filename) for i in infos}
    doc = parts["word/document.xml"].decode("utf-8")

    # Every anchored Normal paragraph with a plain run that has a word to change, and the
    # chapter (count of Heading1 paragraphs before it) it is in.
    candidates = []
    chapter = 0
    for m in PARA.finditer(doc):
        p = m.group(0)
        if '<w:pStyle w:val="Heading1"/>' in p:
            chapter += 1
            continue
        if '<w:pStyle w:val="Normal"/>' not in p or not ANCHOR.search(p):
            continue
        run = next((r for r in RUN.finditer(p) if WORD.search(r.group(1))), None)
        if run:
            candidates.append((m.start() + run.start(), m.start() + run.end(), run.group(1), chapter, ANCHOR.search(p).group(1)))
    if len(candidates) < a.changes:
        sys.exit(f"only {len(candidates)} anchored body paragraphs with a word to change, {a.changes} asked")

    step = len(candidates) / a.changes
    chosen = [candidates[int(i * step)] for i in range(a.changes)]
    next_id = [900000]

    def mark(tag, text):
        next_id[0] += 1
        inner = f"<w:delText xml:space=\"preserve\">{text}</w:delText>" if tag == "del" else f"<w:t xml:space=\"preserve\">{text}</w:t>"
        return f'<w:{tag} w:id="{next_id[0]}" w:author="{escape(a.author)}" w:date="{a.date}"><w:r>{inner}</w:r></w:{tag}>'

    def plain(text):
        return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""

    counts = dict.fromkeys(KINDS, 0)
    per_chapter = {}
    out = []
    at = 0
    for n, (start, end, text, ch, anchor) in enumerate(chosen):
        words = list(WORD.finditer(text))
        w = words[len(words) // 2]
        word = w.group(0)
        kind = KINDS[n % 3]
        before, after = text[: w.start()], text[w.end() :]
        new = next(x for x in NEW_WORDS[n % len(NEW_WORDS) :] + NEW_WORDS if x != word)
        if kind == "replacement":
            middle = mark("del", word) + mark("ins", new)
        elif kind == "deletion":
            # The word and the space after it, so the sentence reads right once accepted.
            middle = mark("del", word + after[:1])
            after = after[1:]
        else:
            middle = mark("ins", new + " ") + plain(word)
        out.append(doc[at:start] + plain(before) + middle + plain(after))
        at = end
        counts[kind] += 1
        per_chapter.setdefault(ch, []).append(anchor)
    out.append(doc[at:])
    parts["word/document.xml"] = "".join(out).encode("utf-8")

    with zipfile.ZipFile(a.output, "w", zipfile.ZIP_DEFLATED) as z:
        for info in infos:
            z.writestr(info, parts[info.filename])
    for ch, anchors in sorted(per_chapter.items()):
        print(f"chapter {ch}: {len(anchors)} changes ({anchors[0]} … {anchors[-1]})", file=sys.stderr)
    print(" ".join(f"{counts[k]} {k}s" for k in KINDS))


if __name__ == "__main__":
    main()
