/** Text in both languages. Only the CLI writes these; the core and store carry data. */
export interface LocalText {
  zh: string;
  en: string;
}

export function text(zh: string, en: string): LocalText {
  return { zh, en };
}
