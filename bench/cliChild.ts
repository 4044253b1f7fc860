/**
 * The smartcrowd CLI in a measured process: `tsx bench/cliChild.ts ARGS…` runs `smartcrowd ARGS…`
 * and then prints one JSON line (last on stdout): { ms, maxRssMB, code }, where ms counts from
 * process start (module loading and start-up included, as a user waits for it).
 */
import { main } from '../cli/main.ts';

const code = await main(process.argv.slice(2));
const line = `\n${JSON.stringify({ ms: performance.now(), maxRssMB: process.resourceUsage().maxRSS / 1024, code })}\n`;
// Writes to a pipe are asynchronous: exit once everything before this line is out.
process.stdout.write(line, () => process.exit(code));
