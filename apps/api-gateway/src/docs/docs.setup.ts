import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { SERVICE_OPENAPI_SPECS } from '@mstore/contracts';
import { mergePublicApi, ServiceSpec } from './openapi-merger';

/** GET /docs (Swagger UI) and GET /docs/openapi.json: the merged public API. */
export function setupDocs(app: NestFastifyApplication, publicUrl: string): void {
  const document = mergePublicApi(SERVICE_OPENAPI_SPECS as Record<string, ServiceSpec>, publicUrl);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    raw: ['json'],
    customSiteTitle: 'MStore API',
  });
}
