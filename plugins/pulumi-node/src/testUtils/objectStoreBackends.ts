import { createHmac, randomBytes } from 'node:crypto';

/**
 * The object stores that the engine tests keep state in, through their standard local servers: moto (S3),
 * fake-gcs-server (GCS) and Azurite (Azure Blob), which `scripts/test.sh` starts.
 *
 * @public
 */
export type ObjectStoreKind = 's3' | 'gcs' | 'azblob';

/** The variable that names each server's address (`http://127.0.0.1:PORT`). */
const ENDPOINT_VARIABLES: Record<ObjectStoreKind, string> = {
  s3: 'STACKYARD_TEST_S3_ENDPOINT',
  gcs: 'STACKYARD_TEST_GCS_ENDPOINT',
  azblob: 'STACKYARD_TEST_AZBLOB_ENDPOINT',
};

const SERVER_NAMES: Record<ObjectStoreKind, string> = {
  s3: 'moto',
  gcs: 'fake-gcs-server',
  azblob: 'Azurite',
};

/** The address of the local server for `kind` that `scripts/test.sh` starts, if any. */
export function testObjectStoreEndpoint(
  kind: ObjectStoreKind,
): string | undefined {
  return process.env[ENDPOINT_VARIABLES[kind]] || undefined;
}

/** Azurite's development account and its key, which Azurite and Azure's documentation publish. */
const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** A bucket or container that holds one test's state, and how the engine reaches it. */
export interface ObjectStoreBucket {
  /** The state backend URL. */
  url: string;
  /** The variables the engine's storage driver needs: credentials and the emulator's address. */
  env: Record<string, string>;
  /** Deletes the bucket and everything in it. */
  remove(): Promise<void>;
}

async function check(response: Response, what: string): Promise<Response> {
  if (!response.ok) {
    throw new Error(
      `${what} failed: ${response.status} ${
        response.statusText
      } ${await response.text()}`,
    );
  }
  return response;
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, name: string) =>
      ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[name]!),
  );
}

// moto checks no signature, but takes a request without an Authorization header for an anonymous one,
// which the bucket's ACL refuses to delete anything; an access key named in the header is enough. Like S3,
// it deletes only empty buckets.
const MOTO_ACCESS_KEY = 'stackyard-test';
const MOTO_AUTHORIZATION = `AWS4-HMAC-SHA256 Credential=${MOTO_ACCESS_KEY}/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=unchecked`;

async function s3Bucket(
  endpoint: string,
  name: string,
): Promise<ObjectStoreBucket> {
  const s3 = (resource: string, method = 'GET') =>
    fetch(`${endpoint}/${resource}`, {
      method,
      headers: { authorization: MOTO_AUTHORIZATION },
    });
  await check(await s3(name, 'PUT'), `creating the S3 bucket ${name}`);
  const remove = async () => {
    for (;;) {
      const listing = await (
        await check(
          await s3(`${name}?list-type=2`),
          `listing the S3 bucket ${name}`,
        )
      ).text();
      const keys = [...listing.matchAll(/<Key>([^<]*)<\/Key>/g)].map(m =>
        unescapeXml(m[1]),
      );
      if (keys.length === 0) break;
      for (const key of keys) {
        await check(
          await s3(
            `${name}/${key.split('/').map(encodeURIComponent).join('/')}`,
            'DELETE',
          ),
          `deleting ${key} from the S3 bucket ${name}`,
        );
      }
    }
    await check(await s3(name, 'DELETE'), `deleting the S3 bucket ${name}`);
  };
  const url = new URL(`s3://${name}/state`);
  url.searchParams.set('endpoint', endpoint);
  url.searchParams.set('use_path_style', 'true');
  url.searchParams.set('region', 'us-east-1');
  // The AWS SDK checks response checksums that moto does not always send.
  url.searchParams.set('response_checksum_validation', 'when_required');
  return {
    url: url.toString(),
    // moto takes any credentials; the driver refuses to run without some.
    env: {
      AWS_ACCESS_KEY_ID: MOTO_ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: 'stackyard-test',
    },
    remove,
  };
}

// fake-gcs-server speaks GCS's JSON API without authentication, and deletes only empty buckets.
async function gcsBucket(
  endpoint: string,
  name: string,
): Promise<ObjectStoreBucket> {
  await check(
    await fetch(`${endpoint}/storage/v1/b`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    }),
    `creating the GCS bucket ${name}`,
  );
  const remove = async () => {
    for (;;) {
      const listing = (await (
        await check(
          await fetch(`${endpoint}/storage/v1/b/${name}/o`),
          `listing the GCS bucket ${name}`,
        )
      ).json()) as { items?: Array<{ name: string }> };
      const objects = listing.items ?? [];
      if (objects.length === 0) break;
      for (const object of objects) {
        await check(
          await fetch(
            `${endpoint}/storage/v1/b/${name}/o/${encodeURIComponent(
              object.name,
            )}`,
            { method: 'DELETE' },
          ),
          `deleting ${object.name} from the GCS bucket ${name}`,
        );
      }
    }
    await check(
      await fetch(`${endpoint}/storage/v1/b/${name}`, { method: 'DELETE' }),
      `deleting the GCS bucket ${name}`,
    );
  };
  return {
    url: `gs://${name}/state`,
    env: {
      // Google's storage client sends every request to the emulator, without credentials.
      STORAGE_EMULATOR_HOST: new URL(endpoint).host,
      // Pulumi looks for Google credentials before it opens the bucket; the emulator gets none of them.
      GOOGLE_OAUTH_ACCESS_TOKEN: 'stackyard-test',
    },
    remove,
  };
}

/**
 * A request to Azurite signed with Shared Key, as Azure Storage defines it for its REST API: an HMAC-SHA256,
 * under the account key, of the verb, the standard headers, the `x-ms-` headers and the resource.
 */
async function azuriteRequest(
  endpoint: string,
  method: string,
  resource: string,
  query: Record<string, string>,
): Promise<Response> {
  const headers: Record<string, string> = {
    'x-ms-date': new Date().toUTCString(),
    'x-ms-version': '2021-12-02',
  };
  const canonicalHeaders = Object.keys(headers)
    .sort()
    .map(name => `${name}:${headers[name]}\n`)
    .join('');
  const canonicalQuery = Object.keys(query)
    .sort()
    .map(name => `\n${name.toLowerCase()}:${query[name]}`)
    .join('');
  // Path-style addresses name the account in the path too, so it comes twice.
  const canonicalResource = `/${AZURITE_ACCOUNT}/${AZURITE_ACCOUNT}/${resource}${canonicalQuery}`;
  // The verb, then Content-Encoding, -Language, -Length (empty for none), -MD5, -Type, Date,
  // If-Modified-Since, If-Match, If-None-Match, If-Unmodified-Since and Range: all empty here.
  const stringToSign = `${method}\n${'\n'.repeat(
    11,
  )}${canonicalHeaders}${canonicalResource}`;
  const signature = createHmac('sha256', Buffer.from(AZURITE_KEY, 'base64'))
    .update(stringToSign, 'utf8')
    .digest('base64');
  const url = new URL(`${endpoint}/${AZURITE_ACCOUNT}/${resource}`);
  for (const [name, value] of Object.entries(query)) {
    url.searchParams.set(name, value);
  }
  return fetch(url, {
    method,
    headers: {
      ...headers,
      authorization: `SharedKey ${AZURITE_ACCOUNT}:${signature}`,
    },
  });
}

// Azurite checks Shared Key signatures; deleting a container deletes its blobs.
async function azblobContainer(
  endpoint: string,
  name: string,
): Promise<ObjectStoreBucket> {
  const container = { restype: 'container' };
  await check(
    await azuriteRequest(endpoint, 'PUT', name, container),
    `creating the Azure Blob container ${name}`,
  );
  const url = new URL(`azblob://${name}/state`);
  url.searchParams.set('domain', new URL(endpoint).host);
  url.searchParams.set('protocol', 'http');
  // Path-style addresses, with the account name in the path, as an emulator takes them.
  url.searchParams.set('localemu', 'true');
  return {
    url: url.toString(),
    env: {
      AZURE_STORAGE_ACCOUNT: AZURITE_ACCOUNT,
      AZURE_STORAGE_KEY: AZURITE_KEY,
    },
    remove: async () => {
      await check(
        await azuriteRequest(endpoint, 'DELETE', name, container),
        `deleting the Azure Blob container ${name}`,
      );
    },
  };
}

/**
 * Creates an empty bucket (a container for Azure) on the local server of `kind`, for one test's state. It
 * fails, naming the variable, when that server is not running.
 */
export async function createObjectStoreBucket(
  kind: ObjectStoreKind,
  endpoint: string | undefined = testObjectStoreEndpoint(kind),
): Promise<ObjectStoreBucket> {
  if (!endpoint) {
    throw new Error(
      `A ${kind} state backend needs ${ENDPOINT_VARIABLES[kind]}, the address of ${SERVER_NAMES[kind]}; scripts/test.sh starts it and sets it.`,
    );
  }
  // Lowercase letters and digits: a valid name for S3, GCS and Azure alike.
  const name = `stackyard-test-${randomBytes(6).toString('hex')}`;
  const base = endpoint.replace(/\/+$/, '');
  switch (kind) {
    case 's3':
      return s3Bucket(base, name);
    case 'gcs':
      return gcsBucket(base, name);
    case 'azblob':
      return azblobContainer(base, name);
    default:
      throw new Error(`unknown object store ${kind}`);
  }
}

/**
 * The object stores whose local server is running; all of them in strict mode (`STACKYARD_TEST_STRICT`,
 * as `scripts/test.sh` sets it), where a missing server fails the test rather than skipping it.
 */
export function testObjectStoreKinds(): ObjectStoreKind[] {
  const kinds: ObjectStoreKind[] = ['s3', 'gcs', 'azblob'];
  return process.env.STACKYARD_TEST_STRICT
    ? kinds
    : kinds.filter(kind => testObjectStoreEndpoint(kind));
}
