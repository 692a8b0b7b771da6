#!/usr/bin/python3
"""Plays the thesis supervisor in a real word processor (issue 16).

Opens a .docx in LibreOffice Writer through the Python UNO bridge, makes the edits a supervisor
makes in Word (replace a word, delete a sentence, insert words in a footnote, comment on a
phrase), with change recording on ("track": true) or off, and saves the result as .docx with the
"MS Word 2007 XML" filter. LibreOffice runs headless on a private, throw-away user profile and is
always shut down; the whole run is bounded by a timeout.

Usage:  /usr/bin/python3 tests/supervisor/supervisor.py INSTRUCTIONS.json
(Debian's python3-uno works with Debian's /usr/bin/python3 only; run by another Python, the script
starts itself again under /usr/bin/python3.)

INSTRUCTIONS.json:
  {
    "input": "thesis.docx",            # relative paths are relative to the JSON file's folder
    "output": "reviewed.docx",
    "track": true,                     # record changes (Word: Track Changes) or not
    "author": "Dr. Pembimbing",        # the user LibreOffice records tracked changes under
    "timeout": 120,                    # seconds for the whole run (default 120)
    "edits": [
      {"kind": "replace", "find": "kabupaten", "with": "kota",
       "paragraph": "Kabupaten Bogor adalah"},       # optional: only in the paragraph containing it
      {"kind": "delete", "find": "Ibu kotanya adalah Cibinong. "},
      {"kind": "insert_in_footnote", "find": "Hasan Wirayudha", "text": " (2003)"},
                                         # inserted right after `find` in the one footnote holding it
                                         # ("before": true puts it before)
      {"kind": "comment", "find": "sister city", "text": "Definisikan dulu.",
       "author": "Dr. Pembimbing",       # optional, default: the top-level author
       "initials": "DP", "paragraph": "..."}
    ]
  }
`find` must occur exactly once in its scope (the body, its table cells and the footnotes, or the
paragraph named by `paragraph`; for insert_in_footnote, the footnotes); anything else is an error
naming the edit.
Search is case-sensitive and literal.

On success prints nothing and exits 0; on any failure prints one "supervisor: ..." line (plus
LibreOffice's output when it failed to start) to stderr and exits 1.

How it works, and exactly what WordprocessingML LibreOffice 7.4 writes for each edit (w:ins,
w:del, comments, where commentRangeStart/End land, what happens to `_tesis_N` bookmarks and to
docProps/custom.xml): tests/supervisor/README.md, checked by tests/supervisor_script.rs.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

DEBIAN_PYTHON = "/usr/bin/python3"


class Fail(Exception):
    """A failure reported as one line."""


def main(argv):
    if len(argv) != 2:
        print("usage: supervisor.py INSTRUCTIONS.json", file=sys.stderr)
        return 2
    try:
        import uno  # noqa: F401  (Debian's python3-uno)
    except ImportError:
        if os.path.realpath(sys.executable) != os.path.realpath(DEBIAN_PYTHON) and os.path.exists(DEBIAN_PYTHON):
            os.execv(DEBIAN_PYTHON, [DEBIAN_PYTHON] + argv)
        print("supervisor: cannot import uno: install python3-uno and run with " + DEBIAN_PYTHON, file=sys.stderr)
        return 1
    office = None
    watchdog = None
    job = None
    try:
        job = load_instructions(argv[1])
        if os.path.exists(job["output"]):
            os.remove(job["output"])  # never leave an older result looking like this run's
        office = Office(time.monotonic() + job["timeout"], job["author"])
        watchdog = threading.Timer(job["timeout"], office.expire)
        watchdog.daemon = True
        watchdog.start()
        office.start()
        doc = office.open(job["input"])
        try:
            doc.setPropertyValue("RecordChanges", bool(job["track"]))
            for n, edit in enumerate(job["edits"], 1):
                try:
                    apply_edit(doc, edit, job)
                except Fail as e:
                    raise Fail(f"edit {n} ({edit['kind']} {edit['find']!r}): {e}") from None
            office.store(doc, job["output"])
        finally:
            try:
                doc.close(True)
            except Exception:
                pass
        return 0
    except Exception as e:
        if office is not None and office.expired:
            print(f"supervisor: timed out after {job['timeout']} s; LibreOffice was killed", file=sys.stderr)
        elif isinstance(e, Fail):
            print(f"supervisor: {e}", file=sys.stderr)
            if office is not None and office.failed_output():
                print(office.failed_output(), file=sys.stderr)
        else:  # a UNO exception: say which, never a traceback
            print(f"supervisor: {type(e).__name__}: {getattr(e, 'Message', '') or e}", file=sys.stderr)
        if office is not None and job and os.path.exists(job["output"]):
            os.remove(job["output"])
        return 1
    finally:
        if watchdog is not None:
            watchdog.cancel()
        if office is not None:
            office.shutdown()


def load_instructions(path):
    try:
        with open(path, encoding="utf-8") as f:
            job = json.load(f)
    except OSError as e:
        raise Fail(f"{path}: {e.strerror}")
    except json.JSONDecodeError as e:
        raise Fail(f"{path}:{e.lineno}: not JSON: {e.msg}")
    if not isinstance(job, dict):
        raise Fail(f"{path}: expected a JSON object")
    base = os.path.dirname(os.path.abspath(path))
    for key in ("input", "output"):
        if not isinstance(job.get(key), str) or not job[key]:
            raise Fail(f"{path}: \"{key}\" (a path) is missing")
        job[key] = os.path.abspath(os.path.join(base, job[key]))
    if not os.path.isfile(job["input"]):
        raise Fail(f"{job['input']}: no such file")
    job.setdefault("track", True)
    job.setdefault("author", "Dr. Pembimbing")
    job.setdefault("timeout", 120)
    if not isinstance(job["timeout"], (int, float)) or job["timeout"] <= 0:
        raise Fail(f"{path}: \"timeout\" must be a positive number of seconds")
    edits = job.setdefault("edits", [])
    if not isinstance(edits, list):
        raise Fail(f"{path}: \"edits\" must be a list")
    for n, e in enumerate(edits, 1):
        kind = e.get("kind") if isinstance(e, dict) else None
        need = {"replace": ("find", "with"), "delete": ("find",),
                "insert_in_footnote": ("find", "text"), "comment": ("find", "text")}.get(kind)
        if need is None:
            raise Fail(f"{path}: edit {n}: \"kind\" must be replace, delete, insert_in_footnote or comment")
        for key in need:
            if not isinstance(e.get(key), str) or (key == "find" and not e[key]):
                raise Fail(f"{path}: edit {n} ({kind}): \"{key}\" (text) is missing")
        if kind != "comment" and e.get("author", job["author"]) != job["author"]:
            raise Fail(f"{path}: edit {n}: tracked changes are recorded under the run's \"author\" only")
    return job


class Office:
    """A headless soffice on a private profile, reached over a named pipe (a Unix socket)."""

    def __init__(self, deadline, author):
        self.deadline = deadline
        self.author = author
        self.profile = tempfile.mkdtemp(prefix="tesis-supervisor-")
        self.pipe = "tesis_supervisor_" + uuid.uuid4().hex
        self.log = os.path.join(self.profile, "soffice.log")
        self.proc = None
        self.desktop = None
        self.ctx = None
        self.expired = False

    def expire(self):
        """The watchdog: kills LibreOffice, so that a call blocked on it returns with an error."""
        self.expired = True
        self.kill()
        time.sleep(15)  # the main thread should have reported by now; if not, end here
        print("supervisor: timed out and did not recover", file=sys.stderr)
        shutil.rmtree(self.profile, ignore_errors=True)
        os._exit(1)

    def kill(self):
        if self.proc is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(timeout=5)
                return
            except (ProcessLookupError, ChildProcessError):
                return
            except subprocess.TimeoutExpired:
                continue

    def start(self):
        import uno

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            raise Fail("soffice is not installed (install libreoffice-writer-nogui)")
        write_profile(os.path.join(self.profile, "user"), self.author)
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                 "--nolockcheck", "--nofirststartwizard",
                 "-env:UserInstallation=" + uno.systemPathToFileUrl(self.profile),
                 f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        url = f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext"
        while True:
            if self.proc.poll() is not None:
                raise Fail(f"soffice exited with {self.proc.returncode} before accepting a connection")
            try:
                ctx = resolver.resolve(url)
                break
            except Exception as e:  # NoConnectException until soffice listens
                if "NoConnect" not in type(e).__name__ or time.monotonic() > self.deadline:
                    raise Fail(f"cannot connect to soffice: {type(e).__name__}")
                time.sleep(0.2)
        self.ctx = ctx
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def open(self, path):
        """The document as a model without a frame or view: with a view, inserting a comment
        makes Writer build its comment window, and the no-GUI build (libreoffice-writer-nogui,
        which ships no Writer .ui files) aborts there."""
        import uno

        filters = {".docx": "MS Word 2007 XML", ".odt": "writer8"}
        name = filters.get(os.path.splitext(path)[1].lower())
        if name is None:
            raise Fail(f"{path}: expected a .docx or .odt file")
        smgr = self.ctx.ServiceManager
        doc = smgr.createInstanceWithContext("com.sun.star.text.TextDocument", self.ctx)
        try:
            doc.load(props(URL=uno.systemPathToFileUrl(path), FilterName=name))
        except Exception as e:
            raise Fail(f"{path}: LibreOffice could not open it: {type(e).__name__} {getattr(e, 'Message', '')}")
        return doc

    def store(self, doc, path):
        import uno

        os.makedirs(os.path.dirname(path), exist_ok=True)
        doc.storeToURL(uno.systemPathToFileUrl(path), props(FilterName="MS Word 2007 XML", Overwrite=True))
        if not os.path.isfile(path):
            raise Fail(f"{path}: LibreOffice did not write it")

    def failed_output(self):
        if self.proc is None or self.desktop is not None:
            return ""
        try:
            with open(self.log, encoding="utf-8", errors="replace") as f:
                return f.read().strip()
        except OSError:
            return ""

    def shutdown(self):
        """Asks LibreOffice to quit, then ends it (its whole process group) if it does not."""
        if self.desktop is not None:
            try:
                self.desktop.terminate()
            except Exception:  # the bridge closes while terminate() returns: DisposedException
                pass
        if self.proc is not None:
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def write_profile(user_dir, author):
    """The user's name (the author of tracked changes) in a fresh profile, before the first start."""
    os.makedirs(user_dir, exist_ok=True)
    esc = author.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    with open(os.path.join(user_dir, "registrymodifications.xcu"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                '<item oor:path="/org.openoffice.UserProfile/Data"><prop oor:name="givenname" oor:op="fuse">'
                f'<value>{esc}</value></prop></item>\n'
                '<item oor:path="/org.openoffice.UserProfile/Data"><prop oor:name="sn" oor:op="fuse">'
                '<value></value></prop></item>\n'
                '<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse">'
                '<value>false</value></prop></item>\n'
                # no .~lock.NAME# file next to the input
                '<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse">'
                '<value>false</value></prop></item>\n'
                '</oor:items>\n')


def props(**kw):
    from com.sun.star.beans import PropertyValue

    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name, p.Value = k, v
        out.append(p)
    return tuple(out)


def apply_edit(doc, edit, job):
    kind = edit["kind"]
    if kind == "insert_in_footnote":
        found = find_one(doc, edit["find"], edit.get("paragraph"), footnotes_only=True)
        point = found.getStart() if edit.get("before") else found.getEnd()
        found.getText().insertString(point, edit["text"], False)
        return
    found = find_one(doc, edit["find"], edit.get("paragraph"))
    if kind == "replace":
        found.setString(edit["with"])
    elif kind == "delete":
        found.setString("")
    elif kind == "comment":
        note = doc.createInstance("com.sun.star.text.textfield.Annotation")
        note.setPropertyValue("Author", edit.get("author", job["author"]))
        if edit.get("initials"):
            note.setPropertyValue("Initials", edit["initials"])
        note.setPropertyValue("Content", edit["text"])
        note.setPropertyValue("DateTimeValue", now())
        # absorb=True: the comment spans the range (Word: commentRangeStart/End)
        found.getText().insertTextContent(found, note, True)


def now():
    import uno

    t = time.gmtime()
    dt = uno.createUnoStruct("com.sun.star.util.DateTime")
    dt.Year, dt.Month, dt.Day = t.tm_year, t.tm_mon, t.tm_mday
    dt.Hours, dt.Minutes, dt.Seconds, dt.IsUTC = t.tm_hour, t.tm_min, t.tm_sec, True
    return dt


def paragraphs(doc, footnotes_only=False):
    """Every paragraph of the body, its tables' cells and the footnotes (or the footnotes only)."""
    texts = []
    if not footnotes_only:
        texts.append(doc.getText())
    notes = doc.getFootnotes()
    texts.extend(notes.getByIndex(i) for i in range(notes.getCount()))
    out = []
    while texts:
        walk = texts.pop(0).createEnumeration()
        while walk.hasMoreElements():
            part = walk.nextElement()
            if part.supportsService("com.sun.star.text.TextTable"):
                texts.extend(part.getCellByName(name) for name in part.getCellNames())
            elif part.supportsService("com.sun.star.text.Paragraph"):
                out.append(part)
    return out


def find_one(doc, needle, paragraph=None, footnotes_only=False):
    """The one range holding `needle` (in the paragraph that contains `paragraph`, when given).

    The document is loaded without a view, where Writer's search (findAll) finds nothing, so the
    search is done here: a paragraph whose text contains `needle` is walked one cursor step at a
    time, and the needle is matched against what each step covers (a footnote anchor is one step
    showing its number), so the range is exact whatever the paragraph holds.
    """
    scope = paragraphs(doc, footnotes_only)
    where = "in the footnotes" if footnotes_only else "in the document"
    if paragraph is not None:
        scope = [p for p in scope if paragraph in p.getString()]
        if len(scope) != 1:
            raise Fail(f"{len(scope)} paragraphs contain {paragraph!r}, expected one")
        where = f"in the paragraph containing {paragraph!r}"
    hits = []
    for para in scope:
        if needle not in para.getString():
            continue
        steps = walk_steps(para)
        joined, owner = "", []
        for n, piece in enumerate(steps):
            joined += piece
            owner.extend([n] * len(piece))
        at = joined.find(needle)
        while at >= 0:
            hits.append((para, owner[at], owner[at + len(needle) - 1] + 1))
            at = joined.find(needle, at + 1)
    if len(hits) != 1:
        raise Fail(f"found {len(hits)} times {where}, expected once")
    para, first, last = hits[0]
    cursor = para.getText().createTextCursorByRange(para.getStart())
    if first and not cursor.goRight(first, False) or not cursor.goRight(last - first, True):
        raise Fail("cannot select it")
    return cursor


def walk_steps(para):
    """What each cursor step through the paragraph covers."""
    cursor = para.getText().createTextCursorByRange(para.getStart())
    steps = []
    while not cursor.isEndOfParagraph():
        if not cursor.goRight(1, True):
            break
        steps.append(cursor.getString())
        cursor.collapseToEnd()
    return steps


if __name__ == "__main__":
    sys.exit(main(sys.argv))
