// Fail a test that leaves unhandled rejections behind instead of hiding them.
process.on('unhandledRejection', (e) => { throw e; });
