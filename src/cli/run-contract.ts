/**
 * What `dynamic-scaling run` hands the scaler runtime (lambda/run.ts, loaded from the scaler
 * bundle): types only, so the command and the bundle agree without the command importing the
 * bundle's code.
 */

/** What `run` was asked. */
export interface RunOptions {
  /** A dynamic-dynamodb.conf. @default - `policyFile` */
  readonly ddConfigFile?: string;
  /** A policy JSON. @default - `ddConfigFile` */
  readonly policyFile?: string;
  /** The tables to manage. @default - every table of the account a rule matches (ListTables), or the policy's exact tables */
  readonly tables?: readonly string[];
  /** One check, then exit. @default false */
  readonly once?: boolean;
  /** Change nothing, publish nothing. @default false */
  readonly dryRun?: boolean;
  /** A DynamoDB table for the state. @default - none */
  readonly stateTable?: string;
  /** A JSON file for the state. @default - none: kept in memory */
  readonly stateFile?: string;
  /** The AWS region. @default - the SDK's chain (`AWS_REGION`, profile) */
  readonly region?: string;
  /** `text` for a person, `json` for a log pipeline. @default 'text' */
  readonly logFormat?: 'text' | 'json';
}

/** Where `run` reads and writes, and when it stops. */
export interface RunIo {
  /** Standard output: the log lines. */
  readonly stdout: { write(chunk: string): unknown };
  /** Standard error: why it could not run. */
  readonly stderr: { write(chunk: string): unknown };
  /** Aborted on SIGINT/SIGTERM: the check in progress ends, then `run` returns. @default - never */
  readonly stop?: AbortSignal;
  /** Reads a UTF-8 file. */
  readFile(path: string): Promise<string>;
}
