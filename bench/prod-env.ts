// Imported first by bench/memory.ts: React's production build, as
// bin/k8stui.js runs it (an explicit NODE_ENV=development still wins).
process.env.NODE_ENV ??= 'production';
