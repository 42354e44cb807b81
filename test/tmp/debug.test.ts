import { fireEvent } from '@testing-library/preact';
import { it } from 'vitest';
import { mountGate } from '../ui/mount.js';
it('debug', async () => {
  const m = await mountGate();
  m.gate.on('error', e => console.log('ERR', e.message, (e.error as Error)?.stack?.slice(0, 600)));
  ['show', 'hide', 'change'].forEach(n => m.gate.on(n as 'show', (d: unknown) => console.log('EV', n, JSON.stringify(d).slice(0, 80))));
  fireEvent.click(await m.ui().findByRole('button', { name: '未成年人保护说明' }));
  await m.ui().findByRole('dialog', { name: '未成年人个人信息保护' });
  fireEvent.click(m.ui().getByRole('button', { name: '已满18周岁' }));
  console.log('state view', m.gate.get().view, m.root().querySelectorAll('dialog').length);
});
