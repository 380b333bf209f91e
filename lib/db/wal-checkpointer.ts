import { Worker } from "node:worker_threads";

/**
 * The thread's code, plain JavaScript (run with `eval`, so that it needs no
 * build of its own under Next or tsx): its own connection to the file,
 * `PRAGMA wal_checkpoint(PASSIVE)` every `everyMs` until told to stop, then a
 * last one. A passive checkpoint copies committed pages from the WAL into the
 * database file and syncs it, without blocking the writer or any reader.
 */
const CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const db = new Database(workerData.path, { timeout: 10000 });
let stopping = false;
parentPort.on("message", () => { stopping = true; });
const step = () => {
  // A checkpoint that fails (the file busy past the timeout) is simply tried again at the next step.
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
  if (!stopping) return setTimeout(step, workerData.everyMs);
  db.close();
  parentPort.postMessage({ done: true });
};
step();
`;

export type WalCheckpointer = { stop: () => Promise<void> };

/**
 * Checkpoints a SQLite file's WAL from a second connection on another thread
 * (the second core), so that the one connection's commits need not: used
 * while a statement import writes a million rows, each of its commits would
 * otherwise copy and sync the pages of the last ones. `stop` waits for the
 * last checkpoint. If the thread fails, the WAL simply waits for the one
 * connection's next automatic checkpoint.
 */
export function startWalCheckpointer(path: string, everyMs = 100): WalCheckpointer {
  const worker = new Worker(CODE, { eval: true, workerData: { path, everyMs } });
  const ended = new Promise<void>((resolve) => {
    worker.on("message", (message: { done?: boolean }) => {
      if (message.done) resolve();
    });
    worker.on("error", () => resolve());
    worker.on("exit", () => resolve());
  });
  return {
    stop: async () => {
      worker.postMessage("stop");
      await ended;
      await worker.terminate();
    },
  };
}
