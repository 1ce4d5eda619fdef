// Linear algebra with gradients. Filled in by linalg/*.ts modules.
export {};
