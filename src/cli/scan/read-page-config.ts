import type { Page } from 'playwright-core';
import { resolveServices } from './resolve-services.js';
import type { ServiceSpec } from './service-catalogue.js';
import type { PageReport } from './report.js';

export interface PageConfig {
  report: PageReport['pageConfig'];
  services: ServiceSpec[];
  cookieName?: string;
  receiptUrl?: string;
}

type Found = { source: 'element' | 'global' | 'controller' | null; config?: unknown; error?: string };

/**
 * Runs in the page. Where the SDK takes its config (SPEC §7.1, contract): the `#consent-gate-config` element, then
 * `window.consentGateConfig`; then the controller's resolved `config`, for an SPA that passed it in code. RegExps
 * become the config's "^pattern" strings, functions are dropped: only JSON leaves the page.
 */
function readInPage(): Found {
  const plain = (value: unknown) =>
    JSON.parse(
      JSON.stringify(value, (_key, entry) =>
        entry instanceof RegExp ? (entry.source.startsWith('^') ? entry.source : `^.*(?:${entry.source})`) : typeof entry === 'function' ? undefined : entry,
      ),
    );
  const element = document.getElementById('consent-gate-config');
  if (element && element.tagName === 'SCRIPT') {
    try {
      return { source: 'element', config: JSON.parse(element.textContent || '') };
    } catch (error) {
      return { source: 'element', error: `#consent-gate-config is not valid JSON (${(error as Error).message})` };
    }
  }
  const page = window as unknown as { consentGateConfig?: unknown; ConsentGate?: { config?: unknown } };
  try {
    if (page.consentGateConfig && typeof page.consentGateConfig === 'object') return { source: 'global', config: plain(page.consentGateConfig) };
    const controller = page.ConsentGate;
    if (controller && !Array.isArray(controller) && controller.config) return { source: 'controller', config: plain(controller.config) };
  } catch (error) {
    return { source: null, error: `the config could not be read (${(error as Error).message})` };
  }
  return { source: null };
}

/**
 * The page's own consent config, read leniently: the SDK validates it, the scan only learns which services the
 * page asks consent for (they are the "configured" ones after "accept all") and how it names them.
 */
export async function readPageConfig(page: Page, presets: Record<string, ServiceSpec>): Promise<PageConfig> {
  const found: Found = await page.evaluate(readInPage).catch(error => ({ source: null, error: `the config could not be read (${String(error).split('\n')[0]})` }));
  const problems = found.error ? [found.error] : [];
  const config = found.config && typeof found.config === 'object' ? (found.config as Record<string, unknown>) : {};
  const { services, problems: entryProblems } = resolveServices(config.services, 'services', presets, true);
  const cookie = config.cookie && typeof config.cookie === 'object' ? (config.cookie as Record<string, unknown>) : {};
  const receipt = config.receipt && typeof config.receipt === 'object' ? (config.receipt as Record<string, unknown>) : {};
  return {
    report: { source: found.source, services: services.map(service => service.id), problems: [...problems, ...entryProblems] },
    services,
    ...(typeof cookie.name === 'string' ? { cookieName: cookie.name } : {}),
    ...(typeof receipt.url === 'string' ? { receiptUrl: receipt.url } : {}),
  };
}
