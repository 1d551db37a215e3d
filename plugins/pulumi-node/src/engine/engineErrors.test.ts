import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { EngineEvent } from '@pulumi/pulumi/automation';
import {
  engineFailureMessage,
  PulumiEngineError,
  translateEngineError,
} from './engineErrors';
import { createRedactor } from './redact';

const diag = (message: string, severity = 'error', urn?: string) =>
  ({
    sequence: 1,
    timestamp: 0,
    diagnosticEvent: { message, severity, color: 'never', urn },
  } as unknown as EngineEvent);

function commandError(name: string, stderr: string) {
  return Object.assign(new Error(`code: 1\n stderr: ${stderr}`), {
    name,
    commandResult: { stdout: '', stderr, code: 1 },
  });
}

const cliFailure = `Command failed with exit code 1: /opt/pulumi/bin/pulumi up --yes --stack dev --non-interactive
Updating (dev):

    pulumi:pulumi:Stack files-dev running error: boom
    pulumi:pulumi:Stack files-dev **failed** 1 error
Diagnostics:
  pulumi:pulumi:Stack (files-dev):
    error: update failed

  pulumi-nodejs:dynamic/stackyard:LocalFile (index):
    error: disk full

Resources:
    1 unchanged

Duration: 1s
`;

describe('engineFailureMessage', () => {
  it("prefers the error diagnostics of the events, naming the resource, with the program's own frame only", () => {
    expect(
      engineFailureMessage(commandError('CommandError', cliFailure), [
        diag('Registering resource\n', 'debug'),
        diag(
          'Unhandled exception: Error: program exploded\n    at main (/srv/index.js:3:9)\n',
          'error',
          'urn:pulumi:dev::files::pulumi:pulumi:Stack::files-dev',
        ),
        diag('program exploded\n'),
        diag(
          'disk full\n',
          'error',
          'urn:pulumi:dev::files::pulumi-nodejs:dynamic/stackyard:LocalFile::index',
        ),
        diag('update failed\n'),
      ]),
    ).toBe('program exploded\nat main (/srv/index.js:3:9)\nindex: disk full');
  });

  it('keeps a generic message when it is all there is', () => {
    expect(engineFailureMessage(undefined, [diag('update canceled\n')])).toBe(
      'update canceled',
    );
  });

  it('falls back to the Diagnostics section of the CLI output, without the command line', () => {
    const message = engineFailureMessage(
      commandError('CommandError', cliFailure),
    );
    expect(message).toBe('disk full');
    expect(message).not.toContain('/opt/pulumi');
  });

  it("takes the CLI's error lines when there is no Diagnostics section", () => {
    expect(
      engineFailureMessage(
        commandError(
          'ConcurrentUpdateError',
          'Command failed with exit code 1: pulumi refresh\nerror: the stack is currently locked by 1 lock(s).\n  file:///state/.pulumi/locks/x.json: created by a@b',
        ),
      ),
    ).toBe('the stack is currently locked by 1 lock(s).');
  });

  it('falls back to the last lines of the output, then to the error message', () => {
    expect(
      engineFailureMessage(
        commandError('CommandError', 'one\ntwo\nthree\nfour'),
      ),
    ).toBe('two\nthree\nfour');
    expect(engineFailureMessage(new Error('spawn ENOENT'))).toBe(
      'spawn ENOENT',
    );
  });
});

describe('translateEngineError', () => {
  const redactor = createRedactor(['pass-phrase-1']);

  it('maps the Automation API errors to typed errors, secrets removed', () => {
    const conflict = translateEngineError(
      commandError('ConcurrentUpdateError', 'error: locked, pass-phrase-1'),
      { redactor, stack: 'web/dev' },
    );
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as Error).message).toBe(
      'Stack web/dev is busy with another operation: locked, [secret]',
    );
    const missing = translateEngineError(
      commandError('StackNotFoundError', "error: no stack named 'x' found"),
      { redactor, stack: "web/x in backend 'local'" },
    );
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as Error).message).toBe(
      "No stack web/x in backend 'local'",
    );
    expect(
      translateEngineError(
        commandError(
          'StackAlreadyExistsError',
          "error: stack 'x' already exists",
        ),
        { redactor },
      ),
    ).toBeInstanceOf(ConflictError);
    const other = translateEngineError(
      commandError('CommandError', 'error: decrypting with pass-phrase-1'),
      { redactor },
    ) as PulumiEngineError;
    expect(other).toBeInstanceOf(PulumiEngineError);
    expect(other.name).toBe('PulumiEngineError');
    expect(other.message).toBe('decrypting with [secret]');
    expect(other.cause).toBeUndefined();
  });

  it('passes other errors through', () => {
    const input = new InputError('stack is bad');
    expect(translateEngineError(input, { redactor })).toBe(input);
  });
});
