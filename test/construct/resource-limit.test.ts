import { App, Stack } from 'aws-cdk-lib';
import { newStack, provisionedTable, simplePolicy } from './helpers';
import { DynamicScaling } from '../../src';
import { resourceLimit } from '../../src/private/registry';

/** `n` provisioned tables with two GSIs each, all scaled natively: 13 resources per table. */
function tables(stack: Stack, n: number): void {
  for (let i = 0; i < n; i++) {
    new DynamicScaling(stack, `Scaling${i}`, { table: provisionedTable(stack, ['ByA', 'ByB'], `Table${i}`), policy: simplePolicy() });
  }
}

describe("CloudFormation's 500-resource limit", () => {
  test('38 tables with 2 GSIs each (494 resources) fit', () => {
    const { app, stack } = newStack();
    tables(stack, 38);
    expect(() => app.synth()).not.toThrow();
  });

  test('39 tables (507 resources) is a clear synth-time error, not a deploy-time failure', () => {
    const { app, stack } = newStack();
    tables(stack, 39);
    expect(() => app.synth()).toThrow(
      "DynamicScaling: stack 'Test' has 507 CloudFormation resources, over the limit of 500 per stack; "
      + '468 of them come from 39 DynamicScaling constructs (the native path adds 2 per scaled dimension: a ScalableTarget and a ScalingPolicy; '
      + 'the Lambda path 2 per table: its policy item and its throttle alarm, plus the stack\'s one scaler). '
      + 'Split the tables across stacks so that each stays at or under 500 resources, or scale fewer dimensions.');
  });

  test('the app-wide @aws-cdk/core:stackResourceLimit context is honoured', () => {
    const app = new App({ context: { '@aws-cdk/core:stackResourceLimit': 20 } });
    const stack = new Stack(app, 'Small');
    tables(stack, 2);
    expect(() => app.synth()).toThrow("DynamicScaling: stack 'Small' has 26 CloudFormation resources, over the limit of 20 per stack;");
  });

  test('a stack without DynamicScaling is left to CloudFormation', () => {
    const { app, stack } = newStack();
    for (let i = 0; i < 3; i++) provisionedTable(stack, [], `T${i}`);
    expect(() => app.synth()).not.toThrow();
  });
});

describe('the @aws-cdk/core:stackResourceLimit context is read as aws-cdk-lib reads it (parseInt)', () => {
  test('a string value, as cdk.json and -c give it, is honoured', () => {
    const app = new App({ context: { '@aws-cdk/core:stackResourceLimit': '20' } });
    const stack = new Stack(app, 'Small');
    tables(stack, 2);
    expect(() => app.synth()).toThrow("DynamicScaling: stack 'Small' has 26 CloudFormation resources, over the limit of 20 per stack;");
  });

  test("'0' turns the check off, as 0 does in aws-cdk-lib", () => {
    const app = new App({ context: { '@aws-cdk/core:stackResourceLimit': '0' } });
    const stack = new Stack(app, 'Unlimited');
    tables(stack, 2);
    expect(() => app.synth()).not.toThrow();
  });

  test.each([
    [undefined, 500], [20, 20], ['20', 20], ['0', 0], ['abc', NaN],
  ])('%j gives %d', (value, limit) => {
    expect(resourceLimit(value)).toBe(limit);
  });
});
