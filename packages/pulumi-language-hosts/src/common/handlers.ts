import * as grpc from '@grpc/grpc-js';
import { messageOf } from './errors';
import { grpcError } from './grpcServer';

/** A unary handler from an async function; a thrown error fails the call as the Go hosts' errors do. */
export function unary<Req, Res>(
  handle: (request: Req, signal: AbortSignal) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const controller = new AbortController();
    call.on('cancelled', () => controller.abort());
    handle(call.request, controller.signal).then(
      response => callback(null, response),
      error => callback(grpcError(grpc.status.UNKNOWN, messageOf(error))),
    );
  };
}

/** A server-streaming handler from an async function that sends messages as it goes. */
export function serverStream<Req, Res>(
  handle: (
    request: Req,
    send: (message: Res) => void,
    signal: AbortSignal,
  ) => Promise<void>,
): grpc.handleServerStreamingCall<Req, Res> {
  return call => {
    const controller = new AbortController();
    call.on('cancelled', () => controller.abort());
    const send = (message: Res) => {
      if (!controller.signal.aborted) {
        call.write(message);
      }
    };
    handle(call.request, send, controller.signal).then(
      () => call.end(),
      error =>
        call.emit('error', grpcError(grpc.status.UNKNOWN, messageOf(error))),
    );
  };
}

/** A handler for a call this host does not serve: it fails with UNIMPLEMENTED, as the Go hosts' do. */
export const unimplemented =
  (method: string) => (_call: unknown, callback: grpc.sendUnaryData<never>) =>
    callback(
      grpcError(grpc.status.UNIMPLEMENTED, `method ${method} not implemented`),
    );
