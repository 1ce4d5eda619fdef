// Mesa's EGL (Dawn's OpenGL ES backend on machines without a GPU) needs a
// display-less platform; set here so the real process environment has it.
process.env.EGL_PLATFORM ??= 'surfaceless';
module.exports = require('../../jest.preset.cjs')(__dirname);
