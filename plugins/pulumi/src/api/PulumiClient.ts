import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  PulumiDriftCheck,
  PulumiDriftIgnoreRule,
  PulumiDriftReport,
  PulumiDriftSummary,
  PulumiHealth,
  PulumiPage,
  PulumiRun,
  PulumiRunEvent,
  PulumiRunEventType,
  PulumiOperationKind,
  PulumiStack,
  PulumiStackDetail,
  PulumiStackTtl,
  PulumiStackResource,
  PulumiStackUpdate,
  PulumiRegistryComponentPackage,
  PulumiRegistryPackage,
  PulumiRegistryStackUsage,
  PulumiRegistryTemplate,
} from '@stackyard/plugin-pulumi-common';
import {
  DriftedStack,
  ListStacksRequest,
  PulumiApi,
  RegistryRequest,
  StackLocator,
  StackPackageUse,
} from './PulumiApi';

/** A query string of the defined values. */
function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function stackPath(stack: StackLocator): string {
  return `/stacks/${[stack.backendId, stack.project, stack.stack]
    .map(encodeURIComponent)
    .join('/')}`;
}

/**
 * Parses a server-sent event stream: calls `onMessage` for every complete event in `buffer` and returns
 * what is left of it, an incomplete event that the next chunk continues.
 *
 * @internal
 */
export function parseServerSentEvents(
  buffer: string,
  onMessage: (message: { id?: string; event: string; data: string }) => void,
): string {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) onMessage({ id, event, data: data.join('\n') });
  }
  return rest;
}

/**
 * Calls the Stackyard Pulumi backend, and nothing else: no call from the browser reaches Pulumi Cloud or a
 * state backend, and no state file is ever downloaded.
 *
 * @public
 */
export class PulumiClient implements PulumiApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  private async request<T>(
    path: string,
    init?: { method: string; body?: unknown; okStatuses?: number[] },
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('pulumi');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: init?.method ?? 'GET',
      ...(init?.body !== undefined
        ? {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(init.body),
          }
        : {}),
    });
    if (!response.ok && !init?.okStatuses?.includes(response.status)) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  getHealth(): Promise<PulumiHealth> {
    // 503 carries the reason the engine is unavailable, which the page shows.
    return this.request('/health', { method: 'GET', okStatuses: [503] });
  }

  async listBackends(): Promise<string[]> {
    const { items } = await this.request<{ items: Array<{ id: string }> }>(
      '/backends',
    );
    return items.map(b => b.id);
  }

  listStacks(
    request: ListStacksRequest = {},
  ): Promise<PulumiPage<PulumiStack>> {
    return this.request(`/stacks${query({ ...request })}`);
  }

  getStack(stack: StackLocator): Promise<PulumiStackDetail> {
    return this.request(stackPath(stack));
  }

  listResources(
    stack: StackLocator,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<PulumiPage<PulumiStackResource>> {
    return this.request(`${stackPath(stack)}/resources${query(page)}`);
  }

  async getHistory(stack: StackLocator): Promise<PulumiStackUpdate[]> {
    return (
      await this.request<{ items: PulumiStackUpdate[] }>(
        `${stackPath(stack)}/history`,
      )
    ).items;
  }

  async listRuns(stack: StackLocator, limit?: number): Promise<PulumiRun[]> {
    return (
      await this.request<{ items: PulumiRun[] }>(
        `${stackPath(stack)}/runs${query({ limit })}`,
      )
    ).items;
  }

  createRun(
    stack: StackLocator,
    run: { kind: PulumiOperationKind; targets?: string[] },
  ): Promise<PulumiRun> {
    return this.request(`${stackPath(stack)}/runs`, {
      method: 'POST',
      body: run,
    });
  }

  getRun(runId: string): Promise<PulumiRun> {
    return this.request(`/runs/${encodeURIComponent(runId)}`);
  }

  cancelRun(runId: string): Promise<PulumiRun> {
    return this.request(`/runs/${encodeURIComponent(runId)}/cancel`, {
      method: 'POST',
      body: {},
    });
  }

  decideApproval(
    runId: string,
    decision: { decision: 'approve' | 'reject'; comment?: string },
  ): Promise<PulumiRun> {
    return this.request(`/runs/${encodeURIComponent(runId)}/approval`, {
      method: 'POST',
      body: decision,
    });
  }

  async listRunEvents(
    runId: string,
    after?: number,
  ): Promise<PulumiRunEvent[]> {
    return (
      await this.request<{ items: PulumiRunEvent[] }>(
        `/runs/${encodeURIComponent(runId)}/events${query({ after })}`,
      )
    ).items;
  }

  async streamRunEvents(
    runId: string,
    options: {
      after?: number;
      signal: AbortSignal;
      onEvent(event: PulumiRunEvent): void;
    },
  ): Promise<void> {
    const baseUrl = await this.discoveryApi.getBaseUrl('pulumi');
    const response = await this.fetchApi.fetch(
      `${baseUrl}/runs/${encodeURIComponent(runId)}/events/stream${query({
        after: options.after,
      })}`,
      { headers: { Accept: 'text/event-stream' }, signal: options.signal },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (!response.body) {
      // No streaming body (an old browser or a test double): read what there is at once.
      parseServerSentEvents(`${await response.text()}\n\n`, m =>
        this.deliver(m, options.onEvent),
      );
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer = parseServerSentEvents(
          buffer + decoder.decode(value, { stream: true }),
          m => this.deliver(m, options.onEvent),
        );
      }
    } finally {
      reader.releaseLock();
    }
  }

  private deliver(
    message: { id?: string; event: string; data: string },
    onEvent: (event: PulumiRunEvent) => void,
  ) {
    if (message.event === 'end' || message.id === undefined) return;
    onEvent({
      seq: Number(message.id),
      type: message.event as PulumiRunEventType,
      payload: JSON.parse(message.data),
      createdAt: new Date().toISOString(),
    });
  }

  async getTtl(stack: StackLocator): Promise<PulumiStackTtl | undefined> {
    const { ttl } = await this.request<{ ttl: PulumiStackTtl | null }>(
      `${stackPath(stack)}/ttl`,
    );
    return ttl ?? undefined;
  }

  async extendTtl(stack: StackLocator, by: string): Promise<PulumiStackTtl> {
    const { ttl } = await this.request<{ ttl: PulumiStackTtl }>(
      `${stackPath(stack)}/ttl/extend`,
      { method: 'POST', body: { by } },
    );
    return ttl;
  }

  getDriftReport(stack: StackLocator): Promise<PulumiDriftReport> {
    return this.request(`${stackPath(stack)}/drift`);
  }

  async listDriftChecks(
    stack: StackLocator,
    limit?: number,
  ): Promise<PulumiDriftCheck[]> {
    return (
      await this.request<{ items: PulumiDriftCheck[] }>(
        `${stackPath(stack)}/drift/checks${query({ limit })}`,
      )
    ).items;
  }

  checkDrift(
    stack: StackLocator,
    options: { program?: boolean } = {},
  ): Promise<PulumiRun> {
    return this.request(`${stackPath(stack)}/drift/check`, {
      method: 'POST',
      body: options,
    });
  }

  remediateDrift(
    stack: StackLocator,
    action: 'accept' | 'restore',
  ): Promise<PulumiRun> {
    return this.request(`${stackPath(stack)}/drift/remediate`, {
      method: 'POST',
      body: { action },
    });
  }

  getDriftSummary(
    options: { days?: number; owner?: string } = {},
  ): Promise<PulumiDriftSummary> {
    return this.request(`/drift/summary${query(options)}`);
  }

  listDriftedStacks(
    options: { owner?: string; limit?: number; cursor?: string } = {},
  ): Promise<PulumiPage<DriftedStack>> {
    return this.request(`/drift/stacks${query(options)}`);
  }

  addIgnoreRule(
    rule: Omit<
      PulumiDriftIgnoreRule,
      'id' | 'source' | 'createdBy' | 'createdAt'
    >,
  ): Promise<PulumiDriftIgnoreRule> {
    return this.request('/drift/ignore-rules', { method: 'POST', body: rule });
  }

  listRegistryPackages(
    request: RegistryRequest = {},
  ): Promise<PulumiPage<PulumiRegistryPackage>> {
    return this.request(`/registry/packages${query({ ...request })}`);
  }

  getRegistryPackage(
    name: string,
    request: RegistryRequest = {},
  ): Promise<{
    package: PulumiRegistryPackage;
    stacks: PulumiPage<PulumiRegistryStackUsage>;
  }> {
    return this.request(
      `/registry/packages/${encodeURIComponent(name)}${query({ ...request })}`,
    );
  }

  listRegistryComponents(
    request: RegistryRequest = {},
  ): Promise<PulumiPage<PulumiRegistryComponentPackage>> {
    return this.request(`/registry/components${query({ ...request })}`);
  }

  listRegistryTemplates(
    request: RegistryRequest = {},
  ): Promise<PulumiPage<PulumiRegistryTemplate>> {
    return this.request(`/registry/templates${query({ ...request })}`);
  }

  async getStackPackages(stack: StackLocator): Promise<StackPackageUse[]> {
    return (
      await this.request<{ items: StackPackageUse[] }>(
        `${stackPath(stack)}/packages`,
      )
    ).items;
  }
}
