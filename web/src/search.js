// Suggestions under every search box: names as they are typed, from /search?format=json. The
// form works without it (it submits to the search page); everything is put in as text.
const DELAY = 120;

function attach(form) {
  const input = form.querySelector('input[name="q"]');
  if (!input) return;
  const list = document.createElement("ul");
  list.className = "suggest";
  list.hidden = true;
  list.setAttribute("role", "listbox");
  form.appendChild(list);
  let timer = null;
  let asked = "";
  let active = -1;

  const items = () => Array.from(list.querySelectorAll("a"));
  const close = () => { list.hidden = true; active = -1; };
  const highlight = (n) => {
    const all = items();
    all.forEach((a, i) => a.classList.toggle("active", i === n));
    active = n;
  };

  async function suggest() {
    const q = input.value.trim();
    if (q === asked) return;
    asked = q;
    if (!q) { close(); return; }
    const url = `${form.action}?${new URLSearchParams({ q, format: "json", limit: "8" })}`;
    let data;
    try {
      const response = await fetch(url, { headers: { accept: "application/json" } });
      if (!response.ok) return;
      data = await response.json();
    } catch (err) {
      return;
    }
    if (input.value.trim() !== q) return;  // the user typed on meanwhile
    list.replaceChildren();
    for (const hit of data.results) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = hit.page;
      a.setAttribute("role", "option");
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = hit.name;
      a.appendChild(name);
      if (hit.matched) {
        const aka = document.createElement("span");
        aka.className = "meta";
        aka.textContent = ` “${hit.matched}”`;
        a.appendChild(aka);
      }
      const info = document.createElement("span");
      info.className = "meta";
      info.textContent = ` ${hit.type} · ${hit.documents} doc${hit.documents === 1 ? "" : "s"}`;
      a.appendChild(info);
      li.appendChild(a);
      list.appendChild(li);
    }
    if (data.total > data.results.length) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = `${form.action}?${new URLSearchParams({ q })}`;
      a.className = "all";
      a.textContent = `all ${data.total} results`;
      li.appendChild(a);
      list.appendChild(li);
    }
    list.hidden = data.results.length === 0;
    active = -1;
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, DELAY);
  });
  input.addEventListener("keydown", (event) => {
    const all = items();
    if (list.hidden || all.length === 0) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % all.length); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + all.length) % all.length); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); window.location.assign(all[active].href); }
    else if (event.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 200));
}

function start() {
  for (const form of document.querySelectorAll('form.search')) attach(form);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
