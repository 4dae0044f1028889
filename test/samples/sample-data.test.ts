import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataFolder } from '../../engine/load.ts';
import { Session } from '../../engine/session.ts';
import { generateSample } from '../../samples/generate.ts';
import { rowsOf } from '../helpers/rows.ts';
import { tempDir } from '../helpers/temp-dir.ts';

async function fileHashes(folder: string): Promise<Record<string, string>> {
  const files = (await readdir(folder)).sort();
  return Object.fromEntries(await Promise.all(files.map(async (file) =>
    [file, createHash('sha256').update(await readFile(join(folder, file))).digest('hex')] as const)));
}

describe('sample data generator', () => {
  it('is deterministic: the same seed and size give byte-identical files, another seed does not', async () => {
    const [a, b, c] = await Promise.all([tempDir(), tempDir(), tempDir()]);
    try {
      await generateSample(a.path, { accounts: 1500, seed: 7 });
      await generateSample(b.path, { accounts: 1500, seed: 7 });
      await generateSample(c.path, { accounts: 1500, seed: 8 });
      const [first, second, other] = await Promise.all([fileHashes(a.path), fileHashes(b.path), fileHashes(c.path)]);
      expect(Object.keys(first)).toEqual([
        'accounts.parquet', 'csat_responses.parquet', 'invoices.parquet', 'nps_responses.parquet', 'referrals.parquet',
        'subscriptions.parquet', 'tickets.parquet', 'trainings.parquet', 'usage_events.parquet',
      ]);
      expect(second).toEqual(first);
      for (const file of Object.keys(first)) expect(other[file]).not.toBe(first[file]);
    } finally {
      await Promise.all([a.remove(), b.remove(), c.remove()]);
    }
  });

  it('refuses nonsense parameters', async () => {
    await expect(generateSample('/nonexistent', { accounts: 0 })).rejects.toThrow('accounts must be a whole number from 1 to 50,000,000 (got 0)');
    await expect(generateSample('/nonexistent', { endDate: '2025-06-29' })).rejects.toThrow('endDate must be the last day of a month');
  });
});

describe('the default sample (10,000 accounts, seed 42)', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let session: Session;
  const one = async (text: string) => rowsOf(await session.query(text))[0] ?? {};
  const all = async (text: string) => rowsOf(await session.query(text));

  beforeAll(async () => {
    folder = await tempDir();
    const report = await generateSample(folder.path);
    expect(report.tables.find((table) => table.name === 'accounts')?.rows).toBe(10_000);
    session = await Session.open({ dataDir: folder.path });
    const { failed } = await loadDataFolder(session);
    expect(failed).toEqual([]);
    // Churn as DESIGN.md §2 defines it, computed here from the subscriptions alone: an account
    // has churned when its last span has ended with a reason other than a plan change.
    await session.execute(`CREATE TEMP TABLE churned AS
      SELECT account_id, max(ended_on) AS churned_on FROM subscriptions GROUP BY account_id
      HAVING bool_and(ended_on IS NOT NULL) AND arg_max(end_reason, ended_on) NOT IN ('upgrade', 'downgrade')`);
  });

  afterAll(async () => {
    session.close();
    await folder.remove();
  });

  it('has the tables and column types of the data model', async () => {
    const columns = await all(`SELECT table_name || '.' || column_name AS c, data_type AS t FROM duckdb_columns()
      WHERE NOT internal AND table_name NOT IN ('churned') ORDER BY table_name, column_index`);
    expect(Object.fromEntries(columns.map((row) => [row.c, row.t]))).toEqual({
      'accounts.account_id': 'BIGINT', 'accounts.name': 'VARCHAR', 'accounts.tier': 'VARCHAR', 'accounts.region': 'VARCHAR',
      'accounts.industry': 'VARCHAR', 'accounts.csm': 'VARCHAR', 'accounts.seats': 'INTEGER', 'accounts.signup_date': 'DATE',
      'accounts.renewal_on': 'DATE', 'accounts.referred_by': 'BIGINT',
      'csat_responses.response_id': 'BIGINT', 'csat_responses.account_id': 'BIGINT', 'csat_responses.ticket_id': 'BIGINT',
      'csat_responses.responded_at': 'TIMESTAMP', 'csat_responses.score': 'INTEGER', 'csat_responses.touchpoint': 'VARCHAR',
      'invoices.invoice_id': 'BIGINT', 'invoices.account_id': 'BIGINT', 'invoices.issued_on': 'DATE', 'invoices.due_on': 'DATE',
      'invoices.paid_on': 'DATE', 'invoices.amount': 'DECIMAL(12,2)',
      'nps_responses.response_id': 'BIGINT', 'nps_responses.account_id': 'BIGINT', 'nps_responses.responded_at': 'TIMESTAMP',
      'nps_responses.score': 'INTEGER', 'nps_responses.reason': 'VARCHAR',
      'referrals.referral_id': 'BIGINT', 'referrals.referrer_account_id': 'BIGINT', 'referrals.referred_account_id': 'BIGINT',
      'referrals.referred_on': 'DATE', 'referrals.code': 'VARCHAR', 'referrals.converted': 'BOOLEAN',
      'subscriptions.subscription_id': 'BIGINT', 'subscriptions.account_id': 'BIGINT', 'subscriptions.product': 'VARCHAR',
      'subscriptions.plan': 'VARCHAR', 'subscriptions.mrr': 'DECIMAL(12,2)', 'subscriptions.started_on': 'DATE',
      'subscriptions.ended_on': 'DATE', 'subscriptions.end_reason': 'VARCHAR',
      'tickets.ticket_id': 'BIGINT', 'tickets.account_id': 'BIGINT', 'tickets.opened_at': 'TIMESTAMP',
      'tickets.first_response_at': 'TIMESTAMP', 'tickets.resolved_at': 'TIMESTAMP', 'tickets.complexity': 'VARCHAR',
      'tickets.channel': 'VARCHAR', 'tickets.category': 'VARCHAR',
      'trainings.account_id': 'BIGINT', 'trainings.attended_on': 'DATE', 'trainings.course': 'VARCHAR',
      'usage_events.account_id': 'BIGINT', 'usage_events.user_id': 'BIGINT', 'usage_events.occurred_at': 'TIMESTAMP',
      'usage_events.event': 'VARCHAR', 'usage_events.feature': 'VARCHAR', 'usage_events.duration_s': 'INTEGER',
    });
  });

  it('keeps keys unique and every reference pointing at a real row', async () => {
    const keys = await one(`SELECT
      (SELECT count(*) - count(DISTINCT account_id) FROM accounts) AS accounts,
      (SELECT count(*) - count(DISTINCT subscription_id) FROM subscriptions) AS subscriptions,
      (SELECT count(*) - count(DISTINCT invoice_id) FROM invoices) AS invoices,
      (SELECT count(*) - count(DISTINCT ticket_id) FROM tickets) AS tickets,
      (SELECT count(*) - count(DISTINCT response_id) FROM nps_responses) AS nps,
      (SELECT count(*) - count(DISTINCT response_id) FROM csat_responses) AS csat,
      (SELECT count(*) - count(DISTINCT referral_id) FROM referrals) AS referrals`);
    expect(keys).toEqual({ accounts: 0, subscriptions: 0, invoices: 0, tickets: 0, nps: 0, csat: 0, referrals: 0 });
    const orphans = await one(`SELECT
      ${['subscriptions', 'invoices', 'usage_events', 'tickets', 'nps_responses', 'csat_responses', 'trainings']
        .map((table) => `(SELECT count(*) FROM ${table} WHERE account_id NOT IN (SELECT account_id FROM accounts)) AS ${table}`).join(',\n')},
      (SELECT count(*) FROM referrals WHERE referrer_account_id NOT IN (SELECT account_id FROM accounts)
         OR referred_account_id NOT IN (SELECT account_id FROM accounts)) AS referrals,
      (SELECT count(*) FROM accounts WHERE referred_by NOT IN (SELECT account_id FROM accounts)) AS referred_by,
      (SELECT count(*) FROM csat_responses c WHERE ticket_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.ticket_id = c.ticket_id AND t.account_id = c.account_id)) AS csat_tickets`);
    expect(Object.values(orphans).every((count) => count === 0)).toBe(true);
    expect(Object.keys(orphans)).toHaveLength(10);
  });

  it('has contiguous subscription spans: each change ends one span and starts the next the same day', async () => {
    const spans = await one(`WITH ordered AS (
        SELECT *, lead(started_on) OVER w AS next_start, row_number() OVER w AS n, count(*) OVER (PARTITION BY account_id, product) AS spans
        FROM subscriptions WINDOW w AS (PARTITION BY account_id, product ORDER BY started_on))
      SELECT
        count(*) FILTER (WHERE n < spans AND (ended_on IS DISTINCT FROM next_start OR end_reason NOT IN ('upgrade', 'downgrade'))) AS gaps,
        count(*) FILTER (WHERE n = spans AND end_reason IN ('upgrade', 'downgrade')) AS dangling_changes,
        count(*) FILTER (WHERE (ended_on IS NULL) <> (end_reason IS NULL)) AS reason_mismatch,
        count(*) FILTER (WHERE ended_on <= started_on) AS empty_spans,
        count(*) FILTER (WHERE end_reason IN ('upgrade', 'downgrade')) AS changes
      FROM ordered`);
    expect(spans).toMatchObject({ gaps: 0, dangling_changes: 0, reason_mismatch: 0, empty_spans: 0 });
    expect(spans.changes).toBeGreaterThan(500);
    const reasons = await all(`SELECT DISTINCT end_reason AS r FROM subscriptions WHERE end_reason IS NOT NULL ORDER BY r`);
    expect(reasons.map((row) => row.r)).toEqual(['budget', 'closed_business', 'competitor', 'downgrade', 'low_usage', 'other', 'poor_support', 'price', 'upgrade']);
    const renewal = await one(`SELECT
      count(*) FILTER (WHERE c.account_id IS NOT NULL AND a.renewal_on IS NOT NULL) AS churned_with_renewal,
      count(*) FILTER (WHERE c.account_id IS NULL AND (a.renewal_on IS NULL OR a.renewal_on <= DATE '2025-06-30'
        OR a.renewal_on > DATE '2026-06-30')) AS active_bad_renewal
      FROM accounts a LEFT JOIN churned c USING (account_id)`);
    expect(renewal).toEqual({ churned_with_renewal: 0, active_bad_renewal: 0 });
  });

  it('keeps survey scores on their scales', async () => {
    const scores = await one(`SELECT
      (SELECT count(*) FROM nps_responses WHERE score NOT BETWEEN 0 AND 10 OR score IS NULL) AS bad_nps,
      (SELECT count(DISTINCT score) FROM nps_responses) AS nps_values,
      (SELECT count(*) FROM csat_responses WHERE score NOT BETWEEN 1 AND 5 OR score IS NULL) AS bad_csat,
      (SELECT count(DISTINCT score) FROM csat_responses) AS csat_values`);
    expect(scores).toEqual({ bad_nps: 0, nps_values: 11, bad_csat: 0, csat_values: 5 });
  });

  it('keeps every event inside the data window and the account\'s life', async () => {
    const outside = await one(`SELECT
      (SELECT count(*) FROM usage_events e JOIN accounts a USING (account_id) LEFT JOIN churned c USING (account_id)
        WHERE e.occurred_at::DATE < a.signup_date OR e.occurred_at::DATE > coalesce(c.churned_on, DATE '2025-06-30')) AS usage,
      (SELECT count(*) FROM tickets WHERE opened_at < TIMESTAMP '2022-07-01' OR opened_at >= TIMESTAMP '2025-07-01'
        OR resolved_at < opened_at OR first_response_at < opened_at) AS tickets,
      (SELECT count(*) FROM invoices WHERE due_on <> issued_on + 30 OR paid_on < issued_on OR paid_on > DATE '2025-06-30') AS invoices`);
    expect(outside).toEqual({ usage: 0, tickets: 0, invoices: 0 });
  });

  it('has yearly logo churn by tier in the bands of DESIGN.md §2', async () => {
    // Logo churn (DESIGN.md §5): accounts active at the period start that churned within the year.
    const rates = await all(`SELECT a.tier, 100.0 * count(c.account_id) FILTER (WHERE c.churned_on <= DATE '2025-06-30') / count(*) AS pct
      FROM accounts a LEFT JOIN churned c USING (account_id)
      WHERE a.signup_date < DATE '2024-07-01' AND (c.churned_on IS NULL OR c.churned_on >= DATE '2024-07-01')
      GROUP BY a.tier`);
    const byTier = Object.fromEntries(rates.map((row) => [row.tier, row.pct as number]));
    expect(byTier.Starter).toBeGreaterThanOrEqual(25);
    expect(byTier.Starter).toBeLessThanOrEqual(40);
    expect(byTier.Growth).toBeGreaterThanOrEqual(10);
    expect(byTier.Growth).toBeLessThanOrEqual(20);
    expect(byTier.Enterprise).toBeGreaterThanOrEqual(3);
    expect(byTier.Enterprise).toBeLessThanOrEqual(10);
  });

  it('has an NPS around +20 to +40', async () => {
    const { nps } = await one(`SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(*) AS nps
      FROM nps_responses`);
    expect(nps).toBeGreaterThanOrEqual(20);
    expect(nps).toBeLessThanOrEqual(40);
  });

  it('links usage to outcomes: the least active fifth churns at least twice as often as the most active fifth', async () => {
    // Logins in the 90 days before 2024-07-01 of the accounts active then, and whether they churned in the next year.
    const quintiles = await all(`WITH base AS (
        SELECT a.account_id, a.tier FROM accounts a LEFT JOIN churned c USING (account_id)
        WHERE a.signup_date < DATE '2024-04-01' AND (c.churned_on IS NULL OR c.churned_on >= DATE '2024-07-01')),
      usage AS (
        SELECT b.account_id, b.tier, count(e.account_id) AS logins FROM base b
        LEFT JOIN usage_events e ON e.account_id = b.account_id AND e.event = 'login'
          AND e.occurred_at >= TIMESTAMP '2024-04-02' AND e.occurred_at < TIMESTAMP '2024-07-01'
        GROUP BY ALL),
      ranked AS (SELECT *, ntile(5) OVER (PARTITION BY tier = 'Starter' ORDER BY logins, account_id) AS quintile FROM usage)
      SELECT tier = 'Starter' AS starter, quintile, avg(coalesce(c.churned_on <= DATE '2025-06-30', false)::INTEGER) AS churn
      FROM ranked r LEFT JOIN churned c USING (account_id) WHERE quintile IN (1, 5) GROUP BY ALL ORDER BY ALL`);
    const rate = (starter: boolean, quintile: number) =>
      Number(quintiles.find((row) => row.starter === starter && row.quintile === quintile)?.churn ?? NaN);
    // Within one tier too, so the link is not only the tier mix (small accounts use less and churn more).
    expect(rate(true, 1)).toBeGreaterThanOrEqual(2 * rate(true, 5));
    expect(rate(false, 1)).toBeGreaterThanOrEqual(2 * rate(false, 5));
  });

  it('links support, payments and sentiment to churn the way real data does', async () => {
    // Over the accounts active on 2024-07-01: churners in the following year had, in the prior 180 days,
    // more tickets, more late invoices and lower NPS than accounts that stayed.
    const signals = await all(`WITH base AS (
        SELECT a.account_id, coalesce(c.churned_on <= DATE '2025-06-30', false) AS churned
        FROM accounts a LEFT JOIN churned c USING (account_id)
        WHERE a.signup_date < DATE '2024-01-01' AND (c.churned_on IS NULL OR c.churned_on >= DATE '2024-07-01'))
      SELECT b.churned,
        avg((SELECT count(*) FROM tickets t WHERE t.account_id = b.account_id AND t.opened_at BETWEEN '2024-01-02' AND '2024-07-01')) AS tickets,
        avg((SELECT count(*) FROM invoices i WHERE i.account_id = b.account_id AND i.due_on BETWEEN '2024-01-02' AND '2024-07-01'
             AND (i.paid_on > i.due_on OR i.paid_on IS NULL))) AS late,
        avg((SELECT avg(score) FROM nps_responses n WHERE n.account_id = b.account_id AND n.responded_at < '2024-07-01')) AS nps
      FROM base b GROUP BY ALL ORDER BY churned`);
    const [stayed, churned] = signals;
    expect(Number(churned?.late)).toBeGreaterThan(1.5 * Number(stayed?.late));
    expect(Number(churned?.nps)).toBeLessThan(Number(stayed?.nps) - 0.5);
    expect(Number(churned?.tickets) / Number(stayed?.tickets)).toBeGreaterThan(0.8);
  });

  it('leaves realistic gaps: silent accounts, open tickets, unpaid invoices', async () => {
    const gaps = await one(`SELECT
      (SELECT count(*) FROM accounts WHERE account_id NOT IN (SELECT account_id FROM nps_responses)) AS never_answered_nps,
      (SELECT count(*) FROM tickets WHERE resolved_at IS NULL) AS open_tickets,
      (SELECT count(*) FROM invoices WHERE paid_on IS NULL) AS unpaid_invoices,
      (SELECT count(*) FROM referrals WHERE converted) AS converted_referrals,
      (SELECT count(*) FROM referrals WHERE NOT converted AND referred_account_id IS NULL) AS open_referrals,
      (SELECT count(*) FROM accounts) AS accounts`);
    expect(Number(gaps.never_answered_nps)).toBeGreaterThan(1000);
    expect(Number(gaps.open_tickets)).toBeGreaterThan(20);
    expect(Number(gaps.unpaid_invoices)).toBeGreaterThan(100);
    expect(Number(gaps.converted_referrals)).toBeGreaterThan(100);
    expect(Number(gaps.open_referrals)).toBeGreaterThan(100);
  });
});
