/** Secrets Manager: the basic-auth credentials of a circuit breaker, never in a policy, a template or a log. */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Basic-auth credentials. */
export interface BasicAuth {
  /** The user. */
  readonly username: string;
  /** The password. */
  readonly password: string;
}

/**
 * Reads a secret holding `{"username": "...", "password": "..."}`.
 *
 * @throws the SDK's error, or an Error saying what the secret lacks (never its value)
 */
export async function basicAuthFromSecret(client: SecretsManagerClient, secretId: string): Promise<BasicAuth> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(out.SecretString ?? '');
  } catch {
    throw new Error(`secret ${secretId} is not JSON {"username": ..., "password": ...}`);
  }
  const { username, password } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof username !== 'string' || typeof password !== 'string') {
    throw new Error(`secret ${secretId} must hold string fields username and password`);
  }
  return { username, password };
}
