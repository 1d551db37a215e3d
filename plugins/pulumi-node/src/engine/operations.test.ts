import { InputError } from '@backstage/errors';
import {
  assertTargetsExist,
  assertValidOperation,
  operationNeedsProgram,
} from './operations';
import type { OperationRequest } from './types';

const request = (change: Partial<OperationRequest>): OperationRequest => ({
  backendId: 'local',
  project: 'web',
  stack: 'dev',
  kind: 'refresh',
  ...change,
});
const urn = 'urn:pulumi:dev::web::aws:s3/bucket:Bucket::site';

describe('assertValidOperation', () => {
  it('accepts the known kinds and URN targets', () => {
    for (const kind of [
      'preview',
      'refresh',
      'drift-check',
      'drift-check-program',
      'up',
      'destroy',
    ] as const) {
      expect(() => assertValidOperation(request({ kind }))).not.toThrow();
    }
    expect(() =>
      assertValidOperation(request({ targets: [urn] })),
    ).not.toThrow();
  });

  it('names the field that is wrong', () => {
    expect(() =>
      assertValidOperation(request({ kind: 'import' as 'up' })),
    ).toThrow(/^kind "import" is not one of/);
    expect(() =>
      assertValidOperation(request({ targets: urn as unknown as string[] })),
    ).toThrow(/^targets must be a list/);
    expect(() =>
      assertValidOperation(request({ targets: [urn, 'site'] })),
    ).toThrow(/^targets\[1\] "site" is not a resource URN/);
  });
});

describe('assertTargetsExist', () => {
  it('names the first target that is not in the state', () => {
    expect(() => assertTargetsExist([urn], new Set([urn]))).not.toThrow();
    expect(() => assertTargetsExist(undefined, new Set())).not.toThrow();
    expect(() => assertTargetsExist([urn, `${urn}2`], new Set([urn]))).toThrow(
      InputError,
    );
    expect(() => assertTargetsExist([urn, `${urn}2`], new Set([urn]))).toThrow(
      /^targets\[1\] /,
    );
  });
});

describe('operationNeedsProgram', () => {
  it('is true for the kinds that run the program', () => {
    expect(operationNeedsProgram('preview')).toBe(true);
    expect(operationNeedsProgram('up')).toBe(true);
    expect(operationNeedsProgram('drift-check-program')).toBe(true);
    expect(operationNeedsProgram('refresh')).toBe(false);
    expect(operationNeedsProgram('drift-check')).toBe(false);
    expect(operationNeedsProgram('destroy')).toBe(false);
  });
});
