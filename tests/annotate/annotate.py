"""Annotates a PDF the way a supervisor in Acrobat would, with PyMuPDF (which stores annotations
as Acrobat does: /QuadPoints, /Contents, /T, /M, /IRT, popups).

usage: python3 annotate.py IN.pdf OUT.pdf MARKS.json

MARKS.json is a list of objects:
  {"kind": "highlight"|"underline"|"squiggly"|"strikeout", "page": N, "text": "...",
   "note": "...", "author": "...", "date": "D:..."}  text found on page N (1-based); the first match is marked
  {"kind": "caret", "page": N, "after": "...", "note": "..."}  caret after the words
  {"kind": "note", "page": N, "near": "...", "note": "..."}   sticky note at the words
  {"kind": "ink", "page": N}                                   a stroke in the margin
  {"kind": "reply", "to": I, "note": "...", "author": "..."}   reply to mark I (0-based)
  {"strip_record": true}                                    drop tesis's record from /Info (as a
                                                           program that saves the PDF anew would)
  {"encrypt": "password"} as the only element: save the PDF encrypted instead
Prints nothing; exits 2 when a text is not found on its page.
"""

import json
import shutil
import sys

import pymupdf


def find(page, text):
    """The quads of the first place `text` is on the page, one per line as Acrobat makes them:
    the page's words (as MuPDF reads them) matched word by word, each line's run of matched words
    one rectangle. `None` when the words are not there."""
    needle = text.split()
    words = page.get_text("words")
    for start in range(len(words) - len(needle) + 1):
        run = words[start : start + len(needle)]
        if all(a == w[4] for a, w in zip(needle[1:-1], run[1:-1])) and run[0][4].endswith(needle[0]) \
                and run[-1][4].startswith(needle[-1]) and (len(needle) > 1 or run[0][4] == needle[0]):
            run = [list(w) for w in run]
            # A first or last word only partly meant (punctuation around it): its box cut to
            # the letters meant.
            for w, part, keep_end in ((run[-1], needle[-1], False), (run[0], needle[0], True)):
                if w[4] != part:
                    box = pymupdf.Rect(w[:4])
                    hits = page.search_for(part, clip=box + (-1, -1, 1, 1))
                    if hits:
                        hit = hits[-1] if keep_end else hits[0]
                        w[0], w[2] = hit.x0, hit.x1
            lines = {}
            for x0, y0, x1, y1, *_ in run:
                key = round(y0)
                r = lines.get(key)
                lines[key] = pymupdf.Rect(x0, y0, x1, y1) if r is None else r | pymupdf.Rect(x0, y0, x1, y1)
            rects = [lines[k] for k in sorted(lines)]
            return [r.quad for r in rects]
    return None


def main():
    src, dst, marks = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3], encoding="utf-8"))
    if len(marks) == 1 and "encrypt" in marks[0]:
        pw = marks[0]["encrypt"]
        pymupdf.open(src).save(dst, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=pw, owner_pw=pw)
        return
    # Saved as Acrobat saves: the marks appended to the file as an incremental update.
    shutil.copyfile(src, dst)
    doc = pymupdf.open(dst)
    made = []
    for m in marks:
        if m.get("strip_record"):
            info = doc.xref_get_key(-1, "Info")[1].split()[0]
            for key in ("TesisInputs", "TesisCommit", "TesisMode"):
                doc.xref_set_key(int(info), key, "null")
            continue
        kind = m["kind"]
        if kind == "reply":
            page, parent = made[m["to"]]
            annot = page.add_text_annot(parent.rect.tl, m["note"])
            annot.set_irt_xref(parent.xref)
        else:
            page = doc[m["page"] - 1]
            if kind in ("highlight", "underline", "squiggly", "strikeout"):
                quads = find(page, m["text"])
                if not quads:
                    sys.exit(f"annotate.py: {m['text']!r} not on page {m['page']}")
                add = getattr(page, f"add_{kind}_annot")
                annot = add(quads)
                if m.get("note"):
                    annot.set_info(content=m["note"])
            elif kind == "caret":
                found = find(page, m["after"])
                if not found:
                    sys.exit(f"annotate.py: {m['after']!r} not on page {m['page']}")
                annot = page.add_caret_annot(found[-1].rect.br)
                annot.set_info(content=m["note"])
            elif kind == "note":
                found = find(page, m["near"])
                if not found:
                    sys.exit(f"annotate.py: {m['near']!r} not on page {m['page']}")
                annot = page.add_text_annot(found[0].rect.tl, m["note"])
            elif kind == "ink":
                annot = page.add_ink_annot([[(20, 100), (30, 140), (25, 180)]])
            else:
                sys.exit(f"annotate.py: unknown kind {kind!r}")
        if m.get("author"):
            annot.set_info(title=m["author"])
        if m.get("date"):
            annot.set_info(modDate=m["date"])
        annot.update()
        made.append((page, annot))
    doc.saveIncr()


if __name__ == "__main__":
    main()
