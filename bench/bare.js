// A Chromium driven over a bare DevTools pipe, for the figure Playwright's own session changes: the main-thread script
// time of a page. Playwright enables the Runtime and Network domains on every page it drives. With them on, Chromium
// captures a JavaScript stack for each request a script starts (the request's initiator), each exception it catches
// and each read of `document.cookie`, and V8 then collects the source positions of every function on that stack,
// which it does by parsing the function again (V8 keeps bytecode without them until asked: lazy source positions).
// A bundle whose code sits in one function is parsed again whole on its first such stack, so the cost follows the
// size of the file the stack runs through. A visitor's browser has no DevTools client and does none of it
// (a trace of Chromium started with --trace-startup and no client shows no `V8.CollectSourcePositions` at all).
//
// Here the page gets only Page, Performance and Emulation (CPU throttling, the viewport); the probe's results are
// read with `Runtime.evaluate`, which works without `Runtime.enable`, after the measurement window.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * @param {string} executablePath
 * @param {string[]} args
 */
export async function launchBare(executablePath, args) {
  const profile = mkdtempSync(join(tmpdir(), 'bench-bare-'));
  const chrome = spawn(executablePath, ['--remote-debugging-pipe', '--headless', '--no-sandbox', '--hide-scrollbars', '--mute-audio', `--user-data-dir=${profile}`, ...args, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  const [, , , toChrome, fromChrome] = /** @type {any[]} */ (chrome.stdio);
  let nextId = 0;
  /** @type {Map<number, { resolve: (m: any) => void, reject: (e: Error) => void, method: string }>} */
  const waiting = new Map();
  /** @type {Set<(message: any) => void>} */
  const listeners = new Set();
  let pending = '';
  let exited = false;
  chrome.on('exit', () => {
    exited = true;
    for (const { reject, method } of waiting.values()) reject(new Error(`Chromium exited during ${method}`));
    waiting.clear();
  });
  fromChrome.on('error', () => {});
  fromChrome.on('data', chunk => {
    pending += chunk;
    for (let end = pending.indexOf('\0'); end >= 0; end = pending.indexOf('\0')) {
      const message = JSON.parse(pending.slice(0, end));
      pending = pending.slice(end + 1);
      const call = message.id !== undefined ? waiting.get(message.id) : undefined;
      if (call) {
        waiting.delete(message.id);
        if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
        else call.resolve(message.result);
      } else for (const listener of listeners) listener(message);
    }
  });
  /** @returns {Promise<any>} */
  const send = (method, params = {}, sessionId = undefined) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error(`Chromium has exited (${method})`));
      const id = ++nextId;
      waiting.set(id, { resolve, reject, method });
      toChrome.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  const once = (method, sessionId, timeoutMs) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`no ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = message => {
        if (message.method !== method || message.sessionId !== sessionId) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(message.params);
      };
      listeners.add(listener);
    });
  const { product } = await send('Browser.getVersion');

  return {
    version: product,
    /**
     * A page in a fresh browser context: `cookies` in the jar, `localStorage` items set on `origin`, `initScript` run
     * before any script of each document, the CPU throttled and the viewport of the Playwright runs.
     * @param {{ origin: string, cookies?: any[], localStorage?: { name: string, value: string }[], initScript?: string, cpuRate: number, viewport: { width: number, height: number } }} options
     */
    async open({ origin, cookies = [], localStorage = [], initScript, cpuRate, viewport }) {
      const { browserContextId } = await send('Target.createBrowserContext', {});
      const close = () => send('Target.disposeBrowserContext', { browserContextId }).catch(() => {});
      try {
        // Playwright's storage state has `expires: -1` for a session cookie; CDP wants the field left out.
        if (cookies.length) {
          await send('Storage.setCookies', { browserContextId, cookies: cookies.map(({ expires, ...cookie }) => (expires > 0 ? { ...cookie, expires } : cookie)) });
        }
        const { targetId } = await send('Target.createTarget', { url: 'about:blank', browserContextId });
        const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
        const call = (method, params) => send(method, params, sessionId);
        await call('Page.enable');
        await call('Performance.enable');
        await call('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false });
        // An empty page of the origin first: the storage goes in there, and the measured navigation starts from it.
        await call('Page.navigate', { url: `${origin}/nothing-here` });
        await once('Page.loadEventFired', sessionId, 10_000);
        if (localStorage.length) {
          await call('Runtime.evaluate', { expression: `for (const [k, v] of ${JSON.stringify(localStorage.map(i => [i.name, i.value]))}) localStorage.setItem(k, v)` });
        }
        if (initScript) await call('Page.addScriptToEvaluateOnNewDocument', { source: initScript });
        await call('Emulation.setCPUThrottlingRate', { rate: cpuRate });
        const evaluate = async expression => {
          const { result, exceptionDetails } = await call('Runtime.evaluate', { expression, returnByValue: true });
          if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
          return result.value;
        };
        return {
          /** The renderer's main-thread script time so far (compile + run), ms. */
          scriptMs: async () => (await call('Performance.getMetrics')).metrics.find(m => m.name === 'ScriptDuration').value * 1000,
          /** Navigates; resolves with the load event (`Page.loadEventFired`, listened for before the navigation). */
          async navigate(url, timeoutMs = 30_000) {
            const loaded = once('Page.loadEventFired', sessionId, timeoutMs);
            loaded.catch(() => {});
            await call('Page.navigate', { url });
            return loaded;
          },
          evaluate,
          /** Polls `expression` every `everyMs` until it is truthy; each poll is a few lines of script in the page. */
          async until(expression, timeoutMs, everyMs = 250) {
            const deadline = Date.now() + timeoutMs;
            for (;;) {
              const value = await evaluate(expression);
              if (value) return value;
              if (Date.now() > deadline) throw new Error(`${expression} still falsy after ${timeoutMs / 1000} s`);
              await new Promise(resolve => setTimeout(resolve, everyMs));
            }
          },
          close,
        };
      } catch (error) {
        await close();
        throw error;
      }
    },
    async close() {
      if (!exited) {
        await send('Browser.close').catch(() => {});
        await new Promise(resolve => (exited ? resolve(undefined) : chrome.once('exit', resolve)));
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
