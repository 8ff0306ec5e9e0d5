import { CfnParameter, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { newStack, provisionedTable } from './helpers';
import { CapacityChange, CustomScalingOptions, DynamicScaling, GranularScale, ScalingPolicy } from '../../src';

const BOUNDS = { minCapacity: 2, maxCapacity: 40 };

/** Units in [default_options], which Dynamic DynamoDB requires somewhere. */
const UNITS = ['[default_options]', 'increase-reads-unit: percent', 'decrease-reads-unit: percent', 'increase-writes-unit: percent',
  'decrease-writes-unit: percent'];

function conf(...lines: string[]): string {
  return ['[global]', 'check-interval: 300', ...UNITS, ...lines].join('\n');
}

const ORDERS_CONF = conf('[table: ^orders$]', 'min-provisioned-reads: 2', '[gsi: ^ByA$ table: ^orders$]', 'min-provisioned-reads: 3');

function scale(policy: ScalingPolicy, gsis: string[] = [], stack: Stack = newStack().stack): () => DynamicScaling {
  return () => new DynamicScaling(stack, 'Scaling', { table: provisionedTable(stack, gsis), policy });
}

describe('ScalingPolicy.custom: synth-time errors naming the property and echoing the value', () => {
  test.each<[string, CustomScalingOptions, string]>([
    ['minCapacity 0', { read: { minCapacity: 0, maxCapacity: 10 } }, 'policy.read.minCapacity (0) must be an integer >= 1'],
    ['min > max', { write: { minCapacity: 20, maxCapacity: 10 } }, 'policy.write.minCapacity (20) must be <= policy.write.maxCapacity (10)'],
    ['a maintenance window starting at 25:00', { read: BOUNDS, maintenanceWindows: [{ start: '25:00', end: '06:00' }] },
      'policy.maintenanceWindows[0].start (25:00) must be a time HH:MM in UTC, from 00:00 to 23:59'],
    ['a maintenance window ending at 24:01', { read: BOUNDS, maintenanceWindows: [{ start: '22:00', end: '06:00' }, { start: '22:00', end: '24:01' }] },
      'policy.maintenanceWindows[1].end (24:01) must be a time HH:MM in UTC, from 00:00 to 23:59 (or 24:00)'],
    ['a check interval of 90 seconds', { read: BOUNDS, checkInterval: Duration.seconds(90) },
      'policy.checkInterval (1 minute 30 seconds) must be a whole number of minutes, at least 1'],
    ['a lookback period under a minute', { read: BOUNDS, lookbackPeriod: Duration.seconds(30) },
      'policy.lookbackPeriod (30 seconds) must be a whole number of minutes, at least 1'],
    ['a decrease reserve above 3', { read: BOUNDS, decreaseReserve: 4 },
      'policy.decreaseReserve (4) must be an integer from 0 to 3 (DynamoDB accepts at most 4 decreases in a row; the scaler keeps at least one)'],
    ['a circuit breaker URL that is not http(s)', { read: BOUNDS, circuitBreaker: { url: 'ftp://status.example.com/ok' } },
      'policy.circuitBreaker.url (ftp://status.example.com/ok) must be an http:// or https:// URL with a host, '
      + 'optionally with user:password@ (e.g. https://user:secret@status.example.com/ok)'],
    ['neither read nor write', {}, 'policy (custom with neither read nor write) must set read, write or both'],
    ['an increase scale in units with a consumed increase in percent', {
      read: {
        ...BOUNDS,
        increaseOnConsumed: CapacityChange.percent(20),
        increaseOnConsumedScale: GranularScale.units([{ thresholdPercent: 90, amount: 5 }]),
      },
    }, 'policy.read.increaseOnConsumedScale (units) must be in the unit of policy.read.increaseOnConsumed (percent): the scaler has one unit for both'],
    ['a decrease scale in percent with a consumed decrease in units', {
      write: {
        ...BOUNDS,
        decreaseOnConsumed: CapacityChange.units(2),
        decreaseOnConsumedScale: GranularScale.percent([{ thresholdPercent: 20, amount: 30 }]),
      },
    }, 'policy.write.decreaseOnConsumedScale (percent) must be in the unit of policy.write.decreaseOnConsumed (units): the scaler has one unit for both'],
  ])('%s', (_name, options, message) => {
    expect(scale(ScalingPolicy.custom(options))).toThrow(`DynamicScaling 'Scaling': ${message}`);
  });

  test('a 24:00 window end is the end of the day, not an error', () => {
    expect(scale(ScalingPolicy.custom({ read: BOUNDS, maintenanceWindows: [{ start: '22:00', end: '24:00' }] }))).not.toThrow();
  });

  test('several problems are reported together, one per line', () => {
    expect(scale(ScalingPolicy.custom({
      read: { minCapacity: 0, maxCapacity: 10 }, write: { minCapacity: 5, maxCapacity: 2 }, maintenanceWindows: [{ start: '9', end: '10:00' }],
    }))).toThrow([
      "DynamicScaling 'Scaling': policy.maintenanceWindows[0].start (9) must be a time HH:MM in UTC, from 00:00 to 23:59",
      "DynamicScaling 'Scaling': policy.read.minCapacity (0) must be an integer >= 1",
      "DynamicScaling 'Scaling': policy.write.minCapacity (5) must be <= policy.write.maxCapacity (2)",
    ].join('\n'));
  });

  test('a token minCapacity must be known at synth time, echoed as the token', () => {
    const { stack } = newStack();
    const min = new CfnParameter(stack, 'Min', { type: 'Number' }).valueAsNumber;
    expect(scale(ScalingPolicy.custom({ read: { minCapacity: min, maxCapacity: 10 } }), [], stack)).toThrow(
      `DynamicScaling 'Scaling': policy.read.minCapacity (${Token.asString(min)}) must be known at synth time: `
      + "the scaler's policy is checked when the app is synthesized");
  });

  test('a problem in an index policy names the entry', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack, ['ByA']),
      policy: ScalingPolicy.custom({ read: BOUNDS }),
      indexPolicies: [{ indexName: 'ByA', policy: ScalingPolicy.custom({ read: { minCapacity: 9, maxCapacity: 3 } }) }],
    })).toThrow("DynamicScaling 'Scaling': indexPolicies[0].policy.read.minCapacity (9) must be <= indexPolicies[0].policy.read.maxCapacity (3)");
  });

  test('nothing is created when the policy is refused', () => {
    const { stack } = newStack();
    expect(scale(ScalingPolicy.custom({ read: { minCapacity: 0, maxCapacity: 10 } }), [], stack)).toThrow();
    expect(stack.node.tryFindChild('DynamicScalingScaler')).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('legal but risky input is a warning with an id', () => {
    const { stack } = newStack();
    scale(ScalingPolicy.custom({ read: { ...BOUNDS, lowerThresholdPercent: 95, upperThresholdPercent: 90 } }), [], stack)();
    Annotations.fromStack(stack).hasWarning('/Test/Scaling', Match.stringLikeRegexp(
      '^policy\\.read\\.lowerThresholdPercent \\(95\\) is not below policy\\.read\\.upperThresholdPercent \\(90\\): there is no steady band.*'
      + '\\[ack: dynamic-scaling:policyWarning\\]$'));
  });
});

describe('ScalingPolicy.recommended errors', () => {
  test('neither read nor write', () => {
    expect(scale(ScalingPolicy.recommended({})))
      .toThrow("DynamicScaling 'Scaling': policy (recommended with neither read nor write) must set read, write or both");
  });

  test('min > max', () => {
    expect(scale(ScalingPolicy.recommended({ write: { minCapacity: 20, maxCapacity: 10 } })))
      .toThrow("DynamicScaling 'Scaling': policy.write.minCapacity (20) must be <= policy.write.maxCapacity (10)");
  });
});

describe('ScalingPolicy.fromDynamicDynamoDbConfig errors', () => {
  test('every problem of the conf is listed, with its section and option', () => {
    const text = conf('[table: ^orders$]', 'min-provisioned-reads: 0', 'reads-upper-threshold: abc');
    expect(scale(ScalingPolicy.fromDynamicDynamoDbConfig(text, { tableName: 'orders' }))).toThrow([
      "DynamicScaling 'Scaling': policy (fromDynamicDynamoDbConfig): line 10 [table: ^orders$]: reads-upper-threshold expects a number, got 'abc'",
      "DynamicScaling 'Scaling': policy (fromDynamicDynamoDbConfig): [table: ^orders$]: min-provisioned-reads (0) must be an integer >= 1",
    ].join('\n'));
  });

  test('a conf whose table sections match nothing', () => {
    expect(scale(ScalingPolicy.fromDynamicDynamoDbConfig(ORDERS_CONF, { tableName: 'sessions' }))).toThrow(
      "DynamicScaling 'Scaling': policy (fromDynamicDynamoDbConfig): tableName (sessions) matches no table section of the conf "
      + "([table: ^orders$]); name the table as the conf's [table: <regex>] sections expect it");
  });

  test('indexNames naming an index no gsi section matches', () => {
    expect(scale(ScalingPolicy.fromDynamicDynamoDbConfig(ORDERS_CONF, { tableName: 'orders', indexNames: ['ByA', 'ByB'] }), ['ByA', 'ByB'])).toThrow(
      "DynamicScaling 'Scaling': policy (fromDynamicDynamoDbConfig): indexNames[1] (ByB) matches no [gsi: <regex> table: ^orders$] section of the conf");
  });

  test('a check interval that is not whole minutes, which no schedule can run', () => {
    const text = ['[global]', 'check-interval: 90', ...UNITS, '[table: ^orders$]', 'min-provisioned-reads: 2'].join('\n');
    expect(scale(ScalingPolicy.fromDynamicDynamoDbConfig(text, { tableName: 'orders' }))).toThrow(
      "DynamicScaling 'Scaling': policy check interval (90 s) must be a whole number of minutes, at least 1: the scaler runs on an EventBridge schedule");
  });

  test('indexNames limits the scaled indexes to those listed', () => {
    const scaling = scale(ScalingPolicy.fromDynamicDynamoDbConfig(ORDERS_CONF, { tableName: 'orders', indexNames: [] }), ['ByA'])();
    expect(scaling.decisions.filter((d) => d.indexName === 'ByA').map((d) => [d.path, d.reasons]))
      .toEqual(Array(2).fill([undefined, ["not scaled: index ByA is not in the conf policy's indexNames"]]));
  });
});

describe('the table and its indexes on the Lambda path', () => {
  test('index policies with different check intervals', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack, ['ByA', 'ByB']),
      policy: ScalingPolicy.custom({ read: BOUNDS }),
      indexPolicies: [
        { indexName: 'ByA', policy: ScalingPolicy.custom({ read: BOUNDS }) },
        { indexName: 'ByB', policy: ScalingPolicy.custom({ read: BOUNDS, checkInterval: Duration.minutes(5) }) },
      ],
    })).toThrow("DynamicScaling 'Scaling': indexPolicies[1].policy check interval (300 s) must equal that of policy (60 s): "
      + 'the scaler checks a table and its indexes together');
  });

  test('a native table policy does not constrain the check interval of an index policy', () => {
    const { stack } = newStack();
    expect(() => new DynamicScaling(stack, 'Scaling', {
      table: provisionedTable(stack, ['ByA']),
      policy: ScalingPolicy.targetTracking({ read: BOUNDS }),
      indexPolicies: [{ indexName: 'ByA', policy: ScalingPolicy.custom({ read: BOUNDS, checkInterval: Duration.minutes(5) }) }],
    })).not.toThrow();
  });

  test('a PAY_PER_REQUEST table', () => {
    const { stack } = newStack();
    const table = new dynamodb.Table(stack, 'OnDemand', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING }, billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });
    expect(() => new DynamicScaling(stack, 'Scaling', { table, policy: ScalingPolicy.custom({ read: BOUNDS }) })).toThrow(
      "DynamicScaling 'Scaling': table billingMode (PAY_PER_REQUEST) must be PROVISIONED: on-demand tables have no capacity to scale");
  });
});

describe('one scaler policy per table (synth-time)', () => {
  test('two DynamicScaling on different dimensions of one table, both on the Lambda path', () => {
    const { stack } = newStack();
    const table = provisionedTable(stack);
    new DynamicScaling(stack, 'First', { table, policy: ScalingPolicy.custom({ read: BOUNDS }) });
    new DynamicScaling(stack, 'Second', { table, policy: ScalingPolicy.recommended({ write: BOUNDS }) });
    expect(() => Template.fromStack(stack)).toThrow(
      "DynamicScaling 'Second': table Test/Table already has a scaler policy from DynamicScaling 'Test/First'; "
      + 'use one DynamicScaling per table (per-index policies go in indexPolicies)');
  });

  test('two DynamicScaling on the same dimension, both on the Lambda path: both problems are reported', () => {
    const { app, stack } = newStack();
    const table = provisionedTable(stack);
    new DynamicScaling(stack, 'First', { table, policy: ScalingPolicy.custom({ read: BOUNDS }) });
    new DynamicScaling(stack, 'Second', { table, policy: ScalingPolicy.custom({ read: BOUNDS }) });
    expect(() => app.synth()).toThrow([
      "  [Test/Second] DynamicScaling 'Second': the read capacity of table Test/Table is already scaled by DynamicScaling 'Test/First'; "
      + 'use one DynamicScaling per table (per-index policies go in indexPolicies)',
      "  [Test/Second] DynamicScaling 'Second': table Test/Table already has a scaler policy from DynamicScaling 'Test/First'; "
      + 'use one DynamicScaling per table (per-index policies go in indexPolicies)',
    ].join('\n'));
  });

  test('the same imported table name twice in a stack', () => {
    const { stack } = newStack();
    new DynamicScaling(stack, 'A', { table: dynamodb.Table.fromTableName(stack, 'T1', 'orders'), policy: ScalingPolicy.custom({ read: BOUNDS }) });
    new DynamicScaling(stack, 'B', { table: dynamodb.Table.fromTableName(stack, 'T2', 'orders'), policy: ScalingPolicy.custom({ write: BOUNDS }) });
    expect(() => Template.fromStack(stack)).toThrow(
      "DynamicScaling 'B': table Test/T2 already has a scaler policy from DynamicScaling 'Test/A'");
  });

  test('one DynamicScaling per table on the Lambda path is fine', () => {
    const { app, stack } = newStack();
    new DynamicScaling(stack, 'A', { table: provisionedTable(stack, [], 'T1'), policy: ScalingPolicy.custom({ read: BOUNDS }) });
    new DynamicScaling(stack, 'B', { table: provisionedTable(stack, [], 'T2'), policy: ScalingPolicy.custom({ read: BOUNDS }) });
    expect(() => app.synth()).not.toThrow();
  });
});

test('an index policy\'s unit mismatch names both properties under indexPolicies', () => {
  const { stack } = newStack();
  expect(() => new DynamicScaling(stack, 'Scaling', {
    table: provisionedTable(stack, ['ByA']),
    policy: ScalingPolicy.custom({ read: BOUNDS }),
    indexPolicies: [{
      indexName: 'ByA',
      policy: ScalingPolicy.custom({
        read: {
          ...BOUNDS,
          increaseOnConsumed: CapacityChange.units(3),
          increaseOnConsumedScale: GranularScale.percent([{ thresholdPercent: 90, amount: 10 }]),
        },
      }),
    }],
  })).toThrow("DynamicScaling 'Scaling': indexPolicies[0].policy.read.increaseOnConsumedScale (percent) must be in the unit of "
    + 'indexPolicies[0].policy.read.increaseOnConsumed (units): the scaler has one unit for both');
});

test('fromDynamicDynamoDbConfig: a tableName that is a token cannot select a section', () => {
  const { stack } = newStack();
  const name = new CfnParameter(stack, 'Name').valueAsString;
  expect(scale(ScalingPolicy.fromDynamicDynamoDbConfig(ORDERS_CONF, { tableName: name }), [], stack)).toThrow(
    `DynamicScaling 'Scaling': policy (fromDynamicDynamoDbConfig): tableName (${name}) must be known at synth time: it selects the conf's [table: <regex>] section`);
});

test('the throttle alarm warning says what the alarm watches: a native table and 6 custom indexes leave the 6th out', () => {
  const { stack } = newStack();
  const names = ['IxA', 'IxB', 'IxC', 'IxD', 'IxE', 'IxF'];
  new DynamicScaling(stack, 'Scaling', {
    table: provisionedTable(stack, names),
    policy: ScalingPolicy.targetTracking({ read: BOUNDS }),
    indexPolicies: names.map((indexName) => ({ indexName, policy: ScalingPolicy.custom({ read: BOUNDS }) })),
  });
  Annotations.fromStack(stack).hasWarning('/Test/Scaling', Match.stringLikeRegexp(
    '^The throttle alarm of Test/Table watches 5 indexes \\(an alarm holds 10 metrics\\); throttling of IxF is seen at the next scheduled check'));
});

test('a table and its index policies must agree on dry run: they are checked together', () => {
  const { stack } = newStack();
  expect(() => new DynamicScaling(stack, 'Scaling', {
    table: provisionedTable(stack, ['ByA']),
    policy: ScalingPolicy.custom({ read: BOUNDS }),
    indexPolicies: [{ indexName: 'ByA', policy: ScalingPolicy.custom({ read: BOUNDS, dryRun: true }) }],
  })).toThrow("DynamicScaling 'Scaling': indexPolicies[0].policy dryRun (true) must equal that of policy (false): a table and its indexes are checked together");
});

test('an index policy without a circuit breaker under a table policy with one is refused (the engine would apply the table\'s)', () => {
  const { stack } = newStack();
  expect(() => new DynamicScaling(stack, 'Scaling', {
    table: provisionedTable(stack, ['ByA']),
    policy: ScalingPolicy.custom({ read: BOUNDS, circuitBreaker: { url: 'https://status.example.com/ok' } }),
    indexPolicies: [{ indexName: 'ByA', policy: ScalingPolicy.recommended({ read: BOUNDS }) }],
  })).toThrow("DynamicScaling 'Scaling': indexPolicies[0].policy has no circuit breaker while policy has one (https://status.example.com/ok): "
    + "the scaler holds an index without its own breaker by its table's; give the index policy a circuit breaker too");
});

test('a conf\'s [global] circuit breaker guards the conf\'s own targets, written into them, not policy-wide', () => {
  const { stack } = newStack();
  const text = ['[global]', 'circuit-breaker-url: https://status.example.com/ok', ...UNITS, '[table: ^orders$]', 'min-provisioned-reads: 2'].join('\n');
  new DynamicScaling(stack, 'Scaling', {
    table: provisionedTable(stack),
    policy: ScalingPolicy.fromDynamicDynamoDbConfig(text, { tableName: 'orders' }),
  });
  const resource = Object.values(Template.fromStack(stack).findResources('Custom::DynamicScalingPolicy'))[0];
  const parts = resource.Properties.Policy['Fn::Join'][1] as unknown[];
  const json = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : 'orders')).join(''));
  expect(json.tables[0].policy.circuitBreaker).toEqual({ url: 'https://status.example.com/ok', timeoutMs: 10000 });
  expect(json.circuitBreaker).toBeUndefined();
});

test('recommended: bounds that are tokens must be known at synth time, echoed as the token', () => {
  const { stack } = newStack();
  const max = new CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber;
  expect(scale(ScalingPolicy.recommended({ read: { minCapacity: 1, maxCapacity: max } }), [], stack)).toThrow(
    `DynamicScaling 'Scaling': policy.read.maxCapacity (${Token.asString(max)}) must be known at synth time: the scaler's policy is checked when the app is synthesized`);
});
