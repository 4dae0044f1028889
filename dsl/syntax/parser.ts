import { CstParser, type CstNode, type IParserErrorMessageProvider } from 'chevrotain';
import * as t from './tokens.ts';
import { describeToken, describeTokenType } from './token-names.ts';

/**
 * Error messages in the words of the rules language rather than Chevrotain's
 * ("expected `=` but found `count`").
 */
const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${describeTokenType(expected)} but found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) => {
    const what = ruleDescriptions[ruleName];
    const firsts = [...new Set(expectedPathsPerAlt.flatMap((paths) => paths.map((path) => path[0])).filter((token) => token !== undefined))];
    const expected = what ?? firsts.slice(0, 6).map((token) => describeTokenType(token!)).join(', ');
    return `expected ${expected} but found ${describeToken(actual[0]!)}`;
  },
  buildEarlyExitMessage: ({ actual, ruleName }) => `expected ${ruleDescriptions[ruleName] ?? 'more'} but found ${describeToken(actual[0]!)}`,
};

/** What a rule stands for, when the parser has to say it expected one. */
const ruleDescriptions: Record<string, string> = {
  statement: 'a statement (entity, source, asof, measure, score or segment)',
  primary: 'a value, a name or an aggregate',
  expression: 'an expression',
  andExpression: 'an expression',
  notExpression: 'an expression',
  comparison: 'an expression',
  additive: 'an expression',
  multiplicative: 'an expression',
  unary: 'an expression',
  columnName: 'a name',
  name: 'a name',
  scoreItem: 'a component (`name weight N = …`), `missing` or `grades`',
  bandArm: 'a band arm such as `>= 20: 100`, `else: 10` or `missing: 0`',
  bandTest: 'a comparison such as `>= 20`, or `else`, or `missing`',
  comparisonOperator: 'a comparison (=, !=, <, <=, >, >=)',
  literal: 'a number, a string or a date',
  durationUnit: 'days, weeks, months or years',
  windowSpec: '`last N days` or `N to M days ago`',
  aggregate: 'an aggregate',
  signedNumber: 'a number',
};

/**
 * The grammar of DESIGN.md §3 as a Chevrotain CST parser. Each call parses one statement
 * (`parse.ts` splits the file into statements so that one broken statement cannot hide the
 * errors of the next). Error recovery is on: a missing token is inserted or a stray one
 * skipped, and the parse goes on.
 */
export class PulseParser extends CstParser {
  constructor() {
    // Node locations give every AST node its range without walking its tokens again.
    super(t.allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: errorMessages, nodeLocationTracking: 'full' });
    this.performSelfAnalysis();
  }

  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.entityStatement) },
      { ALT: () => this.SUBRULE(this.sourceStatement) },
      { ALT: () => this.SUBRULE(this.asofStatement) },
      { ALT: () => this.SUBRULE(this.measureStatement) },
      { ALT: () => this.SUBRULE(this.scoreStatement) },
      { ALT: () => this.SUBRULE(this.segmentStatement) },
    ]);
  });

  entityStatement = this.RULE('entityStatement', () => {
    this.CONSUME(t.Entity);
    this.SUBRULE(this.name, { LABEL: 'entityName' });
    this.CONSUME(t.Equals);
    this.SUBRULE(this.columnName, { LABEL: 'table' });
    this.OPTION(() => {
      this.CONSUME(t.Key);
      this.SUBRULE2(this.columnName, { LABEL: 'key' });
    });
  });

  sourceStatement = this.RULE('sourceStatement', () => {
    this.CONSUME(t.Source);
    this.SUBRULE(this.name, { LABEL: 'sourceName' });
    this.OPTION(() => {
      this.CONSUME(t.Equals);
      this.SUBRULE(this.columnName, { LABEL: 'table' });
    });
    this.MANY(() => {
      this.OR([
        { ALT: () => { this.CONSUME(t.Key); this.SUBRULE2(this.columnName, { LABEL: 'key' }); } },
        { ALT: () => { this.CONSUME(t.Time); this.SUBRULE3(this.columnName, { LABEL: 'time' }); } },
      ]);
    });
  });

  asofStatement = this.RULE('asofStatement', () => {
    this.CONSUME(t.Asof);
    this.CONSUME(t.DateLiteral);
  });

  measureStatement = this.RULE('measureStatement', () => {
    this.CONSUME(t.Measure);
    this.SUBRULE(this.name);
    this.OPTION(() => this.CONSUME(t.LabelLiteral));
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  segmentStatement = this.RULE('segmentStatement', () => {
    this.CONSUME(t.Segment);
    this.SUBRULE(this.name);
    this.OPTION(() => this.CONSUME(t.LabelLiteral));
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  scoreStatement = this.RULE('scoreStatement', () => {
    this.CONSUME(t.Score);
    this.SUBRULE(this.name);
    this.OPTION(() => this.CONSUME(t.LabelLiteral));
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.scoreItem));
    this.CONSUME(t.RBrace);
  });

  scoreItem = this.RULE('scoreItem', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.component) },
      { ALT: () => this.SUBRULE(this.missingClause) },
      { ALT: () => this.SUBRULE(this.gradesClause) },
    ]);
  });

  component = this.RULE('component', () => {
    this.SUBRULE(this.name);
    this.CONSUME(t.Weight);
    this.SUBRULE(this.signedNumber);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  missingClause = this.RULE('missingClause', () => {
    this.CONSUME(t.Missing);
    this.OR([
      { ALT: () => this.CONSUME(t.Reweight) },
      { ALT: () => this.CONSUME(t.Zero) },
      { ALT: () => this.CONSUME(t.Null) },
    ]);
  });

  gradesClause = this.RULE('gradesClause', () => {
    this.CONSUME(t.Grades);
    this.CONSUME(t.LBrace);
    this.SUBRULE(this.gradeArm);
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.SUBRULE2(this.gradeArm);
    });
    this.CONSUME(t.RBrace);
  });

  gradeArm = this.RULE('gradeArm', () => {
    this.SUBRULE(this.name);
    this.OPTION(() => {
      this.CONSUME(t.GreaterEqual);
      this.SUBRULE(this.signedNumber);
    });
  });

  // -------------------------------------------------------------------------------------------
  // Expressions, lowest precedence first.

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpression, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(t.Or);
      this.SUBRULE2(this.andExpression, { LABEL: 'operands' });
    });
  });

  andExpression = this.RULE('andExpression', () => {
    this.SUBRULE(this.notExpression, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(t.And);
      this.SUBRULE2(this.notExpression, { LABEL: 'operands' });
    });
  });

  notExpression = this.RULE('notExpression', () => {
    this.OR([
      { ALT: () => { this.CONSUME(t.Not); this.SUBRULE(this.notExpression); } },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive, { LABEL: 'subject' });
    this.OPTION(() => {
      this.OR([
        { ALT: () => { this.SUBRULE(this.comparisonOperator); this.SUBRULE2(this.additive, { LABEL: 'other' }); } },
        { ALT: () => { this.CONSUME(t.Is); this.OPTION2(() => this.CONSUME(t.Not)); this.CONSUME(t.Null); } },
        { ALT: () => {
          this.OPTION3(() => this.CONSUME2(t.Not));
          this.CONSUME(t.In);
          this.CONSUME(t.LParen);
          this.SUBRULE(this.expression, { LABEL: 'items' });
          this.MANY(() => { this.CONSUME(t.Comma); this.SUBRULE2(this.expression, { LABEL: 'items' }); });
          this.CONSUME(t.RParen);
        } },
        { ALT: () => {
          this.OPTION4(() => this.CONSUME3(t.Not));
          this.CONSUME(t.Between);
          this.SUBRULE3(this.additive, { LABEL: 'low' });
          this.CONSUME(t.And);
          this.SUBRULE4(this.additive, { LABEL: 'high' });
        } },
      ]);
    });
  });

  comparisonOperator = this.RULE('comparisonOperator', () => {
    this.OR(t.comparisonTokens.map((token) => ({ ALT: () => this.CONSUME(token) })));
  });

  additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(t.Plus, { LABEL: 'operators' }) }, { ALT: () => this.CONSUME(t.Minus, { LABEL: 'operators' }) }]);
      this.SUBRULE2(this.multiplicative, { LABEL: 'operands' });
    });
  });

  multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(t.Star, { LABEL: 'operators' }) }, { ALT: () => this.CONSUME(t.Slash, { LABEL: 'operators' }) }]);
      this.SUBRULE2(this.unary, { LABEL: 'operands' });
    });
  });

  unary = this.RULE('unary', () => {
    this.OR([
      { ALT: () => { this.CONSUME(t.Minus); this.SUBRULE(this.unary); } },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.NumberLiteral) },
      { ALT: () => this.CONSUME(t.StringLiteral) },
      { ALT: () => this.CONSUME(t.DateLiteral) },
      { ALT: () => this.CONSUME(t.True) },
      { ALT: () => this.CONSUME(t.False) },
      { ALT: () => this.CONSUME(t.Null) },
      { ALT: () => this.CONSUME(t.Asof) },
      { ALT: () => this.SUBRULE(this.aggregate) },
      { ALT: () => this.SUBRULE(this.band) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.callOrReference) },
    ]);
  });

  parenthesized = this.RULE('parenthesized', () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(t.RParen);
  });

  callOrReference = this.RULE('callOrReference', () => {
    this.SUBRULE(this.name, { LABEL: 'head' });
    this.OPTION(() => {
      this.OR([
        { ALT: () => {
          this.CONSUME(t.LParen);
          this.OPTION2(() => {
            this.SUBRULE(this.expression, { LABEL: 'args' });
            this.MANY(() => { this.CONSUME(t.Comma); this.SUBRULE2(this.expression, { LABEL: 'args' }); });
          });
          this.CONSUME(t.RParen);
        } },
        { ALT: () => { this.CONSUME(t.Dot); this.SUBRULE(this.columnName, { LABEL: 'member' }); } },
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------
  // Aggregates over sources.

  aggregate = this.RULE('aggregate', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.countAggregate) },
      { ALT: () => this.SUBRULE(this.valueAggregate) },
      { ALT: () => this.SUBRULE(this.pickAggregate) },
    ]);
  });

  /** `count(usage …)`, `count(distinct usage.user_id …)`, `count distinct usage.user_id …` */
  countAggregate = this.RULE('countAggregate', () => {
    this.CONSUME(t.Count);
    this.OR([
      { ALT: () => {
        this.CONSUME(t.LParen);
        this.OR2([
          { ALT: () => { this.CONSUME(t.Distinct); this.SUBRULE(this.sourceColumn); } },
          { ALT: () => this.SUBRULE(this.name, { LABEL: 'source' }) },
        ]);
        this.SUBRULE(this.aggregateFilters);
        this.CONSUME(t.RParen);
      } },
      { ALT: () => {
        this.CONSUME2(t.Distinct);
        this.SUBRULE2(this.sourceColumn);
        this.SUBRULE2(this.aggregateFilters);
      } },
    ]);
  });

  /** `sum(subs.mrr where … during …)` and avg, min, max, median. */
  valueAggregate = this.RULE('valueAggregate', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Sum, { LABEL: 'function' }) },
      { ALT: () => this.CONSUME(t.Avg, { LABEL: 'function' }) },
      { ALT: () => this.CONSUME(t.Min, { LABEL: 'function' }) },
      { ALT: () => this.CONSUME(t.Max, { LABEL: 'function' }) },
      { ALT: () => this.CONSUME(t.Median, { LABEL: 'function' }) },
    ]);
    this.CONSUME(t.LParen);
    this.SUBRULE(this.sourceColumn);
    this.SUBRULE(this.aggregateFilters);
    this.CONSUME(t.RParen);
  });

  /** `latest nps.score where …`, `first subs.started_on`, with or without parentheses. */
  pickAggregate = this.RULE('pickAggregate', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Latest, { LABEL: 'function' }) },
      { ALT: () => this.CONSUME(t.First, { LABEL: 'function' }) },
    ]);
    this.OR2([
      { ALT: () => {
        this.CONSUME(t.LParen);
        this.SUBRULE(this.sourceColumn);
        this.SUBRULE(this.aggregateFilters);
        this.CONSUME(t.RParen);
      } },
      { ALT: () => {
        this.SUBRULE2(this.sourceColumn);
        this.SUBRULE2(this.aggregateFilters);
      } },
    ]);
  });

  sourceColumn = this.RULE('sourceColumn', () => {
    this.SUBRULE(this.name, { LABEL: 'source' });
    this.CONSUME(t.Dot);
    this.SUBRULE(this.columnName, { LABEL: 'column' });
  });

  aggregateFilters = this.RULE('aggregateFilters', () => {
    this.OPTION(() => {
      this.CONSUME(t.Where);
      this.SUBRULE(this.expression, { LABEL: 'where' });
    });
    this.OPTION2(() => this.SUBRULE(this.windowSpec));
  });

  /** `during last 30 days`, `during 60 to 30 days ago` */
  windowSpec = this.RULE('windowSpec', () => {
    this.CONSUME(t.During);
    this.OR([
      { ALT: () => {
        this.CONSUME(t.Last);
        this.CONSUME(t.NumberLiteral, { LABEL: 'from' });
        this.SUBRULE(this.durationUnit);
      } },
      { ALT: () => {
        this.CONSUME2(t.NumberLiteral, { LABEL: 'from' });
        this.CONSUME(t.To);
        this.CONSUME3(t.NumberLiteral, { LABEL: 'to' });
        this.SUBRULE2(this.durationUnit);
        this.CONSUME(t.Ago);
      } },
    ]);
  });

  durationUnit = this.RULE('durationUnit', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.DayUnit) },
      { ALT: () => this.CONSUME(t.WeekUnit) },
      { ALT: () => this.CONSUME(t.MonthUnit) },
      { ALT: () => this.CONSUME(t.YearUnit) },
    ]);
  });

  // -------------------------------------------------------------------------------------------
  // Bands.

  band = this.RULE('band', () => {
    this.CONSUME(t.Band);
    this.SUBRULE(this.additive, { LABEL: 'subject' });
    this.CONSUME(t.LBrace);
    this.SUBRULE(this.bandArm);
    this.MANY(() => {
      this.CONSUME(t.Comma);
      this.SUBRULE2(this.bandArm);
    });
    this.CONSUME(t.RBrace);
  });

  bandArm = this.RULE('bandArm', () => {
    this.SUBRULE(this.bandTest);
    this.CONSUME(t.Colon);
    this.SUBRULE(this.signedNumber, { LABEL: 'result' });
  });

  bandTest = this.RULE('bandTest', () => {
    this.OR([
      { ALT: () => { this.SUBRULE(this.comparisonOperator); this.SUBRULE(this.literal); } },
      { ALT: () => this.CONSUME(t.Else) },
      { ALT: () => this.CONSUME(t.Missing) },
    ]);
  });

  literal = this.RULE('literal', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.signedNumber) },
      { ALT: () => this.CONSUME(t.StringLiteral) },
      { ALT: () => this.CONSUME(t.DateLiteral) },
    ]);
  });

  signedNumber = this.RULE('signedNumber', () => {
    this.OPTION(() => this.CONSUME(t.Minus));
    this.CONSUME(t.NumberLiteral);
  });

  name = this.RULE('name', () => {
    this.OR([
      { ALT: () => this.CONSUME(t.Identifier) },
      { ALT: () => this.CONSUME(t.QuotedIdentifier) },
    ]);
  });

  /**
   * A name where no keyword can stand — after a dot, and for tables and columns in
   * declarations — so that a column may be called `score` or `time`: `latest nps.score`.
   */
  columnName = this.RULE('columnName', () => {
    this.OR(this.columnNameAlternatives ??= [t.Identifier, t.QuotedIdentifier, ...t.reservedKeywords].map((token) => ({ ALT: () => this.CONSUME(token) })));
  });

  private columnNameAlternatives?: { ALT: () => unknown }[];
}

/** One parser for the process: Chevrotain parsers are reusable by resetting `input`. */
export const pulseParser = new PulseParser();

export type { CstNode };
