import { readFileSync } from 'node:fs';

/**
 * Rules texts without syntax errors (they need not check against any schema), between them
 * using every construct of the grammar and comments in every place a formatter can lose one.
 */
export const formatCorpus: Readonly<Record<string, string>> = {
  designExample: readFileSync(new URL('./golden/design-example.pulse', import.meta.url), 'utf8'),
  sampleModel: readFileSync(new URL('../../../samples/models/health.pulse', import.meta.url), 'utf8'),

  aggregates: `source usage = usage_events time occurred_at
source subs = subscriptions key account_id time started_on
measure a1 = count(usage)
measure a2 = count(distinct usage.user_id where event != 'x' during last 2 weeks)
measure a3 = count distinct usage.user_id where event <> 'y'
measure a4 = sum(subs.mrr during 3 to 1 months ago)
measure a5 = avg(subs.mrr) + min(subs.mrr) - max(subs.mrr) * median(subs.mrr) / 2
measure a6 = latest(subs.plan where mrr > 0)
measure a7 = first subs.started_on during last 1 year
measure a8 = latest usage.event where event in ('a', 'b') and not (duration_s between 1 and 5)
measure a9 = count(usage where occurred_at > asof during 10 to 5 day ago)
`,

  expressions: `measure e1 = -seats + -(-1) * 2.5e3 / .5 - - 2
measure e2 = coalesce(seats, 0) >= least(1, 2, 3)
measure e3 = days_between(signup_date, 2025-01-31) - days_since(renewal_on) + days_until(asof)
segment e4 = tier not in ('free', 'trial') or tier is not null and not e5
segment e5 "Label with ""quotes""" = seats not between 1 and 10
segment e6 = asof > 2025-01-01 and \`Total Charges\` > 0 and account.seats = 3 and x is null
measure e7 = round(abs(seats - 10), 2) * (1 + (2 - 3)) / greatest(1, 2)
segment e8 = (true or false) and null is null and 'it''s' = tier
measure e9 "Measure label" = band seats { >= 10: 100, else: 0 } + band tier { = 'a': 1, missing: -1 }
`,

  scores: `score s1 "S" {
  c1 weight 0.5 = band seats { >= 10: 100, > 5: 80, = 5: 60, != 4: 40, < 2: -10, <= 3: 20, missing: 50, else: 0 }
  c2 weight 1 = band tier { = 'gold': 100, = 'it''s': 50, else: 0 }
  c3 weight 2 = band signup_date { >= 2024-01-01: 100, <> 2023-01-01: 10, else: 0 }
  \`odd name\` weight 3 = clamp(seats, 0, 100)
  c5 weight -1 = -seats
  missing zero
  grades { a >= 90, b >= -5, c }
}
score s2 { only weight 1 = 50 missing null }
score s3 {
  grades { x }
  z weight 1 = 1
}
score s4 "Empty" {}
`,

  softKeywords: `entity customer = telco key customerID
source time = events key customerID time time
measure month = count(time where key = 'x' during last 1 month)
measure weight = month * 2 - weight_base
measure days = weight + month - zero(1) - reweight
score last "L" {
  to weight 1 = days
  ago weight 1 = band weight { >= 1: 100, else: 0 }
  weight weight 2 = last.to
  missing reweight
}
segment zero = last.to > 1 and last.grade = 'a' and ago.weight > 0
`,

  keywordCase: `ENTITY Account = Accounts KEY Account_ID
SOURCE nps = nps_responses TIME responded_at
SOURCE s = T Time Count KEY Key
Asof 2024-02-29
MEASURE n = LATEST nps.Score WHERE \`Score\` > 0 DURING LAST 3 DAYS
Measure m = Latest nps.\`first\` During 6 To 3 Weeks Ago
SEGMENT g = n IS NOT NULL AND m NOT IN (1, 2) OR NOT TRUE
SCORE h { A WEIGHT 1 = n MISSING ZERO GRADES { Hi >= 1, Lo } }
`,

  comments: `# leading


# another, after two blank lines
measure x = 1 # eol
   # an indented comment between statements
measure y = # after the equals sign
  x +
  # between operands

  1
score h { # after the brace
  # before an item
  a weight 1 = x # after an item


  # blank line above
  b weight 2 = band y { # inside a band
    >= 1: 100, # after an arm
    else: 0 } # after a band
  missing   # between missing and its policy
    zero
  # before the closing brace
} # after the closing brace
segment s = count(u # inside an aggregate
  where (a # inside parentheses
  ) = 1 during last # inside a window
  3 days)
# trailing comment`,

  crlf: 'measure a = 1\r\n\r\n\r\nmeasure b = a   # note\r\nsegment c = b > 1\r\n',
  onlyComment: '   # only a comment   ',
  empty: '',
  oneStatement: 'asof 2025-01-01',
};
