import * as grpc from '@grpc/grpc-js';
import {
  ILanguageRuntimeServer,
  LanguageRuntimeService,
} from '@pulumi/pulumi/proto/language_grpc_pb';
import { LanguageHandshakeResponse } from '@pulumi/pulumi/proto/language_pb';
import { PluginInfo } from '@pulumi/pulumi/proto/plugin_pb';
import { version as sdkVersion } from '@pulumi/pulumi/version';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { channelOptions } from './grpcServer';
import { unary, unimplemented } from './handlers';
import type { HostSession } from './serve';

/** The calls that every host answers alike, by {@link sessionHandlers}. */
type SharedCalls =
  | 'handshake'
  | 'getPluginInfo'
  | 'cancel'
  | 'generateProgram'
  | 'generateProject'
  | 'generatePackage'
  | 'pack'
  | 'link';

/** The calls whose work depends on the language: one handler each. */
export type LanguageHandlers = Omit<ILanguageRuntimeServer, SharedCalls>;

/**
 * The calls every host answers alike, as the Go hosts do: Handshake takes the engine's address (and the
 * host starts watching the engine), GetPluginInfo says the SDK version the hosts were built with, Cancel
 * stops every running program and plugin, and code generation, packing and linking, which need Pulumi's
 * Go code generators, are UNIMPLEMENTED.
 */
export function sessionHandlers(
  session: HostSession,
): Pick<ILanguageRuntimeServer, SharedCalls> {
  return {
    handshake: unary(async request => {
      if (!request.getEngineAddress()) {
        throw new Error('Must contain address in request');
      }
      session.engineAddress = request.getEngineAddress();
      session.onEngineAddress(session.engineAddress);
      return new LanguageHandshakeResponse();
    }),
    getPluginInfo: unary(async () => new PluginInfo().setVersion(sdkVersion)),
    generateProgram: unimplemented('GenerateProgram'),
    generateProject: unimplemented('GenerateProject'),
    generatePackage: unimplemented('GeneratePackage'),
    pack: unimplemented('Pack'),
    link: unimplemented('Link'),
    cancel: unary(async () => {
      session.cancel();
      return new Empty();
    }),
  };
}

/** A gRPC server that serves Pulumi's LanguageRuntime service with a language's handlers. */
export function createRuntimeServer(
  session: HostSession,
  handlers: LanguageHandlers,
): grpc.Server {
  const server = new grpc.Server(channelOptions);
  server.addService(LanguageRuntimeService, {
    ...sessionHandlers(session),
    ...handlers,
  });
  return server;
}
