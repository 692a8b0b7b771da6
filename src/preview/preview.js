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
    state.pages.forEach((p, i) => {
      const slot = slots[i] || (slots[i] = makeSlot(i));
      slot.el.style.aspectRatio = `${p.width} / ${p.height}`;
      if (slot.hash !== p.hash) {
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
    document.body.dataset.version = String(state.version);
  }

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
          const el = document.getElementById(`page-${e.page}`);
          if (el) el.scrollIntoView({ block: "start" });
        });
        li.append(a);
        return li;
      }),
    );
    highlight();
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

  apply(JSON.parse(document.getElementById("initial-state").textContent));
  const events = new EventSource("/events");
  events.addEventListener("update", (e) => apply(JSON.parse(e.data)));
  events.addEventListener("error", () => {
    statusEl.textContent = "Terputus dari tesis watch; menyambung lagi…";
  });
})();
