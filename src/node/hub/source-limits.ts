/**
 * How many sources one server holds at most, unless its owner raises it (`--max-sources N`):
 * 100. Each source costs a descriptor and watches (a file) or a connection (a remote), and a ring
 * of up to 180 MiB; a person follows a few dozen at most, so the bound only stops a token holder
 * (a script gone wrong, a leaked token) from adding them by the thousand.
 */
export const MAX_SOURCES = 100;
