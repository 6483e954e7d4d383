// Builds the browser code docgraph serve ships into docgraph/static/: `npm ci && npm run build`.
// The output is committed (a pip install needs no Node); `npm run check` rebuilds into a
// temporary folder and fails when the committed files differ from what this lock builds.
import { build } from "esbuild";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const shipped = join(here, "..", "docgraph", "static");
const entries = { query: "src/query.js", graph: "src/graph.js", search: "src/search.js" };
const check = process.argv.includes("--check");
const out = check ? mkdtempSync(join(tmpdir(), "docgraph-web-")) : shipped;

const result = await build({
  metafile: true,
  entryPoints: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, join(here, v)])),
  outdir: out,
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "eof",
  charset: "utf8",
  logLevel: "warning",
  loader: { ".woff": "dataurl", ".woff2": "dataurl", ".svg": "dataurl" },
});

// the licences of every package bundled, beside the bundles
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g);
  if (m) packages.add(m[m.length - 1].replace(/^node_modules\//, "").replace(/\/$/, ""));
}
const notices = [...packages].sort().map((name) => {
  const dir = join(here, "node_modules", name);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = file && existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8").trim() : "";
  return `${name} ${meta.version} (${meta.license || "see its package"})\n${text}\n`;
});
writeFileSync(join(out, "THIRD-PARTY-LICENSES.txt"),
  "Packages bundled into query.js, query.css, graph.js and search.js (built by web/build.mjs)\n\n" +
  notices.join("\n" + "-".repeat(72) + "\n\n"));

if (check) {
  const differ = readdirSync(out).filter((f) => !readFileSync(join(out, f)).equals(readFileSync(join(shipped, f))));
  rmSync(out, { recursive: true });
  if (differ.length) {
    console.error(`docgraph/static/ is not what web/ builds: ${differ.join(", ")} (run npm run build --prefix web)`);
    process.exit(1);
  }
  console.log("docgraph/static/ is what web/ builds");
}
