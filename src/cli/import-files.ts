/** What the two CSV imports (`items import`, `cases import`) share at the command level. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { InputError, text, type LocalText } from '../core/errors.js';
import type { EncodingChoice } from '../io/csv-source.js';
import type { Context } from './context.js';
import { guardCell } from './render.js';

const ENCODINGS: Record<string, EncodingChoice> = { auto: 'auto', utf8: 'utf8', 'utf-8': 'utf8', gb18030: 'gb18030', gbk: 'gb18030' };

export function encodingChoice(value: string): EncodingChoice {
  const encoding = ENCODINGS[value.toLowerCase()];
  if (!encoding) {
    throw new InputError(text(`--encoding "${value}" 无效；应为 auto、utf8 或 gb18030`, `--encoding "${value}" is invalid; use auto, utf8 or gb18030`));
  }
  return encoding;
}

/**
 * The rejects file of `--skip-invalid`: every refused row as it was, plus a reason
 * column, with a BOM so that the clerk who fixes it opens it in Excel. Opened on the
 * first rejected row, so that a clean import leaves no empty file behind.
 */
export class RejectsFile {
  private stream: WriteStream | null = null;
  private stringify: ((rows: string[][], options: { record_delimiter: string }) => string) | null = null;

  constructor(
    readonly path: string,
    private readonly ctx: Context,
  ) {}

  get written(): boolean {
    return this.stream !== null;
  }

  async load(): Promise<void> {
    this.stringify = (await import('csv-stringify/sync')).stringify;
  }

  write(header: readonly string[], cells: readonly string[], reasons: readonly LocalText[]): void {
    const line = (row: string[]) => this.stringify!([row.map(guardCell)], { record_delimiter: '\r\n' });
    if (!this.stream) {
      this.stream = createWriteStream(this.path);
      this.stream.write('\uFEFF');
      this.stream.write(line([...header, this.ctx.t(text('错误原因', 'reason'))]));
    }
    const padded = header.map((_, index) => cells[index] ?? '');
    this.stream.write(line([...padded, reasons.map((reason) => this.ctx.t(reason)).join('；')]));
  }

  close(): Promise<void> {
    const stream = this.stream;
    if (!stream) return Promise.resolve();
    return new Promise((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}
