// A no-op Update's latency on the same Temporal server, from a worker in the benchmark's own process on a task
// queue of its own: the server's share of a decision's latency, measured beside it in the same run.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import path from 'node:path';
import { noopUpdate } from './noopWorkflow';
import type { noopWorkflow } from './noopWorkflow';

export interface NoopBaseline {
  /** Latencies of `count` Updates, one after the other, in ms. */
  measure(count: number): Promise<number[]>;
  close(): Promise<void>;
}

export async function startNoopBaseline(temporalAddress: string): Promise<NoopBaseline> {
  const taskQueue = 'bench-noop';
  const nativeConnection = await NativeConnection.connect({ address: temporalAddress });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowsPath: path.join(__dirname, 'noopWorkflow.ts'),
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new Client({ connection, namespace: 'default' });
  const handle = await client.workflow.start<typeof noopWorkflow>('noopWorkflow', {
    taskQueue,
    workflowId: `bench-noop-${Date.now()}`,
  });
  return {
    async measure(count) {
      const latencies: number[] = [];
      for (let i = 0; i < count; i++) {
        const started = performance.now();
        await handle.executeUpdate(noopUpdate, { args: [i] });
        latencies.push(performance.now() - started);
      }
      return latencies;
    },
    async close() {
      await handle.terminate('benchmark over').catch(() => undefined);
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
    },
  };
}
