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
    document.body.dataset.version = String(state.version);
  }

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
