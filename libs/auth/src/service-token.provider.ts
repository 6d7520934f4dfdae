export interface ServiceTokenOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Refresh this long before expiry. */
  refreshSkewSeconds?: number;
}

/** Client-credentials token of the service account, cached until near expiry; concurrent callers share one fetch. */
export class ServiceTokenProvider {
  private token?: { value: string; refreshAt: number };
  private inflight?: Promise<string>;

  constructor(
    private readonly options: ServiceTokenOptions,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async get(): Promise<string> {
    if (this.token && Date.now() < this.token.refreshAt) return this.token.value;
    this.inflight ??= this.fetchToken().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetchToken(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
    const response = await this.fetchImpl(this.options.tokenUrl, {
      method: 'POST',
      body,
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
    const json = (await response.json()) as { access_token: string; expires_in: number };
    const skew = this.options.refreshSkewSeconds ?? 30;
    this.token = {
      value: json.access_token,
      refreshAt: Date.now() + Math.max(json.expires_in - skew, 5) * 1000,
    };
    return json.access_token;
  }
}
