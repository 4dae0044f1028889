import { readFileSync } from 'node:fs';

/**
 * Valid rules files over the sample data (test/helpers/sample-schema.ts), between them using
 * every construct of DESIGN.md §3. The fuzz tests mutate them; a test checks that each one
 * is free of errors as written, so that mutations start from real models.
 */

/** The example of DESIGN.md §3, as written there. */
export const designExample = `# The grain: one row per account. Default: table \`accounts\`, key \`account_id\`.
entity account = accounts key account_id

# Event tables, joined to the entity on the key (same column name unless \`key\` says otherwise),
# with the time column that windows and as-of evaluation use.
source usage   = usage_events  time occurred_at
source tickets = tickets       time opened_at
source invoices                time due_on
source nps     = nps_responses time responded_at
source subs    = subscriptions time started_on

# Optional default evaluation date; the UI and CLI can override it.
# Without it: the latest time found in any source.
asof 2025-06-30

measure logins_30d   = count(usage where event = 'login' during last 30 days)
measure logins_prev  = count(usage where event = 'login' during 60 to 30 days ago)
measure users_30d    = count distinct usage.user_id during last 30 days
measure open_tickets = count(tickets where resolved_at is null)
measure late_90d     = count(invoices where paid_on > due_on or paid_on is null during last 90 days)
measure nps_last     = latest nps.score
measure mrr          = sum(subs.mrr where ended_on is null)
measure seat_use     = users_30d / seats              # seats: a column of the entity
measure login_trend  = logins_30d / logins_prev       # x / 0 is null, never an error

score health "Account health" {
  usage     weight 40 = band logins_30d   { >= 20: 100, >= 5: 60, else: 10 }
  adoption  weight 20 = clamp(seat_use * 100, 0, 100)
  support   weight 15 = band open_tickets { = 0: 100, <= 2: 60, else: 20 }
  payments  weight 15 = band late_90d     { = 0: 100, = 1: 50, else: 0 }
  sentiment weight 10 = band nps_last     { >= 9: 100, >= 7: 60, else: 10 }
  missing reweight                       # reweight (default) | zero | null
  grades { green >= 70, yellow >= 40, red }
}

segment at_risk      = health.grade = 'red' and mrr >= 1000
segment champions    = nps_last >= 9 and health >= 80
segment renewal_due "Renewal within 90 days" = days_until(renewal_on) between 0 and 90
`;

/** Every aggregate, with and without parentheses, and every window unit. */
const aggregates = `source usage = usage_events time occurred_at
source subs = subscriptions time started_on
source csat = csat_responses time responded_at
source trainings time attended_on
source refs = referrals key referrer_account_id time referred_on

measure events_wk     = count(usage during last 2 weeks)
measure events_q      = count(usage where feature in ('reports', 'alerts') during last 3 months)
measure events_y      = count(usage during 2 to 1 years ago)
measure users_all     = count(distinct usage.user_id)
measure users_prev    = count distinct usage.user_id where event != 'login' during 60 to 30 days ago
measure time_avg      = avg(usage.duration_s during last 1 month)
measure time_min      = min(usage.duration_s where duration_s > 0)
measure time_max      = max(usage.duration_s)
measure time_median   = median(usage.duration_s where event <> 'login')
measure first_start   = first subs.started_on
measure first_mrr     = first(subs.mrr where plan is not null)
measure latest_plan   = latest(subs.plan)
measure csat_last     = latest csat.score where touchpoint = 'ticket'
measure courses       = count(trainings where course not in ('onboarding'))
measure referrals_won = count(refs where converted = true and referred_account_id is not null)
measure first_event   = min(usage.occurred_at)
`;

/** Entity columns, functions, bands over text and dates, other missing policies. */
const functions = `entity customer = accounts key account_id
source tickets = tickets time opened_at
source nps = nps_responses time responded_at

measure tenure_days  = days_between(signup_date, asof)
measure since_signup = days_since(customer.signup_date)
measure to_renewal   = days_until(renewal_on)
measure open_now     = count(tickets where resolved_at is null or resolved_at > asof)
measure slow         = count(tickets where first_response_at is null and complexity = 'complex' during last 90 days)
measure nps_avg      = round(avg(nps.score during last 1 year), 1)
measure nps_floor    = coalesce(min(nps.score), 0)
measure size         = abs(-seats) + least(seats, 10) - greatest(seats, 0) * 1.5 / 2
measure recent       = latest tickets.opened_at
measure recent_days  = days_since(recent)

score fit {
  tier      weight 2   = band tier { = 'Enterprise': 100, = 'Growth': 70, else: 40, missing: 0 }
  renewal   weight 1.5 = band renewal_on { <= 2025-09-30: 20, else: 90 }
  contact   weight 0   = band recent_days { < 30: 100, < 90: 50, else: 0, missing: 10 }
  support   weight 1   = 100 - clamp(open_now * 25, 0, 100)
  missing zero
  grades { good >= 75.5, fine >= 40, poor }
}

score strict "Strict" {
  nps weight 1 = band nps_avg { >= 9: 100, >= -1: 10 }
  missing null
}

segment big "Big and staying" = seats >= 50 and not (to_renewal < 30)
segment good_fit = fit.grade in ('good', 'fine') and fit.tier >= 70
segment unknown_nps = strict is null or nps_floor not between 1 and 6
segment renewing_soon = renewal_on between asof and 2025-12-31 and big
`;

/** Keywords in any case, backtick names, comments everywhere, odd spacing. */
const spelling = `# a model written untidily
ENTITY Account = Accounts KEY Account_ID   # keywords and names in any case
Source Usage = usage_events Time occurred_at
SOURCE \`invoices\` time due_on
AsOf 2024-12-31

Measure \`logins 30d\` "Logins, last 30 days" = Count(Usage Where Event = 'login' During Last 30 Days)
measure \`late\`=count(invoices where paid_on>due_on or paid_on is null and due_on<asof)
measure ratio = \`logins 30d\` / (seats + 0.5) * 100
measure quoted = 'it''s' # a quote inside a string
SCORE h {
  a WEIGHT 1 = Band ratio {>=10:100,else:0}
  \`b c\` weight 3 = band \`late\` { = 0 : 100 , missing : 50 , else : 0 }
  grades { \`top tier\` >= 50, rest }
}
segment s = h.\`b c\` > 50 Or H.Grade = 'rest'
segment t = \`s\` And Not s Is Null
`;

/** The smallest models: only declarations, a lone measure, a default entity. */
const small = [
  'measure one = 1\n',
  'entity a = accounts\n',
  'source usage = usage_events time occurred_at\nmeasure n = count(usage)\n',
  "segment enterprise = tier = 'Enterprise'\n",
  'asof 2025-01-31\nmeasure d = asof\n',
];

/** The sample health model that ships with Pulse. */
export const healthModel = readFileSync(new URL('../../samples/models/health.pulse', import.meta.url), 'utf8');

export const corpus: readonly string[] = [designExample, healthModel, aggregates, functions, spelling, ...small];
