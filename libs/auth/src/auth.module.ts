import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { JwtVerifier } from './jwt-verifier';
import { ServiceTokenProvider } from './service-token.provider';

export interface AuthModuleOptions {
  keycloakUrl: string;
  realm: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export const realmUrls = (keycloakUrl: string, realm: string) => {
  const base = `${keycloakUrl.replace(/\/$/, '')}/realms/${realm}/protocol/openid-connect`;
  return { jwks: `${base}/certs`, token: `${base}/token` };
};

/** Global guard verifying Keycloak tokens, plus the service-account token for outgoing calls. */
@Global()
@Module({})
export class AuthModule {
  static forRoot(o: AuthModuleOptions): DynamicModule {
    const urls = realmUrls(o.keycloakUrl, o.realm);
    return {
      module: AuthModule,
      providers: [
        {
          provide: JwtVerifier,
          useValue: new JwtVerifier({ jwksUrl: urls.jwks, issuer: o.issuer }),
        },
        {
          provide: ServiceTokenProvider,
          useValue: new ServiceTokenProvider({
            tokenUrl: urls.token,
            clientId: o.clientId,
            clientSecret: o.clientSecret,
          }),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [JwtVerifier, ServiceTokenProvider],
    };
  }
}
