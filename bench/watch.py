#!/usr/bin/env python3
"""P2 and P3 of bench/watch.sh: `tesis watch` against stock `typst watch` on one project.

P2  a one-word edit in a middle chapter, saved the way editors save (a new file renamed over the
    old one); measured from the rename to
      - the preview updated: the first server-sent event of the preview after the save (the
        first look: the edited chapter laid out alone, see src/focus.rs),
      - the PDF on disk: thesis.pdf replaced (tesis) / out.pdf rewritten and complete (typst).
    Edits alternate between the two watchers (tesis, then typst, then tesis …), so both see the
    same machine load; each waits for the previous build to finish.
P3  VmRSS of `tesis watch` after the first build and after EDITS edits (each waited for).

Every edit writes a new word (`ubah1`, `ubah2`, …), so no edit is a cache hit of an earlier one.
Prints Markdown rows and writes the raw figures as JSON next to the project copy.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

# How long one build may take before the benchmark gives up (a loaded 2-core machine, 300 pages).
BUILD_TIMEOUT = 600.0
# Pause between edits, so a build's tail (writing, freeing) is not measured into the next one.
SETTLE = 0.3
# How often the PDFs are looked at.
POLL = 0.005
# How long a PDF's signature must stay the same to count as written.
STABLE = 0.03


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def pdf_signature(path):
    """(inode, mtime, size) of a complete PDF, or None while it is missing or being written."""
    try:
        st = os.stat(path)
        if st.st_size < 16:
            return None
        with open(path, "rb") as f:
            f.seek(max(0, st.st_size - 32))
            if b"%%EOF" not in f.read():
                return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)
    except OSError:
        return None


def wait_pdf(path, before, deadline):
    """Waits until the PDF at `path` is complete and differs from `before`; returns the time it
    was first seen so. A signature must hold for STABLE seconds before it counts: a file written
    in place can show its final size a moment before its final mtime, and a signature taken in
    that moment made the next edit look finished at once."""
    seen, since = None, None
    while time.monotonic() < deadline:
        sig = pdf_signature(path)
        now = time.monotonic()
        if sig is not None and sig != before:
            if sig != seen:
                seen, since = sig, now
            elif now - since >= STABLE:
                return since, sig
        else:
            seen = None
        time.sleep(POLL)
    raise TimeoutError(f"{path} was not rewritten")


class Events:
    """The preview's server-sent events, read on a thread; each arrival is timestamped."""

    def __init__(self, port):
        self.port = port
        self.arrivals = []  # (monotonic time, version, number of pages)
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=None)
                conn.request("GET", "/events")
                resp = conn.getresponse()
                while True:
                    line = resp.fp.readline()
                    if not line:
                        break
                    if line.startswith(b"data:"):
                        now = time.monotonic()
                        state = json.loads(line[5:])
                        with self.cond:
                            self.arrivals.append((now, state["version"], len(state["pages"])))
                            self.cond.notify_all()
            except OSError:
                time.sleep(0.1)

    def count(self):
        with self.cond:
            return len(self.arrivals)

    def wait_after(self, n, deadline, pages=True):
        """The first arrival after the first `n` (with pages, when asked); returns its time."""
        with self.cond:
            while True:
                for t, _, p in self.arrivals[n:]:
                    if p > 0 or not pages:
                        return t
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no preview update")
                self.cond.wait(left)


class Log:
    """A process's stderr, kept line by line (with timestamps) on a thread."""

    def __init__(self, stream, path):
        self.lines = []
        self.file = open(path, "w")
        self.lock = threading.Lock()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self.lock:
                self.lines.append((time.monotonic(), line))
            self.file.write(line + "\n")
            self.file.flush()

    def timings(self):
        """The `[timing …]` figures of tesis watch's status lines, in order."""
        out = []
        with self.lock:
            for _, line in self.lines:
                m = re.search(r"\[timing ([^\]]*)\]", line)
                if m:
                    out.append({k: float(v) for k, v in (kv.split("=") for kv in m.group(1).split())})
        return out


class Editor:
    """Replaces one word of a sentence in a chapter, saving through a renamed temporary file."""

    def __init__(self, path, window, scratch):
        self.path, self.current, self.scratch = path, window, scratch
        self.words = window.split(" ")

    def edit(self, i):
        words = list(self.words)
        words[1] = f"ubah{i}"
        new = " ".join(words)
        with open(self.path, encoding="utf-8") as f:
            text = f.read()
        assert text.count(self.current) == 1, (self.path, self.current)
        text = text.replace(self.current, new)
        self.current = new
        with open(self.scratch, "w", encoding="utf-8") as f:
            f.write(text)
        t0 = time.monotonic()
        os.replace(self.scratch, self.path)
        return t0


def chapters_by_preference(project):
    """The Markdown chapters of a project, from thesis.yaml's `bab:` list: the middle one first,
    then the others from the longest (the sample thesis's middle chapters are stubs)."""
    chapters, inside = [], False
    with open(os.path.join(project, "thesis", "thesis.yaml"), encoding="utf-8") as f:
        for line in f:
            if re.match(r"^bab\s*:", line):
                inside = True
                continue
            if inside:
                m = re.match(r"^\s+-\s+(?:file:\s*)?(\S+)", line)
                if m:
                    chapters.append(m.group(1).strip("\"'"))
                elif line.strip() and not line.startswith((" ", "\t")):
                    break
    md = [c for c in chapters if c.endswith(".md")]
    if not md:
        sys.exit(f"no Markdown chapter in {project}/thesis/thesis.yaml")
    middle = md.pop(len(md) // 2)
    size = lambda c: os.path.getsize(os.path.join(project, "thesis", c))
    return [middle] + sorted(md, key=size, reverse=True)


def pick_window(md_text, typ_text):
    """Four lower-case words, from the middle of the chapter on, found once in each file."""
    lines = md_text.splitlines()
    for line in lines[len(lines) // 2:] + lines[: len(lines) // 2]:
        if len(line) < 200 or not line[:1].isalpha():
            continue
        words = line.split(" ")
        for k in range(len(words) // 3, len(words) - 4):
            window = words[k : k + 4]
            if all(re.fullmatch(r"[a-z]{3,}", w) for w in window):
                s = " ".join(window)
                if md_text.count(s) == 1 and typ_text.count(s) == 1:
                    return s
    return None


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tesis", required=True)
    ap.add_argument("--typst", required=True)
    ap.add_argument("--project", required=True, help="a tesis project")
    ap.add_argument("--exported", required=True, help="its `tesis export-typst` folder")
    ap.add_argument("--work", required=True, help="a folder for the copies and logs")
    ap.add_argument("--p2", type=int, default=10, help="edits compared with typst watch")
    ap.add_argument("--edits", type=int, default=500, help="edits before the last RSS reading")
    ap.add_argument("--label", default="project")
    a = ap.parse_args()

    work = os.path.abspath(a.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    proj, exp = os.path.join(work, "tesis"), os.path.join(work, "typst")
    shutil.copytree(a.project, proj, ignore=shutil.ignore_patterns("*.pdf"))
    shutil.copytree(a.exported, exp)
    for chapter in chapters_by_preference(proj):
        md_path = os.path.join(proj, "thesis", chapter)
        typ_path = os.path.join(exp, "_tesis", "md", "thesis", chapter[: -len(".md")] + ".typ")
        with open(md_path, encoding="utf-8") as f:
            md_text = f.read()
        with open(typ_path, encoding="utf-8") as f:
            typ_text = f.read()
        window = pick_window(md_text, typ_text)
        if window:
            break
    else:
        sys.exit(f"no sentence to edit in the Markdown chapters of {a.project}")
    tesis_edit = Editor(md_path, window, os.path.join(work, ".save-tesis"))
    typst_edit = Editor(typ_path, window, os.path.join(work, ".save-typst"))
    tesis_pdf, typst_pdf = os.path.join(proj, "thesis.pdf"), os.path.join(exp, "out.pdf")

    port = free_port()
    env = dict(os.environ, TESIS_TIMING="1")
    started = time.monotonic()
    tesis = subprocess.Popen(
        [a.tesis, "watch", "--root", proj, "--port", str(port)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )
    tlog = Log(tesis.stderr, os.path.join(work, "tesis-watch.log"))
    typst = subprocess.Popen(
        [a.typst, "watch", "--ignore-system-fonts", "--font-path", os.path.join(exp, "fonts"),
         os.path.join(exp, "main.typ"), typst_pdf],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=exp,
    )
    Log(typst.stderr, os.path.join(work, "typst-watch.log"))
    result = {"label": a.label, "chapter": chapter, "window": window}
    try:
        deadline = time.monotonic() + BUILD_TIMEOUT
        events = None
        while events is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                events = Events(port)
            except OSError:
                if tesis.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("tesis watch did not start: see " + work + "/tesis-watch.log")
                time.sleep(0.05)
        events.wait_after(0, deadline)
        _, tsig = wait_pdf(tesis_pdf, None, deadline)
        _, ysig = wait_pdf(typst_pdf, None, deadline)
        result["first_build_s"] = time.monotonic() - started
        time.sleep(1.0)
        result["rss_first_kib"] = rss_kib(tesis.pid)
        result["typst_rss_first_kib"] = rss_kib(typst.pid)

        preview, tpdf, ypdf = [], [], []
        rss_curve = [(0, result["rss_first_kib"])]
        for i in range(1, a.edits + 1):
            n = events.count()
            t0 = tesis_edit.edit(i)
            deadline = t0 + BUILD_TIMEOUT
            tp = events.wait_after(n, deadline)
            tt, tsig = wait_pdf(tesis_pdf, tsig, deadline)
            if i <= a.p2:
                preview.append(tp - t0)
                tpdf.append(tt - t0)
                time.sleep(SETTLE)
                s0 = typst_edit.edit(i)
                ty, ysig = wait_pdf(typst_pdf, ysig, s0 + BUILD_TIMEOUT)
                ypdf.append(ty - s0)
                print(f"  {a.label} edit {i}: tesis preview {preview[-1]:.3f} s, PDF {tpdf[-1]:.3f} s; "
                      f"typst PDF {ypdf[-1]:.3f} s", file=sys.stderr)
            time.sleep(SETTLE if i <= a.p2 else 0.05)
            if i in (1, 10) or i % 50 == 0 or i == a.edits:
                rss_curve.append((i, rss_kib(tesis.pid)))
                print(f"  {a.label} edit {i}: RSS {rss_curve[-1][1] / 1024:.0f} MiB", file=sys.stderr)
        time.sleep(1.0)
        result["rss_last_kib"] = rss_kib(tesis.pid)
        result["rss_peak_kib"] = rss_kib(tesis.pid, "VmHWM")
        result["typst_rss_last_kib"] = rss_kib(typst.pid)
        result["rss_curve"] = rss_curve
        result["edits"] = a.edits
        result["preview_s"], result["tesis_pdf_s"], result["typst_pdf_s"] = preview, tpdf, ypdf
        result["tesis_timing_lines"] = tlog.timings()
    finally:
        for p in (tesis, typst):
            p.send_signal(signal.SIGINT)
        for p in (tesis, typst):
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()

    with open(os.path.join(work, "result.json"), "w") as f:
        json.dump(result, f, indent=1)
    mp, mt, my = median(preview), median(tpdf), median(ypdf)
    internal = result["tesis_timing_lines"][1 : 1 + a.p2]
    ip = median([t["preview_ms"] / 1000 for t in internal])
    # The first look (the edited chapter laid out alone) when there was one, else the preview.
    il = median([(t.get("first_look_ms") or t["preview_ms"]) / 1000 for t in internal])
    it = median([t["pdf_total_ms"] / 1000 for t in internal])
    growth = 100.0 * (result["rss_last_kib"] / result["rss_first_kib"] - 1)
    print(f"P2|{a.label}|{len(preview)}|{mp:.3f}|{mt:.3f}|{my:.3f}|{mp / my:.2f}|{mt / my:.2f}|{il:.3f}|{ip:.3f}|{it:.3f}")
    print(f"P3|{a.label}|{a.edits}|{result['rss_first_kib'] / 1024:.0f}|{result['rss_last_kib'] / 1024:.0f}"
          f"|{growth:+.1f}|{result['rss_peak_kib'] / 1024:.0f}"
          f"|{result['typst_rss_first_kib'] / 1024:.0f}|{result['typst_rss_last_kib'] / 1024:.0f}")


if __name__ == "__main__":
    main()
