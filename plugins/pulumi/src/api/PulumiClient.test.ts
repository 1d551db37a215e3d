import { ResponseError } from '@backstage/errors';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import type { PulumiRunEvent } from '@stackyard/plugin-pulumi-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { parseServerSentEvents, PulumiClient } from './PulumiClient';

const server = setupServer();
registerMswTestHooks(server);

const baseUrl = 'http://backstage.test/api/pulumi';
const client = new PulumiClient({
  discoveryApi: { getBaseUrl: async () => baseUrl },
  fetchApi: new MockFetchApi(),
});

const stack = { backendId: 'local', project: 'website', stack: 'prod' };

/** Answers every request with `body` and keeps the requests it saw. */
function capture(
  method: 'get' | 'post',
  path: string,
  body: Record<string, unknown> = {},
) {
  const requests: Request[] = [];
  server.use(
    http[method](`${baseUrl}${path}`, ({ request }) => {
      requests.push(request.clone());
      return HttpResponse.json(body);
    }),
  );
  return requests;
}

describe('PulumiClient', () => {
  it('reads the health of the backend', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json({
          status: 'ok',
          engine: { version: '3.259.0' },
          backends: ['local'],
        }),
      ),
    );
    await expect(client.getHealth()).resolves.toEqual({
      status: 'ok',
      engine: { version: '3.259.0' },
      backends: ['local'],
    });
  });

  it('returns an unavailable engine as a result', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json(
          {
            status: 'unavailable',
            engine: { message: 'No Pulumi engine at /x' },
            backends: [],
          },
          { status: 503 },
        ),
      ),
    );
    await expect(client.getHealth()).resolves.toMatchObject({
      status: 'unavailable',
    });
  });

  it('turns other failures into a ResponseError', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'boom' } },
          { status: 500 },
        ),
      ),
    );
    await expect(client.getHealth()).rejects.toMatchObject({
      name: 'ResponseError',
    });
  });

  describe('listStacks', () => {
    it('sends the filters, sort, order, limit and cursor as query parameters', async () => {
      const requests = capture('get', '/stacks', {
        items: [],
        nextCursor: 'c2',
      });
      await expect(
        client.listStacks({
          backend: 'local',
          project: 'website',
          owner: 'group:default/web-team',
          drift: 'drifted',
          q: 'web site',
          entityRef: 'component:default/website',
          sort: 'driftStatus',
          order: 'desc',
          limit: 25,
          cursor: 'c1',
        }),
      ).resolves.toEqual({ items: [], nextCursor: 'c2' });
      expect(requests).toHaveLength(1);
      const params = Object.fromEntries(new URL(requests[0].url).searchParams);
      expect(params).toEqual({
        backend: 'local',
        project: 'website',
        owner: 'group:default/web-team',
        drift: 'drifted',
        q: 'web site',
        entityRef: 'component:default/website',
        sort: 'driftStatus',
        order: 'desc',
        limit: '25',
        cursor: 'c1',
      });
    });

    it('leaves out empty and undefined parameters', async () => {
      const requests = capture('get', '/stacks', { items: [] });
      await client.listStacks({ q: '', owner: undefined, limit: 10 });
      expect(new URL(requests[0].url).search).toBe('?limit=10');

      await client.listStacks();
      expect(new URL(requests[1].url).search).toBe('');
    });
  });

  it('encodes each part of a stack path', async () => {
    const requests: string[] = [];
    server.use(
      http.get(`${baseUrl}/stacks/*`, ({ request }) => {
        requests.push(new URL(request.url).pathname);
        return HttpResponse.json({ items: [] });
      }),
    );
    const odd = { backendId: 'local', project: 'a/b', stack: 'dev #1?' };
    await client.getStack(odd);
    await client.getHistory(odd);
    expect(requests).toEqual([
      '/api/pulumi/stacks/local/a%2Fb/dev%20%231%3F',
      '/api/pulumi/stacks/local/a%2Fb/dev%20%231%3F/history',
    ]);
  });

  it('encodes run ids', async () => {
    const requests: string[] = [];
    server.use(
      http.get(`${baseUrl}/runs/*`, ({ request }) => {
        requests.push(new URL(request.url).pathname);
        return HttpResponse.json({ id: 'x' });
      }),
    );
    await client.getRun('a/b');
    expect(requests).toEqual(['/api/pulumi/runs/a%2Fb']);
  });

  describe('sends JSON bodies', () => {
    it.each([
      [
        'checkDrift',
        '/stacks/local/website/prod/drift/check',
        () => client.checkDrift(stack, { program: true }),
        { program: true },
      ],
      [
        'remediateDrift',
        '/stacks/local/website/prod/drift/remediate',
        () => client.remediateDrift(stack, 'restore'),
        { action: 'restore' },
      ],
      [
        'createRun',
        '/stacks/local/website/prod/runs',
        () => client.createRun(stack, { kind: 'preview', targets: ['urn:a'] }),
        { kind: 'preview', targets: ['urn:a'] },
      ],
      [
        'addIgnoreRule',
        '/drift/ignore-rules',
        () =>
          client.addIgnoreRule({
            stack: 'local:organization/website/prod',
            urn: 'urn:a',
            property: 'tags.lastSeen',
            reason: 'set by a lambda',
          }),
        {
          stack: 'local:organization/website/prod',
          urn: 'urn:a',
          property: 'tags.lastSeen',
          reason: 'set by a lambda',
        },
      ],
    ])('%s', async (_name, path, call, expected) => {
      const requests = capture('post', path, { id: 'r1' });
      await expect(call()).resolves.toEqual({ id: 'r1' });
      expect(requests).toHaveLength(1);
      expect(requests[0].method).toBe('POST');
      expect(requests[0].headers.get('content-type')).toBe('application/json');
      await expect(requests[0].json()).resolves.toEqual(expected);
    });
  });

  it.each([
    [404, 'Not Found', 'NotFoundError', 'stack not found'],
    [409, 'Conflict', 'ConflictError', 'a run is already queued'],
    [500, 'Internal Server Error', 'Error', 'engine crashed'],
  ])(
    'turns a %i into a ResponseError with the server message',
    async (status, statusText, name, message) => {
      server.use(
        http.post(`${baseUrl}/stacks/local/website/prod/drift/check`, () =>
          HttpResponse.json(
            { error: { name, message }, response: { statusCode: status } },
            { status, statusText },
          ),
        ),
      );
      const error = await client.checkDrift(stack).catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(status);
      expect(error.cause).toMatchObject({ name, message });
    },
  );

  it('passes the query of paged and windowed reads', async () => {
    const summary = capture('get', '/drift/summary', {});
    const drifted = capture('get', '/drift/stacks', { items: [] });
    await client.getDriftSummary({ days: 7, owner: 'group:default/a' });
    await client.listDriftedStacks({ owner: 'group:default/a', cursor: 'n' });
    expect(Object.fromEntries(new URL(summary[0].url).searchParams)).toEqual({
      days: '7',
      owner: 'group:default/a',
    });
    expect(Object.fromEntries(new URL(drifted[0].url).searchParams)).toEqual({
      owner: 'group:default/a',
      cursor: 'n',
    });
  });
});

describe('parseServerSentEvents', () => {
  const parseAll = (chunks: string[]) => {
    const messages: Array<{ id?: string; event: string; data: string }> = [];
    let buffer = '';
    for (const chunk of chunks) {
      buffer = parseServerSentEvents(buffer + chunk, m => messages.push(m));
    }
    return { messages, rest: buffer };
  };

  it('parses events split across chunks', () => {
    const { messages, rest } = parseAll([
      'id: 1\nevent: prog',
      'ress\ndata: {"done":1}\n',
      '\nid: 2\nevent: status\ndata: {"status":"running"}\n\n',
    ]);
    expect(messages).toEqual([
      { id: '1', event: 'progress', data: '{"done":1}' },
      { id: '2', event: 'status', data: '{"status":"running"}' },
    ]);
    expect(rest).toBe('');
  });

  it('skips comments and joins the lines of multi-line data', () => {
    const { messages } = parseAll([
      ': keep-alive\n\n',
      'id: 3\n: a comment inside\ndata: line one\ndata: line two\n\n',
      'data:no space\r\n\r\n',
    ]);
    expect(messages).toEqual([
      { id: '3', event: 'message', data: 'line one\nline two' },
      { id: undefined, event: 'message', data: 'no space' },
    ]);
  });

  it('returns the incomplete rest for the next chunk', () => {
    const seen: string[] = [];
    const rest = parseServerSentEvents('id: 1\ndata: a\n\nid: 2\ndata: b', m =>
      seen.push(m.data),
    );
    expect(seen).toEqual(['a']);
    expect(rest).toBe('id: 2\ndata: b');
  });
});

describe('PulumiClient.streamRunEvents', () => {
  const sse = (chunks: string[]) => {
    const encoder = new TextEncoder();
    return new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    });
  };

  it('delivers the events of an event stream and ignores its end', async () => {
    let url: URL | undefined;
    let accept: string | null = null;
    server.use(
      http.get(`${baseUrl}/runs/r1/events/stream`, ({ request }) => {
        url = new URL(request.url);
        accept = request.headers.get('accept');
        return new HttpResponse(
          sse([
            ': connected\n\n',
            'id: 4\nevent: progress\ndata: {"done":1,',
            '"total":3}\n\nid: 5\nevent: status\ndata: {"status":"succeeded"}\n\n',
            'event: end\ndata: {}\n\n',
          ]),
          { headers: { 'Content-Type': 'text/event-stream' } },
        );
      }),
    );
    const events: PulumiRunEvent[] = [];
    await client.streamRunEvents('r1', {
      after: 3,
      signal: new AbortController().signal,
      onEvent: e => events.push(e),
    });
    expect(url?.searchParams.get('after')).toBe('3');
    expect(accept).toBe('text/event-stream');
    expect(
      events.map(({ seq, type, payload }) => ({ seq, type, payload })),
    ).toEqual([
      { seq: 4, type: 'progress', payload: { done: 1, total: 3 } },
      { seq: 5, type: 'status', payload: { status: 'succeeded' } },
    ]);
  });

  it('fails with a ResponseError when the stream is refused', async () => {
    server.use(
      http.get(`${baseUrl}/runs/r1/events/stream`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'no run r1' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    const error = await client
      .streamRunEvents('r1', {
        signal: new AbortController().signal,
        onEvent: () => {},
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.cause.message).toBe('no run r1');
  });
});
