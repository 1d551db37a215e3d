import * as grpc from '@grpc/grpc-js';
import { logV } from './log';

const checkInterval = 5 * 60 * 1000;

/**
 * Checks every five minutes that the engine still answers gRPC's health check, as the Go host's
 * rpcutil.Healthcheck, and calls `onGone` when it does not, so that a host whose engine died does not live
 * on. An engine without the health service (UNIMPLEMENTED) counts as alive.
 *
 * @returns a function that stops watching
 */
export function watchEngine(
  address: string,
  onGone: () => void,
  interval: number = checkInterval,
): () => void {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  let timer: NodeJS.Timeout | undefined;
  function schedule() {
    timer = setTimeout(check, interval);
    timer.unref();
  }
  function check() {
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      // An empty HealthCheckRequest is zero bytes on the wire, and the response is not read.
      () => Buffer.alloc(0),
      (data: Buffer) => data,
      undefined,
      { deadline: Date.now() + interval },
      error => {
        if (error && error.code !== grpc.status.UNIMPLEMENTED) {
          logV(
            3,
            `the engine at ${address} is gone (${error.message}); exiting`,
          );
          client.close();
          onGone();
          return;
        }
        schedule();
      },
    );
  }
  schedule();
  return () => {
    clearTimeout(timer);
    client.close();
  };
}
