import { h } from 'preact';

/** A button with its `data-action` hook (SPEC §8, contract). `p` is the primary look, shared by accept and refuse. */
export const button = (action: string, label: string, onClick: () => void, look = 'p', extra?: Record<string, unknown>) =>
  h('button', { class: look, 'data-action': action, onClick: () => onClick(), ...extra }, label);

/** A link opening in a new tab, so the visitor keeps the banner; plain text when the URL is not configured. */
export const link = (href: string | undefined, label: string) =>
  href ? h('a', { href, target: '_blank', rel: 'noopener' }, label) : label;
