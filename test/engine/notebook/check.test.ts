import { describe, expect, it } from 'vitest';
import { checkNotebook } from '../../../engine/notebook/check.ts';
import { cellFirstLines, parseNotebook } from '../../../engine/notebook/format.ts';
import { sampleSchema } from '../../helpers/sample-schema.ts';

const text = `# Title

\`\`\`pulse
source usage = usage_events time occurred_at
measure logins = count(usage)
\`\`\`

Prose between.

\`\`\`pulse
measure per_seat = logins / seat
\`\`\`

\`\`\`chart
nps by teir quarterly
\`\`\`
`;

describe('checking a notebook without running it', () => {
  it('knows the file line where each cell begins', () => {
    expect(cellFirstLines(parseNotebook(text))).toEqual([1, 4, 7, 11, 13, 15]);
  });

  it('reports the model\'s and the chart lines\' problems at their lines in the file', () => {
    const shown = checkNotebook(text, sampleSchema).map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`);
    expect(shown).toEqual(['11:29 unknown name `seat` — did you mean `seats`?']);
  });
});
