/**
 * Highlighting for `chart` cells, which hold either one line naming a built-in chart
 * (docs/charts.md) or a Vega-Lite spec as JSON: chart names, the line's keywords, and JSON's
 * strings, numbers and brackets.
 */
import { monaco } from './monaco-setup.ts';

export const CHART = 'pulse-chart';

const CHARTS = ['retention', 'churn_rate', 'ltv', 'nps', 'csat', 'health_distribution', 'grade_migration', 'backtest', 'resolution_time', 'churn_reasons',
  'referrals', 'survey'];
const WORDS = ['by', 'where', 'of', 'monthly', 'quarterly', 'yearly', 'revenue', 'cap', 'months', 'none', 'true', 'false', 'null'];

/** Registers the language id `pulse-chart`. */
export function registerChartLanguage(): void {
  monaco.languages.register({ id: CHART });
  monaco.languages.setMonarchTokensProvider(CHART, {
    ignoreCase: true,
    charts: CHARTS,
    words: WORDS,
    tokenizer: {
      root: [
        [/"(?:[^"\\]|\\.)*"(?=\s*:)/, 'type'],
        [/"(?:[^"\\]|\\.)*"/, 'string'],
        [/-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/, 'number'],
        [/[A-Za-z_][A-Za-z0-9_]*/, { cases: { '@charts': 'type.chart', '@words': 'keyword.chart', '@default': 'identifier' } }],
        [/[{}[\]]/, '@brackets'],
      ],
    },
  } as monaco.languages.IMonarchLanguage);
  monaco.languages.setLanguageConfiguration(CHART, {
    brackets: [['{', '}'], ['[', ']']],
    autoClosingPairs: [{ open: '{', close: '}' }, { open: '[', close: ']' }, { open: '"', close: '"' }],
  });
}
