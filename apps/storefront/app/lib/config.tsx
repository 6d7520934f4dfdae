import { createContext, useContext } from 'react';
import type { PublicConfig } from './env.server';

export const ConfigContext = createContext<PublicConfig>({
  apiUrl: 'http://localhost:8080',
  keycloakUrl: 'http://localhost:8180',
  realm: 'mstore',
  clientId: 'storefront',
});

export const useConfig = (): PublicConfig => useContext(ConfigContext);
