import { useCallback, useRef } from 'react';
import { Answer, ApiError, request, RequestOptions } from './api';
import { useAuth } from './auth';
import { useConfig } from './config';

export type Call = <T>(path: string, options?: Omit<RequestOptions, 'token'> & { auth?: boolean }) => Promise<Answer<T>>;

/** Calls the gateway from the browser with the signed-in user's token; a 401 ends the session. */
export function useApi(): Call {
  const { apiUrl } = useConfig();
  const auth = useAuth();
  const authRef = useRef(auth);
  authRef.current = auth;
  return useCallback<Call>(
    async (path, options = {}) => {
      const auth = authRef.current;
      const token = options.auth === false ? null : await auth.token();
      try {
        return await request(apiUrl, path, { ...options, token });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401 && token) auth.expired();
        throw error;
      }
    },
    [apiUrl],
  );
}
