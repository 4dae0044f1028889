import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyze, hasErrors, type ModelIR, type Schema } from '../../dsl/index.ts';
import type { Session } from '../../engine/session.ts';
import { openScratchSession, type ScratchSession } from '../helpers/scratch-session.ts';
import { evaluateReference } from './arquero-evaluator.ts';
import { addDays, daysBetween, shiftBack } from './dates.ts';
import { roundHalfAwayFromZero } from './values.ts';

// Tiny hand-made inputs; every expected value below is worked out by hand from DESIGN.md §3.

const schema: Schema = {
  tables: [
    { name: 'ents', columns: [{ name: 'id', type: 'number' }, { name: 'n', type: 'number' }, { name: 'd', type: 'date' }] },
    { name: 'ev', columns: [{ name: 'id', type: 'number' }, { name: 't', type: 'date' }, { name: 'v', type: 'number' }, { name: 'c', type: 'text' }] },
    { name: 'tv', columns: [{ name: 'id', type: 'number' }, { name: 'ts', type: 'timestamp' }, { name: 'v', type: 'number' }] },
  ],
};

function model(body: string): ModelIR {
  const text = `entity e = ents key id\nsource a = ev time t\nsource b = tv time ts\n${body}`;
  const analysis = analyze(text, schema);
  if (hasErrors(analysis.diagnostics) || !analysis.model) throw new Error(`${text}\n${JSON.stringify(analysis.diagnostics, null, 2)}`);
  return analysis.model;
}

type Rows = Record<string, unknown>[];
function run(body: string, asof: string, data: { ents?: Rows; ev?: Rows; tv?: Rows }): Record<string, unknown>[] {
  return evaluateReference(model(body), { ents: data.ents ?? [{ id: 1, n: 1, d: null }], ev: data.ev ?? [], tv: data.tv ?? [] }, asof);
}

/** The single entity row's value of `column`. */
function one(body: string, asof: string, data: { ents?: Rows; ev?: Rows; tv?: Rows }, column: string): unknown {
  const rows = run(body, asof, data);
  expect(rows).toHaveLength(1);
  return rows[0]![column];
}

describe('calendar arithmetic', () => {
  test('days, weeks, and month and year shifts that clamp to the end of the month', () => {
    expect(shiftBack('2025-06-30', 30, 'day')).toBe('2025-05-31');
    expect(shiftBack('2025-03-01', 1, 'day')).toBe('2025-02-28');
    expect(shiftBack('2024-03-01', 1, 'day')).toBe('2024-02-29');
    expect(shiftBack('2025-01-07', 2, 'week')).toBe('2024-12-24');
    expect(shiftBack('2025-03-31', 1, 'month')).toBe('2025-02-28');
    expect(shiftBack('2024-03-31', 1, 'month')).toBe('2024-02-29');
    expect(shiftBack('2025-01-31', 2, 'month')).toBe('2024-11-30');
    expect(shiftBack('2025-05-15', 13, 'month')).toBe('2024-04-15');
    expect(shiftBack('2024-02-29', 1, 'year')).toBe('2023-02-28');
    expect(shiftBack('2024-02-29', 4, 'year')).toBe('2020-02-29');
  });

  test('day counts across leap days and far from 1970', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1);
    expect(daysBetween('1970-01-01', '2000-03-01')).toBe(11_017);
    expect(daysBetween('2025-06-30', '1969-12-31')).toBe(-20_270);
    expect(addDays('1899-12-31', 1)).toBe('1900-01-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
  });
});

describe('visibility and windows', () => {
  const ev = [
    { id: 1, t: '2025-05-31', v: 1, c: 'x' }, // asof − 30 days: outside `last 30 days`
    { id: 1, t: '2025-06-01', v: 2, c: 'x' }, // asof − 29 days: inside
    { id: 1, t: '2025-06-30', v: 4, c: 'x' }, // asof itself: inside
    { id: 1, t: '2025-07-01', v: 8, c: 'x' }, // after asof: invisible to everything
    { id: 1, t: null, v: 16, c: 'x' }, // no time: invisible
    { id: 2, t: '2025-06-15', v: 32, c: 'x' }, // another entity's row
  ];

  test('`last 30 days` is (asof − 30, asof]; rows after asof or without a time are invisible', () => {
    expect(one('measure m = count(a during last 30 days)', '2025-06-30', { ev }, 'm')).toBe(2);
    expect(one('measure m = sum(a.v during last 30 days)', '2025-06-30', { ev }, 'm')).toBe(6);
    expect(one('measure m = count(a)', '2025-06-30', { ev }, 'm')).toBe(3);
    expect(one('measure m = max(a.v)', '2025-06-30', { ev }, 'm')).toBe(4);
  });

  test('`N to M days ago` is (asof − N, asof − M]', () => {
    expect(one('measure m = sum(a.v during 30 to 1 days ago)', '2025-06-30', { ev }, 'm')).toBe(2);
    expect(one('measure m = sum(a.v during 31 to 29 days ago)', '2025-06-30', { ev }, 'm')).toBe(3);
  });

  test('a timestamp is visible by its UTC calendar date', () => {
    const tv = [
      { id: 1, ts: '2025-06-30T23:59:59.999Z', v: 1 },
      { id: 1, ts: '2025-07-01T00:00:00.000Z', v: 2 },
      { id: 1, ts: '2025-05-31T23:59:59.999Z', v: 4 },
      { id: 1, ts: '2025-06-01T00:00:00.000Z', v: 8 },
    ];
    expect(one('measure m = sum(b.v)', '2025-06-30', { tv }, 'm')).toBe(13);
    expect(one('measure m = sum(b.v during last 30 days)', '2025-06-30', { tv }, 'm')).toBe(9);
  });

  test('month windows clamp to the end of the month', () => {
    const rows = [
      { id: 1, t: '2025-01-31', v: 1, c: 'x' },
      { id: 1, t: '2025-02-28', v: 2, c: 'x' },
      { id: 1, t: '2025-03-01', v: 4, c: 'x' },
      { id: 1, t: '2025-03-31', v: 8, c: 'x' },
    ];
    // As of 2025-03-31, `last 1 month` is the dates after 2025-02-28.
    expect(one('measure m = sum(a.v during last 1 month)', '2025-03-31', { ev: rows }, 'm')).toBe(12);
    // `2 to 1 months ago` is (2025-01-31, 2025-02-28].
    expect(one('measure m = sum(a.v during 2 to 1 months ago)', '2025-03-31', { ev: rows }, 'm')).toBe(2);
    const leap = [{ id: 1, t: '2023-02-28', v: 1, c: 'x' }, { id: 1, t: '2023-03-01', v: 2, c: 'x' }];
    // As of 2024-02-29, `last 1 year` is the dates after 2023-02-28.
    expect(one('measure m = sum(a.v during last 1 year)', '2024-02-29', { ev: leap }, 'm')).toBe(2);
  });

  test('count is 0 and the other aggregates null without rows; entity rows come out ordered by key', () => {
    const rows = run('measure k = count(a)\nmeasure s = sum(a.v)\nmeasure u = count distinct a.c', '2025-06-30', {
      ents: [{ id: 3, n: 0, d: null }, { id: 1, n: 0, d: null }],
      ev: [{ id: 1, t: '2025-06-01', v: null, c: null }, { id: 9, t: '2025-06-01', v: 5, c: 'q' }],
    });
    expect(rows).toEqual([
      { id: 1, n: 0, d: null, k: 1, s: null, u: 0 },
      { id: 3, n: 0, d: null, k: 0, s: null, u: 0 },
    ]);
  });

  test('an entity row with a null key comes last, like SQL ORDER BY, and matches no source row', () => {
    const rows = run('measure k = count(a)', '2025-06-30', {
      ents: [{ id: null, n: 0, d: null }, { id: 2, n: 0, d: null }],
      ev: [{ id: null, t: '2025-06-01', v: 1, c: null }, { id: 2, t: '2025-06-01', v: 1, c: null }],
    });
    expect(rows.map((row) => [row.id, row.k])).toEqual([[2, 1], [null, 0]]);
  });

  test('avg, median, min and max skip nulls; median of an even count is the mean of the middle two', () => {
    const rows = [3, null, 1, 10, 4].map((v, i) => ({ id: 1, t: `2025-06-0${i + 1}`, v, c: ['b', null, 'B', 'ab', 'a'][i] }));
    expect(one('measure m = avg(a.v)', '2025-06-30', { ev: rows }, 'm')).toBe(4.5);
    expect(one('measure m = median(a.v)', '2025-06-30', { ev: rows }, 'm')).toBe(3.5);
    expect(one('measure m = min(a.c)', '2025-06-30', { ev: rows }, 'm')).toBe('B');
    expect(one('measure m = max(a.c)', '2025-06-30', { ev: rows }, 'm')).toBe('b');
    expect(one('measure m = max(a.t)', '2025-06-30', { ev: rows }, 'm')).toBe('2025-06-05');
    expect(one('measure m = count distinct a.c where v > 2', '2025-06-30', { ev: rows }, 'm')).toBe(3);
  });
});

describe('latest and first', () => {
  const ev = [
    { id: 1, t: '2025-06-01', v: 5, c: 'x' },
    { id: 1, t: '2025-06-10', v: 7, c: 'x' },
    { id: 1, t: '2025-06-10', v: 3, c: 'y' },
    { id: 1, t: '2025-06-20', v: null, c: 'y' },
    { id: 1, t: '2025-06-01', v: 9, c: 'x' },
  ];

  test('ties in time go to the greatest value for latest and the least for first; null values are skipped', () => {
    expect(one('measure m = latest a.v', '2025-06-30', { ev }, 'm')).toBe(7);
    expect(one('measure m = first a.v', '2025-06-30', { ev }, 'm')).toBe(5);
    expect(one('measure m = latest a.c', '2025-06-30', { ev }, 'm')).toBe('y');
    expect(one('measure m = latest a.v where c = \'x\'', '2025-06-30', { ev }, 'm')).toBe(7);
    expect(one('measure m = first a.v where v > 5', '2025-06-30', { ev }, 'm')).toBe(9);
  });

  test('timestamps are ordered at full precision', () => {
    const tv = [
      { id: 1, ts: '2025-06-01T10:00:00.001Z', v: 1 },
      { id: 1, ts: '2025-06-01T10:00:00.000Z', v: 2 },
    ];
    expect(one('measure m = latest b.v', '2025-06-30', { tv }, 'm')).toBe(1);
    expect(one('measure m = first b.v', '2025-06-30', { tv }, 'm')).toBe(2);
  });
});

describe('scores', () => {
  // Component `a` is null (no rows), `b` is 80, and `c` is 150 clamped to 100.
  const body = (missing: string) => `
    measure none = max(a.v)
    score s {
      a weight 1 = none
      b weight 3 = 80
      c weight 0 = 150
      missing ${missing}
      grades { hi >= 70, mid >= 50, lo }
    }
    segment good = s.grade = 'hi'`;

  test('reweight drops the null component', () => {
    const [row] = run(body('reweight'), '2025-06-30', {});
    expect(row).toMatchObject({ s: 80, s_grade: 'hi', s_a: null, s_a_contrib: 0, s_b: 80, s_b_contrib: 80, s_c: 100, s_c_contrib: 0, good: true });
  });

  test('zero counts the null component as 0', () => {
    const [row] = run(body('zero'), '2025-06-30', {});
    expect(row).toMatchObject({ s: 60, s_grade: 'mid', s_a: null, s_a_contrib: 0, s_b_contrib: 60, s_c: 100, good: false });
  });

  test('null makes the score, its grade and its contributions null', () => {
    const [row] = run(body('null'), '2025-06-30', {});
    expect(row).toMatchObject({ s: null, s_grade: null, s_a: null, s_a_contrib: null, s_b: 80, s_b_contrib: null, good: false });
  });

  test('scores are rounded to 6 decimals; all-zero weights give null; no default grade gives null', () => {
    const [row] = run(`score s {
        a weight 1 = 100
        b weight 2 = 0
        grades { top >= 50 }
      }
      score z { a weight 0 = 100 }`, '2025-06-30', {});
    expect(row).toMatchObject({ s: 33.333333, s_grade: null, s_a_contrib: 33.333333, s_b_contrib: 0, z: null, z_a: 100, z_a_contrib: null });
  });

  test('a band gives missing for null, the first matching arm, or else', () => {
    const ents = [{ id: 1, n: null, d: null }, { id: 2, n: 5, d: null }, { id: 3, n: 1, d: null }, { id: 4, n: -1, d: null }];
    const rows = run('measure m = band n { >= 5: 100, >= 0: 50, missing: 7 }\nmeasure k = band n { >= 5: 1, else: 2 }', '2025-06-30', { ents });
    expect(rows.map((row) => [row.m, row.k])).toEqual([[7, null], [100, 1], [50, 2], [null, 2]]);
  });
});

describe('three-valued logic and functions', () => {
  const ents = [{ id: 1, n: null, d: null }, { id: 2, n: 0, d: '2025-07-10' }, { id: 3, n: 2, d: '2025-06-20' }];
  const values = (body: string, column = 'm') => run(body, '2025-06-30', { ents }).map((row) => row[column]);

  test('and, or, not with null', () => {
    expect(values('measure m = n > 1 and false')).toEqual([false, false, false]);
    expect(values('measure m = n > 1 and true')).toEqual([null, false, true]);
    expect(values('measure m = n > 1 or true')).toEqual([true, true, true]);
    expect(values('measure m = n > 1 or false')).toEqual([null, false, true]);
    expect(values('measure m = not (n > 1)')).toEqual([null, true, false]);
    expect(values('measure m = n is null')).toEqual([true, false, false]);
    expect(values('measure m = n is not null')).toEqual([false, true, true]);
  });

  test('in, not in and between with null', () => {
    expect(values('measure m = n in (2, null)')).toEqual([null, null, true]);
    expect(values('measure m = n not in (2, null)')).toEqual([null, null, false]);
    expect(values('measure m = n in (0, 3)')).toEqual([null, true, false]);
    expect(values('measure m = n between 1 and null')).toEqual([null, false, null]);
    expect(values('measure m = n not between 0 and 1')).toEqual([null, false, true]);
  });

  test('segments read null as false', () => {
    expect(values('segment g = n > 1', 'g')).toEqual([false, false, true]);
  });

  test('arithmetic, division by zero and functions', () => {
    expect(values('measure m = 10 / n')).toEqual([null, null, 5]);
    expect(values('measure m = n - 3 * 2')).toEqual([null, -6, -4]);
    expect(values('measure m = coalesce(n, 9)')).toEqual([9, 0, 2]);
    expect(values('measure m = clamp(n, 1, 100)')).toEqual([null, 1, 2]);
    expect(values('measure m = least(n, 1)')).toEqual([null, 0, 1]);
    expect(values('measure m = greatest(n, 1)')).toEqual([null, 1, 2]);
    expect(values('measure m = abs(n - 1)')).toEqual([null, 1, 1]);
    expect(values('measure m = days_until(d)')).toEqual([null, 10, -10]);
    expect(values('measure m = days_since(d)')).toEqual([null, -10, 10]);
    expect(values('measure m = days_between(d, asof)')).toEqual([null, -10, 10]);
    expect(values('measure m = d > asof')).toEqual([null, true, false]);
    expect(values('measure m = greatest(d, 2025-07-01)')).toEqual([null, '2025-07-10', '2025-07-01']);
  });

  test('a timestamp compared with a date is compared by its calendar date', () => {
    const tv = [{ id: 1, ts: '2025-06-30T18:00:00.000Z', v: 1 }];
    expect(one('measure m = count(b where ts = asof)', '2025-06-30', { tv }, 'm')).toBe(1);
    expect(one('measure m = latest b.ts', '2025-06-30', { tv }, 'm')).toBe('2025-06-30T18:00:00.000Z');
    expect(one('measure m = days_since(latest b.ts)', '2025-07-02', { tv }, 'm')).toBe(2);
  });
});

describe('round', () => {
  const cases: [number, number][] = [[2.5, 0], [-2.5, 0], [0.5, 0], [-0.5, 0], [1.5, 0], [0.125, 2], [-0.125, 2], [1.005, 2], [2.675, 2],
    [15, -1], [-15, -1], [149.99, -2], [1234.5678, 3], [0.000_000_5, 6], [7, 0]];

  test('half away from zero on the double value', () => {
    expect(roundHalfAwayFromZero(2.5)).toBe(3);
    expect(roundHalfAwayFromZero(-2.5)).toBe(-3);
    expect(roundHalfAwayFromZero(0.125, 2)).toBe(0.13);
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1);
    expect(roundHalfAwayFromZero(-15, -1)).toBe(-20);
  });

  let session: Session;
  let scratch: ScratchSession | undefined;
  beforeAll(async () => {
    scratch = await openScratchSession();
    session = scratch.session;
  });
  afterAll(async () => {
    await scratch?.close();
  });

  test("agrees with DuckDB's round on DOUBLE", async () => {
    const select = cases.map(([x, d], i) => `round(CAST(${x} AS DOUBLE), ${d}) AS "r${i}"`).join(', ');
    const result = await session.query(`SELECT ${select}`);
    const duckdb = result.data.map((column) => column[0]);
    expect(cases.map(([x, d]) => roundHalfAwayFromZero(x, d))).toEqual(duckdb);
  });
});
