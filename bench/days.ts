// Calendar days of the generated blogs (no time zone: the blog's own, Asia/Seoul) and zero-padded numbers.
// Bench data only: never reads the clock or the machine's time zone.

export const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** A calendar day (no time zone: the blog's own, Asia/Seoul). */
export interface Day {
  y: number
  m: number
  d: number
}
export function parseDay(s: string): Day {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) throw new Error(`not a YYYY-MM-DD day: ${s}`)
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }
}
export function addDays(day: Day, n: number): Day {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + n))
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }
}
export const dayString = (day: Day): string => `${day.y}-${pad(day.m)}-${pad(day.d)}`
