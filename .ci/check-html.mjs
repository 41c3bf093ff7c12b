#!/usr/bin/env node
// npm run check:html — the report pages (SPEC §7.7) opened in a real browser.
//
//   node .ci/check-html.mjs [OUTDIR]        build the demo center, write its pages with the CLI, check them
//   node .ci/check-html.mjs FILE.html …     check the given pages only
//   node .ci/check-html.mjs --self-test     every check must fail on a page made to fail it, and pass a good one
//
// Each page is opened in headless Chromium (Debian's `chromium`; CHROMIUM=path to use another) driven over the
// DevTools protocol on a pipe (--remote-debugging-pipe: NUL-separated JSON on fds 3 and 4), so no npm package
// and no browser download. Written to OUTDIR (default bench/out/html/): NAME.png (screen, 794 px = A4 at 96 dpi, or
// 1123 px = A4 landscape when the page has landscape tables; full height; NAME-screen-01.png… the same in A4-high
// pieces, for an image viewer), NAME.pdf (printed on A4 with
// backgrounds) and, when poppler's pdftoppm is installed, NAME-print-01.png… (the PDF's pages at 96 dpi).
// A page fails (exit 1, named with what) on:
//   console  a console error or warning, an uncaught exception, a dialog;
//   request  any request but the page's own file (it must open offline; each is blocked, not fetched);
//   tofu     a character none of the fonts Chromium used for its text node has (CSS.getPlatformFontsForNode,
//            checked against each font's charset from fontconfig);
//   overflow an element past the page (on screen 794 px, and an element on a named page such as `page: wide` at
//            that page's paper width, 1123 px for A4 landscape, as a window wide enough to show it; in print the
//            printable width of its @page, named pages at their own size), a table or chart wider than its
//            container, content cut by an overflow box;
//   wrap     a table cell's short word broken across lines (受/理, 合/计, 上期结/转, 100.00/%): a squeezed column;
//   chart    an inline <svg> without data marks (filled shapes or drawn lines other than the background, axes,
//            grid lines and legend), or with text labels overlapping one another or cut at its edge, or an id
//            another element has too (a clip-path would pick the first).
// CI has no browser: this is not part of `npm test`, which checks the same HTML's structure and values.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const A4 = { width: 210, height: 297 }; // mm
const MM = 96 / 25.4; // CSS px per mm
const SCREEN_WIDTH = Math.round(A4.width * MM); // 794

// ---------------------------------------------------------------------------------------------------------------
// Chromium over the DevTools protocol on a pipe

function findChromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  // Debian's /usr/bin/chromium is a shell wrapper that adds extension flags; the binary behind it takes ours as given.
  const candidates = ['/usr/lib/chromium/chromium'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) candidates.push(join(dir, name));
  }
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    console.error('check-html: Chromium not found (apt-get install chromium fonts-noto-cjk, or set CHROMIUM=path)');
    process.exit(2);
  }
  return found;
}

class Browser {
  constructor() {
    this.profile = mkdtempSync(join(tmpdir(), 'hall-chromium-'));
    const args = [
      '--headless',
      '--remote-debugging-pipe',
      `--user-data-dir=${this.profile}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-extensions',
      '--disable-gpu',
      '--hide-scrollbars',
      '--mute-audio',
      '--force-color-profile=srgb',
      'about:blank',
    ];
    // Chromium's sandbox refuses to start as root (a container); a normal user keeps it.
    if (process.getuid?.() === 0) args.unshift('--no-sandbox');
    this.proc = spawn(findChromium(), args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
    // Interrupted (Ctrl-C, an uncaught error): the browser and its profile go too.
    process.once('SIGINT', () => process.exit(130));
    process.once('exit', () => {
      if (!this.closed) this.proc.kill('SIGKILL');
      rmSync(this.profile, { recursive: true, force: true });
    });
    this.stderr = '';
    this.proc.stderr.on('data', (chunk) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.nextId = 0;
    this.pending = new Map();
    this.listeners = new Set();
    let buffer = '';
    this.proc.stdio[4].setEncoding('utf8');
    this.proc.stdio[4].on('data', (chunk) => {
      buffer += chunk;
      let end = buffer.indexOf('\0');
      while (end >= 0) {
        this.receive(JSON.parse(buffer.slice(0, end)));
        buffer = buffer.slice(end + 1);
        end = buffer.indexOf('\0');
      }
    });
    this.proc.on('exit', (code, signal) => {
      const error = new Error(`Chromium exited (${signal ?? code})\n${this.stderr}`);
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
      this.closed = true;
    });
  }

  receive(message) {
    if (message.id !== undefined) {
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}${message.error.data ? ` (${message.error.data})` : ''}`));
      else call.resolve(message.result);
      return;
    }
    for (const listener of this.listeners) listener(message);
  }

  send(method, params = {}, sessionId = undefined) {
    if (this.closed) return Promise.reject(new Error(`Chromium is gone\n${this.stderr}`));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.proc.stdio[3].write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  }

  async open() {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    return new Tab(this, targetId, sessionId);
  }

  async close() {
    if (!this.closed) {
      const exited = new Promise((resolve) => this.proc.once('exit', resolve));
      await this.send('Browser.close').catch(() => {});
      await Promise.race([exited, sleep(5000)]);
      if (!this.closed) this.proc.kill('SIGKILL');
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}

class Tab {
  constructor(browser, targetId, sessionId) {
    this.browser = browser;
    this.targetId = targetId;
    this.sessionId = sessionId;
    this.handlers = new Map();
    this.listener = (message) => {
      if (message.sessionId !== this.sessionId) return;
      for (const handler of this.handlers.get(message.method) ?? []) handler(message.params);
    };
    browser.listeners.add(this.listener);
  }

  send(method, params = {}) {
    return this.browser.send(method, params, this.sessionId);
  }

  on(method, handler) {
    if (!this.handlers.has(method)) this.handlers.set(method, []);
    this.handlers.get(method).push(handler);
  }

  once(method, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs / 1000} s`)), timeoutMs);
      this.on(method, (params) => {
        clearTimeout(timer);
        resolve(params);
      });
    });
  }

  async evaluate(fn, ...args) {
    const expression = `(${fn})(...${JSON.stringify(args)})`;
    const { result, exceptionDetails } = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  }

  async close() {
    this.browser.listeners.delete(this.listener);
    await this.browser.send('Target.closeTarget', { targetId: this.targetId }).catch(() => {});
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------
// Fonts: which characters each installed font has, from fontconfig

function loadFontCharsets() {
  let listing;
  try {
    listing = execFileSync('fc-list', ['--format', '%{postscriptname}\t%{family}\t%{charset}\n'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch {
    console.error('check-html: fc-list (fontconfig) not found; it tells which characters each font has');
    process.exit(2);
  }
  const byPostScript = new Map();
  const byFamily = new Map();
  for (const line of listing.split('\n')) {
    const [postscript, families, charset] = line.split('\t');
    if (!charset) continue;
    const ranges = charset
      .trim()
      .split(/\s+/)
      .map((part) => {
        const [lo, hi] = part.split('-').map((hex) => Number.parseInt(hex, 16));
        return [lo, hi ?? lo];
      });
    byPostScript.set(postscript, ranges);
    for (const family of families.split(',')) {
      const merged = byFamily.get(family) ?? [];
      byFamily.set(family, merged.concat(ranges));
    }
  }
  for (const [family, ranges] of byFamily)
    byFamily.set(
      family,
      ranges.sort((a, b) => a[0] - b[0]),
    );
  const has = (ranges, cp) => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < ranges[mid][0]) hi = mid - 1;
      else if (cp > ranges[mid][1]) lo = mid + 1;
      else return true;
    }
    // A family's faces overlap, so its merged list is sorted by start only: look back over the earlier ranges.
    for (let i = Math.min(lo, ranges.length - 1); i >= 0 && ranges[i][0] <= cp; i--) if (cp <= ranges[i][1]) return true;
    return false;
  };
  return {
    // undefined: a font fontconfig does not know (a web font in the page), which cannot be checked here.
    covers(font, cp) {
      const ranges = byPostScript.get(font.postScriptName) ?? byFamily.get(font.familyName);
      return ranges ? has(ranges, cp) : undefined;
    },
  };
}

// Characters that draw nothing and need no glyph: controls, spaces, soft hyphen, joiners and marks of direction,
// variation selectors, tags. (A class in a regular expression would mix joiners with what they join.)
const NO_GLYPH = [
  [0x00, 0x20],
  [0x7f, 0xa0],
  [0xad, 0xad],
  [0x180e, 0x180e],
  [0x2000, 0x200f],
  [0x2028, 0x202f],
  [0x205f, 0x206f],
  [0x3000, 0x3000],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xe0000, 0xe01ef],
];
const noGlyph = (cp) => NO_GLYPH.some(([lo, hi]) => cp >= lo && cp <= hi);

async function findTofu(tab, fonts) {
  const problems = [];
  const unknown = new Set();
  const { root: doc } = await tab.send('DOM.getDocument', { depth: -1, pierce: true });
  const elements = [];
  const walk = (node, path) => {
    const here = node.nodeType === 1 ? [...path, describeNode(node)] : path;
    const text = (node.children ?? [])
      .filter((child) => child.nodeType === 3)
      .map((child) => child.nodeValue)
      .join('');
    if (node.nodeType === 1 && /\S/.test(text) && !/^(STYLE|SCRIPT|TITLE|NOSCRIPT|TEMPLATE)$/i.test(node.nodeName)) elements.push({ node, text, path: here });
    for (const child of node.children ?? []) walk(child, here);
    for (const child of node.contentDocument ? [node.contentDocument] : []) walk(child, here);
  };
  walk(doc, []);
  for (const { node, text, path } of elements) {
    const { fonts: used } = await tab.send('CSS.getPlatformFontsForNode', { nodeId: node.nodeId });
    if (used.length === 0) continue; // not rendered (display: none and the like)
    const missing = [];
    for (const ch of new Set(text)) {
      const cp = ch.codePointAt(0);
      if (noGlyph(cp)) continue;
      const answers = used.map((font) => (font.isCustomFont ? undefined : fonts.covers(font, cp)));
      if (answers.includes(true)) continue;
      if (answers.includes(undefined)) {
        for (const font of used) if (font.isCustomFont || fonts.covers(font, cp) === undefined) unknown.add(font.familyName);
        continue;
      }
      missing.push(`U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${ch}`);
    }
    if (missing.length > 0) {
      problems.push(`${missing.join(', ')} in ${path.slice(-3).join(' > ')} “${snippet(text)}” — no glyph in ${used.map((f) => f.familyName).join(', ')}`);
    }
  }
  return { problems, unknown: [...unknown] };
}

function describeNode(node) {
  const attrs = new Map();
  for (let i = 0; i + 1 < (node.attributes ?? []).length; i += 2) attrs.set(node.attributes[i], node.attributes[i + 1]);
  let name = node.nodeName.toLowerCase();
  if (attrs.get('id')) name += `#${attrs.get('id')}`;
  else if (attrs.get('class')) name += `.${attrs.get('class').trim().split(/\s+/)[0]}`;
  return name;
}

const snippet = (text) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
};

// ---------------------------------------------------------------------------------------------------------------
// Checks run inside the page (serialised into Runtime.evaluate: no closures over this module)

// The boxes of the page's @page rules: the default and each named page (`page: wide`), each as its printable width
// and its paper width in CSS px; only the named pages some element is set on.
function pageBoxes(a4, mm) {
  const toPx = (value) => {
    const m = /^(-?[\d.]+)(mm|cm|in|pt|px|pc|q)?$/.exec(String(value).trim());
    if (!m) return undefined;
    const n = Number(m[1]);
    const unit = { mm, cm: mm * 10, in: 96, pt: 96 / 72, pc: 16, px: 1, q: mm / 4 }[m[2] ?? 'px'];
    return n * unit;
  };
  const sizes = { a5: [148, 210], a4: [210, 297], a3: [297, 420], b5: [176, 250], b4: [250, 353], letter: [215.9, 279.4], legal: [215.9, 355.6] };
  const boxes = {};
  const visit = (rules) => {
    for (const rule of rules) {
      // Run with print emulated, so matchMedia answers as the printer would.
      if (rule instanceof CSSMediaRule) {
        if (matchMedia(rule.conditionText).matches) visit(rule.cssRules);
        continue;
      }
      if (!(rule instanceof CSSPageRule)) {
        if (rule.cssRules) visit(rule.cssRules); // @supports, @layer
        continue;
      }
      if (/:(first|blank)/.test(rule.selectorText)) continue; // one page only; the rest follow the plain rule
      const name = rule.selectorText.replace(/:(left|right)\b/g, '').trim();
      const box = boxes[name] ?? { width: a4.width * mm, height: a4.height * mm, left: 0.4 * 96, right: 0.4 * 96 };
      const size = rule.style.getPropertyValue('size').trim().toLowerCase();
      if (size) {
        const words = size.split(/\s+/);
        const named = words.find((w) => sizes[w]);
        let [w, h] = named ? sizes[named].map((v) => v * mm) : [box.width, box.height];
        const lengths = words.map(toPx).filter((v) => v !== undefined);
        if (lengths.length > 0) [w, h] = [lengths[0], lengths[1] ?? lengths[0]];
        if (words.includes('landscape')) [w, h] = [Math.max(w, h), Math.min(w, h)];
        if (words.includes('portrait')) [w, h] = [Math.min(w, h), Math.max(w, h)];
        box.width = w;
        box.height = h;
      }
      for (const side of ['left', 'right']) {
        const value = rule.style.getPropertyValue(`margin-${side}`);
        if (value) box[side] = /%$/.test(value) ? (Number.parseFloat(value) / 100) * box.width : (toPx(value) ?? box[side]);
      }
      boxes[name] = box;
    }
  };
  for (const sheet of document.styleSheets) {
    try {
      visit(sheet.cssRules);
    } catch {
      // another origin's sheet (blocked as a request already)
    }
  }
  boxes[''] ??= { width: a4.width * mm, height: a4.height * mm, left: 0.4 * 96, right: 0.4 * 96 };
  const used = new Set(['', ...[...document.body.querySelectorAll('*')].map((el) => getComputedStyle(el).page).filter((page) => page && page !== 'auto')]);
  return Object.fromEntries(
    Object.entries(boxes)
      .filter(([name]) => used.has(name))
      .map(([name, box]) => [name, { printable: Math.floor(box.width - box.left - box.right), paper: Math.round(box.width) }]),
  );
}

// Everything visible on the page that is past its page box, wider than its container or cut by an overflow box;
// then every chart. pageName: only the elements on that named page ('' the default) are checked, null all of them;
// screen: the window is this wide, so nothing may make it scroll sideways (in print each named page has its width).
function layoutChecks(limit, pageName, screen) {
  const problems = [];
  const label = (el, withText = true) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
      let name = e.tagName.toLowerCase();
      if (e.id) name += `#${e.id}`;
      else if (typeof e.className === 'string' && e.className.trim()) name += `.${e.className.trim().split(/\s+/)[0]}`;
      parts.unshift(name);
    }
    const heading = el.closest('section')?.querySelector('h2,h3')?.textContent;
    const text = withText ? (el.textContent ?? '').replace(/\s+/g, ' ').trim() : '';
    return `${parts.join(' > ')}${heading ? ` (under “${heading.trim()}”)` : ''}${text ? ` “${text.length > 30 ? `${text.slice(0, 29)}…` : text}”` : ''}`;
  };
  const onPage = (el) => {
    if (pageName === null) return true;
    for (let e = el; e; e = e.parentElement) {
      const page = getComputedStyle(e).page;
      if (page && page !== 'auto') return page === pageName;
    }
    return pageName === '';
  };
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  // Inside a box that cuts its overflow, an element is reported as cut there, not as past the page.
  const clipper = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') return e;
    }
    return null;
  };
  const all = [...document.body.querySelectorAll('*')].filter((el) => !(el.parentElement?.closest('svg') && el.tagName.toLowerCase() !== 'svg'));

  // Past the page box (left or right): only the outermost such element is named.
  const doc = document.documentElement;
  {
    const past = new Set();
    for (const el of all) {
      if (!shown(el) || !onPage(el) || clipper(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      const left = r.left + window.scrollX;
      const right = r.right + window.scrollX;
      if (right > limit + 1 || left < -1) {
        if (!past.has(el.parentElement))
          problems.push(['overflow', `${label(el)} reaches ${Math.round(left)}–${Math.round(right)} px, the page box is 0–${limit} px`]);
        past.add(el);
      }
    }
    // On paper each named page has its own width, checked element by element above.
    if (past.size === 0 && (pageName === null || screen) && doc.scrollWidth > doc.clientWidth + 1)
      problems.push(['overflow', `the page scrolls sideways: ${doc.scrollWidth} px wide in ${doc.clientWidth} px`]);
  }

  // Wider than the container (a table or chart in a box that lets it spill), or cut by an overflow box.
  for (const el of all) {
    if (!shown(el) || !onPage(el)) continue;
    const tag = el.tagName.toLowerCase();
    const style = getComputedStyle(el);
    if (['table', 'svg', 'img', 'pre', 'canvas'].includes(tag) && el.parentElement && el.parentElement !== document.body) {
      const p = el.parentElement;
      const ps = getComputedStyle(p);
      const pr = p.getBoundingClientRect();
      const inner = pr.right - Number.parseFloat(ps.paddingRight) - Number.parseFloat(ps.borderRightWidth);
      const r = el.getBoundingClientRect();
      if (r.right > inner + 1 && pr.right <= limit + 1 && !clipper(el))
        problems.push(['overflow', `${label(el)} is ${Math.round(r.width)} px wide, ${Math.round(r.width - (r.right - inner))} px fit in its container`]);
    }
    if (el === document.body || el === doc) continue;
    // hidden, clip, auto and scroll all cut on paper.
    if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1 && tag !== 'svg')
      problems.push(['overflow', `${label(el)} cuts its content: ${el.scrollWidth} px wide in ${el.clientWidth} px`]);
    if (style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1 && tag !== 'svg')
      problems.push(['overflow', `${label(el)} cuts its content: ${el.scrollHeight} px high in ${el.clientHeight} px`]);
  }

  // A short word in a table cell broken across lines (受/理, 合/计, 100.00/%): a column squeezed below its words.
  for (const table of document.body.querySelectorAll('table')) {
    if (!shown(table) || !onPage(table)) continue;
    const broken = [];
    for (const cell of table.querySelectorAll('th, td')) {
      const text = cell.textContent.trim();
      const han = /^\p{Script=Han}{2,5}$/u.test(text);
      if (!han && !/^(\p{Script=Latin}{2,15}|[\d.,%+\-−]{2,})$/u.test(text)) continue;
      // The line each character is on; a Chinese word may break into halves (上期/结转), not leave one character alone.
      const lines = new Map();
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
          if (/\s/.test(node.data[i])) continue;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const top = Math.round(range.getBoundingClientRect().top);
          lines.set(top, (lines.get(top) ?? 0) + 1);
        }
      }
      if (lines.size > 1 && (!han || [...lines.values()].includes(1))) broken.push(text);
    }
    if (broken.length > 0) {
      const words = [...new Set(broken)];
      problems.push([
        'wrap',
        `${label(table, false)} breaks ${broken.length} short words across lines: ${words
          .slice(0, 6)
          .map((w) => `“${w}”`)
          .join(', ')}${words.length > 6 ? '…' : ''}`,
      ]);
    }
  }

  // Charts: each outermost inline <svg>.
  const charts = [];
  const paint = (value, opacity) => value && value !== 'none' && !/^transparent$|rgba\([^)]*,\s*0\)$/.test(value) && Number(opacity) > 0;
  const opacityOf = (el, svg) => {
    let o = 1;
    for (let e = el; e && e !== svg.parentElement; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  // A chart is named by its own title, its figure's caption, or else the heading before it.
  const chartTitle = (svg) => {
    const own =
      svg.getAttribute('aria-label') ?? svg.querySelector(':scope > title')?.textContent ?? svg.closest('figure')?.querySelector('figcaption')?.textContent;
    if (own?.trim()) return own.trim();
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, caption')].filter((h) => h.compareDocumentPosition(svg) & Node.DOCUMENT_POSITION_FOLLOWING);
    return headings.at(-1)?.textContent.trim() ?? 'untitled';
  };
  const svgs = [...document.body.querySelectorAll('svg')].filter((svg) => !svg.parentElement.closest('svg') && shown(svg) && onPage(svg));
  svgs.forEach((svg, index) => {
    const name = `chart ${index + 1} “${chartTitle(svg)}”`;
    const box = svg.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) {
      problems.push(['chart', `${name} has no size`]);
      return;
    }
    // ECharts' server-side SVG marks its data shapes (ecmeta_ssr_type="chart") and legend (="legend").
    const echarts = svg.querySelector('[ecmeta_ssr_type]') !== null;
    let marks = 0;
    for (const shape of svg.querySelectorAll('rect, path, circle, ellipse, polygon, polyline, line')) {
      if (shape.closest('defs, clipPath, mask, pattern, marker, symbol')) continue;
      const style = getComputedStyle(shape);
      if (style.display === 'none' || style.visibility !== 'visible' || opacityOf(shape, svg) === 0) continue;
      const r = shape.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || r.width * r.height > 0.9 * box.width * box.height) continue; // a line along an axis, a tick, the background
      const filled = paint(style.fill, style.fillOpacity);
      const stroked = paint(style.stroke, style.strokeOpacity) && Number.parseFloat(style.strokeWidth) > 0;
      const type = shape.getAttribute('ecmeta_ssr_type');
      if (type === 'legend') continue;
      if (filled && (!echarts || type === 'chart')) marks++;
      else if (stroked && !filled && !type) marks++; // a line series or an outline: a curve, not a straight axis line
    }
    if (marks === 0) problems.push(['chart', `${name} draws no data: no shape but background, axes, grid lines and legend`]);

    // Text labels: each one's box turned as the text is (rotated axis labels), the line gap left out.
    const quads = [];
    for (const text of svg.querySelectorAll('text')) {
      const content = text.textContent.trim();
      const style = getComputedStyle(text);
      if (!content || style.display === 'none' || style.visibility !== 'visible' || opacityOf(text, svg) === 0) continue;
      const b = text.getBBox();
      if (b.width === 0 || b.height === 0) continue;
      const m = text.getScreenCTM();
      const size = Number.parseFloat(style.fontSize) || b.height;
      const scale = Math.hypot(m.a, m.b) || 1;
      const dy = Math.max(0, (b.height - size) / 2) + 0.5 / scale;
      const dx = 0.5 / scale;
      const corners = [
        [b.x + dx, b.y + dy],
        [b.x + b.width - dx, b.y + dy],
        [b.x + b.width - dx, b.y + b.height - dy],
        [b.x + dx, b.y + b.height - dy],
      ].map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
      quads.push({ content, corners });
    }
    const cut = quads.filter(({ corners }) => corners.some((p) => p.x < box.left - 1 || p.x > box.right + 1 || p.y < box.top - 1 || p.y > box.bottom + 1));
    for (const q of cut.slice(0, 5)) problems.push(['chart', `${name}: label “${q.content}” is cut at the chart's edge`]);
    const axes = (quad) =>
      quad.corners.map((p, i) => {
        const q = quad.corners[(i + 1) % 4];
        return [-(q.y - p.y), q.x - p.x];
      });
    const separated = (a, b) =>
      [...axes(a), ...axes(b)].some(([ax, ay]) => {
        const project = (quad) => quad.corners.map((p) => p.x * ax + p.y * ay);
        const pa = project(a);
        const pb = project(b);
        return Math.max(...pa) <= Math.min(...pb) || Math.max(...pb) <= Math.min(...pa);
      });
    let overlaps = 0;
    for (let i = 0; i < quads.length; i++) {
      for (let j = i + 1; j < quads.length; j++) {
        if (separated(quads[i], quads[j])) continue;
        if (++overlaps <= 5) problems.push(['chart', `${name}: labels “${quads[i].content}” and “${quads[j].content}” overlap`]);
      }
    }
    if (overlaps > 5) problems.push(['chart', `${name}: ${overlaps - 5} more overlapping label pairs`]);
    charts.push({ name, marks, labels: quads.length, width: Math.round(box.width), height: Math.round(box.height) });
  });

  // One id twice: url(#id) and href="#id" find the first, so a second chart would be clipped by the first one's box.
  const seen = new Map();
  for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
  for (const [id, count] of seen)
    if (count > 1) problems.push(['chart', `id “${id}” is used ${count} times (a chart's clip-path or gradient would point at the first)`]);

  return { problems, charts, tables: document.querySelectorAll('table').length };
}

// ---------------------------------------------------------------------------------------------------------------
// One page

async function checkPage(browser, fonts, file, outDir, name) {
  // kind: what → the modes it was seen in (screen, print): one line for a fault seen in both.
  const found = new Map();
  const add = (kind, what, mode = '') => {
    const line = `${kind}: ${what}`;
    if (!found.has(line)) found.set(line, []);
    if (mode && !found.get(line).includes(mode)) found.get(line).push(mode);
  };
  const url = pathToFileURL(file).href;
  const tab = await browser.open();
  try {
    tab.on('Fetch.requestPaused', ({ requestId, request }) => {
      if (request.url === url) return tab.send('Fetch.continueRequest', { requestId }).catch(() => {});
      add('request', `${request.url.slice(0, 120)} (blocked: the page must open offline)`);
      return tab.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' }).catch(() => {});
    });
    tab.on('Runtime.consoleAPICalled', ({ type, args }) => {
      if (['error', 'warning', 'assert'].includes(type)) add('console', `console.${type}: ${args.map((a) => a.value ?? a.description ?? '').join(' ')}`);
    });
    tab.on('Runtime.exceptionThrown', ({ exceptionDetails: d }) => add('console', `uncaught ${d.exception?.description?.split('\n')[0] ?? d.text}`));
    tab.on('Log.entryAdded', ({ entry }) => {
      if (/ERR_BLOCKED_BY_CLIENT\.Inspector/.test(entry.text)) return; // a request blocked above, named there
      if (entry.level === 'error' || entry.level === 'warning')
        add('console', `${entry.source} ${entry.level}: ${entry.text}${entry.url ? ` (${entry.url.slice(0, 80)})` : ''}`);
    });
    tab.on('Page.javascriptDialogOpening', ({ type, message }) => {
      add('console', `a ${type} dialog: ${message}`);
      tab.send('Page.handleJavaScriptDialog', { accept: false }).catch(() => {});
    });
    tab.on('Inspector.targetCrashed', () => add('console', 'the page crashed'));
    await Promise.all(['Page', 'Runtime', 'Log', 'Network', 'DOM', 'CSS', 'Inspector'].map((domain) => tab.send(`${domain}.enable`)));
    await tab.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
    await tab.send('Emulation.setDeviceMetricsOverride', { width: SCREEN_WIDTH, height: Math.round(A4.height * MM), deviceScaleFactor: 1, mobile: false });
    const loaded = tab.once('Page.loadEventFired', 30000);
    const { errorText } = await tab.send('Page.navigate', { url });
    if (errorText) throw new Error(`cannot open ${file}: ${errorText}`);
    await loaded;
    await tab.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))));

    // The page's @page boxes (named pages, such as landscape `wide`), read with print styles on.
    await tab.send('Emulation.setEmulatedMedia', { media: 'print' });
    const boxes = await tab.evaluate(pageBoxes, A4, MM);
    await tab.send('Emulation.setEmulatedMedia', { media: '' });
    const named = Object.keys(boxes).filter((pageName) => pageName !== '');

    // Screen: the page as a browser shows it at A4 width; what is set on a named page (a landscape table) in a window
    // as wide as that page's paper, as the page widens it on screen where the window has the room.
    const screenWidths = [['', SCREEN_WIDTH], ...named.map((pageName) => [pageName, Math.max(SCREEN_WIDTH, boxes[pageName].paper)])];
    const screen = { charts: [], tables: 0 };
    for (const [pageName, width] of screenWidths) {
      await tab.send('Emulation.setDeviceMetricsOverride', { width, height: Math.round(A4.height * MM), deviceScaleFactor: 1, mobile: false });
      const seen = await tab.evaluate(layoutChecks, width, named.length ? pageName : null, true);
      for (const [kind, p] of seen.problems) add(kind, p, pageName ? `screen at ${width} px, page ${pageName}` : 'screen');
      screen.charts.push(...seen.charts);
      screen.tables = Math.max(screen.tables, seen.tables);
    }
    // The picture at the widest of those widths, where every table shows whole.
    const shotWidth = Math.max(...screenWidths.map(([, width]) => width));
    const tofu = await findTofu(tab, fonts);
    for (const p of tofu.problems) add('tofu', p, 'screen');
    const { cssContentSize } = await tab.send('Page.getLayoutMetrics');
    const height = Math.ceil(cssContentSize.height);
    const png = await tab.send('Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: true,
      clip: { x: 0, y: 0, width: shotWidth, height, scale: 1 },
    });
    writeFileSync(join(outDir, `${name}.png`), Buffer.from(png.data, 'base64'));
    // The same in A4-high pieces, which an image viewer shows at full size.
    removeOld(outDir, `${name}-screen-`);
    const tile = Math.round(A4.height * MM);
    for (let y = 0, n = 1; y < height; y += tile, n++) {
      const part = await tab.send('Page.captureScreenshot', {
        format: 'png',
        captureBeyondViewport: true,
        clip: { x: 0, y, width: shotWidth, height: Math.min(tile, height - y), scale: 1 },
      });
      writeFileSync(join(outDir, `${name}-screen-${String(n).padStart(2, '0')}.png`), Buffer.from(part.data, 'base64'));
    }

    // Print: each @page box's printable width, with print styles on.
    await tab.send('Emulation.setEmulatedMedia', { media: 'print' });
    for (const [pageName, { printable: width }] of Object.entries(boxes)) {
      await tab.send('Emulation.setDeviceMetricsOverride', { width, height: Math.round(A4.height * MM), deviceScaleFactor: 1, mobile: false });
      const print = await tab.evaluate(layoutChecks, width, pageName, false);
      for (const [kind, p] of print.problems) add(kind, p, pageName ? `print, page ${pageName}` : 'print');
    }
    const printTofu = await findTofu(tab, fonts);
    for (const p of printTofu.problems) add('tofu', p, 'print');
    await tab.send('Emulation.setEmulatedMedia', { media: '' });
    await tab.send('Emulation.clearDeviceMetricsOverride');

    const pdf = await tab.send('Page.printToPDF', {
      printBackground: true,
      preferCSSPageSize: true,
      paperWidth: A4.width / 25.4,
      paperHeight: A4.height / 25.4,
    });
    const pdfBytes = Buffer.from(pdf.data, 'base64');
    const pdfFile = join(outDir, `${name}.pdf`);
    writeFileSync(pdfFile, pdfBytes);
    const pages = (pdfBytes.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
    rasterise(pdfFile, join(outDir, name));
    // Late events (a request from a print stylesheet) are in by now.
    await sleep(100);
    const lines = [...found].map(([line, modes]) => (modes.length ? `${line} (${modes.join('; ')})` : line));
    const problems = lines.filter((line) => !line.startsWith('note'));
    const notes = lines.filter((line) => line.startsWith('note'));
    return {
      name,
      problems,
      notes,
      charts: screen.charts,
      tables: screen.tables,
      height,
      pages,
      unknownFonts: [...new Set([...tofu.unknown, ...printTofu.unknown])],
    };
  } finally {
    await tab.close();
  }
}

// The PDF's pages as PNGs, to look at the print (poppler-utils; skipped without it).
function rasterise(pdfFile, prefix) {
  removeOld(dirname(prefix), `${basename(prefix)}-print-`);
  const run = spawnSync('pdftoppm', ['-r', '96', '-png', pdfFile, `${prefix}-print`], { encoding: 'utf8' });
  return !run.error && run.status === 0;
}

function removeOld(dir, prefix) {
  for (const file of readdirSync(dir)) if (file.startsWith(prefix) && file.endsWith('.png')) rmSync(join(dir, file));
}

// ---------------------------------------------------------------------------------------------------------------
// The demo center's pages, written by the real CLI

function hall(cwd, args, env = {}) {
  const run = spawnSync(process.execPath, [join(root, 'bin/hall.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, HALL_DB: '', HALL_NOW: '2025-11-03T08:30:00+08:00', ...env },
  });
  if (run.status !== 0) {
    console.error(`check-html: hall ${args.join(' ')} failed (${run.status}):\n${run.stderr}${run.stdout.slice(0, 2000)}`);
    process.exit(2);
  }
  return run.stdout;
}

function buildDemoPages(work) {
  const center = (db, name, code, extra = []) => {
    hall(work, ['--db', db, 'init', '--center', name, '--center-code', code]);
    hall(work, ['--db', db, 'demo', ...extra]);
  };
  console.log('check-html: building the demo center and two towns…');
  center('county.db', '示范市政务服务中心', '330681');
  center('town1.db', '示范市城关镇便民服务中心', '330681101', ['--seed', '2', '--cases-per-day', '12']);
  center('town2.db', '示范市江口街道便民服务中心', '330681102', ['--seed', '3', '--cases-per-day', '8']);
  const packs = join(work, 'packs');
  mkdirSync(packs);
  for (const db of ['county.db', 'town1.db', 'town2.db'])
    hall(work, ['--db', db, 'report', 'monthly', '--month', '2025-10', '--format', 'json', '--out', `${packs}/`]);
  const pages = [
    ['monthly-zh', ['report', 'monthly', '--month', '2025-10']],
    ['monthly-en', ['report', 'monthly', '--month', '2025-10', '--lang', 'en']],
    ['assessment-month', ['report', 'assessment', '--month', '2025-10']],
    ['assessment-quarter', ['report', 'assessment', '--quarter', '2025Q3']],
    ['network', ['report', 'network', packs]],
  ];
  return pages.map(([name, args]) => {
    const file = join(work, `${name}.html`);
    hall(work, ['--db', 'county.db', ...args, '--format', 'html', '--out', file]);
    return { name, file };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Self-test: a page made to fail each check, and a good one that must pass

const GOOD_CHART = `<svg width="400" height="200" viewBox="0 0 400 200" xmlns="http://www.w3.org/2000/svg">
<rect width="400" height="200" fill="#fff"/>
<path d="M50 170.5L390 170.5" fill="none" stroke="#6E7079"/><path d="M50 100.5L390 100.5" fill="none" stroke="#E0E6F1"/>
<path d="M70 170l40 0l0 -120l-40 0Z" fill="#1f3b63"/><path d="M170 170l40 0l0 -60l-40 0Z" fill="#1f3b63"/>
<path d="M70 60L190 110L290 80" fill="none" stroke="#c23531" stroke-width="2"/>
<text x="90" y="185" text-anchor="middle" font-size="12">综合窗口</text><text x="190" y="185" text-anchor="middle" font-size="12">不动产</text>
<text x="40" y="170" text-anchor="end" font-size="12">0</text><text x="40" y="100" text-anchor="end" font-size="12">50</text></svg>`;

const page = (body, head = '') =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title><style>@page { size: A4; margin: 15mm; } body { font-family: 'Noto Sans CJK SC', sans-serif; margin: 0 auto; max-width: 180mm; } table { border-collapse: collapse; } td { border: 1px solid #999; }</style>${head}</head><body><h1>示范市政务服务中心 2025年10月</h1>${body}</body></html>`;

const landscape = (width) =>
  page(
    `<section class="wide"><h2>窗口办件统计表</h2><table style="width:${width}px"><tr><td>受理</td><td>776</td></tr></table></section>`,
    '<style>@page wide { size: A4 landscape; margin: 12mm; } .wide { page: wide; } body { max-width: 780px; }</style>',
  );

const landscapeOnScreen = (width) =>
  page(
    `<section class="wide"><h2>窗口办件统计表</h2><div style="overflow-x:auto"><table style="width:${width}px"><tr><td>受理</td><td>776</td></tr></table></div></section>`,
    '<style>@page wide { size: A4 landscape; margin: 12mm; } .wide { page: wide; } @media screen { .wide { width: min(273mm, calc(100vw - 12mm)); margin-left: calc((100% - min(273mm, calc(100vw - 12mm))) / 2); } } @media print { body { max-width: none; } .wide div { overflow: visible !important; } }</style>',
  );

const SELF_TEST = [
  [
    'good',
    [],
    page(
      `<p>申请人：刘䶮（U+4DAE: not in Noto Sans CJK, drawn from Noto Serif CJK, so no tofu)</p><table><tr><td>受理</td><td>776</td></tr><tr><td>按时办结率</td><td>99.6%</td></tr></table>${GOOD_CHART}`,
    ),
  ],
  ['console-error', ['console'], page('<p>办件</p><script>console.error("图表数据缺失")</script>')],
  ['page-error', ['console'], page('<p>办件</p><script>drawChart()</script>')],
  [
    'request',
    ['request'],
    page('<p>办件</p><img src="http://example.invalid/logo.png" alt="">', '<link rel="stylesheet" href="https://cdn.example.invalid/x.css">'),
  ],
  // U+20000 (CJK Ext-B, as in a rare name) is in no font Debian's fonts-noto-cjk has; U+10FFFD is in none at all.
  ['tofu', ['tofu'], page(`<p>申请人：张\u{20000}</p><p>编号 \u{10FFFD}</p>${GOOD_CHART.replace('不动产', '不动产\u{20000}')}`)],
  ['wide-table', ['overflow'], page(`<table style="width:2000px"><tr><td>受理</td><td>776</td></tr></table>`)],
  // 700 px fits the screen's 794 px but not print's 180 mm (680 px) between 15 mm margins.
  [
    'print-wide-table',
    ['overflow'],
    page(`<table style="width:700px"><tr><td>受理</td><td>776</td></tr></table>`).replace('max-width: 180mm', 'max-width: 760px'),
  ],
  // A named landscape page (as the reports' wide tables have): 760 px is past portrait's 680 px but within landscape's
  // 273 mm (1032 px), so it passes; 1100 px does not.
  ['landscape-page', [], landscape(760)],
  ['landscape-too-wide', ['overflow'], landscape(1100)],
  // On screen a landscape table as wide as landscape's printable width (273 mm) scrolls in its box in a portrait-wide
  // window and is checked, whole, in a window as wide as A4 landscape; 1100 px is past it there too.
  ['landscape-screen', [], landscapeOnScreen(1000)],
  ['landscape-screen-too-wide', ['overflow'], landscapeOnScreen(1100)],
  // 合计 squeezed into a column one character wide; 上期结转 as 上期/结转 is a fair break and passes.
  [
    'broken-word',
    ['wrap'],
    page('<table><tr><th style="width:14px">合计</th><td>776</td></tr></table><table><tr><th style="width:30px">上期结转</th><td>113</td></tr></table>'),
  ],
  ['fair-break', [], page('<table><tr><th style="width:34px;padding:0">上期结转</th><td>113</td></tr></table>')],
  [
    'cut-cell',
    ['overflow'],
    page('<table><tr><td><div style="width:60px;overflow:hidden;white-space:nowrap">综合受理一窗综合受理二窗</div></td></tr></table>'),
  ],
  ['empty-chart', ['chart'], page('<div><svg width="400" height="200"></svg></div>')],
  [
    'axes-only-chart',
    ['chart'],
    page(
      `<div><svg width="400" height="200"><rect width="400" height="200" fill="#fff"/><path d="M50 170.5L390 170.5" fill="none" stroke="#6E7079"/><path d="M60 10l25 0l0 14l-25 0Z" fill="#5470c6" ecmeta_ssr_type="legend"/><path d="M70 170l40 0l0 0l-40 0Z" fill="#5470c6" ecmeta_ssr_type="chart"/><text x="100" y="20">受理</text></svg></div>`,
    ),
  ],
  [
    'overlapping-labels',
    ['chart'],
    page(
      GOOD_CHART.replace('<text x="190" y="185"', '<text x="120" y="185"').replace(
        '</svg>',
        '<text transform="translate(300 190) rotate(-45)" font-size="12">综合受理一窗</text><text transform="translate(312 190) rotate(-45)" font-size="12">综合受理二窗</text><text x="395" y="40" font-size="12">按时办结率</text></svg>',
      ),
    ),
  ],
  [
    'duplicate-clip-id',
    ['chart'],
    page(`${GOOD_CHART.replace('<rect', '<defs><clipPath id="zr0-c0"><rect width="1" height="1"/></clipPath></defs><rect').repeat(2)}`),
  ],
];

async function selfTest(browser, fonts, outDir) {
  const dir = join(outDir, 'self-test');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let failed = 0;
  for (const [name, expected, html] of SELF_TEST) {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const result = await checkPage(browser, fonts, file, dir, name);
    const kinds = [...new Set(result.problems.map((p) => p.split(':')[0]))].sort();
    const ok = JSON.stringify(kinds) === JSON.stringify([...expected].sort());
    if (!ok) failed++;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${name}: expected ${expected.length ? expected.join(', ') : 'no problem'}, got ${kinds.length ? kinds.join(', ') : 'none'}`,
    );
    for (const p of [...result.problems, ...result.notes]) console.log(`       ${p}`);
  }
  console.log(failed ? `self-test: ${failed} page(s) not judged as expected` : `self-test: every check fails its bad page and the good page passes (${dir})`);
  return failed === 0;
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const args = process.argv.slice(2);
  const files = args.filter((a) => /\.html?$/i.test(a)).map((a) => resolve(a));
  const dirs = args.filter((a) => !a.startsWith('--') && !/\.html?$/i.test(a));
  const outDir = resolve(dirs[0] ?? join(root, 'bench/out/html'));
  mkdirSync(outDir, { recursive: true });
  const fonts = loadFontCharsets();
  const browser = new Browser();
  let work;
  try {
    await browser.send('Browser.getVersion');
    if (args.includes('--self-test')) return (await selfTest(browser, fonts, outDir)) ? 0 : 1;
    let pages;
    if (files.length > 0) pages = files.map((file) => ({ name: basename(file).replace(/\.html?$/i, ''), file }));
    else {
      work = mkdtempSync(join(tmpdir(), 'hall-check-html-'));
      pages = buildDemoPages(work);
    }
    let failed = 0;
    for (const { name, file } of pages) {
      const started = Date.now();
      if (work) copyFileSync(file, join(outDir, `${name}.html`)); // the page itself beside its pictures
      const r = await checkPage(browser, fonts, file, outDir, name);
      const summary = `${r.tables} tables, ${r.charts.length} charts${r.charts.length ? ` (marks ${r.charts.map((c) => c.marks).join(', ')})` : ''}, ${r.height} px, ${r.pages} PDF pages`;
      console.log(`${r.problems.length ? 'FAIL' : 'ok  '} ${name}: ${summary}, ${Date.now() - started} ms`);
      for (const p of [...r.problems, ...r.notes]) console.log(`       ${p}`);
      if (r.unknownFonts.length) console.log(`       (not checked for missing glyphs: ${r.unknownFonts.join(', ')}, not a font fontconfig has)`);
      if (r.problems.length) failed++;
    }
    const printPng = spawnSync('pdftoppm', ['-v']).error ? ' (install poppler-utils for NAME-print-N.png, its pages)' : ', NAME-print-N.png its pages';
    console.log(
      `check-html: in ${outDir}: ${work ? 'NAME.html the page, ' : ''}NAME.png the screen at A4 width, or landscape's with landscape tables (NAME-screen-N.png in A4-high pieces), NAME.pdf the print${printPng}`,
    );
    if (failed) console.log(`check-html: ${failed} of ${pages.length} pages failed`);
    return failed ? 1 : 0;
  } finally {
    await browser.close();
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`check-html: ${error.stack ?? error}`);
    process.exitCode = 2;
  },
);
