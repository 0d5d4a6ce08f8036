import { spawn } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';

/** Commands that stream through large inputs. */
const BOUNDED_HEAP_COMMANDS = new Set(['import']);
/** Old-generation and semi-space sizes (MB) for long streaming work; the live heap stays under 20 MB. */
const OLD_SPACE_MB = 96;
const SEMI_SPACE_MB = 8;

/**
 * For a streaming command (`argv` as given to wa-archive), runs it again in a child node with a
 * bounded heap and resolves to its exit code; null for other commands, or when this process already
 * runs with a bounded heap (then do the work here). A long import makes millions of short-lived
 * objects, and an unbounded V8 lets its heap grow lazily to several times what is live: a
 * million-message export peaked above 200 MB with under 20 MB in use. The built program's loader
 * calls this before it loads the program, so that the waiting process stays small.
 */
export function rerunWithBoundedHeap(argv: readonly string[]): Promise<number> | null {
  const script = process.argv[1];
  if (!script || !BOUNDED_HEAP_COMMANDS.has(argv[0] ?? '')) return null;
  if (getHeapStatistics().heap_size_limit <= 2 * OLD_SPACE_MB * 1024 * 1024) return null;
  const args = [
    ...process.execArgv,
    `--max-old-space-size=${OLD_SPACE_MB}`,
    `--max-semi-space-size=${SEMI_SPACE_MB}`,
    script,
    ...argv,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    // Signals go on to the child (Ctrl-C in a terminal reaches both): this process waits for its exit.
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = () => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
    child.once('error', (error) => {
      done();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      done();
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
