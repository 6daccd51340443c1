import { renderLoginPage } from '#web-pages/login-page.ts';
import { clientOf, type InteractionContext, stepLinks } from './context.ts';

/** The sign-in page for this authorization request. */
export async function showLogin(
  context: InteractionContext,
  state: { error?: 'loginFailed' | 'tooManyAttempts'; username?: string } = {},
): Promise<string> {
  const client = await clientOf(context);
  return renderLoginPage({
    locale: context.locale,
    clientName: client.name,
    ...stepLinks(context, 'login'),
    ...state,
  });
}
