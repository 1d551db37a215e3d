import * as grpc from '@grpc/grpc-js';
import {
  AnalyzerClient,
  AnalyzerService,
} from '@pulumi/pulumi/proto/analyzer_grpc_pb';
import {
  AnalyzerHandshakeResponse,
  AnalyzerStackConfigureRequest,
  AnalyzerStackConfigureResponse,
} from '@pulumi/pulumi/proto/analyzer_pb';
import { createDeferred } from '../common/deferred';
import { messageOf } from '../common/errors';
import { channelOptions, listenOnFreePort } from '../common/grpcServer';

// The Analyzer calls the proxy hands on to the pack once it runs; Handshake and ConfigureStack it answers.
const forwardedMethods = [
  'analyze',
  'analyzeStack',
  'remediate',
  'getAnalyzerInfo',
  'getPluginInfo',
  'configure',
  'cancel',
] as const;

type UnaryForwarder = (
  request: unknown,
  callback: (error: grpc.ServiceError | null, response?: unknown) => void,
) => void;

/**
 * Stands in for a policy pack until the pack runs, as the Go host's PolicyProxy. The engine learns the
 * stack only through the Analyzer's ConfigureStack call, while `@pulumi/pulumi/cmd/run-policy-pack` wants
 * it in its environment when it starts (PULUMI_CONFIG, PULUMI_NODEJS_STACK, ...). So the host first serves
 * the Analyzer service itself and gives the engine its port; when ConfigureStack arrives (or any other
 * call, which means there is no stack), the pack starts with that environment. The pack prints its own
 * port; the proxy connects to it, hands it the stack configuration and forwards every later call to it.
 */
export class PolicyProxy {
  private readonly configuration = createDeferred<
    AnalyzerStackConfigureRequest | undefined
  >();
  private readonly client = createDeferred<AnalyzerClient>();
  private portLine = '';
  private attached = false;

  private constructor(
    private readonly server: grpc.Server,
    /** The port the engine connects to. */
    readonly port: number,
    private readonly stdout: (chunk: Buffer) => void,
  ) {}

  /**
   * Starts the proxy's server.
   *
   * @param stdout - where the pack's stdout goes once the proxy has read the pack's port from it
   */
  static async start(stdout: (chunk: Buffer) => void): Promise<PolicyProxy> {
    const server = new grpc.Server(channelOptions);
    const proxy = new PolicyProxy(
      server,
      await listenOnFreePort(server),
      stdout,
    );
    server.addService(AnalyzerService, proxy.handlers());
    return proxy;
  }

  /** The stack configuration the engine sent, or undefined when it called something else first. */
  awaitConfiguration(): Promise<AnalyzerStackConfigureRequest | undefined> {
    return this.configuration.promise;
  }

  /** Takes the pack's stdout: its first line is the pack's port, the rest goes on to the engine. */
  packStdout(chunk: Buffer): void {
    if (this.attached) {
      this.stdout(chunk);
      return;
    }
    const text = this.portLine + chunk.toString('utf8');
    const newline = text.indexOf('\n');
    if (newline < 0) {
      this.portLine = text;
      return;
    }
    this.attached = true;
    const rest = text.slice(newline + 1);
    if (rest) {
      this.stdout(Buffer.from(rest));
    }
    this.attach(text.slice(0, newline).trim()).catch(error =>
      this.client.reject(
        error instanceof Error ? error : new Error(messageOf(error)),
      ),
    );
  }

  /** Called when the pack has exited or the call ended: waiting calls fail, and the server stops. */
  close(): void {
    this.configuration.reject(
      new Error('the policy pack was stopped before the engine configured it'),
    );
    this.client.reject(
      new Error('policy pack not started: could not read policy pack port'),
    );
    this.server.forceShutdown();
  }

  private async attach(portText: string): Promise<void> {
    const port = Number.parseInt(portText, 10);
    if (!Number.isInteger(port)) {
      throw new Error(
        `could not read policy pack port: ${JSON.stringify(portText)}`,
      );
    }
    const client = new AnalyzerClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
      channelOptions,
    );
    const configuration = await this.configuration.promise;
    if (configuration) {
      await new Promise<void>((resolve, reject) =>
        client.configureStack(configuration, error =>
          // Older packs do not implement ConfigureStack; they read the environment only.
          !error || error.code === grpc.status.UNIMPLEMENTED
            ? resolve()
            : reject(
                new Error(`policy pack configuration failed: ${error.message}`),
              ),
        ),
      );
    }
    this.client.resolve(client);
  }

  private handlers(): grpc.UntypedServiceImplementation {
    const handlers: grpc.UntypedServiceImplementation = {
      handshake: (
        _call: unknown,
        callback: grpc.sendUnaryData<AnalyzerHandshakeResponse>,
      ) => callback(null, new AnalyzerHandshakeResponse()),
      configureStack: (
        call: grpc.ServerUnaryCall<
          AnalyzerStackConfigureRequest,
          AnalyzerStackConfigureResponse
        >,
        callback: grpc.sendUnaryData<AnalyzerStackConfigureResponse>,
      ) => {
        this.configuration.resolve(call.request);
        callback(null, new AnalyzerStackConfigureResponse());
      },
    };
    for (const method of forwardedMethods) {
      handlers[method] = (
        call: grpc.ServerUnaryCall<unknown, unknown>,
        callback: grpc.sendUnaryData<unknown>,
      ) => this.forward(method, call.request, callback);
    }
    return handlers;
  }

  private forward(
    method: (typeof forwardedMethods)[number],
    request: unknown,
    callback: grpc.sendUnaryData<unknown>,
  ): void {
    // The engine calls some methods before ConfigureStack (`pulumi policy publish` never sends one):
    // then the pack starts without a stack.
    this.configuration.resolve(undefined);
    this.client.promise.then(
      client =>
        (client[method] as unknown as UnaryForwarder).call(
          client,
          request,
          callback,
        ),
      error =>
        callback({
          code: grpc.status.UNAVAILABLE,
          details: messageOf(error),
        } as grpc.ServiceError),
    );
  }
}

/** The environment run-policy-pack reads the stack from, made from the engine's ConfigureStack request. */
export function policyPackEnv(
  configuration: AnalyzerStackConfigureRequest | undefined,
): Record<string, string> {
  if (!configuration) {
    return {};
  }
  const env: Record<string, string> = {};
  const add = (key: string, value: string) => {
    if (value) {
      env[key] = value;
    }
  };
  add('PULUMI_NODEJS_ORGANIZATION', configuration.getOrganization());
  add('PULUMI_NODEJS_PROJECT', configuration.getProject());
  add('PULUMI_NODEJS_STACK', configuration.getStack());
  add('PULUMI_NODEJS_DRY_RUN', String(configuration.getDryRun()));
  if (configuration.getConfigMap().getLength() > 0) {
    add(
      'PULUMI_CONFIG',
      JSON.stringify(
        Object.fromEntries(configuration.getConfigMap().entries()),
      ),
    );
  }
  return env;
}
