import { html } from './html.ts';
import { layout, pageHeaders } from './layout.ts';
import { type Catalogue, localeFrom, lookup } from './locale.ts';

/** Its own few words, so that a page's Lambda carries no other page's catalogue for them. */
const messages = {
  title: { vi: 'Không thể xử lý yêu cầu', en: 'This request cannot be handled' },
  retry: {
    vi: 'Hãy mở lại trang từ liên kết ban đầu. Nếu vẫn lỗi, báo cho ngân hàng mã lỗi và mã tra cứu dưới đây.',
    en: 'Open the page again from its original link. If it still fails, tell the bank the code and reference below.',
  },
  reference: { vi: 'Mã tra cứu', en: 'Reference' },
} satisfies Catalogue;
const t = lookup(messages);

/**
 * The page a person sees when a page's request is refused before the page itself could answer
 * (an unknown query parameter, a body too large, a sign-in form past its session): the refusal's
 * code and message, and the interaction id to quote, instead of the API's JSON envelope.
 */
export function refusalPage(refusal: {
  code: string;
  message: string;
  interactionId: string;
  lang: string | undefined;
}) {
  const locale = localeFrom(refusal.lang);
  const page = layout(
    locale,
    t(locale, 'title'),
    html`<h1>${t(locale, 'title')}</h1>
<p class="error" role="alert"><code>${refusal.code}</code>: ${refusal.message}</p>
<p>${t(locale, 'retry')}</p>
<p>${t(locale, 'reference')}: <code>${refusal.interactionId}</code></p>`,
  );
  return { headers: pageHeaders, page };
}
