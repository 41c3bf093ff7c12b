/** The language of the output: Chinese by default, English with `--lang en`. */
import type { LocalText } from '../core/text.js';

export type Lang = 'zh' | 'en';

export function say(lang: Lang, message: LocalText): string {
  return message[lang];
}

/** Finds `--lang` in raw argv before commander runs, so help and errors are in that language too. */
export function langFromArgv(argv: readonly string[]): Lang {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') break;
    if (arg === '--lang' && argv[index + 1] === 'en') return 'en';
    if (arg === '--lang=en') return 'en';
  }
  return 'zh';
}
