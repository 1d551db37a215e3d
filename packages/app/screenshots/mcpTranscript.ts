import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { PrivateApp } from '../e2e-tests/privateApp';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A page that shows what an MCP client gets from the app's MCP endpoint: the official SDK's client lists
 * the tools of the Pulumi plugin, then calls pulumi.get-drift on website/prod, as the e2e requester.
 */
export async function mcpTranscript(app: PrivateApp): Promise<string> {
  const url = `${app.backendUrl}/api/mcp-actions/v1`;
  const client = new Client({ name: 'stackyard-readme', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: {
        headers: { Authorization: `Bearer ${app.requesterToken}` },
      },
    }),
  );
  try {
    const { tools } = await client.listTools();
    const pulumi = tools.filter(t => t.name.startsWith('pulumi.'));
    const drift: any = await client.callTool({
      name: 'pulumi.get-drift',
      arguments: { backend: 'local', project: 'website', stack: 'prod' },
    });
    const finding = drift.structuredContent.findings[0];
    const lines = [
      `$ mcp connect ${url}`,
      `$ mcp tools/list   # ${pulumi.length} of ${tools.length} tools are Pulumi's`,
      ...pulumi.map(
        t =>
          `  ${t.name.padEnd(20)} ${
            t.annotations?.readOnlyHint ? 'read-only ' : 'queues a run'
          }  ${t.description}`,
      ),
      '',
      `$ mcp tools/call pulumi.get-drift '{"backend":"local","project":"website","stack":"prod"}'`,
      JSON.stringify(
        {
          status: drift.structuredContent.status,
          findings: [
            {
              name: finding.name,
              kind: finding.kind,
              properties: finding.properties,
            },
          ],
        },
        null,
        2,
      ),
    ];
    return `<html><body style="margin:0;background:#1e1e1e;color:#d4d4d4;font:14px/1.5 monospace">
<pre style="padding:24px;white-space:pre-wrap">${escape(
      lines.join('\n'),
    )}</pre></body></html>`;
  } finally {
    await client.close();
  }
}
