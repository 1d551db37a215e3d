import * as grpc from '@grpc/grpc-js';

// The engine's limit, rpcutil's maxRPCMessageSize: 400 MiB instead of gRPC's default 4 MiB.
const maxMessageSize = 400 * 1024 * 1024;

/** gRPC channel options for our servers and clients, with the engine's message size limit. */
export const channelOptions: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': maxMessageSize,
  'grpc.max_send_message_length': maxMessageSize,
};

/** Starts a gRPC server on a free loopback port, as the Go plugins' rpcutil.Serve, and returns the port. */
export async function listenOnFreePort(server: grpc.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(
      '127.0.0.1:0',
      grpc.ServerCredentials.createInsecure(),
      (error, port) => (error ? reject(error) : resolve(port)),
    );
  });
}

/** A gRPC error with a status code, for handlers to fail a call with. */
export function grpcError(
  code: grpc.status,
  details: string,
): grpc.ServiceError {
  return Object.assign(new Error(details), {
    code,
    details,
    metadata: new grpc.Metadata(),
  });
}
