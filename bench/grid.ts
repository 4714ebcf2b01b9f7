// The grid benchmark (issue 5): the real server (its own process) over the benchmark contacts,
// the designer built from the current sources, and headless Chromium driven by playwright-core.
// Measured: a grid of 100,000 rows opening cold (a new browser context, so an empty HTTP cache)
// from navigation to its first rows painted with data — target under 1.5 s; scrolling a freshly
// opened grid to the middle and to the end until the rows there are painted; and the JavaScript
// the home screen loads, gzip — target ≤ 300 KB.
//
//   npm run bench -- grid                      100,000 contacts (BENCH_GRID_ROWS to change)
//   BENCH_OPENS=7 BENCH_SCROLLS=3              cold opens, and scrolls to each position
//   BENCH_DESIGNER=designer/dist               measure an existing build instead of building one
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../scripts/chromium.ts';
import { benchAdmin, copyDataset, crmDataset } from './lib/dataset.ts';
import { repoRoot, startChild } from './lib/processes.ts';
import {
  env,
  formatMs,
  log,
  machine,
  printTable,
  type Stats,
  summarize,
  writeResults,
} from './lib/report.ts';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** One cold open, in milliseconds from the start of navigation (the page's time origin). */
interface Open {
  /** The grid's first row in the DOM, a placeholder until its record arrives. */
  skeleton: number;
  /** The first grid cell with text in the DOM. */
  cellInDom: number;
  /** First rows painted: the frame after the first grid cell with text entered the DOM. */
  firstRows: number;
  /** The same, seen from outside: page.goto called → Playwright saw the cell. */
  wallClock: number;
  /** The HTML document received. */
  document: number;
  /** Every script of the first load received. */
  scripts: number;
  /** DOMContentLoaded (the entry module ran). */
  domContentLoaded: number;
  /** The first page of records: request sent, first byte (the server's answer), last byte. */
  records?: { start: number; firstByte: number; end: number };
  /** API calls made before the first rows showed, each with its time to first byte. */
  api: { path: string; start: number; firstByte: number; end: number }[];
  /** CPU the server process used from navigation to the first rows (10 ms ticks). */
  serverCpu: number;
  /** The page's main thread busy until then (Chrome's TaskDuration), and of it script and layout + style. */
  mainThread: number;
  script: number;
  layout: number;
  /** Everything fetched before the first rows showed, in order: the waterfall. */
  waterfall: { path: string; start: number; end: number }[];
}

interface Scroll {
  position: 'middle' | 'end';
  row: number;
  ms: number;
  /** Record pages fetched on the way. */
  pages: number;
  /** Per page, median: the server's answer (request sent → first byte), and the whole page received. */
  pageFirstByte: number;
  pageTotal: number;
}

interface Script {
  file: string;
  bytes: number;
  gzip: number;
  /** Bytes on the wire as the server sent them (its own compression). */
  transferred: number;
}

export async function run(): Promise<void> {
  const rows = env('BENCH_GRID_ROWS', 100_000);
  const opens = env('BENCH_OPENS', 5);
  const scrolls = env('BENCH_SCROLLS', 1);
  const dataset = copyDataset(await crmDataset(rows));
  const designer = await designerBuild();
  log(`grid: ${rows.toLocaleString('en-US')} contacts in ${dataset.dir}; designer in ${designer.dir}`);
  const server = await startChild(
    'rapport server',
    ['--import', 'tsx', 'bench/lib/designer-server.ts', dataset.dir, designer.dir],
    /Rapport listening on (\S+)/,
  );
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const session = await signIn(browser, server.url);
    const home = await homeScripts(browser, server.url, session, designer.dir);
    const homeGzip = home.reduce((sum, s) => sum + s.gzip, 0);
    log(`home screen: ${home.length} scripts, ${kb(homeGzip)} gzip`);
    const gridUrl = `${server.url}/apps/crm/t/contacts`;
    // One untimed open first: the server's caches (SQLite pages, statements) as a running server has them.
    await coldOpen(browser, gridUrl, session, server.process.pid!);
    const samples: Open[] = [];
    for (let i = 0; i < opens; i++) {
      const open = await coldOpen(browser, gridUrl, session, server.process.pid!);
      log(
        `open ${i + 1}: first rows ${formatMs(open.firstRows)} (scripts ${formatMs(open.scripts)}, records answer ${open.records ? formatMs(open.records.firstByte - open.records.start) : '?'})`,
      );
      samples.push(open);
      if (i === 0)
        for (const r of open.waterfall)
          log(`  ${String(r.start).padStart(5)}–${String(r.end).padStart(5)} ms  ${r.path.slice(0, 110)}`);
    }
    const scrolled: Scroll[] = [];
    for (const position of ['middle', 'end'] as const)
      for (let i = 0; i < scrolls; i++) {
        const scroll = await scrollTo(browser, gridUrl, session, position);
        log(
          `scroll to the ${position} (row ${scroll.row}): ${formatMs(scroll.ms)}, ${scroll.pages} pages fetched, each answered in ${formatMs(scroll.pageFirstByte)} and received in ${formatMs(scroll.pageTotal)} (medians)`,
        );
        scrolled.push(scroll);
      }
    report(samples, scrolled, home, designer.allScripts, { rows, opens, machine: machine() });
  } finally {
    await browser?.close();
    await server.stop();
    designer.remove();
    dataset.remove();
  }
}

// ---- setup ----------------------------------------------------------------------------------

/** The designer built from the current sources into a scratch directory, or BENCH_DESIGNER as given. */
async function designerBuild(): Promise<{ dir: string; allScripts: Script[]; remove(): void }> {
  const given = process.env.BENCH_DESIGNER;
  let dir: string;
  let remove = () => {};
  if (given) dir = resolve(given);
  else {
    dir = mkdtempSync(join('/tmp', 'rapport-bench-designer-'));
    remove = () => rmSync(dir, { recursive: true, force: true });
    process.once('exit', remove);
    log('building the designer');
    const { build } = await import('vite');
    await build({
      configFile: join(repoRoot, 'designer', 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: dir, emptyOutDir: true },
    });
  }
  const assets = join(dir, 'assets');
  const allScripts = readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .map((file) => sized(file, readFileSync(join(assets, file)), 0));
  return { dir, allScripts, remove };
}

function sized(file: string, body: Buffer, transferred: number): Script {
  return { file, bytes: body.length, gzip: gzipSync(body).length, transferred };
}

async function newContext(browser: Browser, session?: StorageState): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
    ...(session ? { storageState: session } : {}),
  });
  context.setDefaultTimeout(60_000);
  // tsx keeps function names by wrapping them in __name(); the functions this file hands to the
  // page carry those calls with them.
  await context.addInitScript('globalThis.__name = (target) => target;');
  return context;
}

/** Signs in through the sign-in screen once; later contexts start with its cookies. */
async function signIn(browser: Browser, url: string): Promise<StorageState> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${url}/signin`);
    await page.getByLabel('Email').fill(benchAdmin.email);
    await page.getByLabel('Password').fill(benchAdmin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Apps', exact: true }).waitFor();
    return await context.storageState();
  } finally {
    await context.close();
  }
}

// ---- measures -------------------------------------------------------------------------------

/** The scripts a signed-in user's browser loads for the home screen, from an empty cache. */
async function homeScripts(browser: Browser, url: string, session: StorageState, designerDir: string) {
  const context = await newContext(browser, session);
  try {
    const page = await context.newPage();
    const scripts: Promise<Script>[] = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (!path.endsWith('.js')) return;
      scripts.push(
        response
          .request()
          .sizes()
          .then((sizes) => {
            const file = path.split('/').pop()!;
            return sized(file, readFileSync(join(designerDir, 'assets', file)), sizes.responseBodySize);
          }),
      );
    });
    await page.goto(`${url}/`);
    await page.getByRole('heading', { name: 'Apps', exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    return (await Promise.all(scripts)).sort((a, b) => b.gzip - a.gzip);
  } finally {
    await context.close();
  }
}

/**
 * Marks, inside the page, when the first grid cell with text enters the DOM and the frame after
 * it (requestAnimationFrame, then a task: the frame has been painted by then).
 */
const watchFirstRows = () => {
  const marks = { skeleton: 0, dom: 0, painted: 0 };
  (window as unknown as { __gridMarks: typeof marks }).__gridMarks = marks;
  const hasData = () => {
    for (const cell of document.querySelectorAll('[role="gridcell"]'))
      if (cell.textContent?.trim()) return true;
    return false;
  };
  const observer = new MutationObserver(() => {
    if (!marks.skeleton && document.querySelector('[role="row"][aria-rowindex="2"]'))
      marks.skeleton = performance.now();
    if (marks.dom || !hasData()) return;
    marks.dom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() =>
      setTimeout(() => {
        marks.painted = performance.now();
      }),
    );
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
};

/** User + system CPU of a process so far, in milliseconds (Linux: /proc, 100 ticks a second). */
function cpuMs(pid: number): number {
  // Fields after the command name start at the third; utime and stime are the 14th and 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function coldOpen(
  browser: Browser,
  url: string,
  session: StorageState,
  serverPid: number,
): Promise<Open> {
  const context = await newContext(browser, session);
  try {
    const page = await context.newPage();
    await page.addInitScript(watchFirstRows);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const serverBefore = cpuMs(serverPid);
    const started = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator('[role="gridcell"]').filter({ hasText: /\S/ }).first().waitFor();
    const wallClock = performance.now() - started;
    await page.waitForFunction(
      () => (window as unknown as { __gridMarks: { painted: number } }).__gridMarks.painted > 0,
    );
    const serverCpu = cpuMs(serverPid) - serverBefore;
    const metric = new Map(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value * 1000]),
    );
    return {
      ...(await timings(page)),
      wallClock,
      serverCpu,
      mainThread: metric.get('TaskDuration') ?? 0,
      script: metric.get('ScriptDuration') ?? 0,
      layout: (metric.get('LayoutDuration') ?? 0) + (metric.get('RecalcStyleDuration') ?? 0),
    };
  } finally {
    await context.close();
  }
}

async function timings(
  page: Page,
): Promise<Omit<Open, 'wallClock' | 'serverCpu' | 'mainThread' | 'script' | 'layout'>> {
  return page.evaluate(() => {
    const marks = (window as unknown as { __gridMarks: { skeleton: number; dom: number; painted: number } })
      .__gridMarks;
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const before = resources.filter((r) => r.startTime < marks.dom);
    const scripts = before.filter((r) => r.name.endsWith('.js'));
    const api = before
      .filter((r) => new URL(r.name).pathname.startsWith('/api/'))
      .map((r) => ({
        path: new URL(r.name).pathname + new URL(r.name).search,
        start: r.requestStart || r.startTime,
        firstByte: r.responseStart,
        end: r.responseEnd,
      }));
    const records = api.find((r) => /\/records(\?|$)/.test(r.path));
    const waterfall = before.map((r) => ({
      path: new URL(r.name).pathname + new URL(r.name).search,
      start: Math.round(r.startTime),
      end: Math.round(r.responseEnd),
    }));
    return {
      skeleton: marks.skeleton,
      cellInDom: marks.dom,
      firstRows: marks.painted,
      document: navigation.responseEnd,
      scripts: Math.max(0, ...scripts.map((s) => s.responseEnd)),
      domContentLoaded: navigation.domContentLoadedEventEnd,
      ...(records
        ? { records: { start: records.start, firstByte: records.firstByte, end: records.end } }
        : {}),
      api,
      waterfall,
    };
  });
}

/** Opens the grid, then jumps its scroller to the middle or the end and waits until the rows in view are painted with data. */
async function scrollTo(
  browser: Browser,
  url: string,
  session: StorageState,
  position: 'middle' | 'end',
): Promise<Scroll> {
  const context = await newContext(browser, session);
  try {
    const page = await context.newPage();
    let pages = 0;
    page.on('request', (request) => {
      if (/\/api\/apps\/crm\/tables\/contacts\/records\?/.test(request.url())) pages++;
    });
    await page.goto(url);
    await page.locator('[role="gridcell"]').filter({ hasText: /\S/ }).first().waitFor();
    await page.waitForLoadState('networkidle');
    pages = 0;
    const target = await page.evaluate((where) => {
      const scroller = document.querySelector<HTMLElement>('.grid-scroll')!;
      const count = Number(scroller.getAttribute('aria-rowcount')) - 1;
      const row = where === 'end' ? count - 1 : Math.floor(count / 2);
      (window as unknown as { __scrollStart: number }).__scrollStart = performance.now();
      scroller.scrollTop = where === 'end' ? scroller.scrollHeight : (scroller.scrollHeight * row) / count;
      return row;
    }, position);
    const handle = await page.waitForFunction(
      (row) => {
        const scroller = document.querySelector<HTMLElement>('.grid-scroll')!;
        const view = scroller.getBoundingClientRect();
        const header = 40;
        let seen = 0;
        let near = false;
        for (const element of scroller.querySelectorAll<HTMLElement>('[role="row"][aria-rowindex]')) {
          const index = Number(element.getAttribute('aria-rowindex')) - 2;
          if (index < 0) continue;
          const box = element.getBoundingClientRect();
          if (box.bottom <= view.top + header || box.top >= view.bottom) continue;
          const cells = element.querySelectorAll('[role="gridcell"]');
          if (![...cells].some((c) => c.textContent?.trim())) return false;
          seen++;
          if (Math.abs(index - row) < 100) near = true;
        }
        return seen > 0 && near
          ? performance.now() - (window as unknown as { __scrollStart: number }).__scrollStart
          : false;
      },
      target,
      { polling: 'raf', timeout: 300_000 },
    );
    const ms = (await handle.jsonValue()) as number;
    const fetched = await page.evaluate(() => {
      const start = (window as unknown as { __scrollStart: number }).__scrollStart;
      return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((r) => r.startTime >= start && /\/tables\/contacts\/records\?/.test(r.name))
        .map((r) => ({ firstByte: r.responseStart - r.requestStart, total: r.responseEnd - r.startTime }));
    });
    const median = (values: number[]) => summarize(values.length ? values : [0]).p50;
    return {
      position,
      row: target,
      ms,
      pages,
      pageFirstByte: median(fetched.map((f) => f.firstByte)),
      pageTotal: median(fetched.map((f) => f.total)),
    };
  } finally {
    await context.close();
  }
}

// ---- report ---------------------------------------------------------------------------------

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

function report(
  opens: Open[],
  scrolls: Scroll[],
  home: Script[],
  allScripts: Script[],
  context: { rows: number; opens: number; machine: ReturnType<typeof machine> },
) {
  const host = context.machine;
  const stat = (pick: (o: Open) => number | undefined): Stats =>
    summarize(opens.map(pick).filter((v): v is number => v !== undefined));
  const first = stat((o) => o.firstRows);
  const breakdown: [string, Stats][] = [
    ['HTML received', stat((o) => o.document)],
    ['DOMContentLoaded', stat((o) => o.domContentLoaded)],
    ['last script received (lazy chunks too)', stat((o) => o.scripts)],
    ['first records request sent', stat((o) => o.records?.start)],
    [
      'server answers it (first byte)',
      stat((o) => (o.records ? o.records.firstByte - o.records.start : undefined)),
    ],
    ['records received', stat((o) => o.records?.end)],
    ['grid rows in the DOM, placeholders', stat((o) => o.skeleton)],
    ['first cell with data in the DOM', stat((o) => o.cellInDom)],
    ['first rows painted', first],
    ['  (seen by Playwright from page.goto)', stat((o) => o.wallClock)],
    ['server process CPU, navigation → first rows', stat((o) => o.serverCpu)],
    ['page main thread busy (Chrome TaskDuration)', stat((o) => o.mainThread)],
    ['  of which script', stat((o) => o.script)],
    ['  of which layout and style', stat((o) => o.layout)],
  ];
  console.log(
    `\nGrid of ${context.rows.toLocaleString('en-US')} contacts, cold opens (new context each) — ${host.cores} cores, ${host.cpu}, Node ${host.node}, /usr/bin/chromium headless\n`,
  );
  const header = ['measure', 'p50', 'min', 'p95', 'target', ''];
  const rows = breakdown.map(([name, s]) => [
    name,
    formatMs(s.p50),
    formatMs(s.min),
    formatMs(s.p95),
    name === 'first rows painted' ? '< 1.5 s' : '',
    name === 'first rows painted' ? (s.p50 < 1500 ? 'ok' : 'MISS') : '',
  ]);
  for (const position of ['middle', 'end'] as const) {
    const s = summarize(scrolls.filter((x) => x.position === position).map((x) => x.ms));
    const one = scrolls.find((x) => x.position === position);
    if (!one) continue;
    rows.push([
      `scroll to the ${position}: rows painted (${one?.pages ?? 0} pages fetched in turn, each answered in ${formatMs(one?.pageFirstByte ?? 0)})`,
      formatMs(s.p50),
      formatMs(s.min),
      formatMs(s.p95),
      '',
      '',
    ]);
  }
  printTable(header, rows);
  const homeGzip = home.reduce((sum, s) => sum + s.gzip, 0);
  const homeWire = home.reduce((sum, s) => sum + s.transferred, 0);
  const allGzip = allScripts.reduce((sum, s) => sum + s.gzip, 0);
  const sHeader = ['script (home screen)', 'bytes', 'gzip', 'on the wire'];
  const sRows = [
    ...home.map((s) => [s.file, kb(s.bytes), kb(s.gzip), kb(s.transferred)]),
    [
      `total, ${home.length} files (target ≤ 300 KB gzip: ${homeGzip <= 300_000 ? 'ok' : 'MISS'})`,
      kb(home.reduce((sum, s) => sum + s.bytes, 0)),
      kb(homeGzip),
      kb(homeWire),
    ],
    [
      `every script of the build, ${allScripts.length} files`,
      kb(allScripts.reduce((sum, s) => sum + s.bytes, 0)),
      kb(allGzip),
      '',
    ],
  ];
  printTable(sHeader, sRows);
  const file = writeResults('grid', {
    rows: context.rows,
    machine: host,
    browser: '/usr/bin/chromium headless, 1440×900, new context per open',
    firstRows: { ...first, target: '< 1.5 s', met: first.p50 < 1500 },
    breakdown: Object.fromEntries(breakdown.map(([name, s]) => [name.trim(), s])),
    opens,
    scrolls,
    home: {
      scripts: home,
      gzip: homeGzip,
      transferred: homeWire,
      target: '≤ 300 KB gzip',
      met: homeGzip <= 300_000,
    },
    build: { scripts: allScripts.length, gzip: allGzip },
  });
  console.log(`results: ${file}`);
}
