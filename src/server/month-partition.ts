/** A month of the log: its partition's name and bounds, from the first instant of the month to the first of the next (UTC). */
export interface Month {
  name: string;
  from: Date;
  to: Date;
}

export const PARENT_TABLE = 'consent_receipts';
const NAME = new RegExp(`^${PARENT_TABLE}_(\\d{4})_(\\d{2})$`);

/**
 * The month a receipt received at `date` belongs to. Months are UTC months: every collector, whatever its time
 * zone, puts a receipt in the same partition, and a purge measures age the same way (a Beijing month begins eight
 * hours earlier; retention is counted in years, so the offset never shortens it).
 */
export function monthOf(date: Date): Month {
  return monthStarting(date.getUTCFullYear(), date.getUTCMonth());
}

/** The month after `month`. */
export const nextMonth = (month: Month): Month => monthOf(month.to);

/** The month a partition name stands for, or undefined for a table the log did not create. */
export function monthNamed(name: string): Month | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? monthStarting(Number(match[1]), month - 1) : undefined;
}

function monthStarting(year: number, monthIndex: number): Month {
  const from = new Date(Date.UTC(year, monthIndex, 1));
  const to = new Date(Date.UTC(year, monthIndex + 1, 1));
  const name = `${PARENT_TABLE}_${String(from.getUTCFullYear()).padStart(4, '0')}_${String(from.getUTCMonth() + 1).padStart(2, '0')}`;
  return { name, from, to };
}
