// Fixed lengths of time the code counts with, in milliseconds (a UTC day has no leap second in epoch time).
// Constants only: no clock, no time zone, no calendar.

/** One day of epoch time: 24 hours. */
export const DAY_MS = 86_400_000
