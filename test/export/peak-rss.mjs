// Runs the built CLI (dist/cli/main.js) with this process's arguments and, when it exits,
// prints its peak resident set size to stderr as `peak-rss-kb N`: what the memory test reads.
process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
await import('../../dist/cli/main.js');
