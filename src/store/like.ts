/**
 * Patterns for `LIKE … ESCAPE '\'` built from what a person typed: `%` and `_` in a
 * name or an id are characters to find, not wildcards (`张_` must not match `张三`).
 */
const LIKE_ESCAPE = "ESCAPE '\\'";

function literal(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** `column LIKE @param ESCAPE '\'`, for the patterns below. */
export function likeClause(column: string, param: string): string {
  return `${column} LIKE @${param} ${LIKE_ESCAPE}`;
}

export function containing(text: string): string {
  return `%${literal(text)}%`;
}

export function startingWith(text: string): string {
  return `${literal(text)}%`;
}
