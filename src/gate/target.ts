import type { ConsentCore } from '../core/controller.js';
import type { ResolvedConfig } from '../core/types.js';
import { allMatches, any } from '../core/natives.js';

/**
 * What a gated node, a placeholder or a `load()` call waits for: every category it names granted, the service if
 * named; or, for names written `!category`, that category refused in a decision (a script that runs on refusal, as
 * vanilla-cookieconsent offers: `data-consent="!analytics"`).
 */
export interface Target {
  categories: string[];
  refused: string[];
  service?: string;
}

/** The target a gating attribute names: `data-consent="analytics pixel"`, plus `data-service` if present. */
export function readTarget(element: Element, attribute: string): Target {
  const names = allMatches(/\S+/g, element.getAttribute(attribute) ?? '');
  return {
    categories: names.filter(name => name[0] != '!'),
    refused: names.filter(name => name[0] == '!').map(name => name.slice(1)),
    service: element.getAttribute('data-service') || undefined,
  };
}

/**
 * Whether a target is met now: the controller's `granted()` for every category it names (the named service in its
 * own category, the whole category where no service is named), and for categories written `!id` a decision that
 * leaves them off (the named service off, where one is named).
 */
export function allows(core: Pick<ConsentCore, 'config' | 'get' | 'granted'>, { categories, refused, service }: Target): boolean {
  // Index loops, not the page's `some` and `every`: one answering `true` replaced after the SDK started made refused
  // markup live (SPEC §9, fail closed).
  const named = (id: string) => (any(core.config.services, s => s.id === service && s.category === id) ? service : undefined);
  const state = core.get();
  return (
    !any(categories, id => !core.granted(id, named(id))) &&
    (!refused.length || (state.decided && !any(refused, id => (named(id) ? state.services[service!] : state.categories[id]))))
  );
}

/** The attribute value a target was read from. */
export const targetText = ({ categories, refused }: Target) => [...categories, ...refused.map(id => `!${id}`)].join(' ');

/**
 * Why a target can never be met, said for the developer who wrote it (SPEC §9: an integration mistake says so), or
 * `undefined` when it names configured things only. Such a node stays closed for good: an unknown service would
 * otherwise wait, silently, for a grant that can never come.
 */
export function problemOf(config: ResolvedConfig, { categories, refused, service }: Target): string | undefined {
  const named = [...categories, ...refused];
  const known = config.categories.map(c => c.id);
  if (!named.length) return 'names no category';
  const unknown = named.find(id => !known.includes(id));
  if (unknown) return `names the category "${unknown}", which is not configured (configured: ${known.join(', ')})`;
  const of = config.services.find(s => s.id == service);
  if (service && !named.includes(of?.category!)) {
    return of
      ? `names the service "${service}", which belongs to the category "${of.category}"`
      : `names the service "${service}", which is not configured: add it to config.services` +
          (config.services.length ? '' : ' (the built-in profile lists no services)');
  }
}

/** The start of an element's markup, to name it in a message: `<script data-consent="stats" data-src="…">`. */
export const describe = (element: Element) => {
  const html = element.outerHTML;
  const open = html.slice(0, html.indexOf('>') + 1) || html;
  return open.length > 160 ? `${open.slice(0, 157)}…>` : open;
};
