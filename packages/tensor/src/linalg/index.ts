// Linear algebra with gradients: batched, broadcasting, and composed of tfjs
// ops so that it runs on every backend. See README "Linear algebra".
export { cholesky } from './cholesky.js';
export { triangularSolve, type TriangularSolveOptions } from './triangular-solve.js';
export { choleskySolve, choleskyInverse, inversePD, logdetFromCholesky } from './cholesky-solve.js';
export { batchMahalanobis } from './mahalanobis.js';
export { matrixTranspose, diagonal, diagEmbed, tril, triu, eye } from './helpers.js';
