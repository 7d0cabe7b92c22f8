/**
 * One measurement in a fresh process: receives a task over IPC, runs it, sends back the sample and
 * exits (its peak RSS is then the task's own).
 */
import { runTask, type Task } from './tasks.js';

process.once('message', async (task: Task) => {
  let reply: { sample?: unknown; error?: string };
  try {
    reply = { sample: await runTask(task) };
  } catch (error) {
    reply = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  process.send?.(reply, () => process.exit(reply.error ? 1 : 0));
});
