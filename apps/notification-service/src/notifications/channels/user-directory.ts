import { Inject, Injectable } from '@nestjs/common';
import { ServiceTokenProvider } from '@mstore/auth';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG } from '@mstore/platform';
import { AppConfig } from '../../config';

/**
 * A customer's email address from Keycloak's admin API. The service account needs the
 * realm-management `view-users` role; without it no address is found and nothing is sent.
 */
@Injectable()
export class UserDirectory {
  private readonly cache = new LRUCache<string, { email?: string }>({ max: 10_000, ttl: 600_000 });

  constructor(
    private readonly tokens: ServiceTokenProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async emailOf(sub: string): Promise<string | undefined> {
    const hit = this.cache.get(sub);
    if (hit) return hit.email;
    const base = this.config.KEYCLOAK_URL.replace(/\/$/, '');
    const url = `${base}/admin/realms/${this.config.KEYCLOAK_REALM}/users/${encodeURIComponent(sub)}`;
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${await this.tokens.get()}` },
      signal: AbortSignal.timeout(5000),
    });
    if (response.status === 404 || response.status === 403) {
      this.cache.set(sub, {});
      return undefined;
    }
    if (!response.ok) throw new Error(`keycloak user lookup answered ${response.status}`);
    const user = (await response.json()) as { email?: string; emailVerified?: boolean };
    this.cache.set(sub, { email: user.email });
    return user.email;
  }
}
