/** SNS: publishes the notifications a check returns (alarms, and scaling messages of applied updates). */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { callOutcome, errorMessage } from './call-outcome';
import { CallOutcome, EngineNotification } from '../../src/engine';

/** SNS wants an ASCII subject under 100 characters; dd's subjects name the table, which can be long. */
const MAX_SUBJECT = 99;

/** How one publish ended. */
export interface PublishResult {
  /** The notification. */
  readonly notification: EngineNotification;
  /** `ok`, or why not. */
  readonly outcome: CallOutcome;
  /** The error's text. @default - none */
  readonly message?: string;
}

/** Publishes each notification once; a failure is reported, never retried beyond the SDK's own retries. */
export async function publishNotifications(client: SNSClient, notifications: readonly EngineNotification[]): Promise<PublishResult[]> {
  return Promise.all(notifications.map(async (n): Promise<PublishResult> => {
    try {
      await client.send(new PublishCommand({
        TopicArn: n.topicArn,
        Subject: n.subject.length > MAX_SUBJECT ? `${n.subject.slice(0, MAX_SUBJECT - 3)}...` : n.subject,
        Message: n.message,
        MessageAttributes: { type: { DataType: 'String', StringValue: n.type } },
      }));
      return { notification: n, outcome: 'ok' };
    } catch (e) {
      return { notification: n, outcome: callOutcome(e), message: errorMessage(e) };
    }
  }));
}
