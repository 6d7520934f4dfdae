import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { apiClient, caller } from '../lib/api';
import { exchange, redirectUri, takePkce, useAuth } from '../lib/auth';
import { mergeGuestCart } from '../lib/cart';
import { useConfig } from '../lib/config';

export const meta = () => [{ title: 'Signing in — MStore' }];

/** Keycloak sends the browser back here with a code; exchanged with the PKCE verifier kept at sign-in. */
export default function AuthCallback() {
  const auth = useAuth();
  const { apiUrl } = useConfig();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const once = useRef(false);

  useEffect(() => {
    if (once.current) return;
    once.current = true;
    const query = new URLSearchParams(window.location.search);
    const pkce = takePkce();
    const code = query.get('code');
    if (query.get('error'))
      return setError(`Sign-in failed: ${query.get('error_description') ?? query.get('error')}.`);
    if (!pkce || !code || pkce.state !== query.get('state'))
      return setError('This sign-in link is no longer valid. Please sign in again.');
    exchange({
      grant_type: 'authorization_code',
      code,
      code_verifier: pkce.verifier,
      redirect_uri: redirectUri(),
    })
      .then(async (tokens) => {
        // the guest cart joins the server cart before the page is left, so it is sent exactly once
        await mergeGuestCart(caller(apiClient(apiUrl, tokens.accessToken)));
        auth.accept(tokens);
        void navigate(
          pkce.returnTo.startsWith('/') && !pkce.returnTo.startsWith('/auth/')
            ? pkce.returnTo
            : '/',
          {
            replace: true,
          },
        );
      })
      .catch(() => setError('Sign-in could not be completed. Please try again.'));
  }, [auth, apiUrl, navigate]);

  return (
    <section>
      <h1>Signing in</h1>
      {error ? (
        <p role="alert">
          {error}{' '}
          <button type="button" className="link-button" onClick={() => void auth.signIn('/')}>
            Try again
          </button>
        </p>
      ) : (
        <p role="status">Signing you in…</p>
      )}
    </section>
  );
}
