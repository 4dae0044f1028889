/**
 * SQL injection through the rules language: every place where text from a rules file or from
 * the data's own table and column names reaches the compiled SQL — measure, score, component,
 * grade, segment and source names (in backticks), string literals (in expressions, band arms
 * and `in` lists), labels, and the table and column names that `entity` and `source` declare.
 *
 * The check, for each place: compile a model with benign text (unique tokens such as `zx01zx`)
 * and the same model with hostile text, and let DuckDB parse both (`json_serialize_sql`). The
 * two parse trees must be identical node for node, except that each benign token inside an
 * identifier or a constant is replaced by the hostile text, exactly. So the hostile text cannot
 * have added, removed or reshaped anything — no second statement, no extra clause, no changed
 * operator — and DuckDB read each piece back as the very text that was written. Then the
 * hostile SQL is run: every table is still there with its rows, and the texts come back
 * exactly (a string with a quote compares equal to the original text in the data).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, type Schema } from '../../dsl/index.ts';
import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import { Session } from '../../engine/session.ts';
import { rowsOf } from '../helpers/rows.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const ASOF = '2025-06-30';

/** Text meant to break out of a string literal, in every way we could think of (no NUL, no line break: the lexer refuses those). */
const stringPayloads = [
  "'; DROP TABLE victim; --",
  "''",
  "'",
  "\\'; DROP TABLE victim; --",
  'C:\\temp\\',
  '\\x27 \\u0027 \\n \\\\',
  'ü 😀 中文 \u202e ǅ \u00a0',
  'tab\tbell\u0007 esc\u001b[31m del\u007f',
  "$$; DROP TABLE victim; $$ */ /* -- \"quoted\" {'t': 1}",
  "') OR 1=1 --",
];

/** Text meant to break out of a quoted identifier (a backtick name cannot hold a backtick or newline). */
const namePayloads = [
  'a"; DROP TABLE victim; --',
  "b'; DROP TABLE victim; --",
  'c"" "',
  'd\\"',
  'ü😀 名前',
  'e;--',
  'f/* x */',
  'g\th',
  "h')); DROP TABLE victim; --",
  '"',
];

/** A label with everything at once: labels are display text and should never reach SQL. */
const labelPayload = `Label "with" 'quotes'; DROP TABLE victim; -- ü😀`;

type SlotKind = 'name' | 'string' | 'label';
interface Slot { readonly kind: SlotKind; readonly plain: string; readonly hostile: string }

/** Writes a value as the rules language spells it. */
function spell(kind: SlotKind, value: string): string {
  if (kind === 'name') return `\`${value}\``;
  if (kind === 'string') return `'${value.replaceAll("'", "''")}'`;
  return `"${value.replaceAll('"', '""')}"`;
}

/** Fills `{SLOT}` markers with each slot's plain or hostile value. */
function render(template: string, slots: Record<string, Slot>, variant: 'plain' | 'hostile'): string {
  return template.replace(/\{([A-Z0-9_]+)\}/g, (_match, key: string) => {
    const slot = slots[key];
    if (!slot) throw new Error(`no slot ${key}`);
    return spell(slot.kind, slot[variant]);
  });
}

/** Hex of the UTF-8 bytes, so that test data is written without any quoting at all. */
const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');
const textValue = (text: string) => `decode(from_hex('${hex(text)}'))`;

/**
 * Compares two `json_serialize_sql` trees: same shape, same non-text values, and each text in
 * `hostile` equal to the one in `plain` with every plain token replaced by its hostile text.
 * `query_location` (character offsets) is the only thing allowed to differ.
 */
function expectSameStructure(plain: unknown, hostile: unknown, substitutions: readonly (readonly [string, string])[], path = '$'): void {
  if (typeof plain === 'string') {
    // A function, not a string, as the replacement: `$$` in a string replacement means `$`.
    const expected = substitutions.reduce((text, [token, value]) => text.replaceAll(token, () => value), plain);
    if (hostile !== expected) throw new Error(`at ${path}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(hostile)}`);
    return;
  }
  if (plain === null || typeof plain !== 'object') {
    if (hostile !== plain) throw new Error(`at ${path}: expected ${JSON.stringify(plain)}, found ${JSON.stringify(hostile)}`);
    return;
  }
  if (Array.isArray(plain)) {
    if (!Array.isArray(hostile) || hostile.length !== plain.length) throw new Error(`at ${path}: arrays differ in length`);
    plain.forEach((item, index) => expectSameStructure(item, hostile[index], substitutions, `${path}[${index}]`));
    return;
  }
  if (hostile === null || typeof hostile !== 'object' || Array.isArray(hostile)) throw new Error(`at ${path}: expected an object`);
  const keys = (value: object) => Object.keys(value).filter((key) => key !== 'query_location').sort();
  expect(keys(hostile), `keys at ${path}`).toEqual(keys(plain));
  for (const key of keys(plain)) {
    expectSameStructure((plain as Record<string, unknown>)[key], (hostile as Record<string, unknown>)[key], substitutions, `${path}.${key}`);
  }
}

describe('SQL injection through the rules language', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let session: Session;
  let schema: Schema;
  /** A separate DuckDB that only parses SQL: the SQL text is bound as a parameter, never quoted. */
  let parser: DuckDBInstance;
  let parsing: DuckDBConnection;

  async function parseTree(text: string): Promise<unknown> {
    const reader = await parsing.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [text]);
    const tree = JSON.parse(String(reader.getRows()[0]![0])) as { error: boolean; statements?: unknown[] };
    expect(tree.error, JSON.stringify(tree)).toBe(false);
    expect(tree.statements).toHaveLength(1);
    return tree;
  }

  /** Every table with its row count, to compare before and after running hostile SQL. */
  async function tables(): Promise<Record<string, number>> {
    const names = rowsOf(await session.query('SELECT table_name FROM duckdb_tables() ORDER BY table_name')).map((row) => String(row.table_name));
    const counts: Record<string, number> = {};
    for (const name of names) counts[name] = Number((await session.query(`SELECT count(*) FROM ${sql.identifier(name)}`)).data[0]![0]);
    return counts;
  }

  /** Analyzes and compiles both variants, checks they are clean, and compares DuckDB's parse trees. */
  async function compileBoth(template: string, slots: Record<string, Slot>): Promise<{ plain: string; hostile: string; hostileText: string }> {
    const compiled = { plain: '', hostile: '' };
    for (const variant of ['plain', 'hostile'] as const) {
      const text = render(template, slots, variant);
      const analysis = analyze(text, schema);
      expect(analysis.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'), `${variant} model:\n${text}`).toEqual([]);
      compiled[variant] = compileModel(analysis.model!, ASOF).sql;
    }
    const substitutions = Object.values(slots).filter((slot) => slot.kind !== 'label').map((slot) => [slot.plain, slot.hostile] as const);
    expectSameStructure(await parseTree(compiled.plain), await parseTree(compiled.hostile), substitutions);
    return { ...compiled, hostileText: render(template, slots, 'hostile') };
  }

  beforeAll(async () => {
    folder = await tempDir();
    session = await Session.open({ dataDir: folder.path });
    parser = await DuckDBInstance.create(':memory:');
    parsing = await parser.connect();
    await session.execute(`
      CREATE TABLE victim (id INTEGER); INSERT INTO victim VALUES (1), (2), (3);
      CREATE TABLE zxacczx (account_id BIGINT, tier VARCHAR, seats INTEGER);
      CREATE TABLE zxevtzx (account_id BIGINT, kind VARCHAR, occurred TIMESTAMP);`);
    // One account per string payload, whose tier is that payload; each has one event in the last 30 days.
    for (const [index, payload] of stringPayloads.entries()) {
      await session.execute(`INSERT INTO zxacczx VALUES (${index + 1}, ${textValue(payload)}, ${index + 1});
        INSERT INTO zxevtzx VALUES (${index + 1}, ${textValue(payload)}, TIMESTAMP '2025-06-20 10:00:00')`);
    }
  });

  afterAll(async () => {
    parsing?.closeSync();
    parser?.closeSync();
    session?.close();
    await folder?.remove();
  });

  describe('string literals', () => {
    beforeAll(async () => {
      schema = await modelSchema(session);
    });

    it.each(stringPayloads.map((payload, index) => [index, payload] as const))('string %i keeps the SQL\'s structure and round-trips exactly', async (index, payload) => {
      const slots: Record<string, Slot> = { S: { kind: 'string', plain: 'zx00zx', hostile: payload } };
      const template = `entity account = zxacczx key account_id
source events = zxevtzx time occurred
measure m = {S}
measure hit = band tier { = {S}: 1, else: 0 }
measure seen = count(events where kind = {S} during last 30 days)
segment s = tier = {S} or tier in ({S}, 'zz')
segment n = coalesce(tier, {S}) != {S}
`;
      const before = await tables();
      const { hostile } = await compileBoth(template, slots);
      const rows = rowsOf(await session.query(hostile));
      expect(await tables()).toEqual(before);
      expect(rows).toHaveLength(stringPayloads.length);
      for (const row of rows) {
        const mine = row.account_id === index + 1;
        expect(row.m).toBe(payload);
        expect(row.hit).toBe(mine ? 1 : 0);
        expect(row.seen).toBe(mine ? 1 : 0);
        expect(row.s).toBe(mine);
        expect(row.n).toBe(!mine);
      }
    });
  });

  describe('names of measures, scores, components, grades, segments and sources', () => {
    beforeAll(async () => {
      schema = await modelSchema(session);
    });

    it.each(namePayloads.map((payload, index) => [index, payload] as const))('name %i keeps the SQL\'s structure and names the output exactly', async (_index, payload) => {
      const name = (suffix: string): Slot => ({ kind: 'name', plain: `zx00zx${suffix}`, hostile: `${payload}${suffix}` });
      const slots: Record<string, Slot> = {
        SRC: name(' src'), M: name(' m'), SC: name(' s'), C: name(' c'), G: name(' g'), SEG: name(' seg'),
        GRADE: { kind: 'string', plain: 'zx00zx g', hostile: `${payload} g` },
      };
      const template = `entity account = zxacczx key account_id
source {SRC} = zxevtzx time occurred
measure {M} = count({SRC} during last 30 days)
score {SC} {
  {C} weight 1 = {M} * 10
  grades { {G} >= 0 }
}
segment {SEG} = {SC}.grade = {GRADE} and {SC}.{C} >= 0
`;
      const before = await tables();
      const { hostile } = await compileBoth(template, slots);
      const result = await session.query(hostile);
      expect(await tables()).toEqual(before);
      const [m, score, component, grade, segment] = [' m', ' s', ` s_${payload} c`, ' s_grade', ' seg'].map((suffix) => `${payload}${suffix}`) as
        [string, string, string, string, string];
      expect(result.columns.map((column) => column.name)).toEqual(expect.arrayContaining([m, score, component, `${component}_contrib`, grade, segment]));
      for (const row of rowsOf(result)) {
        expect(row[m]).toBe(1);
        expect(row[component]).toBe(10);
        expect(row[grade]).toBe(`${payload} g`);
        expect(row[segment]).toBe(true);
      }
    });
  });

  describe('table and column names in entity and source declarations, with everything else hostile too', () => {
    const accountsTable = `acc"ts'; DROP TABLE victim; -- ü`;
    const eventsTable = 'ev"ents 🚀; DELETE FROM victim; --';
    const keyColumn = 'id"; DROP TABLE victim; --';
    const tierColumn = `ti"er' ; --`;
    const seatsColumn = 'se ats 😀';
    const kindColumn = `k"ind'; --`;
    const timeColumn = 'a"t; --';
    const slots: Record<string, Slot> = {
      ACCOUNTS: { kind: 'name', plain: 'zx01zx', hostile: accountsTable },
      EVENTS: { kind: 'name', plain: 'zx02zx', hostile: eventsTable },
      KEY: { kind: 'name', plain: 'zx03zx', hostile: keyColumn },
      TIER: { kind: 'name', plain: 'zx04zx', hostile: tierColumn },
      SEATS: { kind: 'name', plain: 'zx05zx', hostile: seatsColumn },
      KIND: { kind: 'name', plain: 'zx06zx', hostile: kindColumn },
      TIME: { kind: 'name', plain: 'zx07zx', hostile: timeColumn },
      SOURCE: { kind: 'name', plain: 'zx08zx', hostile: namePayloads[0]! },
      M1: { kind: 'name', plain: 'zx09zx', hostile: namePayloads[1]! },
      M2: { kind: 'name', plain: 'zx10zx', hostile: namePayloads[2]! },
      M3: { kind: 'name', plain: 'zx11zx', hostile: namePayloads[4]! },
      SC: { kind: 'name', plain: 'zx12zx', hostile: namePayloads[8]! },
      C1: { kind: 'name', plain: 'zx13zx', hostile: namePayloads[3]! },
      C2: { kind: 'name', plain: 'zx14zx', hostile: namePayloads[6]! },
      G1: { kind: 'name', plain: 'zx15zx', hostile: stringPayloads[0]! },
      G2: { kind: 'name', plain: 'zx16zx', hostile: stringPayloads[8]! },
      SEG: { kind: 'name', plain: 'zx17zx', hostile: namePayloads[5]! },
      S1: { kind: 'string', plain: 'zx18zx', hostile: stringPayloads[0]! },
      S2: { kind: 'string', plain: 'zx19zx', hostile: stringPayloads[7]! },
      S3: { kind: 'string', plain: 'zx20zx', hostile: stringPayloads[3]! },
      S4: { kind: 'string', plain: 'zx21zx', hostile: stringPayloads[1]! },
      S5: { kind: 'string', plain: 'zx22zx', hostile: stringPayloads[0]! },
      S6: { kind: 'string', plain: 'zx23zx', hostile: stringPayloads[9]! },
      S7: { kind: 'string', plain: 'zx24zx', hostile: stringPayloads[2]! },
      LABEL: { kind: 'label', plain: 'zx25zx', hostile: labelPayload },
    };
    const template = `entity account = {ACCOUNTS} key {KEY}
source {SOURCE} = {EVENTS} time {TIME}
measure {M1} {LABEL} = count({SOURCE} where {KIND} = {S1} during last 30 days)
measure {M2} = {S2}
measure {M3} = {SEATS} * 2
score {SC} {LABEL} {
  {C1} weight 1 = band {TIER} { = {S3}: 100, = {S4}: 50, else: 0 }
  {C2} weight 1 = clamp({M3}, 0, 100)
  grades { {G1} >= 55, {G2} }
}
segment {SEG} {LABEL} = {SC}.grade = {S5} and {M1} >= 0 or {TIER} in ({S6}, {S7})
`;

    beforeAll(async () => {
      const define = (table: string, columns: readonly (readonly [string, string])[]) =>
        `CREATE TABLE ${sql.identifier(table)} (${columns.map(([name, type]) => `${sql.identifier(name)} ${type}`).join(', ')})`;
      for (const variant of ['plain', 'hostile'] as const) {
        const name = (slot: string) => slots[slot]![variant];
        const text = (slot: string) => textValue(slots[slot]![variant]);
        await session.execute(`${define(name('ACCOUNTS'), [[name('KEY'), 'BIGINT'], [name('TIER'), 'VARCHAR'], [name('SEATS'), 'INTEGER']])};
          ${define(name('EVENTS'), [[name('KEY'), 'BIGINT'], [name('KIND'), 'VARCHAR'], [name('TIME'), 'TIMESTAMP']])};
          INSERT INTO ${sql.identifier(name('ACCOUNTS'))} VALUES (1, ${text('S3')}, 10), (2, ${text('S4')}, 20), (3, ${text('S6')}, 60);
          INSERT INTO ${sql.identifier(name('EVENTS'))} VALUES
            (1, ${text('S1')}, TIMESTAMP '2025-06-29 12:00:00'), (1, ${text('S1')}, TIMESTAMP '2025-06-30 23:59:59'),
            (1, ${text('S1')}, TIMESTAMP '2025-05-31 23:59:59'), (1, ${textValue('other')}, TIMESTAMP '2025-06-29 12:00:00'),
            (2, ${text('S1')}, TIMESTAMP '2025-05-01 00:00:00'), (3, ${text('S1')}, TIMESTAMP '2025-07-01 00:00:00')`);
      }
      schema = await modelSchema(session);
    });

    it('creates the tables under exactly the hostile names', async () => {
      const names = rowsOf(await session.query('SELECT table_name FROM duckdb_tables()')).map((row) => row.table_name);
      expect(names).toEqual(expect.arrayContaining([accountsTable, eventsTable, 'victim']));
      const columns = rowsOf(await session.query(`SELECT column_name FROM duckdb_columns() WHERE table_name = ${textValue(eventsTable)} ORDER BY column_index`));
      expect(columns.map((row) => row.column_name)).toEqual([keyColumn, kindColumn, timeColumn]);
    });

    it('keeps the SQL\'s structure, value for value', async () => {
      const { hostile } = await compileBoth(template, slots);
      // Sanity check of the check itself: the hostile text really is in the SQL.
      expect(hostile).toContain('DROP TABLE victim');
    });

    it('would notice text pasted into the SQL unescaped (a check of the check)', async () => {
      const { plain } = await compileBoth(template, slots);
      const payload = "x' OR 'a' = 'a";
      const pasted = plain.replaceAll('zx18zx', payload);
      const [plainTree, pastedTree] = [await parseTree(plain), await parseTree(pasted)];
      expect(() => expectSameStructure(plainTree, pastedTree, [['zx18zx', payload]])).toThrow(/at \$\./);
    });

    it('runs without touching any table, and every text comes back exactly', async () => {
      const before = await tables();
      const { hostile } = await compileBoth(template, slots);
      const rows = rowsOf(await session.query(hostile));
      expect(await tables()).toEqual(before);
      expect(before.victim).toBe(3);
      const [m1, m2, m3, score, c1, c2, grade, segment] = ['M1', 'M2', 'M3', 'SC', 'C1', 'C2', 'SC', 'SEG'].map((slot) => slots[slot]!.hostile);
      const c1Column = `${score}_${c1}`;
      const c2Column = `${score}_${c2}`;
      const gradeColumn = `${grade}_grade`;
      const pick = (column: string) => rows.map((row) => row[column]);
      expect(pick(keyColumn)).toEqual([1, 2, 3]);
      expect(pick(tierColumn)).toEqual([stringPayloads[3], stringPayloads[1], stringPayloads[9]]);
      expect(pick(seatsColumn)).toEqual([10, 20, 60]);
      // Events of kind S1 on the 30 days up to 2025-06-30: two for account 1 (May 31 is outside,
      // "other" is another kind); account 2's is too old; account 3's is after the evaluation date.
      expect(pick(m1!)).toEqual([2, 0, 0]);
      expect(pick(m2!)).toEqual([stringPayloads[7], stringPayloads[7], stringPayloads[7]]);
      expect(pick(m3!)).toEqual([20, 40, 120]);
      expect(pick(c1Column)).toEqual([100, 50, 0]);
      expect(pick(c2Column)).toEqual([20, 40, 100]);
      expect(pick(score!)).toEqual([60, 45, 50]);
      expect(pick(gradeColumn)).toEqual([slots.G1!.hostile, slots.G2!.hostile, slots.G2!.hostile]);
      // Account 1 by its grade (G1 is S5's text); account 3 because its tier is S6.
      expect(pick(segment!)).toEqual([true, false, true]);
    });

    it('never puts labels into SQL: a hostile label changes nothing, and the model keeps it exactly', async () => {
      const withLabel = (label: string) => analyze(render(template, { ...slots, LABEL: { kind: 'label', plain: label, hostile: label } }, 'hostile'), schema);
      const plain = withLabel('plain');
      const hostile = withLabel(labelPayload);
      expect(compileModel(hostile.model!, ASOF).sql).toBe(compileModel(plain.model!, ASOF).sql);
      expect(hostile.model!.measures[0]!.label).toBe(labelPayload);
      expect(hostile.model!.scores[0]!.label).toBe(labelPayload);
      expect(hostile.model!.segments[0]!.label).toBe(labelPayload);
    });
  });

  describe('regressions found here, now fixed', () => {
    it('names starting with __pulse_ are reserved, so no measure can shadow an internal column', async () => {
      schema = await modelSchema(session);
      for (const model of ['measure __pulse_h_c_raw = 7\nscore h { c weight 1 = 50 }', 'measure __pulse_h_total = 7', 'measure __PULSE_agg_1 = 7']) {
        const analysis = analyze(`entity account = zxacczx key account_id\n${model}`, schema);
        expect(analysis.model).toBeNull();
        expect(analysis.diagnostics.map((diagnostic) => diagnostic.code)).toContain('reserved-name');
      }
    });

    it('a NUL in a name or a string is refused by the lexer instead of silently dropped', async () => {
      schema = await modelSchema(session);
      const analysis = analyze("entity account = zxacczx key account_id\nmeasure `a\u0000b` = 'x\u0000y'", schema);
      expect(analysis.model).toBeNull();
      expect(analysis.diagnostics.some((diagnostic) => diagnostic.severity === 'error')).toBe(true);
    });
  });

  describe('text the language cannot express is refused with a diagnostic, never an exception', () => {
    it.each([
      ['a name with a backtick', 'measure `a`b` = 1'],
      ['a name with a newline', 'measure `a\nb` = 1'],
      ['an empty name', 'measure `` = 1'],
      ['a string with a newline', "measure m = 'a\n'; DROP TABLE victim; --'"],
      ['a string with a carriage return', "measure m = 'a\r'; DROP TABLE victim; --'"],
      ['an unclosed string', "measure m = '; DROP TABLE victim; --"],
      ['a label with a newline', 'measure m "a\nb" = 1'],
      ['SQL where an expression goes', 'measure m = 1; DROP TABLE victim; --'],
      ['a double-quoted name', 'measure "m" = 1'],
      ['an unknown table', 'entity a = `victim"; --` key id'],
    ])('%s', async (_what, text) => {
      schema = await modelSchema(session);
      let analysis: ReturnType<typeof analyze> | undefined;
      expect(() => { analysis = analyze(text, schema); }).not.toThrow();
      expect(analysis!.model).toBeNull();
      expect(analysis!.diagnostics.some((diagnostic) => diagnostic.severity === 'error')).toBe(true);
    });
  });
});
