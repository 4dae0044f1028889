import { tokenMatcher } from 'chevrotain';
import { Identifier, keywords, pulseLexer } from '../syntax/tokens.ts';

const keywordTypes = new Set(keywords);

/**
 * How a name must be written to be read back as that name. A bare name must be a plain
 * identifier that is not a reserved keyword (soft ones such as `month` are names); after a dot
 * (`nps.score`) any keyword is fine. Anything else goes in backticks.
 */
export function writeName(name: string, place: 'bare' | 'member' = 'bare'): string {
  const lexed = pulseLexer.tokenize(name);
  const only = lexed.tokens.length === 1 && lexed.errors.length === 0 ? lexed.tokens[0] : undefined;
  const plain = only !== undefined && only.image === name
    && (tokenMatcher(only, Identifier) || (place === 'member' && keywordTypes.has(only.tokenType)));
  return plain ? name : `\`${name}\``;
}
