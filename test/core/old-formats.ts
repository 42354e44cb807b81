import { checksum } from '../../src/core/record.js';
import type { ConsentRecord } from '../../src/core/types.js';

const time = (ms: number) => Math.max(0, Math.floor(ms)).toString(36);

/**
 * The consent cookie as the format 2 writer stored it (src/core/record.ts before format 3): what visitors' browsers
 * still hold, and what the page and the back end must keep reading.
 */
export function encodeFormat2(record: ConsentRecord): string {
  const parts = [`v=2`, `i=${record.id}`, `p=${record.policy}`, `u=${time(record.updatedAt)}`];
  if (record.decision) parts.push(`t=${time(record.decision.at)}`, `a=${record.decision.action}`);
  if (record.expires !== undefined) parts.push(`ex=${time(record.expires)}`);
  const granted = Object.keys(record.categories).filter(id => record.categories[id]);
  if (granted.length) parts.push(`c=${granted.join('.')}`);
  const services = Object.keys(record.services).map(id => (record.services[id] ? id : `!${id}`));
  if (services.length) parts.push(`s=${services.join('.')}`);
  if (record.exceptions.length) parts.push(`x=${record.exceptions.join('.')}`);
  const effective = record.effective?.categories.join('.');
  if (effective !== undefined && effective !== granted.join('.')) parts.push(`e=${effective || '0'}`);
  if (record.effective?.off?.length) parts.push(`eo=${record.effective.off.join('.')}`);
  parts.push(`g=${record.age}`);
  if (record.youthMode) parts.push('y=1');
  if (record.guardianAt !== undefined) parts.push(`gt=${time(record.guardianAt)}`);
  if (record.guardianMethod && record.guardianAt !== undefined) parts.push(`gm=${record.guardianMethod[0]}`);
  if (record.dnt) parts.push('d=1');
  if (record.gpc) parts.push('gp=1');
  if (record.ageFromAccount) parts.push('ga=1');
  const body = parts.join('&');
  return `${body}&h=${checksum(body)}`;
}

/** The record as the 0.1 SDK wrote it: format 1, without `e`, `eo`, `ex` or `gm`. */
export function encodeFormat1(record: ConsentRecord): string {
  const body = encodeFormat2(record).split('&h=')[0]!.replace(/^v=2/, 'v=1').split('&').filter(part => !/^(e|eo|ex|gm)=/.test(part)).join('&');
  return `${body}&h=${checksum(body)}`;
}
