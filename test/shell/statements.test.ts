import { describe, expect, it } from 'vitest';
import { historyEntry, isBlank, scanSql, splitStatements } from '../../src/cli/shell/statements.js';

describe('splitStatements', () => {
  it('splits at each ; and keeps the unfinished rest', () => {
    expect(splitStatements('select 1; select 2;\nselect')).toEqual({
      statements: ['select 1;', 'select 2;'],
      rest: 'select',
    });
  });

  it('waits for the ; of a statement typed over several lines', () => {
    expect(splitStatements('select username\nfrom jumpcloud_user')).toEqual({
      statements: [],
      rest: 'select username\nfrom jumpcloud_user',
    });
    expect(splitStatements('select username\nfrom jumpcloud_user\n;').statements).toEqual([
      'select username\nfrom jumpcloud_user\n;',
    ]);
  });

  it.each([
    ["select 'a;b'", 'string'],
    ["select 'it''s; here'", 'a doubled quote'],
    ["select E'a\\';b'", 'an E string with a backslash escape'],
    ['select 1 as "x;y"', 'a quoted identifier'],
    ['select 1 -- not; the end', 'a line comment'],
    ['select 1 /* a; /* nested; */ still; */', 'a nested block comment'],
    ['select $$a;b$$', 'a dollar quote'],
    ['select $fn$ a; $$ b; $fn$', 'a tagged dollar quote with $$ inside'],
  ])('ignores a ; inside %s (%s)', (sql) => {
    expect(splitStatements(sql)).toEqual({ statements: [], rest: sql });
    expect(splitStatements(`${sql}\n;`).statements).toEqual([`${sql}\n;`]);
  });

  it('reads a backslash as an ordinary character in a standard string', () => {
    expect(splitStatements("select 'a\\'; select 2;").statements).toEqual(["select 'a\\';", 'select 2;']);
  });

  it('does not take $1 or a$b for dollar quotes', () => {
    expect(splitStatements('select a$b$c from t where x = $1; select 2;').statements).toHaveLength(2);
  });

  it('drops empty statements and a rest of only comments', () => {
    expect(splitStatements(';; -- hi\n/* c */ ;select 1; -- done')).toEqual({
      statements: ['select 1;'],
      rest: '',
    });
  });
});

describe('scanSql', () => {
  it('says what the text ends inside', () => {
    expect(scanSql("select 'abc").openAt).toBe('string');
    expect(scanSql('select "abc').openAt).toBe('identifier');
    expect(scanSql('select 1 -- c').openAt).toBe('line-comment');
    expect(scanSql('select /* c').openAt).toBe('block-comment');
    expect(scanSql('select $x$ c').openAt).toBe('dollar-quote');
    expect(scanSql('select 1').openAt).toBe('code');
  });
});

describe('isBlank', () => {
  it('is true for whitespace and finished comments only', () => {
    expect(isBlank('  -- a comment')).toBe(true);
    expect(isBlank('/* done */ ')).toBe(true);
    expect(isBlank('/* still open')).toBe(false);
    expect(isBlank('/* c */ select')).toBe(false);
  });
});

describe('historyEntry', () => {
  it('joins the lines of a statement with spaces', () => {
    expect(historyEntry(['select username', '  from jumpcloud_user', ' limit 1;'])).toBe(
      'select username from jumpcloud_user limit 1;',
    );
  });

  it('keeps a newline that ends a line comment or sits inside a string', () => {
    expect(historyEntry(['select 1 -- one', 'as x;'])).toBe('select 1 -- one\nas x;');
    expect(historyEntry(["select 'a", "b';"])).toBe("select 'a\nb';");
  });
});

describe('statements in the SQLite dialect (`--engine sqlite`)', () => {
  it('does not end a statement inside [brackets] or `backticks`', () => {
    expect(splitStatements('select 1 as [a;b]; select 2 as `c;``d`;', 'sqlite')).toEqual({
      statements: ['select 1 as [a;b];', 'select 2 as `c;``d`;'],
      rest: '',
    });
    expect(scanSql('select 1 as [a;', 'sqlite').openAt).toBe('identifier');
    // In Postgres `[` is an array subscript, not a quote: the `;` ends the statement there.
    expect(splitStatements('select 1 as [a;b];').statements).toEqual(['select 1 as [a;', 'b];']);
  });

  it('takes $ as a parameter, not a dollar quote, and comments as flat', () => {
    expect(splitStatements('select $a$; select 2;', 'sqlite').statements).toEqual([
      'select $a$;',
      'select 2;',
    ]);
    expect(splitStatements('/* a /* b */ select 1;', 'sqlite').statements).toEqual([
      '/* a /* b */ select 1;',
    ]);
    expect(splitStatements("select E'\\'; select 2;", 'sqlite').statements).toEqual([
      "select E'\\';",
      'select 2;',
    ]);
  });
});
