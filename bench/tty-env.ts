// Imported first by scenario.ts: the in-memory terminal is a colour terminal,
// as the one a person runs k8stui in. Without this, chalk sees a pipe, drops
// all styling (including the inverse selection bar), and moving the selection
// would not change the frame at all.
process.env.FORCE_COLOR ??= '3';
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
