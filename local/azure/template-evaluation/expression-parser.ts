// Parses the ARM template expression language: the text between the outer brackets of "[...]".
// Grammar: expr := primary ( '.' name | '[' expr ']' )*
//          primary := 'string' | integer | name '(' [expr (',' expr)*] ')'

export type ExpressionNode =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'call'; name: string; args: ExpressionNode[] }
  | { kind: 'property'; target: ExpressionNode; name: string }
  | { kind: 'index'; target: ExpressionNode; index: ExpressionNode };

/** A malformed expression; the deployment answers it with InvalidTemplate. */
export class ExpressionSyntaxError extends Error {}

type Token =
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'name'; value: string; at: number }
  | { type: 'punct'; value: '(' | ')' | ',' | '.' | '[' | ']'; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'") {
      // Strings use '' to escape a quote, as in ARM.
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new ExpressionSyntaxError(`unterminated string starting at position ${i + 1}`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ type: 'string', value, at: i });
      i = j + 1;
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^-?[0-9]+/.exec(text.slice(i))!;
      tokens.push({ type: 'number', value: Number(match[0]), at: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ type: 'name', value: match[0], at: i });
      i += match[0].length;
    } else if ('(),.[]'.includes(ch)) {
      tokens.push({ type: 'punct', value: ch as '(' | ')' | ',' | '.' | '[' | ']', at: i });
      i++;
    } else {
      throw new ExpressionSyntaxError(`unexpected character '${ch}' at position ${i + 1}`);
    }
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  parseAll(): ExpressionNode {
    const node = this.parseExpression();
    const extra = this.tokens[this.position];
    if (extra) throw new ExpressionSyntaxError(`unexpected '${String(extra.value)}' at position ${extra.at + 1}`);
    return node;
  }

  private parseExpression(): ExpressionNode {
    let node = this.parsePrimary();
    for (;;) {
      if (this.takePunct('.')) {
        const name = this.next();
        if (name?.type !== 'name') throw new ExpressionSyntaxError('expected a property name after "."');
        node = { kind: 'property', target: node, name: name.value };
      } else if (this.takePunct('[')) {
        const index = this.parseExpression();
        this.expectPunct(']');
        node = { kind: 'index', target: node, index };
      } else {
        return node;
      }
    }
  }

  private parsePrimary(): ExpressionNode {
    const token = this.next();
    if (!token) throw new ExpressionSyntaxError('unexpected end of expression');
    if (token.type === 'string') return { kind: 'string', value: token.value };
    if (token.type === 'number') return { kind: 'number', value: token.value };
    if (token.type === 'name') {
      if (!this.takePunct('('))
        throw new ExpressionSyntaxError(`'${token.value}' must be followed by '(': only function calls are allowed`);
      const args: ExpressionNode[] = [];
      if (!this.takePunct(')')) {
        for (;;) {
          args.push(this.parseExpression());
          if (this.takePunct(')')) break;
          this.expectPunct(',');
        }
      }
      return { kind: 'call', name: token.value, args };
    }
    throw new ExpressionSyntaxError(`unexpected '${token.value}' at position ${token.at + 1}`);
  }

  private next(): Token | undefined {
    return this.tokens[this.position++];
  }

  private takePunct(value: string): boolean {
    const token = this.tokens[this.position];
    if (token?.type === 'punct' && token.value === value) {
      this.position++;
      return true;
    }
    return false;
  }

  private expectPunct(value: string): void {
    if (!this.takePunct(value)) {
      const token = this.tokens[this.position];
      throw new ExpressionSyntaxError(
        token
          ? `expected '${value}' but found '${String(token.value)}' at position ${token.at + 1}`
          : `expected '${value}' at end of expression`,
      );
    }
  }
}

export function parseExpression(text: string): ExpressionNode {
  return new Parser(tokenize(text)).parseAll();
}

/** Whether a template string is an expression: "[...]" but not the "[[" escape. */
export function isExpression(value: string): boolean {
  return value.length >= 2 && value.startsWith('[') && value.endsWith(']') && !value.startsWith('[[');
}
