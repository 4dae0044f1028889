import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pulse } from '../helpers/pulse-cli.ts';
import { Session } from '../../engine/session.ts';
import { generateSample } from '../../samples/generate.ts';
import { rowsOf } from '../helpers/rows.ts';
import { tempDir } from '../helpers/temp-dir.ts';


const CLEAN = `entity account = accounts key account_id
source usage = usage_events time occurred_at
source nps   = nps_responses time responded_at

measure logins_30d = count(usage where event = 'login' during last 30 days)
measure nps_last   = latest nps.score
measure per_seat   = logins_30d / seats

score health {
  usage     weight 2 = band logins_30d { >= 20: 100, >= 5: 60, else: 10 }
  sentiment weight 1 = band nps_last   { >= 9: 100, >= 7: 60, else: 10 }
  grades { green >= 70, red }
}

segment quiet = logins_30d = 0
`;

describe('pulse check and pulse run', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let data: string;
  let notebooks: string;
  let accounts: number;
  /** Writes a rules file into the temporary folder and returns its path. */
  const rules = async (name: string, text: string) => {
    const path = join(folder.path, name);
    await writeFile(path, text);
    return path;
  };
  const folders = () => ['--data', data, '--notebooks', notebooks];

  beforeAll(async () => {
    folder = await tempDir();
    data = join(folder.path, 'data');
    notebooks = join(folder.path, 'notebooks');
    const report = await generateSample(data, { accounts: 500 });
    accounts = report.tables.find((table) => table.name === 'accounts')!.rows;
    expect(accounts).toBe(500);
  });
  afterAll(() => folder.remove());

  it('explain themselves', async () => {
    const overview = await pulse('--help');
    expect(overview.out).toMatch(/^ {2}check +check a rules file/m);
    expect(overview.out).toMatch(/^ {2}run +run a notebook \(\.pulse\.md\) or a rules file/m);
    expect((await pulse('check', '--help')).out).toMatch(/^Usage: pulse check FILE/);
    expect((await pulse('run', '--help')).out).toMatch(/^Usage: pulse run NOTEBOOK\.pulse\.md\|FILE\.pulse/);
  });

  describe('pulse check', () => {
    it('says "no problems" and exits 0 for a clean file', async () => {
      const file = await rules('clean.pulse', CLEAN);
      const result = await pulse('check', file, ...folders());
      expect(result).toEqual({ code: 0, out: `${file}: no problems\n`, err: '' });
    });

    it('prints every error as file:line:col: error: message, with hints, and exits 1', async () => {
      const file = await rules('broken.pulse', `entity account = accounts key account_id
source usage = usage_events time occurred_at
measure logins = count(usage where evnt = 'login')
measure per_seat = logins / seat
segment big = tier = 'Enterprise' and seats >=
`);
      const result = await pulse('check', file, ...folders());
      expect(result.code).toBe(1);
      expect(result.err).toBe('');
      expect(result.out).toBe([
        `${file}:3:36: error: unknown column \`evnt\` in usage_events — did you mean \`event\`?`,
        `${file}:4:29: error: unknown name \`seat\` — did you mean \`seats\`?`,
        '  A bare name is a measure, a score, a segment or a column of the entity.',
        `${file}:5:47: error: expected an expression but found the end`,
        '',
      ].join('\n'));
    });

    it('prints warnings but exits 0 when there are no errors', async () => {
      const file = await rules('warnings.pulse', `source nps = nps_responses
source tickets = tickets time opened_at
measure answers = count(nps)
measure open = count(tickets where resolved_at is null)
`);
      const result = await pulse('check', file, ...folders());
      expect(result.code).toBe(0);
      expect(result.out).toBe([
        `${file}:1:8: warning: source \`nps\` has no time column, so rows dated after the evaluation date cannot be hidden`,
        '  Declare one: `source nps = <table> time <column>`.',
        `${file}:4:36: warning: \`resolved_at\` is tested against null without \`asof\`: a row of tickets that changed after the evaluation date still counts as changed`,
        '  To ask "as of the evaluation date", write `resolved_at is null or resolved_at > asof`.',
        '',
      ].join('\n'));
    });

    it('shows control characters from the file escaped, not raw', async () => {
      const file = await rules('escape.pulse', 'measure m = 1 \u001b[31m\n');
      const result = await pulse('check', file, ...folders());
      expect(result.code).toBe(1);
      expect(result.out).toContain(`${file}:1:15: error: unexpected character \`\\u001b[\``);
      expect(result.out).not.toContain('\u001b');
    });

    it('refuses a missing file and a wrong number of files', async () => {
      expect(await pulse('check', join(folder.path, 'missing.pulse'), ...folders()))
        .toEqual({ code: 1, out: '', err: `pulse check: ${join(folder.path, 'missing.pulse')}: no such file.\n` });
      expect(await pulse('check', 'review.pulse.md', ...folders())).toMatchObject({ code: 1, err: 'pulse check: review.pulse.md: no such file.\n' });
      expect((await pulse('check', ...folders())).err).toBe('pulse check: give exactly one rules FILE to check\n');
    });
  });

  describe('pulse run', () => {
    /** Opens a session whose SQL may read `dir`, for reading what pulse run wrote. */
    async function reader(dir: string): Promise<Session> {
      return Session.open({ dataDir: dir });
    }

    it('writes scores.parquet and scores.csv with one row per account and the model\'s columns', async () => {
      const file = await rules('clean.pulse', CLEAN);
      const out = join(folder.path, 'out-clean');
      const result = await pulse('run', file, '--out', out, ...folders());
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      // The model's own default evaluation date: the latest date in its sources, the sample's last day.
      expect(result.out).toMatch(new RegExp(`^Evaluated ${file} as of 2025-06-30: 500 rows, 20 columns in \\d+\\.\\d s\\nWrote ${out}/scores.parquet and ${out}/scores.csv\\n$`));
      expect((await readdir(out)).sort()).toEqual(['scores.csv', 'scores.parquet']);

      const session = await reader(out);
      try {
        const outputs = ['logins_30d', 'nps_last', 'per_seat', 'health', 'health_grade', 'health_usage', 'health_usage_contrib',
          'health_sentiment', 'health_sentiment_contrib', 'quiet'];
        for (const name of ['scores.parquet', 'scores.csv']) {
          const path = join(out, name);
          const described = await session.query(`SELECT * FROM '${path}' LIMIT 0`);
          const columns = described.columns.map((column) => column.name);
          expect(columns.slice(0, 10)).toEqual(['account_id', 'name', 'tier', 'region', 'industry', 'csm', 'seats', 'signup_date', 'renewal_on', 'referred_by']);
          expect(columns.slice(10)).toEqual(expect.arrayContaining(outputs));
          const [counts] = rowsOf(await session.query(`SELECT count(*) AS n, count(DISTINCT account_id) AS keys FROM '${path}'`));
          expect(counts).toEqual({ n: accounts, keys: accounts });
        }
        // The two files hold the same values.
        const [same] = rowsOf(await session.query(`SELECT count(*) AS n FROM '${join(out, 'scores.parquet')}' AS p
          JOIN '${join(out, 'scores.csv')}' AS c USING (account_id)
          WHERE p.logins_30d = c.logins_30d AND p.health IS NOT DISTINCT FROM c.health AND p.health_grade IS NOT DISTINCT FROM c.health_grade
            AND p.quiet = c.quiet`));
        expect(same).toEqual({ n: accounts });
      } finally {
        session.close();
      }
    });

    it('--asof changes the evaluation date: a 30-day window counts what a direct query counts', async () => {
      const file = await rules('window.pulse', `source usage = usage_events time occurred_at
measure logins_30d = count(usage where event = 'login' during last 30 days)
`);
      const logins: Record<string, Record<string, number>> = {};
      for (const asof of ['2025-03-31', '2025-06-30']) {
        const out = join(folder.path, `out-${asof}`);
        const result = await pulse('run', file, '--asof', asof, '--out', out, ...folders());
        expect(result.code).toBe(0);
        expect(result.out).toContain(`as of ${asof}: 500 rows`);

        const session = await Session.open({ dataDir: data, extraDirs: [out] });
        try {
          const written = rowsOf(await session.query(`SELECT account_id, logins_30d FROM '${join(out, 'scores.csv')}' ORDER BY account_id`));
          // Written for the test: logins on the 30 calendar days that end on the evaluation date.
          const expected = rowsOf(await session.query(`
            SELECT a.account_id, count(u.account_id) AS logins_30d
            FROM '${join(data, 'accounts.parquet')}' AS a
            LEFT JOIN '${join(data, 'usage_events.parquet')}' AS u
              ON u.account_id = a.account_id AND u.event = 'login'
             AND CAST(u.occurred_at AS DATE) BETWEEN DATE '${asof}' - 29 AND DATE '${asof}'
            GROUP BY a.account_id ORDER BY a.account_id`));
          expect(written).toEqual(expected);
          logins[asof] = Object.fromEntries(written.map((row) => [String(row.account_id), Number(row.logins_30d)]));
        } finally {
          session.close();
        }
      }
      const total = (asof: string) => Object.values(logins[asof]!).reduce((sum, n) => sum + n, 0);
      expect(total('2025-03-31')).toBeGreaterThan(0);
      expect(total('2025-06-30')).toBeGreaterThan(0);
      expect(total('2025-03-31')).not.toBe(total('2025-06-30'));
      expect(Object.keys(logins['2025-03-31']!).filter((id) => logins['2025-03-31']![id] !== logins['2025-06-30']![id]).length).toBeGreaterThan(10);
    });

    it('refuses a bad --asof with a clear message and exit 1', async () => {
      const file = await rules('clean.pulse', CLEAN);
      for (const asof of ['2025-02-30', 'yesterday', '2025-6-30']) {
        const result = await pulse('run', file, '--asof', asof, '--out', join(folder.path, 'out-bad'), ...folders());
        expect(result).toEqual({ code: 1, out: '', err: `pulse run: --asof must be a calendar date written YYYY-MM-DD, e.g. 2025-06-30 (got "${asof}")\n` });
      }
      expect(await readdir(folder.path)).not.toContain('out-bad');
    });

    it('prints the diagnostics of a file with errors, writes nothing and exits 1', async () => {
      const file = await rules('broken-run.pulse', 'measure per_seat = 10 / seat\nsource nps = nps_responses\n');
      const out = join(folder.path, 'out-broken');
      const result = await pulse('run', file, '--out', out, ...folders());
      expect(result.code).toBe(1);
      expect(result.out).toBe('');
      expect(result.err).toBe([
        `${file}:1:25: error: unknown name \`seat\` — did you mean \`seats\`?`,
        '  A bare name is a measure, a score, a segment or a column of the entity.',
        `${file}:2:8: warning: source \`nps\` has no time column, so rows dated after the evaluation date cannot be hidden`,
        '  Declare one: `source nps = <table> time <column>`.',
        `pulse run: ${file} has 1 error, 1 warning; nothing was evaluated.`,
        '',
      ].join('\n'));
      expect(await readdir(out)).toEqual([]);
    });

    it('says when a notebook to run does not exist', async () => {
      const result = await pulse('run', 'review.pulse.md', ...folders());
      expect(result.code).toBe(1);
      expect(result.err).toBe('pulse run: review.pulse.md: no such file.\n');
    });
  });
});
