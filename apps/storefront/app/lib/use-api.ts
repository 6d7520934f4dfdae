import { useMemo, useRef } from 'react';
import { apiClient, caller, onUnauthorized, type Call } from './api';
import { useAuth } from './auth';
import { useConfig } from './config';

export type { Call } from './api';

/** Calls the gateway from the browser through the SDK with the signed-in user's token; a 401 ends the session. */
export function useApi(): Call {
  const { apiUrl } = useConfig();
  const auth = useAuth();
  const authRef = useRef(auth);
  authRef.current = auth;
  return useMemo(
    () =>
      caller(
        onUnauthorized(
          apiClient(apiUrl, () => authRef.current.token()),
          () => authRef.current.expired(),
        ),
      ),
    [apiUrl],
  );
}
