// The Distribution base class and the three wrappers its methods return,
// in the one order that evaluates: the base first. The four modules import
// one another only through this file, and so does every other module, so
// whichever is loaded first, `Distribution` is defined before a wrapper
// extends it. (Importing `./distribution.js` directly from elsewhere would
// break that.)
export * from './distribution.js';
export * from './independent.js';
export * from './expanded.js';
export * from './masked.js';
