import { waitFor } from '@stackyard/plugin-pulumi-node/testUtils';
import type { Server } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';

/** A scaffolder task once it ended: its status, the template's output, and its log. */
export interface TaskResult {
  status: string;
  output: Record<string, unknown>;
  log: string;
}

/** Every file of a template's folder, as the dry-run API takes them. */
export async function directoryContents(dir: string, base = dir) {
  const files: Array<{ path: string; base64Content: string }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await directoryContents(file, base)));
    } else {
      files.push({
        path: path.relative(base, file),
        base64Content: (await readFile(file)).toString('base64'),
      });
    }
  }
  return files;
}

/** Starts a task of a catalog template through the scaffolder API, and returns its id. */
export async function startTask(
  server: Server,
  templateRef: string,
  values: Record<string, unknown>,
  secrets?: Record<string, string>,
): Promise<string> {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .send({ templateRef, values, ...(secrets ? { secrets } : {}) });
  if (created.status !== 201) {
    throw new Error(
      `the task of ${templateRef} was refused with ${
        created.status
      }: ${JSON.stringify(created.body)}`,
    );
  }
  return (created.body as { id: string }).id;
}

/** The task, once it ended, with its log and output. */
export async function finishedTask(
  server: Server,
  id: string,
): Promise<TaskResult> {
  const task = await waitFor(
    `task ${id}`,
    async () =>
      (
        await request(server).get(`/api/scaffolder/v2/tasks/${id}`)
      ).body as {
        status: string;
      },
    t => ['completed', 'failed', 'cancelled'].includes(t.status),
  );
  const events = await request(server).get(
    `/api/scaffolder/v2/tasks/${id}/events`,
  );
  const list = events.body as Array<{
    type: string;
    body: { message?: string; output?: Record<string, unknown> };
  }>;
  const log = list.map(e => e.body.message ?? '').join('\n');
  // The template's output comes with the task's completion event.
  const output = list.find(e => e.type === 'completion')?.body.output ?? {};
  return { status: task.status, output, log };
}
