// Special functions (see README). Filled in by special/*.ts modules.
export {};
