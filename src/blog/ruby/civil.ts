// Civil calendar arithmetic the Ruby layer counts with: the days of a month, a civil date-time as epoch ms.
// Pure arithmetic: no time zone, no clock, no parsing.

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate() || 31
}

/** Epoch ms of a civil date-time read as UTC; out-of-range days, hours and seconds carry over (any year). */
export function civilToUtcMs(y: number, mon: number, d: number, h = 0, mi = 0, s = 0): number {
  const dt = new Date(0)
  dt.setUTCFullYear(y, mon - 1, d)
  dt.setUTCHours(h, mi, s, 0)
  return dt.getTime()
}
