/**
 * Step scaling arithmetic, pinned to Application Auto Scaling's documented examples, plus CDK's
 * interval rules and properties (fast-check).
 *
 * "User Guide": Application Auto Scaling User Guide, "Step scaling policies for Application Auto
 * Scaling", https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-step-scaling-policies.html
 * "API": Application Auto Scaling API Reference, StepAdjustment and StepScalingPolicyConfiguration,
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_StepAdjustment.html and
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_StepScalingPolicyConfiguration.html
 */
import * as fc from 'fast-check';
import {
  evaluateStepPolicy, roundPercentAdjustment, STEP_ADJUSTMENT_TYPES, StepAdjustmentType, stepAlarms, StepCheckInput, StepInterval,
  StepPolicy, StepScalingState, validateStepPolicy,
} from '../../../src/engine/core/step-scaling';
import { NOON } from '../builders';

const SEC = 1000;

function policy(p: Partial<StepPolicy> & Pick<StepPolicy, 'steps'>): StepPolicy {
  return { minCapacity: 1, maxCapacity: 40000, ...p };
}

function check(p: StepPolicy, utilization: number | number[], currentCapacity: number, state: StepScalingState = {}, nowMs = NOON) {
  return evaluateStepPolicy(p, { utilization: typeof utilization === 'number' ? [utilization] : utilization, currentCapacity, state, nowMs });
}

/**
 * User Guide, "Step adjustments": breach threshold 50 %, PercentChangeInCapacity, scale-out steps
 * [0, 10) 0, [10, 20) +10, [20, null) +30 and scale-in steps [-10, 0] 0, [-20, -10] -10,
 * [null, -20] -30 around it, "Metric value: -infinity 30% 40% 60% 70% infinity / -30% | -10% |
 * Unchanged | +10% | +30%". Written as CDK `scalingSteps` (absolute bounds, 0 = no change).
 */
const USER_GUIDE_PERCENT = policy({
  adjustmentType: 'PercentChangeInCapacity',
  steps: [
    { upper: 30, change: -30 },
    { lower: 30, upper: 40, change: -10 },
    { lower: 40, upper: 60, change: 0 },
    { lower: 60, upper: 70, change: 10 },
    { lower: 70, change: 30 },
  ],
});

describe('Application Auto Scaling documented examples', () => {
  test('User Guide "Step adjustments": 10 → 11 → 14 → 13 → 10', () => {
    // "If the metric value gets to 60, ... increases the desired capacity ... by 1, to 11 ... (add 10 percent of 10)."
    expect(check(USER_GUIDE_PERCENT, 60, 10).newCapacity).toBe(11);
    // "If the metric value rises to 70 ... increases the target capacity by 3, to 14 ... (add 30 percent of 11, 3.3, rounded down to 3)."
    expect(check(USER_GUIDE_PERCENT, 70, 11).newCapacity).toBe(14);
    // "If the metric value gets to 40, ... decreases the target capacity by 1, to 13 ... (remove 10 percent of 14, 1.4, rounded down to 1)."
    expect(check(USER_GUIDE_PERCENT, 40, 14).newCapacity).toBe(13);
    // "If the metric value falls to 30 ... decreases the target capacity by 3, to 10 ... (remove 30 percent of 13, 3.9, rounded down to 3)."
    expect(check(USER_GUIDE_PERCENT, 30, 13).newCapacity).toBe(10);
  });

  test.each([40.01, 50, 59.99])('User Guide "Step adjustments": capacity is maintained while the metric is greater than 40 and less than 60 (%d)', (u) => {
    const r = check(USER_GUIDE_PERCENT, u, 10);
    expect(r).toMatchObject({ scaleOutAlarm: false, scaleInAlarm: false });
    expect(r.newCapacity).toBeUndefined();
  });

  test('the User Guide example reads as plain sentences', () => {
    expect(check(USER_GUIDE_PERCENT, 70, 11).reasons).toEqual([
      'the scale-out alarm is in ALARM: 1 of the last 1 datapoints at or above 60%',
      'the average utilization 70% falls in step 5 (70% and above)',
      'PercentChangeInCapacity: +30% of 11 is +3.3 units, rounded to +3',
      'scale out from 11 to 14',
    ]);
  });

  /**
   * API, StepAdjustment: "suppose that you have an alarm with a breach threshold of 50: To
   * initiate the adjustment when the metric is greater than or equal to 50 and less than 60,
   * specify a lower bound of 0 and an upper bound of 10. To initiate the adjustment when the
   * metric is greater than 40 and less than or equal to 50, specify a lower bound of -10 and an
   * upper bound of 0." User Guide: "If the metric value is above the breach threshold, the lower
   * bound is inclusive and the upper bound is exclusive. If the metric value is below the breach
   * threshold, the lower bound is exclusive and the upper bound is inclusive."
   */
  const AROUND_50 = policy({
    steps: [
      { upper: 40, change: -2 },
      { lower: 40, upper: 50, change: -1 },
      { lower: 50, upper: 60, change: 1 },
      { lower: 60, change: 2 },
    ],
  });
  test.each([
    [39.99, -2], [40, -2], [40.01, -1], [49.99, -1],
    [50, 1], [59.99, 1], [60, 2], [500, 2],
  ])('API StepAdjustment bounds around a threshold of 50: at %d%% the change is %d', (u, change) => {
    expect(check(AROUND_50, u, 100).newCapacity).toBe(100 + change);
  });

  /**
   * User Guide, "Configure step scaling policies using the AWS CLI": threshold 70 %,
   * ChangeInCapacity, "Increase capacity by 1 when ... greater than or equal to 70 percent but
   * less than 85 percent", "by 2 ... 85 percent but less than 95 percent", "by 3 ... greater than
   * or equal to 95 percent" (MetricIntervalLowerBound 0/15/25).
   */
  const CLI_EXAMPLE = policy({
    steps: [{ lower: 70, upper: 85, change: 1 }, { lower: 85, upper: 95, change: 2 }, { lower: 95, change: 3 }],
    cooldownSeconds: 60,
  });
  test.each([[69.99, undefined], [70, 11], [84.99, 11], [85, 12], [94.99, 12], [95, 13], [180, 13]])(
    'User Guide CLI example (threshold 70): at %d%% a capacity of 10 becomes %s', (u, expected) => {
      expect(check(CLI_EXAMPLE, u, 10).newCapacity).toBe(expected);
    });

  test('the CLI example has a scale-out alarm at 70% and no scale-in alarm', () => {
    expect(stepAlarms(CLI_EXAMPLE)).toEqual({
      scaleOut: {
        threshold: 70,
        comparison: 'GreaterThanOrEqualToThreshold',
        steps: [
          { index: 0, lower: 70, upper: 85, change: 1 },
          { index: 1, lower: 85, upper: 95, change: 2 },
          { index: 2, lower: 95, upper: Infinity, change: 3 },
        ],
      },
    });
  });

  // User Guide, "Scaling adjustment types".
  const ONE_STEP_UP = (adjustmentType: StepAdjustmentType, change: number, extra: Partial<StepPolicy> = {}) =>
    policy({ adjustmentType, steps: [{ upper: 50, change: 0 }, { lower: 50, change }], ...extra });
  test.each([
    // "If the current capacity is 3 and the adjustment is 5, then Application Auto Scaling adds 5 to the capacity for a total of 8."
    ['ChangeInCapacity', 5, 3, 8],
    // "If the current capacity is 3 and the adjustment is 5, then Application Auto Scaling changes the capacity to 5."
    ['ExactCapacity', 5, 3, 5],
    // "If the current capacity is 10 and the adjustment is 10 percent, then Application Auto Scaling adds 1 to the capacity for a total of 11."
    ['PercentChangeInCapacity', 10, 10, 11],
  ] as const)('User Guide adjustment types: %s %d on %d gives %d', (type, change, current, expected) => {
    expect(check(ONE_STEP_UP(type, change), 80, current).newCapacity).toBe(expected);
  });

  // "Values greater than 1 are rounded down. For example, 12.7 is rounded to 12. Values between 0
  // and 1 are rounded to 1. For example, .67 is rounded to 1. Values between 0 and -1 are rounded
  // to -1. For example, -.58 is rounded to -1. Values less than -1 are rounded up. For example,
  // -6.67 is rounded to -6."
  test.each([[12.7, 12], [0.67, 1], [-0.58, -1], [-6.67, -6], [1, 1], [-1, -1], [0, 0], [3.3, 3], [-3.9, -3]])(
    'User Guide rounding of percent changes: %d → %d', (units, rounded) => {
      expect(roundPercentAdjustment(units)).toBe(rounded);
    });

  test.each([
    [127, 10, 139], // +12.7 units → +12
    [67, 1, 68], // +0.67 → +1
    [58, -1, 57], // -0.58 → -1
    [667, -1, 661], // -6.67 → -6
  ])('the rounding applies to capacity: %d with %d%% becomes %d', (current, change, expected) => {
    // One step with the change, the other side with change 0; 80 % or 20 % lands in the step.
    const steps = change > 0 ? [{ upper: 50, change: 0 }, { lower: 50, change }] : [{ upper: 50, change }, { lower: 50, change: 0 }];
    expect(check(policy({ adjustmentType: 'PercentChangeInCapacity', steps }), change > 0 ? 80 : 20, current).newCapacity).toBe(expected);
  });

  // "suppose that you create a policy that adds 25 percent and you specify a minimum amount of 2.
  // If the scalable target has a capacity of 4 ... 25 percent of 4 is 1. However, because you
  // specified a minimum increment of 2, Application Auto Scaling adds 2."
  test('User Guide MinAdjustmentMagnitude: +25% of 4 with a minimum of 2 adds 2', () => {
    const p = ONE_STEP_UP('PercentChangeInCapacity', 25, { minAdjustmentMagnitude: 2 });
    expect(check(p, 80, 4).newCapacity).toBe(6);
    expect(check(ONE_STEP_UP('PercentChangeInCapacity', 25), 80, 4).newCapacity).toBe(5);
    expect(check(p, 80, 40).newCapacity).toBe(50); // 10 units: above the minimum, unchanged
  });

  test('MinAdjustmentMagnitude applies to decreases too', () => {
    const p = policy({ adjustmentType: 'PercentChangeInCapacity', minAdjustmentMagnitude: 3, steps: [{ upper: 20, change: -10 }, { lower: 20, change: 0 }] });
    expect(check(p, 10, 10).newCapacity).toBe(7);
  });
});

describe('cooldowns (API, StepScalingPolicyConfiguration.Cooldown)', () => {
  // "when an alarm triggers a step scaling policy to increase the capacity by 2, the scaling
  // activity completes successfully, and a cooldown period starts. If the alarm triggers again
  // during the cooldown period but at a more aggressive step adjustment of 3, the previous
  // increase of 2 is considered part of the current capacity. Therefore, only 1 is added."
  const p = policy({
    cooldownSeconds: 300,
    steps: [{ upper: 50, change: -1 }, { lower: 50, upper: 70, change: 0 }, { lower: 70, upper: 90, change: 2 }, { lower: 90, change: 3 }],
  });

  test('a more aggressive step during a scale-out cooldown adds only what the first did not: +2, then +1', () => {
    const first = check(p, 80, 10, {}, NOON);
    expect(first.newCapacity).toBe(12);
    expect(first.state).toEqual({ scaleOutStartMs: NOON, scaleOutAddedUnits: 2 });
    const second = check(p, 95, 12, first.state, NOON + 60 * SEC);
    expect(second.newCapacity).toBe(13);
    expect(second.state).toEqual({ scaleOutStartMs: NOON, scaleOutAddedUnits: 3 });
    expect(second.reasons).toContain('scale-out cooldown (240 s left): the 2 units added since it started count, so the step goes from 10 to 13, 1 more');
  });

  test('"won\'t increase the desired capacity again unless either a larger scale out is triggered or the cooldown period ends"', () => {
    const state = { scaleOutStartMs: NOON, scaleOutAddedUnits: 2 };
    const same = check(p, 80, 12, state, NOON + 299 * SEC);
    expect(same.newCapacity).toBeUndefined();
    expect(same.state).toBe(state);
    expect(same.reasons[same.reasons.length - 1])
      .toBe('scale-out cooldown (1 s left): the 2 units added since it started cover this step (10 → 12), so the capacity stays at 12');
    const after = check(p, 80, 12, state, NOON + 300 * SEC);
    expect(after.newCapacity).toBe(14);
    expect(after.state).toEqual({ scaleOutStartMs: NOON + 300 * SEC, scaleOutAddedUnits: 2 });
  });

  test('a percent step during a scale-out cooldown is sized from the capacity before the units already added', () => {
    const pp = policy({ adjustmentType: 'PercentChangeInCapacity', steps: [{ upper: 70, change: 0 }, { lower: 70, upper: 90, change: 20 }, { lower: 90, change: 50 }] });
    const r = check(pp, 95, 120, { scaleOutStartMs: NOON, scaleOutAddedUnits: 20 }, NOON + 10 * SEC);
    expect(r.newCapacity).toBe(150); // 50 % of 100, not of 120
  });

  // "With scale-in policies ... scale-in activities are blocked until the cooldown period has
  // expired. However, if another alarm triggers a scale-out activity during the cooldown period
  // after a scale-in activity, Application Auto Scaling scales out the target immediately. In this
  // case, the cooldown period for the scale-in activity stops and doesn't complete."
  test('a scale-in waits for the scale-in cooldown', () => {
    const first = check(p, 10, 20, {}, NOON);
    expect(first.newCapacity).toBe(19);
    expect(first.state).toEqual({ lastScaleInMs: NOON });
    const blocked = check(p, 10, 19, first.state, NOON + 299 * SEC);
    expect(blocked.newCapacity).toBeUndefined();
    expect(blocked.reasons[blocked.reasons.length - 1]).toBe('scale-in cooldown (1 s left): the scale-in from 19 to 18 waits');
    expect(check(p, 10, 19, first.state, NOON + 300 * SEC).newCapacity).toBe(18);
  });

  test('a scale-out during a scale-in cooldown happens at once and ends that cooldown', () => {
    const r = check(p, 95, 19, { lastScaleInMs: NOON }, NOON + 10 * SEC);
    expect(r.newCapacity).toBe(22);
    expect(r.state).toEqual({ scaleOutStartMs: NOON + 10 * SEC, scaleOutAddedUnits: 3 });
    expect(r.reasons[r.reasons.length - 1]).toBe('scale out from 19 to 22, which ends the scale-in cooldown');
    expect(check(p, 10, 22, r.state, NOON + 20 * SEC).newCapacity).toBe(21);
  });

  test('a scale-out cooldown does not hold back a scale-in, which leaves that cooldown running, less the units it removed', () => {
    const r = check(p, 10, 12, { scaleOutStartMs: NOON, scaleOutAddedUnits: 2 }, NOON + SEC);
    expect(r.newCapacity).toBe(11);
    expect(r.state).toEqual({ scaleOutStartMs: NOON, scaleOutAddedUnits: 1, lastScaleInMs: NOON + SEC });
  });

  test('units a scale-in removed do not block the next scale-out (100 -> 110 -> 100, then +10 again)', () => {
    const c = policy({ steps: [{ upper: 30, change: -10 }, { lower: 30, upper: 70, change: 0 }, { lower: 70, change: 10 }], cooldownSeconds: 300 });
    const out = check(c, 90, 100, {}, NOON);
    expect(out.newCapacity).toBe(110);
    const back = check(c, 10, 110, out.state, NOON + 60 * SEC);
    expect(back.newCapacity).toBe(100);
    expect(check(c, 90, 100, back.state, NOON + 120 * SEC).newCapacity).toBe(110);
  });

  test('a relative scale-out step never lowers capacity, even above maxCapacity', () => {
    const c = policy({ steps: [{ upper: 30, change: -10 }, { lower: 30, upper: 70, change: 0 }, { lower: 70, change: 10 }], maxCapacity: 100 });
    const r = check(c, 90, 200, {}, NOON);
    expect(r.newCapacity).toBeUndefined();
    expect(r.reasons.at(-1)).toBe('the scale-out alarm does not move capacity the other way (200 → 100): the capacity stays at 200');
  });

  test('the cooldown defaults to 300 seconds, as Application Auto Scaling\'s', () => {
    const d = policy({ steps: [{ upper: 50, change: -1 }, { lower: 50, change: 0 }] });
    expect(check(d, 10, 10, { lastScaleInMs: NOON }, NOON + 299_999).newCapacity).toBeUndefined();
    expect(check(d, 10, 10, { lastScaleInMs: NOON }, NOON + 300_000).newCapacity).toBe(9);
  });

  test('a cooldown of 0 never holds a step back', () => {
    const z = policy({ cooldownSeconds: 0, steps: [{ upper: 50, change: -1 }, { lower: 50, change: 1 }] });
    expect(check(z, 10, 10, { lastScaleInMs: NOON }, NOON).newCapacity).toBe(9);
    expect(check(z, 90, 10, { scaleOutStartMs: NOON, scaleOutAddedUnits: 5 }, NOON).newCapacity).toBe(11);
  });
});

describe('alarms, datapoints and clamping', () => {
  const p = policy({
    minCapacity: 5,
    maxCapacity: 100,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    steps: [{ upper: 25, change: -2 }, { lower: 25, upper: 75, change: 0 }, { lower: 75, change: 4 }],
  });

  test.each([
    ['2 of 3 breaching', [90, 10, 80], true],
    ['1 of 3 breaching', [90, 10, 10], false],
    ['only the last 3 periods count', [90, 90, 50, 50, 90], false],
    ['the threshold itself breaches (GreaterThanOrEqualToThreshold)', [75, 75, 50], true],
    ['a missing datapoint does not breach', [90, NaN, 50], false],
  ])('the scale-out alarm with datapointsToAlarm 2 of 3: %s', (_what, utilization, alarm) => {
    expect(check(p, utilization, 50).scaleOutAlarm).toBe(alarm);
  });

  test('datapointsToAlarm defaults to evaluationPeriods', () => {
    const all = policy({ ...p, datapointsToAlarm: undefined });
    expect(check(all, [90, 90, 80], 50).newCapacity).toBe(54);
    expect(check(all, [90, 74, 80], 50).scaleOutAlarm).toBe(false);
  });

  test('the step is picked from the aggregate of the window (Average unless metricAggregation says)', () => {
    const steps: StepInterval[] = [
      { upper: 25, change: 0 }, { lower: 25, upper: 50, change: 1 }, { lower: 50, upper: 90, change: 2 }, { lower: 90, change: 3 },
    ];
    const window = [30, 60, 99];
    expect(check(policy({ evaluationPeriods: 3, steps }), window, 10).newCapacity).toBe(12); // average 63
    expect(check(policy({ evaluationPeriods: 3, steps, metricAggregation: 'Minimum' }), window, 10).newCapacity).toBe(11);
    expect(check(policy({ evaluationPeriods: 3, steps, metricAggregation: 'Maximum' }), window, 10).newCapacity).toBe(13);
  });

  test('an alarm in ALARM whose aggregate is below its threshold matches no step, as in AAS', () => {
    const r = check(p, [90, 90, 0], 50); // average 60: under 75
    expect(r.scaleOutAlarm).toBe(true);
    expect(r.step).toBeUndefined();
    expect(r.newCapacity).toBeUndefined();
    expect(r.reasons[r.reasons.length - 1]).toBe('the average utilization 60% of the window is not on the alarm\'s side of its threshold: no step applies');
  });

  test.each([
    ['on neither side: no step', [90, 90, 0, 0], undefined, undefined], // average 45
    ['at or above 75: the scale-out step', [200, 200, 0, 0], 'scale-out', 54], // average 100
    ['at or below 25: the scale-in step', [75, 75, 0, 0, 0, 0, 0], 'scale-in', 48], // average 21.4
  ])('both alarms in ALARM (2 datapoints each): an aggregate %s', (_what, window, alarm, expected) => {
    const r = check(policy({ ...p, evaluationPeriods: window.length }), window, 50);
    expect(r).toMatchObject({ scaleOutAlarm: true, scaleInAlarm: true });
    expect(r.step?.alarm).toBe(alarm);
    expect(r.newCapacity).toBe(expected);
  });

  test('at a threshold both alarms share, scale-out wins', () => {
    const shared = policy({ steps: [{ upper: 50, change: -1 }, { lower: 50, change: 1 }] });
    expect(check(shared, 50, 10)).toMatchObject({ scaleOutAlarm: true, scaleInAlarm: true, newCapacity: 11, step: { alarm: 'scale-out' } });
  });

  test('no datapoint in the window: no alarm', () => {
    const r = check(p, [], 50);
    expect(r).toMatchObject({ scaleOutAlarm: false, scaleInAlarm: false, state: {} });
    expect(r.newCapacity).toBeUndefined();
    expect(r.metricValue).toBeUndefined();
    expect(check(p, [NaN, NaN], 50).reasons).toEqual(['no alarm: none of the last 3 one-minute periods has a datapoint']);
  });

  test('the new capacity is clamped to [minCapacity, maxCapacity]', () => {
    const r = check(p, [90, 90, 90], 98);
    expect(r.newCapacity).toBe(100);
    expect(r.reasons).toContain('102 is clamped to maxCapacity (100)');
    expect(check(p, [0, 0, 0], 6).newCapacity).toBe(5);
    expect(check(p, [0, 0, 0], 5)).toMatchObject({ scaleInAlarm: true, step: { alarm: 'scale-in' } });
    expect(check(p, [0, 0, 0], 5).newCapacity).toBeUndefined();
    expect(check(p, [90, 90, 90], 100).reasons.slice(-2)).toEqual(['104 is clamped to maxCapacity (100)', 'the capacity stays at 100']);
  });

  test('ExactCapacity sets the step\'s capacity whichever way it goes, clamped', () => {
    const e = policy({
      adjustmentType: 'ExactCapacity',
      minCapacity: 5,
      maxCapacity: 500,
      steps: [{ upper: 20, change: 10 }, { lower: 20, upper: 50, change: 40 }, { lower: 50, upper: 80, change: 100 }, { lower: 80, change: 1000 }],
    });
    // CDK's placement without a range that changes nothing: the middle step, index 2.
    expect(stepAlarms(e)).toMatchObject({ scaleIn: { threshold: 50 }, scaleOut: { threshold: 50 } });
    expect(check(e, 30, 200)).toMatchObject({ newCapacity: 40, step: { alarm: 'scale-in', index: 1 } });
    expect(check(e, 60, 200)).toMatchObject({ newCapacity: 100, step: { alarm: 'scale-out', index: 2 } });
    expect(check(e, 95, 200).newCapacity).toBe(500);
    expect(check(e, 60, 200, { lastScaleInMs: NOON }, NOON + SEC).newCapacity).toBeUndefined();
  });

  test('the issue\'s example: 5 to 1000, -30% below 25%, +40% from 75%, +100% from 95%', () => {
    const issue = policy({
      minCapacity: 5,
      maxCapacity: 1000,
      adjustmentType: 'PercentChangeInCapacity',
      steps: [{ upper: 25, change: -30 }, { lower: 75, change: 40 }, { lower: 95, change: 100 }],
    });
    expect(validateStepPolicy('read.', issue)).toEqual([]);
    expect(check(issue, 80, 100).newCapacity).toBe(140);
    expect(check(issue, 95, 100).newCapacity).toBe(200);
    expect(check(issue, 25, 100).newCapacity).toBe(70);
    expect(check(issue, 50, 100).newCapacity).toBeUndefined();
    expect(check(issue, 99, 600).newCapacity).toBe(1000);
    expect(check(issue, 10, 6).newCapacity).toBe(5);
  });

  test('evaluateStepPolicy refuses an invalid policy', () => {
    expect(() => check(policy({ steps: [{ lower: 50, change: 1 }] }), 90, 10)).toThrow(/invalid step policy: scalingSteps \(1 step\) must have at least 2 steps/);
  });
});

describe('stepAlarms: CDK\'s intervals', () => {
  test('CDK\'s bounds propagation example: {upper 10: -2}, {upper 20: -1}, {lower 80: +1}, {lower 90: +2}', () => {
    const steps = [{ upper: 10, change: -2 }, { upper: 20, change: -1 }, { lower: 80, change: 1 }, { lower: 90, change: 2 }];
    expect(stepAlarms(policy({ steps }))).toEqual({
      scaleIn: {
        threshold: 20,
        comparison: 'LessThanOrEqualToThreshold',
        steps: [{ index: 0, lower: -Infinity, upper: 10, change: -2 }, { index: 1, lower: 10, upper: 20, change: -1 }],
      },
      scaleOut: {
        threshold: 80,
        comparison: 'GreaterThanOrEqualToThreshold',
        steps: [{ index: 2, lower: 80, upper: 90, change: 1 }, { index: 3, lower: 90, upper: Infinity, change: 2 }],
      },
    });
  });

  test('steps in any order, bounds taken from neighbours', () => {
    const a = stepAlarms(policy({ steps: [{ lower: 90, change: 2 }, { upper: 20, change: -1 }, { lower: 70, upper: 90, change: 1 }] }));
    expect(a.scaleIn).toMatchObject({ threshold: 20, steps: [{ index: 1 }] });
    expect(a.scaleOut).toMatchObject({ threshold: 70, steps: [{ index: 2 }, { index: 0 }] });
  });

  test('only increases: no scale-in alarm (CDK\'s incomplete-lower example)', () => {
    expect(stepAlarms(policy({ steps: [{ lower: 65, change: 2 }, { lower: 85, change: 3 }] }))).toEqual({
      scaleOut: {
        threshold: 65,
        comparison: 'GreaterThanOrEqualToThreshold',
        steps: [{ index: 0, lower: 65, upper: 85, change: 2 }, { index: 1, lower: 85, upper: Infinity, change: 3 }],
      },
    });
  });

  test('only decreases: no scale-out alarm', () => {
    expect(stepAlarms(policy({ steps: [{ upper: 10, change: -2 }, { upper: 30, change: -1 }] }))).toEqual({
      scaleIn: {
        threshold: 30,
        comparison: 'LessThanOrEqualToThreshold',
        steps: [{ index: 0, lower: -Infinity, upper: 10, change: -2 }, { index: 1, lower: 10, upper: 30, change: -1 }],
      },
    });
  });

  test('without a range that changes nothing the split is where changes turn positive (CDK would split at the middle step)', () => {
    const a = stepAlarms(policy({ steps: [{ upper: 30, change: -2 }, { lower: 30, upper: 60, change: -1 }, { lower: 60, change: 2 }] }));
    expect(a.scaleIn).toMatchObject({ threshold: 60, steps: [{ index: 0 }, { index: 1 }] });
    expect(a.scaleOut).toMatchObject({ threshold: 60, steps: [{ index: 2 }] });
  });

  test('throws on an invalid policy', () => {
    expect(() => stepAlarms(policy({ steps: [{ upper: 10, change: -1 }, { lower: 5, upper: 20, change: 2 }] }))).toThrow(/must not overlap/);
  });
});

describe('validateStepPolicy', () => {
  const valid: StepInterval[] = [{ upper: 25, change: -1 }, { lower: 75, change: 1 }];

  test('valid policies have no problems', () => {
    expect(validateStepPolicy('', USER_GUIDE_PERCENT)).toEqual([]);
    expect(validateStepPolicy('', policy({
      steps: valid,
      adjustmentType: 'PercentChangeInCapacity',
      minAdjustmentMagnitude: 1,
      cooldownSeconds: 0,
      evaluationPeriods: 1440,
      datapointsToAlarm: 1440,
      metricAggregation: 'Maximum',
    }))).toEqual([]);
    expect(validateStepPolicy('', policy({ adjustmentType: 'ExactCapacity', steps: [{ upper: 10, change: 0 }, { lower: 10, change: 5 }] }))).toEqual([]);
  });

  test('undefined values (tokens in the construct) are not checked', () => {
    expect(validateStepPolicy('', {})).toEqual([]);
  });

  test('the prefix reaches properties and the rules that name another property', () => {
    expect(validateStepPolicy('policy.read.', { minCapacity: 9, maxCapacity: 3, steps: [{ upper: 30, lower: 40, change: 1 }, { lower: 50, change: 1 }] })).toEqual([
      { property: 'policy.read.minCapacity', value: 9, rule: 'must be <= policy.read.maxCapacity (3)' },
      { property: 'policy.read.scalingSteps[0].lower', value: 40, rule: 'must be < policy.read.scalingSteps[0].upper (30)' },
    ]);
  });

  test('a problem formatted by the construct reads on its own', () => {
    const [p] = validateStepPolicy('policy.read.', policy({ steps: [{ upper: 20, change: -1 }, { lower: 40, upper: 60, change: 1 }, { lower: 80, change: 2 }] }));
    expect(`DynamicScaling 'Scaling': ${p.property} (${p.value}) ${p.rule}`).toBe(
      "DynamicScaling 'Scaling': policy.read.scalingSteps (no change in 20-40%, 60-80%) must leave at most one range without a change "
      + '(a gap between steps, or a step with change 0): it separates the scale-in steps from the scale-out steps; cover the other ranges with steps');
  });

  test.each<[string, Partial<StepPolicy>, { property: string; value: number | string; rule: string }]>([
    ['min > max', { minCapacity: 7, maxCapacity: 6 }, { property: 'minCapacity', value: 7, rule: 'must be <= maxCapacity (6)' }],
    ['min < 1', { minCapacity: 0 }, { property: 'minCapacity', value: 0, rule: 'must be >= 1' }],
    ['max over the quota', { maxCapacity: 40001 }, { property: 'maxCapacity', value: 40001, rule: "must be <= 40000 (DynamoDB's default per-table capacity quota)" }],
    ['a fractional min', { minCapacity: 1.5 }, { property: 'minCapacity', value: 1.5, rule: 'must be a whole number of capacity units' }],
    ['one step (CDK)', { steps: [{ lower: 80, change: 1 }] },
      { property: 'scalingSteps', value: '1 step', rule: "must have at least 2 steps (CDK's rule): add the range where nothing changes as a step with change 0, or a step for the other direction" }],
    ['no step', { steps: [] }, expect.objectContaining({ property: 'scalingSteps', value: '0 steps' })],
    ['41 steps (CDK)', { steps: Array.from({ length: 41 }, (_, i) => ({ lower: i, upper: i + 1, change: 1 })) },
      { property: 'scalingSteps', value: '41 steps', rule: "must have at most 40 steps (CDK's limit)" }],
    ['a step without bounds', { steps: [{ change: 1 }, ...valid] }, { property: 'scalingSteps[0]', value: '{"change":1}', rule: 'must set lower, upper or both' }],
    ['a negative bound', { steps: [{ upper: -5, change: -1 }, { lower: 75, change: 1 }] },
      { property: 'scalingSteps[0].upper', value: -5, rule: 'must be a number >= 0: bounds are utilization percent (consumed / provisioned × 100)' }],
    ['a NaN bound', { steps: [{ upper: NaN, change: -1 }, { lower: 75, change: 1 }] }, expect.objectContaining({ property: 'scalingSteps[0].upper', value: NaN })],
    ['lower >= upper', { steps: [{ lower: 50, upper: 50, change: 1 }, { upper: 10, change: -1 }] },
      { property: 'scalingSteps[0].lower', value: 50, rule: 'must be < scalingSteps[0].upper (50)' }],
    ['a step without a change', { steps: [{ upper: 25 } as StepInterval, { lower: 75, change: 1 }] },
      { property: 'scalingSteps[0].change', value: 'undefined', rule: 'must be a whole number (a step adjustment is an integer): every step needs a change, 0 where nothing should change' }],
    ['a fractional change', { steps: [{ upper: 25, change: -1.5 }, { lower: 75, change: 1 }] }, expect.objectContaining({ property: 'scalingSteps[0].change', value: '-1.5' })],
    ['a negative ExactCapacity', { adjustmentType: 'ExactCapacity', steps: [{ upper: 25, change: -1 }, { lower: 75, change: 10 }] },
      { property: 'scalingSteps[0].change', value: -1, rule: 'must be >= 0 with adjustmentType ExactCapacity: it is the capacity to set' }],
    ['a percent change under -100', { adjustmentType: 'PercentChangeInCapacity', steps: [{ upper: 25, change: -101 }, { lower: 75, change: 10 }] },
      { property: 'scalingSteps[0].change', value: -101, rule: 'must be >= -100 with adjustmentType PercentChangeInCapacity: a step cannot remove more than the whole capacity' }],
    ['an overlap', { steps: [{ lower: 0, upper: 30, change: -1 }, { lower: 20, change: 1 }] },
      { property: 'scalingSteps[1]', value: '{"lower":20,"change":1}', rule: 'must not overlap scalingSteps[0] ({"lower":0,"upper":30,"change":-1})' }],
    // CDK sorts {lower 20} before {upper 30}; then nothing says where the first ends ("Could not determine the lower and upper bounds").
    ['one step with only upper above one with only lower', { steps: [{ upper: 30, change: -1 }, { lower: 20, change: 1 }] },
      { property: 'scalingSteps[1].upper', value: 'undefined', rule: 'must be set, or scalingSteps[0].lower: no bound says where one ends and the other starts' }],
    ['an overlap made by a bound taken from a neighbour', { steps: [{ lower: 10, upper: 60, change: 1 }, { upper: 20, change: 2 }] },
      { property: 'scalingSteps[0]', value: '{"lower":10,"upper":60,"change":1}', rule: 'must not overlap scalingSteps[1] ({"upper":20,"change":2})' }],
    ['a boundary no step states', { steps: [{ lower: 0, change: -1 }, { upper: 80, change: 1 }] },
      { property: 'scalingSteps[0].upper', value: 'undefined', rule: 'must be set, or scalingSteps[1].lower: no bound says where one ends and the other starts' }],
    ['two gaps', { steps: [{ upper: 20, change: -1 }, { lower: 40, upper: 60, change: 1 }, { lower: 80, change: 2 }] },
      expect.objectContaining({ property: 'scalingSteps', value: 'no change in 20-40%, 60-80%' })],
    ['a gap and a step with change 0', { steps: [{ upper: 20, change: -1 }, { lower: 30, upper: 60, change: 0 }, { lower: 60, upper: 70, change: 1 }, { lower: 80, change: 2 }] },
      expect.objectContaining({ property: 'scalingSteps', value: 'no change in 20-60%, 70-80%' })],
    ['a gap below a step that starts above 0, and another', { steps: [{ lower: 10, upper: 20, change: -1 }, { lower: 50, change: 1 }] },
      expect.objectContaining({ property: 'scalingSteps', value: 'no change in 0-10%, 20-50%' })],
    ['an increase below the range without a change', { steps: [{ upper: 20, change: 1 }, { lower: 80, change: 2 }] },
      { property: 'scalingSteps[0].change', value: 1, rule: 'must be < 0 here: the step (0-20%) lies below the range without a change (20-80%); steps that increase must lie above it' }],
    ['a decrease above the range without a change', { steps: [{ upper: 20, change: -1 }, { lower: 80, change: -2 }] },
      { property: 'scalingSteps[1].change', value: -2, rule: 'must be > 0 here: the step (80% and above) lies above the range without a change (20-80%); steps that decrease must lie below it' }],
    ['a decrease above an increase', { steps: [{ upper: 20, change: 1 }, { lower: 20, change: -1 }] },
      { property: 'scalingSteps[1].change', value: -1, rule: 'must be > 0 here: the step (20% and above) lies above scalingSteps[0], which increases; steps that decrease must lie below it' }],
    ['21 scale-out steps (AAS quota)', { steps: [{ upper: 10, change: 0 }, ...Array.from({ length: 21 }, (_, i) => ({ lower: 10 + i, ...(i < 20 ? { upper: 11 + i } : {}), change: 1 }))] },
      { property: 'scalingSteps', value: '21 scale-out steps', rule: "must have at most 20 scale-out steps (Application Auto Scaling's quota of step adjustments per step scaling policy)" }],
    ['an unknown adjustment type', { adjustmentType: 'Exact' as StepAdjustmentType },
      { property: 'adjustmentType', value: 'Exact', rule: 'must be ChangeInCapacity, PercentChangeInCapacity or ExactCapacity' }],
    ['minAdjustmentMagnitude without PercentChangeInCapacity', { minAdjustmentMagnitude: 2 },
      { property: 'minAdjustmentMagnitude', value: 2, rule: 'applies only with adjustmentType PercentChangeInCapacity (it is ChangeInCapacity, the default): remove it or change the adjustment type' }],
    ['minAdjustmentMagnitude 0', { adjustmentType: 'PercentChangeInCapacity', minAdjustmentMagnitude: 0 },
      { property: 'minAdjustmentMagnitude', value: 0, rule: 'must be a whole number >= 1 (capacity units)' }],
    ['a negative cooldown', { cooldownSeconds: -5 }, { property: 'cooldown', value: '-5 seconds', rule: 'must be a whole number of seconds >= 0' }],
    ['evaluationPeriods 0', { evaluationPeriods: 0 },
      { property: 'evaluationPeriods', value: 0, rule: 'must be a whole number from 1 to 1440 (CloudWatch evaluates at most one day of one-minute periods)' }],
    ['evaluationPeriods over a day', { evaluationPeriods: 1441 }, expect.objectContaining({ property: 'evaluationPeriods', value: 1441 })],
    ['datapointsToAlarm without evaluationPeriods (CDK)', { datapointsToAlarm: 1 },
      { property: 'datapointsToAlarm', value: 1, rule: 'needs evaluationPeriods: set it too (the N of "M out of N")' }],
    ['datapointsToAlarm 0', { evaluationPeriods: 3, datapointsToAlarm: 0 }, { property: 'datapointsToAlarm', value: 0, rule: 'must be a whole number >= 1' }],
    ['datapointsToAlarm > evaluationPeriods', { evaluationPeriods: 3, datapointsToAlarm: 4 }, { property: 'datapointsToAlarm', value: 4, rule: 'must be <= evaluationPeriods (3)' }],
    ['an unknown aggregation', { metricAggregation: 'Sum' as 'Average' }, { property: 'metricAggregationType', value: 'Sum', rule: 'must be Average, Minimum or Maximum' }],
  ])('%s', (_what, change, problem) => {
    expect(validateStepPolicy('', { steps: valid, ...change })).toEqual([problem]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

interface Generated { policy: StepPolicy; current: number }

/**
 * Valid policies: cut points split [0, ∞) into steps; at most one range without a change (a step
 * with change 0, or a missing step: a gap); decreases below it and increases above it for the
 * relative types; each boundary stated by the step on its left, its right or both.
 */
const policyArb: fc.Arbitrary<Generated> = fc.record({
  type: fc.constantFrom(...STEP_ADJUSTMENT_TYPES),
  cuts: fc.uniqueArray(fc.integer({ min: 1, max: 199 }), { minLength: 1, maxLength: 7 }).map((c) => [...c].sort((a, b) => a - b)),
  seed: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 24, maxLength: 24 }),
  // Small capacities too: that is where percent changes round (0.5 units is 1).
  min: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 100 })),
  span: fc.integer({ min: 0, max: 2000 }),
  current: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 3000 })),
  magnitude: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
  cooldown: fc.constantFrom(undefined, 0, 60, 300),
  periods: fc.integer({ min: 1, max: 5 }),
  aggregation: fc.constantFrom(undefined, 'Average' as const, 'Minimum' as const, 'Maximum' as const),
}).map((r) => {
  const edges = [0, ...r.cuts, Infinity];
  const n = edges.length - 1;
  const pick = (i: number, m: number) => r.seed[i % r.seed.length] % m;
  // For the relative types: `split` steps decrease, the rest increase, and `band` (if any) changes nothing.
  const band = pick(0, n + 1) - 1; // -1: none
  const split = band >= 0 ? band : pick(1, n + 1);
  const gapInsteadOfZero = n > 2 && pick(2, 2) === 0;
  const changes = edges.slice(0, n).map((_, i) => {
    if (r.type === 'ExactCapacity') return pick(3 + i, 600);
    if (i === band) return 0;
    const size = 1 + pick(3 + i, r.type === 'PercentChangeInCapacity' ? 100 : 50);
    return i < split ? -size : size;
  });
  // The range without a change as a gap: the band's step left out (any step with ExactCapacity).
  const omitted = !gapInsteadOfZero ? -1 : r.type === 'ExactCapacity' ? pick(11, n) : band;
  const present = edges.slice(0, n).map((_, i) => i !== omitted);
  const steps: StepInterval[] = [];
  for (let i = 0; i < n; i++) {
    if (!present[i]) continue;
    // Boundaries next to a gap are stated on both sides; others by the left, the right or both.
    const who = (b: number) => (b > 0 && b < n && present[b - 1] && present[b] ? pick(12 + b, 3) : 2); // 0 left, 1 right, 2 both
    const upperStated = i < n - 1 && who(i + 1) !== 1;
    const lowerStated = (i === 0 ? pick(20, 2) === 0 : who(i) !== 0) || !upperStated;
    steps.push({
      ...(lowerStated ? { lower: edges[i] } : {}),
      ...(upperStated ? { upper: edges[i + 1] } : {}),
      change: changes[i],
    });
  }
  const turn = pick(21, steps.length); // any order
  const p: StepPolicy = {
    minCapacity: r.min,
    maxCapacity: r.min + r.span,
    steps: [...steps.slice(turn), ...steps.slice(0, turn)],
    adjustmentType: r.type,
    ...(r.type === 'PercentChangeInCapacity' && r.magnitude !== undefined ? { minAdjustmentMagnitude: r.magnitude } : {}),
    ...(r.cooldown !== undefined ? { cooldownSeconds: r.cooldown } : {}),
    evaluationPeriods: r.periods,
    datapointsToAlarm: 1 + pick(23, r.periods),
    ...(r.aggregation ? { metricAggregation: r.aggregation } : {}),
  };
  return { policy: p, current: r.current };
});

const utilizationArb = fc.array(fc.oneof(fc.double({ min: 0, max: 250, noNaN: true }), fc.integer({ min: 0, max: 250 })), { maxLength: 6 });

const stateArb: fc.Arbitrary<StepScalingState> = fc.record({
  scaleOutStartMs: fc.option(fc.integer({ min: NOON - 900 * SEC, max: NOON }), { nil: undefined }),
  scaleOutAddedUnits: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
  lastScaleInMs: fc.option(fc.integer({ min: NOON - 900 * SEC, max: NOON }), { nil: undefined }),
}, { requiredKeys: [] });

function input(utilization: number[], currentCapacity: number, state: StepScalingState = {}): StepCheckInput {
  return { utilization, currentCapacity, state, nowMs: NOON };
}

describe('step scaling properties', () => {
  test('generated policies are valid', () => {
    fc.assert(fc.property(policyArb, ({ policy: p }) => {
      expect(validateStepPolicy('', p)).toEqual([]);
    }));
  });

  test('the new capacity is always within [minCapacity, maxCapacity], and differs from the current one', () => {
    fc.assert(fc.property(policyArb, utilizationArb, stateArb, ({ policy: p, current }, u, state) => {
      const r = evaluateStepPolicy(p, input(u, current, state));
      if (r.newCapacity !== undefined) {
        expect(r.newCapacity).toBeGreaterThanOrEqual(p.minCapacity);
        expect(r.newCapacity).toBeLessThanOrEqual(p.maxCapacity);
        expect(r.newCapacity).not.toBe(current);
        expect(Number.isInteger(r.newCapacity)).toBe(true);
      } else {
        expect(r.state).toBe(state);
      }
    }));
  });

  test('ExactCapacity gives exactly the step\'s change, clamped', () => {
    fc.assert(fc.property(policyArb, utilizationArb, ({ policy: generated, current }, u) => {
      const p = { ...generated, adjustmentType: 'ExactCapacity' as const, minAdjustmentMagnitude: undefined, steps: generated.steps.map((s) => ({ ...s, change: Math.abs(s.change) })) };
      fc.pre(validateStepPolicy('', p).length === 0);
      const r = evaluateStepPolicy(p, input(u, current));
      fc.pre(r.step !== undefined);
      const exact = Math.min(p.maxCapacity, Math.max(p.minCapacity, r.step!.change));
      expect(r.newCapacity).toBe(exact === current ? undefined : exact);
    }));
  });

  test('no alarm and no change while every datapoint is inside the range between the two thresholds', () => {
    const fractionsArb = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 6 });
    fc.assert(fc.property(policyArb, fractionsArb, stateArb,
      ({ policy: p, current }, fractions, state) => {
        const alarms = stepAlarms(p);
        const lo = alarms.scaleIn?.threshold ?? -1;
        const hi = alarms.scaleOut?.threshold ?? lo + 1000;
        fc.pre(hi - lo > 1e-6);
        const u = fractions.map((f) => lo + (hi - lo) * (0.5 + f) / 2); // strictly inside (lo, hi)
        fc.pre(u.every((v) => v > lo && v < hi && v >= 0));
        const r = evaluateStepPolicy(p, input(u, current, state));
        expect(r).toMatchObject({ scaleOutAlarm: false, scaleInAlarm: false });
        expect(r.newCapacity).toBeUndefined();
        expect(r.state).toBe(state);
      }));
  });

  test('a percent step changes the capacity by at least 1 unit unless the capacity is already at the bound', () => {
    fc.assert(fc.property(policyArb, utilizationArb, ({ policy: generated, current }, u) => {
      fc.pre(generated.adjustmentType === 'PercentChangeInCapacity');
      const p = generated;
      const capacity = Math.min(p.maxCapacity, Math.max(p.minCapacity, current));
      const r = evaluateStepPolicy(p, input(u, capacity));
      fc.pre(r.step !== undefined);
      const atBound = r.step!.change > 0 ? capacity === p.maxCapacity : capacity === p.minCapacity;
      if (atBound) {
        expect(r.newCapacity).toBeUndefined();
      } else {
        expect(r.newCapacity).toBeDefined();
        const room = r.step!.change > 0 ? p.maxCapacity - capacity : capacity - p.minCapacity;
        expect(Math.abs(r.newCapacity! - capacity)).toBeGreaterThanOrEqual(Math.min(p.minAdjustmentMagnitude ?? 1, room));
        expect(Math.sign(r.newCapacity! - capacity)).toBe(Math.sign(r.step!.change));
      }
    }), { numRuns: 400 });
  });

  test('a step never goes against its alarm with the relative types', () => {
    fc.assert(fc.property(policyArb, utilizationArb, stateArb, ({ policy: p, current }, u, state) => {
      fc.pre(p.adjustmentType !== 'ExactCapacity');
      const capacity = Math.min(p.maxCapacity, Math.max(p.minCapacity, current));
      const r = evaluateStepPolicy(p, input(u, capacity, state));
      if (r.newCapacity !== undefined) expect(r.newCapacity > capacity).toBe(r.step!.alarm === 'scale-out');
    }));
  });

  test('the state survives JSON and the evaluation is a function of its input', () => {
    fc.assert(fc.property(policyArb, utilizationArb, stateArb, ({ policy: p, current }, u, state) => {
      const a = evaluateStepPolicy(p, input(u, current, state));
      const b = evaluateStepPolicy(JSON.parse(JSON.stringify(p)), input([...u], current, JSON.parse(JSON.stringify(state))));
      expect(b).toEqual(a);
      expect(JSON.parse(JSON.stringify(a.state))).toEqual(a.state);
    }));
  });
});
