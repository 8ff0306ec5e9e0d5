/**
 * How an AWS SDK v3 error maps to the check protocol's outcomes. The SDK names a service error
 * by its exception (`error.name`); a network or credentials error has another name and is `error`.
 */
import { CallOutcome } from '../../src/engine';

const OUTCOMES: Readonly<Record<string, CallOutcome>> = {
  LimitExceededException: 'LimitExceeded',
  ResourceInUseException: 'ResourceInUse',
  ValidationException: 'Validation',
  ResourceNotFoundException: 'ResourceNotFound',
  AccessDeniedException: 'AccessDenied',
  // Application Auto Scaling's name for a scalable target that is not registered.
  ObjectNotFoundException: 'ResourceNotFound',
  // CloudWatch and SNS spell it without "Exception".
  AccessDenied: 'AccessDenied',
  AuthorizationError: 'AccessDenied',
};

/** The protocol outcome of a failed call. */
export function callOutcome(error: unknown): CallOutcome {
  const name = (error as { name?: unknown } | null)?.name;
  return (typeof name === 'string' && OUTCOMES[name]) || 'error';
}

/** The error's text for a log line: its name and message. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message && error.message !== error.name ? `${error.name}: ${error.message}` : error.name;
  return String(error);
}
