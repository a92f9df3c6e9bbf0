//! Commitment lifecycle from an append-only event log, overdue at an as-of date, follow-up
//! linking and reports. Pure functions of events and dates; no I/O, no clock.
