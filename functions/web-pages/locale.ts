/**
 * The languages of the pages a person sees, and how pages look up their words in a catalogue:
 * ./messages.ts for the sign-in, consent, sharing, checkout and error pages (which share many),
 * ./layout-messages.ts for the frame of them all, ./receipt-messages.ts for the receipt check.
 * The receipt check's Lambda thus carries none of the other pages' words.
 */

export type Locale = 'vi' | 'en';

/** Picks the locale from `ui_locales` (OIDC) or a `lang` query parameter. */
export function localeFrom(...hints: Array<string | undefined | null>): Locale {
  for (const hint of hints) {
    if (!hint) continue;
    for (const tag of hint.split(/[\s,]+/)) {
      const lang = tag.toLowerCase().slice(0, 2);
      if (lang === 'en' || lang === 'vi') return lang;
    }
  }
  return 'vi';
}

/** One message in both languages: plain text, or text built from values (amounts, reasons). */
export type Message<T = string> = Record<Locale, T>;

/** A catalogue: messages by key. */
export type Catalogue = Record<string, Message | Message<(value: string) => string>>;

/** The keys of a catalogue's plain-text messages (the rest are built from values). */
export type TextKeyOf<C extends Catalogue> = { [K in keyof C]: C[K] extends Message ? K : never }[keyof C];

/**
 * The lookup of one catalogue: the message in this locale, a string, or for messages built from
 * values the function that builds it.
 *
 * @example lookup(messages)('vi', 'signIn') // 'Đăng nhập'
 * @example lookup(messages)('en', 'stepUp.Amount')('10.000.000 ₫') // 'the amount is above 10.000.000 ₫'
 */
export function lookup<C extends Catalogue>(catalogue: C) {
  return <K extends keyof C>(locale: Locale, key: K): C[K][Locale] => catalogue[key][locale];
}
