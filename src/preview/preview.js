// Keeps the preview in step with `tesis watch`: every server-sent event carries the hash of
// each page; only pages whose hash changed are fetched again and swapped in place, so the
// reader keeps their scroll position. The page is never reloaded.
"use strict";
(() => {
  const pagesEl = document.getElementById("pages");
  const overlay = document.getElementById("overlay");
  const statusEl = document.getElementById("status");
  /** One entry per shown page: its element, image, text element and hash. */
  const slots = [];
  let lastVersion = -1;
  /** Whether the first state was shown (follow-the-edit and `tesis show` act only after it). */
  let started = false;
  /** The run's token: every request that writes or opens something carries it. */
  const token = (document.querySelector('meta[name="tesis-token"]') || {}).content || "";

  // Counts loads of this document; a full reload would start it again at 1.
  window.__tesisLoads = (window.__tesisLoads || 0) + 1;

  /** Creates the element of page `i` (0-based). */
  function makeSlot(i) {
    const el = document.createElement("div");
    el.className = "page";
    el.id = `page-${i + 1}`;
    const img = document.createElement("img");
    img.alt = `Halaman ${i + 1}`;
    img.loading = "lazy";
    const text = document.createElement("div");
    text.className = "text";
    el.append(img, text);
    pagesEl.append(el);
    return { el, img, text, hash: null };
  }

  /** Loads page `i` at `hash`: image and text arrive together, then replace the old ones. */
  function load(slot, i, hash) {
    slot.hash = hash;
    const query = `?v=${hash}`;
    const textDone = fetch(`/page/${i + 1}.txt${query}`).then((r) => (r.ok ? r.text() : ""));
    const first = !slot.el.dataset.shown;
    const img = first ? slot.img : new Image();
    img.alt = `Halaman ${i + 1}`;
    img.src = `/page/${i + 1}.svg${query}`;
    // A page already shown is swapped only once the new image is decoded (no flash).
    const imgDone = first ? Promise.resolve() : img.decode().catch(() => {});
    Promise.all([imgDone, textDone]).then(([, text]) => {
      if (slot.hash !== hash) return; // a newer build replaced it meanwhile
      if (img !== slot.img) {
        slot.img.replaceWith(img);
        slot.img = img;
      }
      slot.text.textContent = text;
      slot.el.dataset.shown = hash;
    });
  }

  /** Shows a state: pages whose hash changed, the overlay, the status line. */
  function apply(state) {
    // A restarted `tesis watch` counts versions from 1 again, so only a repeat is skipped.
    if (!state || state.version === lastVersion) return;
    lastVersion = state.version;
    if (state.title) document.title = `${state.title} · pratinjau tesis`;
    let changed = 0;
    let firstChanged = -1;
    state.pages.forEach((p, i) => {
      const slot = slots[i] || (slots[i] = makeSlot(i));
      slot.el.style.aspectRatio = `${p.width} / ${p.height}`;
      slot.size = [p.width, p.height];
      if (slot.hash !== p.hash) {
        if (firstChanged < 0 && slot.hash !== null) firstChanged = i;
        changed += 1;
        load(slot, i, p.hash);
      }
    });
    while (slots.length > state.pages.length) slots.pop().el.remove();
    const time = new Date().toLocaleTimeString("id-ID");
    if (state.error) {
      document.getElementById("error-summary").textContent = state.error.summary;
      document.getElementById("error-details").textContent = state.error.details;
      overlay.hidden = false;
      document.body.dataset.state = "error";
      statusEl.textContent = `Build gagal (${time}): ${state.error.summary}`;
    } else {
      overlay.hidden = true;
      document.body.dataset.state = state.pages.length ? "ok" : "loading";
      statusEl.textContent = state.pages.length
        ? `${state.pages.length} halaman · diperbarui ${time}` + (changed ? ` · ${changed} halaman berubah` : "")
        : "Menunggu build pertama…";
    }
    if (state.outline) drawOutline(state.outline);
    if (state.review) drawReview(state.review);
    if (started && firstChanged >= 0 && follow.checked) followTo(firstChanged);
    showPlace(state.show);
    started = true;
    document.body.dataset.version = String(state.version);
  }

  // Follow the edit: after a save, the first changed page is scrolled into view when it is not.
  const follow = document.getElementById("follow");
  follow.checked = localStorage.getItem("tesis-follow") !== "0";
  follow.addEventListener("change", () => localStorage.setItem("tesis-follow", follow.checked ? "1" : "0"));
  function followTo(i) {
    const el = slots[i] && slots[i].el;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const top = document.getElementById("bar").getBoundingClientRect().bottom;
    if (r.bottom > top + 40 && r.top < window.innerHeight - 40) return; // in view already
    scrollToPage(el, 0);
    document.body.dataset.followed = String(i + 1);
  }

  // `tesis show FILE:LINE`: scroll to that place and mark it briefly (each request once).
  let shownSeq = null;
  function showPlace(show) {
    if (!show) return;
    if (shownSeq === null && !started) {
      shownSeq = show.seq; // asked before this page was opened
      return;
    }
    if (show.seq === shownSeq) return;
    shownSeq = show.seq;
    const slot = slots[show.page - 1];
    if (!slot) return;
    const el = slot.el;
    const height = el.getBoundingClientRect().height;
    const y = show.y != null && slot.size ? (show.y / slot.size[1]) * height : 0;
    scrollToPage(el, Math.max(0, y - 60));
    flashAt(el, y, show.what);
    document.body.dataset.shownPlace = `${show.what}@${show.page}`;
  }

  /** Marks `y` pixels down page element `el` briefly. */
  function flashAt(el, y, title) {
    const flash = document.createElement("div");
    flash.className = "flash";
    flash.style.top = `${Math.max(0, y - 8)}px`;
    flash.title = title;
    el.append(flash);
    setTimeout(() => flash.remove(), 2600);
  }

  // The review panel: each chapter's marks, in source order, with Accept / Reject / Resolve.
  const reviewList = document.getElementById("review-list");
  const reviewMessage = document.getElementById("review-message");
  const kindNames = { insert: "Tambah", delete: "Hapus", substitute: "Ganti", highlight: "Sorot", comment: "Komentar" };
  let reviewKey = "";
  function drawReview(chapters) {
    const key = JSON.stringify(chapters);
    if (key === reviewKey) return;
    reviewKey = key;
    let total = 0;
    reviewList.replaceChildren(
      ...chapters.map((c) => {
        const group = document.createElement("section");
        group.className = "chapter";
        group.dataset.file = c.file;
        const h = document.createElement("h3");
        const name = document.createElement("span");
        name.textContent = c.file;
        h.append(name);
        const changes = c.marks.filter((m) => m.kind !== "comment");
        if (changes.length) {
          const all = document.createElement("span");
          all.className = "all";
          all.append(
            button("Terima semua", "ok", () => act(c.file, "accept", changes, group), "accept-all"),
            button("Tolak semua", "no", () => act(c.file, "reject", changes, group), "reject-all"),
          );
          h.append(all);
        }
        group.append(h);
        c.marks.forEach((m) => {
          total += 1;
          group.append(markItem(c.file, m));
        });
        return group;
      }),
    );
    document.getElementById("review-count").textContent = String(total);
    document.getElementById("review-empty").hidden = total > 0;
  }
  function button(label, cls, onclick, action) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.className = cls;
    b.dataset.action = action;
    b.addEventListener("click", (e) => {
      e.stopPropagation();
      onclick();
    });
    return b;
  }
  function markItem(file, m) {
    const item = document.createElement("div");
    item.className = `mark ${m.kind}`;
    item.dataset.start = String(m.start);
    item.dataset.page = m.page ? String(m.page) : "";
    const meta = document.createElement("div");
    meta.className = "meta";
    const kind = document.createElement("b");
    kind.textContent = kindNames[m.kind] || m.kind;
    const author = document.createElement("span");
    author.textContent = m.author || "";
    const page = document.createElement("span");
    page.className = "where";
    page.textContent = (m.label ? `hlm. ${m.label}` : m.page ? `hlm. ${m.page}` : "") + ` · baris ${m.line}`;
    meta.append(kind, author, page);
    const body = document.createElement("div");
    body.className = "body";
    if (m.kind === "delete") body.append(el("del", m.text));
    else if (m.kind === "insert") body.append(el("ins", m.text));
    else if (m.kind === "substitute") body.append(el("del", m.text), " → ", el("ins", m.new || ""));
    else body.textContent = m.text;
    const actions = document.createElement("div");
    actions.className = "actions";
    if (m.kind === "comment") {
      actions.append(button("Selesai", "ok", () => act(file, "resolve", [m], item), "resolve"));
    } else {
      actions.append(
        button("Terima", "ok", () => act(file, "accept", [m], item), "accept"),
        button("Tolak", "no", () => act(file, "reject", [m], item), "reject"),
      );
    }
    item.append(meta, body, actions);
    item.addEventListener("click", () => {
      const slot = m.page && slots[m.page - 1];
      if (!slot) return;
      const y = m.y != null && slot.size ? (m.y / slot.size[1]) * slot.el.getBoundingClientRect().height : 0;
      scrollToPage(slot.el, Math.max(0, y - 80));
      if (m.y != null) flashAt(slot.el, y, `${file}:${m.line}`);
    });
    return item;
  }
  function el(tag, text) {
    const e = document.createElement(tag);
    e.textContent = text;
    return e;
  }
  /** Sends one action; the file changes on disk, `tesis watch` rebuilds, the panel redraws. */
  async function act(file, action, marks, shownAs) {
    shownAs.classList.add("pending");
    const body = { file, action, marks: marks.map((m) => ({ start: m.start, end: m.end, text: m.source })) };
    let reply;
    try {
      reply = await fetch("/review", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Tesis-Token": token },
        body: JSON.stringify(body),
      });
    } catch (e) {
      reply = { ok: false, status: 0, text: async () => "tesis watch tidak menjawab" };
    }
    if (reply.ok) {
      message("Disimpan; pratinjau diperbarui setelah build.", true);
    } else {
      shownAs.classList.remove("pending");
      message(`Ditolak (${reply.status}): ${await reply.text()}`, false);
    }
  }
  function message(text, ok) {
    reviewMessage.textContent = text;
    reviewMessage.className = ok ? "ok" : "";
    reviewMessage.hidden = false;
    document.body.dataset.reviewMessage = text;
  }
  const reviewToggle = document.getElementById("review-toggle");
  function setReview(open) {
    document.body.classList.toggle("review-closed", !open);
    localStorage.setItem("tesis-review", open ? "1" : "0");
  }
  setReview(localStorage.getItem("tesis-review") !== "0");
  reviewToggle.addEventListener("click", () => setReview(document.body.classList.contains("review-closed")));

  // The outline: one link per part and heading; the part in view is highlighted.
  const outlineList = document.getElementById("outline-list");
  let outlineEntries = [];
  let outlineKey = "";
  function drawOutline(entries) {
    const key = JSON.stringify(entries);
    if (key === outlineKey) return;
    outlineKey = key;
    outlineEntries = entries;
    outlineList.replaceChildren(
      ...entries.map((e, k) => {
        const li = document.createElement("li");
        li.className = e.level > 3 ? "deep" : `l${e.level}`;
        li.dataset.page = String(e.page);
        li.dataset.index = String(k);
        const a = document.createElement("a");
        a.href = `#page-${e.page}`;
        a.title = e.title;
        const t = document.createElement("span");
        t.textContent = e.title;
        const n = document.createElement("span");
        n.className = "n";
        n.textContent = e.label || "";
        a.append(t, n);
        a.addEventListener("click", (ev) => {
          ev.preventDefault();
          scrollToPage(document.getElementById(`page-${e.page}`), 0);
        });
        li.append(a);
        return li;
      }),
    );
    highlight();
  }
  /** Scrolls so that `dy` pixels down page element `el` sit just below the bar. */
  function scrollToPage(el, dy) {
    if (!el) return;
    const bar = document.getElementById("bar").getBoundingClientRect().height;
    window.scrollTo(0, Math.max(0, el.getBoundingClientRect().top + window.scrollY + dy - bar));
  }
  /** The number (1-based) of the page at the top of the window. */
  function pageInView() {
    const top = document.getElementById("bar").getBoundingClientRect().bottom + 4;
    let seen = 1;
    for (let i = 0; i < slots.length; i++) {
      if (slots[i].el.getBoundingClientRect().top <= top + 40) seen = i + 1;
      else break;
    }
    return seen;
  }
  function highlight() {
    const page = pageInView();
    let current = -1;
    // The first entry of the last page at or above the one in view.
    outlineEntries.forEach((e, k) => {
      if (e.page <= page && (current < 0 || e.page > outlineEntries[current].page)) current = k;
    });
    // The part in view: from the BAB (or front/back part) that holds the current entry to the next one.
    let start = Math.max(current, 0);
    while (start > 0 && outlineEntries[start].level > 1) start--;
    let end = start + 1;
    while (end < outlineEntries.length && outlineEntries[end].level > 1) end++;
    [...outlineList.children].forEach((li, k) => {
      li.classList.toggle("current", k === current);
      li.classList.toggle("in-part", current >= 0 && k >= start && k < end);
    });
    document.body.dataset.pageInView = String(page);
  }
  let highlightQueued = false;
  window.addEventListener("scroll", () => {
    if (highlightQueued) return;
    highlightQueued = true;
    requestAnimationFrame(() => {
      highlightQueued = false;
      highlight();
    });
  });
  const outlineToggle = document.getElementById("outline-toggle");
  function setOutline(open) {
    document.body.classList.toggle("outline-closed", !open);
    localStorage.setItem("tesis-outline", open ? "1" : "0");
  }
  setOutline(localStorage.getItem("tesis-outline") !== "0");
  outlineToggle.addEventListener("click", () => setOutline(document.body.classList.contains("outline-closed")));

  /** Page width steps of the zoom buttons, remembered per browser. */
  const widths = [560, 700, 840, 1000, 1200, 1500];
  let zoom = Number(localStorage.getItem("tesis-zoom") || 2);
  function setZoom(z) {
    zoom = Math.max(0, Math.min(widths.length - 1, z));
    localStorage.setItem("tesis-zoom", String(zoom));
    document.documentElement.style.setProperty("--page-width", `${widths[zoom]}px`);
  }
  setZoom(zoom);
  document.getElementById("zoom").addEventListener("click", (e) => {
    const step = Number(e.target.dataset.zoom || 0);
    if (step) setZoom(zoom + step);
  });

  // Page → source: a double-click (or Ctrl/Cmd-click) on a word asks `tesis watch` for its
  // source line; it opens the editor given with --editor, and the place is shown to copy.
  let placeBox = null;
  async function openSource(ev) {
    const pageEl = ev.target.closest(".page");
    if (!pageEl) return;
    const i = Number(pageEl.id.replace("page-", "")) - 1;
    const slot = slots[i];
    if (!slot || !slot.size) return;
    ev.preventDefault();
    const r = pageEl.getBoundingClientRect();
    const x = ((ev.clientX - r.left) / r.width) * slot.size[0];
    const y = ((ev.clientY - r.top) / r.height) * slot.size[1];
    let text;
    let reply;
    try {
      reply = await fetch("/open", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Tesis-Token": token },
        body: JSON.stringify({ page: i + 1, x, y }),
      });
      text = await reply.text();
    } catch (e) {
      text = "tesis watch tidak menjawab";
    }
    let shown;
    if (reply && reply.ok) {
      const place = JSON.parse(text);
      const where = `${place.file}:${place.line}:${place.column}`;
      shown = place.opened ? `${where} · dibuka di editor` : place.error ? `${where} · ${place.error}` : where;
      document.body.dataset.sourcePlace = where;
    } else {
      shown = `Tidak ada sumber di sini: ${text}`;
    }
    if (!placeBox) {
      placeBox = document.createElement("div");
      placeBox.id = "source-place";
      document.body.append(placeBox);
    }
    placeBox.textContent = shown;
    placeBox.hidden = false;
    clearTimeout(placeBox.timer);
    placeBox.timer = setTimeout(() => (placeBox.hidden = true), 8000);
  }
  pagesEl.addEventListener("dblclick", openSource);
  pagesEl.addEventListener("click", (ev) => {
    if (ev.ctrlKey || ev.metaKey) openSource(ev);
  });

  apply(JSON.parse(document.getElementById("initial-state").textContent));
  const events = new EventSource("/events");
  events.addEventListener("update", (e) => apply(JSON.parse(e.data)));
  events.addEventListener("error", () => {
    statusEl.textContent = "Terputus dari tesis watch; menyambung lagi…";
  });
})();
